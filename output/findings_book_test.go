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
