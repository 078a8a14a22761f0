package ebtbook

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
	"stpclaims/internal/sealedbook"
)

// ErrNotList: the workbook is not an e-BT list workbook.
var ErrNotList = errors.New("ebtbook: not a stpclaims e-BT list workbook")

// Returned is what a returned list workbook says.
type Returned struct {
	List        int64
	Fingerprint string
	Programme   string // the programme's code
	// UploadedOn is the day written in "Uploaded on" (midnight UTC);
	// zero when the cell is empty.
	UploadedOn time.Time
	// Problem says why "Uploaded on" could not be read; "" when it was
	// read or left empty.
	Problem string
}

// Is reports whether data is an e-BT list workbook, cheaply: an .xlsx whose
// workbook names the marker sheet. Read confirms it.
func Is(data []byte) bool { return sealedbook.IsMarked(data, MarkerSheet) }

// uploadedCell is "Uploaded on": not sealed, the one cell a person fills.
var uploadedCell = sealedbook.Cell{Sheet: SheetList, Cell: UploadedCell}

// sealed is what Read expects of a list workbook: the list's table (raw
// values, as the writer signed them) under its header row, and "Uploaded
// on" above it.
var sealed = sealedbook.Spec{Not: ErrNotList, MarkerSheet: MarkerSheet, MarkerCell: MarkerCell, MarkerText: MarkerText,
	Layout: Seal, HeaderRow: headerRow, Cells: []sealedbook.Cell{uploadedCell}}

// Read reads a returned list workbook, once its token verifies with key:
// which list it shows, as it stood, and the day written in "Uploaded on".
// A workbook whose token does not verify (made by hand, or its list id,
// programme, or a payment's name, account, IFSC or amount changed) is
// refused with an error wrapping seal.ErrForged, and nothing of it is
// read.
func Read(data []byte, key seal.Key) (Returned, error) {
	book, err := sealedbook.Open(data, key, sealed)
	if err != nil {
		return Returned{}, err
	}
	var ret Returned
	if ret.List, err = strconv.ParseInt(strings.TrimSpace(book.Marker[ListCell]), 10, 64); err != nil || ret.List <= 0 {
		return Returned{}, fmt.Errorf("%w: the marker names no list", ErrNotList)
	}
	ret.Fingerprint = strings.TrimSpace(book.Marker[FingerprintCell])
	ret.Programme = strings.TrimSpace(book.Marker[ProgrammeCell])
	ret.UploadedOn, ret.Problem = parseDay(book.Cells[uploadedCell])
	return ret, nil
}

// parseDay reads the day written in "Uploaded on": a date cell (a serial
// number) or text such as 10.02.2027, 10/02/2027, 10-02-2027 or
// 2027-02-10.
func parseDay(raw string) (time.Time, string) {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "(") {
		return time.Time{}, ""
	}
	if n, err := strconv.ParseFloat(raw, 64); err == nil {
		if n >= 1 && n < 2958466 {
			t, err := excelize.ExcelDateToTime(n, false)
			if err == nil {
				return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), ""
			}
		}
	}
	for _, layout := range []string{"02.01.2006", "2.1.2006", "02/01/2006", "2/1/2006", "02-01-2006", "2-1-2006", "2006-01-02"} {
		if t, err := time.Parse(layout, raw); err == nil {
			return t, ""
		}
	}
	return time.Time{}, fmt.Sprintf("\"Uploaded on\" says %q, which is not a day such as 10.02.2027", raw)
}
