// Package review reads back a facilitator's review workbook: the one
// package output/ledgerbook writes in the layout internal/reviewbook
// defines, returned by mail or dropped in the folder with a Decision
// (Approve, Reject or Query) and Remarks on some of its rows.
//
// Is tells a review workbook from a claim by its very hidden marker sheet,
// so the reader of forms never takes one for a claim. Read first verifies
// the workbook's token with the store's key (package internal/seal): one
// made by hand, or changed where only stpclaims writes (the hidden
// identifiers, the amounts shown, the facilitator it was made for), is
// refused whole. It then returns the decided rows with their hidden
// identifiers (claim id, finding id and the claim's sha256 as it was
// shown), the advances recommended on the Register sheet (the request's id
// and sha256, and the amount or the largest advance), and the rows it
// could not read. It does not judge who may decide or whether the claim
// changed since: the store does that when the decisions are recorded
// (store.Decide), with the sender and time the caller knows.
package review

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/seal"
	"stpclaims/internal/sealedbook"
)

// The sheets of the layout internal/reviewbook defines.
const (
	markerSheet = reviewbook.MarkerSheet
	markerText  = reviewbook.MarkerText
	reviewSheet = reviewbook.ReviewSheet
)

// ErrNotReview: the workbook is not a review workbook.
var ErrNotReview = errors.New("review: not a stpclaims review workbook")

// Decision is a facilitator's decision as written in the Decision column.
type Decision string

const (
	Approve Decision = "approve"
	Reject  Decision = "reject"
	Query   Decision = "query"
)

// Row is one decided row of the Review sheet.
type Row struct {
	SheetRow    int
	ClaimID     int64
	FindingID   int64
	Fingerprint string
	Decision    Decision
	Remarks     string
	// Code and Rule are the programme code and rule the row showed
	// (sealed), File the claim's file name: what the answer names a
	// decision by.
	Code, Rule, File string
}

// Problem is a row whose decision or identifiers could not be read.
type Problem struct {
	SheetRow int
	Reason   string
}

// Recommendation is a row of the Register sheet whose Recommend column is
// filled: the facilitator recommends the advance of the request it names.
type Recommendation struct {
	SheetRow    int
	Code        string
	ClaimID     int64  // the request
	Fingerprint string // its sha256 as the workbook showed it
	// Amount is the amount recommended; null for the largest advance
	// ("Yes").
	Amount decimal.NullDecimal
}

// Returned is what a returned review workbook says.
type Returned struct {
	Facilitator     string    // whom the workbook was made for
	Made            time.Time // when it was made
	Decisions       []Row
	Recommendations []Recommendation
	Problems        []Problem
	Undecided       int // rows left without a decision
}

// Is reports whether data is a review workbook, cheaply: an .xlsx whose
// workbook names the marker sheet. Read confirms it.
func Is(data []byte) bool { return sealedbook.IsMarked(data, markerSheet) }

// sealed is what Read expects of a review workbook: its sheets (Review,
// Claims, Register, then any added since) each with its header in the
// first row, and the layout its version names, so that a workbook sent out
// by an earlier version is still taken.
var sealed = sealedbook.Spec{Not: ErrNotReview,
	MarkerSheet: markerSheet, MarkerCell: reviewbook.MarkerCell, MarkerText: markerText,
	VersionCell: reviewbook.VersionCell, LayoutFor: reviewbook.SealFor, HeaderRow: 1}

// Read reads the decisions of a returned review workbook, once its token
// verifies with key: a workbook not made by stpclaims, or changed where
// only stpclaims writes (package internal/seal), is refused with an error
// wrapping seal.ErrForged and nothing of it is read. The cells read are
// the cells verified (raw values: a number as its digits).
func Read(data []byte, key seal.Key) (*Returned, error) {
	book, err := sealedbook.Open(data, key, sealed)
	if err != nil {
		return nil, err
	}
	ret := &Returned{Facilitator: strings.TrimSpace(book.Marker[reviewbook.FacilitatorCell])}
	ret.Made, _ = time.Parse(time.RFC3339, strings.TrimSpace(book.Marker[reviewbook.MadeCell]))
	if err := readDecisions(book.Tables[0], ret); err != nil {
		return nil, err
	}
	if err := readRecommendations(book.Tables[2], ret); err != nil {
		return nil, err
	}
	return ret, nil
}

// readDecisions reads the Review sheet's decided rows.
func readDecisions(t seal.Table, ret *Returned) error {
	if t.Header == nil {
		return fmt.Errorf("%w: the %s sheet is missing or empty", ErrNotReview, reviewSheet)
	}
	col := seal.Index(t.Header)
	for _, h := range reviewbook.ReadColumns {
		if _, ok := col[h]; !ok {
			return fmt.Errorf("%w: the %s sheet has no %q column", ErrNotReview, reviewSheet, h)
		}
	}
	at := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for i, row := range t.Rows {
		n := i + 2
		dec := at(row, reviewbook.ColDecision)
		if dec == "" {
			if at(row, reviewbook.ColFindingID) != "" {
				ret.Undecided++
			}
			continue
		}
		d, ok := parseDecision(dec)
		if !ok {
			ret.Problems = append(ret.Problems, Problem{SheetRow: n, Reason: fmt.Sprintf("row %d: %q is not a decision: choose Approve, Reject or Query.", n, dec)})
			continue
		}
		claim, err1 := strconv.ParseInt(at(row, reviewbook.ColClaimID), 10, 64)
		finding, err2 := strconv.ParseInt(at(row, reviewbook.ColFindingID), 10, 64)
		fp := at(row, reviewbook.ColFingerprint)
		if err1 != nil || err2 != nil || fp == "" {
			ret.Problems = append(ret.Problems, Problem{SheetRow: n, Reason: fmt.Sprintf("row %d: the hidden claim and finding identifiers are missing or changed; use the review workbook as sent.", n)})
			continue
		}
		ret.Decisions = append(ret.Decisions, Row{SheetRow: n, ClaimID: claim, FindingID: finding, Fingerprint: fp,
			Decision: d, Remarks: at(row, reviewbook.ColRemarks),
			Code: at(row, reviewbook.ColProgrammeCode), Rule: at(row, reviewbook.ColRule), File: at(row, reviewbook.ColClaim)})
	}
	return nil
}

// readRecommendations reads the Register sheet's Recommend column, when the
// workbook has the sheet.
func readRecommendations(t seal.Table, ret *Returned) error {
	if t.Header == nil {
		return nil
	}
	col := seal.Index(t.Header)
	for _, h := range []string{reviewbook.ColRecommend, reviewbook.ColRequestID, reviewbook.ColRequestFingerprint} {
		if _, ok := col[h]; !ok {
			return fmt.Errorf("%w: the %s sheet has no %q column", ErrNotReview, reviewbook.RegisterSheet, h)
		}
	}
	at := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for i, row := range t.Rows {
		n := i + 2
		text := at(row, reviewbook.ColRecommend)
		if text == "" {
			continue
		}
		code := at(row, reviewbook.ColProgrammeCode)
		amount, ok := parseRecommendation(text)
		if !ok {
			ret.Problems = append(ret.Problems, Problem{SheetRow: n, Reason: fmt.Sprintf("%s row %d (%s): %q is not an amount; write the amount to recommend, or Yes for the largest advance.",
				reviewbook.RegisterSheet, n, code, text)})
			continue
		}
		claim, err := strconv.ParseInt(at(row, reviewbook.ColRequestID), 10, 64)
		fp := at(row, reviewbook.ColRequestFingerprint)
		if err != nil || fp == "" {
			ret.Problems = append(ret.Problems, Problem{SheetRow: n, Reason: fmt.Sprintf("%s row %d (%s): the hidden request identifiers are missing or changed; use the review workbook as sent.",
				reviewbook.RegisterSheet, n, code)})
			continue
		}
		ret.Recommendations = append(ret.Recommendations, Recommendation{SheetRow: n, Code: code, ClaimID: claim, Fingerprint: fp, Amount: amount})
	}
	return nil
}

// parseRecommendation reads a Recommend cell: an amount in rupees ("45000",
// "45,000.00", "Rs 45000") or a word for the largest advance (null).
func parseRecommendation(s string) (decimal.NullDecimal, bool) {
	t := strings.ToLower(strings.TrimSpace(s))
	if slices.Contains(reviewbook.RecommendLargest, t) {
		return decimal.NullDecimal{}, true
	}
	t = strings.TrimPrefix(strings.TrimPrefix(t, "rs."), "rs")
	t = strings.NewReplacer(",", "", "₹", "", " ", "", "/-", "").Replace(t)
	d, err := decimal.NewFromString(t)
	if err != nil || !d.IsPositive() {
		return decimal.NullDecimal{}, false
	}
	return decimal.NewNullDecimal(d), true
}

func parseDecision(s string) (Decision, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "approve", "approved":
		return Approve, true
	case "reject", "rejected":
		return Reject, true
	case "query", "queried":
		return Query, true
	}
	return "", false
}
