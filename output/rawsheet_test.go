package output

import (
	"archive/zip"
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// withPart replaces one part of a workbook.
func withPart(t testing.TB, data []byte, name, body string) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, e := range zipEntries(t, data) {
		b := e.body
		if e.name == name {
			b, found = []byte(body), true
		}
		w, err := zw.Create(e.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if !found {
		t.Fatalf("no part %s", name)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// TestRawMarkSheet_Shapes checks the raw edits on worksheet XML as other
// programs write it: missing cells and rows, self-closed rows, row and
// column styles, single-quoted attributes, spans, an empty sheetData.
func TestRawMarkSheet_Shapes(t *testing.T) {
	base := excelize.NewFile()
	colFmt, rowFmt := "0.000", "dd/mm/yy"
	colStyle, err := base.NewStyle(&excelize.Style{CustomNumFmt: &colFmt})
	if err != nil {
		t.Fatal(err)
	}
	rowStyle, err := base.NewStyle(&excelize.Style{CustomNumFmt: &rowFmt})
	if err != nil {
		t.Fatal(err)
	}
	if err := base.SetCellStr("Sheet1", "A1", "shared"); err != nil {
		t.Fatal(err)
	}
	if _, err := base.NewSheet("Data"); err != nil {
		t.Fatal(err)
	}
	if _, err := base.NewSheet("Empty"); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := base.Write(&buf); err != nil {
		t.Fatal(err)
	}
	base.Close()
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	dataSheet := head + `<dimension ref="A1:C6"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>` +
		`<cols><col min="3" max="3" width="12" style="` + strconv.Itoa(colStyle) + `" customWidth="1"/></cols>` +
		`<sheetData><row r="2" spans="1:2"><c r="A2" t="s"><v>0</v></c><c r='B2' s='0'><v>5</v></c></row>` +
		`<row r="4" spans="1:1" s="` + strconv.Itoa(rowStyle) + `" customFormat="1"/>` +
		`<row r="6"><c r="A6"><f>B2+2</f><v>7</v></c></row></sheetData>` +
		`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><extLst/></worksheet>`
	emptySheet := head + `<sheetData/><tableParts count="0"/></worksheet>`
	data := withPart(t, buf.Bytes(), "xl/worksheets/sheet2.xml", dataSheet)
	data = withPart(t, data, "xl/worksheets/sheet3.xml", emptySheet)

	cells := []string{"C2", "B2", "A4", "C1", "A5", "D9", "A6"}
	rep := &stpclaims.Report{File: "shapes.xlsx", Status: stpclaims.StatusReturned}
	for _, c := range cells {
		rep.Findings = append(rep.Findings, stpclaims.Finding{Rule: "R-" + c, Severity: stpclaims.SeverityError, Cell: "Data!" + c, Message: "about " + c})
	}
	rep.Findings = append(rep.Findings, stpclaims.Finding{Rule: "R-EMPTY", Severity: stpclaims.SeverityInfo, Cell: "Empty!B3", Message: "empty sheet"})

	saved := rawEditsEnabled
	rawEditsEnabled = true
	defer func() { rawEditsEnabled = saved }()
	// marked in memory, and read from the package in chunks as a large
	// workbook is
	for name, out := range map[string][]byte{"in memory": annotatedBytes(t, data, rep), "streamed": annotatedStreamed(t, data, rep)} {
		t.Run(name, func(t *testing.T) { checkShapes(t, out, cells, colFmt, rowFmt) })
	}
}

func checkShapes(t *testing.T, out []byte, cells []string, colFmt, rowFmt string) {
	parts := zipParts(t, out)
	g := open(t, out)

	xmlOut := parts[xlsxpart.SheetParts(g)["Data"]]
	if !strings.Contains(parts[strings.Replace(xlsxpart.SheetParts(g)["Data"], "worksheets/", "worksheets/_rels/", 1)+".rels"], "rIdStp") {
		t.Fatalf("the Data sheet did not take the raw path:\n%s", xmlOut)
	}
	for _, c := range cells {
		if got := fillColor(t, g, "Data", c); got != severityColor[stpclaims.SeverityError] {
			t.Errorf("Data!%s fill %q", c, got)
		}
	}
	if got := fillColor(t, g, "Empty", "B3"); got != severityColor[stpclaims.SeverityInfo] {
		t.Errorf("Empty!B3 fill %q", got)
	}
	for cell, want := range map[string]string{"C2": colFmt, "A4": rowFmt, "C1": colFmt, "B2": ""} {
		id, _ := g.GetCellStyle("Data", cell)
		st, _ := g.GetStyle(id)
		got := ""
		if st.CustomNumFmt != nil {
			got = *st.CustomNumFmt
		}
		if got != want {
			t.Errorf("Data!%s number format %q, want %q", cell, got, want)
		}
	}
	for cell, want := range map[string]string{"A2": "shared", "B2": "5", "A6": "7"} {
		if v, _ := g.GetCellValue("Data", cell); v != want {
			t.Errorf("Data!%s = %q, want %q", cell, v, want)
		}
	}
	if fm, _ := g.GetCellFormula("Data", "A6"); fm != "B2+2" {
		t.Errorf("A6 formula %q", fm)
	}
	notes, err := g.GetComments("Data")
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != len(cells) {
		t.Errorf("%d notes, want %d", len(notes), len(cells))
	}
	for _, n := range notes {
		text := n.Text
		for _, p := range n.Paragraph {
			text += p.Text
		}
		if !strings.Contains(text, "R-"+n.Cell) || n.Author != commentAuthor {
			t.Errorf("note on %s by %q: %q", n.Cell, n.Author, text)
		}
	}
	order := []string{"<row r=\"1\"", "<row r=\"2\"", "<row r=\"4\"", "<row r=\"5\"", "<row r=\"6\"", "<row r=\"9\"", "<legacyDrawing", "<extLst"}
	last := -1
	for _, s := range order {
		i := strings.Index(xmlOut, s)
		if i <= last {
			t.Errorf("%s is at %d, not after the previous element (%d):\n%s", s, i, last, xmlOut)
		}
		last = i
	}
	if empty := parts[xlsxpart.SheetParts(g)["Empty"]]; !strings.Contains(empty, `</sheetData><legacyDrawing`) || strings.Index(empty, "<legacyDrawing") > strings.Index(empty, "<tableParts") {
		t.Errorf("the empty sheet's legacyDrawing is out of place:\n%s", empty)
	}
	if strings.Contains(xmlOut, "tabSelected") {
		t.Errorf("the Data sheet is still selected:\n%s", xmlOut)
	}
	if strings.Contains(xmlOut, `spans="1:2"`) || !strings.Contains(xmlOut, `<dimension ref="A1:C6"/>`) {
		t.Errorf("row 2 keeps a stale spans hint, or the rest of the sheet changed:\n%s", xmlOut)
	}
}

func TestNextTag(t *testing.T) {
	data := []byte(`<cols><col min="1"/></cols><c r="A1" s='3'><v>1</v></c><cm/><c/>`)
	tag, ok := nextTag(data, "c", 0, len(data))
	if !ok || tag.attrs.get("r") != "A1" || tag.attrs.get("s") != "3" || tag.selfClose {
		t.Fatalf("first <c>: %+v %v", tag, ok)
	}
	tag, ok = nextTag(data, "c", tag.end, len(data))
	if !ok || !tag.selfClose || tag.attrs.count() != 0 {
		t.Fatalf("second <c>: %+v %v", tag, ok)
	}
	if _, ok := nextTag(data, "c", tag.end, len(data)); ok {
		t.Error("a third <c>")
	}
}

func TestWithStyle(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<c r="A1">`, `<c r="A1" s="7">`},
		{`<c r="A1" s="3" t="s">`, `<c r="A1" s="7" t="s">`},
		{`<c r='A1' s='3'>`, `<c r='A1' s="7">`},
		{`<c r="A1"/>`, `<c r="A1" s="7"/>`},
	}
	for _, tt := range tests {
		if got := withStyle([]byte(tt.in), 7); got != tt.want {
			t.Errorf("withStyle(%s) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestApplyEdits_inPlace checks edits applied in the part's own buffer
// against the same edits applied to a copy, for edits that shrink, grow
// within the spare capacity, grow beyond it, and mix.
func TestApplyEdits_inPlace(t *testing.T) {
	const text = "0123456789abcdefghijklmnopqrstuvwxyz"
	tests := []struct {
		name    string
		slack   int
		edits   []edit
		want    string
		inPlace bool
	}{
		{"shrink", 0, []edit{{2, 5, "X"}, {10, 12, ""}, {20, 20, "Y"}}, "01X56789cdefghijYklmnopqrstuvwxyz", true},
		{"grow within slack", 16, []edit{{0, 0, "<<"}, {10, 11, "AAA"}, {36, 36, ">>"}}, "<<0123456789AAAbcdefghijklmnopqrstuvwxyz>>", true},
		{"grow beyond slack", 2, []edit{{0, 0, "<<"}, {36, 36, ">>"}}, "<<0123456789abcdefghijklmnopqrstuvwxyz>>", false},
		{"grow then shrink", 16, []edit{{0, 0, "<<<"}, {5, 9, ""}}, "<<<01234" + "9abcdefghijklmnopqrstuvwxyz", false},
		{"shrink then grow", 16, []edit{{0, 4, ""}, {30, 30, "+++++"}}, "456789abcdefghijklmnopqrst+++++uvwxyz", false},
		{"replace in place", 0, []edit{{3, 4, "#"}}, "012#456789abcdefghijklmnopqrstuvwxyz", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := make([]byte, len(text), len(text)+tc.slack)
			copy(data, text)
			got := applyEdits(data, slices.Clone(tc.edits))
			if string(got) != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if same := &got[0] == &data[0]; same != tc.inPlace {
				t.Errorf("edited in place: %v, want %v", same, tc.inPlace)
			}
		})
	}
}
