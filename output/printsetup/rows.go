package printsetup

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// FitRows makes every row of sheet tall enough for the wrapped text in it:
// for each cell whose style wraps text, the lines its text takes in the
// cell's width (a merge's whole width, for a merge within one row) at the
// style's font size. A row is only ever made taller, never lower than it
// was set, nor taller than MaxRowHeight. Cells holding formulas are passed over (their text is not known
// until they are computed), as are merges of several rows.
func FitRows(f *excelize.File, sheet string) error {
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
	colWidth := func(c int) float64 {
		if w, ok := widths[c]; ok {
			return w
		}
		name, _ := excelize.ColumnNumberToName(c)
		w, err := f.GetColWidth(sheet, name)
		if err != nil {
			w = 9.140625
		}
		widths[c] = w
		return w
	}
	for i, row := range rows {
		r := i + 1
		need := 0.0
		for j, text := range row {
			if text == "" {
				continue
			}
			c := j + 1
			cell, _ := excelize.CoordinatesToCellName(c, r)
			width, ok := merged[cell]
			switch {
			case ok && width < 0:
				continue // a merge of several rows
			case !ok:
				width = colWidth(c)
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
			factor := 1.0
			if font.bold {
				factor = boldFactor
			}
			need = max(need, rowHeight(text, width, font.size, factor))
		}
		if need <= DefaultRowHeight {
			continue
		}
		need = min(need, MaxRowHeight)
		have, err := f.GetRowHeight(sheet, r)
		if err != nil {
			return fmt.Errorf("printsetup: %s: %w", sheet, err)
		}
		if need > have {
			if err := f.SetRowHeight(sheet, r, need); err != nil {
				return fmt.Errorf("printsetup: %s row %d: %w", sheet, r, err)
			}
		}
	}
	return nil
}

// MaxRowHeight is the tallest row a spreadsheet allows, in points; text
// that needs more is cut.
const MaxRowHeight = 409.0

// cellFont is what of a cell's style bears on its text's height.
type cellFont struct {
	size       float64
	bold, wrap bool
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
			name, _ := excelize.ColumnNumberToName(c)
			cw, err := f.GetColWidth(sheet, name)
			if err != nil {
				cw = 9.140625
			}
			w += cw
		}
		out[start] = w
	}
	return out, nil
}
