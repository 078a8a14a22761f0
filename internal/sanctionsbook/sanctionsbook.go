// Package sanctionsbook is the layout of the Finance Division's Sanctions
// workbook, the one contract between its writer (output/ledgerbook) and
// its reader (ingest/sanctions): the sheet names, the very hidden marker
// sheet that tells a Sanctions workbook from a claim and what its cells
// hold, where the table starts, its columns (which a person fills, which
// identify the request) and the words of its dropdowns.
//
// It lives apart from both for the reason internal/reviewbook does: ingest
// never imports output. It holds names and positions only: it neither reads
// nor writes workbooks and knows no spreadsheet library. Seal names what
// the workbook's token (package internal/seal) protects.
package sanctionsbook

import (
	"slices"

	"stpclaims"
	"stpclaims/internal/seal"
)

// Sheet names of a Sanctions workbook.
const (
	// SanctionsSheet lists the advances to sanction or pay, one a row.
	SanctionsSheet = "Sanctions"
	// MarkerSheet is the very hidden sheet that marks a Sanctions workbook.
	MarkerSheet = "stpclaims-sanctions"
)

// The marker sheet's cells: column A names, column B holds.
const (
	MarkerCell  = "A1" // holds MarkerText
	MarkerText  = "stpclaims sanctions workbook"
	VersionCell = "B2" // holds Version
	Version     = "2"  // 2: sealed (TokenCell)
	MadeCell    = "B3" // when it was made, RFC 3339 in UTC
	TokenCell   = "B4" // the token that proves the workbook genuine
)

// HeaderRow is the row of the table's headers; the rows before it say what
// to do; the advances follow it.
const HeaderRow = 4

// The columns the reader needs, by header.
const (
	ColCode        = "Programme code"
	ColSanctioned  = "Sanctioned (Rs)"
	ColOrder       = "Sanction order no."
	ColOrderDate   = "Sanction order date"
	ColPaid        = "Paid (Rs)"
	ColPaidOn      = "Paid on"
	ColMode        = "Mode"
	ColReference   = "Reference (UTR / cheque no.)"
	ColWithdraw    = "Withdraw"
	ColRemarks     = "Remarks"
	ColRequestID   = "Request id"
	ColFingerprint = "Request fingerprint"
)

// Columns are the table's headers, in order: first the ones a printout
// has (Printed: the programme, its state and recommendation, and the
// cells for the sanction, the payment and a withdrawal), then the rest of
// what the register holds of each advance and the Remarks, and, hidden
// (the last Hidden), the request each row is for. The Finance Division
// fills the Inputs.
var Columns = []string{ColCode, "Programme name", "State", "Recommended",
	ColSanctioned, ColOrder, ColOrderDate, ColPaid, ColPaidOn, ColMode, ColReference, ColWithdraw,
	"Largest advance", "Recommended by", ColRemarks, "Co-ordinator", "Facilitator", "From", "To",
	ColRequestID, ColFingerprint}

// Printed is how many of Columns, from the first, a printout has.
const Printed = 12

// Inputs are the columns a person fills; every other cell is locked.
var Inputs = []string{ColSanctioned, ColOrder, ColOrderDate, ColPaid, ColPaidOn, ColMode, ColReference, ColWithdraw, ColRemarks}

// Hidden is how many of Columns, counted from the end, are hidden.
const Hidden = 2

// Column is the 1-based position of the header name in Columns, 0 when
// there is none.
func Column(name string) int { return slices.Index(Columns, name) + 1 }

// Modes are the Mode column's dropdown values: the modes of payment.
func Modes() []string {
	out := make([]string, len(stpclaims.PayModes))
	for i, m := range stpclaims.PayModes {
		out[i] = string(m)
	}
	return out
}

// WithdrawWord is the Withdraw column's one dropdown value.
const WithdrawWord = "Withdraw"

// Seal is what a Sanctions workbook's token protects: the marker's version
// and moment, and of each row the request it is for (id, sha256,
// programme), its state, its facilitator and who recommended, and the
// amounts shown (the largest advance, the amount recommended). Not
// protected: the Inputs the Finance Division fills (an advance already
// sanctioned shows its sanction there, locked; the register checks any
// change to it), and the names and dates shown.
var Seal = seal.Layout{
	Name:   MarkerText,
	Marker: []string{VersionCell, MadeCell},
	Token:  TokenCell,
	Sheets: []seal.Sheet{{Name: SanctionsSheet, Columns: []seal.Column{
		{Header: ColRequestID, Kind: seal.ID}, {Header: ColFingerprint, Kind: seal.Text}, {Header: ColCode, Kind: seal.Text},
		{Header: "State", Kind: seal.Text}, {Header: "Facilitator", Kind: seal.Text}, {Header: "Recommended by", Kind: seal.Text},
		{Header: "Largest advance", Kind: seal.Money}, {Header: "Recommended", Kind: seal.Money}}}},
}
