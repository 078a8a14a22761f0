package ledgerbook_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/output/ledgerbook"
)

// TestWriteFile_countedAsWritten: the store's rows are counted as they are
// written, so the ranges set by the count (each sheet's filter, the
// Decision dropdown) are set after the rows; they cover every row and no
// more.
func TestWriteFile_countedAsWritten(t *testing.T) {
	s := newScenario(t)
	s.advance(t)
	s.p.submit("bill.xlsx", taBill(t, "STP/REV/2026/041", 4), rajesh, time.Date(2026, 2, 20, 10, 0, 0, 0, ist))
	l, err := ledgerbook.OpenLedger(context.Background(), s.p.st, s.p.cards, ledgerbook.Options{AsOf: asOf, Zone: ist})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	written, err := ledgerbook.WriteFile(context.Background(), path, l)
	if err != nil {
		t.Fatal(err)
	}
	n := written.Counts
	if n.Advances != 2 || n.Bills != 5 || n.Settlements != 1 || n.Deviations == 0 || n.Sources != 9 {
		t.Errorf("counts %+v", n)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	filters := map[string]string{}
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filters[d.Scope] = d.RefersTo
		}
	}
	for sheet, rows := range map[string]int{ledgerbook.SheetAdvances: n.Advances, ledgerbook.SheetOverdue: n.Overdue,
		ledgerbook.SheetBills: n.Bills, ledgerbook.SheetSettlements: n.Settlements, ledgerbook.SheetDeviations: n.Deviations,
		ledgerbook.SheetSources: n.Sources} {
		got, err := f.GetRows(sheet)
		if err != nil || len(got) != rows+1 {
			t.Errorf("%s: %d rows, %v; counted %d", sheet, len(got)-1, err, rows)
			continue
		}
		last, _ := excelize.ColumnNumberToName(len(got[0]))
		if want := fmt.Sprintf("'%s'!$A$1:$%s$%d", sheet, last, rows+1); filters[sheet] != want {
			t.Errorf("%s: filter %q, want %q", sheet, filters[sheet], want)
		}
	}
	header, err := f.GetRows(ledgerbook.SheetDeviations)
	if err != nil || len(header) == 0 {
		t.Fatalf("Deviations: %v", err)
	}
	decision, _ := excelize.ColumnNumberToName(slices.Index(header[0], "Decision") + 1)
	dvs, err := f.GetDataValidations(ledgerbook.SheetDeviations)
	if err != nil || len(dvs) != 1 || dvs[0].Sqref != fmt.Sprintf("%s2:%s%d", decision, decision, n.Deviations+1) {
		t.Errorf("Decision dropdown %+v, %v; %d deviations", dvs, err, n.Deviations)
	}
}
