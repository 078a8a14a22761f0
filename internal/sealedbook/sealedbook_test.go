package sealedbook

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
)

var errNot = errors.New("test: not a test workbook")

// layout is a test workbook's seal: its made cell and the Amount column
// of the Rows sheet.
var layout = seal.Layout{Name: "test workbook", Marker: []string{"B2"}, Token: "B3",
	Sheets: []seal.Sheet{{Name: "Rows", Columns: []seal.Column{{Header: "Amount", Kind: seal.Money}}}}}

func testKey(t *testing.T) seal.Key {
	t.Helper()
	k, err := seal.NewKey(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// workbook is a sealed test workbook: the marker sheet, a Rows sheet whose
// header is in row 2 (a title above it, a note in C1 nobody signs), with
// edit applied to it after sealing.
func workbook(t *testing.T, marker string, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := f.NewSheet("Rows")
	must(err)
	_, err = f.NewSheet("mark")
	must(err)
	must(f.SetCellStr("Rows", "A1", "Title"))
	must(f.SetCellStr("Rows", "C1", "a note"))
	must(f.SetSheetRow("Rows", "A2", &[]any{"Code", "Amount"}))
	must(f.SetSheetRow("Rows", "A3", &[]any{"P1", 4500.5}))
	must(f.SetSheetRow("Rows", "A4", &[]any{"P2", 100}))
	must(f.SetCellStr("mark", "A1", marker))
	must(f.SetCellStr("mark", "B1", "1"))
	must(f.SetCellStr("mark", "B2", "2027-02-10T09:00:00Z"))
	table := seal.Table{Sheet: "Rows", Header: []string{"Code", "Amount"}, Rows: [][]string{{"P1", "4500.5"}, {"P2", "100"}}}
	token, err := testKey(t).Sign(layout, map[string]string{"B2": "2027-02-10T09:00:00Z"}, []seal.Table{table})
	must(err)
	must(f.SetCellStr("mark", "B3", token))
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

func spec() Spec {
	return Spec{Not: errNot, MarkerSheet: "mark", MarkerCell: "A1", MarkerText: "a test workbook",
		Layout: layout, HeaderRow: 2, Cells: []Cell{{"Rows", "C1"}}}
}

func TestIsMarked(t *testing.T) {
	book := workbook(t, "a test workbook", nil)
	for _, tc := range []struct {
		name  string
		data  []byte
		sheet string
		want  bool
	}{
		{"its marker sheet", book, "mark", true},
		{"another kind's marker sheet", book, "stpclaims-review", false},
		{"not a zip", []byte("Sl,Name\n1,A\n"), "mark", false},
		{"empty", nil, "mark", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsMarked(tc.data, tc.sheet); got != tc.want {
				t.Errorf("IsMarked = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOpen(t *testing.T) {
	key := testKey(t)
	b, err := Open(workbook(t, "a test workbook", nil), key, spec())
	if err != nil {
		t.Fatal(err)
	}
	if b.Marker["B2"] != "2027-02-10T09:00:00Z" || b.Marker["B3"] == "" {
		t.Errorf("Marker = %v, want the made cell and the token", b.Marker)
	}
	if len(b.Tables) != 1 || b.Tables[0].Sheet != "Rows" || !slices.Equal(b.Tables[0].Header, []string{"Code", "Amount"}) || len(b.Tables[0].Rows) != 2 {
		t.Errorf("Tables = %+v, want the Rows sheet under its header row 2", b.Tables)
	}
	if got := b.Cells[Cell{"Rows", "C1"}]; got != "a note" {
		t.Errorf("Cells[C1] = %q, want %q", got, "a note")
	}
}

func TestOpen_refused(t *testing.T) {
	key := testKey(t)
	for _, tc := range []struct {
		name string
		data []byte
		spec func(*Spec)
		want error
	}{
		{"not a workbook", []byte("not a zip"), nil, errNot},
		{"another marker", workbook(t, "some other workbook", nil), nil, errNot},
		{"an amount changed", workbook(t, "a test workbook", func(f *excelize.File) { _ = f.SetCellFloat("Rows", "B3", 4500.6, -1, 64) }), nil, seal.ErrForged},
		{"a row added", workbook(t, "a test workbook", func(f *excelize.File) { _ = f.SetSheetRow("Rows", "A5", &[]any{"P3", 1}) }), nil, seal.ErrForged},
		{"the table's sheet gone", workbook(t, "a test workbook", func(f *excelize.File) { _ = f.DeleteSheet("Rows") }), nil, seal.ErrForged},
		{"the header read from another row", workbook(t, "a test workbook", nil), func(s *Spec) { s.HeaderRow = 1 }, seal.ErrForged},
		{"a version no layout has", workbook(t, "a test workbook", nil), func(s *Spec) {
			s.VersionCell, s.LayoutFor = "B1", func(string) (seal.Layout, bool) { return seal.Layout{}, false }
		}, seal.ErrForged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := spec()
			if tc.spec != nil {
				tc.spec(&s)
			}
			b, err := Open(tc.data, key, s)
			if !errors.Is(err, tc.want) || b != nil {
				t.Errorf("Open = %v, %v; want nothing and an error wrapping %q", b, err, tc.want)
			}
		})
	}
}

func TestOpen_version(t *testing.T) {
	s := spec()
	var asked string
	s.Layout = seal.Layout{} // the version's layout is the one taken
	s.VersionCell, s.LayoutFor = "B1", func(v string) (seal.Layout, bool) { asked = v; return layout, v == "1" }
	if _, err := Open(workbook(t, "a test workbook", nil), testKey(t), s); err != nil || asked != "1" {
		t.Errorf("Open = %v, version asked %q; want the layout of version 1", err, asked)
	}
}
