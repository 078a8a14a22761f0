// Command corpus writes a corpus of distinct Annexure II workbooks for
// scripts/bench-corpus: copies of the shipped example, each its own
// programme (a serial number added to the programme code), so every file
// has its own sha256.
//
//	go run ./internal/corpus -n 1000 -o DIR
package main

import (
	"bytes"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

func main() {
	n := flag.Int("n", 1000, "how many workbooks")
	out := flag.String("o", "", "the `DIR` to write them to")
	src := flag.String("src", "examples/annexure2-example.xlsx", "the workbook to copy")
	flag.Parse()
	if *out == "" {
		log.Fatal("corpus: -o DIR is required")
	}
	data, err := os.ReadFile(*src)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	for i := range *n {
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			log.Fatal(err)
		}
		if err := renumber(f, i); err != nil {
			log.Fatal(err)
		}
		if err := f.SaveAs(filepath.Join(*out, fmt.Sprintf("claim-%05d.xlsx", i))); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
}

// renumber adds the serial number i to the programme code wherever the
// workbook's first sheet has it.
func renumber(f *excelize.File, i int) error {
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil {
		return err
	}
	for r, row := range rows {
		for c, v := range row {
			if strings.HasPrefix(v, "STP/") {
				cell, err := excelize.CoordinatesToCellName(c+1, r+1)
				if err != nil {
					return err
				}
				return f.SetCellStr(sheet, cell, fmt.Sprintf("%s-%05d", v, i))
			}
		}
	}
	return fmt.Errorf("corpus: no programme code (STP/…) on sheet %q", sheet)
}
