package validate

import (
	"strings"
	"testing"

	"stpclaims"
)

// cleanSettlement settles the worked example's programme within every cap,
// 25 days after its last day, with every report item enclosed.
func cleanSettlement() *stpclaims.Settlement {
	s := &stpclaims.Settlement{
		ProgrammeCode:   text("STP/2026/014", "Statement!B1"),
		StartDate:       date("2026-01-12", "Statement!B3"),
		EndDate:         date("2026-01-16", "Statement!D3"),
		TrainingDays:    cnt(5, "Statement!F3"),
		Participants:    cnt(30, "Statement!B4"),
		GuestFaculty:    cnt(4, "Statement!B5"),
		GuestSessions:   cnt(8, "Statement!B6"),
		Venue:           text("Town Hall, Kochi", "Statement!B7"),
		AdvanceReceived: amt("65100", "Statement!B8"),
		AdvanceDate:     date("2026-01-01", "Statement!D8"),
		SettledOn:       date("2026-02-10", "Statement!B9"),
	}
	row := 12
	for _, e := range []struct{ field, actual string }{
		{"gf_remuneration", "6000"}, {"gf_ta", "1800"}, {"coordination_fee", "1500"}, {"stationery", "3000"},
		{"photocopy", "2000"}, {"food", "30000"}, {"venue_hire", "0"}, {"miscellaneous", "2000"},
		{"ta_advance", "14000"}, {"da_advance", "4500"}, {"other_expenses", "0"},
	} {
		s.Expenditure = append(s.Expenditure, stpclaims.Expense{Field: e.field, Actual: amt(e.actual, "Statement!C"+itoa(row))})
		row++
	}
	for n := 1; n <= 7; n++ {
		s.ReportItems = append(s.ReportItems, stpclaims.ReportItem{Number: n, Title: reportItemTitles[n], Enclosed: yes(true, "Statement!C"+itoa(30+n))})
	}
	return s
}

func setActual(s *stpclaims.Settlement, field, v string) {
	for i := range s.Expenditure {
		if s.Expenditure[i].Field == field {
			s.Expenditure[i].Actual = amt(v, s.Expenditure[i].Actual.Cell)
			return
		}
	}
	panic("no component " + field)
}

func TestSettlement_Clean(t *testing.T) {
	as := Settlement(cleanSettlement(), Builtin())
	if got := ruleIDs(as.Findings); !sameIDs(got, []string{"ST-ADVANCE-BALANCE"}) {
		t.Fatalf("findings = %v", got)
	}
	if !as.Balance.Valid || !as.Balance.Decimal.Equal(d("300")) {
		t.Errorf("balance = %v, want 300 to refund", as.Balance)
	}
	if !as.Totals.Claimed.Equal(d("64800")) || !as.Totals.Admissible.Equal(d("64800")) {
		t.Errorf("totals = %+v", as.Totals)
	}
	if as.DaysLate != 0 || as.PenalInterest.Valid {
		t.Errorf("late %d, penal %v; settled in time", as.DaysLate, as.PenalInterest)
	}
	if l := lineOf(t, as, "actual_food"); !l.Cap.Equal(d("34215")) {
		t.Errorf("food cap = %s", l.Cap)
	}
}

func TestSettlement_Rules(t *testing.T) {
	none := func(*stpclaims.Settlement) {}
	cases := []struct {
		ruleCase
		mutate func(s *stpclaims.Settlement)
	}{
		{ruleCase{name: "within caps", rule: "ST-NO-REAPPROPRIATION"}, none},
		{ruleCase{name: "food over its cap", rule: "ST-NO-REAPPROPRIATION", fires: true, field: "actual_food", allowed: "34215", admit: "34215"},
			func(s *stpclaims.Settlement) { setActual(s, "food", "35000") }},
		{ruleCase{name: "stationery at an IMG centre", rule: "ST-NO-REAPPROPRIATION", fires: true, field: "actual_stationery", allowed: "0"},
			func(s *stpclaims.Settlement) { s.Venue = text("IMG, Thiruvananthapuram", "") }},
		{ruleCase{name: "venue hire at a venue its name says is Govt-owned", rule: "ST-NO-REAPPROPRIATION", fires: true, field: "actual_venue_hire", allowed: "0"},
			func(s *stpclaims.Settlement) {
				s.Venue = text("Collectorate Conference Hall, Kollam", "")
				setActual(s, "venue_hire", "5000")
			}},
		{ruleCase{name: "cap not checkable without participants", rule: "ST-NO-REAPPROPRIATION", fires: true, severity: stpclaims.SeverityInfo, field: "actual_stationery"},
			func(s *stpclaims.Settlement) { s.Participants = stpclaims.Count{} }},

		{ruleCase{name: "no advance given", rule: "ST-ADVANCE-BALANCE"},
			func(s *stpclaims.Settlement) { s.AdvanceReceived = stpclaims.Amount{} }},
		{ruleCase{name: "refund", rule: "ST-ADVANCE-BALANCE", fires: true, field: "advance_received", admit: "64800"}, none},

		{ruleCase{name: "on the 30th day", rule: "ST-LATE"},
			func(s *stpclaims.Settlement) { s.SettledOn = date("2026-02-15", "") }},
		{ruleCase{name: "on the 31st day", rule: "ST-LATE", fires: true, field: "settled_on", admit: "21"},
			func(s *stpclaims.Settlement) { s.SettledOn = date("2026-02-16", "") }},

		{ruleCase{name: "all enclosed", rule: "ST-REPORT-ITEMS"}, none},
		{ruleCase{name: "summary report not enclosed", rule: "ST-REPORT-ITEMS", fires: true, severity: stpclaims.SeverityInfo},
			func(s *stpclaims.Settlement) { s.ReportItems[4].Enclosed = yes(false, "") }},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			s := cleanSettlement()
			c.mutate(s)
			checkRuleCase(t, c.ruleCase, Settlement(s, Builtin()).Findings)
		})
	}
}

func TestSettlement_PenalInterest(t *testing.T) {
	for _, c := range []struct {
		name, advance, settled string
		days                   int
		penal                  string
	}{
		// 65100 × 12 % × 45 / 365 = 963.12 → 963
		{"45 days late", "65100", "2026-04-01", 45, "963"},
		// 100000 × 12 % × 10 / 365 = 328.77 → 329
		{"10 days late", "100000", "2026-02-25", 10, "329"},
		// 65100 × 12 % × 1 / 365 = 21.40 → 21
		{"1 day late", "65100", "2026-02-16", 1, "21"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := cleanSettlement()
			s.AdvanceReceived = amt(c.advance, s.AdvanceReceived.Cell)
			s.SettledOn = date(c.settled, s.SettledOn.Cell)
			as := Settlement(s, Builtin())
			if as.DaysLate != c.days {
				t.Errorf("DaysLate = %d, want %d", as.DaysLate, c.days)
			}
			if !as.PenalInterest.Valid || !as.PenalInterest.Decimal.Equal(d(c.penal)) {
				t.Errorf("PenalInterest = %v, want %s", as.PenalInterest, c.penal)
			}
			f := rulesIn(as.Findings, "ST-LATE")
			if len(f) != 1 || !strings.Contains(f[0].Message, plural(c.days, "day", "days")+" past the 30") ||
				!strings.Contains(f[0].Message, "Rs "+indian(d(c.penal))) {
				t.Errorf("message does not show the days and interest: %+v", f)
			}
		})
	}
	t.Run("half a rupee rounds up", func(t *testing.T) {
		// 1062.50 × 12 % × 73 / 365 = 25.50 exactly → 26.
		if got := PenalInterest(d("1062.50"), Builtin(), 73); !got.Equal(d("26")) {
			t.Errorf("got %s, want 26", got)
		}
		// Just under and just over a half: 24.49992 → 24, 24.50016 → 25.
		if got := PenalInterest(d("1020.83"), Builtin(), 73); !got.Equal(d("24")) {
			t.Errorf("got %s, want 24", got)
		}
		if got := PenalInterest(d("1020.84"), Builtin(), 73); !got.Equal(d("25")) {
			t.Errorf("got %s, want 25", got)
		}
		if got := PenalInterest(d("1000"), Builtin(), 0); !got.IsZero() {
			t.Errorf("no days late: got %s", got)
		}
	})
}

func TestSettlement_Balance(t *testing.T) {
	s := cleanSettlement()
	setActual(s, "food", "40000")   // admits 34215
	setActual(s, "venue_hire", "0") // stays
	s.AdvanceReceived = amt("60000", s.AdvanceReceived.Cell)
	as := Settlement(s, Builtin())
	// admissible: 64800 − 30000 + 34215 = 69015; balance 60000 − 69015 = −9015
	if !as.Totals.Admissible.Equal(d("69015")) {
		t.Errorf("admissible = %s, want 69015", as.Totals.Admissible)
	}
	if !as.Balance.Decimal.Equal(d("-9015")) {
		t.Errorf("balance = %s, want -9015", as.Balance.Decimal)
	}
	f := rulesIn(as.Findings, "ST-ADVANCE-BALANCE")
	if len(f) != 1 || !strings.Contains(f[0].Message, "Rs 9,015 is to be paid") {
		t.Errorf("balance finding: %+v", f)
	}
}
