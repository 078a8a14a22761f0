package ledgerbook

import (
	"testing"

	"stpclaims/internal/reviewbook"
	"stpclaims/output/printsetup"
)

// sheetsPrinted are the streamed sheets' columns and how many of them
// print.
func sheetsPrinted() map[string]struct {
	columns []column
	setup   sheetSetup
} {
	return map[string]struct {
		columns []column
		setup   sheetSetup
	}{
		SheetAdvances:    {advancesColumns, sheetSetup{print: advancesPrinted}},
		SheetOverdue:     {overdueColumns, sheetSetup{print: len(overdueColumns) - 3}},
		SheetBills:       {billsColumns, sheetSetup{}},
		SheetSettlements: {settlementsColumns, sheetSetup{print: len(settlementsColumns) - 2}},
		SheetDeviations:  {deviationsColumns, sheetSetup{print: 8}},
		SheetSources:     {sourcesColumns, sheetSetup{print: sourcesPrinted}},
		SheetReview:      {reviewColumns, sheetSetup{print: reviewbook.ReviewPrinted}},
		SheetClaims:      {claimsColumns, sheetSetup{print: reviewbook.ClaimsPrinted}},
		SheetLines:       {linesColumns, sheetSetup{}},
		SheetRegister:    {registerColumns, sheetSetup{print: reviewbook.RegisterPrinted}},
	}
}

// TestColumns: every header's words fit their column (none broken between
// letters), on at most three lines; only printed columns wrap (a row's
// height is fitted to those); the printed columns print at 70 % or more
// of their size on an A4 page one page wide.
func TestColumns(t *testing.T) {
	for sheet, s := range sheetsPrinted() {
		t.Run(sheet, func(t *testing.T) {
			n := s.setup.printed(s.columns)
			for i, c := range s.columns {
				if !printsetup.WordsFit(c.title, c.width, headerSize, true) {
					t.Errorf("header %q: a word is wider than its column (%.0f)", c.title, c.width)
				}
				if lines := printsetup.Lines(c.title, c.width/boldWidth, headerSize); lines > 3 {
					t.Errorf("header %q takes %d lines", c.title, lines)
				}
				if c.wrap && i >= n {
					t.Errorf("%q wraps but does not print: its rows would not fit it", c.title)
				}
			}
			if got := printScale(s.columns[:n]); got < 0.7 {
				t.Errorf("the %d printed columns print at %.0f %%", n, 100*got)
			}
		})
	}
}

// printScale is the scale the columns print at, fitted one page wide.
func printScale(columns []column) float64 {
	const digit, margins = 8.4, 5
	px := 0.0
	for _, c := range columns {
		px += c.width*digit + margins
	}
	page := printsetup.MaxColumnWidth(orientation(columns))*digit + margins
	return min(1, page/px)
}
