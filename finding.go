package stpclaims

import "github.com/shopspring/decimal"

// Severity grades a finding, as docs/rules.md defines.
type Severity string

const (
	// SeverityError: a hard limit is broken; the claim is returned.
	SeverityError Severity = "error"
	// SeverityDeviation: allowed only with prior sanction or a
	// facilitator's decision; facilitators review these.
	SeverityDeviation Severity = "deviation"
	// SeverityInfo: worth a look, changes nothing.
	SeverityInfo Severity = "info"
)

// Status is the verdict on one submitted file.
type Status string

const (
	StatusClean      Status = "clean"
	StatusReview     Status = "review"
	StatusReturned   Status = "returned"
	StatusUnreadable Status = "rejected-unreadable"
)

// Rank orders statuses from best to worst, for exit codes and summaries.
func (s Status) Rank() int {
	switch s {
	case StatusClean:
		return 0
	case StatusReview:
		return 1
	case StatusReturned:
		return 2
	}
	return 3
}

// StatusOf is the status of a readable form with these findings: returned
// with any error, review with any deviation, else clean.
func StatusOf(findings []Finding) Status {
	st := StatusClean
	for _, f := range findings {
		switch f.Severity {
		case SeverityError:
			return StatusReturned
		case SeverityDeviation:
			st = StatusReview
		}
	}
	return st
}

// Finding is one rule's verdict on one place in a form. A rule violation is
// a Finding, never an error.
type Finding struct {
	Rule     string // rule ID from docs/rules.md, e.g. "AII-FOOD"
	Clause   string // e.g. "cost sheet, III, I(i), Annexure II 14"
	Severity Severity
	Cell     string // "Sheet!A1" where the finding belongs; empty if none
	Row      int    // TA bill: the sheet row of the participant; else 0
	Field    string // canonical field name, e.g. "food"
	// Claimed, Allowed (the cap) and Admissible, where the rule concerns an
	// amount.
	Claimed    decimal.NullDecimal
	Allowed    decimal.NullDecimal
	Admissible decimal.NullDecimal
	// Action is what to do, first, in a few words that follow the label of
	// the line concerned: "reduce to Rs 32,055 (over by Rs 7,945)", "write
	// Rs 53,800 or less, a multiple of 100". A figure it suggests never
	// exceeds the cap. Empty when there is nothing for the sender to do.
	Action string
	// Message says why, in one plain sentence a co-ordinator understands.
	Message string
	// ReasonCell is the cell whose value is the reason for the finding when
	// that is not Cell: Cell holds the amount that is cut (a local
	// participant's fare) and gets the fill, ReasonCell (the distance) a
	// note that explains. Empty when the reason is in Cell.
	ReasonCell string
}

// Line is one money line of a form: what was claimed, the most that may be
// admitted, and what is admitted.
type Line struct {
	Field      string // canonical field name, e.g. "food"
	Cell       string
	Claimed    decimal.Decimal
	Cap        decimal.Decimal
	Admissible decimal.Decimal
}

// Totals are a form's claimed and admissible totals.
type Totals struct {
	Claimed    decimal.Decimal
	Admissible decimal.Decimal
}

// Assessment is what the rules make of one form.
type Assessment struct {
	Findings []Finding
	Lines    []Line
	// MaxAdvance is, for Annexure II, the largest advance that may be
	// sanctioned.
	MaxAdvance decimal.NullDecimal
	Totals     *Totals
	// Pending lists the figures that could not be worked out and what each
	// waits for: the largest advance, and lines left out of the admissible
	// total.
	Pending []Pending
	// Settlement figures (settlement statements only).
	Balance       decimal.NullDecimal // advance − admissible: + refund, − to pay
	PenalInterest decimal.NullDecimal
	DaysLate      int
	// People are a TA bill's participants, then its guest faculty, each
	// with what they claim and what is admissible: all of them when the
	// bill has at most PeopleListed, else only those whose amounts are cut
	// (a bill of 50,000 rows is not held twice). PeopleInBill counts them
	// all; the bill's totals are their sums. Not part of the JSON report
	// (the store keeps every row as a bill row).
	People       []Person
	PeopleInBill int
}

// PeopleListed is the most people of a TA bill an assessment lists one by
// one; a larger bill lists only those whose amounts are cut.
const PeopleListed = 1000

// FigureMaxAdvance is Pending.Figure for the largest advance.
const FigureMaxAdvance = "max_advance"

// Pending is a figure of an assessment that cannot be worked out until a
// field of the form is filled in (Missing), made readable (Unreadable) or
// made usable (Present but not usable, such as 0 participants). A figure
// waiting for several fields has a Pending for each.
type Pending struct {
	// Figure is FigureMaxAdvance, or the canonical name of a line whose
	// admissible amount is left out of the admissible total ("food").
	Figure string
	Field  string // the field it waits for, e.g. "participants"
	State  State
}

// Person is one participant or guest faculty member on a TA bill.
type Person struct {
	Sheet   string // the sheet of their row
	Row     int    // the sheet row, 1-based
	Faculty bool   // a guest faculty member; else a participant
	Name    string // as written; "" when the row gives none
	Claimed decimal.Decimal
	// Admissible is what the bill pays them.
	Admissible decimal.Decimal
}
