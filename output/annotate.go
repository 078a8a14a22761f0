package output

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// ErrNilWorkbook is returned when Annotate is given no workbook.
var ErrNilWorkbook = errors.New("output: nil workbook")

// commentAuthor is the author of the notes Annotate adds.
const commentAuthor = "stpclaims"

// maxFillCells bounds the cells one finding's fill may cover (a merged
// range or a range reference); beyond it only the top-left cell is filled.
const maxFillCells = 4096

// severityColor is the light fill of each severity: red, amber, blue.
var severityColor = map[stpclaims.Severity]string{
	stpclaims.SeverityError:     "FFC7CE",
	stpclaims.SeverityDeviation: "FFE699",
	stpclaims.SeverityInfo:      "DDEBF7",
}

// target is one place in the workbook that carries findings: the cell that
// gets the note (the top-left of its merged range) and the cells that get
// the fill.
type target struct {
	ref cellRef // the note cell and, through EndCol/EndR, the filled range
	// findings are those whose cell this is (worst first): they are noted
	// and give the fill. reasons are those whose ReasonCell this is: they
	// are noted, and give no fill.
	findings, reasons []stpclaims.Finding
	note              string   // the note's text
	words             *wording // the first finding's report's
}

// placement is where one finding is marked: its cell, or with reason its
// ReasonCell.
type placement struct {
	ref    cellRef
	i      int // index into the ordered findings
	reason bool
	words  *wording // the finding's report's
}

// Annotate marks every cell a finding concerns and puts a "Findings" sheet
// first, in place on f (the workbook as the reader opened it). reps are the
// reports of the workbook's forms, one a programme (at least one): a
// workbook of several forms gets a Findings sheet for each, "Findings 1",
// "Findings 2" … in the forms' order, first. Each cell concerned gets a
// note (appended below any note already there) and a fill by its worst
// severity, merged into its own style; findings whose cell is empty or not
// in the workbook appear only on the Findings sheet. Nothing the sender
// typed is changed or removed: cells keep their values, types and
// formulas, and only their style index changes.
func Annotate(f *excelize.File, reps ...*stpclaims.Report) error {
	if f == nil {
		return ErrNilWorkbook
	}
	if len(reps) == 0 || slices.Contains(reps, nil) {
		return ErrNilReport
	}
	a := newAnnotation(f, reps)
	a.place()
	fills := newFiller(f)
	if err := a.markSheets(fills); err != nil {
		return err
	}
	return a.addFindingsSheets(fills)
}

// annotation is one Annotate call: the reports' findings, in order, and
// the cells of the workbook they are marked on.
type annotation struct {
	f     *excelize.File
	reps  []*stpclaims.Report
	parts map[string]string // sheet name -> its part (xlsxpart.SheetParts)
	// findings are each report's in order, report after report; of[i] is
	// the report findings[i] belongs to, words[r] report r's wording.
	findings []stpclaims.Finding
	of       []int
	words    []*wording
	// links[i] is where findings[i]'s hyperlink points; nil for no cell.
	links []*cellRef
	// sheetOrder are the worksheets with a cell to mark, in the order of
	// their first finding; refsBySheet their placements.
	sheetOrder  []string
	refsBySheet map[string][]placement
}

// newAnnotation orders each report's findings and lists them report after
// report.
func newAnnotation(f *excelize.File, reps []*stpclaims.Report) *annotation {
	a := &annotation{f: f, reps: reps, parts: xlsxpart.SheetParts(f),
		words: make([]*wording, len(reps)), refsBySheet: map[string][]placement{}}
	for r, rep := range reps {
		a.words[r] = newWording(rep)
		for _, fd := range ordered(rep.Findings) {
			a.findings = append(a.findings, fd)
			a.of = append(a.of, r)
		}
	}
	return a
}

// place finds the cell of each finding, and its ReasonCell if it has one,
// in the workbook (sheet names matched regardless of case); a cell that is
// not on a worksheet of the workbook is not placed, and its finding gets
// no link.
func (a *annotation) place() {
	sheetByFold := map[string]string{}
	for _, name := range a.f.GetSheetList() {
		sheetByFold[strings.ToLower(name)] = name
	}
	a.links = make([]*cellRef, len(a.findings))
	for i, fd := range a.findings {
		a.links[i] = a.placeAt(sheetByFold, fd.Cell, i, false)
		if a.links[i] != nil && fd.ReasonCell != "" {
			a.placeAt(sheetByFold, fd.ReasonCell, i, true)
		}
	}
}

// placeAt records that finding i is marked on cell (its ReasonCell when
// reason) and returns the cell with its sheet's name as the workbook
// spells it, or nil when cell is not on one of its worksheets.
func (a *annotation) placeAt(sheetByFold map[string]string, cell string, i int, reason bool) *cellRef {
	r, ok := parseCellRef(cell)
	if !ok {
		return nil
	}
	name, ok := sheetByFold[strings.ToLower(r.Sheet)]
	if !ok || !isWorksheet(a.parts[name]) {
		return nil
	}
	r.Sheet = name
	if _, seen := a.refsBySheet[name]; !seen {
		a.sheetOrder = append(a.sheetOrder, name)
	}
	a.refsBySheet[name] = append(a.refsBySheet[name], placement{ref: r, i: i, reason: reason, words: a.words[a.of[i]]})
	return &r
}

// markSheets puts the notes and fills on every sheet with a cell placed:
// by editing the sheet's XML where it is eligible (rawEligible), else
// through excelize's decoded sheet.
func (a *annotation) markSheets(fills *filler) error {
	f := a.f
	// Sheets excelize has to decode are marked first, so that the parts it
	// numbers for their notes are taken before the raw edits pick theirs.
	var raw []string
	for _, sheet := range a.sheetOrder {
		if rawEditsEnabled && rawEligible(f, a.parts[sheet]) {
			raw = append(raw, sheet)
			continue
		}
		if err := markSheetDecoded(f, sheet, a.findings, a.refsBySheet[sheet], fills); err != nil {
			return err
		}
	}
	for _, sheet := range raw {
		targets, err := sheetTargets(f, sheet, a.parts[sheet], a.findings, a.refsBySheet[sheet], true)
		if err != nil {
			return err
		}
		err = rawMarkSheet(f, sheet, a.parts[sheet], targets, fills)
		if errors.Is(err, errNotRaw) {
			err = markSheetDecoded(f, sheet, a.findings, a.refsBySheet[sheet], fills)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// addFindingsSheets adds each report's Findings sheet, with its findings
// and their links, the last first: each is put first.
func (a *annotation) addFindingsSheets(fills *filler) error {
	for r := len(a.reps) - 1; r >= 0; r-- {
		var repFindings []stpclaims.Finding
		var repLinks []*cellRef
		for i := range a.findings {
			if a.of[i] == r {
				repFindings, repLinks = append(repFindings, a.findings[i]), append(repLinks, a.links[i])
			}
		}
		if err := addFindingsSheet(a.f, a.reps[r], findingsSheet{n: r + 1, of: len(a.reps)}, repFindings, repLinks, a.words[r], fills); err != nil {
			return err
		}
	}
	return nil
}

// markSheetDecoded marks one sheet through excelize.
func markSheetDecoded(f *excelize.File, sheet string, findings []stpclaims.Finding, at []placement, fills *filler) error {
	targets, err := sheetTargets(f, sheet, "", findings, at, false)
	if err != nil {
		return err
	}
	return markSheet(f, sheet, targets, fills)
}

// isWorksheet reports whether a sheet's part is a worksheet (not a chart,
// dialog or macro sheet, which have no cells to mark). A sheet whose part is
// not known is taken to be one.
func isWorksheet(part string) bool {
	return part == "" || strings.Contains(part, "worksheets/")
}

// sheetTargets groups one sheet's findings by the cell that gets their note:
// a cell inside a merged range is noted on the range's top-left cell and the
// whole range is filled (a reason's range is only noted).
//
// With raw set, the merged ranges are read from the stored XML, without
// decoding the sheet, from its part (the annotation's xlsxpart.SheetParts).
func sheetTargets(f *excelize.File, sheet, part string, findings []stpclaims.Finding, at []placement, raw bool) ([]*target, error) {
	var ranges []string
	if raw {
		ranges = rawMergeRanges(f, part)
	} else {
		merges, err := f.GetMergeCells(sheet, true)
		if err != nil {
			return nil, fmt.Errorf("output: merged cells of %q: %w", sheet, err)
		}
		for _, m := range merges {
			ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		}
	}
	var rects []cellRef
	for _, m := range ranges {
		if r, ok := parseCellRef(sheetPrefix(sheet, true) + m); ok {
			rects = append(rects, r)
		}
	}
	var targets []*target
	byCell := map[string]*target{}
	for _, pl := range at {
		r := pl.ref
		for _, m := range rects {
			if r.Col >= m.Col && r.Col <= m.EndCol && r.Row >= m.Row && r.Row <= m.EndR {
				r.Col, r.Row = m.Col, m.Row
				r.EndCol, r.EndR = max(r.EndCol, m.EndCol), max(r.EndR, m.EndR)
				break
			}
		}
		key := r.cellName()
		t, ok := byCell[key]
		if !ok {
			t = &target{ref: r, words: pl.words}
			if pl.reason {
				t.ref.EndCol, t.ref.EndR = t.ref.Col, t.ref.Row // noted only
			}
			byCell[key] = t
			targets = append(targets, t)
		} else if !pl.reason {
			if len(t.findings) == 0 {
				t.ref.EndCol, t.ref.EndR = r.EndCol, r.EndR
			}
			t.ref.EndCol, t.ref.EndR = max(t.ref.EndCol, r.EndCol), max(t.ref.EndR, r.EndR)
		}
		if pl.reason {
			t.reasons = append(t.reasons, findings[pl.i])
		} else {
			t.findings = append(t.findings, findings[pl.i])
		}
	}
	for _, t := range targets {
		if len(t.findings) > 1 {
			t.findings = ordered(t.findings) // worst first, whichever report a finding is of
		}
		t.note = t.words.noteText(t)
	}
	return targets, nil
}

// markSheet fills and notes the targets of one sheet.
func markSheet(f *excelize.File, sheet string, targets []*target, fills *filler) error {
	comments, err := f.GetComments(sheet)
	if err != nil {
		return fmt.Errorf("output: notes of %q: %w", sheet, err)
	}
	existing := make(map[string]excelize.Comment, len(comments))
	for _, c := range comments {
		existing[strings.ToUpper(strings.ReplaceAll(c.Cell, "$", ""))] = c
	}
	// A cell under several targets (a range finding over another
	// finding's cell) takes the worst severity of them all.
	worst := map[[2]int]stpclaims.Severity{}
	var order [][2]int
	for _, t := range targets {
		if len(t.findings) == 0 {
			continue // a reason's cell: a note, no fill
		}
		sev := t.findings[0].Severity // findings are ordered worst first
		r := t.ref
		if (r.EndCol-r.Col+1)*(r.EndR-r.Row+1) > maxFillCells {
			r.EndCol, r.EndR = r.Col, r.Row
		}
		for row := r.Row; row <= r.EndR; row++ {
			for col := r.Col; col <= r.EndCol; col++ {
				k := [2]int{row, col}
				prev, seen := worst[k]
				if !seen {
					order = append(order, k)
				}
				if !seen || severityRank(sev) < severityRank(prev) {
					worst[k] = sev
				}
			}
		}
	}
	for _, k := range order {
		cell, _ := excelize.CoordinatesToCellName(k[1], k[0])
		if err := fills.fill(sheet, cell, worst[k]); err != nil {
			return err
		}
	}
	for _, t := range targets {
		if err := addNote(f, sheet, t, existing); err != nil {
			return err
		}
	}
	return nil
}

// addNote puts the target's findings in a note on its cell, below the
// sender's own note when there is one (which is kept as it was, author
// included).
func addNote(f *excelize.File, sheet string, t *target, existing map[string]excelize.Comment) error {
	cell := t.ref.cellName()
	text := t.note
	lines := strings.Count(text, "\n") + 2
	for _, l := range strings.Split(text, "\n") {
		lines += len(l) / 48
	}
	ours := []excelize.RichTextRun{
		{Text: commentAuthor + ":", Font: &excelize.Font{Bold: true, Size: 9}},
		{Text: "\n" + text, Font: &excelize.Font{Size: 9}},
	}
	c := excelize.Comment{Author: commentAuthor, Cell: cell, Paragraph: ours}
	if old, ok := existing[cell]; ok {
		if err := f.DeleteComment(sheet, old.Cell); err != nil {
			return fmt.Errorf("output: replace note %s: %w", cellRef{Sheet: sheet}.location()+cell, err)
		}
		theirs := old.Text
		for _, p := range old.Paragraph {
			theirs += p.Text
		}
		lines += strings.Count(theirs, "\n") + 2 + len(theirs)/48
		c.Author = old.Author
		c.Text = old.Text
		c.Paragraph = append(append(old.Paragraph, excelize.RichTextRun{Text: "\n\n", Font: &excelize.Font{Size: 9}}), ours...)
	}
	c.Width = 320
	c.Height = uint(min(max(lines, 4), 60) * 13)
	if err := f.AddComment(sheet, c); err != nil {
		return fmt.Errorf("output: note on %s: %w", sheetPrefix(sheet, true)+cell, err)
	}
	return nil
}

// filler gives cells a severity fill merged into their own style, making
// one new style per (original style, severity) and reusing it.
type filler struct {
	f      *excelize.File
	fillID map[stpclaims.Severity]int
	made   map[fillKey]int
}

type fillKey struct {
	style int
	sev   stpclaims.Severity
}

func newFiller(f *excelize.File) *filler {
	return &filler{f: f, fillID: map[stpclaims.Severity]int{}, made: map[fillKey]int{}}
}

// fill gives one cell the fill of sev, keeping everything else of its style
// (number format, font, border, alignment, protection, quote prefix, cell
// style) and its value untouched.
func (fl *filler) fill(sheet, cell string, sev stpclaims.Severity) error {
	orig, err := fl.f.GetCellStyle(sheet, cell)
	if err != nil {
		return fmt.Errorf("output: style of %s: %w", sheetPrefix(sheet, true)+cell, err)
	}
	id, err := fl.styleFor(orig, sev)
	if err != nil {
		return err
	}
	if id == orig {
		return nil
	}
	if err := fl.f.SetCellStyle(sheet, cell, cell, id); err != nil {
		return fmt.Errorf("output: restyle %s: %w", sheetPrefix(sheet, true)+cell, err)
	}
	return nil
}

// styleFor is the style that is orig with sev's fill, made once.
func (fl *filler) styleFor(orig int, sev stpclaims.Severity) (int, error) {
	if id, ok := fl.made[fillKey{orig, sev}]; ok {
		return id, nil
	}
	id, err := fl.derive(orig, sev)
	if err != nil {
		return 0, err
	}
	fl.made[fillKey{orig, sev}] = id
	return id, nil
}

// derive is cell format orig with sev's fill (see xlsxpart.WithFill).
func (fl *filler) derive(orig int, sev stpclaims.Severity) (int, error) {
	fillID, err := fl.severityFill(sev)
	if err != nil {
		return 0, err
	}
	id, err := xlsxpart.WithFill(fl.f, orig, fillID)
	if err != nil {
		return 0, fmt.Errorf("output: %w", err)
	}
	return id, nil
}

// severityFill returns the index of sev's solid fill in the workbook's fill
// table, adding it (through excelize, once) when needed.
func (fl *filler) severityFill(sev stpclaims.Severity) (int, error) {
	if id, ok := fl.fillID[sev]; ok {
		return id, nil
	}
	color, ok := severityColor[sev]
	if !ok {
		color = severityColor[stpclaims.SeverityInfo]
	}
	style, err := fl.f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}})
	if err != nil {
		return 0, fmt.Errorf("output: %s fill: %w", sev, err)
	}
	fill, ok := xlsxpart.FillOf(fl.f, style)
	if !ok {
		return 0, fmt.Errorf("output: %s fill was not recorded", sev)
	}
	fl.fillID[sev] = fill
	return fill, nil
}
