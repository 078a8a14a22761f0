package output

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"stpclaims"
)

// ErrNilReport is returned when a report to be written is nil.
var ErrNilReport = errors.New("output: nil report")

// ReplyPart is one workbook answered in a reply: its report, an extra note
// such as "converted from .ods; the annotated copy is .xlsx", and the name of
// the annotated file attached ("" if none).
type ReplyPart struct {
	Report   *stpclaims.Report
	Note     string
	Attached string
}

// formName names a form kind for people.
func formName(k stpclaims.FormKind) string {
	if n := k.Name(); n != "" {
		return n
	}
	return "unknown form"
}

// severityRank orders severities: errors first.
func severityRank(s stpclaims.Severity) int {
	switch s {
	case stpclaims.SeverityError:
		return 0
	case stpclaims.SeverityDeviation:
		return 1
	case stpclaims.SeverityInfo:
		return 2
	}
	return 3
}

// ordered returns the findings errors first, then deviations, then info,
// each group in the report's order.
func ordered(fs []stpclaims.Finding) []stpclaims.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b stpclaims.Finding) int {
		return severityRank(a.Severity) - severityRank(b.Severity)
	})
	return out
}

// counts returns the number of errors, deviations and info findings.
func counts(fs []stpclaims.Finding) (errs, devs, infos int) {
	for _, f := range fs {
		switch f.Severity {
		case stpclaims.SeverityError:
			errs++
		case stpclaims.SeverityDeviation:
			devs++
		case stpclaims.SeverityInfo:
			infos++
		}
	}
	return errs, devs, infos
}

// oneLine folds a message onto one line: text from a sender may hold line
// breaks, and a summary or reply line must not.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// plural writes "1 error", "3 errors".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// findingCell is where a finding is, for people: its cell, else its TA bill
// row, else "".
func findingCell(f stpclaims.Finding) string {
	if f.Cell != "" {
		return displayCell(f.Cell)
	}
	if f.Row > 0 {
		return fmt.Sprintf("row %d", f.Row)
	}
	return ""
}

// settlementLines are the balance and penal interest of a settlement, in
// words, for the summary and the reply.
func settlementLines(rep *stpclaims.Report) []string {
	var out []string
	if rep.Balance.Valid {
		b := rep.Balance.Decimal
		switch b.Sign() {
		case 1:
			out = append(out, fmt.Sprintf("balance: Rs %s of the advance is to be refunded", Rupees(b)))
		case -1:
			out = append(out, fmt.Sprintf("balance: Rs %s is due to the co-ordinator beyond the advance", Rupees(b.Neg())))
		default:
			out = append(out, "balance: nil (the advance equals the admissible expenditure)")
		}
	}
	if rep.PenalInterest.Valid && rep.PenalInterest.Decimal.Sign() != 0 {
		out = append(out, fmt.Sprintf("penal interest: Rs %s (%s late)", Rupees(rep.PenalInterest.Decimal), plural(rep.DaysLate, "day")))
	}
	return out
}

// Summary writes the short human summary `stpclaims check` prints for one
// file, a block for each of its forms (reps, one a programme): a heading
// with the status (and the sheet, when the file holds several forms), one
// line per finding (its severity, the line as the form names it and what
// to do, then the rule and the cell; the why when there is nothing to do),
// and the totals, largest advance (or what it waits for) or balance that
// apply.
func Summary(w io.Writer, reps ...*stpclaims.Report) error {
	if len(reps) == 0 || slices.Contains(reps, nil) {
		return ErrNilReport
	}
	for _, rep := range reps {
		if err := summary(w, rep, len(reps) > 1); err != nil {
			return err
		}
	}
	return nil
}

func summary(w io.Writer, rep *stpclaims.Report, named bool) error {
	var b strings.Builder
	if rep.Status == stpclaims.StatusUnreadable {
		fmt.Fprintf(&b, "%s: %s\n", rep.File, rep.Status)
		reason := oneLine(rep.Reason)
		if reason == "" {
			reason = "the file could not be read as a claim form"
		}
		fmt.Fprintf(&b, "  %s\n", reason)
		_, err := io.WriteString(w, b.String())
		return wrapWrite(err)
	}
	var about []string
	about = append(about, formName(rep.Form))
	if rep.ProgrammeCode != "" {
		about = append(about, "programme "+rep.ProgrammeCode)
	}
	if rep.RateCard != "" {
		about = append(about, "rate card "+rep.RateCard)
	}
	heading := rep.File
	if named {
		heading += ", sheet '" + rep.Sheet + "'"
	}
	fmt.Fprintf(&b, "%s: %s (%s)\n", heading, rep.Status, strings.Join(about, ", "))
	fs := ordered(rep.Findings)
	words := newWording(rep)
	for _, f := range fs {
		text := head(words.subject(f), f)
		if f.Action == "" {
			text = strings.TrimSpace(text + " " + sentence(f.Message))
		}
		ref := f.Rule
		if c := findingCell(f); c != "" {
			ref += ", " + c
		}
		fmt.Fprintf(&b, "  %-10s %s [%s]\n", f.Severity, text, ref)
	}
	if len(fs) == 0 {
		b.WriteString("  no findings\n")
	}
	if rep.Unlisted > 0 {
		fmt.Fprintf(&b, "  %s\n", UnlistedNote(rep.Unlisted))
	}
	maxAdvance, admissible := pendingWords(rep)
	if rep.Totals != nil {
		fmt.Fprintf(&b, "  total claimed: Rs %s, %s: Rs %s%s\n", Rupees(rep.Totals.Claimed), admissibleWord(rep), Rupees(rep.Totals.Admissible), soFar(admissible))
		if admissible != "" {
			fmt.Fprintf(&b, "  %s\n", admissible)
		}
	}
	switch {
	case rep.MaxAdvance.Valid:
		fmt.Fprintf(&b, "  largest advance that may be sanctioned: Rs %s\n", Rupees(rep.MaxAdvance.Decimal))
	case maxAdvance != "":
		fmt.Fprintf(&b, "  %s\n", maxAdvance)
	}
	for _, l := range settlementLines(rep) {
		fmt.Fprintf(&b, "  %s\n", l)
	}
	_, err := io.WriteString(w, b.String())
	return wrapWrite(err)
}

// soFar marks an admissible total that leaves lines out (pending says
// which).
func soFar(pending string) string {
	if pending == "" {
		return ""
	}
	return " so far"
}

// admissibleWord names a form's admissible total: on a TA bill, what the
// DDO pays.
func admissibleWord(rep *stpclaims.Report) string {
	if rep.Form == stpclaims.FormTABill {
		return "admissible (what the DDO pays)"
	}
	return "admissible"
}

func wrapWrite(err error) error {
	if err != nil {
		return fmt.Errorf("output: write: %w", err)
	}
	return nil
}

// statusWords says a status in plain words for the reply.
func statusWords(s stpclaims.Status) string {
	switch s {
	case stpclaims.StatusClean:
		return "In order: no corrections are needed."
	case stpclaims.StatusReview:
		return "Needs a facilitator's decision: nothing has to be corrected by you for now, but the items below need sanction or a facilitator's approval before the claim is passed."
	case stpclaims.StatusReturned:
		return "Returned: please correct the items below and send it again."
	}
	return "Could not be read."
}

// ReplyBody is the plain-text body of the answer to a mail or folder drop
// that carried these workbooks: per workbook its status in plain words, each
// finding on one line (the line as the form names it and what to do, then
// why, then the rule and its clause), the totals, the largest advance that
// may be sanctioned (or what it waits for), and what is attached; a
// rejected file gets the reason and what to send instead.
func ReplyBody(reps []ReplyPart) string {
	var b strings.Builder
	b.WriteString("Dear Co-ordinator,\n\n")
	forms := formsOfFile(reps)
	files := len(forms)
	switch n := len(reps); {
	case n == 0:
		b.WriteString("We received your message but found no workbook in it to check. Please attach the filled form (Annexure II, TA bill or settlement statement) as an Excel (.xlsx) or LibreOffice Calc (.ods) workbook and send it again.\n")
	case n == 1:
		b.WriteString("Thank you for your claim. The workbook you sent has been checked against the State Training Policy guidelines (IMG Proceedings No. 420/2015/IMG dated 09.09.2015). The result is below.\n")
	case files == 1:
		fmt.Fprintf(&b, "Thank you for your claim. The workbook you sent holds %d forms, a sheet each; each has been checked against the State Training Policy guidelines (IMG Proceedings No. 420/2015/IMG dated 09.09.2015). The results are below.\n", n)
	case files == n:
		fmt.Fprintf(&b, "Thank you for your claim. The %d workbooks you sent have been checked against the State Training Policy guidelines (IMG Proceedings No. 420/2015/IMG dated 09.09.2015). The results are below.\n", n)
	default:
		fmt.Fprintf(&b, "Thank you for your claim. The %d workbooks you sent, holding %d forms, have been checked against the State Training Policy guidelines (IMG Proceedings No. 420/2015/IMG dated 09.09.2015). The results are below.\n", files, n)
	}
	cards := map[string]bool{}
	var cardList []string
	anyAttached := false
	for i, p := range reps {
		b.WriteByte('\n')
		if p.Report == nil {
			continue
		}
		writeReplyPart(&b, i+1, len(reps), p, forms[fileKey(p.Report)] > 1)
		if c := p.Report.RateCard; c != "" && p.Report.Status != stpclaims.StatusUnreadable && !cards[c] {
			cards[c] = true
			cardList = append(cardList, c)
		}
		anyAttached = anyAttached || p.Attached != ""
	}
	b.WriteByte('\n')
	if len(cardList) > 0 {
		fmt.Fprintf(&b, "Amounts were checked against rate card %s.\n", strings.Join(cardList, ", "))
	}
	if anyAttached {
		sheets := "The first sheet, \"Findings\", lists every item with a link to its cell."
		if len(forms) < len(reps) {
			sheets = "The first sheet, \"Findings\", lists every item with a link to its cell; a workbook holding several forms has one for each, \"Findings 1\", \"Findings 2\" and so on."
		}
		b.WriteString("In the attached copy, each cell concerned carries a note and is coloured: red for an error, amber for an item needing a decision, blue for information. " + sheets + " Nothing you typed has been changed.\n")
	}
	if len(cardList) > 0 || anyAttached {
		b.WriteByte('\n')
	}
	b.WriteString("This reply was prepared automatically. If you think an item is wrong, please contact your facilitator.\n\n")
	b.WriteString("Regards,\nSTP claims checker\nInstitute of Management in Government (IMG), Kerala\n")
	return b.String()
}

// formsOfFile counts the parts of each file (fileKey) a reply covers.
func formsOfFile(reps []ReplyPart) map[string]int {
	n := map[string]int{}
	for _, p := range reps {
		if p.Report != nil {
			n[fileKey(p.Report)]++
		}
	}
	return n
}

// fileKey tells the files of a reply apart: two attachments may share a
// name, never their bytes and name both.
func fileKey(rep *stpclaims.Report) string { return rep.File + "\x00" + rep.SHA256 }

// writeReplyPart writes part n of a reply of of parts; named says the
// file holds several forms, so the part names its sheet.
func writeReplyPart(b *strings.Builder, n, of int, p ReplyPart, named bool) {
	rep := p.Report
	indent := ""
	if of > 1 {
		fmt.Fprintf(b, "%d. ", n)
		indent = "   "
	}
	heading := stpclaims.Quote(rep.File, stpclaims.MaxQuote)
	if named && rep.Sheet != "" {
		heading += ", sheet '" + stpclaims.Quote(rep.Sheet, stpclaims.MaxQuote) + "'"
	}
	if rep.Status != stpclaims.StatusUnreadable {
		heading += " (" + formName(rep.Form)
		if rep.ProgrammeCode != "" {
			heading += ", programme " + rep.ProgrammeCode
		}
		heading += ")"
	}
	b.WriteString(heading + "\n")
	line := func(format string, a ...any) {
		b.WriteString(indent)
		fmt.Fprintf(b, format, a...)
		b.WriteByte('\n')
	}
	line("%s", statusWords(rep.Status))
	if rep.Status == stpclaims.StatusUnreadable {
		if r := oneLine(rep.Reason); r != "" {
			line("Reason: %s", r)
		}
		line("Please send the filled form (Annexure II, TA bill or settlement statement) as an Excel (.xlsx or .xlsm) or LibreOffice Calc (.ods) workbook, each form on a sheet of its own, with the proforma's labels in place.")
	} else {
		fs := ordered(rep.Findings)
		words := newWording(rep)
		var last stpclaims.Severity = "-"
		for i, f := range fs {
			if i == MaxReplyFindings {
				b.WriteByte('\n')
				line("… and %d more, listed on the Findings sheet of the attached copy.", len(fs)-i)
				break
			}
			if f.Severity != last {
				last = f.Severity
				b.WriteByte('\n')
				line("%s", severityHeading(f.Severity))
			}
			line("- %s", words.line(f))
		}
		if len(fs) > 0 {
			b.WriteByte('\n')
		}
		if rep.Unlisted > 0 {
			line("%s", UnlistedNote(rep.Unlisted))
		}
		maxAdvance, admissible := pendingWords(rep)
		if rep.Totals != nil {
			line("Total claimed: Rs %s; %s: Rs %s%s.", Rupees(rep.Totals.Claimed), admissibleWord(rep), Rupees(rep.Totals.Admissible), soFar(admissible))
			if admissible != "" {
				line("%s", admissible)
			}
		}
		switch {
		case rep.MaxAdvance.Valid:
			line("The largest advance that may be sanctioned: Rs %s.", Rupees(rep.MaxAdvance.Decimal))
		case maxAdvance != "":
			line("%s", maxAdvance)
		}
		for _, s := range settlementLines(rep) {
			line("%s.", upperFirst(s))
		}
	}
	if note := oneLine(p.Note); note != "" {
		line("%s", upperFirst(strings.TrimSuffix(note, "."))+".")
	}
	if p.Attached != "" {
		line("Attached: %s, the checked copy of this workbook.", p.Attached)
	}
}

// MaxReplyFindings is the most findings of one workbook a reply lists;
// the Findings sheet has them all.
const MaxReplyFindings = 100

func severityHeading(s stpclaims.Severity) string {
	switch s {
	case stpclaims.SeverityError:
		return "To be corrected:"
	case stpclaims.SeverityDeviation:
		return "Needing sanction or a facilitator's decision:"
	}
	return "For your information:"
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// ReplySubject is the reply's subject: "Re: " and the original subject (not
// doubled, and without the status tag of an earlier reply), then the status
// in brackets, e.g. "Re: Advance claim [returned: 3 errors]". Line breaks
// are folded so the result is safe as a header value.
func ReplySubject(reps []ReplyPart, originalSubject string) string {
	subj := oneLine(originalSubject)
	if i := strings.LastIndex(subj, " ["); i >= 0 && strings.HasSuffix(subj, "]") && isStatusTag(subj[i+2:len(subj)-1]) {
		subj = strings.TrimSpace(subj[:i])
	}
	switch {
	case subj == "":
		subj = "STP claim check"
	case !hasReplyPrefix(subj):
		subj = "Re: " + subj
	}
	return subj + " [" + statusTag(reps) + "]"
}

func hasReplyPrefix(s string) bool {
	return len(s) >= 3 && strings.EqualFold(s[:3], "re:")
}

var statusTagWords = []string{"returned", "review", "in order", "rejected", "no workbook", "1 ", "2 ", "3 ", "4 ", "5 ", "6 ", "7 ", "8 ", "9 "}

func isStatusTag(s string) bool {
	for _, w := range statusTagWords {
		if strings.HasPrefix(s, w) {
			return true
		}
	}
	return false
}

// statusTag is the bracketed status of a reply: for one workbook its status
// and the count that decides it; for several, how many have each status.
func statusTag(reps []ReplyPart) string {
	var rs []*stpclaims.Report
	for _, p := range reps {
		if p.Report != nil {
			rs = append(rs, p.Report)
		}
	}
	switch len(rs) {
	case 0:
		return "no workbook"
	case 1:
		rep := rs[0]
		errs, devs, _ := counts(rep.Findings)
		switch rep.Status {
		case stpclaims.StatusReturned:
			return "returned: " + plural(errs, "error")
		case stpclaims.StatusReview:
			return "review: " + plural(devs, "deviation")
		case stpclaims.StatusClean:
			return "in order"
		}
		return "rejected: unreadable"
	}
	n := map[stpclaims.Status]int{}
	for _, r := range rs {
		n[r.Status]++
	}
	var parts []string
	for _, s := range []stpclaims.Status{stpclaims.StatusUnreadable, stpclaims.StatusReturned, stpclaims.StatusReview, stpclaims.StatusClean} {
		if n[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[s], shortStatus(s)))
		}
	}
	return strings.Join(parts, ", ")
}

func shortStatus(s stpclaims.Status) string {
	switch s {
	case stpclaims.StatusClean:
		return "in order"
	case stpclaims.StatusReview:
		return "for review"
	case stpclaims.StatusReturned:
		return "returned"
	}
	return "unreadable"
}

// WriteReport writes the report as one line of JSON (the report's own JSON
// form, docs/report.schema.json), newline-terminated, in a single write.
func WriteReport(w io.Writer, rep *stpclaims.Report) error {
	if rep == nil {
		return ErrNilReport
	}
	// MarshalJSON directly: json.Marshal would escape its output again
	// ("II & III" as "II \u0026 III").
	data, err := rep.MarshalJSON()
	if err != nil {
		return fmt.Errorf("output: marshal report %q: %w", rep.File, err)
	}
	_, err = w.Write(append(data, '\n'))
	return wrapWrite(err)
}
