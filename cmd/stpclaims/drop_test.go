package main

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// variants returns n distinct copies of the example workbook (each with its
// serial number on an extra sheet, so each has its own sha256).
func variants(tb testing.TB, n int) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		tb.Fatal(err)
	}
	out := make([][]byte, n)
	for i := range out {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := f.NewSheet("Notes"); err != nil {
			tb.Fatal(err)
		}
		if err := f.SetCellStr("Notes", "A1", fmt.Sprintf("copy %d", i)); err != nil {
			tb.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			tb.Fatal(err)
		}
		f.Close()
		out[i] = buf.Bytes()
	}
	return out
}
