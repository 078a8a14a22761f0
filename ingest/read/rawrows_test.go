package read

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetRows collects a sheet's rows through streamRows, raw.
func sheetRows(t *testing.T, f *excelize.File, sheet string) [][]string {
	t.Helper()
	var out [][]string
	err := streamRows(context.Background(), f, sheet, true, nil, func(row int, cells []string) bool {
		for len(out) < row-1 {
			out = append(out, nil)
		}
		if len(cells) == 0 {
			cells = nil
		}
		out = append(out, cells)
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestStreamRows_rawScanner reads every sheet of every fixture with the
// raw scanner and with excelize's Rows iterator alone: the cells must be
// the same, row for row.
func TestStreamRows_rawScanner(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/*.xlsx", "testdata/*/*.xlsx", "../../examples/*.xlsx", "../../templates/testdata/*.xlsx"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 5 {
		t.Fatalf("only %d fixtures", len(files))
	}
	scanned := 0
	for _, path := range files {
		t.Run(filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			wb, err := Open(context.Background(), path, data, DefaultLimits())
			if err != nil {
				t.Skipf("not a form: %v", err)
			}
			defer wb.Close()
			for _, sheet := range wb.File.GetSheetList() {
				stored, ok := storedSheet(wb.File, sheet)
				if !ok {
					continue
				}
				if _, ok := newRawRowScanner(wb.File, stored); ok {
					scanned++
				}
				fast := sheetRows(t, wb.File, sheet)
				rawScanEnabled = false
				slow := sheetRows(t, wb.File, sheet)
				rawScanEnabled = true
				if !reflect.DeepEqual(fast, slow) {
					for i := range max(len(fast), len(slow)) {
						var a, b []string
						if i < len(fast) {
							a = fast[i]
						}
						if i < len(slow) {
							b = slow[i]
						}
						if !reflect.DeepEqual(a, b) {
							t.Fatalf("sheet %q row %d: scanner %q, Rows %q", sheet, i+1, a, b)
						}
					}
				}
			}
		})
	}
	if scanned == 0 {
		t.Error("the scanner read none of the fixtures' sheets")
	}
}

// TestRawRowScanner_scan covers the XML the scanner reads itself and the
// XML it hands to the Rows iterator.
func TestRawRowScanner_scan(t *testing.T) {
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="x"><sheetData>`
	tests := []struct {
		name    string
		body    string
		want    [][]string // rows from 1
		handOff int        // the last row delivered before errRawRows; -1 for none
	}{
		{"numbers and gaps", `<row r="2"><c r="B2"><v>12.5</v></c><c r="D2" s="3"><v>-4</v></c></row>`, [][]string{nil, {"", "12.5", "", "-4"}}, -1},
		{"inline text with entities", `<row r="1"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> a &amp; b &#8377;</t></is></c></row>`, [][]string{{" a & b ₹"}}, -1},
		{"formula without value", `<row r="1"><c r="A1"><v>1</v></c><c r="C1"><f>A1*2</f></c></row>`, [][]string{{"1", "", ""}}, -1},
		{"formula text", `<row r="1"><c r="B1" t="str"><f>"x"</f><v>x</v></c></row>`, [][]string{{"", "x"}}, -1},
		{"empty and self-closed cells", `<row r="1"><c r="A1" s="2"/><c r="B1"><v></v></c><c r="C1"><v>7</v></c></row><row r="2"/>`, [][]string{{"", "", "7"}, nil}, -1},
		{"rich text hands off", `<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><r><t>a</t></r></is></c></row>`, [][]string{{"1"}}, 1},
		{"row without reference hands off", `<row r="1"><c r="A1"><v>1</v></c></row><row><c r="A2"><v>2</v></c></row>`, [][]string{{"1"}}, 1},
		{"cell without reference hands off", `<row r="1"><c><v>1</v></c></row>`, nil, 0},
		{"date cell hands off", `<row r="1"><c r="A1" t="d"><v>2026-01-12</v></c></row>`, nil, 0},
		{"shared string without a table hands off", `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`, nil, 0},
		{"comment between rows hands off", `<row r="1"><c r="A1"><v>1</v></c></row><!-- note --><row r="2"/>`, [][]string{{"1"}}, 1},
		{"comment between cells hands off", `<row r="1"><c r="A1"><v>1</v></c><!-- x --></row>`, nil, 0},
		{"CDATA text hands off", `<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a]]></t></is></c></row>`, nil, 0},
		{"comment in a cell hands off", `<row r="1"><c r="A1"><!-- <v>2</v> --><v>1</v></c></row>`, nil, 0},
		{"CDATA value hands off", `<row r="1"><c r="A1" t="str"><v><![CDATA[1]]></v></c></row>`, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(head + tc.body + `</sheetData></worksheet>`)
			s, ok := newRawRowScanner(&excelize.File{}, data)
			if !ok {
				t.Fatal("scanner refused the sheet")
			}
			var got [][]string
			err := s.scan(func(row int, cells []string) bool {
				if row != len(got)+1 {
					t.Fatalf("row %d after %d rows", row, len(got))
				}
				got = append(got, cells)
				return true
			})
			if tc.handOff >= 0 {
				if err != errRawRows || s.last != tc.handOff {
					t.Fatalf("err %v at row %d, want a hand-off after row %d", err, s.last, tc.handOff)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("rows %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("refused sheet", func(t *testing.T) {
		data := `<x:worksheet xmlns:x="x"><x:sheetData/></x:worksheet>`
		if _, ok := newRawRowScanner(&excelize.File{}, []byte(data)); ok {
			t.Errorf("scanner took %s", data)
		}
	})
}
