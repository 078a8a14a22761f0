package read

// This file reads a worksheet's rows, raw, straight from the sheet's stored
// XML: the fast way under streamRows for the TA bill's long tables.
// excelize's Rows iterator decodes every cell through encoding/xml, which
// costs about 20 kB of garbage and 40 µs a row; a TA bill of 50,000 rows
// spent more on that than on everything else together. The scanner here
// gives the same cells as Rows(...).Columns(Options{RawCellValue: true}) for
// the XML that Excel, LibreOffice and excelize write, and hands back to the
// Rows iterator, at the row it stopped, on anything else (prefixed element
// names, comments, CDATA, rich inline text, cells without references, …).

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/xlsxpart"
)

// errRawRows says the scanner cannot go on; rows before the one it names
// have been delivered.
var errRawRows = errors.New("read: sheet needs the Rows iterator")

// storedSheet returns the sheet's XML as stored, when excelize holds it
// undecoded in memory (not decoded into structs, not spilled to a
// temporary file).
func storedSheet(f *excelize.File, sheet string) ([]byte, bool) {
	part := xlsxpart.SheetPart(f, sheet)
	if part == "" {
		return nil, false
	}
	return xlsxpart.Stored(f, part)
}

// rawRowScanner walks the rows of one stored sheet.
type rawRowScanner struct {
	f    *excelize.File
	data []byte
	pos  int // where the next <row is looked for
	end  int // the offset of </sheetData>
	last int // the last row number delivered
	buf  []byte
	offs []int
	// transient: cells are handed out in buffers reused from row to row
	// (valid only during the callback) instead of fresh ones.
	transient bool
	row       []string
}

// newRawRowScanner returns a scanner over data, or false when the sheet is
// not one it reads.
func newRawRowScanner(f *excelize.File, data []byte) (*rawRowScanner, bool) {
	// Comments and CDATA sections are not looked for here (a search of
	// the whole sheet for "<!--" stops at every tag): one between rows or
	// cells, or in a value, makes the scan hand over (see scan, cells and
	// plainText).
	root := afterXMLProlog(data)
	if !bytes.HasPrefix(root, []byte("<worksheet")) {
		return nil, false
	}
	if !utf8Prolog(data) {
		return nil, false
	}
	start := bytes.Index(data, []byte("<sheetData"))
	if start < 0 || start+len("<sheetData") >= len(data) {
		return nil, false
	}
	if c := data[start+len("<sheetData")]; !isXMLSpace(c) && c != '>' && c != '/' {
		return nil, false
	}
	// a "<sheetData" inside a comment or CDATA section before the real one
	if bytes.Contains(data[:start], []byte("<!--")) || bytes.Contains(data[:start], []byte("<![CDATA[")) {
		return nil, false
	}
	gt := bytes.IndexByte(data[start:], '>')
	if gt < 0 {
		return nil, false
	}
	s := &rawRowScanner{f: f, data: data}
	if data[start+gt-1] == '/' { // <sheetData/>
		s.pos, s.end = start+gt+1, start+gt+1
		return s, true
	}
	s.pos = start + gt + 1
	e := bytes.Index(data[s.pos:], []byte("</sheetData>"))
	if e < 0 {
		return nil, false
	}
	s.end = s.pos + e
	return s, true
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

// scan calls fn for every row from the scanner's position on, row numbers
// without a <row> element included (with no cells), as streamRows does. It
// returns errRawRows, with s.last the last row delivered, when it meets XML
// it does not read; fn's false stops it with a nil error.
func (s *rawRowScanner) scan(fn func(row int, cells []string) bool) error {
	for {
		i := bytes.Index(s.data[s.pos:s.end], []byte("<row"))
		if i < 0 {
			// nothing but whitespace may be left
			if len(bytes.TrimSpace(s.data[s.pos:s.end])) != 0 {
				return errRawRows
			}
			return nil
		}
		start := s.pos + i
		if len(bytes.TrimSpace(s.data[s.pos:start])) != 0 {
			return errRawRows
		}
		gt := bytes.IndexByte(s.data[start:s.end], '>')
		if gt < 0 {
			return errRawRows
		}
		tag := s.data[start : start+gt+1]
		if len(tag) < 5 || !isXMLSpace(tag[4]) && tag[4] != '>' && tag[4] != '/' {
			return errRawRows
		}
		rv, found, ok := attr(tag, "r")
		if !found || !ok {
			return errRawRows
		}
		row, ok := digitsValue(rv)
		if !ok || row <= s.last || row > excelize.TotalRows {
			return errRawRows
		}
		var body []byte
		next := start + gt + 1
		if tag[len(tag)-2] != '/' {
			e := bytes.Index(s.data[next:s.end], []byte("</row>"))
			if e < 0 {
				return errRawRows
			}
			body = s.data[next : next+e]
			next += e + len("</row>")
		}
		cells, ok := s.cells(body)
		if !ok {
			return errRawRows
		}
		for s.last+1 < row {
			s.last++
			if !fn(s.last, nil) {
				return nil
			}
		}
		s.pos = next
		s.last = row
		if !fn(row, cells) {
			return nil
		}
	}
}

// cells reads one row's cells, raw: index c is column c+1; a cell is there
// when it has a value or a formula, as excelize's Columns gives it.
func (s *rawRowScanner) cells(body []byte) ([]string, bool) {
	s.buf, s.offs = s.buf[:0], s.offs[:0]
	ncols := 0
	pos := 0
	for {
		body2 := body[pos:]
		i := bytes.IndexByte(body2, '<')
		if i < 0 {
			if len(bytes.TrimSpace(body2)) != 0 {
				return nil, false
			}
			break
		}
		if len(bytes.TrimSpace(body2[:i])) != 0 {
			return nil, false
		}
		at := pos + i
		if at+2 >= len(body) || body[at+1] != 'c' || !isXMLSpace(body[at+2]) && body[at+2] != '>' && body[at+2] != '/' {
			// extLst or anything else inside a row
			return nil, false
		}
		gt := bytes.IndexByte(body[at:], '>')
		if gt < 0 {
			return nil, false
		}
		tag := body[at : at+gt+1]
		ref, typ, st, found, ok := cellAttrs(tag)
		if !found || !ok {
			return nil, false
		}
		col, ok := refColumn(ref)
		if !ok || col <= ncols {
			return nil, false
		}
		// excelize reads no value from a cell whose style is not a
		// number
		if st != nil && !isInt(st) {
			return nil, false
		}
		pos = at + gt + 1
		if tag[len(tag)-2] == '/' {
			continue // no value, no formula
		}
		e := bytes.Index(body[pos:], []byte("</c>"))
		if e < 0 {
			return nil, false
		}
		inner := body[pos : pos+e]
		pos += e + len("</c>")
		val, shared, formula, ok := s.cellValue(typ, inner)
		if !ok {
			return nil, false
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
	if ncols == 0 {
		return nil, true
	}
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
	return cells, true
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
		v, found, ok := elementText(inner, "v")
		if !ok {
			return nil, "", false, false
		}
		if !found || len(v) == 0 {
			return nil, "", formula, true
		}
		v, ok = plainText(v)
		return v, "", formula, ok
	case "s":
		v, found, ok := elementText(inner, "v")
		if !ok {
			return nil, "", false, false
		}
		if !found || len(bytes.TrimSpace(v)) == 0 {
			return nil, "", formula, true
		}
		n, ok := digitsValue(bytes.TrimSpace(v)) // refuses markup too
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
			v, found, ok := elementText(inner, "v")
			if !ok {
				return nil, "", false, false
			}
			if !found || len(v) == 0 {
				return nil, "", formula, true
			}
			v, ok = plainText(v)
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

// hasElement reports whether inner holds an element named name.
func hasElement(inner []byte, name string) bool {
	for i := 0; ; {
		j := bytes.Index(inner[i:], []byte("<"+name))
		if j < 0 {
			return false
		}
		k := i + j + 1 + len(name)
		if k < len(inner) && (isXMLSpace(inner[k]) || inner[k] == '>' || inner[k] == '/') {
			return true
		}
		i = k
	}
}

// elementText returns the text of the first element named name in inner;
// found is false when there is none, ok false when it is not well formed
// as expected.
func elementText(inner []byte, name string) (text []byte, found, ok bool) {
	for i := 0; ; {
		j := bytes.Index(inner[i:], []byte("<"+name))
		if j < 0 {
			return nil, false, true
		}
		k := i + j + 1 + len(name)
		if k >= len(inner) {
			return nil, false, false
		}
		if c := inner[k]; !isXMLSpace(c) && c != '>' && c != '/' {
			i = k
			continue
		}
		gt := bytes.IndexByte(inner[k:], '>')
		if gt < 0 {
			return nil, false, false
		}
		open := k + gt + 1
		if inner[open-2] == '/' {
			return nil, true, true
		}
		e := bytes.Index(inner[open:], []byte("</"+name+">"))
		if e < 0 {
			return nil, false, false
		}
		return inner[open : open+e], true, true
	}
}

// plainText is an element's text content with its entities resolved; it
// refuses markup inside (a comment, a CDATA section, a child element).
func plainText(v []byte) ([]byte, bool) {
	if bytes.IndexByte(v, '<') >= 0 {
		return nil, false
	}
	return unescapeXML(v)
}

// unescapeXML resolves the five entities and character references; it
// refuses a carriage return (encoding/xml rewrites line ends) and anything
// it does not know.
func unescapeXML(v []byte) ([]byte, bool) {
	if bytes.IndexByte(v, '\r') >= 0 {
		return nil, false
	}
	if bytes.IndexByte(v, '&') < 0 {
		return v, true
	}
	out := make([]byte, 0, len(v))
	for len(v) > 0 {
		i := bytes.IndexByte(v, '&')
		if i < 0 {
			out = append(out, v...)
			break
		}
		out = append(out, v[:i]...)
		v = v[i:]
		semi := bytes.IndexByte(v, ';')
		if semi < 0 {
			return nil, false
		}
		ent := string(v[1:semi])
		v = v[semi+1:]
		switch ent {
		case "amp":
			out = append(out, '&')
		case "lt":
			out = append(out, '<')
		case "gt":
			out = append(out, '>')
		case "quot":
			out = append(out, '"')
		case "apos":
			out = append(out, '\'')
		default:
			if !strings.HasPrefix(ent, "#") {
				return nil, false
			}
			var n uint64
			var err error
			if strings.HasPrefix(ent, "#x") {
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			} else {
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			}
			if err != nil || n == 0 || n == '\r' {
				return nil, false
			}
			out = append(out, string(rune(n))...)
		}
	}
	return out, true
}

// isInt reports whether b is an integer as strconv.ParseInt reads it.
func isInt(b []byte) bool {
	_, err := strconv.ParseInt(string(b), 10, 64)
	return err == nil
}

func isXMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// attr returns the value of attribute name in a start tag ("<c r=\"A1\">"),
// walking every attribute as encoding/xml would. ok is false when the tag
// is not read here: an attribute not well formed (a '>' inside a quoted
// value cuts the tag short and leaves its quote open), a value with an
// entity, name given twice, or given with a prefix (excelize matches
// attributes by local name, so "x:t" or "xmlns:r" would count as t or r).
func attr(tag []byte, name string) (val []byte, found, ok bool) {
	i, end := attrsSpan(tag)
	for {
		n, v, next, done, ok := nextAttr(tag, i, end)
		if !ok {
			return nil, false, false
		}
		if done {
			return val, found, true
		}
		i = next
		switch attrMatch(n, v, name) {
		case matchNo:
		case matchYes:
			if found {
				return nil, false, false
			}
			val, found = v, true
		default:
			return nil, false, false
		}
	}
}

// cellAttrs is attr for a cell's r, t and s at once (one walk through the
// tag, which is most of what a cell costs).
func cellAttrs(tag []byte) (r, t, s []byte, hasR, ok bool) {
	i, end := attrsSpan(tag)
	var hasT, hasS bool
	for {
		n, v, next, done, ok := nextAttr(tag, i, end)
		if !ok {
			return nil, nil, nil, false, false
		}
		if done {
			return r, t, s, hasR, true
		}
		i = next
		local, prefixed := n, false
		if c := bytes.LastIndexByte(n, ':'); c >= 0 {
			local, prefixed = n[c+1:], true
		}
		if len(local) != 1 {
			continue
		}
		var dst *[]byte
		var seen *bool
		switch local[0] {
		case 'r':
			dst, seen = &r, &hasR
		case 't':
			dst, seen = &t, &hasT
		case 's':
			dst, seen = &s, &hasS
		default:
			continue
		}
		if *seen || prefixed || bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '<') >= 0 {
			return nil, nil, nil, false, false
		}
		*dst, *seen = v, true
	}
}

// attrsSpan returns where a start tag's attributes are: tag[i:end], after
// the element name and before ">" or "/>".
func attrsSpan(tag []byte) (i, end int) {
	end = len(tag) - 1
	if end > 0 && tag[end-1] == '/' {
		end--
	}
	i = 1
	for i < end && !isXMLSpace(tag[i]) {
		i++
	}
	return i, end
}

// nextAttr reads the attribute at or after tag[i] (before end): its name
// and value and where the next one may start; done when there is none
// left, ok false when it is not well formed.
func nextAttr(tag []byte, i, end int) (name, val []byte, next int, done, ok bool) {
	for i < end && isXMLSpace(tag[i]) {
		i++
	}
	if i >= end {
		return nil, nil, end, true, true
	}
	start := i
	for i < end && tag[i] != '=' && !isXMLSpace(tag[i]) {
		switch tag[i] {
		case '"', '\'', '<', '>', '/':
			return nil, nil, 0, false, false
		}
		i++
	}
	name = tag[start:i]
	for i < end && isXMLSpace(tag[i]) {
		i++
	}
	if len(name) == 0 || i >= end || tag[i] != '=' {
		return nil, nil, 0, false, false
	}
	i++
	for i < end && isXMLSpace(tag[i]) {
		i++
	}
	if i >= end || tag[i] != '"' && tag[i] != '\'' {
		return nil, nil, 0, false, false
	}
	e := bytes.IndexByte(tag[i+1:end], tag[i])
	if e < 0 {
		return nil, nil, 0, false, false
	}
	val = tag[i+1 : i+1+e]
	i += e + 2
	if i < end && !isXMLSpace(tag[i]) {
		return nil, nil, 0, false, false // name="a"b="c"
	}
	return name, val, i, false, true
}

type attrMatchKind int

const (
	matchNo      attrMatchKind = iota // another attribute
	matchYes                          // the attribute, readable
	matchRefused                      // the attribute's local name, prefixed, or a value with an entity
)

// attrMatch tells whether attribute n="v" is the one named want.
func attrMatch(n, v []byte, want string) attrMatchKind {
	local := n
	if c := bytes.LastIndexByte(n, ':'); c >= 0 {
		local = n[c+1:]
	}
	if string(local) != want {
		return matchNo
	}
	if len(local) != len(n) || bytes.IndexByte(v, '&') >= 0 || bytes.IndexByte(v, '<') >= 0 {
		return matchRefused
	}
	return matchYes
}

// refColumn reads the column number of a cell reference ("AB12" → 28).
func refColumn(ref []byte) (int, bool) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case c >= 'A' && c <= 'Z':
			col = col*26 + int(c-'A'+1)
		case c >= 'a' && c <= 'z':
			col = col*26 + int(c-'a'+1)
		default:
			goto digits
		}
		if col > excelize.MaxColumns {
			return 0, false
		}
	}
digits:
	if i == 0 || i == len(ref) {
		return 0, false
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return 0, false
		}
	}
	return col, true
}

// valueRows counts the rows of a stored sheet that hold a value (a <v> or
// an inline <t>): an upper bound on a table's rows, to size its slice once.
func valueRows(data []byte) int {
	n := 0
	for pos := 0; ; {
		i := bytes.Index(data[pos:], []byte("<row"))
		if i < 0 {
			return n
		}
		pos += i + len("<row")
		gt := bytes.IndexByte(data[pos:], '>')
		if gt < 0 {
			return n
		}
		if data[pos+gt-1] == '/' {
			pos += gt
			continue
		}
		pos += gt
		j := bytes.Index(data[pos:], []byte("</row>"))
		if j < 0 {
			return n
		}
		body := data[pos : pos+j]
		if bytes.Contains(body, []byte("</v>")) || bytes.Contains(body, []byte("</t>")) {
			n++
		}
		pos += j
	}
}

// digitsValue reads a non-negative decimal number of at most nine digits.
func digitsValue(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
