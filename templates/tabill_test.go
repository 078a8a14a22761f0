package templates

import (
	"fmt"
	"slices"
	"testing"

	"stpclaims"
	"stpclaims/validate"
)

// participantRow is one participant's entries by column letter.
type taRow map[string]any

func goodParticipant(i int) taRow {
	return taRow{
		"B": fmt.Sprintf("Participant %d", i), "C": fmt.Sprintf("PEN%05d", i), "D": "Clerk", "E": "III",
		"F": "Taluk Office, Kottarakkara", "G": 45, "H": "Bus", "I": 180, "J": 160, "K": 4, "L": 60,
		"M": 5, "N": 0, "O": 600, "P": 750, "R": fmt.Sprintf("6701234567%d", i), "S": "SBIN0070123",
	}
}

func fillTABill(t *testing.T, card *validate.Card, participants, faculty []taRow) []byte {
	t.Helper()
	blank, err := TABill(card)
	if err != nil {
		t.Fatalf("TABill: %v", err)
	}
	p := map[string]any{"D2": "STP/2026/017", "D3": "Office procedure and e-office", "D4": date(2026, 2, 9), "D5": date(2026, 2, 13), "D6": 5}
	for i, row := range participants {
		for col, v := range row {
			p[fmt.Sprintf("%s%d", col, pHeaderRow+1+i)] = v
		}
	}
	g := map[string]any{}
	for i, row := range faculty {
		for col, v := range row {
			g[fmt.Sprintf("%s%d", col, fHeaderRow+1+i)] = v
		}
	}
	return fill(t, blank, map[string]map[string]any{participantsSheet: p, facultySheet: g})
}

func goodFaculty() taRow {
	return taRow{"B": "Dr. Meera S", "C": "No", "D": "No", "E": 3, "F": 2, "G": 220, "H": "Train",
		"I": 2250, "J": 0, "K": 900, "L": "1234567890", "M": "CNRB0001234"}
}

func TestTABill_RoundTrip(t *testing.T) {
	card := validate.Builtin()
	tests := []struct {
		name         string
		participants func() []taRow
		faculty      []taRow
		status       stpclaims.Status
		rules        []string
	}{
		{"clean bill", func() []taRow { return []taRow{goodParticipant(1), goodParticipant(2), goodParticipant(3)} },
			[]taRow{goodFaculty()}, stpclaims.StatusClean, []string{"TA-NGO-CERT"}},
		{"over the limits", func() []taRow {
			local := goodParticipant(2)
			local["G"] = 5
			auto := goodParticipant(3)
			auto["K"], auto["L"] = 16, 200
			fare := goodParticipant(4)
			fare["J"] = 400
			da := goodParticipant(5)
			da["P"] = 800
			return []taRow{goodParticipant(1), local, auto, fare, da}
		}, []taRow{{"B": "Sri. Ravi", "C": "Yes", "D": "No", "E": 4, "F": 1, "G": 80, "H": "Taxi", "I": 3500, "K": 500, "L": "1234567890", "M": "CNRB0001234"}},
			stpclaims.StatusReturned,
			[]string{"GF-GOVT-TA", "GF-REMUNERATION", "GF-TAXI", "TA-AUTO", "TA-DA-QUARTER", "TA-FARE", "TA-LOCAL", "TA-NGO-CERT"}}, // a government employee by taxi breaks both GF rules
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := check(t, "ta-bill.xlsx", fillTABill(t, card, tt.participants(), tt.faculty), date(2026, 2, 20))
			if rep.Form != stpclaims.FormTABill {
				t.Fatalf("read as %q (%s), want a TA bill", rep.Form, rep.Reason)
			}
			noReadingFinding(t, rep)
			got := slices.Compact(rules(rep))
			if !slices.Equal(got, tt.rules) {
				for _, f := range rep.Findings {
					t.Logf("%s %s %s: %s", f.Rule, f.Severity, f.Cell, f.Message)
				}
				t.Errorf("rules = %v, want %v", got, tt.rules)
			}
			if rep.Status != tt.status {
				t.Errorf("status = %s, want %s", rep.Status, tt.status)
			}
		})
	}
}

func TestTABill_ReadsEveryColumn(t *testing.T) {
	card := validate.Builtin()
	form := readForm(t, fillTABill(t, card, []taRow{goodParticipant(1), goodParticipant(2)}, []taRow{goodFaculty()}))
	b := form.TABill
	if b == nil {
		t.Fatalf("read as %q", form.Kind)
	}
	if b.ProgrammeCode.Value != "STP/2026/017" || b.StartDate.Value != date(2026, 2, 9) || b.EndDate.Value != date(2026, 2, 13) || b.TrainingDays.Value != 5 {
		t.Errorf("header = %q %v %v %d", b.ProgrammeCode.Value, b.StartDate.Value, b.EndDate.Value, b.TrainingDays.Value)
	}
	if len(b.Participants) != 2 {
		t.Fatalf("%d participants, want 2", len(b.Participants))
	}
	p := b.Participants[1]
	checks := []struct {
		name string
		ok   bool
		got  string
		want string
	}{
		{"name", p.Name.Ok(), p.Name.Value, "Participant 2"},
		{"pen", p.PEN.Ok(), p.PEN.Value, "PEN00002"},
		{"class", p.Class.Ok(), p.Class.Value, "III"},
		{"office", p.Office.Ok(), p.Office.Value, "Taluk Office, Kottarakkara"},
		{"distance", p.DistanceKm.Ok(), p.DistanceKm.Value.String(), "45"},
		{"mode", p.Mode.Ok(), p.Mode.Value, "Bus"},
		{"eligible", p.EligibleFare.Ok(), p.EligibleFare.Value.String(), "180"},
		{"fare", p.FareClaimed.Ok(), p.FareClaimed.Value.String(), "160"},
		{"auto km", p.AutoKm.Ok(), p.AutoKm.Value.String(), "4"},
		{"auto fare", p.AutoFare.Ok(), p.AutoFare.Value.String(), "60"},
		{"attended", p.DaysAttended.Ok(), fmt.Sprint(p.DaysAttended.Value), "5"},
		{"absent", p.DaysAbsent.Ok(), fmt.Sprint(p.DaysAbsent.Value), "0"},
		{"da rate", p.FullDARate.Ok(), p.FullDARate.Value.String(), "600"},
		{"da", p.DAClaimed.Ok(), p.DAClaimed.Value.String(), "750"},
		{"account", p.AccountNo.Ok(), p.AccountNo.Value, "67012345672"},
		{"ifsc", p.IFSC.Ok(), p.IFSC.Value, "SBIN0070123"},
	}
	for _, c := range checks {
		if !c.ok || c.got != c.want {
			t.Errorf("%s = %q (ok %v), want %q", c.name, c.got, c.ok, c.want)
		}
	}
	if p.Row != pHeaderRow+2 {
		t.Errorf("row = %d, want %d", p.Row, pHeaderRow+2)
	}
	if len(b.Faculty) != 1 || b.Faculty[0].Remuneration.Value.String() != "2250" || !b.Faculty[0].Local.Ok() || b.Faculty[0].Local.Value {
		t.Errorf("faculty = %+v", b.Faculty)
	}
	if b.TotalRow != pHeaderRow+participantRows+1 {
		t.Errorf("total row = %d, want %d", b.TotalRow, pHeaderRow+participantRows+1)
	}
}
