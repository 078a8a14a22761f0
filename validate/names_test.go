package validate

import (
	"strings"
	"testing"
)

// TestNormalName: names and offices fold to the same words, whether they
// are already folded (given back as they are) or not.
func TestNormalName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"100042", "100042"},
		{"participant 12", "participant 12"},
		{"Participant 12", "participant 12"},
		{" participant 12", "participant 12"},
		{"participant  12 ", "participant 12"},
		{"office 3, thiruvananthapuram", "office 3 thiruvananthapuram"},
		{"p.\tk. nair", "p k nair"},
		{"ഓഫീസ്\u00a0ഒന്ന്", "ഓഫീസ് ഒന്ന്"},
		{"", ""},
		{" ", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := normalName(tc.in); got != tc.want {
				t.Errorf("normalName(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if folded(tc.in) && tc.in != tc.want {
				t.Errorf("folded(%q) but it folds to %q", tc.in, tc.want)
			}
		})
	}
}

// TestClassOf: one class as written, bare or in words; "" for none or
// several.
func TestClassOf(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"II", "II"},
		{" IV ", "IV"},
		{"ii", "II"},
		{"Class III", "III"},
		{"2", "II"},
		{"II & III", ""},
		{"All", ""},
		{"V", ""},
		{"", ""},
	} {
		t.Run(strings.TrimSpace(tc.in), func(t *testing.T) {
			if got := classOf(tc.in); got != tc.want {
				t.Errorf("classOf(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}
