package read

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// openFixture opens testdata/name with the default limits.
func openFixture(t testing.TB, name string) *Workbook {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Open(context.Background(), name, data, DefaultLimits())
	if err != nil {
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() { wb.Close() })
	return wb
}

// goldenField is one field of a golden file: the rendered value, cell and
// state.
type goldenField struct {
	Name  string `json:"name"`
	Value string `json:"value,omitempty"`
	Cell  string `json:"cell,omitempty"`
	State string `json:"state"`
}

func goldenFields(a *stpclaims.AnnexureII) []goldenField {
	states := annexureIIStates(a)
	var out []goldenField
	for _, fv := range a.FieldValues() {
		out = append(out, goldenField{Name: fv.Name, Value: fv.Value, Cell: fv.Cell, State: states[fv.Name]})
	}
	return out
}

// annexureIIStates maps the field names FieldValues uses to their states.
func annexureIIStates(a *stpclaims.AnnexureII) map[string]string {
	m := map[string]string{
		"department": a.Department.State.String(), "venue": a.Venue.State.String(),
		"programme_code": a.ProgrammeCode.State.String(), "programme_name": a.ProgrammeName.State.String(),
		"start_date": a.StartDate.State.String(), "end_date": a.EndDate.State.String(),
		"training_days": a.TrainingDays.State.String(), "participants": a.Participants.State.String(),
		"accommodated": a.Accommodated.State.String(), "guest_faculty": a.GuestFaculty.State.String(),
		"outstation_guest_faculty": a.OutstationGuestFaculty.State.String(), "guest_sessions": a.GuestSessions.State.String(),
		"officer_class": a.OfficerClass.State.String(), "programme_type": a.ProgrammeType.State.String(),
		"venue_govt_owned": a.VenueGovtOwned.State.String(), "coordinator": a.Coordinator.State.String(),
		"coordinator_designation": a.CoordinatorDesignation.State.String(), "coordinator_phone": a.CoordinatorPhone.State.String(),
		"coordinator_email": a.CoordinatorEmail.State.String(), "account_no": a.AccountNo.State.String(),
		"ifsc": a.IFSC.State.String(), "facilitator": a.Facilitator.State.String(), "facilitator_email": a.FacilitatorEmail.State.String(),
	}
	for _, ml := range a.MoneyLines() {
		m[ml.Field] = ml.Amount.State.String()
	}
	return m
}

// TestOpen_AnnexureIIGolden reads every Annexure II fixture and compares
// all its fields (value, cell, state) with testdata/golden/<fixture>.json.
// Run with -update to rewrite the golden files after checking the diff.
func TestOpen_AnnexureIIGolden(t *testing.T) {
	for _, name := range []string{"proforma.xlsx", "label-value.xlsx", "merged-amount.xlsx", "text-values.xlsx", "formulas.xlsx", "formulas-lo.xlsx"} {
		t.Run(name, func(t *testing.T) {
			wb := openFixture(t, name)
			if wb.Forms[0].Kind != stpclaims.FormAnnexureII || wb.Forms[0].AnnexureII == nil {
				t.Fatalf("Form.Kind = %q, want annexure2", wb.Forms[0].Kind)
			}
			checkGolden(t, filepath.Join("testdata", "golden", strings.TrimSuffix(name, ".xlsx")+".json"), goldenFields(wb.Forms[0].AnnexureII))
		})
	}
}

// check is one expected field: its rendered value and cell.
type check struct{ value, cell string }

// TestOpen_AnnexureIILayouts checks, layout by layout, the fields each
// layout exists to test.
func TestOpen_AnnexureIILayouts(t *testing.T) {
	tests := []struct {
		fixture string
		want    map[string]check
	}{
		{"proforma.xlsx", map[string]check{ // Sl.No | label | hint | value
			"department":        {"Local Self Government", "Annexure II!D3"},
			"programme_code":    {"STP/LSGD/2026/017", "Annexure II!D6"},
			"start_date":        {"2026-01-12", "Annexure II!D8"},
			"end_date":          {"2026-01-16", "Annexure II!D8"},
			"training_days":     {"5", "Annexure II!D8"},
			"programme_type":    {"District", "Annexure II!D13"},
			"gf_remuneration":   {"4500", "Annexure II!D14"}, // not the hint "Rs.750 x No. of Guest Faculty" in C14
			"photocopy":         {"3750", "Annexure II!D18"}, // label is a paragraph
			"food":              {"32400", "Annexure II!D19"},
			"venue_hire":        {"0", "Annexure II!D20"},
			"other_expenses":    {"0", "Annexure II!D25"}, // Nil
			"advance_claimed":   {"52900", "Annexure II!D26"},
			"coordinator":       {"Smt. Anitha K", "Annexure II!D27"},
			"coordinator_email": {"anitha.k@kerala.gov.in", "Annexure II!D27"},
			"account_no":        {"67012345678", "Annexure II!D28"},
			"ifsc":              {"SBIN0070123", "Annexure II!D31"},
			"facilitator_email": {"suresh.p@img.kerala.gov.in", "Annexure II!D32"},
		}},
		{"label-value.xlsx", map[string]check{ // title rows, sheet "Advance claim", date cells
			"venue":                    {"Town Hall, Kottayam", "Advance claim!C6"},
			"programme_name":           {"Revenue Recovery Procedures", "Advance claim!C8"},
			"start_date":               {"2026-02-09", "Advance claim!C9"},
			"end_date":                 {"2026-02-13", "Advance claim!C10"},
			"participants":             {"28", "Advance claim!C12"},
			"accommodated":             {"20", "Advance claim!C13"},
			"outstation_guest_faculty": {"1", "Advance claim!C15"},
			"officer_class":            {"Class II, III", "Advance claim!C17"},
			"venue_govt_owned":         {"yes", "Advance claim!C19"},
			"miscellaneous":            {"2750", "Advance claim!C27"}, // "16. Misc."
			"other_expenses":           {"0", "Advance claim!C31"},    // "-"
			"coordinator_designation":  {"Deputy Tahsildar", "Advance claim!C34"},
			"coordinator_phone":        {"9895011223", "Advance claim!C35"},
			"ifsc":                     {"CNRB0001234", "Advance claim!D36"}, // same row as the account
		}},
		{"merged-amount.xlsx", map[string]check{ // merged B:C labels, "Amount (Rs.)" column, 1904 dates
			"department":        {"Health and Family Welfare", "Sheet1!D3"},
			"start_date":        {"2026-03-02", "Sheet1!F7"},
			"end_date":          {"2026-03-04", "Sheet1!H7"},
			"training_days":     {"3", "Sheet1!J7"},
			"participants":      {"25", "Sheet1!D8"}, // number stored as text
			"photocopy":         {"0", "Sheet1!D17"}, // empty amount: nothing claimed
			"subtotal":          {"24950", "Sheet1!D21"},
			"coordinator_phone": {"0487-2333444", "Sheet1!D26"},
			"account_no":        {"670212345678", "Sheet1!D27"},
			"ifsc":              {"FDRL0001234", "Sheet1!D27"},
		}},
		{"text-values.xlsx", map[string]check{ // every value as text
			"department":        {"Fisheries", "Claim!A2"}, // "Department :  Fisheries"
			"start_date":        {"2026-01-12", "Claim!B6"},
			"training_days":     {"5", "Claim!B6"},
			"participants":      {"30", "Claim!B7"},    // "30 nos"
			"guest_sessions":    {"6", "Claim!B9"},     // "6 sessions"
			"gf_remuneration":   {"4500", "Claim!B12"}, // "750 x 6 = 4500"
			"gf_ta":             {"1500", "Claim!B13"}, // "Rs.100 x 15"
			"coordination_fee":  {"1500", "Claim!B14"}, // "Rs. 1,500/-"
			"stationery":        {"3100", "Claim!B15"}, // "₹3100.00"
			"photocopy":         {"0", "Claim!B16"},    // "NIL"
			"food":              {"32400", "Claim!B17"},
			"subtotal":          {"45750", "Claim!B20"},
			"other_expenses":    {"twenty thousand", "Claim!B23"}, // unreadable, shown as typed
			"advance_claimed":   {"50000", "Claim!B24"},
			"coordinator_phone": {"+91 94950 12345", "Claim!B25"},
			"ifsc":              {"SBIN0001234", "Claim!B27"},
		}},
		{"formulas-lo.xlsx", map[string]check{ // cached values saved by LibreOffice
			"gf_remuneration": {"3000", "Annexure II!D14"},
			"food":            {"12960", "Annexure II!D19"},
			"subtotal":        {"21110", "Annexure II!D22"},
			"ta_advance":      {"10667", "Annexure II!D23"},
			"advance_claimed": {"25300", "Annexure II!D26"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			wb := openFixture(t, tt.fixture)
			got := map[string]check{}
			for _, fv := range wb.Forms[0].AnnexureII.FieldValues() {
				got[fv.Name] = check{fv.Value, fv.Cell}
			}
			for name, want := range tt.want {
				if got[name] != want {
					t.Errorf("%s = %q at %q, want %q at %q", name, got[name].value, got[name].cell, want.value, want.cell)
				}
			}
		})
	}
}

// TestOpen_Unreadable checks that values that cannot be read are
// Unreadable with their raw text and cell, never guessed, and that fields
// with no label are Missing.
func TestOpen_Unreadable(t *testing.T) {
	t.Run("text", func(t *testing.T) {
		a := openFixture(t, "text-values.xlsx").Forms[0].AnnexureII
		if a.OtherExpenses.State != stpclaims.Unreadable || a.OtherExpenses.Raw != "twenty thousand" || a.OtherExpenses.Cell != "Claim!B23" {
			t.Errorf("other_expenses = %+v, want unreadable \"twenty thousand\" at Claim!B23", a.OtherExpenses)
		}
		if a.VenueGovtOwned.State != stpclaims.Missing || a.VenueGovtOwned.Cell != "" {
			t.Errorf("venue_govt_owned = %+v, want missing with no cell", a.VenueGovtOwned)
		}
	})
	t.Run("formula without cached value", func(t *testing.T) {
		a := openFixture(t, "formulas.xlsx").Forms[0].AnnexureII
		for _, tc := range []struct {
			got  stpclaims.Amount
			raw  string
			cell string
		}{
			{a.GFRemuneration, "=750*D11", "Annexure II!D14"},
			{a.Subtotal, "=SUM(D14:D21)", "Annexure II!D22"},
			{a.AdvanceClaimed, "=ROUND(0.75*(D22+D23+D24)/100,0)*100", "Annexure II!D26"},
		} {
			if tc.got.State != stpclaims.Unreadable || tc.got.Raw != tc.raw || tc.got.Cell != tc.cell {
				t.Errorf("got %+v, want unreadable %q at %s", tc.got, tc.raw, tc.cell)
			}
		}
		if !a.Photocopy.Ok() || !a.Photocopy.Value.IsZero() {
			t.Errorf("photocopy = %+v, want present 0", a.Photocopy)
		}
	})
	t.Run("generated", func(t *testing.T) {
		f := excelize.NewFile()
		defer f.Close()
		rows := [][]string{
			{"Training Programme Code", "STP/X/1"},
			{"Duration", "sometime in January"},
			{"No. of participants", "about thirty"},
			{"Food & Refreshments", "as per actuals"},
			{"Stationery", ""},
			{"Advance Claimed", ""},
			{"Co-ordination fee", "1500"},
			{"Remuneration to Guest Faculty", "3000"},
		}
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				f.SetCellStr("Sheet1", cell, v)
			}
		}
		a := openBook(t, f).Forms[0].AnnexureII
		if a.StartDate.State != stpclaims.Unreadable || a.StartDate.Cell != "Sheet1!B2" || a.StartDate.Raw != "sometime in January" {
			t.Errorf("start_date = %+v", a.StartDate)
		}
		if a.Participants.State != stpclaims.Unreadable || a.Participants.Cell != "Sheet1!B3" {
			t.Errorf("participants = %+v", a.Participants)
		}
		if a.Food.State != stpclaims.Unreadable || a.Food.Raw != "as per actuals" {
			t.Errorf("food = %+v", a.Food)
		}
		if !a.Stationery.Ok() || !a.Stationery.Value.IsZero() || a.Stationery.Cell != "Sheet1!B5" {
			t.Errorf("stationery = %+v, want present 0 at Sheet1!B5", a.Stationery)
		}
		if a.AdvanceClaimed.State != stpclaims.Missing || a.AdvanceClaimed.Cell != "Sheet1!A6" {
			t.Errorf("advance_claimed = %+v, want missing at its label Sheet1!A6", a.AdvanceClaimed)
		}
		if a.ProgrammeName.State != stpclaims.Missing || a.ProgrammeName.Cell != "" {
			t.Errorf("programme_name = %+v, want missing with no cell", a.ProgrammeName)
		}
		if a.TrainingDays.State != stpclaims.Missing {
			t.Errorf("training_days = %+v, want missing", a.TrainingDays)
		}
	})
}

// openBook saves f to bytes and opens them with Open.
func openBook(t testing.TB, f *excelize.File) *Workbook {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	wb, err := Open(context.Background(), "generated.xlsx", buf.Bytes(), DefaultLimits())
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { wb.Close() })
	return wb
}

// TestOpen_DurationRow checks line 3 written across the cells of one row.
func TestOpen_DurationRow(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for cell, v := range map[string]string{
		"A1": "Training Programme Code", "B1": "STP/1", "A2": "No. of participants", "B2": "30",
		"A3": "Advance claimed", "B3": "1000",
		"A4": "3. Duration", "C4": "to", "E4": "5 days", "F4": "No. of Guest Faculty", "G4": "2",
	} {
		f.SetCellStr("Sheet1", cell, v)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	f.SetCellValue("Sheet1", "B4", time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC))
	f.SetCellValue("Sheet1", "D4", time.Date(2026, 1, 16, 0, 0, 0, 0, time.UTC))
	f.SetCellStyle("Sheet1", "B4", "D4", style)
	a := openBook(t, f).Forms[0].AnnexureII
	if !a.StartDate.Ok() || a.StartDate.Cell != "Sheet1!B4" || a.StartDate.Value.Day() != 12 {
		t.Errorf("start_date = %+v", a.StartDate)
	}
	if !a.EndDate.Ok() || a.EndDate.Cell != "Sheet1!D4" || a.EndDate.Value.Day() != 16 {
		t.Errorf("end_date = %+v", a.EndDate)
	}
	if !a.TrainingDays.Ok() || a.TrainingDays.Value != 5 || a.TrainingDays.Cell != "Sheet1!E4" {
		t.Errorf("training_days = %+v", a.TrainingDays)
	}
	if !a.GuestFaculty.Ok() || a.GuestFaculty.Value != 2 {
		t.Errorf("guest_faculty = %+v", a.GuestFaculty)
	}
}

// TestOpen_LabelVariants checks that the spelling variants and serial
// numbers co-ordinators use find the same field.
func TestOpen_LabelVariants(t *testing.T) {
	for _, label := range []string{"No.of participants", "Number of participants", "No of Participants", "4. No. of participants",
		"(iv) No of participants", "NO. OF PARTICIPANTS :", "Total no. of participants"} {
		t.Run(label, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			f.SetCellStr("Sheet1", "A1", "Training Programme Code")
			f.SetCellStr("Sheet1", "B1", "STP/1")
			f.SetCellStr("Sheet1", "A2", "Advance claimed")
			f.SetCellInt("Sheet1", "B2", 1000)
			f.SetCellStr("Sheet1", "A3", "Food")
			f.SetCellInt("Sheet1", "B3", 1000)
			f.SetCellStr("Sheet1", "A4", label)
			f.SetCellStr("Sheet1", "C4", "30 participants")
			a := openBook(t, f).Forms[0].AnnexureII
			if !a.Participants.Ok() || a.Participants.Value != 30 || a.Participants.Cell != "Sheet1!C4" {
				t.Errorf("participants = %+v, want 30 at Sheet1!C4", a.Participants)
			}
		})
	}
}

// TestOpen_FormKind checks that forms are told apart by their labels.
func TestOpen_FormKind(t *testing.T) {
	build := func(sheet string, rows [][]string) *excelize.File {
		f := excelize.NewFile()
		if sheet != "Sheet1" {
			f.SetSheetName("Sheet1", sheet)
		}
		for i, r := range rows {
			for j, v := range r {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
				f.SetCellStr(sheet, cell, v)
			}
		}
		return f
	}
	tests := []struct {
		name string
		f    *excelize.File
		want stpclaims.FormKind
	}{
		{"settlement shares the header", build("Sheet1", [][]string{
			{"Training Programme Code", "STP/1"}, {"Name of training Programme", "X"}, {"Advance received", "20000"},
			{"Date of settlement", "01.02.2026"}, {"Food & Refreshments", "12000"}}), stpclaims.FormSettlement},
		{"TA bill by header row", build("Bill", [][]string{
			{"Programme code", "STP/1"}, {}, {"Sl.No", "Name of participant", "Designation", "Distance (km)", "Fare claimed"}}), stpclaims.FormTABill},
		{"TA bill by sheet name", build("Participants", [][]string{{"Sl", "Name"}}), stpclaims.FormTABill},
		{"Annexure II", build("Sheet1", [][]string{{"Training Programme Code", "STP/1"}, {"No. of participants", "30"}, {"Advance Claimed", "1000"}}), stpclaims.FormAnnexureII},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer tt.f.Close()
			buf, err := tt.f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			wb, err := Open(context.Background(), "x.xlsx", buf.Bytes(), DefaultLimits())
			var rej *stpclaims.Rejection
			switch {
			case errors.As(err, &rej):
				// the TA bill and settlement readers may still be stubs
				// that reject; the kind they were taken for still shows
				if rej.Form != tt.want {
					t.Errorf("rejected as %q (%s), want %q", rej.Form, rej.Reason, tt.want)
				}
			case err != nil:
				t.Fatal(err)
			default:
				defer wb.Close()
				if wb.Forms[0].Kind != tt.want {
					t.Errorf("Kind = %q, want %q", wb.Forms[0].Kind, tt.want)
				}
			}
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, name := range []string{"proforma.xlsx", "label-value.xlsx", "merged-amount.xlsx", "text-values.xlsx", "formulas-lo.xlsx"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				wb, err := Open(context.Background(), name, data, DefaultLimits())
				if err != nil {
					b.Fatal(err)
				}
				wb.Close()
			}
		})
	}
}

// BenchmarkExcelizeBaseline is the bare cost the brief compares Open with:
// excelize opening the file, reading every cell and saving it.
func BenchmarkExcelizeBaseline(b *testing.B) {
	for _, name := range []string{"proforma.xlsx", "label-value.xlsx", "merged-amount.xlsx", "text-values.xlsx", "formulas-lo.xlsx"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f, err := excelize.OpenReader(strings.NewReader(string(data)))
				if err != nil {
					b.Fatal(err)
				}
				for _, s := range f.GetSheetList() {
					if _, err := f.GetRows(s); err != nil {
						b.Fatal(err)
					}
				}
				if _, err := f.WriteToBuffer(); err != nil {
					b.Fatal(err)
				}
				f.Close()
			}
		})
	}
}

func TestParseDuration(t *testing.T) {
	d := func(day, month int) time.Time { return time.Date(2026, time.Month(month), day, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		raw             string
		start, end      time.Time
		days            int
		okDates, okDays bool
	}{
		{"12.01.2026 to 16.01.2026 (5 days)", d(12, 1), d(16, 1), 5, true, true},
		{"From 12.01.2026 to 16.01.2026 (Training days) 5", d(12, 1), d(16, 1), 5, true, true},
		{"12/01/2026 - 16/01/2026, 5 training days", d(12, 1), d(16, 1), 5, true, true},
		{"12.01.2026-16.01.2026", d(12, 1), d(16, 1), 0, true, false},
		{"12 Jan 2026 to 16 Jan 2026", d(12, 1), d(16, 1), 0, true, false},
		{"5 days", time.Time{}, time.Time{}, 5, false, true},
		{"next week", time.Time{}, time.Time{}, 0, false, false},
		{"31.02.2026 to 04.03.2026 (5 days)", time.Time{}, time.Time{}, 5, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			s, e, n, okDates, okDays := parseDuration(tt.raw)
			if okDates != tt.okDates || okDays != tt.okDays || !s.Equal(tt.start) || !e.Equal(tt.end) || n != tt.days {
				t.Errorf("parseDuration(%q) = %v %v %d %v %v, want %v %v %d %v %v", tt.raw, s, e, n, okDates, okDays, tt.start, tt.end, tt.days, tt.okDates, tt.okDays)
			}
		})
	}
}

func TestSplitContact(t *testing.T) {
	tests := []struct{ in, name, designation, phone, email string }{
		{"Smt. Anitha K, Deputy Director, Panchayat Directorate, Ph: 9447012345, anitha.k@kerala.gov.in", "Smt. Anitha K", "Deputy Director", "9447012345", "anitha.k@kerala.gov.in"},
		{"Sri. Mohan Das\nAgricultural Officer\nMob. 94000 11122", "Sri. Mohan Das", "Agricultural Officer", "94000 11122", ""},
		{"Dr. Meera Nair, JAMO, 0487-2333444", "Dr. Meera Nair", "JAMO", "0487-2333444", ""},
		{"Rajesh", "Rajesh", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, d, p, e := splitContact(tt.in)
			if n != tt.name || d != tt.designation || p != tt.phone || e != tt.email {
				t.Errorf("splitContact = %q, %q, %q, %q; want %q, %q, %q, %q", n, d, p, e, tt.name, tt.designation, tt.phone, tt.email)
			}
		})
	}
}

func TestParseAccountNo(t *testing.T) {
	tests := []struct {
		raw, want string
		ok        bool
	}{
		{"67012345678", "67012345678", true},
		{"A/c 6702 1234 5678, IFSC FDRL0001234", "670212345678", true},
		{"0123-4567-8901", "012345678901", true},
		{"6.70123456789012E+15", "", false}, // lost digits in a number cell
		{"to be opened", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseAccountNo(tt.raw)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseAccountNo(%q) = %q, %v, want %q, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}
