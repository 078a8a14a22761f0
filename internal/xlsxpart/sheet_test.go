package xlsxpart

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// spilled opens data as package read does for a large workbook: every
// worksheet left by excelize in a temporary file, the package attached.
func spilled(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipXMLSizeLimit: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if err := Attach(f, data); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { Detach(f) })
	return f
}

// bookWith is a workbook whose first sheet's XML is sheet.
func bookWith(t *testing.T, sheet string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	g := reopened(t, f)
	Store(g, "xl/worksheets/sheet1.xml", []byte(sheet))
	var buf bytes.Buffer
	if err := g.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testHead = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/><sheetData>`

func testRows(n int) string {
	var b strings.Builder
	for r := 1; r <= n; r++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>row %d</t></is></c></row>`, r, r, r, r, r)
	}
	b.WriteString(`<row r="999" s="2" customFormat="1"/>`)
	return b.String()
}

const testTail = `</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`

// TestSheet_pieces reads one worksheet held in memory and streamed in
// chunks of many sizes: the head, the chunks and the tail put together are
// the part, every chunk but the last ends with "</row>", and the layout is
// the same.
func TestSheet_pieces(t *testing.T) {
	rows := testRows(300)
	part := testHead + rows + testTail
	mem, ok := SheetOf([]byte(part))
	if !ok {
		t.Fatal("SheetOf refused the sheet")
	}
	want, err := mem.Layout()
	if err != nil {
		t.Fatal(err)
	}
	if want.ValueRows != 300 || string(want.Tail) != testTail || want.TailAt != int64(len(testHead)+len(rows)) {
		t.Fatalf("layout %+v", want)
	}
	data := bookWith(t, part)
	for _, size := range []int{16, 100, 1000, 1 << 20} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			defer SetChunkBytes(size)()
			f := spilled(t, data)
			sh, ok := OpenSheet(f, "xl/worksheets/sheet1.xml")
			if !ok {
				t.Fatal("OpenSheet refused the sheet")
			}
			if _, inMem := sh.InMemory(); inMem {
				t.Fatal("the sheet is held in memory")
			}
			if string(sh.Head()) != testHead {
				t.Fatalf("head %q", sh.Head())
			}
			readRows := func(from string) {
				var got strings.Builder
				chunks := sh.Rows()
				n := 0
				for {
					chunk, at, ok := chunks.Next()
					if !ok {
						break
					}
					n++
					if at != int64(len(testHead)+got.Len()) {
						t.Fatalf("%s: chunk %d at %d, want %d", from, n, at, len(testHead)+got.Len())
					}
					if !chunks.Last() && !bytes.HasSuffix(chunk, []byte("</row>")) {
						t.Fatalf("%s: chunk %d ends %q", from, n, chunk[max(0, len(chunk)-10):])
					}
					got.Write(chunk)
				}
				chunks.Close()
				if size >= 1000 && len(chunks.buf) != size {
					t.Errorf("%s: the buffer grew to %d bytes for rows far shorter than %d", from, len(chunks.buf), size)
				}
				if chunks.Err() != nil || got.String() != rows {
					t.Fatalf("%s: rows read (err %v):\n%s", from, chunks.Err(), got.String())
				}
				if size < 1000 && n < 2 {
					t.Errorf("%s: %d chunks of %d bytes", from, n, size)
				}
			}
			readRows("the package")
			l, err := sh.Layout()
			if err != nil {
				t.Fatal(err)
			}
			if l.TailAt != want.TailAt || string(l.Tail) != string(want.Tail) || l.ValueRows != want.ValueRows {
				t.Errorf("layout %+v, want %+v", l, want)
			}
			if len(bookOf(f).spills) != 1 {
				t.Fatal("the layout's pass left no spill")
			}
			readRows("the spill")
			spill := bookOf(f).spills["xl/worksheets/sheet1.xml"].Name()
			Detach(f)
			if _, err := os.Stat(spill); !os.IsNotExist(err) {
				t.Errorf("the spill %s is still there after Detach: %v", spill, err)
			}
		})
	}
}

// TestSheet_refused: sheets whose pieces cannot be told by a byte search.
func TestSheet_refused(t *testing.T) {
	for _, part := range []string{
		`<worksheet><!-- <sheetData> --><sheetData></sheetData></worksheet>`,
		`<worksheet><sheetDataX/><sheetData></sheetData></worksheet>`,
		`<worksheet><sheetData a="1"></sheetData></worksheet>`,
		`<worksheet></worksheet>`,
		// found by FuzzRawRows: encoding/xml reads a directive to its
		// matching '>', and a processing instruction to its "?>"
		`<worksheet><!4- <sheetData><row r="1"/></shhees xm> --><sheetData></sheetData></worksheet>`,
		`<?xml version="1.0"?><worksheet><?pi <sheetData> ?><sheetData></sheetData></worksheet>`,
		`<?xml version="1.0" <sheetData>?><worksheet><sheetData></sheetData></worksheet>`,
	} {
		if _, ok := SheetOf([]byte(part)); ok {
			t.Errorf("SheetOf took %s", part)
		}
	}
	if _, ok := SheetOf([]byte(`<?xml version="1.0"?>` + "\n" + `<worksheet><sheetData></sheetData></worksheet>`)); !ok {
		t.Error("SheetOf refused a sheet after its XML declaration")
	}
	sh, ok := SheetOf([]byte(`<worksheet><sheetData><row r="1"/></worksheet>`))
	if !ok {
		t.Fatal("SheetOf refused a sheet whose end is missing (the rows tell)")
	}
	rows := sh.Rows()
	if _, _, ok := rows.Next(); ok || rows.Err() == nil {
		t.Error("rows without a sheetData end tag read through")
	}
}

// TestWriteStreamed writes a streamed worksheet with edits recorded in two
// rounds, as the annotated copy's writer does.
func TestWriteStreamed(t *testing.T) {
	part := testHead + testRows(50) + testTail
	data := bookWith(t, part)
	f := spilled(t, data)
	const name = "xl/worksheets/sheet1.xml"
	if got := Streamed(f); len(got) != 1 || got[0] != name {
		t.Fatalf("streamed parts %q", got)
	}
	at := int64(strings.Index(part, `<row r="7">`))
	end := int64(strings.Index(part, `</sheetData>`))
	if err := AddEdits(f, name, []Edit{{at, at + int64(len(`<row r="7">`)), `<row r="7" spans="1:2">`}}); err != nil {
		t.Fatal(err)
	}
	if err := AddEdits(f, name, []Edit{{end, end, `<row r="1000"/>`}, {0, 0, "<!-- -->"}}); err != nil {
		t.Fatal(err)
	}
	if err := AddEdits(f, name, []Edit{{at + 2, at + 3, "x"}}); err == nil {
		t.Error("an edit over an earlier one was taken")
	}
	if err := EditsKept(f); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteStreamed(f, name, &out); err != nil {
		t.Fatal(err)
	}
	want := "<!-- -->" + part[:at] + `<row r="7" spans="1:2">` + part[at+int64(len(`<row r="7">`)):end] + `<row r="1000"/>` + part[end:]
	if out.String() != want {
		t.Errorf("written:\n%s\nwant:\n%s", out.String(), want)
	}

	// held back, excelize writes the part empty and reads it, still,
	// from its temporary file
	release := HoldBack(f, Streamed(f))
	rows, err := f.Rows("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		rows.Next()
	}
	if cells, err := rows.Columns(); err != nil || len(cells) < 2 || cells[1] != "row 3" {
		t.Errorf("row 3 %q, %v while held back", cells, err)
	}
	rows.Close()
	var zipped bytes.Buffer
	if err := f.Write(&zipped); err != nil {
		t.Fatal(err)
	}
	release()
	g, err := excelize.OpenReader(bytes.NewReader(zipped.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if b, _ := stored(g, name); len(b) != 0 {
		t.Errorf("the held-back part was written with %d bytes", len(b))
	}
	if Has(f, name) {
		t.Error("the placeholder is still there after release")
	}

	// decoded by excelize after the edits: they would be lost
	if _, err := f.GetCellValue("Sheet1", "A1"); err != nil {
		t.Fatal(err)
	}
	if err := EditsKept(f); !errors.Is(err, errEditsLost) {
		t.Errorf("EditsKept = %v once the sheet is decoded, want errEditsLost", err)
	}
}

// TestAttach_inMemory: parts excelize holds are not read from the package.
func TestAttach_inMemory(t *testing.T) {
	data := bookWith(t, testHead+testRows(3)+testTail)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := Attach(f, data); err != nil {
		t.Fatal(err)
	}
	if got := Streamed(f); len(got) != 0 {
		t.Errorf("streamed %q", got)
	}
	sh, ok := OpenSheet(f, "xl/worksheets/sheet1.xml")
	if !ok {
		t.Fatal("OpenSheet refused the sheet")
	}
	if _, inMem := sh.InMemory(); !inMem {
		t.Error("not read from memory")
	}
}

func TestMarkupIn(t *testing.T) {
	for _, tc := range []struct {
		data               string
		comment, cdata, pi bool
	}{
		{`<row r="1"><c r="A1" t="inlineStr"><is><t>Hello! Why?</t></is></c></row>`, false, false, false},
		{`<row r="1"/><!-- x -->`, true, false, false},
		{`<c><v><![CDATA[1]]></v></c>`, false, true, false},
		{`<v><?pi x?>1</v>`, false, false, true},
		{`!<!x`, false, false, false},
	} {
		c, d, p := markupIn([]byte(tc.data))
		if c != tc.comment || d != tc.cdata || p != tc.pi {
			t.Errorf("%s: comment %v, CDATA %v, PI %v", tc.data, c, d, p)
		}
	}
}

func TestValueRows(t *testing.T) {
	for _, tc := range []struct {
		data string
		want int
	}{
		{`<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" s="3"/></row>`, 1},
		{`<row r="1" s="2" customFormat="1"/><row r="2"><c r="A2" t="inlineStr"><is><t>w</t></is></c></row>`, 1},
		{`<row r="1"><c r="A1"><f>B1</f></c></row><row r="2"><c r="A2"><v>0</v></c></row><row r="3"><c r="A3"><v>1</v></c></row>`, 2},
		{``, 0},
	} {
		if got := valueRows([]byte(tc.data)); got != tc.want {
			t.Errorf("%s: %d rows with a value, want %d", tc.data, got, tc.want)
		}
	}
}

func TestIndexRowEnd(t *testing.T) {
	for _, tc := range []struct {
		s    string
		want int
	}{
		{`<c><v>w</v></c></row>`, 15},
		{`<row r="1"><c/></row >`, 15},
		{`</ro`, -1},
		{`w</row`, 1},
		{`<t>new row</t>`, -1},
	} {
		if got := IndexRowEnd([]byte(tc.s)); got != tc.want {
			t.Errorf("IndexRowEnd(%q) = %d, want %d", tc.s, got, tc.want)
		}
		if got, want := indexSheetDataEnd([]byte(tc.s+"</sheetData>")), len(tc.s); got != want {
			t.Errorf("indexSheetDataEnd(%q) = %d, want %d", tc.s+"</sheetData>", got, want)
		}
	}
}
