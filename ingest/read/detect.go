package read

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/xlsxpart"
)

// readForms reads every form of f, one a sheet (a TA bill on its sheets),
// in sheet order, telling each sheet's form by its labels. Every sheet's
// cells are read once here; the Annexure II and settlement readers work
// from these grids. What was not read is told in the forms' Unread: the
// hidden rows and columns of a form's sheets with that form, the sheets not
// read (holding no form, hidden, a copy …) with the first form.
//
// Hidden and very hidden sheets are not read as a claim, nor are hidden
// rows and columns (streamRows leaves them out). A workbook made by
// `stpclaims template` keeps its Instructions and Rates sheets, which are
// the template's own and named nowhere.
func readForms(ctx context.Context, f *excelize.File) ([]stpclaims.Form, error) {
	grids, err := readGrids(ctx, f)
	if err != nil {
		return nil, err
	}
	states := xlsxpart.SheetStates(f)
	w := &workbookForms{f: f, hidden: map[string]*hiddenSeen{}}
	for _, g := range grids {
		w.hidden[g.name] = g.hidden
		switch {
		case templateOwn(f, g.name):
		case states[g.name] != "":
			w.hiddenSheet(g, states[g.name])
		default:
			w.shown = append(w.shown, g)
		}
	}
	if err := w.read(ctx); err != nil {
		return nil, err
	}
	if len(w.forms) == 0 {
		return nil, w.rejection()
	}
	return w.assemble(), nil
}

// templateOwn reports whether sheet is one `stpclaims template` writes
// beside the form (Instructions, the hidden Rates), in a workbook whose
// document title is the template's.
func templateOwn(f *excelize.File, sheet string) bool {
	if sheet != stpclaims.TemplateInstructionsSheet && sheet != stpclaims.TemplateRatesSheet {
		return false
	}
	props, err := f.GetDocProps()
	return err == nil && props.Title == stpclaims.TemplateTitle
}

// workbookForms is one workbook's forms as they are being read.
type workbookForms struct {
	f      *excelize.File
	shown  []*sheetGrid // the visible sheets, in order
	hidden map[string]*hiddenSeen
	forms  []stpclaims.Form
	unread []stpclaims.Unread // sheets not read
	// why the workbook is not a form, when it is not one: the rejection
	// of a form recognised but not readable, a form on a hidden sheet.
	rejected  *stpclaims.Rejection
	hiddenFor stpclaims.FormKind
	hiddenAt  string
}

// hiddenSheet notes a hidden sheet that holds something (READ-HIDDEN).
func (w *workbookForms) hiddenSheet(g *sheetGrid, state string) {
	cell, ok := g.firstCell()
	if !ok {
		return
	}
	why := stpclaims.UnreadHiddenSheet
	if state == "veryHidden" {
		why = stpclaims.UnreadVeryHiddenSheet
	}
	kind, _ := sheetKind(g)
	w.unread = append(w.unread, stpclaims.Unread{Sheet: g.name, Why: why, Cell: cell, Holds: kind})
	if kind != stpclaims.FormUnknown && w.hiddenAt == "" {
		w.hiddenFor, w.hiddenAt = kind, g.name
	}
}

// sheetKind tells which form a sheet holds by its own labels, FormUnknown
// for none: a settlement statement's own labels first (its header is an
// Annexure II's), then a TA bill's header row, then three of an Annexure
// II's labels, then a sheet named Participants or Guest Faculty. It
// returns the sheet's Annexure II labels too, for reading one.
func sheetKind(g *sheetGrid) (stpclaims.FormKind, *labelIndex) {
	gs := []*sheetGrid{g}
	idx := newLabelIndex(gs)
	aii := idx.looksLikeAnnexureII()
	switch {
	case isSettlement(gs):
		return stpclaims.FormSettlement, idx
	case isTABillByHeader(gs) || (!aii && isTABillBySheetName(gs)):
		return stpclaims.FormTABill, idx
	case aii:
		return stpclaims.FormAnnexureII, idx
	}
	return stpclaims.FormUnknown, idx
}

// read reads the forms of the visible sheets.
func (w *workbookForms) read(ctx context.Context) error {
	var billSheets, other []string
	var blank []stpclaims.Form
	for _, g := range w.shown {
		kind, idx := sheetKind(g)
		switch kind {
		case stpclaims.FormSettlement:
			if settlementScore(g) == 0 {
				other = append(other, g.name)
				w.rejectOnce(&stpclaims.Rejection{Form: stpclaims.FormSettlement, Reason: noComponents})
				continue
			}
			w.forms = append(w.forms, stpclaims.Form{Kind: stpclaims.FormSettlement, Sheet: g.name, Settlement: settlementFrom(w.f, g)})
		case stpclaims.FormTABill:
			billSheets = append(billSheets, g.name)
		case stpclaims.FormAnnexureII:
			a := readAnnexureII(w.f, idx)
			form := stpclaims.Form{Kind: stpclaims.FormAnnexureII, Sheet: g.name, AnnexureII: a}
			if written(a) < 2 {
				blank = append(blank, form)
				continue
			}
			w.forms = append(w.forms, form)
		default:
			other = append(other, g.name)
		}
	}
	// From here a grid is asked only its first cell: its cells go before
	// the bill's rows are read (a grid holds up to maxGridRows rows).
	for _, g := range w.shown {
		g.shedCells()
	}
	if len(billSheets) > 0 {
		// a Guest Faculty table may stand on a sheet of any name
		used, err := w.readBill(ctx, billSheets, other)
		if err != nil {
			return err
		}
		other = slices.DeleteFunc(other, func(s string) bool { return slices.Contains(used, s) })
	}
	for _, s := range other {
		w.noForm(w.grid(s))
	}
	// A blank Annexure II is answered (AII-REQUIRED says what to fill)
	// when the workbook holds nothing else.
	for i, form := range blank {
		if len(w.forms) == 0 && i == 0 {
			w.forms = append(w.forms, form)
			continue
		}
		g := w.grid(form.Sheet)
		cell, _ := g.firstCell()
		w.unread = append(w.unread, stpclaims.Unread{Sheet: g.name, Why: stpclaims.UnreadBlank, Cell: cell, Holds: stpclaims.FormAnnexureII})
	}
	w.dropRepeats()
	return nil
}

// noComponents is the reason a settlement statement with no components of
// expenditure is not read.
const noComponents = "this looks like a settlement statement, but no sheet lists the components of expenditure (Remuneration to Guest Faculty, Food & Refreshments, TA to participants, DA, Other expenses …) with their actual expenditure: use the settlement statement of the 2015 order and send it again"

func (w *workbookForms) rejectOnce(r *stpclaims.Rejection) {
	if w.rejected == nil {
		w.rejected = r
	}
}

// noForm notes a visible sheet that holds no form, unless it is empty.
func (w *workbookForms) noForm(g *sheetGrid) {
	if cell, ok := g.firstCell(); ok {
		w.unread = append(w.unread, stpclaims.Unread{Sheet: g.name, Why: stpclaims.UnreadNoForm, Cell: cell})
	}
}

func (w *workbookForms) grid(sheet string) *sheetGrid {
	for _, g := range w.shown {
		if g.name == sheet {
			return g
		}
	}
	return nil
}

// readBill reads the workbook's TA bill from the sheets that hold one (a
// Guest Faculty table may also stand on one of others) and returns the
// sheets of others it used. A second Participants or Guest Faculty table is
// not read.
func (w *workbookForms) readBill(ctx context.Context, sheets, others []string) ([]string, error) {
	bill, err := readTABill(ctx, w.f, append(slices.Clone(sheets), others...), w.hidden)
	if rej, ok := errors.AsType[*stpclaims.Rejection](err); ok {
		w.rejectOnce(rej)
		for _, s := range sheets {
			w.noForm(w.grid(s))
		}
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	w.forms = append(w.forms, stpclaims.Form{Kind: stpclaims.FormTABill, Sheet: bill.ParticipantsSheet, TABill: bill})
	for _, s := range sheets {
		if s == bill.ParticipantsSheet || s == bill.FacultySheet {
			continue
		}
		cell, _ := w.grid(s).firstCell()
		w.unread = append(w.unread, stpclaims.Unread{Sheet: s, Why: stpclaims.UnreadSecondBill, Cell: cell,
			Holds: stpclaims.FormTABill, Other: bill.ParticipantsSheet})
	}
	return []string{bill.FacultySheet}, nil
}

// dropRepeats leaves out an Annexure II of the programme a TA bill or
// settlement statement of the workbook is for (the advance claim sent
// with them), and a form that repeats an earlier one figure for figure.
func (w *workbookForms) dropRepeats() {
	var kept []stpclaims.Form
	for _, form := range w.forms {
		if u, ok := w.repeat(form, kept); ok {
			w.unread = append(w.unread, u)
			continue
		}
		kept = append(kept, form)
	}
	w.forms = kept
}

func (w *workbookForms) repeat(form stpclaims.Form, kept []stpclaims.Form) (stpclaims.Unread, bool) {
	cell, _ := w.grid(form.Sheet).firstCell()
	u := stpclaims.Unread{Sheet: form.Sheet, Cell: cell, Holds: form.Kind}
	code := programmeKey(form.ProgrammeCode())
	if form.Kind == stpclaims.FormAnnexureII && code != "" {
		for _, other := range w.forms {
			if other.Kind != stpclaims.FormAnnexureII && programmeKey(other.ProgrammeCode()) == code {
				u.Why, u.Other, u.Code = stpclaims.UnreadBeside, other.Sheet, form.ProgrammeCode().Value
				return u, true
			}
		}
	}
	for _, other := range kept {
		if other.Kind == form.Kind && sameValues(other.FieldValues(), form.FieldValues()) {
			u.Why, u.Other = stpclaims.UnreadCopy, other.Sheet
			return u, true
		}
	}
	return u, false
}

// programmeKey is a programme code for comparing: spaces collapsed, upper
// case; "" when the code was not read.
func programmeKey(code stpclaims.Text) string {
	if !code.Ok() {
		return ""
	}
	return strings.ToUpper(strings.Join(strings.Fields(code.Value), " "))
}

// sameValues reports whether two forms' fields have the same values (their
// cells apart).
func sameValues(a, b []stpclaims.FieldValue) bool {
	return slices.EqualFunc(a, b, func(x, y stpclaims.FieldValue) bool { return x.Name == y.Name && x.Value == y.Value })
}

// written counts the Annexure II's main fields that hold something written:
// fewer than two is a blank form.
func written(a *stpclaims.AnnexureII) int {
	n := 0
	for _, raw := range []string{a.ProgrammeCode.Raw, a.ProgrammeName.Raw, a.StartDate.Raw, a.Participants.Raw,
		a.GuestFaculty.Raw, a.GuestSessions.Raw, a.OfficerClass.Raw, a.ProgrammeType.Raw, a.AdvanceClaimed.Raw} {
		if raw != "" {
			n++
		}
	}
	for _, m := range a.MoneyLines() {
		if m.Amount.Raw != "" {
			n++
		}
	}
	return n
}

// assemble puts the forms in sheet order and gives each what it is told
// with: its sheets' hidden cells; the first, the sheets not read.
func (w *workbookForms) assemble() []stpclaims.Form {
	order := map[string]int{}
	for i, name := range w.f.GetSheetList() {
		order[name] = i
	}
	slices.SortStableFunc(w.forms, func(a, b stpclaims.Form) int { return order[a.Sheet] - order[b.Sheet] })
	slices.SortStableFunc(w.unread, func(a, b stpclaims.Unread) int { return order[a.Sheet] - order[b.Sheet] })
	for i := range w.forms {
		form := &w.forms[i]
		if i == 0 {
			form.Unread = append(form.Unread, w.unread...)
		}
		sheets := []string{form.Sheet}
		if form.TABill != nil && form.TABill.FacultySheet != "" {
			sheets = append(sheets, form.TABill.FacultySheet)
		}
		for _, s := range sheets {
			if u, ok := w.hidden[s].unread(s); ok {
				form.Unread = append(form.Unread, u)
			}
		}
	}
	return w.forms
}

// rejection says why a workbook with no form to read is not one.
func (w *workbookForms) rejection() *stpclaims.Rejection {
	switch {
	case w.rejected != nil:
		return w.rejected
	case w.hiddenAt != "":
		return reject(w.hiddenFor, "the %s in this workbook is on the sheet %q, which is hidden, and hidden sheets are not read: unhide it (right-click a sheet tab > Unhide, or Format > Sheet > Show), remove what is not part of the claim, and send it again", formName(w.hiddenFor), w.hiddenAt)
	}
	var names []string
	for _, g := range w.shown {
		names = append(names, fmt.Sprintf("%q", g.name))
	}
	list := strings.Join(names, ", ")
	if len(names) == 0 {
		list = "there are none"
	}
	return reject(stpclaims.FormUnknown,
		"this workbook is not an Annexure II claim, a TA bill or a settlement statement: none of its sheets (%s) has their labels (Training Programme Code, No. of participants, Advance Claimed; Name, Distance, Fare; Advance received, Actual expenditure). Fill the proforma of the 2015 order and send it again",
		list)
}

// formName names a form in a reason (a form not told apart is taken for
// an Annexure II, the form the reader looks for first).
func formName(k stpclaims.FormKind) string {
	if n := k.Name(); n != "" {
		return n
	}
	return stpclaims.FormAnnexureII.Name()
}

// readGrids reads every worksheet's cells once, raw, hidden sheets
// included (to tell what they hold).
func readGrids(ctx context.Context, f *excelize.File) ([]*sheetGrid, error) {
	var grids []*sheetGrid
	for _, name := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read: reading sheets: %w", err)
		}
		g, err := newSheetGrid(f, name)
		if err != nil {
			// a chart sheet or a dialog sheet has no cells; a broken sheet
			// is the file's fault.
			if strings.Contains(err.Error(), "not a worksheet") || strings.Contains(err.Error(), "does not exist") {
				continue
			}
			return nil, reject(stpclaims.FormUnknown, "the sheet %q of the workbook is damaged and could not be read (%v): open the workbook in Excel or LibreOffice Calc, save it again as .xlsx and send it again", name, err)
		}
		grids = append(grids, g)
	}
	return grids, nil
}

// isSettlement reports whether any cell carries a settlement statement's own
// labels (labels.toml, marks.settlement). It is checked before Annexure II, whose header it shares.
func isSettlement(grids []*sheetGrid) bool {
	for _, g := range grids {
		for r, row := range g.rows {
			for c, v := range row {
				if v == "" || tooLong(v, 400) {
					continue
				}
				n := g.normAt(r, c)
				for _, m := range settlementMarks {
					if strings.Contains(n, m) {
						return true
					}
				}
			}
		}
	}
	return false
}

// isTABillByHeader reports whether a sheet has, within its first 30 rows, a
// header row naming a participant-name column, a distance column and a fare
// column.
func isTABillByHeader(grids []*sheetGrid) bool {
	for _, g := range grids {
		for r := 0; r < len(g.rows) && r < 30; r++ {
			var name, distance, fare bool
			for c, v := range g.rows[r] {
				if v == "" || tooLong(v, 250) {
					continue
				}
				n := g.normAt(r, c)
				name = name || n == "name" || strings.HasPrefix(n, "name of") || strings.HasSuffix(n, " name") || strings.Contains(n, "name of participant")
				distance = distance || strings.Contains(n, "distance")
				fare = fare || strings.Contains(n, "fare")
				if !isASCII(n) {
					switch participantVocab.match(stripCountWords(n)) {
					case "name":
						name = true
					case "distance":
						distance = true
					case "fare_claimed", "eligible_fare":
						fare = true
					}
				}
			}
			if name && distance && fare {
				return true
			}
		}
	}
	return false
}

// isTABillBySheetName reports whether the workbook has a sheet named
// Participants or Guest Faculty (labels.toml, marks.ta_bill_sheet).
func isTABillBySheetName(grids []*sheetGrid) bool {
	for _, g := range grids {
		if key, whole := marksVocab.find(normalizeLabel(g.name)); key == "ta_bill_sheet" && whole {
			return true
		}
	}
	return false
}
