package read

// This file brings text in Malayalam to one spelling before it is compared
// or parsed, and splits a bilingual label into its English and Malayalam
// words. Malayalam is typed in more than one way that looks the same on
// paper: chillu letters as one code point (ൽ, U+0D7D) or as a consonant,
// virama and zero-width joiner (ല്‍), vowel signs in one code point or two
// (ൊ or െ + ാ), the au length mark old (ൌ) or new (ൗ), and digits in
// Malayalam (൦–൯) or in ASCII.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const virama = '\u0D4D'

// chillus maps each atomic chillu letter (and the dot reph) to the
// consonant it is written with before a virama.
var chillus = map[rune]rune{
	'\u0D7A': 'ണ', '\u0D7B': 'ന', '\u0D7C': 'ര', '\u0D7D': 'ല', '\u0D7E': 'ള', '\u0D7F': 'ക',
	'\u0D54': 'മ', '\u0D55': 'യ', '\u0D56': 'ഴ', '\u0D4E': 'ര',
}

// isASCII reports whether s has only ASCII bytes (then foldText has nothing
// to do).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// foldText returns s with Malayalam in one spelling: NFC, every chillu
// letter as its consonant and a virama, zero-width joiners and non-joiners
// dropped, ൌ written ൗ, and Malayalam digits as ASCII digits. ASCII text is
// returned as it is.
func foldText(s string) string {
	if isASCII(s) {
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
			b.WriteRune(virama)
			// a chillu written with its own virama after it ("ൻ്റ")
			if i+1 < len(rs) && rs[i+1] == virama {
				i++
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isMalayalam reports whether r is a Malayalam letter or sign.
func isMalayalam(r rune) bool { return r >= '\u0D00' && r <= '\u0D7F' }

// scriptParts splits a normalized label into its English (Latin) words and
// its Malayalam words, each in their order; both reports whether it holds
// both. A word of digits goes with the words before it (with the words
// after it when it comes first): "ആകെ 9 മുതൽ 16 വരെ total sl no 9 to 16".
func scriptParts(label string) (latin, malayalam string, both bool) {
	if isASCII(label) {
		return label, "", false
	}
	var lat, mal []string
	var pending []string // digit words before the first lettered word
	cur := 0             // 1 latin, 2 malayalam
	for _, w := range strings.Fields(label) {
		kind := 0
	runes:
		for _, r := range w {
			switch {
			case isMalayalam(r) && !unicode.IsDigit(r):
				kind = 2
				break runes
			case r < utf8.RuneSelf && unicode.IsLetter(r):
				kind = 1
				break runes
			}
		}
		if kind == 0 {
			kind = cur
		}
		switch kind {
		case 0:
			pending = append(pending, w)
			continue
		case 1:
			lat = append(lat, pending...)
			lat = append(lat, w)
		case 2:
			mal = append(mal, pending...)
			mal = append(mal, w)
		}
		pending, cur = nil, kind
	}
	return strings.Join(lat, " "), strings.Join(mal, " "), len(lat) > 0 && len(mal) > 0
}

// tooLong reports whether s has more than n characters: a cell that long
// is no label. (Malayalam takes three bytes a character, so bytes are not
// the measure; counting stops being needed past 3n bytes.)
func tooLong(s string, n int) bool {
	return len(s) > 3*n || len(s) > n && utf8.RuneCountInString(s) > n
}
