package ledgerbook

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"

	"github.com/klauspost/compress/flate"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// ErrMismatch: a written ledger does not show what the book holds.
var ErrMismatch = errors.New("ledgerbook: ledger does not match the store")

// Sheet totals a written ledger shows, read back from its cells.
type SheetTotals struct {
	Advances, Overdue, Sources, Deviations int // data rows
	AdvanceClaimed, Admissible, Paid       decimal.Decimal
	PenalInterest                          decimal.Decimal
}

// ReadTotals reads a ledger workbook's row counts and Advances totals back
// from its file (see sheetScan).
func ReadTotals(path string) (SheetTotals, error) {
	var t SheetTotals
	z, err := zip.OpenReader(path)
	if err != nil {
		return t, fmt.Errorf("%w: %s: %w", ErrReadBack, path, err)
	}
	defer z.Close()
	z.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return flate.NewReader(r) })
	parts, err := workbookSheets(&z.Reader)
	if err != nil {
		return t, fmt.Errorf("ledgerbook: read %s: %w", path, err)
	}
	sums := map[string]*decimal.Decimal{}
	for col, dst := range map[int]*decimal.Decimal{colAdvanceClaimed: &t.AdvanceClaimed, colAdmissible: &t.Admissible,
		colPenal: &t.PenalInterest, colPaid: &t.Paid} {
		name, _ := excelize.ColumnNumberToName(col)
		sums[name] = dst
	}
	for _, s := range []struct {
		sheet string
		n     *int
		sums  map[string]*decimal.Decimal
	}{{SheetAdvances, &t.Advances, sums}, {SheetOverdue, &t.Overdue, nil}, {SheetSources, &t.Sources, nil}, {SheetDeviations, &t.Deviations, nil}} {
		part, ok := parts[s.sheet]
		if !ok {
			return t, fmt.Errorf("%w: %s: no sheet %s", ErrReadBack, path, s.sheet)
		}
		r, err := z.Open(part)
		if err != nil {
			return t, fmt.Errorf("%w: %s: %s: %w", ErrReadBack, path, s.sheet, err)
		}
		scan := sheetScan{sums: s.sums}
		err = scan.scan(r)
		r.Close()
		if err != nil {
			return t, fmt.Errorf("ledgerbook: read %s: %s: %w", path, s.sheet, err)
		}
		*s.n = max(scan.rows-1, 0)
	}
	return t, nil
}

// Verify reads the ledger at path back and checks it shows what Write
// took from the store: as many Advances, Overdue, Sources and Deviations
// rows, and the same totals of advance claimed, admissible, paid and penal
// interest.
func Verify(path string, want Written) error {
	got, err := ReadTotals(path)
	if err != nil {
		return err
	}
	var diffs []string
	for _, c := range []struct {
		name      string
		got, want int
	}{{"advances", got.Advances, want.Counts.Advances}, {"overdue", got.Overdue, want.Counts.Overdue}, {"sources", got.Sources, want.Counts.Sources},
		{"deviations", got.Deviations, want.Counts.Deviations}} {
		if c.got != c.want {
			diffs = append(diffs, fmt.Sprintf("%d %s, the store has %d", c.got, c.name, c.want))
		}
	}
	s := want.Summary
	paid := decimal.Zero
	for _, st := range s.States.ByState {
		if st.State == stpclaims.AdvancePaid || st.State == stpclaims.AdvanceSettled {
			paid = paid.Add(st.Amount)
		}
	}
	for _, m := range []struct {
		name      string
		got, want decimal.Decimal
	}{{"advance claimed", got.AdvanceClaimed, s.All.AdvanceClaimed}, {"admissible", got.Admissible, s.All.Admissible},
		{"penal interest", got.PenalInterest, s.All.PenalInterest}, {"paid", got.Paid, paid}} {
		if !m.got.Equal(m.want) {
			diffs = append(diffs, fmt.Sprintf("%s %s, the store has %s", m.name, m.got, m.want))
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("%w: %s: %v", ErrMismatch, path, diffs)
	}
	return nil
}
