package ledgerbook_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// programme is what a generated Annexure II claims.
type programme struct {
	code, name, venue string
	start, end        time.Time
	coordinatorEmail  string
	facilitatorEmail  string
	advanceClaimed    any
	food              any
	stationery        any // 2900 when nil
}

func dateCell(f *excelize.File, sheet, cell string, d time.Time) error {
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	if err := f.SetCellValue(sheet, cell, d); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}

func put(t testing.TB, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var err error
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sheet, cell, s)
			} else {
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func save(t testing.TB, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// annexureII lays a claim for advance out label by value, as the reader's
// label-value fixture does.
func annexureII(t testing.TB, p programme) []byte {
	t.Helper()
	f := excelize.NewFile()
	const s = "Sheet1"
	if p.advanceClaimed == nil {
		p.advanceClaimed = 50200
	}
	if p.food == nil {
		p.food = 30000
	}
	if p.venue == "" {
		p.venue = "Town Hall, Kottayam"
	}
	if p.stationery == nil {
		p.stationery = 2900
	}
	var total any = 47400 // lines 9–16 as written
	food, ok1 := p.food.(int)
	stationery, ok2 := p.stationery.(int)
	if ok1 && ok2 {
		total = 14500 + stationery + food
	}
	put(t, f, s, [][]any{
		{"Institute of Management in Government"},
		{"Request for advance"},
		{},
		{nil, "Department", "Revenue"},
		{nil, "Place & Venue", p.venue},
		{nil, "1. Training Programme Code", p.code},
		{nil, "2. Name of the training programme", p.name},
		{nil, "From", nil},
		{nil, "To", nil},
		{nil, "Training days", 5},
		{nil, "4. Number of participants", 28},
		{nil, "Participants availing accommodation", 20},
		{nil, "5. No. of Guest Faculty", 3},
		{nil, "Outstation non-government guest faculty", 1},
		{nil, "6. No. of sessions allotted to guest faculty", 6},
		{nil, "7. Class of officers", "Class II, III"},
		{nil, "8. Type of programme", "Zonal"},
		{nil, "Venue Govt-owned", "Yes"},
		{nil, "9. Remuneration to Guest Faculty", 4500},
		{nil, "10. TA/DA to Guest Faculty", 2000},
		{nil, "11. Coordination fee", 1500},
		{nil, "12. Stationery", p.stationery},
		{nil, "13. Photocopy charges", 3750},
		{nil, "14. Food and Refreshments", p.food},
		{nil, "15. Hiring charges for venue", 0},
		{nil, "16. Misc.", 2750},
		{nil, "17. Total", total},
		{nil, "18. TA advance", 14933},
		{nil, "19. DA advance", 4666},
		{nil, "20. Other expenses", "-"},
		{nil, "21. Advance claimed", p.advanceClaimed},
		{nil, "22. Name of Co-ordinator", "Sri. Rajesh Kumar"},
		{nil, "Designation", "Deputy Tahsildar"},
		{nil, "E-mail", p.coordinatorEmail},
		{nil, "Account No.", "0123456789012", "IFSC: CNRB0001234"},
		{nil, "Name of Facilitator", "Smt. Latha R"},
		{nil, "Facilitator e-mail", p.facilitatorEmail},
	})
	if err := dateCell(f, s, "C8", p.start); err != nil {
		t.Fatal(err)
	}
	if err := dateCell(f, s, "C9", p.end); err != nil {
		t.Fatal(err)
	}
	return save(t, f)
}

// settlement lays a settlement statement out as the reader's fixtures do.
func settlement(t testing.TB, code string, advance any, end, settled time.Time) []byte {
	t.Helper()
	f := excelize.NewFile()
	const s = "Sheet1"
	rows := [][]any{
		{"SETTLEMENT STATEMENT"},
		{"Department", "Revenue"},
		{"1", "Training Programme Code", code},
		{"2", "Name of training Programme", "Revenue Recovery Procedures"},
		{"3", "Duration", "09.02.2026 to " + end.Format("02.01.2006") + " (5 days)"},
		{"4", "No. of participants", 28},
		{"", "Participants availing accommodation", 20},
		{"5", "Number of Guest Faculty", 3},
		{"", "Outstation non-government guest faculty", 1},
		{"6", "Number of sessions allotted to Guest Faculty", 6},
		{"", "Place & Venue", "Town Hall, Kottayam"},
		{"", "Venue Govt-owned", "Yes"},
		{"", "Advance received (Rs.)", advance},
		{"", "Date of settlement", settled.Format("02.01.2006")},
		{},
		{"Sl.No", "Item", "Advance sanctioned", "Actual expenditure"},
		{"9", "Remuneration to Guest Faculty", 4500, 4500},
		{"10", "TA/DA to Guest Faculty", 2000, 1200},
		{"11", "Co-ordination fee", 1500, 1500},
		{"12", "Stationery", 2900, 2800},
		{"13", "Photocopy charges", 3750, "Nil"},
		{"14", "Food & Refreshments", 30000, 28000},
		{"15", "Hiring charges for venue and training equipments", 0, "-"},
		{"16", "Miscellaneous", 2750, 2000},
		{"18", "TA to participants", 14933, 9000},
		{"19", "DA", 4666, 1000},
		{"20", "Other expenses", 0, ""},
		{},
		{"IX", "Report items", "Enclosed (Yes/No)"},
	}
	for i, title := range []string{"Attendance Register", "Final list of participants", "Final programme schedule",
		"Attendance of Guest Faculty", "Summary report and consolidated evaluation", "Bio-data form",
		"Utilization Certificate along with vouchers and statement of account"} {
		rows = append(rows, []any{i + 1, title, "Yes"})
	}
	put(t, f, s, rows)
	return save(t, f)
}

// taBill lays out a TA bill of n participants (bus, eligible fare Rs 700,
// five days at a full DA of Rs 600) and one local guest faculty member.
func taBill(t testing.TB, code string, n int) []byte {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Participants"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", code},
		{"Name of training Programme", "Revenue Recovery"},
		{"From", "09.02.2026", "To", "13.02.2026"},
		{},
		{"Sl.No", "Name", "PEN", "Designation", "Class (I–IV)", "Office / Headquarters", "Distance from headquarters (km)", "Mode",
			"Eligible fare", "Fare claimed", "Auto km", "Auto fare", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total",
			"Account No.", "IFSC"},
	}
	total := 0
	for i := range n {
		rows = append(rows, []any{i + 1, "Participant " + string(rune('A'+i%26)) + string(rune('a'+i/26)), 100000 + i, "Clerk", "III",
			"Taluk Office, Kollam", 150, "Bus", 700, 700, 0, 0, 5, 0, 600, 750, 1450, "67100000" + string(rune('0'+i%10)) + "123", "SBIN0070001"})
		total += 1450
	}
	rows = append(rows, []any{"Total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, total})
	put(t, f, "Participants", rows)
	if _, err := f.NewSheet("Guest Faculty"); err != nil {
		t.Fatal(err)
	}
	put(t, f, "Guest Faculty", [][]any{
		{"Sl.No", "Name", "Government employee (Y/N)", "Local (Y/N)", "Sessions taken", "Days engaged",
			"Distance (km)", "Mode", "Remuneration claimed", "Conveyance claimed", "Travel claimed", "Account No.", "IFSC"},
		{1, "Dr. P. Nair", "N", "Y", 4, 2, 5, "Own", 3000, 200, 0, "11112222333", "FDRL0001111"},
	})
	return save(t, f)
}
