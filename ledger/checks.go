package ledger

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// The checks of each step. Each returns Applied when the event may move the
// advance on, else the verdict saying why not; auth is nil on the fold
// (the sender's authority was checked when the event was recorded).

func (r *Register) judgeRequest(a *Advance, e stpclaims.AdvanceEvent) Verdict {
	t := e.Request
	switch {
	case stpclaims.ProgrammeKey(e.Code) == "":
		return refused("", "The claim gives no programme code, so it cannot be an advance.")
	case t == nil || (t.Status != stpclaims.StatusClean && t.Status != stpclaims.StatusReview):
		return refused("", "A returned claim is never an advance: it waits for the corrected claim.")
	case a == nil:
		return applied()
	case a.Request.Claim == e.Claim && e.Claim != 0:
		return already("Claim " + itoa(e.Claim) + " is already the programme's request.")
	case e.By == "" || e.By != a.Author():
		return refused(RuleDuplicate, duplicateReason(a, r.day(a.Request.At)))
	}
	switch a.State {
	case stpclaims.AdvanceRequested, stpclaims.AdvanceRecommended:
		v := applied()
		v.Replaced = a.Request.Claim
		return v
	}
	return refused("", fmt.Sprintf("The advance of programme %s is already %s on claim %d; a revised claim does not change it.",
		a.Code(), a.State, a.Request.Claim))
}

func duplicateReason(a *Advance, day time.Time) string {
	from := a.Author()
	if from == "" {
		from = "a sender not known"
	}
	return fmt.Sprintf("Another claim for advance with programme code %s is already in the register (claim %d from %s, received %s); a programme gets one advance.",
		a.Code(), a.Request.Claim, from, dmy(day))
}

// sameClaim checks that an action names the live request as it stands.
func sameClaim(a *Advance, e stpclaims.AdvanceEvent, rule string) (Verdict, bool) {
	if e.Claim != 0 && e.Claim != a.Request.Claim {
		return refused(rule, fmt.Sprintf("Claim %d is not the request of programme %s in the register (that is claim %d: the claim was revised since); ask for a new workbook.",
			e.Claim, a.Code(), a.Request.Claim)), false
	}
	if e.Fingerprint != "" && a.Request.Fingerprint != "" && e.Fingerprint != a.Request.Fingerprint {
		return refused(rule, fmt.Sprintf("Claim %d of programme %s has changed since the workbook was made (its fingerprint differs); ask for a new workbook.",
			a.Request.Claim, a.Code())), false
	}
	return Verdict{}, true
}

func unknown(rule string, e stpclaims.AdvanceEvent) Verdict {
	if stpclaims.ProgrammeKey(e.Code) == "" {
		return refused(rule, "The row gives no programme code.")
	}
	return refused(rule, fmt.Sprintf("The register holds no claim for advance of programme %s.", e.Code))
}

func (r *Register) judgeRecommend(a *Advance, e stpclaims.AdvanceEvent, auth *Authority) (stpclaims.AdvanceEvent, Verdict) {
	if a == nil {
		return e, unknown(RuleRecommend, e)
	}
	if v, ok := sameClaim(a, e, RuleRecommend); !ok {
		return e, v
	}
	t := a.Terms()
	if !t.Largest.Valid || !t.Largest.Decimal.IsPositive() {
		return e, refused(RuleRecommend, fmt.Sprintf("The largest advance of claim %d could not be worked out, so no advance can be recommended on it.", a.Request.Claim))
	}
	if !e.Amount.Valid {
		e.Amount = t.Largest
	}
	fac := stpclaims.BareAddress(t.Facilitator)
	switch {
	case fac == "":
		return e, refused(RuleRecommend, fmt.Sprintf("The Annexure II of claim %d names no facilitator e-mail, so no recommendation can be taken.", a.Request.Claim))
	case e.By != fac:
		return e, refused(RuleRecommend, fmt.Sprintf("Only the programme's facilitator (%s) may recommend the advance of %s; %s is not.", fac, a.Code(), who(e.By)))
	case !e.Amount.Decimal.IsPositive():
		return e, refused(RuleRecommend, "A recommendation must be an amount above nothing; to stop the programme, the Finance Division marks it withdrawn.")
	case e.Amount.Decimal.GreaterThan(t.Largest.Decimal):
		return e, refused(RuleRecommend, fmt.Sprintf("The recommendation of %s is above the largest advance of %s for programme %s.",
			rupees(e.Amount.Decimal), rupees(t.Largest.Decimal), a.Code()))
	}
	if auth != nil {
		switch {
		case t.Undecided > 0:
			return e, refused(RuleRecommend, fmt.Sprintf("%s of claim %d still await your decision: decide them before recommending the advance.",
				plural(t.Undecided, "deviation", "deviations"), a.Request.Claim))
		case t.Review == "rejected" || t.Review == "query":
			return e, refused(RuleRecommend, fmt.Sprintf("Claim %d was %s on review; the advance can be recommended on the corrected claim.",
				a.Request.Claim, map[string]string{"rejected": "rejected", "query": "queried"}[t.Review]))
		}
	}
	switch a.State {
	case stpclaims.AdvanceRequested:
		return e, applied()
	case stpclaims.AdvanceRecommended:
		if a.Recommended.Amount.Valid && a.Recommended.Amount.Decimal.Equal(e.Amount.Decimal) {
			return e, already(fmt.Sprintf("The advance of %s was already recommended at %s.", a.Code(), rupees(e.Amount.Decimal)))
		}
		return e, applied()
	}
	return e, refused(RuleRecommend, fmt.Sprintf("The advance of %s is already %s: it can no longer be recommended.", a.Code(), a.State))
}

// finance reports whether by may act for the Finance Division.
func finance(by string, auth *Authority) bool {
	if auth == nil || by == stpclaims.FinanceDesk {
		return true
	}
	return by != "" && slices.ContainsFunc(auth.Finance, func(f string) bool { return stpclaims.BareAddress(f) == by })
}

func notFinance(a *Advance, e stpclaims.AdvanceEvent) Verdict {
	return refused(RuleSanction, fmt.Sprintf("Only the Finance Division's addresses may record the %s of %s; %s is not one of them.",
		map[stpclaims.AdvanceAction]string{stpclaims.ActionSanction: "sanction", stpclaims.ActionPay: "payment", stpclaims.ActionWithdraw: "withdrawal"}[e.Action],
		a.Code(), who(e.By)))
}

// dated checks a Finance Division date: given, not before the day before
// it (named), and not after the day the workbook arrived.
func (r *Register) dated(e stpclaims.AdvanceEvent, what string, notBefore time.Time, before string) (Verdict, bool) {
	switch {
	case e.On.IsZero():
		return refused(RuleSanction, fmt.Sprintf("The %s of %s gives no date.", what, e.Code)), false
	case !notBefore.IsZero() && e.On.Before(notBefore):
		return refused(RuleSanction, fmt.Sprintf("The %s of %s is dated %s, before %s (%s).", what, e.Code, dmy(e.On), before, dmy(notBefore))), false
	case !e.At.IsZero() && e.On.After(r.day(e.At)):
		return refused(RuleSanction, fmt.Sprintf("The %s of %s is dated %s, after the day the workbook arrived (%s).", what, e.Code, dmy(e.On), dmy(r.day(e.At)))), false
	}
	return Verdict{}, true
}

func (r *Register) judgeSanction(a *Advance, e stpclaims.AdvanceEvent, auth *Authority) Verdict {
	if a == nil {
		return unknown(RuleSanction, e)
	}
	if !finance(e.By, auth) {
		return notFinance(a, e)
	}
	if v, ok := sameClaim(a, e, RuleSanction); !ok {
		return v
	}
	if a.Sanctioned != nil && sameSanction(*a.Sanctioned, e) {
		return already(fmt.Sprintf("The sanction of %s (%s, order %s of %s) is already recorded.", a.Code(), rupees(e.Amount.Decimal), e.Ref, dmy(e.On)))
	}
	switch a.State {
	case stpclaims.AdvanceRecommended:
	case stpclaims.AdvanceRequested:
		return refused(RuleSanction, fmt.Sprintf("The advance of %s is not yet recommended by the facilitator (V: sanctioned on the facilitator's recommendation).", a.Code()))
	default:
		return refused(RuleSanction, fmt.Sprintf("The advance of %s is already %s; it cannot be sanctioned again.", a.Code(), a.State))
	}
	rec := a.Recommended.Amount.Decimal
	switch {
	case !e.Amount.Valid || !e.Amount.Decimal.IsPositive():
		return refused(RuleSanction, fmt.Sprintf("The sanction of %s gives no amount.", a.Code()))
	case e.Amount.Decimal.GreaterThan(rec):
		return refused(RuleSanction, fmt.Sprintf("The sanction of %s for %s is above the facilitator's recommendation of %s.",
			rupees(e.Amount.Decimal), a.Code(), rupees(rec)))
	case trim(e.Ref) == "":
		return refused(RuleSanction, fmt.Sprintf("The sanction of %s gives no sanction order number.", a.Code()))
	}
	if v, ok := r.dated(e, "sanction", r.day(a.Request.At), "the request reached the register"); !ok {
		return v
	}
	return applied()
}

func sameSanction(x, e stpclaims.AdvanceEvent) bool {
	return x.Amount.Valid && e.Amount.Valid && x.Amount.Decimal.Equal(e.Amount.Decimal) && x.On.Equal(e.On) && trim(x.Ref) == trim(e.Ref)
}

func (r *Register) judgePay(a *Advance, e stpclaims.AdvanceEvent, auth *Authority) Verdict {
	if a == nil {
		return unknown(RuleSanction, e)
	}
	if !finance(e.By, auth) {
		return notFinance(a, e)
	}
	if v, ok := sameClaim(a, e, RuleSanction); !ok {
		return v
	}
	if a.Paid != nil && sameSanction(*a.Paid, e) && a.Paid.Mode == e.Mode {
		return already(fmt.Sprintf("The payment of %s (%s on %s, %s %s) is already recorded.", a.Code(), rupees(e.Amount.Decimal), dmy(e.On), e.Mode, e.Ref))
	}
	switch a.State {
	case stpclaims.AdvanceSanctioned:
	case stpclaims.AdvanceRequested, stpclaims.AdvanceRecommended:
		return refused(RuleSanction, fmt.Sprintf("The advance of %s is not sanctioned: record the sanction before the payment.", a.Code()))
	default:
		return refused(RuleSanction, fmt.Sprintf("The advance of %s is already %s; no payment can be recorded on it.", a.Code(), a.State))
	}
	sanctioned := a.Sanctioned.Amount.Decimal
	switch {
	case !e.Amount.Valid || !e.Amount.Decimal.IsPositive():
		return refused(RuleSanction, fmt.Sprintf("The payment of %s gives no amount.", a.Code()))
	case e.Amount.Decimal.GreaterThan(sanctioned):
		return refused(RuleSanction, fmt.Sprintf("The payment of %s for %s is above the sanction of %s.", rupees(e.Amount.Decimal), a.Code(), rupees(sanctioned)))
	case !slices.Contains(stpclaims.PayModes, e.Mode):
		return refused(RuleSanction, fmt.Sprintf("The payment of %s gives the mode %s: choose bank transfer or cheque (V).", a.Code(), quote(string(e.Mode))))
	case trim(e.Ref) == "":
		return refused(RuleSanction, fmt.Sprintf("The payment of %s gives no reference (the transfer's or the cheque's number).", a.Code()))
	}
	if v, ok := r.dated(e, "payment", a.Sanctioned.On, "its sanction"); !ok {
		return v
	}
	return applied()
}

func (r *Register) judgeWithdraw(a *Advance, e stpclaims.AdvanceEvent, auth *Authority) Verdict {
	if a == nil {
		return unknown(RuleSanction, e)
	}
	if !finance(e.By, auth) {
		return notFinance(a, e)
	}
	if v, ok := sameClaim(a, e, RuleSanction); !ok {
		return v
	}
	switch a.State {
	case stpclaims.AdvanceRequested, stpclaims.AdvanceRecommended, stpclaims.AdvanceSanctioned:
		return applied()
	case stpclaims.AdvanceWithdrawn:
		return already(fmt.Sprintf("Programme %s is already withdrawn.", a.Code()))
	}
	return refused(RuleSanction, fmt.Sprintf("The advance of %s is already %s; a paid advance is closed by its settlement statement, not withdrawn.", a.Code(), a.State))
}

func (r *Register) judgeSettle(a *Advance, e stpclaims.AdvanceEvent) Verdict {
	if a == nil {
		return refused("", fmt.Sprintf("The register holds no claim for advance of programme %s: the statement settles no advance.", e.Code))
	}
	switch {
	case a.Settled != nil && a.Settled.Claim == e.Claim && e.Claim != 0:
		return already("Claim " + itoa(e.Claim) + " already settles the advance.")
	case a.State == stpclaims.AdvanceWithdrawn:
		return refused("", fmt.Sprintf("Programme %s was withdrawn; no advance is left to settle.", a.Code()))
	}
	return applied()
}

func rupees(d decimal.Decimal) string { return validate.Rupees(d) }

func dmy(t time.Time) string {
	if t.IsZero() {
		return "an unknown day"
	}
	return t.Format("02.01.2006")
}

func who(by string) string {
	if by == "" {
		return "a sender not known"
	}
	return by
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func quote(s string) string { return strconv.Quote(s) }

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
