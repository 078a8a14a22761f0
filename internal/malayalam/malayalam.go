// Package malayalam brings text in Malayalam to one spelling before it is
// compared or parsed. Malayalam is typed in more than one way that looks
// the same on paper: chillu letters as one code point (ൽ, U+0D7D) or as a
// consonant, virama and zero-width joiner (ല്‍), vowel signs in one code
// point or two (ൊ or െ + ാ), the au length mark old (ൌ) or new (ൗ), and
// digits in Malayalam (൦–൯) or in ASCII. It does not translate, transliterate
// or read numbers; the form reader and the rate card's word lists use it so
// that a word matches however it was typed.
package malayalam

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Virama is the sign that joins a consonant to the next.
const Virama = '\u0D4D'

// chillus maps each atomic chillu letter (and the dot reph) to the
// consonant it is written with before a Virama.
var chillus = map[rune]rune{
	'\u0D7A': 'ണ', '\u0D7B': 'ന', '\u0D7C': 'ര', '\u0D7D': 'ല', '\u0D7E': 'ള', '\u0D7F': 'ക',
	'\u0D54': 'മ', '\u0D55': 'യ', '\u0D56': 'ഴ', '\u0D4E': 'ര',
}

// IsASCII reports whether s has only ASCII bytes (then Fold has nothing to
// do).
func IsASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Fold returns s with Malayalam in one spelling: NFC, every chillu
// letter as its consonant and a Virama, zero-width joiners and non-joiners
// dropped, ൌ written ൗ, and Malayalam digits as ASCII digits. ASCII text is
// returned as it is.
func Fold(s string) string {
	if IsASCII(s) {
		return s
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\u200C' || r == '\u200D':
			continue
		case r >= '൦' && r <= '൯':
			b.WriteByte(byte('0' + r - '൦'))
			continue
		case r == '\u0D4C':
			b.WriteRune('\u0D57')
			continue
		}
		if c, ok := chillus[r]; ok {
			b.WriteRune(c)
			b.WriteRune(Virama)
			// a chillu written with its own Virama after it ("ൻ്റ")
			if i+1 < len(rs) && rs[i+1] == Virama {
				i++
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Is reports whether r is a Malayalam letter or sign.
func Is(r rune) bool { return r >= '\u0D00' && r <= '\u0D7F' }
