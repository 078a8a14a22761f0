package ledger

import (
	"strings"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/validate"
)

// The rules a new claim is checked by against the register: AII-DUPLICATE,
// TA-OVER-ADVANCE and the settlement's link, each with a passing and a
// failing case, and the penal interest worked by hand.

func TestRegister_Duplicate(t *testing.T) {
	a := &stpclaims.AnnexureII{ProgrammeCode: stpclaims.Text{Value: code, Cell: "A!C3", State: stpclaims.Present}}
	cases := []struct {
		name   string
		before []stpclaims.AdvanceEvent
		author string
		want   bool
	}{
		{"none in the register", nil, coord, false},
		{"the request's own sender revises it", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")}, "Rajesh <RAJESH@revenue.kerala.gov.in>", false},
		{"another sender", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")}, coord2, true},
		{"a folder drop after a mailed request", []stpclaims.AdvanceEvent{request(1, code, coord, "2027-01-04")}, stpclaims.FinanceDesk, true},
		{"a folder drop after a folder drop revises it", []stpclaims.AdvanceEvent{request(1, code, stpclaims.FinanceDesk, "2027-01-04")}, stpclaims.FinanceDesk, false},
		{"a sender not known", []stpclaims.AdvanceEvent{request(1, code, "", "2027-01-04")}, "", true},
		{"a returned claim is no advance to duplicate", []stpclaims.AdvanceEvent{func() stpclaims.AdvanceEvent {
			e := request(1, code, coord, "2027-01-04")
			e.Request.Status = stpclaims.StatusReturned
			return e
		}()}, coord2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := newRegister()
			for _, e := range c.before {
				r.Apply(e)
			}
			fs := r.Duplicate(a, c.author, r.Get(code))
			if (len(fs) == 1) != c.want || len(fs) > 1 {
				t.Fatalf("findings %+v, want duplicate %v", fs, c.want)
			}
			if c.want {
				f := fs[0]
				rule, _ := validate.RuleByID(RuleDuplicate)
				if f.Rule != RuleDuplicate || f.Severity != rule.Severity || f.Clause != rule.Clause || f.Cell != "A!C3" ||
					!strings.Contains(f.Message, "claim 1") || !strings.Contains(f.Message, "04.01.2027") {
					t.Errorf("finding %+v", f)
				}
				// The fold refuses the same claim the same way.
				v := r.Apply(request(2, code, c.author, "2027-01-05"))
				if v.Rule != RuleDuplicate || v.Reason != f.Message {
					t.Errorf("the fold says %+v, the report %q", v, f.Message)
				}
			}
		})
	}
}

func TestOverAdvance(t *testing.T) {
	b := &stpclaims.TABill{ProgrammeCode: stpclaims.Text{Value: code, State: stpclaims.Present}, Total: stpclaims.Amount{Cell: "Participants!Q7"}}
	r := folded(t, request(1, code, coord, "2027-01-04")) // TA + DA advance Rs 20,000
	cases := []struct {
		name         string
		participants string
		adv          *Advance
		severity     stpclaims.Severity
	}{
		{"within the advance", "20000", r.Get(code), ""},
		{"over the advance", "20000.50", r.Get(code), stpclaims.SeverityDeviation},
		{"no advance in the register", "100", nil, stpclaims.SeverityInfo},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := OverAdvance(b, d(c.participants), c.adv)
			if c.severity == "" {
				if len(fs) != 0 {
					t.Fatalf("fired: %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != "TA-OVER-ADVANCE" || fs[0].Severity != c.severity || fs[0].Cell != "Participants!Q7" {
				t.Fatalf("findings %+v", fs)
			}
			if c.severity == stpclaims.SeverityDeviation && (!fs[0].Allowed.Decimal.Equal(d("20000")) || !fs[0].Claimed.Decimal.Equal(d(c.participants))) {
				t.Errorf("claimed %v allowed %v", fs[0].Claimed, fs[0].Allowed)
			}
		})
	}
	rows := []validate.BillRow{{Kind: "participant", Admissible: d("100")}, {Kind: "guest faculty", Admissible: d("5000")}, {Kind: "participant", Admissible: d("0.50")}}
	if got := ParticipantsAdmissible(rows); !got.Equal(d("100.50")) {
		t.Errorf("ParticipantsAdmissible = %s, want the participants' 100.50", got)
	}
}

func TestRegister_LinkSettlement(t *testing.T) {
	paid := folded(t, request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-06", "45000"),
		sanction(1, code, finDesk, "2027-01-08", "45000", "2027-01-07"), pay(1, code, finDesk, "2027-01-09", "40000", "2027-01-09"))
	unpaid := folded(t, request(1, code, coord, "2027-01-04"), recommend(1, code, fac, "2027-01-06", "45000"))
	arrived := at("2027-03-20")
	statement := func(advance string) *stpclaims.Settlement {
		s := &stpclaims.Settlement{ProgrammeCode: stpclaims.Text{Value: code, State: stpclaims.Present},
			EndDate:         stpclaims.Date{Value: day("2027-02-05"), State: stpclaims.Present},
			AdvanceReceived: stpclaims.Amount{Cell: "S!C13"}, AdvanceDate: stpclaims.Date{Cell: "S!E13"},
			SettledOn:   stpclaims.Date{Value: day("2027-03-20"), Cell: "S!C14", State: stpclaims.Present},
			Expenditure: []stpclaims.Expense{{Field: "other_expenses", Actual: stpclaims.Amount{Value: d("30000"), Cell: "S!D30", State: stpclaims.Present}}}}
		if advance != "" {
			s.AdvanceReceived = stpclaims.Amount{Value: d(advance), Cell: "S!C13", State: stpclaims.Present}
		}
		return s
	}
	cases := []struct {
		name     string
		reg      *Register
		advance  string // as the statement writes it
		findings []stpclaims.Severity
		received string // what the statement is then checked on
		balance  string
		late     int
		penal    string
	}{
		{"advance left out: the register's payment", paid, "", []stpclaims.Severity{stpclaims.SeverityInfo}, "40000", "10000", 13, "171"},
		{"agreeing with the register", paid, "40000", nil, "40000", "10000", 13, "171"},
		{"disagreeing: a deviation, worked on the amount paid", paid, "45000", []stpclaims.Severity{stpclaims.SeverityDeviation}, "40000", "10000", 13, "171"},
		{"never paid: nothing received, no penal interest", unpaid, "45000", []stpclaims.Severity{stpclaims.SeverityDeviation}, "0", "-30000", 13, "0"},
		{"no advance in the register: as written", newRegister(), "45000", nil, "45000", "15000", 13, "192"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := statement(c.advance)
			got, fs := c.reg.LinkSettlement(s, c.reg.Get(code), arrived)
			var sev []stpclaims.Severity
			for _, f := range fs {
				if f.Rule != "ST-ADVANCE-BALANCE" || f.Message == "" {
					t.Errorf("finding %+v", f)
				}
				sev = append(sev, f.Severity)
			}
			if !equalSeverities(sev, c.findings) {
				t.Errorf("findings %+v, want %v", fs, c.findings)
			}
			if !got.AdvanceReceived.Value.Equal(d(c.received)) {
				t.Errorf("checked on an advance of %s, want %s", got.AdvanceReceived.Value, c.received)
			}
			if s.AdvanceReceived.State == stpclaims.Missing && c.advance == "" && s.AdvanceReceived.Ok() {
				t.Error("the statement itself was changed")
			}
			// 05.02.2027 + 30 = 07.03.2027; the statement arrived on
			// 20.03.2027, 13 days late: 40000 × 12 % × 13 / 365 = 170.96.
			as := validate.Settlement(got, validate.Builtin())
			if !as.Balance.Decimal.Equal(d(c.balance)) || as.DaysLate != c.late || !as.PenalInterest.Decimal.Equal(d(c.penal)) {
				t.Errorf("balance %v, %d days late, penal %v; want %s, %d, %s", as.Balance, as.DaysLate, as.PenalInterest, c.balance, c.late, c.penal)
			}
			for _, f := range as.Findings {
				if f.Rule == "ST-LATE" && c.penal == "0" && f.Severity != stpclaims.SeverityInfo {
					t.Errorf("ST-LATE on an advance never paid: %+v", f)
				}
			}
		})
	}
	t.Run("the day of settlement is the day the statement arrived", func(t *testing.T) {
		s := statement("40000")
		s.SettledOn.Value = day("2027-03-01")
		got, fs := paid.LinkSettlement(s, paid.Get(code), arrived)
		if !got.SettledOn.Value.Equal(day("2027-03-20")) || len(fs) != 1 || fs[0].Field != "settled_on" {
			t.Errorf("settled on %v, findings %+v", got.SettledOn.Value, fs)
		}
	})
}

func equalSeverities(a, b []stpclaims.Severity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPenalInterest(t *testing.T) {
	card := validate.Builtin()
	// Worked by hand: last training day 13.02.2026; 30 days later is
	// 15.03.2026, the settle-by date. On 14.04.2026 an advance of
	// Rs 50,200 paid is 30 days overdue (16.03 … 14.04): 50200 × 12 % × 30
	// / 365 = 180720 / 365 = 495.12…, Rs 495.
	end := day("2026-02-13")
	cases := []struct {
		paid, until string
		days        int
		interest    string
	}{
		{"50200", "2026-03-15", 0, "0"},
		{"50200", "2026-03-16", 1, "17"}, // 6024 / 365 = 16.50… → 17
		{"50200", "2026-04-14", 30, "495"},
		{"50200", "2027-03-15", 365, "6024"},
		{"0", "2027-03-15", 365, "0"}, // nothing paid, nothing owed
	}
	for _, c := range cases {
		t.Run(c.paid+" to "+c.until, func(t *testing.T) {
			p := PenalInterest(card, d(c.paid), end, day(c.until))
			if !p.SettleBy.Equal(day("2026-03-15")) || p.DaysLate != c.days || !p.Interest.Equal(d(c.interest)) {
				t.Errorf("got %+v, want %d days, Rs %s", p, c.days, c.interest)
			}
		})
	}
	if p := PenalInterest(card, d("50200"), time.Time{}, day("2027-01-01")); !p.SettleBy.IsZero() || !p.Interest.IsZero() {
		t.Errorf("no last day: %+v", p)
	}
}
