package output

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// The wording of the Finance Division's Sanctions workbook: the mail that
// carries it, and the answer to one sent back.

// SanctionsMail is the subject and body of the mail that carries the
// Sanctions workbook of rows advances to the finance addresses.
func SanctionsMail(rows int) (subject, body string) {
	return fmt.Sprintf("STP advances: %d to sanction or pay", rows),
		"The attached workbook lists every STP advance the facilitator has recommended and the Finance Division has not yet sanctioned, " +
			"and every advance sanctioned and not yet paid.\n\n" +
			"For each advance you sanction, fill the tinted cells Sanctioned (Rs), Sanction order no. and Sanction order date; when it is paid, " +
			"Paid (Rs), Paid on, Mode (bank transfer or cheque) and Reference. To stop a programme, choose Withdraw. Leave the other rows blank.\n\n" +
			"Then send the workbook back to this address from a finance address, or drop it in the shared folder, as it is: hidden columns identify each advance. " +
			"Each row is recorded once, with who sent it and when; a row that sanctions more than the recommendation, pays more than the sanction, " +
			"is dated before the request or names a claim revised since is refused, with the reason, and the other rows are recorded.\n"
}

// SanctionsAnswerSubject is the subject of the answer to a returned
// Sanctions workbook.
func SanctionsAnswerSubject(name string) string { return "Re: your Sanctions workbook " + name }

// SanctionsUnreadable is the answer to a workbook taken for a Sanctions
// workbook that could not be read as one.
func SanctionsUnreadable(name string, err error) string {
	return fmt.Sprintf("%s could not be read as a stpclaims Sanctions workbook (%v). Please send back the workbook as it was sent to you.\n", name, err)
}

// SanctionStep is one step a returned Sanctions workbook asked for, and
// what came of it.
type SanctionStep struct {
	Code     string
	Action   stpclaims.AdvanceAction // sanction, pay or withdraw
	Amount   decimal.NullDecimal
	Recorded bool
	Already  bool
	Rule     string // of a refusal
	Reason   string // why refused, or what was already recorded
}

// SanctionsTaken is what came of a returned Sanctions workbook.
type SanctionsTaken struct {
	Steps   []SanctionStep
	NotRead []string // why each row was not read
	Blank   int      // rows left as they were
}

// Counts counts the steps recorded, already recorded and refused, and the
// rows not read.
func (t SanctionsTaken) Counts() (recorded, already, refused int) {
	for _, s := range t.Steps {
		switch {
		case s.Recorded:
			recorded++
		case s.Already:
			already++
		default:
			refused++
		}
	}
	return recorded, already, refused + len(t.NotRead)
}

var stepWords = map[stpclaims.AdvanceAction]string{
	stpclaims.ActionSanction: "sanction", stpclaims.ActionPay: "payment", stpclaims.ActionWithdraw: "withdrawal",
}

// SanctionsAnswer is the body of the answer to a returned Sanctions
// workbook: what was recorded, what was already, and each row refused or
// not read, with why.
func SanctionsAnswer(t SanctionsTaken) string {
	recorded, already, refused := t.Counts()
	var w strings.Builder
	fmt.Fprintf(&w, "%d recorded, %d refused, %d rows left as they were.\n", recorded, refused, t.Blank)
	if already > 0 {
		fmt.Fprintf(&w, "%d were already recorded (from this workbook or an earlier one) and were not recorded again.\n", already)
	}
	for _, s := range t.Steps {
		amount := ""
		if s.Amount.Valid {
			amount = " of Rs " + Rupees(s.Amount.Decimal)
		}
		switch {
		case s.Recorded:
			fmt.Fprintf(&w, "\nRecorded: the %s%s for %s.", stepWords[s.Action], amount, s.Code)
		case s.Already:
		default:
			fmt.Fprintf(&w, "\nRefused (%s, %s %s): %s", s.Code, stepWords[s.Action], s.Rule, s.Reason)
		}
	}
	for _, p := range t.NotRead {
		fmt.Fprintf(&w, "\nNot read: %s", p)
	}
	w.WriteString("\n")
	return w.String()
}
