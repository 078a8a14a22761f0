package output

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
	"stpclaims/output/printsetup"
)

const (
	claimSheet = "Advance claim"
	raviSheet  = "Ravi's sheet"
)

func money(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

// fixtureWorkbook builds the sender's workbook the annotation tests use: a
// sheet name with a space, one with an apostrophe, dates, custom number
// formats, a merged range, a note, formulas, booleans, inline strings, an
// error value and text that looks like a formula.
func fixtureWorkbook(t testing.TB, note bool, extraSheets ...string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", claimSheet))
	_, err := f.NewSheet(raviSheet)
	must(err)
	for _, s := range extraSheets {
		_, err := f.NewSheet(s)
		must(err)
		must(f.SetCellStr(s, "A1", "the sender's own "+s))
	}
	rupee := `[$₹-4009] #,##,##0`
	dmy := "dd.mm.yyyy"
	amount, err := f.NewStyle(&excelize.Style{
		CustomNumFmt: &rupee,
		Font:         &excelize.Font{Bold: true, Color: "1F4E79"},
		Border:       []excelize.Border{{Type: "left", Color: "000000", Style: 2}, {Type: "bottom", Color: "FF0000", Style: 1}},
		Alignment:    &excelize.Alignment{Horizontal: "right", Indent: 1},
		Protection:   &excelize.Protection{Locked: false, Hidden: true},
	})
	must(err)
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dmy})
	must(err)
	builtinDate, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	must(err)

	s := claimSheet
	must(f.SetCellStr(s, "A1", "Department"))
	must(f.SetCellStr(s, "B1", "Revenue"))
	must(f.SetCellStr(s, "A5", "Duration"))
	must(f.SetCellValue(s, "D5", time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellStyle(s, "D5", "D5", date))
	must(f.SetCellValue(s, "D6", time.Date(2026, 1, 16, 0, 0, 0, 0, time.UTC)))
	must(f.SetCellStyle(s, "D6", "D6", builtinDate))
	must(f.SetCellStr(s, "A10", "TA/DA to Guest Faculty"))
	must(f.SetCellStr(s, "B10", "2,000"))
	must(f.MergeCell(s, "B10", "C10"))
	must(f.SetCellStr(s, "A14", "Food & Refreshments"))
	must(f.SetCellInt(s, "D14", 40000))
	must(f.SetCellStyle(s, "D14", "D14", amount))
	must(f.SetCellInt(s, "D16", 3100))
	must(f.SetCellStyle(s, "D16", "D16", amount))
	must(f.SetCellValue(s, "D15", 80000))
	must(f.SetCellFormula(s, "D15", "D14*2"))
	if note {
		must(f.AddComment(s, excelize.Comment{Cell: "D14", Author: "Clerk", Paragraph: []excelize.RichTextRun{{Text: "Checked by clerk"}}}))
	}
	must(f.SetCellStr(s, "E1", "=SUM(A1)"))
	must(f.SetCellStr(s, "E2", "+91 9447012345"))
	must(f.SetCellStr(s, "E3", "-"))
	must(f.SetCellStr(s, "E4", "@home"))
	must(f.SetCellBool(s, "E5", true))
	must(f.SetCellDefault(s, "E6", "typed inline"))
	must(f.SetCellDefault(s, "E7", "ERRPLACEHOLDER"))
	must(f.SetCellStr(raviSheet, "A2", "Account No."))
	must(f.SetCellStr(raviSheet, "B2", "@home 12"))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "'Ravi''s sheet'!$A$1:$B$2", Scope: raviSheet}))
	must(f.SetDefinedName(&excelize.DefinedName{Name: "Amounts", RefersTo: "'Advance claim'!$D$14:$D$16", Scope: claimSheet}))
	f.SetActiveSheet(1)
	var buf bytes.Buffer
	must(f.Write(&buf))
	return withErrorCell(t, buf.Bytes(), "E7", `<c r="E7" t="e"><f>1/0</f><v>#DIV/0!</v></c>`)
}

// withErrorCell replaces cell ref of the first worksheet with the XML
// given: excelize has no call that writes an error value.
func withErrorCell(t testing.TB, data []byte, ref, cellXML string) []byte {
	t.Helper()
	const part = "xl/worksheets/sheet1.xml"
	sheet := zipParts(t, data)[part]
	re := regexp.MustCompile(`<c r="` + ref + `"[^>]*>.*?</c>`)
	if !re.MatchString(sheet) {
		t.Fatalf("no cell %s in %s", ref, part)
	}
	return withPart(t, data, part, re.ReplaceAllString(sheet, cellXML))
}

// fixtureReport is a hand-made report on fixtureWorkbook.
func fixtureReport() *stpclaims.Report {
	return &stpclaims.Report{
		File:          "annexure2-example.xlsx",
		Form:          stpclaims.FormAnnexureII,
		Status:        stpclaims.StatusReturned,
		RateCard:      "STP-2015",
		ProgrammeCode: "IMG/STP/2026/014",
		Assessment: stpclaims.Assessment{
			Findings: []stpclaims.Finding{
				{Rule: "AII-LEAD-TIME", Clause: "V", Severity: stpclaims.SeverityDeviation, Cell: "'Advance claim'!D5", Field: "start_date",
					Message: "The claim reached IMG 9 days before the programme; it should arrive 14 days before."},
				{Rule: "AII-FOOD", Clause: "cost sheet, III, I(i), Annexure II 14", Severity: stpclaims.SeverityError, Cell: "'Advance claim'!D14", Field: "food",
					Claimed: money("40000"), Allowed: money("34215"), Admissible: money("34215"),
					Message: "Food is claimed at Rs 40,000 but at most Rs 34,215 is admissible for 30 participants over 5 days."},
				{Rule: "AII-PHOTOCOPY-SAMPLE", Clause: "Annexure II 13", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!$D$14",
					Message: "One copy of the material must be submitted for verification."},
				{Rule: "AII-GF-TA", Clause: "cost sheet, II", Severity: stpclaims.SeverityDeviation, Cell: "Advance claim!C10", Field: "gf_ta",
					Claimed: money("2000"), Allowed: money("1500.50"), Admissible: money("1500.50"),
					Message: "Guest faculty TA is above the cap."},
				{Rule: "AII-ACCOUNT", Clause: "Annexure II 22–23", Severity: stpclaims.SeverityError, Cell: "'Ravi''s sheet'!B2", Field: "+account_no",
					Message: "@home 12 is not an account number of 9–18 digits."},
				{Rule: "AII-REQUIRED", Clause: "Annexure II 1–8, 21–23", Severity: stpclaims.SeverityError, Field: "coordinator",
					Action: "=fill it in", Message: "=The co-ordinator's name is missing."},
				{Rule: "AII-STATIONERY", Clause: "cost sheet, I(b), I(h)", Severity: stpclaims.SeverityError, Cell: "'Advance claim'!D16", Field: "stationery",
					Claimed: money("3100"), Allowed: money("3000"), Admissible: money("3000"), Message: "-Stationery is over the cap."},
				{Rule: "TEST-TEXT", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E1", Message: "=SUM(A1) is text."},
				{Rule: "TEST-PHONE", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E2", Message: "+91 9447012345"},
				{Rule: "TEST-DASH", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E3", Message: "-"},
				{Rule: "TEST-AT", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E4", Message: "@home"},
				{Rule: "TEST-BOOL", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E5", Message: "a boolean"},
				{Rule: "TEST-INLINE", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E6", Message: "an inline string"},
				{Rule: "TEST-ERROR", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!E7", Message: "an error value"},
				{Rule: "TEST-FORMULA", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!D15", Message: "a formula"},
				{Rule: "TEST-NOSHEET", Severity: stpclaims.SeverityInfo, Cell: "'No such sheet'!A1", Message: "a sheet that is not there"},
				{Rule: "TEST-EMPTY", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!H30", Message: "an empty cell"},
			},
			MaxAdvance: money("65100"),
			Totals:     &stpclaims.Totals{Claimed: decimal.RequireFromString("123456.50"), Admissible: decimal.RequireFromString("100000")},
		},
	}
}

// cellSnapshot is everything the sender typed in one cell.
type cellSnapshot struct {
	Value, Raw, Formula string
	Type                excelize.CellType
	NumFmt              int
	CustomNumFmt        string
	Font                string
	Border, Alignment   string
	Protection          string
}

// snapshot records every cell of the sheets named, up to row 40 and column H.
func snapshot(t *testing.T, f *excelize.File, sheets ...string) map[string]cellSnapshot {
	t.Helper()
	out := map[string]cellSnapshot{}
	for _, sheet := range sheets {
		for row := 1; row <= 40; row++ {
			for col := 1; col <= 8; col++ {
				cell, _ := excelize.CoordinatesToCellName(col, row)
				var s cellSnapshot
				var err error
				if s.Value, err = f.GetCellValue(sheet, cell); err != nil {
					t.Fatal(err)
				}
				if s.Raw, err = f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true}); err != nil {
					t.Fatal(err)
				}
				if s.Formula, err = f.GetCellFormula(sheet, cell); err != nil {
					t.Fatal(err)
				}
				if s.Type, err = f.GetCellType(sheet, cell); err != nil {
					t.Fatal(err)
				}
				id, err := f.GetCellStyle(sheet, cell)
				if err != nil {
					t.Fatal(err)
				}
				st, err := f.GetStyle(id)
				if err != nil {
					t.Fatal(err)
				}
				s.NumFmt = st.NumFmt
				if st.CustomNumFmt != nil {
					s.CustomNumFmt = *st.CustomNumFmt
				}
				s.Font, s.Border, s.Alignment, s.Protection = asJSON(t, st.Font), asJSON(t, st.Border), asJSON(t, st.Alignment), asJSON(t, st.Protection)
				out[sheetPrefix(sheet, true)+cell] = s
			}
		}
	}
	return out
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// variant is one way of running the annotation tests: through excelize
// alone or with raw edits of the stored sheets, on the fixture with or
// without the sender's own note (a sheet with notes always goes through
// excelize).
type variant struct {
	name      string
	raw, note bool
}

var variants = []variant{{"excelize", false, true}, {"raw", true, true}, {"raw without sender note", true, false}}

// forVariants runs test once per variant.
func forVariants(t *testing.T, test func(t *testing.T, v variant)) {
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			saved := rawEditsEnabled
			rawEditsEnabled = v.raw
			t.Cleanup(func() { rawEditsEnabled = saved })
			test(t, v)
		})
	}
}

// annotatedBytes opens data, annotates it with rep and writes it.
func annotatedBytes(t *testing.T, data []byte, rep *stpclaims.Report) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := Annotate(f, rep); err != nil {
		t.Fatalf("Annotate: %v", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipParts reads every part of a workbook.
func zipParts(t testing.TB, data []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, e := range zipEntries(t, data) {
		out[e.name] = string(e.body)
	}
	return out
}

type zipEntry struct {
	name string
	body []byte
}

// zipEntries reads every part of a workbook, in the zip's order.
func zipEntries(t testing.TB, data []byte) []zipEntry {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []zipEntry
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, zipEntry{zf.Name, b})
	}
	return out
}

// annotated opens data, annotates it with rep, writes it and reopens it.
func annotated(t *testing.T, data []byte, rep *stpclaims.Report) *excelize.File {
	t.Helper()
	g, err := excelize.OpenReader(bytes.NewReader(annotatedBytes(t, data, rep)))
	if err != nil {
		t.Fatalf("reopen annotated copy: %v", err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func fillColor(t *testing.T, f *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Type != "pattern" || st.Fill.Pattern != 1 || len(st.Fill.Color) == 0 {
		return ""
	}
	c := strings.ToUpper(st.Fill.Color[0])
	if len(c) == 8 { // ARGB
		c = c[2:]
	}
	return c
}

func TestAnnotate_KeepsSenderCells(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		data := fixtureWorkbook(t, v.note)
		before := snapshot(t, open(t, data), claimSheet, raviSheet)
		after := snapshot(t, annotated(t, data, fixtureReport()), claimSheet, raviSheet)
		// The fixture's own cells must be what the test thinks they are, or the
		// comparison below proves nothing.
		wantTypes := map[string]excelize.CellType{
			"'Advance claim'!E1":  excelize.CellTypeSharedString,
			"'Advance claim'!E5":  excelize.CellTypeBool,
			"'Advance claim'!E6":  excelize.CellTypeInlineString,
			"'Advance claim'!E7":  excelize.CellTypeError,
			"'Advance claim'!D15": excelize.CellTypeFormula,
		}
		for ref, typ := range wantTypes {
			if got := before[ref].Type; got != typ {
				t.Fatalf("fixture %s has type %v, want %v", ref, got, typ)
			}
		}
		if before["'Advance claim'!D5"].CustomNumFmt != "dd.mm.yyyy" || before["'Advance claim'!D6"].NumFmt != 14 {
			t.Fatalf("fixture dates lack their formats: %+v %+v", before["'Advance claim'!D5"], before["'Advance claim'!D6"])
		}
		if before["'Advance claim'!E7"].Value != "#DIV/0!" || before["'Advance claim'!D15"].Formula != "D14*2" {
			t.Fatalf("fixture error/formula cells wrong: %+v %+v", before["'Advance claim'!E7"], before["'Advance claim'!D15"])
		}
		for ref, b := range before {
			a := after[ref]
			if a != b {
				t.Errorf("%s changed:\n before %+v\n after  %+v", ref, b, a)
			}
		}
	})
}

func TestAnnotate_Fills(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		data := fixtureWorkbook(t, v.note)
		g := annotated(t, data, fixtureReport())
		orig := open(t, data)
		tests := []struct {
			sheet, cell, want string
		}{
			{claimSheet, "D14", severityColor[stpclaims.SeverityError]}, // error and info: the worst wins
			{claimSheet, "D16", severityColor[stpclaims.SeverityError]},
			{claimSheet, "D5", severityColor[stpclaims.SeverityDeviation]},
			{claimSheet, "B10", severityColor[stpclaims.SeverityDeviation]}, // merged B10:C10, finding on C10
			{claimSheet, "C10", severityColor[stpclaims.SeverityDeviation]},
			{claimSheet, "E1", severityColor[stpclaims.SeverityInfo]},
			{claimSheet, "D15", severityColor[stpclaims.SeverityInfo]},
			{claimSheet, "H30", severityColor[stpclaims.SeverityInfo]},
			{raviSheet, "B2", severityColor[stpclaims.SeverityError]},
			{claimSheet, "D6", ""},
			{claimSheet, "A14", ""},
			{raviSheet, "A2", ""},
		}
		for _, tt := range tests {
			t.Run(tt.sheet+"!"+tt.cell, func(t *testing.T) {
				if got := fillColor(t, g, tt.sheet, tt.cell); got != tt.want {
					t.Errorf("fill = %q, want %q", got, tt.want)
				}
				if tt.want == "" {
					a, _ := g.GetCellStyle(tt.sheet, tt.cell)
					b, _ := orig.GetCellStyle(tt.sheet, tt.cell)
					if a != b {
						t.Errorf("style index changed from %d to %d on a cell with no finding", b, a)
					}
				}
			})
		}
		t.Run("one style per original style and severity", func(t *testing.T) {
			a, _ := g.GetCellStyle(claimSheet, "D14")
			b, _ := g.GetCellStyle(claimSheet, "D16")
			if a != b {
				t.Errorf("D14 and D16 share a style and a severity but got styles %d and %d", a, b)
			}
			e1, _ := g.GetCellStyle(claimSheet, "E1")
			e2, _ := g.GetCellStyle(claimSheet, "E2")
			if e1 != e2 {
				t.Errorf("E1 and E2 share a style and a severity but got styles %d and %d", e1, e2)
			}
		})
	})
}

func TestAnnotate_Notes(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		g := annotated(t, fixtureWorkbook(t, v.note), fixtureReport())
		notes := map[string]excelize.Comment{}
		for _, sheet := range []string{claimSheet, raviSheet} {
			cs, err := g.GetComments(sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				notes[sheet+"!"+c.Cell] = c
			}
		}
		text := func(c excelize.Comment) string {
			s := c.Text
			for _, p := range c.Paragraph {
				s += p.Text
			}
			return s
		}
		tests := []struct {
			at, author string
			want       []string
			not        []string
		}{
			{"Advance claim!D14", "Clerk", []string{"Checked by clerk", "stpclaims:", "AII-FOOD", "cost sheet, III, I(i), Annexure II 14",
				"Claimed Rs 40,000; cap Rs 34,215", "admissible Rs 34,215", "Food is claimed at Rs 40,000", "AII-PHOTOCOPY-SAMPLE", "Annexure II 13"}, nil},
			{"Advance claim!B10", "stpclaims", []string{"AII-GF-TA", "cost sheet, II", "Claimed Rs 2,000; cap Rs 1,500.50; admissible Rs 1,500.50", "deviation"}, nil},
			{"Advance claim!D5", "stpclaims", []string{"AII-LEAD-TIME (V): deviation", "14 days"}, []string{"Rs"}},
			{"Ravi's sheet!B2", "stpclaims", []string{"AII-ACCOUNT", "@home 12 is not"}, nil},
		}
		if !v.note {
			tests[0].author = "stpclaims"
			tests[0].want = tests[0].want[1:]
			tests[0].not = []string{"Checked by clerk"}
		}
		for _, tt := range tests {
			t.Run(tt.at, func(t *testing.T) {
				c, ok := notes[tt.at]
				if !ok {
					t.Fatalf("no note at %s; notes: %v", tt.at, mapsKeys(notes))
				}
				if c.Author != tt.author {
					t.Errorf("author %q, want %q", c.Author, tt.author)
				}
				s := text(c)
				for _, w := range tt.want {
					if !strings.Contains(s, w) {
						t.Errorf("note lacks %q:\n%s", w, s)
					}
				}
				for _, w := range tt.not {
					if strings.Contains(s, w) {
						t.Errorf("note has %q:\n%s", w, s)
					}
				}
			})
		}
		if _, ok := notes["Advance claim!C10"]; ok {
			t.Error("a note on C10, hidden under the merged range B10:C10")
		}
		if strings.Index(text(notes["Advance claim!D14"]), "Checked by clerk") > strings.Index(text(notes["Advance claim!D14"]), "AII-FOOD") {
			t.Error("the sender's note is not first")
		}
	})
}

func mapsKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func TestAnnotate_FindingsSheet(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		rep := fixtureReport()
		g := annotated(t, fixtureWorkbook(t, v.note), rep)
		sheets := g.GetSheetList()
		if want := []string{"Findings", claimSheet, raviSheet}; !slices.Equal(sheets, want) {
			t.Fatalf("sheets %q, want %q", sheets, want)
		}
		if i := g.GetActiveSheetIndex(); i != 0 {
			t.Errorf("active sheet %d, want 0", i)
		}
		rows, err := g.GetRows("Findings")
		if err != nil {
			t.Fatal(err)
		}
		header := -1
		summary := map[string]string{}
		for i, r := range rows {
			if len(r) > 0 && r[0] == "Line" {
				header = i + 1
				break
			}
			if len(r) >= 2 {
				summary[r[0]] = r[1]
			}
		}
		if header < 0 {
			t.Fatalf("no table header in %q", rows)
		}
		if got := rows[0][0]; got != "Findings: Annexure II, programme IMG/STP/2026/014" {
			t.Errorf("title %q", got)
		}
		wantSummary := map[string]string{
			"File": "annexure2-example.xlsx", "Programme": "IMG/STP/2026/014", "Rate card": "STP-2015",
			"Status": "Returned: correct the items below and send the workbook again. 4 errors, 2 deviations and 11 for information.",
		}
		for k, v := range wantSummary {
			if summary[k] != v {
				t.Errorf("summary %q = %q, want %q", k, summary[k], v)
			}
		}
		moneyCells := map[string]string{}
		for r := 1; r < header; r++ {
			label, _ := g.GetCellValue("Findings", fmt.Sprintf("A%d", r))
			raw, _ := g.GetCellValue("Findings", fmt.Sprintf("B%d", r), excelize.Options{RawCellValue: true})
			typ, _ := g.GetCellType("Findings", fmt.Sprintf("B%d", r))
			if strings.HasSuffix(label, "(Rs)") {
				if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
					t.Errorf("%s is a %v cell, want a number", label, typ)
				}
				moneyCells[label] = raw
			}
		}
		wantMoney := map[string]string{"Total claimed (Rs)": "123456.5", "Total admissible (Rs)": "100000", "Largest advance that may be sanctioned (Rs)": "65100"}
		for k, v := range wantMoney {
			if moneyCells[k] != v {
				t.Errorf("%s = %q, want %q", k, moneyCells[k], v)
			}
		}

		findings := ordered(rep.Findings)
		if got := len(rows) - header; got != len(findings) {
			t.Fatalf("%d finding rows, want %d", got, len(findings))
		}
		byRule := map[string]int{}
		for i, fd := range findings {
			row := header + 1 + i
			got, _ := g.GetCellValue("Findings", fmt.Sprintf("H%d", row))
			if first, _, _ := strings.Cut(got, "\n"); first != fd.Rule {
				t.Errorf("row %d rule %q, want %q (errors first)", row, got, fd.Rule)
			}
			byRule[fd.Rule] = row
		}
		if got, _ := g.GetCellValue("Findings", fmt.Sprintf("A%d", byRule["AII-FOOD"])); got != "Line 14, Food & Refreshments" {
			t.Errorf("AII-FOOD's line %q", got)
		}
		t.Run("hyperlinks", func(t *testing.T) {
			tests := []struct {
				rule, display, location string
			}{
				{"AII-FOOD", "'Advance claim'!D14", "'Advance claim'!D14"},
				{"AII-PHOTOCOPY-SAMPLE", "'Advance claim'!D14", "'Advance claim'!D14"},
				{"AII-GF-TA", "'Advance claim'!C10", "'Advance claim'!C10"},
				{"AII-ACCOUNT", "'Ravi''s sheet'!B2", "'Ravi''s sheet'!B2"},
				{"TEST-EMPTY", "'Advance claim'!H30", "'Advance claim'!H30"},
				{"AII-REQUIRED", "", ""},
				{"TEST-NOSHEET", "'No such sheet'!A1", ""},
			}
			for _, tt := range tests {
				t.Run(tt.rule, func(t *testing.T) {
					cell := fmt.Sprintf("I%d", byRule[tt.rule])
					v, _ := g.GetCellValue("Findings", cell)
					if v != tt.display {
						t.Errorf("cell column %q, want %q", v, tt.display)
					}
					ok, loc, err := g.GetCellHyperLink("Findings", cell)
					if err != nil {
						t.Fatal(err)
					}
					if ok != (tt.location != "") || loc != tt.location {
						t.Errorf("hyperlink (%v, %q), want %q", ok, loc, tt.location)
					}
				})
			}
		})
		t.Run("amounts are numbers", func(t *testing.T) {
			row := byRule["AII-GF-TA"]
			for col, want := range map[string]string{"D": "2000", "E": "1500.5", "F": "1500.5"} {
				cell := fmt.Sprintf("%s%d", col, row)
				raw, _ := g.GetCellValue("Findings", cell, excelize.Options{RawCellValue: true})
				typ, _ := g.GetCellType("Findings", cell)
				if raw != want || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
					t.Errorf("%s = %q (%v), want number %s", cell, raw, typ, want)
				}
				id, _ := g.GetCellStyle("Findings", cell)
				st, _ := g.GetStyle(id)
				format := printsetup.Rupees
				if strings.Contains(want, ".") {
					format = printsetup.RupeesPaise
				}
				if st == nil || st.CustomNumFmt == nil || *st.CustomNumFmt != format {
					t.Errorf("%s is not shown with Indian grouping (%s)", cell, format)
				}
			}
		})
		t.Run("text stays text", func(t *testing.T) {
			for _, tt := range []struct{ rule, col, want string }{
				{"AII-REQUIRED", "C", "=The co-ordinator's name is missing."},
				{"AII-REQUIRED", "B", "=fill it in"},
				{"TEST-TEXT", "C", "=SUM(A1) is text."},
				{"TEST-PHONE", "C", "+91 9447012345."},
				{"TEST-DASH", "C", "-."},
				{"TEST-AT", "C", "@home."},
				{"AII-STATIONERY", "C", "-Stationery is over the cap."},
				{"AII-ACCOUNT", "A", "'Ravi''s sheet'!B2"},
			} {
				cell := fmt.Sprintf("%s%d", tt.col, byRule[tt.rule])
				v, _ := g.GetCellValue("Findings", cell)
				fm, _ := g.GetCellFormula("Findings", cell)
				typ, _ := g.GetCellType("Findings", cell)
				if v != tt.want || fm != "" || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
					t.Errorf("%s: value %q formula %q type %v, want text %q", cell, v, fm, typ, tt.want)
				}
			}
		})
		t.Run("frozen header and filter", func(t *testing.T) {
			p, err := g.GetPanes("Findings")
			if err != nil {
				t.Fatal(err)
			}
			if !p.Freeze || p.YSplit != header {
				t.Errorf("panes %+v, want frozen below row %d", p, header)
			}
			names := g.GetDefinedName()
			found := false
			for _, n := range names {
				if n.Name == "_xlnm._FilterDatabase" && n.Scope == "Findings" {
					found = strings.Contains(n.RefersTo, fmt.Sprintf("$A$%d:$I$%d", header, len(rows)))
				}
			}
			if !found {
				t.Errorf("no autofilter over the table in %+v", names)
			}
		})
		t.Run("sheet-scoped names keep their sheets", func(t *testing.T) {
			want := map[string]string{"_xlnm.Print_Area": raviSheet, "Amounts": claimSheet}
			for _, n := range g.GetDefinedName() {
				if s, ok := want[n.Name]; ok {
					if n.Scope != s {
						t.Errorf("%s is scoped to %q, want %q", n.Name, n.Scope, s)
					}
					delete(want, n.Name)
				}
			}
			if len(want) > 0 {
				t.Errorf("names lost: %v", want)
			}
		})
	})
}

func TestAnnotate_SheetNameTaken(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		tests := []struct {
			name  string
			extra []string
			want  string
		}{
			{"free", nil, "Findings"},
			{"taken", []string{"Findings"}, "Findings (stpclaims)"},
			{"taken twice", []string{"findings", "Findings (stpclaims)"}, "Findings (stpclaims 2)"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				g := annotated(t, fixtureWorkbook(t, v.note, tt.extra...), fixtureReport())
				sheets := g.GetSheetList()
				if sheets[0] != tt.want {
					t.Fatalf("first sheet %q, want %q (sheets %q)", sheets[0], tt.want, sheets)
				}
				for _, s := range tt.extra {
					v, _ := g.GetCellValue(s, "A1")
					if v != "the sender's own "+s {
						t.Errorf("sender's sheet %q now holds %q", s, v)
					}
				}
			})
		}
	})
}

func TestAnnotate_NoFindings(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		rep := &stpclaims.Report{File: "clean.xlsx", Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusClean, RateCard: "STP-2015"}
		g := annotated(t, fixtureWorkbook(t, v.note), rep)
		if g.GetSheetName(0) != "Findings" {
			t.Fatalf("sheets %q", g.GetSheetList())
		}
		rows, _ := g.GetRows("Findings")
		if last := rows[len(rows)-1]; len(last) == 0 || last[0] != "No findings." {
			t.Errorf("last row %q, want No findings.", last)
		}
		cs, _ := g.GetComments(claimSheet)
		if v.note && (len(cs) != 1 || cs[0].Author != "Clerk") || !v.note && len(cs) != 0 {
			t.Errorf("notes %+v, want only the sender's", cs)
		}
	})
}

func TestAnnotate_Parts(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		out := annotatedBytes(t, fixtureWorkbook(t, v.note), fixtureReport())
		parts := zipParts(t, out)
		g := open(t, out)
		paths := xlsxpart.SheetParts(g)
		t.Run("only the Findings sheet is selected", func(t *testing.T) {
			for name, part := range paths {
				sel := strings.Contains(parts[part], `tabSelected="1"`) || strings.Contains(parts[part], `tabSelected="true"`)
				if sel != (name == "Findings") {
					t.Errorf("sheet %q selected: %v", name, sel)
				}
			}
			if !strings.Contains(parts["xl/workbook.xml"], "<workbookView") || strings.Contains(parts["xl/workbook.xml"], `activeTab="1"`) {
				t.Errorf("workbook view: %s", parts["xl/workbook.xml"])
			}
		})
		t.Run("path taken", func(t *testing.T) {
			// Raw edits name their relationships rIdStp…; a sheet with the
			// sender's note always goes through excelize.
			for name, wantRaw := range map[string]bool{raviSheet: v.raw, claimSheet: v.raw && !v.note} {
				part := paths[name]
				rels := parts[path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")]
				if got := strings.Contains(rels, "rIdStp"); got != wantRaw {
					t.Errorf("%q marked by raw edits: %v, want %v (rels %s)", name, got, wantRaw, rels)
				}
			}
		})
		t.Run("every part is well-formed XML", func(t *testing.T) {
			for name, body := range parts {
				if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") && !strings.HasSuffix(name, ".vml") {
					continue
				}
				d := xml.NewDecoder(strings.NewReader(body))
				for {
					_, err := d.Token()
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Errorf("%s: %v", name, err)
						break
					}
				}
			}
		})
		t.Run("content types", func(t *testing.T) {
			ct := parts["[Content_Types].xml"]
			for name := range parts {
				if strings.HasPrefix(name, "xl/comments") && !strings.Contains(ct, `PartName="/`+name+`"`) {
					t.Errorf("%s is not declared in [Content_Types].xml", name)
				}
			}
			if !strings.Contains(strings.ToLower(ct), `extension="vml"`) {
				t.Error("no content type for .vml")
			}
		})
	})
}

func TestAnnotate_NoBookViews(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		data := fixtureWorkbook(t, v.note)
		wb := zipParts(t, data)["xl/workbook.xml"]
		noViews := regexp.MustCompile(`<bookViews>.*?</bookViews>`).ReplaceAllString(wb, "")
		if noViews == wb {
			t.Fatal("the fixture has no bookViews to remove")
		}
		f := open(t, withPart(t, data, "xl/workbook.xml", noViews))
		if err := Annotate(f, fixtureReport()); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		g := open(t, buf.Bytes())
		if g.GetSheetName(0) != "Findings" || g.GetActiveSheetIndex() != 0 {
			t.Errorf("sheets %q, active %d", g.GetSheetList(), g.GetActiveSheetIndex())
		}
	})
}

func TestAnnotate_Errors(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if err := Annotate(nil, fixtureReport()); err != ErrNilWorkbook {
		t.Errorf("nil workbook: %v", err)
	}
	if err := Annotate(f, nil); err != ErrNilReport {
		t.Errorf("nil report: %v", err)
	}
}

// TestAnnotate_programmes: a workbook of two programmes, a sheet each,
// gets a Findings sheet for each, "Findings 1" and "Findings 2", first and
// in the forms' order, each naming its form's sheet and listing its
// findings; each report's cells get their notes, raw and decoded alike.
func TestAnnotate_programmes(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		first := fixtureReport()
		first.Sheet = claimSheet
		second := &stpclaims.Report{File: first.File, Sheet: raviSheet, Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusClean,
			RateCard: "STP-2015", ProgrammeCode: "IMG/STP/2026/015", Assessment: stpclaims.Assessment{Findings: []stpclaims.Finding{
				{Rule: "TEST-SECOND", Severity: stpclaims.SeverityInfo, Cell: "'" + strings.ReplaceAll(raviSheet, "'", "''") + "'!B2",
					Field: "account_no", Message: "Second programme's account."},
			}}}
		f := open(t, fixtureWorkbook(t, v.note))
		if err := Annotate(f, first, second); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		g := open(t, buf.Bytes())
		if sheets := g.GetSheetList(); len(sheets) < 2 || sheets[0] != "Findings 1" || sheets[1] != "Findings 2" || slices.Contains(sheets, "Findings") {
			t.Fatalf("sheets %q, want Findings 1 and Findings 2 first", sheets)
		}
		text := func(sheet string) string {
			rows, err := g.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, r := range rows {
				b.WriteString(strings.Join(r, "|") + "\n")
			}
			return b.String()
		}
		one, two := text("Findings 1"), text("Findings 2")
		for _, want := range []string{"programme IMG/STP/2026/014, sheet 'Advance claim'", "1 of the 2 forms", "AII-FOOD"} {
			if !strings.Contains(one, want) {
				t.Errorf("Findings 1 lacks %q:\n%s", want, one)
			}
		}
		for _, want := range []string{"programme IMG/STP/2026/015, sheet 'Ravi's sheet'", "2 of the 2 forms", "TEST-SECOND"} {
			if !strings.Contains(two, want) {
				t.Errorf("Findings 2 lacks %q:\n%s", want, two)
			}
		}
		if strings.Contains(one, "TEST-SECOND") || strings.Contains(two, "AII-FOOD") {
			t.Error("a programme's findings are on the other's sheet")
		}
		notes, err := g.GetComments(raviSheet)
		if err != nil || len(notes) != 1 || notes[0].Cell != "B2" {
			t.Errorf("notes on %s: %+v, %v; want the second report's on B2", raviSheet, notes, err)
		}
	})
}
