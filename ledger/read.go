package ledger

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// Penalty is an advance's standing against the settle-by date (VII).
type Penalty struct {
	// SettleBy is the last training day + the card's settle_within_days;
	// zero when the last day is unknown.
	SettleBy time.Time
	// DaysLate are the days past SettleBy: to the day the settlement
	// statement arrived, else to the day asked about.
	DaysLate int
	// Interest is the card's penal interest on the amount paid for
	// DaysLate days. Zero unless the advance was paid.
	Interest decimal.Decimal
}

// PenalInterest is the penal interest on an advance of which paid was
// paid (zero: nothing was paid), for a programme whose last training day
// is lastDay, from the day after the settle-by date (lastDay + the card's
// settle_within_days) to until (the day the settlement statement arrived,
// or today while it has not): the card's penal_interest_annual, simple.
// Nothing accrues on an advance not paid.
func PenalInterest(card *validate.Card, paid decimal.Decimal, lastDay, until time.Time) Penalty {
	p := Penalty{Interest: decimal.Zero}
	if lastDay.IsZero() {
		return p
	}
	p.SettleBy = midnight(lastDay).AddDate(0, 0, card.SettleWithinDays)
	if until.IsZero() {
		return p
	}
	if late := int(midnight(until).Sub(p.SettleBy).Hours() / 24); late > 0 {
		p.DaysLate = late
		p.Interest = validate.PenalInterest(paid, card, late)
	}
	return p
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Step is one step of an advance: the amount, the day it bears, who and
// when.
type Step struct {
	Amount decimal.NullDecimal
	On     time.Time // the day the step bears (sanction order, payment); zero otherwise
	At     time.Time // when it reached the register
	By     string
	Ref    string // sanction order number, payment reference
	Claim  int64  // the claim it concerns (the request; for the settlement, the statement)
}

func stepOf(e *stpclaims.AdvanceEvent) Step {
	if e == nil {
		return Step{}
	}
	return Step{Amount: e.Amount, On: e.On, At: e.At, By: e.By, Ref: e.Ref, Claim: e.Claim}
}

// Row is one advance as the workbooks show it: its state and every step
// with its amount, date and who, as it stands on a day.
type Row struct {
	Code  string
	State stpclaims.AdvanceState
	// Claim is the Annexure II requested (the live request), Fingerprint
	// its sha256.
	Claim       int64
	Fingerprint string
	// Requested: the advance claimed (line 21), when it arrived, by whom.
	Requested Step
	// Largest is the largest advance the request admits.
	Largest                                  decimal.NullDecimal
	Recommended, Sanctioned, Paid, Withdrawn Step
	Mode                                     stpclaims.PayMode
	// Settled: the admissible expenditure, the statement, when it first
	// arrived (On) and who sent it.
	Settled Step
	// Balance is what is paid less the admissible expenditure: to be
	// refunded when positive, paid to the co-ordinator when negative.
	// Null until settled.
	Balance                  decimal.NullDecimal
	FirstDay, LastDay        time.Time
	Facilitator, Coordinator string
	// SettleBy, DaysOverdue and PenalInterest: see Penalty. DaysOverdue
	// and PenalInterest are zero unless the advance was paid; an advance
	// paid and still unsettled counts to the day asked about.
	SettleBy      time.Time
	DaysOverdue   int
	PenalInterest decimal.Decimal
}

// Overdue reports whether the row is ADV-OVERDUE: paid, not settled, past
// its settle-by date.
func (w Row) Overdue() bool { return w.State == stpclaims.AdvancePaid && w.DaysOverdue > 0 }

// Row makes the row of an advance as it stands on asOf.
func (r *Register) Row(a *Advance, asOf time.Time) Row {
	t := a.Terms()
	w := Row{Code: a.Code(), State: a.State, Claim: a.Request.Claim, Fingerprint: a.Request.Fingerprint, Largest: t.Largest,
		Requested: stepOf(&a.Request), Recommended: stepOf(a.Recommended), Sanctioned: stepOf(a.Sanctioned),
		Paid: stepOf(a.Paid), Withdrawn: stepOf(a.Withdrawn), Settled: stepOf(a.Settled),
		FirstDay: t.FirstDay, LastDay: t.LastDay, Facilitator: stpclaims.BareAddress(t.Facilitator),
		Coordinator: stpclaims.BareAddress(t.Coordinator), PenalInterest: decimal.Zero}
	w.Requested.On = r.day(a.Request.At)
	if a.Paid != nil {
		w.Mode = a.Paid.Mode
	}
	paid := decimal.Zero
	if a.Paid != nil && a.Paid.Amount.Valid {
		paid = a.Paid.Amount.Decimal
	}
	if a.Settled != nil {
		w.Settled.On = a.SettledOn
		if a.Settled.Amount.Valid {
			w.Balance = decimal.NewNullDecimal(paid.Sub(a.Settled.Amount.Decimal))
		}
	}
	until := asOf
	if a.Settled != nil {
		until = a.SettledOn
	}
	p := PenalInterest(r.Card(a), paid, t.LastDay, until)
	w.SettleBy = p.SettleBy
	if a.Paid != nil && a.State != stpclaims.AdvanceWithdrawn {
		w.DaysOverdue, w.PenalInterest = p.DaysLate, p.Interest
	}
	return w
}

// EachRow calls fn with the row of every advance as it stands on asOf, in
// the order they were first requested.
func (r *Register) EachRow(asOf time.Time, fn func(Row) error) error {
	return r.Each(func(a *Advance) error { return fn(r.Row(a, asOf)) })
}

// Overdue lists the rows of the advances that are ADV-OVERDUE on asOf:
// paid, not settled, past their settle-by date.
func (r *Register) Overdue(asOf time.Time) []Row {
	var out []Row
	for _, a := range r.order {
		if a.State != stpclaims.AdvancePaid {
			continue
		}
		if w := r.Row(a, asOf); w.Overdue() {
			out = append(out, w)
		}
	}
	return out
}

// Facilitator lists the rows of every programme whose live request names
// this facilitator, as they stand on asOf: the facilitator's register (V:
// "maintain a register regarding the allocation of the advances").
func (r *Register) Facilitator(email string, asOf time.Time) []Row {
	email = stpclaims.BareAddress(email)
	var out []Row
	if email == "" {
		return out
	}
	for _, a := range r.order {
		if stpclaims.BareAddress(a.Terms().Facilitator) == email {
			out = append(out, r.Row(a, asOf))
		}
	}
	return out
}

// Facilitators lists, in order of first appearance, the facilitators the
// live requests name.
func (r *Register) Facilitators() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range r.order {
		if f := stpclaims.BareAddress(a.Terms().Facilitator); f != "" && !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// StateTotal is the money of the advances in one state.
type StateTotal struct {
	State      stpclaims.AdvanceState
	Programmes int
	// Amount is the state's own amount: claimed (requested), recommended,
	// sanctioned, paid (paid and settled); withdrawn advances count none.
	Amount decimal.Decimal
	// PenalInterest to date (paid) or at settlement (settled).
	PenalInterest decimal.Decimal
}

// Totals are the Summary's money by state. Nothing returned is counted:
// a returned claim is never an advance.
type Totals struct {
	ByState []StateTotal // in stpclaims.AdvanceStates order
	// RefundsDue sums the positive balances of settled advances (to be
	// refunded to IMG); ToPay the negative ones (to be paid to the
	// co-ordinators), as a positive amount.
	RefundsDue, ToPay decimal.Decimal
	// Overdue counts the ADV-OVERDUE advances; PenalInterest sums the
	// penal interest of every paid advance.
	Overdue       int
	PenalInterest decimal.Decimal
}

// NewTotals returns totals with a zero line for every state, to Add rows to.
func NewTotals() Totals {
	t := Totals{RefundsDue: decimal.Zero, ToPay: decimal.Zero, PenalInterest: decimal.Zero}
	for _, s := range stpclaims.AdvanceStates {
		t.ByState = append(t.ByState, StateTotal{State: s, Amount: decimal.Zero, PenalInterest: decimal.Zero})
	}
	return t
}

// Add counts one row.
func (t *Totals) Add(w Row) {
	for i := range t.ByState {
		s := &t.ByState[i]
		if s.State != w.State {
			continue
		}
		s.Programmes++
		s.Amount = s.Amount.Add(w.StateAmount().Decimal)
		s.PenalInterest = s.PenalInterest.Add(w.PenalInterest)
	}
	if w.Balance.Valid {
		if w.Balance.Decimal.IsPositive() {
			t.RefundsDue = t.RefundsDue.Add(w.Balance.Decimal)
		} else {
			t.ToPay = t.ToPay.Sub(w.Balance.Decimal)
		}
	}
	if w.Overdue() {
		t.Overdue++
	}
	t.PenalInterest = t.PenalInterest.Add(w.PenalInterest)
}

// StateAmount is the amount a row's state stands for (see StateTotal).
func (w Row) StateAmount() decimal.NullDecimal {
	switch w.State {
	case stpclaims.AdvanceRequested:
		return w.Requested.Amount
	case stpclaims.AdvanceRecommended:
		return w.Recommended.Amount
	case stpclaims.AdvanceSanctioned:
		return w.Sanctioned.Amount
	case stpclaims.AdvancePaid, stpclaims.AdvanceSettled:
		return w.Paid.Amount
	}
	return decimal.NullDecimal{}
}

// Totals adds up every advance as it stands on asOf.
func (r *Register) Totals(asOf time.Time) Totals {
	t := NewTotals()
	for _, a := range r.order {
		t.Add(r.Row(a, asOf))
	}
	return t
}

// OverdueFinding is ADV-OVERDUE for an overdue row: the days past the
// settle-by date and the penal interest to asOf.
func OverdueFinding(w Row, asOf time.Time) stpclaims.Finding {
	f := ruleFinding(RuleOverdue, "settled_on", "")
	f.Claimed = w.Paid.Amount
	f.Admissible = decimal.NewNullDecimal(w.PenalInterest)
	f.Message = fmt.Sprintf("The advance of %s paid on %s for programme %s was to be settled by %s; on %s it is %s overdue, and penal interest of %s is due to date on the amount paid (VII). It grows each day until the settlement statement reaches the Finance Division.",
		rupees(w.Paid.Amount.Decimal), dmy(w.Paid.On), w.Code, dmy(w.SettleBy), dmy(midnight(asOf)), plural(w.DaysOverdue, "day", "days"), rupees(w.PenalInterest))
	return f
}

// ruleFinding starts a finding of a catalogued rule, with its clause and
// severity.
func ruleFinding(id, field, cell string) stpclaims.Finding {
	r, ok := validate.RuleByID(id)
	if !ok {
		panic("ledger: unknown rule " + id)
	}
	return stpclaims.Finding{Rule: r.ID, Clause: r.Clause, Severity: r.Severity, Field: field, Cell: cell}
}

func trim(s string) string { return strings.TrimSpace(s) }
