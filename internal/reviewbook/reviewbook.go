// Package reviewbook is the layout of a facilitator's review workbook, the
// one contract between its writer (output/ledgerbook) and its reader
// (ingest/review): the sheet names, the very hidden marker sheet that tells
// a review workbook from a claim and what its cells hold, the Review sheet's
// columns and the words a facilitator may choose in its Decision column,
// and the Register sheet's columns with its Recommend column.
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
	// MarkerSheet is the very hidden sheet that marks a review workbook.
	MarkerSheet = "stpclaims-review"
)

// The marker sheet's cells: column A names, column B holds.
const (
	MarkerCell      = "A1" // holds MarkerText
	MarkerText      = "stpclaims review workbook"
	VersionCell     = "B2" // holds Version
	Version         = "2"  // 2: sealed (TokenCell)
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
)

// ReviewColumns are the Review sheet's headers, in order; the last three
// (HiddenColumns) are the identifiers the reader needs and a person does
// not.
var ReviewColumns = []string{"Claim", "Programme code", "Form", "Co-ordinator", "Rule", "Clause", "Finding",
	"Claimed", "Allowed", ColDecision, ColRemarks, ColClaimID, ColFindingID, ColFingerprint}

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

// RegisterColumns are the Register sheet's headers, in order; the last
// two (RegisterHidden) identify the request the row is for.
var RegisterColumns = []string{ColProgrammeCode, "Programme name", "State", "Co-ordinator", "From", "To",
	"Largest advance", "Advance claimed", ColRecommend, "Recommended", "Sanctioned", "Sanction order", "Paid", "Paid on",
	"Settle by", "Settled on", "Balance (+ refund, − to pay)", "Days overdue", "Penal interest to date",
	ColRequestID, ColRequestFingerprint}

// RegisterHidden is how many of RegisterColumns, counted from the end, are
// hidden.
const RegisterHidden = 2

// RegisterColumn is the 1-based position of the header name in
// RegisterColumns, 0 when there is none.
func RegisterColumn(name string) int {
	return slices.Index(RegisterColumns, name) + 1
}

// RecommendLargest are the words (in any case) that recommend the largest
// advance.
var RecommendLargest = []string{"yes", "y", "largest", "recommended"}

// Seal is what a review workbook's token protects: the marker's version,
// facilitator and moment; on the Review sheet the identifiers a decision
// is recorded against (claim, finding, the claim's sha256), the programme,
// the rule and the amounts shown; on the Claims sheet each claim's id,
// programme and sha256; on the Register sheet the request each row
// recommends (id, sha256, programme), its state and the amounts shown. Not
// protected: Decision, Remarks and Recommend, which the facilitator fills,
// and the words, names and dates shown beside them.
var Seal = seal.Layout{
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
