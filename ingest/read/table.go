package read

// This file holds the rows the TA bill reader (tabill.go) and the
// settlement reader (settlement.go) share: building stpclaims fields from a
// row's raw cells with a fast path for plain numbers. Labels, header rows
// and header blocks are header.go's; reading the rows is rows.go's.

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

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
