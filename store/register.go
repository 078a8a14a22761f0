package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// The register of advances as the store keeps it. Requests (Annexure II
// claims not returned) and settlements are submissions; what the register
// needs of each is kept in claim_facts when it is entered. The other steps
// (recommend, sanction, pay, withdraw) are rows of advance_events. Both
// come back as stpclaims.AdvanceEvent values, merged in the order they
// arrived, for package ledger to fold; the store decides nothing about
// them.

// insertFacts keeps what the register needs of a readable Annexure II or
// settlement statement.
func insertFacts(ctx context.Context, tx *sql.Tx, id int64, rep stpclaims.Report) error {
	if rep.Form != stpclaims.FormAnnexureII && rep.Form != stpclaims.FormSettlement {
		return nil
	}
	var advance, taAdvance, daAdvance, expenditure sql.NullString
	if rep.Form == stpclaims.FormAnnexureII {
		if d, err := decimal.NewFromString(FieldOf(rep, "advance_claimed")); err == nil {
			advance = sql.NullString{String: d.String(), Valid: true}
		}
		for _, l := range rep.Lines {
			switch l.Field {
			case "ta_advance":
				taAdvance = sql.NullString{String: l.Admissible.String(), Valid: true}
			case "da_advance":
				daAdvance = sql.NullString{String: l.Admissible.String(), Valid: true}
			}
		}
	} else if rep.Totals != nil {
		expenditure = sql.NullString{String: rep.Totals.Admissible.String(), Valid: true}
	}
	deviations := 0
	for _, f := range rep.Findings {
		if f.Severity == stpclaims.SeverityDeviation {
			deviations++
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO claim_facts
		(submission_id, advance, largest, ta_advance, da_advance, expenditure, first_day, last_day, facilitator, coordinator, deviations)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, advance, nullDecimal(rep.MaxAdvance), taAdvance, daAdvance, expenditure,
		FieldOf(rep, "start_date"), FieldOf(rep, "end_date"),
		senderKey(FieldOf(rep, "facilitator_email")), senderKey(FieldOf(rep, "coordinator_email")), deviations); err != nil {
		return fmt.Errorf("insert claim facts: %w", err)
	}
	return nil
}

// advanceStream is the query of the register's events: the claims that
// request or settle an advance, and the recorded steps, in the order they
// arrived (at the same moment, in the order they were entered: a mail's
// arrival is known to the second, and a claim and a workbook arriving
// together are taken one after the other), or by programme first
// ({order}). {claims} and {events} take extra
// conditions; {undecided} is the count of a request's deviations awaiting
// a decision, or 0; {report} a request's report JSON, or NULL.
const advanceStream = `
SELECT 0 AS recorded, CASE s.form WHEN 'annexure2' THEN 'request' ELSE 'settle' END,
	s.programme_code, s.id, s.sha256, s.sha256, s.message_id,
	CASE WHEN s.sender_key <> '' THEN s.sender_key WHEN s.source = 'folder' THEN 'finance desk' ELSE '' END,
	s.received AS at, CASE s.form WHEN 'annexure2' THEN c.advance ELSE c.expenditure END, '', '', '', '',
	s.status, c.largest, c.ta_advance, c.da_advance, c.first_day, c.last_day, c.facilitator, c.coordinator,
	c.deviations, {undecided}, s.review, s.superseded_by IS NOT NULL, 1 AS claim, s.code_key AS key,
	CASE s.form WHEN 'annexure2' THEN {report} END, s.processed AS entered
FROM submissions s JOIN claim_facts c ON c.submission_id = s.id
WHERE s.code_key <> '' AND (s.form = 'settlement' OR (s.form = 'annexure2' AND s.status IN ('clean', 'review'))){claims}
UNION ALL
SELECT e.id, e.action, e.programme_code, e.claim_id, e.fingerprint, e.source_sha256, e.message_id,
	e.by_whom, e.at, e.amount, e.on_day, e.ref, e.mode, e.remarks,
	'', NULL, NULL, NULL, '', '', '', '', 0, 0, '', 0, 0, e.code_key, NULL, e.recorded
FROM advance_events e{events}
ORDER BY {order}at, entered, claim DESC, recorded, 4`

const undecidedCount = `(SELECT count(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'deviation'
	AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.finding_id = f.id))`

// stream is one form of advanceStream.
type stream struct {
	undecided, report bool   // work out the undecided counts; carry the requests' reports
	byProgramme       bool   // order by programme first
	claims, events    string // extra conditions
}

func (q stream) query() string {
	undecided, report, order := "0", "NULL", ""
	if q.undecided {
		undecided = undecidedCount
	}
	if q.report {
		report = "s.report_json"
	}
	if q.byProgramme {
		order = "key, "
	}
	return strings.NewReplacer("{undecided}", undecided, "{report}", report, "{order}", order,
		"{claims}", q.claims, "{events}", q.events).Replace(advanceStream)
}

// queryer is a connection or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

var (
	_ queryer = (*sql.DB)(nil)
	_ queryer = (*sql.Tx)(nil)
)

// EachAdvanceEvent calls fn with every event of the register, in the order
// they arrived, one at a time: the requests and settlements the submissions
// are, and the recorded steps. Undecided counts are not worked out here
// (0); AdvanceHistory gives them. It stops at fn's first error and returns
// it.
func (s *Store) EachAdvanceEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error {
	if err := eachAdvanceEvent(ctx, s.read, stream{}.query(), nil, func(e stpclaims.AdvanceEvent, _ string, _ []byte) error {
		return fn(e)
	}); err != nil {
		return fmt.Errorf("store: advance events: %w", err)
	}
	return nil
}

// Programme is one programme's events, as EachProgramme gives them.
type Programme struct {
	Key    string // the programme code, trimmed, upper case
	Events []stpclaims.AdvanceEvent
	// Reports are its requests' reports (JSON), by claim, when asked for.
	Reports map[int64][]byte
}

// EachProgramme calls fn with the events of one programme at a time, in
// the order of their programme codes and, within one, of arrival; with
// reports, each request's report comes too. A register of any size is so
// folded one programme at a time, holding one programme's events. The
// Programme passed to fn is reused: fn must not keep it. It stops at fn's
// first error and returns it.
func (s *Store) EachProgramme(ctx context.Context, reports bool, fn func(*Programme) error) error {
	p := &Programme{Reports: map[int64][]byte{}}
	flush := func() error {
		if len(p.Events) == 0 {
			return nil
		}
		if err := fn(p); err != nil {
			return err
		}
		p.Events = p.Events[:0]
		clear(p.Reports)
		return nil
	}
	err := eachAdvanceEvent(ctx, s.read, stream{report: reports, byProgramme: true}.query(), nil,
		func(e stpclaims.AdvanceEvent, key string, report []byte) error {
			if key != p.Key {
				if err := flush(); err != nil {
					return err
				}
				p.Key = key
			}
			p.Events = append(p.Events, e)
			if report != nil {
				p.Reports[e.Claim] = report
			}
			return nil
		})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return fmt.Errorf("store: programmes: %w", err)
	}
	return nil
}

// AdvanceHistory returns every event of the programmes with these codes,
// in the order they arrived, with each request's deviations awaiting a
// decision as they stand now: what package ledger folds to check a new
// claim or step against the register.
func (s *Store) AdvanceHistory(ctx context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error) {
	out, err := advanceHistory(ctx, s.read, codes)
	if err != nil {
		return nil, fmt.Errorf("store: advance history: %w", err)
	}
	return out, nil
}

// historyChunk bounds the codes of one query (SQLite's variables).
const historyChunk = 400

func advanceHistory(ctx context.Context, q queryer, codes []string) ([]stpclaims.AdvanceEvent, error) {
	var keys []any
	seen := map[string]bool{}
	for _, c := range codes {
		if k := codeKey(c); k != "" && !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	var out []stpclaims.AdvanceEvent
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), historyChunk)]
		keys = keys[len(chunk):]
		in := " IN (?" + strings.Repeat(", ?", len(chunk)-1) + ")"
		query := stream{undecided: true, byProgramme: true, claims: " AND s.code_key" + in, events: " WHERE e.code_key" + in}.query()
		err := eachAdvanceEvent(ctx, q, query, append(append([]any(nil), chunk...), chunk...), func(e stpclaims.AdvanceEvent, _ string, _ []byte) error {
			out = append(out, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

func eachAdvanceEvent(ctx context.Context, q queryer, query string, args []any, fn func(e stpclaims.AdvanceEvent, key string, report []byte) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		e, key, report, err := scanAdvanceEvent(rows)
		if err != nil {
			return err
		}
		if err := fn(e, key, report); err != nil {
			return err
		}
	}
	return rows.Err()
}

func scanAdvanceEvent(rows *sql.Rows) (stpclaims.AdvanceEvent, string, []byte, error) {
	var (
		e                                          stpclaims.AdvanceEvent
		action, at, onDay, mode, status, key       string
		amount, largest, ta, da                    sql.NullString
		firstDay, lastDay, fac, coord, review      string
		deviations, undecided, superseded, isClaim int
		report                                     []byte
		entered                                    string
	)
	if err := rows.Scan(&e.Recorded, &action, &e.Code, &e.Claim, &e.Fingerprint, &e.Source, &e.MessageID, &e.By,
		&at, &amount, &onDay, &e.Ref, &mode, &e.Remarks,
		&status, &largest, &ta, &da, &firstDay, &lastDay, &fac, &coord, &deviations, &undecided, &review, &superseded, &isClaim,
		&key, &report, &entered); err != nil {
		return e, "", nil, err
	}
	e.Action, e.Mode = stpclaims.AdvanceAction(action), stpclaims.PayMode(mode)
	if e.Fingerprint == e.Source {
		e.Fingerprint = e.Source // one string, not two
	}
	var err error
	if e.At, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
		return e, "", nil, err
	}
	if e.Amount, err = nullAmount(amount); err != nil {
		return e, "", nil, err
	}
	if e.On, err = parseDay(onDay); err != nil {
		return e, "", nil, err
	}
	if isClaim == 0 {
		return e, key, nil, nil
	}
	t := &stpclaims.AdvanceTerms{Status: stpclaims.Status(status), Facilitator: senderKey(fac), Coordinator: senderKey(coord),
		Deviations: deviations, Undecided: undecided, Review: review, Superseded: superseded != 0}
	if t.Largest, err = nullAmount(largest); err != nil {
		return e, "", nil, err
	}
	taAdv, err := nullAmount(ta)
	if err != nil {
		return e, "", nil, err
	}
	daAdv, err := nullAmount(da)
	if err != nil {
		return e, "", nil, err
	}
	if taAdv.Valid || daAdv.Valid {
		t.TADA = decimal.NewNullDecimal(taAdv.Decimal.Add(daAdv.Decimal))
	}
	// A day the form gives unreadably stays unknown.
	t.FirstDay, _ = parseDay(firstDay)
	t.LastDay, _ = parseDay(lastDay)
	e.Request = t
	return e, key, report, nil
}

func nullAmount(s sql.NullString) (decimal.NullDecimal, error) {
	if !s.Valid || s.String == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := decimal.NewFromString(s.String)
	if err != nil {
		return decimal.NullDecimal{}, fmt.Errorf("amount %q: %w", s.String, err)
	}
	return decimal.NewNullDecimal(d), nil
}

// parseDay reads YYYY-MM-DD as midnight UTC; "" is the zero time.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("day %q: %w", s, err)
	}
	return t, nil
}

func dayText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// AdvanceDecision is what RecordAdvance's decide returns: the steps to
// record (stpclaims.AdvanceEvent with Action recommend, sanction, pay or
// withdraw) and the replies to queue with them, due at Due.
type AdvanceDecision struct {
	Events  []stpclaims.AdvanceEvent
	Replies []stpclaims.Reply
	Due     time.Time
}

// RecordAdvance records steps of the register in one transaction: decide
// gets the history of the programmes named (as AdvanceHistory gives it,
// read inside the transaction, so no other writer comes between the check
// and the record) and returns what to record and the replies to queue. A
// step whose workbook (Source) already recorded the same step of the same
// programme is not recorded again. It returns the events recorded, with
// their Recorded ids. When decide fails nothing is recorded.
func (s *Store) RecordAdvance(ctx context.Context, codes []string, decide func(history []stpclaims.AdvanceEvent) (AdvanceDecision, error)) ([]stpclaims.AdvanceEvent, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("store: record advance: begin: %w", err)
	}
	defer tx.Rollback()
	history, err := advanceHistory(ctx, tx, codes)
	if err != nil {
		return nil, fmt.Errorf("store: record advance: history: %w", err)
	}
	dec, err := decide(history)
	if err != nil {
		return nil, fmt.Errorf("store: record advance: %w", err)
	}
	now := time.Now()
	var recorded []stpclaims.AdvanceEvent
	for _, e := range dec.Events {
		id, ok, err := insertAdvanceEvent(ctx, tx, e, now)
		if err != nil {
			return nil, fmt.Errorf("store: record advance %s of %s: %w", e.Action, e.Code, err)
		}
		if ok {
			e.Recorded = id
			recorded = append(recorded, e)
		}
	}
	if len(dec.Replies) > 0 && dec.Due.IsZero() {
		return nil, fmt.Errorf("store: record advance: %w: replies with no due time", ErrBadEntry)
	}
	for _, r := range dec.Replies {
		if _, err := insertReply(ctx, tx, sql.NullInt64{}, r, dec.Due); err != nil {
			return nil, fmt.Errorf("store: record advance: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("store: record advance: commit: %w", err)
	}
	return recorded, nil
}

func insertAdvanceEvent(ctx context.Context, tx *sql.Tx, e stpclaims.AdvanceEvent, now time.Time) (int64, bool, error) {
	switch e.Action {
	case stpclaims.ActionRecommend, stpclaims.ActionSanction, stpclaims.ActionPay, stpclaims.ActionWithdraw:
	default:
		return 0, false, fmt.Errorf("%w: %q is not a step to record (requests and settlements are claims)", ErrBadEntry, e.Action)
	}
	switch {
	case codeKey(e.Code) == "", e.Claim == 0, e.Source == "", e.At.IsZero():
		return 0, false, fmt.Errorf("%w: a step needs its programme code, claim, source and time", ErrBadEntry)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO advance_events
		(action, programme_code, code_key, claim_id, fingerprint, source_sha256, message_id, by_whom, at, amount, on_day, ref, mode, remarks, recorded)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (source_sha256, action, code_key) DO NOTHING`,
		string(e.Action), e.Code, codeKey(e.Code), e.Claim, strings.ToLower(e.Fingerprint), strings.ToLower(e.Source), e.MessageID,
		e.By, timeText(e.At), nullDecimal(e.Amount), dayText(e.On), e.Ref, string(e.Mode), e.Remarks, timeText(now))
	if err != nil {
		return 0, false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return 0, false, err
	}
	id, err := res.LastInsertId()
	return id, err == nil, err
}

// EachRecordedEvent calls fn with every recorded step (recommend,
// sanction, pay, withdraw) in the order they arrived, for the ledger's
// Sources. It stops at fn's first error and returns it.
func (s *Store) EachRecordedEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error {
	query := stream{claims: " AND 0"}.query()
	if err := eachAdvanceEvent(ctx, s.read, query, nil, func(e stpclaims.AdvanceEvent, _ string, _ []byte) error {
		return fn(e)
	}); err != nil {
		return fmt.Errorf("store: recorded events: %w", err)
	}
	return nil
}

// CountRecordedEvents counts the recorded steps.
func (s *Store) CountRecordedEvents(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM advance_events`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count recorded events: %w", err)
	}
	return n, nil
}
