package printsetup

import (
	"math"
	"strings"
	"unicode"
)

// DefaultFontSize is the size, in points, of the text of a cell whose style
// names none (excelize's default font, Calibri 11).
const DefaultFontSize = 11.0

// DefaultRowHeight is the height, in points, of a row of one line of the
// default font; no row is made lower than this.
const DefaultRowHeight = 15.0

// cellPadding is the part of a column's width, in widths of a digit, that
// the cell's margins take; fitted, with the character widths below, against
// LibreOffice's rendering (a little wider than it needs).
const cellPadding = 1.0

// boldFactor widens bold text.
const boldFactor = 1.07

// safety narrows the line a little more, so that an estimate errs on the
// side of one line too many.
const safety = 1.1

// runeWidth is the width of r in widths of a digit of an 11-point font.
// The figures lean to the wide side of Noto Sans, which LibreOffice uses
// when Calibri is missing; Calibri itself is narrower, so a row fitted to
// these never cuts text in Excel either.
func runeWidth(r rune) float64 {
	if r >= 0 && r < 0x80 {
		return asciiWidth[r]
	}
	return widthOf(r)
}

// asciiWidth is runeWidth of the ASCII characters, looked up rather than
// worked out for every letter of every line fitted.
var asciiWidth = func() (w [0x80]float64) {
	for r := range w {
		w[r] = widthOf(rune(r))
	}
	return w
}()

// widthOf is runeWidth, worked out.
func widthOf(r rune) float64 {
	switch {
	case r == ' ':
		return 0.45
	case r < 0x80:
		switch {
		case strings.ContainsRune(".,;:'!|il()[]-/", r):
			return 0.5
		case strings.ContainsRune("fjrtI", r):
			return 0.6
		case strings.ContainsRune("mwMW@%", r):
			return 1.45
		case unicode.IsUpper(r):
			return 1.15
		case unicode.IsDigit(r):
			return 1.0
		}
		return 0.93
	case unicode.Is(unicode.Malayalam, r):
		switch {
		case unicode.Is(unicode.Mn, r): // virama, dot reph: joins its neighbour
			return 0.2
		case unicode.Is(unicode.Mc, r): // vowel signs
			return 0.9
		}
		return 1.5
	case unicode.Is(unicode.Mn, r) || r == 0x200C || r == 0x200D: // combining marks, ZWNJ, ZWJ
		return 0
	case unicode.In(r, unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana):
		return 2
	}
	return 1.0
}

// scale is how many times more text of the given size a line holds than
// text of the default size: in proportion for larger fonts, less than in
// proportion for smaller ones (LibreOffice renders small type relatively
// wider).
func scale(size float64) float64 {
	if size >= DefaultFontSize {
		return DefaultFontSize / size
	}
	return math.Pow(DefaultFontSize/size, 0.7)
}

// TextWidth is the width of text on one line, in widths of a digit (the
// unit of excelize's column widths) at the given font size in points: a
// column this wide, plus about one for the cell's margins, shows it whole.
func TextWidth(text string, size float64) float64 {
	if size <= 0 {
		size = DefaultFontSize
	}
	var w float64
	for _, r := range text {
		w += runeWidth(r)
	}
	return w / scale(size)
}

// Lines is the number of lines text takes when wrapped into a column width
// wide (in excelize's units) at the given font size: broken at spaces and
// line breaks, a word longer than the line broken where it must be. An
// empty text takes one line.
func Lines(text string, width, size float64) int {
	return lines(text, width, size, 1)
}

func lines(text string, width, size, factor float64) int {
	if size <= 0 {
		size = DefaultFontSize
	}
	// the line's room in widths of a digit of an 11-point font
	room := (width - cellPadding) * scale(size) / factor / safety
	if room < 1 {
		room = 1
	}
	space := runeWidth(' ')
	n := 0
	for _, para := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		n++
		used := -1.0 // nothing on the line yet
		for _, word := range strings.Fields(para) {
			w := 0.0
			for _, r := range word {
				w += runeWidth(r)
			}
			switch {
			case used >= 0 && used+space+w <= room:
				used += space + w
			case w <= room:
				if used >= 0 {
					n++
				}
				used = w
			default: // a word wider than the line, broken between letters
				if used >= 0 {
					n++
				}
				used = 0
				for _, r := range word {
					rw := runeWidth(r)
					if used+rw > room && used > 0 {
						n++
						used = 0
					}
					used += rw
				}
			}
		}
	}
	return n
}

// WordsFit reports whether every word of text fits on a line of a column
// width wide at the given font size (bold or not): when one does not, the
// spreadsheet breaks it between letters ("Remunerati-on").
func WordsFit(text string, width, size float64, bold bool) bool {
	factor := 1.0
	if bold {
		factor = boldFactor
	}
	for _, word := range strings.Fields(text) {
		if lines(word, width, size, factor) > 1 {
			return false
		}
	}
	return true
}

// hasMalayalam reports whether text has a Malayalam letter: its lines are
// taller.
func hasMalayalam(text string) bool {
	for _, r := range text {
		if unicode.Is(unicode.Malayalam, r) {
			return true
		}
	}
	return false
}

// lineHeight is the height of one line of text at size points.
func lineHeight(size float64, malayalam bool) float64 {
	if malayalam {
		return size * 1.5
	}
	return size * 1.36
}

// RowHeight is the height, in points, of a row whose cell of width (in
// excelize's units) shows text wrapped at the given font size: at least
// DefaultRowHeight, rounded up to a quarter point.
func RowHeight(text string, width, size float64) float64 {
	return rowHeight(text, width, size, 1)
}

func rowHeight(text string, width, size, factor float64) float64 {
	if size <= 0 {
		size = DefaultFontSize
	}
	n := lines(text, width, size, factor)
	h := lineHeight(size, hasMalayalam(text))
	if n > 1 {
		h = float64(n)*h + 3
	}
	return math.Max(DefaultRowHeight, math.Ceil(h*4)/4)
}
