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
	s := &stpclaims.Settlement{}
	actualCol, enclosedCol := -1, -1
	seen := map[string]bool{}
	items := map[int]stpclaims.ReportItem{}
	for r, cells := range g.rows {
		labels := labelValues(settlementVocab, g.name, r, cells, nil)
		// a header row naming the Actual / Enclosed columns (a row that
		// names no component or report item): its other cells are column
		// names, not labels.
		if h, ok := columnHeader(cells, labels); ok {
			if h.actual >= 0 {
				actualCol = h.actual
			}
			if h.enclosed >= 0 {
				enclosedCol = h.enclosed
			}
			continue
		}
		advanceRow := false
		for _, lv := range labels {
			switch k := lv.key; {
			case k == "programme_code":
				setOnce(&s.ProgrammeCode, textOf(lv))
			case k == "programme_name":
				setOnce(&s.ProgrammeName, textOf(lv))
			case k == "start_date":
				setOnce(&s.StartDate, dateOf(f, lv))
			case k == "end_date":
				setOnce(&s.EndDate, dateOf(f, lv))
			case k == "training_days":
				setOnce(&s.TrainingDays, countOf(lv))
			case k == "duration":
				from, to, days := durationOf(f, lv)
				setOnce(&s.StartDate, from)
				setOnce(&s.EndDate, to)
				if days.State != stpclaims.Missing {
					setOnce(&s.TrainingDays, days)
				}
			case k == "participants":
				setOnce(&s.Participants, countOf(lv))
			case k == "accommodated":
				setOnce(&s.Accommodated, countOf(lv))
			case k == "guest_faculty":
				setOnce(&s.GuestFaculty, countOf(lv))
			case k == "outstation_guest_faculty":
				setOnce(&s.OutstationGuestFaculty, countOf(lv))
			case k == "guest_sessions":
				setOnce(&s.GuestSessions, countOf(lv))
			case k == "venue":
				setOnce(&s.Venue, textOf(lv))
			case k == "venue_govt_owned":
				setOnce(&s.VenueGovtOwned, flagOf(lv))
			case k == "advance_received":
				setOnce(&s.AdvanceReceived, amountOf(lv))
				advanceRow = true
			case k == "advance_date":
				setOnce(&s.AdvanceDate, dateOf(f, lv))
			case k == "settled_on":
				setOnce(&s.SettledOn, dateOf(f, lv))
			case k == "date":
				// "Advance received | 50,000 | on | 12.01.2026": the date
				// of the advance; a bare "Date" elsewhere is the date the
				// statement was signed, the date of settlement.
				if advanceRow {
					setOnce(&s.AdvanceDate, dateOf(f, lv))
				} else {
					setOnce(&s.SettledOn, dateOf(f, lv))
				}
			case isExpenseField(k):
				if seen[k] {
					continue
				}
				seen[k] = true
				if actualCol > lv.labelCol {
					lv = valueAt(g, lv, r, actualCol)
				}
				s.Expenditure = append(s.Expenditure, stpclaims.Expense{Field: k, Actual: amountOf(lv)})
			case strings.HasPrefix(k, "item"):
				n := int(k[4] - '0')
				if _, dup := items[n]; dup {
					continue
				}
				if enclosedCol > lv.labelCol {
					lv = valueAt(g, lv, r, enclosedCol)
				}
				items[n] = stpclaims.ReportItem{Number: n, Title: reportItemTitles[n-1], Enclosed: enclosedOf(lv)}
			}
		}
	}
	for n := 1; n <= 7; n++ {
		if it, ok := items[n]; ok {
			s.ReportItems = append(s.ReportItems, it)
		}
	}
	return s
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
