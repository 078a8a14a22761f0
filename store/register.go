package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// EachAdvanceEvent calls fn with every event of the register, in the order
// they arrived, one at a time: the requests and settlements the submissions
// are, and the recorded steps. Undecided counts are not worked out here
// (0); AdvanceHistory gives them. It stops at fn's first error and returns
// it.
func (s *Store) EachAdvanceEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error {
	if err := eachAdvanceEvent(ctx, s.read, stream{}, func(e *streamed) error { return fn(e.event) }); err != nil {
		return fmt.Errorf("store: advance events: %w", err)
	}
	return nil
}

// Programme is one programme's events, as EachProgramme gives them.
type Programme struct {
	Key    string // the programme code, trimmed, upper case
	Events []stpclaims.AdvanceEvent
	// Facts are its claims' facts, by claim, when asked for: what an
	// Advances row shows (a statement's own fields and assessment are
	// EachFacts').
	Facts map[int64]*Facts
	pool  []*Facts // reused from one programme to the next
}

// Programmes says which programmes EachProgramme reads, and what of them.
type Programmes struct {
	// Codes are the programme codes to read; nil for every programme.
	Codes []string
	// Facts asks for each claim's Facts too.
	Facts bool
}

// EachProgramme calls fn with the events of one programme at a time, in
// the order of their programme codes and, within one, of arrival (as
// AdvanceHistory gives them, without undecided counts); with Facts, the
// facts of each claim come too. A register of any size is so folded one
// programme at a time, holding one programme's events. The Programme
// passed to fn is reused: fn must not keep it or its Facts (its events may
// be kept). It stops at fn's first error and returns it.
func (s *Store) EachProgramme(ctx context.Context, which Programmes, fn func(*Programme) error) error {
	p := &Programme{Facts: map[int64]*Facts{}}
	used := 0
	flush := func() error {
		if len(p.Events) == 0 {
			return nil
		}
		if err := fn(p); err != nil {
			return err
		}
		p.Events = p.Events[:0]
		clear(p.Facts)
		used = 0
		return nil
	}
	each := func(e *streamed) error {
		if e.key != p.Key {
			if err := flush(); err != nil {
				return err
			}
			p.Key = e.key
		}
		p.Events = append(p.Events, e.event)
		if e.facts == nil {
			return nil
		}
		if used == len(p.pool) {
			p.pool = append(p.pool, &Facts{})
		}
		f := p.pool[used]
		used++
		if err := e.facts.facts(f); err != nil {
			return fmt.Errorf("facts of claim %d: %w", e.event.Claim, err)
		}
		p.Facts[e.event.Claim] = f
		return nil
	}
	var err error
	if which.Codes == nil {
		err = eachAdvanceEvent(ctx, s.read, stream{byProgramme: true, facts: which.Facts}, each)
	} else {
		err = eachChunk(which.Codes, func(keys []any) error {
			return eachAdvanceEvent(ctx, s.read, stream{byProgramme: true, facts: which.Facts, keys: keys}, each)
		})
	}
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

// eachChunk calls fn with the distinct keys of codes, sorted, a chunk at a
// time.
func eachChunk(codes []string, fn func(keys []any) error) error {
	var ks []string
	seen := map[string]bool{}
	for _, c := range codes {
		if k := codeKey(c); k != "" && !seen[k] {
			seen[k] = true
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	keys := make([]any, len(ks))
	for i, k := range ks {
		keys[i] = k
	}
	for len(keys) > 0 {
		chunk := keys[:min(len(keys), historyChunk)]
		keys = keys[len(chunk):]
		if err := fn(chunk); err != nil {
			return err
		}
	}
	return nil
}

func advanceHistory(ctx context.Context, q queryer, codes []string) ([]stpclaims.AdvanceEvent, error) {
	var out []stpclaims.AdvanceEvent
	err := eachChunk(codes, func(keys []any) error {
		return eachAdvanceEvent(ctx, q, stream{undecided: true, byProgramme: true, keys: keys}, func(e *streamed) error {
			out = append(out, e.event)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
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
// Sources: without its Fingerprint and Remarks, which Sources does not
// show (AdvanceHistory has them). It stops at fn's first error and returns
// it.
func (s *Store) EachRecordedEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error {
	if err := eachAdvanceEvent(ctx, s.read, stream{noClaims: true}, func(e *streamed) error { return fn(e.event) }); err != nil {
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
