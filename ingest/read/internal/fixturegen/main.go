// Command fixturegen writes the Annexure II workbooks package read is tested
// on (ingest/read/testdata) and the example claim (examples/). Each fixture
// lays the same programme out in a different way, as co-ordinators do.
//
// It writes only what excelize can make. The LibreOffice-saved fixtures
// (formulas with cached values, the .xls) are made from its output once with
// soffice; see ingest/read/testdata/README.md.
//
//	go run ./ingest/read/internal/fixturegen -testdata ingest/read/testdata -examples examples
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	testdata := flag.String("testdata", "ingest/read/testdata", "directory for the test fixtures")
	examples := flag.String("examples", "examples", "directory for the example claim")
	kerala := flag.String("kerala", "", "if set, write only the Kerala fixtures (issue 13) here, to be saved by LibreOffice")
	sheets := flag.String("sheets", "", "if set, write only the fixtures of several sheets and hidden parts (issue 13) here, to be saved by LibreOffice")
	flag.Parse()
	for dir, write := range map[string]func(string) error{*kerala: writeKerala, *sheets: writeSheets} {
		if dir == "" {
			continue
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			log.Fatal(err)
		}
		if err := write(dir); err != nil {
			log.Fatal(err)
		}
	}
	if *kerala != "" || *sheets != "" {
		return
	}
	if err := run(*testdata, *examples); err != nil {
		log.Fatal(err)
	}
}

func run(testdata, examples string) error {
	for _, d := range []string{testdata, examples} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	fixtures := []struct {
		name  string
		build func() (*excelize.File, error)
		opts  []excelize.Options
	}{
		{"proforma.xlsx", proforma, nil},
		{"label-value.xlsx", labelValue, nil},
		{"merged-amount.xlsx", mergedAmount, nil},
		{"text-values.xlsx", textValues, nil},
		{"formulas.xlsx", formulas, nil},
		{"unrelated.xlsx", unrelated, nil},
		{"encrypted.xlsx", labelValue, []excelize.Options{{Password: "secret"}}},
	}
	for _, fx := range fixtures {
		f, err := fx.build()
		if err != nil {
			return fmt.Errorf("%s: %w", fx.name, err)
		}
		if err := f.SaveAs(filepath.Join(testdata, fx.name), fx.opts...); err != nil {
			return fmt.Errorf("%s: %w", fx.name, err)
		}
		_ = f.Close()
	}
	f, err := example()
	if err != nil {
		return fmt.Errorf("example: %w", err)
	}
	defer f.Close()
	return f.SaveAs(filepath.Join(examples, "annexure2-example.xlsx"))
}

// sheet writes rows of cells starting at row 1 of sheet; nil leaves a cell
// empty.
func put(f *excelize.File, sheet string, top int, rows [][]any) error {
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, top+i)
			var err error
			switch v := v.(type) {
			case string:
				err = f.SetCellStr(sheet, cell, v)
			default:
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

func newSheet(name string) (*excelize.File, error) {
	f := excelize.NewFile()
	if name != "Sheet1" {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// The proforma as printed in the 2015 order: Sl.No | label | hint | value.
var proformaLabels = []struct{ label, hint string }{
	{"Training Programme Code", ""},
	{"Name of training Programme", ""},
	{"Duration", "From.....to..... (Training days)....."},
	{"No.of participants", ""},
	{"Number of Guest Faculty", ""},
	{"Number of sessions allotted to Guest Faculty", ""},
	{"Class of Officers attending the training", ""},
	{"Type of training programme", "Zonal/ District/ State"},
	{"Remuneration to Guest Faculty", "Rs.750 x No. of Guest Faculty( per session of 90 minutes duration)"},
	{"TA/DA to Guest Faculty", "Rs.100 x No. of Guest Faculty Rs .....(actual TA)"},
	{"Co-ordination fee", "Rs.300 x training days"},
	{"Stationery", "Rs. 100 x No. of participants"},
	{"Photocopy charges (Course materials shall be distributed to the participants in CD/e-mail etc. However in unavoidable situations photocopy of the materials can also be given. One copy of the material distributed to the participants should be submitted for verification of photocopy charges claimed)", "Rs.750 x training days"},
	{"Food & Refreshments ( @ Rs.121/- for outstation participants who are not availed accommodation & @ Rs. 216/- for those who avail accommodation", "Rs. .... x No. of participants x training days"},
	{"Hiring charges for venue and training equipments", "Rs.1250 x training days } Rs.1250 x. training days } 2500/-"},
	{"Miscellaneous", "Rs.550 x. training days"},
	{"Total (Sl.No.9 to 16)", ""},
	{"TA advance for participants Rs. 16000 (Corresponding deductions to be made for less number of participants)", "Category Rate"},
	{"DA advance", "Rs. 1000 x training days"},
	{"Other expenses (applicable in case where revised budget is necessary. Details should be furnished)", ""},
	{"Advance Claimed (Round to the nearest 100)", "Maximum 75% of Sl.No. 17 + 18 +19"},
	{"Name, Designation and address of the Co-ordinator with Phone No. & E-mail.id", ""},
	{"Account No. of Co-ordinator", ""},
}

// proformaSheet lays out the proforma on sheet with values[i] in column D of
// line i+1.
func proformaSheet(f *excelize.File, sheet, department, venue string, values []any) error {
	if err := put(f, sheet, 1, [][]any{
		{"ANNEXURE II"},
		{"PROFORMA FOR CLAIMING ADVANCES FOR STP PROGRAMMES"},
		{"Department:", nil, nil, department},
		{"Place & Venue :", nil, nil, venue},
		{"Sl.No", "Particulars", nil, "Details / Amount"},
	}); err != nil {
		return err
	}
	for i, l := range proformaLabels {
		row := []any{i + 1, l.label, nil, values[i]}
		if l.hint != "" {
			row[2] = l.hint
		}
		if err := put(f, sheet, 6+i, [][]any{row}); err != nil {
			return err
		}
	}
	return put(f, sheet, 6+len(proformaLabels)+1, [][]any{
		{nil, "Signature with Date ,", nil, "Signature with Date ,"},
		{nil, "Name & Designation of Co-ordinator", nil, "Name & Designation of Facilitator"},
	})
}

// fixture (1): the proforma as printed, values as numbers.
func proforma() (*excelize.File, error) {
	f, err := newSheet("Annexure II")
	if err != nil {
		return nil, err
	}
	values := []any{
		"STP/LSGD/2026/017",
		"Training on e-Governance for Panchayat Secretaries",
		"12.01.2026 to 16.01.2026 (5 days)",
		30, 3, 6, "II & III", "District",
		4500, 1500, 1500, 3100, 3750, 32400, 0, 2750, 49500,
		16000, 5000, "Nil", 52900,
		"Smt. Anitha K, Deputy Director, Panchayat Directorate, Ph: 9447012345, anitha.k@kerala.gov.in",
		"67012345678",
	}
	if err := proformaSheet(f, "Annexure II", "Local Self Government", "Panchayat Bhavan, Kollam", values); err != nil {
		return nil, err
	}
	if err := put(f, "Annexure II", 31, [][]any{{nil, "IFSC", nil, "SBIN0070123"}, {nil, "Facilitator", nil, "Dr. Suresh P, suresh.p@img.kerala.gov.in"}}); err != nil {
		return nil, err
	}
	return f, nil
}

// fixture (2): label | value only, extra title rows, a sheet called
// "Advance claim", serials in the label text, real date cells.
func labelValue() (*excelize.File, error) {
	f, err := newSheet("Advance claim")
	if err != nil {
		return nil, err
	}
	const s = "Advance claim"
	if err := put(f, s, 1, [][]any{
		{"Institute of Management in Government"},
		{"State Training Policy 2026-27"},
		{"Request for advance"},
		{},
		{nil, "Department", "Revenue"},
		{nil, "Place & Venue", "Town Hall, Kottayam"},
		{nil, "1. Training Programme Code", "STP/REV/2026/041"},
		{nil, "2. Name of the training programme", "Revenue Recovery Procedures"},
		{nil, "From", nil},
		{nil, "To", nil},
		{nil, "Training days", 5},
		{nil, "4. Number of participants", 28},
		{nil, "Participants availing accommodation", 20},
		{nil, "5. No. of Guest Faculty", 3},
		{nil, "Outstation non-government guest faculty", 1},
		{nil, "6. No. of sessions allotted to guest faculty", 6},
		{nil, "7. Class of officers", "Class II, III"},
		{nil, "8. Type of programme", "Zonal"},
		{nil, "Venue Govt-owned", "Yes"},
		{nil, "9. Remuneration to Guest Faculty", 4500},
		{nil, "10. TA/DA to Guest Faculty", 2000},
		{nil, "11. Coordination fee", 1500},
		{nil, "12. Stationery", 2900},
		{nil, "13. Photocopy charges", 3750},
		{nil, "14. Food and Refreshments", 30000},
		{nil, "15. Hiring charges for venue", 0},
		{nil, "16. Misc.", 2750},
		{nil, "17. Total", 47400},
		{nil, "18. TA advance", 14933},
		{nil, "19. DA advance", 4666},
		{nil, "20. Other expenses", "-"},
		{nil, "21. Advance claimed", 50200},
		{nil, "22. Name of Co-ordinator", "Sri. Rajesh Kumar"},
		{nil, "Designation", "Deputy Tahsildar"},
		{nil, "Mobile No", "9895011223"},
		{nil, "Account No.", "0123456789012", "IFSC: CNRB0001234"},
		{nil, "Name of Facilitator", "Smt. Latha R"},
	}); err != nil {
		return nil, err
	}
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	for cell, d := range map[string]time.Time{
		"C9":  time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC),
		"C10": time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC),
	} {
		if err := f.SetCellValue(s, cell, d); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(s, cell, cell, style); err != nil {
			return nil, err
		}
	}
	return f, f.SetColWidth(s, "B", "B", 45)
}

// fixture (3): merged label cells B:C, a header row "Particulars | Amount
// (Rs.)", "(i)" serials in their own column, dates in a custom date format
// in a 1904-date workbook, duration in separate cells on one row.
func mergedAmount() (*excelize.File, error) {
	f, err := newSheet("Sheet1")
	if err != nil {
		return nil, err
	}
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		return nil, err
	}
	const s = "Sheet1"
	rows := [][]any{
		{"PROFORMA FOR CLAIMING ADVANCES FOR STP PROGRAMMES"},
		{"Sl. No.", "Particulars", nil, "Amount (Rs.)"},
		{"(i)", "Department", nil, "Health and Family Welfare"},
		{"(ii)", "Place & Venue", nil, "District Medical Office Hall, Thrissur"},
		{"(iii)", "Training Programme Code", nil, "STP/HFW/2026/102"},
		{"(iv)", "Name of training Programme", nil, "Office Procedure and Noting"},
		{"(v)", "Duration", nil, nil, "From", nil, "To", nil, "Training days", 3},
		{"(vi)", "No. of Participants", nil, "25"},
		{"(vii)", "Number of Guest Faculty", nil, 2},
		{"(viii)", "Number of sessions allotted to Guest Faculty", nil, 4},
		{"(ix)", "Class of Officers attending the training", nil, "III & IV"},
		{"(x)", "Type of training programme", nil, "State"},
		{"(xi)", "Remuneration to Guest Faculty", nil, 3000},
		{"(xii)", "TA/DA to Guest Faculty", nil, 600},
		{"(xiii)", "Co-ordination fee", nil, 900},
		{"(xiv)", "Stationery", nil, 2600},
		{"(xv)", "Photocopy charges", nil, nil},
		{"(xvi)", "Food & Refreshments", nil, 16200},
		{"(xvii)", "Hiring charges for venue and training equipments", nil, nil},
		{"(xviii)", "Miscellaneous", nil, 1650},
		{"(xix)", "Total (Sl.No.9 to 16)", nil, 24950},
		{"(xx)", "TA advance for participants", nil, 13333},
		{"(xxi)", "DA advance", nil, 2500},
		{"(xxii)", "Other expenses", nil, nil},
		{"(xxiii)", "Advance Claimed", nil, 30600},
		{"(xxiv)", "Name, Designation and address of the Co-ordinator with Phone No. & E-mail id", nil, "Dr. Meera Nair, Junior Administrative Medical Officer, DMO Thrissur, 0487-2333444, meera.dmo@gmail.com"},
		{"(xxv)", "Account No. of Co-ordinator", nil, "A/c 6702 1234 5678, IFSC FDRL0001234"},
	}
	if err := put(f, s, 1, rows); err != nil {
		return nil, err
	}
	for r := 2; r <= len(rows); r++ {
		if err := f.MergeCell(s, fmt.Sprintf("B%d", r), fmt.Sprintf("C%d", r)); err != nil {
			return nil, err
		}
	}
	code := "dd/mm/yyyy"
	style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	if err != nil {
		return nil, err
	}
	for cell, d := range map[string]time.Time{
		"F7": time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC),
		"H7": time.Date(2026, 3, 4, 0, 0, 0, 0, time.UTC),
	} {
		if err := f.SetCellValue(s, cell, d); err != nil {
			return nil, err
		}
		if err := f.SetCellStyle(s, cell, cell, style); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// fixture (4): every value typed as text the way people write them.
func textValues() (*excelize.File, error) {
	f, err := newSheet("Claim")
	if err != nil {
		return nil, err
	}
	return f, put(f, "Claim", 1, [][]any{
		{"Advance request - STP"},
		{"Department :  Fisheries"},
		{"Venue", "Matsyabhavan Conference Hall, Alappuzha"},
		{"Programme code", "STP/FIS/2026/009"},
		{"Name of Training Programme", "Fisheries Extension Methods"},
		{"Duration", "12.01.2026 to 16.01.2026 (5 days)"},
		{"No of Participants", "30 nos"},
		{"No. of guest faculty", "3 Nos."},
		{"No of sessions", "6 sessions"},
		{"Class of officers", "I & II"},
		{"Type of training programme", "state"},
		{"Remuneration to Guest Faculty", "750 x 6 = 4500"},
		{"TA/DA to Guest Faculty", "Rs.100 x 15"},
		{"Co-ordination fee", "Rs. 1,500/-"},
		{"Stationery", "₹3100.00"},
		{"Photocopy charges", "NIL"},
		{"Food & Refreshments", "Rs.32,400/-"},
		{"Hiring charges for venue", "-"},
		{"Miscellaneous", "2,750"},
		{"Total (Sl.No.9 to 16)", "Rs. 45,750/-"},
		{"TA advance for participants", "16,000"},
		{"DA advance", "5000"},
		{"Other expenses", "twenty thousand"},
		{"Advance Claimed", "₹ 50,000"},
		{"Co-ordinator", "Sri. Thomas Mathew, Assistant Director of Fisheries, +91 94950 12345, thomas.m@kerala.gov.in"},
		{"Account No. of Co-ordinator", "'12345678901"},
		{"IFSC", "sbin0001234"},
		{"Facilitator", "Sri. Anil Kumar"},
	})
}

// fixture (5): amounts computed by formulas. excelize writes no cached
// values; LibreOffice, converting this file, computes and stores them
// (formulas-lo.xlsx).
func formulas() (*excelize.File, error) {
	f, err := newSheet("Annexure II")
	if err != nil {
		return nil, err
	}
	values := []any{
		"STP/AGR/2026/055", "Soil Health Card Scheme Implementation", "09.02.2026 to 11.02.2026 (3 days)",
		20, 2, 4, "II", "District",
		nil, nil, nil, nil, 0, nil, 0, nil, nil, nil, nil, "Nil", nil,
		"Sri. Mohan Das, Agricultural Officer, 9400011122", "10020030040",
	}
	const s = "Annexure II"
	if err := proformaSheet(f, s, "Agriculture", "Krishi Bhavan, Palakkad", values); err != nil {
		return nil, err
	}
	// D6.. are lines 1..; line n is row 5+n
	for line, fm := range map[int]string{
		9:  "750*D11",
		10: "100*D10*3",
		11: "300*3",
		12: "100*D9",
		14: "216*D9*3",
		16: "550*3",
		17: "SUM(D14:D21)",
		18: "ROUND(16000*D9/30,0)",
		19: "ROUND(1000*3*D9/30,0)",
		21: "ROUND(0.75*(D22+D23+D24)/100,0)*100",
	} {
		if err := f.SetCellFormula(s, fmt.Sprintf("D%d", 5+line), fm); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// unrelated is a workbook that is no claim form at all.
func unrelated() (*excelize.File, error) {
	f, err := newSheet("Stock")
	if err != nil {
		return nil, err
	}
	return f, put(f, "Stock", 1, [][]any{
		{"Item", "Quantity", "Unit price", "Value"},
		{"A4 paper (ream)", 40, 265, 10600},
		{"Toner cartridge", 3, 2450, 7350},
		{"Whiteboard marker", 24, 35, 840},
	})
}

// example is the README's first claim: a Dept. of Revenue programme at a
// town hall, 28 participants, 5 days, with honest mistakes (food over its
// cap, the advance not rounded to 100 and above the largest advance allowed).
func example() (*excelize.File, error) {
	f, err := newSheet("Annexure II")
	if err != nil {
		return nil, err
	}
	values := []any{
		"STP/REV/2026/118",
		"Revenue Recovery Act and Procedures for Village Officers",
		"14.12.2026 to 18.12.2026 (5 days)",
		28, 3, 6, "II & III", "District",
		4500, 1500, 1500, 2800, 2000, 36000, 5000, 2750, 56050,
		14933, 4666, "Nil", 56737,
		"Sri. Rajesh Kumar K, Deputy Tahsildar (RR), Taluk Office Kottayam, Ph: 9447123456, rajesh.rr@kerala.gov.in",
		"67098765432",
	}
	if err := proformaSheet(f, "Annexure II", "Revenue", "Town Hall, Kottayam", values); err != nil {
		return nil, err
	}
	if err := put(f, "Annexure II", 31, [][]any{{nil, "IFSC", nil, "SBIN0070112"}, {nil, "Facilitator", nil, "Smt. Latha R, latha.r@img.kerala.gov.in"}}); err != nil {
		return nil, err
	}
	if err := f.SetColWidth("Annexure II", "B", "B", 60); err != nil {
		return nil, err
	}
	if err := f.SetColWidth("Annexure II", "C", "C", 40); err != nil {
		return nil, err
	}
	return f, f.SetColWidth("Annexure II", "D", "D", 40)
}
