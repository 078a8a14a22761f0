package printsetup

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// MaxRowHeight is the tallest row a spreadsheet allows, in points; text
// that needs more is cut.
const MaxRowHeight = 409.0

// FitRows makes every row of sheet tall enough for the wrapped text in it:
// for each cell whose style wraps text, the lines its text takes in the
// cell's width (a merge's whole width, for a merge within one row) at the
// style's font size. A row is only ever made taller, never lower than it
// was set, nor taller than MaxRowHeight. Cells holding formulas are passed
// over (their text is not known until they are computed), as are merges of
// several rows.
func FitRows(f *excelize.File, sheet string) error {
	need := map[int]float64{}
	err := eachWrapped(f, sheet, func(_ string, row int, text string, width float64, font cellFont) {
		need[row] = max(need[row], rowHeight(text, width, font.size, font.factor()))
	})
	if err != nil {
		return err
	}
	for r, h := range need {
		if h <= DefaultRowHeight {
			continue
		}
		h = min(h, MaxRowHeight)
		have, err := f.GetRowHeight(sheet, r)
		if err != nil {
			return fmt.Errorf("printsetup: %s: %w", sheet, err)
		}
		if h > have {
			if err := f.SetRowHeight(sheet, r, h); err != nil {
				return fmt.Errorf("printsetup: %s row %d: %w", sheet, r, err)
			}
		}
	}
	return nil
}

// BrokenWords lists the cells of sheet (as "B4") whose wrapped text has a
// word wider than the cell, which the spreadsheet breaks between letters:
// a column to widen, or a word to change.
func BrokenWords(f *excelize.File, sheet string) ([]string, error) {
	var cells []string
	err := eachWrapped(f, sheet, func(cell string, _ int, text string, width float64, font cellFont) {
		if !WordsFit(text, width, font.size, font.bold) {
			cells = append(cells, cell)
		}
	})
	return cells, err
}

// eachWrapped calls fn for every cell of sheet whose style wraps text and
// that holds text (not a formula), with the cell's width: its column's, or
// the whole width of a merge within one row it starts. Merges of several
// rows are passed over.
func eachWrapped(f *excelize.File, sheet string, fn func(cell string, row int, text string, width float64, font cellFont)) error {
	rows, err := f.GetRows(sheet)
	if err != nil {
		return fmt.Errorf("printsetup: %s: %w", sheet, err)
	}
	merged, err := mergeWidths(f, sheet)
	if err != nil {
		return err
	}
	fonts := map[int]cellFont{}
	widths := map[int]float64{}
	for i, row := range rows {
		for j, text := range row {
			if text == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			width, ok := merged[cell]
			switch {
			case ok && width < 0:
				continue // a merge of several rows
			case !ok:
				if width, ok = widths[j+1]; !ok {
					width = colWidth(f, sheet, j+1)
					widths[j+1] = width
				}
			}
			font, err := fontOf(f, sheet, cell, fonts)
			if err != nil {
				return err
			}
			if !font.wrap {
				continue
			}
			if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
				continue
			}
			fn(cell, i+1, text, width, font)
		}
	}
	return nil
}

// cellFont is what of a cell's style bears on its text's height.
type cellFont struct {
	size       float64
	bold, wrap bool
}

func (cf cellFont) factor() float64 {
	if cf.bold {
		return boldFactor
	}
	return 1
}

func fontOf(f *excelize.File, sheet, cell string, cache map[int]cellFont) (cellFont, error) {
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil {
		return cellFont{}, fmt.Errorf("printsetup: %s!%s: %w", sheet, cell, err)
	}
	if cf, ok := cache[id]; ok {
		return cf, nil
	}
	cf := cellFont{size: DefaultFontSize}
	st, err := f.GetStyle(id)
	if err != nil {
		return cellFont{}, fmt.Errorf("printsetup: style of %s!%s: %w", sheet, cell, err)
	}
	if st.Font != nil {
		if st.Font.Size > 0 {
			cf.size = st.Font.Size
		}
		cf.bold = st.Font.Bold
	}
	if st.Alignment != nil {
		cf.wrap = st.Alignment.WrapText
	}
	cache[id] = cf
	return cf, nil
}

// colWidth is column c's width, excelize's default when it has none.
func colWidth(f *excelize.File, sheet string, c int) float64 {
	name, _ := excelize.ColumnNumberToName(c)
	w, err := f.GetColWidth(sheet, name)
	if err != nil {
		return 9.140625
	}
	return w
}

// mergeWidths maps the first cell of each merge to the merge's width, the
// sum of its columns' widths; -1 for a merge of several rows.
func mergeWidths(f *excelize.File, sheet string) (map[string]float64, error) {
	merges, err := f.GetMergeCells(sheet, true)
	if err != nil {
		return nil, fmt.Errorf("printsetup: %s: %w", sheet, err)
	}
	out := make(map[string]float64, len(merges))
	for _, m := range merges {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		start, _ := excelize.CoordinatesToCellName(c1, r1)
		if r2 != r1 {
			out[start] = -1
			continue
		}
		var w float64
		for c := c1; c <= c2; c++ {
			w += colWidth(f, sheet, c)
		}
		out[start] = w
	}
	return out, nil
}
