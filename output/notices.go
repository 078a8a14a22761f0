package output

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// The wording of every answer and notice other than a checked workbook's
// reply (text.go): why a file was not checked, the note on a file dropped
// twice, the blank forms sent on request, overdue notices, facilitators'
// digests, the answer to a returned review workbook and the co-ordinator's
// notice of a decision. Each is a function of plain values; package desk
// decides when each is sent and to whom.

// dayFormat is how a day is written for people: 13.02.2026.
const dayFormat = "02.01.2006"

// UnexpectedReason is the reason given for a workbook whose check stopped
// on something unexpected (a recovered panic).
func UnexpectedReason() string {
	return "stpclaims could not read this workbook (it stopped on something unexpected inside the file). Please open it, save it again as .xlsx and send it once more; if this keeps happening, the finance division will look at it."
}

// TimeoutReason is the reason given for a workbook that took longer than
// timeout to check.
func TimeoutReason(timeout time.Duration) string {
	return fmt.Sprintf("stpclaims gave up reading this workbook after %s: it is too large or too complex. Please send the form alone in a smaller workbook (.xlsx).", timeout)
}

// NotConvertedReason is the reason given for an .ods or .xls workbook
// (format "ods" or "xls") that could not be converted to .xlsx.
func NotConvertedReason(format string) string {
	return fmt.Sprintf("This .%s workbook could not be converted to .xlsx. Please open it, save it as .xlsx (Excel 2007-365) and send it again.", format)
}

// ConvertedNote is the reply's note on a workbook that came as .ods or .xls
// (format) and was checked as .xlsx.
func ConvertedNote(format string) string {
	return fmt.Sprintf("The workbook came as .%s; the annotated copy comes back as .xlsx.", format)
}

// OversizedReason is what a reply says of a workbook too large to fetch:
// the name to show for it and why it was not checked. An empty name stands
// for the whole message.
func OversizedReason(name string) (file, reason string) {
	what := "This workbook"
	if name == "" {
		name, what = "(your message)", "Your message"
	}
	return name, what + " is too large for stpclaims to take, so it was not checked. Please send the form alone in a smaller workbook (.xlsx), one form per mail if need be."
}

// DuplicateDropNote is the answer to a file dropped in the shared folder
// whose bytes were entered before, as earlier, received at received (in
// the zone to show) with the given status.
func DuplicateDropNote(name, earlier string, received time.Time, status stpclaims.Status) string {
	return fmt.Sprintf("%s is the same file (byte for byte) as %s, received %s and already answered (status %s). It was not entered again.\n",
		name, earlier, received.Format("02.01.2006 15:04"), status)
}

// TemplateForms names the three blank forms attached to an answer to a
// request for them: their file names, and the rate card whose rates they
// carry with the day it came into force.
type TemplateForms struct {
	AnnexureII, TABill, Settlement string
	Card                           string
	CardFrom                       time.Time
}

// TemplateReply is the subject and body of the answer to a request for the
// blank forms.
func TemplateReply(f TemplateForms) (subject, body string) {
	return "Re: template", fmt.Sprintf(`The blank forms for STP programmes are attached:

  %s  Annexure II, the proforma for claiming an advance
  %s  the TA bill of participants and guest faculty
  %s  the settlement statement of the advance

They follow IMG Proceedings No. 420/2015/IMG and the rates of card %s (in force from %s). Type in the tinted cells only; the grey Limit column shows the most each line may claim and turns a line red when it is over. The Instructions sheet of each form gives the clause each line follows.

Send the filled form back as .xlsx to this address; it is checked and answered automatically.
`, f.AnnexureII, f.TABill, f.Settlement, f.Card, f.CardFrom.Format(dayFormat))
}

// Overdue is an advance paid and past its settle-by date (ADV-OVERDUE), as
// its notice tells of it.
type Overdue struct {
	Code, Name    string
	End, SettleBy time.Time // the programme's last day, the day it was to be settled by
	AsOf          time.Time // the day penal interest is counted to
	DaysOverdue   int
	// Advance is the amount paid, on PaidOn; Rate the card's penal
	// interest a year (0.12); Penal the penal interest to AsOf.
	Advance, Penal decimal.Decimal
	PaidOn         time.Time
	Rate           decimal.Decimal
}

// OverdueNotice is the subject and body of the notice to the co-ordinator,
// the facilitator and the finance division of an advance paid and not
// settled in time.
func OverdueNotice(o Overdue) (subject, body string) {
	var w strings.Builder
	fmt.Fprintf(&w, "The advance for programme %s (%s), which ended on %s, was to be settled by %s.\n\n",
		o.Code, o.Name, o.End.Format(dayFormat), o.SettleBy.Format(dayFormat))
	paid := ""
	if !o.PaidOn.IsZero() {
		paid = " paid on " + o.PaidOn.Format(dayFormat)
	}
	fmt.Fprintf(&w, "On %s it is %d days overdue. Penal interest at %s %% a year on the advance of Rs %s%s comes to Rs %s to date, and grows each day until the settlement statement reaches the finance division (clause VII of the 2015 order).\n\n",
		o.AsOf.Format(dayFormat), o.DaysOverdue, o.Rate.Mul(decimal.NewFromInt(100)).String(), Rupees(o.Advance), paid, Rupees(o.Penal))
	w.WriteString("Please send the settlement statement with the co-ordinator's report as soon as possible.\n")
	return fmt.Sprintf("Advance for %s not settled: penal interest Rs %s to date", o.Code, Rupees(o.Penal)), w.String()
}

// Digest is what a facilitator's weekly mail carries: how many deviations
// await their decision, of how many claims, the programmes in their
// register, and the claims' annotated copies attached and not.
type Digest struct {
	Deviations, Claims, Programmes int
	// Attached are the annotated copies attached (their file names);
	// NotAttached the claims (their file names) whose copy is not: none
	// was kept, or the mail would be too large.
	Attached, NotAttached []string
}

// DigestMail is the subject and body of the mail that carries a
// facilitator's weekly review workbook: the deviations awaiting their
// decision, the claims they belong to with their annotated copies, and
// the register of their programmes' advances.
func DigestMail(d Digest) (subject, body string) {
	subject = fmt.Sprintf("STP claims: %s awaiting your decision", plural(d.Deviations, "deviation"))
	if d.Deviations == 0 {
		subject = fmt.Sprintf("STP claims: the register of your %s", plural(d.Programmes, "programme"))
	}
	var w strings.Builder
	if d.Deviations > 0 {
		fmt.Fprintf(&w, "The attached review workbook lists the %s in %s of your programmes that await your decision (sheet Review), "+
			"the claims with their co-ordinators, totals and largest advance (sheet Claims) and their lines claimed and admissible (sheet Lines), ",
			plural(d.Deviations, "deviation"), plural(d.Claims, "claim"))
	} else {
		w.WriteString("The attached review workbook holds ")
	}
	w.WriteString("the register of the advances of your programmes (sheet Register): for each, its state, the amount at each step, " +
		"the day it is to be settled by, and any days overdue and penal interest.\n\n")
	if len(d.Attached) > 0 {
		fmt.Fprintf(&w, "The annotated copy of each claim is attached too, as its co-ordinator received it (%s): its cells are marked "+
			"and its Findings sheet says what each finding is.\n", strings.Join(d.Attached, ", "))
	}
	if len(d.NotAttached) > 0 {
		fmt.Fprintf(&w, "The annotated copy of %s is not attached (none was kept, or the mail would be too large); "+
			"its co-ordinator has it with the reply to the claim.\n", strings.Join(d.NotAttached, ", "))
	}
	if len(d.Attached)+len(d.NotAttached) > 0 {
		w.WriteString("\n")
	}
	w.WriteString("For each row of Review you decide on, choose Approve, Reject or Query in the Decision column and add Remarks if you wish; " +
		"leave the rest blank. Then send the workbook back to this address as it is (do not copy the rows into another workbook: " +
		"hidden columns identify each claim). A query goes back to the co-ordinator.\n")
	return subject, w.String()
}

// ReviewAnswerSubject is the subject of the answer to a returned review
// workbook of the given file name.
func ReviewAnswerSubject(name string) string { return "Re: your review workbook " + name }

// ReviewUnreadable is the answer to a workbook taken for a review workbook
// that could not be read as one.
func ReviewUnreadable(name string, err error) string {
	return fmt.Sprintf("%s could not be read as a stpclaims review workbook (%v). Please send back the workbook as it was sent to you.\n", name, err)
}

// ReviewTaken is what came of a returned review workbook: each decision
// recorded, recorded before from the same workbook, or refused (with why),
// each row not read (with why), how many rows were left undecided, and the
// advances recommended.
type ReviewTaken struct {
	Recorded, Already []Decided
	Undecided         int
	Refused           []Refusal
	NotRead           []string // why each row was not read
	// Recommendations are the advances the Register sheet recommended,
	// each recorded, already recorded or refused.
	Recommendations []Recommended
}

// Decided is a decision of a returned review workbook: the claim and the
// finding it is on, as the workbook showed them, and what was decided.
type Decided struct {
	Claim, Finding   int64
	File, Code, Rule string // the claim's file, its programme, the finding's rule
	Decision         string // "approve", "reject" or "query"
	Remarks          string
}

// Recommended is an advance recommended in a returned review workbook, and
// what came of it.
type Recommended struct {
	Code     string
	Amount   decimal.Decimal // as recorded (the largest advance for "Yes")
	Recorded bool
	Already  bool
	Rule     string // of a refusal
	Reason   string // why refused, or what was already recorded
}

// Refusal is a decision refused, and why.
type Refusal struct {
	Decided
	Reason string
}

// ReviewAnswer is the body of the answer to a returned review workbook: a
// line of counts, then every decision recorded and every one refused with
// the reason, each row not read, the decisions recorded before from the
// same workbook, and the recommendations.
func ReviewAnswer(t ReviewTaken) string {
	var w strings.Builder
	fmt.Fprintf(&w, "%s recorded, %d refused, %s left undecided.\n", plural(len(t.Recorded), "decision"),
		len(t.Refused)+len(t.NotRead), plural(t.Undecided, "row"))
	list := func(title string, n int, line func(i int) string) {
		if n == 0 {
			return
		}
		fmt.Fprintf(&w, "\n%s:\n", title)
		for i := range n {
			fmt.Fprintf(&w, "- %s\n", line(i))
		}
	}
	list("Recorded", len(t.Recorded), func(i int) string { return decidedLine(t.Recorded[i]) })
	list("Refused, not recorded", len(t.Refused), func(i int) string {
		r := t.Refused[i]
		return fmt.Sprintf("%s: %s. %s", decidedName(r.Decided), upperFirst(decisionWord(r.Decision, false)), r.Reason)
	})
	list("Not read", len(t.NotRead), func(i int) string { return t.NotRead[i] })
	list("Recorded before, from this same workbook", len(t.Already), func(i int) string { return decidedLine(t.Already[i]) })
	var recs []string
	for _, r := range t.Recommendations {
		switch {
		case r.Recorded:
			recs = append(recs, fmt.Sprintf("Recommended: the advance of %s at Rs %s; it goes to the Finance Division for sanction.", r.Code, Rupees(r.Amount)))
		case r.Already:
			recs = append(recs, "Already recorded: "+r.Reason)
		default:
			recs = append(recs, fmt.Sprintf("Not recommended (%s, %s): %s", r.Code, r.Rule, r.Reason))
		}
	}
	list("Advances", len(recs), func(i int) string { return recs[i] })
	return w.String()
}

// decidedName names a decision's finding as the workbook showed it:
// "STP/REV/2026/011, a.xlsx (claim 12), AII-LEAD-TIME".
func decidedName(d Decided) string {
	var parts []string
	if d.Code != "" {
		parts = append(parts, d.Code)
	}
	claim := fmt.Sprintf("claim %d", d.Claim)
	if d.File != "" {
		claim = fmt.Sprintf("%s (claim %d)", d.File, d.Claim)
	}
	parts = append(parts, claim)
	if d.Rule != "" {
		parts = append(parts, d.Rule)
	} else {
		parts = append(parts, fmt.Sprintf("finding %d", d.Finding))
	}
	return strings.Join(parts, ", ")
}

// decidedLine is a decision recorded: what, and the remarks.
func decidedLine(d Decided) string {
	s := decidedName(d) + ": " + decisionWord(d.Decision, true)
	if r := strings.TrimSpace(d.Remarks); r != "" {
		s += ". Remarks: " + r
	}
	return s
}

// decisionWord is a decision as done ("approved") or as asked ("approve").
func decisionWord(d string, done bool) string {
	if !done {
		return strings.ToLower(d)
	}
	switch strings.ToLower(d) {
	case "approve":
		return "approved"
	case "reject":
		return "rejected"
	case "query":
		return "queried"
	}
	return strings.ToLower(d)
}

// ClaimDecision is a facilitator's decision on a claim, as its co-ordinator
// is told of it.
type ClaimDecision struct {
	By         string // the facilitator
	File, Code string // the claim's file and programme code
	// State is what the claim became: "approved", "rejected" or "query"
	// (as the store records it).
	State   string
	Remarks []Remark // the remarks recorded with the decisions on this claim
}

// Remark is a decision's remark: the decision ("approve", "reject",
// "query") and the facilitator's words.
type Remark struct{ Decision, Text string }

// DecisionNotice is the subject and body of the notice to a co-ordinator
// that a facilitator decided on their claim.
func DecisionNotice(d ClaimDecision) (subject, body string) {
	var w strings.Builder
	what := map[string]string{
		"approved": "approved every deviation in",
		"rejected": "rejected",
		"query":    "has a query on",
	}[d.State]
	fmt.Fprintf(&w, "The facilitator (%s) %s your claim %s (programme %s).\n", d.By, what, d.File, d.Code)
	for _, r := range d.Remarks {
		fmt.Fprintf(&w, "\n%s: %s", upperFirst(r.Decision), r.Text)
	}
	if d.State == "query" {
		w.WriteString("\n\nPlease answer the query and send the claim again, revised if need be.")
	}
	w.WriteString("\n")
	return fmt.Sprintf("Your claim %s: %s", d.Code, d.State), w.String()
}

// UnmarkedNote is the reply's note on a workbook whose findings could not be
// marked on it (findings of them, more than excelize can link, or a sheet
// it cannot write back) and come back in name, a workbook of the Findings
// sheet alone.
func UnmarkedNote(findings int, name string) string {
	why := "stpclaims could not mark the findings on this workbook"
	if findings > MaxLinkedFindings {
		why = fmt.Sprintf("This workbook has %d findings, more than stpclaims can mark on it", findings)
	}
	return fmt.Sprintf("%s: they come back in %s, a workbook of the Findings sheet alone.", why, name)
}

// MemoryReason is the reason given for a workbook whose check was stopped
// when it passed maxMemory bytes.
func MemoryReason(maxMemory int64) string {
	return fmt.Sprintf("This workbook needs more memory to open than a claim form ever does (stpclaims stopped at %d MB). "+
		"Please open it, save it again as a plain .xlsx workbook holding only the form, and send that.", maxMemory>>20)
}

// SlowReason is the reason given for a workbook whose check was stopped
// when it took longer than timeout.
func SlowReason(timeout time.Duration) string {
	return fmt.Sprintf("This workbook needs more time to open than a claim form ever does (stpclaims stopped after %s). "+
		"Please open it, save it again as a plain .xlsx workbook holding only the form, and send that.", timeout)
}

// FailedReason is the reason given for a workbook whose check failed twice
// for the file's own sake: the worker checking it died on it (crashed), or
// the check stopped on something in it.
func FailedReason(crashed bool) string {
	what := "stpclaims stopped on something inside this workbook twice"
	if crashed {
		what = "the program checking this workbook failed on it twice"
	}
	return what + ", so it could not be checked. Please open it, save it again as a plain .xlsx workbook holding only the form, and send that; if this keeps happening, the finance division will look at it."
}

// UncheckedReason is what a reply says of the workbooks of a mail past the
// first max, which were not checked.
func UncheckedReason(max int) string {
	return fmt.Sprintf("This workbook was not checked: stpclaims checks at most %d workbooks of one mail, the first %d. Please send the others in another mail.", max, max)
}

// UnlistedNote says that n findings of a workbook were not listed (a report
// lists stpclaims.MaxFindings at most).
func UnlistedNote(n int) string {
	return fmt.Sprintf("%d more findings are not listed: correct the ones listed and send the workbook again, and the rest will be checked then.", n)
}
