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
)

// ErrNotList: the workbook is not an e-BT list workbook.
var ErrNotList = errors.New("ebtbook: not a stpclaims e-BT list workbook")

// maxUnzipped bounds what a returned workbook may unpack to.
const maxUnzipped = 64 << 20

// Returned is what a returned list workbook says.
type Returned struct {
	List        int64
	Fingerprint string
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

// Read reads a returned list workbook: which list it shows, as it stood,
// and the day written in "Uploaded on".
func Read(data []byte) (Returned, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped / 2})
	if err != nil {
		return Returned{}, fmt.Errorf("%w: %w", ErrNotList, err)
	}
	defer f.Close()
	if v, err := f.GetCellValue(MarkerSheet, "A1"); err != nil || v != MarkerText {
		return Returned{}, ErrNotList
	}
	var ret Returned
	id, _ := f.GetCellValue(MarkerSheet, "B3")
	if ret.List, err = strconv.ParseInt(strings.TrimSpace(id), 10, 64); err != nil || ret.List <= 0 {
		return Returned{}, fmt.Errorf("%w: the marker names no list", ErrNotList)
	}
	ret.Fingerprint, _ = f.GetCellValue(MarkerSheet, "B4")
	raw, err := f.GetCellValue(SheetList, UploadedCell, excelize.Options{RawCellValue: true})
	if err != nil {
		return Returned{}, fmt.Errorf("%w: the %s sheet: %w", ErrNotList, SheetList, err)
	}
	ret.UploadedOn, ret.Problem = parseDay(raw)
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
