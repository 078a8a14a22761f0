package output

// The byte-level XML the raw edits (rawsheet.go) walk and write: start tags
// found by name with their attributes read on demand, and edits applied to
// a part's bytes.

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"slices"
	"strconv"
	"strings"
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

var spansAttr = regexp.MustCompile(`\s+spans\s*=\s*("[^"]*"|'[^']*')`)

var tabSelectedAttr = regexp.MustCompile(`\s+tabSelected\s*=\s*("[^"]*"|'[^']*')`)

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
