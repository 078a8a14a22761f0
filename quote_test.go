package stpclaims

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestQuote(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"abcdefghij", 4, "abcd…"},
		{"മലയാളം", 3, "മലയ…"}, // characters, not bytes
		{"മലയാളം", 6, "മലയാളം"},
		{"", 0, ""},
	}
	for _, tc := range tests {
		if got := Quote(tc.in, tc.n); got != tc.want {
			t.Errorf("Quote(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

func TestForm_Clip(t *testing.T) {
	long := strings.Repeat("x", 10<<20)
	f := Form{
		Kind: FormTABill,
		TABill: &TABill{
			ProgrammeCode: Text{Value: long, Raw: long, Cell: "Sheet1!B2", State: Present},
			Participants:  []Participant{{Name: Text{Value: "Asha", Raw: "Asha"}}, {Name: Text{Value: long, Raw: long}}},
		},
	}
	f.Clip()
	b := f.TABill
	for name, s := range map[string]string{
		"programme code": b.ProgrammeCode.Value, "its raw text": b.ProgrammeCode.Raw,
		"second participant's name": b.Participants[1].Name.Value, "its raw text ": b.Participants[1].Name.Raw,
	} {
		if n := utf8.RuneCountInString(s); n != MaxQuote+1 || !strings.HasSuffix(s, "…") {
			t.Errorf("%s: %d characters after Clip, want %d and a closing …", name, n, MaxQuote+1)
		}
	}
	if b.Participants[0].Name.Value != "Asha" || b.ProgrammeCode.Cell != "Sheet1!B2" {
		t.Errorf("Clip changed short text: %q, %q", b.Participants[0].Name.Value, b.ProgrammeCode.Cell)
	}
}
