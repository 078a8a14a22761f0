package ledgerbook

import (
	"errors"
	"fmt"

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

// ReadTotals reads a ledger workbook's row counts and Advances totals back.
func ReadTotals(path string) (SheetTotals, error) {
	var t SheetTotals
	f, err := excelize.OpenFile(path)
	if err != nil {
		return t, fmt.Errorf("ledgerbook: read %s: %w", path, err)
	}
	defer f.Close()
	sum := map[int]*decimal.Decimal{colAdvanceClaimed: &t.AdvanceClaimed, colAdmissible: &t.Admissible, colPenal: &t.PenalInterest, colPaid: &t.Paid}
	for _, s := range []struct {
		sheet string
		n     *int
		sums  bool
	}{{SheetAdvances, &t.Advances, true}, {SheetOverdue, &t.Overdue, false}, {SheetSources, &t.Sources, false}, {SheetDeviations, &t.Deviations, false}} {
		rows, err := f.Rows(s.sheet)
		if err != nil {
			return t, fmt.Errorf("ledgerbook: read %s: %s: %w", path, s.sheet, err)
		}
		first := true
		for rows.Next() {
			if first {
				first = false
				continue
			}
			cols, err := rows.Columns(excelize.Options{RawCellValue: true})
			if err != nil {
				rows.Close()
				return t, fmt.Errorf("ledgerbook: read %s: %s: %w", path, s.sheet, err)
			}
			*s.n++
			if !s.sums {
				continue
			}
			for col, dst := range sum {
				if col-1 >= len(cols) || cols[col-1] == "" {
					continue
				}
				d, err := decimal.NewFromString(cols[col-1])
				if err != nil {
					rows.Close()
					return t, fmt.Errorf("ledgerbook: read %s: %s row %d: %q: %w", path, s.sheet, *s.n+1, cols[col-1], err)
				}
				*dst = dst.Add(d)
			}
		}
		if err := rows.Close(); err != nil {
			return t, fmt.Errorf("ledgerbook: read %s: %w", path, err)
		}
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
