package ebtbook

import (
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
)

// The marker sheet's cells: column A names, column B holds.
const (
	MarkerCell      = "A1" // holds MarkerText
	VersionCell     = "B2" // holds Version
	Version         = "2"  // 2: sealed (TokenCell)
	ListCell        = "B3" // the list's id
	FingerprintCell = "B4" // ebt.Fingerprint of the list as shown
	MadeCell        = "B5" // when the list was made, RFC 3339 in UTC
	ProgrammeCell   = "B6" // the programme's code
	TokenCell       = "B7" // the token that proves the workbook genuine
)

// Seal is what a list workbook's token protects (package internal/seal):
// the marker (its version, the list's id, fingerprint, day made and
// programme) and every cell of the list's table under its header row:
// serial, beneficiary, PEN, account number, IFSC, bank, amount, narration
// and reason, and the total row. Not protected: the header block above
// the table, where "Uploaded on" (UploadedCell) is the one cell a person
// fills, and the second sheet (nobody on it is paid by the list).
var Seal = seal.Layout{
	Name:   MarkerText,
	Marker: []string{VersionCell, ListCell, FingerprintCell, MadeCell, ProgrammeCell},
	Token:  TokenCell,
	Sheets: []seal.Sheet{{Name: SheetList, Columns: []seal.Column{
		{Header: "Sl", Kind: seal.ID}, {Header: "Name", Kind: seal.Text}, {Header: "PEN", Kind: seal.Text},
		{Header: "Account number", Kind: seal.Text}, {Header: "IFSC", Kind: seal.Text}, {Header: "Bank", Kind: seal.Text},
		{Header: "Amount (Rs)", Kind: seal.Money}, {Header: "Narration", Kind: seal.Text}, {Header: "Reason", Kind: seal.Text}}}},
}

// sealedRow keeps the text of a row of the list's table as written (a
// number as its digits, what a reader asking for raw values gets back).
func sealedRow(cells []excelize.Cell) []string {
	row := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.Value.(type) {
		case nil:
		case string:
			row[i] = v
		case int:
			row[i] = strconv.Itoa(v)
		case int64:
			row[i] = strconv.FormatInt(v, 10)
		case float64:
			row[i] = strconv.FormatFloat(v, 'f', -1, 64)
		default:
			row[i] = fmt.Sprint(v)
		}
	}
	return row
}

// stampSeal signs the marker and the list's table as written and writes
// the token in the marker sheet. A list workbook cannot go out unsealed:
// a zero key is an error.
func (w *writer) stampSeal(marker map[string]string) error {
	token, err := w.b.Seal.Sign(Seal, marker, []seal.Table{w.sealed})
	if err != nil {
		return fmt.Errorf("ebtbook: seal: %w", err)
	}
	for cell, v := range map[string]string{"A7": "token", TokenCell: token} {
		if err := w.f.SetCellStr(MarkerSheet, cell, v); err != nil {
			return fmt.Errorf("ebtbook: seal: %w", err)
		}
	}
	return nil
}
