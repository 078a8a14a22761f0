package stpclaims

import (
	"reflect"
	"unicode/utf8"
)

// MaxQuote is the most of a sender's text an answer quotes: a note, a cell
// of the Findings sheet, a line of the reply, a value in the report. A claim
// form's longest honest value (a programme's name, a venue) is far shorter.
const MaxQuote = 200

// Quote is s cut to at most n characters, with "…" after a cut.
func Quote(s string, n int) string {
	if len(s) <= n { // bytes ≥ characters: short enough either way
		return s
	}
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	return s[:i] + "…"
}

// Clip cuts every text the form holds (each value and raw text, every
// participant's) to MaxQuote characters, so that nothing the sender typed
// reaches an answer at more than that length. The checks see the cut text:
// a value that long is wrong whatever its tail says.
func (f *Form) Clip() {
	clipValue(reflect.ValueOf(f).Elem(), 0)
}

// clipValue walks the exported fields of the form's structs, pointers and
// slices, and cuts the strings.
func clipValue(v reflect.Value, depth int) {
	if depth > 8 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.Len() > MaxQuote && v.CanSet() {
			v.SetString(Quote(v.String(), MaxQuote))
		}
	case reflect.Pointer:
		if !v.IsNil() {
			clipValue(v.Elem(), depth+1)
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				clipValue(v.Field(i), depth+1)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			clipValue(v.Index(i), depth+1)
		}
	}
}
