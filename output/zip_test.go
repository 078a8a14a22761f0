package output

import (
	"archive/zip"
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestWriteCopy: the annotated copy stores its small parts and deflates
// its large ones, and opens again with everything in it.
func TestWriteCopy(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for r := 1; r <= 3000; r++ {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := f.SetCellStr("Sheet1", cell, fmt.Sprintf("row %d of a sheet larger than storeMax", r)); err != nil {
			t.Fatal(err)
		}
	}
	data, err := WriteCopy(f)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	stored, deflated := 0, 0
	for _, zf := range zr.File {
		big := zf.UncompressedSize64 > storeMax
		switch {
		case big && zf.Method == zip.Deflate:
			deflated++
		case !big && zf.Method == zip.Store:
			stored++
		default:
			t.Errorf("%s: %d bytes, method %d", zf.Name, zf.UncompressedSize64, zf.Method)
		}
	}
	if stored == 0 || deflated == 0 {
		t.Errorf("%d parts stored, %d deflated; want some of each", stored, deflated)
	}
	g, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if v, _ := g.GetCellValue("Sheet1", "A3000"); v != "row 3000 of a sheet larger than storeMax" {
		t.Errorf("A3000 = %q", v)
	}
}
