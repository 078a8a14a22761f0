//go:build integration

package read

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/ingest/convert"
	"stpclaims/internal/testenv"
)

// convertedTwin converts a LibreOffice-saved twin (.ods or .xls) with
// package convert and opens the result as Open does.
func convertedTwin(t *testing.T, path string) *excelize.File {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := convert.ToXLSX(context.Background(), filepath.Base(path), data, convert.Options{})
	if err != nil {
		t.Fatalf("convert %s: %v", path, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(out), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func asJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadTABill_Twins reads the .ods and .xls twins of the TA bill fixture,
// converted through package convert, and expects every value, cell, raw
// text and state to be those of the .xlsx.
func TestReadTABill_Twins(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	want, err := readTABill(context.Background(), openFile(t, filepath.Join("testdata", "tabill", "bill.xlsx")), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, twin := range []string{"bill.ods", "bill.xls"} {
		t.Run(twin, func(t *testing.T) {
			got, err := readTABill(context.Background(), convertedTwin(t, filepath.Join("testdata", "tabill", twin)), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if g, w := asJSON(t, got), asJSON(t, want); !bytes.Equal(g, w) {
				t.Errorf("%s reads differently from bill.xlsx:\n%s", twin, g)
			}
		})
	}
}

func TestReadSettlement_Twins(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	want, err := readSettlement(context.Background(), openFile(t, filepath.Join("testdata", "settlement", "statement.xlsx")))
	if err != nil {
		t.Fatal(err)
	}
	for _, twin := range []string{"statement.ods", "statement.xls"} {
		t.Run(twin, func(t *testing.T) {
			got, err := readSettlement(context.Background(), convertedTwin(t, filepath.Join("testdata", "settlement", twin)))
			if err != nil {
				t.Fatal(err)
			}
			if g, w := asJSON(t, got), asJSON(t, want); !bytes.Equal(g, w) {
				t.Errorf("%s reads differently from statement.xlsx:\n%s", twin, g)
			}
		})
	}
}

// TestOpen_KeralaTwins reads the .ods and .xls twins of the Kerala fixtures
// (bilingual labels, Malayalam digits and words), converted through package
// convert, and expects the form each .xlsx reads as.
func TestOpen_KeralaTwins(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	for _, name := range []string{"annexure", "tabill", "settlement"} {
		want, err := readForms(context.Background(), openFile(t, filepath.Join("testdata", "kerala", name+".xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		for _, twin := range []string{name + ".ods", name + ".xls"} {
			t.Run(twin, func(t *testing.T) {
				got, err := readForms(context.Background(), convertedTwin(t, filepath.Join("testdata", "kerala", twin)))
				if err != nil {
					t.Fatal(err)
				}
				if g, w := asJSON(t, got), asJSON(t, want); !bytes.Equal(g, w) {
					t.Errorf("%s reads differently from %s.xlsx:\n%s", twin, name, g)
				}
			})
		}
	}
}

// TestOpen_SheetsTwins reads the .ods and .xls twins of the fixtures of
// several sheets and hidden parts, converted through package convert, and
// expects the forms each .xlsx reads as, with what they do not read:
// LibreOffice keeps hidden rows, columns and sheets hidden in all three
// formats (a very hidden sheet it saves as hidden).
func TestOpen_SheetsTwins(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	for _, name := range []string{"programmes", "hidden", "hidden-bill", "twice"} {
		want, err := readForms(context.Background(), openFile(t, filepath.Join("testdata", "sheets", name+".xlsx")))
		if err != nil {
			t.Fatal(err)
		}
		for _, twin := range []string{name + ".ods", name + ".xls"} {
			t.Run(twin, func(t *testing.T) {
				got, err := readForms(context.Background(), convertedTwin(t, filepath.Join("testdata", "sheets", twin)))
				if err != nil {
					t.Fatal(err)
				}
				if g, w := asJSON(t, got), asJSON(t, want); !bytes.Equal(g, w) {
					t.Errorf("%s reads differently from %s.xlsx:\n%s", twin, name, g)
				}
			})
		}
	}
}
