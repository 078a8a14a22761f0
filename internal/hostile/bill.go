package hostile

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// ManyFindingsBill writes a TA bill of n participants, each of whom claims
// a fare above the eligible fare: one TA-FARE finding a row, n in all
// (more than excelize's 65,530 hyperlinks a sheet when n is 70,000).
func ManyFindingsBill(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Participants"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Participants")
	if err != nil {
		return err
	}
	r := 1
	set := func(vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, vals)
	}
	head := [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", "STP/2026/HOSTILE"},
		{"Name of training Programme", "A bill with a finding on every row"},
		{"Duration", "12.01.2026 to 16.01.2026 (5 days)"},
		nil,
		{"Sl.No", "Name", "PEN", "Designation", "Class (I–IV)", "Office / Headquarters",
			"Distance from headquarters (km)", "Mode", "Eligible fare", "Fare claimed", "Auto km",
			"Auto fare", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total",
			"Account No.", "IFSC"},
	}
	for _, row := range head {
		if err := set(row); err != nil {
			return err
		}
	}
	sum := 0
	for i := range n {
		fare := 300 + i%50*10
		da := 150
		total := fare + da
		sum += total
		row := []any{i + 1, fmt.Sprintf("Participant %d", i+1), fmt.Sprintf("%d", 100000+i), "Section Officer",
			[]string{"I", "II", "III", "IV"}[i%4], "Office, Thiruvananthapuram", 40 + i%50, "Train",
			fare - 100, fare, 0, 0, 5, 0, 600, da, total, fmt.Sprintf("6710%08d", i), "SBIN0070001"}
		if err := set(row); err != nil {
			return err
		}
	}
	total := make([]any, 19)
	total[0], total[16] = "Total", sum
	if err := set(total); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}
