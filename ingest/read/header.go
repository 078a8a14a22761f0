package read

// This file holds what the TA bill reader (tabill.go) and the settlement
// reader (settlement.go) share beside the rows themselves: label tables
// matched by longest word prefix, finding a table's header row by its column
// names, the labels of a header block and the values beside them, and the
// dates and durations written there.

import (
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// cleanLabel reduces a label for matching against a TA bill or settlement
// vocabulary: normalizeLabel, then stripCountWords ("No. of participants" →
// "participants").
func cleanLabel(s string) string {
	return stripCountWords(normalizeLabel(s))
}

// stripCountWords drops a leading "no of" / "number of" / "the" from a
// normalized label.
func stripCountWords(n string) string {
	for _, p := range []string{"total no of ", "no of ", "nos of ", "number of ", "the "} {
		if strings.HasPrefix(n, p) {
			n = n[len(p):]
		}
	}
	return n
}

// headerScanRows is how far down a sheet a table's header row is looked for.
const headerScanRows = 40

// tableHeader is a table's header as found: its first and last sheet rows
// (the same unless a second row of sub-headers sits under merged headers),
// and for each column key (an index into the table's key list) the 0-based
// column, or -1.
type tableHeader struct {
	first, row int
	colOf      []int
	found      int // how many keys have a column
}

// findHeader returns the first row within cells (rows of one sheet, top
// first, row i being sheet row i+1) where labels name columns such that ok
// accepts them; keys lists the table's column keys in index order.
func findHeader(rows [][]string, labels *vocab, keys []string, ok func(h tableHeader, has func(string) bool) bool) (tableHeader, bool) {
	index := make(map[string]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	for r, cells := range rows {
		h := tableHeader{first: r + 1, row: r + 1, colOf: make([]int, len(keys))}
		for i := range h.colOf {
			h.colOf[i] = -1
		}
		for c, v := range cells {
			if v == "" || tooLong(v, 320) {
				continue
			}
			k := labels.match(cleanLabel(v))
			if k == "" {
				continue
			}
			if i := index[k]; h.colOf[i] < 0 {
				h.colOf[i] = c
				h.found++
			}
		}
		has := func(k string) bool { return h.colOf[index[k]] >= 0 }
		if h.found >= 2 && ok(h, has) {
			if r+1 < len(rows) {
				subHeaders(&h, cells, rows[r+1], labels, index)
			}
			return h, true
		}
	}
	return tableHeader{}, false
}

// subHeaders reads a second header row under merged headers ("Fare" over
// "Eligible | Claimed", "Days" over "Attended | Absent") into h when sub,
// the row below the header row head, is one: no numbers, nothing under the
// name column, and at least one of its cells naming a column not yet found.
// A sub-header is matched as "sub parent", then "parent sub", then alone,
// where parent is the nearest header text at or left of its column.
func subHeaders(h *tableHeader, head, sub []string, labels *vocab, index map[string]int) {
	if nameCol := h.colOf[index["name"]]; nameCol < len(sub) && strings.TrimSpace(sub[nameCol]) != "" {
		return
	}
	type hit struct{ key, col int }
	var hits []hit
	texts := 0
	for c, v := range sub {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		if plainNumber(v) || tooLong(v, 160) {
			return
		}
		texts++
		parent := ""
		for p := min(c, len(head)-1); p >= 0; p-- {
			if t := strings.TrimSpace(head[p]); t != "" {
				parent = t
				break
			}
		}
		for _, label := range []string{v + " " + parent, parent + " " + v, v} {
			k := labels.match(cleanLabel(label))
			if k == "" {
				continue
			}
			i := index[k]
			// a new column, or one found on the merged parent above; a
			// key found elsewhere means this reading is wrong ("fare
			// auto" is not the fare column): try the next.
			if h.colOf[i] < 0 || coveredBy(h.colOf[i], c, head) {
				hits = append(hits, hit{i, c})
				break
			}
		}
	}
	if texts < 2 || len(hits) == 0 {
		return
	}
	for _, x := range hits {
		// a column named by the merged parent alone ("Fare") gives way to
		// its sub-columns
		for i, c := range h.colOf {
			if c >= 0 && c == x.col && i != x.key {
				h.colOf[i] = -1
				h.found--
			}
		}
		if h.colOf[x.key] < 0 {
			h.found++
		}
		h.colOf[x.key] = x.col
	}
	h.row++
}

// coveredBy reports whether column c lies under the header cell of column
// p: p ≤ c with nothing written in between on the header row.
func coveredBy(p, c int, head []string) bool {
	if p > c {
		return false
	}
	for i := p + 1; i <= c && i < len(head); i++ {
		if strings.TrimSpace(head[i]) != "" {
			return false
		}
	}
	return true
}

// serialDate reads raw as an Excel serial date when formatted (the same
// cell as the sender sees it) shows a date: with the Rows iterator the
// cell's number format is not at hand, so a number whose formatted text
// differs from it and reads as a date (a month name, or three numeric parts
// without grouping commas) is taken for a date cell. Text dates are read by
// parseDateText.
func serialDate(f *excelize.File, raw, formatted string) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	formatted = strings.TrimSpace(formatted)
	if !plainNumber(raw) {
		return parseDateText(raw)
	}
	if formatted == raw || !looksLikeDate(formatted) {
		return time.Time{}, false
	}
	serial, err := strconv.ParseFloat(raw, 64)
	if err != nil || serial <= 0 {
		return time.Time{}, false
	}
	date1904 := false // Excel's default; f is nil only in tests
	if f != nil {
		if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
			date1904 = *props.Date1904
		}
	}
	t, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
}

// looksLikeDate reports whether a formatted cell value shows a date, with
// or without a time of day ("12/01/2027 09:30").
func looksLikeDate(s string) bool {
	s = stripTime(s)
	toks := dateTokens(s)
	for _, t := range toks {
		if _, ok := monthNames[t]; ok {
			return true
		}
	}
	if strings.Contains(s, ",") || len(toks) != 3 {
		return false
	}
	for _, t := range toks {
		if len(t) > 4 || t[0] < '0' || t[0] > '9' {
			return false
		}
	}
	return true
}

// labelValue is a label found in a header block and the value beside it.
type labelValue struct {
	key       string
	sheet     string
	labelCell string // "Sheet!A3"
	labelCol  int    // 0-based column of the label
	cell      string // the value's cell, "Sheet!B3"; "" when there is none
	ref       string // the value's cell without the sheet, "B3"
	raw       string // the value's raw text
	formatted string // the value as the sender sees it, when known
	hasFmt    bool
}

// labelValues finds the labels of set in one row (0-based r) and the value
// of each: the text after a colon in the label's own cell ("Programme code:
// STP/01"), else the nearest non-empty cell to the right that is not itself
// a label. formatted, when not nil, is the same row as the sender sees it.
func labelValues(set *vocab, sheet string, r int, cells, formatted []string) []labelValue {
	var out []labelValue
	ref := func(c int) string {
		name, _ := excelize.CoordinatesToCellName(c+1, r+1)
		return name
	}
	for c := 0; c < len(cells); c++ {
		v := strings.TrimSpace(cells[c])
		if v == "" || tooLong(v, 250) || plainNumber(v) {
			continue
		}
		lv := labelValue{sheet: sheet, labelCell: sheet + "!" + ref(c), labelCol: c}
		if i := strings.IndexAny(v, ":："); i > 0 {
			if k := set.match(cleanLabel(v[:i])); k != "" {
				after := strings.TrimSpace(strings.TrimLeft(v[i:], ":："))
				if after != "" {
					lv.key, lv.raw, lv.ref = k, after, ref(c)
					lv.cell = sheet + "!" + lv.ref
					out = append(out, lv)
					continue
				}
			}
		}
		k := set.match(cleanLabel(v))
		if k == "" {
			continue
		}
		lv.key = k
		for j := c + 1; j < len(cells); j++ {
			w := strings.TrimSpace(cells[j])
			if w == "" {
				continue
			}
			if !plainNumber(w) && set.exact(cleanLabel(strings.TrimRight(w, ":："))) {
				break // the next label: this one has no value
			}
			lv.raw, lv.ref = w, ref(j)
			lv.cell = sheet + "!" + lv.ref
			if formatted != nil {
				lv.hasFmt = true
				if j < len(formatted) {
					lv.formatted = strings.TrimSpace(formatted[j])
				}
			}
			c = j
			break
		}
		out = append(out, lv)
	}
	return out
}

// setOnce sets dst to src unless dst already holds a value: the first label
// found wins.
func setOnce[T any](dst *stpclaims.Field[T], src stpclaims.Field[T]) {
	if dst.State == stpclaims.Missing && (src.State != stpclaims.Missing || dst.Cell == "") {
		*dst = src
	}
}

// missingAt is the Missing field for a label with no value: its cell is the
// label's.
func missingAt[T any](lv labelValue) stpclaims.Field[T] {
	return stpclaims.Field[T]{Cell: lv.labelCell}
}

func textOf(lv labelValue) stpclaims.Text {
	if lv.cell == "" {
		return missingAt[string](lv)
	}
	return stpclaims.Text{Value: lv.raw, Raw: lv.raw, Cell: lv.cell, State: stpclaims.Present}
}

func countOf(lv labelValue) stpclaims.Count { return labelField(lv, countValue) }

func amountOf(lv labelValue) stpclaims.Amount { return labelField(lv, moneyValue) }

func flagOf(lv labelValue) stpclaims.Flag { return labelField(lv, parseYesNo) }

// labelField reads a label's value with parse: Missing (at the label's
// cell) when the label has no value, Unreadable when parse cannot read it.
func labelField[T any](lv labelValue, parse func(string) (T, bool)) stpclaims.Field[T] {
	if lv.cell == "" {
		return missingAt[T](lv)
	}
	f := stpclaims.Field[T]{Raw: lv.raw, Cell: lv.cell, State: stpclaims.Unreadable}
	if v, ok := parse(lv.raw); ok {
		f.Value, f.State = v, stpclaims.Present
	}
	return f
}

// dateAt reads a date value: with the formatted text when the row was
// streamed, else by the cell's number format (cellDate).
func dateAt(f *excelize.File, lv labelValue, raw string) (time.Time, bool) {
	if lv.hasFmt {
		return serialDate(f, raw, lv.formatted)
	}
	return cellDate(f, lv.sheet, lv.ref, raw)
}

func dateOf(f *excelize.File, lv labelValue) stpclaims.Date {
	if lv.cell == "" {
		return missingAt[time.Time](lv)
	}
	d := stpclaims.Date{Raw: lv.raw, Cell: lv.cell, State: stpclaims.Unreadable}
	if t, ok := dateAt(f, lv, lv.raw); ok {
		d.Value, d.State = t, stpclaims.Present
	}
	return d
}

// durationOf reads a duration value (readDuration) into its start and end
// dates and its training days; a single date cell is the start date. A part
// written but not readable is Unreadable at the value's cell.
func durationOf(f *excelize.File, lv labelValue) (from, to stpclaims.Date, days stpclaims.Count) {
	if lv.cell == "" {
		return missingAt[time.Time](lv), missingAt[time.Time](lv), missingAt[int](lv)
	}
	if plainNumber(lv.raw) {
		return dateOf(f, lv), stpclaims.Date{}, stpclaims.Count{}
	}
	d := readDuration(lv.raw)
	mk := func(t time.Time, ok bool, text string) stpclaims.Date {
		switch {
		case ok:
			return stpclaims.Date{Value: t, Raw: lv.raw, Cell: lv.cell, State: stpclaims.Present}
		case text != "":
			return stpclaims.Date{Raw: lv.raw, Cell: lv.cell, State: stpclaims.Unreadable}
		}
		return stpclaims.Date{Cell: lv.cell}
	}
	from, to = mk(d.start, d.hasStart, d.startText), mk(d.end, d.hasEnd, d.endText)
	switch {
	case d.hasDays:
		days = stpclaims.Count{Value: d.days, Raw: lv.raw, Cell: lv.cell, State: stpclaims.Present}
	case d.daysText != "":
		days = stpclaims.Count{Raw: lv.raw, Cell: lv.cell, State: stpclaims.Unreadable}
	}
	return from, to, days
}
