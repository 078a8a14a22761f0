package ebt

import (
	"strings"
	"unicode"

	"stpclaims"
)

// person is what identifies a payee or a row, normalised: PEN without
// spaces, hyphens or slashes in capitals, name and office with case, spaces
// and punctuation folded.
type person struct{ kind, pen, name, office string }

func newPerson(kind, pen, name, office string) person {
	return person{kind, normPEN(pen), normName(name), normName(office)}
}

func (p Payee) person() person { return newPerson(p.Kind, p.PEN, p.Name, p.Office) }

func rowPerson(r *stpclaims.EBTRow) person { return newPerson(r.Kind, r.PEN, r.Name, r.Office) }

// samePerson reports whether two rows name the same person: the same kind
// and PEN when both have one, else the same name (and, for participants
// with offices written on both, the same office), case, spaces and
// punctuation aside.
func samePerson(a, b person) bool {
	if a.kind != b.kind {
		return false
	}
	if a.pen != "" && b.pen != "" {
		return a.pen == b.pen
	}
	if a.name == "" || a.name != b.name {
		return false
	}
	if a.kind == stpclaims.PayeeParticipant && a.office != "" && b.office != "" && a.office != b.office {
		return false
	}
	return true
}

// people indexes values by the PEN and the name of the person they
// belong to, so that a person's rows are found without comparing every
// pair: whoever samePerson matches shares a PEN or a name.
type people[T any] struct{ byPEN, byName map[string][]T }

func newPeople[T any]() *people[T] {
	return &people[T]{byPEN: map[string][]T{}, byName: map[string][]T{}}
}

func (x *people[T]) add(p person, v T) {
	if p.pen != "" {
		x.byPEN[p.kind+"\x00"+p.pen] = append(x.byPEN[p.kind+"\x00"+p.pen], v)
	}
	if p.name != "" {
		x.byName[p.kind+"\x00"+p.name] = append(x.byName[p.kind+"\x00"+p.name], v)
	}
}

// candidates are the values that may be p's (some twice): samePerson
// decides.
func (x *people[T]) candidates(p person) []T {
	var out []T
	if p.pen != "" {
		out = append(out, x.byPEN[p.kind+"\x00"+p.pen]...)
	}
	if p.name != "" {
		out = append(out, x.byName[p.kind+"\x00"+p.name]...)
	}
	return out
}

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
