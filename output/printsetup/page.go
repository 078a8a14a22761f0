package printsetup

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Errors of Apply.
var (
	// ErrArea is returned for a print area that is not a range of cells.
	ErrArea = errors.New("printsetup: the print area is not a range such as A1:E45")
	// ErrTooWide is returned for a column wider than the page: LibreOffice
	// fits a sheet to the page by counting pages, and a column that fills
	// more than a page by itself is cut, never shrunk.
	ErrTooWide = errors.New("printsetup: a column is wider than the page")
)

// Orientation is the way the paper is turned.
type Orientation uint8

const (
	// Auto turns the page the way that prints the area largest: landscape
	// only when that is clearly larger (a wide table), else portrait.
	Auto Orientation = iota
	Portrait
	Landscape
)

// Page says how a sheet prints. The area is always fitted to one page wide.
type Page struct {
	// Area is the range printed, e.g. "A1:E45"; empty: from A1 to the last
	// row and column holding a value (formulas not yet computed and empty
	// styled cells do not count: name the area when they should).
	Area string
	// Orientation of the paper; Auto chooses.
	Orientation Orientation
	// Tall is the number of pages tall the area is fitted into; 0 lets it
	// run to as many pages as it needs.
	Tall int
	// RepeatFrom and RepeatTo are the rows (1-based, inclusive) printed at
	// the top of every page: a table's header; 0 for none.
	RepeatFrom, RepeatTo int
	// Footer is the text at the left of the footer (a programme code, a
	// form's name); the right shows "Page 2 of 5".
	Footer string
}

// The paper: A4 in points, and the margins in inches (excelize's unit).
const (
	a4Width, a4Height                   = 595.3, 841.9
	marginSide, marginTop, marginBottom = 0.4, 0.5, 0.6
	marginHeader, marginFooter          = 0.2, 0.25
	paperSizeA4                         = 9
	// landscapeGain is how much larger landscape must print a sheet for
	// Auto to turn the paper.
	landscapeGain = 1.15
)

// Apply sets sheet's page setup: A4, fitted to one page wide (and Tall
// pages tall), the orientation, the print area, the repeated rows, the
// margins, and the footer.
func Apply(f *excelize.File, sheet string, p Page) error {
	area := p.Area
	if area == "" {
		var err error
		if area, err = usedArea(f, sheet); err != nil {
			return err
		}
	}
	c1, r1, c2, r2, err := bounds(area)
	if err != nil {
		return err
	}
	orient := p.Orientation
	if orient == Auto {
		w, h := areaSize(f, sheet, c1, r1, c2, r2)
		orient = choose(w, h, p.Tall)
	}
	if err := fitsWidth(f, sheet, c1, c2, orient); err != nil {
		return err
	}
	size, wide, tall := paperSizeA4, 1, p.Tall
	name := map[Orientation]string{Portrait: "portrait", Landscape: "landscape"}[orient]
	fit, centred := true, true
	m := func(v float64) *float64 { return &v }
	steps := []func() error{
		func() error {
			return f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &name, FitToWidth: &wide, FitToHeight: &tall})
		},
		func() error { return f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}) },
		func() error {
			return f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
				Left: m(marginSide), Right: m(marginSide), Top: m(marginTop), Bottom: m(marginBottom),
				Header: m(marginHeader), Footer: m(marginFooter), Horizontally: &centred,
			})
		},
		func() error {
			return f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddFooter: footer(p.Footer)})
		},
		func() error {
			return setName(f, sheet, "_xlnm.Print_Area", fmt.Sprintf("%s!%s", quote(sheet), absolute(c1, r1, c2, r2)))
		},
	}
	if p.RepeatFrom > 0 {
		to := max(p.RepeatTo, p.RepeatFrom)
		steps = append(steps, func() error {
			return setName(f, sheet, "_xlnm.Print_Titles", fmt.Sprintf("%s!$%d:$%d", quote(sheet), p.RepeatFrom, to))
		})
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("printsetup: %s: %w", sheet, err)
		}
	}
	return nil
}

// choose is the orientation that prints an area w by h points largest,
// fitted one page wide and tall pages tall (0: any number), preferring
// portrait.
func choose(w, h float64, tall int) Orientation {
	scale := func(pw, ph float64) float64 {
		s := math.Min(1, (pw-2*72*marginSide)/w)
		if tall > 0 {
			s = math.Min(s, float64(tall)*(ph-72*(marginTop+marginBottom))/h)
		}
		return s
	}
	if w <= 0 || h <= 0 {
		return Portrait
	}
	if scale(a4Height, a4Width) > landscapeGain*scale(a4Width, a4Height) {
		return Landscape
	}
	return Portrait
}

// MaxColumnWidth is the widest a column may be, in excelize's units, to
// print whole on a page turned o (Auto: portrait).
func MaxColumnWidth(o Orientation) float64 {
	paper := a4Width
	if o == Landscape {
		paper = a4Height
	}
	return ((paper-2*72*marginSide)/0.75 - 5) / digitPixels
}

func fitsWidth(f *excelize.File, sheet string, c1, c2 int, o Orientation) error {
	most := MaxColumnWidth(o)
	for c := c1; c <= c2; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		if w, err := f.GetColWidth(sheet, name); err == nil && w > most {
			return fmt.Errorf("%w: %s!%s is %.0f wide, at most %.0f print", ErrTooWide, sheet, name, w, most)
		}
	}
	return nil
}

// areaSize is the printed size of an area at 100 %, in points.
func areaSize(f *excelize.File, sheet string, c1, r1, c2, r2 int) (w, h float64) {
	for c := c1; c <= c2; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		width, err := f.GetColWidth(sheet, name)
		if err != nil {
			continue
		}
		w += colPoints(width)
	}
	for r := r1; r <= r2; r++ {
		height, err := f.GetRowHeight(sheet, r)
		if err != nil {
			continue
		}
		h += height
	}
	return w, h
}

// colPoints is a column width in excelize's units as points: a digit of
// the default font, with 5 pixels of margins, at 96 pixels to the inch.
func colPoints(width float64) float64 { return (width*digitPixels + 5) * 0.75 }

// digitPixels is the width of a digit of the default font in pixels, the
// unit of column widths: 7 for Calibri in Excel, but LibreOffice without
// Calibri measures columns with Noto Sans, 8.4; the wider is taken, so
// that what fits LibreOffice's page fits Excel's.
const digitPixels = 8.4

// footer is the footer's code: the text at the left, escaped, and the page
// number at the right.
func footer(text string) string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "&", "&&")
	if len(text) > 200 { // Excel allows 255 characters in all
		text = text[:200]
	}
	if text == "" {
		return "&RPage &P of &N"
	}
	return "&L" + text + "&RPage &P of &N"
}

// setName sets a sheet's defined name, replacing any it had.
func setName(f *excelize.File, sheet, name, refersTo string) error {
	_ = f.DeleteDefinedName(&excelize.DefinedName{Name: name, Scope: sheet})
	return f.SetDefinedName(&excelize.DefinedName{Name: name, RefersTo: refersTo, Scope: sheet})
}

func quote(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }

func absolute(c1, r1, c2, r2 int) string {
	a, _ := excelize.ColumnNumberToName(c1)
	b, _ := excelize.ColumnNumberToName(c2)
	return fmt.Sprintf("$%s$%d:$%s$%d", a, r1, b, r2)
}

// bounds parses "A1:E45" into its columns and rows.
func bounds(area string) (c1, r1, c2, r2 int, err error) {
	from, to, ok := strings.Cut(strings.ReplaceAll(area, "$", ""), ":")
	if !ok {
		return 0, 0, 0, 0, fmt.Errorf("%w: %q", ErrArea, area)
	}
	if c1, r1, err = excelize.CellNameToCoordinates(from); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("%w: %q", ErrArea, area)
	}
	if c2, r2, err = excelize.CellNameToCoordinates(to); err != nil {
		return 0, 0, 0, 0, fmt.Errorf("%w: %q", ErrArea, area)
	}
	return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2), nil
}

// usedArea is A1 to the last row and column with a value or a merge.
func usedArea(f *excelize.File, sheet string) (string, error) {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return "", fmt.Errorf("printsetup: %s: %w", sheet, err)
	}
	lastRow, lastCol := 1, 1
	for i, row := range rows {
		for j := len(row) - 1; j >= 0; j-- {
			if row[j] != "" {
				lastRow, lastCol = max(lastRow, i+1), max(lastCol, j+1)
				break
			}
		}
	}
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return "", fmt.Errorf("printsetup: %s: %w", sheet, err)
	}
	for _, m := range merges {
		if c, r, err := excelize.CellNameToCoordinates(m.GetEndAxis()); err == nil {
			lastRow, lastCol = max(lastRow, r), max(lastCol, c)
		}
	}
	end, _ := excelize.CoordinatesToCellName(lastCol, lastRow)
	return "A1:" + end, nil
}
