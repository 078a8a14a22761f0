package read

// This file is the reader of a worksheet's rows, the one way every form
// reader gets at a sheet's cells (streamRows, streamRowsTransient, topRows).
//
// Raw rows come from a scanner over the sheet's XML as stored: from memory
// when excelize holds the part, or inflated again from the submitted
// package, chunk by chunk, for a worksheet excelize left in a temporary
// file (one over 8 MB: see open.go and internal/xlsxpart), so that a long
// TA bill is never held whole. excelize's Rows iterator decodes every cell
// through encoding/xml, about 20 kB of garbage and 40 µs a row; the scanner
// gives the same cells as Rows(...).Columns(Options{RawCellValue: true})
// for the XML that Excel, LibreOffice and excelize write.
//
// Its one fallback is that Rows iterator: on anything it does not read
// exactly as excelize would (prefixed element names, comments, CDATA, rich
// inline text, cells without references, a date cell, a shared string
// excelize has not decoded, …), and for formatted rows, the scanner hands
// over to Rows at the row where it stopped; the rows before are not read
// twice. FuzzRawRows and the hostile-sheet tests hold the two to the same
// cells.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/xlsxpart"
)

// streamRows calls fn with every row of sheet in order (row is 1-based;
// cells is excelize's Columns for that row, raw when raw is set, and is
// empty for a row with no cells) until fn returns false. It reads the sheet
// without holding the sheet in memory: raw rows with the scanner, where
// it can, and from the row where it stops (and for formatted rows) with
// excelize's Rows iterator.
//
// What the sender hid is not handed out: a hidden row comes with no
// cells, and the cells of hidden columns are blank (hidden.go). seen, when
// not nil, gathers the hidden rows and columns that hold values.
func streamRows(ctx context.Context, f *excelize.File, sheet string, raw bool, seen *hiddenSeen, fn func(row int, cells []string) bool) error {
	return streamSheet(ctx, f, sheet, raw, false, seen, fn)
}

// streamRowsTransient is streamRows, raw, for a callback that keeps
// neither the cells slice nor its strings beyond the call (it copies what
// it keeps): the scanner then reuses one buffer for every row, and a long
// table costs no garbage for its cells.
func streamRowsTransient(ctx context.Context, f *excelize.File, sheet string, seen *hiddenSeen, fn func(row int, cells []string) bool) error {
	return streamSheet(ctx, f, sheet, true, true, seen, fn)
}

func streamSheet(ctx context.Context, f *excelize.File, sheet string, raw, transient bool, seen *hiddenSeen, fn func(row int, cells []string) bool) error {
	view := newSheetView(f, sheet, seen)
	skip := 0 // rows already delivered by the scanner
	if raw && rawScanEnabled {
		if s, ok := sheetScanner(f, sheet); ok {
			s.transient = transient
			stopped := false
			err := s.scan(func(row int, cells []string) bool {
				if row&1023 == 0 && ctx.Err() != nil {
					stopped = true
					return false
				}
				if !fn(row, view.shown(row, cells, s.hidden)) {
					stopped = true
					return false
				}
				return true
			})
			if stopped {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("read: sheet %q: %w", sheet, err)
				}
				return nil
			}
			if err == nil {
				return nil
			}
			skip = s.last
		}
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read: sheet %q: %w", sheet, err)
	}
	opt := excelize.Options{RawCellValue: raw}
	n := 0
	for rows.Next() {
		n++
		if n <= skip {
			continue
		}
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				_ = rows.Close()
				return fmt.Errorf("read: sheet %q: %w", sheet, err)
			}
		}
		cells, err := rows.Columns(opt)
		if err != nil {
			_ = rows.Close()
			return fmt.Errorf("read: sheet %q row %d: %w", sheet, n, err)
		}
		if !fn(n, view.shown(n, cells, rows.GetRowOpts().Hidden)) {
			break
		}
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("read: sheet %q: %w", sheet, err)
	}
	return nil
}

// rawScanEnabled lets tests force the Rows iterator.
var rawScanEnabled = true

// topRows reads the first n rows of sheet, formatted (as the sender sees
// them) or raw.
func topRows(ctx context.Context, f *excelize.File, sheet string, n int, raw bool) ([][]string, error) {
	var out [][]string
	err := streamRows(ctx, f, sheet, raw, nil, func(row int, cells []string) bool {
		out = append(out, cells)
		return row < n
	})
	return out, err
}

// errRawRows says the scanner cannot go on; rows before the one it names
// have been delivered.
var errRawRows = errors.New("read: sheet needs the Rows iterator")

// storedSheet returns the sheet's XML as stored, when excelize holds it
// in memory undecoded.
func storedSheet(f *excelize.File, sheet string) ([]byte, bool) {
	part := xlsxpart.SheetPart(f, sheet)
	if part == "" {
		return nil, false
	}
	return xlsxpart.Stored(f, part)
}

// sheetValueRows is how many rows of a sheet hold a value, when the scanner
// can tell (a pass over the sheet; for a streamed one, once).
func sheetValueRows(f *excelize.File, sheet string) (int, bool) {
	sh, ok := xlsxpart.OpenSheet(f, xlsxpart.SheetPart(f, sheet))
	if !ok {
		return 0, false
	}
	l, err := sh.Layout()
	if err != nil {
		return 0, false
	}
	return l.ValueRows, true
}

// rawRowScanner walks the rows of one stored sheet, chunk by chunk.
type rawRowScanner struct {
	f      *excelize.File
	chunks *xlsxpart.RowChunks
	data   []byte // the chunk of rows being read
	pos    int    // where the next <row is looked for in data
	last   int    // the last row number delivered
	buf    []byte
	offs   []int
	// transient: cells are handed out in buffers reused from row to row
	// (valid only during the callback) instead of fresh ones.
	transient bool
	row       []string
	// hidden says the row being delivered is hidden.
	hidden bool
}

// sheetScanner returns a scanner over a sheet's stored XML, or false when
// it is not there to read or not a sheet the scanner reads.
func sheetScanner(f *excelize.File, sheet string) (*rawRowScanner, bool) {
	part := xlsxpart.SheetPart(f, sheet)
	if part == "" {
		return nil, false
	}
	sh, ok := xlsxpart.OpenSheet(f, part)
	if !ok {
		return nil, false
	}
	return newScanner(f, sh)
}

// newRawRowScanner returns a scanner over one sheet's XML, or false when
// it is not a sheet the scanner reads.
func newRawRowScanner(f *excelize.File, data []byte) (*rawRowScanner, bool) {
	sh, ok := xlsxpart.SheetOf(data)
	if !ok {
		return nil, false
	}
	return newScanner(f, sh)
}

func newScanner(f *excelize.File, sh *xlsxpart.Sheet) (*rawRowScanner, bool) {
	// Comments and CDATA sections are not looked for here (a search of
	// the whole sheet for "<!--" stops at every tag): one between rows or
	// cells, or in a value, makes the scan hand over (see scanChunk, cells
	// and plainText); one before the sheetData is refused by xlsxpart.
	head := sh.Head()
	if !bytes.HasPrefix(afterXMLProlog(head), []byte("<worksheet")) || !utf8Prolog(head) {
		return nil, false
	}
	return &rawRowScanner{f: f, chunks: sh.Rows()}, true
}

// utf8Prolog reports whether the XML declaration, if any, names no
// encoding other than UTF-8 (excelize decodes other encodings to UTF-8; the
// scanner hands out the stored bytes).
func utf8Prolog(data []byte) bool {
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return true
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return false
	}
	enc, found, ok := attr(append(bytes.Clone(data[:end]), '>'), "encoding")
	if !ok {
		return false
	}
	return !found || strings.EqualFold(string(enc), "utf-8") || strings.EqualFold(string(enc), "utf8")
}

// afterXMLProlog skips the XML declaration and leading whitespace.
func afterXMLProlog(data []byte) []byte {
	data = bytes.TrimSpace(data)
	if bytes.HasPrefix(data, []byte("<?")) {
		if i := bytes.Index(data, []byte("?>")); i >= 0 {
			data = bytes.TrimSpace(data[i+2:])
		}
	}
	return data
}

// scan calls fn for every row, row numbers without a <row> element
// included (with no cells), as streamRows does. It returns errRawRows, with
// s.last the last row delivered, when it meets XML it does not read; fn's
// false stops it with a nil error.
func (s *rawRowScanner) scan(fn func(row int, cells []string) bool) error {
	defer s.chunks.Close()
	for {
		chunk, _, ok := s.chunks.Next()
		if !ok {
			if s.chunks.Err() != nil {
				return errRawRows
			}
			return nil
		}
		s.data, s.pos = chunk, 0
		if stop, err := s.scanChunk(fn); stop || err != nil {
			return err
		}
	}
}

// scanChunk calls fn for the rows of one chunk; stop reports that fn
// stopped the scan.
func (s *rawRowScanner) scanChunk(fn func(row int, cells []string) bool) (stop bool, err error) {
	for {
		rest := s.data[s.pos:]
		i := bytes.Index(rest, []byte("<row"))
		if i < 0 {
			// nothing but whitespace may be left
			if len(bytes.TrimSpace(rest)) != 0 {
				return false, errRawRows
			}
			return false, nil
		}
		start := s.pos + i
		if len(bytes.TrimSpace(rest[:i])) != 0 {
			return false, errRawRows
		}
		gt := bytes.IndexByte(s.data[start:], '>')
		if gt < 0 {
			return false, errRawRows
		}
		tag := s.data[start : start+gt+1]
		if len(tag) < 5 || !isXMLSpace(tag[4]) && tag[4] != '>' && tag[4] != '/' {
			return false, errRawRows
		}
		rv, found, ok := attr(tag, "r")
		if !found || !ok {
			return false, errRawRows
		}
		hv, hasHidden, ok := attr(tag, "hidden")
		if !ok {
			return false, errRawRows
		}
		hidden := false
		if hasHidden {
			hidden, _ = strconv.ParseBool(string(hv)) // as excelize reads it
		}
		row, ok := digitsValue(rv)
		if !ok || row <= s.last || row > excelize.TotalRows {
			return false, errRawRows
		}
		var body []byte
		next := start + gt + 1
		if tag[len(tag)-2] != '/' {
			e := xlsxpart.IndexRowEnd(s.data[next:])
			if e < 0 || next+e+len("</row>") > len(s.data) || s.data[next+e+len("</row")] != '>' {
				return false, errRawRows
			}
			body = s.data[next : next+e]
			next += e + len("</row>")
		}
		cells, ok := s.cells(body)
		if !ok {
			return false, errRawRows
		}
		s.hidden = false
		for s.last+1 < row {
			s.last++
			if !fn(s.last, nil) {
				return true, nil
			}
		}
		s.pos = next
		s.last = row
		s.hidden = hidden
		if !fn(row, cells) {
			return true, nil
		}
	}
}

// cells reads one row's cells, raw: index c is column c+1; a cell is there
// when it has a value or a formula, as excelize's Columns gives it.
func (s *rawRowScanner) cells(body []byte) ([]string, bool) {
	ncols, ok := s.scanCells(body)
	if !ok {
		return nil, false
	}
	if ncols == 0 {
		return nil, true
	}
	return s.rowStrings(ncols), true
}

// scanCells parses the <c> elements of one row's body into s.buf (the
// values, end to end) and s.offs (each column's start and end in s.buf,
// empty for a column skipped), and returns how many columns the row has.
// ok is false when the row holds anything this scanner cannot be sure to
// read as excelize would (markup other than plain cells, columns out of
// order, a style attribute that is not a number, a value in markup
// cellValue refuses).
func (s *rawRowScanner) scanCells(body []byte) (ncols int, ok bool) {
	s.buf, s.offs = s.buf[:0], s.offs[:0]
	pos := 0
	for {
		body2 := body[pos:]
		i := bytes.IndexByte(body2, '<')
		if i < 0 {
			if len(bytes.TrimSpace(body2)) != 0 {
				return 0, false
			}
			return ncols, true
		}
		if len(bytes.TrimSpace(body2[:i])) != 0 {
			return 0, false
		}
		at := pos + i
		if at+2 >= len(body) || body[at+1] != 'c' || !isXMLSpace(body[at+2]) && body[at+2] != '>' && body[at+2] != '/' {
			// extLst or anything else inside a row
			return 0, false
		}
		gt := bytes.IndexByte(body[at:], '>')
		if gt < 0 {
			return 0, false
		}
		tag := body[at : at+gt+1]
		ref, typ, st, found, ok := cellAttrs(tag)
		if !found || !ok {
			return 0, false
		}
		col, ok := refColumn(ref)
		if !ok || col <= ncols {
			return 0, false
		}
		// excelize reads no value from a cell whose style is not a
		// number
		if st != nil && !isInt(st) {
			return 0, false
		}
		pos = at + gt + 1
		if tag[len(tag)-2] == '/' {
			continue // no value, no formula
		}
		e := bytes.Index(body[pos:], []byte("</c>"))
		if e < 0 {
			return 0, false
		}
		inner := body[pos : pos+e]
		pos += e + len("</c>")
		val, shared, formula, ok := s.cellValue(typ, inner)
		if !ok {
			return 0, false
		}
		if val == nil && shared == "" && !formula {
			continue
		}
		for ncols < col-1 {
			s.offs = append(s.offs, len(s.buf), len(s.buf))
			ncols++
		}
		s.offs = append(s.offs, len(s.buf))
		s.buf = append(s.buf, val...)
		s.buf = append(s.buf, shared...)
		s.offs = append(s.offs, len(s.buf))
		ncols++
	}
}

// rowStrings cuts the ncols columns scanCells left in s.buf into strings:
// views of s.buf in s.row, reused by the next row, when the scanner is
// transient; else one fresh string for the row and a fresh slice.
func (s *rawRowScanner) rowStrings(ncols int) []string {
	var text string
	var cells []string
	if s.transient {
		text = unsafe.String(unsafe.SliceData(s.buf), len(s.buf))
		s.row = slices.Grow(s.row[:0], ncols)[:ncols]
		cells = s.row
	} else {
		text = string(s.buf)
		cells = make([]string, ncols)
	}
	for c := range cells {
		cells[c] = text[s.offs[2*c]:s.offs[2*c+1]]
	}
	return cells
}

// cellValue reads a cell's raw value from its content (between <c ...> and
// </c>): val, or for a shared string shared; neither for none. formula
// reports an <f> element.
func (s *rawRowScanner) cellValue(typ []byte, inner []byte) (val []byte, shared string, formula, ok bool) {
	if !plainCellMarkup(inner) {
		return nil, "", false, false
	}
	formula = hasElement(inner, "f")
	switch string(typ) {
	case "", "n", "str", "e", "b":
		v, ok := plainValue(inner)
		return v, "", formula, ok
	case "s":
		v, found, ok := elementText(inner, "v")
		if !ok {
			return nil, "", false, false
		}
		if !found || len(v) == 0 {
			return nil, "", formula, true
		}
		// excelize reads an index of blanks as 0 (Atoi fails, the error is
		// dropped): that and anything odd go to excelize.
		n, ok := digitsValue(bytes.TrimSpace(v)) // refuses markup and blanks too
		if !ok {
			return nil, "", false, false
		}
		text, ok := s.sharedString(n)
		return nil, text, formula, ok
	case "inlineStr":
		is, found, ok := elementText(inner, "is")
		if !ok {
			return nil, "", false, false
		}
		if !found {
			// no <is>: excelize reads the cell's <v>
			v, ok := plainValue(inner)
			return v, "", formula, ok
		}
		// plain <t> only: rich runs and phonetic text go to excelize
		if bytes.Contains(is, []byte("<r>")) || bytes.Contains(is, []byte("<r ")) || bytes.Contains(is, []byte("<rPh")) {
			return nil, "", false, false
		}
		t, found, ok := elementText(is, "t")
		if !ok || found && bytes.Contains(t, []byte("_x")) {
			return nil, "", false, false
		}
		if len(t) == 0 {
			return nil, "", formula, true
		}
		v, ok := plainText(t)
		return v, "", formula, ok
	}
	return nil, "", false, false // "d" and anything unknown
}

// plainValue is the text of a cell's <v>, entities resolved; nil for none
// or an empty one.
func plainValue(inner []byte) ([]byte, bool) {
	v, found, ok := elementText(inner, "v")
	if !ok || !found || len(v) == 0 {
		return nil, ok
	}
	return plainText(v)
}

// plainCellMarkup reports whether a cell's content is markup the scanner
// reads as excelize does: no comment, CDATA section or processing
// instruction, no prefixed element name (excelize matches elements by local
// name), no second <v>, <f>, <is> or <t> (excelize keeps the last, the
// scanner would take the first), and no <c> or <row> (an end tag with
// spaces, "</c >", would let the cell run on into the next one).
func plainCellMarkup(inner []byte) bool {
	var v, f, is, t int
	for i := 0; ; {
		j := bytes.IndexByte(inner[i:], '<')
		if j < 0 {
			return true
		}
		i += j + 1
		if i >= len(inner) {
			return false
		}
		if inner[i] == '/' {
			i++
		}
		k := i
		for k < len(inner) && !isXMLSpace(inner[k]) && inner[k] != '>' && inner[k] != '/' {
			k++
		}
		switch name := inner[i:k]; string(name) {
		case "v":
			v++
		case "f":
			f++
		case "is":
			is++
		case "t":
			t++
		case "c", "row", "":
			return false
		default:
			if name[0] == '!' || name[0] == '?' || bytes.IndexByte(name, ':') >= 0 {
				return false
			}
		}
		if v > 2 || f > 2 || is > 2 || t > 2 {
			return false
		}
	}
}

// sharedString returns shared string n as excelize gives it.
func (s *rawRowScanner) sharedString(n int) (string, bool) {
	return xlsxpart.SharedString(s.f, n)
}
