package stpclaims

import (
	"net/mail"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// AdvanceState is where an advance stands in the register of advances
// (clauses V and VII of the 2015 order).
type AdvanceState string

const (
	// AdvanceRequested: the programme's live Annexure II asks for it.
	AdvanceRequested AdvanceState = "requested"
	// AdvanceRecommended: the facilitator recommended an amount.
	AdvanceRecommended AdvanceState = "recommended"
	// AdvanceSanctioned: the Finance Division sanctioned an amount.
	AdvanceSanctioned AdvanceState = "sanctioned"
	// AdvancePaid: the Finance Division paid it.
	AdvancePaid AdvanceState = "paid"
	// AdvanceSettled: the settlement statement arrived.
	AdvanceSettled AdvanceState = "settled"
	// AdvanceWithdrawn: the Finance Division marked the programme withdrawn.
	AdvanceWithdrawn AdvanceState = "withdrawn"
)

// AdvanceStates lists the states in the order an advance moves through
// them.
var AdvanceStates = []AdvanceState{AdvanceRequested, AdvanceRecommended, AdvanceSanctioned, AdvancePaid, AdvanceSettled, AdvanceWithdrawn}

// AdvanceAction is what one event of the register does.
type AdvanceAction string

const (
	// ActionRequest: an Annexure II arrived and was not returned.
	ActionRequest AdvanceAction = "request"
	// ActionRecommend: the facilitator recommended an amount.
	ActionRecommend AdvanceAction = "recommend"
	// ActionSanction: the Finance Division sanctioned an amount, by an
	// order of a number and a date.
	ActionSanction AdvanceAction = "sanction"
	// ActionPay: the Finance Division paid an amount, on a day, by a mode,
	// with a reference.
	ActionPay AdvanceAction = "pay"
	// ActionSettle: a settlement statement arrived.
	ActionSettle AdvanceAction = "settle"
	// ActionWithdraw: the Finance Division marked the programme withdrawn.
	ActionWithdraw AdvanceAction = "withdraw"
)

// PayMode is how an advance was paid (V: "through bank transfer or
// cheque").
type PayMode string

const (
	PayBankTransfer PayMode = "bank transfer"
	PayCheque       PayMode = "cheque"
)

// PayModes are the modes of payment, as the Sanctions workbook offers them.
var PayModes = []PayMode{PayBankTransfer, PayCheque}

// FinanceDesk is who a workbook dropped in the shared folder comes from: the
// folder is the finance division's, so its drops count as one sender.
const FinanceDesk = "finance desk"

// BareAddress is an e-mail address without its display name, in lower case:
// "Latha R <Latha.R@img.kerala.gov.in>" and "latha.r@img.kerala.gov.in" are
// one person. Text that is no address comes back trimmed and lower-cased.
func BareAddress(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, "<>\"() ,;:\\") { // already bare: spare the parser
		return lower(s)
	}
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	return strings.ToLower(s)
}

// lower is strings.ToLower without a copy when s has no capital.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// AuthorOf is who a submission counts as coming from, for supersession and
// the register: the sender's bare address, FinanceDesk for a folder drop
// that names no sender, "" when unknown.
func AuthorOf(src Source, sender string) string {
	if a := BareAddress(sender); a != "" {
		return a
	}
	if src == SourceFolder {
		return FinanceDesk
	}
	return ""
}

// AdvanceEvent is one event in the life of an advance, with where it came
// from. Requests and settlements are claims the store holds (Claim is the
// submission); recommendations, sanctions, payments and withdrawals are
// rows of returned workbooks, recorded as events of their own (Recorded is
// their id).
type AdvanceEvent struct {
	// Recorded is the event's own id in the store; 0 for a request or a
	// settlement (those are claims: see Claim) and before it is recorded.
	Recorded int64
	Action   AdvanceAction
	Code     string // the programme code as written
	// Claim is the submission the event concerns: the Annexure II
	// requested or acted on, or the settlement statement.
	Claim int64
	// Fingerprint is the sha256 of Claim as whoever acted saw it; an
	// action on a claim that has changed since is refused.
	Fingerprint string
	// Source is the sha256 of the workbook that carried the event (the
	// claim itself for a request or a settlement), MessageID the mail's
	// Message-ID ("" for a folder drop).
	Source, MessageID string
	// By is who: a bare e-mail address, or FinanceDesk.
	By string
	// At is when it arrived.
	At time.Time
	// Amount: a request's advance claimed (line 21); the amount
	// recommended, sanctioned or paid; a settlement's admissible
	// expenditure. Null when not given.
	Amount decimal.NullDecimal
	// On is a calendar day (midnight UTC): the sanction order's date, the
	// day paid. Zero otherwise.
	On time.Time
	// Ref is the sanction order number, or the payment's reference.
	Ref  string
	Mode PayMode // payments only
	// Remarks are the Finance Division's or the facilitator's words.
	Remarks string
	// Request holds what a request (or a settlement) brings of its claim.
	Request *AdvanceTerms
}

// AdvanceTerms are the facts of a claim the register works from.
type AdvanceTerms struct {
	Status Status
	// Largest is the largest advance that may be sanctioned (Annexure
	// II); TADA the admissible TA and DA advance (lines 18 + 19).
	Largest, TADA decimal.NullDecimal
	// FirstDay and LastDay are the programme's training days (midnight
	// UTC); zero when unknown.
	FirstDay, LastDay time.Time
	// Facilitator and Coordinator are the e-mails the form names (bare).
	Facilitator, Coordinator string
	// Deviations is how many deviations the claim's report holds;
	// Undecided how many of them await the facilitator's decision now, and
	// Review where the decisions left the claim ("" while open, else
	// "approved", "rejected", "query").
	Deviations, Undecided int
	Review                string
	// Superseded says the store holds a later revision of this claim.
	Superseded bool
}

// ProgrammeKey is a programme code for matching: spaces collapsed, upper
// case ("stp/rev/2027/014 " and "STP/REV/2027/014" are one programme).
func ProgrammeKey(code string) string {
	return strings.ToUpper(strings.Join(strings.Fields(code), " "))
}
