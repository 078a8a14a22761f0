package stpclaims

import (
	"time"

	"github.com/shopspring/decimal"
)

// EBTSource says what an e-BT list pays: the admissible amounts of a
// programme's TA bill, or its advance.
type EBTSource string

const (
	EBTFromBill    EBTSource = "ta-bill"
	EBTFromAdvance EBTSource = "advance"
)

// Kinds of beneficiary on an e-BT list.
const (
	PayeeParticipant  = "participant"
	PayeeGuestFaculty = "guest faculty"
	PayeeCoordinator  = "co-ordinator" // an advance, to the account of Annexure II line 23
)

// EBTList is one list of payments by electronic bank transfer (the 2015
// order's "ebt", IV.4, V, Annexure I.6): the rows the Finance Division
// uploads to the bank, and beside them the rows that cannot be paid by
// transfer, each with its reason.
type EBTList struct {
	ID            int64  // the list's number, unique across programmes: "e-BT list 12"
	ProgrammeCode string // as the bill writes it
	Seq           int    // 1, 2, … within the programme and source
	Source        EBTSource
	SubmissionID  int64 // the claim it was made from (the latest live bill)
	// Draft: made from a bill that is returned or awaiting a decision; a
	// draft is never uploaded and may still lose rows to a corrected bill.
	Draft   bool
	Made    time.Time
	Revised time.Time // the last change: rows withdrawn, made final, uploaded
	// Uploaded is set once the Finance Division marks the list uploaded.
	Uploaded *EBTUpload
	// Rows are the payments, in serial order, withdrawn ones included.
	Rows []EBTRow
	// Others are the rows not paid by transfer (the second sheet), each
	// with its reason.
	Others []EBTRow
}

// EBTUpload is the Finance Division's mark that a list went to the bank.
type EBTUpload struct {
	On       time.Time // the day it was uploaded (midnight UTC of that day)
	By       string    // a bare e-mail address, or the name given on the command line
	Recorded time.Time
	Source   string // the returned workbook's sha256, or "cli"
}

// EBTRow is one row of an e-BT list: a payment, or (on the second sheet)
// a person not paid by transfer.
type EBTRow struct {
	Serial  int
	Kind    string // PayeeParticipant, PayeeGuestFaculty, PayeeCoordinator
	BillRow int    // the sheet row of the bill it came from; 0 for an advance
	Name    string
	PEN     string
	Office  string
	// AccountNo and IFSC are text: a payment row holds the account's
	// digits and the IFSC in capitals; a row of the second sheet holds them
	// as written.
	AccountNo string
	IFSC      string
	Bank      string          // from the IFSC's first four letters; "" when not known
	Amount    decimal.Decimal // the admissible amount, never the claimed
	Narration string          // "TA STP/REV/2027/014"
	Reason    string          // why the row is in this list (empty on a first list), or why it is not paid by transfer
	// WithdrawnBy is the list that replaced a withdrawn row (0 when the row
	// was withdrawn without a replacement: see WithdrawnReason); a
	// withdrawn row is not paid.
	Withdrawn       bool
	WithdrawnBy     int64
	WithdrawnReason string
}

// Payable returns the rows to upload: those not withdrawn.
func (l *EBTList) Payable() []EBTRow {
	var out []EBTRow
	for _, r := range l.Rows {
		if !r.Withdrawn {
			out = append(out, r)
		}
	}
	return out
}

// Payments counts the rows to upload, without copying them.
func (l *EBTList) Payments() int {
	n := 0
	for i := range l.Rows {
		if !l.Rows[i].Withdrawn {
			n++
		}
	}
	return n
}

// Total is the sum of the amounts of the rows not withdrawn.
func (l *EBTList) Total() decimal.Decimal {
	t := decimal.Zero
	for _, r := range l.Rows {
		if !r.Withdrawn {
			t = t.Add(r.Amount)
		}
	}
	return t
}

// EBTChange is what a programme's bills (or its advance) change in its
// e-BT lists: a new list of what is not yet listed, rows withdrawn from
// drafts that a corrected bill no longer confirms, and drafts made final.
type EBTChange struct {
	New      *EBTList // nil when there is nothing new; ID and Seq are given when it is recorded
	Withdraw []EBTWithdrawal
	Finalise []int64 // draft lists whose bill is now final
	// Bill is the claim the change was planned from, and Links say which
	// lists pay each of its rows once the change is made (the ledger shows
	// them).
	Bill  int64
	Links []EBTLink
}

// Empty reports whether the change changes no list (its links aside).
func (c EBTChange) Empty() bool { return c.New == nil && len(c.Withdraw) == 0 && len(c.Finalise) == 0 }

// EBTLink says that a list pays one row of a bill.
type EBTLink struct {
	Kind    string // PayeeParticipant or PayeeGuestFaculty
	BillRow int
	List    int64 // 0: the change's new list
}

// EBTWithdrawal takes one payment row out of a draft list.
type EBTWithdrawal struct {
	List   int64
	Serial int
	// Replaced: the new list of the same change pays the person instead.
	Replaced bool
	Reason   string
}
