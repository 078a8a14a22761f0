package ledgerbook

import (
	"context"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/seal"
	"stpclaims/store"
)

// The review workbook's sheets, which package ingest/review reads back;
// internal/reviewbook defines its layout.
const (
	// SheetReview lists the deviations to decide.
	SheetReview = reviewbook.ReviewSheet
	// SheetClaims lists the claims they belong to.
	SheetClaims = reviewbook.ClaimsSheet
	// SheetLines lists the money lines of those claims.
	SheetLines = reviewbook.LinesSheet
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
	Claims      []ReviewClaim // the claims the deviations belong to
	// Register is every programme whose request names the facilitator,
	// with its state and steps (V: facilitators "maintain a register
	// regarding the allocation of the advances").
	Register []Advance
	// Seal is the store's key the workbook is sealed with: a returned
	// workbook is taken only when its token verifies. Required.
	Seal seal.Key
}

// ReviewClaim is a claim whose deviations a review workbook lists, with
// what the facilitator needs to decide them: its co-ordinator, its money
// lines claimed and admissible, its totals and largest advance.
type ReviewClaim struct {
	Source
	// Coordinator and CoordinatorEmail are the co-ordinator the claim's
	// form names (a TA bill's or a statement's: its programme's request),
	// else its sender.
	Coordinator, CoordinatorEmail string
	ClaimedTotal, AdmissibleTotal decimal.NullDecimal
	MaxAdvance, AdvanceClaimed    decimal.NullDecimal // an Annexure II's
	Lines                         []ClaimLine
	// Annotated names the claim's annotated copy attached to the mail the
	// workbook goes in; "" when none is.
	Annotated string
}

// ClaimLine is one money line of a claim: an Annexure II line or a
// settlement's component of expenditure.
type ClaimLine struct {
	Title               string // "Line 14, Food & Refreshments"
	Claimed, Admissible decimal.Decimal
}

// reviewClaim makes what a review workbook shows of a claim from its
// report; request is its programme's request's report (nil for none), for
// the co-ordinator a TA bill or statement does not name.
func reviewClaim(s Source, rep, request *stpclaims.Report) ReviewClaim {
	rc := ReviewClaim{Source: s}
	named := func(r *stpclaims.Report) bool {
		if r == nil {
			return false
		}
		rc.Coordinator, rc.CoordinatorEmail = store.FieldOf(*r, "coordinator"), store.FieldOf(*r, "coordinator_email")
		return rc.Coordinator != "" || rc.CoordinatorEmail != ""
	}
	if !named(rep) && !named(request) {
		rc.Coordinator, rc.CoordinatorEmail = "", s.Sender
	}
	if rep == nil {
		return rc
	}
	rc.ClaimedTotal, rc.AdmissibleTotal = totals(rep.Totals)
	rc.MaxAdvance = rep.MaxAdvance
	if d, err := decimal.NewFromString(store.FieldOf(*rep, "advance_claimed")); err == nil {
		rc.AdvanceClaimed = decimal.NewNullDecimal(d)
	}
	for _, l := range rep.Lines {
		rc.Lines = append(rc.Lines, ClaimLine{Title: lineTitle(s.Form, l.Field), Claimed: l.Claimed, Admissible: l.Admissible})
	}
	return rc
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

// AdvanceFacilitators lists, sorted, the facilitators the book's advances
// name.
func (b *Book) AdvanceFacilitators(context.Context) ([]string, error) {
	var out []string
	for _, a := range b.Advances {
		if f := bareAddress(a.FacilitatorEmail); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ReviewFor picks facilitator's open deviations from the book.
func (b *Book) ReviewFor(facilitator string, made time.Time) *ReviewBook {
	rb, _ := ReviewFor(context.Background(), b, facilitator, made)
	return rb
}

// ReviewClaim is what the review workbook shows of a claim the book read
// for it (FromStore reads every claim with a deviation awaiting a
// decision); the source alone for any other.
func (b *Book) ReviewClaim(_ context.Context, s *Source) (ReviewClaim, error) {
	if rc, ok := b.Claims[s.ClaimID]; ok {
		rc.Source = *s
		return rc, nil
	}
	return reviewClaim(*s, nil, nil), nil
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
	facs, err := l.AdvanceFacilitators(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range facs {
		if !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ReviewFor picks facilitator's open deviations from l, with the claims
// they belong to (their co-ordinator, lines and totals) and the
// facilitator's register.
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
		if !want[s.ClaimID] || s.Action != "" {
			return nil
		}
		rc, err := l.ReviewClaim(ctx, s)
		if err != nil {
			return err
		}
		rb.Claims = append(rb.Claims, rc)
		return nil
	})
	if err != nil {
		return rb, err
	}
	who := map[int64]string{}
	for _, c := range rb.Claims {
		who[c.ClaimID] = person(c.Coordinator, c.CoordinatorEmail)
	}
	for i := range rb.Deviations {
		if p := who[rb.Deviations[i].ClaimID]; p != "" {
			rb.Deviations[i].Coordinator = p
		}
	}
	return rb, nil
}

// WriteReview writes the review workbook of rb to w: the Review sheet
// (the deviations to decide), Claims (the claims they belong to), Lines
// (those claims' money lines) and Register, each printed on A4 one page
// wide, and the very hidden marker sheet with the token that seals it.
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
	if err := f.SetSheetName("Sheet1", SheetReview); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	// in the order of the layout's sheets: Review, Claims, Register, Lines
	tables := []seal.Table{{Sheet: SheetReview}, {Sheet: SheetClaims}, {Sheet: SheetRegister}, {Sheet: SheetLines}}
	rw := &reviewWriter{ctx: ctx, f: f, st: st, rb: rb}
	for _, step := range []func() error{
		func() error { return rw.review(&tables[0]) },
		func() error { return rw.claims(&tables[1]) },
		func() error { return rw.lines(&tables[3]) },
		func() error { return writeRegister(ctx, f, st, rb.Register, &tables[2], rw.footer(SheetRegister)) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	if err := reviewMarker(f, rb, tables); err != nil {
		return err
	}
	if err := save(f); err != nil {
		return fmt.Errorf("ledgerbook: write review: %w", err)
	}
	return nil
}

// reviewWriter writes a review workbook's sheets.
type reviewWriter struct {
	ctx context.Context
	f   *excelize.File
	st  styles
	rb  *ReviewBook
}

// footer is the foot of a review workbook sheet's pages.
func (rw *reviewWriter) footer(sheet string) string {
	return fmt.Sprintf("Review of %s, %s: %s", rw.rb.Facilitator, rw.rb.Made.In(stpclaims.DefaultZone()).Format("02.01.2006"), sheet)
}

// reviewColumns are the Review sheet's columns, in reviewbook's order.
var reviewColumns = columnsOf(reviewbook.ReviewColumns, map[string]column{
	reviewbook.ColClaim: wrap("", wFile), reviewbook.ColProgrammeCode: col("", wCode), "Co-ordinator": wrap("", wPerson),
	reviewbook.ColRule: wrap("", wRule), "Finding": wrap("", 32), "Claimed": col("", wMoney), "Allowed": col("", wMoney),
	reviewbook.ColDecision: col("", 10), reviewbook.ColRemarks: wrap("", 18), "Form": col("", wShort), "Clause": col("", 8),
	reviewbook.ColFindingID: col("", 10),
})

// columnsOf gives each title its column from widths (the width and wrap;
// the default width for any not named).
func columnsOf(titles []string, widths map[string]column) []column {
	out := make([]column, len(titles))
	for i, t := range titles {
		c, ok := widths[t]
		if !ok {
			c = col("", 14)
		}
		c.title = t
		out[i] = c
	}
	return out
}

// review writes the Review sheet: one row a deviation, the claim's file
// linked to its row on the Claims sheet, a Decision dropdown, Remarks and
// the hidden identifiers.
func (rw *reviewWriter) review(t *seal.Table) error {
	rb := rw.rb
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
	n := len(reviewbook.ReviewColumns)
	setup := sheetSetup{print: reviewbook.ReviewPrinted, dropList: []int{reviewbook.Column(reviewbook.ColDecision)}, links: links,
		footer: rw.footer(SheetReview)}
	for col := n - reviewbook.HiddenColumns + 1; col <= n; col++ {
		setup.hidden = append(setup.hidden, col)
	}
	return stream(rw.ctx, rw.f, rw.st, SheetReview, reviewColumns, len(rb.Deviations), setup,
		sealed(t, reviewbook.ReviewColumns, indexed(len(rb.Deviations), func(i int, c *cells) {
			d := &rb.Deviations[i] // in ReviewColumns' order
			c.text(d.File)
			c.text(d.Code)
			c.text(d.Coordinator)
			c.text(d.Rule)
			c.text(d.Message)
			c.money(d.Claimed)
			c.money(d.Allowed)
			c.input("") // Decision
			c.input("") // Remarks
			c.text(formTitle(d.Form))
			c.text(d.Clause)
			c.id(d.ClaimID)
			c.id(d.FindingID)
			c.text(d.Fingerprint)
		})))
}

// claimsColumns are the Claims sheet's columns, in reviewbook's order.
var claimsColumns = columnsOf(reviewbook.ClaimsColumns, map[string]column{
	reviewbook.ColClaimID: col("", wID), "File": wrap("", wFile), reviewbook.ColProgrammeCode: col("", wCode), "Form": col("", wShort),
	"Co-ordinator": wrap("", wPerson), "Received": col("", wMoment), "Status": col("", wShort),
	"Total claimed": col("", wMoney), "Total admissible": col("", wMoney), "Largest advance": col("", wMoney),
	"Advance claimed": col("", wMoney), "Annotated copy": wrap("", 22), "sha256": col("", wSHA),
})

// claims writes the Claims sheet: one row a claim, with its co-ordinator,
// totals, largest advance and annotated copy, and its sha256 hidden.
func (rw *reviewWriter) claims(t *seal.Table) error {
	rb := rw.rb
	n := len(claimsColumns)
	setup := sheetSetup{print: reviewbook.ClaimsPrinted, footer: rw.footer(SheetClaims)}
	for col := n - reviewbook.ClaimsHidden + 1; col <= n; col++ {
		setup.hidden = append(setup.hidden, col)
	}
	return stream(rw.ctx, rw.f, rw.st, SheetClaims, claimsColumns, len(rb.Claims), setup,
		sealed(t, reviewbook.ClaimsColumns, indexed(len(rb.Claims), func(i int, c *cells) {
			s := &rb.Claims[i]
			c.id(s.ClaimID)
			c.text(s.File)
			c.text(s.Code)
			c.text(formTitle(s.Form))
			c.text(person(s.Coordinator, s.CoordinatorEmail))
			c.money(s.ClaimedTotal)
			c.money(s.AdmissibleTotal)
			c.money(s.MaxAdvance)
			c.money(s.AdvanceClaimed)
			c.text(s.Annotated)
			c.moment(s.Received)
			c.text(string(s.Status))
			c.text(s.SHA256)
		})))
}

// linesColumns are the Lines sheet's columns, in reviewbook's order.
var linesColumns = columnsOf(reviewbook.LinesColumns, map[string]column{
	reviewbook.ColClaimID: col("", wID), reviewbook.ColProgrammeCode: col("", wCode), "Line": wrap("", 34),
	"Claimed": col("", wMoney), "Admissible": col("", wMoney), "Cut": col("", wMoney),
})

// lines writes the Lines sheet: each claim's money lines, claimed,
// admissible and what was cut.
func (rw *reviewWriter) lines(t *seal.Table) error {
	type line struct {
		claim *ReviewClaim
		line  *ClaimLine
	}
	var rows []line
	for i := range rw.rb.Claims {
		c := &rw.rb.Claims[i]
		for j := range c.Lines {
			rows = append(rows, line{c, &c.Lines[j]})
		}
	}
	return stream(rw.ctx, rw.f, rw.st, SheetLines, linesColumns, len(rows), sheetSetup{footer: rw.footer(SheetLines)},
		sealed(t, reviewbook.LinesColumns, indexed(len(rows), func(i int, c *cells) {
			r := rows[i]
			c.id(r.claim.ClaimID)
			c.text(r.claim.Code)
			c.text(r.line.Title)
			c.amount(r.line.Claimed)
			c.amount(r.line.Admissible)
			if cut := r.line.Claimed.Sub(r.line.Admissible); cut.IsPositive() {
				c.amount(cut)
			} else {
				c.text("")
			}
		})))
}

// reviewMarker adds the very hidden sheet that marks a review workbook,
// with the token that seals it.
func reviewMarker(f *excelize.File, rb *ReviewBook, tables []seal.Table) error {
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
	return nil
}

// WriteReviewFile writes the review workbook to path atomically.
func WriteReviewFile(ctx context.Context, path string, rb *ReviewBook) error {
	return writeAtomic(path, func(w io.Writer) error { return WriteReview(ctx, w, rb) })
}

// ReviewClaim reads what a review workbook shows of a claim from its
// report in the store, and for a TA bill or a statement the co-ordinator
// its programme's request names. A source given by its claim id alone is
// filled in from the store.
func (l *StoreLedger) ReviewClaim(ctx context.Context, s *Source) (ReviewClaim, error) {
	sub, err := l.st.Submission(ctx, s.ClaimID)
	if err != nil {
		return ReviewClaim{}, fmt.Errorf("ledgerbook: %w", err)
	}
	c, err := decode(sub)
	if err != nil {
		return ReviewClaim{}, fmt.Errorf("ledgerbook: %w", err)
	}
	if err := l.index(ctx); err != nil {
		return ReviewClaim{}, err
	}
	var request *stpclaims.Report
	if info, ok := l.programmes[codeKey(sub.ProgrammeCode)]; sub.Form != stpclaims.FormAnnexureII && ok && info.request != 0 {
		r, err := l.st.Submission(ctx, info.request)
		if err != nil {
			return ReviewClaim{}, fmt.Errorf("ledgerbook: %w", err)
		}
		rc, err := decode(r)
		if err != nil {
			return ReviewClaim{}, fmt.Errorf("ledgerbook: %w", err)
		}
		request = &rc.rep
	}
	src := *s
	if src.SHA256 == "" {
		src = Source{ClaimID: sub.ID, Received: sub.Received, Source: sub.Source, File: sub.File, Sender: sub.Sender,
			MessageID: sub.MessageID, SHA256: sub.SHA256, Form: sub.Form, Code: sub.ProgrammeCode, Status: sub.Status,
			Review: sub.Review, SupersededBy: sub.SupersededBy, Reply: sub.Reply}
	}
	return reviewClaim(src, &c.rep, request), nil
}
