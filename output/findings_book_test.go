package output

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestFindingsBook: the workbook of the Findings sheet alone holds the same
// summary and table as the sheet Annotate adds, with each finding's cell as
// text, and nothing the sender wrote turns into a formula.
func TestFindingsBook(t *testing.T) {
	rep := fixtureReport()
	data, err := FindingsBook(rep)
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if got := book.GetSheetList(); !slices.Equal(got, []string{"Findings"}) {
		t.Fatalf("sheets %q, want the Findings sheet alone", got)
	}
	want := annotated(t, fixtureWorkbook(t, false), fixtureReport())
	wantRows, err := want.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	gotRows, err := book.GetRows("Findings")
	if err != nil {
		t.Fatal(err)
	}
	// Below the title, the book says what to do without marked cells.
	if len(gotRows) < 2 || len(gotRows[1]) == 0 || !strings.Contains(gotRows[1][0], "could not be marked") {
		t.Fatalf("second row %q, want what to do", gotRows[1:2])
	}
	gotRows = slices.Delete(gotRows, 1, 2)
	if len(gotRows) != len(wantRows) {
		t.Fatalf("%d rows, want %d as on the annotated copy's sheet", len(gotRows), len(wantRows))
	}
	const cellColumn = colCell - 1
	for i := range wantRows {
		w, g := wantRows[i], gotRows[i]
		if len(w) > cellColumn && w[0] != "Line" {
			w, g = slices.Clone(w), slices.Clone(g)
			w[cellColumn] = ""
			if len(g) > cellColumn {
				g[cellColumn] = ""
			}
		}
		if !slices.Equal(g, w) {
			t.Errorf("row %d = %q, want %q", i+1, g, w)
		}
	}
	for r := range gotRows {
		for c := range gotRows[r] {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if f, _ := book.GetCellFormula("Findings", cell); f != "" {
				t.Errorf("%s holds the formula %q", cell, f)
			}
		}
	}
	if links, _, _ := book.GetCellHyperLink("Findings", "I20"); links {
		t.Error("a finding's cell links into a workbook that is not there")
	}
}

// TestFindingsBook_programmes: the findings book of a workbook of two
// forms has their two Findings sheets, named and ordered as Annotate's.
func TestFindingsBook_programmes(t *testing.T) {
	first := fixtureReport()
	first.Sheet = claimSheet
	second := fixtureReport()
	second.Sheet, second.ProgrammeCode, second.Findings = raviSheet, "IMG/STP/2026/015", second.Findings[:1]
	data, err := FindingsBook(first, second)
	if err != nil {
		t.Fatal(err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if got := book.GetSheetList(); !slices.Equal(got, []string{"Findings 1", "Findings 2"}) {
		t.Fatalf("sheets %q, want Findings 1 and Findings 2", got)
	}
	for sheet, want := range map[string]string{"Findings 1": "programme IMG/STP/2026/014, sheet 'Advance claim'", "Findings 2": "programme IMG/STP/2026/015, sheet 'Ravi's sheet'"} {
		title, err := book.GetCellValue(sheet, "A1")
		if err != nil || !strings.Contains(title, want) {
			t.Errorf("%s: title %q, %v; want it to name %q", sheet, title, err, want)
		}
	}
	if _, err := FindingsBook(first, nil); err != ErrNilReport {
		t.Errorf("a nil report among them: %v", err)
	}
}
