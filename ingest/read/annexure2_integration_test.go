//go:build integration

package read

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"stpclaims"
	"stpclaims/ingest/convert"
	"stpclaims/internal/testenv"
)

// TestOpen_AnnexureIITwins converts the LibreOffice-saved .ods and .xls of
// label-value.xlsx with package convert, opens the result, and expects
// every field (value, cell) to be that of the .xlsx, and the .ods and .xls
// themselves to be refused with the advice to save as .xlsx.
func TestOpen_AnnexureIITwins(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	want := openFixture(t, "label-value.xlsx").Forms[0].AnnexureII.FieldValues()
	for _, twin := range []string{"label-value.ods", "legacy.xls"} {
		t.Run(twin, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", twin))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Open(context.Background(), twin, data, DefaultLimits()); err == nil {
				t.Fatal("Open read the unconverted file")
			}
			xlsx, err := convert.ToXLSX(context.Background(), twin, data, convert.Options{})
			if err != nil {
				t.Fatalf("convert: %v", err)
			}
			wb, err := Open(context.Background(), twin, xlsx, DefaultLimits())
			if err != nil {
				t.Fatalf("Open converted: %v", err)
			}
			defer wb.Close()
			if wb.Forms[0].Kind != stpclaims.FormAnnexureII {
				t.Fatalf("Kind = %q", wb.Forms[0].Kind)
			}
			got := wb.Forms[0].AnnexureII.FieldValues()
			if len(got) != len(want) {
				t.Errorf("%d fields, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
			}
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Errorf("field %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}
