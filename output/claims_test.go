package output_test

// The tests in this file run claims as co-ordinators write them through
// the whole check (package process: read, the rules, Annotate) and look
// at what comes back: the notes, the Findings sheet and the reply, in the
// wording people read.

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/output"
	"stpclaims/process"
	"stpclaims/validate"
)

// put writes rows of values from row first of sheet, column A on.
func put(t testing.TB, f *excelize.File, sheet string, first int, rows [][]any) {
	t.Helper()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, first+i)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
}

func workbookBytes(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// annexureWithTen is an Annexure II laid out as the 2015 order prints it
// (Sl.No | particulars | hint | value) whose figures break ten rules: four
// lines over their caps, line 17 added wrong, an advance over the largest
// and not rounded, venue hire to be confirmed, a photocopy sample to send
// and an account number that is not one.
func annexureWithTen(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	const s = "Annexure II"
	if err := f.SetSheetName("Sheet1", s); err != nil {
		t.Fatal(err)
	}
	put(t, f, s, 1, [][]any{
		{"ANNEXURE II"},
		{"PROFORMA FOR CLAIMING ADVANCES FOR STP PROGRAMMES"},
		{"Department:", nil, nil, "Revenue"},
		{"Place & Venue :", nil, nil, "Town Hall, Kottayam"},
		{"Sl.No", "Particulars", nil, "Details / Amount"},
		{1, "Training Programme Code", nil, "STP/REV/2026/11"},
		{2, "Name of training Programme", nil, "Revenue Recovery Procedures"},
		{3, "Duration", "From.....to..... (Training days).....", "12.01.2026 to 16.01.2026 (5 days)"},
		{4, "No.of participants", nil, 28},
		{5, "Number of Guest Faculty", nil, 4},
		{6, "Number of sessions allotted to Guest Faculty", nil, 10},
		{7, "Class of Officers attending the training", nil, "II & III"},
		{8, "Type of training programme", "Zonal/ District/ State", "State"},
		{9, "Remuneration to Guest Faculty", "Rs.750 x No. of Guest Faculty( per session of 90 minutes duration)", 7500},
		{10, "TA/DA to Guest Faculty", "Rs.100 x No. of Guest Faculty Rs .....(actual TA)", 2000},
		{11, "Co-ordination fee", "Rs.300 x training days", 2000},
		{12, "Stationery", "Rs. 100 x No. of participants", 3500},
		{13, "Photocopy charges", "Rs.750 x training days", 3000},
		{14, "Food & Refreshments ( @ Rs.121/- for outstation participants who are not availed accommodation & @ Rs. 216/- for those who avail accommodation", "Rs. .... x No. of participants x training days", 36000},
		{15, "Hiring charges for venue and training equipments", "Rs.1250 x training days } Rs.1250 x. training days } 2500/-", 5000},
		{16, "Miscellaneous", "Rs.550 x. training days", 3000},
		{17, "Total (Sl.No.9 to 16)", nil, 60000},
		{18, "TA advance for participants Rs. 16000 (Corresponding deductions to be made for less number of participants)", "Category Rate", 14000},
		{19, "DA advance", "Rs. 1000 x training days", 4500},
		{20, "Other expenses (applicable in case where revised budget is necessary. Details should be furnished)", nil, "Nil"},
		{21, "Advance Claimed (Round to the nearest 100)", "Maximum 75% of Sl.No. 17 + 18 +19", 60050},
		{22, "Name, Designation and address of the Co-ordinator with Phone No. & E-mail.id", nil, "Sri. Rajesh Kumar, Deputy Tahsildar, rajesh.k@kerala.gov.in"},
		{23, "Account No. of Co-ordinator", nil, "12345"},
	})
	for col, w := range map[string]float64{"A": 6, "B": 50, "C": 30, "D": 30} {
		if err := f.SetColWidth(s, col, col, w); err != nil {
			t.Fatal(err)
		}
	}
	return workbookBytes(t, f)
}

// taBillWithTen is a TA bill of seven participants and three guest
// faculty whose rows break ten rules: a local participant's fare, a fare
// over the eligible, DA over a quarter, an absence, an autorickshaw fare
// beyond 8 km, an IFSC that is not one; a remuneration over the sessions,
// a taxi, a government employee's travel; and the certificates of pay.
func taBillWithTen(t testing.TB) []byte {
	f := excelize.NewFile()
	defer f.Close()
	const p, g = "Participants", "Guest Faculty"
	if err := f.SetSheetName("Sheet1", p); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet(g); err != nil {
		t.Fatal(err)
	}
	put(t, f, p, 1, [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", "STP/REV/2026/11"},
		{"Name of training Programme", "Revenue Recovery Procedures"},
		{"Duration", "12.01.2026 to 16.01.2026 (5 days)"},
		{},
		{"Sl.No", "Name", "PEN", "Designation", "Class", "Office / Headquarters", "Distance from headquarters (km)", "Mode",
			"Eligible fare", "Fare claimed", "Auto km", "Auto fare", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total",
			"Account No.", "IFSC"},
	})
	type row struct {
		name, pen, class, office                                 string
		km                                                       int
		mode                                                     string
		eligible, fare, autoKm, auto, attended, absent, rate, da int
		ifsc                                                     string
	}
	rows := []row{
		{"Asha K", "110201", "III", "Taluk Office, Kottayam", 5, "Bus", 60, 60, 0, 0, 5, 0, 600, 750, "SBIN0070123"},
		{"Binu M", "110202", "II", "Collectorate, Alappuzha", 150, "Bus", 420, 900, 0, 0, 5, 0, 800, 1000, "CNRB0001234"},
		{"Chitra R", "110203", "II", "Taluk Office, Pala", 40, "Bus", 180, 180, 0, 0, 5, 0, 600, 1500, "FDRL0001111"},
		{"Dinesh P", "110204", "III", "Village Office, Erattupetta", 60, "Train", 200, 200, 0, 0, 4, 1, 600, 600, "SBIN0070124"},
		{"Elias J", "110205", "III", "Collectorate, Idukki", 110, "Bus", 360, 360, 12, 150, 5, 0, 600, 750, "SBIN0070125"},
		{"Fathima S", "110206", "II", "RDO Office, Changanassery", 30, "Bus", 120, 120, 0, 0, 5, 0, 800, 1000, "SBI123"},
		{"Gopakumar T", "110207", "III", "Taluk Office, Meenachil", 45, "Bus", 150, 150, 0, 0, 5, 0, 600, 750, "SBIN0070126"},
	}
	total := 0
	for i, r := range rows {
		sum := r.fare + r.auto + r.da
		total += sum
		put(t, f, p, 7+i, [][]any{{i + 1, r.name, r.pen, "Deputy Tahsildar", r.class, r.office, r.km, r.mode,
			r.eligible, r.fare, r.autoKm, r.auto, r.attended, r.absent, r.rate, r.da, sum, fmt.Sprintf("6710%08d", i+1), r.ifsc}})
	}
	put(t, f, p, 7+len(rows), [][]any{{"Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, total}})
	put(t, f, g, 1, [][]any{
		{"Guest Faculty"},
		{},
		{"Sl.No", "Name", "Government employee", "Local", "Sessions taken", "Days engaged", "Distance (km)", "Mode of travel",
			"Remuneration claimed", "Conveyance claimed", "Travel claimed", "Account No.", "IFSC"},
		{1, "Dr. Rema Nair", "No", "Yes", 3, 2, 8, "Own", 3000, 200, 0, "671000000101", "SBIN0070123"},
		{2, "Prof. Thomas Mathew", "No", "No", 2, 1, 180, "Taxi", 1500, 0, 1000, "671000000102", "SBIN0070123"},
		{3, "Sri. Unnikrishnan", "Yes", "No", 2, 1, 90, "Bus", 1500, 0, 800, "671000000103", "SBIN0070123"},
	})
	return workbookBytes(t, f)
}

// checked runs a workbook through the whole check, received three weeks
// before the programme.
func checked(t testing.TB, name string, data []byte) process.Result {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	c := &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Zone: time.UTC}
	sub := stpclaims.NewSubmission(name, data, stpclaims.SourceCLI, time.Date(2025, 12, 22, 10, 0, 0, 0, time.UTC))
	res, err := c.Check(context.Background(), sub)
	if err != nil {
		t.Fatalf("check %s: %v", name, err)
	}
	if res.Annotated == nil {
		t.Fatalf("%s was not read: %s", name, res.Programmes[0].Report.Reason)
	}
	return res
}

// updateGoldens is the -update flag the package's own tests define.
func updateGoldens() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func goldenFile(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGoldens() {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what was written:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// notesOf lists every note stpclaims added, by sheet and cell.
func notesOf(t *testing.T, f *excelize.File) string {
	t.Helper()
	var b strings.Builder
	for _, sheet := range f.GetSheetList() {
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(cs, func(a, b excelize.Comment) int {
			ac, ar, _ := excelize.CellNameToCoordinates(a.Cell)
			bc, br, _ := excelize.CellNameToCoordinates(b.Cell)
			if ar != br {
				return ar - br
			}
			return ac - bc
		})
		for _, c := range cs {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			fmt.Fprintf(&b, "== %s!%s\n%s\n\n", sheet, c.Cell, strings.TrimPrefix(text, "stpclaims:\n"))
		}
	}
	return b.String()
}

// sheetText is a sheet's rows as text, the cells of a row joined by " | ",
// money as the decimal it was written from.
func sheetText(t *testing.T, f *excelize.File, sheet string) string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.ReplaceAll(strings.TrimRight(strings.Join(r, " | "), " |"), "\n", " / "))
		b.WriteByte('\n')
	}
	return b.String()
}

func openBytes(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestAnnotate_Wording: the notes, the Findings sheet, the reply and the
// summary of an Annexure II and a TA bill with ten findings each, in the
// wording people read (goldens; go test -update rewrites them).
func TestAnnotate_Wording(t *testing.T) {
	for _, c := range []struct {
		name string
		data func(testing.TB) []byte
	}{
		{"annexure2", annexureWithTen},
		{"ta-bill", taBillWithTen},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := checked(t, c.name+".xlsx", c.data(t))
			if n := len(res.Programmes[0].Report.Findings); n != 10 {
				for _, f := range res.Programmes[0].Report.Findings {
					t.Log(f.Rule, f.Message)
				}
				t.Fatalf("%d findings, want 10", n)
			}
			f := openBytes(t, res.Annotated)
			goldenFile(t, "wording-"+c.name+".notes.golden", notesOf(t, f))
			goldenFile(t, "wording-"+c.name+".findings.golden", sheetText(t, f, "Findings"))
			goldenFile(t, "wording-"+c.name+".reply.golden", output.ReplyBody([]output.ReplyPart{{Report: &res.Programmes[0].Report, Attached: res.AnnotatedName}}))
			var sum strings.Builder
			if err := output.Summary(&sum, &res.Programmes[0].Report); err != nil {
				t.Fatal(err)
			}
			goldenFile(t, "wording-"+c.name+".summary.golden", sum.String())
		})
	}
}

// TestAnnotate_ActionFirst: every note, Findings row and reply line of a
// finding starts with the line or row as the form names it and what to
// do, and ends with the rule.
func TestAnnotate_ActionFirst(t *testing.T) {
	res := checked(t, "annexure2.xlsx", annexureWithTen(t))
	reply := output.ReplyBody([]output.ReplyPart{{Report: &res.Programmes[0].Report}})
	for _, want := range []string{
		"- Line 14, Food & Refreshments: reduce to Rs 32,055 (over by Rs 3,945).",
		"- Line 21, Advance claimed: write Rs 56,400 or less, a multiple of 100.",
		"(AII-FOOD; clause cost sheet, III, I(i), Annexure II 14)",
	} {
		if !strings.Contains(reply, want) {
			t.Errorf("the reply lacks %q:\n%s", want, reply)
		}
	}
	f := openBytes(t, res.Annotated)
	for _, sheet := range []string{"Annexure II"} {
		cs, err := f.GetComments(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			text := c.Text
			for _, p := range c.Paragraph {
				text += p.Text
			}
			text = strings.TrimPrefix(text, "stpclaims:\n")
			if !strings.HasPrefix(text, "Line ") && !strings.HasPrefix(text, "Place") {
				t.Errorf("note on %s starts %q", c.Cell, text)
			}
		}
	}
	bill := checked(t, "ta-bill.xlsx", taBillWithTen(t))
	reply = output.ReplyBody([]output.ReplyPart{{Report: &bill.Programmes[0].Report}})
	for _, want := range []string{
		"- Row 8, Binu M, Fare claimed: reduce to the eligible fare, Rs 420 (over by Rs 480).",
		"- Guest faculty row 5, Prof. Thomas Mathew, Travel claimed: strike out the taxi fare of Rs 1,000 (none of it is admissible).",
		"Total claimed: Rs ",
		"admissible (what the DDO pays): Rs ",
	} {
		if !strings.Contains(reply, want) {
			t.Errorf("the bill's reply lacks %q:\n%s", want, reply)
		}
	}
}

// TestAnnotate_PeopleTable: the TA bill's table of money per person lists
// every participant and guest faculty member, and its rows and its total
// add up to the report's admissible total.
func TestAnnotate_PeopleTable(t *testing.T) {
	res := checked(t, "ta-bill.xlsx", taBillWithTen(t))
	f := openBytes(t, res.Annotated)
	rows, err := f.GetRows("Findings", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	start := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && strings.HasPrefix(r[0], "Money per person") })
	if start < 0 {
		t.Fatal("no table of money per person on the Findings sheet")
	}
	var names []string
	claimed, admissible := decimal.Zero, decimal.Zero
	var total []string
	for _, r := range rows[start+2:] {
		if len(r) < 6 {
			continue
		}
		if r[0] == "Total of the bill" {
			total = r
			break
		}
		names = append(names, r[1])
		c, err1 := decimal.NewFromString(r[3])
		a, err2 := decimal.NewFromString(r[5])
		if err1 != nil || err2 != nil {
			t.Fatalf("row %v: amounts %q %q", r, r[3], r[5])
		}
		cut, _ := decimal.NewFromString(r[4])
		if !c.Sub(a).Equal(cut) {
			t.Errorf("%s: claimed %s − admissible %s ≠ cut %s", r[1], c, a, cut)
		}
		claimed, admissible = claimed.Add(c), admissible.Add(a)
	}
	want := []string{"Asha K", "Binu M", "Chitra R", "Dinesh P", "Elias J", "Fathima S", "Gopakumar T",
		"Dr. Rema Nair", "Prof. Thomas Mathew", "Sri. Unnikrishnan"}
	if !slices.Equal(names, want) {
		t.Errorf("people\n got %v\nwant %v", names, want)
	}
	tot := res.Programmes[0].Report.Totals
	if !admissible.Equal(tot.Admissible) || !claimed.Equal(tot.Claimed) {
		t.Errorf("rows add up to %s claimed, %s admissible; the report's totals are %s, %s", claimed, admissible, tot.Claimed, tot.Admissible)
	}
	if total == nil || total[5] != tot.Admissible.String() || total[3] != tot.Claimed.String() {
		t.Errorf("total row %v, want %s claimed and %s admissible", total, tot.Claimed, tot.Admissible)
	}
}

// nullRupees writes an amount as the sheet shows it, "" for none.
func nullRupees(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return output.Rupees(d.Decimal)
}
