package output

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// The answers to an e-BT list workbook sent back with "Uploaded on"
// filled, for the finance division: marked, or not and why.

// EBTAnswerSubject is the subject of the answer to a returned list
// workbook.
func EBTAnswerSubject(name string) string { return "Re: your e-BT list workbook " + name }

// EBTMarked says a list was marked uploaded.
type EBTMarked struct {
	List     int64
	Code     string
	On       string // the day, as 10.02.2027
	Payments int
	Total    decimal.Decimal
}

// EBTMarkedAnswer is the answer when the list was marked uploaded.
func EBTMarkedAnswer(m EBTMarked) string {
	return fmt.Sprintf("e-BT list %d (%s) is marked uploaded on %s: %d payment(s), Rs %s in all.\n\n"+
		"Nobody on it is listed again for %s. A later change to what they are due is shown on the second sheet of the next list, for payment or recovery by other means.\n",
		m.List, m.Code, m.On, m.Payments, Rupees(m.Total), m.Code)
}

// EBTNotMarkedAnswer is the answer when nothing was marked, with the
// reason (an e-BT refusal, an unreadable day, a sender not of the finance
// division).
func EBTNotMarkedAnswer(name, reason string) string {
	return fmt.Sprintf("The e-BT list workbook %s was not taken: %s.\n\nNothing was marked. Correct it and send it again, or mark the list with: stpclaims ebt --mark-uploaded LIST\n", name, reason)
}

// EBTAlreadyAnswer is the answer when the list was marked before.
func EBTAlreadyAnswer(reason string) string { return reason + ".\n" }

// EBTNotFinance is the reason a list workbook from an address outside the
// finance division is refused.
func EBTNotFinance(sender string) string {
	return fmt.Sprintf("only the finance division's addresses (the config's ledger.finance) may mark a list uploaded, and %s is not one of them", sender)
}

// EBTNoDay is the reason a list workbook with no day in "Uploaded on" is
// not taken.
func EBTNoDay() string {
	return `"Uploaded on" is empty: write the day the list went to the bank, as 10.02.2027`
}
