package ebt

import (
	"strings"
	"unicode"

	"stpclaims"
)

// samePerson reports whether two rows name the same person: the same kind
// and PEN when both have one, else the same name (and, for participants
// with offices written on both, the same office), case, spaces and
// punctuation aside.
func samePerson(a, b person) bool {
	if a.kind != b.kind {
		return false
	}
	pa, pb := normPEN(a.pen), normPEN(b.pen)
	if pa != "" && pb != "" {
		return pa == pb
	}
	na := normName(a.name)
	if na == "" || na != normName(b.name) {
		return false
	}
	if a.kind == stpclaims.PayeeParticipant {
		oa, ob := normName(a.office), normName(b.office)
		if oa != "" && ob != "" && oa != ob {
			return false
		}
	}
	return true
}

// person is what identifies a payee or a row.
type person struct{ kind, pen, name, office string }

func (p Payee) person() person { return person{p.Kind, p.PEN, p.Name, p.Office} }

func rowPerson(r *stpclaims.EBTRow) person { return person{r.Kind, r.PEN, r.Name, r.Office} }

func normPEN(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == '/' {
			return -1
		}
		return r
	}, s))
}

// normName folds case, and runs of spaces and punctuation into one space.
func normName(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}), " ")
}

// signature identifies a row of the second sheet, so that the same person
// with the same amount and reason is not put on a second sheet twice.
func signature(r *stpclaims.EBTRow) string {
	return r.Kind + "\x00" + normPEN(r.PEN) + "\x00" + normName(r.Name) + "\x00" + r.Amount.String() + "\x00" + r.Reason
}
