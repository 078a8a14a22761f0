package ledgerbook

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"stpclaims/internal/reviewbook"
	"stpclaims/internal/seal"
)

// The review workbook's sheets, which package ingest/review reads back;
// internal/reviewbook defines its layout.
const (
	// SheetReview lists the deviations to decide.
	SheetReview = reviewbook.ReviewSheet
	// SheetClaims lists the claims they belong to.
	SheetClaims = reviewbook.ClaimsSheet
	// SheetRegister is the facilitator's register of advances.
	SheetRegister = reviewbook.RegisterSheet
	// MarkerSheet is the very hidden sheet that marks a review workbook.
	MarkerSheet = reviewbook.MarkerSheet
)

// ReviewBook is one facilitator's open deviations and register.
type ReviewBook struct {
	Facilitator string // bare e-mail address
	Made        time.Time
	Deviations  []Deviation
	Claims      []Source // the claims the deviations belong to
	// Register is every programme whose request names the facilitator,
	// with its state and steps (V: facilitators "maintain a register
	// regarding the allocation of the advances").
	Register []Advance
	// Seal is the store's key the workbook is sealed with: a returned
	// workbook is taken only when its token verifies. Required.
	Seal seal.Key
}

// Facilitators lists, sorted, the facilitators with open deviations or
// advances in the register.
func (b *Book) Facilitators() []string {
	var out []string
	for _, d := range b.Deviations {
		if d.Facilitator != "" && !slices.Contains(out, d.Facilitator) {
			out = append(out, d.Facilitator)
		}
	}
	for _, a := range b.Advances {
		if f := bareAddress(a.FacilitatorEmail); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out
}

// ReviewFor picks facilitator's open deviations from the book.
func (b *Book) ReviewFor(facilitator string, made time.Time) *ReviewBook {
	facilitator = bareAddress(facilitator)
	rb := &ReviewBook{Facilitator: facilitator, Made: made}
	want := map[int64]bool{}
	for _, d := range b.Deviations {
		if d.Facilitator == facilitator && facilitator != "" {
			rb.Deviations = append(rb.Deviations, d)
			want[d.ClaimID] = true
		}
	}
	for _, s := range b.Sources {
		if want[s.ClaimID] && s.Action == "" {
			rb.Claims = append(rb.Claims, s)
		}
	}
	rb.Register, _ = b.Register(context.Background(), facilitator)
	return rb
}

// Facilitators lists, sorted, the facilitators with open deviations or
// advances in the register of l.
func Facilitators(ctx context.Context, l Ledger) ([]string, error) {
	var out []string
	err := l.EachDeviation(ctx, func(d *Deviation) error {
		if d.Facilitator != "" && !slices.Contains(out, d.Facilitator) {
			out = append(out, d.Facilitator)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, f := range l.Facilitators() {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ReviewFor picks facilitator's open deviations from l, with the claims
// they belong to.
func ReviewFor(ctx context.Context, l Ledger, facilitator string, made time.Time) (*ReviewBook, error) {
	facilitator = bareAddress(facilitator)
	rb := &ReviewBook{Facilitator: facilitator, Made: made}
	want := map[int64]bool{}
	err := l.EachDeviation(ctx, func(d *Deviation) error {
		if d.Facilitator == facilitator && facilitator != "" {
			rb.Deviations = append(rb.Deviations, *d)
			want[d.ClaimID] = true
		}
		return nil
	})
	if err != nil {
		return rb, err
	}
	if rb.Register, err = l.Register(ctx, facilitator); err != nil || len(want) == 0 {
		return rb, err
	}
	err = l.EachSource(ctx, func(s *Source) error {
		if want[s.ClaimID] && s.Action == "" {
			rb.Claims = append(rb.Claims, *s)
		}
		return nil
	})
	return rb, err
}

// WriteReview writes the review workbook of rb to w.
func WriteReview(ctx context.Context, w io.Writer, rb *ReviewBook) error {
	if rb == nil {
		return ErrNilBook
	}
	if !rb.Seal.Valid() {
		return fmt.Errorf("ledgerbook: review workbook: %w", seal.ErrNoKey)
	}
	f := newFile(w)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	claimRow := map[int64]int{}
	for i, c := range rb.Claims {
		claimRow[c.ClaimID] = i + 2
	}
	links := map[string]string{}
	for i, d := range rb.Deviations {
		if r, ok := claimRow[d.ClaimID]; ok {
			links[fmt.Sprintf("A%d", i+2)] = fmt.Sprintf("'%s'!A%d", SheetClaims, r)
		}
	}
	if err := f.SetSheetName("Sheet1", SheetReview); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	n := len(reviewbook.ReviewColumns)
	setup := sheetSetup{dropList: []int{reviewbook.Column(reviewbook.ColDecision)}, links: links,
		widths: map[int]float64{1: 28, 7: 70, reviewbook.Column(reviewbook.ColRemarks): 36}}
	for col := n - reviewbook.HiddenColumns + 1; col <= n; col++ {
		setup.hidden = append(setup.hidden, col)
	}
	tables := make([]seal.Table, 3)
	tables[0].Sheet, tables[1].Sheet, tables[2].Sheet = SheetReview, SheetClaims, SheetRegister
	if err := stream(ctx, f, st, SheetReview, cols(reviewbook.ReviewColumns...), len(rb.Deviations), setup, sealed(&tables[0], reviewbook.ReviewColumns, indexed(len(rb.Deviations), func(i int, c *cells) {
		d := &rb.Deviations[i] // in ReviewColumns' order
		c.text(d.File)
		c.text(d.Code)
		c.text(string(d.Form))
		c.text(d.Coordinator)
		c.text(d.Rule)
		c.text(d.Clause)
		c.text(d.Message)
		c.money(d.Claimed)
		c.money(d.Allowed)
		c.text("")
		c.text("")
		c.id(d.ClaimID)
		c.id(d.FindingID)
		c.text(d.Fingerprint)
	}))); err != nil {
		return err
	}
	claimColumns := []string{reviewbook.ColClaimID, "File", "Programme code", "Form", "Co-ordinator", "Received", "Status", "sha256"}
	if err := stream(ctx, f, st, SheetClaims, cols(claimColumns...),
		len(rb.Claims), sheetSetup{widths: map[int]float64{2: 30, 8: 66}}, sealed(&tables[1], claimColumns, indexed(len(rb.Claims), func(i int, c *cells) {
			s := &rb.Claims[i]
			c.id(s.ClaimID)
			c.text(s.File)
			c.text(s.Code)
			c.text(string(s.Form))
			c.text(s.Sender)
			c.moment(s.Received)
			c.text(string(s.Status))
			c.text(s.SHA256)
		}))); err != nil {
		return err
	}
	if err := writeRegister(ctx, f, st, rb.Register, &tables[2]); err != nil {
		return err
	}
	if _, err := f.NewSheet(MarkerSheet); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	marker := map[string]string{
		reviewbook.MarkerCell:      reviewbook.MarkerText,
		"A2":                       "version",
		reviewbook.VersionCell:     reviewbook.Version,
		"A3":                       "facilitator",
		reviewbook.FacilitatorCell: rb.Facilitator,
		"A4":                       "made",
		reviewbook.MadeCell:        rb.Made.UTC().Format(time.RFC3339),
	}
	for cell, v := range marker {
		if err := f.SetCellStr(MarkerSheet, cell, v); err != nil {
			return fmt.Errorf("ledgerbook: marker: %w", err)
		}
	}
	if err := stampSeal(f, MarkerSheet, reviewbook.Seal, rb.Seal, marker, tables); err != nil {
		return err
	}
	if err := f.SetSheetVisible(MarkerSheet, false, true); err != nil {
		return fmt.Errorf("ledgerbook: marker: %w", err)
	}
	if err := save(f); err != nil {
		return fmt.Errorf("ledgerbook: write review: %w", err)
	}
	return nil
}

// WriteReviewFile writes the review workbook to path atomically.
func WriteReviewFile(ctx context.Context, path string, rb *ReviewBook) error {
	return writeAtomic(path, func(w io.Writer) error { return WriteReview(ctx, w, rb) })
}
