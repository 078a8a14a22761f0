package ledgerbook

import (
	"context"
	"time"

	"stpclaims"
	"stpclaims/store"
	"stpclaims/validate"
)

// Counts are how many rows each sheet of a ledger has.
type Counts struct {
	Advances, Overdue, Bills, Settlements, Deviations, Sources int
}

// Ledger feeds the workbook writer one sheet at a time, row by row, so a
// large ledger need never be held in memory whole. *Book is one (rows in
// memory); *StoreLedger reads the store as the rows are written. The
// Overdue sheet is written from the Advances rows that are overdue. The
// rows are counted as they are written.
type Ledger interface {
	EachAdvance(ctx context.Context, fn func(*Advance) error) error
	EachBill(ctx context.Context, fn func(*BillLine) error) error
	EachSettlement(ctx context.Context, fn func(*SettlementRow) error) error
	EachDeviation(ctx context.Context, fn func(*Deviation) error) error
	EachSource(ctx context.Context, fn func(*Source) error) error
	// Register lists every advance whose request names this facilitator:
	// the facilitator's register for the weekly review workbook.
	Register(ctx context.Context, facilitator string) ([]Advance, error)
	// AdvanceFacilitators lists, sorted, the facilitators the register's
	// requests name.
	AdvanceFacilitators(ctx context.Context) ([]string, error)
	// ReviewClaim is what a review workbook shows of a claim: its
	// co-ordinator, lines, totals and largest advance.
	ReviewClaim(ctx context.Context, s *Source) (ReviewClaim, error)
}

var (
	_ Ledger = (*Book)(nil)
	_ Ledger = (*StoreLedger)(nil)
)

// Store is what a ledger reads of the store: the register's events one
// programme at a time (with the facts of their claims), the submissions
// (one with its report, for a review workbook), the statements' facts, the
// TA bill rows of live claims, the deviations, the steps recorded and the
// advances' e-BT lists. *store.Store is one; the daemon's desk hands its
// own on through this.
type Store interface {
	EachProgramme(ctx context.Context, which store.Programmes, fn func(*store.Programme) error) error
	EachRecordedEvent(ctx context.Context, fn func(stpclaims.AdvanceEvent) error) error
	EachSubmission(ctx context.Context, f store.Filter, fn func(store.Stored) error) error
	Submission(ctx context.Context, id int64) (store.Stored, error)
	EachFacts(ctx context.Context, f store.Filter, fn func(store.Stored, *store.Facts) error) error
	LiveBills(ctx context.Context, from, to time.Time) (map[int64]string, error)
	EachLiveBillRow(ctx context.Context, fn func(submissionID int64, r store.BillRow) error) error
	EachDeviation(ctx context.Context, fn func(store.DeviationRow) error) error
	// AdvanceEBT gives the e-BT lists that pay each advance, by its
	// Annexure II.
	AdvanceEBT(ctx context.Context) (map[int64][]store.EBTPaid, error)
}

var _ Store = (*store.Store)(nil)

// Counts counts the book's rows.
func (b *Book) Counts() Counts {
	return Counts{Advances: len(b.Advances), Overdue: len(b.Overdue()), Bills: len(b.Bills), Settlements: len(b.Settlements),
		Deviations: len(b.Deviations), Sources: len(b.Sources)}
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

// Register lists the book's advances whose request names the facilitator.
func (b *Book) Register(_ context.Context, facilitator string) ([]Advance, error) {
	facilitator = bareAddress(facilitator)
	var out []Advance
	for _, a := range b.Advances {
		if facilitator != "" && bareAddress(a.FacilitatorEmail) == facilitator {
			out = append(out, a)
		}
	}
	return out, nil
}

// FromStore reads the whole ledger into memory: the advances requested in
// [opts.From, opts.To), the live claims and their deviations awaiting a
// decision, and every submission and recorded step of the period for
// Sources. For a very large store, write an OpenLedger instead.
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
	if err := l.EachDeviation(ctx, func(d *Deviation) error { b.Deviations = append(b.Deviations, *d); return nil }); err != nil {
		return nil, err
	}
	b.Claims = map[int64]ReviewClaim{}
	for _, d := range b.Deviations {
		if _, ok := b.Claims[d.ClaimID]; ok {
			continue
		}
		rc, err := l.ReviewClaim(ctx, &Source{ClaimID: d.ClaimID})
		if err != nil {
			return nil, err
		}
		b.Claims[d.ClaimID] = rc
	}
	if err := l.EachSource(ctx, func(s *Source) error { b.Sources = append(b.Sources, *s); return nil }); err != nil {
		return nil, err
	}
	return b, nil
}

// asOfDay is the calendar day penal interest runs to.
func asOfDay(asOf time.Time, zone *time.Location) time.Time {
	if asOf.IsZero() {
		asOf = time.Now()
	}
	return civilDay(asOf, zone)
}
