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

// StoreLedger is a ledger read from the store as it is written. The
// register of advances is folded one programme at a time from the store's
// events (a programme's advance depends on its own events only), and the
// rows are made one at a time, so that only small maps (programme codes,
// claim ids, notes) and the deviations awaiting a decision are held. It
// reads the store again for each sheet; rows entered in between may show on
// later sheets but not earlier ones.
type StoreLedger struct {
	st     Store
	cards  *validate.Cards
	zone   *time.Location
	asOf   time.Time
	filter store.Filter

	reg          *ledger.Register // emptied and reused for each programme's fold
	programmes   map[string]*programmeInfo
	facilitators map[string][]string // facilitator → codes of the programmes shown
	notes        map[int64]string    // what the register made of each claim
	eventNotes   map[int64]string    // of each recorded step it did not apply
	recorded     int                 // recorded steps within the period
	counts       Counts
	live         map[int64]claimInfo
	deviations   []Deviation
	advanceEBT   map[int64][]store.EBTPaid // the e-BT lists paying each advance, by its Annexure II
}

// programmeInfo is what the ledger keeps of one programme between sheets.
type programmeInfo struct {
	request     int64  // the claim its advance is for
	facilitator string // the one the request names
	shown       bool   // requested within the period: an Advances row
}

// claimInfo is what deviations need of a live claim.
type claimInfo struct {
	form                   stpclaims.FormKind
	code, file, sha, owner string
	// awaits says the claim still awaits the facilitator's decisions: it
	// was not returned (for its errors, or by a decision to reject or
	// query it), so its undecided deviations are listed.
	awaits bool
}

// OpenLedger folds the register of advances from the store's events,
// reads what the other rows depend on (the live claims, the deviations
// awaiting a decision) and counts the rows of each sheet. cards give the
// settle-by period and penal interest rate in force for each programme.
func OpenLedger(ctx context.Context, st Store, cards *validate.Cards, opts Options) (*StoreLedger, error) {
	zone := opts.Zone
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	l := &StoreLedger{st: st, cards: cards, zone: zone, asOf: asOfDay(opts.AsOf, zone),
		filter: store.Filter{From: opts.From, To: opts.To, WithoutReport: true}, reg: ledger.New(cards, zone),
		programmes: map[string]*programmeInfo{}, facilitators: map[string][]string{},
		notes: map[int64]string{}, eventNotes: map[int64]string{}, live: map[int64]claimInfo{}}
	if err := st.EachProgramme(ctx, false, l.openProgramme); err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	l.counts.Sources = l.recorded
	err := st.EachSubmission(ctx, l.filter, func(s store.Stored) error {
		l.counts.Sources++
		if !liveClaim(s) {
			return nil
		}
		if s.Form == stpclaims.FormSettlement {
			l.counts.Settlements++
		}
		l.live[s.ID] = claimInfo{form: s.Form, code: s.ProgrammeCode, file: s.File, sha: s.SHA256, owner: bareAddress(s.Sender),
			awaits: awaitsDecision(s)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	err = st.EachLiveBillRow(ctx, func(id int64, _ store.BillRow) error {
		if _, ok := l.live[id]; ok {
			l.counts.Bills++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	if err := l.openDeviations(ctx); err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	if l.advanceEBT, err = st.AdvanceEBT(ctx); err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	return l, nil
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

// openProgramme counts one programme's rows and keeps what the other
// sheets need of it.
func (l *StoreLedger) openProgramme(p *store.Programme) error {
	a := l.fold(p)
	for _, e := range p.Events {
		switch {
		case e.Recorded != 0:
			if l.inPeriod(e.At) {
				l.recorded++
			}
			if v, ok := l.reg.EventNote(e.Recorded); ok {
				l.eventNotes[e.Recorded] = "not applied (" + v.Outcome.String() + "): " + v.Reason
			}
		case e.Action == stpclaims.ActionRequest && a != nil && a.Request.Claim == e.Claim:
			l.notes[e.Claim] = requestNotes[a.State]
		case e.Action == stpclaims.ActionSettle && a != nil && a.Settled != nil && a.Settled.Claim == e.Claim:
			l.notes[e.Claim] = "settles the advance"
		case e.Action == stpclaims.ActionSettle && a != nil && a.Settled != nil:
			l.notes[e.Claim] = "settlement statement (a later one counts)"
		default:
			if v, ok := l.reg.Note(e.Claim); ok {
				l.notes[e.Claim] = v.Reason
			}
		}
	}
	if a == nil {
		return nil
	}
	info := &programmeInfo{request: a.Request.Claim, facilitator: bareAddress(a.Terms().Facilitator), shown: l.inPeriod(a.Request.At)}
	l.programmes[p.Key] = info
	if !info.shown {
		return nil
	}
	l.counts.Advances++
	if l.reg.Row(a, l.asOf).Overdue() {
		l.counts.Overdue++
	}
	if info.facilitator != "" {
		l.facilitators[info.facilitator] = append(l.facilitators[info.facilitator], p.Key)
	}
	return nil
}

func (l *StoreLedger) inPeriod(t time.Time) bool {
	return (l.filter.From.IsZero() || !t.Before(l.filter.From)) && (l.filter.To.IsZero() || t.Before(l.filter.To))
}

// awaitsDecision says a live claim's undecided deviations await the
// facilitator: it was neither returned for its errors nor rejected or
// queried (the co-ordinator's revision comes back with its own).
func awaitsDecision(s store.Stored) bool {
	return s.Status != stpclaims.StatusReturned && s.Review != store.ReviewRejected && s.Review != store.ReviewQuery
}

// openDeviations lists the deviations of live claims awaiting a decision,
// each with the facilitator who decides it: the one the claim's own
// Annexure II names, else (a TA bill, a statement) the one the programme's
// request in the register names.
func (l *StoreLedger) openDeviations(ctx context.Context) error {
	devs, err := l.st.Deviations(ctx)
	if err != nil {
		return err
	}
	own := map[int64]string{} // the facilitator an Annexure II that is no request names
	for _, d := range devs {
		c, ok := l.live[d.SubmissionID]
		if !ok || d.Latest != nil || !c.awaits {
			continue
		}
		fac := ""
		info := l.programmes[codeKey(c.code)]
		if info != nil {
			fac = info.facilitator
		}
		if c.form == stpclaims.FormAnnexureII && (info == nil || info.request != d.SubmissionID) {
			f, ok := own[d.SubmissionID]
			if !ok {
				s, err := l.st.Submission(ctx, d.SubmissionID)
				if err != nil {
					return err
				}
				c, err := decode(s)
				if err != nil {
					return err
				}
				f = bareAddress(c.field("facilitator_email"))
				own[d.SubmissionID] = f
			}
			fac = f
		}
		l.deviations = append(l.deviations, Deviation{ClaimID: d.SubmissionID, FindingID: d.FindingID, Fingerprint: c.sha,
			Code: c.code, File: c.file, Form: c.form, Rule: d.Finding.Rule, Clause: d.Finding.Clause,
			Cell: d.Finding.Cell, Message: d.Finding.Message, Claimed: d.Finding.Claimed, Allowed: d.Finding.Allowed,
			Facilitator: fac, Coordinator: c.owner})
	}
	l.counts.Deviations = len(l.deviations)
	return nil
}

func liveClaim(s store.Stored) bool {
	return s.Live() && s.Status != stpclaims.StatusUnreadable && s.Form != stpclaims.FormUnknown
}

func decode(s store.Stored) (stored, error) {
	var rep stpclaims.Report
	if err := json.Unmarshal(s.ReportJSON, &rep); err != nil {
		return stored{}, fmt.Errorf("report of claim %d: %w", s.ID, err)
	}
	return stored{Stored: s, rep: rep}, nil
}

// Counts counts the rows OpenLedger found.
func (l *StoreLedger) Counts() Counts { return l.counts }

// AsOf is the day penal interest runs to.
func (l *StoreLedger) AsOf() time.Time { return l.asOf }

// Facilitators lists, sorted, the facilitators the shown advances'
// requests name.
func (l *StoreLedger) Facilitators() []string {
	out := make([]string, 0, len(l.facilitators))
	for f := range l.facilitators {
		out = append(out, f)
	}
	slices.Sort(out)
	return out
}

// EachAdvance makes the row of every advance requested in the period, in
// the order of their programme codes, from the register and its request's
// report.
func (l *StoreLedger) EachAdvance(ctx context.Context, fn func(*Advance) error) error {
	err := l.st.EachProgramme(ctx, true, func(p *store.Programme) error {
		info := l.programmes[p.Key]
		if info == nil || !info.shown { // none when counted, or entered since
			return nil
		}
		a := l.fold(p)
		row, err := l.advance(a, p.Reports[a.Request.Claim])
		if err != nil {
			return err
		}
		return fn(&row)
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

// advance makes an advance's row from the register and its request's
// report (nil: the row shows the register alone).
func (l *StoreLedger) advance(a *ledger.Advance, report []byte) (Advance, error) {
	t := a.Terms()
	c := stored{Stored: store.Stored{ID: a.Request.Claim, ProgrammeCode: a.Code(), Form: stpclaims.FormAnnexureII,
		Status: t.Status, Review: store.ReviewState(t.Review), Received: a.Request.At}}
	if report != nil {
		rep, err := rowReport(report)
		if err != nil {
			return Advance{}, fmt.Errorf("report of claim %d: %w", c.ID, err)
		}
		c.rep = rep
	}
	row := advanceOf(c, l.cards, l.zone)
	row.SetSteps(l.reg.Row(a, l.asOf))
	row.EBTLists, row.EBTUploaded = ebtPaid(l.advanceEBT[a.Request.Claim])
	return row, nil
}

// rowReport decodes of a request's report (its JSON, as
// stpclaims.Report writes it) only what an Advances row shows: the fields,
// the lines, the largest advance and the totals. Its findings, the bulk of
// a report, are skipped: a ledger of 100,000 advances decodes 100,000
// reports on each rebuild.
func rowReport(data []byte) (stpclaims.Report, error) {
	var w struct {
		Fields map[string]struct {
			Value string `json:"value"`
		} `json:"fields"`
		Lines []struct {
			Field      string `json:"field"`
			Claimed    string `json:"claimed"`
			Admissible string `json:"admissible"`
		} `json:"lines"`
		MaxAdvance string `json:"max_advance"`
		Totals     *struct {
			Claimed    string `json:"claimed"`
			Admissible string `json:"admissible"`
		} `json:"totals"`
	}
	var rep stpclaims.Report
	if err := json.Unmarshal(data, &w); err != nil {
		return rep, err
	}
	for name, f := range w.Fields {
		rep.Fields = append(rep.Fields, stpclaims.FieldValue{Name: name, Value: f.Value})
	}
	var err error
	money := func(s string) decimal.Decimal {
		d, e := decimal.NewFromString(s)
		if e != nil && err == nil {
			err = fmt.Errorf("amount %q: %w", s, e)
		}
		return d
	}
	for _, l := range w.Lines {
		rep.Lines = append(rep.Lines, stpclaims.Line{Field: l.Field, Claimed: money(l.Claimed), Admissible: money(l.Admissible)})
	}
	if w.MaxAdvance != "" {
		rep.MaxAdvance = decimal.NewNullDecimal(money(w.MaxAdvance))
	}
	if w.Totals != nil {
		rep.Totals = &stpclaims.Totals{Claimed: money(w.Totals.Claimed), Admissible: money(w.Totals.Admissible)}
	}
	return rep, err
}

// Register lists the advances whose request names the facilitator, in the
// order of their programme codes.
func (l *StoreLedger) Register(ctx context.Context, facilitator string) ([]Advance, error) {
	codes := l.facilitators[bareAddress(facilitator)]
	if len(codes) == 0 {
		return nil, nil
	}
	hist, err := l.st.AdvanceHistory(ctx, codes...)
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	var out []Advance
	for len(hist) > 0 {
		key := codeKey(hist[0].Code)
		n := 1
		for n < len(hist) && codeKey(hist[n].Code) == key {
			n++
		}
		a := l.fold(&store.Programme{Key: key, Events: hist[:n]})
		hist = hist[n:]
		if a == nil {
			continue
		}
		s, err := l.st.Submission(ctx, a.Request.Claim)
		if err != nil {
			return nil, fmt.Errorf("ledgerbook: %w", err)
		}
		row, err := l.advance(a, s.ReportJSON)
		if err != nil {
			return nil, fmt.Errorf("ledgerbook: %w", err)
		}
		out = append(out, row)
	}
	return out, nil
}

// eachLive calls fn with each live claim of the form, decoded, in order of
// receipt, that OpenLedger saw (a claim entered since is left out, so the
// rows match the counts).
func (l *StoreLedger) eachLive(ctx context.Context, form stpclaims.FormKind, fn func(stored) error) error {
	err := l.st.EachSubmission(ctx, store.Filter{Form: form, LiveOnly: true, From: l.filter.From, To: l.filter.To}, func(s store.Stored) error {
		if _, ok := l.live[s.ID]; !ok || !liveClaim(s) {
			return nil
		}
		c, err := decode(s)
		if err != nil {
			return err
		}
		return fn(c)
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

func (l *StoreLedger) EachSettlement(ctx context.Context, fn func(*SettlementRow) error) error {
	return l.eachLive(ctx, stpclaims.FormSettlement, func(c stored) error {
		r := SettlementRow{ClaimID: c.ID, Code: c.ProgrammeCode, Name: c.field("programme_name"),
			End: c.date("end_date"), AdvanceDate: c.date("advance_date"), SettledOn: c.date("settled_on"),
			AdvanceReceived: c.money("advance_received"), Balance: c.rep.Balance, PenalInterest: c.rep.PenalInterest,
			DaysLate: c.rep.DaysLate, Status: c.Status, Review: c.Review}
		r.ClaimedTotal, r.AdmissibleTotal = totals(c.rep.Totals)
		return fn(&r)
	})
}

func (l *StoreLedger) EachBill(ctx context.Context, fn func(*BillLine) error) error {
	err := l.st.EachLiveBillRow(ctx, func(id int64, r store.BillRow) error {
		c, ok := l.live[id]
		if !ok {
			return nil
		}
		line := BillLine{ClaimID: id, Code: c.code, Kind: r.Kind, Row: r.Row,
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

func (l *StoreLedger) EachDeviation(ctx context.Context, fn func(*Deviation) error) error {
	return each(ctx, l.deviations, fn)
}

// EachSource lists every submission received in the period, saying what
// the register made of each, then every step recorded in it.
func (l *StoreLedger) EachSource(ctx context.Context, fn func(*Source) error) error {
	n := 0
	limit := l.counts.Sources - l.recorded
	err := l.st.EachSubmission(ctx, l.filter, func(s store.Stored) error {
		if n >= limit { // entered since OpenLedger counted
			return nil
		}
		n++
		return fn(&Source{ClaimID: s.ID, Received: s.Received, Source: s.Source, File: s.File,
			Sender: s.Sender, MessageID: s.MessageID, SHA256: s.SHA256, Form: s.Form, Code: s.ProgrammeCode,
			Status: s.Status, Review: s.Review, SupersededBy: s.SupersededBy, Reply: s.Reply, Register: l.claimNote(s)})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	m := 0
	err = l.st.EachRecordedEvent(ctx, func(e stpclaims.AdvanceEvent) error {
		if !l.inPeriod(e.At) || m >= l.recorded {
			return nil
		}
		m++
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

// advanceOf makes the descriptive part of an advance's row from its
// request's report; SetSteps adds the register's.
func advanceOf(c stored, cards *validate.Cards, zone *time.Location) Advance {
	a := Advance{ClaimID: c.ID, Code: c.ProgrammeCode, Name: c.field("programme_name"), Department: c.field("department"),
		Venue: c.field("venue"), Start: c.date("start_date"), End: c.date("end_date"),
		Coordinator: c.field("coordinator"), CoordinatorEmail: c.field("coordinator_email"),
		Facilitator: c.field("facilitator"), FacilitatorEmail: c.field("facilitator_email"),
		MaxAdvance: c.rep.MaxAdvance, AdvanceClaimed: c.money("advance_claimed"),
		Status: c.Status, Review: c.Review, Received: c.Received}
	if n, err := strconv.Atoi(c.field("participants")); err == nil {
		a.Participants = n
	}
	for _, l := range c.rep.Lines {
		if i := slices.Index(LineFields, l.Field); i >= 0 {
			a.Lines[i] = LineAmount{Claimed: decimal.NewNullDecimal(l.Claimed), Admissible: decimal.NewNullDecimal(l.Admissible)}
		}
	}
	a.ClaimedTotal, a.AdmissibleTotal = totals(c.rep.Totals)
	day := a.Start
	if day.IsZero() {
		day = civilDay(c.Received, zone)
	}
	a.Centre = centreOf(a.Venue, cards.InForce(day))
	return a
}
