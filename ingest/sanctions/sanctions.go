// Package sanctions reads back the Finance Division's Sanctions workbook:
// the one package output/ledgerbook writes in the layout
// internal/sanctionsbook defines, returned by mail or dropped in the folder
// with a sanction, a payment or a withdrawal filled on some of its rows.
//
// Is tells a Sanctions workbook from a claim by its very hidden marker
// sheet. Read first verifies the workbook's token with the store's key
// (package internal/seal): one made by hand, or changed where only
// stpclaims writes (the hidden request identifiers, the programme, the
// amounts shown), is refused whole. It then returns the filled rows with their hidden identifiers (the
// request's id and its sha256 as it was shown), and the rows it could not
// read, each with the reason; a row not read loses nothing else of the
// workbook. It does not judge who may sanction or whether an amount is
// allowed: package ledger does that when the desk records the rows, with
// the sender and the time it knows.
package sanctions

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/seal"
	"stpclaims/internal/sealedbook"
)

// ErrNotSanctions: the workbook is not a Sanctions workbook.
var ErrNotSanctions = errors.New("sanctions: not a stpclaims Sanctions workbook")

// Row is one filled row: what the Finance Division recorded of an advance.
type Row struct {
	SheetRow    int
	Code        string
	ClaimID     int64  // the request
	Fingerprint string // its sha256 as the workbook showed it
	// The sanction: amount, order number and date; null amount for none.
	Sanctioned decimal.NullDecimal
	Order      string
	OrderDate  time.Time // midnight UTC; zero when not given
	// The payment: amount, day, mode and reference; null amount for none.
	Paid      decimal.NullDecimal
	PaidOn    time.Time
	Mode      stpclaims.PayMode
	Reference string
	Withdraw  bool
	Remarks   string
}

// Problem is a row that could not be read, and why, for the answer.
type Problem struct {
	SheetRow int
	Code     string
	Reason   string
}

// Returned is what a returned Sanctions workbook says.
type Returned struct {
	Made     time.Time
	Rows     []Row
	Problems []Problem
	Blank    int // rows left as they were
}

// Is reports whether data is a Sanctions workbook, cheaply: an .xlsx whose
// workbook names the marker sheet. Read confirms it.
func Is(data []byte) bool { return sealedbook.IsMarked(data, sanctionsbook.MarkerSheet) }

// sealed is what Read expects of a Sanctions workbook.
var sealed = sealedbook.Spec{Not: ErrNotSanctions,
	MarkerSheet: sanctionsbook.MarkerSheet, MarkerCell: sanctionsbook.MarkerCell, MarkerText: sanctionsbook.MarkerText,
	Layout: sanctionsbook.Seal, HeaderRow: sanctionsbook.HeaderRow}

// Read reads the filled rows of a returned Sanctions workbook, once its
// token verifies with key; a workbook whose token does not is refused with
// an error wrapping seal.ErrForged, and nothing of it is read.
func Read(data []byte, key seal.Key) (*Returned, error) {
	book, err := sealedbook.Open(data, key, sealed)
	if err != nil {
		return nil, err
	}
	marker, table := book.Marker, book.Tables[0]
	ret := &Returned{}
	ret.Made, _ = time.Parse(time.RFC3339, strings.TrimSpace(marker[sanctionsbook.MadeCell]))
	if table.Header == nil {
		return nil, fmt.Errorf("%w: the %s sheet has no table", ErrNotSanctions, sanctionsbook.SanctionsSheet)
	}
	col := seal.Index(table.Header)
	for _, h := range append([]string{sanctionsbook.ColCode, sanctionsbook.ColRequestID, sanctionsbook.ColFingerprint}, sanctionsbook.Inputs...) {
		if _, ok := col[h]; !ok {
			return nil, fmt.Errorf("%w: the %s sheet has no %q column", ErrNotSanctions, sanctionsbook.SanctionsSheet, h)
		}
	}
	for i, cells := range table.Rows {
		r := rowReader{cells: cells, col: col, n: sanctionsbook.HeaderRow + 1 + i}
		row, filled, err := r.read()
		switch {
		case !filled:
			if r.at(sanctionsbook.ColRequestID) != "" {
				ret.Blank++
			}
		case err != nil:
			ret.Problems = append(ret.Problems, Problem{SheetRow: r.n, Code: r.at(sanctionsbook.ColCode), Reason: err.Error()})
		default:
			ret.Rows = append(ret.Rows, row)
		}
	}
	return ret, nil
}

// rowReader reads one row of the table.
type rowReader struct {
	cells []string
	col   map[string]int
	n     int
}

func (r rowReader) at(name string) string {
	if i, ok := r.col[name]; ok && i < len(r.cells) {
		return strings.TrimSpace(r.cells[i])
	}
	return ""
}

// read reads a row; filled is false when none of its inputs holds
// anything. The error says, for the answer, what could not be read.
func (r rowReader) read() (row Row, filled bool, err error) {
	for _, h := range sanctionsbook.Inputs {
		if h != sanctionsbook.ColRemarks && r.at(h) != "" {
			filled = true
		}
	}
	if !filled {
		return row, false, nil
	}
	row = Row{SheetRow: r.n, Code: r.at(sanctionsbook.ColCode), Fingerprint: r.at(sanctionsbook.ColFingerprint),
		Order: r.at(sanctionsbook.ColOrder), Reference: r.at(sanctionsbook.ColReference), Remarks: r.at(sanctionsbook.ColRemarks)}
	fail := func(format string, a ...any) (Row, bool, error) {
		return row, true, fmt.Errorf("row %d (%s): %s", r.n, row.Code, fmt.Sprintf(format, a...))
	}
	if row.ClaimID, err = strconv.ParseInt(r.at(sanctionsbook.ColRequestID), 10, 64); err != nil || row.Fingerprint == "" {
		return fail("the hidden request identifiers are missing or changed; use the Sanctions workbook as sent")
	}
	switch w := r.at(sanctionsbook.ColWithdraw); {
	case w == "":
	case strings.EqualFold(w, sanctionsbook.WithdrawWord):
		row.Withdraw = true
	default:
		return fail("%q in Withdraw: choose Withdraw, or leave it blank", w)
	}
	var ok bool
	if row.Sanctioned, ok = amount(r.at(sanctionsbook.ColSanctioned)); !ok {
		return fail("%q is not an amount sanctioned", r.at(sanctionsbook.ColSanctioned))
	}
	if row.OrderDate, ok = day(r.at(sanctionsbook.ColOrderDate)); !ok {
		return fail("%q is not a sanction order date (dd.mm.yyyy)", r.at(sanctionsbook.ColOrderDate))
	}
	if row.Paid, ok = amount(r.at(sanctionsbook.ColPaid)); !ok {
		return fail("%q is not an amount paid", r.at(sanctionsbook.ColPaid))
	}
	if row.PaidOn, ok = day(r.at(sanctionsbook.ColPaidOn)); !ok {
		return fail("%q is not a date of payment (dd.mm.yyyy)", r.at(sanctionsbook.ColPaidOn))
	}
	if m := r.at(sanctionsbook.ColMode); m != "" {
		for _, mode := range stpclaims.PayModes {
			if strings.EqualFold(strings.Join(strings.Fields(m), " "), string(mode)) {
				row.Mode = mode
			}
		}
		if row.Mode == "" {
			return fail("%q is not a mode of payment: choose bank transfer or cheque", m)
		}
	}
	return row, true, nil
}

// amount reads an amount in rupees, as a number cell holds it or as typed
// ("45,000", "Rs 45000.50"); "" is no amount.
func amount(s string) (decimal.NullDecimal, bool) {
	if s == "" {
		return decimal.NullDecimal{}, true
	}
	t := strings.ToLower(s)
	t = strings.TrimPrefix(strings.TrimPrefix(t, "rs."), "rs")
	t = strings.NewReplacer(",", "", "₹", "", " ", "", "/-", "").Replace(t)
	d, err := decimal.NewFromString(t)
	if err != nil {
		return decimal.NullDecimal{}, false
	}
	return decimal.NewNullDecimal(d.Round(2)), true
}

// day reads a date as a date cell holds it (a serial day number) or as
// typed (dd.mm.yyyy, dd/mm/yyyy, dd-mm-yyyy, yyyy-mm-dd); "" is no date.
func day(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 && n < 2958466 {
		t, err := excelize.ExcelDateToTime(n, false)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	for _, layout := range []string{"02.01.2006", "2.1.2006", "02/01/2006", "2/1/2006", "02-01-2006", time.DateOnly} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
