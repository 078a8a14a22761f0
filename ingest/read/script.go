package read

// This file splits a bilingual label into its English and Malayalam words,
// and brings Malayalam to one spelling (package internal/malayalam) before
// it is compared or parsed.

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"stpclaims/internal/malayalam"
)

const virama = malayalam.Virama

// foldText is malayalam.Fold: Malayalam in one spelling, its digits as
// ASCII digits; ASCII text as it is.
func foldText(s string) string { return malayalam.Fold(s) }

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool { return malayalam.IsASCII(s) }

// isMalayalam reports whether r is a Malayalam letter or sign.
func isMalayalam(r rune) bool { return malayalam.Is(r) }

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
