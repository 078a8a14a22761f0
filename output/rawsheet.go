package output

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"path"
	"regexp"
	"slices"
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
// legacyDrawing element, and new notes and VML parts. Every other byte of
// the sheet is left as it came. Sheets it cannot edit this way (already
// decoded, already carrying notes or controls, unusual XML) go through
// excelize instead (markSheet).

// errNotRaw says a sheet must be marked through excelize instead.
var errNotRaw = errors.New("output: sheet needs the excelize path")

// rawEditsEnabled lets tests force the excelize path.
var rawEditsEnabled = true

const (
	nsRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relTypeComments = nsRelationships + "/comments"
	relTypeVML      = nsRelationships + "/vmlDrawing"
	ctComments      = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	ctVML           = "application/vnd.openxmlformats-officedocument.vmlDrawing"
)

// xmlTag is one start tag found in the raw XML.
type xmlTag struct {
	start, end int // data[start:end] is the tag, "<c ...>" or "<c .../>"
	selfClose  bool
	attrs      tagAttrs
}

// tagAttrs is the attribute text of a start tag, read on demand: a sheet
// of 50,000 rows is walked tag by tag, and a map per tag was most of what
// marking it cost.
type tagAttrs []byte

// get returns attribute name's value (either quote), or "".
func (a tagAttrs) get(name string) string {
	v, _ := a.each(func(n, _ []byte) bool { return string(n) == name })
	return v
}

// prefixed reports whether the tag has an attribute with a prefix whose
// local name is one of names ("x:s"): excelize reads attributes by local
// name, so it would take it for s.
func (a tagAttrs) prefixed(names ...string) bool {
	_, found := a.each(func(n, _ []byte) bool {
		i := bytes.LastIndexByte(n, ':')
		return i >= 0 && slices.Contains(names, string(n[i+1:]))
	})
	return found
}

// count returns how many attributes the tag has.
func (a tagAttrs) count() int {
	n := 0
	a.each(func(_, _ []byte) bool { n++; return false })
	return n
}

// each calls fn with every name="value" pair (either quote) until fn
// returns true, and returns that pair's value.
func (a tagAttrs) each(fn func(name, value []byte) bool) (string, bool) {
	s := []byte(a)
	for {
		eq := bytes.IndexByte(s, '=')
		if eq < 0 {
			return "", false
		}
		name := bytes.TrimSpace(s[:eq])
		rest := bytes.TrimLeft(s[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		if fn(name, rest[1:end+1]) {
			return string(rest[1 : end+1]), true
		}
		s = rest[end+2:]
	}
}

// nextTag finds the next start tag named name at or after from and before
// limit, skipping tags whose name only begins with name (<c> vs <col>).
func nextTag(data []byte, name string, from, limit int) (xmlTag, bool) {
	open := []byte("<" + name)
	for from < limit {
		i := bytes.Index(data[from:limit], open)
		if i < 0 {
			return xmlTag{}, false
		}
		i += from
		j := i + len(open)
		if j >= limit {
			return xmlTag{}, false
		}
		if c := data[j]; c != ' ' && c != '>' && c != '/' && c != '\t' && c != '\n' && c != '\r' {
			from = j
			continue
		}
		k, ok := tagEnd(data, j, limit)
		if !ok {
			return xmlTag{}, false
		}
		t := xmlTag{start: i, end: k, selfClose: data[k-2] == '/'}
		t.attrs = tagAttrs(data[j : k-1])
		return t, true
	}
	return xmlTag{}, false
}

// tagEnd returns the offset just past the '>' that closes the tag whose
// attributes start at from, skipping quoted attribute values (XML allows
// '>' inside them).
func tagEnd(data []byte, from, limit int) (int, bool) {
	for k := from; k < limit; {
		m := bytes.IndexAny(data[k:limit], `>"'`)
		if m < 0 {
			return 0, false
		}
		k += m
		if data[k] == '>' {
			return k + 1, true
		}
		e := bytes.IndexByte(data[k+1:limit], data[k])
		if e < 0 {
			return 0, false
		}
		k += 1 + e + 1
	}
	return 0, false
}

// edit replaces data[at:end] with text.
type edit struct {
	at, end int
	text    string
}

// applyEdits applies non-overlapping edits to data and returns the result.
// It edits data in place when it can (data is a part's own buffer, held
// by nobody but the package): front to back when every prefix of the
// edits shrinks the text, back to front when every prefix grows it and the
// growth fits data's spare capacity. Otherwise it copies. A sheet
// of tens of megabytes is then not copied once more for each edit pass.
func applyEdits(data []byte, edits []edit) []byte {
	slices.SortStableFunc(edits, func(a, b edit) int { return a.at - b.at })
	if out, ok := applyEditsInPlace(data, edits); ok {
		return out
	}
	var out bytes.Buffer
	out.Grow(len(data) + 256*len(edits))
	last := 0
	for _, e := range edits {
		out.Write(data[last:e.at])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(data[last:])
	return out.Bytes()
}

// applyEditsInPlace applies sorted, non-overlapping edits to data in its
// own buffer when no byte is overwritten before it is moved.
func applyEditsInPlace(data []byte, edits []edit) ([]byte, bool) {
	if len(edits) == 0 {
		return data, true
	}
	last, grow, shrinking := 0, 0, true
	for _, e := range edits {
		if e.at < last || e.end < e.at || e.end > len(data) {
			return nil, false // overlapping or out of range: copy
		}
		last = e.end
		grow += len(e.text) - (e.end - e.at)
		shrinking = shrinking && grow <= 0
	}
	if shrinking {
		w, r := 0, 0
		for _, e := range edits {
			w += copy(data[w:], data[r:e.at])
			w += copy(data[w:], e.text)
			r = e.end
		}
		w += copy(data[w:], data[r:])
		return data[:w], true
	}
	if grow > cap(data)-len(data) {
		return nil, false
	}
	// back to front: nothing is written over text not yet moved while
	// every prefix of the edits grows the text (or leaves it as long).
	prefix := 0
	for _, e := range edits {
		prefix += len(e.text) - (e.end - e.at)
		if prefix < 0 {
			return nil, false
		}
	}
	out := data[:len(data)+grow]
	w, r := len(out), len(data)
	for i := len(edits) - 1; i >= 0; i-- {
		e := edits[i]
		w -= r - e.end
		copy(out[w:], data[e.end:r])
		w -= len(e.text)
		copy(out[w:], e.text)
		r = e.at
	}
	return out, true
}

// withStyle rewrites a cell's start tag with style s: its s attribute
// (however spaced or quoted) replaced, or one added.
func withStyle(tag []byte, s int) string {
	t := string(tag)
	re := ` s="` + strconv.Itoa(s) + `"`
	if loc := styleAttr.FindStringIndex(t); loc != nil {
		return t[:loc[0]] + re + t[loc[1]:]
	}
	if strings.HasSuffix(t, "/>") {
		return t[:len(t)-2] + re + "/>"
	}
	return t[:len(t)-1] + re + ">"
}

var styleAttr = regexp.MustCompile(`\s+s\s*=\s*("[^"]*"|'[^']*')`)

// sheetDataContent returns where a worksheet's rows are: data[from:to] is
// the content of its sheetData (empty for <sheetData/>); ok is false when
// it has none. Every other element of a worksheet lies before from or
// after to, and a search for one there spares a walk through tens of
// megabytes of cells (XML text being '<'-dense, bytes.Index steps through
// every tag).
func sheetDataContent(data []byte) (from, to int, ok bool) {
	t, ok := nextTag(data, "sheetData", 0, len(data))
	if !ok {
		return len(data), len(data), false
	}
	if t.selfClose {
		return t.end, t.end, true
	}
	i := bytes.LastIndex(data, []byte("</sheetData>"))
	if i < t.end {
		return len(data), len(data), false
	}
	return t.end, i, true
}

// colStyles reads the sheet's <cols>: column number → style.
func colStyles(data []byte) map[int]int {
	out := map[int]int{}
	from, _, _ := sheetDataContent(data)
	start := bytes.Index(data[:from], []byte("<cols>"))
	if start < 0 {
		return out
	}
	end := bytes.Index(data[start:], []byte("</cols>"))
	if end < 0 {
		return out
	}
	end += start
	for pos := start; ; {
		t, ok := nextTag(data, "col", pos, end)
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

// rawEligible reports whether a sheet's stored XML can be edited in place:
// excelize has not decoded it and it has no notes or controls yet.
func rawEligible(f *excelize.File, part string) bool {
	if part == "" {
		return false
	}
	data, ok := xlsxpart.Stored(f, part)
	root := afterProlog(data)
	if !ok || !bytes.HasPrefix(root, []byte("<worksheet")) ||
		bytes.Contains(root[:min(len(root), 2048)], []byte("purl.oclc.org/ooxml")) { // Strict OOXML
		return false
	}
	from, to, _ := sheetDataContent(data)
	if bytes.Contains(data[:from], []byte("<legacyDrawing")) || bytes.Contains(data[to:], []byte("<legacyDrawing")) {
		return false
	}
	// A comment, CDATA section or processing instruction can hold text
	// that looks like rows and cells ("<!-- <row r=\"3\"> -->"), and one
	// before sheetData a "<sheetData" of its own: the tag walk would edit
	// inside it.
	if bytes.Contains(data, []byte("<!--")) || bytes.Contains(data[from:to], []byte("<![CDATA[")) || bytes.Contains(data[from:to], []byte("<?")) {
		return false
	}
	return !xlsxpart.Decoded(f, relsPart(part))
}

// rawMergeRanges reads the merged ranges ("B10:C10") of a stored sheet.
func rawMergeRanges(f *excelize.File, part string) []string {
	data, ok := xlsxpart.Stored(f, part)
	if !ok {
		return nil
	}
	var out []string
	_, to, _ := sheetDataContent(data)
	for pos := to; ; {
		t, ok := nextTag(data, "mergeCell", pos, len(data))
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
	if !rawEligible(f, part) {
		return errNotRaw
	}
	data, _ := xlsxpart.Stored(f, part)
	relsPath := relsPart(part)
	sdTag, ok := nextTag(data, "sheetData", 0, len(data))
	if !ok {
		return errNotRaw
	}
	_, sdEnd, ok := sheetDataContent(data) // the end tag, or the self-closed tag's end
	if !ok {
		return errNotRaw
	}

	// The cells to fill, by row, with the severity of each.
	want := map[int]map[int]stpclaims.Severity{}
	for _, t := range targets {
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
	var cols map[int]int
	colStyle := func(c int) int {
		if cols == nil {
			cols = colStyles(data)
		}
		return cols[c]
	}
	var edits []edit
	newCell := func(row, col, style int, sev stpclaims.Severity) (string, error) {
		id, err := fills.styleFor(style, sev)
		if err != nil {
			return "", err
		}
		name, _ := excelize.CoordinatesToCellName(col, row)
		return `<c r="` + name + `" s="` + strconv.Itoa(id) + `"/>`, nil
	}
	newCells := func(row int, cs []int, rowStyle int, rowCustom bool) (string, error) {
		var b strings.Builder
		for _, c := range cs {
			st := colStyle(c)
			if rowCustom {
				st = rowStyle
			}
			s, err := newCell(row, c, st, want[row][c])
			if err != nil {
				return "", err
			}
			b.WriteString(s)
		}
		return b.String(), nil
	}
	done := map[int]bool{}
	wantRows := sortedKeys(want)
	nextWanted := 0 // wantRows[:nextWanted] are placed
	if !sdTag.selfClose {
		for pos := sdTag.end; pos < sdEnd && len(done) < len(wantRows); {
			rt, ok := nextTag(data, "row", pos, sdEnd)
			if !ok {
				break
			}
			rowNum, err := strconv.Atoi(rt.attrs.get("r"))
			if err != nil {
				return errNotRaw
			}
			rowEnd := rt.end // the offset of "</row>", or of the tag's end when self-closed
			if !rt.selfClose {
				// "</row" then '>': an end tag with spaces ("</row >")
				// would make this row run into the next
				i := bytes.Index(data[rt.end:sdEnd], []byte("</row"))
				if i < 0 || rt.end+i+len("</row") >= sdEnd || data[rt.end+i+len("</row")] != '>' {
					return errNotRaw
				}
				rowEnd = rt.end + i
			}
			pos = rowEnd
			// Rows not wanted that precede a wanted missing row get it
			// inserted before them.
			for ; nextWanted < len(wantRows) && wantRows[nextWanted] <= rowNum; nextWanted++ {
				missing := wantRows[nextWanted]
				if missing == rowNum || done[missing] {
					continue
				}
				s, err := newCells(missing, sortedKeys(want[missing]), 0, false)
				if err != nil {
					return err
				}
				edits = append(edits, edit{rt.start, rt.start, `<row r="` + strconv.Itoa(missing) + `">` + s + `</row>`})
				done[missing] = true
			}
			need, ok := want[rowNum]
			if !ok {
				continue
			}
			done[rowNum] = true
			if !plainRowBody(data[rt.end:rowEnd]) || rt.attrs.prefixed("r", "s", "customFormat", "spans") {
				return errNotRaw
			}
			rowStyle, _ := strconv.Atoi(rt.attrs.get("s"))
			rowCustom := rt.attrs.get("customFormat") == "1" || rt.attrs.get("customFormat") == "true"
			pending := sortedKeys(need)
			inserted := false
			if !rt.selfClose {
				for cpos := rt.end; cpos < rowEnd; {
					ct, ok := nextTag(data, "c", cpos, rowEnd)
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
						s, err := newCells(rowNum, before, rowStyle, rowCustom)
						if err != nil {
							return err
						}
						edits = append(edits, edit{ct.start, ct.start, s})
						inserted = true
					}
					sev, wanted := need[col]
					if !wanted {
						continue
					}
					if len(pending) > 0 && pending[0] == col {
						pending = pending[1:]
					}
					orig, _ := strconv.Atoi(ct.attrs.get("s"))
					id, err := fills.styleFor(orig, sev)
					if err != nil {
						return err
					}
					if id != orig {
						edits = append(edits, edit{ct.start, ct.end, withStyle(data[ct.start:ct.end], id)})
					}
				}
			}
			if len(pending) > 0 {
				s, err := newCells(rowNum, pending, rowStyle, rowCustom)
				if err != nil {
					return err
				}
				if rt.selfClose {
					open := spansAttr.ReplaceAllString(string(data[rt.start:rt.end-2]), "")
					edits = append(edits, edit{rt.start, rt.end, strings.TrimRight(open, " ") + ">" + s + "</row>"})
				} else {
					edits = append(edits, edit{rowEnd, rowEnd, s})
					inserted = true
				}
			}
			// A row given new cells loses its spans hint, which would no
			// longer cover them.
			if inserted && !rt.selfClose && rt.attrs.get("spans") != "" {
				edits = append(edits, edit{rt.start, rt.end, spansAttr.ReplaceAllString(string(data[rt.start:rt.end]), "")})
			}
		}
	}
	var tail strings.Builder
	for _, row := range wantRows {
		if done[row] {
			continue
		}
		s, err := newCells(row, sortedKeys(want[row]), 0, false)
		if err != nil {
			return err
		}
		tail.WriteString(`<row r="` + strconv.Itoa(row) + `">` + s + `</row>`)
	}
	if tail.Len() > 0 {
		if sdTag.selfClose {
			open := string(data[sdTag.start : sdTag.end-2])
			edits = append(edits, edit{sdTag.start, sdTag.end, strings.TrimRight(open, " ") + ">" + tail.String() + "</sheetData>"})
		} else {
			edits = append(edits, edit{sdEnd, sdEnd, tail.String()})
		}
	}

	// The notes: a comments part, its VML drawing, the sheet's relationships
	// to both, and the legacyDrawing element that shows them.
	n := xlsxpart.NextPartNumber(f, "xl/comments", ".xml")
	v := xlsxpart.NextPartNumber(f, "xl/drawings/vmlDrawing", ".vml")
	commentsPart := fmt.Sprintf("xl/comments%d.xml", n)
	vmlPart := fmt.Sprintf("xl/drawings/vmlDrawing%d.vml", v)
	rels, hadRels := xlsxpart.Stored(f, relsPath)
	if !hadRels {
		if xlsxpart.Has(f, relsPath) {
			return errNotRaw
		}
		rels = []byte(xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`)
	}
	vmlID, commentsID := freeRelID(rels, "rIdStpVml"), freeRelID(rels, "rIdStpNotes")
	closeRels := bytes.LastIndex(rels, []byte("</Relationships>"))
	if closeRels < 0 {
		return errNotRaw
	}
	relText := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="../drawings/vmlDrawing%d.vml"/><Relationship Id="%s" Type="%s" Target="../comments%d.xml"/>`,
		vmlID, relTypeVML, v, commentsID, relTypeComments, n)
	rels = applyEdits(rels, []edit{{closeRels, closeRels, relText}})
	at, ok := legacyDrawingAt(data, sdEnd)
	if !ok {
		return errNotRaw
	}
	edits = append(edits, edit{at, at, `<legacyDrawing xmlns:r="` + nsRelationships + `" r:id="` + vmlID + `"/>`})

	xlsxpart.Store(f, part, applyEdits(data, edits))
	xlsxpart.Store(f, relsPath, rels)
	xlsxpart.Store(f, commentsPart, commentsXML(targets))
	xlsxpart.Store(f, vmlPart, vmlXML(targets, v))
	if err := xlsxpart.AddContentTypes(f, "vml", ctVML, "/"+commentsPart, ctComments); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// plainRowBody reports whether a row's content has only unprefixed
// element names and well-formed end tags: a prefixed cell ("<x:c>") would
// be missed by the tag walk and given a twin, and "</c >" would hide the
// next cell.
func plainRowBody(body []byte) bool {
	for i := 0; ; {
		j := bytes.IndexByte(body[i:], '<')
		if j < 0 {
			return true
		}
		i += j + 1
		end := i < len(body) && body[i] == '/'
		if end {
			i++
		}
		k := i
		for k < len(body) && body[k] != '>' && body[k] != '/' && !isSpace(body[k]) {
			k++
		}
		if k == i || bytes.IndexByte(body[i:k], ':') >= 0 || end && (k >= len(body) || body[k] != '>') {
			return false
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// afterProlog skips the XML declaration and any leading comments or
// processing instructions.
func afterProlog(data []byte) []byte {
	for {
		data = bytes.TrimSpace(data)
		if bytes.HasPrefix(data, []byte("<?")) || bytes.HasPrefix(data, []byte("<!--")) {
			end := []byte("?>")
			if data[1] == '!' {
				end = []byte("-->")
			}
			i := bytes.Index(data, end)
			if i < 0 {
				return data
			}
			data = data[i+len(end):]
			continue
		}
		return data
	}
}

// legacyDrawingAt is where a legacyDrawing element belongs in a worksheet:
// before the first element the schema puts after it, else before the end.
// Only the part after from (the end of sheetData) is searched.
func legacyDrawingAt(data []byte, from int) (int, bool) {
	best := -1
	for _, name := range []string{"legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"} {
		if t, ok := nextTag(data, name, from, len(data)); ok && (best < 0 || t.start < best) {
			best = t.start
		}
	}
	if best >= 0 {
		return best, true
	}
	i := bytes.LastIndex(data, []byte("</worksheet>"))
	return i, i >= 0
}

func sortedKeys[V any](m map[int]V) []int {
	ks := make([]int, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// freeRelID is an Id not yet used in the relationships part.
func freeRelID(rels []byte, base string) string {
	id := base
	for i := 2; bytes.Contains(rels, []byte(`"`+id+`"`)); i++ {
		id = base + strconv.Itoa(i)
	}
	return id
}

func escapeXML(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// commentsXML is the comments part of a sheet's notes.
func commentsXML(targets []*target) []byte {
	var b strings.Builder
	b.WriteString(xml.Header)
	b.WriteString(`<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>` + commentAuthor + `</author></authors><commentList>`)
	for _, t := range targets {
		b.WriteString(`<comment ref="` + t.ref.cellName() + `" authorId="0"><text>`)
		b.WriteString(`<r><rPr><b/><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t>` + commentAuthor + `:</t></r>`)
		b.WriteString(`<r><rPr><sz val="9"/><color indexed="81"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">` + escapeXML("\n"+noteText(t.findings)) + `</t></r>`)
		b.WriteString(`</text></comment>`)
	}
	b.WriteString(`</commentList></comments>`)
	return []byte(b.String())
}

// vmlXML is the VML drawing that gives each note its box; n is the drawing's
// number, which keeps its shape ids apart from other drawings'.
func vmlXML(targets []*target, n int) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`+
		`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>`+
		`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`, n)
	for i, t := range targets {
		col, row := t.ref.Col-1, t.ref.Row-1 // zero-based
		lines := noteLines(noteText(t.findings))
		fmt.Fprintf(&b, `<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:0;margin-top:0;width:240pt;height:%dpt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`+
			`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/>`+
			`<v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`+
			`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 10, %d, 15, %d, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			n*1024+1+i, lines*10, i+1, col+1, max(row-1, 0), col+5, max(row-1, 0)+lines*2/3+1, row, col)
	}
	b.WriteString(`</xml>`)
	return []byte(b.String())
}

// noteLines estimates the lines a note's text takes in a box about 48
// characters wide, bounded to keep the box on screen.
func noteLines(text string) int {
	lines := 1
	for _, l := range strings.Split(text, "\n") {
		lines += 1 + len(l)/48
	}
	return min(max(lines, 4), 40)
}

// putFirst moves the sheet to the first position and makes it the active
// and only selected sheet (see xlsxpart.PutSheetFirst).
func putFirst(f *excelize.File, name string) error {
	if err := xlsxpart.PutSheetFirst(f, name); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	// Only the first sheet selected: several selected tabs would open as a
	// group, and typing would go into all of them.
	for sheet, part := range xlsxpart.SheetParts(f) {
		if err := setTabSelected(f, part, sheet == name); err != nil {
			return err
		}
	}
	return nil
}

var spansAttr = regexp.MustCompile(`\s+spans\s*=\s*("[^"]*"|'[^']*')`)

var tabSelectedAttr = regexp.MustCompile(`\s+tabSelected\s*=\s*("[^"]*"|'[^']*')`)

// setTabSelected marks a sheet's first view selected or not, in excelize's
// decoded sheet when it has decoded it, else in the stored XML.
func setTabSelected(f *excelize.File, part string, selected bool) error {
	if decoded, err := xlsxpart.SelectTab(f, part, selected); decoded || err != nil {
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		return nil
	}
	if selected {
		return fmt.Errorf("output: sheet part %s is not decoded; cannot select it", part)
	}
	data, ok := xlsxpart.Stored(f, part)
	if !ok {
		return nil
	}
	var edits []edit
	views, _, _ := sheetDataContent(data) // sheetViews come before the rows
	for pos := 0; ; {
		t, ok := nextTag(data, "sheetView", pos, views)
		if !ok {
			break
		}
		pos = t.end
		if sel := t.attrs.get("tabSelected"); sel == "1" || sel == "true" {
			edits = append(edits, edit{t.start, t.end, tabSelectedAttr.ReplaceAllString(string(data[t.start:t.end]), "")})
		}
	}
	if len(edits) > 0 {
		xlsxpart.Store(f, part, applyEdits(data, edits))
	}
	return nil
}

// relsPart is the relationships part of a part: xl/worksheets/_rels/sheet1.xml.rels.
func relsPart(part string) string {
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}
