package stpclaims

import (
	"encoding/json"
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

// TestForm_Clip_everyText: every text a form holds is cut, whatever field
// it is in. The form goes through JSON so that each of its strings is
// found without listing them: a field added to a form and forgotten by
// Clip fails here.
func TestForm_Clip_everyText(t *testing.T) {
	empty := Form{AnnexureII: &AnnexureII{Conflicts: make([]Conflict, 1)}, Unread: make([]Unread, 1),
		TABill:     &TABill{Participants: make([]Participant, 1), Faculty: make([]GuestFacultyClaim, 1)},
		Settlement: &Settlement{Expenditure: make([]Expense, 1), ReportItems: make([]ReportItem, 1)}}
	data, err := json.Marshal(empty)
	if err != nil {
		t.Fatal(err)
	}
	var tree map[string]any
	if err := json.Unmarshal(data, &tree); err != nil {
		t.Fatal(err)
	}
	// the form's kind, why a sheet was not read, what it holds and a
	// conflict's field are ours, not the sender's
	delete(tree, "Kind")
	for _, u := range tree["Unread"].([]any) {
		delete(u.(map[string]any), "Why")
		delete(u.(map[string]any), "Holds")
	}
	for _, c := range tree["AnnexureII"].(map[string]any)["Conflicts"].([]any) {
		delete(c.(map[string]any), "Field")
	}
	long := strings.Repeat("x", 3*MaxQuote)
	texts := 0
	var lengthen func(v any) any
	lengthen = func(v any) any {
		switch v := v.(type) {
		case string:
			if v == "" { // a text field (money, dates and counts are not empty)
				texts++
				return long
			}
		case map[string]any:
			for k, e := range v {
				v[k] = lengthen(e)
			}
		case []any:
			for i, e := range v {
				v[i] = lengthen(e)
			}
		}
		return v
	}
	lengthen(tree)
	if data, err = json.Marshal(tree); err != nil {
		t.Fatal(err)
	}
	var f Form
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatal(err)
	}
	f.Clip()
	if data, err = json.Marshal(f); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), "…"); n != texts || texts < 100 {
		t.Errorf("%d of the form's %d texts cut", n, texts)
	}
	if strings.Contains(string(data), strings.Repeat("x", MaxQuote+1)) {
		t.Error("a text longer than MaxQuote is left")
	}
}
