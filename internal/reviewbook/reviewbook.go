// Package reviewbook is the layout of a facilitator's review workbook, the
// one contract between its writer (output/ledgerbook) and its reader
// (ingest/review): the sheet names, the very hidden marker sheet that tells
// a review workbook from a claim and what its cells hold, the Review sheet's
// columns and the words a facilitator may choose in its Decision column,
// the Claims and Lines sheets' columns, the Register sheet's columns with
// its Recommend column, and how many of each sheet's columns print.
//
// A workbook made by an earlier version is still read: SealFor gives the
// layout its token was made with, by the version its marker names.
//
// It lives apart from both because neither may own it: ingest never imports
// output (the house rule), and a writer that imported its reader would tie
// the ledger's build to the intake's. A package of names that both import
// keeps the format in one place, and a change to it is a change to both.
//
// It holds names and positions only: it neither reads nor writes
// workbooks and knows no spreadsheet library. Seal names what the
// workbook's token (package internal/seal) protects.
package reviewbook

import (
	"slices"
	"strings"

	"stpclaims/internal/seal"
)

// Sheet names of a review workbook.
const (
	// ReviewSheet lists the deviations to decide, one a row.
	ReviewSheet = "Review"
	// ClaimsSheet lists the claims the deviations belong to.
	ClaimsSheet = "Claims"
	// RegisterSheet is the facilitator's register of advances, one row a
	// programme, where an advance is recommended.
	RegisterSheet = "Register"
	// LinesSheet lists the money lines of each claim, claimed and
	// admissible.
	LinesSheet = "Lines"
	// MarkerSheet is the very hidden sheet that marks a review workbook.
	MarkerSheet = "stpclaims-review"
)

// The marker sheet's cells: column A names, column B holds.
const (
	MarkerCell      = "A1" // holds MarkerText
	MarkerText      = "stpclaims review workbook"
	VersionCell     = "B2" // holds Version
	Version         = "3"  // 2: sealed (TokenCell); 3: the claims' amounts and lines sealed too
	FacilitatorCell = "B3" // the bare e-mail address the workbook was made for
	MadeCell        = "B4" // when it was made, RFC 3339 in UTC
	TokenCell       = "B5" // the token that proves the workbook genuine
)

// The Review sheet's columns the reader needs, by header.
const (
	ColDecision    = "Decision"
	ColRemarks     = "Remarks"
	ColClaimID     = "Claim id"
	ColFindingID   = "Finding id"
	ColFingerprint = "Fingerprint"
	// ColClaim (the claim's file), ColProgrammeCode and ColRule name a
	// decision in the answer to the workbook.
	ColClaim = "Claim"
	ColRule  = "Rule"
)

// ReviewColumns are the Review sheet's headers, in order: the first
// ReviewPrinted are printed; the last three (HiddenColumns) are the
// identifiers the reader needs and a person does not.
var ReviewColumns = []string{ColClaim, ColProgrammeCode, "Co-ordinator", ColRule, "Finding",
	"Claimed", "Allowed", ColDecision, ColRemarks, "Form", "Clause", ColClaimID, ColFindingID, ColFingerprint}

// ReviewPrinted is how many of ReviewColumns, from the first, a printout
// has.
const ReviewPrinted = 9

// HiddenColumns is how many of ReviewColumns, counted from the end, are
// hidden.
const HiddenColumns = 3

// Column is the 1-based position of the header name in ReviewColumns, 0
// when there is none.
func Column(name string) int {
	return slices.Index(ReviewColumns, name) + 1
}

// ReadColumns are the columns Read cannot do without.
var ReadColumns = []string{ColDecision, ColRemarks, ColClaimID, ColFindingID, ColFingerprint}

// Choices are the Decision column's dropdown values, in the order offered
// (the ledger's Deviations sheet offers the same). The reader also takes
// them in any case and as past participles ("approved").
var Choices = []string{"Approve", "Reject", "Query"}

// The Register sheet's columns the reader needs, by header.
const (
	// ColRecommend takes the amount the facilitator recommends, or one of
	// RecommendLargest for the largest advance; blank for no
	// recommendation.
	ColRecommend = "Recommend (Rs, or Yes for the largest advance)"
	ColRequestID = "Request id"
	// ColRequestFingerprint is the request's sha256 as the workbook showed
	// it: a recommendation on a claim changed since is refused.
	ColRequestFingerprint = "Request fingerprint"
	ColProgrammeCode      = "Programme code"
)

// RegisterColumns are the Register sheet's headers, in order: the first
// RegisterPrinted (the programme, its state, the money at each step and
// the Recommend column) are printed; the last two (RegisterHidden)
// identify the request the row is for.
var RegisterColumns = []string{ColProgrammeCode, "Programme name", "State",
	"Largest advance", "Advance claimed", ColRecommend, "Recommended", "Sanctioned", "Paid",
	"Settle by", "Balance (+ refund, − to pay)", "Penal interest to date",
	"Paid on", "Days overdue", "Co-ordinator", "From", "To", "Sanction order", "Settled on",
	ColRequestID, ColRequestFingerprint}

// RegisterPrinted is how many of RegisterColumns, from the first, a
// printout has.
const RegisterPrinted = 12

// RegisterHidden is how many of RegisterColumns, counted from the end, are
// hidden.
const RegisterHidden = 2

// RegisterColumn is the 1-based position of the header name in
// RegisterColumns, 0 when there is none.
func RegisterColumn(name string) int {
	return slices.Index(RegisterColumns, name) + 1
}

// ClaimsColumns are the Claims sheet's headers, in order: one row a claim
// whose deviations the Review sheet lists, with its co-ordinator (name and
// e-mail, from the form), its totals, largest advance and advance claimed,
// and the name of its annotated copy attached to the mail. The last
// (ClaimsHidden) is its sha256.
var ClaimsColumns = []string{ColClaimID, "File", ColProgrammeCode, "Form", "Co-ordinator",
	"Total claimed", "Total admissible", "Largest advance", "Advance claimed", "Annotated copy", "Received", "Status", "sha256"}

// ClaimsPrinted is how many of ClaimsColumns, from the first, a printout
// has.
const ClaimsPrinted = 10

// ClaimsHidden is how many of ClaimsColumns, counted from the end, are
// hidden.
const ClaimsHidden = 1

// LinesColumns are the Lines sheet's headers: one row a money line of a
// claim on the Claims sheet (Annexure II lines 9 to 20, a settlement's
// components of expenditure), claimed, admissible and what was cut.
var LinesColumns = []string{ColClaimID, ColProgrammeCode, "Line", "Claimed", "Admissible", "Cut"}

// RecommendLargest are the words (in any case) that recommend the largest
// advance.
var RecommendLargest = []string{"yes", "y", "largest", "recommended"}

// Seal is what a review workbook's token protects: the marker's version,
// facilitator and moment; on the Review sheet the identifiers a decision
// is recorded against (claim, finding, the claim's sha256), the programme,
// the rule and the amounts shown; on the Claims sheet each claim's id,
// programme, sha256 and amounts; on the Register sheet the request each
// row recommends (id, sha256, programme), its state and the amounts shown;
// on the Lines sheet each line's claim, name and amounts. Not protected:
// Decision, Remarks and Recommend, which the facilitator fills, and the
// words, names and dates shown beside them.
var Seal = seal.Layout{
	Name:   MarkerText,
	Marker: SealV2.Marker,
	Token:  TokenCell,
	Sheets: []seal.Sheet{
		SealV2.Sheets[0],
		{Name: ClaimsSheet, Columns: []seal.Column{
			{Header: ColClaimID, Kind: seal.ID}, {Header: ColProgrammeCode, Kind: seal.Text}, {Header: "sha256", Kind: seal.Text},
			{Header: "Total claimed", Kind: seal.Money}, {Header: "Total admissible", Kind: seal.Money},
			{Header: "Largest advance", Kind: seal.Money}, {Header: "Advance claimed", Kind: seal.Money}}},
		SealV2.Sheets[2],
		{Name: LinesSheet, Columns: []seal.Column{
			{Header: ColClaimID, Kind: seal.ID}, {Header: "Line", Kind: seal.Text},
			{Header: "Claimed", Kind: seal.Money}, {Header: "Admissible", Kind: seal.Money}}},
	},
}

// SealV2 is what the token of a workbook of version 2 protects (the
// Claims sheet without amounts, no Lines sheet): such a workbook, sent out
// before version 3, is still taken.
var SealV2 = seal.Layout{
	Name:   MarkerText,
	Marker: []string{VersionCell, FacilitatorCell, MadeCell},
	Token:  TokenCell,
	Sheets: []seal.Sheet{
		{Name: ReviewSheet, Columns: []seal.Column{
			{Header: ColClaimID, Kind: seal.ID}, {Header: ColFindingID, Kind: seal.ID}, {Header: ColFingerprint, Kind: seal.Text},
			{Header: "Programme code", Kind: seal.Text}, {Header: "Rule", Kind: seal.Text},
			{Header: "Claimed", Kind: seal.Money}, {Header: "Allowed", Kind: seal.Money}}},
		{Name: ClaimsSheet, Columns: []seal.Column{
			{Header: ColClaimID, Kind: seal.ID}, {Header: "Programme code", Kind: seal.Text}, {Header: "sha256", Kind: seal.Text}}},
		{Name: RegisterSheet, Columns: []seal.Column{
			{Header: ColRequestID, Kind: seal.ID}, {Header: ColRequestFingerprint, Kind: seal.Text},
			{Header: ColProgrammeCode, Kind: seal.Text}, {Header: "State", Kind: seal.Text},
			{Header: "Largest advance", Kind: seal.Money}, {Header: "Advance claimed", Kind: seal.Money},
			{Header: "Recommended", Kind: seal.Money}, {Header: "Sanctioned", Kind: seal.Money}, {Header: "Paid", Kind: seal.Money},
			{Header: "Balance (+ refund, − to pay)", Kind: seal.Money}, {Header: "Penal interest to date", Kind: seal.Money}}},
	},
}

// SealFor is the layout the token of a workbook of version (its marker's
// VersionCell) was made with; false for a version stpclaims never wrote.
// The sheets are in the same order in every version: Review, Claims,
// Register, then any added since.
func SealFor(version string) (seal.Layout, bool) {
	switch strings.TrimSpace(version) {
	case Version:
		return Seal, true
	case "2":
		return SealV2, true
	}
	return seal.Layout{}, false
}
