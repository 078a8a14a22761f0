package main

// The fixtures of issue 13's "every sheet accounted for" and "what was sent
// is what is judged": several programmes in one workbook, a sheet each,
// beside a hidden sheet and a Notes sheet; last year's figures in hidden
// rows and a hidden column; a TA bill with a hidden participant; a form
// pasted twice on one sheet. fixturegen writes them with excelize into
// -sheets; the committed files are those saved by LibreOffice from them as
// .xlsx, .ods and .xls (see ingest/read/testdata/README.md).

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeSheets writes the fixtures of several sheets and hidden parts into
// dir.
func writeSheets(dir string) error {
	for name, build := range map[string]func() (*excelize.File, error){
		"programmes.xlsx":  programmes,
		"hidden.xlsx":      hiddenParts,
		"hidden-bill.xlsx": hiddenBill,
		"twice.xlsx":       pastedTwice,
	} {
		f, err := build()
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := f.SaveAs(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		_ = f.Close()
	}
	return nil
}

// claimValues are the proforma's values (lines 1–23) of a programme of 30
// participants over five days from the given duration, food as given.
func claimValues(code, name, duration string, food int) []any {
	subtotal := 4500 + 1500 + 1500 + 3100 + 3750 + food + 0 + 2750
	return []any{
		code, name, duration,
		30, 3, 6, "II & III", "District",
		4500, 1500, 1500, 3100, 3750, food, 0, 2750, subtotal,
		16000, 5000, "Nil", 52900,
		"Smt. Anitha K, Deputy Director, Panchayat Directorate, Ph: 9447012345, anitha.k@kerala.gov.in",
		"67012345678",
	}
}

// claimSheet lays a proforma out on sheet (made when it is not the first).
func claimSheet(f *excelize.File, sheet string, values []any) error {
	if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		if _, err := f.NewSheet(sheet); err != nil {
			return err
		}
	}
	if err := proformaSheet(f, sheet, "Local Self Government", "Panchayat Bhavan, Kollam", values); err != nil {
		return err
	}
	if err := put(f, sheet, 31, [][]any{{nil, "IFSC", nil, "SBIN0070123"}, {nil, "Facilitator", nil, "Dr. Suresh P, suresh.p@img.kerala.gov.in"}}); err != nil {
		return err
	}
	for col, w := range map[string]float64{"B": 60, "C": 40, "D": 40} {
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

// programmes: two programmes, a sheet each (the second's food over its
// cap), last year's claim on a hidden sheet between them, and a Notes
// sheet: two forms read, one hidden sheet and one sheet skipped.
func programmes() (*excelize.File, error) {
	f, err := newSheet("Programme 1")
	if err != nil {
		return nil, err
	}
	for _, s := range []struct {
		sheet  string
		values []any
	}{
		{"Programme 1", claimValues("STP/LSGD/2026/021", "Training on e-Governance for Panchayat Secretaries", "02.02.2026 to 06.02.2026 (5 days)", 32400)},
		{"Last year", claimValues("STP/LSGD/2025/017", "Training on e-Governance for Panchayat Secretaries", "12.01.2025 to 16.01.2025 (5 days)", 32400)},
		{"Programme 2", claimValues("STP/LSGD/2026/022", "Public Procurement for Panchayat Engineers", "09.03.2026 to 13.03.2026 (5 days)", 48000)},
	} {
		if err := claimSheet(f, s.sheet, s.values); err != nil {
			return nil, err
		}
	}
	if _, err := f.NewSheet("Notes"); err != nil {
		return nil, err
	}
	if err := put(f, "Notes", 1, [][]any{
		{"Notes for the office"},
		{"Both programmes are at Panchayat Bhavan, Kollam; the hall is booked free of charge."},
		{"Food bills will be sent with the settlement."},
	}); err != nil {
		return nil, err
	}
	if err := f.SetColWidth("Notes", "A", "A", 90); err != nil {
		return nil, err
	}
	return f, f.SetSheetVisible("Last year", false)
}

// hiddenParts: this year's claim under last year's, whose rows are
// hidden; a hidden column of old figures beside the values; and a very
// hidden sheet.
func hiddenParts() (*excelize.File, error) {
	f, err := newSheet("Annexure II")
	if err != nil {
		return nil, err
	}
	const sheet = "Annexure II"
	// last year's claim, rows 1–33, then hidden
	if err := claimSheet(f, sheet, claimValues("STP/LSGD/2025/017", "Training on e-Governance for Panchayat Secretaries", "12.01.2025 to 16.01.2025 (5 days)", 48000)); err != nil {
		return nil, err
	}
	for r := 1; r <= 34; r++ {
		if err := f.SetRowVisible(sheet, r, false); err != nil {
			return nil, err
		}
	}
	// this year's, below
	values := claimValues("STP/LSGD/2026/021", "Training on e-Governance for Panchayat Secretaries", "02.02.2026 to 06.02.2026 (5 days)", 32400)
	if err := put(f, sheet, 35, [][]any{{"ANNEXURE II"}, {"Sl.No", "Particulars", "Last year (Rs.)", "Details / Amount"}}); err != nil {
		return nil, err
	}
	for i, l := range proformaLabels {
		row := []any{i + 1, l.label, nil, values[i]}
		if i >= 8 && i <= 20 {
			row[2] = 999 // an old figure, in the hidden column C
		}
		if err := put(f, sheet, 37+i, [][]any{row}); err != nil {
			return nil, err
		}
	}
	if err := put(f, sheet, 37+len(proformaLabels), [][]any{{nil, "IFSC", nil, "SBIN0070123"}}); err != nil {
		return nil, err
	}
	if err := f.SetColVisible(sheet, "C", false); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Macro"); err != nil {
		return nil, err
	}
	if err := put(f, "Macro", 1, [][]any{{"kept by a macro"}}); err != nil {
		return nil, err
	}
	return f, f.SetSheetVisible("Macro", false, true)
}

// hiddenBill: a TA bill whose third participant's row is hidden.
func hiddenBill() (*excelize.File, error) {
	f, err := newSheet("Participants")
	if err != nil {
		return nil, err
	}
	const sheet = "Participants"
	from := time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC)
	if err := put(f, sheet, 1, [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", "STP/LSGD/2026/021"},
		{"Name of training Programme", "Training on e-Governance for Panchayat Secretaries"},
		{"From", from, "To", from.AddDate(0, 0, 4)},
		{},
		{"Sl.No", "Name", "PEN", "Designation", "Class (I–IV)", "Office / Headquarters", "Distance from headquarters (km)", "Mode",
			"Eligible fare", "Fare claimed", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total", "Account No.", "IFSC"},
	}); err != nil {
		return nil, err
	}
	people := [][]any{
		{1, "Anil Kumar R", "PEN101", "Panchayat Secretary", "II", "GP Kundara", 20, "Bus", 80, 80, 5, 0, 600, 750, 830, "67000000001", "SBIN0070123"},
		{2, "Bindu S", "PEN102", "Panchayat Secretary", "II", "GP Chavara", 24, "Bus", 90, 90, 5, 0, 600, 750, 840, "67000000002", "SBIN0070123"},
		{3, "Chandran P", "PEN103", "Panchayat Secretary", "II", "GP Anchal", 60, "Bus", 160, 160, 5, 0, 600, 750, 910, "67000000003", "SBIN0070123"},
		{4, "Deepa M", "PEN104", "Panchayat Secretary", "II", "GP Punalur", 70, "Bus", 180, 180, 5, 0, 600, 750, 930, "67000000004", "SBIN0070123"},
		{"Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 3510},
	}
	if err := put(f, sheet, 7, people); err != nil {
		return nil, err
	}
	if err := f.SetCellStyle(sheet, "B4", "D4", dateStyle(f)); err != nil {
		return nil, err
	}
	return f, f.SetRowVisible(sheet, 9, false)
}

// dateStyle is a dd.mm.yyyy date format.
func dateStyle(f *excelize.File) int {
	st, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("dd.mm.yyyy")})
	return st
}

// pastedTwice: the form pasted twice on one sheet, the copy with other
// figures for food (line 14) and nothing for stationery (line 12).
func pastedTwice() (*excelize.File, error) {
	f, err := newSheet("Annexure II")
	if err != nil {
		return nil, err
	}
	const sheet = "Annexure II"
	values := claimValues("STP/LSGD/2026/021", "Training on e-Governance for Panchayat Secretaries", "02.02.2026 to 06.02.2026 (5 days)", 32400)
	if err := claimSheet(f, sheet, values); err != nil {
		return nil, err
	}
	copyValues := claimValues("STP/LSGD/2026/021", "Training on e-Governance for Panchayat Secretaries", "02.02.2026 to 06.02.2026 (5 days)", 30000)
	copyValues[11] = nil // stationery left blank
	for i, l := range proformaLabels {
		row := []any{i + 1, l.label, l.hint, copyValues[i]}
		if l.hint == "" {
			row[2] = nil
		}
		if err := put(f, sheet, 41+i, [][]any{row}); err != nil {
			return nil, err
		}
	}
	return f, put(f, sheet, 40, [][]any{{"ANNEXURE II (copy)"}})
}
