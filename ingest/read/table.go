package read

// This file holds what the TA bill reader (tabill.go) and the settlement
// reader (settlement.go) share for their tables: finding a table's header
// row by its column names, and building stpclaims fields from a row's raw
// cells with a fast path for plain numbers.

import (
	"strconv"
	"strings"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

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
func findHeader(rows [][]string, labels labelSet, keys []string, ok func(h tableHeader, has func(string) bool) bool) (tableHeader, bool) {
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
			if v == "" || len(v) > 160 {
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
func subHeaders(h *tableHeader, head, sub []string, labels labelSet, index map[string]int) {
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
		if plainNumber(v) || len(v) > 80 {
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

// rowReader builds fields from one row's raw cells. It is reused from row to
// row. For the table's mapped columns it copies, once per row, every cell
// reference ("Sheet!B7") and every trimmed raw text that is not one of the
// column's repeated values into an arena that the fields' Cell and Raw
// slice: blocks of arenaBlock bytes shared by many rows. A read bill then
// keeps a few hundred objects alive instead of forty a row, which keeps the
// garbage collector's marking of a 50,000-row bill cheap, and a value
// repeated down a column ("Train", "SBIN0070001", "150") is kept once.
type rowReader struct {
	sheet   string
	row     int
	rowText []byte
	cells   []string
	colName []string
	cols    []int // the mapped columns, ascending, no duplicates
	mapped  []bool
	// for mapped column c, valid while built: its reference and raw text
	cell, raw []string
	built     bool
	block     []byte              // the arena block being filled
	repeated  []map[string]string // by column: raw texts kept once
}

// arenaBlock is the size of the arena blocks a table's cell references and
// raw texts are copied into.
const arenaBlock = 64 << 10

// Repeated values are kept once when at most maxRepeatedLen bytes long, up
// to maxRepeated distinct ones a column.
const (
	maxRepeatedLen = 64
	maxRepeated    = 1024
)

// newRowReader returns a rowReader for sheet whose mapped columns are cols
// (a header's colOf; -1 entries ignored).
func newRowReader(sheet string, cols []int) *rowReader {
	r := &rowReader{sheet: sheet}
	max := -1
	for _, c := range cols {
		max = maxInt(max, c)
	}
	seen := make([]bool, max+1)
	for _, c := range cols {
		if c >= 0 {
			seen[c] = true
		}
	}
	for c, ok := range seen {
		if ok {
			r.cols = append(r.cols, c)
		}
	}
	r.mapped = seen
	r.cell, r.raw = make([]string, max+1), make([]string, max+1)
	r.repeated = make([]map[string]string, max+1)
	for c := 0; c <= max; c++ {
		r.colLetters(c)
	}
	return r
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// reset points r at a new row.
func (r *rowReader) reset(row int, cells []string) {
	r.row, r.cells = row, cells
	r.rowText = strconv.AppendInt(r.rowText[:0], int64(row), 10)
	r.built = false
}

// rawText returns the trimmed raw text of 0-based column c straight from
// the row's cells, "" when absent; it does not build the arena.
func (r *rowReader) rawText(c int) string {
	if c < 0 || c >= len(r.cells) {
		return ""
	}
	return strings.TrimSpace(r.cells[c])
}

func (r *rowReader) colLetters(c int) string {
	for len(r.colName) <= c {
		name, _ := excelize.ColumnNumberToName(len(r.colName) + 1)
		r.colName = append(r.colName, name)
	}
	return r.colName[c]
}

// build copies the row's references and raw texts into the arena.
func (r *rowReader) build() {
	need := 0
	for _, c := range r.cols {
		need += len(r.sheet) + 1 + len(r.colName[c]) + len(r.rowText) + len(r.rawText(c))
	}
	if cap(r.block)-len(r.block) < need {
		r.block = make([]byte, 0, max(arenaBlock, need))
	}
	for _, c := range r.cols {
		at := len(r.block)
		r.block = append(r.block, r.sheet...)
		r.block = append(r.block, '!')
		r.block = append(r.block, r.colName[c]...)
		r.block = append(r.block, r.rowText...)
		r.cell[c] = r.arenaString(at)
		raw := r.rawText(c)
		if kept, ok := r.keptOnce(c, raw); ok {
			r.raw[c] = kept
			continue
		}
		at = len(r.block)
		r.block = append(r.block, raw...)
		r.raw[c] = r.arenaString(at)
	}
	r.built = true
}

// arenaString is the arena's bytes from at to its end as a string. The
// bytes are never written again (a full block is replaced, not reused), so
// the string is immutable as strings are.
func (r *rowReader) arenaString(at int) string {
	if at == len(r.block) {
		return ""
	}
	return unsafe.String(&r.block[at], len(r.block)-at)
}

// keptOnce returns column c's copy of a repeated raw text, making one for a
// short text while the column has room.
func (r *rowReader) keptOnce(c int, raw string) (string, bool) {
	if raw == "" || len(raw) > maxRepeatedLen {
		return "", raw == ""
	}
	m := r.repeated[c]
	if kept, ok := m[raw]; ok {
		return kept, true
	}
	if m == nil {
		m = map[string]string{}
		r.repeated[c] = m
	}
	if len(m) >= maxRepeated {
		return "", false
	}
	kept := strings.Clone(raw)
	m[kept] = kept
	return kept, true
}

// ref returns "Sheet!B7" for 0-based column c of the current row, and its
// raw text.
func (r *rowReader) ref(c int) (cell, raw string) {
	if c >= len(r.cell) || !r.mapped[c] {
		return r.sheet + "!" + r.colLetters(c) + string(r.rowText), strings.Clone(r.rawText(c))
	}
	if !r.built {
		r.build()
	}
	return r.cell[c], r.raw[c]
}

// The field builders below take a 0-based column, -1 when the table has no
// such column (the field is then Missing with no cell). An empty cell is
// Missing with the cell's reference, so a finding can point at it.

func (r *rowReader) text(c int) stpclaims.Text {
	if c < 0 {
		return stpclaims.Text{}
	}
	cell, s := r.ref(c)
	if s == "" {
		return stpclaims.Text{Cell: cell}
	}
	return stpclaims.Text{Value: s, Raw: s, Cell: cell, State: stpclaims.Present}
}

func (r *rowReader) amount(c int) stpclaims.Amount { return parsedField(r, c, moneyValue) }

func (r *rowReader) number(c int) stpclaims.Number { return parsedField(r, c, numberValue) }

func (r *rowReader) count(c int) stpclaims.Count { return parsedField(r, c, countValue) }

func (r *rowReader) flag(c int) stpclaims.Flag { return parsedField(r, c, parseYesNo) }

// parsedField reads column c of the row with parse: Missing (with its cell)
// when the cell is empty, Unreadable when parse cannot read it, and no cell
// at all when the bill has no such column (c < 0).
func parsedField[T any](r *rowReader, c int, parse func(string) (T, bool)) stpclaims.Field[T] {
	if c < 0 {
		return stpclaims.Field[T]{}
	}
	cell, s := r.ref(c)
	f := stpclaims.Field[T]{Raw: s, Cell: cell}
	if s == "" {
		return f
	}
	v, ok := parse(s)
	if !ok {
		f.State = stpclaims.Unreadable
		return f
	}
	f.Value, f.State = v, stpclaims.Present
	return f
}

// plainNumber reports whether s is digits with at most one '.' and an
// optional leading '-': what a number cell's raw value almost always is.
func plainNumber(s string) bool {
	if s == "" || len(s) > 24 {
		return false
	}
	i, dot, digits := 0, false, 0
	if s[0] == '-' {
		i = 1
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return false
		}
	}
	return digits > 0
}

// moneyValue is parseMoney with a fast path for a plain number; both give
// the same value (rounded to paise).
func moneyValue(s string) (decimal.Decimal, bool) {
	if plainNumber(s) {
		if n, ok := plainInt(s); ok {
			return stpclaims.WholeRupees(n), true
		}
		if d, err := decimal.NewFromString(s); err == nil {
			if d.Exponent() >= -moneyPlaces {
				return d, true
			}
			return d.Round(moneyPlaces), true
		}
	}
	return parseMoney(s)
}

// plainInt reads digits (with an optional leading '-') that fit an int64.
func plainInt(s string) (int64, bool) {
	neg := false
	if s != "" && s[0] == '-' {
		neg, s = true, s[1:]
	}
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// numberValue is parseNumber with a fast path for a plain number.
func numberValue(s string) (decimal.Decimal, bool) {
	if plainNumber(s) {
		if n, ok := plainInt(s); ok {
			return stpclaims.WholeRupees(n), true
		}
		if d, err := decimal.NewFromString(s); err == nil {
			return d, true
		}
	}
	return parseNumber(s)
}

// countValue is parseCount with a fast path for plain digits.
func countValue(s string) (int, bool) {
	if len(s) <= 9 {
		n := 0
		for i := 0; i < len(s); i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return parseCount(s)
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	return parseCount(s)
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

// looksLikeDate reports whether a formatted cell value shows a date.
func looksLikeDate(s string) bool {
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
