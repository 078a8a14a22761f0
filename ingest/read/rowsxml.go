package read

// The byte-level XML the row scanner (rows.go) reads: attributes, element
// text and entities, each refusing what it does not read exactly as
// encoding/xml and excelize would.

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

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
		open, ok := startTagEnd(inner, k)
		if !ok {
			return nil, false, false
		}
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

// startTagEnd returns the index just past the '>' that closes a start tag
// whose name ends before k: a '>' inside a quoted attribute value
// (xml:space="p>q") does not close it. ok is false for a tag that does not
// end, or holds a '<', which encoding/xml refuses.
func startTagEnd(b []byte, k int) (int, bool) {
	var quote byte
	for i := k; i < len(b); i++ {
		switch c := b[i]; {
		case c == '<':
			return 0, false
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1, true
		}
	}
	return 0, false
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
