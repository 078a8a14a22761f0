package read

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// labelHit is one cell that names a field.
type labelHit struct {
	grid  int // index into the grids
	row   int // 0-based
	col   int // 0-based
	exact bool
}

// labelIndex is where each field's label was found, built in one pass over
// the grids.
type labelIndex struct {
	grids []*sheetGrid
	hits  map[string][]labelHit
	// isLabel marks the cells that are labels, so that a value scan stops
	// at the next label on the row ("From | d1 | To | d2").
	isLabel map[[3]int]string
	// amountCol is, per grid, the column a header row names "Amount" or
	// "Rs." and the header's row (-1 when none).
	amountCol []struct{ row, col int }
	// limitCols are, per grid, the columns that header row names "Limit…":
	// a template's computed caps, never a claim.
	limitCols []map[int]bool
}

func newLabelIndex(grids []*sheetGrid) *labelIndex {
	idx := &labelIndex{
		grids:     grids,
		hits:      make(map[string][]labelHit),
		isLabel:   make(map[[3]int]string),
		amountCol: make([]struct{ row, col int }, len(grids)),
		limitCols: make([]map[int]bool, len(grids)),
	}
	for gi, g := range grids {
		idx.amountCol[gi].row, idx.amountCol[gi].col = -1, -1
		for r, row := range g.rows {
			headerCol := -1
			rowHasLabel := false
			var limits map[int]bool
			for c, raw := range row {
				raw = strings.TrimSpace(raw)
				if raw == "" || len(raw) > 600 {
					continue
				}
				// each cell normalized once (normalizeLabel trims: the
				// trimmed raw normalizes the same)
				norm := g.normAt(r, c)
				if amountHeader(raw, norm) {
					headerCol = c
					continue
				}
				if limitHeader(norm) {
					if limits == nil {
						limits = map[int]bool{}
					}
					limits[c] = true
					continue
				}
				field, exact := annexureVocab.find(norm)
				if field == "" || isHint(raw, norm) {
					continue
				}
				// a value such as "6 sessions" or "30 participants" would
				// read as a label once its number is taken for a serial
				if raw[0] >= '0' && raw[0] <= '9' {
					if _, ok := parseCount(raw); ok {
						continue
					}
				}
				rowHasLabel = true
				idx.hits[field] = append(idx.hits[field], labelHit{grid: gi, row: r, col: c, exact: exact})
				idx.isLabel[[3]int{gi, r, c}] = field
			}
			if headerCol >= 0 && !rowHasLabel && idx.amountCol[gi].row < 0 {
				idx.amountCol[gi].row, idx.amountCol[gi].col = r, headerCol
				idx.limitCols[gi] = limits
			}
		}
	}
	return idx
}

// annexureIICore are the fields whose labels, three or more together, make a
// workbook an Annexure II.
var annexureIICore = []string{
	"programme_code", "programme_name", "participants", "guest_faculty", "guest_sessions", "gf_remuneration", "gf_ta",
	"coordination_fee", "stationery", "photocopy", "food", "venue_hire", "ta_advance", "da_advance", "advance_claimed", "officer_class",
}

func (idx *labelIndex) looksLikeAnnexureII() bool {
	n := 0
	for _, f := range annexureIICore {
		if len(idx.hits[f]) > 0 {
			n++
		}
	}
	return n >= 3
}

// candidate is one cell that may hold a field's value.
type candidate struct {
	raw  string
	cell string // "Sheet!D7"
}

// located is what a label's row offers as its value.
type located struct {
	labelCell string      // "Sheet!B7"
	values    []candidate // non-empty, non-hint cells to the right, nearest first
	inLabel   string      // the text after "label:" in the label cell itself
	emptyCell string      // where the value would be, when there is none
	grid      *sheetGrid
	gridIdx   int
	row       int
	after     int // the first column a value may be in
	labelCol  int
	lastHint  int // the last hint column, or the label's column
}

// resolveEmpty sets where the value would be when the label has none: the
// Amount column's cell, else the cell after the last hint, or after the
// label and its merge. The merge is looked up only here, as it costs a parse
// of the worksheet.
func (loc *located) resolveEmpty(f *excelize.File) {
	if loc.grid == nil || loc.emptyCell != "" {
		return
	}
	end := loc.lastHint
	if end == loc.labelCol {
		end = loc.grid.mergeEnd(f, loc.row, loc.labelCol)
		loc.after = end + 1
	}
	loc.emptyCell = loc.grid.cellRef(loc.row, end+1)
}

// locate collects the cells that may hold the value of the label at h: the
// Amount column's cell when the sheet has one and it is filled, else the
// non-empty cells to the right of the label (beyond a merged label), skipping
// the proforma's hints and stopping at the next label.
func (idx *labelIndex) locate(h labelHit, f *excelize.File) located {
	g := idx.grids[h.grid]
	// The cells a merged label covers are empty in the grid, so the nearest
	// non-empty cell to the right is already beyond the merge; the merge's
	// extent matters only for where an empty value would be.
	end := h.col
	loc := located{labelCell: g.cellRef(h.row, h.col), grid: g, gridIdx: h.grid, row: h.row, after: end + 1}
	if ac := idx.amountCol[h.grid]; ac.row >= 0 && ac.row < h.row && ac.col > end {
		loc.emptyCell = g.cellRef(h.row, ac.col)
		if v := g.at(h.row, ac.col); v != "" {
			loc.values = []candidate{{raw: v, cell: loc.emptyCell}}
			return loc
		}
	}
	lastHint := end
	row := g.rows[h.row]
	for c := end + 1; c < len(row); c++ {
		v := strings.TrimSpace(row[c])
		if v == "" || idx.isLimit(h.grid, h.row, c) {
			continue
		}
		if idx.isLabel[[3]int{h.grid, h.row, c}] != "" {
			break
		}
		if isHint(v, g.normAt(h.row, c)) {
			lastHint = c
			continue
		}
		loc.values = append(loc.values, candidate{raw: v, cell: g.cellRef(h.row, c)})
	}
	loc.labelCol, loc.lastHint = h.col, lastHint
	if len(loc.values) == 0 {
		if raw := g.at(h.row, h.col); strings.Contains(raw, ":") {
			if after := strings.TrimSpace(raw[strings.Index(raw, ":")+1:]); after != "" {
				loc.inLabel = after
				loc.values = []candidate{{raw: after, cell: loc.labelCell}}
			}
		}
	}
	return loc
}

// isLimit reports whether the cell at row, col of grid gi is in a column
// headed "Limit" above it.
func (idx *labelIndex) isLimit(gi, row, col int) bool {
	return idx.limitCols[gi][col] && idx.amountCol[gi].row < row
}

// annexureIIReader reads one Annexure II from its label index.
type annexureIIReader struct {
	f         *excelize.File
	idx       *labelIndex
	conflicts []stpclaims.Conflict
	// moneys are the cells' texts read as amounts (readMoney), each once:
	// an amount's cell is read to choose it, to take it, to compare it
	// with the same label elsewhere and for its words.
	moneys map[string]moneyRead
}

// moneyRead is what readMoney made of a text.
type moneyRead struct {
	d     decimal.Decimal
	ok    bool
	words inWords
}

// readMoney is readMoney, once for each text.
func (rd *annexureIIReader) readMoney(raw string) (decimal.Decimal, bool, inWords) {
	if m, ok := rd.moneys[raw]; ok {
		return m.d, m.ok, m.words
	}
	d, ok, w := readMoney(raw)
	if rd.moneys == nil {
		rd.moneys = make(map[string]moneyRead)
	}
	rd.moneys[raw] = moneyRead{d: d, ok: ok, words: w}
	return d, ok, w
}

// parseMoney is parseMoney, once for each text.
func (rd *annexureIIReader) parseMoney(raw string) (decimal.Decimal, bool) {
	d, ok, _ := rd.readMoney(raw)
	return d, ok
}

// readAnnexureII reads every Annexure II field by its label.
func readAnnexureII(f *excelize.File, idx *labelIndex) *stpclaims.AnnexureII {
	rd := &annexureIIReader{f: f, idx: idx}

	a := &stpclaims.AnnexureII{}
	a.Department = rd.text("department")
	a.Venue = rd.text("venue")
	a.ProgrammeCode = rd.text("programme_code")
	a.ProgrammeName = rd.text("programme_name")
	rd.duration(a)
	a.Participants = rd.count("participants")
	a.Accommodated = rd.count("accommodated")
	a.GuestFaculty = rd.count("guest_faculty")
	a.OutstationGuestFaculty = rd.count("outstation_guest_faculty")
	a.GuestSessions = rd.count("guest_sessions")
	a.OfficerClass = rd.text("officer_class")
	a.ProgrammeType = rd.text("programme_type")
	a.VenueGovtOwned = rd.flag("venue_govt_owned")
	for _, m := range a.MoneyLines() {
		*m.Amount = rd.money(m.Field, m.Line != 21)
	}
	rd.coordinator(a)
	rd.account(a)
	rd.facilitator(a)
	a.Conflicts = rd.conflicts
	return a
}

// best resolves a field: the first label (sheet order, then row by row)
// whose value reads; else the first with a value that does not read (so it
// is Unreadable at its cell); else the first label, with no value.
func (rd *annexureIIReader) best(field string, reads func(string) bool) (located, bool) {
	hits := rd.idx.hits[field]
	var firstUnreadable, firstEmpty *located
	for _, h := range hits {
		loc := rd.idx.locate(h, rd.f)
		for _, v := range loc.values {
			if reads(v.raw) {
				loc.values = []candidate{v}
				return loc, true
			}
		}
		if len(loc.values) > 0 && firstUnreadable == nil {
			l := loc
			firstUnreadable = &l
		}
		if len(loc.values) == 0 && firstEmpty == nil {
			l := loc
			firstEmpty = &l
		}
	}
	switch {
	case firstUnreadable != nil:
		return *firstUnreadable, true
	case firstEmpty != nil:
		return *firstEmpty, true
	}
	return located{}, false
}

// uncachedFormula looks for a formula with no cached value where the value
// would be: such a cell reads as empty but is not.
func (rd *annexureIIReader) uncachedFormula(loc located) (candidate, bool) {
	if loc.grid == nil {
		return candidate{}, false
	}
	loc.resolveEmpty(rd.f)
	for c := loc.after; c < loc.after+4; c++ {
		if loc.grid.at(loc.row, c) != "" || rd.idx.isLimit(loc.gridIdx, loc.row, c) {
			continue
		}
		ref := loc.grid.ref(loc.row, c)
		if fm, err := rd.f.GetCellFormula(loc.grid.name, ref); err == nil && fm != "" {
			return candidate{raw: "=" + fm, cell: loc.grid.name + "!" + ref}, true
		}
	}
	return candidate{}, false
}

// field builds a Field from a located value with parse.
func field[T any](rd *annexureIIReader, loc located, found bool, parse func(string) (T, bool)) stpclaims.Field[T] {
	if !found {
		return stpclaims.Field[T]{}
	}
	if len(loc.values) == 0 {
		if fc, ok := rd.uncachedFormula(loc); ok {
			return stpclaims.Field[T]{Cell: fc.cell, Raw: fc.raw, State: stpclaims.Unreadable}
		}
		return stpclaims.Field[T]{Cell: loc.labelCell}
	}
	v := loc.values[0]
	val, ok := parse(v.raw)
	if !ok {
		return stpclaims.Field[T]{Cell: v.cell, Raw: v.raw, State: stpclaims.Unreadable}
	}
	return stpclaims.Field[T]{Value: val, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
}

func parseText(raw string) (string, bool) {
	s := strings.Join(strings.Fields(raw), " ")
	return s, s != ""
}

// conflictFields are the fields whose label written twice on a sheet with
// different values is AII-CONFLICT. The co-ordinator's and facilitator's
// contact lines, the department, the venue and line 17 are not among them:
// a signature block ("Name … Designation … Place … Date") or a grand total
// repeats their labels with other values as a matter of course.
var conflictFields = map[string]bool{
	"programme_code": true, "programme_name": true, "start_date": true, "end_date": true, "training_days": true,
	"participants": true, "accommodated": true, "guest_faculty": true, "outstation_guest_faculty": true,
	"guest_sessions": true, "officer_class": true, "programme_type": true, "venue_govt_owned": true,
	"gf_remuneration": true, "gf_ta": true, "coordination_fee": true, "stationery": true, "photocopy": true, "food": true,
	"venue_hire": true, "miscellaneous": true, "ta_advance": true, "da_advance": true, "other_expenses": true,
	"advance_claimed": true, "account_no": true, "ifsc": true,
}

// twice looks for the field's label a second time on the sheet its value
// came from. A second value that reads and differs (same tells) is a
// conflict: the field becomes Unreadable at its first cell, and the
// conflict names both cells. The same value twice is read once.
func twice[T any](rd *annexureIIReader, name string, got stpclaims.Field[T], parse func(candidate) (T, bool), same func(a, b T) bool) stpclaims.Field[T] {
	if !conflictFields[name] || !got.Ok() {
		return got
	}
	sheet := got.Cell[:strings.LastIndexByte(got.Cell, '!')]
	for _, h := range rd.idx.hits[name] {
		if rd.idx.grids[h.grid].name != sheet {
			continue
		}
		loc := rd.idx.locate(h, rd.f)
		if slices.ContainsFunc(loc.values, func(v candidate) bool { return v.cell == got.Cell }) {
			continue // the label the value came from
		}
		for _, v := range loc.values {
			other, ok := parse(v)
			if !ok {
				continue
			}
			if !same(got.Value, other) {
				rd.conflicts = append(rd.conflicts, stpclaims.Conflict{Field: name,
					Cells: [2]string{got.Cell, v.cell}, Raws: [2]string{got.Raw, v.raw}})
				return stpclaims.Field[T]{Cell: got.Cell, Raw: got.Raw, State: stpclaims.Unreadable}
			}
			break
		}
	}
	return got
}

// blankInCopy: on a sheet that holds the form twice (pasted again, with
// other figures), a money line claimed in one copy and left blank, nothing
// claimed, in the other is a conflict too. On a sheet holding the form
// once, a label repeated with nothing beside it is passed over.
func (rd *annexureIIReader) blankInCopy(name string, a stpclaims.Amount) stpclaims.Amount {
	if !a.Ok() || a.Value.IsZero() || !rd.pastedTwice() {
		return a
	}
	for _, h := range rd.idx.hits[name] {
		loc := rd.idx.locate(h, rd.f)
		if len(loc.values) > 0 || loc.labelCell == "" {
			continue
		}
		if _, ok := rd.uncachedFormula(loc); ok {
			continue
		}
		loc.resolveEmpty(rd.f)
		if loc.emptyCell == a.Cell {
			continue
		}
		rd.conflicts = append(rd.conflicts, stpclaims.Conflict{Field: name,
			Cells: [2]string{a.Cell, loc.emptyCell}, Raws: [2]string{a.Raw, ""}})
		return stpclaims.Amount{Cell: a.Cell, Raw: a.Raw, State: stpclaims.Unreadable}
	}
	return a
}

// pastedTwice reports whether the form's sheet holds it twice: three or
// more of an Annexure II's main labels each stand there twice or more.
func (rd *annexureIIReader) pastedTwice() bool {
	n := 0
	for _, f := range annexureIICore {
		if len(rd.idx.hits[f]) >= 2 {
			n++
		}
	}
	return n >= 3
}

// inWordsAgree records a conflict when a figure's words say another number.
func (rd *annexureIIReader) inWordsAgree(name, cell, raw string, figure decimal.Decimal, w inWords) {
	if w.agrees(figure) {
		return
	}
	rd.conflicts = append(rd.conflicts, stpclaims.Conflict{Field: name, Cells: [2]string{cell, cell},
		Raws: [2]string{raw, w.Text}, Words: true})
}

func sameText(a, b string) bool { return strings.EqualFold(a, b) }

func sameValue[T comparable](a, b T) bool { return a == b }

func rawOf[T any](parse func(string) (T, bool)) func(candidate) (T, bool) {
	return func(c candidate) (T, bool) { return parse(c.raw) }
}

func (rd *annexureIIReader) text(name string) stpclaims.Text {
	loc, ok := rd.best(name, func(string) bool { return true })
	return twice(rd, name, field(rd, loc, ok, parseText), rawOf(parseText), sameText)
}

func (rd *annexureIIReader) count(name string) stpclaims.Count {
	parse := func(s string) (int, bool) { return parseCount(s) }
	loc, ok := rd.best(name, func(s string) bool { _, ok := parse(s); return ok })
	c := twice(rd, name, field(rd, loc, ok, parse), rawOf(parse), sameValue[int])
	if c.Ok() {
		_, _, w := readCount(c.Raw)
		rd.inWordsAgree(name, c.Cell, c.Raw, decimal.NewFromInt(int64(c.Value)), w)
	}
	return c
}

func (rd *annexureIIReader) flag(name string) stpclaims.Flag {
	loc, ok := rd.best(name, func(s string) bool { _, ok := parseYesNo(s); return ok })
	return twice(rd, name, field(rd, loc, ok, parseYesNo), rawOf(parseYesNo), sameValue[bool])
}

// money reads an amount line. With emptyIsNil (lines 9–20) a label with no
// value is nothing claimed: zero, Present, at the cell where the value
// would be. Line 21 left empty is Missing.
func (rd *annexureIIReader) money(name string, emptyIsNil bool) stpclaims.Amount {
	loc, ok := rd.best(name, func(s string) bool { _, ok := rd.parseMoney(s); return ok })
	a := field(rd, loc, ok, rd.parseMoney)
	if ok && emptyIsNil && len(loc.values) == 0 && a.State == stpclaims.Missing {
		loc.resolveEmpty(rd.f)
		return stpclaims.Amount{Value: decimal.Zero, Cell: loc.emptyCell, State: stpclaims.Present}
	}
	a = twice(rd, name, a, rawOf(rd.parseMoney), func(x, y decimal.Decimal) bool { return x.Equal(y) })
	if emptyIsNil {
		a = rd.blankInCopy(name, a)
	}
	if a.Ok() {
		_, _, w := rd.readMoney(a.Raw)
		if w.Text == "" {
			w = rd.wordsBeside(name, a.Cell)
		}
		rd.inWordsAgree(name, a.Cell, a.Raw, a.Value, w)
	}
	return a
}

// wordsBeside returns the amount in words written in the cell after the
// figure at cell on its label's row ("Food | 32,400 | Rupees thirty two
// thousand four hundred only"), if that cell holds number words and no
// figure.
func (rd *annexureIIReader) wordsBeside(name, cell string) inWords {
	for _, h := range rd.idx.hits[name] {
		loc := rd.idx.locate(h, rd.f)
		for i, v := range loc.values {
			if v.cell != cell {
				continue
			}
			if i+1 < len(loc.values) && !hasDigit(loc.values[i+1].raw) {
				if w := readWords(strings.ToLower(foldText(loc.values[i+1].raw))); w.Read {
					return w
				}
			}
			return inWords{}
		}
	}
	return inWords{}
}

// date reads a date field with cellDate (real date cells or date text).
func (rd *annexureIIReader) date(name string) (stpclaims.Date, located, bool) {
	var sheetOf = func(cell string) (string, string) {
		i := strings.LastIndexByte(cell, '!')
		return cell[:i], cell[i+1:]
	}
	loc, ok := rd.best(name, func(string) bool { return true })
	// prefer a candidate that reads as a date
	for i, v := range loc.values {
		sh, ref := sheetOf(v.cell)
		if _, ok := cellDate(rd.f, sh, ref, v.raw); ok {
			loc.values = loc.values[i:]
			break
		}
	}
	d := field(rd, loc, ok, func(raw string) (time.Time, bool) {
		sh, ref := sheetOf(loc.values[0].cell)
		return cellDate(rd.f, sh, ref, raw)
	})
	d = twice(rd, name, d, func(c candidate) (time.Time, bool) {
		sh, ref := sheetOf(c.cell)
		return cellDate(rd.f, sh, ref, c.raw)
	}, time.Time.Equal)
	return d, loc, ok
}

// durationValues lists the cells of the Duration row: the label's own
// "Duration: …" text, or the non-empty cells to its right, passing over the
// From / To / Training days labels written between the values
// ("Duration | 12/01/2026 | to | 16/01/2026 | 5 days") and stopping at any
// other label.
func (rd *annexureIIReader) durationValues(loc located) []candidate {
	if loc.grid == nil || loc.inLabel != "" {
		return loc.values
	}
	var out []candidate
	row := loc.grid.rows[loc.row]
	for c := loc.after; c < len(row); c++ {
		v := strings.TrimSpace(row[c])
		if v == "" || isHint(v, loc.grid.normAt(loc.row, c)) {
			continue
		}
		switch rd.idx.isLabel[[3]int{loc.gridIdx, loc.row, c}] {
		case "":
		case "start_date", "end_date", "training_days":
			continue
		default:
			return out
		}
		out = append(out, candidate{raw: v, cell: loc.grid.cellRef(loc.row, c)})
	}
	return out
}

// parseDuration reads line 3 written in one cell (readDuration): "12.01.2026
// to 16.01.2026 (5 days)", "From 12.01.2026 to 16.01.2026 (Training days)
// 5", "12-16 January 2027", "12.01.2027 മുതൽ 16.01.2027 വരെ (5 ദിവസം)". It
// reports what it found; days is 0 when the text gives none.
func parseDuration(raw string) (start, end time.Time, days int, okDates, okDays bool) {
	d := readDuration(raw)
	if d.hasStart && d.hasEnd {
		start, end, okDates = d.start, d.end, true
	}
	return start, end, d.days, okDates, d.hasDays
}

// duration reads line 3: separately labelled From / To / Training days
// cells, else the Duration row (one cell, or several cells to the right).
func (rd *annexureIIReader) duration(a *stpclaims.AnnexureII) {
	a.StartDate, _, _ = rd.date("start_date")
	a.EndDate, _, _ = rd.date("end_date")
	a.TrainingDays = rd.count("training_days")
	if a.StartDate.Ok() && a.EndDate.Ok() && a.TrainingDays.Ok() {
		return
	}
	loc, ok := rd.best("duration", func(string) bool { return true })
	if !ok {
		return
	}
	var start, end stpclaims.Date
	var days stpclaims.Count
	var unread *candidate
	for _, v := range rd.durationValues(loc) {
		i := strings.LastIndexByte(v.cell, '!')
		if t, ok := cellDate(rd.f, v.cell[:i], v.cell[i+1:], v.raw); ok {
			d := stpclaims.Date{Value: t, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
			if !start.Ok() {
				start = d
			} else if !end.Ok() {
				end = d
			}
			continue
		}
		if n, ok := parseCount(v.raw); ok && start.Ok() {
			days = stpclaims.Count{Value: n, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
			continue
		}
		s, e, n, okDates, okDays := parseDuration(v.raw)
		if okDates && !start.Ok() {
			start = stpclaims.Date{Value: s, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
			end = stpclaims.Date{Value: e, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
		}
		if okDays && !days.Ok() {
			days = stpclaims.Count{Value: n, Cell: v.cell, Raw: v.raw, State: stpclaims.Present}
		}
		if !okDates && !okDays && unread == nil {
			c := v
			unread = &c
		}
	}
	fill := func(dst *stpclaims.Date, src stpclaims.Date) {
		if !dst.Ok() && src.Ok() {
			*dst = src
		}
	}
	fill(&a.StartDate, start)
	fill(&a.EndDate, end)
	if !a.TrainingDays.Ok() && days.Ok() {
		a.TrainingDays = days
	}
	// what is still not read is unreadable at the duration's cell, or
	// missing at its label
	for _, d := range []*stpclaims.Date{&a.StartDate, &a.EndDate} {
		if d.State != stpclaims.Missing {
			continue
		}
		if unread != nil {
			*d = stpclaims.Date{Cell: unread.cell, Raw: unread.raw, State: stpclaims.Unreadable}
		} else if d.Cell == "" {
			d.Cell = loc.labelCell
		}
	}
	if a.TrainingDays.State == stpclaims.Missing && a.TrainingDays.Cell == "" {
		a.TrainingDays.Cell = loc.labelCell
	}
}

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}`)
	phonePattern = regexp.MustCompile(`(?:\+91[\s\-]?|\b0)?\b[6-9]\d{4}[\s\-]?\d{5}\b|\b0\d{2,4}[\s\-]\d{6,8}\b`)
	contactWords = regexp.MustCompile(`(?i)\b(?:ph(?:one)?|mob(?:ile)?|tel(?:ephone)?|cell|contact|e-?mail(?:\s*id)?|id|no)\b\.?\s*[:.\-]?`)
	ifscPattern  = regexp.MustCompile(`\b[A-Za-z]{4}0[A-Za-z0-9]{6}\b`)
)

// splitContact splits "Name, Designation, Office, Ph: 94470 12345,
// name@kerala.gov.in" into its parts; any part may be empty.
func splitContact(s string) (name, designation, phone, email string) {
	email = emailPattern.FindString(s)
	s = strings.Replace(s, email, " ", 1)
	phone = strings.TrimSpace(phonePattern.FindString(s))
	if phone != "" {
		s = strings.Replace(s, phone, " ", 1)
	}
	s = contactWords.ReplaceAllString(s, " ")
	var parts []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == ';' || r == '|' }) {
		p = strings.Trim(strings.Join(strings.Fields(p), " "), " .:-/")
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) > 0 {
		name = parts[0]
	}
	if len(parts) > 1 {
		designation = parts[1]
	}
	return name, designation, phone, email
}

// coordinator reads line 22 and splits it; separately labelled
// designation, phone and e-mail fill what the line does not give.
func (rd *annexureIIReader) coordinator(a *stpclaims.AnnexureII) {
	loc, ok := rd.best("coordinator", func(string) bool { return true })
	if ok && len(loc.values) > 0 {
		raws := make([]string, len(loc.values))
		for i, v := range loc.values {
			raws[i] = v.raw
		}
		joined := strings.Join(raws, ", ")
		cell := loc.values[0].cell
		name, desig, phone, email := splitContact(joined)
		set := func(dst *stpclaims.Text, v string) {
			if v != "" {
				*dst = stpclaims.Text{Value: v, Cell: cell, Raw: joined, State: stpclaims.Present}
			}
		}
		set(&a.Coordinator, name)
		set(&a.CoordinatorDesignation, desig)
		set(&a.CoordinatorPhone, phone)
		set(&a.CoordinatorEmail, email)
		if name == "" {
			a.Coordinator = stpclaims.Text{Cell: cell, Raw: joined, State: stpclaims.Unreadable}
		}
	} else if ok {
		a.Coordinator = rd.text("coordinator")
	}
	fill := func(dst *stpclaims.Text, name string) {
		if dst.State == stpclaims.Missing {
			if t := rd.text(name); t.State != stpclaims.Missing {
				*dst = t
			}
		}
	}
	fill(&a.CoordinatorDesignation, "coordinator_designation")
	fill(&a.CoordinatorPhone, "coordinator_phone")
	fill(&a.CoordinatorEmail, "coordinator_email")
}

// account reads line 23: the account number, and the IFSC from its own
// label, the same cell or row, or the next row.
func (rd *annexureIIReader) account(a *stpclaims.AnnexureII) {
	loc, ok := rd.best("account_no", func(s string) bool { _, ok := parseAccountNo(s); return ok })
	a.AccountNo = twice(rd, "account_no", field(rd, loc, ok, parseAccountNo), rawOf(parseAccountNo), sameValue[string])
	a.IFSC = rd.text("ifsc")
	if a.IFSC.Ok() {
		if code := ifscPattern.FindString(a.IFSC.Value); code != "" {
			a.IFSC.Value = strings.ToUpper(code)
		}
		return
	}
	if !ok || loc.grid == nil {
		return
	}
	for r := loc.row; r <= loc.row+1; r++ {
		if r >= len(loc.grid.rows) {
			break
		}
		for c, v := range loc.grid.rows[r] {
			if code := ifscPattern.FindString(v); code != "" {
				a.IFSC = stpclaims.Text{Value: strings.ToUpper(code), Cell: loc.grid.cellRef(r, c), Raw: strings.TrimSpace(v), State: stpclaims.Present}
				return
			}
		}
	}
}

var (
	accountDigits     = regexp.MustCompile(`\d[\d\s\-]{5,24}\d`)
	accountSeparators = strings.NewReplacer(" ", "", "-", "")
)

// parseAccountNo reads a bank account number: its digits, as text. A number
// cell saved in scientific notation has lost digits and does not read.
func parseAccountNo(raw string) (string, bool) {
	s := strings.TrimSpace(raw)
	if strings.ContainsAny(s, "eE") && !strings.ContainsFunc(s, func(r rune) bool { return r > 'z' }) {
		if _, err := decimal.NewFromString(s); err == nil {
			return "", false
		}
	}
	s = ifscPattern.ReplaceAllString(s, " ")
	m := accountDigits.FindString(s)
	if m == "" {
		return "", false
	}
	return accountSeparators.Replace(m), true
}

// facilitator reads the facilitator's name and e-mail.
func (rd *annexureIIReader) facilitator(a *stpclaims.AnnexureII) {
	t := rd.text("facilitator")
	if t.Ok() {
		name, _, _, email := splitContact(t.Value)
		if email != "" {
			a.FacilitatorEmail = stpclaims.Text{Value: email, Cell: t.Cell, Raw: t.Raw, State: stpclaims.Present}
		}
		if name != "" {
			t.Value = name
		}
	}
	a.Facilitator = t
	if a.FacilitatorEmail.State == stpclaims.Missing {
		a.FacilitatorEmail = rd.text("facilitator_email")
	}
}
