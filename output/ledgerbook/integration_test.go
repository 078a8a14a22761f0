//go:build integration

package ledgerbook_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims/output/ledgerbook"
)

// allSheetsCSV is LibreOffice's CSV filter exporting every sheet (token 12
// = -1, LibreOffice 7.2 and later) as UTF-8, values not as shown.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

func sofficeCSV(t *testing.T, dir, file string) {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not installed")
	}
	// The timeout only stops a hung soffice; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", allSheetsCSV, "--outdir", filepath.Join(dir, "out"), file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out.String())
	}
}

func readSheet(t *testing.T, dir, sheet string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "out", "ledger-"+sheet+".csv"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no CSV of %s: %v", sheet, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for len(rows) > 0 && strings.Join(rows[len(rows)-1], "") == "" {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func sumColumn(t *testing.T, rows [][]string, title string) decimal.Decimal {
	t.Helper()
	col := slices.Index(rows[0], title)
	if col < 0 {
		t.Fatalf("no column %q in %v", title, rows[0])
	}
	var sum decimal.Decimal
	for _, r := range rows[1:] {
		if col >= len(r) || r[col] == "" {
			continue
		}
		d, err := decimal.NewFromString(r[col])
		if err != nil {
			t.Fatalf("%s %q: %v", title, r[col], err)
		}
		sum = sum.Add(d)
	}
	return sum
}

// TestWriteFile_LibreOffice opens the ledger of a store filled through the
// pipeline in LibreOffice and finds the store's totals in it.
func TestWriteFile_LibreOffice(t *testing.T) {
	s := newScenario(t)
	b := s.book(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	if _, err := ledgerbook.WriteFile(context.Background(), path, b); err != nil {
		t.Fatal(err)
	}
	sofficeCSV(t, dir, path)
	sum := ledgerbook.Summarize(b)

	adv := readSheet(t, dir, "Advances")
	if len(adv)-1 != len(b.Advances) {
		t.Errorf("LibreOffice shows %d advances, the store has %d", len(adv)-1, len(b.Advances))
	}
	for _, c := range []struct {
		title string
		want  decimal.Decimal
	}{{"Advance claimed", sum.All.AdvanceClaimed}, {"Total admissible", sum.All.Admissible},
		{"Total claimed", sum.All.Claimed}, {"Penal interest to date", sum.All.PenalInterest}} {
		if got := sumColumn(t, adv, c.title); !got.Equal(c.want) {
			t.Errorf("%s: LibreOffice sums %s, the store %s", c.title, got, c.want)
		}
	}
	name := slices.Index(adv[0], "Programme name")
	if !strings.HasPrefix(adv[1][name], "=HYPERLINK") {
		t.Errorf("a text that looks like a formula became %q", adv[1][name])
	}
	if src := readSheet(t, dir, "Sources"); len(src)-1 != len(b.Sources) {
		t.Errorf("LibreOffice shows %d sources, the store has %d", len(src)-1, len(b.Sources))
	}
	if dev := readSheet(t, dir, "Deviations"); len(dev)-1 != len(b.Deviations) {
		t.Errorf("LibreOffice shows %d deviations, the store has %d", len(dev)-1, len(b.Deviations))
	}
	set := readSheet(t, dir, "Settlements")
	if got := sumColumn(t, set, "Balance (+ refund, − to pay)"); !got.Equal(b.Settlements[0].Balance.Decimal) {
		t.Errorf("settlement balance %s, the store %s", got, b.Settlements[0].Balance.Decimal)
	}
	summary := readSheet(t, dir, "Summary")
	if len(summary) < 2 || summary[1][0] != "Total claimed" || !decimal.RequireFromString(summary[1][1]).Equal(sum.All.Claimed) {
		t.Errorf("Summary starts %v", summary[:min(3, len(summary))])
	}
}
