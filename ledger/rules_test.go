package ledger

import (
	"strings"
	"testing"

	"stpclaims"
	"stpclaims/validate"
)

const code = "STP/REV/2027/014"

// stepCase is one table case of a register rule: the events before (each
// must apply), the event checked with testAuth, and what must come of it.
type stepCase struct {
	name    string
	before  []stpclaims.AdvanceEvent
	event   stpclaims.AdvanceEvent
	outcome Outcome
	rule    string // for a refusal
	reason  string // a part of the reason
}

func runSteps(t *testing.T, rule string, cases []stepCase) {
	t.Helper()
	var passes, fails bool
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := folded(t, c.before...)
			var was Advance
			if a := r.Get(c.event.Code); a != nil {
				was = *a
			}
			got, v := r.Check(c.event, testAuth)
			if v.Outcome != c.outcome || v.Rule != c.rule || !strings.Contains(v.Reason, c.reason) {
				t.Fatalf("verdict %+v, want %s %q with %q", v, c.outcome, c.rule, c.reason)
			}
			if v.Outcome == Refused && v.Reason == "" {
				t.Error("a refusal without a reason")
			}
			// Check changes nothing; Apply (without the authority) then
			// applies what Check applied.
			if a := r.Get(c.event.Code); a != nil && (a.State != was.State || a.Recommended != was.Recommended || a.Sanctioned != was.Sanctioned) {
				t.Errorf("Check changed the advance to %+v", a)
			}
			if v.OK() {
				if av := r.Apply(got); !av.OK() {
					t.Errorf("Check applied, Apply did not: %+v", av)
				}
			}
		})
		passes = passes || c.outcome == Applied
		fails = fails || c.rule == rule
	}
	if !passes || !fails {
		t.Errorf("%s: want a passing and a failing case (pass %v, fail %v)", rule, passes, fails)
	}
}

func TestRegister_ADVRecommend(t *testing.T) {
	req := request(1, code, coord, "2027-01-04")
	undecided := request(1, code, coord, "2027-01-04")
	undecided.Request.Undecided, undecided.Request.Deviations = 2, 2
	rejected := request(1, code, coord, "2027-01-04")
	rejected.Request.Review = "rejected"
	noLargest := request(1, code, coord, "2027-01-04")
	noLargest.Request.Largest = nd("")
	runSteps(t, RuleRecommend, []stepCase{
		{"the facilitator, below the largest advance", []stpclaims.AdvanceEvent{req}, recommend(1, code, fac, "2027-01-06", "45000"), Applied, "", ""},
		{"the facilitator, at the largest advance by default", []stpclaims.AdvanceEvent{req}, recommend(1, code, "Latha <LATHA@img.kerala.gov.in>", "2027-01-06", ""), Applied, "", ""},
		{"a second recommendation replaces the first", []stpclaims.AdvanceEvent{req, recommend(1, code, fac, "2027-01-06", "45000")},
			recommend(1, code, fac, "2027-01-07", "40000"), Applied, "", ""},
		{"the same recommendation again", []stpclaims.AdvanceEvent{req, recommend(1, code, fac, "2027-01-06", "45000")},
			recommend(1, code, fac, "2027-01-07", "45000"), Already, "", "already recommended"},
		{"above the largest advance", []stpclaims.AdvanceEvent{req}, recommend(1, code, fac, "2027-01-06", "49000"), Refused, RuleRecommend, "above the largest advance of Rs 48,900"},
		{"from the co-ordinator", []stpclaims.AdvanceEvent{req}, recommend(1, code, coord, "2027-01-06", "45000"), Refused, RuleRecommend, "Only the programme's facilitator (" + fac + ")"},
		{"from the folder", []stpclaims.AdvanceEvent{req}, recommend(1, code, stpclaims.FinanceDesk, "2027-01-06", "45000"), Refused, RuleRecommend, "Only the programme's facilitator"},
		{"while deviations are undecided", []stpclaims.AdvanceEvent{undecided}, recommend(1, code, fac, "2027-01-06", "45000"), Refused, RuleRecommend, "2 deviations of claim 1 still await"},
		{"on a rejected claim", []stpclaims.AdvanceEvent{rejected}, recommend(1, code, fac, "2027-01-06", "45000"), Refused, RuleRecommend, "rejected on review"},
		{"no largest advance", []stpclaims.AdvanceEvent{noLargest}, recommend(1, code, fac, "2027-01-06", ""), Refused, RuleRecommend, "could not be worked out"},
		{"nothing", []stpclaims.AdvanceEvent{req}, recommend(1, code, fac, "2027-01-06", "0"), Refused, RuleRecommend, "above nothing"},
		{"an unknown programme", nil, recommend(1, code, fac, "2027-01-06", "45000"), Refused, RuleRecommend, "holds no claim for advance of programme " + code},
		{"a claim revised since", []stpclaims.AdvanceEvent{req, request(2, code, coord, "2027-01-05")},
			recommend(1, code, fac, "2027-01-06", "45000"), Refused, RuleRecommend, "that is claim 2"},
		{"after the sanction", []stpclaims.AdvanceEvent{req, recommend(1, code, fac, "2027-01-06", "45000"), sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-08")},
			recommend(1, code, fac, "2027-01-09", "40000"), Refused, RuleRecommend, "already sanctioned"},
	})
}

func TestRegister_ADVSanction(t *testing.T) {
	rec := []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-06", "45000")}
	sanctioned := append(rec[:2:2], sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"))
	paid := append(sanctioned[:3:3], pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-09"))
	badMode := pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-09")
	badMode.Mode = "cash"
	noOrder := sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07")
	noOrder.Ref = " "
	runSteps(t, RuleSanction, []stepCase{
		{"the recommendation, from finance", rec, sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), Applied, "", ""},
		{"below the recommendation, from the folder", rec, sanction(1, code, stpclaims.FinanceDesk, "2027-01-08", "40000", "2027-01-04"), Applied, "", ""},
		{"the same sanction again", sanctioned, sanction(1, code, finDesk, "2027-01-09", "45000", "2027-01-07"), Already, "", "already recorded"},
		{"above the recommendation", rec, sanction(1, code, finDesk, "2027-01-08", "45100", "2027-01-07"), Refused, RuleSanction, "above the facilitator's recommendation of Rs 45,000"},
		{"dated before the request", rec, sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-03"), Refused, RuleSanction, "before the request reached the register (04.01.2027)"},
		{"dated after the workbook arrived", rec, sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-09"), Refused, RuleSanction, "after the day the workbook arrived"},
		{"undated", rec, sanction(1, code, finDesk, "2027-01-08", "45000", ""), Refused, RuleSanction, "gives no date"},
		{"no order number", rec, noOrder, Refused, RuleSanction, "no sanction order number"},
		{"from outside finance", rec, sanction(1, code, coord, "2027-01-08", "45000", "2027-01-07"), Refused, RuleSanction, "Only the Finance Division's addresses"},
		{"not yet recommended", rec[:1], sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), Refused, RuleSanction, "not yet recommended"},
		{"an unknown programme", nil, sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), Refused, RuleSanction, "holds no claim"},
		{"a claim revised since", []stpclaims.AdvanceEvent{rec[0], request(2, code, coord, "2027-01-05"), recommend(2, code, fac, "2027-01-06", "45000")},
			sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), Refused, RuleSanction, "that is claim 2"},
		{"paid as sanctioned", sanctioned, pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-09"), Applied, "", ""},
		{"paid by cheque below the sanction, from the folder", sanctioned, pay(1, code, stpclaims.FinanceDesk, "2027-01-09", "30000", "2027-01-08"), Applied, "", ""},
		{"paid above the sanction", sanctioned, pay(1, code, finDesk, "2027-01-09", "45001", "2027-01-09"), Refused, RuleSanction, "above the sanction of Rs 45,000"},
		{"paid before the sanction", sanctioned, pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-06"), Refused, RuleSanction, "before its sanction"},
		{"paid in cash", sanctioned, badMode, Refused, RuleSanction, "choose bank transfer or cheque"},
		{"paid before it was sanctioned", rec, pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-09"), Refused, RuleSanction, "record the sanction before the payment"},
		{"paid by someone else", sanctioned, pay(1, code, fac, "2027-01-09", "45000", "2027-01-09"), Refused, RuleSanction, "Only the Finance Division's addresses"},
		{"withdrawn before payment", sanctioned, withdraw(1, code, finDesk, "2027-01-09"), Applied, "", ""},
		{"withdrawn after payment", paid, withdraw(1, code, finDesk, "2027-01-10"), Refused, RuleSanction, "closed by its settlement statement"},
		{"withdrawn by the co-ordinator", rec, withdraw(1, code, coord, "2027-01-10"), Refused, RuleSanction, "Only the Finance Division's addresses"},
	})
}

func TestRegister_ADVOverdue(t *testing.T) {
	// The programme's last day is 05.02.2027: settle by 07.03.2027 (day 30).
	paid := []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-06", "45000"),
		sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), pay(1, code, finDesk, "2027-01-09", "45000", "2027-01-09")}
	sanctioned := paid[:3]
	cases := []struct {
		name    string
		events  []stpclaims.AdvanceEvent
		asOf    string
		overdue bool
		days    int
		penal   string
	}{
		{"paid, not yet due", paid, "2027-03-07", false, 0, "0"},
		{"paid, day 31, unsettled", paid, "2027-03-08", true, 1, "15"}, // 45000 × 12 % / 365 = 14.79
		{"paid, day 95, unsettled", paid, "2027-05-11", true, 65, "962"},
		{"paid, settled on day 30", append(paid[:4:4], settle(7, code, coord, "2027-03-07", "40000")), "2027-05-11", false, 0, "0"},
		{"paid, settled on day 31", append(paid[:4:4], settle(7, code, coord, "2027-03-08", "40000")), "2027-05-11", false, 1, "15"},
		{"paid, settled on day 95", append(paid[:4:4], settle(7, code, coord, "2027-05-11", "40000")), "2027-06-30", false, 65, "962"},
		{"sanctioned, never paid, day 95", sanctioned, "2027-05-11", false, 0, "0"},
		{"never paid, settled on day 95", append(sanctioned[:3:3], settle(7, code, coord, "2027-05-11", "40000")), "2027-06-30", false, 0, "0"},
		{"withdrawn", append(sanctioned[:3:3], withdraw(1, code, finDesk, "2027-01-20")), "2027-05-11", false, 0, "0"},
	}
	var passes, fails bool
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := folded(t, c.events...)
			w := r.Row(r.Get(code), day(c.asOf))
			if w.Overdue() != c.overdue || w.DaysOverdue != c.days || !w.PenalInterest.Equal(d(c.penal)) {
				t.Fatalf("overdue %v, %d days, penal %s; want %v, %d, %s", w.Overdue(), w.DaysOverdue, w.PenalInterest, c.overdue, c.days, c.penal)
			}
			if !w.SettleBy.Equal(day("2027-03-07")) {
				t.Errorf("settle by %s", w.SettleBy)
			}
			over := r.Overdue(day(c.asOf))
			if (len(over) == 1) != c.overdue {
				t.Errorf("Overdue lists %d", len(over))
			}
			if c.overdue {
				f := OverdueFinding(over[0], day(c.asOf))
				rule, _ := validate.RuleByID(RuleOverdue)
				if f.Rule != RuleOverdue || f.Clause != rule.Clause || f.Severity != rule.Severity || !f.Admissible.Decimal.Equal(d(c.penal)) ||
					!strings.Contains(f.Message, "penal interest of Rs "+c.penal) {
					t.Errorf("finding %+v", f)
				}
			}
		})
		passes, fails = passes || !c.overdue, fails || c.overdue
	}
	if !passes || !fails {
		t.Error("want passing and failing cases")
	}
}

func TestRegister_requests(t *testing.T) {
	returned := request(2, code, coord, "2027-01-05")
	returned.Request.Status = stpclaims.StatusReturned
	self := request(1, code, fac, "2027-01-04")
	self.Request.Coordinator = fac
	selfDev := request(1, code, fac, "2027-01-04")
	selfDev.Request.Coordinator, selfDev.Request.Deviations = fac, 1
	cases := []struct {
		name    string
		before  []stpclaims.AdvanceEvent
		event   stpclaims.AdvanceEvent
		outcome Outcome
		rule    string
		claim   int64 // the request after
		state   stpclaims.AdvanceState
	}{
		{"the first request", nil, request(1, code, coord, "2027-01-04"), Applied, "", 1, stpclaims.AdvanceRequested},
		{"a revision from the same sender supersedes", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")},
			request(2, code, "Rajesh <RAJESH@revenue.kerala.gov.in>", "2027-01-05"), Applied, "", 2, stpclaims.AdvanceRequested},
		{"a revision drops the recommendation", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-05", "")},
			request(2, code, coord, "2027-01-06"), Applied, "", 2, stpclaims.AdvanceRequested},
		{"a later folder drop supersedes", []stpclaims.AdvanceEvent{request(1, code, stpclaims.FinanceDesk, "2027-01-04")},
			request(2, code, stpclaims.FinanceDesk, "2027-01-05"), Applied, "", 2, stpclaims.AdvanceRequested},
		{"another sender is a duplicate", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")},
			request(2, code, coord2, "2027-01-05"), Refused, RuleDuplicate, 1, stpclaims.AdvanceRequested},
		{"a mail after a folder drop is a duplicate", []stpclaims.AdvanceEvent{request(1, code, stpclaims.FinanceDesk, "2027-01-04")},
			request(2, code, coord, "2027-01-05"), Refused, RuleDuplicate, 1, stpclaims.AdvanceRequested},
		{"a sender not known is a duplicate", []stpclaims.AdvanceEvent{request(1, code, "", "2027-01-04")},
			request(2, code, "", "2027-01-05"), Refused, RuleDuplicate, 1, stpclaims.AdvanceRequested},
		{"a returned claim is never an advance", nil, returned, Refused, "", 0, ""},
		{"a returned revision leaves the request", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")}, returned, Refused, "", 1, stpclaims.AdvanceRequested},
		{"a revision after the sanction changes nothing", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-05", ""),
			sanction(1, code, finDesk, "2027-01-06", "48900", "2027-01-06")}, request(2, code, coord, "2027-01-07"), Refused, "", 1, stpclaims.AdvanceSanctioned},
		{"the co-ordinator is the facilitator", nil, self, Applied, "", 1, stpclaims.AdvanceRecommended},
		{"the co-ordinator is the facilitator, with a deviation", nil, selfDev, Applied, "", 1, stpclaims.AdvanceRequested},
		{"the same claim twice", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")}, request(1, code, coord, "2027-01-04"), Already, "", 1, stpclaims.AdvanceRequested},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := folded(t, c.before...)
			v := r.Apply(c.event)
			if v.Outcome != c.outcome || v.Rule != c.rule {
				t.Fatalf("verdict %+v, want %s %q", v, c.outcome, c.rule)
			}
			a := r.Get(code)
			if c.claim == 0 {
				if a != nil {
					t.Fatalf("an advance %+v", a)
				}
				return
			}
			if a.Request.Claim != c.claim || a.State != c.state || r.Len() != 1 {
				t.Fatalf("request %d, state %s, %d advances; want %d, %s, 1", a.Request.Claim, a.State, r.Len(), c.claim, c.state)
			}
			if c.state == stpclaims.AdvanceRecommended && (!a.Recommended.Amount.Decimal.Equal(d("48900")) || a.Recommended.By != fac) {
				t.Errorf("self recommendation %+v", a.Recommended)
			}
			if v.Outcome == Refused {
				if n, ok := r.Note(c.event.Claim); !ok || n != v {
					t.Errorf("note %+v %v", n, ok)
				}
			}
			if v.Replaced != 0 {
				if n, ok := r.Note(v.Replaced); !ok || !strings.Contains(n.Reason, "superseded by claim") {
					t.Errorf("the superseded claim's note %+v", n)
				}
			}
		})
	}
}
