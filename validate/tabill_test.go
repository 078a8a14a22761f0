package validate

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"stpclaims"
)

// cleanBill is a TA bill with two participants and two guest faculty, all
// within the rules.
func cleanBill() *stpclaims.TABill {
	c := func(col string, row int) string { return "Participants!" + col + itoa(row) }
	g := func(col string, row int) string { return "Guest Faculty!" + col + itoa(row) }
	return &stpclaims.TABill{
		ProgrammeCode:     text("STP/2026/014", "Participants!B1"),
		StartDate:         date("2026-01-12", "Participants!B2"),
		EndDate:           date("2026-01-16", "Participants!D2"),
		TrainingDays:      cnt(5, "Participants!F2"),
		ParticipantsSheet: "Participants",
		Participants: []stpclaims.Participant{
			{
				Row: 5, Name: text("Asha K", c("B", 5)), PEN: text("123456", c("C", 5)), Designation: text("Clerk", c("D", 5)),
				Class: text("III", c("E", 5)), Office: text("Collectorate, Kollam", c("F", 5)),
				DistanceKm: numb("70", c("G", 5)), Mode: text("Train", c("H", 5)),
				EligibleFare: amt("300", c("I", 5)), FareClaimed: amt("300", c("J", 5)),
				AutoKm: numb("5", c("K", 5)), AutoFare: amt("60", c("L", 5)),
				DaysAttended: cnt(5, c("M", 5)), DaysAbsent: cnt(0, c("N", 5)),
				FullDARate: amt("600", c("O", 5)), DAClaimed: amt("750", c("P", 5)), Total: amt("1110", c("Q", 5)),
				AccountNo: text("12345678901", c("R", 5)), IFSC: text("SBIN0070123", c("S", 5)),
			},
			{
				Row: 6, Name: text("Binu M", c("B", 6)), PEN: text("234567", c("C", 6)), Designation: text("Section Officer", c("D", 6)),
				Class: text("II", c("E", 6)), Office: text("Taluk Office, Alappuzha", c("F", 6)),
				DistanceKm: numb("150", c("G", 6)), Mode: text("Bus", c("H", 6)),
				EligibleFare: amt("420", c("I", 6)), FareClaimed: amt("400", c("J", 6)),
				DaysAttended: cnt(5, c("M", 6)),
				FullDARate:   amt("500", c("O", 6)), DAClaimed: amt("625", c("P", 6)), Total: amt("1025", c("Q", 6)),
				AccountNo: text("98765432100", c("R", 6)), IFSC: text("CNRB0001234", c("S", 6)),
			},
		},
		Total:        amt("2135", "Participants!Q7"),
		TotalRow:     7,
		FacultySheet: "Guest Faculty",
		Faculty: []stpclaims.GuestFacultyClaim{
			{
				Row: 3, Name: text("Dr. P. Nair", g("A", 3)), GovtEmployee: yes(false, g("B", 3)), Local: yes(true, g("C", 3)),
				SessionsTaken: cnt(4, g("D", 3)), DaysEngaged: cnt(2, g("E", 3)), DistanceKm: numb("5", g("F", 3)),
				Mode: text("Own", g("G", 3)), Remuneration: amt("3000", g("H", 3)), Conveyance: amt("200", g("I", 3)),
				AccountNo: text("11112222333", g("K", 3)), IFSC: text("FDRL0001111", g("L", 3)),
			},
			{
				Row: 4, Name: text("Prof. S. Menon", g("A", 4)), GovtEmployee: yes(false, g("B", 4)), Local: yes(false, g("C", 4)),
				SessionsTaken: cnt(4, g("D", 4)), DaysEngaged: cnt(2, g("E", 4)), DistanceKm: numb("300", g("F", 4)),
				Mode: text("Train", g("G", 4)), Remuneration: amt("3000", g("H", 4)), Travel: amt("900", g("J", 4)),
				AccountNo: text("44445555666", g("K", 4)), IFSC: text("SBIN0009999", g("L", 4)),
			},
		},
	}
}

func numb(v, cell string) stpclaims.Number { return stpclaims.Number(amt(v, cell)) }

func TestTABill_Clean(t *testing.T) {
	as := TABill(cleanBill(), Builtin())
	if got := ruleIDs(as.Findings); !sameIDs(got, []string{"TA-NGO-CERT"}) {
		t.Fatalf("findings = %v, want only the certificate info", got)
	}
	if !as.Totals.Claimed.Equal(d("9235")) || !as.Totals.Admissible.Equal(d("9235")) {
		t.Errorf("totals = %+v, want 9235 claimed and admissible", as.Totals)
	}
	if len(as.Lines) != 0 {
		t.Errorf("lines = %+v, want none", as.Lines)
	}
}

func TestTABill_Rules(t *testing.T) {
	type mutate = func(b *stpclaims.TABill)
	none := func(*stpclaims.TABill) {}
	p0 := func(f func(p *stpclaims.Participant)) mutate {
		return func(b *stpclaims.TABill) { f(&b.Participants[0]) }
	}
	g0 := func(f func(g *stpclaims.GuestFacultyClaim)) mutate {
		return func(b *stpclaims.TABill) { f(&b.Faculty[0]) }
	}
	g1 := func(f func(g *stpclaims.GuestFacultyClaim)) mutate {
		return func(b *stpclaims.TABill) { f(&b.Faculty[1]) }
	}
	cases := []struct {
		ruleCase
		mutate mutate
		// admissible is the bill's admissible total, when the case checks it.
		admissible string
	}{
		{ruleCase{name: "all there", rule: "TA-REQUIRED"}, none, ""},
		{ruleCase{name: "office missing", rule: "TA-REQUIRED", fires: true, field: "office", row: 5},
			p0(func(p *stpclaims.Participant) { p.Office = stpclaims.Text{} }), ""},
		{ruleCase{name: "distance unreadable", rule: "TA-REQUIRED", fires: true, field: "distance_km", row: 5},
			p0(func(p *stpclaims.Participant) { p.DistanceKm = unreadable[d0]("about 70", "Participants!G5") }), ""},
		{ruleCase{name: "no programme code", rule: "TA-REQUIRED", fires: true, field: "programme_code"},
			func(b *stpclaims.TABill) { b.ProgrammeCode = stpclaims.Text{} }, ""},

		{ruleCase{name: "beyond 8 km", rule: "TA-LOCAL"},
			p0(func(p *stpclaims.Participant) { p.DistanceKm = numb("8.1", "") }), "9235"},
		{ruleCase{name: "exactly 8 km is within the radius", rule: "TA-LOCAL", fires: true, field: "fare_claimed", admit: "0"},
			p0(func(p *stpclaims.Participant) { p.DistanceKm = numb("8", "") }), "8875"},
		{ruleCase{name: "5 km: no TA, DA stands", rule: "TA-LOCAL", fires: true, row: 5},
			p0(func(p *stpclaims.Participant) { p.DistanceKm = numb("5", "") }), "8875"},
		{ruleCase{name: "local, DA only", rule: "TA-LOCAL"},
			p0(func(p *stpclaims.Participant) {
				p.DistanceKm = numb("5", "")
				p.FareClaimed, p.AutoFare, p.Total = amt("0", ""), amt("0", ""), amt("750", "")
			}), "8875"},

		{ruleCase{name: "at the eligible fare", rule: "TA-FARE"}, none, ""},
		{ruleCase{name: "taxi above the eligible fare", rule: "TA-FARE", fires: true, field: "fare_claimed", allowed: "300", admit: "300"},
			p0(func(p *stpclaims.Participant) {
				p.Mode = text("Taxi", "")
				p.FareClaimed = amt("2000", "")
				p.Total = amt("2810", "")
			}), "9235"},

		{ruleCase{name: "5 km", rule: "TA-AUTO"}, none, ""},
		{ruleCase{name: "12 km pro rata", rule: "TA-AUTO", fires: true, field: "auto_fare", admit: "80"},
			p0(func(p *stpclaims.Participant) {
				p.AutoKm = numb("12", "")
				p.AutoFare = amt("120", "")
				p.Total = amt("1170", "")
			}), "9255"},
		{ruleCase{name: "16 km: 21 × 8 / 16 = 10.50 rounds up", rule: "TA-AUTO", fires: true, admit: "11"},
			p0(func(p *stpclaims.Participant) {
				p.AutoKm = numb("16", "")
				p.AutoFare = amt("21", "")
				p.Total = amt("1071", "")
			}), ""},

		{ruleCase{name: "present", rule: "TA-ABSENT"}, none, ""},
		{ruleCase{name: "absent a day: no TA, DA for 4 days", rule: "TA-ABSENT", fires: true, field: "fare_claimed", admit: "0"},
			p0(func(p *stpclaims.Participant) {
				p.DaysAttended, p.DaysAbsent = cnt(4, ""), cnt(1, "")
				p.DAClaimed, p.Total = amt("600", ""), amt("960", "")
			}), "8725"},

		{ruleCase{name: "a quarter", rule: "TA-DA-QUARTER"}, none, ""},
		{ruleCase{name: "one over a quarter", rule: "TA-DA-QUARTER", fires: true, field: "da_claimed", allowed: "750"},
			p0(func(p *stpclaims.Participant) { p.DAClaimed = amt("751", ""); p.Total = amt("1111", "") }), "9235"},
		{ruleCase{name: "full DA claimed for 3 days", rule: "TA-DA-QUARTER", fires: true, allowed: "450"},
			p0(func(p *stpclaims.Participant) {
				p.DaysAttended = cnt(3, "")
				p.DAClaimed = amt("1800", "")
				p.Total = amt("2160", "")
			}), "8935"},

		{ruleCase{name: "5 of 5", rule: "TA-DAYS"}, none, ""},
		{ruleCase{name: "6 of 5", rule: "TA-DAYS", fires: true, field: "days_attended"},
			p0(func(p *stpclaims.Participant) { p.DaysAttended = cnt(6, "") }), ""},

		{ruleCase{name: "adds up", rule: "TA-ROW-TOTAL"}, none, ""},
		{ruleCase{name: "one out", rule: "TA-ROW-TOTAL", fires: true, field: "total", row: 5},
			p0(func(p *stpclaims.Participant) { p.Total = amt("1111", "") }), ""},

		{ruleCase{name: "adds up", rule: "TA-BILL-TOTAL"}, none, ""},
		{ruleCase{name: "one out", rule: "TA-BILL-TOTAL", fires: true, row: 7},
			func(b *stpclaims.TABill) { b.Total = amt("2136", "Participants!Q7") }, ""},

		{ruleCase{name: "different people", rule: "TA-DUPLICATE"}, none, ""},
		{ruleCase{name: "same PEN", rule: "TA-DUPLICATE", fires: true, field: "pen", row: 6, admit: "0"},
			func(b *stpclaims.TABill) { b.Participants[1].PEN = text(" 123456 ", "") }, "8210"},
		{ruleCase{name: "same name and office, no PEN", rule: "TA-DUPLICATE", fires: true, field: "name", row: 6},
			func(b *stpclaims.TABill) {
				b.Participants[0].PEN = stpclaims.Text{}
				b.Participants[1].PEN = stpclaims.Text{}
				b.Participants[1].Name = text("ASHA  k", "")
				b.Participants[1].Office = text("collectorate,  kollam", "")
			}, ""},

		{ruleCase{name: "good accounts", rule: "TA-BANK"}, none, ""},
		{ruleCase{name: "bad IFSC", rule: "TA-BANK", fires: true, field: "ifsc", row: 5},
			p0(func(p *stpclaims.Participant) { p.IFSC = text("SBIN07", "") }), ""},
		{ruleCase{name: "no account", rule: "TA-BANK", fires: true, field: "account_no", row: 6},
			func(b *stpclaims.TABill) { b.Participants[1].AccountNo = stpclaims.Text{} }, ""},
		{ruleCase{name: "nothing claimed, no account needed", rule: "TA-BANK"},
			p0(func(p *stpclaims.Participant) {
				p.AccountNo, p.IFSC = stpclaims.Text{}, stpclaims.Text{}
				p.FareClaimed, p.AutoFare, p.DAClaimed, p.Total = amt("0", ""), amt("0", ""), amt("0", ""), amt("0", "")
			}), ""},

		{ruleCase{name: "no participants", rule: "TA-NGO-CERT"},
			func(b *stpclaims.TABill) { b.Participants = nil; b.Total = stpclaims.Amount{} }, ""},
		{ruleCase{name: "participants", rule: "TA-NGO-CERT", fires: true, severity: stpclaims.SeverityInfo}, none, ""},

		{ruleCase{name: "at cap", rule: "GF-REMUNERATION"}, none, ""},
		{ruleCase{name: "one over", rule: "GF-REMUNERATION", fires: true, row: 3, field: "remuneration", allowed: "3000"},
			g0(func(g *stpclaims.GuestFacultyClaim) { g.Remuneration = amt("3001", "") }), "9235"},

		{ruleCase{name: "at cap", rule: "GF-LOCAL-TA"}, none, ""},
		{ruleCase{name: "one over", rule: "GF-LOCAL-TA", fires: true, field: "conveyance", allowed: "200"},
			g0(func(g *stpclaims.GuestFacultyClaim) { g.Conveyance = amt("201", "") }), "9235"},
		{ruleCase{name: "local faculty's travel counts as conveyance", rule: "GF-LOCAL-TA", fires: true, allowed: "200"},
			g0(func(g *stpclaims.GuestFacultyClaim) { g.Travel = amt("150", "") }), "9235"},

		{ruleCase{name: "not a government employee", rule: "GF-GOVT-TA"}, none, ""},
		{ruleCase{name: "government employee's travel", rule: "GF-GOVT-TA", fires: true, row: 4, field: "travel", admit: "0"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.GovtEmployee = yes(true, "") }), "8335"},

		{ruleCase{name: "within 1000", rule: "GF-OUTSTATION-CAP"}, none, ""},
		{ruleCase{name: "over 1000", rule: "GF-OUTSTATION-CAP", fires: true, allowed: "1000"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.Travel = amt("1400", "") }), "9335"},

		{ruleCase{name: "train for 300 km", rule: "GF-TRAIN-100KM"}, none, ""},
		{ruleCase{name: "train for 101 km", rule: "GF-TRAIN-100KM"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.DistanceKm = numb("101", "") }), ""},
		{ruleCase{name: "train for 100 km", rule: "GF-TRAIN-100KM", fires: true, field: "travel"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.DistanceKm = numb("100", "") }), "8335"},

		{ruleCase{name: "train", rule: "GF-TAXI"}, none, ""},
		{ruleCase{name: "taxi", rule: "GF-TAXI", fires: true, admit: "0"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.Mode = text("Taxi", "") }), "8335"},
		{ruleCase{name: "Uber is a taxi", rule: "GF-TAXI", fires: true, admit: "0"},
			g1(func(g *stpclaims.GuestFacultyClaim) { g.Mode = text("Uber", "") }), "8335"},
		{ruleCase{name: "Rly for 80 km is a train within 100 km", rule: "GF-TRAIN-100KM", fires: true, admit: "0"},
			g1(func(g *stpclaims.GuestFacultyClaim) {
				g.Mode, g.DistanceKm, g.Travel = text("Rly", ""), numb("80", ""), amt("1000", "")
			}), "8335"},
		{ruleCase{name: "KSRTC Super Express is a bus, not a train", rule: "GF-TRAIN-100KM"},
			g1(func(g *stpclaims.GuestFacultyClaim) {
				g.Mode, g.DistanceKm = text("KSRTC Super Express", ""), numb("80", "")
			}), "9235"},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			b := cleanBill()
			c.mutate(b)
			if c.name != "one out" && c.rule != "TA-NGO-CERT" && c.rule != "TA-DUPLICATE" {
				b.Total = billTotal(b)
			}
			as := TABill(b, Builtin())
			checkRuleCase(t, c.ruleCase, as.Findings)
			if c.admissible != "" && !as.Totals.Admissible.Equal(d(c.admissible)) {
				t.Errorf("admissible total = %s, want %s", as.Totals.Admissible, c.admissible)
			}
		})
	}
}

// billTotal keeps the bill's total line consistent with its rows, so that a
// case tests one rule at a time.
func billTotal(b *stpclaims.TABill) stpclaims.Amount {
	sum := zero
	for _, p := range b.Participants {
		sum = sum.Add(p.Total.Value)
	}
	return stpclaims.Amount{Value: sum, Cell: "Participants!Q7", State: stpclaims.Present}
}

func TestTABill_CardDARate(t *testing.T) {
	card := *Builtin()
	card.DARates = map[string]d0{"III": d("400")}
	as := TABill(cleanBill(), &card)
	f := rulesIn(as.Findings, "TA-DA-QUARTER")
	if len(f) != 1 || f[0].Row != 5 || !f[0].Allowed.Decimal.Equal(d("500")) {
		t.Fatalf("want one TA-DA-QUARTER on row 5 capped at 500 (¼ × 400 × 5), got %+v", f)
	}
	if !strings.Contains(f[0].Message, "class III") {
		t.Errorf("message does not say the card's rate was used: %q", f[0].Message)
	}
	// The card rate caps the column; a lower column stands.
	card.DARates = map[string]d0{"III": d("900")}
	if f := rulesIn(TABill(cleanBill(), &card).Findings, "TA-DA-QUARTER"); len(f) != 0 {
		t.Errorf("a card rate above the column fired: %+v", f)
	}
}

func TestTABill_Order(t *testing.T) {
	b := cleanBill()
	b.Participants[1].IFSC = text("bad", "")
	b.Participants[0].Total = amt("1", "")
	b.Participants[0].FareClaimed = amt("350", "")
	b.Faculty[1].Mode = text("Taxi", "")
	got := ruleIDs(TABill(b, Builtin()).Findings)
	want := []string{"TA-FARE", "TA-ROW-TOTAL", "TA-BANK", "TA-BILL-TOTAL", "TA-NGO-CERT", "GF-TAXI"}
	if !sameIDs(got, want) {
		t.Errorf("order\n got %v\nwant %v", got, want)
	}
}

// TestTABill_CutAmountCells: a finding that strikes out an amount is on
// the amount's cell (which gets the fill) and names the cell that is the
// reason (which gets a note).
func TestTABill_CutAmountCells(t *testing.T) {
	for _, c := range []struct {
		name, rule, cell, reason string
		mutate                   func(b *stpclaims.TABill)
	}{
		{"local: the fare, for the distance", "TA-LOCAL", "Participants!J5", "Participants!G5",
			func(b *stpclaims.TABill) { b.Participants[0].DistanceKm = numb("5", "Participants!G5") }},
		{"local without a fare: the auto fare", "TA-LOCAL", "Participants!L5", "Participants!G5",
			func(b *stpclaims.TABill) {
				p := &b.Participants[0]
				p.DistanceKm, p.FareClaimed = numb("5", "Participants!G5"), amt("0", "Participants!J5")
			}},
		{"absent: the fare, for the days absent", "TA-ABSENT", "Participants!J5", "Participants!N5",
			func(b *stpclaims.TABill) { b.Participants[0].DaysAbsent = cnt(1, "Participants!N5") }},
		{"duplicate: the row's total, for the PEN", "TA-DUPLICATE", "Participants!Q6", "Participants!C6",
			func(b *stpclaims.TABill) {
				b.Participants[1].PEN = b.Participants[0].PEN
				b.Participants[1].PEN.Cell = "Participants!C6"
			}},
		{"taxi: the travel, for the mode", "GF-TAXI", "Guest Faculty!J4", "Guest Faculty!G4",
			func(b *stpclaims.TABill) { b.Faculty[1].Mode = text("Taxi", "Guest Faculty!G4") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := cleanBill()
			c.mutate(b)
			f := rulesIn(TABill(b, Builtin()).Findings, c.rule)
			if len(f) != 1 {
				t.Fatalf("%s: %+v", c.rule, f)
			}
			if f[0].Cell != c.cell || f[0].ReasonCell != c.reason {
				t.Errorf("cell %q, reason %q; want %q, %q", f[0].Cell, f[0].ReasonCell, c.cell, c.reason)
			}
			if !strings.HasPrefix(f[0].Action, "strike out") {
				t.Errorf("action %q", f[0].Action)
			}
		})
	}
}

// TestTABill_People: every participant and guest faculty member, in the
// bill's order, with what they claim and what is admissible, summing to
// the bill's totals.
func TestTABill_People(t *testing.T) {
	b := cleanBill()
	b.Participants[0].DistanceKm = numb("5", b.Participants[0].DistanceKm.Cell)
	b.Faculty[1].Travel = amt("1500", b.Faculty[1].Travel.Cell)
	as := TABill(b, Builtin())
	if len(as.People) != len(b.Participants)+len(b.Faculty) {
		t.Fatalf("%d people for %d rows", len(as.People), len(b.Participants)+len(b.Faculty))
	}
	claimed, admissible := zero, zero
	for i, p := range as.People {
		faculty := i >= len(b.Participants)
		if p.Faculty != faculty || (faculty && p.Sheet != "Guest Faculty") || (!faculty && p.Sheet != "Participants") {
			t.Errorf("person %d: %+v", i, p)
		}
		claimed, admissible = claimed.Add(p.Claimed), admissible.Add(p.Admissible)
	}
	if p := as.People[0]; p.Name != "Asha K" || p.Row != 5 || !p.Claimed.Equal(d("1110")) || !p.Admissible.Equal(d("750")) {
		t.Errorf("Asha K, local: %+v (the fare and auto fare cut, DA stands)", p)
	}
	if !claimed.Equal(as.Totals.Claimed) || !admissible.Equal(as.Totals.Admissible) {
		t.Errorf("people sum to %s claimed, %s admissible; totals %+v", claimed, admissible, as.Totals)
	}
}

// TestTABill_PeopleOfALargeBill: a bill of more than PeopleListed people
// lists only those whose amounts are cut, and counts them all.
func TestTABill_PeopleOfALargeBill(t *testing.T) {
	b := cleanBill()
	one := b.Participants[1]
	b.Participants = b.Participants[:0]
	for i := range stpclaims.PeopleListed + 1 {
		p := one
		p.Row = 5 + i
		p.PEN = text(fmt.Sprint(200000+i), "")
		if i == 700 {
			p.FareClaimed = amt("900", "") // over the eligible 420
		}
		b.Participants = append(b.Participants, p)
	}
	b.Total = billTotal(b)
	as := TABill(b, Builtin())
	if as.PeopleInBill != stpclaims.PeopleListed+1+len(b.Faculty) {
		t.Errorf("PeopleInBill = %d", as.PeopleInBill)
	}
	var rows []int
	for _, p := range as.People {
		rows = append(rows, p.Row)
	}
	if !slices.Contains(rows, 705) {
		t.Errorf("the row whose fare is cut is not listed: %v", rows)
	}
	for _, p := range as.People {
		if p.Claimed.Equal(p.Admissible) {
			t.Errorf("row %d is listed though nothing of it is cut", p.Row)
		}
	}
}

// TestTABill_EveryFailingRule: a guest faculty row that breaks several
// travel rules gets a finding for each, and is admitted the least any of
// them allows.
func TestTABill_EveryFailingRule(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(g *stpclaims.GuestFacultyClaim)
		rules  []string
		admit  string // travel admitted
	}{
		{"outstation expert, 1,200 by train for 90 km", func(g *stpclaims.GuestFacultyClaim) {
			g.Mode, g.DistanceKm, g.Travel = text("Train", ""), numb("90", ""), amt("1200", "")
		}, []string{"GF-TRAIN-100KM", "GF-OUTSTATION-CAP"}, "0"},
		{"government employee by taxi", func(g *stpclaims.GuestFacultyClaim) {
			g.GovtEmployee, g.Mode = yes(true, ""), text("Ola cab", "")
		}, []string{"GF-GOVT-TA", "GF-TAXI"}, "0"},
		{"outstation expert, 1,400 by bus", func(g *stpclaims.GuestFacultyClaim) {
			g.Mode, g.Travel = text("KSRTC Fast Passenger", ""), amt("1400", "")
		}, []string{"GF-OUTSTATION-CAP"}, "1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := cleanBill()
			tt.mutate(&b.Faculty[1])
			b.Total = billTotal(b)
			var got []string
			for _, f := range TABill(b, Builtin()).Findings {
				if strings.HasPrefix(f.Rule, "GF-") {
					got = append(got, f.Rule)
					if !f.Admissible.Valid || !f.Admissible.Decimal.Equal(d(tt.admit)) {
						t.Errorf("%s admits %v, want %s", f.Rule, f.Admissible, tt.admit)
					}
				}
			}
			if !sameIDs(got, tt.rules) {
				t.Errorf("rules %v, want %v", got, tt.rules)
			}
		})
	}
	t.Run("the message names the word that decided", func(t *testing.T) {
		b := cleanBill()
		b.Faculty[1].Mode, b.Faculty[1].DistanceKm = text("Rly.", ""), numb("80", "")
		f := rulesIn(TABill(b, Builtin()).Findings, "GF-TRAIN-100KM")
		if len(f) != 1 || !strings.Contains(f[0].Message, `mode "Rly.", a train by the rate card's word "rly"`) {
			t.Errorf("GF-TRAIN-100KM: %+v", f)
		}
	})
}
