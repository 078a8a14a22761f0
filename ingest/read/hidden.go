package read

// This file keeps what a sender hid out of what is read as the claim: the
// hidden rows and hidden columns of a sheet are never handed to a form
// reader (streamSheet blanks them), and those holding values are gathered
// (hiddenSeen) so that the report can name them (READ-HIDDEN). Hidden and
// very hidden sheets are left out in detect.go.

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strconv"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// hiddenSeen gathers the hidden rows and columns of one sheet found holding
// values while its rows were read.
type hiddenSeen struct {
	rows  []int        // 1-based, ascending
	cols  map[int]bool // 1-based
	first string       // the first such cell, "B5"
}

func (h *hiddenSeen) row(row, col int) {
	if n := len(h.rows); n == 0 || h.rows[n-1] < row {
		h.rows = append(h.rows, row)
	}
	h.note(row, col)
}

func (h *hiddenSeen) col(row, col int) {
	if h.cols == nil {
		h.cols = map[int]bool{}
	}
	h.cols[col] = true
	h.note(row, col)
}

func (h *hiddenSeen) note(row, col int) {
	if h.first == "" {
		h.first, _ = excelize.CoordinatesToCellName(col, row)
	}
}

// merge adds what other saw (the same sheet read again, further down).
func (h *hiddenSeen) merge(other *hiddenSeen) {
	if other == nil {
		return
	}
	for _, r := range other.rows {
		if !slices.Contains(h.rows, r) {
			h.rows = append(h.rows, r)
		}
	}
	slices.Sort(h.rows)
	for c := range other.cols {
		if h.cols == nil {
			h.cols = map[int]bool{}
		}
		h.cols[c] = true
	}
	if h.first == "" {
		h.first = other.first
	}
}

// unread is what h saw as an Unread of sheet, false when it saw nothing.
func (h *hiddenSeen) unread(sheet string) (stpclaims.Unread, bool) {
	if h == nil || (len(h.rows) == 0 && len(h.cols) == 0) {
		return stpclaims.Unread{}, false
	}
	u := stpclaims.Unread{Sheet: sheet, Why: stpclaims.UnreadHiddenCells, Cell: sheet + "!" + h.first,
		Rows: slices.Clone(h.rows)}
	for c := range h.cols {
		u.Cols = append(u.Cols, c)
	}
	slices.Sort(u.Cols)
	return u, true
}

// sheetView is what of one sheet is shown: it knows the hidden columns and
// blanks hidden cells out of a row.
type sheetView struct {
	f     *excelize.File
	sheet string
	// hidden[c] says 0-based column c is hidden; from the stored head.
	hidden []bool
	// decoded: the head could not be read, columns are asked of excelize
	// (asked lazily, kept in asked).
	decoded bool
	asked   map[int]bool
	seen    *hiddenSeen
}

// newSheetView reads the hidden columns of sheet; seen, when not nil,
// gathers the hidden cells holding values.
func newSheetView(f *excelize.File, sheet string, seen *hiddenSeen) *sheetView {
	v := &sheetView{f: f, sheet: sheet, seen: seen}
	sh, ok := xlsxpart.OpenSheet(f, xlsxpart.SheetPart(f, sheet))
	if !ok {
		v.decoded = true
		return v
	}
	cols, ok := hiddenCols(sh.Head())
	if !ok {
		v.decoded = true
		return v
	}
	v.hidden = cols
	return v
}

// colHidden reports whether 0-based column c is hidden.
func (v *sheetView) colHidden(c int) bool {
	if !v.decoded {
		return c < len(v.hidden) && v.hidden[c]
	}
	if h, ok := v.asked[c]; ok {
		return h
	}
	if v.asked == nil {
		v.asked = map[int]bool{}
	}
	name, _ := excelize.ColumnNumberToName(c + 1)
	visible, err := v.f.GetColVisible(v.sheet, name)
	v.asked[c] = err == nil && !visible
	return v.asked[c]
}

// shown returns a row's cells as shown: nil for a hidden row, the cells of
// hidden columns blanked (in place, and the blanks they leave at the row's
// end dropped). It notes hidden cells that hold values.
func (v *sheetView) shown(row int, cells []string, rowHidden bool) []string {
	if rowHidden {
		for c, s := range cells {
			if s != "" {
				if v.seen != nil {
					v.seen.row(row, c+1)
				}
				break
			}
		}
		return nil
	}
	if !v.decoded && len(v.hidden) == 0 {
		return cells
	}
	blanked := false
	for c, s := range cells {
		if s == "" || !v.colHidden(c) {
			continue
		}
		if v.seen != nil {
			v.seen.col(row, c+1)
		}
		cells[c], blanked = "", true
	}
	for blanked && len(cells) > 0 && cells[len(cells)-1] == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// hiddenCols reads the <cols> of a worksheet's head (the part up to its
// sheetData): hidden[c] for 0-based column c. ok is false when the head
// cannot be read as XML.
func hiddenCols(head []byte) (hidden []bool, ok bool) {
	d := xml.NewDecoder(bytes.NewReader(head))
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return hidden, true
		}
		if err != nil {
			return nil, false
		}
		el, isStart := tok.(xml.StartElement)
		if !isStart {
			continue
		}
		switch el.Name.Local {
		case "sheetData":
			return hidden, true
		case "col":
			lo, hi, hid := colAttrs(el.Attr)
			if !hid || lo < 1 || hi < lo || hi > excelize.MaxColumns {
				continue
			}
			for len(hidden) < hi {
				hidden = append(hidden, false)
			}
			for c := lo; c <= hi; c++ {
				hidden[c-1] = true
			}
		}
	}
}

// colAttrs reads a <col> element's min, max and hidden, as excelize does
// (hidden "1" or "true").
func colAttrs(attrs []xml.Attr) (lo, hi int, hidden bool) {
	for _, a := range attrs {
		switch a.Name.Local {
		case "min":
			lo, _ = strconv.Atoi(a.Value)
		case "max":
			hi, _ = strconv.Atoi(a.Value)
		case "hidden":
			hidden, _ = strconv.ParseBool(a.Value)
		}
	}
	return lo, hi, hidden
}
