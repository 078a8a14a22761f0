//go:build integration

package convert

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/hostile"
	"stpclaims/internal/testenv"
)

// sheets returns every sheet's raw cell values.
func sheets(t *testing.T, data []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("excelize cannot open the result: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out
}

func TestToXLSX_LibreOffice(t *testing.T) {
	if !Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	orig, err := os.ReadFile(filepath.Join("testdata", "sample.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	want := sheets(t, orig)
	for _, name := range []string{"sample.ods", "sample.xls"} {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			out, err := ToXLSX(context.Background(), name, data, Options{})
			if err != nil {
				t.Fatalf("ToXLSX: %v", err)
			}
			got := sheets(t, out)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cells differ:\n got %q\nwant %q", got, want)
			}
		})
	}
	t.Run("garbage", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join("testdata", "garbage.ods"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ToXLSX(context.Background(), "garbage.ods", data, Options{})
		if !errors.Is(err, ErrFailed) {
			t.Fatalf("err = %v, want ErrFailed", err)
		}
	})
}

// TestToXLSX_memoryCeiling converts a small .ods whose repeated cells
// expand to a billion: LibreOffice is killed at the ceiling within
// seconds, and a small one still converts under the same ceiling.
func TestToXLSX_memoryCeiling(t *testing.T) {
	if !Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	path := filepath.Join(t.TempDir(), "bomb.ods")
	if err := hostile.ODSBomb(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	const ceiling = 400 << 20
	start := time.Now()
	_, err = ToXLSX(context.Background(), "bomb.ods", data, Options{MaxMemory: ceiling, Timeout: 2 * time.Minute})
	if !errors.Is(err, ErrMemory) {
		t.Fatalf("ToXLSX = %v, want ErrMemory", err)
	}
	t.Logf("killed after %s", time.Since(start))
	// The sample still converts under the same ceiling.
	sample, err := os.ReadFile(filepath.Join("testdata", "sample.ods"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ToXLSX(context.Background(), "sample.ods", sample, Options{MaxMemory: ceiling}); err != nil {
		t.Errorf("a small .ods under the same ceiling: %v", err)
	}
}
