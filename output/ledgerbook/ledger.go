package ledgerbook

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/store"
	"stpclaims/validate"
)

// Counts are how many rows each sheet of a ledger has.
type Counts struct {
	Advances, Bills, Settlements, Deviations, Sources int
}

// Ledger feeds the workbook writer one sheet at a time, row by row, so a
// large ledger need never be held in memory whole. *Book is one (rows in
// memory); *StoreLedger reads the store as the rows are written.
type Ledger interface {
	Counts() Counts
	EachAdvance(ctx context.Context, fn func(*Advance) error) error
	EachBill(ctx context.Context, fn func(*BillLine) error) error
	EachSettlement(ctx context.Context, fn func(*SettlementRow) error) error
	EachDeviation(ctx context.Context, fn func(*Deviation) error) error
	EachSource(ctx context.Context, fn func(*Source) error) error
}

var (
	_ Ledger = (*Book)(nil)
	_ Ledger = (*StoreLedger)(nil)
)

// Store is what a ledger reads of the store: the submissions, the TA bill
// rows of live claims and the deviations. *store.Store is one; the daemon's
// desk hands its own on through this.
type Store interface {
	EachSubmission(ctx context.Context, f store.Filter, fn func(store.Stored) error) error
	EachLiveBillRow(ctx context.Context, fn func(submissionID int64, r store.BillRow) error) error
	Deviations(ctx context.Context) ([]store.DeviationRow, error)
}

var _ Store = (*store.Store)(nil)

// Counts counts the book's rows.
func (b *Book) Counts() Counts {
	return Counts{len(b.Advances), len(b.Bills), len(b.Settlements), len(b.Deviations), len(b.Sources)}
}

func each[T any](ctx context.Context, rows []T, fn func(*T) error) error {
	for i := range rows {
		if i%4096 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		if err := fn(&rows[i]); err != nil {
			return err
		}
	}
	return nil
}

func (b *Book) EachAdvance(ctx context.Context, fn func(*Advance) error) error {
	return each(ctx, b.Advances, fn)
}
func (b *Book) EachBill(ctx context.Context, fn func(*BillLine) error) error {
	return each(ctx, b.Bills, fn)
}
func (b *Book) EachSettlement(ctx context.Context, fn func(*SettlementRow) error) error {
	return each(ctx, b.Settlements, fn)
}
func (b *Book) EachDeviation(ctx context.Context, fn func(*Deviation) error) error {
	return each(ctx, b.Deviations, fn)
}
func (b *Book) EachSource(ctx context.Context, fn func(*Source) error) error {
	return each(ctx, b.Sources, fn)
}

// settled is what the Advances sheet needs of a programme's settlement.
type settled struct {
	id       int64
	received time.Time
	on       time.Time
	penal    decimal.NullDecimal // the statement's own penal interest
}

// claimInfo is what deviations need of a live claim.
type claimInfo struct {
	form                   stpclaims.FormKind
	code, file, sha, owner string
	facilitator            string // an Annexure II's own facilitator e-mail
}

// StoreLedger is a ledger read from the store as it is written: the rows
// are made one at a time from the submissions, so that only a few small
// maps (programme codes, claim ids) and the deviations awaiting a decision
// are held. It reads the store again for each sheet; rows entered in
// between may show on later sheets but not earlier ones.
type StoreLedger struct {
	st     Store
	cards  *validate.Cards
	zone   *time.Location
	asOf   time.Time
	filter store.Filter

	counts       Counts
	settlement   map[string]settled
	facilitators map[string][]string
	live         map[int64]claimInfo
	deviations   []Deviation
}

// OpenLedger reads what the ledger's rows depend on (the settlement of each
// programme, its facilitators, the deviations awaiting a decision) and
// counts the rows of each sheet. cards gives the settle-by period and penal
// interest rate in force for each programme.
func OpenLedger(ctx context.Context, st Store, cards *validate.Cards, opts Options) (*StoreLedger, error) {
	zone := opts.Zone
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	l := &StoreLedger{st: st, cards: cards, zone: zone, asOf: civilDay(asOf, zone),
		filter:     store.Filter{From: opts.From, To: opts.To},
		settlement: map[string]settled{}, facilitators: map[string][]string{}, live: map[int64]claimInfo{}}
	err := st.EachSubmission(ctx, l.filter, func(s store.Stored) error {
		l.counts.Sources++
		if !liveClaim(s) {
			return nil
		}
		info := claimInfo{form: s.Form, code: s.ProgrammeCode, file: s.File, sha: s.SHA256, owner: bareAddress(s.Sender)}
		key := codeKey(s.ProgrammeCode)
		switch s.Form {
		case stpclaims.FormAnnexureII:
			l.counts.Advances++
			c, err := decode(s)
			if err != nil {
				return err
			}
			info.facilitator = bareAddress(c.field("facilitator_email"))
			if info.facilitator != "" && !slices.Contains(l.facilitators[key], info.facilitator) {
				l.facilitators[key] = append(l.facilitators[key], info.facilitator)
			}
		case stpclaims.FormSettlement:
			l.counts.Settlements++
			c, err := decode(s)
			if err != nil {
				return err
			}
			if prev, ok := l.settlement[key]; !ok || !s.Received.Before(prev.received) {
				l.settlement[key] = settled{id: s.ID, received: s.Received, on: c.date("settled_on"), penal: c.rep.PenalInterest}
			}
		}
		l.live[s.ID] = info
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
	devs, err := st.Deviations(ctx)
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	for _, d := range devs {
		c, ok := l.live[d.SubmissionID]
		if !ok || d.Latest != nil {
			continue
		}
		fac := c.facilitator
		if c.form != stpclaims.FormAnnexureII {
			if f := l.facilitators[codeKey(c.code)]; len(f) > 0 {
				fac = f[0]
			}
		}
		l.deviations = append(l.deviations, Deviation{ClaimID: d.SubmissionID, FindingID: d.FindingID, Fingerprint: c.sha,
			Code: c.code, File: c.file, Form: c.form, Rule: d.Finding.Rule, Clause: d.Finding.Clause,
			Cell: d.Finding.Cell, Message: d.Finding.Message, Claimed: d.Finding.Claimed, Allowed: d.Finding.Allowed,
			Facilitator: fac, Coordinator: c.owner})
	}
	l.counts.Deviations = len(l.deviations)
	return l, nil
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

func (l *StoreLedger) EachAdvance(ctx context.Context, fn func(*Advance) error) error {
	return l.eachLive(ctx, stpclaims.FormAnnexureII, func(c stored) error {
		a := advanceOf(c, l.settlement[codeKey(c.ProgrammeCode)], l.cards, l.asOf, l.zone)
		return fn(&a)
	})
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
		return fn(&BillLine{ClaimID: id, Code: c.code, Kind: r.Kind, Row: r.Row,
			Name: r.Name, PEN: r.PEN, Office: r.Office, Claimed: r.Claimed, Admissible: r.Admissible})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

func (l *StoreLedger) EachDeviation(ctx context.Context, fn func(*Deviation) error) error {
	return each(ctx, l.deviations, fn)
}

func (l *StoreLedger) EachSource(ctx context.Context, fn func(*Source) error) error {
	n := 0
	err := l.st.EachSubmission(ctx, l.filter, func(s store.Stored) error {
		if n >= l.counts.Sources { // entered since OpenLedger counted
			return nil
		}
		n++
		return fn(&Source{ClaimID: s.ID, Received: s.Received, Source: s.Source, File: s.File,
			Sender: s.Sender, MessageID: s.MessageID, SHA256: s.SHA256, Form: s.Form, Code: s.ProgrammeCode,
			Status: s.Status, Review: s.Review, SupersededBy: s.SupersededBy, Reply: s.Reply})
	})
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	return nil
}

// FromStore reads the whole ledger into memory: the live claims received
// in [opts.From, opts.To), their deviations awaiting a decision, and every
// submission of the period for Sources. For a very large store, write an
// OpenLedger instead.
func FromStore(ctx context.Context, st Store, cards *validate.Cards, opts Options) (*Book, error) {
	l, err := OpenLedger(ctx, st, cards, opts)
	if err != nil {
		return nil, err
	}
	b := &Book{AsOf: l.asOf}
	if err := l.EachAdvance(ctx, func(a *Advance) error { b.Advances = append(b.Advances, *a); return nil }); err != nil {
		return nil, err
	}
	if err := l.EachBill(ctx, func(r *BillLine) error { b.Bills = append(b.Bills, *r); return nil }); err != nil {
		return nil, err
	}
	if err := l.EachSettlement(ctx, func(r *SettlementRow) error { b.Settlements = append(b.Settlements, *r); return nil }); err != nil {
		return nil, err
	}
	b.Deviations = l.deviations
	if err := l.EachSource(ctx, func(s *Source) error { b.Sources = append(b.Sources, *s); return nil }); err != nil {
		return nil, err
	}
	return b, nil
}

// advanceOf makes the Advances row of a live Annexure II; set is the live
// settlement of its code (zero for none).
func advanceOf(c stored, set settled, cards *validate.Cards, asOf time.Time, zone *time.Location) Advance {
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
	card := cards.InForce(day)
	a.Centre = centreOf(a.Venue, card)
	a.SettlementID, a.SettledOn = set.id, set.on
	if a.End.IsZero() {
		return a
	}
	lc := validate.LedgerClaimOf(c.ID, c.Sender, c.Received, c.rep)
	until := asOf
	if set.id != 0 && !set.on.IsZero() {
		until = set.on
	}
	o := validate.OverdueOn(lc.Advance.Decimal, card, a.End, until)
	a.SettleBy, a.DaysOverdue = o.SettleBy, o.DaysOverdue
	switch {
	case set.id != 0 && set.penal.Valid: // the statement's own advance
		a.PenalInterest = set.penal
	case lc.Advance.Valid:
		a.PenalInterest = decimal.NewNullDecimal(o.PenalInterest)
	}
	return a
}
