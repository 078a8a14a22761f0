package output

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// findingsSheetName is the name of the sheet Annotate puts first.
const findingsSheetName = "Findings"

// moneyNumFmt is the number format of money on the Findings sheet: built-in
// format 4, "#,##0.00", which Excel and LibreOffice both show the same way
// whatever their locale (a custom Indian-grouping format is not portable).
const moneyNumFmt = 4

// findingsColumns are the Findings table's headings and column widths.
var findingsColumns = []struct {
	Title string
	Width float64
}{
	{"Rule", 24}, {"Clause", 28}, {"Severity", 11}, {"Cell", 22}, {"Field", 18},
	{"Claimed", 14}, {"Cap", 14}, {"Admissible", 14}, {"Message", 80},
}

// findingsStyles are the style indexes of the Findings sheet.
type findingsStyles struct {
	title, label, header, money, wrap, link int
	severity                                map[stpclaims.Severity]int
}

func newFindingsStyles(f *excelize.File) (*findingsStyles, error) {
	top := &excelize.Alignment{Vertical: "top"}
	s := &findingsStyles{severity: map[stpclaims.Severity]int{}}
	specs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: top}},
		{&s.header, excelize.Style{
			Font:   &excelize.Font{Bold: true},
			Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Border: []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
		}},
		{&s.money, excelize.Style{NumFmt: moneyNumFmt, Alignment: top}},
		{&s.wrap, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}},
		{&s.link, excelize.Style{Font: &excelize.Font{Color: "0563C1", Underline: "single"}, Alignment: top}},
	}
	for _, sp := range specs {
		id, err := f.NewStyle(&sp.style)
		if err != nil {
			return nil, fmt.Errorf("output: findings sheet style: %w", err)
		}
		*sp.dst = id
	}
	for sev, color := range severityColor {
		id, err := f.NewStyle(&excelize.Style{
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: top,
		})
		if err != nil {
			return nil, fmt.Errorf("output: findings sheet style: %w", err)
		}
		s.severity[sev] = id
	}
	return s, nil
}

// uniqueSheetName returns "Findings", or "Findings (stpclaims)",
// "Findings (stpclaims 2)" … when the workbook already has that name.
func uniqueSheetName(f *excelize.File) string {
	taken := map[string]bool{}
	for _, n := range f.GetSheetList() {
		taken[strings.ToLower(n)] = true
	}
	name := findingsSheetName
	for i := 1; taken[strings.ToLower(name)]; i++ {
		name = findingsSheetName + " (stpclaims)"
		if i > 1 {
			name = fmt.Sprintf("%s (stpclaims %d)", findingsSheetName, i)
		}
	}
	return name
}

// sheetWriter writes the cells of the Findings sheet, keeping the first
// error.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	err   error
}

func (w *sheetWriter) cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (w *sheetWriter) str(col, row int, s string, style int) {
	if w.err != nil {
		return
	}
	c := w.cell(col, row)
	if w.err = w.f.SetCellStr(w.sheet, c, s); w.err == nil && style > 0 {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
}

// money writes an amount as a number cell from the decimal's own digits (no
// float in between).
func (w *sheetWriter) money(col, row int, d decimal.Decimal, style int) {
	if w.err != nil {
		return
	}
	c := w.cell(col, row)
	if w.err = w.f.SetCellDefault(w.sheet, c, d.String()); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
}

func (w *sheetWriter) int(col, row, n int) {
	if w.err != nil {
		return
	}
	w.err = w.f.SetCellDefault(w.sheet, w.cell(col, row), strconv.Itoa(n))
}

// sheetStatus says a status on the Findings sheet.
func sheetStatus(s stpclaims.Status) string {
	switch s {
	case stpclaims.StatusClean:
		return "clean: in order"
	case stpclaims.StatusReview:
		return "review: needs a facilitator's decision"
	case stpclaims.StatusReturned:
		return "returned: correct the marked cells and send the workbook again"
	}
	return string(s)
}

// addFindingsSheet writes the Findings sheet, moves it first and makes it
// the active sheet: a summary block, then one row per finding under a
// frozen, filtered header.
func addFindingsSheet(f *excelize.File, rep *stpclaims.Report, findings []stpclaims.Finding, links []*cellRef, st *findingsStyles) error {
	name := uniqueSheetName(f)
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("output: add sheet %q: %w", name, err)
	}
	if err := putFirst(f, name); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: name}
	header := w.summary(rep, st) + 1
	last := w.findingsTable(header, findings, links, st)
	if w.err != nil {
		return fmt.Errorf("output: write sheet %q: %w", name, w.err)
	}
	return findingsLayout(f, name, header, last)
}

// summary writes the summary block from row 1: title, file, form, status,
// totals, rate card and the count of findings by severity. It returns the
// first row after the block.
func (w *sheetWriter) summary(rep *stpclaims.Report, st *findingsStyles) int {
	row := 1
	w.str(1, row, "stpclaims: findings", st.title)
	row++
	for _, it := range summaryItems(rep) {
		w.str(1, row, it.label, st.label)
		switch {
		case it.money != nil:
			w.money(3, row, *it.money, st.money)
		case it.number != nil:
			w.int(3, row, *it.number)
		default:
			w.str(3, row, it.text, 0)
		}
		row++
	}
	return row
}

// findingsTable writes the table's header on row header and a row per
// finding under it, the cell linked to where it points; it returns the
// table's last row.
func (w *sheetWriter) findingsTable(header int, findings []stpclaims.Finding, links []*cellRef, st *findingsStyles) int {
	for i, c := range findingsColumns {
		w.str(i+1, header, c.Title, st.header)
	}
	for i, fd := range findings {
		row := header + 1 + i
		w.str(1, row, fd.Rule, 0)
		w.str(2, row, fd.Clause, st.wrap)
		w.str(3, row, string(fd.Severity), st.severity[fd.Severity])
		if l := links[i]; l != nil {
			w.link(4, row, l, st.link)
		} else {
			w.str(4, row, findingCell(fd), 0)
		}
		w.str(5, row, fd.Field, 0)
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				w.money(6+j, row, d.Decimal, st.money)
			}
		}
		w.str(9, row, fd.Message, st.wrap)
	}
	last := header + max(len(findings), 1)
	if len(findings) == 0 {
		w.str(1, last, "No findings.", 0)
	}
	return last
}

// link writes a cell's location, linked to it.
func (w *sheetWriter) link(col, row int, l *cellRef, style int) {
	w.str(col, row, l.String(), style)
	if w.err == nil {
		tip := "Go to " + l.String()
		w.err = w.f.SetCellHyperLink(w.sheet, w.cell(col, row), l.location(), "Location", excelize.HyperlinkOpts{Tooltip: &tip})
	}
}

// findingsLayout sets the Findings sheet's column widths, freezes the
// table's header row and puts a filter on the table (rows header to last).
func findingsLayout(f *excelize.File, name string, header, last int) error {
	for i, c := range findingsColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(name, col, col, c.Width); err != nil {
			return fmt.Errorf("output: column widths of %q: %w", name, err)
		}
	}
	below, _ := excelize.CoordinatesToCellName(1, header+1)
	if err := f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: header, TopLeftCell: below, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: below, ActiveCell: below, Pane: "bottomLeft"}},
	}); err != nil {
		return fmt.Errorf("output: freeze the header of %q: %w", name, err)
	}
	lastCol, _ := excelize.ColumnNumberToName(len(findingsColumns))
	if err := f.AutoFilter(name, fmt.Sprintf("A%d:%s%d", header, lastCol, last), nil); err != nil {
		return fmt.Errorf("output: filter on %q: %w", name, err)
	}
	return nil
}

// summaryItem is one line of the summary block above the Findings table: a
// label and one of a text, an amount or a number.
type summaryItem struct {
	label  string
	text   string
	money  *decimal.Decimal
	number *int
}

// summaryItems is the summary block of rep's Findings sheet.
func summaryItems(rep *stpclaims.Report) []summaryItem {
	var items []summaryItem
	text := func(l, v string) { items = append(items, summaryItem{label: l, text: v}) }
	money := func(l string, d decimal.Decimal) { items = append(items, summaryItem{label: l, money: &d}) }
	number := func(l string, n int) { items = append(items, summaryItem{label: l, number: &n}) }
	text("File", rep.File)
	text("Form", formName(rep.Form))
	text("Status", sheetStatus(rep.Status))
	if rep.Reason != "" {
		text("Reason", rep.Reason)
	}
	text("Programme code", rep.ProgrammeCode)
	if rep.Totals != nil {
		money("Total claimed (Rs)", rep.Totals.Claimed)
		money("Total admissible (Rs)", rep.Totals.Admissible)
	}
	if rep.MaxAdvance.Valid {
		money("Largest advance that may be sanctioned (Rs)", rep.MaxAdvance.Decimal)
	}
	if rep.Balance.Valid {
		money("Balance (Rs; + refund, − to pay)", rep.Balance.Decimal)
	}
	if rep.PenalInterest.Valid {
		money("Penal interest (Rs)", rep.PenalInterest.Decimal)
		number("Days late", rep.DaysLate)
	}
	text("Rate card", rep.RateCard)
	errs, devs, infos := counts(rep.Findings)
	number("Errors", errs)
	number("Deviations", devs)
	number("Info", infos)
	if rep.Unlisted > 0 {
		number("Not listed (correct the ones listed and send the workbook again)", rep.Unlisted)
	}
	return items
}
