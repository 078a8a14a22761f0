// Package ebtbook writes an e-BT list as a workbook for the Finance
// Division, and reads back the one thing a returned copy tells: the day it
// was uploaded to the bank.
//
// The workbook has the list on its first sheet (a header with the
// programme, the bill, the count, the total and the check total, a line
// saying what to do first, then one row a payment: serial, name, PEN,
// account number, IFSC, bank, amount, narration, reason), the people not
// paid by transfer on a second sheet with their reasons, and a very hidden
// marker sheet naming the list, its programme and its fingerprint. The
// workbook is sealed (Seal, package internal/seal) with the store's key:
// Read takes "Uploaded on" only from a workbook whose token verifies, one
// stpclaims made whose list id, programme and payments were not changed.
// Account numbers, IFSCs and PENs are text cells in a text format, never
// numbers, so a 16-digit account keeps its last digits and its leading
// zeros. A DRAFT says so in
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
	"stpclaims/internal/seal"
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
	// Seal is the key the workbook is sealed with (the store's); a
	// workbook is never written unsealed.
	Seal seal.Key
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
	if !b.Seal.Valid() {
		return fmt.Errorf("ebtbook: %w", seal.ErrNoKey)
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
	if err := f.SetSheetName("Sheet1", SheetList); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
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
	// sealed is the list's table as written, for the token.
	sealed seal.Table
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
	case l.Payments() == 0:
		return "Nothing to pay by transfer: see the sheet \"" + SheetOthers + "\" for the people to pay or settle by other means."
	}
	file := "the upload file"
	if w.b.UploadFile != "" {
		file = w.b.UploadFile
	}
	return fmt.Sprintf("First check the rows against the checked bill. Then upload %s to the bank, write the day you did in \"Uploaded on\" below and send this workbook back to stpclaims (or run: stpclaims ebt --mark-uploaded %d). Nobody on an uploaded list is listed again.", file, l.ID)
}

var listColumns = []column{
	{"Sl", 5, false}, {"Name", 28, true}, {"PEN", 10, false}, {"Account number", 21, false}, {"IFSC", 13, false}, {"Bank", 18, true},
	{"Amount (Rs)", 13, false}, {"Narration", 21, true}, {"Reason", 36, true},
}

// headerRow is the list's table header; the rows above are the header
// block (rows 1–10).
const headerRow = 12

// listSheet writes the list, streamed: a list may be as long as the
// largest bill.
func (w *writer) listSheet() error {
	l := w.b.List
	rows := l.Payable()
	last := headerRow + len(rows) + 1
	s, err := w.newSheet(SheetList, listColumns, fmt.Sprintf("A1:I%d", last), headerRow)
	if err != nil {
		return err
	}
	if err := w.listHeader(s); err != nil {
		return err
	}
	if err := s.header(w.st.header); err != nil {
		return err
	}
	w.sealed = seal.Table{Sheet: SheetList, Header: make([]string, len(listColumns)), Rows: make([][]string, 0, len(rows)+1)}
	for i, c := range listColumns {
		w.sealed.Header[i] = c.title
	}
	s.sealed = &w.sealed
	for _, r := range rows {
		if err := s.put([]excelize.Cell{
			{StyleID: w.st.serial, Value: r.Serial}, {StyleID: w.st.cell, Value: r.Name}, {StyleID: w.st.text, Value: r.PEN},
			{StyleID: w.st.text, Value: r.AccountNo}, {StyleID: w.st.text, Value: r.IFSC}, {StyleID: w.st.cell, Value: r.Bank},
			{StyleID: w.st.money, Value: money(r.Amount)}, {StyleID: w.st.cell, Value: r.Narration}, {StyleID: w.st.cell, Value: r.Reason},
		}); err != nil {
			return err
		}
	}
	total := make([]excelize.Cell, 7)
	total[5], total[6] = excelize.Cell{StyleID: w.st.label, Value: "Total"}, excelize.Cell{StyleID: w.st.moneyBold, Value: money(l.Total())}
	if err := s.put(total); err != nil {
		return err
	}
	return s.flush()
}

// listHeader writes rows 1–10: the title, what to do first, and the
// list's figures.
func (w *writer) listHeader(s *sheet) error {
	l := w.b.List
	if err := s.line(w.st.title, Title(l)); err != nil {
		return err
	}
	if err := s.line(w.st.first, w.firstStep()); err != nil {
		return err
	}
	s.skip()
	programme := l.ProgrammeCode
	if w.b.ProgrammeName != "" {
		programme += ": " + w.b.ProgrammeName
	}
	bill := w.b.BillFile
	if w.b.BillState != "" {
		bill += " (" + w.b.BillState + ")"
	}
	made := fmt.Sprintf("%d, the programme's list %d, made on %s", l.ID, l.Seq, dmy(l.Made.In(w.b.Zone)))
	if withdrawn := len(l.Rows) - l.Payments(); withdrawn > 0 {
		made += fmt.Sprintf("; %d row(s) withdrawn since (see \"%s\")", withdrawn, SheetOthers)
	}
	digits := w.b.CheckDigits
	if digits <= 0 {
		digits = ebt.DefaultCheckDigits
	}
	uploaded, upStyle, upHint := w.uploaded()
	for _, f := range []field{
		{"Programme", programme, w.st.value, ""},
		{billLabel(l), bill, w.st.value, ""},
		{"List", made, w.st.value, ""},
		{"Payments", l.Payments(), w.st.count, ""},
		{"Total (Rs)", money(l.Total()), w.st.moneyBold, "the admissible amounts, never the claimed"},
		{"Check total", ebt.CheckTotal(l.Rows, digits).String(), w.st.text, fmt.Sprintf("the sum of the last %d digits of every account number below", digits)},
		{"Uploaded on", uploaded, upStyle, upHint},
	} {
		if err := s.field(f, w.st.label, w.st.hint); err != nil {
			return err
		}
	}
	s.skip()
	return nil
}

// billLabel names what the list was made from.
func billLabel(l *stpclaims.EBTList) string {
	if l.Source == stpclaims.EBTFromAdvance {
		return "From the claim for advance"
	}
	return "From the TA bill"
}

// uploaded is what "Uploaded on" (UploadedCell) holds: an input for the
// finance division to fill, the day it was marked, or why there is none.
func (w *writer) uploaded() (value any, style int, hint string) {
	l := w.b.List
	switch {
	case l.Draft:
		return "(a draft is not uploaded)", w.st.value, ""
	case l.Uploaded != nil:
		return l.Uploaded.On, w.st.date, "marked by " + l.Uploaded.By
	case l.Payments() == 0:
		return "(nothing to upload)", w.st.value, ""
	}
	return nil, w.st.input, "the day it went to the bank, as 10.02.2027; then send this workbook back"
}

var otherColumns = []column{
	{"Sl", 5, false}, {"Type", 13, true}, {"Name", 26, true}, {"PEN", 10, false}, {"Account number (as written)", 21, false},
	{"IFSC (as written)", 13, false}, {"Amount (Rs)", 13, false}, {"Reason", 60, true},
}

// othersSheet lists the people not paid by transfer, then the rows
// withdrawn from the list.
func (w *writer) othersSheet() error {
	l := w.b.List
	rows := append([]stpclaims.EBTRow(nil), l.Others...)
	for _, r := range l.Rows {
		if r.Withdrawn {
			r.Reason = withdrawnReason(r)
			rows = append(rows, r)
		}
	}
	const head = 4
	if _, err := w.f.NewSheet(SheetOthers); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	s, err := w.newSheet(SheetOthers, otherColumns, fmt.Sprintf("A1:H%d", head+max(len(rows), 1)), head)
	if err != nil {
		return err
	}
	title := fmt.Sprintf("Not paid by e-BT list %d: %s", l.ID, l.ProgrammeCode)
	if l.Draft {
		title = "DRAFT, NOT FOR UPLOAD: " + title
	}
	if err := s.line(w.st.title, title); err != nil {
		return err
	}
	if err := s.line(w.st.first, "These people are not on the list: pay them by other means (cheque) or settle what the reason says. A row withdrawn from the list is not paid by it."); err != nil {
		return err
	}
	s.skip()
	if err := s.header(w.st.header); err != nil {
		return err
	}
	for i, r := range rows {
		if err := s.put([]excelize.Cell{
			{StyleID: w.st.serial, Value: i + 1}, {StyleID: w.st.cell, Value: r.Kind}, {StyleID: w.st.cell, Value: r.Name},
			{StyleID: w.st.text, Value: r.PEN}, {StyleID: w.st.text, Value: r.AccountNo}, {StyleID: w.st.text, Value: r.IFSC},
			{StyleID: w.st.money, Value: money(r.Amount)}, {StyleID: w.st.cell, Value: r.Reason},
		}); err != nil {
			return err
		}
	}
	if len(rows) == 0 {
		if err := s.line(w.st.value, "Nobody: everyone on the bill is paid by this list or an earlier one."); err != nil {
			return err
		}
	}
	return s.flush()
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
// shows it, with the token that seals it.
func (w *writer) marker() error {
	l := w.b.List
	if _, err := w.f.NewSheet(MarkerSheet); err != nil {
		return fmt.Errorf("ebtbook: %w", err)
	}
	marker := map[string]string{
		MarkerCell: MarkerText, "A2": "version", VersionCell: Version, "A3": "list", ListCell: strconv.FormatInt(l.ID, 10),
		"A4": "fingerprint", FingerprintCell: ebt.Fingerprint(l), "A5": "made", MadeCell: l.Made.UTC().Format(time.RFC3339),
		"A6": "programme", ProgrammeCell: l.ProgrammeCode,
	}
	for cell, v := range marker {
		if err := w.f.SetCellStr(MarkerSheet, cell, v); err != nil {
			return fmt.Errorf("ebtbook: marker: %w", err)
		}
	}
	if err := w.stampSeal(marker); err != nil {
		return err
	}
	if err := w.f.SetSheetVisible(MarkerSheet, false, true); err != nil {
		return fmt.Errorf("ebtbook: marker: %w", err)
	}
	return nil
}
