package read

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read/internal/tagen"
)

// readSettlement reads f's forms and returns its settlement statement; a
// workbook not read is the readers' rejection.
func readSettlement(ctx context.Context, f *excelize.File) (*stpclaims.Settlement, error) {
	forms, err := readForms(ctx, f)
	if err != nil {
		return nil, err
	}
	for _, form := range forms {
		if form.Settlement != nil {
			return form.Settlement, nil
		}
	}
	return nil, errors.New("no settlement statement among the forms")
}

func TestReadSettlement_Fields(t *testing.T) {
	f := workbook(t, tagen.SampleSettlement([]any{"Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes"}))
	s, err := readSettlement(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	texts := []struct {
		name string
		got  stpclaims.Text
		want string
		cell string
	}{
		{"ProgrammeCode", s.ProgrammeCode, "STP/2026/014", "Settlement!C3"},
		{"ProgrammeName", s.ProgrammeName, "Noting and drafting", "Settlement!C4"},
		{"Venue", s.Venue, "IMG Thiruvananthapuram", "Settlement!C11"},
	}
	for _, x := range texts {
		if !x.got.Ok() || x.got.Value != x.want || x.got.Cell != x.cell {
			t.Errorf("%s = %+v, want %q at %s", x.name, x.got, x.want, x.cell)
		}
	}
	counts := []struct {
		name string
		got  stpclaims.Count
		want int
	}{
		{"TrainingDays", s.TrainingDays, 5}, {"Participants", s.Participants, 30}, {"Accommodated", s.Accommodated, 12},
		{"GuestFaculty", s.GuestFaculty, 3}, {"OutstationGuestFaculty", s.OutstationGuestFaculty, 1}, {"GuestSessions", s.GuestSessions, 8},
	}
	for _, x := range counts {
		if !x.got.Ok() || x.got.Value != x.want {
			t.Errorf("%s = %+v, want %d", x.name, x.got, x.want)
		}
	}
	dates := []struct {
		name string
		got  stpclaims.Date
		want string
		cell string
	}{
		{"StartDate", s.StartDate, "12.01.2026", "Settlement!C5"},
		{"EndDate", s.EndDate, "16.01.2026", "Settlement!C5"},
		{"AdvanceDate", s.AdvanceDate, "05.01.2026", "Settlement!E13"},
		{"SettledOn", s.SettledOn, "10.02.2026", "Settlement!C14"},
	}
	for _, x := range dates {
		if !x.got.Ok() || dmy(x.got.Value) != x.want || x.got.Cell != x.cell {
			t.Errorf("%s = %+v, want %s at %s", x.name, x.got, x.want, x.cell)
		}
	}
	if !s.VenueGovtOwned.Ok() || !s.VenueGovtOwned.Value {
		t.Errorf("VenueGovtOwned = %+v, want yes", s.VenueGovtOwned)
	}
	if !s.AdvanceReceived.Ok() || !s.AdvanceReceived.Value.Equal(dec(125000)) || s.AdvanceReceived.Cell != "Settlement!C13" {
		t.Errorf("AdvanceReceived = %+v, want 125000 at C13", s.AdvanceReceived)
	}
	want := []struct {
		field string
		state stpclaims.State
		value string
		row   string
	}{
		{"gf_remuneration", stpclaims.Present, "5250", "17"},
		{"gf_ta", stpclaims.Present, "1200", "18"},
		{"coordination_fee", stpclaims.Present, "2000", "19"},
		{"stationery", stpclaims.Present, "1480.5", "20"},
		{"photocopy", stpclaims.Present, "0", "21"},
		{"food", stpclaims.Present, "14200", "22"},
		{"venue_hire", stpclaims.Present, "0", "23"},
		{"miscellaneous", stpclaims.Present, "450", "24"},
		{"ta_advance", stpclaims.Present, "15800", "26"},
		{"da_advance", stpclaims.Present, "8750", "27"},
		{"other_expenses", stpclaims.Missing, "0", "28"},
	}
	if len(s.Expenditure) != len(want) {
		t.Fatalf("%d expenditure rows, want %d: %+v", len(s.Expenditure), len(want), s.Expenditure)
	}
	for i, w := range want {
		e := s.Expenditure[i]
		// the Actual expenditure column (D), not the sanctioned one (C)
		if e.Field != w.field || e.Actual.State != w.state || !e.Actual.Value.Equal(dec(w.value)) || e.Actual.Cell != "Settlement!D"+w.row {
			t.Errorf("expenditure %d = %+v, want %s %v %s at D%s", i, e, w.field, w.state, w.value, w.row)
		}
	}
}

func TestReadSettlement_ReportItems(t *testing.T) {
	tests := []struct {
		name   string
		marks  []any
		states []stpclaims.State
		values []bool
	}{
		{"yes and no", []any{"Yes", "No", "yes", "NO", "Y", "N", "Yes"},
			[]stpclaims.State{1, 1, 1, 1, 1, 1, 1}, []bool{true, false, true, false, true, false, true}},
		{"ticks and crosses", []any{"✓", "✔", "✗", "✘", "✓", "x", "✓"},
			[]stpclaims.State{1, 1, 1, 1, 1, 1, 1}, []bool{true, true, false, false, true, false, true}},
		{"words", []any{"Enclosed", "Not enclosed", "Attached", "Pending", "enclosed", "not attached", "Submitted"},
			[]stpclaims.State{1, 1, 1, 1, 1, 1, 1}, []bool{true, false, true, false, true, false, true}},
		{"empty and unreadable", []any{nil, "Yes", "see file", nil, "No", "", "Yes"},
			[]stpclaims.State{0, 1, 2, 0, 1, 0, 1}, []bool{false, true, false, false, false, false, true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := readSettlement(context.Background(), workbook(t, tagen.SampleSettlement(tt.marks)))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.ReportItems) != 7 {
				t.Fatalf("%d report items, want 7: %+v", len(s.ReportItems), s.ReportItems)
			}
			for i, it := range s.ReportItems {
				if it.Number != i+1 || it.Title != reportItemTitles[i] {
					t.Errorf("item %d = %d %q", i+1, it.Number, it.Title)
				}
				if it.Enclosed.State != tt.states[i] || it.Enclosed.Value != tt.values[i] {
					t.Errorf("item %d (%v) enclosed = %+v, want %v %v", i+1, tt.marks[i], it.Enclosed, tt.states[i], tt.values[i])
				}
				if want := "Settlement!C" + itoa(31+i); it.Enclosed.Cell != want {
					t.Errorf("item %d cell = %q, want %q", i+1, it.Enclosed.Cell, want)
				}
			}
		})
	}
}

func itoa(n int) string {
	name, _ := excelize.CoordinatesToCellName(1, n)
	return name[1:]
}

// TestReadSettlement_Plain reads a statement with no column headers: each
// value is the nearest cell to the right of its label.
func TestReadSettlement_Plain(t *testing.T) {
	tb := tagen.Table{Sheet: "Sheet1", Block: [][]any{
		{"Training Programme Code:", "STP/7"},
		{"From", "01/03/2026", "To", "03/03/2026"},
		{"Amount of advance received", "20000"},
		{"Date of advance", "20.02.2026"},
		{"Remuneration to Guest Faculty", "", "", "3,000"},
		{"Food & Refreshments", "Rs.9000/-"},
		{"DA advance", "garbled"},
		{"Attendance Register", "✓"},
		{"Date", "25.03.2026"},
	}}
	s, err := readSettlement(context.Background(), workbook(t, tb))
	if err != nil {
		t.Fatal(err)
	}
	if s.ProgrammeCode.Value != "STP/7" || dmy(s.StartDate.Value) != "01.03.2026" || dmy(s.EndDate.Value) != "03.03.2026" {
		t.Errorf("header %+v %+v %+v", s.ProgrammeCode, s.StartDate, s.EndDate)
	}
	if !s.AdvanceReceived.Value.Equal(dec(20000)) || dmy(s.AdvanceDate.Value) != "20.02.2026" || dmy(s.SettledOn.Value) != "25.03.2026" {
		t.Errorf("advance %+v on %+v, settled %+v", s.AdvanceReceived, s.AdvanceDate, s.SettledOn)
	}
	if len(s.Expenditure) != 3 {
		t.Fatalf("expenditure %+v, want 3 rows", s.Expenditure)
	}
	if e := s.Expenditure[0]; e.Field != "gf_remuneration" || !e.Actual.Value.Equal(dec(3000)) || e.Actual.Cell != "Sheet1!D5" {
		t.Errorf("remuneration %+v", e)
	}
	if e := s.Expenditure[1]; e.Field != "food" || !e.Actual.Value.Equal(dec(9000)) {
		t.Errorf("food %+v", e)
	}
	if e := s.Expenditure[2]; e.Field != "da_advance" || e.Actual.State != stpclaims.Unreadable || e.Actual.Raw != "garbled" {
		t.Errorf("da %+v, want unreadable", e)
	}
	if len(s.ReportItems) != 1 || s.ReportItems[0].Number != 1 || !s.ReportItems[0].Enclosed.Value {
		t.Errorf("report items %+v", s.ReportItems)
	}
	if s.Participants.State != stpclaims.Missing {
		t.Errorf("Participants = %+v, want missing", s.Participants)
	}
}

func TestReadSettlement_NoComponents(t *testing.T) {
	tb := tagen.Table{Sheet: "Sheet1", Block: [][]any{{"Advance received", 20000}, {"Date of settlement", "25.03.2026"}}}
	_, err := readSettlement(context.Background(), workbook(t, tb))
	var rej *stpclaims.Rejection
	if !errors.As(err, &rej) || rej.Form != stpclaims.FormSettlement {
		t.Fatalf("err = %v, want a settlement Rejection", err)
	}
}

// fixtureSettlement is the committed statement fixture
// (testdata/settlement/statement.xlsx).
func fixtureSettlement(t *testing.T) *excelize.File {
	t.Helper()
	f, err := tagen.Workbook(tagen.SampleSettlement([]any{"Yes", "No", "✓", nil, "Enclosed", "Not enclosed", "Y"}))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestReadSettlement_Golden(t *testing.T) {
	xlsx := filepath.Join("testdata", "settlement", "statement.xlsx")
	if *update {
		writeFixture(t, fixtureSettlement(t), xlsx)
	}
	s, err := readSettlement(context.Background(), openFile(t, xlsx))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Expenditure) != 11 || len(s.ReportItems) != 7 {
		t.Fatalf("%d expenditure rows and %d report items, want 11 and 7", len(s.Expenditure), len(s.ReportItems))
	}
	checkGolden(t, filepath.Join("testdata", "settlement", "statement.golden.json"), s)
}

func dmy(t time.Time) string { return t.Format("02.01.2006") }
