package seal

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
)

func key(t *testing.T, b byte) Key {
	t.Helper()
	k, err := NewKey(bytes.Repeat([]byte{b}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

var layout = Layout{
	Name:   "test workbook",
	Marker: []string{"B2", "B3"},
	Token:  "B5",
	Sheets: []Sheet{{Name: "Rows", Columns: []Column{{"Id", ID}, {"Sha", Text}, {"Amount", Money}}}},
}

// base is a workbook as written: the marker, and a sheet whose Decision
// column is not protected.
func base() (map[string]string, []Table) {
	marker := map[string]string{"B2": "2", "B3": "latha@img.kerala.gov.in"}
	tables := []Table{{Sheet: "Rows", Header: []string{"Name", "Id", "Sha", "Amount", "Decision"}, Rows: [][]string{
		{"one", "12", "aa", "4500.5", ""},
		{"two", "13", "bb", "45000", ""},
	}}}
	return marker, tables
}

func TestKey_Verify(t *testing.T) {
	k := key(t, 1)
	marker, tables := base()
	token, err := k.Sign(layout, marker, tables)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, tokenPrefix) || len(token) != len(tokenPrefix)+64 {
		t.Fatalf("token %q", token)
	}
	cases := []struct {
		name   string
		change func(m map[string]string, ts []Table) []Table
		token  string
		key    Key
		ok     bool
	}{
		{name: "as written", ok: true},
		{name: "a cell a person fills", ok: true, change: func(m map[string]string, ts []Table) []Table {
			ts[0].Rows[0][4] = "Approve"
			ts[0].Rows[1][0] = "renamed"
			return ts
		}},
		{name: "as LibreOffice saves: numbers as text and trailing zeros", ok: true, change: func(m map[string]string, ts []Table) []Table {
			ts[0].Rows[0][3], ts[0].Rows[1][3], ts[0].Rows[1][1] = "4500.50", "45000.00", " 13.0 "
			return ts
		}},
		{name: "rows sorted", ok: true, change: func(m map[string]string, ts []Table) []Table {
			slices.Reverse(ts[0].Rows)
			return ts
		}},
		{name: "columns moved and one added", ok: true, change: func(m map[string]string, ts []Table) []Table {
			ts[0].Header = []string{"Amount", "Sha", "Id", "Mine", "Name"}
			ts[0].Rows = [][]string{{"4500.5", "aa", "12", "x", "one"}, {"45000", "bb", "13", "y", "two"}}
			return ts
		}},
		{name: "an empty row inserted", ok: true, change: func(m map[string]string, ts []Table) []Table {
			ts[0].Rows = append(ts[0].Rows, nil, []string{"", "", "", "", "Approve"})
			return ts
		}},
		{name: "an id changed", change: func(m map[string]string, ts []Table) []Table { ts[0].Rows[0][1] = "14"; return ts }},
		{name: "an amount changed by a paisa", change: func(m map[string]string, ts []Table) []Table { ts[0].Rows[0][3] = "4500.51"; return ts }},
		{name: "a sha changed", change: func(m map[string]string, ts []Table) []Table { ts[0].Rows[1][2] = "bc"; return ts }},
		{name: "a marker cell changed", change: func(m map[string]string, ts []Table) []Table { m["B3"] = "mallory@x"; return ts }},
		{name: "a row removed", change: func(m map[string]string, ts []Table) []Table { ts[0].Rows = ts[0].Rows[:1]; return ts }},
		{name: "a row duplicated", change: func(m map[string]string, ts []Table) []Table {
			ts[0].Rows = append(ts[0].Rows, ts[0].Rows[0])
			return ts
		}},
		{name: "a protected column's header renamed", change: func(m map[string]string, ts []Table) []Table {
			ts[0].Header[2] = "SHA"
			return ts
		}},
		{name: "a second Id column to the right", change: func(m map[string]string, ts []Table) []Table {
			ts[0].Header = append(ts[0].Header, "Id")
			ts[0].Rows[0] = append(ts[0].Rows[0], "99")
			ts[0].Rows[1] = append(ts[0].Rows[1], "13")
			return ts
		}},
		{name: "the sheet missing", change: func(m map[string]string, ts []Table) []Table { return nil }},
		{name: "another key", key: key(t, 2)},
		{name: "no token", token: " "},
		{name: "a token of another version", token: "2:" + strings.Repeat("0", 64)},
		{name: "a token not hex", token: tokenPrefix + "zz"},
		{name: "a token cut short", token: token[:20]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ts := base()
			if c.change != nil {
				ts = c.change(m, ts)
			}
			vk, tok := k, token
			if c.key.Valid() {
				vk = c.key
			}
			if c.token != "" {
				tok = c.token
			}
			err := vk.Verify(layout, m, ts, tok)
			if c.ok && err != nil {
				t.Errorf("Verify: %v", err)
			}
			if !c.ok && !errors.Is(err, ErrForged) {
				t.Errorf("Verify = %v, want ErrForged", err)
			}
		})
	}
	t.Run("another kind of workbook", func(t *testing.T) {
		other := layout
		other.Name = "another workbook"
		if err := k.Verify(other, marker, tables, token); !errors.Is(err, ErrForged) {
			t.Errorf("Verify = %v", err)
		}
	})
	t.Run("the zero key", func(t *testing.T) {
		if _, err := (Key{}).Sign(layout, marker, tables); !errors.Is(err, ErrNoKey) {
			t.Errorf("Sign: %v", err)
		}
		if err := (Key{}).Verify(layout, marker, tables, token); !errors.Is(err, ErrNoKey) {
			t.Errorf("Verify: %v", err)
		}
	})
}

func TestNewKey(t *testing.T) {
	if _, err := NewKey(make([]byte, KeySize-1)); !errors.Is(err, ErrNoKey) {
		t.Errorf("a short key: %v", err)
	}
	b := bytes.Repeat([]byte{3}, KeySize)
	k, err := NewKey(b)
	if err != nil || !k.Valid() {
		t.Fatalf("%v %v", k.Valid(), err)
	}
	b[0] = 4 // the key is a copy
	if !bytes.Equal(k.b, bytes.Repeat([]byte{3}, KeySize)) {
		t.Error("NewKey kept the caller's slice")
	}
}

// TestKey_redacted: the key never prints itself, whatever prints it.
func TestKey_redacted(t *testing.T) {
	secret := bytes.Repeat([]byte{0xab}, KeySize)
	k, err := NewKey(secret)
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("key", "key", k, "struct", struct{ K Key }{k})
	slog.New(slog.NewTextHandler(&logged, nil)).Info("key", "key", k)
	js, _ := json.Marshal(struct{ K Key }{k})
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%X", "%q", "%d"} {
		out = append(out, fmt.Sprintf(verb, k), fmt.Sprintf(verb, struct{ K Key }{k}), fmt.Sprintf(verb, &k))
	}
	out = append(out, logged.String(), string(js), fmt.Sprint(k), k.String(), k.GoString())
	for _, s := range out {
		low := strings.ToLower(s)
		if strings.Contains(low, hex.EncodeToString(secret[:4])) || strings.Contains(s, string(secret[:4])) || strings.Contains(s, "171") {
			t.Errorf("the key shows: %q", s)
		}
		if !strings.Contains(s, redacted) {
			t.Errorf("%q does not say [redacted]", s)
		}
	}
}

func TestCanonical(t *testing.T) {
	cases := []struct {
		kind     Kind
		in, want string
	}{
		{Text, "  STP/REV/2026/041 ", "STP/REV/2026/041"},
		{Text, "a\r\nb", "a\nb"},
		{ID, "12", "12"},
		{ID, " 12.0", "12"},
		{ID, "1.2e1", "12"},
		{ID, "12.5", "12.5"},
		{ID, "x", "x"},
		{Money, "4500.5", "4500.50"},
		{Money, "4500.005", "4500.01"},
		{Money, "45000", "45000.00"},
		{Money, "-12.3", "-12.30"},
		{Money, "₹ 12", "₹ 12"},
		{Money, "", ""},
	}
	for _, c := range cases {
		t.Run(string(c.kind)+c.in, func(t *testing.T) {
			if got := canonical(c.kind, c.in); got != c.want {
				t.Errorf("canonical(%c, %q) = %q, want %q", c.kind, c.in, got, c.want)
			}
		})
	}
}

// BenchmarkKey_Verify checks the token of a review workbook of 1,000 rows
// of 14 columns (7 protected), as the reader does on every returned one.
func BenchmarkKey_Verify(b *testing.B) {
	k, _ := NewKey(bytes.Repeat([]byte{1}, KeySize))
	l := Layout{Name: "bench", Marker: []string{"B2"}, Token: "B3", Sheets: []Sheet{{Name: "Review", Columns: []Column{
		{"Claim id", ID}, {"Finding id", ID}, {"Fingerprint", Text}, {"Programme code", Text}, {"Rule", Text},
		{"Claimed", Money}, {"Allowed", Money}}}}}
	header := []string{"Claim", "Programme code", "Form", "Co-ordinator", "Rule", "Clause", "Finding", "Claimed", "Allowed",
		"Decision", "Remarks", "Claim id", "Finding id", "Fingerprint"}
	t := Table{Sheet: "Review", Header: header}
	for i := range 1000 {
		t.Rows = append(t.Rows, []string{"claim.xlsx", "STP/REV/2026/041", "annexure-ii", "rajesh@revenue.kerala.gov.in", "AII-LEAD-TIME",
			"IV(2)", "Submitted 3 days before the programme", "12345.5", "1000", "Approve", "", fmt.Sprint(i/3 + 1), fmt.Sprint(i + 1),
			strings.Repeat("ab", 32)})
	}
	marker := map[string]string{"B2": "2"}
	token, err := k.Sign(l, marker, []Table{t})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := k.Verify(l, marker, []Table{t}, token); err != nil {
			b.Fatal(err)
		}
	}
}
