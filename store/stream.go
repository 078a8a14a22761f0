package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// The register's events are read by two queries, each in the order of
// arrival (by programme first, when asked), merged here: the claims that
// request or settle an advance (an Annexure II not returned, a settlement
// statement) and the recorded steps. At the same moment they come in the
// order they were entered (a mail's arrival is known to the second, and a
// claim and a workbook arriving together are taken one after the other),
// a claim before a step entered at the same moment. Each query selects
// only its own columns and is read once.

// claimStream is the query of the claims (the forms' unary + keeps the
// index on form from being chosen over the one in the order read, which
// would sort every claim); {undecided} is the count of a
// request's deviations awaiting a decision, or nothing; {facts} the
// columns of claim_facts an Advances row shows, or nothing; {where} extra conditions; {key} the
// programme key first in the order, or nothing.
const claimStream = `SELECT s.id, s.form, s.programme_code, s.sha256, s.message_id,
	CASE WHEN s.sender_key <> '' THEN s.sender_key WHEN s.source = 'folder' THEN 'finance desk' ELSE '' END,
	s.received, s.processed, CASE s.form WHEN 'annexure2' THEN c.advance ELSE c.expenditure END,
	s.status, c.largest, c.ta_advance, c.da_advance, c.first_day, c.last_day, c.facilitator, c.coordinator,
	c.deviations, s.review, s.superseded_by IS NOT NULL, s.code_key{undecided}{facts}
FROM submissions s JOIN claim_facts c ON c.submission_id = s.id
WHERE s.code_key <> '' AND (+s.form = 'settlement' OR (+s.form = 'annexure2' AND s.status IN ('clean', 'review'))){where}
ORDER BY {key}s.received, s.processed, s.id`

// eventStream is the query of the recorded steps; {columns} are
// eventColumns, or briefEventColumns.
const eventStream = `SELECT {columns}
FROM advance_events e{where}
ORDER BY {key}e.at, e.recorded, e.id`

const (
	eventColumns = `e.id, e.action, e.programme_code, e.claim_id, e.source_sha256, e.message_id,
	e.by_whom, e.at, e.amount, e.on_day, e.ref, e.mode, e.fingerprint, e.remarks, e.code_key, e.recorded`
	// briefEventColumns leave out the fingerprint, the remarks and what
	// only the merge needs (the steps alone need no merge).
	briefEventColumns = `e.id, e.action, e.programme_code, e.claim_id, e.source_sha256, e.message_id,
	e.by_whom, e.at, e.amount, e.on_day, e.ref, e.mode`
)

const undecidedCount = `(SELECT count(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'deviation'
	AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.finding_id = f.id))`

// stream is one reading of the register's events.
type stream struct {
	byProgramme bool  // by programme first
	undecided   bool  // work out each request's deviations awaiting a decision
	facts       bool  // with each claim's facts
	noClaims    bool  // the recorded steps alone, without fingerprint or remarks
	keys        []any // only these programme keys; nil for all
}

func (q stream) queries() (claims, events string) {
	undecided, facts, claimKey, eventKey, claimWhere, eventWhere := "", "", "", "", "", ""
	if q.undecided {
		undecided = ", " + undecidedCount
	}
	if q.facts {
		facts = ", " + requestFactColumns
	}
	if q.byProgramme {
		claimKey, eventKey = "s.code_key, ", "e.code_key, "
	}
	if q.keys != nil {
		in := " IN (?" + strings.Repeat(", ?", len(q.keys)-1) + ")"
		claimWhere, eventWhere = " AND s.code_key"+in, " WHERE e.code_key"+in
	}
	claims = strings.NewReplacer("{undecided}", undecided, "{facts}", facts, "{where}", claimWhere, "{key}", claimKey).Replace(claimStream)
	columns := eventColumns
	if q.noClaims {
		columns = briefEventColumns
	}
	events = strings.NewReplacer("{columns}", columns, "{where}", eventWhere, "{key}", eventKey).Replace(eventStream)
	return claims, events
}

// queryer is a connection or a transaction.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

var (
	_ queryer = (*sql.DB)(nil)
	_ queryer = (*sql.Tx)(nil)
)

// streamed is one event as the stream gives it.
type streamed struct {
	event stpclaims.AdvanceEvent
	key   string    // its programme key
	facts *factScan // a claim's facts, when asked for; nil for a step
}

// eachAdvanceEvent calls fn with every event q reads, merged in order. The
// streamed value is reused: fn must not keep it (the event may be kept).
func eachAdvanceEvent(ctx context.Context, q queryer, sq stream, fn func(*streamed) error) error {
	claimQuery, eventQuery := sq.queries()
	events, err := q.QueryContext(ctx, eventQuery, sq.keys...)
	if err != nil {
		return err
	}
	defer events.Close()
	ev := eventCursor{rows: events, brief: sq.noClaims}
	if err := ev.next(); err != nil {
		return err
	}
	cl := claimCursor{undecided: sq.undecided, facts: sq.facts}
	if !sq.noClaims {
		claims, err := q.QueryContext(ctx, claimQuery, sq.keys...)
		if err != nil {
			return err
		}
		defer claims.Close()
		cl.rows = claims
		if err := cl.next(); err != nil {
			return err
		}
	}
	var out streamed
	for cl.ok || ev.ok {
		if cl.ok && (!ev.ok || !ev.before(&cl, sq.byProgramme)) {
			if err := cl.event(&out); err != nil {
				return err
			}
			if err := fn(&out); err != nil {
				return err
			}
			if err := cl.next(); err != nil {
				return err
			}
			continue
		}
		if err := ev.event(&out); err != nil {
			return err
		}
		if err := fn(&out); err != nil {
			return err
		}
		if err := ev.next(); err != nil {
			return err
		}
	}
	return nil
}

// claimCursor is the claims query, one row ahead.
type claimCursor struct {
	rows             *sql.Rows
	undecided, facts bool // the query has those columns
	ok               bool
	dest             []any

	id                                                  int64
	form, code, sha, messageID, by, at, entered, status string
	amount, largest, ta, da                             sql.NullString
	firstDay, lastDay, fac, coord, review, key          string
	deviations, undecidedCount, superseded              int
	fs                                                  factScan
}

func (c *claimCursor) next() error {
	if c.dest == nil {
		c.dest = []any{&c.id, &c.form, &c.code, &c.sha, &c.messageID, &c.by, &c.at, &c.entered, &c.amount,
			&c.status, &c.largest, &c.ta, &c.da, &c.firstDay, &c.lastDay, &c.fac, &c.coord,
			&c.deviations, &c.review, &c.superseded, &c.key}
		if c.undecided {
			c.dest = append(c.dest, &c.undecidedCount)
		}
		if c.facts {
			c.dest = append(c.dest, c.fs.requestDest()...)
		}
	}
	if c.ok = c.rows.Next(); !c.ok {
		return c.rows.Err()
	}
	return c.rows.Scan(c.dest...)
}

// event makes the current row an event.
func (c *claimCursor) event(out *streamed) error {
	e := stpclaims.AdvanceEvent{Action: stpclaims.ActionSettle, Code: c.code, Claim: c.id, Fingerprint: c.sha, Source: c.sha,
		MessageID: c.messageID, By: c.by}
	if c.form == string(stpclaims.FormAnnexureII) {
		e.Action = stpclaims.ActionRequest
	}
	var err error
	if e.At, err = parseTime(sql.NullString{String: c.at, Valid: true}); err != nil {
		return err
	}
	if e.Amount, err = nullAmount(c.amount); err != nil {
		return err
	}
	t := &stpclaims.AdvanceTerms{Status: stpclaims.Status(c.status), Facilitator: senderKey(c.fac), Coordinator: senderKey(c.coord),
		Deviations: c.deviations, Undecided: c.undecidedCount, Review: c.review, Superseded: c.superseded != 0}
	if t.Largest, err = nullAmount(c.largest); err != nil {
		return err
	}
	taAdv, err := nullAmount(c.ta)
	if err != nil {
		return err
	}
	daAdv, err := nullAmount(c.da)
	if err != nil {
		return err
	}
	if taAdv.Valid || daAdv.Valid {
		t.TADA = decimal.NewNullDecimal(taAdv.Decimal.Add(daAdv.Decimal))
	}
	// A day the form gives unreadably stays unknown.
	t.FirstDay, _ = parseDay(c.firstDay)
	t.LastDay, _ = parseDay(c.lastDay)
	e.Request = t
	*out = streamed{event: e, key: c.key}
	if c.facts {
		c.fs.firstDay, c.fs.lastDay, c.fs.largest = c.firstDay, c.lastDay, c.largest
		c.fs.advance = sql.NullString{}
		if e.Action == stpclaims.ActionRequest {
			c.fs.advance = c.amount
		}
		out.facts = &c.fs
	}
	return nil
}

// eventCursor is the recorded steps' query, one row ahead.
type eventCursor struct {
	rows  *sql.Rows
	brief bool // briefEventColumns
	ok    bool
	dest  []any

	e                                     stpclaims.AdvanceEvent
	action, at, onDay, mode, key, entered string
	amount                                sql.NullString
}

func (c *eventCursor) next() error {
	if c.dest == nil {
		e := &c.e
		c.dest = []any{&e.Recorded, &c.action, &e.Code, &e.Claim, &e.Source, &e.MessageID, &e.By,
			&c.at, &c.amount, &c.onDay, &e.Ref, &c.mode}
		if !c.brief {
			c.dest = append(c.dest, &e.Fingerprint, &e.Remarks, &c.key, &c.entered)
		}
	}
	if c.ok = c.rows.Next(); !c.ok {
		return c.rows.Err()
	}
	return c.rows.Scan(c.dest...)
}

// before reports whether the current step comes before the claim: a claim
// comes first at the same moment.
func (c *eventCursor) before(cl *claimCursor, byProgramme bool) bool {
	if byProgramme && c.key != cl.key {
		return c.key < cl.key
	}
	if c.at != cl.at {
		return c.at < cl.at
	}
	return c.entered < cl.entered
}

// event makes the current row an event.
func (c *eventCursor) event(out *streamed) error {
	e := c.e
	e.Action, e.Mode = stpclaims.AdvanceAction(c.action), stpclaims.PayMode(c.mode)
	var err error
	if e.At, err = parseTime(sql.NullString{String: c.at, Valid: true}); err != nil {
		return err
	}
	if e.Amount, err = nullAmount(c.amount); err != nil {
		return err
	}
	if e.On, err = parseDay(c.onDay); err != nil {
		return err
	}
	*out = streamed{event: e, key: c.key}
	return nil
}
