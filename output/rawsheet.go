package output

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// This file is the fast way to mark a sender's sheet: instead of letting
// excelize decode the whole worksheet into structs (and encode it again on
// save), which costs as much as reading the workbook, it edits the
// worksheet's XML as stored: the s attribute of the cells concerned, one
// legacyDrawing element, and new notes and VML parts (notes.go). Every
// other byte of the sheet is left as it came. Sheets it cannot edit this way
// (already decoded, already carrying notes or controls, unusual XML) go
// through excelize instead (markSheet).
//
// The sheet is read through xlsxpart.Sheet: its head (up to the sheetData
// start tag), its rows in chunks, its tail. A sheet excelize holds in memory
// is one chunk, and its edits are applied at once; a large one excelize
// left in a temporary file is read from the submitted package chunk by
// chunk, and its edits are recorded and applied as WriteCopy writes it.

// errNotRaw says a sheet must be marked through excelize instead.
var errNotRaw = errors.New("output: sheet needs the excelize path")

// rawEditsEnabled lets tests force the excelize path.
var rawEditsEnabled = true

// rawSheet is a worksheet the raw edits can mark.
type rawSheet struct {
	part string
	sh   *xlsxpart.Sheet
	lay  *xlsxpart.Layout
}

// openRawSheet opens a sheet's stored XML for raw edits, or reports false
// when it is not one they can make: excelize has decoded it, it already
// carries notes or controls, it is Strict OOXML, or it holds markup a tag
// walk can misread. A comment, CDATA section or processing instruction can
// hold text that looks like rows and cells ("<!-- <row r=\"3\"> -->"), and
// a second sheetData end tag means the first was not the one.
func openRawSheet(f *excelize.File, part string) (*rawSheet, bool) {
	if part == "" || xlsxpart.Decoded(f, relsPart(part)) {
		return nil, false
	}
	sh, ok := xlsxpart.OpenSheet(f, part)
	if !ok {
		return nil, false
	}
	head := sh.Head()
	root := afterProlog(head)
	if !bytes.HasPrefix(root, []byte("<worksheet")) ||
		bytes.Contains(root[:min(len(root), 2048)], []byte("purl.oclc.org/ooxml")) { // Strict OOXML
		return nil, false
	}
	lay, err := sh.Layout()
	if err != nil || lay.Comment || lay.CDATA || lay.PI {
		return nil, false
	}
	tail := lay.Tail
	for _, piece := range [][]byte{head, tail} {
		if bytes.Contains(piece, []byte("<legacyDrawing")) || bytes.Contains(piece, []byte("<!--")) {
			return nil, false
		}
	}
	if _, _, selfClosed := sh.SheetDataTag(); !selfClosed && bytes.Contains(tail[len("</sheetData>"):], []byte("</sheetData>")) {
		return nil, false
	}
	return &rawSheet{part: part, sh: sh, lay: lay}, true
}

// rawEligible reports whether a sheet's stored XML can be edited in place.
func rawEligible(f *excelize.File, part string) bool {
	_, ok := openRawSheet(f, part)
	return ok
}

// colStyles reads a worksheet's <cols> (in its head): column number →
// style.
func colStyles(head []byte) map[int]int {
	out := map[int]int{}
	start := bytes.Index(head, []byte("<cols>"))
	if start < 0 {
		return out
	}
	end := bytes.Index(head[start:], []byte("</cols>"))
	if end < 0 {
		return out
	}
	end += start
	for pos := start; ; {
		t, ok := nextTag(head, "col", pos, end)
		if !ok {
			return out
		}
		pos = t.end
		s, err := strconv.Atoi(t.attrs.get("style"))
		if err != nil {
			continue
		}
		lo, _ := strconv.Atoi(t.attrs.get("min"))
		hi, _ := strconv.Atoi(t.attrs.get("max"))
		for c := max(lo, 1); c <= hi && c <= 16384; c++ {
			out[c] = s
		}
	}
}

// rawMergeRanges reads the merged ranges ("B10:C10") of a stored sheet
// (in its tail).
func rawMergeRanges(f *excelize.File, part string) []string {
	rs, ok := openRawSheet(f, part)
	if !ok {
		return nil
	}
	tail := rs.lay.Tail
	var out []string
	for pos := 0; ; {
		t, ok := nextTag(tail, "mergeCell", pos, len(tail))
		if !ok {
			return out
		}
		pos = t.end
		if ref := t.attrs.get("ref"); ref != "" {
			out = append(out, ref)
		}
	}
}

// rawMarkSheet fills and notes one sheet's targets by editing its stored
// XML. It changes nothing and returns errNotRaw when the sheet is not one it
// can edit.
func rawMarkSheet(f *excelize.File, sheet, part string, targets []*target, fills *filler) error {
	rs, ok := openRawSheet(f, part)
	if !ok {
		return errNotRaw
	}
	m := newRowMarker(rs, wantedFills(targets), fills)
	if err := m.markRows(); err != nil {
		return err
	}
	if err := m.addMissingRows(); err != nil {
		return err
	}
	notes, err := newNoteParts(f, part, targets)
	if err != nil {
		return err
	}
	at, ok := legacyDrawingAt(rs.lay)
	if !ok {
		return errNotRaw
	}
	m.edits = append(m.edits, edit{at, at, `<legacyDrawing xmlns:r="` + nsRelationships + `" r:id="` + notes.vmlID + `"/>`})
	data, inMemory := rs.sh.InMemory()
	if err := commitEdits(f, part, data, inMemory, m.edits); err != nil {
		return err
	}
	return notes.store(f)
}

// commitEdits applies a sheet's edits: at once to a sheet in memory
// (data), recorded for WriteCopy for one read from the package.
func commitEdits(f *excelize.File, part string, data []byte, inMemory bool, edits []edit) error {
	if inMemory {
		xlsxpart.Store(f, part, applyEdits(data, edits))
		return nil
	}
	xe := make([]xlsxpart.Edit, len(edits))
	for i, e := range edits {
		xe[i] = xlsxpart.Edit{At: int64(e.at), End: int64(e.end), Text: e.text}
	}
	if err := xlsxpart.AddEdits(f, part, xe); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// wantedFills lists the cells to fill, by row and column, with the
// severity of each: a target's whole range (bounded by maxFillCells), the
// first target to claim a cell setting its severity (findings come worst
// first).
func wantedFills(targets []*target) map[int]map[int]stpclaims.Severity {
	want := map[int]map[int]stpclaims.Severity{}
	for _, t := range targets {
		if len(t.findings) == 0 {
			continue // a reason's cell: a note, no fill
		}
		r := t.ref
		if (r.EndCol-r.Col+1)*(r.EndR-r.Row+1) > maxFillCells {
			r.EndCol, r.EndR = r.Col, r.Row
		}
		sev := t.findings[0].Severity
		for row := r.Row; row <= r.EndR; row++ {
			if want[row] == nil {
				want[row] = map[int]stpclaims.Severity{}
			}
			for col := r.Col; col <= r.EndCol; col++ {
				if _, seen := want[row][col]; !seen {
					want[row][col] = sev
				}
			}
		}
	}
	return want
}

// rowMarker walks a sheet's rows once, front to back, and makes the edits
// that fill the wanted cells: a cell there gets a style with the fill, a
// cell or row not there is added with one.
type rowMarker struct {
	rs       *rawSheet
	want     map[int]map[int]stpclaims.Severity
	wantRows []int
	placed   int          // wantRows[:placed] are placed, or passed and marked done
	done     map[int]bool // wanted rows marked or added
	fills    *filler
	cols     map[int]int // the column styles, read when first needed
	edits    []edit
}

func newRowMarker(rs *rawSheet, want map[int]map[int]stpclaims.Severity, fills *filler) *rowMarker {
	return &rowMarker{rs: rs, want: want, wantRows: sortedKeys(want), done: map[int]bool{}, fills: fills}
}

func (m *rowMarker) colStyle(c int) int {
	if m.cols == nil {
		m.cols = colStyles(m.rs.sh.Head())
	}
	return m.cols[c]
}

// markRows walks the rows chunk by chunk until every wanted row is placed.
func (m *rowMarker) markRows() error {
	if _, _, selfClosed := m.rs.sh.SheetDataTag(); selfClosed {
		return nil
	}
	chunks := m.rs.sh.Rows()
	defer chunks.Close()
	for len(m.done) < len(m.wantRows) {
		chunk, at, ok := chunks.Next()
		if !ok {
			if chunks.Err() != nil {
				return errNotRaw
			}
			return nil
		}
		if err := m.markChunk(chunk, int(at), chunks.Last()); err != nil {
			return err
		}
	}
	return nil
}

// markChunk marks the wanted rows in one chunk of rows, which begins at
// offset at of the part.
func (m *rowMarker) markChunk(chunk []byte, at int, last bool) error {
	pos := 0
	for pos < len(chunk) && len(m.done) < len(m.wantRows) {
		rt, ok := nextTag(chunk, "row", pos, len(chunk))
		if !ok {
			// A chunk ends after a "</row>" found by a byte search: one
			// inside a row's tag would cut it short here.
			if !last && bytes.Contains(chunk[pos:], []byte("<row")) {
				return errNotRaw
			}
			return nil
		}
		rowNum, err := strconv.Atoi(rt.attrs.get("r"))
		if err != nil {
			return errNotRaw
		}
		rowEnd := rt.end // the offset of "</row>", or of the tag's end when self-closed
		if !rt.selfClose {
			// "</row" then '>': an end tag with spaces ("</row >")
			// would make this row run into the next
			i := xlsxpart.IndexRowEnd(chunk[rt.end:])
			if i < 0 || rt.end+i+len("</row") >= len(chunk) || chunk[rt.end+i+len("</row")] != '>' {
				return errNotRaw
			}
			rowEnd = rt.end + i
		}
		pos = rowEnd
		if err := m.addRowsBefore(rowNum, at+rt.start); err != nil {
			return err
		}
		if _, ok := m.want[rowNum]; !ok {
			continue
		}
		m.done[rowNum] = true
		if err := m.markRow(chunk, at, rt, rowNum, rowEnd); err != nil {
			return err
		}
	}
	return nil
}

// addRowsBefore adds the wanted rows missing before row rowNum, whose tag
// is at offset at.
func (m *rowMarker) addRowsBefore(rowNum, at int) error {
	for ; m.placed < len(m.wantRows) && m.wantRows[m.placed] <= rowNum; m.placed++ {
		missing := m.wantRows[m.placed]
		if missing == rowNum || m.done[missing] {
			continue
		}
		s, err := m.newCells(missing, sortedKeys(m.want[missing]), 0, false)
		if err != nil {
			return err
		}
		m.edits = append(m.edits, edit{at, at, `<row r="` + strconv.Itoa(missing) + `">` + s + `</row>`})
		m.done[missing] = true
	}
	return nil
}

// markRow fills the wanted cells of one row present in the sheet: rt is its
// tag and chunk[rt.end:rowEnd] its content, the chunk beginning at offset at
// of the part.
func (m *rowMarker) markRow(chunk []byte, at int, rt xmlTag, rowNum, rowEnd int) error {
	need := m.want[rowNum]
	if !plainRowBody(chunk[rt.end:rowEnd]) || rt.attrs.prefixed("r", "s", "customFormat", "spans") {
		return errNotRaw
	}
	rowStyle, _ := strconv.Atoi(rt.attrs.get("s"))
	rowCustom := rt.attrs.get("customFormat") == "1" || rt.attrs.get("customFormat") == "true"
	pending := sortedKeys(need)
	inserted := false
	if !rt.selfClose {
		for cpos := rt.end; cpos < rowEnd; {
			ct, ok := nextTag(chunk, "c", cpos, rowEnd)
			if !ok {
				break
			}
			cpos = ct.end
			if ct.attrs.prefixed("r", "s") {
				return errNotRaw
			}
			col, _, err := excelize.CellNameToCoordinates(ct.attrs.get("r"))
			if err != nil {
				return errNotRaw
			}
			var before []int
			for len(pending) > 0 && pending[0] < col {
				before, pending = append(before, pending[0]), pending[1:]
			}
			if len(before) > 0 {
				s, err := m.newCells(rowNum, before, rowStyle, rowCustom)
				if err != nil {
					return err
				}
				m.edits = append(m.edits, edit{at + ct.start, at + ct.start, s})
				inserted = true
			}
			sev, wanted := need[col]
			if !wanted {
				continue
			}
			if len(pending) > 0 && pending[0] == col {
				pending = pending[1:]
			}
			if err := m.restyle(chunk, at, ct, sev); err != nil {
				return err
			}
		}
	}
	if len(pending) > 0 {
		s, err := m.newCells(rowNum, pending, rowStyle, rowCustom)
		if err != nil {
			return err
		}
		if rt.selfClose {
			open := spansAttr.ReplaceAllString(string(chunk[rt.start:rt.end-2]), "")
			m.edits = append(m.edits, edit{at + rt.start, at + rt.end, strings.TrimRight(open, " ") + ">" + s + "</row>"})
		} else {
			m.edits = append(m.edits, edit{at + rowEnd, at + rowEnd, s})
			inserted = true
		}
	}
	// A row given new cells loses its spans hint, which would no longer
	// cover them.
	if inserted && !rt.selfClose && rt.attrs.get("spans") != "" {
		m.edits = append(m.edits, edit{at + rt.start, at + rt.end, spansAttr.ReplaceAllString(string(chunk[rt.start:rt.end]), "")})
	}
	return nil
}

// restyle gives a cell present in the sheet its style with sev's fill.
func (m *rowMarker) restyle(chunk []byte, at int, ct xmlTag, sev stpclaims.Severity) error {
	orig, _ := strconv.Atoi(ct.attrs.get("s"))
	id, err := m.fills.styleFor(orig, sev)
	if err != nil {
		return err
	}
	if id != orig {
		m.edits = append(m.edits, edit{at + ct.start, at + ct.end, withStyle(chunk[ct.start:ct.end], id)})
	}
	return nil
}

// newCells writes cells cs of row, each on its column's style (or the
// row's, for a row with a custom format) with the row's wanted fill.
func (m *rowMarker) newCells(row int, cs []int, rowStyle int, rowCustom bool) (string, error) {
	var b strings.Builder
	for _, c := range cs {
		st := m.colStyle(c)
		if rowCustom {
			st = rowStyle
		}
		id, err := m.fills.styleFor(st, m.want[row][c])
		if err != nil {
			return "", err
		}
		name, _ := excelize.CoordinatesToCellName(c, row)
		b.WriteString(`<c r="` + name + `" s="` + strconv.Itoa(id) + `"/>`)
	}
	return b.String(), nil
}

// addMissingRows adds the wanted rows the walk did not place (those after
// the sheet's last row) at the end of sheetData, opening a self-closed
// <sheetData/>.
func (m *rowMarker) addMissingRows() error {
	var tail strings.Builder
	for _, row := range m.wantRows {
		if m.done[row] {
			continue
		}
		s, err := m.newCells(row, sortedKeys(m.want[row]), 0, false)
		if err != nil {
			return err
		}
		tail.WriteString(`<row r="` + strconv.Itoa(row) + `">` + s + `</row>`)
	}
	if tail.Len() == 0 {
		return nil
	}
	start, end, selfClosed := m.rs.sh.SheetDataTag()
	if selfClosed {
		open := string(m.rs.sh.Head()[start : end-2])
		m.edits = append(m.edits, edit{start, end, strings.TrimRight(open, " ") + ">" + tail.String() + "</sheetData>"})
		return nil
	}
	at := int(m.rs.lay.TailAt)
	m.edits = append(m.edits, edit{at, at, tail.String()})
	return nil
}

// legacyDrawingAt is where a legacyDrawing element belongs in a worksheet:
// before the first element the schema puts after it, else before the end.
// Only the tail (from the end of sheetData) is searched.
func legacyDrawingAt(lay *xlsxpart.Layout) (int, bool) {
	tail := lay.Tail
	best := -1
	for _, name := range []string{"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"} {
		if t, ok := nextTag(tail, name, 0, len(tail)); ok && (best < 0 || t.start < best) {
			best = t.start
		}
	}
	if best < 0 {
		best = bytes.LastIndex(tail, []byte("</worksheet>"))
		if best < 0 {
			return 0, false
		}
	}
	return int(lay.TailAt) + best, true
}
