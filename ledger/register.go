package ledger

import (
	"time"

	"stpclaims"
	"stpclaims/validate"
)

// Outcome is what an event did to the register.
type Outcome uint8

const (
	// Applied: the event moved the advance on (or superseded its request).
	Applied Outcome = iota + 1
	// Already: the register already holds this step, as the event gives it.
	Already
	// Refused: the event was not applied; Rule and Reason say why.
	Refused
)

func (o Outcome) String() string {
	switch o {
	case Applied:
		return "applied"
	case Already:
		return "already recorded"
	case Refused:
		return "refused"
	}
	return "unknown"
}

// Verdict is what the register made of one event.
type Verdict struct {
	Outcome Outcome
	// Rule is the rule a refusal falls under (ADV-RECOMMEND, ADV-SANCTION,
	// AII-DUPLICATE); "" for a refusal no rule names (a settlement of a
	// programme with no advance) and for the other outcomes.
	Rule string
	// Reason is a sentence for the sender: why it was refused, or what
	// was already recorded.
	Reason string
	// Replaced is the claim an applied request superseded; 0 for none.
	Replaced int64
}

// OK reports whether the event was applied.
func (v Verdict) OK() bool { return v.Outcome == Applied }

func applied() Verdict { return Verdict{Outcome: Applied} }

func refused(rule, reason string) Verdict {
	return Verdict{Outcome: Refused, Rule: rule, Reason: reason}
}

func already(reason string) Verdict { return Verdict{Outcome: Already, Reason: reason} }

// Rule IDs the register checks.
const (
	RuleRecommend = "ADV-RECOMMEND"
	RuleSanction  = "ADV-SANCTION"
	RuleOverdue   = "ADV-OVERDUE"
	RuleDuplicate = "AII-DUPLICATE"
)

// Advance is one programme's advance as the register holds it.
type Advance struct {
	Key   string // the programme code as stpclaims.ProgrammeKey makes it
	State stpclaims.AdvanceState
	// Request is the live request: the Annexure II the advance is for,
	// with its terms (Request.Request).
	Request stpclaims.AdvanceEvent
	// The latest event of each step reached; nil until it is.
	Recommended, Sanctioned, Paid, Settled, Withdrawn *stpclaims.AdvanceEvent
	// SettledOn is the day the first settlement statement arrived (in the
	// register's zone, midnight UTC): penal interest runs to it.
	SettledOn time.Time
	// Requests counts the requests taken (the live one and those it
	// superseded).
	Requests int
}

// Code is the programme code as the live request writes it.
func (a *Advance) Code() string { return a.Request.Code }

// Terms are the live request's terms.
func (a *Advance) Terms() *stpclaims.AdvanceTerms {
	if a.Request.Request == nil {
		return &stpclaims.AdvanceTerms{}
	}
	return a.Request.Request
}

// Author is who requested it: a bare address, or stpclaims.FinanceDesk.
func (a *Advance) Author() string { return a.Request.By }

// Register is the register of advances: one Advance per programme code,
// folded from events in the order they happened. It is not safe for
// concurrent use.
type Register struct {
	cards *validate.Cards
	zone  *time.Location
	byKey map[string]*Advance
	order []*Advance // by first request
	// notes are the verdicts on claims (requests, settlements) and
	// recorded events that were not simply applied, for the Sources.
	claimNotes, eventNotes map[int64]Verdict
}

// New returns an empty register. cards give each programme's settle-by
// period and penal interest rate (the card in force on its first day);
// zone turns the moments events arrived into calendar days (nil:
// stpclaims.DefaultZone).
func New(cards *validate.Cards, zone *time.Location) *Register {
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	return &Register{cards: cards, zone: zone, byKey: map[string]*Advance{},
		claimNotes: map[int64]Verdict{}, eventNotes: map[int64]Verdict{}}
}

// Reset empties the register, keeping what it allocated, for the next
// fold: a large register is best folded one programme at a time (the
// programmes never touch one another).
func (r *Register) Reset() {
	clear(r.byKey)
	clear(r.claimNotes)
	clear(r.eventNotes)
	r.order = r.order[:0]
}

// Fold returns the register the events make, applied in the order given.
func Fold(cards *validate.Cards, zone *time.Location, events []stpclaims.AdvanceEvent) *Register {
	r := New(cards, zone)
	for _, e := range events {
		r.Apply(e)
	}
	return r
}

// Len is how many programmes the register holds.
func (r *Register) Len() int { return len(r.order) }

// Get returns the advance of a programme code, or nil.
func (r *Register) Get(code string) *Advance { return r.byKey[stpclaims.ProgrammeKey(code)] }

// Each calls fn with every advance, in the order they were first
// requested, and stops at its first error.
func (r *Register) Each(fn func(*Advance) error) error {
	for _, a := range r.order {
		if err := fn(a); err != nil {
			return err
		}
	}
	return nil
}

// Note is the verdict on a claim (a request or a settlement) that was not
// simply applied: superseded later, refused as a duplicate, settling
// nothing. ok is false for a claim applied and still live, or never seen.
func (r *Register) Note(claim int64) (Verdict, bool) {
	v, ok := r.claimNotes[claim]
	return v, ok
}

// EventNote is the verdict on a recorded event (by its Recorded id) that
// the fold did not apply.
func (r *Register) EventNote(id int64) (Verdict, bool) {
	v, ok := r.eventNotes[id]
	return v, ok
}

// Apply folds one event into the register and says what it did. The
// sender's authority is not checked here (Check does that before an event
// is recorded): the fold re-checks the order of the steps and their
// amounts, so that however events arrive the register never holds an
// advance paid above its sanction, sanctioned above its recommendation or
// recommended above its largest advance.
func (r *Register) Apply(e stpclaims.AdvanceEvent) Verdict {
	e, v := r.judge(e, nil)
	if v.OK() {
		r.apply(e)
	}
	r.noteVerdict(e, v)
	return v
}

// Authority is what Check needs to know of the world now.
type Authority struct {
	// Finance are the finance division's addresses: only they (and
	// stpclaims.FinanceDesk, the folder) sanction, pay and withdraw.
	Finance []string
}

// Check says whether e may be recorded now: Apply's checks, and the
// sender's authority (a finance address for a sanction, payment or
// withdrawal; the programme's facilitator, with no deviation undecided,
// for a recommendation). It returns e as it would be recorded (a
// recommendation with no amount takes the largest advance) and changes
// nothing; Apply it after recording it.
func (r *Register) Check(e stpclaims.AdvanceEvent, auth Authority) (stpclaims.AdvanceEvent, Verdict) {
	return r.judge(e, &auth)
}

func (r *Register) judge(e stpclaims.AdvanceEvent, auth *Authority) (stpclaims.AdvanceEvent, Verdict) {
	if e.By != stpclaims.FinanceDesk {
		e.By = stpclaims.BareAddress(e.By)
	}
	a := r.byKey[stpclaims.ProgrammeKey(e.Code)]
	switch e.Action {
	case stpclaims.ActionRequest:
		return e, r.judgeRequest(a, e)
	case stpclaims.ActionRecommend:
		return r.judgeRecommend(a, e, auth)
	case stpclaims.ActionSanction:
		return e, r.judgeSanction(a, e, auth)
	case stpclaims.ActionPay:
		return e, r.judgePay(a, e, auth)
	case stpclaims.ActionWithdraw:
		return e, r.judgeWithdraw(a, e, auth)
	case stpclaims.ActionSettle:
		return e, r.judgeSettle(a, e)
	}
	return e, refused("", "The register does not know the step "+quote(string(e.Action))+".")
}

func (r *Register) noteVerdict(e stpclaims.AdvanceEvent, v Verdict) {
	switch e.Action {
	case stpclaims.ActionRequest, stpclaims.ActionSettle:
		if v.Outcome != Applied && e.Claim != 0 {
			r.claimNotes[e.Claim] = v
		}
		if v.Replaced != 0 {
			r.claimNotes[v.Replaced] = Verdict{Outcome: Refused, Reason: "superseded by claim " + itoa(e.Claim) + ", a later claim of the same sender"}
		}
	default:
		if v.Outcome != Applied && e.Recorded != 0 {
			r.eventNotes[e.Recorded] = v
		}
	}
}

// apply moves the advance on by an event judge accepted.
func (r *Register) apply(e stpclaims.AdvanceEvent) {
	key := stpclaims.ProgrammeKey(e.Code)
	a := r.byKey[key]
	ev := e
	switch e.Action {
	case stpclaims.ActionRequest:
		if a == nil {
			a = &Advance{Key: key}
			r.byKey[key] = a
			r.order = append(r.order, a)
		}
		a.Request, a.Recommended, a.State = ev, nil, stpclaims.AdvanceRequested
		a.Requests++
		if rec, ok := selfRecommendation(ev); ok {
			a.Recommended, a.State = &rec, stpclaims.AdvanceRecommended
		}
	case stpclaims.ActionRecommend:
		a.Recommended, a.State = &ev, stpclaims.AdvanceRecommended
	case stpclaims.ActionSanction:
		a.Sanctioned, a.State = &ev, stpclaims.AdvanceSanctioned
	case stpclaims.ActionPay:
		a.Paid, a.State = &ev, stpclaims.AdvancePaid
	case stpclaims.ActionWithdraw:
		a.Withdrawn, a.State = &ev, stpclaims.AdvanceWithdrawn
	case stpclaims.ActionSettle:
		if a.Settled == nil {
			a.SettledOn = r.day(ev.At)
		}
		a.Settled, a.State = &ev, stpclaims.AdvanceSettled
	}
}

// selfRecommendation is the recommendation a request carries by itself
// (V: "If Facilitators act as Co-ordinators, a separate recommendation is
// not necessary"): the facilitator is the co-ordinator (or the sender),
// the claim has no deviation, and its largest advance is known. It is
// recommended at the largest advance, on arrival.
func selfRecommendation(e stpclaims.AdvanceEvent) (stpclaims.AdvanceEvent, bool) {
	t := e.Request
	if t == nil || t.Facilitator == "" || t.Deviations > 0 || !t.Largest.Valid || !t.Largest.Decimal.IsPositive() {
		return stpclaims.AdvanceEvent{}, false
	}
	fac := stpclaims.BareAddress(t.Facilitator)
	if fac != stpclaims.BareAddress(t.Coordinator) && fac != e.By {
		return stpclaims.AdvanceEvent{}, false
	}
	return stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: e.Code, Claim: e.Claim, Fingerprint: e.Fingerprint,
		Source: e.Source, MessageID: e.MessageID, By: fac, At: e.At, Amount: t.Largest,
		Remarks: "The co-ordinator is the facilitator: recommended at the largest advance on arrival (V)."}, true
}

// day is the calendar day (midnight UTC) of a moment in the register's zone.
func (r *Register) day(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	y, m, d := t.In(r.zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Card is the rate card in force for an advance: the one in force on the
// programme's first day, else on the day it was requested.
func (r *Register) Card(a *Advance) *validate.Card {
	day := a.Terms().FirstDay
	if day.IsZero() {
		day = r.day(a.Request.At)
	}
	return r.cards.InForce(day)
}
