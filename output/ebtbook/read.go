package ebtbook

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
)

// ErrNotList: the workbook is not an e-BT list workbook.
var ErrNotList = errors.New("ebtbook: not a stpclaims e-BT list workbook")

// maxUnzipped bounds what a returned workbook may unpack to.
const maxUnzipped = 64 << 20

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
func Is(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name != "xl/workbook.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return false
		}
		defer rc.Close()
		b, err := io.ReadAll(io.LimitReader(rc, 1<<20))
		if err != nil {
			return false
		}
		return bytes.Contains(b, []byte(`name="`+MarkerSheet+`"`))
	}
	return false
}

// Read reads a returned list workbook, once its token verifies with key:
// which list it shows, as it stood, and the day written in "Uploaded on".
// A workbook whose token does not verify (made by hand, or its list id,
// programme, or a payment's name, account, IFSC or amount changed) is
// refused with an error wrapping seal.ErrForged, and nothing of it is
// read.
func Read(data []byte, key seal.Key) (Returned, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped / 2})
	if err != nil {
		return Returned{}, fmt.Errorf("%w: %w", ErrNotList, err)
	}
	defer f.Close()
	if v, err := f.GetCellValue(MarkerSheet, MarkerCell); err != nil || v != MarkerText {
		return Returned{}, ErrNotList
	}
	marker, err := verify(f, key)
	if err != nil {
		return Returned{}, err
	}
	var ret Returned
	if ret.List, err = strconv.ParseInt(strings.TrimSpace(marker[ListCell]), 10, 64); err != nil || ret.List <= 0 {
		return Returned{}, fmt.Errorf("%w: the marker names no list", ErrNotList)
	}
	ret.Fingerprint = strings.TrimSpace(marker[FingerprintCell])
	ret.Programme = strings.TrimSpace(marker[ProgrammeCell])
	raw, err := f.GetCellValue(SheetList, UploadedCell, excelize.Options{RawCellValue: true})
	if err != nil {
		return Returned{}, fmt.Errorf("%w: the %s sheet: %w", ErrNotList, SheetList, err)
	}
	ret.UploadedOn, ret.Problem = parseDay(raw)
	return ret, nil
}

// verify checks the token of the workbook in f against its marker and its
// list's table as read (raw values, as the writer signed them) and returns
// the marker's cells.
func verify(f *excelize.File, key seal.Key) (map[string]string, error) {
	marker := map[string]string{}
	for _, cell := range append([]string{Seal.Token}, Seal.Marker...) {
		marker[cell], _ = f.GetCellValue(MarkerSheet, cell, excelize.Options{RawCellValue: true})
	}
	table := seal.Table{Sheet: SheetList}
	if idx, err := f.GetSheetIndex(SheetList); err == nil && idx >= 0 {
		rows, err := f.GetRows(SheetList, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%w: the %s sheet: %w", ErrNotList, SheetList, err)
		}
		if len(rows) >= headerRow {
			table.Header, table.Rows = rows[headerRow-1], rows[headerRow:]
		}
	}
	if err := key.Verify(Seal, marker, []seal.Table{table}, marker[Seal.Token]); err != nil {
		return nil, err
	}
	return marker, nil
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
