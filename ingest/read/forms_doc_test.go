package read

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// formsDocChecks read one example of docs/forms.md the way the reader
// does and say what it was read as, in the page's words: "not read" when
// the reader does not read it.
var formsDocChecks = map[string]func(written string) string{
	"label": func(w string) string {
		if f, _ := annexureVocab.find(normalizeLabel(w)); f != "" {
			return f
		}
		return "not read"
	},
	"money": func(w string) string {
		if d, ok := parseMoney(w); ok {
			return d.String()
		}
		return "not read"
	},
	"count": func(w string) string {
		if n, ok := parseCount(w); ok {
			return fmt.Sprint(n)
		}
		return "not read"
	},
	"date": func(w string) string {
		if d, ok := parseDateText(w); ok {
			return d.Format("2006-01-02")
		}
		return "not read"
	},
	"duration": func(w string) string {
		start, end, days, okDates, okDays := parseDuration(w)
		switch {
		case !okDates:
			return "not read"
		case !okDays:
			return fmt.Sprintf("%s to %s, days not read", start.Format("2006-01-02"), end.Format("2006-01-02"))
		}
		return fmt.Sprintf("%s to %s, %d days", start.Format("2006-01-02"), end.Format("2006-01-02"), days)
	},
	"yesno": func(w string) string {
		v, ok := parseYesNo(w)
		return yesNoWord(v, ok)
	},
	"account": func(w string) string {
		if s, ok := parseAccountNo(w); ok {
			return s
		}
		return "not read"
	},
	"enclosed": func(w string) string {
		f := enclosedOf(labelValue{raw: w, cell: "Statement!C1", ref: "C1"})
		return yesNoWord(f.Value, f.State == stpclaims.Present)
	},
}

func yesNoWord(v, ok bool) string {
	switch {
	case !ok:
		return "not read"
	case v:
		return "yes"
	}
	return "no"
}

// TestFormsDoc_examples: every example in the checked tables of
// docs/forms.md is read as the page says, so the page lists nothing as read
// that the reader does not read. A table is a line "<!-- check: KIND -->",
// a Markdown table whose rows are | `written` | read as |, and a line
// "<!-- end check -->".
func TestFormsDoc_examples(t *testing.T) {
	f, err := os.Open("../../docs/forms.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows := map[string]int{}
	kind := ""
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		switch {
		case strings.HasPrefix(text, "<!-- check: "):
			kind = strings.TrimSuffix(strings.TrimPrefix(text, "<!-- check: "), " -->")
			if formsDocChecks[kind] == nil {
				t.Fatalf("docs/forms.md:%d: no check of kind %q", line, kind)
			}
			continue
		case text == "<!-- end check -->":
			kind = ""
			continue
		case kind == "" || !strings.HasPrefix(text, "| `"):
			continue
		}
		cells := strings.Split(strings.TrimSuffix(strings.TrimPrefix(text, "| "), " |"), " | ")
		if len(cells) != 2 || !strings.HasSuffix(cells[0], "`") {
			t.Errorf("docs/forms.md:%d: not a row | `written` | read as |: %q", line, text)
			continue
		}
		written, want := strings.Trim(cells[0], "`"), cells[1]
		rows[kind]++
		got := formsDocChecks[kind](written)
		if kind == "money" && want != "not read" {
			// "22500.50" on the page is the decimal 22500.5
			if d, err := decimal.NewFromString(want); err == nil {
				want = d.String()
			}
		}
		if got != want {
			t.Errorf("docs/forms.md:%d: %s %q is read as %q; the page says %q", line, kind, written, got, want)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for kind := range formsDocChecks {
		if rows[kind] == 0 {
			t.Errorf("docs/forms.md has no checked %s examples", kind)
		}
	}
}
