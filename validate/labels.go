package validate

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// This file words what the messages and actions say of the form's own
// lines: the labels come from the root package's vocabulary
// (stpclaims.LabelOf), never from literals here.

// labelIn names a field of a form of kind within a sentence: "No. of
// participants (line 4)"; a field the form has no label for by its
// canonical name.
func labelIn(kind stpclaims.FormKind, field string) string {
	l, ok := stpclaims.LabelOf(kind, field)
	if !ok {
		return strings.ReplaceAll(field, "_", " ")
	}
	return named(l)
}

// named is a label within a sentence, its name first: "Food &
// Refreshments (line 14)".
func named(l stpclaims.Label) string {
	if l.Line == 0 {
		return l.Name
	}
	return fmt.Sprintf("%s (line %d)", l.Name, l.Line)
}

// aiiLine names an Annexure II field within a sentence, its line first:
// "line 6, Number of sessions allotted to Guest Faculty".
func aiiLine(field string) string {
	if l, ok := stpclaims.LabelOf(stpclaims.FormAnnexureII, field); ok {
		return l.InSentence()
	}
	return strings.ReplaceAll(field, "_", " ")
}

// aiiLabel names an Annexure II field within a sentence.
func aiiLabel(field string) string { return labelIn(stpclaims.FormAnnexureII, field) }

// columnLabel names a TA bill column within a sentence: "Fare claimed".
func columnLabel(faculty bool, field string) string {
	l, ok := stpclaims.ParticipantLabel(field)
	if faculty {
		l, ok = stpclaims.FacultyLabel(field)
	}
	if !ok {
		return strings.ReplaceAll(field, "_", " ")
	}
	return l.Name
}

// The actions findings start with. Each suggests at most the cap it
// names.

// reduceTo is the action on an amount claimed above the most that may be
// admitted: "reduce to Rs 32,055 (over by Rs 7,945)".
func reduceTo(claimed, most decimal.Decimal) string {
	return fmt.Sprintf("reduce to %s (over by %s)", rupees(most), rupees(claimed.Sub(most)))
}

// strikeOut is the action on an amount none of which is admissible:
// "strike out the fare of Rs 480 (none of it is admissible)".
func strikeOut(what string, claimed decimal.Decimal) string {
	return fmt.Sprintf("strike out the %s of %s (none of it is admissible)", what, rupees(claimed))
}

const (
	actionFillIn      = "fill it in"
	actionFacilitator = "get the facilitator's decision"
)

// writePlainly is the action on a value written but unreadable: how to
// write a field of its kind.
func writePlainly(field string) string {
	switch field {
	case "start_date", "end_date", "advance_date", "settled_on":
		return "write the date as dd.mm.yyyy"
	case "account_no":
		return "write the account number, 9 to 18 digits"
	case "ifsc":
		return "write the IFSC of the branch, e.g. SBIN0070123"
	case "training_days", "participants", "accommodated", "guest_faculty", "outstation_guest_faculty", "guest_sessions",
		"days_attended", "days_absent", "sessions_taken", "days_engaged":
		return "write it as a whole number"
	case "distance_km", "auto_km":
		return "write the kilometres as a number"
	case "venue_govt_owned", "govt_employee", "local":
		return "write Yes or No"
	case "eligible_fare", "fare_claimed", "auto_fare", "full_da_rate", "da_claimed", "total", "remuneration", "conveyance",
		"travel", "advance_received", "subtotal", "advance_claimed":
		return "write the amount in rupees, as a number"
	}
	if _, ok := stpclaims.ComponentLabel(strings.TrimPrefix(field, "actual_")); ok {
		return "write the amount in rupees, as a number"
	}
	return "write it plainly"
}

// componentLabel names a settlement component within a sentence: "Food &
// Refreshments (line 14)".
func componentLabel(field string) string {
	l, ok := stpclaims.ComponentLabel(field)
	if !ok {
		return strings.ReplaceAll(field, "_", " ")
	}
	return named(l)
}

// joinAnd joins words as a sentence lists them: "1", "1 and 4", "1, 4 and
// 5".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
