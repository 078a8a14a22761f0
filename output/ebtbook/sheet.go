package ebtbook

import (
	"fmt"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
	"stpclaims/output/printsetup"
)

// column is one column of a sheet's table: its title, its width, and
// whether its cells wrap their text (the others are never wider than
// their column: numbers, codes, account numbers).
type column struct {
	title string
	width float64
	wrap  bool
}

// field is one line of the list's header block: a label, its value, and a
// hint beside it.
type field struct {
	label string
	value any
	style int
	hint  string
}

// sheet streams one sheet: excelize's StreamWriter holds a row at a time,
// so a list as long as the largest bill is written in little memory. Row
// heights are worked out as the rows are written (printsetup.RowHeight),
// since a streamed sheet cannot be fitted afterwards.
type sheet struct {
	w    *writer
	name string
	cols []column
	sw   *excelize.StreamWriter
	row  int // the last row written
	// sealed, when set, keeps the text of every row put (the table the
	// token signs).
	sealed *seal.Table
}

// newSheet prepares a sheet for streaming: its column widths, print setup
// and protection go first (excelize writes what the sheet starts with as
// the stream opens, and the rest as it closes), then its header row is
// frozen.
func (w *writer) newSheet(name string, cols []column, area string, repeat int) (*sheet, error) {
	f := w.f
	for i, c := range cols {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, c.width); err != nil {
			return nil, fmt.Errorf("ebtbook: %w", err)
		}
	}
	if err := printSetup(f, name, area, repeat, w.footer(), w.b.List.Draft); err != nil {
		return nil, err
	}
	if err := f.ProtectSheet(name, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true}); err != nil {
		return nil, fmt.Errorf("ebtbook: %w", err)
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("ebtbook: %w", err)
	}
	top, _ := excelize.CoordinatesToCellName(1, repeat+1)
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: repeat, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("ebtbook: %w", err)
	}
	return &sheet{w: w, name: name, cols: cols, sw: sw}, nil
}

// width is the width of columns from..to (1-based, inclusive).
func (s *sheet) width(from, to int) float64 {
	var w float64
	for c := from; c <= to; c++ {
		w += s.cols[c-1].width
	}
	return w
}

// write writes the next row, as tall as its tallest text needs at size
// in the given widths.
func (s *sheet) write(cells []excelize.Cell, widths []float64, size float64) error {
	s.row++
	height := printsetup.DefaultRowHeight
	for i, c := range cells {
		if text, ok := c.Value.(string); ok && i < len(widths) && widths[i] > 0 {
			height = max(height, printsetup.RowHeight(text, widths[i], size))
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	row := make([]any, len(cells))
	for i, c := range cells {
		if c.StyleID != 0 || c.Value != nil {
			row[i] = c
		}
	}
	if err := s.sw.SetRow(cell, row, excelize.RowOpts{Height: min(height, printsetup.MaxRowHeight)}); err != nil {
		return fmt.Errorf("ebtbook: %s row %d: %w", s.name, s.row, err)
	}
	return nil
}

// merge merges columns from..to of the row just written.
func (s *sheet) merge(from, to int) error {
	a, _ := excelize.CoordinatesToCellName(from, s.row)
	b, _ := excelize.CoordinatesToCellName(to, s.row)
	if err := s.sw.MergeCell(a, b); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	return nil
}

// span is value in style across columns from..to.
func span(cells []excelize.Cell, from, to int, value any, style int) {
	for c := from; c <= to; c++ {
		cells[c-1] = excelize.Cell{StyleID: style}
	}
	cells[from-1].Value = value
}

// line writes one text across the whole width, merged.
func (s *sheet) line(style int, text string) error {
	size := printsetup.DefaultFontSize
	if style == s.w.st.title {
		size = titleSize
	}
	cells := make([]excelize.Cell, len(s.cols))
	span(cells, 1, len(s.cols), text, style)
	if err := s.write(cells, []float64{s.width(1, len(s.cols))}, size); err != nil {
		return err
	}
	return s.merge(1, len(s.cols))
}

// field writes a line of the header block: the label over columns A–B,
// the value over C–F, the hint over the rest.
func (s *sheet) field(f field, label, hint int) error {
	n := len(s.cols)
	cells := make([]excelize.Cell, n)
	span(cells, 1, 2, f.label, label)
	span(cells, 3, 6, f.value, f.style)
	if f.hint != "" {
		span(cells, 7, n, f.hint, hint)
	}
	widths := []float64{s.width(1, 2), 0, s.width(3, 6), 0, 0, 0, s.width(7, n)}
	if err := s.write(cells, widths, printsetup.DefaultFontSize); err != nil {
		return err
	}
	for _, m := range [][2]int{{1, 2}, {3, 6}, {7, n}} {
		if m[0] == 7 && f.hint == "" {
			continue
		}
		if err := s.merge(m[0], m[1]); err != nil {
			return err
		}
	}
	return nil
}

// skip leaves a row empty.
func (s *sheet) skip() { s.row++ }

// header writes the table's header row.
func (s *sheet) header(style int) error {
	cells := make([]excelize.Cell, len(s.cols))
	widths := make([]float64, len(s.cols))
	for i, c := range s.cols {
		cells[i], widths[i] = excelize.Cell{StyleID: style, Value: c.title}, c.width
	}
	return s.write(cells, widths, printsetup.DefaultFontSize*1.07)
}

// put writes a row of the table.
func (s *sheet) put(cells []excelize.Cell) error {
	if s.sealed != nil {
		s.sealed.Rows = append(s.sealed.Rows, sealedRow(cells))
	}
	widths := make([]float64, len(s.cols))
	for i, c := range s.cols {
		if c.wrap {
			widths[i] = c.width
		}
	}
	return s.write(cells, widths, printsetup.DefaultFontSize)
}

// flush ends the sheet.
func (s *sheet) flush() error {
	if err := s.sw.Flush(); err != nil {
		return fmt.Errorf("ebtbook: %s: %w", s.name, err)
	}
	return nil
}
