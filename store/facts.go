package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// What the register and the ledger need of a readable Annexure II or
// settlement statement is kept in claim_facts when it is entered, taken
// from its report once, so that neither ever decodes a report: the
// register's columns (advance, largest advance, TA and DA advance, days,
// facilitator and co-ordinator, deviations) and the ledger's (the form's
// fields a row shows, the report's totals and money lines, a statement's
// balance and penal interest).

// Facts are what the ledger shows of an Annexure II or a settlement
// statement, as its report had them when it was entered. A field the form
// gives unreadably (a date, a number) is unknown: zero, or not Valid.
type Facts struct {
	Name, Department, Venue       string
	Participants                  int
	Coordinator, CoordinatorEmail string // the co-ordinator's name, and e-mail as the form gives it
	Facilitator, FacilitatorEmail string
	FirstDay, LastDay             time.Time // midnight UTC
	AdvanceClaimed, Largest       decimal.NullDecimal
	Claimed, Admissible           decimal.NullDecimal // the report's totals
	Lines                         []FactLine          // the report's money lines, in its order
	// A settlement statement's fields and assessment.
	AdvanceReceived        decimal.NullDecimal
	AdvanceDate, SettledOn time.Time
	Balance, PenalInterest decimal.NullDecimal
	DaysLate               int
}

// FactLine is one money line of a report.
type FactLine struct {
	Field               string
	Claimed, Admissible decimal.Decimal
}

// insertFacts keeps what the register and the ledger need of a readable
// Annexure II or settlement statement.
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
	var claimed, admissible sql.NullString
	if rep.Totals != nil {
		claimed = sql.NullString{String: rep.Totals.Claimed.String(), Valid: true}
		admissible = sql.NullString{String: rep.Totals.Admissible.String(), Valid: true}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO claim_facts
		(submission_id, advance, largest, ta_advance, da_advance, expenditure, first_day, last_day, facilitator, coordinator, deviations,
		 name, department, venue, participants, coordinator_name, coordinator_email, facilitator_name, facilitator_email,
		 claimed, admissible, lines, advance_received, advance_date, settled_on, balance, penal_interest, days_late)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, advance, nullDecimal(rep.MaxAdvance), taAdvance, daAdvance, expenditure,
		FieldOf(rep, "start_date"), FieldOf(rep, "end_date"),
		senderKey(FieldOf(rep, "facilitator_email")), senderKey(FieldOf(rep, "coordinator_email")), deviations,
		FieldOf(rep, "programme_name"), FieldOf(rep, "department"), FieldOf(rep, "venue"), FieldOf(rep, "participants"),
		FieldOf(rep, "coordinator"), FieldOf(rep, "coordinator_email"), FieldOf(rep, "facilitator"), FieldOf(rep, "facilitator_email"),
		claimed, admissible, linesText(rep.Lines),
		FieldOf(rep, "advance_received"), FieldOf(rep, "advance_date"), FieldOf(rep, "settled_on"),
		nullDecimal(rep.Balance), nullDecimal(rep.PenalInterest), rep.DaysLate); err != nil {
		return fmt.Errorf("insert claim facts: %w", err)
	}
	return nil
}

// linesText writes a report's money lines as claim_facts keeps them: one
// a line, "field claimed admissible".
func linesText(lines []stpclaims.Line) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Field)
		b.WriteByte(' ')
		b.WriteString(l.Claimed.String())
		b.WriteByte(' ')
		b.WriteString(l.Admissible.String())
	}
	return b.String()
}

// parseLines reads linesText's text back, into dst (emptied first).
func parseLines(dst []FactLine, s string) ([]FactLine, error) {
	dst = dst[:0]
	for s != "" {
		var line string
		line, s, _ = strings.Cut(s, "\n")
		field, rest, ok := strings.Cut(line, " ")
		claimed, admissible, ok2 := strings.Cut(rest, " ")
		if !ok || !ok2 {
			return dst, fmt.Errorf("money line %q", line)
		}
		c, err := decimal.NewFromString(claimed)
		if err != nil {
			return dst, fmt.Errorf("money line %q: %w", line, err)
		}
		a, err := decimal.NewFromString(admissible)
		if err != nil {
			return dst, fmt.Errorf("money line %q: %w", line, err)
		}
		dst = append(dst, FactLine{Field: field, Claimed: c, Admissible: a})
	}
	return dst, nil
}

// requestFactColumns are the columns of claim_facts c that only the
// ledger reads and that an Advances row shows, in factScan.requestDest's
// order; statementFactColumns (statementDest) are a statement's. The
// register's first_day, last_day, advance and largest are the other facts.
const (
	requestFactColumns = `c.name, c.department, c.venue, c.participants, c.coordinator_name, c.coordinator_email,
	c.facilitator_name, c.facilitator_email, c.claimed, c.admissible, c.lines`
	statementFactColumns = `c.advance_received, c.advance_date, c.settled_on, c.balance, c.penal_interest, c.days_late`
)

// factScan holds one row's facts as scanned, to be made Facts: factColumns
// and the register's columns the facts share.
type factScan struct {
	name, department, venue, participants          string
	coordinator, coordinatorEmail                  string
	facilitator, facilitatorEmail                  string
	firstDay, lastDay                              string
	advance, largest, claimed, admissible          sql.NullString
	lines, advanceReceived, advanceDate, settledOn string
	balance, penal                                 sql.NullString
	daysLate                                       int
}

// requestDest is where Scan puts requestFactColumns.
func (f *factScan) requestDest() []any {
	return []any{&f.name, &f.department, &f.venue, &f.participants, &f.coordinator, &f.coordinatorEmail,
		&f.facilitator, &f.facilitatorEmail, &f.claimed, &f.admissible, &f.lines}
}

// statementDest is where Scan puts statementFactColumns.
func (f *factScan) statementDest() []any {
	return []any{&f.advanceReceived, &f.advanceDate, &f.settledOn, &f.balance, &f.penal, &f.daysLate}
}

// facts makes the scanned row Facts, reusing dst. Fields are trimmed (the
// rows filled from reports by migration 0009 keep the form's spaces), and
// one the form gives unreadably is unknown, as when the report was read.
func (f *factScan) facts(dst *Facts) error {
	lines := dst.Lines
	*dst = Facts{Name: trim(f.name), Department: trim(f.department), Venue: trim(f.venue),
		Coordinator: trim(f.coordinator), CoordinatorEmail: trim(f.coordinatorEmail),
		Facilitator: trim(f.facilitator), FacilitatorEmail: trim(f.facilitatorEmail),
		FirstDay: fieldDay(f.firstDay), LastDay: fieldDay(f.lastDay),
		AdvanceReceived: fieldAmount(f.advanceReceived), AdvanceDate: fieldDay(f.advanceDate), SettledOn: fieldDay(f.settledOn),
		DaysLate: f.daysLate}
	if n, err := strconv.Atoi(trim(f.participants)); err == nil {
		dst.Participants = n
	}
	var err error
	for _, m := range []struct {
		text sql.NullString
		dst  *decimal.NullDecimal
	}{{f.advance, &dst.AdvanceClaimed}, {f.largest, &dst.Largest}, {f.claimed, &dst.Claimed}, {f.admissible, &dst.Admissible},
		{f.balance, &dst.Balance}, {f.penal, &dst.PenalInterest}} {
		if *m.dst, err = nullAmount(m.text); err != nil {
			return err
		}
	}
	dst.Lines, err = parseLines(lines, f.lines)
	return err
}

func trim(s string) string { return strings.TrimSpace(s) }

// fieldDay reads a form's date field: YYYY-MM-DD, else unknown (zero).
func fieldDay(s string) time.Time {
	s = trim(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// fieldAmount reads a form's amount field, else unknown.
func fieldAmount(s string) decimal.NullDecimal {
	s = trim(s)
	if s == "" {
		return decimal.NullDecimal{}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d)
}

// EachFacts calls fn with each submission f selects that has facts (a
// readable Annexure II or settlement statement), as Filter.Brief reads it,
// and its facts, in order of receipt, one at a time. The Facts passed to fn
// are reused: fn must not keep them. It stops at fn's first error and
// returns it.
func (s *Store) EachFacts(ctx context.Context, f Filter, fn func(Stored, *Facts) error) error {
	where, args := f.where()
	rows, err := s.read.QueryContext(ctx, `SELECT `+storedColumnsOf("s", brief)+`, c.first_day, c.last_day, c.advance, c.largest, `+
		requestFactColumns+`, `+statementFactColumns+`
		FROM submissions s JOIN claim_facts c ON c.submission_id = s.id`+where+` ORDER BY s.received, s.id`, args...)
	if err != nil {
		return fmt.Errorf("store: facts: %w", err)
	}
	defer rows.Close()
	var (
		st    storedScan
		fs    factScan
		facts Facts
	)
	dest := append(append(append(st.briefDest(), &fs.firstDay, &fs.lastDay, &fs.advance, &fs.largest), fs.requestDest()...), fs.statementDest()...)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: facts: %w", err)
		}
		stored, err := st.stored()
		if err != nil {
			return fmt.Errorf("store: facts: %w", err)
		}
		if err := fs.facts(&facts); err != nil {
			return fmt.Errorf("store: facts of claim %d: %w", stored.ID, err)
		}
		if err := fn(stored, &facts); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: facts: %w", err)
	}
	return nil
}
