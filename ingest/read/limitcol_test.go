package read

import (
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// TestOpen_LimitColumnIsNeverAClaim: a column headed "Limit" right of the
// Amount column (as in the program's templates) holds computed caps; a
// money line left empty is nothing claimed, whatever its Limit shows, and
// a line filled is read from the Amount column.
func TestOpen_LimitColumnIsNeverAClaim(t *testing.T) {
	for _, tc := range []struct {
		name        string
		limitHeader string
		limit       func(f *excelize.File, cell string) error
		wantFood    string // the food line read
		wantState   stpclaims.State
		wantCell    string
	}{
		{"a computed limit (as LibreOffice saves it)", "Limit (Rs.)",
			func(f *excelize.File, cell string) error { return f.SetCellValue("Annexure II", cell, 34215) },
			"0", stpclaims.Present, "Annexure II!D10"},
		{"a limit formula not yet computed", "Limit (Rs.)",
			func(f *excelize.File, cell string) error {
				return f.SetCellFormula("Annexure II", cell, "ROUND(5*216*30,0)")
			},
			"0", stpclaims.Present, "Annexure II!D10"},
		{"a column not headed Limit is read", "Remarks",
			func(f *excelize.File, cell string) error { return f.SetCellValue("Annexure II", cell, 34215) },
			"34215", stpclaims.Present, "Annexure II!E10"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			sh := "Annexure II"
			_ = f.SetSheetName("Sheet1", sh)
			rows := [][]any{
				{"Sl.No", "Particulars", "Guidance", "Amount (Rs.)", tc.limitHeader},
				{1, "Training Programme Code", nil, "STP/LSGD/2026/017"},
				{4, "No.of participants", nil, 30},
				{9, "Remuneration to Guest Faculty", "Rs.750 x No. of Guest Faculty", 4500, 6000},
				{11, "Co-ordination fee", "Rs.300 x training days", 1500, 1500},
				{12, "Stationery", "Rs. 100 x No. of participants", 3100, 3100},
				{14, "Food & Refreshments", "Rs. .... x No. of participants x training days"},
				{21, "Advance Claimed (Round to the nearest 100)", "Maximum 75% of Sl.No. 17 + 18 +19", 50000, 65100},
			}
			for i, row := range rows {
				cell, _ := excelize.CoordinatesToCellName(1, i+4)
				if err := f.SetSheetRow(sh, cell, &row); err != nil {
					t.Fatal(err)
				}
			}
			if err := tc.limit(f, "E10"); err != nil {
				t.Fatal(err)
			}
			buf, err := f.WriteToBuffer()
			if err != nil {
				t.Fatal(err)
			}
			wb, err := Open(context.Background(), "claim.xlsx", buf.Bytes(), DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			a := wb.Forms[0].AnnexureII
			if a == nil {
				t.Fatalf("read as %q", wb.Forms[0].Kind)
			}
			if got := a.Food; got.Value.String() != tc.wantFood || got.State != tc.wantState || got.Cell != tc.wantCell {
				t.Errorf("food = %s (%s) at %s, want %s (%s) at %s", got.Value, got.State, got.Cell, tc.wantFood, tc.wantState, tc.wantCell)
			}
			if got := a.GFRemuneration; got.Value.String() != "4500" || got.Cell != "Annexure II!D7" {
				t.Errorf("remuneration = %s at %s, want 4500 at Annexure II!D7", got.Value, got.Cell)
			}
		})
	}
}
