package printsetup

import (
	"strings"
	"testing"
)

func TestLines(t *testing.T) {
	long := strings.Repeat("claim ", 40) // 40 words of 5 letters
	for _, tc := range []struct {
		name   string
		text   string
		width  float64
		size   float64
		lo, hi int // the lines wanted lie in [lo, hi]
	}{
		{"empty", "", 10, 11, 1, 1},
		{"short", "Total", 10, 11, 1, 1},
		{"fits the line", "Remuneration to Guest Faculty", 40, 11, 1, 1},
		{"two words, narrow column", "Remuneration Faculty", 12, 11, 2, 2},
		{"line breaks count", "Signature with Date ,\nName & Designation of Co-ordinator", 60, 11, 2, 2},
		{"blank lines count", "a\n\nb", 60, 11, 3, 3},
		{"long text, wide column", long, 52, 11, 4, 5},
		{"long text, narrow column", long, 12, 11, 20, 40},
		{"smaller font, fewer lines", long, 52, 9, 3, 4},
		{"a word wider than the column", strings.Repeat("x", 60), 12, 11, 5, 7},
		{"Malayalam is wider than its runes", "പരിശീലന പരിപാടി പങ്കെടുക്കുന്നവർ യാത്രാബത്ത ദിനബത്ത ഭക്ഷണം താമസം", 20, 11, 4, 6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Lines(tc.text, tc.width, tc.size); got < tc.lo || got > tc.hi {
				t.Errorf("Lines(%q, %v, %v) = %d, want %d to %d", tc.text, tc.width, tc.size, got, tc.lo, tc.hi)
			}
		})
	}
}

func TestLines_WiderColumnNeverMoreLines(t *testing.T) {
	text := "Photocopy charges (Course materials shall be distributed to the participants in CD/e-mail etc. However in unavoidable situations photocopy of the materials can also be given.)"
	prev := Lines(text, 5, 11)
	for w := 6.0; w <= 200; w++ {
		n := Lines(text, w, 11)
		if n > prev {
			t.Fatalf("width %v: %d lines, more than %d at width %v", w, n, prev, w-1)
		}
		prev = n
	}
	if prev != 1 {
		t.Errorf("at width 200 the text takes %d lines, want 1", prev)
	}
}

func TestTextWidth(t *testing.T) {
	for _, tc := range []struct {
		name     string
		a, b     string
		size     float64
		aGreater bool
	}{
		{"capitals wider than small letters", "WWWW", "iiii", 11, true},
		{"digits as wide as a digit", "0123456789", "0123456789 ", 11, false},
		{"Malayalam wider than Latin of as many runes", "പരിശീലന", "abcdefg", 11, true},
		{"combining marks add nothing", "e\u0301", "ee", 11, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := TextWidth(tc.a, tc.size), TextWidth(tc.b, tc.size)
			if (a > b) != tc.aGreater {
				t.Errorf("TextWidth(%q) = %v, TextWidth(%q) = %v", tc.a, a, tc.b, b)
			}
		})
	}
	if got := TextWidth("6,22,262", 11); got < 6 || got > 8 {
		t.Errorf("TextWidth(6,22,262) = %v, want about 7", got)
	}
	if a, b := TextWidth("STP/REV/2026/11", 9), TextWidth("STP/REV/2026/11", 11); a >= b {
		t.Errorf("9 pt (%v) not narrower than 11 pt (%v)", a, b)
	}
}

func TestRowHeight(t *testing.T) {
	long := strings.Repeat("the co-ordinator shall claim ", 12)
	for _, tc := range []struct {
		name   string
		text   string
		width  float64
		size   float64
		lo, hi float64
	}{
		{"one line is the default height", "Total", 20, 11, DefaultRowHeight, DefaultRowHeight},
		{"a small font never lower than the default", "x", 20, 8, DefaultRowHeight, DefaultRowHeight},
		{"two lines", "Signature with Date ,\nName & Designation of Co-ordinator", 60, 11, 30, 34},
		{"many lines", long, 20, 11, 15 * 10, 15 * 20},
		{"Malayalam lines are taller", "ഒന്ന്\nരണ്ട്\nമൂന്ന്", 30, 11, 3*11*1.45 + 2, 3*11*1.6 + 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := RowHeight(tc.text, tc.width, tc.size); got < tc.lo || got > tc.hi {
				t.Errorf("RowHeight = %v, want %v to %v", got, tc.lo, tc.hi)
			}
		})
	}
}

func TestWordsFit(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width float64
		bold  bool
		want  bool
	}{
		{"Remuneration claimed", 14, true, true},
		{"Remuneration claimed", 10, true, false},
		{"Distance from headquarters (km)", 13, true, true},
		{"Distance from headquarters (km)", 12, true, false}, // LibreOffice breaks "headquarter-s"
		{"Days attended", 9, true, true},
		{"Days attended", 8, true, false},
		{"", 5, false, true},
	} {
		if got := WordsFit(tc.text, tc.width, 11, tc.bold); got != tc.want {
			t.Errorf("WordsFit(%q, %v, bold %v) = %v, want %v", tc.text, tc.width, tc.bold, got, tc.want)
		}
	}
}
