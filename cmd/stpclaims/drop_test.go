package main

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"
)

// variants returns n distinct copies of the example workbook, each its own
// programme (the code gets a serial number) with its own sha256, as a real
// drop of many claims would be.
const (
	exampleSheet = "Annexure II"
	exampleCode  = "STP/REV/2026/118"
)

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
		cells, err := f.SearchSheet(exampleSheet, exampleCode)
		if err != nil || len(cells) != 1 {
			tb.Fatalf("the example's programme code: %v %v", cells, err)
		}
		if err := f.SetCellStr(exampleSheet, cells[0], fmt.Sprintf("%s-%04d", exampleCode, i)); err != nil {
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
