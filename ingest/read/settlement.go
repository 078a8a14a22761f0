package read

// This file reads a settlement statement (docs/forms.md "Settlement statement"):
// the Annexure II header (programme code, name, dates, training days and,
// where given, the programme's figures), the advance received and its date,
// the date of settlement, one row per component (Annexure II lines 9–16, 18,
// 19, 20, recognised by the line's label) with the actual expenditure, and
// the co-ordinator's report items IX 1–7 marked enclosed or not. A
// statement is a page or two, so its sheet is read whole (sheetGrid) and
// date cells are told by their number format (cellDate).

import (
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// expenseFields are the Annexure II money lines a settlement accounts for,
// in proforma order.
var expenseFields = []string{
	"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy",
	"food", "venue_hire", "miscellaneous", "ta_advance", "da_advance", "other_expenses",
}

// reportItemTitles are the report items' titles (item n at [n-1]).
var reportItemTitles = stpclaims.ReportItemTitles()

// settlementScore counts the expenditure components a sheet names.
func settlementScore(g *sheetGrid) int {
	n := 0
	for r := range g.rows {
		for _, lv := range labelValues(settlementVocab, g.name, r, g.rows[r], nil) {
			if isExpenseField(lv.key) {
				n++
			}
		}
	}
	return n
}

func isExpenseField(key string) bool {
	for _, k := range expenseFields {
		if k == key {
			return true
		}
	}
	return false
}

// settlementFrom reads the statement on sheet g.
func settlementFrom(f *excelize.File, g *sheetGrid) *stpclaims.Settlement {
	sr := &settlementReader{
		f: f, g: g, s: &stpclaims.Settlement{},
		actualCol: -1, enclosedCol: -1,
		seen:  map[string]bool{},
		items: map[int]stpclaims.ReportItem{},
	}
	for r, cells := range g.rows {
		sr.row(r, cells)
	}
	for n := 1; n <= 7; n++ {
		if it, ok := sr.items[n]; ok {
			sr.s.ReportItems = append(sr.s.ReportItems, it)
		}
	}
	return sr.s
}

// settlementReader is what settlementFrom carries from one row of the
// statement to the next: the statement so far, the Actual and Enclosed
// columns once a header row has named them (-1 until then), the
// components already read and the report items already read (the first
// of each wins).
type settlementReader struct {
	f                      *excelize.File
	g                      *sheetGrid
	s                      *stpclaims.Settlement
	actualCol, enclosedCol int
	seen                   map[string]bool
	items                  map[int]stpclaims.ReportItem
}

// row reads row r of the statement: either a header row naming the
// Actual / Enclosed columns, or a row of labels with their values (header
// particulars, a component's expenditure, a report item).
func (sr *settlementReader) row(r int, cells []string) {
	labels := labelValues(settlementVocab, sr.g.name, r, cells, nil)
	// a header row naming the Actual / Enclosed columns (a row that
	// names no component or report item): its other cells are column
	// names, not labels.
	if h, ok := columnHeader(cells, labels); ok {
		if h.actual >= 0 {
			sr.actualCol = h.actual
		}
		if h.enclosed >= 0 {
			sr.enclosedCol = h.enclosed
		}
		return
	}
	advanceRow := false
	for _, lv := range labels {
		if sr.particular(lv, &advanceRow) {
			continue
		}
		switch {
		case isExpenseField(lv.key):
			sr.expense(r, lv)
		case strings.HasPrefix(lv.key, "item"):
			sr.reportItem(r, lv)
		}
	}
}

// particular sets the statement's header field that lv names (the first
// value of each wins) and reports whether lv named one. *advanceRow is set
// once the row has given the advance received, so that a "Date" later in
// the same row is the advance's date rather than the date of settlement.
func (sr *settlementReader) particular(lv labelValue, advanceRow *bool) bool {
	f, s := sr.f, sr.s
	switch lv.key {
	case "programme_code":
		setOnce(&s.ProgrammeCode, textOf(lv))
	case "programme_name":
		setOnce(&s.ProgrammeName, textOf(lv))
	case "start_date":
		setOnce(&s.StartDate, dateOf(f, lv))
	case "end_date":
		setOnce(&s.EndDate, dateOf(f, lv))
	case "training_days":
		setOnce(&s.TrainingDays, countOf(lv))
	case "duration":
		from, to, days := durationOf(f, lv)
		setOnce(&s.StartDate, from)
		setOnce(&s.EndDate, to)
		if days.State != stpclaims.Missing {
			setOnce(&s.TrainingDays, days)
		}
	case "participants":
		setOnce(&s.Participants, countOf(lv))
	case "accommodated":
		setOnce(&s.Accommodated, countOf(lv))
	case "guest_faculty":
		setOnce(&s.GuestFaculty, countOf(lv))
	case "outstation_guest_faculty":
		setOnce(&s.OutstationGuestFaculty, countOf(lv))
	case "guest_sessions":
		setOnce(&s.GuestSessions, countOf(lv))
	case "venue":
		setOnce(&s.Venue, textOf(lv))
	case "venue_govt_owned":
		setOnce(&s.VenueGovtOwned, flagOf(lv))
	case "advance_received":
		setOnce(&s.AdvanceReceived, amountOf(lv))
		*advanceRow = true
	case "advance_date":
		setOnce(&s.AdvanceDate, dateOf(f, lv))
	case "settled_on":
		setOnce(&s.SettledOn, dateOf(f, lv))
	case "date":
		// "Advance received | 50,000 | on | 12.01.2026": the date
		// of the advance; a bare "Date" elsewhere is the date the
		// statement was signed, the date of settlement.
		if *advanceRow {
			setOnce(&s.AdvanceDate, dateOf(f, lv))
		} else {
			setOnce(&s.SettledOn, dateOf(f, lv))
		}
	default:
		return false
	}
	return true
}

// expense records the first row of a component (lv.key, one of
// expenseFields) in row r: its actual expenditure is read from the Actual
// column when a header row named one right of the label, else beside the
// label.
func (sr *settlementReader) expense(r int, lv labelValue) {
	k := lv.key
	if sr.seen[k] {
		return
	}
	sr.seen[k] = true
	if sr.actualCol > lv.labelCol {
		lv = valueAt(sr.g, lv, r, sr.actualCol)
	}
	sr.s.Expenditure = append(sr.s.Expenditure, stpclaims.Expense{Field: k, Actual: amountOf(lv)})
}

// reportItem records the first row of report item lv.key ("item1" to
// "item7") in row r: whether it is enclosed is read from the Enclosed
// column when a header row named one right of the label, else beside the
// label.
func (sr *settlementReader) reportItem(r int, lv labelValue) {
	n := int(lv.key[4] - '0')
	if _, dup := sr.items[n]; dup {
		return
	}
	if sr.enclosedCol > lv.labelCol {
		lv = valueAt(sr.g, lv, r, sr.enclosedCol)
	}
	sr.items[n] = stpclaims.ReportItem{Number: n, Title: reportItemTitles[n-1], Enclosed: enclosedOf(lv)}
}

// valueAt points lv at the cell of row r, column c (a named column), empty
// or not.
func valueAt(g *sheetGrid, lv labelValue, r, c int) labelValue {
	lv.raw = g.at(r, c)
	lv.ref = g.ref(r, c)
	lv.cell = g.cellRef(r, c)
	if lv.raw == "" {
		// an empty Actual cell: Missing, at that cell
		lv.labelCell, lv.cell = lv.cell, ""
	}
	return lv
}

// enclosedOf reads a report item's mark: yes/no, ✓/✗, "Enclosed", "Not
// enclosed", "Attached".
func enclosedOf(lv labelValue) stpclaims.Flag {
	if lv.cell == "" {
		return missingAt[bool](lv)
	}
	f := stpclaims.Flag{Raw: lv.raw, Cell: lv.cell, State: stpclaims.Present}
	n := strings.ToLower(strings.TrimSpace(lv.raw))
	switch {
	case strings.HasPrefix(n, "not ") || n == "not enclosed" || n == "pending" || n == "awaited" || n == "x" || n == "×":
		f.Value = false
	case n == "enclosed" || n == "attached" || n == "submitted" || n == "available" || n == "done":
		f.Value = true
	default:
		v, ok := parseYesNo(lv.raw)
		if !ok {
			f.State = stpclaims.Unreadable
		}
		f.Value = v
	}
	return f
}

// settlementHeader is where a column header row puts the Actual and
// Enclosed columns (-1 when it names neither).
type settlementHeader struct{ actual, enclosed int }

// columnHeader reports whether a row is the header of the expenditure or
// report-item table: it names an Actual or Enclosed column and no component
// or report item.
func columnHeader(cells []string, labels []labelValue) (settlementHeader, bool) {
	for _, lv := range labels {
		if isExpenseField(lv.key) || strings.HasPrefix(lv.key, "item") {
			return settlementHeader{}, false
		}
	}
	h := settlementHeader{actual: -1, enclosed: -1}
	for c, v := range cells {
		if v == "" || tooLong(v, 160) {
			continue
		}
		switch settlementColumnVocab.match(cleanLabel(v)) {
		case "actual":
			h.actual = c
		case "enclosed":
			h.enclosed = c
		}
	}
	return h, h.actual >= 0 || h.enclosed >= 0
}
