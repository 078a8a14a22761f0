package read

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/proptest"
	"stpclaims/internal/xlsxpart"

	"stpclaims/internal/testenv"
	"stpclaims/templates"
	"stpclaims/validate"
)

// rawRowsBook is a minimal workbook around one sheet's XML and, unless sst
// is empty, a shared strings part.
func rawRowsBook(sheet, sst []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name string, body []byte) {
		w, _ := zw.Create(name)
		_, _ = w.Write(body)
	}
	ct := `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`
	rels := `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`
	if len(sst) > 0 {
		ct += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
		put("xl/sharedStrings.xml", sst)
	}
	put("[Content_Types].xml", []byte(ct+`</Types>`))
	put("_rels/.rels", []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`))
	put("xl/workbook.xml", []byte(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`+
		`<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`))
	put("xl/_rels/workbook.xml.rels", []byte(rels+`</Relationships>`))
	put("xl/worksheets/sheet1.xml", sheet)
	_ = zw.Close()
	return buf.Bytes()
}

// wellFormed reports whether data is one well-formed XML document as
// encoding/xml reads it. excelize's Rows iterator stops silently at the
// first token it cannot read, so only on well-formed XML is what it gives
// the sheet's content.
func wellFormed(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return false
		}
	}
	d = xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
	}
}

// inOrder reports whether a sheet's rows, and each row's cells, come in
// ascending order, as the schema requires. excelize's Rows iterator merges
// rows that come out of order into the wrong row numbers and cells that
// come out of order into the wrong columns, so on such sheets there is no
// right answer to agree with.
func inOrder(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	row, col := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return true
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "row":
			n := row + 1
			for _, a := range se.Attr {
				if a.Name.Local == "r" {
					if v, err := strconv.Atoi(a.Value); err == nil && v != 0 {
						n = v
					}
				}
			}
			if n <= row {
				return false
			}
			row, col = n, 0
		case "c":
			n := col + 1
			for _, a := range se.Attr {
				if a.Name.Local == "r" && a.Value != "" {
					c, _, err := excelize.CellNameToCoordinates(a.Value)
					if err != nil {
						return false
					}
					n = c
				}
			}
			if n <= col {
				return false
			}
			col = n
		}
	}
}

// excelizeRows reads a sheet with excelize's Rows and Columns alone, raw,
// as streamSheet does when the scanner is off; rows are from 1, empty ones
// nil, trailing empty ones dropped.
func excelizeRows(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, err
		}
		if len(cells) == 0 {
			cells = nil
		}
		out = append(out, cells)
	}
	if err := rows.Error(); err != nil {
		return nil, err
	}
	return trimRows(out), nil
}

// scannedRows reads a sheet through streamSheet (the scanner, then the Rows
// iterator where it hands over), copying transient cells.
func scannedRows(f *excelize.File, sheet string, transient bool) ([][]string, error) {
	var out [][]string
	err := streamSheet(context.Background(), f, sheet, true, transient, nil, func(row int, cells []string) bool {
		for len(out) < row-1 {
			out = append(out, nil)
		}
		var kept []string
		for _, c := range cells {
			kept = append(kept, strings.Clone(c))
		}
		out = append(out, kept)
		return true
	})
	return trimRows(out), err
}

// excelizeShownRows is excelizeRows as the sender sees the sheet, by
// excelize's own reading: a hidden row empty, the cells of hidden columns
// blank and the blanks they leave at a row's end dropped (streamSheet hands
// out no hidden cell). A sheet excelize cannot decode whole has no
// hidden columns by excelize's reading (GetColVisible fails), while the
// reader still reads them from the sheet's head, as LibreOffice shows them
// (a <col hidden="true" collapsed="fKlse"> is hidden): such a sheet is
// not compared, and the error says so.
func excelizeShownRows(f *excelize.File, sheet string) ([][]string, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	var out [][]string
	var hiddenRow []bool
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, cells)
		hiddenRow = append(hiddenRow, rows.GetRowOpts().Hidden)
	}
	if err := errors.Join(rows.Error(), rows.Close()); err != nil {
		return nil, err
	}
	// After the rows: GetColVisible decodes the sheet, and excelize's Rows
	// would then read the decoded sheet, not the stored XML.
	if _, err := f.GetColVisible(sheet, "A"); err != nil {
		return nil, fmt.Errorf("excelize cannot tell the hidden columns: %w", err)
	}
	for r, cells := range out {
		if hiddenRow[r] {
			out[r] = nil
			continue
		}
		blanked := false
		for c := range cells {
			name, _ := excelize.ColumnNumberToName(c + 1)
			if visible, err := f.GetColVisible(sheet, name); err == nil && !visible && cells[c] != "" {
				cells[c], blanked = "", true
			}
		}
		for blanked && len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			cells = nil
		}
		out[r] = cells
	}
	return trimRows(out), nil
}

func trimRows(rows [][]string) [][]string {
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// checkRawRows is the property: for a sheet that is well-formed XML and
// that excelize reads without error, streamSheet with the scanner gives
// exactly excelize's rows and cells. It returns whether the case counted
// (excelize could read it) and whether the scanner read at least one row
// itself.
func checkRawRows(t *testing.T, sheet, sst []byte) (counted, scanned bool) {
	t.Helper()
	if !wellFormed(sheet) || len(sst) > 0 && !wellFormed(sst) || !inOrder(sheet) {
		return false, false
	}
	// A worksheet has one sheetData. Of one with two (found by the
	// fuzzer), excelize itself reads different rows: its Rows iterator
	// stops at the first end tag, its decoder keeps the rows of both.
	if bytes.Count(sheet, []byte("<sheetData")) > 1 {
		return false, false
	}
	book := rawRowsBook(sheet, sst)
	ref, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		return false, false
	}
	defer ref.Close()
	want, err := excelizeShownRows(ref, "Sheet1")
	if err != nil {
		return false, false
	}
	for _, mode := range []struct {
		transient, streamed bool
	}{{false, false}, {true, false}, {true, true}} {
		transient := mode.transient
		f, err := excelize.OpenReader(bytes.NewReader(book))
		if mode.streamed {
			// as package read opens a big workbook: the sheet left in
			// a temporary file by excelize, read from the package in
			// chunks (of 48 bytes: rows fall across them)
			f, err = excelize.OpenReader(bytes.NewReader(book), excelize.Options{UnzipXMLSizeLimit: 1})
			if err == nil {
				err = xlsxpart.Attach(f, book)
			}
			defer xlsxpart.SetChunkBytes(48)()
		}
		if err != nil {
			t.Fatalf("second open: %v", err)
		}
		// The reader has the shared strings decoded by the time it
		// streams (excelize decodes them whole, for any cell, here
		// while reading the rows once through its own iterator).
		if _, err := excelizeRows(f, "Sheet1"); err != nil {
			t.Fatalf("second read: %v", err)
		}
		if data, ok := storedSheet(f, "Sheet1"); ok {
			if s, ok := newRawRowScanner(f, data); ok {
				_ = s.scan(func(int, []string) bool { return true })
				scanned = scanned || s.last > 0
			}
		}
		got, err := scannedRows(f, "Sheet1", transient)
		xlsxpart.Detach(f)
		f.Close()
		if err != nil {
			t.Fatalf("streamSheet (%+v): %v where excelize read the sheet\nsheet: %s\nsst: %s", mode, err, sheet, sst)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("streamSheet (%+v) disagrees with excelize\nsheet: %s\nsst: %s\n%s", mode, sheet, sst, rowsDiff(got, want))
		}
	}
	return true, scanned
}

func rowsDiff(got, want [][]string) string {
	for i := range max(len(got), len(want)) {
		var a, b []string
		if i < len(got) {
			a = got[i]
		}
		if i < len(want) {
			b = want[i]
		}
		if !reflect.DeepEqual(a, b) {
			return fmt.Sprintf("row %d: scanner %q, excelize %q (rows: %d vs %d)", i+1, a, b, len(got), len(want))
		}
	}
	return "same"
}

// fixtureSheets returns (sheet XML, shared strings XML) for every worksheet
// of every committed xlsx fixture and of the generated templates.
func fixtureSheets(tb testing.TB) [][2][]byte {
	tb.Helper()
	var books [][]byte
	for _, pattern := range []string{"testdata/*.xlsx", "testdata/*/*.xlsx", "../../examples/*.xlsx"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range m {
			b, err := os.ReadFile(p)
			if err != nil {
				tb.Fatal(err)
			}
			books = append(books, b)
		}
	}
	cards, err := validate.NewCards()
	if err != nil {
		tb.Fatal(err)
	}
	card := cards.InForce(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	for _, build := range []func(*validate.Card) ([]byte, error){templates.AnnexureII, templates.TABill, templates.Settlement} {
		b, err := build(card)
		if err != nil {
			tb.Fatal(err)
		}
		books = append(books, b)
	}
	var out [][2][]byte
	for _, b := range books {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			continue // encrypted.xlsx is no zip
		}
		var sst []byte
		var sheets [][]byte
		for _, zf := range zr.File {
			if !strings.HasPrefix(zf.Name, "xl/worksheets/sheet") && zf.Name != "xl/sharedStrings.xml" {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				tb.Fatal(err)
			}
			body, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				tb.Fatal(err)
			}
			if zf.Name == "xl/sharedStrings.xml" {
				sst = body
			} else {
				sheets = append(sheets, body)
			}
		}
		for _, s := range sheets {
			out = append(out, [2][]byte{s, sst})
		}
	}
	return out
}

// rawRowsSeeds are sheets written by hand for what the scanner must read
// or hand over.
var rawRowsSeeds = []string{
	`<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b&#x20;&#8377; </t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c></row>`,
	`<row r="2" spans="1:3"><c r="A2"><f>1+1</f><v>2</v></c><c r="B2" t="str"><f>"x"</f><v>x</v></c><c r="C2"/></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>`,
	`<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></is></c></row>`,
	`<row r="1"><c r="A1" t="inlineStr"><is><t>line&#10;two
three</t></is></c><c r="B1" t="inlineStr"><is><t>_x000D_ x&#xD800;</t></is></c></row>`,
	`<row r="3"><c r="A3" t="d"><v>2026-01-12T00:00:00</v></c></row><!-- c --><row r="4"><c r="A4"><v><![CDATA[5]]></v></c></row>`,
	`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v> 2 </v></c><c r="C1" t="s"><v>3</v></c></row>`,
	// a '>' inside a quoted attribute value does not close the tag (found
	// by FuzzRawRows: the text was read from inside the value)
	`<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="p/is>rve"> a </t></is></c><c r="B1"><v a='>'>2</v></c></row>`,
}

const rawRowsSST = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">` +
	`<si><t>plain</t></si><si><t xml:space="preserve"> sp &amp; ace </t></si><si><r><t>ri</t></r><r><t>ch</t></r></si><si><t>esc_x0041_aped</t></si></sst>`

func rawSheetXML(rows string) []byte {
	return []byte(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1"/><sheetData>` +
		rows + `</sheetData></worksheet>`)
}

// FuzzRawRows checks that the raw scanner (with its hand-over) gives
// exactly the rows excelize's Rows and Columns give, for any sheet XML
// excelize reads, with the shared strings given.
func FuzzRawRows(f *testing.F) {
	for _, s := range fixtureSheets(f) {
		f.Add(s[0], s[1])
	}
	for _, rows := range rawRowsSeeds {
		f.Add(rawSheetXML(rows), []byte(rawRowsSST))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 40 {
		f.Add(hostileEdit(rng, rawSheetXML(randomRowsXML(rng))), []byte(randomSST(rng)))
	}
	f.Fuzz(func(t *testing.T, sheet, sst []byte) {
		checkRawRows(t, sheet, sst)
	})
}

// TestRawRowScanner_seeds runs the property over the fuzz seeds: every
// fixture sheet and the hand-written ones.
func TestRawRowScanner_seeds(t *testing.T) {
	counted, scanned := 0, 0
	for _, s := range fixtureSheets(t) {
		c, sc := checkRawRows(t, s[0], s[1])
		counted += btoi(c)
		scanned += btoi(sc)
	}
	for _, rows := range rawRowsSeeds {
		c, sc := checkRawRows(t, rawSheetXML(rows), []byte(rawRowsSST))
		counted += btoi(c)
		scanned += btoi(sc)
	}
	if counted < 10 || scanned < 5 {
		t.Errorf("only %d seeds readable, %d read by the scanner", counted, scanned)
	}
	t.Logf("%d seeds, %d read (partly) by the scanner", counted, scanned)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// randomRowsXML builds random sheetData content from the pieces the
// scanner has to tell apart: every cell type, escapes, whitespace,
// missing references, gaps, markup it must hand over on.
func randomRowsXML(rng *rand.Rand) string {
	texts := []string{"", "x", " lead", "trail ", "a &amp; b", "&lt;&gt;&quot;&apos;", "&#x20;", "&#32;x", "&#8377;", "₹ ನ", "a\nb", "a\r\nb", "a\rb", "&#13;", "&#xD;&#xA;", "&#xD800;", "&#xDFFF;x", "&#x10FFFF;", "&#0;", "&#x110000;", "_x0041_", "_x000D_", "1e5", "-0", "007", " 12 ", "\t", "&nbsp;", "&#x;", "A&#x42;C", "&amp;amp;", "x]]>y", "\u00a0", "\u0085"}
	text := func() string { return texts[rng.IntN(len(texts))] }
	space := func() string { return []string{"", "", "", " ", "\n", "\r\n", "\t"}[rng.IntN(7)] }
	tAttr := func() string {
		return []string{"", "", ` xml:space="preserve"`, ` xml:space='preserve'`}[rng.IntN(4)]
	}
	var b strings.Builder
	row := 0
	nrows := 1 + rng.IntN(8)
	for range nrows {
		switch rng.IntN(10) {
		case 0: // no reference
			row++
		case 1: // a gap or a huge number
			row += 2 + rng.IntN(5)
			if rng.IntN(5) == 0 {
				row = excelize.TotalRows - rng.IntN(3) + rng.IntN(2)*rng.IntN(3)
			}
		case 2: // out of order or repeated
			row = max(1, row-rng.IntN(2))
		default:
			row++
		}
		b.WriteString(space())
		b.WriteString("<row")
		if rng.IntN(12) != 0 {
			q := []string{`"`, `'`}[rng.IntN(2)]
			fmt.Fprintf(&b, " r=%s%d%s", q, row, q)
		}
		if rng.IntN(3) == 0 {
			b.WriteString(` spans="1:5"`)
		}
		if rng.IntN(6) == 0 {
			b.WriteString(` s="2" customFormat="1"`)
		}
		if rng.IntN(10) == 0 {
			b.WriteString("/>")
			continue
		}
		b.WriteString(">")
		col := 0
		for range rng.IntN(6) {
			col += 1 + rng.IntN(3)*rng.IntN(2)
			if rng.IntN(20) == 0 {
				col = max(1, col-2)
			}
			b.WriteString(space())
			b.WriteString("<c")
			ref := ""
			if rng.IntN(15) != 0 {
				name, _ := excelize.CoordinatesToCellName(min(col, excelize.MaxColumns), max(row, 1))
				if rng.IntN(15) == 0 {
					name = strings.ToLower(name)
				}
				ref = ` r="` + name + `"`
			}
			typ := []string{"", "n", "s", "str", "inlineStr", "b", "e", "d", "x"}[rng.IntN(9)]
			attrs := []string{ref}
			if typ != "" {
				attrs = append(attrs, ` t="`+typ+`"`)
			}
			if rng.IntN(3) == 0 {
				attrs = append(attrs, fmt.Sprintf(` s="%d"`, rng.IntN(4)))
			}
			rng.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
			b.WriteString(strings.Join(attrs, ""))
			if rng.IntN(8) == 0 {
				b.WriteString("/>")
				continue
			}
			b.WriteString(">")
			if rng.IntN(4) == 0 {
				b.WriteString([]string{"<f>A1+1</f>", `<f t="shared" ref="A1:A3" si="0">B1</f>`, `<f t="shared" si="0"/>`, "<f/>"}[rng.IntN(4)])
			}
			switch {
			case typ == "inlineStr" && rng.IntN(5) != 0:
				switch rng.IntN(6) {
				case 0:
					fmt.Fprintf(&b, "<is><r><t>%s</t></r><r><rPr><b/></rPr><t%s>%s</t></r></is>", text(), tAttr(), text())
				case 1:
					b.WriteString("<is/>")
				case 2:
					fmt.Fprintf(&b, "<is><t%s/></is>", tAttr())
				default:
					fmt.Fprintf(&b, "<is>%s<t%s>%s</t>%s</is>", space(), tAttr(), text(), space())
				}
			case typ == "s" && rng.IntN(6) != 0:
				fmt.Fprintf(&b, "<v>%s%d%s</v>", []string{"", " "}[rng.IntN(2)], rng.IntN(5), []string{"", " ", "\n"}[rng.IntN(3)])
			case typ == "b" && rng.IntN(3) != 0:
				fmt.Fprintf(&b, "<v>%d</v>", rng.IntN(3))
			case rng.IntN(10) == 0:
				b.WriteString([]string{"<v/>", "<v></v>", "<v><![CDATA[7]]></v>", "<v>1<!-- c --></v>", "<extLst/>"}[rng.IntN(5)])
			case rng.IntN(6) != 0:
				fmt.Fprintf(&b, "<v>%s</v>", []string{text(), fmt.Sprint(rng.IntN(100000)), fmt.Sprintf("%d.%02d", rng.IntN(1000), rng.IntN(100)), "#N/A", "TRUE"}[rng.IntN(5)])
			}
			b.WriteString("</c>")
		}
		if rng.IntN(15) == 0 {
			b.WriteString([]string{"<!-- x -->", "<extLst/>", "text"}[rng.IntN(3)])
		}
		b.WriteString(space())
		b.WriteString("</row>")
	}
	return b.String()
}

// randomSST is a shared strings part of five items, plain, spaced,
// escaped, rich and phonetic.
func randomSST(rng *rand.Rand) string {
	items := []string{
		`<si><t>plain</t></si>`, `<si><t xml:space="preserve"> sp &amp; ace </t></si>`, `<si><r><t>ri</t></r><r><rPr><i/></rPr><t>ch</t></r></si>`,
		`<si><t>esc_x0041_aped</t></si>`, `<si><t>ph</t><rPh sb="0" eb="1"><t>P</t></rPh></si>`, `<si><t/></si>`, `<si><t>a&#10;b</t></si>`, `<si><t>x</t><r><t>y</t></r></si>`,
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for range 5 {
		b.WriteString(items[rng.IntN(len(items))])
	}
	b.WriteString(`</sst>`)
	return b.String()
}

// TestRawRowScanner_randomSheets drives FuzzRawRows's property with a
// seeded generator of sheets built from the XML the scanner must read or
// hand over on (the fuzzer, mutating bytes, rarely makes such structure).
func TestRawRowScanner_randomSheets(t *testing.T) {
	testenv.WithoutRace(t)
	n := proptest.Cases(2500, 300, 500)
	rng := rand.New(rand.NewPCG(2026, 11))
	counted, scanned := 0, 0
	for range n {
		sheet := rawSheetXML(randomRowsXML(rng))
		if rng.IntN(3) == 0 {
			sheet = hostileEdit(rng, sheet)
		}
		c, sc := checkRawRows(t, sheet, []byte(randomSST(rng)))
		counted += btoi(c)
		scanned += btoi(sc)
	}
	t.Logf("%d random sheets, %d readable by excelize, %d read (partly) by the scanner", n, counted, scanned)
	if counted < n/4 || scanned < n/10 {
		t.Errorf("the generator made too few useful sheets: %d readable, %d scanned", counted, scanned)
	}
}

// hostileEdits are rewrites of well-formed sheet XML into XML that is still
// well formed (or nearly) but that a byte scanner can misread.
var hostileEdits = [][2]string{
	{`<c r=`, `<c x:r="B9" r=`},                // a prefixed attribute of the same local name
	{`<c r=`, `<c xmlns:t="urn:x" r=`},         // xmlns:t: excelize takes it for t
	{` t="s"`, ` t = "s"`},                     // spaces around =
	{` t="s"`, "\tt\n=\n's'"},                  // other spaces and quotes
	{`<c r=`, `<c a="x>y" r=`},                 // '>' inside a value
	{`<c r=`, `<c a=' r="B2"' r=`},             // an attribute inside a value
	{` t="s"`, ` t="s" t="n"`},                 // given twice (not well formed)
	{`<row r=`, `<row xmlns:r="urn:x" r=`},     // xmlns:r
	{`<row r=`, `<row r = `},                   // spaces around = on a row
	{`<v>`, `<x:v xmlns:x="urn:x">9</x:v><v>`}, // a prefixed element
	{`</v>`, `</v><v>8</v>`},                   // a second value
	{`</v>`, `</v><extLst><ext><v>7</v></ext></extLst>`},
	{`</c>`, `</c >`}, // an end tag with a space
	{`</v>`, `</v >`},
	{`</t>`, `</t
>`},
	{`</row>`, `</row >`},
	{`<c r=`, `<c s="x" r=`}, // a style that is no number
	{`<c r=`, `<c s="-1" r=`},
	{`<c r=`, `<c s="1.5" r=`},
	{`<t>`, `<t>a</t><t>`}, // a second text
	{`<is>`, `<is><t>first</t>`},
	{`<sheetData>`, `<!-- <sheetData><row r="1"><c r="A1"><v>666</v></c></row></sheetData> --><sheetData>`},
	{`<sheetData>`, `<sheetDataX/><sheetData>`},
	{`encoding="UTF-8"`, `encoding="ISO-8859-1"`},
	{`<v>`, `<v><?pi x?>`},
	{`<row r="2"`, `<row r="2" ht="x>"`},
	{`<c r="C1" t="inlineStr"`, `<c r="C1"  t  =  "inlineStr"`},
}

// hostileEdit applies one of hostileEdits to sheet, at its first match or
// everywhere.
func hostileEdit(rng *rand.Rand, sheet []byte) []byte {
	e := hostileEdits[rng.IntN(len(hostileEdits))]
	if rng.IntN(2) == 0 {
		return bytes.Replace(sheet, []byte(e[0]), []byte(e[1]), 1)
	}
	return bytes.ReplaceAll(sheet, []byte(e[0]), []byte(e[1]))
}

// TestRawRowScanner_hostile applies each of hostileEdits to one sheet and
// checks the property on the result.
func TestRawRowScanner_hostile(t *testing.T) {
	const base = `<row r="1"><c r="A1"><v>1</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>in</t></is></c><c r="D1"><v>4</v></c></row>` +
		`<row r="2"><c r="A2"><v>5</v></c><c r="B2" t="s"><v>2</v></c></row><row r="3"><c r="A3"><v>6</v></c></row>`
	for i, e := range hostileEdits {
		for _, all := range []bool{false, true} {
			t.Run(fmt.Sprintf("%d/%q/all=%v", i, e[1], all), func(t *testing.T) {
				sheet := rawSheetXML(base)
				n := 1
				if all {
					n = -1
				}
				edited := bytes.Replace(sheet, []byte(e[0]), []byte(e[1]), n)
				if bytes.Equal(edited, sheet) {
					t.Fatalf("%q is not in the sheet", e[0])
				}
				checkRawRows(t, edited, []byte(rawRowsSST))
			})
		}
	}
}
