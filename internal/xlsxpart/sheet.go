package xlsxpart

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Sheet is a worksheet part as stored, read in three pieces: its head, up
// to and including the sheetData start tag; its rows, in chunks of whole
// rows (Rows); and its tail, from the sheetData end tag on (Layout). A
// worksheet held in memory is one chunk; one read from the attached
// package (Attach) is inflated again for each pass over its rows and never
// held whole.
//
// The pieces are told apart by the first "<sheetData" in the part, which
// must be followed by a space, '>' or '/' and end at the first '>' with no
// quote in between, with no comment or CDATA section before it, and by the
// first "</sheetData>" after it. A chunk ends just after a "</row>" (or at
// the sheetData end tag), as found by a byte search, not by reading the
// XML: a reader of the chunks that meets markup it does not expect at a
// chunk's end must refuse the sheet rather than read across.
type Sheet struct {
	head      []byte
	tagAt     int // where the sheetData start tag begins in head
	selfClose bool
	data      []byte // the whole part, when held in memory
	bk        *book  // else the package it is read from
	part      string
}

// chunkBytes is how much of a streamed sheet is inflated at a time, and so
// the usual size of its chunks; SetChunkBytes changes it for tests.
var chunkBytes = 256 << 10

// maxHeadBytes bounds a streamed sheet's head: a worksheet's elements
// before its rows (views, columns, formats) are far smaller.
const maxHeadBytes = 4 << 20

// SetChunkBytes sets the size streamed sheets are read in, for tests that
// want chunk boundaries in small sheets; it returns the function that
// restores the size.
func SetChunkBytes(n int) (restore func()) {
	saved := chunkBytes
	chunkBytes = max(n, 16)
	return func() { chunkBytes = saved }
}

var (
	sheetDataOpen  = []byte("<sheetData")
	sheetDataClose = []byte("</sheetData>")
	rowClose       = []byte("</row>")
)

// OpenSheet returns a worksheet part to read in pieces: its stored bytes
// when excelize holds them in memory undecoded, else its entry in the
// attached package. ok is false when neither is there (excelize has decoded
// the part, or it is not a worksheet this package can tell the pieces of).
func OpenSheet(f *excelize.File, part string) (*Sheet, bool) {
	if data, ok := Stored(f, part); ok {
		return SheetOf(data)
	}
	b, zf, ok := source(f, part)
	if !ok {
		return nil, false
	}
	b.mu.Lock()
	sh, opened := b.sheets[part]
	b.mu.Unlock()
	if opened {
		return sh, sh != nil
	}
	sh = openStreamed(b, part, zf)
	b.mu.Lock()
	b.sheets[part] = sh
	b.mu.Unlock()
	return sh, sh != nil
}

// openStreamed reads a streamed worksheet's head; nil when it is not a
// sheet read in pieces.
func openStreamed(b *book, part string, zf *zip.File) *Sheet {
	r, err := zf.Open()
	if err != nil {
		return nil
	}
	defer r.Close()
	buf := make([]byte, 0, min(chunkBytes, maxHeadBytes))
	for {
		if len(buf) == cap(buf) {
			if len(buf) >= maxHeadBytes {
				return nil
			}
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		tagAt, end, selfClose, more := sheetDataStart(buf)
		if !more {
			if end < 0 {
				return nil
			}
			return &Sheet{head: bytes.Clone(buf[:end]), tagAt: tagAt, selfClose: selfClose, bk: b, part: part}
		}
		if err != nil {
			return nil // EOF or a broken entry before the rows
		}
	}
}

// SheetOf is the Sheet of a worksheet part's bytes.
func SheetOf(data []byte) (*Sheet, bool) {
	tagAt, end, selfClose, _ := sheetDataStart(data)
	if end < 0 {
		return nil, false
	}
	return &Sheet{head: data[:end], tagAt: tagAt, selfClose: selfClose, data: data}, true
}

// sheetDataStart finds the sheetData start tag in the first bytes of a
// part: end is the offset just past it, -1 when the part is not one read
// in pieces; more says the bytes end before it can be told.
func sheetDataStart(b []byte) (tagAt, end int, selfClose, more bool) {
	i := bytes.Index(b, sheetDataOpen)
	if i < 0 {
		return 0, -1, false, true
	}
	// a "<sheetData" inside a comment, a CDATA section, a directive
	// (<!x … >, which encoding/xml reads to its matching '>') or a
	// processing instruction: only the XML declaration may come before it
	if bytes.Contains(b[:i], []byte("<!")) || !onlyDeclaration(b[:i]) {
		return 0, -1, false, false
	}
	j := i + len(sheetDataOpen)
	if j >= len(b) {
		return 0, -1, false, true
	}
	if c := b[j]; !isSpace(c) && c != '>' && c != '/' {
		return 0, -1, false, false // <sheetDataX
	}
	gt := bytes.IndexByte(b[j:], '>')
	if gt < 0 {
		return 0, -1, false, true
	}
	tag := b[i : j+gt+1]
	if bytes.ContainsAny(tag, `"'`) {
		return 0, -1, false, false
	}
	return i, j + gt + 1, tag[len(tag)-2] == '/', false
}

// onlyDeclaration reports whether the processing instructions in head are
// at most one, ended ("?>") within head: the XML declaration.
func onlyDeclaration(head []byte) bool {
	switch bytes.Count(head, []byte("<?")) {
	case 0:
		return true
	case 1:
		k := bytes.Index(head, []byte("<?"))
		return bytes.Contains(head[k+2:], []byte("?>"))
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// Head is the part up to and including the sheetData start tag.
func (s *Sheet) Head() []byte { return s.head }

// SheetDataTag is where the sheetData start tag is in the head, and
// whether it is self-closed (<sheetData/>: no rows).
func (s *Sheet) SheetDataTag() (start, end int, selfClosed bool) {
	return s.tagAt, len(s.head), s.selfClose
}

// InMemory returns the whole part when excelize holds it in memory.
func (s *Sheet) InMemory() ([]byte, bool) { return s.data, s.data != nil }

// Layout is what a pass over a whole worksheet tells of it.
type Layout struct {
	// TailAt is the offset of the sheetData end tag, where the tail
	// begins (for <sheetData/>, the end of the head); the rows are
	// [len(Head), TailAt).
	TailAt int64
	// Tail is the part from TailAt on.
	Tail []byte
	// Comment, CDATA and PI say whether the rows hold a comment, a CDATA
	// section or a processing instruction.
	Comment, CDATA, PI bool
	// ValueRows counts the rows holding a value (a <v> or an inline
	// <t>): an upper bound on a table's rows.
	ValueRows int
}

// errNoEnd says a worksheet's rows run to its end without a sheetData end
// tag.
var errNoEnd = errors.New("xlsxpart: no </sheetData>")

// Layout passes over the whole sheet once (a streamed sheet's layout is
// kept for the next caller).
func (s *Sheet) Layout() (*Layout, error) {
	if s.bk != nil {
		s.bk.mu.Lock()
		l, ok := s.bk.layout[s.part]
		s.bk.mu.Unlock()
		if ok {
			return l, nil
		}
	}
	l := &Layout{}
	var rows *RowChunks
	spilled := func() {}
	if s.bk != nil {
		r, done, err := s.bk.spilling(s.part)
		if err != nil {
			return nil, fmt.Errorf("xlsxpart: %s: %w", s.part, err)
		}
		rows, spilled = s.rowsFrom(&RowChunks{at: int64(len(s.head))}, r), done
	} else {
		rows = s.Rows()
	}
	defer spilled() // after the rows are closed
	defer rows.Close()
	for {
		chunk, _, ok := rows.Next()
		if !ok {
			break
		}
		comment, cdata, pi := markupIn(chunk)
		l.Comment, l.CDATA, l.PI = l.Comment || comment, l.CDATA || cdata, l.PI || pi
		l.ValueRows += valueRows(chunk)
	}
	tailAt, tail, err := rows.tail()
	if err != nil {
		return nil, err
	}
	l.TailAt, l.Tail = tailAt, tail
	if s.bk != nil {
		s.bk.mu.Lock()
		s.bk.layout[s.part] = l
		s.bk.mu.Unlock()
	}
	return l, nil
}

// markupIn reports whether data holds a comment, a CDATA section or a
// processing instruction. It looks for '!' and '?', rare in a worksheet,
// rather than for "<!--", whose '<' is in every tag.
func markupIn(data []byte) (comment, cdata, pi bool) {
	afterOpen(data, '!', func(rest []byte) bool {
		comment = comment || bytes.HasPrefix(rest, []byte("--"))
		cdata = cdata || bytes.HasPrefix(rest, []byte("[CDATA["))
		return true
	})
	afterOpen(data, '?', func([]byte) bool {
		pi = true
		return false
	})
	return comment, cdata, pi
}

// IndexRowEnd is the index of the first "</row" in b, -1 when there is
// none. It looks for the 'w', far rarer in a worksheet than '<', which is
// in every tag: the search a row's end is found by in every row.
func IndexRowEnd(b []byte) int {
	return indexAround(b, 'w', 4, "</row")
}

// indexSheetDataEnd is the index of the first "</sheetData>" in b, -1
// when there is none (found by its 'D').
func indexSheetDataEnd(b []byte) int {
	return indexAround(b, 'D', 7, "</sheetData>")
}

// indexAround is the index of the first s in b, found by searching for c,
// the byte at offset at of s.
func indexAround(b []byte, c byte, at int, s string) int {
	for i := at; i < len(b); {
		j := bytes.IndexByte(b[i:], c)
		if j < 0 {
			return -1
		}
		i += j
		if start := i - at; start+len(s) <= len(b) && string(b[start:start+len(s)]) == s {
			return start
		}
		i++
	}
	return -1
}

// afterOpen calls fn with what follows each "<" followed by c in data, until
// fn returns false.
func afterOpen(data []byte, c byte, fn func(rest []byte) bool) {
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], c)
		if j < 0 {
			return
		}
		i += j + 1
		if i >= 2 && data[i-2] == '<' && !fn(data[i:]) {
			return
		}
	}
}

// valueRows counts the rows in a chunk that hold a value: the row ends
// ("</row>") with a "</v>" or an inline "</t>" since the one before. It
// finds row ends by their 'w', rarer than '<'.
func valueRows(data []byte) int {
	n, from := 0, 0
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], 'w')
		if j < 0 {
			return n
		}
		w := i + j
		i = w + 1
		if w < 4 || w+1 >= len(data) || data[w+1] != '>' || string(data[w-4:w]) != "</ro" {
			continue
		}
		if body := data[from : w-4]; bytes.Contains(body, []byte("</v>")) || bytes.Contains(body, []byte("</t>")) {
			n++
		}
		from = w + 2
	}
}

// Rows returns the sheet's rows in chunks.
func (s *Sheet) Rows() *RowChunks {
	if s.data != nil {
		c := &RowChunks{mem: s.data, at: int64(len(s.head))}
		if s.selfClose {
			c.tailAt, c.done = int64(len(s.head)), true
			c.tailBytes = s.data[len(s.head):]
		}
		return c
	}
	c := &RowChunks{at: int64(len(s.head))}
	r, err := s.bk.open(s.part)
	if err != nil {
		c.err = fmt.Errorf("xlsxpart: %s: %w", s.part, err)
		return c
	}
	return s.rowsFrom(c, r)
}

// rowsFrom is Rows of a streamed sheet read from r.
func (s *Sheet) rowsFrom(c *RowChunks, r io.ReadCloser) *RowChunks {
	c.rc = r
	if err := copyN(io.Discard, r, int64(len(s.head)), make([]byte, 32<<10)); err != nil {
		c.err = fmt.Errorf("xlsxpart: %s: %w", s.part, err)
		return c
	}
	c.buf = make([]byte, chunkBytes)
	if s.selfClose {
		c.done, c.tailAt = true, int64(len(s.head))
	}
	return c
}

// RowChunks hands out a sheet's rows, chunk by chunk.
type RowChunks struct {
	mem        []byte // a sheet in memory: the whole part
	rc         io.ReadCloser
	buf        []byte
	start, end int   // buf[start:end] is read and not yet handed out
	at         int64 // the part's offset of buf[start] (of mem's rows)
	eof, done  bool
	err        error
	tailAt     int64
	tailBytes  []byte
}

// Next returns the next chunk of rows and its offset in the part; ok is
// false after the last (then Err tells whether the rows were read through).
// A chunk is valid until the next call.
func (c *RowChunks) Next() (chunk []byte, at int64, ok bool) {
	if c.done || c.err != nil {
		return nil, 0, false
	}
	if c.mem != nil {
		rows := c.mem[c.at:]
		i := indexSheetDataEnd(rows)
		if i < 0 {
			c.err = errNoEnd
			return nil, 0, false
		}
		c.done, c.tailAt, c.tailBytes = true, c.at+int64(i), rows[i:]
		return rows[:i], c.at, true
	}
	for {
		if !c.eof && (c.start > 0 || c.end < len(c.buf)) {
			if !c.fill() {
				return nil, 0, false
			}
		}
		region := c.buf[c.start:c.end]
		if i := indexSheetDataEnd(region); i >= 0 {
			c.done, c.tailAt = true, c.at+int64(i)
			at, c.at = c.at, c.at+int64(i)
			c.start += i
			return region[:i], at, true
		}
		if j := bytes.LastIndex(region, rowClose); j >= 0 {
			n := j + len(rowClose)
			at, c.at = c.at, c.at+int64(n)
			c.start += n
			return region[:n], at, true
		}
		if c.eof {
			c.err = errNoEnd
			return nil, 0, false
		}
		// a full buffer without one whole row: a longer one
		c.buf = append(c.buf, make([]byte, len(c.buf))...)
	}
}

// fill moves what is left to the buffer's front and reads up to its end.
func (c *RowChunks) fill() bool {
	n := copy(c.buf, c.buf[c.start:c.end])
	c.start, c.end = 0, n
	m, err := io.ReadFull(c.rc, c.buf[c.end:])
	c.end += m
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		c.eof = true
	case err != nil:
		c.err = err
		return false
	}
	return true
}

// Last reports whether the chunk Next returned last ends at the sheetData
// end tag (a chunk that is not the last ends just after a "</row>").
func (c *RowChunks) Last() bool { return c.done }

// Err is the error that ended the chunks early, if any.
func (c *RowChunks) Err() error { return c.err }

// tail reads the tail once the rows are read through.
func (c *RowChunks) tail() (int64, []byte, error) {
	if c.err != nil {
		return 0, nil, c.err
	}
	if !c.done {
		return 0, nil, errors.New("xlsxpart: the rows are not read through")
	}
	if c.mem != nil {
		return c.tailAt, c.tailBytes, nil
	}
	t := bytes.Clone(c.buf[c.start:c.end])
	rest, err := io.ReadAll(c.rc)
	if err != nil {
		return 0, nil, err
	}
	return c.tailAt, append(t, rest...), nil
}

// Close releases the chunks' reader.
func (c *RowChunks) Close() error {
	if c.rc == nil {
		return nil
	}
	err := c.rc.Close()
	c.rc = nil
	return err
}
