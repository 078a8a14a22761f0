package read

import (
	"path/filepath"
	"testing"

	"stpclaims"
)

// TestOpen_KeralaFixtures reads the LibreOffice-saved fixtures of the three
// forms written as Kerala offices write them (testdata/kerala, made by
// fixturegen -kerala): bilingual and Malayalam labels, Malayalam digits and
// number words, രൂപ, "/=", "Rs:", lakhs, durations in Malayalam and as day
// ranges, date-and-time cells. The whole reports are golden files of
// package process; here, the values each spelling is there for.
func TestOpen_KeralaFixtures(t *testing.T) {
	open := func(t *testing.T, name string) stpclaims.Form {
		return openFixture(t, filepath.Join("kerala", name)).Forms[0]
	}
	t.Run("annexure", func(t *testing.T) {
		a := open(t, "annexure.xlsx").AnnexureII
		if a == nil {
			t.Fatal("not read as an Annexure II")
		}
		got := map[string]string{}
		for _, fv := range a.FieldValues() {
			got[fv.Name] = fv.Value
		}
		for field, want := range map[string]string{
			"programme_code": "STP/REV/2027/014", "start_date": "2027-01-12", "end_date": "2027-01-16", "training_days": "5",
			"participants": "30", "accommodated": "20", "guest_faculty": "4", "guest_sessions": "8",
			"gf_remuneration": "6000", "gf_ta": "2000", "coordination_fee": "1500", "stationery": "3100", "photocopy": "3750",
			"food": "29000", "venue_hire": "2500", "subtotal": "50600", "ta_advance": "16000", "da_advance": "5000",
			"other_expenses": "0", "advance_claimed": "51800", "coordinator_phone": "9447012345",
		} {
			if got[field] != want {
				t.Errorf("%s = %q, want %q", field, got[field], want)
			}
		}
		if len(a.Conflicts) != 0 {
			t.Errorf("conflicts %+v: the words beside the figures agree", a.Conflicts)
		}
	})
	t.Run("TA bill", func(t *testing.T) {
		b := open(t, "tabill.xlsx").TABill
		if b == nil {
			t.Fatal("not read as a TA bill")
		}
		if !b.StartDate.Ok() || b.StartDate.Value.Day() != 8 || !b.EndDate.Ok() || b.EndDate.Value.Day() != 12 || b.TrainingDays.Value != 5 {
			t.Errorf("header: %+v %+v %+v", b.StartDate, b.EndDate, b.TrainingDays)
		}
		if len(b.Participants) != 3 || len(b.Faculty) != 3 || !b.Total.Ok() || b.Total.Value.IntPart() != 2580 {
			t.Fatalf("%d participants, %d faculty, total %+v", len(b.Participants), len(b.Faculty), b.Total)
		}
		p := b.Participants[1]
		if p.DistanceKm.Value.IntPart() != 45 || p.FareClaimed.Value.IntPart() != 150 || p.DaysAttended.Value != 5 || !p.DaysAbsent.Ok() || p.DaysAbsent.Value != 0 {
			t.Errorf("participant 2 read as %+v", p)
		}
		if m := b.Faculty[2].Mode.Value; m != "Uber" {
			t.Errorf("mode %q", m)
		}
	})
	t.Run("settlement", func(t *testing.T) {
		s := open(t, "settlement.xlsx").Settlement
		if s == nil {
			t.Fatal("not read as a settlement")
		}
		if s.Participants.Value != 30 || s.GuestFaculty.Value != 4 || s.TrainingDays.Value != 5 || !s.AdvanceReceived.Value.Equal(dec(50000)) ||
			!s.AdvanceDate.Ok() || !s.SettledOn.Ok() || s.SettledOn.Value.Month() != 2 {
			t.Errorf("header: %+v %+v %+v %+v %+v %+v", s.Participants, s.GuestFaculty, s.TrainingDays, s.AdvanceReceived, s.AdvanceDate, s.SettledOn)
		}
		if len(s.Expenditure) != 11 || len(s.ReportItems) != 7 || s.ReportItems[4].Enclosed.Value || !s.ReportItems[0].Enclosed.Value {
			t.Errorf("expenditure %+v, items %+v", s.Expenditure, s.ReportItems)
		}
	})
}
