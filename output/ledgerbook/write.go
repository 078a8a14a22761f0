package ledgerbook

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/klauspost/compress/flate"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
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

// ErrNilBook: Write was given no book.
var ErrNilBook = errors.New("ledgerbook: nil book")

// styles are the workbook's cell styles. Every font names
// printsetup.FontFamily, so that LibreOffice prints the bold headers in
// the same face as the cells.
type styles struct {
	header, text, wrap, date, moment, count int
	// money is whole rupees with Indian digit grouping, moneyPaise an
	// amount with paise; signed and signedPaise the same for an amount
	// that may be negative (a balance).
	money, moneyPaise, signed, signedPaise int
	// input cells, tinted and unlocked, for a person to fill: text, a
	// rupee amount, a date.
	input, inputMoney, inputDate int
	// note is a line of words to read, wrapped; title a sheet's title.
	note, title int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: printsetup.FontFamily, Bold: bold, Size: size}
	}
	top := &excelize.Alignment{WrapText: true, Vertical: "top"}
	numFmt := func(format string) excelize.Style {
		return excelize.Style{Font: font(false, 11), CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top"}}
	}
	// a date is centred in its column, clear of the figures and words
	// beside it
	dateFmt := func(format string) excelize.Style {
		st := numFmt(format)
		st.Alignment.Horizontal = "center"
		return st
	}
	for _, m := range []struct {
		dst *int
		st  excelize.Style
	}{
		{&s.header, excelize.Style{Font: font(true, headerSize), Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"},
			Border:    []excelize.Border{{Type: "bottom", Color: "9BC2E6", Style: 1}}}},
		{&s.text, excelize.Style{Font: font(false, 11), NumFmt: 49, Alignment: &excelize.Alignment{Vertical: "top"}}}, // "@": text
		{&s.wrap, excelize.Style{Font: font(false, 11), NumFmt: 49, Alignment: top}},
		{&s.money, numFmt(padded(printsetup.Rupees))},
		{&s.moneyPaise, numFmt(padded(printsetup.RupeesPaise))},
		{&s.signed, numFmt(padded(printsetup.SignedRupees))},
		{&s.signedPaise, numFmt(padded(printsetup.SignedRupeesPaise))},
		{&s.date, dateFmt(printsetup.Date)},
		{&s.moment, dateFmt(printsetup.Date + " hh:mm")},
		{&s.count, excelize.Style{Font: font(false, 11), NumFmt: 1, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&s.input, inputStyle(excelize.Style{Font: font(false, 11), NumFmt: 49})},
		{&s.inputMoney, inputStyle(numFmt(padded(printsetup.RupeesPaise)))},
		{&s.inputDate, inputStyle(dateFmt(printsetup.Date))},
		{&s.note, excelize.Style{Font: font(false, 11), Alignment: top}},
		{&s.title, excelize.Style{Font: font(true, 13), Alignment: &excelize.Alignment{Vertical: "top"}}},
	} {
		id, err := f.NewStyle(&m.st)
		if err != nil {
			return s, fmt.Errorf("ledgerbook: style: %w", err)
		}
		*m.dst = id
	}
	return s, nil
}

// padded leaves the width of a bracket after an amount, each section of
// the format: a figure, aligned right, stays clear of the words in the
// next column.
func padded(format string) string {
	return strings.ReplaceAll(format, ";", "_);") + "_)"
}

// moneyStyle is the style of an amount: whole rupees or with paise,
// signed when it may be negative (or is).
func (s styles) moneyStyle(d decimal.Decimal, signed bool) int {
	whole := d.IsInteger()
	switch {
	case (signed || d.IsNegative()) && whole:
		return s.signed
	case signed || d.IsNegative():
		return s.signedPaise
	case whole:
		return s.money
	}
	return s.moneyPaise
}

// pageA4 prints a sheet on A4, one page wide, with row headerRow (0 for
// none) repeated on every page and footer (the sheet's name when "")
// at the foot of each, through package printsetup. area is the range
// printed ("": the cells written so far).
func pageA4(f *excelize.File, sheet, area string, headerRow int, o printsetup.Orientation, footer string) error {
	if footer == "" {
		footer = sheet
	}
	return printsetup.Apply(f, sheet, printsetup.Page{Area: area, Orientation: o,
		RepeatFrom: headerRow, RepeatTo: headerRow, Footer: footer})
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

// money is an amount in rupees, never negative but for a mistake: whole
// rupees, or with paise when it has them, grouped the Indian way.
func (c *cells) money(d decimal.NullDecimal) {
	if !d.Valid {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.moneyStyle(d.Decimal, false), Value: number(d.Decimal)})
}

// signed is an amount that may be negative (a balance).
func (c *cells) signed(d decimal.NullDecimal) {
	if !d.Valid {
		c.row = append(c.row, nil)
		return
	}
	c.row = append(c.row, excelize.Cell{StyleID: c.st.moneyStyle(d.Decimal, true), Value: number(d.Decimal)})
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
	c.row = append(c.row, excelize.Cell{StyleID: c.st.count, Value: n})
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

// column is one column of a sheet: its header, its width (in widths of a
// digit, excelize's unit), and whether its text wraps, the row growing to
// show it whole.
type column struct {
	title string
	width float64
	wrap  bool
}

// Column widths, in widths of a digit: each shows its values whole in the
// Noto Sans LibreOffice prints with where Calibri is missing (wider than
// Calibri), and its header on at most three lines.
const (
	wCode   = 17   // a programme code: STP/REV/2026/011
	wDate   = 11   // 08.02.2026
	wMoment = 16.5 // 08.02.2026 10:00
	wMoney  = 12   // 1,00,00,000 or 99,99,999.50
	wID     = 7    // a claim's number
	wCount  = 9    // days, participants
	wState  = 13   // recommended, sanctioned
	wEmail  = 28   // rajesh@revenue.kerala.gov.in
	wPerson = 28   // a name and, below it, an e-mail address, wrapped
	wName   = 26   // a programme's name, wrapped
	wFile   = 24   // a file's name, wrapped
	wShort  = 11   // a status, a form, a mode
	wRule   = 17   // AII-ADVANCE-ROUND; a longer rule wraps at its hyphens
	wWords  = 44   // a finding, a note: wrapped
	wSHA    = 66   // a sha256 in hex
)

func col(title string, width float64) column  { return column{title: title, width: width} }
func wrap(title string, width float64) column { return column{title: title, width: width, wrap: true} }

func titles(columns []column) []string {
	out := make([]string, len(columns))
	for i, c := range columns {
		out[i] = c.title
	}
	return out
}

// sheetSetup is what must be on a sheet before its rows are streamed.
type sheetSetup struct {
	// print is how many columns, from the first, are printed (the ones a
	// printout needs); 0: all but the hidden ones. The rest show on the
	// screen only.
	print    int
	footer   string // at the foot of each printed page; "": the sheet's name
	hidden   []int  // 1-based columns to hide
	dropList []int  // 1-based columns with the Decision dropdown
	links    map[string]string
}

// printed is the number of leading columns printed.
func (s sheetSetup) printed(columns []column) int {
	if s.print > 0 {
		return min(s.print, len(columns))
	}
	n := len(columns)
	for n > 0 && slices.Contains(s.hidden, n) {
		n--
	}
	return n
}

// headerSize is the size of the headers' bold type, in points.
const headerSize = 10

// headerHeight is the height of a header row whose bold titles wrap in
// their columns.
func headerHeight(columns []column) float64 {
	h := printsetup.DefaultRowHeight
	for _, c := range columns {
		h = max(h, printsetup.RowHeight(c.title, c.width/boldWidth, headerSize))
	}
	return h
}

// boldWidth is how much wider bold text is than plain.
const boldWidth = 1.07

// orientation turns the page the way the printed columns print largest:
// landscape when they are clearly wider than a portrait page.
func orientation(columns []column) printsetup.Orientation {
	// in pixels: a digit of the widest default font, and 5 of margins
	const digit, margins = 8.4, 5
	px := 0.0
	for _, c := range columns {
		px += c.width*digit + margins
	}
	if px > 1.15*(printsetup.MaxColumnWidth(printsetup.Portrait)*digit+margins) {
		return printsetup.Landscape
	}
	return printsetup.Portrait
}

// rowHeight is the height a streamed row needs for the text of its wrapped
// columns among the printed ones (0: the default), and it gives those
// cells the wrapping style. known remembers each column's heights.
func rowHeight(st styles, columns []column, row []any, known heights) float64 {
	h := 0.0
	for i, c := range columns {
		if !c.wrap || i >= len(row) {
			continue
		}
		cell, ok := row[i].(excelize.Cell)
		if !ok {
			continue
		}
		text, ok := cell.Value.(string)
		if !ok {
			continue
		}
		if cell.StyleID == st.text {
			cell.StyleID = st.wrap
			row[i] = cell
		}
		h = max(h, known.of(i, text, c.width))
	}
	if h <= printsetup.DefaultRowHeight {
		return 0
	}
	return min(h, printsetup.MaxRowHeight)
}

// heights remembers, by column, the height a text needs in it (0: one
// line's): a sheet's notes, states and names repeat from row to row, and
// working out how a text wraps costs more than looking it up.
type heights []map[string]float64

// rememberedHeights bounds what each column remembers.
const rememberedHeights = 4096

func newHeights(columns []column) heights {
	hs := make(heights, len(columns))
	for i, c := range columns {
		if c.wrap {
			hs[i] = map[string]float64{}
		}
	}
	return hs
}

// of is the height text needs in column i, width wide.
func (hs heights) of(i int, text string, width float64) float64 {
	if h, ok := hs[i][text]; ok {
		return h
	}
	h := 0.0
	if strings.Contains(text, "\n") || printsetup.TextWidth(text, printsetup.DefaultFontSize) > width-1 {
		h = printsetup.RowHeight(text, width, printsetup.DefaultFontSize)
	}
	if len(hs[i]) < rememberedHeights {
		hs[i][text] = h
	}
	return h
}

// stream writes one sheet of n rows (see streamRows).
func stream(ctx context.Context, f *excelize.File, st styles, sheet string, columns []column, n int, setup sheetSetup,
	produce func(put func(fill func(*cells)) error) error) error {
	_, err := streamRows(ctx, f, st, sheet, columns, n, setup, produce)
	return err
}

// uncounted is the n of a sheet whose rows are counted as they are
// written.
const uncounted = -1

// streamRows writes one sheet: the frozen, filtered header row, then the
// rows produce makes, each by calling put with a function that fills the
// row's cells, each row as tall as its wrapped text, and returns how many
// it wrote. The sheet prints on A4, its header row on every page, one page
// wide: the columns setup.print names. With n rows counted beforehand,
// more are refused and fewer an error; with n uncounted, the ranges the
// count sets (the filter's, the dropdowns', the print area) are set again
// after the rows, before the stream is flushed: excelize writes those
// parts of the sheet then, and the page setup and filter set before the
// rows have already put the sheet's properties and the defined names in
// place.
func streamRows(ctx context.Context, f *excelize.File, st styles, sheet string, columns []column, n int, setup sheetSetup,
	produce func(put func(fill func(*cells)) error) error) (int, error) {
	if _, err := f.NewSheet(sheet); err != nil {
		return 0, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	printed := columns[:max(setup.printed(columns), 1)]
	if err := sheetRanges(f, sheet, columns, printed, max(n, 0), setup); err != nil {
		return 0, err
	}
	if n >= 0 {
		if err := dropdowns(f, sheet, setup.dropList, n); err != nil {
			return 0, err
		}
	}
	for cell, target := range setup.links {
		if err := f.SetCellHyperLink(sheet, cell, target, "Location"); err != nil {
			return 0, fmt.Errorf("ledgerbook: sheet %s: link: %w", sheet, err)
		}
	}
	sw, err := newSheetStream(f, sheet, st, columns, setup)
	if err != nil {
		return 0, err
	}
	c := &cells{st: st, zone: stpclaims.DefaultZone(), row: make([]any, 0, len(columns))}
	known := newHeights(printed)
	i := 0
	put := func(fill func(*cells)) error {
		if n >= 0 && i >= n {
			return fmt.Errorf("ledgerbook: sheet %s: more than the %d rows counted", sheet, n)
		}
		if i%4096 == 0 && ctx.Err() != nil {
			return fmt.Errorf("ledgerbook: sheet %s: %w", sheet, ctx.Err())
		}
		c.reset()
		fill(c)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		i++
		var opts []excelize.RowOpts
		if h := rowHeight(st, printed, c.row, known); h > 0 {
			opts = append(opts, excelize.RowOpts{Height: h})
		}
		if err := sw.SetRow(cell, c.row, opts...); err != nil {
			return fmt.Errorf("ledgerbook: sheet %s row %d: %w", sheet, i+1, err)
		}
		return nil
	}
	if err := produce(put); err != nil {
		return i, err
	}
	if n >= 0 && i != n {
		return i, fmt.Errorf("ledgerbook: sheet %s: %d rows, %d counted", sheet, i, n)
	}
	if n < 0 {
		if err := sheetRanges(f, sheet, columns, printed, i, setup); err != nil {
			return i, err
		}
		if err := dropdowns(f, sheet, setup.dropList, i); err != nil {
			return i, err
		}
	}
	if err := sw.Flush(); err != nil {
		return i, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	return i, nil
}

// sheetRanges sets a sheet of n rows' filter (on every column) and page
// setup (printing the printed columns of those rows).
func sheetRanges(f *excelize.File, sheet string, columns, printed []column, n int, setup sheetSetup) error {
	last, _ := excelize.ColumnNumberToName(len(columns))
	// Worksheet parts set before streaming survive it; the rows do not.
	if err := f.AutoFilter(sheet, "A1:"+last+strconv.Itoa(n+1), nil); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: filter: %w", sheet, err)
	}
	// after the filter, which sets the sheet's properties afresh
	lastPrinted, _ := excelize.ColumnNumberToName(len(printed))
	if err := pageA4(f, sheet, "A1:"+lastPrinted+strconv.Itoa(max(n+1, 2)), 1, orientation(printed), setup.footer); err != nil {
		return fmt.Errorf("ledgerbook: sheet %s: page: %w", sheet, err)
	}
	return nil
}

// dropdowns puts the Decision dropdown on n rows of the columns.
func dropdowns(f *excelize.File, sheet string, columns []int, n int) error {
	for _, col := range columns {
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
	return nil
}

// newSheetStream starts streaming a sheet: its column widths, hidden
// columns, frozen pane and header row.
func newSheetStream(f *excelize.File, sheet string, st styles, columns []column, setup sheetSetup) (*excelize.StreamWriter, error) {
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	for i, col := range columns {
		if err := sw.SetColWidth(i+1, i+1, col.width); err != nil {
			return nil, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
		}
	}
	for _, col := range setup.hidden {
		if err := sw.SetColVisible(col, col, false); err != nil {
			return nil, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	header := make([]any, len(columns))
	for i, col := range columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: col.title}
	}
	if err := sw.SetRow("A1", header, excelize.RowOpts{Height: headerHeight(columns)}); err != nil {
		return nil, fmt.Errorf("ledgerbook: sheet %s: %w", sheet, err)
	}
	return sw, nil
}

// advancesColumns are the Advances sheet's columns: first the ones a
// printout needs (advancesPrinted of them: the programme, its state and
// the money at each step), then the rest, shown on the screen only.
var advancesColumns = []column{
	col("Programme code", wCode), wrap("Programme name", wName), col("State", wState),
	col("Advance claimed", wMoney), col("Recommended", 14), col("Sanctioned", wMoney), col("Paid", wMoney), col("Paid on", wDate),
	col("Settle by", wDate), col("Balance (+ refund, − to pay)", wMoney), col("Days overdue", wCount), col("Penal interest to date", wMoney),
	// on the screen only
	col("Claim", wID), col("Department", 20), col("Venue", 30), col("Centre", 18), col("From", wDate), col("To", wDate),
	col("Participants", 13), col("Co-ordinator", wPerson), col("Co-ordinator e-mail", wEmail),
	col("Facilitator", wPerson), col("Facilitator e-mail", wEmail),
	col("Total claimed", wMoney), col("Total admissible", wMoney), col("Largest advance", wMoney), col("Requested by", wEmail),
	col("Received", wMoment), col("Status", wShort), col("Review", wShort),
	col("Recommended on", 14), col("Recommended by", wEmail), col("Sanction order", 16), col("Sanction dated", wDate),
	col("Sanctioned by", wEmail), col("e-BT list", wCount), col("e-BT uploaded on", wDate),
	col("Mode", 14), col("Payment reference", 18), col("Paid by", wEmail), col("Withdrawn on", wDate),
	col("Settled on", wDate), col("Admissible expenditure", wMoney),
}

// advancesPrinted is how many of advancesColumns print.
const advancesPrinted = 12

// AdvancesColumns are the Advances sheet's headers, in order: the
// programme, its state and the money at each step first (the columns a
// printout has), then what the request claims and who did each step when.
// (The lines claimed and admissible are totalled by component on the
// Summary.)
func AdvancesColumns() []string { return titles(advancesColumns) }

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
	c.money(a.AdvanceClaimed)
	c.money(w.Recommended.Amount)
	c.money(w.Sanctioned.Amount)
	c.money(w.Paid.Amount)
	c.date(w.Paid.On)
	c.date(a.SettleBy)
	c.signed(w.Balance)
	c.count(a.DaysOverdue, !a.Steps.Paid.Amount.Valid)
	c.money(a.PenalInterest)
	// on the screen only
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
	c.text(w.Requested.By)
	c.moment(a.Received)
	c.text(string(a.Status))
	c.text(reviewText(string(a.Review)))
	c.date(civilDay(w.Recommended.At, c.zone))
	c.text(w.Recommended.By)
	c.text(w.Sanctioned.Ref)
	c.date(w.Sanctioned.On)
	c.text(w.Sanctioned.By)
	c.text(a.EBTLists)
	c.date(a.EBTUploaded)
	c.text(string(w.Mode))
	c.text(w.Paid.Ref)
	c.text(w.Paid.By)
	c.date(civilDay(w.Withdrawn.At, c.zone))
	c.date(a.SettledOn)
	c.money(w.Settled.Amount)
}

// overdueColumns are the Overdue sheet's columns; all but the last three
// print.
var overdueColumns = []column{
	col("Programme code", wCode), wrap("Programme name", wName), wrap("Co-ordinator", wPerson),
	col("Last day", wDate), col("Settle by", wDate), col("Paid", wMoney), col("Paid on", wDate), col("Days overdue", wCount),
	col("Penal interest to date", wMoney),
	// on the screen only
	col("Claim", wID), col("Co-ordinator e-mail", wEmail), col("Facilitator e-mail", wEmail),
}

// OverdueColumns are the Overdue sheet's headers.
var OverdueColumns = titles(overdueColumns)

func (a *Advance) overdueCells(c *cells) {
	c.text(a.Code)
	c.text(a.Name)
	c.text(person(a.Coordinator, a.CoordinatorEmail))
	c.date(a.End)
	c.date(a.SettleBy)
	c.money(a.Steps.Paid.Amount)
	c.date(a.Steps.Paid.On)
	c.count(a.DaysOverdue, false)
	c.money(a.PenalInterest)
	c.id(a.ClaimID)
	c.text(a.CoordinatorEmail)
	c.text(a.FacilitatorEmail)
}

// person is a name and, on the line below, an e-mail address, either of
// them possibly empty.
func person(name, email string) string {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	if name == "" || email == "" || strings.EqualFold(name, email) {
		return name + email
	}
	return name + "\n" + email
}

// personLine is a name and an e-mail address on one line: "Sri. Rajesh
// Kumar (rajesh@…)", for a column that does not wrap.
func personLine(name, email string) string {
	name, email = strings.TrimSpace(name), strings.TrimSpace(email)
	if name == "" || email == "" || strings.EqualFold(name, email) {
		return name + email
	}
	return name + " (" + email + ")"
}

// formTitle names a form for people.
func formTitle(k stpclaims.FormKind) string {
	switch k {
	case stpclaims.FormAnnexureII:
		return "Annexure II"
	case stpclaims.FormTABill:
		return "TA bill"
	case stpclaims.FormSettlement:
		return "Settlement"
	}
	return string(k)
}

func reviewText(s string) string {
	if s == "" {
		return "open"
	}
	return s
}

// newFile is a new workbook whose zip goes straight to dest (excelize
// would otherwise build the whole file in a memory buffer first), deflated
// at best speed by klauspost/compress's flate (about twice as fast as the
// standard library's at that level, for a file a little smaller): the
// ledger is large and rebuilt often, and best speed costs a third of the
// default's time for a file some 20 % larger. Save it with save.
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
	var n Counts
	overdue, err := lw.advances(&n.Advances, sum)
	if err != nil {
		return out, err
	}
	n.Overdue = len(overdue)
	if err := lw.overdue(overdue); err != nil {
		return out, err
	}
	for _, sheet := range []struct {
		n     *int
		write func() (int, error)
	}{{&n.Bills, lw.bills}, {&n.Settlements, lw.settlements}, {&n.Deviations, lw.deviations}} {
		if *sheet.n, err = sheet.write(); err != nil {
			return out, err
		}
	}
	out.Summary = sum.result()
	if err := writeSummary(f, st, out.Summary); err != nil {
		return out, err
	}
	if n.Sources, err = lw.sources(); err != nil {
		return out, err
	}
	if err := save(f); err != nil {
		return out, fmt.Errorf("ledgerbook: write: %w", err)
	}
	out.Counts = n
	return out, nil
}

// ledgerWriter streams the ledger's sheets from l, one method a sheet;
// each returns the rows it wrote.
type ledgerWriter struct {
	ctx context.Context
	f   *excelize.File
	st  styles
	l   Ledger
}

// advances writes the Advances sheet, adding each advance to sum, counts
// its rows in n and returns the overdue ones (few: the paid advances past
// their settle-by date) for the Overdue sheet.
func (lw *ledgerWriter) advances(n *int, sum *summarizer) ([]Advance, error) {
	var overdue []Advance
	var err error
	*n, err = streamRows(lw.ctx, lw.f, lw.st, SheetAdvances, advancesColumns, uncounted, sheetSetup{print: advancesPrinted, footer: footer(SheetAdvances)},
		func(put func(func(*cells)) error) error {
			return piped(lw.ctx, lw.l.EachAdvance, func(a *Advance) error {
				sum.add(a)
				if a.Overdue() {
					overdue = append(overdue, *a)
				}
				return put(a.cells)
			})
		})
	return overdue, err
}

// footer is the foot of a ledger sheet's printed pages.
func footer(sheet string) string { return "Ledger of STP advances: " + sheet }

// overdue writes the Overdue sheet: the ADV-OVERDUE advances.
func (lw *ledgerWriter) overdue(rows []Advance) error {
	return stream(lw.ctx, lw.f, lw.st, SheetOverdue, overdueColumns, len(rows), sheetSetup{print: len(overdueColumns) - 3, footer: footer(SheetOverdue)},
		indexed(len(rows), func(i int, c *cells) { rows[i].overdueCells(c) }))
}

// billsColumns are the TA Bills sheet's columns, all printed.
var billsColumns = []column{col("Claim", wID), col("Programme code", wCode), col("Kind", 13), col("Sheet row", 8), wrap("Name", wPerson),
	col("PEN", 10), wrap("Office", 22), col("Claimed", wMoney), col("Admissible", wMoney), col("e-BT list", wCount), col("Uploaded on", wDate)}

// bills writes the TA Bills sheet.
func (lw *ledgerWriter) bills() (int, error) {
	return streamRows(lw.ctx, lw.f, lw.st, SheetBills, billsColumns, uncounted, sheetSetup{footer: footer(SheetBills)},
		func(put func(func(*cells)) error) error {
			return piped(lw.ctx, lw.l.EachBill, func(r *BillLine) error { return put(r.cells) })
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

// settlementsColumns are the Settlements sheet's columns; all but Status
// and Review print.
var settlementsColumns = []column{col("Claim", wID), col("Programme code", wCode), wrap("Programme name", wName), col("Last day", wDate),
	col("Advance received", wMoney), col("Advance date", wDate), col("Settled on", wDate), col("Spent (claimed)", wMoney),
	col("Admissible", wMoney), col("Balance (+ refund, − to pay)", wMoney), col("Days late", wCount), col("Penal interest", wMoney),
	col("Status", wShort), col("Review", wShort)}

// settlements writes the Settlements sheet.
func (lw *ledgerWriter) settlements() (int, error) {
	return streamRows(lw.ctx, lw.f, lw.st, SheetSettlements, settlementsColumns, uncounted,
		sheetSetup{print: len(settlementsColumns) - 2, footer: footer(SheetSettlements)}, func(put func(func(*cells)) error) error {
			return piped(lw.ctx, lw.l.EachSettlement, func(r *SettlementRow) error { return put(r.cells) })
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
	c.signed(r.Balance)
	c.count(r.DaysLate, false)
	c.money(r.PenalInterest)
	c.text(string(r.Status))
	c.text(reviewText(string(r.Review)))
}

// deviationsColumns are the Deviations sheet's columns: the finding, its
// amounts, the Decision dropdown and Remarks print; who decides it, where
// it is, and (hidden) the finding id and fingerprint do not.
var deviationsColumns = []column{col("Claim", wID), col("Programme code", wCode), wrap("Rule", wRule), wrap("Finding", wWords),
	col("Claimed", wMoney), col("Allowed", wMoney), col("Decision", wShort), wrap("Remarks", 22),
	col("Facilitator", wEmail), col("Form", wShort), col("File", 30), col("Clause", 8), col("Cell", 16),
	col("Finding id", 10), col("Fingerprint (sha256)", wSHA)}

// deviations writes the Deviations sheet: a Decision dropdown, Remarks,
// and the finding id and fingerprint hidden.
func (lw *ledgerWriter) deviations() (int, error) {
	decision := slices.Index(titles(deviationsColumns), "Decision") + 1
	return streamRows(lw.ctx, lw.f, lw.st, SheetDeviations, deviationsColumns, uncounted,
		sheetSetup{print: decision + 1, dropList: []int{decision}, hidden: []int{len(deviationsColumns) - 1, len(deviationsColumns)},
			footer: footer(SheetDeviations)},
		func(put func(func(*cells)) error) error {
			return lw.l.EachDeviation(lw.ctx, func(d *Deviation) error { return put(d.cells) })
		})
}

func (d *Deviation) cells(c *cells) {
	c.id(d.ClaimID)
	c.text(d.Code)
	c.text(d.Rule)
	c.text(d.Message)
	c.money(d.Claimed)
	c.money(d.Allowed)
	c.text("") // Decision
	c.text("") // Remarks
	c.text(d.Facilitator)
	c.text(formTitle(d.Form))
	c.text(d.File)
	c.text(d.Clause)
	c.text(d.Cell)
	c.id(d.FindingID)
	c.text(d.Fingerprint)
}

// sourcesColumns are the Sources sheet's columns: what came in, when, from
// whom and what the register made of it print; the identifiers do not.
var sourcesColumns = []column{col("Claim", wID), col("Received", wMoment), col("Form", wShort), col("Programme code", wCode),
	wrap("File", 22), col("Sender", wEmail), wrap("Status", 10), col("Step", 10), col("Amount", wMoney), wrap("Register", 27),
	col("Reply", 9),
	// on the screen only
	col("Source", 8), col("Review", wShort), col("Superseded by", 14), col("Live", 6), col("Message-ID", 30), col("sha256", wSHA)}

// sourcesPrinted is how many of sourcesColumns print.
const sourcesPrinted = 11

// sources writes the Sources sheet: every submission, then every step
// recorded, with what the register made of each.
func (lw *ledgerWriter) sources() (int, error) {
	return streamRows(lw.ctx, lw.f, lw.st, SheetSources, sourcesColumns, uncounted, sheetSetup{print: sourcesPrinted, footer: footer(SheetSources)},
		func(put func(func(*cells)) error) error {
			return piped(lw.ctx, lw.l.EachSource, func(s *Source) error { return put(s.cells) })
		})
}

func (s *Source) cells(c *cells) {
	c.id(s.ClaimID)
	c.moment(s.Received)
	if s.Action == "" {
		c.text(formTitle(s.Form))
	} else {
		c.text("")
	}
	c.text(s.Code)
	c.text(s.File)
	c.text(s.Sender)
	c.text(string(s.Status))
	c.text(string(s.Action))
	c.money(s.Amount)
	c.text(s.Register)
	c.text(s.Reply)
	// on the screen only
	c.text(string(s.Source))
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
	c.text(s.MessageID)
	c.text(s.SHA256)
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
