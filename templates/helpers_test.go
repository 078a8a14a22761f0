package templates

import (
	"bytes"
	"context"
	"flag"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/process"
	"stpclaims/validate"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// fill opens a template, sets values (sheet → cell → value) into its input
// cells and returns the workbook's bytes.
func fill(t *testing.T, blank []byte, values map[string]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(blank))
	if err != nil {
		t.Fatalf("open template: %v", err)
	}
	defer f.Close()
	for sheet, cells := range values {
		for cell, v := range cells {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				t.Fatalf("set %s!%s: %v", sheet, cell, err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	return buf.Bytes()
}

// check runs a workbook through the whole pipeline, received on the day
// given.
func check(t *testing.T, name string, data []byte, received time.Time) stpclaims.Report {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatalf("cards: %v", err)
	}
	c := &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Zone: time.UTC}
	res, err := c.Check(context.Background(), stpclaims.NewSubmission(name, data, stpclaims.SourceCLI, received))
	if err != nil {
		t.Fatalf("check %s: %v", name, err)
	}
	return res.Programmes[0].Report
}

// readForm reads a workbook as package read does.
func readForm(t *testing.T, data []byte) stpclaims.Form {
	t.Helper()
	wb, err := read.Open(context.Background(), "form.xlsx", data, read.DefaultLimits())
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	defer wb.Close()
	return wb.Forms[0]
}

// rules lists the rule IDs of a report's findings, sorted.
func rules(r stpclaims.Report) []string {
	var ids []string
	for _, f := range r.Findings {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	return ids
}

// readingRules are the rules that say a value could not be read.
var readingRules = []string{"AII-REQUIRED", "TA-REQUIRED"}

func noReadingFinding(t *testing.T, r stpclaims.Report) {
	t.Helper()
	for _, f := range r.Findings {
		if slices.Contains(readingRules, f.Rule) {
			t.Errorf("reading finding %s at %s (%s): %s", f.Rule, f.Cell, f.Field, f.Message)
		}
	}
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
