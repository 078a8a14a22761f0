// Command corpus writes a corpus of distinct Annexure II workbooks for
// scripts/bench-corpus: copies of the shipped example, each with its serial
// number on an extra sheet so that every file has its own sha256.
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
		if _, err := f.NewSheet("Notes"); err != nil {
			log.Fatal(err)
		}
		if err := f.SetCellStr("Notes", "A1", fmt.Sprintf("copy %d", i)); err != nil {
			log.Fatal(err)
		}
		if err := f.SaveAs(filepath.Join(*out, fmt.Sprintf("claim-%05d.xlsx", i))); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
}
