package output

import (
	"fmt"
	"slices"
	"strconv"
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

// findingsStyles are the style indexes of the Findings sheet. Every font
// names printsetup.FontFamily, so that LibreOffice does not print one in
// its serif default.
type findingsStyles struct {
	title, label, header, headerRight, headerCentre, text, centre, wrap, link int
	bold, boldWrap                                                            int
	money, moneyPaise, boldMoney, boldMoneyPaise                              int
	totalMoney, totalMoneyPaise                                               int
	severity                                                                  map[stpclaims.Severity]int
	status                                                                    map[stpclaims.Status]int
}

func newFindingsStyles(f *excelize.File) (*findingsStyles, error) {
	font := func(bold bool, size float64, color string) *excelize.Font {
		return &excelize.Font{Family: printsetup.FontFamily, Bold: bold, Size: size, Color: color}
	}
	top := &excelize.Alignment{Vertical: "top"}
	wrap := &excelize.Alignment{Vertical: "top", WrapText: true}
	left := &excelize.Alignment{Vertical: "top", Horizontal: "left"}
	rupees, paise := printsetup.Rupees, printsetup.RupeesPaise
	s := &findingsStyles{severity: map[stpclaims.Severity]int{}, status: map[stpclaims.Status]int{}}
	specs := []struct {
		dst   *int
		style excelize.Style
	}{
		{&s.title, excelize.Style{Font: font(true, 14, ""), Alignment: top}},
		{&s.label, excelize.Style{Font: font(true, 11, ""), Alignment: wrap}},
		{&s.header, excelize.Style{
			Font:      font(true, 11, ""),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: wrap,
		}},
		{&s.headerRight, excelize.Style{
			Font:      font(true, 11, ""),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right", WrapText: true},
		}},
		{&s.headerCentre, excelize.Style{
			Font:      font(true, 11, ""),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}},
			Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
			Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center", WrapText: true},
		}},
		{&s.text, excelize.Style{Font: font(false, 11, ""), Alignment: top}},
		{&s.centre, excelize.Style{Font: font(false, 11, ""), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}}},
		{&s.wrap, excelize.Style{Font: font(false, 11, ""), Alignment: wrap}},
		{&s.bold, excelize.Style{Font: font(true, 11, ""), Alignment: top}},
		{&s.boldWrap, excelize.Style{Font: font(true, 11, ""), Alignment: wrap}},
		{&s.link, excelize.Style{Font: &excelize.Font{Family: printsetup.FontFamily, Color: "0563C1", Underline: "single"}, Alignment: top}},
		{&s.money, excelize.Style{Font: font(false, 11, ""), CustomNumFmt: &rupees, Alignment: top}},
		{&s.moneyPaise, excelize.Style{Font: font(false, 11, ""), CustomNumFmt: &paise, Alignment: top}},
		{&s.boldMoney, excelize.Style{Font: font(true, 11, ""), CustomNumFmt: &rupees, Alignment: left}},
		{&s.boldMoneyPaise, excelize.Style{Font: font(true, 11, ""), CustomNumFmt: &paise, Alignment: left}},
		{&s.totalMoney, excelize.Style{Font: font(true, 11, ""), CustomNumFmt: &rupees, Alignment: top,
			Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}},
		{&s.totalMoneyPaise, excelize.Style{Font: font(true, 11, ""), CustomNumFmt: &paise, Alignment: top,
			Border: []excelize.Border{{Type: "top", Color: "000000", Style: 1}}}},
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
			Font:      font(false, 11, ""),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: wrap,
		})
		if err != nil {
			return nil, fmt.Errorf("output: findings sheet style: %w", err)
		}
		s.severity[sev] = id
	}
	for st, color := range map[stpclaims.Status]string{
		stpclaims.StatusClean: "C6EFCE", stpclaims.StatusReview: severityColor[stpclaims.SeverityDeviation],
		stpclaims.StatusReturned: severityColor[stpclaims.SeverityError],
	} {
		id, err := f.NewStyle(&excelize.Style{
			Font:      font(true, 11, ""),
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}},
			Alignment: wrap,
		})
		if err != nil {
			return nil, fmt.Errorf("output: findings sheet style: %w", err)
		}
		s.status[st] = id
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
// error, and the widths its money and Cell columns need.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	st    *findingsStyles
	err   error
	width [lastCol + 1]float64 // the width each column's contents need
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

// merged writes s in columns from to to of row, merged.
func (w *sheetWriter) merged(from, to, row int, s string, style int) {
	w.str(from, row, s, style)
	if w.err == nil && to > from {
		w.err = w.f.MergeCell(w.sheet, w.cell(from, row), w.cell(to, row))
		if w.err == nil && style > 0 {
			w.err = w.f.SetCellStyle(w.sheet, w.cell(from, row), w.cell(to, row), style)
		}
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
	styles := map[int][2]int{
		inTable:   {w.st.money, w.st.moneyPaise},
		inSummary: {w.st.boldMoney, w.st.boldMoneyPaise},
		inTotal:   {w.st.totalMoney, w.st.totalMoneyPaise},
	}[kind]
	style := styles[0]
	if paise {
		style = styles[1]
	}
	c := w.cell(col, row)
	if w.err = w.f.SetCellDefault(w.sheet, c, d.String()); w.err == nil {
		w.err = w.f.SetCellStyle(w.sheet, c, c, style)
	}
	shown := Rupees(d)
	if paise {
		shown = Rupees(d.Round(2))
	}
	w.need(col, printsetup.TextWidth(shown, printsetup.DefaultFontSize)*1.07+1.5)
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
func addFindingsSheet(f *excelize.File, rep *stpclaims.Report, findings []stpclaims.Finding, links []*cellRef, words *wording, st *findingsStyles) error {
	name := uniqueSheetName(f)
	if _, err := f.NewSheet(name); err != nil {
		return fmt.Errorf("output: add sheet %q: %w", name, err)
	}
	if err := putFirst(f, name); err != nil {
		return err
	}
	w := &sheetWriter{f: f, sheet: name, st: st}
	header := w.summary(rep, findings) + 1
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
// and the programme, the status, the programme, file and rate card, the
// totals, the largest advance or what it waits for, and the settlement's
// figures. It returns the first row after the block.
func (w *sheetWriter) summary(rep *stpclaims.Report, findings []stpclaims.Finding) int {
	st := w.st
	title := "Findings: " + formName(rep.Form)
	if rep.ProgrammeCode != "" {
		title += ", programme " + oneLine(rep.ProgrammeCode)
	}
	w.merged(colLine, lastCol, 1, title, st.title)
	if w.err == nil {
		w.err = w.f.SetRowHeight(w.sheet, 1, 21)
	}
	row := 2
	text := func(label, v string, style int) {
		w.str(colLine, row, label, st.label)
		w.merged(colAction, colAdmissible, row, v, style)
		row++
	}
	money := func(label string, d decimal.Decimal) {
		w.str(colLine, row, label, st.label)
		w.money(colAction, row, d, inSummary)
		row++
	}
	errs, devs, infos := counts(findings)
	status := sheetStatus(rep.Status) + "."
	if n := len(findings); n > 0 {
		status += " " + countWords(errs, devs, infos) + "."
	}
	statusStyle, ok := st.status[rep.Status]
	if !ok {
		statusStyle = st.boldWrap
	}
	text("Status", status, statusStyle)
	if rep.Reason != "" {
		text("Reason", oneLine(rep.Reason), st.wrap)
	}
	if p := programmeWords(rep); p != "" {
		text("Programme", p, st.wrap)
	}
	text("File", oneLine(rep.File), st.wrap)
	maxAdvance, admissible := pendingWords(rep)
	if rep.Totals != nil {
		money("Total claimed (Rs)", rep.Totals.Claimed)
		label := "Total admissible (Rs)"
		if rep.Form == stpclaims.FormTABill {
			label = "Total admissible: what the DDO pays (Rs)"
		}
		money(label, rep.Totals.Admissible)
		if admissible != "" {
			text("Left out", admissible, st.wrap)
		}
	}
	switch {
	case rep.MaxAdvance.Valid:
		money("Largest advance that may be sanctioned (Rs)", rep.MaxAdvance.Decimal)
	case maxAdvance != "":
		text("Largest advance that may be sanctioned", maxAdvance, st.wrap)
	}
	if rep.Balance.Valid {
		b := rep.Balance.Decimal
		switch b.Sign() {
		case 1:
			money("To be refunded to IMG (Rs)", b)
		case -1:
			money("Due to the co-ordinator beyond the advance (Rs)", b.Neg())
		default:
			text("Balance", "Nil: the advance equals the admissible expenditure", st.wrap)
		}
	}
	if rep.PenalInterest.Valid && rep.PenalInterest.Decimal.Sign() != 0 {
		money(fmt.Sprintf("Penal interest, %s late (Rs)", plural(rep.DaysLate, "day")), rep.PenalInterest.Decimal)
	}
	if rep.RateCard != "" {
		text("Rate card", oneLine(rep.RateCard), st.wrap)
	}
	return row
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
	st := w.st
	for i, c := range findingsColumns {
		style := st.header
		switch {
		case i+1 >= colClaimed && i+1 <= colAdmissible:
			style = st.headerRight
		case i+1 == colSeverity:
			style = st.headerCentre
		}
		w.str(i+1, header, c.Title, style)
	}
	for i, fd := range findings {
		row := header + 1 + i
		subject := words.subject(fd)
		if subject == "" {
			subject = "The " + formName(words.form)
		}
		w.str(colLine, row, subject, st.severity[fd.Severity])
		w.str(colAction, row, upperFirst(strings.TrimSuffix(oneLine(fd.Action), ".")), st.wrap)
		w.str(colWhy, row, sentence(fd.Message), st.wrap)
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				w.money(colClaimed+j, row, d.Decimal, inTable)
			}
		}
		w.str(colSeverity, row, string(fd.Severity), st.centre)
		rule := fd.Rule
		if fd.Clause != "" && fd.Clause != "—" {
			rule += "\n" + fd.Clause
		}
		w.str(colRule, row, rule, st.wrap)
		w.need(colRule, printsetup.TextWidth(fd.Rule, printsetup.DefaultFontSize)*1.1+1.5) // the ID on one line
		if l := links[i]; l != nil {
			w.link(colCell, row, l, st.link)
		} else if c := findingCell(fd); c != "" {
			w.str(colCell, row, c, st.text)
			w.need(colCell, printsetup.TextWidth(c, printsetup.DefaultFontSize)+1.5)
		}
	}
	last := header + max(len(findings), 1)
	if len(findings) == 0 {
		w.str(colLine, last, "No findings.", st.text)
	}
	return last
}

// link writes a cell's location, linked to it.
func (w *sheetWriter) link(col, row int, l *cellRef, style int) {
	text := l.String()
	w.str(col, row, text, style)
	w.need(col, printsetup.TextWidth(text, printsetup.DefaultFontSize)+1.5)
	if w.err == nil {
		tip := "Go to " + text
		w.err = w.f.SetCellHyperLink(w.sheet, w.cell(col, row), l.location(), "Location", excelize.HyperlinkOpts{Tooltip: &tip})
	}
}

// peopleTable writes, from row from, a TA bill's money per person: a
// heading, a header, a row for each participant and guest faculty member
// (row, name, what was cut or is to be corrected and why, claimed, cut,
// admissible; on a bill of more than stpclaims.PeopleListed people, those
// whose amounts are cut, and one row for the others) and the bill's
// corrected total, what the DDO pays. It returns its last row.
func (w *sheetWriter) peopleTable(from int, rep *stpclaims.Report, words *wording) int {
	st := w.st
	w.merged(colLine, lastCol, from, "Money per person: what the bill pays each participant and guest faculty member", st.bold)
	if w.err == nil {
		// on a page of its own where the program honours the break
		// (LibreOffice does; Excel ignores manual breaks when it fits
		// the sheet to the page's width)
		w.err = w.f.InsertPageBreak(w.sheet, w.cell(colLine, from))
	}
	header := from + 1
	for col, title := range map[int]string{colLine: "Row", colAction: "Name", colWhy: "What was cut or is to be corrected, and why",
		colClaimed: "Claimed", colCap: "Cut", colAdmissible: "Admissible"} {
		style := st.header
		if col >= colClaimed {
			style = st.headerRight
		}
		w.str(col, header, title, style)
	}
	for col := colSeverity; col <= lastCol; col++ {
		w.str(col, header, "", st.header)
	}
	cuts := cutsByPerson(rep, words)
	row := header
	var claimed, admissible decimal.Decimal
	for i, p := range rep.People {
		row++
		where := fmt.Sprintf("Row %d", p.Row)
		if p.Faculty {
			where = fmt.Sprintf("Guest faculty row %d", p.Row)
		}
		if l, ok := parseCellRef(sheetPrefix(p.Sheet, true) + "A" + strconv.Itoa(p.Row)); ok && p.Sheet != "" {
			w.str(colLine, row, where, st.link)
			if w.err == nil {
				w.err = w.f.SetCellHyperLink(w.sheet, w.cell(colLine, row), l.location(), "Location")
			}
		} else {
			w.str(colLine, row, where, st.text)
		}
		w.str(colAction, row, oneLine(p.Name), st.wrap)
		w.str(colWhy, row, strings.Join(cuts[i], "\n"), st.wrap)
		w.money(colClaimed, row, p.Claimed, inTable)
		w.money(colCap, row, p.Claimed.Sub(p.Admissible), inTable)
		w.money(colAdmissible, row, p.Admissible, inTable)
		claimed, admissible = claimed.Add(p.Claimed), admissible.Add(p.Admissible)
	}
	if rest := rep.PeopleInBill - len(rep.People); rest > 0 && rep.Totals != nil {
		// a large bill lists those whose amounts are cut; the others are
		// paid as claimed
		restClaimed, restAdmissible := rep.Totals.Claimed.Sub(claimed), rep.Totals.Admissible.Sub(admissible)
		row++
		w.str(colLine, row, fmt.Sprintf("%d more", rest), st.text)
		w.str(colWhy, row, fmt.Sprintf("The other %s of the bill's %d, each paid as claimed", plural(rest, "row"), rep.PeopleInBill), st.wrap)
		w.money(colClaimed, row, restClaimed, inTable)
		w.money(colCap, row, restClaimed.Sub(restAdmissible), inTable)
		w.money(colAdmissible, row, restAdmissible, inTable)
		claimed, admissible = rep.Totals.Claimed, rep.Totals.Admissible
	}
	row++
	w.str(colLine, row, "Total of the bill", st.bold)
	w.str(colWhy, row, "What the DDO pays: the admissible total", st.boldWrap)
	w.money(colClaimed, row, claimed, inTotal)
	w.money(colCap, row, claimed.Sub(admissible), inTotal)
	w.money(colAdmissible, row, admissible, inTotal)
	return row
}

// cutsByPerson says, for each person (by index into rep.People), what the
// findings on their row cut or ask to correct, and under which rule:
// "Fare claimed: reduce to the eligible fare, Rs 360 (over by Rs 120)
// [TA-FARE]". Cuts come first.
func cutsByPerson(rep *stpclaims.Report, words *wording) map[int][]string {
	out := map[int][]string{}
	fs := ordered(rep.Findings)
	cuts := func(fd stpclaims.Finding) bool {
		return fd.Claimed.Valid && fd.Admissible.Valid && fd.Claimed.Decimal.GreaterThan(fd.Admissible.Decimal)
	}
	slices.SortStableFunc(fs, func(a, b stpclaims.Finding) int {
		switch ca, cb := cuts(a), cuts(b); {
		case ca && !cb:
			return -1
		case cb && !ca:
			return 1
		}
		return 0
	})
	for _, fd := range fs {
		if fd.Row == 0 {
			continue
		}
		p, found, faculty := words.person(fd)
		if !found {
			continue
		}
		i := words.people[personKey{strings.ToLower(p.Sheet), p.Row}]
		column, ok := stpclaims.ParticipantLabel(fd.Field)
		if faculty {
			column, ok = stpclaims.FacultyLabel(fd.Field)
		}
		text := strings.TrimSuffix(oneLine(fd.Action), ".")
		if text == "" {
			text = sentence(fd.Message)
		}
		if ok {
			text = column.Name + ": " + text
		}
		out[i] = append(out[i], text+" ["+fd.Rule+"]")
	}
	return out
}

// layout sets the Findings sheet's column widths, row heights for its
// wrapped text, freezes the findings table's header, puts a filter on the
// table (rows header to the findings' last) and sets up the page: A4, one
// page wide, a footer with the programme code and the page number, and
// repeated at the top of every page the table's header, or on a TA bill
// with its table of people the title (which names the programme).
func (w *sheetWriter) layout(rep *stpclaims.Report, header, last, findings int, people bool) error {
	f, name := w.f, w.sheet
	for i, c := range findingsColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		width := max(c.Width, min(w.width[i+1], printsetup.MaxColumnWidth(printsetup.Landscape)/3))
		if err := f.SetColWidth(name, col, col, width); err != nil {
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
	if err := printsetup.FitRows(f, name); err != nil {
		return fmt.Errorf("output: %w", err)
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

// footerText is the Findings sheet's footer: the programme code and the
// file's name.
func footerText(rep *stpclaims.Report) string {
	var parts []string
	if rep.ProgrammeCode != "" {
		parts = append(parts, "Programme "+oneLine(rep.ProgrammeCode))
	}
	parts = append(parts, "Findings on "+oneLine(rep.File))
	return strings.Join(parts, " · ")
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
