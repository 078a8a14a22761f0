package ledgerbook_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims/output/ledgerbook"
)

// excelizeTotals reads a ledger's totals back with excelize, cell by cell:
// what ReadTotals must agree with.
func excelizeTotals(t *testing.T, path string) ledgerbook.SheetTotals {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var got ledgerbook.SheetTotals
	cols := ledgerbook.AdvancesColumns()
	sums := map[int]*decimal.Decimal{slices.Index(cols, "Advance claimed"): &got.AdvanceClaimed,
		slices.Index(cols, "Total admissible"): &got.Admissible, slices.Index(cols, "Paid"): &got.Paid,
		slices.Index(cols, "Penal interest to date"): &got.PenalInterest}
	for sheet, n := range map[string]*int{ledgerbook.SheetAdvances: &got.Advances, ledgerbook.SheetOverdue: &got.Overdue,
		ledgerbook.SheetSources: &got.Sources, ledgerbook.SheetDeviations: &got.Deviations} {
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		*n = len(rows) - 1
		if sheet != ledgerbook.SheetAdvances {
			continue
		}
		for _, row := range rows[1:] {
			for col, dst := range sums {
				if col < len(row) && row[col] != "" {
					*dst = dst.Add(decimal.RequireFromString(row[col]))
				}
			}
		}
	}
	return got
}

func TestReadTotals(t *testing.T) {
	s := newScenario(t)
	s.advance(t)
	s.p.submit("bill.xlsx", taBill(t, "STP/REV/2026/041", 4), rajesh, time.Date(2026, 2, 20, 10, 0, 0, 0, ist))
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	for _, asOf := range []time.Time{asOf, asOf.AddDate(0, 3, 0)} { // the second with penal interest in paise
		l, err := ledgerbook.OpenLedger(context.Background(), s.p.st, s.p.cards, ledgerbook.Options{AsOf: asOf, Zone: ist})
		if err != nil {
			t.Fatal(err)
		}
		written, err := ledgerbook.WriteFile(context.Background(), path, l)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ledgerbook.ReadTotals(path)
		if err != nil {
			t.Fatal(err)
		}
		want := excelizeTotals(t, path)
		if got.Advances != want.Advances || got.Overdue != want.Overdue || got.Sources != want.Sources || got.Deviations != want.Deviations ||
			!got.AdvanceClaimed.Equal(want.AdvanceClaimed) || !got.Admissible.Equal(want.Admissible) || !got.Paid.Equal(want.Paid) ||
			!got.PenalInterest.Equal(want.PenalInterest) || got.Advances == 0 || got.Paid.IsZero() {
			t.Errorf("as of %s: read back %+v, excelize reads %+v", asOf.Format(time.DateOnly), got, want)
		}
		if err := ledgerbook.Verify(path, written); err != nil {
			t.Errorf("Verify: %v", err)
		}
	}
	t.Run("a text in a summed column", func(t *testing.T) {
		f := excelize.NewFile()
		for _, sheet := range []string{ledgerbook.SheetAdvances, ledgerbook.SheetOverdue, ledgerbook.SheetSources, ledgerbook.SheetDeviations} {
			if _, err := f.NewSheet(sheet); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetSheetRow(ledgerbook.SheetAdvances, "A1", &[]any{"Programme code"}); err != nil {
			t.Fatal(err)
		}
		cell, _ := excelize.CoordinatesToCellName(slices.Index(ledgerbook.AdvancesColumns(), "Paid")+1, 2)
		if err := f.SetCellStr(ledgerbook.SheetAdvances, cell, "45000"); err != nil {
			t.Fatal(err)
		}
		bad := filepath.Join(dir, "text.xlsx")
		if err := f.SaveAs(bad); err != nil {
			t.Fatal(err)
		}
		if _, err := ledgerbook.ReadTotals(bad); !errors.Is(err, ledgerbook.ErrReadBack) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("a damaged file", func(t *testing.T) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(z.File, func(f *zip.File) bool { return f.Name == "xl/worksheets/sheet1.xml" }) // Advances
		if i < 0 {
			t.Fatal("no Advances part")
		}
		at, err := z.File[i].DataOffset()
		if err != nil {
			t.Fatal(err)
		}
		for j := at + int64(z.File[i].CompressedSize64)/2; j < at+int64(z.File[i].CompressedSize64)/2+16; j++ {
			data[j] ^= 0x55
		}
		bad := filepath.Join(dir, "damaged.xlsx")
		if err := os.WriteFile(bad, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := ledgerbook.ReadTotals(bad); err == nil {
			t.Error("a damaged ledger read back")
		}
	})
}
