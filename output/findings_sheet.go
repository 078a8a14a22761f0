package output

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/printsetup"
)

// findingsSheetName is the name of the sheet Annotate puts first.
const findingsSheetName = "Findings"

// The Findings table's columns, in order: the line as the form names it
// and what to do come first.
const (
	colLine = iota + 1
	colAction
	colWhy
	colClaimed
	colCap
	colAdmissible
	colSeverity
	colRule
	colCell
	lastCol = colCell
)

// findingsColumns are the Findings table's headings and column widths (a
// money column and the Cell column widen to show their contents whole).
var findingsColumns = [lastCol]struct {
	Title string
	Width float64
}{
	{"Line", 24}, {"What to do", 30}, {"Why", 44}, {"Claimed", 12}, {"Cap", 12}, {"Admissible", 12},
	{"Severity", 10}, {"Rule and clause", 18}, {"Cell", 12},
}

// findingsSheet says which of a workbook's Findings sheets one is: n of
// of, one a form.
type findingsSheet struct{ n, of int }

// base is the sheet's name: "Findings" for a workbook of one form, else
// "Findings 1", "Findings 2" ….
func (fs findingsSheet) base() string {
	if fs.of <= 1 {
		return findingsSheetName
	}
	return fmt.Sprintf("%s %d", findingsSheetName, fs.n)
}

// uniqueSheetName returns base ("Findings"), or "Findings (stpclaims)",
// "Findings (stpclaims 2)" … when the workbook already has that name.
func uniqueSheetName(f *excelize.File, base string) string {
	taken := map[string]bool{}
	for _, n := range f.GetSheetList() {
		taken[strings.ToLower(n)] = true
	}
	name := base
	for i := 1; taken[strings.ToLower(name)]; i++ {
		name = base + " (stpclaims)"
		if i > 1 {
			name = fmt.Sprintf("%s (stpclaims %d)", base, i)
		}
	}
	return name
}

// sheetWriter writes the cells of the Findings sheet, keeping the first
// error, the widths its money and Cell columns need and the wrapped texts
// its rows' heights are fitted to.
type sheetWriter struct {
	f       *excelize.File
	sheet   string
	st      *findingsStyles
	err     error
	width   [lastCol + 1]float64 // the width each column's contents need
	wrapped []wrappedText
}

// wrappedText is a text written in a style that wraps, in columns from to
// to of a row.
type wrappedText struct {
	row, from, to int
	text          string
	bold          bool
}

func (w *sheetWriter) cell(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func (w *sheetWriter) str(col, row int, s string, k styleKind) {
	w.span(col, col, row, s, k)
}

// span writes s in column from of row in style k, styling the columns up
// to to as well.
func (w *sheetWriter) span(from, to, row int, s string, k styleKind) {
	if w.err != nil {
		return
	}
	style := w.st.get(k)
	if w.err = w.st.err; w.err != nil {
		return
	}
	c := w.cell(from, row)
	if w.err = w.f.SetCellStr(w.sheet, c, s); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, w.cell(to, row), style)
	}
	if k.wraps() && s != "" {
		w.wrapped = append(w.wrapped, wrappedText{row: row, from: from, to: to, text: s, bold: k.bold()})
	}
}

// merged writes s in columns from to to of row, merged.
func (w *sheetWriter) merged(from, to, row int, s string, k styleKind) {
	w.span(from, to, row, s, k)
	if w.err == nil && to > from {
		w.err = w.f.MergeCell(w.sheet, w.cell(from, row), w.cell(to, row))
	}
}

// How an amount is set: in a table, in the summary block (bold, left), or
// in a table's total row (bold, a rule above).
const (
	inTable = iota
	inSummary
	inTotal
)

// money writes an amount as a number cell from the decimal's own digits (no
// float in between), whole rupees or with paise, grouped the Indian way.
func (w *sheetWriter) money(col, row int, d decimal.Decimal, kind int) {
	if w.err != nil {
		return
	}
	paise := !d.Equal(d.Truncate(0))
	kinds := map[int][2]styleKind{
		inTable:   {sMoney, sMoneyPaise},
		inSummary: {sSummaryMoney, sSummaryMoneyPaise},
		inTotal:   {sTotalMoney, sTotalMoneyPaise},
	}[kind]
	style := w.st.get(kinds[0])
	if paise {
		style = w.st.get(kinds[1])
	}
	if w.err = w.st.err; w.err != nil {
		return
	}
	c := w.cell(col, row)
	if w.err = w.f.SetCellDefault(w.sheet, c, d.String()); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
	w.need(col, moneyWidth(d))
}

// The widths, in excelize's units, that show a value whole in its column.
func moneyWidth(d decimal.Decimal) float64 {
	return printsetup.TextWidth(Rupees(d), printsetup.DefaultFontSize)*1.07 + 1.5 // bold in a total row
}
func ruleWidth(rule string) float64 {
	return printsetup.TextWidth(rule, printsetup.DefaultFontSize)*1.1 + 1.5 // the ID on one line
}
func cellWidth(cell string) float64 {
	return printsetup.TextWidth(cell, printsetup.DefaultFontSize) + 1.5
}

// columnWidths are the widths of the Findings table's columns: each its
// own, or wider where a value needs it (at most a third of a landscape
// page).
func columnWidths(need [lastCol + 1]float64) [lastCol + 1]float64 {
	var out [lastCol + 1]float64
	for i, c := range findingsColumns {
		out[i+1] = max(c.Width, min(need[i+1], printsetup.MaxColumnWidth(printsetup.Landscape)/3))
	}
	return out
}

// need records that column col needs width to show a value whole.
func (w *sheetWriter) need(col int, width float64) { w.width[col] = max(w.width[col], width) }

// sheetStatus says a status on the Findings sheet.
func sheetStatus(s stpclaims.Status) string {
	switch s {
	case stpclaims.StatusClean:
		return "In order: no corrections are needed"
	case stpclaims.StatusReview:
		return "For review: the items below need sanction or a facilitator's decision"
	case stpclaims.StatusReturned:
		return "Returned: correct the items below and send the workbook again"
	}
	return string(s)
}

// addFindingsSheet writes the Findings sheet, moves it first and makes it
// the active sheet: a summary block, one row per finding under a frozen,
// filtered header, and on a TA bill a table of the money per person; then
// its page setup for A4.
func addFindingsSheet(f *excelize.File, rep *stpclaims.Report, fs findingsSheet, findings []stpclaims.Finding, links []*cellRef, words *wording, fills *filler) error {
	name := uniqueSheetName(f, fs.base())
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("output: add sheet %q: %w", name, err)
	}
	if err := putFirst(f, name); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: name, st: newFindingsStyles(f, fills)}
	header := w.summary(rep, fs, findings) + 1
	last := w.findingsTable(header, findings, links, words)
	peopleFrom := 0
	if rep.Form == stpclaims.FormTABill && len(rep.People) > 0 {
		peopleFrom = last + 2
		last = w.peopleTable(peopleFrom, rep, words)
	}
	if w.err != nil {
		return fmt.Errorf("output: write sheet %q: %w", name, w.err)
	}
	return w.layout(rep, header, last, len(findings), peopleFrom > 0)
}

// summary writes the summary block from row 1: a title naming the form
// and the programme, then summaryItems. It returns the first row after the
// block.
func (w *sheetWriter) summary(rep *stpclaims.Report, fs findingsSheet, findings []stpclaims.Finding) int {
	w.merged(colLine, lastCol, 1, findingsTitle(rep, fs), sTitle)
	if w.err == nil {
		w.err = w.f.SetRowHeight(w.sheet, 1, 21)
	}
	row := 2
	for _, it := range summaryItems(rep, fs, findings) {
		w.str(colLine, row, it.label, sBoldWrap)
		if it.money != nil {
			w.money(colAction, row, *it.money, inSummary)
		} else {
			w.merged(colAction, colAdmissible, row, it.text, it.style)
		}
		row++
	}
	return row
}

// findingsTitle is the Findings sheet's title: "Findings: Annexure II,
// programme STP/REV/2026/11"; in a workbook of several forms, the form's
// sheet after it.
func findingsTitle(rep *stpclaims.Report, fs findingsSheet) string {
	title := "Findings: " + formName(rep.Form)
	if rep.ProgrammeCode != "" {
		title += ", programme " + oneLine(rep.ProgrammeCode)
	}
	if fs.of > 1 && rep.Sheet != "" {
		title += ", sheet '" + stpclaims.Quote(oneLine(rep.Sheet), 60) + "'"
	}
	return title
}

// summaryItem is one line of the summary block above the Findings table: a
// label and a text in its style, or an amount.
type summaryItem struct {
	label string
	text  string
	style styleKind
	money *decimal.Decimal
}

// summaryItems is the summary block of rep's Findings sheet: the status
// (with the count of findings by severity), the programme, the file, the
// totals, the largest advance or what it waits for, the settlement's
// figures, the rate card, and how many findings are not listed.
func summaryItems(rep *stpclaims.Report, fs findingsSheet, findings []stpclaims.Finding) []summaryItem {
	var items []summaryItem
	text := func(l, v string, k styleKind) { items = append(items, summaryItem{label: l, text: v, style: k}) }
	money := func(l string, d decimal.Decimal) { items = append(items, summaryItem{label: l, money: &d}) }
	errs, devs, infos := counts(findings)
	status := sheetStatus(rep.Status) + "."
	if n := len(findings); n > 0 {
		status += " " + countWords(errs, devs, infos) + "."
	}
	text("Status", status, statusStyle(rep.Status))
	if fs.of > 1 {
		text("Form", fmt.Sprintf("%d of the %d forms the workbook holds, a sheet each: this is the one on sheet '%s'; each other form has a Findings sheet of its own.",
			fs.n, fs.of, stpclaims.Quote(oneLine(rep.Sheet), stpclaims.MaxQuote)), sWrap)
	}
	if rep.Unlisted > 0 {
		text("Not listed", UnlistedNote(rep.Unlisted), sWrap)
	}
	if rep.Reason != "" {
		text("Reason", oneLine(rep.Reason), sWrap)
	}
	if p := programmeWords(rep); p != "" {
		text("Programme", p, sWrap)
	}
	text("File", stpclaims.Quote(oneLine(rep.File), stpclaims.MaxQuote), sWrap)
	maxAdvance, admissible := pendingWords(rep)
	if rep.Totals != nil {
		money("Total claimed (Rs)", rep.Totals.Claimed)
		label := "Total admissible (Rs)"
		if rep.Form == stpclaims.FormTABill {
			label = "Total admissible: what the DDO pays (Rs)"
		}
		money(label, rep.Totals.Admissible)
		if admissible != "" {
			text("Left out", admissible, sWrap)
		}
	}
	switch {
	case rep.MaxAdvance.Valid:
		money("Largest advance that may be sanctioned (Rs)", rep.MaxAdvance.Decimal)
	case maxAdvance != "":
		text("Largest advance that may be sanctioned", maxAdvance, sWrap)
	}
	if rep.Balance.Valid {
		b := rep.Balance.Decimal
		switch b.Sign() {
		case 1:
			money("To be refunded to IMG (Rs)", b)
		case -1:
			money("Due to the co-ordinator beyond the advance (Rs)", b.Neg())
		default:
			text("Balance", "Nil: the advance equals the admissible expenditure", sWrap)
		}
	}
	if rep.PenalInterest.Valid && rep.PenalInterest.Decimal.Sign() != 0 {
		money(fmt.Sprintf("Penal interest, %s late (Rs)", plural(rep.DaysLate, "day")), rep.PenalInterest.Decimal)
	}
	if rep.RateCard != "" {
		text("Rate card", oneLine(rep.RateCard), sWrap)
	}
	return items
}

// countWords says how many findings of each severity: "3 errors, 1
// deviation, 1 for information".
func countWords(errs, devs, infos int) string {
	var parts []string
	if errs > 0 {
		parts = append(parts, plural(errs, "error"))
	}
	if devs > 0 {
		parts = append(parts, plural(devs, "deviation"))
	}
	if infos > 0 {
		parts = append(parts, fmt.Sprintf("%d for information", infos))
	}
	return joinAnd(parts)
}

// programmeWords is the programme as the report gives it: its name and
// dates (dd.mm.yyyy).
func programmeWords(rep *stpclaims.Report) string {
	var name, from, to string
	for _, fv := range rep.Fields {
		switch fv.Name {
		case "programme_name":
			name = oneLine(fv.Value)
		case "start_date":
			from = dmy(fv.Value)
		case "end_date":
			to = dmy(fv.Value)
		}
	}
	var parts []string
	if rep.ProgrammeCode != "" {
		parts = append(parts, oneLine(rep.ProgrammeCode))
	}
	if name != "" {
		parts = append(parts, name)
	}
	switch {
	case from != "" && to != "":
		parts = append(parts, from+" to "+to)
	case from != "":
		parts = append(parts, "from "+from)
	}
	return strings.Join(parts, ", ")
}

// dmy writes a report's date (YYYY-MM-DD) as the forms do, 12.01.2026; a
// value that is not such a date as it is.
func dmy(s string) string {
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		return s[8:10] + "." + s[5:7] + "." + s[0:4]
	}
	return s
}

// findingsTable writes the table's header on row header and a row per
// finding under it, the cell linked to where it points; it returns the
// table's last row.
func (w *sheetWriter) findingsTable(header int, findings []stpclaims.Finding, links []*cellRef, words *wording) int {
	for i, c := range findingsColumns {
		style := sHeader
		switch {
		case i+1 >= colClaimed && i+1 <= colAdmissible:
			style = sHeaderRight
		case i+1 == colSeverity:
			style = sHeaderCentre
		}
		w.str(i+1, header, c.Title, style)
	}
	for i, fd := range findings {
		row := header + 1 + i
		t := rowTextsOf(fd, words)
		w.str(colLine, row, t.subject, severityStyle(fd.Severity))
		w.str(colAction, row, t.action, sWrap)
		w.str(colWhy, row, t.why, sWrap)
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				w.money(colClaimed+j, row, d.Decimal, inTable)
			}
		}
		w.str(colSeverity, row, string(fd.Severity), sCentre)
		w.str(colRule, row, t.rule, sWrap)
		w.need(colRule, ruleWidth(fd.Rule))
		if l := links[i]; l != nil {
			w.link(colCell, row, l)
		} else if c := findingCell(fd); c != "" {
			w.str(colCell, row, c, sText)
			w.need(colCell, cellWidth(c))
		}
	}
	last := header + max(len(findings), 1)
	if len(findings) == 0 {
		w.str(colLine, last, "No findings.", sText)
	}
	return last
}

// rowTexts are the texts of a finding's row of the table.
type rowTexts struct{ subject, action, why, rule string }

func rowTextsOf(fd stpclaims.Finding, words *wording) rowTexts {
	t := rowTexts{subject: words.subject(fd), action: upperFirst(strings.TrimSuffix(oneLine(fd.Action), ".")),
		why: sentence(fd.Message), rule: fd.Rule}
	if t.subject == "" {
		t.subject = "The " + formName(words.form)
		if r, ok := parseCellRef(fd.Cell); ok && fd.Field == "" {
			t.subject = "Sheet '" + stpclaims.Quote(oneLine(r.Sheet), 60) + "'" // another sheet's (READ-SKIPPED, READ-HIDDEN)
		}
	}
	if fd.Clause != "" && fd.Clause != "—" {
		t.rule += "\n" + fd.Clause
	}
	return t
}

// link writes a cell's location, linked to it.
func (w *sheetWriter) link(col, row int, l *cellRef) {
	text := l.String()
	w.str(col, row, text, sLink)
	w.need(col, cellWidth(text))
	if w.err == nil {
		tip := "Go to " + text
		w.err = w.f.SetCellHyperLink(w.sheet, w.cell(col, row), l.location(), "Location", excelize.HyperlinkOpts{Tooltip: &tip})
	}
}

// layout sets the Findings sheet's column widths, row heights for its
// wrapped text, freezes the findings table's header, puts a filter on the
// table (rows header to the findings' last) and sets up the page: A4, one
// page wide, a footer with the programme code and the page number, and
// repeated at the top of every page the table's header, or on a TA bill
// with its table of people the title (which names the programme).
func (w *sheetWriter) layout(rep *stpclaims.Report, header, last, findings int, people bool) error {
	f, name := w.f, w.sheet
	widths := columnWidths(w.width)
	for c := 1; c <= lastCol; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		if err := f.SetColWidth(name, col, col, widths[c]); err != nil {
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
	lastColName, _ := excelize.ColumnNumberToName(lastCol)
	if err := f.AutoFilter(name, fmt.Sprintf("A%d:%s%d", header, lastColName, header+max(findings, 1)), nil); err != nil {
		return fmt.Errorf("output: filter on %q: %w", name, err)
	}
	if err := w.fitRows(); err != nil {
		return err
	}
	page := printsetup.Page{
		Area:       fmt.Sprintf("A1:%s%d", lastColName, last),
		RepeatFrom: header,
		Footer:     footerText(rep),
	}
	if people {
		page.RepeatFrom = 1
	}
	if err := printsetup.Apply(f, name, page); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	return nil
}

// fitRows makes each row tall enough for the wrapped text written in it,
// now that the columns have their widths: printsetup's estimate for the
// text in its cell's (or merge's) width. (printsetup.FitRows would read
// the sheet back to find the texts; the writer knows them.)
func (w *sheetWriter) fitRows() error {
	widths := make([]float64, lastCol+1)
	for c := 1; c <= lastCol; c++ {
		name, _ := excelize.ColumnNumberToName(c)
		widths[c], _ = w.f.GetColWidth(w.sheet, name)
	}
	need := map[int]float64{}
	for _, t := range w.wrapped {
		var width float64
		for c := t.from; c <= t.to; c++ {
			width += widths[c]
		}
		if t.bold {
			width /= 1.07 // bold text is wider
		}
		need[t.row] = max(need[t.row], printsetup.RowHeight(t.text, width, printsetup.DefaultFontSize))
	}
	for row, h := range need {
		if h <= printsetup.DefaultRowHeight {
			continue
		}
		if err := w.f.SetRowHeight(w.sheet, row, min(h, printsetup.MaxRowHeight)); err != nil {
			return fmt.Errorf("output: row %d of %q: %w", row, w.sheet, err)
		}
	}
	return nil
}

// footerText is the Findings sheet's footer: the programme code and the
// file's name, each cut to 60 characters (a footer holds 255 in all).
func footerText(rep *stpclaims.Report) string {
	var parts []string
	if rep.ProgrammeCode != "" {
		parts = append(parts, "Programme "+stpclaims.Quote(oneLine(rep.ProgrammeCode), 60))
	}
	parts = append(parts, "Findings on "+stpclaims.Quote(oneLine(rep.File), 60))
	return strings.Join(parts, " · ")
}
