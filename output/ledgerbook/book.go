package ledgerbook

import (
	"net/mail"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/ledger"
	"stpclaims/store"
	"stpclaims/validate"
)

// LineFields are the Annexure II money lines the Advances sheet shows, each
// claimed and admissible: lines 9–16 and 18–20.
var LineFields = []string{
	"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy", "food",
	"venue_hire", "miscellaneous", "ta_advance", "da_advance", "other_expenses",
}

// lineTitle names a report's money line as its form does, with its line
// number (stpclaims.LabelOf): "Line 14, Food & Refreshments"; a
// settlement's component of expenditure as the line it settles.
func lineTitle(kind stpclaims.FormKind, field string) string {
	if l, ok := stpclaims.LabelOf(kind, field); ok {
		return l.String()
	}
	return field
}

// Book is everything the ledger workbook shows, read from the store.
type Book struct {
	AsOf        time.Time // penal interest and days overdue are to this day
	Advances    []Advance
	Bills       []BillLine
	Settlements []SettlementRow
	Deviations  []Deviation
	Sources     []Source
	// Claims are what the review workbooks show of the claims with a
	// deviation awaiting a decision, by claim id.
	Claims map[int64]ReviewClaim
}

// LineAmount is one money line of a claim for advance.
type LineAmount struct {
	Claimed, Admissible decimal.NullDecimal
}

// Advance is one programme's advance: its row of the register (Steps:
// the state, and every step with its amount, date and who) beside what its
// request (the live Annexure II the register holds) claims.
type Advance struct {
	ClaimID                       int64 // the request
	Code, Name, Department, Venue string
	Centre                        string
	Start, End                    time.Time // zero when unknown
	Participants                  int       // 0 when unknown
	Coordinator, CoordinatorEmail string
	Facilitator, FacilitatorEmail string
	Lines                         [11]LineAmount // in LineFields order
	MaxAdvance, AdvanceClaimed    decimal.NullDecimal
	Status                        stpclaims.Status
	Review                        store.ReviewState
	Received                      time.Time
	ClaimedTotal, AdmissibleTotal decimal.NullDecimal
	// State and Steps are the register's; the four fields after them
	// repeat Steps for the readers of earlier versions.
	State stpclaims.AdvanceState
	Steps ledger.Row
	// SettleBy, SettledOn (the day the statement arrived), DaysOverdue and
	// PenalInterest (only on a paid advance, on the amount paid) as
	// Steps has them; SettlementID is the settling statement, 0 for none.
	SettleBy, SettledOn time.Time
	DaysOverdue         int
	PenalInterest       decimal.NullDecimal
	SettlementID        int64
	// EBTLists names the e-BT lists that pay the advance ("7");
	// EBTUploaded is the day the last of them was marked uploaded, zero
	// while any is not.
	EBTLists    string
	EBTUploaded time.Time
}

// SetSteps sets the register's row and the fields that repeat it.
func (a *Advance) SetSteps(w ledger.Row) {
	a.State, a.Steps = w.State, w
	a.SettleBy, a.SettledOn, a.DaysOverdue = w.SettleBy, w.Settled.On, w.DaysOverdue
	a.PenalInterest = decimal.NullDecimal{}
	if w.Paid.Amount.Valid {
		a.PenalInterest = decimal.NewNullDecimal(w.PenalInterest)
	}
	a.SettlementID = w.Settled.Claim
}

// Overdue reports whether the advance is ADV-OVERDUE: paid, unsettled,
// past its settle-by date.
func (a *Advance) Overdue() bool { return a.Steps.Overdue() }

// BillLine is one participant or guest faculty member on a live TA bill.
type BillLine struct {
	ClaimID             int64
	Code                string
	Kind                string // "participant" or "guest faculty"
	Row                 int
	Name, PEN, Office   string
	Claimed, Admissible decimal.Decimal
	// EBTLists names the e-BT lists that pay the row ("12", "12, 15");
	// EBTUploaded is the day the last of them was marked uploaded, zero
	// while any is not.
	EBTLists    string
	EBTUploaded time.Time
}

// SettlementRow is one live settlement statement.
type SettlementRow struct {
	ClaimID                       int64
	Code, Name                    string
	End, AdvanceDate, SettledOn   time.Time
	AdvanceReceived               decimal.NullDecimal
	ClaimedTotal, AdmissibleTotal decimal.NullDecimal
	Balance, PenalInterest        decimal.NullDecimal
	DaysLate                      int
	Status                        stpclaims.Status
	Review                        store.ReviewState
}

// Deviation is one deviation-level finding of a live claim awaiting a
// decision.
type Deviation struct {
	ClaimID, FindingID int64
	Fingerprint        string // the claim's sha256
	Code, File         string
	Form               stpclaims.FormKind
	Rule, Clause       string
	Cell, Message      string
	Claimed, Allowed   decimal.NullDecimal
	Facilitator        string // the programme's facilitator e-mail, bare, lower case; "" if none
	Coordinator        string // the claim's sender
}

// Source is one submission as received, live or not, or one step of the
// register recorded from a returned workbook (Action set).
type Source struct {
	ClaimID      int64
	Received     time.Time
	Source       stpclaims.Source
	File         string
	Sender       string
	MessageID    string
	SHA256       string
	Form         stpclaims.FormKind
	Code         string
	Status       stpclaims.Status
	Review       store.ReviewState
	SupersededBy int64
	Reply        string // the reply's state: sent, queued, parked, dropped; "" none
	// Action is the register's step a recorded event took (recommend,
	// sanction, pay, withdraw); "" for a submission. Amount is its amount.
	Action stpclaims.AdvanceAction
	Amount decimal.NullDecimal
	// Register says what the register made of it: "request", "superseded
	// by claim 12", a refusal's reason, …
	Register string
}

// Options choose what FromStore reads.
type Options struct {
	// AsOf is the day penal interest runs to; zero means now.
	AsOf time.Time
	// From and To bound the claims by when they were received, [From, To);
	// zero for unbounded.
	From, To time.Time
	// Zone turns moments into calendar days; nil means stpclaims.DefaultZone.
	Zone *time.Location
}

// codeKey matches programme codes as the store does.
func codeKey(code string) string { return strings.ToUpper(strings.Join(strings.Fields(code), " ")) }

func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	return strings.ToLower(s)
}

// civilDay is midnight UTC of t's calendar day in zone.
func civilDay(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// stored is a live claim with its report read back.
type stored struct {
	store.Stored
	rep stpclaims.Report
}

func (s stored) field(name string) string { return store.FieldOf(s.rep, name) }

func (s stored) date(name string) time.Time {
	t, err := time.Parse(time.DateOnly, s.field(name))
	if err != nil {
		return time.Time{}
	}
	return t
}

func (s stored) money(name string) decimal.NullDecimal {
	d, err := decimal.NewFromString(s.field(name))
	if err != nil {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d)
}

func totals(t *stpclaims.Totals) (decimal.NullDecimal, decimal.NullDecimal) {
	if t == nil {
		return decimal.NullDecimal{}, decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(t.Claimed), decimal.NewNullDecimal(t.Admissible)
}

// centreOf names the IMG centre a venue is at or near: the first of the
// card's centre places the venue names, else "Elsewhere".
func centreOf(venue string, card *validate.Card) string {
	words := " " + strings.Join(strings.FieldsFunc(strings.ToLower(venue), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ") + " "
	for _, c := range card.IMGCentres {
		if strings.Contains(words, " "+strings.ToLower(c)+" ") {
			return c
		}
	}
	return "Elsewhere"
}

// Overdue lists the advances that are ADV-OVERDUE: paid, not settled, past
// their settle-by date.
func (b *Book) Overdue() []Advance {
	var out []Advance
	for _, a := range b.Advances {
		if a.Overdue() {
			out = append(out, a)
		}
	}
	return out
}
