package xlsxpart

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestSheetParts(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("Advance claim"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Sheet1": "xl/worksheets/sheet1.xml", "Advance claim": "xl/worksheets/sheet2.xml"}
	check := func(name string, f *excelize.File) {
		t.Helper()
		got := SheetParts(f)
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s -> %q, want %q", name, k, got[k], v)
			}
		}
	}
	check("decoded relationships", f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	check("stored relationships", g)
}
