// Package ebtbook writes an e-BT list as a workbook for the Finance
// Division, and reads back the one thing a returned copy tells: the day it
// was uploaded to the bank.
//
// The workbook has the list on its first sheet (a header with the
// programme, the bill, the count, the total and the check total, a line
// saying what to do first, then one row a payment: serial, name, PEN,
// account number, IFSC, bank, amount, narration, reason), the people not
// paid by transfer on a second sheet with their reasons, and a very hidden
// marker sheet naming the list and its fingerprint. Account numbers, IFSCs
// and PENs are text cells in a text format, never numbers, so a 16-digit
// account keeps its last digits and its leading zeros. A DRAFT says so in
// its file name, its title and the header of every printed page, and has
// no "Uploaded on" to fill. Every sheet prints on A4, landscape, one page
// wide (package output/printsetup).
//
// It does not decide what is on a list (package ebt), write the bank's
// upload file (ebt.Layout), or keep anything (the store).
package ebtbook

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ebt"
)

// The workbook's layout, which Read reads back.
const (
	SheetList   = "e-BT list"
	SheetOthers = "Not by transfer"
	MarkerSheet = "stpclaims-ebt"
	MarkerText  = "stpclaims e-BT list"
	// UploadedCell is where the Finance Division writes the day the list
	// was uploaded.
	UploadedCell = "C10"
)

// Book is what one workbook shows.
type Book struct {
	List          *stpclaims.EBTList
	ProgrammeName string
	BillFile      string // the TA bill the list was made from
	BillState     string // "clean", "returned", "awaiting a decision", …
	UploadFile    string // the upload file written beside it; "" when none
	CheckDigits   int    // how the check total is made (ebt.CheckTotal)
	Zone          *time.Location
}

// Name is a list's file name without extension:
// ebt-12-STP-REV-2027-014, with -DRAFT for a draft.
func Name(l *stpclaims.EBTList) string {
	code := strings.Trim(regexp.MustCompile(`[^A-Za-z0-9]+`).ReplaceAllString(l.ProgrammeCode, "-"), "-")
	name := "ebt-" + strconv.FormatInt(l.ID, 10)
	if l.Source == stpclaims.EBTFromAdvance {
		name += "-advance"
	}
	if code != "" {
		name += "-" + code
	}
	if l.Draft {
		name += "-DRAFT"
	}
	return name
}

// Title is the list's title, as its first row and page headers show it.
func Title(l *stpclaims.EBTList) string {
	what := "TA of"
	if l.Source == stpclaims.EBTFromAdvance {
		what = "advance of"
	}
	t := fmt.Sprintf("e-BT list %d: %s %s", l.ID, what, l.ProgrammeCode)
	if l.Draft {
		t = "DRAFT, NOT FOR UPLOAD: " + t
	}
	return t
}

// Write writes the workbook of b to w.
func Write(w io.Writer, b Book) error {
	if b.List == nil {
		return fmt.Errorf("ebtbook: no list")
	}
	if b.Zone == nil {
		b.Zone = stpclaims.DefaultZone()
	}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	wb := &writer{f: f, st: st, b: b}
	for _, step := range []func() error{wb.listSheet, wb.othersSheet, wb.marker} {
		if err := step(); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("ebtbook: write: %w", err)
	}
	return nil
}

// Bytes is Write into memory.
func Bytes(b Book) ([]byte, error) {
	var buf bytes.Buffer
	err := Write(&buf, b)
	return buf.Bytes(), err
}

type writer struct {
	f  *excelize.File
	st styles
	b  Book
}

func (w *writer) set(sheet, cell string, v any, style int) error {
	if s, ok := v.(string); ok {
		if err := w.f.SetCellStr(sheet, cell, s); err != nil {
			return fmt.Errorf("ebtbook: %s!%s: %w", sheet, cell, err)
		}
	} else if err := w.f.SetCellValue(sheet, cell, v); err != nil {
		return fmt.Errorf("ebtbook: %s!%s: %w", sheet, cell, err)
	}
	if style != 0 {
		if err := w.f.SetCellStyle(sheet, cell, cell, style); err != nil {
			return fmt.Errorf("ebtbook: %s!%s: %w", sheet, cell, err)
		}
	}
	return nil
}

// merged writes v into the range from:to, merged.
func (w *writer) merged(sheet, from, to string, v any, style int) error {
	if err := w.f.MergeCell(sheet, from, to); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	if err := w.set(sheet, from, v, style); err != nil {
		return err
	}
	return w.f.SetCellStyle(sheet, from, to, style)
}

// money is a decimal as a number cell: exact for the amounts of a list
// (whole rupees and paise, far below 10^13).
func money(d decimal.Decimal) any {
	if d.IsInteger() {
		return d.IntPart()
	}
	f, _ := d.Round(2).Float64()
	return f
}

func dmy(t time.Time) string { return t.Format("02.01.2006") }

// firstStep is the line that says what to do first.
func (w *writer) firstStep() string {
	l := w.b.List
	switch {
	case l.Draft:
		return "DRAFT: the TA bill is returned or awaiting a decision. Do not upload this list. It becomes final (or loses the rows the corrected bill changes) when the corrected bill arrives or the deviations are decided."
	case l.Uploaded != nil:
		return fmt.Sprintf("Uploaded to the bank on %s (marked by %s). Nothing more to do: nobody on this list is listed again for this programme.", dmy(l.Uploaded.On), l.Uploaded.By)
	case len(l.Payable()) == 0:
		return "Nothing to pay by transfer: see the sheet \"" + SheetOthers + "\" for the people to pay or settle by other means."
	}
	file := "the upload file"
	if w.b.UploadFile != "" {
		file = w.b.UploadFile
	}
	return fmt.Sprintf("First check the rows against the checked bill. Then upload %s to the bank, write the day you did in \"Uploaded on\" below and send this workbook back to stpclaims (or run: stpclaims ebt --mark-uploaded %d). Nobody on an uploaded list is listed again.", file, l.ID)
}

var listColumns = []struct {
	title string
	width float64
}{
	{"Sl", 5}, {"Name", 28}, {"PEN", 10}, {"Account number", 21}, {"IFSC", 13}, {"Bank", 18},
	{"Amount (Rs)", 13}, {"Narration", 21}, {"Reason", 36},
}

const headerRow = 12

func (w *writer) listSheet() error {
	l, f := w.b.List, w.f
	if err := f.SetSheetName("Sheet1", SheetList); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	for i, c := range listColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(SheetList, col, col, c.width); err != nil {
			return fmt.Errorf("ebtbook: %w", err)
		}
	}
	if err := w.listHeader(); err != nil {
		return err
	}
	rows := l.Payable()
	for i, c := range listColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, headerRow)
		if err := w.set(SheetList, cell, c.title, w.st.header); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(SheetList, headerRow, 20); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	for i, r := range rows {
		n := headerRow + 1 + i
		vals := []struct {
			v     any
			style int
		}{
			{int64(r.Serial), w.st.serial}, {r.Name, w.st.cell}, {r.PEN, w.st.text}, {r.AccountNo, w.st.text},
			{r.IFSC, w.st.text}, {r.Bank, w.st.cell}, {money(r.Amount), w.st.money}, {r.Narration, w.st.cell}, {r.Reason, w.st.cell},
		}
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, n)
			if err := w.set(SheetList, cell, v.v, v.style); err != nil {
				return err
			}
		}
	}
	last := headerRow + len(rows) + 1
	if err := w.set(SheetList, fmt.Sprintf("F%d", last), "Total", w.st.label); err != nil {
		return err
	}
	if err := w.set(SheetList, fmt.Sprintf("G%d", last), money(l.Total()), w.st.moneyBold); err != nil {
		return err
	}
	if err := f.SetPanes(SheetList, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: fmt.Sprintf("A%d", headerRow+1), ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	if err := printSetup(f, SheetList, fmt.Sprintf("A1:I%d", last), headerRow, w.footer(), l.Draft); err != nil {
		return err
	}
	if err := f.ProtectSheet(SheetList, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	return nil
}

// listHeader writes rows 1–10: the title, what to do first, and the
// list's figures.
func (w *writer) listHeader() error {
	l := w.b.List
	if err := w.merged(SheetList, "A1", "I1", Title(l), w.st.title); err != nil {
		return err
	}
	if err := w.merged(SheetList, "A2", "I2", w.firstStep(), w.st.first); err != nil {
		return err
	}
	programme := l.ProgrammeCode
	if w.b.ProgrammeName != "" {
		programme += ": " + w.b.ProgrammeName
	}
	bill := w.b.BillFile
	if w.b.BillState != "" {
		bill += " (" + w.b.BillState + ")"
	}
	made := fmt.Sprintf("%d, the programme's list %d, made on %s", l.ID, l.Seq, dmy(l.Made.In(w.b.Zone)))
	if withdrawn := len(l.Rows) - len(l.Payable()); withdrawn > 0 {
		made += fmt.Sprintf("; %d row(s) withdrawn since (see \"%s\")", withdrawn, SheetOthers)
	}
	digits := w.b.CheckDigits
	if digits <= 0 {
		digits = ebt.DefaultCheckDigits
	}
	lines := []struct {
		label string
		value any
		style int
		hint  string
	}{
		{"Programme", programme, w.st.value, ""},
		{"From the TA bill", bill, w.st.value, ""},
		{"List", made, w.st.value, ""},
		{"Payments", int64(len(l.Payable())), w.st.count, ""},
		{"Total (Rs)", money(l.Total()), w.st.moneyBold, "the admissible amounts, never the claimed"},
		{"Check total", ebt.CheckTotal(l.Rows, digits).String(), w.st.text, fmt.Sprintf("the sum of the last %d digits of every account number above", digits)},
	}
	for i, ln := range lines {
		n := 4 + i
		if err := w.merged(SheetList, fmt.Sprintf("A%d", n), fmt.Sprintf("B%d", n), ln.label, w.st.label); err != nil {
			return err
		}
		if err := w.merged(SheetList, fmt.Sprintf("C%d", n), fmt.Sprintf("F%d", n), ln.value, ln.style); err != nil {
			return err
		}
		if ln.hint != "" {
			if err := w.merged(SheetList, fmt.Sprintf("G%d", n), fmt.Sprintf("I%d", n), ln.hint, w.st.hint); err != nil {
				return err
			}
		}
	}
	return w.uploadedLine()
}

// uploadedLine is row 10: the day the list was uploaded, for finance to
// fill (a draft has none).
func (w *writer) uploadedLine() error {
	l := w.b.List
	if err := w.merged(SheetList, "A10", "B10", "Uploaded on", w.st.label); err != nil {
		return err
	}
	var value any = ""
	style, hint := w.st.input, "the day it went to the bank, as 10.02.2027; then send this workbook back"
	switch {
	case l.Draft:
		value, style, hint = "(a draft is not uploaded)", w.st.value, ""
	case l.Uploaded != nil:
		value, style, hint = l.Uploaded.On, w.st.date, "marked by "+l.Uploaded.By
	case len(l.Payable()) == 0:
		value, style, hint = "(nothing to upload)", w.st.value, ""
	}
	if err := w.merged(SheetList, UploadedCell, "F10", value, style); err != nil {
		return err
	}
	if hint != "" {
		return w.merged(SheetList, "G10", "I10", hint, w.st.hint)
	}
	return nil
}

var otherColumns = []struct {
	title string
	width float64
}{
	{"Sl", 5}, {"Type", 13}, {"Name", 26}, {"PEN", 10}, {"Account number (as written)", 21}, {"IFSC (as written)", 13},
	{"Amount (Rs)", 13}, {"Reason", 60},
}

// othersSheet lists the people not paid by transfer, then the rows
// withdrawn from the list.
func (w *writer) othersSheet() error {
	l, f := w.b.List, w.f
	if _, err := f.NewSheet(SheetOthers); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	for i, c := range otherColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(SheetOthers, col, col, c.width); err != nil {
			return fmt.Errorf("ebtbook: %w", err)
		}
	}
	title := fmt.Sprintf("Not paid by e-BT list %d: %s", l.ID, l.ProgrammeCode)
	if l.Draft {
		title = "DRAFT, NOT FOR UPLOAD: " + title
	}
	if err := w.merged(SheetOthers, "A1", "H1", title, w.st.title); err != nil {
		return err
	}
	if err := w.merged(SheetOthers, "A2", "H2", "These people are not on the list: pay them by other means (cheque) or settle what the reason says. A row withdrawn from the list is not paid by it.", w.st.first); err != nil {
		return err
	}
	const head = 4
	for i, c := range otherColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, head)
		if err := w.set(SheetOthers, cell, c.title, w.st.header); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(SheetOthers, head, 30); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	rows := append([]stpclaims.EBTRow(nil), l.Others...)
	for _, r := range l.Rows {
		if r.Withdrawn {
			r.Reason = withdrawnReason(r)
			rows = append(rows, r)
		}
	}
	for i, r := range rows {
		n := head + 1 + i
		vals := []struct {
			v     any
			style int
		}{
			{int64(i + 1), w.st.serial}, {r.Kind, w.st.cell}, {r.Name, w.st.cell}, {r.PEN, w.st.text}, {r.AccountNo, w.st.text},
			{r.IFSC, w.st.text}, {money(r.Amount), w.st.money}, {r.Reason, w.st.cell},
		}
		for j, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(j+1, n)
			if err := w.set(SheetOthers, cell, v.v, v.style); err != nil {
				return err
			}
		}
	}
	if len(rows) == 0 {
		if err := w.merged(SheetOthers, fmt.Sprintf("A%d", head+1), fmt.Sprintf("H%d", head+1), "Nobody: everyone on the bill is paid by this list or an earlier one.", w.st.value); err != nil {
			return err
		}
	}
	last := head + max(len(rows), 1)
	if err := printSetup(f, SheetOthers, fmt.Sprintf("A1:H%d", last), head, w.footer(), l.Draft); err != nil {
		return err
	}
	return f.ProtectSheet(SheetOthers, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true})
}

func withdrawnReason(r stpclaims.EBTRow) string {
	s := fmt.Sprintf("withdrawn from this list (it was row %d): %s", r.Serial, r.WithdrawnReason)
	if r.WithdrawnBy != 0 {
		s += fmt.Sprintf("; e-BT list %d pays it instead", r.WithdrawnBy)
	}
	return s
}

func (w *writer) footer() string {
	l := w.b.List
	s := fmt.Sprintf("e-BT list %d, %s, made %s", l.ID, l.ProgrammeCode, dmy(l.Made.In(w.b.Zone)))
	if l.Draft {
		s = "DRAFT " + s
	}
	return s
}

// marker writes the very hidden sheet naming the list as this workbook
// shows it.
func (w *writer) marker() error {
	l := w.b.List
	if _, err := w.f.NewSheet(MarkerSheet); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	for cell, v := range map[string]string{
		"A1": MarkerText, "A2": "version", "B2": "1", "A3": "list", "B3": strconv.FormatInt(l.ID, 10),
		"A4": "fingerprint", "B4": ebt.Fingerprint(l), "A5": "made", "B5": l.Made.UTC().Format(time.RFC3339),
	} {
		if err := w.f.SetCellStr(MarkerSheet, cell, v); err != nil {
			return fmt.Errorf("ebtbook: marker: %w", err)
		}
	}
	if err := w.f.SetSheetVisible(MarkerSheet, false, true); err != nil {
		return fmt.Errorf("ebtbook: marker: %w", err)
	}
	return nil
}
