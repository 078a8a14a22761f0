package output

import (
	"fmt"
	"strings"

	"stpclaims"
)

// This file composes what a note, a Findings row and a reply line say of a
// finding: the line as the form names it and what to do first, then why,
// then the rule and its clause:
//
//	Line 14, Food & Refreshments: reduce to Rs 32,055 (over by Rs 7,945).
//	Food & Refreshments (line 14) may be at most Rs 32,055 for …; Rs 40,000
//	is claimed. (AII-FOOD; clause cost sheet, III, I(i), Annexure II 14)
//
// The line's words come from the root package's vocabulary
// (stpclaims.LabelOf); the action and the why are the rule's, worded in
// package validate.

// wording names the places of one report's findings.
type wording struct {
	form stpclaims.FormKind
	// people indexes a TA bill's people by sheet (folded) and row.
	people map[personKey]int
	rep    *stpclaims.Report
}

type personKey struct {
	sheet string // strings.ToLower of the sheet's name
	row   int
}

func newWording(rep *stpclaims.Report) *wording {
	w := &wording{form: rep.Form, rep: rep}
	if len(rep.People) > 0 {
		w.people = make(map[personKey]int, len(rep.People))
		for i, p := range rep.People {
			w.people[personKey{strings.ToLower(p.Sheet), p.Row}] = i
		}
	}
	return w
}

// facultyFields are the columns only a Guest Faculty table has.
var facultyFields = map[string]bool{"govt_employee": true, "local": true, "sessions_taken": true, "days_engaged": true,
	"remuneration": true, "conveyance": true, "travel": true}

// person finds the TA bill row a finding is on: by its cell's sheet and
// row, else (a finding with no cell) by its row among the participants.
// faculty reports whether the row is a guest faculty member's, also when
// the report does not list its people.
func (w *wording) person(f stpclaims.Finding) (p stpclaims.Person, found, faculty bool) {
	sheet := ""
	if r, ok := parseCellRef(f.Cell); ok {
		sheet = r.Sheet
	}
	faculty = facultyFields[f.Field] || strings.Contains(strings.ToLower(sheet), "faculty")
	if w.people == nil {
		return stpclaims.Person{}, false, faculty
	}
	if sheet != "" {
		if i, ok := w.people[personKey{strings.ToLower(sheet), f.Row}]; ok {
			p := w.rep.People[i]
			return p, true, p.Faculty
		}
		return stpclaims.Person{}, false, faculty
	}
	for _, p := range w.rep.People {
		if !p.Faculty && p.Row == f.Row {
			return p, true, false
		}
	}
	return stpclaims.Person{}, false, faculty
}

// subject names where a finding is, as the form names it: "Line 14, Food &
// Refreshments"; on a TA bill's row "Row 7, Anil Kumar, Fare claimed" or
// "Guest faculty row 4, Dr. Rema, Travel claimed". A field the form has
// no label for is named by its cell; "" when there is neither, or for a
// finding on no field of the form on another sheet than the form's.
func (w *wording) subject(f stpclaims.Finding) string {
	if w.form == stpclaims.FormTABill && f.Row > 0 {
		if s, ok := w.rowSubject(f); ok {
			return s
		}
	}
	if l, ok := stpclaims.LabelOf(w.form, f.Field); ok {
		return l.String()
	}
	if f.Field == "" {
		if r, ok := parseCellRef(f.Cell); ok && w.rep.Sheet != "" && !strings.EqualFold(r.Sheet, w.rep.Sheet) && f.Row == 0 {
			return "" // on another sheet of the workbook (READ-SKIPPED, READ-HIDDEN): its message names it
		}
		return "The " + formName(w.form) // a finding on the whole form
	}
	if f.Cell != "" {
		return displayCell(f.Cell)
	}
	return ""
}

// rowSubject names a finding on a TA bill's row; false for one that is
// not on a person's row (the bill's Total row).
func (w *wording) rowSubject(f stpclaims.Finding) (string, bool) {
	p, found, faculty := w.person(f)
	column, ok := stpclaims.ParticipantLabel(f.Field)
	if faculty {
		column, ok = stpclaims.FacultyLabel(f.Field)
	}
	if !found && !ok {
		return "", false
	}
	if !found && f.Field == "total" && w.people != nil && len(w.rep.People) == w.rep.PeopleInBill {
		return "", false // the bill's Total row, which is no one's
	}
	parts := []string{fmt.Sprintf("Row %d", f.Row)}
	if faculty {
		parts[0] = fmt.Sprintf("Guest faculty row %d", f.Row)
	}
	if found && p.Name != "" {
		parts = append(parts, oneLine(p.Name))
	}
	if ok {
		parts = append(parts, column.Name)
	}
	return strings.Join(parts, ", "), true
}

// ruleRef is the rule and its clause as a finding's text ends: "(AII-FOOD;
// clause cost sheet, III, I(i), Annexure II 14)".
func ruleRef(f stpclaims.Finding) string {
	if f.Clause == "" || f.Clause == "—" {
		return "(" + f.Rule + ")"
	}
	return "(" + f.Rule + "; clause " + f.Clause + ")"
}

// head is what a finding's text starts with: the subject and the action,
// "Line 14, Food & Refreshments: reduce to Rs 32,055 (over by Rs 7,945).";
// the subject alone ("Line 14, Food & Refreshments:") when there is no
// action, the action alone when there is no subject.
func head(subject string, f stpclaims.Finding) string {
	action := strings.TrimSuffix(oneLine(f.Action), ".")
	switch {
	case subject != "" && action != "":
		return subject + ": " + action + "."
	case subject != "":
		return subject + ":"
	case action != "":
		return upperFirst(action) + "."
	}
	return ""
}

// sentence is a message as one line ending with a full stop.
func sentence(s string) string {
	s = oneLine(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!") {
		return s
	}
	return s + "."
}

// line is a finding on one line, as a reply line and a Findings row's
// summary say it: head, why, rule.
func (w *wording) line(f stpclaims.Finding) string {
	parts := []string{head(w.subject(f), f), sentence(f.Message), ruleRef(f)}
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// noteText is the text of one cell's note: for each finding whose cell it
// is, its head, why, amounts and rule, each on a line of its own; for each
// finding it is the reason of, which amount that finding cuts and why.
func (w *wording) noteText(t *target) string {
	var b strings.Builder
	sep := func() {
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
	}
	for _, fd := range t.findings {
		sep()
		writeLines(&b, []string{head(w.subject(fd), fd), sentence(fd.Message), amountsLine(fd), ruleLine(fd)})
	}
	for _, fd := range t.reasons {
		sep()
		where := displayCell(fd.Cell)
		if r, ok := parseCellRef(fd.Cell); ok && strings.EqualFold(r.Sheet, t.ref.Sheet) {
			where = r.cellName()
		}
		action := strings.TrimSuffix(oneLine(fd.Action), ".")
		writeLines(&b, []string{
			fmt.Sprintf("The reason for the cut in %s (%s): %s.", w.subject(fd), where, action),
			sentence(fd.Message),
			ruleLine(fd),
		})
	}
	return b.String()
}

// ruleLine is a note's last line on a finding: "AII-FOOD (cost sheet,
// III, I(i), Annexure II 14): error."
func ruleLine(fd stpclaims.Finding) string {
	if fd.Clause == "" || fd.Clause == "—" {
		return fmt.Sprintf("%s: %s.", fd.Rule, fd.Severity)
	}
	return fmt.Sprintf("%s (%s): %s.", fd.Rule, fd.Clause, fd.Severity)
}

func writeLines(b *strings.Builder, lines []string) {
	first := true
	for _, l := range lines {
		if l == "" {
			continue
		}
		if !first {
			b.WriteByte('\n')
		}
		b.WriteString(l)
		first = false
	}
}

// amountsLine is a finding's amounts for a note: "Claimed Rs 40,000; cap
// Rs 32,055; admissible Rs 32,055."; "" when it has none.
func amountsLine(fd stpclaims.Finding) string {
	var amounts []string
	if fd.Claimed.Valid {
		amounts = append(amounts, "claimed Rs "+Rupees(fd.Claimed.Decimal))
	}
	if fd.Allowed.Valid {
		amounts = append(amounts, "cap Rs "+Rupees(fd.Allowed.Decimal))
	}
	if fd.Admissible.Valid {
		amounts = append(amounts, "admissible Rs "+Rupees(fd.Admissible.Decimal))
	}
	if len(amounts) == 0 {
		return ""
	}
	return upperFirst(strings.Join(amounts, "; ")) + "."
}

// pendingWords says what the figures of rep that could not be worked out
// wait for: the largest advance ("The largest advance cannot be worked out
// until line 4, No. of participants, is readable.") and the lines left out
// of the admissible total; "" for either when nothing waits.
func pendingWords(rep *stpclaims.Report) (maxAdvance, admissible string) {
	var advFields, lines, lineFields []stpclaims.Pending
	seenLine := map[string]bool{}
	for _, p := range rep.Pending {
		if p.Figure == stpclaims.FigureMaxAdvance {
			advFields = append(advFields, p)
			continue
		}
		if !seenLine[p.Figure] {
			seenLine[p.Figure] = true
			lines = append(lines, p)
		}
		if !containsField(lineFields, p.Field) {
			lineFields = append(lineFields, p)
		}
	}
	if len(advFields) > 0 {
		maxAdvance = "The largest advance cannot be worked out until " + waitedFor(rep.Form, advFields) + "."
	}
	if len(lines) > 0 {
		var names []string
		for _, l := range lines {
			names = append(names, labelInSentence(rep.Form, l.Figure)+",")
		}
		them := "them"
		if len(names) == 1 {
			them = "it"
		}
		admissible = upperFirst(joinAnd(names)) + " cannot be worked out until " + waitedFor(rep.Form, lineFields) +
			"; the admissible total leaves " + them + " out."
	}
	return maxAdvance, admissible
}

func containsField(ps []stpclaims.Pending, field string) bool {
	for _, p := range ps {
		if p.Field == field {
			return true
		}
	}
	return false
}

// waitedFor lists the fields figures wait for, each with what it needs:
// "line 4, No. of participants, is readable and line 6, …, is filled in".
func waitedFor(form stpclaims.FormKind, ps []stpclaims.Pending) string {
	var parts []string
	for _, p := range ps {
		need := "is filled in"
		switch p.State {
		case stpclaims.Unreadable:
			need = "is readable"
		case stpclaims.Present:
			need = "is at least 1"
		}
		parts = append(parts, labelInSentence(form, p.Field)+", "+need)
	}
	return joinAnd(parts)
}

// labelInSentence names a field of form within a sentence: "line 4, No. of
// participants"; by its canonical name when the form has no label for it.
func labelInSentence(form stpclaims.FormKind, field string) string {
	if l, ok := stpclaims.LabelOf(form, field); ok {
		return l.InSentence()
	}
	return strings.ReplaceAll(field, "_", " ")
}

// joinAnd joins words as a sentence lists them: "a", "a and b", "a, b and
// c".
func joinAnd(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
