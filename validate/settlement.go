package validate

import (
	"fmt"
	"strings"
	"time"

	"stpclaims"

	"github.com/shopspring/decimal"
)

// reportItemTitles are the report items' titles by number (1–7).
var reportItemTitles = func() (t [8]string) {
	titles := stpclaims.ReportItemTitles()
	copy(t[1:], titles[:])
	return t
}()

// capFigures names the programme figures each component's cap needs.
var capFigures = map[string][]string{
	"gf_remuneration":  {"guest_sessions"},
	"gf_ta":            {"guest_faculty", "outstation_guest_faculty", "training_days"},
	"coordination_fee": {"training_days"},
	"stationery":       {"participants"},
	"photocopy":        {"training_days"},
	"food":             {"training_days", "participants", "accommodated"},
	"venue_hire":       {"training_days", "venue_govt_owned"},
	"miscellaneous":    {"training_days"},
	"ta_advance":       {"participants"},
	"da_advance":       {"participants", "training_days"},
}

// Settlement assesses a settlement statement: each component's actual
// expenditure against its own cap (ST-NO-REAPPROPRIATION), the balance of
// the advance (ST-ADVANCE-BALANCE), lateness and penal interest (ST-LATE) and
// the report items not enclosed (ST-REPORT-ITEMS).
//
// Caps are worked out from the figures the statement carries. When a figure
// a cap needs is not there, that component is admitted as spent and an info
// finding says its cap was not checked; other_expenses are admitted as spent
// (their sanction is separate, VIII).
func Settlement(s *stpclaims.Settlement, card *Card) stpclaims.Assessment {
	p := programmeOf(s.TrainingDays, s.Participants)
	if p.participantsOK {
		p.accommodated, p.accommodatedOK = optionalCount(s.Accommodated, p.participants)
	}
	p.guests, p.guestsOK = count(s.GuestFaculty)
	p.outstation, p.outstationOK = optionalCount(s.OutstationGuestFaculty, 0)
	p.sessions, p.sessionsOK = count(s.GuestSessions)
	p.imgCentre = s.Venue.Ok() && card.IsIMGCentre(s.Venue.Value)
	p.govtOwned, p.govtOwnedOK, p.govtWhy, p.govtWord = card.govtVenue(s.Venue, s.VenueGovtOwned)
	caps := lineCaps(p, card)
	known := map[string]bool{
		"training_days": p.daysOK, "participants": p.participantsOK, "accommodated": p.accommodatedOK,
		"guest_faculty": p.guestsOK, "outstation_guest_faculty": p.outstationOK, "guest_sessions": p.sessionsOK,
		"venue_govt_owned": p.govtOwnedOK,
	}

	as := stpclaims.Assessment{Totals: &stpclaims.Totals{}}
	for _, e := range s.Expenditure {
		field := "actual_" + e.Field
		actual, ok := claimed(e.Actual)
		if !ok {
			f := finding("ST-NO-REAPPROPRIATION", field, e.Actual.Cell)
			f.Severity = sevInfo
			f.Action = writePlainly(field)
			f.Message = fmt.Sprintf("%q, written as the actual expenditure on %s, could not be read, so it is neither checked nor admitted.", e.Actual.Raw, componentLabel(e.Field))
			as.Findings = append(as.Findings, f)
			continue
		}
		as.Totals.Claimed = as.Totals.Claimed.Add(actual)
		cp, capOK := caps[e.Field]
		if e.Field == "other_expenses" {
			cp, capOK = capped{amount: actual}, true
		}
		if !capOK {
			as.Totals.Admissible = as.Totals.Admissible.Add(actual)
			if actual.IsPositive() {
				f := finding("ST-NO-REAPPROPRIATION", field, e.Actual.Cell)
				f.Severity = sevInfo
				f.Claimed = null(actual)
				f.Action = "give " + missingFigures(e.Field, known) + ", so that its limit can be checked"
				f.Message = fmt.Sprintf("The limit on %s could not be checked because the statement does not give %s; the %s spent is admitted as it is.",
					componentLabel(e.Field), missingFigures(e.Field, known), rupees(actual))
				as.Findings = append(as.Findings, f)
			}
			continue
		}
		adm := decimal.Min(actual, cp.amount)
		as.Lines = append(as.Lines, stpclaims.Line{Field: field, Cell: e.Actual.Cell, Claimed: actual, Cap: cp.amount, Admissible: adm})
		as.Totals.Admissible = as.Totals.Admissible.Add(adm)
		if actual.GreaterThan(cp.amount) {
			f := finding("ST-NO-REAPPROPRIATION", field, e.Actual.Cell)
			f.Claimed, f.Allowed, f.Admissible = null(actual), null(cp.amount), null(adm)
			f.Action = fmt.Sprintf("claim at most %s (over by %s)", rupees(cp.amount), rupees(actual.Sub(cp.amount)))
			f.Message = fmt.Sprintf("%s may be at most %s %s, and savings on other components cannot cover an excess; %s was spent.",
				capitalize(componentLabel(e.Field)), rupees(cp.amount), cp.why, rupees(actual))
			as.Findings = append(as.Findings, f)
		}
	}

	if s.AdvanceReceived.Ok() {
		as.Balance = null(s.AdvanceReceived.Value.Sub(as.Totals.Admissible))
		as.Findings = append(as.Findings, stBalance(s, as.Totals.Admissible, as.Balance.Decimal))
	}
	if f, ok := stLate(s, card, &as); ok {
		as.Findings = append(as.Findings, f)
	}
	if f, ok := stReportItems(s); ok {
		as.Findings = append(as.Findings, f)
	}
	return as
}

// missingFigures lists, for a message, the figures a component's cap needs
// that the statement lacks.
func missingFigures(field string, known map[string]bool) string {
	var miss []string
	for _, f := range capFigures[field] {
		if !known[f] {
			miss = append(miss, labelIn(stpclaims.FormSettlement, f))
		}
	}
	if len(miss) == 0 {
		return "the figures it needs"
	}
	return "the " + strings.Join(miss, " or the ")
}

// stBalance: ST-ADVANCE-BALANCE.
func stBalance(s *stpclaims.Settlement, admissible, balance decimal.Decimal) stpclaims.Finding {
	f := finding("ST-ADVANCE-BALANCE", "advance_received", s.AdvanceReceived.Cell)
	f.Claimed, f.Admissible = null(s.AdvanceReceived.Value), null(admissible)
	adv := rupees(s.AdvanceReceived.Value)
	switch {
	case balance.IsPositive():
		f.Action = fmt.Sprintf("refund %s to IMG", rupees(balance))
		f.Message = fmt.Sprintf("Of the advance of %s, %s is admissible expenditure: %s is to be refunded to IMG.", adv, rupees(admissible), rupees(balance))
	case balance.IsNegative():
		f.Message = fmt.Sprintf("The admissible expenditure of %s is more than the advance of %s: %s is to be paid to the co-ordinator.", rupees(admissible), adv, rupees(balance.Neg()))
	default:
		f.Message = fmt.Sprintf("The admissible expenditure equals the advance of %s: nothing is to be refunded or paid.", adv)
	}
	return f
}

// stLate: ST-LATE. It sets as.DaysLate and as.PenalInterest when late.
func stLate(s *stpclaims.Settlement, card *Card, as *stpclaims.Assessment) (stpclaims.Finding, bool) {
	if !s.EndDate.Ok() || !s.SettledOn.Ok() {
		return stpclaims.Finding{}, false
	}
	end, settled := midnight(s.EndDate.Value), midnight(s.SettledOn.Value)
	due := end.AddDate(0, 0, card.SettleWithinDays)
	late := int(settled.Sub(due).Hours() / 24)
	if late <= 0 {
		return stpclaims.Finding{}, false
	}
	as.DaysLate = late
	f := finding("ST-LATE", "settled_on", s.SettledOn.Cell)
	f.Action = "pay the penal interest on the advance"
	after := int(settled.Sub(end).Hours() / 24)
	f.Message = fmt.Sprintf("The accounts were settled on %s, %d days after the last training day (%s) and %s past the %d allowed (due by %s)",
		day(settled), after, day(end), plural(late, "day", "days"), card.SettleWithinDays, day(due))
	switch {
	case s.AdvanceReceived.Ok() && !s.AdvanceReceived.Value.IsPositive():
		// No advance was paid (the register says so): nobody owes penal
		// interest on nothing, and the late accounts are only noted.
		as.PenalInterest = null(zero)
		f.Severity = sevInfo
		f.Action = ""
		f.Admissible = null(zero)
		f.Message += ": no advance was paid, so no penal interest is due."
	case s.AdvanceReceived.Ok():
		penal := PenalInterest(s.AdvanceReceived.Value, card, late)
		as.PenalInterest = null(penal)
		f.Admissible = null(penal)
		f.Action = "pay penal interest of " + rupees(penal)
		f.Message += fmt.Sprintf(": penal interest of %s is due (%s a year, simple, on the advance of %s for %s).",
			rupees(penal), percent(card.PenalInterestAnnual), rupees(s.AdvanceReceived.Value), plural(late, "day", "days"))
	default:
		f.Message += fmt.Sprintf(": penal interest of %s a year on the advance is due for %s.", percent(card.PenalInterestAnnual), plural(late, "day", "days"))
	}
	return f, true
}

// PenalInterest is the card's penal interest (penal_interest_annual, a
// fraction a year, VII) on amount for daysLate days: simple, a 365-day
// year, rounded half-up to the rupee; zero when nothing is late or owed.
// Package ledger decides on what amount and for which days it runs.
func PenalInterest(amount decimal.Decimal, card *Card, daysLate int) decimal.Decimal {
	if daysLate <= 0 || !amount.IsPositive() {
		return zero
	}
	return roundRupee(amount.Mul(card.PenalInterestAnnual).Mul(dec(daysLate)).Div(dec(365)))
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// stReportItems: ST-REPORT-ITEMS, the items 1–7 not marked enclosed (marked
// "no", left blank, unreadable or not listed at all).
func stReportItems(s *stpclaims.Settlement) (stpclaims.Finding, bool) {
	enclosed := map[int]bool{}
	cell := ""
	titles := map[int]string{}
	for _, it := range s.ReportItems {
		if it.Enclosed.Ok() && it.Enclosed.Value {
			enclosed[it.Number] = true
		} else if cell == "" {
			cell = it.Enclosed.Cell
		}
		if it.Title != "" {
			titles[it.Number] = it.Title
		}
	}
	var missing, numbers []string
	for n := 1; n < len(reportItemTitles); n++ {
		if enclosed[n] {
			continue
		}
		numbers = append(numbers, itoa(n))
		t := reportItemTitles[n]
		if titles[n] != "" {
			t = titles[n]
		}
		missing = append(missing, fmt.Sprintf("%d %s", n, t))
	}
	if len(missing) == 0 {
		return stpclaims.Finding{}, false
	}
	f := finding("ST-REPORT-ITEMS", "report_items", cell)
	f.Action = "enclose item " + joinAnd(numbers) + " of the co-ordinator's report, and mark it enclosed"
	if len(numbers) > 1 {
		f.Action = "enclose items " + joinAnd(numbers) + " of the co-ordinator's report, and mark them enclosed"
	}
	f.Message = fmt.Sprintf("The co-ordinator's report does not mark as enclosed: %s.", strings.Join(missing, "; "))
	return f, true
}
