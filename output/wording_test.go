package output

import (
	"testing"

	"github.com/shopspring/decimal"

	"stpclaims"
)

func TestWording_subject(t *testing.T) {
	people := []stpclaims.Person{
		{Sheet: "Participants", Row: 7, Name: "Anil Kumar"},
		{Sheet: "Participants", Row: 8},
		{Sheet: "Guest Faculty", Row: 4, Faculty: true, Name: "Dr. Rema Nair"},
	}
	bill := &stpclaims.Report{Form: stpclaims.FormTABill, Assessment: stpclaims.Assessment{People: people, PeopleInBill: 3}}
	big := &stpclaims.Report{Form: stpclaims.FormTABill, Assessment: stpclaims.Assessment{People: people, PeopleInBill: 5000}}
	decoded := &stpclaims.Report{Form: stpclaims.FormTABill}
	aii := &stpclaims.Report{Form: stpclaims.FormAnnexureII}
	st := &stpclaims.Report{Form: stpclaims.FormSettlement}
	for _, c := range []struct {
		name string
		rep  *stpclaims.Report
		f    stpclaims.Finding
		want string
	}{
		{"an Annexure II line", aii, stpclaims.Finding{Field: "food", Cell: "A!D19"}, "Line 14, Food & Refreshments"},
		{"a field without a line", aii, stpclaims.Finding{Field: "venue"}, "Place & Venue"},
		{"a field the form does not have: its cell", aii, stpclaims.Finding{Field: "+x", Cell: "'Ravi''s sheet'!B2"}, "'Ravi''s sheet'!B2"},
		{"a settlement's component", st, stpclaims.Finding{Field: "actual_food"}, "Line 14, Food & Refreshments, actual expenditure"},
		{"a participant", bill, stpclaims.Finding{Field: "fare_claimed", Cell: "Participants!J7", Row: 7}, "Row 7, Anil Kumar, Fare claimed"},
		{"a participant without a name", bill, stpclaims.Finding{Field: "da_claimed", Cell: "Participants!P8", Row: 8}, "Row 8, DA claimed"},
		{"a participant's missing column, no cell", bill, stpclaims.Finding{Field: "class", Row: 7}, "Row 7, Anil Kumar, Class"},
		{"a guest faculty member", bill, stpclaims.Finding{Field: "travel", Cell: "'Guest Faculty'!K4", Row: 4}, "Guest faculty row 4, Dr. Rema Nair, Travel claimed"},
		{"the bill's total row", bill, stpclaims.Finding{Field: "total", Cell: "Participants!Q9", Row: 9}, "Total of the bill"},
		{"a row's total on a bill listing only the cut", big, stpclaims.Finding{Field: "total", Cell: "Participants!Q900", Row: 900}, "Row 900, Total"},
		{"the bill's header", bill, stpclaims.Finding{Field: "programme_code", Cell: "Participants!B2"}, "Training Programme Code"},
		{"the whole bill", bill, stpclaims.Finding{Cell: "Participants!A1"}, "The TA bill"},
		{"a report read back: the faculty by its column", decoded, stpclaims.Finding{Field: "remuneration", Cell: "GF!I4", Row: 4}, "Guest faculty row 4, Remuneration claimed"},
		{"a report read back: a participant", decoded, stpclaims.Finding{Field: "fare_claimed", Cell: "Participants!J7", Row: 7}, "Row 7, Fare claimed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := newWording(c.rep).subject(c.f); got != c.want {
				t.Errorf("subject = %q, want %q", got, c.want)
			}
		})
	}
}

func TestWording_line(t *testing.T) {
	f := stpclaims.Finding{Rule: "AII-ADVANCE-CAP", Clause: "Annexure II 21", Field: "advance_claimed",
		Action: "write Rs 53,800 or less, a multiple of 100", Message: "At most Rs 53,800 may be sanctioned; Rs 56,737 is claimed"}
	w := newWording(&stpclaims.Report{Form: stpclaims.FormAnnexureII})
	want := "Line 21, Advance claimed: write Rs 53,800 or less, a multiple of 100. At most Rs 53,800 may be sanctioned; Rs 56,737 is claimed. (AII-ADVANCE-CAP; clause Annexure II 21)"
	if got := w.line(f); got != want {
		t.Errorf("line\n got %q\nwant %q", got, want)
	}
	f.Action, f.Clause = "", "—"
	want = "Line 21, Advance claimed: At most Rs 53,800 may be sanctioned; Rs 56,737 is claimed. (AII-ADVANCE-CAP)"
	if got := w.line(f); got != want {
		t.Errorf("without an action\n got %q\nwant %q", got, want)
	}
}

func TestPendingWords(t *testing.T) {
	rep := &stpclaims.Report{Form: stpclaims.FormAnnexureII, Assessment: stpclaims.Assessment{
		Totals: &stpclaims.Totals{Claimed: decimal.NewFromInt(1), Admissible: decimal.NewFromInt(1)},
		Pending: []stpclaims.Pending{
			{Figure: "gf_remuneration", Field: "guest_sessions", State: stpclaims.Missing},
			{Figure: "food", Field: "participants", State: stpclaims.Present},
			{Figure: stpclaims.FigureMaxAdvance, Field: "guest_sessions", State: stpclaims.Missing},
			{Figure: stpclaims.FigureMaxAdvance, Field: "participants", State: stpclaims.Present},
		},
	}}
	adv, adm := pendingWords(rep)
	if want := "The largest advance cannot be worked out until line 6, Number of sessions allotted to Guest Faculty, is filled in and line 4, No. of participants, is at least 1."; adv != want {
		t.Errorf("largest advance\n got %q\nwant %q", adv, want)
	}
	if want := "Line 9, Remuneration to Guest Faculty, and line 14, Food & Refreshments, cannot be worked out until line 6, Number of sessions allotted to Guest Faculty, is filled in and line 4, No. of participants, is at least 1; the admissible total leaves them out."; adm != want {
		t.Errorf("admissible\n got %q\nwant %q", adm, want)
	}
	rep.Pending = nil
	if adv, adm := pendingWords(rep); adv != "" || adm != "" {
		t.Errorf("nothing pending says %q, %q", adv, adm)
	}
}
