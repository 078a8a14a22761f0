package validate

import (
	"cmp"
	"regexp"
	"slices"
	"strings"

	"stpclaims"

	"github.com/shopspring/decimal"
)

// count returns a count field's value and whether it was read.
func count(f stpclaims.Count) (int, bool) { return f.Value, f.Ok() }

// claimed returns a money line's amount: a missing line is nothing claimed
// (0, true); an unreadable one is unknown (false).
func claimed(f stpclaims.Amount) (decimal.Decimal, bool) {
	switch f.State {
	case stpclaims.Present:
		return f.Value, true
	case stpclaims.Missing:
		return zero, true
	}
	return zero, false
}

// optionalCount returns an optional count, def when it is missing; false
// when it was written but could not be read (it is never guessed).
func optionalCount(f stpclaims.Count, def int) (int, bool) {
	switch f.State {
	case stpclaims.Present:
		return f.Value, true
	case stpclaims.Missing:
		return def, true
	}
	return 0, false
}

// fieldState is what AII-REQUIRED needs to know of one field.
type fieldState struct {
	name  string
	state stpclaims.State
	cell  string
	raw   string
}

func stateOf[T any](name string, f stpclaims.Field[T]) fieldState {
	return fieldState{name: name, state: f.State, cell: f.Cell, raw: f.Raw}
}

// sortByField orders findings by the position of their field in the form
// (order lists the field names in form order), keeping the order the rules
// ran in among findings on the same field; findings on other fields go last.
func sortByField(fs []stpclaims.Finding, order []string) {
	pos := make(map[string]int, len(order))
	for i, f := range order {
		pos[f] = i
	}
	rank := func(f stpclaims.Finding) int {
		if p, ok := pos[f.Field]; ok {
			return p
		}
		return len(order)
	}
	slices.SortStableFunc(fs, func(a, b stpclaims.Finding) int { return cmp.Compare(rank(a), rank(b)) })
}

var (
	ifscPattern    = regexp.MustCompile(`^[A-Z]{4}0[A-Z0-9]{6}$`)
	accountPattern = regexp.MustCompile(`^[0-9]{9,18}$`)
	emailPattern   = regexp.MustCompile(`^[^@\s<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$`)
)

// accountDigits removes the spaces and hyphens people write inside account
// numbers ("6789 0123 4567").
func accountDigits(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "\u00a0", "").Replace(strings.TrimSpace(s))
}

// validAccount: 9 to 18 digits once spaces and hyphens are removed.
func validAccount(s string) bool { return accountPattern.MatchString(accountDigits(s)) }

// folded reports whether normalName would give s back as it is: ASCII
// without capitals, '.', ',' or tabs, its words one space apart (a PEN, a
// name already folded); normalName then keeps it without building it again.
func folded(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b >= 0x80, b >= 'A' && b <= 'Z', b == '.', b == ',', b == '\t':
			return false
		case b == ' ' && (i == 0 || i == len(s)-1 || s[i-1] == ' '):
			return false
		}
	}
	return true
}

// validIFSC: four letters, a zero, six letters or digits; case and
// surrounding spaces are forgiven.
func validIFSC(s string) bool { return ifscPattern.MatchString(strings.ToUpper(strings.TrimSpace(s))) }

func validEmail(s string) bool { return emailPattern.MatchString(strings.TrimSpace(s)) }

// normalName folds case and runs of spaces and punctuation, for comparing
// names and offices.
func normalName(s string) string {
	if folded(s) {
		return s
	}
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == '.' || r == ',' || r == '\t' || r == '\u00a0'
	}), " ")
}
