package read

import (
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// TestOpen_Conflicts checks a field written twice on a sheet (AII-CONFLICT
// names both cells and neither value is taken), the same value twice (read
// once), and a figure whose words say another number (the figure stands).
func TestOpen_Conflicts(t *testing.T) {
	base := map[string]any{
		"A1": "Training Programme Code", "B1": "STP/1",
		"A2": "No. of participants", "B2": 30,
		"A3": "Food & Refreshments", "B3": 32400,
		"A4": "Advance Claimed", "B4": 52900,
	}
	tests := []struct {
		name      string
		extra     map[string]any
		sheet2    map[string]any
		field     func(a *stpclaims.AnnexureII) stpclaims.Amount
		state     stpclaims.State
		value     string
		conflicts []stpclaims.Conflict
	}{
		{"food twice, different", map[string]any{"A10": "14. Food & Refreshments", "B10": "Rs. 12,000/-"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Unreadable, "",
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Sheet1!B3", "Sheet1!B10"}, Raws: [2]string{"32400", "Rs. 12,000/-"}}}},
		{"food twice in two languages, different", map[string]any{"A10": "ഭക്ഷണവും ലഘുഭക്ഷണവും", "B10": "12000"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Unreadable, "",
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Sheet1!B3", "Sheet1!B10"}, Raws: [2]string{"32400", "12000"}}}},
		{"food twice, same", map[string]any{"A10": "Food & Refreshments", "B10": "Rs. 32,400/-"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400", nil},
		{"food twice, once empty", map[string]any{"A10": "Food & Refreshments"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400", nil},
		{"food on another sheet", nil, map[string]any{"A1": "Food & Refreshments", "B1": 12000},
			func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400", nil},
		{"words agree", map[string]any{"B3": "32,400 (Rupees Thirty Two Thousand Four Hundred only)"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400", nil},
		{"words disagree", map[string]any{"B3": "32,400 (Rupees Twenty Three Thousand Four Hundred only)"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400",
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Sheet1!B3", "Sheet1!B3"},
				Raws: [2]string{"32,400 (Rupees Twenty Three Thousand Four Hundred only)", "rupees twenty three thousand four hundred only"}, Words: true}}},
		{"words in the next cell disagree", map[string]any{"C3": "Rupees thirty thousand only"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400",
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Sheet1!B3", "Sheet1!B3"}, Raws: [2]string{"32400", "rupees thirty thousand only"}, Words: true}}},
		{"count words disagree", map[string]any{"B2": "30 (Twenty)"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400",
			[]stpclaims.Conflict{{Field: "participants", Cells: [2]string{"Sheet1!B2", "Sheet1!B2"}, Raws: [2]string{"30 (Twenty)", "twenty"}, Words: true}}},
		{"participants twice", map[string]any{"A11": "Number of participants", "B11": "28 nos"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400",
			[]stpclaims.Conflict{{Field: "participants", Cells: [2]string{"Sheet1!B2", "Sheet1!B11"}, Raws: [2]string{"30", "28 nos"}}}},
		{"a signature block repeats the designation and place", map[string]any{
			"A12": "Designation", "B12": "Deputy Director", "A20": "Designation", "B20": "Joint Director", "A21": "Place", "B21": "Kochi"},
			nil, func(a *stpclaims.AnnexureII) stpclaims.Amount { return a.Food }, stpclaims.Present, "32400", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			for cell, v := range base {
				f.SetCellValue("Sheet1", cell, v)
			}
			for cell, v := range tt.extra {
				f.SetCellValue("Sheet1", cell, v)
			}
			if tt.sheet2 != nil {
				f.NewSheet("Sheet2")
				for cell, v := range tt.sheet2 {
					f.SetCellValue("Sheet2", cell, v)
				}
			}
			a := openBook(t, f).Forms[0].AnnexureII
			got := tt.field(a)
			if got.State != tt.state || tt.value != "" && got.Value.String() != tt.value {
				t.Errorf("field = %+v, want %v %s", got, tt.state, tt.value)
			}
			if len(a.Conflicts) != len(tt.conflicts) {
				t.Fatalf("conflicts %+v, want %+v", a.Conflicts, tt.conflicts)
			}
			for i := range tt.conflicts {
				if a.Conflicts[i] != tt.conflicts[i] {
					t.Errorf("conflict %+v, want %+v", a.Conflicts[i], tt.conflicts[i])
				}
			}
		})
	}
}
