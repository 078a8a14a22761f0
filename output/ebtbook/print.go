package ebtbook

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// printSetup makes a sheet print on A4, landscape, one page wide, with the
// table's header row repeated on every page, the footer's text at the left
// and the page number at the right, and for a draft "DRAFT, NOT FOR
// UPLOAD" at the head of every page. (It does what output/printsetup.Apply
// does with a page header added; the two can be made one when that
// package is on main.)
func printSetup(f *excelize.File, sheet, area string, repeat int, footerText string, draft bool) error {
	size, orient, wide, tall := 9, "landscape", 1, 0
	fit, centred := true, true
	m := func(v float64) *float64 { return &v }
	footerText = strings.ReplaceAll(footerText, "&", "&&")
	hf := &excelize.HeaderFooterOptions{OddFooter: "&L" + footerText + "&RPage &P of &N"}
	if draft {
		hf.OddHeader = "&C&\"-,Bold\"&14DRAFT, NOT FOR UPLOAD"
	}
	quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
	from, to, _ := strings.Cut(area, ":")
	steps := []func() error{
		func() error {
			return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall})
		},
		func() error { return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}) },
		func() error {
			return f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: m(0.4), Right: m(0.4), Top: m(0.6), Bottom: m(0.6),
				Header: m(0.25), Footer: m(0.25), Horizontally: &centred})
		},
		func() error { return f.SetHeaderFooter(sheet, hf) },
		func() error {
			return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", Scope: sheet, RefersTo: quoted + "!" + absolute(from) + ":" + absolute(to)})
		},
		func() error {
			return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: sheet, RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted, repeat, repeat)})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("ebtbook: print setup of %s: %w", sheet, err)
		}
	}
	return nil
}

// absolute writes a cell reference with dollars: B7 → $B$7.
func absolute(cell string) string {
	col, row, err := excelize.SplitCellName(cell)
	if err != nil {
		return cell
	}
	return fmt.Sprintf("$%s$%d", col, row)
}
