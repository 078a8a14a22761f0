package process

import (
	"bytes"
	"os"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

const benchFile = "../examples/annexure2-example.xlsx"

// BenchmarkCheck is the whole pipeline on one Annexure II workbook: read,
// check, annotated copy, JSON. Compare with BenchmarkBare.
func BenchmarkCheck(b *testing.B) {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	c := newChecker(b)
	sub := stpclaims.NewSubmission("example.xlsx", data, stpclaims.SourceCLI, received)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		res, err := c.Check(b.Context(), sub)
		if err != nil || res.Annotated == nil {
			b.Fatal(err, res.Programmes[0].Report.Reason)
		}
	}
}

// BenchmarkBare is the floor the pipeline is measured against: excelize
// opens the same workbook, reads every cell of every sheet and saves it.
func BenchmarkBare(b *testing.B) {
	data, err := os.ReadFile(benchFile)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for _, sh := range f.GetSheetList() {
			rows, err := f.GetRows(sh)
			if err != nil {
				b.Fatal(err)
			}
			_ = rows
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}
