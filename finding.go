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
	Message    string // one plain sentence a co-ordinator understands
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
	// Settlement figures (settlement statements only).
	Balance       decimal.NullDecimal // advance − admissible: + refund, − to pay
	PenalInterest decimal.NullDecimal
	DaysLate      int
}
