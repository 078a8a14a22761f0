package validate

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// The rule tables of docs/rules.md and of the README are printed from the
// catalogue between these markers; the text around them is written by hand.
const (
	rulesBegin = "<!-- rules: printed from validate.Rules() by `go test ./validate -run TestRules_docs -update`; do not edit by hand -->\n"
	rulesEnd   = "<!-- end of rules -->\n"
)

// ruleSections titles the sections of docs/rules.md, by rule ID prefix.
var ruleSections = map[string]string{
	"AII":  "Annexure II: the claim for advance",
	"TA":   "TA bill: the participants",
	"GF":   "TA bill: the guest faculty",
	"ST":   "Settlement statement",
	"ADV":  "Register of advances",
	"READ": "Reading any form",
}

func ruleRow(r Rule) string {
	return fmt.Sprintf("| %s | %s | %s | %s |\n", r.ID, r.Clause, r.Severity, r.Check)
}

const ruleHeader = "| ID | clause | severity | what it checks |\n|---|---|---|---|\n"

// rulesByForm renders the catalogue as one table per ID prefix, in
// catalogue order, each under its section title.
func rulesByForm(t *testing.T, rs []Rule) string {
	var b strings.Builder
	prefix := ""
	for _, r := range rs {
		p, _, _ := strings.Cut(r.ID, "-")
		if p != prefix {
			title, ok := ruleSections[p]
			if !ok {
				t.Fatalf("rule %s: no section title for the prefix %s in ruleSections", r.ID, p)
			}
			if prefix != "" {
				b.WriteString("\n")
			}
			fmt.Fprintf(&b, "### %s (%s-*)\n\n%s", title, p, ruleHeader)
			prefix = p
		}
		b.WriteString(ruleRow(r))
	}
	return b.String()
}

// rulesTable renders the catalogue as one table.
func rulesTable(rs []Rule) string {
	var b strings.Builder
	b.WriteString(ruleHeader)
	for _, r := range rs {
		b.WriteString(ruleRow(r))
	}
	return b.String()
}

// TestRules_docs: the rule tables of docs/rules.md (one per form) and of
// the README (one for all) are the catalogue, row for row. With -update it
// prints them there.
func TestRules_docs(t *testing.T) {
	for _, tc := range []struct {
		path  string
		table string
	}{
		{"../docs/rules.md", rulesByForm(t, Rules())},
		{"../README.md", rulesTable(Rules())},
	} {
		t.Run(tc.path, func(t *testing.T) {
			data, err := os.ReadFile(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			doc := string(data)
			before, rest, ok1 := strings.Cut(doc, rulesBegin)
			_, after, ok2 := strings.Cut(rest, rulesEnd)
			if !ok1 || !ok2 {
				t.Fatalf("%s has no rules block: a line %q, then a line %q", tc.path, rulesBegin, rulesEnd)
			}
			want := before + rulesBegin + "\n" + tc.table + "\n" + rulesEnd + after
			if doc == want {
				return
			}
			if *update {
				if err := os.WriteFile(tc.path, []byte(want), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			t.Errorf("%s's rule table is not validate.Rules(); run go test ./validate -run TestRules_docs -update", tc.path)
		})
	}
}

// TestCard_docs: the table of docs/rate-card.md gives every key of a card
// with the built-in 2015 card's value ("50 %" for a share of 0.5), and no
// key a card does not have.
func TestCard_docs(t *testing.T) {
	data, err := os.ReadFile("../docs/rate-card.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := map[string]string{} // key → value column
	for _, line := range strings.Split(string(data), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if !strings.HasPrefix(line, "| ") || len(cells) != 4 || cells[0] == "key" {
			continue
		}
		doc[cells[0]] = cells[1]
	}
	card := Builtin()
	for _, k := range cardKeys {
		v, ok := doc[k.name]
		if !ok {
			t.Errorf("docs/rate-card.md has no row for %s", k.name)
			continue
		}
		delete(doc, k.name)
		var want decimal.Decimal
		if k.num != nil {
			want = decimal.NewFromInt(int64(*k.num(card)))
		} else {
			want = *k.dec(card)
		}
		got, err := decimal.NewFromString(strings.TrimSuffix(v, " %"))
		if strings.HasSuffix(v, " %") {
			got = got.Shift(-2)
		}
		if err != nil || !got.Equal(want) {
			t.Errorf("docs/rate-card.md gives %s = %q; the 2015 card has %s", k.name, v, want)
		}
	}
	for key := range doc {
		t.Errorf("docs/rate-card.md has a row for %s, which is not a card key", key)
	}
}
