package validate

import (
	"slices"
	"testing"
	"time"

	"stpclaims"

	"github.com/shopspring/decimal"
)

func text(v, cell string) stpclaims.Text {
	return stpclaims.Text{Value: v, Cell: cell, Raw: v, State: stpclaims.Present}
}
func cnt(v int, cell string) stpclaims.Count {
	return stpclaims.Count{Value: v, Cell: cell, State: stpclaims.Present}
}
func amt(v string, cell string) stpclaims.Amount {
	return stpclaims.Amount{Value: decimal.RequireFromString(v), Cell: cell, Raw: v, State: stpclaims.Present}
}
func date(s, cell string) stpclaims.Date {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return stpclaims.Date{Value: t, Cell: cell, Raw: s, State: stpclaims.Present}
}
func yes(v bool, cell string) stpclaims.Flag {
	return stpclaims.Flag{Value: v, Cell: cell, State: stpclaims.Present}
}
func unreadable[T any](raw, cell string) stpclaims.Field[T] {
	return stpclaims.Field[T]{Raw: raw, Cell: cell, State: stpclaims.Unreadable}
}
func day0(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

type d0 = decimal.Decimal

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// rulesIn returns the findings of rule id.
func rulesIn(fs []stpclaims.Finding, id string) []stpclaims.Finding {
	var out []stpclaims.Finding
	for _, f := range fs {
		if f.Rule == id {
			out = append(out, f)
		}
	}
	return out
}

func ruleIDs(fs []stpclaims.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

// tested records, per rule ID, whether a test case showed it firing and
// whether one showed it passing; TestRules_Covered checks every rule has
// both.
var tested = struct {
	fails, passes map[string]bool
}{map[string]bool{}, map[string]bool{}}

// ruleCase is one case of a rule table: the rule, whether it should fire,
// and optionally the severity, field, row and amounts expected.
type ruleCase struct {
	name     string
	rule     string
	fires    bool
	severity stpclaims.Severity
	field    string
	row      int
	allowed  string // the cap, when the finding carries one
	admit    string // the admissible amount, when it carries one
}

func checkRuleCase(t *testing.T, c ruleCase, fs []stpclaims.Finding) {
	t.Helper()
	got := rulesIn(fs, c.rule)
	if !c.fires {
		tested.passes[c.rule] = true
		if len(got) > 0 {
			t.Fatalf("%s fired, want none: %+v", c.rule, got)
		}
		return
	}
	tested.fails[c.rule] = true
	if len(got) == 0 {
		t.Fatalf("%s did not fire; findings: %v", c.rule, ruleIDs(fs))
	}
	f := got[0]
	r, _ := RuleByID(c.rule)
	want := r.Severity
	if c.severity != "" {
		want = c.severity
	}
	if f.Severity != want {
		t.Errorf("severity = %s, want %s", f.Severity, want)
	}
	if f.Clause != r.Clause {
		t.Errorf("clause = %q, want the catalogue's %q", f.Clause, r.Clause)
	}
	if c.field != "" && f.Field != c.field {
		t.Errorf("field = %q, want %q", f.Field, c.field)
	}
	if c.row != 0 && f.Row != c.row {
		t.Errorf("row = %d, want %d", f.Row, c.row)
	}
	if c.allowed != "" && (!f.Allowed.Valid || !f.Allowed.Decimal.Equal(d(c.allowed))) {
		t.Errorf("allowed = %v, want %s", f.Allowed, c.allowed)
	}
	if c.admit != "" && (!f.Admissible.Valid || !f.Admissible.Decimal.Equal(d(c.admit))) {
		t.Errorf("admissible = %v, want %s", f.Admissible, c.admit)
	}
	if f.Message == "" {
		t.Error("empty message")
	}
	if f.Severity == sevError && f.Action == "" {
		t.Error("an error that does not say what to do (no Action)")
	}
}

func TestRules_Covered(t *testing.T) {
	// Runs after the rule tables (go test runs tests in source order, and
	// this file sorts first only by name; guard by running them here).
	t.Run("tables", func(t *testing.T) {
		TestAnnexureII_Rules(t)
		TestTABill_Rules(t)
		TestSettlement_Rules(t)
		TestUnread_Rules(t)
	})
	for _, r := range Rules() {
		if ledgerRules[r.ID] {
			continue
		}
		if !tested.fails[r.ID] {
			t.Errorf("%s has no failing test case", r.ID)
		}
		if !tested.passes[r.ID] {
			t.Errorf("%s has no passing test case", r.ID)
		}
	}
}

func sameIDs(a, b []string) bool { return slices.Equal(a, b) }
