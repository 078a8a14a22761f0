package ebt

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/output"
)

// The reasons written on a list's rows: why a row is on a later list, why
// a person is not paid by transfer, why a draft's row was withdrawn. Each
// is one plain sentence for the Finance Division. A reason names lists by
// their number ("list 12").

func rupees(d decimal.Decimal) string { return "Rs " + output.Rupees(d) }

func listName(l *stpclaims.EBTList) string { return "list " + strconv.FormatInt(l.ID, 10) }

func dmy(l *stpclaims.EBTList) string { return l.Uploaded.On.Format("02.01.2006") }

// lists names the lists the slots are on, once each: "list 3", "lists 3
// and 5".
func lists(slots []*slot) string {
	var names []string
	seen := map[int64]bool{}
	for _, s := range slots {
		if !seen[s.list.ID] {
			seen[s.list.ID] = true
			names = append(names, strconv.FormatInt(s.list.ID, 10))
		}
	}
	if len(names) == 1 {
		return "list " + names[0]
	}
	return "lists " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func reasonNothingAdmissible(py Payee) string {
	if !py.Claimed.IsPositive() {
		return "nothing claimed"
	}
	return fmt.Sprintf("nothing admissible of the %s claimed: see row %d of the checked bill", rupees(py.Claimed), py.Row)
}

// bankRule is the rule that checks a payee's bank details: TA-BANK on a
// TA bill, AII-ACCOUNT (line 23) for an advance.
func bankRule(kind string) string {
	if kind == stpclaims.PayeeCoordinator {
		return "AII-ACCOUNT"
	}
	return "TA-BANK"
}

func reasonNoAccount(kind string) string { return bankRule(kind) + ": no account number" }

func reasonBadAccount(kind, a string) string {
	return fmt.Sprintf("%s: the account number %q is not 9 to 18 digits", bankRule(kind), a)
}

func reasonNoIFSC(kind string) string { return bankRule(kind) + ": no IFSC" }

func reasonBadIFSC(kind, i string) string {
	return fmt.Sprintf("%s: the IFSC %q is not four letters, a zero and six letters or digits", bankRule(kind), i)
}

func reasonNotListed(earlier []stpclaims.EBTList) string {
	return "not on an earlier list of the programme"
}

func reasonPayableNow(l *stpclaims.EBTList, before *stpclaims.EBTRow) string {
	return fmt.Sprintf("payable now; %s did not pay by transfer: %s", listName(l), before.Reason)
}

// reasonChanged is why a person whose draft rows were withdrawn is listed
// again: what the draft said and what the bill says now.
func reasonChanged(withdrawn []*slot, py Payee) string {
	was := withdrawn[0].row
	var what []string
	if !sum(withdrawn).Equal(py.Admissible) {
		what = append(what, fmt.Sprintf("%s, not %s", rupees(py.Admissible), rupees(sum(withdrawn))))
	}
	if !sameAccount(py, withdrawn) {
		what = append(what, fmt.Sprintf("to account %s (%s), not %s (%s)", strings.TrimSpace(py.AccountNo), strings.TrimSpace(py.IFSC), was.AccountNo, was.IFSC))
	}
	return fmt.Sprintf("the corrected bill changes the DRAFT %s: %s", lists(withdrawn), strings.Join(what, ", "))
}

func reasonReplacedRow(problem string) string {
	if problem != "" {
		return "the corrected bill: " + problem
	}
	return "changed by the corrected bill: the new list pays it"
}

func reasonHeldElsewhere(held []*slot) string {
	return fmt.Sprintf("%s already pays this person", lists(held))
}

func reasonDifference(held []*slot, py Payee) string {
	return fmt.Sprintf("the corrected bill admits %s; %s pays %s: this is the difference",
		rupees(py.Admissible), lists(held), rupees(sum(held)))
}

// reasonHeldChanged is why a person final lists pay is on the second
// sheet: the bill now admits another amount, or to another account.
func reasonHeldChanged(held []*slot, py Payee, problem string) string {
	paid := describeHeld(held)
	now := "the corrected bill admits " + rupees(py.Admissible)
	switch {
	case problem != "":
		now += " (" + problem + ")"
	case !sameAccount(py, held):
		now += fmt.Sprintf(" to account %s (%s)", strings.TrimSpace(py.AccountNo), strings.TrimSpace(py.IFSC))
	}
	return paid + "; " + now + ": it is not listed again; settle the difference by other means"
}

func describeHeld(held []*slot) string {
	for _, s := range held {
		if s.list.Uploaded != nil {
			return fmt.Sprintf("paid %s in %s (uploaded on %s) to account %s", rupees(sum(held)), lists(held), dmy(s.list), s.row.AccountNo)
		}
	}
	return fmt.Sprintf("%s (final, not yet uploaded) pays %s to account %s", lists(held), rupees(sum(held)), held[0].row.AccountNo)
}

func reasonNotOnBill() string { return "not on the corrected bill" }

func reasonGone(s *slot) string {
	return describeHeld([]*slot{s}) + "; the bill no longer names this person: recover it or take it up with the co-ordinator"
}

// reasonAccountOf is why a person is not paid to an account another
// person on a list is paid to; it reads the same whichever list that is,
// so that planning again does not say it twice.
func reasonAccountOf(r *stpclaims.EBTRow) string {
	return fmt.Sprintf("the account number %s is %s's too: one account is not paid for two people; check it", r.AccountNo, r.Name)
}
