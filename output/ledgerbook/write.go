package ledgerbook

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims/internal/reviewbook"
	"stpclaims/output/printsetup"

	"stpclaims"
)

// Sheet names of the ledger workbook, in order.
const (
	SheetAdvances    = "Advances"
	SheetOverdue     = "Overdue"
	SheetBills       = "TA Bills"
	SheetSettlements = "Settlements"
	SheetDeviations  = "Deviations"
	SheetSummary     = "Summary"
	SheetSources     = "Sources"
)

// moneyFormat shows rupees with the sign and two places.
const moneyFormat = `"₹ "#,##0.00;-"₹ "#,##0.00`

// ErrNilBook: Write was given no book.
var ErrNilBook = errors.New("ledgerbook: nil book")

// styles are the workbook's cell styles.
type styles struct {
	header, text, money, date, moment, count int
	// input cells, tinted and unlocked, for a person to fill: text, a
	// rupee amount, a date.
	input, inputMoney, inputDate int
	// note is a line of words to read, wrapped.
	note int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	moneyFmt, dateFmt, momentFmt := moneyFormat, "dd.mm.yyyy", "dd.mm.yyyy hh:mm"
	for _, m := range []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.header, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.text, excelize.Style{NumFmt: 49}}, // "@": text
		{&s.money, excelize.Style{CustomNumFmt: &moneyFmt}},
		{&s.date, excelize.Style{CustomNumFmt: &dateFmt}},
		{&s.moment, excelize.Style{CustomNumFmt: &momentFmt}},
		{&s.count, excelize.Style{NumFmt: 1}},
		{&s.input, inputStyle(excelize.Style{NumFmt: 49})},
		{&s.inputMoney, inputStyle(excelize.Style{CustomNumFmt: &moneyFmt})},
		{&s.inputDate, inputStyle(excelize.Style{CustomNumFmt: &dateFmt})},
		{&s.note, excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
	} {
		id, err := f.NewStyle(&m.st)
		if err != nil {
			return s, fmt.Errorf("ledgerbook: style: %w", err)
		}
		*m.dst = id
	}
	return s, nil
}

// pageA4 prints a sheet on A4 landscape, one page wide, with row
// headerRow (0 for none) repeated on every page and the sheet's name in the
// footer, through package printsetup. area is the range printed ("": the
// cells written so far).
func pageA4(f *excelize.File, sheet, area string, headerRow int) error {
	return printsetup.Apply(f, sheet, printsetup.Page{Area: area, Orientation: printsetup.Landscape,
		RepeatFrom: headerRow, RepeatTo: headerRow, Footer: sheet})
}

// nilMoney is the value of a money cell, nil when there is no amount.
func nilMoney(d decimal.NullDecimal) any {
	if !d.Valid {
		return nil
	}
	return number(d.Decimal)
}

// inputStyle tints a style as a cell to fill and unlocks it, so that it
// stays open on a protected sheet.
func inputStyle(st excelize.Style) excelize.Style {
	st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}
	st.Protection = &excelize.Protection{Locked: false}
	st.Border = []excelize.Border{{Type: "left", Color: "BFBFBF", Style: 1}, {Type: "right", Color: "BFBFBF", Style: 1},
		{Type: "top", Color: "BFBFBF", Style: 1}, {Type: "bottom", Color: "BFBFBF", Style: 1}}
	return st
}

// cells builds one row's values.
type cells struct {
	st   styles
	zone *time.Location
	row  []any
}

func (c *cells) reset() { c.row = c.row[:0] }

// text is always a text cell, never a formula, whatever it starts with.
func (c *cells) text(s string) {
	if s == "" {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.text, Value: s})
}

func (c *cells) money(d decimal.NullDecimal) {
	if !d.Valid {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.money, Value: number(d.Decimal)})
}

func (c *cells) amount(d decimal.Decimal) { c.money(decimal.NewNullDecimal(d)) }

// input is a cell for a person to fill, as text, holding s (often "").
func (c *cells) input(s string) {
	var v any
	if s != "" {
		v = s
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.input, Value: v})
}

// inputMoney is a cell for a person to fill with an amount.
func (c *cells) inputMoney(d decimal.NullDecimal) {
	var v any
	if d.Valid {
		v = number(d.Decimal)
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.inputMoney, Value: v})
}

// inputDate is a cell for a person to fill with a day.
func (c *cells) inputDate(t time.Time) {
	var v any
	if !t.IsZero() {
		v = t
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.inputDate, Value: v})
}

// date writes a calendar day (midnight UTC) as a date cell.
func (c *cells) date(t time.Time) {
	if t.IsZero() {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.date, Value: t})
}

// moment writes an instant as a date-time cell in the ledger's zone.
func (c *cells) moment(t time.Time) {
	if t.IsZero() {
		c.row = append(c.row, nil)
		return
	}
	l := t.In(c.zone)
	wall := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)
	c.row = append(c.row, excelize.Cell{StyleID: c.st.moment, Value: wall})
}

func (c *cells) count(n int, blankZero bool) {
	if n == 0 && blankZero {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.count, Value: n})
}

func (c *cells) id(n int64) {
	if n == 0 {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, n)
}

// number is the value a money cell holds. A whole amount is an integer; an
// amount with paise is carried as a float64 only after checking that the
// float prints back as the decimal's own digits (it does for any amount of
// fewer than 16 significant digits), so the cell's text is exactly the
// decimal.
func number(d decimal.Decimal) any {
	if d.IsInteger() && d.Abs().LessThan(decimal.New(1, 15)) {
		return d.IntPart()
	}
	f, _ := d.Round(2).Float64()
	return f
}

// indexed produces n rows, row i filled by row(i, c).
func indexed(n int, row func(i int, c *cells)) func(put func(func(*cells)) error) error {
	return func(put func(func(*cells)) error) error {
		for i := range n {
			if err := put(func(c *cells) { row(i, c) }); err != nil {
				return err
			}
		}
		return nil
	}
}

// column is one column of a sheet.
type column struct {
	title string
	width float64
}

func cols(titles ...string) []column {
	out := make([]column, len(titles))
	for i, t := range titles {
		out[i] = column{title: t, width: 14}
	}
	return out
}

// sheetSetup is what must be on a sheet before its rows are streamed.
type sheetSetup struct {
	a4       bool  // printed on A4 landscape, one page wide, the header repeated
	hidden   []int // 1-based columns to hide
	dropList []int // 1-based columns with the Decision dropdown
	links    map[string]string
	widths   map[int]float64
}

// stream writes one sheet: the frozen, filtered header row, then the n
// rows produce makes, each by calling put with a function that fills the
// row's cells. Rows beyond n are refused (the filter and dropdown ranges
// are set for n before streaming).
func stream(ctx context.Context, f *excelize.File, st styles, sheet string, columns []column, n int, setup sheetSetup,
	produce func(put func(fill func(*cells)) error) error) error {
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	last, _ := excelize.ColumnNumberToName(len(columns))
	ref := "A1:" + last + strconv.Itoa(n+1)
	// Worksheet parts set before streaming survive it; the rows do not.
	if err := f.AutoFilter(sheet, ref, nil); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: filter: %w", sheet, err)
	}
	if setup.a4 { // after the filter, which sets the sheet's properties afresh
		if err := pageA4(f, sheet, "A1:"+last+strconv.Itoa(max(n+1, 2)), 1); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: page: %w", sheet, err)
		}
	}
	for _, col := range setup.dropList {
		name, _ := excelize.ColumnNumberToName(col)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s%d", name, name, max(n+1, 2))
		if err := dv.SetDropList(reviewbook.Choices); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: dropdown: %w", sheet, err)
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "Decision", "Choose Approve, Reject or Query.")
		if err := f.AddDataValidation(sheet, dv); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: dropdown: %w", sheet, err)
		}
	}
	for cell, target := range setup.links {
		if err := f.SetCellHyperLink(sheet, cell, target, "Location"); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: link: %w", sheet, err)
		}
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	for i, col := range columns {
		w := col.width
		if x, ok := setup.widths[i+1]; ok {
			w = x
		}
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
		}
	}
	for _, col := range setup.hidden {
		if err := sw.SetColVisible(col, col, false); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	header := make([]any, len(columns))
	for i, col := range columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: col.title}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	c := &cells{st: st, zone: stpclaims.DefaultZone(), row: make([]any, 0, len(columns))}
	i := 0
	put := func(fill func(*cells)) error {
		if i >= n {
			return fmt.Errorf("ledgerbook: sheet %s: more than the %d rows counted", sheet, n)
		}
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, ctx.Err())
		}
		c.reset()
		fill(c)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		i++
		if err := sw.SetRow(cell, c.row); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s row %d: %w", sheet, i+1, err)
		}
		return nil
	}
	if err := produce(put); err != nil {
		return err
	}
	if i != n {
		return fmt.Errorf("ledgerbook: sheet %s: %d rows, %d counted", sheet, i, n)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	return nil
}

// AdvancesColumns are the Advances sheet's headers, in order: the
// programme and its state first, what the request claims, then each step
// of the register with its amount, date and who. (The lines claimed and
// admissible are totalled by component on the Summary.)
func AdvancesColumns() []string {
	return []string{"Programme code", "Programme name", "State", "Claim", "Department", "Venue", "Centre", "From", "To",
		"Participants", "Co-ordinator", "Co-ordinator e-mail", "Facilitator", "Facilitator e-mail",
		"Total claimed", "Total admissible", "Largest advance", "Advance claimed", "Requested by", "Received",
		"Status", "Review", "Recommended", "Recommended on", "Recommended by", "Sanctioned", "Sanction order", "Sanction dated",
		"Sanctioned by", "e-BT list", "e-BT uploaded on", "Paid", "Paid on", "Mode", "Payment reference", "Paid by", "Withdrawn on",
		"Settle by", "Settled on", "Admissible expenditure", "Balance (+ refund, − to pay)", "Days overdue", "Penal interest to date"}
}

// Advances sheet column numbers the checks read back (1-based).
var (
	colAdvanceClaimed = slices.Index(AdvancesColumns(), "Advance claimed") + 1
	colPenal          = slices.Index(AdvancesColumns(), "Penal interest to date") + 1
	colAdmissible     = slices.Index(AdvancesColumns(), "Total admissible") + 1
	colPaid           = slices.Index(AdvancesColumns(), "Paid") + 1
)

func (a *Advance) cells(c *cells) {
	w := &a.Steps
	c.text(a.Code)
	c.text(a.Name)
	c.text(string(a.State))
	c.id(a.ClaimID)
	for _, s := range []string{a.Department, a.Venue, a.Centre} {
		c.text(s)
	}
	c.date(a.Start)
	c.date(a.End)
	c.count(a.Participants, true)
	for _, s := range []string{a.Coordinator, a.CoordinatorEmail, a.Facilitator, a.FacilitatorEmail} {
		c.text(s)
	}
	c.money(a.ClaimedTotal)
	c.money(a.AdmissibleTotal)
	c.money(a.MaxAdvance)
	c.money(a.AdvanceClaimed)
	c.text(w.Requested.By)
	c.moment(a.Received)
	c.text(string(a.Status))
	c.text(reviewText(string(a.Review)))
	c.money(w.Recommended.Amount)
	c.date(civilDay(w.Recommended.At, c.zone))
	c.text(w.Recommended.By)
	c.money(w.Sanctioned.Amount)
	c.text(w.Sanctioned.Ref)
	c.date(w.Sanctioned.On)
	c.text(w.Sanctioned.By)
	c.text(a.EBTLists)
	c.date(a.EBTUploaded)
	c.money(w.Paid.Amount)
	c.date(w.Paid.On)
	c.text(string(w.Mode))
	c.text(w.Paid.Ref)
	c.text(w.Paid.By)
	c.date(civilDay(w.Withdrawn.At, c.zone))
	c.date(a.SettleBy)
	c.date(a.SettledOn)
	c.money(w.Settled.Amount)
	c.money(w.Balance)
	c.count(a.DaysOverdue, !a.Steps.Paid.Amount.Valid)
	c.money(a.PenalInterest)
}

// OverdueColumns are the Overdue sheet's headers.
var OverdueColumns = []string{"Programme code", "Programme name", "Co-ordinator", "Co-ordinator e-mail", "Facilitator e-mail",
	"Last day", "Settle by", "Paid", "Paid on", "Days overdue", "Penal interest to date", "Claim"}

func (a *Advance) overdueCells(c *cells) {
	c.text(a.Code)
	c.text(a.Name)
	c.text(a.Coordinator)
	c.text(a.CoordinatorEmail)
	c.text(a.FacilitatorEmail)
	c.date(a.End)
	c.date(a.SettleBy)
	c.money(a.Steps.Paid.Amount)
	c.date(a.Steps.Paid.On)
	c.count(a.DaysOverdue, false)
	c.money(a.PenalInterest)
	c.id(a.ClaimID)
}

func reviewText(s string) string {
	if s == "" {
		return "open"
	}
	return s
}

// newFile is a new workbook whose zip goes straight to dest (excelize
// would otherwise build the whole file in a memory buffer first), deflated
// at flate's best speed: the ledger is large and rebuilt often, and best
// speed costs a third of the default's time for a file some 20 % larger.
// Save it with save.
func newFile(dest io.Writer) *excelize.File {
	f := excelize.NewFile()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(dest)
		zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(out, flate.BestSpeed)
		})
		return zw
	})
	return f
}

// save writes a newFile to its destination. The buffer excelize hands
// over stays empty (no part needs zip64), so nothing more is written.
func save(f *excelize.File) error {
	var rest bytes.Buffer
	if _, err := f.WriteTo(&rest); err != nil {
		return err
	}
	if rest.Len() > 0 {
		return fmt.Errorf("ledgerbook: %d bytes left over after the zip", rest.Len())
	}
	return nil
}

// Written is what Write put in the workbook: the rows of each sheet and
// the totals of the Advances, as Verify reads them back.
type Written struct {
	Counts  Counts
	Summary Summary
}

// Write writes the ledger workbook of l to w, a sheet at a time.
func Write(ctx context.Context, w io.Writer, l Ledger) (Written, error) {
	var out Written
	if l == nil {
		return out, ErrNilBook
	}
	n := l.Counts()
	f := newFile(w)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return out, err
	}
	// Renaming the first sheet (rather than deleting it after) and never
	// touching a streamed sheet again keeps excelize from parsing the
	// streamed rows back into memory.
	if err := f.SetSheetName("Sheet1", SheetAdvances); err != nil {
		return out, fmt.Errorf("ledgerbook: %w", err)
	}
	lw := &ledgerWriter{ctx: ctx, f: f, st: st, l: l}
	sum := newSummarizer()
	overdue, err := lw.advances(n.Advances, sum)
	if err != nil {
		return out, err
	}
	if err := lw.overdue(n.Overdue, overdue); err != nil {
		return out, err
	}
	if err := lw.bills(n.Bills); err != nil {
		return out, err
	}
	if err := lw.settlements(n.Settlements); err != nil {
		return out, err
	}
	if err := lw.deviations(n.Deviations); err != nil {
		return out, err
	}
	out.Summary = sum.result()
	if err := writeSummary(f, st, out.Summary); err != nil {
		return out, err
	}
	if err := lw.sources(n.Sources); err != nil {
		return out, err
	}
	if err := save(f); err != nil {
		return out, fmt.Errorf("ledgerbook: write: %w", err)
	}
	out.Counts = n
	return out, nil
}

// ledgerWriter streams the ledger's sheets from l, one method a sheet;
// each is given the number of rows l counted for it.
type ledgerWriter struct {
	ctx context.Context
	f   *excelize.File
	st  styles
	l   Ledger
}

// advances writes the Advances sheet, adding each advance to sum, and
// returns the overdue ones (few: the paid advances past their settle-by
// date) for the Overdue sheet.
func (lw *ledgerWriter) advances(n int, sum *summarizer) ([]Advance, error) {
	var overdue []Advance
	err := stream(lw.ctx, lw.f, lw.st, SheetAdvances, cols(AdvancesColumns()...), n, sheetSetup{widths: map[int]float64{1: 18, 2: 36}},
		func(put func(func(*cells)) error) error {
			return lw.l.EachAdvance(lw.ctx, func(a *Advance) error {
				sum.add(a)
				if a.Overdue() {
					overdue = append(overdue, *a)
				}
				return put(a.cells)
			})
		})
	return overdue, err
}

// overdue writes the Overdue sheet: the ADV-OVERDUE advances, n of them
// counted.
func (lw *ledgerWriter) overdue(n int, rows []Advance) error {
	if len(rows) != n {
		return fmt.Errorf("ledgerbook: %d overdue advances, %d counted", len(rows), n)
	}
	return stream(lw.ctx, lw.f, lw.st, SheetOverdue, cols(OverdueColumns...), n, sheetSetup{a4: true, widths: map[int]float64{1: 18, 2: 36, 4: 28, 5: 28}},
		indexed(len(rows), func(i int, c *cells) { rows[i].overdueCells(c) }))
}

// bills writes the TA Bills sheet.
func (lw *ledgerWriter) bills(n int) error {
	return stream(lw.ctx, lw.f, lw.st, SheetBills, cols("Claim", "Programme code", "Kind", "Sheet row", "Name", "PEN", "Office", "Claimed", "Admissible",
		"e-BT list", "Uploaded on"),
		n, sheetSetup{widths: map[int]float64{5: 28, 7: 28}}, func(put func(func(*cells)) error) error {
			return lw.l.EachBill(lw.ctx, func(r *BillLine) error { return put(r.cells) })
		})
}

func (r *BillLine) cells(c *cells) {
	c.id(r.ClaimID)
	c.text(r.Code)
	c.text(r.Kind)
	c.count(r.Row, true)
	c.text(r.Name)
	c.text(r.PEN)
	c.text(r.Office)
	c.amount(r.Claimed)
	c.amount(r.Admissible)
	c.text(r.EBTLists)
	c.date(r.EBTUploaded)
}

// settlements writes the Settlements sheet.
func (lw *ledgerWriter) settlements(n int) error {
	return stream(lw.ctx, lw.f, lw.st, SheetSettlements, cols("Claim", "Programme code", "Programme name", "Last day", "Advance received",
		"Advance date", "Settled on", "Spent (claimed)", "Admissible", "Balance (+ refund, − to pay)", "Days late", "Penal interest", "Status", "Review"),
		n, sheetSetup{widths: map[int]float64{3: 36}}, func(put func(func(*cells)) error) error {
			return lw.l.EachSettlement(lw.ctx, func(r *SettlementRow) error { return put(r.cells) })
		})
}

func (r *SettlementRow) cells(c *cells) {
	c.id(r.ClaimID)
	c.text(r.Code)
	c.text(r.Name)
	c.date(r.End)
	c.money(r.AdvanceReceived)
	c.date(r.AdvanceDate)
	c.date(r.SettledOn)
	c.money(r.ClaimedTotal)
	c.money(r.AdmissibleTotal)
	c.money(r.Balance)
	c.count(r.DaysLate, false)
	c.money(r.PenalInterest)
	c.text(string(r.Status))
	c.text(reviewText(string(r.Review)))
}

// deviations writes the Deviations sheet: a Decision dropdown (column
// 12), Remarks, and the finding id and fingerprint hidden.
func (lw *ledgerWriter) deviations(n int) error {
	devCols := cols("Claim", "Programme code", "Form", "File", "Rule", "Clause", "Cell", "Finding", "Claimed", "Allowed",
		"Facilitator", "Decision", "Remarks", "Finding id", "Fingerprint (sha256)")
	return stream(lw.ctx, lw.f, lw.st, SheetDeviations, devCols, n,
		sheetSetup{dropList: []int{12}, hidden: []int{14, 15}, widths: map[int]float64{8: 60, 13: 30}},
		func(put func(func(*cells)) error) error {
			return lw.l.EachDeviation(lw.ctx, func(d *Deviation) error { return put(d.cells) })
		})
}

func (d *Deviation) cells(c *cells) {
	c.id(d.ClaimID)
	c.text(d.Code)
	c.text(string(d.Form))
	c.text(d.File)
	c.text(d.Rule)
	c.text(d.Clause)
	c.text(d.Cell)
	c.text(d.Message)
	c.money(d.Claimed)
	c.money(d.Allowed)
	c.text(d.Facilitator)
	c.text("") // Decision
	c.text("") // Remarks
	c.id(d.FindingID)
	c.text(d.Fingerprint)
}

// sources writes the Sources sheet: every submission, then every step
// recorded, with what the register made of each.
func (lw *ledgerWriter) sources(n int) error {
	return stream(lw.ctx, lw.f, lw.st, SheetSources, cols("Claim", "Received", "Source", "File", "Sender", "Message-ID", "sha256",
		"Form", "Programme code", "Status", "Review", "Superseded by", "Live", "Step", "Amount", "Register", "Reply"), n,
		sheetSetup{widths: map[int]float64{4: 30, 6: 30, 7: 66, 16: 60}}, func(put func(func(*cells)) error) error {
			return lw.l.EachSource(lw.ctx, func(s *Source) error { return put(s.cells) })
		})
}

func (s *Source) cells(c *cells) {
	c.id(s.ClaimID)
	c.moment(s.Received)
	c.text(string(s.Source))
	c.text(s.File)
	c.text(s.Sender)
	c.text(s.MessageID)
	c.text(s.SHA256)
	c.text(string(s.Form))
	c.text(s.Code)
	c.text(string(s.Status))
	if s.Action == "" {
		c.text(reviewText(string(s.Review)))
	} else {
		c.text("")
	}
	c.id(s.SupersededBy)
	switch {
	case s.Action != "":
		c.text("")
	case s.SupersededBy == 0:
		c.text("yes")
	default:
		c.text("no")
	}
	c.text(string(s.Action))
	c.money(s.Amount)
	c.text(s.Register)
	c.text(s.Reply)
}

// WriteFile writes the ledger workbook to path atomically: to a temporary
// file in the same directory, synced, then renamed over path.
func WriteFile(ctx context.Context, path string, l Ledger) (Written, error) {
	var out Written
	err := writeAtomic(path, func(w io.Writer) error {
		var err error
		out, err = Write(ctx, w, l)
		return err
	})
	return out, err
}

func writeAtomic(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("ledgerbook: sync %s: %w", tmp.Name(), err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("ledgerbook: close %s: %w", tmp.Name(), err)
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("ledgerbook: rename to %s: %w", path, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // the rename itself durable where the OS allows
		d.Close()
	}
	return nil
}
