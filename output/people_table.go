package output

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// This file writes a TA bill's money per person on its Findings sheet: the
// table the DDO pays from.

// peopleTable writes, from row from, a TA bill's money per person: a
// heading, a header, a row for each participant and guest faculty member
// (row, name, what was cut or is to be corrected and why, claimed, cut,
// admissible; on a bill of more than stpclaims.PeopleListed people, those
// whose amounts are cut, and one row for the others) and the bill's
// corrected total, what the DDO pays. It returns its last row.
func (w *sheetWriter) peopleTable(from int, rep *stpclaims.Report, words *wording) int {
	w.merged(colLine, lastCol, from, "Money per person: what the bill pays each participant and guest faculty member", sBold)
	if w.err == nil {
		// on a page of its own where the program honours the break
		// (LibreOffice does; Excel ignores manual breaks when it fits
		// the sheet to the page's width)
		w.err = w.f.InsertPageBreak(w.sheet, w.cell(colLine, from))
	}
	header := from + 1
	for col, title := range map[int]string{colLine: "Row", colAction: "Name", colWhy: "What was cut or is to be corrected, and why",
		colClaimed: "Claimed", colCap: "Cut", colAdmissible: "Admissible"} {
		style := sHeader
		if col >= colClaimed {
			style = sHeaderRight
		}
		w.str(col, header, title, style)
	}
	w.span(colSeverity, lastCol, header, "", sHeader)
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
			w.str(colLine, row, where, sLink)
			if w.err == nil {
				w.err = w.f.SetCellHyperLink(w.sheet, w.cell(colLine, row), l.location(), "Location")
			}
		} else {
			w.str(colLine, row, where, sText)
		}
		w.str(colAction, row, oneLine(p.Name), sWrap)
		w.str(colWhy, row, strings.Join(cuts[i], "\n"), sWrap)
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
		w.str(colLine, row, fmt.Sprintf("%d more", rest), sText)
		w.str(colWhy, row, fmt.Sprintf("The other %s of the bill's %d, each paid as claimed", plural(rest, "row"), rep.PeopleInBill), sWrap)
		w.money(colClaimed, row, restClaimed, inTable)
		w.money(colCap, row, restClaimed.Sub(restAdmissible), inTable)
		w.money(colAdmissible, row, restAdmissible, inTable)
		claimed, admissible = rep.Totals.Claimed, rep.Totals.Admissible
	}
	row++
	w.str(colLine, row, "Total of the bill", sBold)
	w.str(colWhy, row, "What the DDO pays: the admissible total", sBoldWrap)
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
