package ledgerbook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/store"
	"stpclaims/validate"
)

// StoreLedger is a ledger read from the store as it is written, each sheet
// in one pass over its rows. The register of advances is folded one
// programme at a time from the store's events (a programme's advance
// depends on its own events only) and each Advances row made from the
// register and its request's facts as the programme is folded, so that
// only small maps (programme codes, notes) are held. The first fold of every programme (the Advances
// sheet's, or, when another sheet is asked for first, one made for it)
// keeps what the other sheets need of the register: each programme's
// request and facilitator, and what the register made of each claim and
// step. Each sheet reads the store when it is written; rows entered in
// between may show on later sheets but not earlier ones.
type StoreLedger struct {
	st     Store
	cards  *validate.Cards
	zone   *time.Location
	asOf   time.Time
	filter store.Filter

	reg *ledger.Register // emptied and reused for each programme's fold

	indexed      bool // the maps below are made
	programmes   map[string]programmeInfo
	facilitators map[string][]string // facilitator → keys of the programmes shown
	notes        map[int64]string    // what the register made of each claim but a live request and the settling statement
	eventNotes   map[int64]string    // of each recorded step it did not apply
	addrs        map[string]string   // the facilitators' addresses, one copy each

	advanceEBT map[int64][]store.EBTPaid // the e-BT lists paying each advance, by its Annexure II; nil until read
}

// programmeInfo is what the ledger keeps of one programme between sheets.
type programmeInfo struct {
	request     int64                  // the claim its advance is for
	state       stpclaims.AdvanceState // the advance's
	settled     int64                  // the statement that settles it; 0 for none
	facilitator string                 // the one the request names
}

// OpenLedger opens the ledger of the store: the register of advances as it
// stands on opts.AsOf and the claims received in [opts.From, opts.To).
// cards give the settle-by period and penal interest rate in force for each
// programme. Nothing is read until a sheet is asked for.
func OpenLedger(ctx context.Context, st Store, cards *validate.Cards, opts Options) (*StoreLedger, error) {
	zone := opts.Zone
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	return &StoreLedger{st: st, cards: cards, zone: zone, asOf: asOfDay(opts.AsOf, zone),
		filter: store.Filter{From: opts.From, To: opts.To, Brief: true}, reg: ledger.New(cards, zone)}, nil
}

// fold folds one programme's events into the (emptied) register and
// returns its advance, nil when it has none.
func (l *StoreLedger) fold(p *store.Programme) *ledger.Advance {
	l.reg.Reset()
	for _, e := range p.Events {
		l.reg.Apply(e)
	}
	return l.reg.Get(p.Key)
}

// requestNotes say what the register made of a live request, by state.
var requestNotes = func() map[stpclaims.AdvanceState]string {
	m := map[stpclaims.AdvanceState]string{}
	for _, s := range stpclaims.AdvanceStates {
		m[s] = "the request of the advance (" + string(s) + ")"
	}
	return m
}()

// resetIndex empties what the folds keep for the other sheets.
func (l *StoreLedger) resetIndex() {
	l.indexed = false
	l.programmes, l.facilitators = map[string]programmeInfo{}, map[string][]string{}
	l.notes, l.eventNotes, l.addrs = map[int64]string{}, map[int64]string{}, map[string]string{}
}

// intern keeps one copy of each facilitator's address, which the
// programmes of one facilitator share.
func (l *StoreLedger) intern(addr string) string {
	if a, ok := l.addrs[addr]; ok {
		return a
	}
	l.addrs[addr] = addr
	return addr
}

// index folds every programme, unless a fold did already, keeping what
// the other sheets need of the register.
func (l *StoreLedger) index(ctx context.Context) error {
	if l.indexed {
		return nil
	}
	l.resetIndex()
	err := l.st.EachProgramme(ctx, store.Programmes{}, func(p *store.Programme) error {
		l.note(p, l.fold(p))
		return nil
	})
	if err != nil {
		l.resetIndex()
		return fmt.Errorf("ledgerbook: %w", err)
	}
	l.indexed = true
	return nil
}

// note keeps what the other sheets need of one programme just folded: what
// the register made of each of its claims and steps, its request and the
// facilitator it names.
func (l *StoreLedger) note(p *store.Programme, a *ledger.Advance) {
	for _, e := range p.Events {
		switch {
		case e.Recorded != 0:
			if v, ok := l.reg.EventNote(e.Recorded); ok {
				l.eventNotes[e.Recorded] = "not applied (" + v.Outcome.String() + "): " + v.Reason
			}
		case e.Action == stpclaims.ActionRequest && a != nil && a.Request.Claim == e.Claim:
			// programmeInfo says it (claimNote)
		case e.Action == stpclaims.ActionSettle && a != nil && a.Settled != nil && a.Settled.Claim == e.Claim:
			// programmeInfo says it
		case e.Action == stpclaims.ActionSettle && a != nil && a.Settled != nil:
			l.notes[e.Claim] = "settlement statement (a later one counts)"
		default:
			if v, ok := l.reg.Note(e.Claim); ok {
				l.notes[e.Claim] = v.Reason
			}
		}
	}
	if a == nil {
		return
	}
	info := programmeInfo{request: a.Request.Claim, state: a.State, facilitator: l.intern(stpclaims.BareAddress(a.Terms().Facilitator))}
	if a.Settled != nil {
		info.settled = a.Settled.Claim
	}
	l.programmes[p.Key] = info
	if info.facilitator != "" && l.inPeriod(a.Request.At) {
		l.facilitators[info.facilitator] = append(l.facilitators[info.facilitator], p.Key)
	}
}

func (l *StoreLedger) inPeriod(t time.Time) bool {
	return (l.filter.From.IsZero() || !t.Before(l.filter.From)) && (l.filter.To.IsZero() || t.Before(l.filter.To))
}

// eachDeviation calls fn with each deviation of a live claim received in
// the period awaiting a decision, as the store gives them (one at a time),
// each with the facilitator who decides it: the one the claim's own
// Annexure II names, else (a TA bill, a statement) the one the programme's
// request in the register names.
func (l *StoreLedger) eachDeviation(ctx context.Context, fn func(*Deviation) error) error {
	if err := l.index(ctx); err != nil {
		return err
	}
	err := l.st.EachDeviation(ctx, func(d store.DeviationRow) error {
		c := d.Claim
		if d.Latest != nil || !liveClaim(c) || !awaitsDecision(c) || !l.inPeriod(c.Received) {
			return nil
		}
		info, ok := l.programmes[codeKey(c.ProgrammeCode)]
		fac := info.facilitator
		if c.Form == stpclaims.FormAnnexureII && (!ok || info.request != d.SubmissionID) {
			fac = bareAddress(d.FacilitatorEmail)
		}
		return fn(&Deviation{ClaimID: d.SubmissionID, FindingID: d.FindingID, Fingerprint: c.SHA256,
			Code: c.ProgrammeCode, File: c.File, Form: c.Form, Rule: d.Finding.Rule, Clause: d.Finding.Clause,
			Cell: d.Finding.Cell, Message: d.Finding.Message, Claimed: d.Finding.Claimed, Allowed: d.Finding.Allowed,
			Facilitator: fac, Coordinator: bareAddress(c.Sender)})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

func liveClaim(s store.Stored) bool {
	return s.Live() && s.Status != stpclaims.StatusUnreadable && s.Form != stpclaims.FormUnknown
}

// awaitsDecision says a live claim's undecided deviations await the
// facilitator: it was neither returned for its errors nor rejected or
// queried (the co-ordinator's revision comes back with its own).
func awaitsDecision(s store.Stored) bool {
	return s.Status != stpclaims.StatusReturned && s.Review != store.ReviewRejected && s.Review != store.ReviewQuery
}

func decode(s store.Stored) (stored, error) {
	var rep stpclaims.Report
	if err := json.Unmarshal(s.ReportJSON, &rep); err != nil {
		return stored{}, fmt.Errorf("report of claim %d: %w", s.ID, err)
	}
	return stored{Stored: s, rep: rep}, nil
}

// readEBT reads, once, the e-BT lists that pay each advance.
func (l *StoreLedger) readEBT(ctx context.Context) error {
	if l.advanceEBT != nil {
		return nil
	}
	ebt, err := l.st.AdvanceEBT(ctx)
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	if ebt == nil {
		ebt = map[int64][]store.EBTPaid{}
	}
	l.advanceEBT = ebt
	return nil
}

// AsOf is the day penal interest runs to.
func (l *StoreLedger) AsOf() time.Time { return l.asOf }

// AdvanceFacilitators lists, sorted, the facilitators the shown advances'
// requests name.
func (l *StoreLedger) AdvanceFacilitators(ctx context.Context) ([]string, error) {
	if err := l.index(ctx); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(l.facilitators))
	for f := range l.facilitators {
		out = append(out, f)
	}
	slices.Sort(out)
	return out, nil
}

// EachAdvance makes the row of every advance requested in the period, in
// the order of their programme codes, from the register and its request's
// facts, as each programme is folded.
func (l *StoreLedger) EachAdvance(ctx context.Context, fn func(*Advance) error) error {
	if err := l.readEBT(ctx); err != nil {
		return err
	}
	keep := !l.indexed // this fold keeps the index
	if keep {
		l.resetIndex()
	}
	err := l.st.EachProgramme(ctx, store.Programmes{Facts: true}, func(p *store.Programme) error {
		a := l.fold(p)
		if keep {
			l.note(p, a)
		}
		if a == nil || !l.inPeriod(a.Request.At) {
			return nil
		}
		row := l.advance(a, p.Facts[a.Request.Claim])
		return fn(&row)
	})
	if err != nil {
		if keep {
			l.resetIndex()
		}
		return fmt.Errorf("ledgerbook: %w", err)
	}
	l.indexed = true
	return nil
}

// advance makes an advance's row from the register and its request's
// facts (nil: the row shows the register alone).
func (l *StoreLedger) advance(a *ledger.Advance, f *store.Facts) Advance {
	t := a.Terms()
	row := Advance{ClaimID: a.Request.Claim, Code: a.Code(), Status: t.Status, Review: store.ReviewState(t.Review), Received: a.Request.At}
	if f != nil {
		row.describe(f)
	}
	day := row.Start
	if day.IsZero() {
		day = civilDay(row.Received, l.zone)
	}
	row.Centre = centreOf(row.Venue, l.cards.InForce(day))
	row.SetSteps(l.reg.Row(a, l.asOf))
	row.EBTLists, row.EBTUploaded = ebtPaid(l.advanceEBT[a.Request.Claim])
	return row
}

// describe fills the descriptive part of an advance's row from its
// request's facts.
func (a *Advance) describe(f *store.Facts) {
	a.Name, a.Department, a.Venue, a.Start, a.End = f.Name, f.Department, f.Venue, f.FirstDay, f.LastDay
	a.Participants = f.Participants
	a.Coordinator, a.CoordinatorEmail, a.Facilitator, a.FacilitatorEmail = f.Coordinator, f.CoordinatorEmail, f.Facilitator, f.FacilitatorEmail
	a.MaxAdvance, a.AdvanceClaimed = f.Largest, f.AdvanceClaimed
	for _, l := range f.Lines {
		if i := slices.Index(LineFields, l.Field); i >= 0 {
			a.Lines[i] = LineAmount{Claimed: decimal.NewNullDecimal(l.Claimed), Admissible: decimal.NewNullDecimal(l.Admissible)}
		}
	}
	a.ClaimedTotal, a.AdmissibleTotal = f.Claimed, f.Admissible
}

// Register lists the advances whose request names the facilitator, in the
// order of their programme codes.
func (l *StoreLedger) Register(ctx context.Context, facilitator string) ([]Advance, error) {
	if err := l.index(ctx); err != nil {
		return nil, err
	}
	if err := l.readEBT(ctx); err != nil {
		return nil, err
	}
	codes := l.facilitators[bareAddress(facilitator)]
	if len(codes) == 0 {
		return nil, nil
	}
	var out []Advance
	err := l.st.EachProgramme(ctx, store.Programmes{Codes: codes, Facts: true}, func(p *store.Programme) error {
		if a := l.fold(p); a != nil {
			out = append(out, l.advance(a, p.Facts[a.Request.Claim]))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	return out, nil
}

func (l *StoreLedger) EachSettlement(ctx context.Context, fn func(*SettlementRow) error) error {
	f := store.Filter{Form: stpclaims.FormSettlement, LiveOnly: true, From: l.filter.From, To: l.filter.To}
	err := l.st.EachFacts(ctx, f, func(c store.Stored, f *store.Facts) error {
		if !liveClaim(c) {
			return nil
		}
		return fn(&SettlementRow{ClaimID: c.ID, Code: c.ProgrammeCode, Name: f.Name,
			End: f.LastDay, AdvanceDate: f.AdvanceDate, SettledOn: f.SettledOn,
			AdvanceReceived: f.AdvanceReceived, Balance: f.Balance, PenalInterest: f.PenalInterest,
			DaysLate: f.DaysLate, Status: c.Status, Review: c.Review, ClaimedTotal: f.Claimed, AdmissibleTotal: f.Admissible})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

func (l *StoreLedger) EachBill(ctx context.Context, fn func(*BillLine) error) error {
	bills, err := l.st.LiveBills(ctx, l.filter.From, l.filter.To)
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	if len(bills) == 0 {
		return nil
	}
	err = l.st.EachLiveBillRow(ctx, func(id int64, r store.BillRow) error {
		code, ok := bills[id]
		if !ok {
			return nil
		}
		line := BillLine{ClaimID: id, Code: code, Kind: r.Kind, Row: r.Row,
			Name: r.Name, PEN: r.PEN, Office: r.Office, Claimed: r.Claimed, Admissible: r.Admissible}
		line.EBTLists, line.EBTUploaded = ebtPaid(r.EBT)
		return fn(&line)
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

// ebtPaid is what the TA Bills sheet shows of the e-BT lists paying a
// row: their numbers, and the day the last was uploaded once all are.
func ebtPaid(paid []store.EBTPaid) (string, time.Time) {
	names := make([]string, len(paid))
	var last time.Time
	all := len(paid) > 0
	for i, p := range paid {
		names[i] = strconv.FormatInt(p.List, 10)
		all = all && !p.Uploaded.IsZero()
		if p.Uploaded.After(last) {
			last = p.Uploaded
		}
	}
	if !all {
		last = time.Time{}
	}
	return strings.Join(names, ", "), last
}

// EachDeviation lists the deviations awaiting a decision (eachDeviation),
// read from the store each time, in the order of their claims.
func (l *StoreLedger) EachDeviation(ctx context.Context, fn func(*Deviation) error) error {
	return l.eachDeviation(ctx, fn)
}

// EachSource lists every submission received in the period, saying what
// the register made of each, then every step recorded in it.
func (l *StoreLedger) EachSource(ctx context.Context, fn func(*Source) error) error {
	if err := l.index(ctx); err != nil {
		return err
	}
	err := l.st.EachSubmission(ctx, l.filter, func(s store.Stored) error {
		return fn(&Source{ClaimID: s.ID, Received: s.Received, Source: s.Source, File: s.File,
			Sender: s.Sender, MessageID: s.MessageID, SHA256: s.SHA256, Form: s.Form, Code: s.ProgrammeCode,
			Status: s.Status, Review: s.Review, SupersededBy: s.SupersededBy, Reply: s.Reply, Register: l.claimNote(s)})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	err = l.st.EachRecordedEvent(ctx, func(e stpclaims.AdvanceEvent) error {
		if !l.inPeriod(e.At) {
			return nil
		}
		src := stpclaims.SourceMail
		if e.MessageID == "" {
			src = stpclaims.SourceFolder
		}
		note, ok := l.eventNotes[e.Recorded]
		if !ok {
			note = stepText(e)
		}
		return fn(&Source{ClaimID: e.Claim, Received: e.At, Source: src, Sender: e.By, MessageID: e.MessageID, SHA256: e.Source,
			Code: e.Code, Action: e.Action, Amount: e.Amount, Register: note})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

// claimNote says what the register made of a submission.
func (l *StoreLedger) claimNote(s store.Stored) string {
	info, ok := l.programmes[s.ProgrammeCode] // a code as the store keys it, mostly
	if !ok {
		info, ok = l.programmes[codeKey(s.ProgrammeCode)]
	}
	switch {
	case ok && s.ID == info.request:
		return requestNotes[info.state]
	case ok && s.ID == info.settled:
		return "settles the advance"
	}
	if n, ok := l.notes[s.ID]; ok {
		return n
	}
	if s.Form == stpclaims.FormAnnexureII && s.Status == stpclaims.StatusReturned {
		return "returned: not an advance"
	}
	return ""
}

// stepText says what a recorded step was, in a few words.
func stepText(e stpclaims.AdvanceEvent) string {
	amount := ""
	if e.Amount.Valid {
		amount = " Rs " + output.Rupees(e.Amount.Decimal)
	}
	day := ""
	if !e.On.IsZero() {
		day = e.On.Format("02.01.2006")
	}
	switch e.Action {
	case stpclaims.ActionRecommend:
		return "recommended" + amount
	case stpclaims.ActionSanction:
		return fmt.Sprintf("sanctioned%s by order %s of %s", amount, e.Ref, day)
	case stpclaims.ActionPay:
		return fmt.Sprintf("paid%s on %s by %s, reference %s", amount, day, e.Mode, e.Ref)
	case stpclaims.ActionWithdraw:
		return "withdrawn"
	}
	return string(e.Action)
}
