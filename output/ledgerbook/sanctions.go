package ledgerbook

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/seal"
	"stpclaims/output/printsetup"
)

// SanctionsBook is what the Finance Division's Sanctions workbook lists:
// every advance recommended and not yet sanctioned, and every advance
// sanctioned and not yet paid, with cells to record the sanction, the
// payment or the programme's withdrawal. Package ingest/sanctions reads it
// back.
type SanctionsBook struct {
	Made time.Time
	Rows []Advance
	// Seal is the store's key the workbook is sealed with: a returned
	// workbook is taken only when its token verifies. Required.
	Seal seal.Key
}

// Sanctionable reports whether an advance belongs in the Sanctions
// workbook: recommended and not sanctioned, or sanctioned and not paid.
func Sanctionable(a *Advance) bool {
	return a.State == stpclaims.AdvanceRecommended || a.State == stpclaims.AdvanceSanctioned
}

// SanctionsFor picks from l the advances awaiting a sanction or a payment.
func SanctionsFor(ctx context.Context, l Ledger, made time.Time) (*SanctionsBook, error) {
	sb := &SanctionsBook{Made: made}
	err := l.EachAdvance(ctx, func(a *Advance) error {
		if Sanctionable(a) {
			sb.Rows = append(sb.Rows, *a)
		}
		return nil
	})
	return sb, err
}

// sanctionsWords are the lines above the table: what the workbook is, and
// what to do first.
func sanctionsWords(made time.Time, zone *time.Location) []string {
	return []string{
		"Sanctions and payments of STP advances: " + made.In(zone).Format("02.01.2006 15:04"),
		"To record a sanction, fill Sanctioned (Rs), the sanction order's number and date in the tinted cells. When it is paid, fill Paid (Rs), Paid on, " +
			"Mode and Reference. To stop a programme, choose Withdraw. Leave a row blank to leave it as it is. Then mail this workbook back " +
			"from a finance address, or drop it in the shared folder, as it is (do not copy the rows into another workbook: hidden columns identify each advance).",
		"Rules (V): sanction at most the facilitator's recommendation, dated on or after the request; pay at most the sanction, by bank transfer or " +
			"cheque, dated on or after the sanction. A row that breaks them is answered with the reason; every other row is recorded, once.",
	}
}

// WriteSanctions writes the Sanctions workbook of sb to w: one protected
// sheet whose only unlocked cells are the ones to fill, with dropdowns for
// the mode of payment and for withdrawal, printed on A4 landscape one page
// wide with the header row repeated.
func WriteSanctions(ctx context.Context, w io.Writer, sb *SanctionsBook) error {
	if sb == nil {
		return ErrNilBook
	}
	if !sb.Seal.Valid() {
		return fmt.Errorf("ledgerbook: Sanctions workbook: %w", seal.ErrNoKey)
	}
	f := newFile(w)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	const sheet = sanctionsbook.SanctionsSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	sw := &sanctionsWriter{f: f, st: st, zone: stpclaims.DefaultZone(),
		sealed: seal.Table{Sheet: sheet, Header: sanctionsbook.Columns, Rows: make([][]string, len(sb.Rows))}}
	sw.top(sb.Made)
	sw.table(sb.Rows)
	if sw.err != nil {
		return fmt.Errorf("ledgerbook: sanctions: %w", sw.err)
	}
	if err := sw.finish(len(sb.Rows)); err != nil {
		return fmt.Errorf("ledgerbook: sanctions: %w", err)
	}
	if err := sanctionsMarker(f, sb.Made, sb.Seal, []seal.Table{sw.sealed}); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := save(f); err != nil {
		return fmt.Errorf("ledgerbook: write sanctions: %w", err)
	}
	return nil
}

// WriteSanctionsFile writes the Sanctions workbook to path atomically.
func WriteSanctionsFile(ctx context.Context, path string, sb *SanctionsBook) error {
	return writeAtomic(path, func(w io.Writer) error { return WriteSanctions(ctx, w, sb) })
}

// sanctionsWriter lays the Sanctions sheet out cell by cell (it is small:
// the advances awaiting a step), keeping the first error.
type sanctionsWriter struct {
	f    *excelize.File
	st   styles
	zone *time.Location
	err  error
	// sealed keeps the text of the table's cells as written, for the
	// workbook's token.
	sealed seal.Table
}

const sanctionsSheet = sanctionsbook.SanctionsSheet

func (sw *sanctionsWriter) set(col, row int, v any, style int) {
	if sw.err != nil {
		return
	}
	cell, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		sw.err = err
		return
	}
	if i := row - sanctionsbook.HeaderRow - 1; i >= 0 && i < len(sw.sealed.Rows) {
		if len(sw.sealed.Rows[i]) < col {
			sw.sealed.Rows[i] = append(sw.sealed.Rows[i], make([]string, col-len(sw.sealed.Rows[i]))...)
		}
		sw.sealed.Rows[i][col-1] = cellText(v)
	}
	if v != nil {
		if s, ok := v.(string); ok {
			sw.err = sw.f.SetCellStr(sanctionsSheet, cell, s) // text stays text
		} else {
			sw.err = sw.f.SetCellValue(sanctionsSheet, cell, v)
		}
	}
	if sw.err == nil && style != 0 {
		sw.err = sw.f.SetCellStyle(sanctionsSheet, cell, cell, style)
	}
}

// top writes the title and what to do, above the table, each line merged
// across the printed columns.
func (sw *sanctionsWriter) top(made time.Time) {
	last, _ := excelize.ColumnNumberToName(sanctionsbook.Printed)
	for i, line := range sanctionsWords(made, sw.zone) {
		row := i + 1
		style := sw.st.title
		if i > 0 {
			style = sw.st.note
		}
		sw.set(1, row, line, style)
		if sw.err == nil {
			sw.err = sw.f.MergeCell(sanctionsSheet, fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", last, row))
		}
	}
}

// sanctionsCell is one cell of a row of the Sanctions table: its value and
// style.
type sanctionsCell struct {
	v     any
	style int
}

// table writes the header and one row per advance: what the register holds
// (locked), the cells to fill (tinted, unlocked; the sanction of an advance
// already sanctioned is shown, locked), the hidden identifiers.
func (sw *sanctionsWriter) table(rows []Advance) {
	for i, h := range sanctionsbook.Columns {
		sw.set(i+1, sanctionsbook.HeaderRow, h, sw.st.header)
	}
	st := sw.st
	for i := range rows {
		a := &rows[i]
		w := &a.Steps
		money := func(d decimal.NullDecimal) sanctionsCell {
			if !d.Valid {
				return sanctionsCell{nil, st.money}
			}
			return sanctionsCell{number(d.Decimal), st.moneyStyle(d.Decimal, false)}
		}
		cells := map[string]sanctionsCell{
			sanctionsbook.ColCode: {a.Code, st.text}, "Programme name": {a.Name, st.wrap}, "State": {string(a.State), st.text},
			"Recommended": money(w.Recommended.Amount), "Largest advance": money(a.MaxAdvance),
			"Recommended by": {w.Recommended.By, st.text}, "Co-ordinator": {personLine(a.Coordinator, a.CoordinatorEmail), st.text},
			"Facilitator": {a.FacilitatorEmail, st.text}, "From": {nilTime(a.Start), st.date}, "To": {nilTime(a.End), st.date},
			sanctionsbook.ColPaid: {nil, st.inputMoney}, sanctionsbook.ColPaidOn: {nil, st.inputDate},
			sanctionsbook.ColMode: {nil, st.input}, sanctionsbook.ColReference: {nil, st.input},
			sanctionsbook.ColWithdraw: {nil, st.input}, sanctionsbook.ColRemarks: {nil, st.input},
			sanctionsbook.ColRequestID: {a.ClaimID, 0}, sanctionsbook.ColFingerprint: {w.Fingerprint, st.text},
		}
		if a.State == stpclaims.AdvanceSanctioned { // recorded: shown, not to be changed here
			cells[sanctionsbook.ColSanctioned] = money(w.Sanctioned.Amount)
			cells[sanctionsbook.ColOrder] = sanctionsCell{w.Sanctioned.Ref, st.text}
			cells[sanctionsbook.ColOrderDate] = sanctionsCell{nilTime(w.Sanctioned.On), st.date}
		} else {
			cells[sanctionsbook.ColSanctioned] = sanctionsCell{nil, st.inputMoney}
			cells[sanctionsbook.ColOrder] = sanctionsCell{nil, st.input}
			cells[sanctionsbook.ColOrderDate] = sanctionsCell{nil, st.inputDate}
		}
		row := sanctionsbook.HeaderRow + 1 + i
		for j, h := range sanctionsbook.Columns {
			c, ok := cells[h]
			if !ok {
				sw.err = fmt.Errorf("no value for the column %q", h)
				return
			}
			sw.set(j+1, row, c.v, c.style)
		}
	}
}

func nilTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// sanctionsWidths are the Sanctions columns' widths, in widths of a digit
// (14 for any not named).
var sanctionsWidths = map[string]float64{sanctionsbook.ColCode: wCode, "Programme name": 22, "State": 12, "Recommended": 14,
	sanctionsbook.ColSanctioned: wMoney, sanctionsbook.ColOrder: 14, sanctionsbook.ColOrderDate: 12, sanctionsbook.ColPaid: wMoney,
	sanctionsbook.ColPaidOn: wDate, sanctionsbook.ColMode: 14, sanctionsbook.ColReference: 17, sanctionsbook.ColWithdraw: 11,
	"Recommended by": wEmail, sanctionsbook.ColRemarks: 28, "Co-ordinator": 48, "Facilitator": wEmail, "From": wDate, "To": wDate,
	sanctionsbook.ColFingerprint: wSHA}

// finish sets widths, hides the identifiers, freezes and filters the
// header, adds the dropdowns and checks, protects the sheet, fits the rows
// to their text and sets the page for A4.
func (sw *sanctionsWriter) finish(n int) error {
	f := sw.f
	for i, h := range sanctionsbook.Columns {
		name, _ := excelize.ColumnNumberToName(i + 1)
		wd, ok := sanctionsWidths[h]
		if !ok {
			wd = 14
		}
		if err := f.SetColWidth(sanctionsSheet, name, name, wd); err != nil {
			return err
		}
		if i >= len(sanctionsbook.Columns)-sanctionsbook.Hidden {
			if err := f.SetColVisible(sanctionsSheet, name, false); err != nil {
				return err
			}
		}
	}
	first, last := sanctionsbook.HeaderRow+1, sanctionsbook.HeaderRow+max(n, 1)
	lastCol, _ := excelize.ColumnNumberToName(len(sanctionsbook.Columns))
	if err := f.AutoFilter(sanctionsSheet, fmt.Sprintf("A%d:%s%d", sanctionsbook.HeaderRow, lastCol, last), nil); err != nil {
		return err
	}
	if err := f.SetPanes(sanctionsSheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: sanctionsbook.HeaderRow,
		TopLeftCell: fmt.Sprintf("C%d", first), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := sw.validations(first, last); err != nil {
		return err
	}
	if err := f.ProtectSheet(sanctionsSheet, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		AutoFilter: true, Sort: true, FormatColumns: true, FormatRows: true}); err != nil {
		return err
	}
	if err := printsetup.FitRows(f, sanctionsSheet); err != nil {
		return err
	}
	return sanctionsPage(f, n)
}

// validations adds the dropdowns (mode, withdraw) and the checks on the
// amounts and dates typed.
func (sw *sanctionsWriter) validations(first, last int) error {
	col := func(h string) string {
		name, _ := excelize.ColumnNumberToName(sanctionsbook.Column(h))
		return fmt.Sprintf("%s%d:%s%d", name, first, name, last)
	}
	add := func(sqref string, set func(dv *excelize.DataValidation) error, title, msg string) error {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = sqref
		if err := set(dv); err != nil {
			return err
		}
		dv.SetInput(title, msg)
		dv.SetError(excelize.DataValidationErrorStyleStop, title, msg)
		return sw.f.AddDataValidation(sanctionsSheet, dv)
	}
	list := func(items []string) func(*excelize.DataValidation) error {
		return func(dv *excelize.DataValidation) error { return dv.SetDropList(items) }
	}
	amount := func(dv *excelize.DataValidation) error {
		return dv.SetRange(1, 1e9, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	}
	date := func(dv *excelize.DataValidation) error { // 01.01.2015 … 31.12.2099 as serial days
		return dv.SetRange(42005, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
	}
	for _, v := range []struct {
		sqref      string
		set        func(*excelize.DataValidation) error
		title, msg string
	}{
		{col(sanctionsbook.ColSanctioned) + " " + col(sanctionsbook.ColPaid), amount, "Amount", "An amount in rupees, at most the step before."},
		{col(sanctionsbook.ColOrderDate) + " " + col(sanctionsbook.ColPaidOn), date, "Date", "A date (dd.mm.yyyy), not before the request or the sanction."},
		{col(sanctionsbook.ColMode), list(sanctionsbook.Modes()), "Mode", "Bank transfer or cheque (V)."},
		{col(sanctionsbook.ColWithdraw), list([]string{sanctionsbook.WithdrawWord}), "Withdraw", "Choose Withdraw to mark the programme withdrawn."},
	} {
		if err := add(v.sqref, v.set, v.title, v.msg); err != nil {
			return err
		}
	}
	return nil
}

// sanctionsPage prints the sheet on A4 landscape, one page wide, the
// header row repeated on every page: the printed columns only.
func sanctionsPage(f *excelize.File, n int) error {
	last, _ := excelize.ColumnNumberToName(sanctionsbook.Printed)
	return pageA4(f, sanctionsSheet, fmt.Sprintf("A1:%s%d", last, sanctionsbook.HeaderRow+max(n, 1)), sanctionsbook.HeaderRow,
		printsetup.Landscape, "Sanctions and payments of STP advances")
}

// sanctionsMarker adds the very hidden sheet that marks a Sanctions
// workbook, with the token that seals it.
func sanctionsMarker(f *excelize.File, made time.Time, key seal.Key, tables []seal.Table) error {
	if _, err := f.NewSheet(sanctionsbook.MarkerSheet); err != nil {
		return fmt.Errorf("ledgerbook: %w", err)
	}
	marker := map[string]string{
		sanctionsbook.MarkerCell: sanctionsbook.MarkerText, "A2": "version", sanctionsbook.VersionCell: sanctionsbook.Version,
		"A3": "made", sanctionsbook.MadeCell: made.UTC().Format(time.RFC3339),
	}
	for cell, v := range marker {
		if err := f.SetCellStr(sanctionsbook.MarkerSheet, cell, v); err != nil {
			return fmt.Errorf("ledgerbook: marker: %w", err)
		}
	}
	if err := stampSeal(f, sanctionsbook.MarkerSheet, sanctionsbook.Seal, key, marker, tables); err != nil {
		return err
	}
	if err := f.SetSheetVisible(sanctionsbook.MarkerSheet, false, true); err != nil {
		return fmt.Errorf("ledgerbook: marker: %w", err)
	}
	return nil
}
