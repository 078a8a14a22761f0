package read

import (
	"context"
	"os"
	"reflect"
	"testing"

	"stpclaims/internal/xlsxpart"
)

// TestOpen_bigParts opens the fixtures once as they are and once with
// every worksheet and the shared strings counted as big: the big
// worksheets are then not held in memory but read from the file in chunks
// (here of 64 bytes, so that rows fall across chunks), and every form reads
// the same.
func TestOpen_bigParts(t *testing.T) {
	for _, path := range []string{"testdata/tabill/bill.xlsx", "testdata/proforma.xlsx", "testdata/formulas-lo.xlsx", "testdata/settlement/statement.xlsx"} {
		t.Run(path, func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Open(context.Background(), path, data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer want.Close()

			saved := bigPartBytes
			bigPartBytes = 1
			t.Cleanup(func() { bigPartBytes = saved })
			t.Cleanup(xlsxpart.SetChunkBytes(64))
			got, err := Open(context.Background(), path, data, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			defer got.Close()
			if !reflect.DeepEqual(got.Forms, want.Forms) {
				t.Errorf("read differently with big parts:\n%+v\nwant\n%+v", got.Forms, want.Forms)
			}
			for _, sheet := range got.File.GetSheetList() {
				if xlsxpart.Decoded(got.File, xlsxpart.SheetParts(got.File)[sheet]) {
					continue // the Annexure II reader has excelize decode its sheet
				}
				if _, ok := storedSheet(got.File, sheet); ok {
					t.Errorf("sheet %q is held in memory", sheet)
				}
				if _, ok := sheetScanner(got.File, sheet); !ok {
					t.Errorf("sheet %q is not read from the file", sheet)
				}
			}
		})
	}
}
