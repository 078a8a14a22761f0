package read

// This file reads a TA bill (docs/forms.md "TA bill"): a Participants sheet and,
// optionally, a Guest Faculty sheet, each found by its header row (column
// names in any order and in the usual spellings), with the programme's header
// block above the Participants table. The Participants sheet is streamed
// (streamRowsTransient: the raw scanner, else excelize's Rows iterator), so
// a bill of tens of thousands of rows is read without decoding the sheet:
// the header maps column index → field once, and each row costs a handful
// of slice lookups and number parses.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// Participants columns, in the order of participantKeys.
const (
	pcSerial = iota
	pcName
	pcPEN
	pcDesignation
	pcClass
	pcOffice
	pcDistance
	pcMode
	pcEligibleFare
	pcFareClaimed
	pcAutoKm
	pcAutoFare
	pcDaysAttended
	pcDaysAbsent
	pcFullDARate
	pcDAClaimed
	pcTotal
	pcAccount
	pcIFSC
)

var participantKeys = []string{
	"serial", "name", "pen", "designation", "class", "office", "distance", "mode",
	"eligible_fare", "fare_claimed", "auto_km", "auto_fare", "days_attended",
	"days_absent", "full_da_rate", "da_claimed", "total", "account", "ifsc",
}

// participantsTable accepts a header naming the participant and at least two
// columns only a Participants table has.
func participantsTable(h tableHeader, has func(string) bool) bool {
	if !has("name") {
		return false
	}
	n := 0
	for _, k := range []string{"pen", "designation", "class", "fare_claimed", "eligible_fare", "days_attended", "days_absent", "full_da_rate", "da_claimed", "auto_fare"} {
		if has(k) {
			n++
		}
	}
	return n >= 2
}

// Guest Faculty columns, in the order of facultyKeys.
const (
	fcSerial = iota
	fcName
	fcGovt
	fcLocal
	fcSessions
	fcDays
	fcDistance
	fcMode
	fcRemuneration
	fcConveyance
	fcTravel
	fcAccount
	fcIFSC
)

var facultyKeys = []string{
	"serial", "name", "govt", "local", "sessions", "days", "distance", "mode",
	"remuneration", "conveyance", "travel", "account", "ifsc",
}

// facultyTable accepts a header naming the faculty member and what they
// claim for (remuneration or sessions).
func facultyTable(h tableHeader, has func(string) bool) bool {
	return has("name") && (has("remuneration") || has("sessions")) && h.found >= 3
}

// readTABill reads a TA bill from the sheets named (every sheet of f when
// nil). It returns a *stpclaims.Rejection when no sheet has a Participants
// header row. The hidden rows and columns holding values of the sheets it
// streams are gathered in hidden, by sheet (nil: not gathered).
func readTABill(ctx context.Context, f *excelize.File, sheets []string, hidden map[string]*hiddenSeen) (*stpclaims.TABill, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read: TA bill: %w", err)
	}
	if sheets == nil {
		sheets = f.GetSheetList()
	}
	found, err := findTABillSheets(ctx, f, sheets)
	if err != nil {
		return nil, err
	}
	p, ok := found.participants()
	if !ok {
		return nil, &stpclaims.Rejection{Form: stpclaims.FormTABill, Reason: "this looks like a TA bill, but no sheet has a header row naming the participants' columns (Name, PEN, Designation, Class, Office, Distance from headquarters (km), Mode, Eligible fare, Fare claimed, Auto km, Auto fare, Days attended, Days absent, Full DA rate, DA claimed, Total, Account No., IFSC) in its first 40 rows: put the column names in one row above the participants and send the bill again"}
	}
	bill := &stpclaims.TABill{ParticipantsSheet: p.sheet}
	if err := readParticipants(ctx, f, bill, p.head, p.top, hidden[p.sheet]); err != nil {
		return nil, err
	}
	if fh, ok := found.faculty(); ok {
		bill.FacultySheet = fh.sheet
		fac, err := readFaculty(ctx, f, fh.sheet, fh.head, hidden[fh.sheet])
		if err != nil {
			return nil, err
		}
		bill.Faculty = fac
	}
	return bill, nil
}

// tableSheet is a sheet whose top holds a table's header: the header, the
// sheet's top rows as formatted (to tell date cells in the header block),
// and whether the sheet is named for the table.
type tableSheet struct {
	sheet string
	head  tableHeader
	top   [][]string
	named bool
}

// billSheets are the sheets of a workbook that hold a Participants header
// and those that hold a Guest Faculty header, in workbook order.
type billSheets struct {
	participantSheets, facultySheets []tableSheet
}

// pickSheet prefers a sheet named for its table, else takes the first.
func pickSheet(hs []tableSheet) (tableSheet, bool) {
	for _, h := range hs {
		if h.named {
			return h, true
		}
	}
	if len(hs) > 0 {
		return hs[0], true
	}
	return tableSheet{}, false
}

func (b billSheets) participants() (tableSheet, bool) { return pickSheet(b.participantSheets) }
func (b billSheets) faculty() (tableSheet, bool)      { return pickSheet(b.facultySheets) }

// findTABillSheets looks at the top of the sheets (streamed, formatted)
// for the Participants and Guest Faculty header rows.
func findTABillSheets(ctx context.Context, f *excelize.File, sheets []string) (billSheets, error) {
	var found billSheets
	for _, sheet := range sheets {
		top, err := topRows(ctx, f, sheet, headerScanRows, false)
		if err != nil {
			var notExist excelize.ErrSheetNotExist
			if errors.As(err, &notExist) || strings.Contains(err.Error(), "not a worksheet") {
				continue
			}
			if ctx.Err() != nil {
				return billSheets{}, err
			}
			return billSheets{}, &stpclaims.Rejection{Form: stpclaims.FormTABill,
				Reason: fmt.Sprintf("the sheet %q of the TA bill is damaged and could not be read (%v): open the workbook in Excel or LibreOffice Calc, save it again as .xlsx and send it again", sheet, err)}
		}
		name := normalizeLabel(sheet)
		if h, ok := findHeader(top, participantVocab, participantKeys, participantsTable); ok {
			found.participantSheets = append(found.participantSheets, tableSheet{sheet, h, top, strings.Contains(name, "participant")})
		} else if h, ok := findHeader(top, facultyVocab, facultyKeys, facultyTable); ok {
			found.facultySheets = append(found.facultySheets, tableSheet{sheet, h, nil, strings.Contains(name, "faculty")})
		}
	}
	return found, nil
}

// isTotalLabel reports whether a cell's text labels a table's closing total
// row (labels.toml, table_rows.total).
func isTotalLabel(s string) bool {
	if len(s) < 5 || tooLong(s, 120) {
		return false
	}
	// cheap test first: every English total label starts with "total",
	// "grand", "net", "page" or "sub" (any case), a participant's name
	// almost never does.
	if s[0] < utf8.RuneSelf {
		switch strings.ToLower(s[:3]) {
		case "tot", "gra", "net", "pag", "sub":
		default:
			return false
		}
	}
	return totalRowVocab.match(cleanLabel(s)) == "total"
}

// totalRow reports whether a row is the table's closing Total row: "Total"
// in the serial or name column, or as the row's first text.
func totalRow(r *rowReader, serialCol, nameCol int) bool {
	if isTotalLabel(r.rawText(serialCol)) || isTotalLabel(r.rawText(nameCol)) {
		return true
	}
	for c := range r.cells {
		if s := r.rawText(c); s != "" {
			return isTotalLabel(s)
		}
	}
	return false
}

// blankRow reports whether a row holds nothing but, at most, a serial
// number.
func blankRow(cells []string, serialCol int) bool {
	for c, v := range cells {
		if c == serialCol || strings.TrimSpace(v) == "" {
			continue
		}
		return false
	}
	return true
}

// readParticipants streams the Participants sheet: the header block above
// the header row, then the participants' rows up to the closing Total row.
//
// A Total row is not necessarily the last: a long bill may carry page
// totals. Rows after a Total row are held back; if another Total row
// follows they were participants after all (and the later Total is the
// bill's), otherwise they are whatever stands under the table (signatures,
// certificates) and are dropped. A row that looks like another table's
// header ends the reading.
func readParticipants(ctx context.Context, f *excelize.File, bill *stpclaims.TABill, h tableHeader, top [][]string, seen *hiddenSeen) error {
	sheet := bill.ParticipantsSheet
	col := h.colOf
	r := newRowReader(sheet, withoutColumn(col, pcSerial))
	var block [][]string
	ps := newParticipantSlab(f, sheet, h)
	var pending []stpclaims.Participant // rows after the latest Total row
	// The cells are the scanner's, reused from row to row: what is kept is
	// copied (the header block's rows; a participant's texts go into the
	// rowReader's arena).
	err := streamRowsTransient(ctx, f, sheet, seen, func(row int, cells []string) bool {
		switch {
		case row < h.first:
			block = append(block, cloneCells(cells))
			return true
		case row == h.first:
			readTAHeaderBlock(f, bill, sheet, block, top)
			return true
		case row <= h.row:
			return true // a second header row
		}
		if len(cells) == 0 || blankRow(cells, col[pcSerial]) {
			return true
		}
		r.reset(row, cells)
		if totalRow(r, col[pcSerial], col[pcName]) {
			for _, p := range pending {
				ps.add(p)
			}
			pending = pending[:0]
			bill.Total = r.amount(col[pcTotal])
			bill.TotalRow = row
			return true
		}
		p := readParticipant(r, col)
		if bill.TotalRow == 0 {
			ps.add(p)
			return true
		}
		if headerLike(cells) {
			return false
		}
		pending = append(pending, p)
		return true
	})
	if err != nil {
		return err
	}
	bill.Participants = ps.all()
	return nil
}

// participantSlab gathers a bill's participants. The slice is sized once
// from the rows of the stored sheet that hold values (an upper bound).
// Where that cannot be told, participants are gathered in chunks and copied
// once into a slice of the exact size: appending one by one to a slice of
// 1 kB structs reallocates it (by 1.25×) dozens of times on a large bill.
type participantSlab struct {
	chunks [][]stpclaims.Participant
	cur    []stpclaims.Participant
	sized  bool
}

func newParticipantSlab(f *excelize.File, sheet string, h tableHeader) *participantSlab {
	if rows, ok := sheetValueRows(f, sheet); ok && rawScanEnabled {
		if n := rows - h.row; n > 0 {
			return &participantSlab{cur: make([]stpclaims.Participant, 0, n), sized: true}
		}
	}
	return &participantSlab{cur: make([]stpclaims.Participant, 0, 256)}
}

func (s *participantSlab) add(p stpclaims.Participant) {
	if len(s.cur) == cap(s.cur) && !s.sized {
		s.chunks = append(s.chunks, s.cur)
		s.cur = make([]stpclaims.Participant, 0, min(2*cap(s.cur), 8192))
	}
	s.cur = append(s.cur, p)
}

// all returns the participants gathered, nil for none.
func (s *participantSlab) all() []stpclaims.Participant {
	if s.sized {
		if len(s.cur) == 0 {
			return nil
		}
		return s.cur
	}
	s.chunks = append(s.chunks, s.cur)
	n := 0
	for _, c := range s.chunks {
		n += len(c)
	}
	if n == 0 {
		return nil
	}
	out := make([]stpclaims.Participant, 0, n)
	for i, c := range s.chunks {
		out = append(out, c...)
		s.chunks[i] = nil
	}
	return out
}

// withoutColumn is cols with key k unmapped: the serial number is only
// looked at, never kept, so the rowReader need not copy it.
func withoutColumn(cols []int, k int) []int {
	out := slices.Clone(cols)
	out[k] = -1
	return out
}

// cloneCells copies a row's cells and their text.
func cloneCells(cells []string) []string {
	if cells == nil {
		return nil
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.Clone(c)
	}
	return out
}

// readParticipant reads the current row of r as a participant.
func readParticipant(r *rowReader, col []int) stpclaims.Participant {
	return stpclaims.Participant{
		Row:          r.row,
		Name:         r.text(col[pcName]),
		PEN:          r.text(col[pcPEN]),
		Designation:  r.text(col[pcDesignation]),
		Class:        r.text(col[pcClass]),
		Office:       r.text(col[pcOffice]),
		DistanceKm:   r.number(col[pcDistance]),
		Mode:         r.text(col[pcMode]),
		EligibleFare: r.amount(col[pcEligibleFare]),
		FareClaimed:  r.amount(col[pcFareClaimed]),
		AutoKm:       r.number(col[pcAutoKm]),
		AutoFare:     r.amount(col[pcAutoFare]),
		DaysAttended: r.count(col[pcDaysAttended]),
		DaysAbsent:   r.count(col[pcDaysAbsent]),
		FullDARate:   r.amount(col[pcFullDARate]),
		DAClaimed:    r.amount(col[pcDAClaimed]),
		Total:        r.amount(col[pcTotal]),
		AccountNo:    r.text(col[pcAccount]),
		IFSC:         r.text(col[pcIFSC]),
	}
}

// headerLike reports whether a row names three or more TA bill columns:
// the header of another table further down the sheet.
func headerLike(cells []string) bool {
	n := 0
	for _, v := range cells {
		if v == "" || tooLong(v, 320) || plainNumber(v) {
			continue
		}
		l := cleanLabel(v)
		if participantVocab.match(l) != "" || facultyVocab.match(l) != "" {
			n++
		}
	}
	return n >= 3
}

// readFaculty streams the Guest Faculty sheet's rows below its header up to
// a Total row, if any.
func readFaculty(ctx context.Context, f *excelize.File, sheet string, h tableHeader, seen *hiddenSeen) ([]stpclaims.GuestFacultyClaim, error) {
	col := h.colOf
	r := newRowReader(sheet, withoutColumn(col, fcSerial))
	var out []stpclaims.GuestFacultyClaim
	err := streamRowsTransient(ctx, f, sheet, seen, func(row int, cells []string) bool {
		if row <= h.row || len(cells) == 0 || blankRow(cells, col[fcSerial]) {
			return true
		}
		r.reset(row, cells)
		if totalRow(r, col[fcSerial], col[fcName]) {
			return false
		}
		out = append(out, stpclaims.GuestFacultyClaim{
			Row:           row,
			Name:          r.text(col[fcName]),
			GovtEmployee:  r.flag(col[fcGovt]),
			Local:         r.flag(col[fcLocal]),
			SessionsTaken: r.count(col[fcSessions]),
			DaysEngaged:   r.count(col[fcDays]),
			DistanceKm:    r.number(col[fcDistance]),
			Mode:          r.text(col[fcMode]),
			Remuneration:  r.amount(col[fcRemuneration]),
			Conveyance:    r.amount(col[fcConveyance]),
			Travel:        r.amount(col[fcTravel]),
			AccountNo:     r.text(col[fcAccount]),
			IFSC:          r.text(col[fcIFSC]),
		})
		return true
	})
	return out, err
}

// readTAHeaderBlock reads the programme's code, name, dates and training
// days from the rows above the Participants header. raw holds the rows' raw
// cells and formatted the same rows as the sender sees them (to tell date
// cells).
func readTAHeaderBlock(f *excelize.File, bill *stpclaims.TABill, sheet string, raw, formatted [][]string) {
	for r, cells := range raw {
		var fmtCells []string
		if r < len(formatted) {
			fmtCells = formatted[r]
		}
		for _, lv := range labelValues(taHeaderVocab, sheet, r, cells, fmtCells) {
			switch lv.key {
			case "programme_code":
				setOnce(&bill.ProgrammeCode, textOf(lv))
			case "programme_name":
				setOnce(&bill.ProgrammeName, textOf(lv))
			case "start_date":
				setOnce(&bill.StartDate, dateOf(f, lv))
			case "end_date":
				setOnce(&bill.EndDate, dateOf(f, lv))
			case "training_days":
				setOnce(&bill.TrainingDays, countOf(lv))
			case "duration":
				from, to, days := durationOf(f, lv)
				setOnce(&bill.StartDate, from)
				setOnce(&bill.EndDate, to)
				if days.State != stpclaims.Missing {
					setOnce(&bill.TrainingDays, days)
				}
			}
		}
	}
}
