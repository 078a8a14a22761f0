package read

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"22500", "22500", true},
		{"22,500", "22500", true},
		{"2,25,000", "225000", true},
		{"Rs. 22,500/-", "22500", true},
		{"Rs.22500/-", "22500", true},
		{"₹22500.00", "22500", true},
		{"₹ 22,500.50", "22500.5", true},
		{"INR 1,000", "1000", true},
		{"22500.5", "22500.5", true},
		{"1.5E+4", "15000", true},
		{"750.00000000000011", "750", true},
		{"6047.999999999999", "6048", true},
		{"750 x 8 = 6000", "6000", true},
		{"Rs.750 x 8 = Rs.6,000/-", "6000", true},
		{"Rs.750 x 8", "6000", true},
		{"750X8", "6000", true},
		{"216 × 28 × 5", "30240", true},
		{"300 x 5 days", "1500", true},
		{"Nil", "0", true},
		{"NIL", "0", true},
		{"-", "0", true},
		{"0", "0", true},
		{"", "0", true},
		{"  ", "0", true},
		{"Rs. Nil", "0", true},
		{"twenty thousand", "", false},
		{"22500 approx", "", false},
		{"22.500,00", "", false},
		{"6000 days", "", false},
		{"12,34", "", false},
		{"see attached", "", false},
		{"750 x", "", false},
		{"22,500=00", "22500", true},
		{"Rs. 22,500=50", "22500.5", true},
		{"22,500=0", "", false},
		{"22.5=08", "", false},    // rupees=paise takes whole rupees
		{".000800=08", "", false}, // found by FuzzParseMoney: read as 0.0808
		{"22500 = 6000", "", false},
		{"Rs. 22,500/- (Rupees Twenty Two Thousand Five Hundred only)", "22500", true},
		{"6000 (750 x 8)", "", false},
		{"1e999999", "", false},
		{"1.5E+40", "", false},
		{"12345678901234567890123456789012345678901", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseMoney(tt.raw)
			if ok != tt.ok {
				t.Fatalf("parseMoney(%q) ok = %v, want %v (got %s)", tt.raw, ok, tt.ok, got)
			}
			if ok && !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("parseMoney(%q) = %s, want %s", tt.raw, got, tt.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		raw  string
		want string
		ok   bool
	}{
		{"12", "12", true},
		{"12.5", "12.5", true},
		{"12 km", "12", true},
		{"12km", "12", true},
		{"1,200 Kms", "1200", true},
		{"-", "0", true},
		{"far", "", false},
		{"12 miles", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseNumber(tt.raw)
			if ok != tt.ok {
				t.Fatalf("parseNumber(%q) ok = %v, want %v", tt.raw, ok, tt.ok)
			}
			if ok && !got.Equal(decimal.RequireFromString(tt.want)) {
				t.Errorf("parseNumber(%q) = %s, want %s", tt.raw, got, tt.want)
			}
		})
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		raw  string
		want int
		ok   bool
	}{
		{"30", 30, true},
		{"30.0", 30, true},
		{"30 nos", 30, true},
		{"30 Nos.", 30, true},
		{"30nos", 30, true},
		{"30 participants", 30, true},
		{"30 (Thirty)", 30, true},
		{"4 sessions", 4, true},
		{"Nil", 0, true},
		{"30.5", 0, false},
		{"30.000000000000004", 30, true},
		{"29.999999999999996", 30, true},
		{"30.001", 0, false},
		{"-3", 0, false},
		{"thirty", 30, true},
		{"30 to 35", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseCount(tt.raw)
			if ok != tt.ok || got != tt.want {
				t.Errorf("parseCount(%q) = %d, %v, want %d, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseDateText(t *testing.T) {
	jan12 := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		raw  string
		want time.Time
		ok   bool
	}{
		{"12.01.2026", jan12, true},
		{"12/01/2026", jan12, true},
		{"12-01-2026", jan12, true},
		{"12.1.2026", jan12, true},
		{"12.01.26", jan12, true},
		{"12 Jan 2026", jan12, true},
		{"12-Jan-2026", jan12, true},
		{"12th January, 2026", jan12, true},
		{"January 12, 2026", jan12, true},
		{"2026-01-12", jan12, true},
		{"01.12.2026", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), true},
		{"31.02.2026", time.Time{}, false},
		{"13.13.2026", time.Time{}, false},
		{"next Monday", time.Time{}, false},
		{"46034", time.Time{}, false},
		{"", time.Time{}, false},
		{"12.01.2026 to 16.01.2026", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseDateText(tt.raw)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("parseDateText(%q) = %v, %v, want %v, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseYesNo(t *testing.T) {
	tests := []struct {
		raw      string
		want, ok bool
	}{
		{"Yes", true, true}, {"Y", true, true}, {"TRUE", true, true}, {"1", true, true},
		{"No", false, true}, {"n", false, true}, {"FALSE", false, true}, {"0", false, true},
		{"maybe", false, false}, {"", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, ok := parseYesNo(tt.raw)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseYesNo(%q) = %v, %v, want %v, %v", tt.raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNormalizeLabel(t *testing.T) {
	tests := []struct{ in, want string }{
		{"No.of participants", "no of participants"},
		{"4  No. of Participants:", "no of participants"},
		{"14. Food & Refreshments (Rs.)", "food and refreshments"},
		{"(i) Stationery", "stationery"},
		{"iv) Stationery", "stationery"},
		{"12) Stationery", "stationery"},
		{"Amount in ₹", "amount in"},
		{"Amount (Rs.)", "amount"},
		{"Total (Sl.No.9 to 16)", "total sl no 9 to 16"},
		{"17", "17"},
		{"Co-ordination fee", "co ordination fee"},
		{"  TA/DA   to Guest Faculty ", "ta da to guest faculty"},
		{"Courses", "courses"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeLabel(tt.in); got != tt.want {
				t.Errorf("normalizeLabel(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCellDate(t *testing.T) {
	jan12 := time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	dateFmt := "dd/mm/yyyy"
	tests := []struct {
		name   string
		set    func(f *excelize.File)
		date04 bool
		want   time.Time
		ok     bool
	}{
		{"built-in 14", func(f *excelize.File) {
			s, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			f.SetCellValue("Sheet1", "A1", jan12)
			f.SetCellStyle("Sheet1", "A1", "A1", s)
		}, false, jan12, true},
		{"custom dd/mm/yyyy", func(f *excelize.File) {
			s, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
			f.SetCellValue("Sheet1", "A1", 46034)
			f.SetCellStyle("Sheet1", "A1", "A1", s)
		}, false, jan12, true},
		{"1904 system", func(f *excelize.File) {
			s, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
			f.SetCellValue("Sheet1", "A1", 46034-1462)
			f.SetCellStyle("Sheet1", "A1", "A1", s)
		}, true, jan12, true},
		{"number in general format is no date", func(f *excelize.File) {
			f.SetCellValue("Sheet1", "A1", 46034)
		}, false, time.Time{}, false},
		{"text date", func(f *excelize.File) {
			f.SetCellStr("Sheet1", "A1", "12.01.2026")
		}, false, jan12, true},
		{"amount format is no date", func(f *excelize.File) {
			s, _ := f.NewStyle(&excelize.Style{NumFmt: 4})
			f.SetCellValue("Sheet1", "A1", 46034)
			f.SetCellStyle("Sheet1", "A1", "A1", s)
		}, false, time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := excelize.NewFile()
			defer f.Close()
			if tt.date04 {
				yes := true
				if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
					t.Fatal(err)
				}
			}
			tt.set(f)
			raw, err := f.GetCellValue("Sheet1", "A1", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			got, ok := cellDate(f, "Sheet1", "A1", raw)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("cellDate(%q) = %v, %v, want %v, %v", raw, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCustomDateFormat(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{"dd/mm/yyyy", true}, {"d-mmm-yy", true}, {"[$-409]d mmmm yyyy;@", true},
		{"#,##0.00", false}, {`"Rs. "#,##0`, false}, {"[h]:mm", false}, {"h:mm", false}, {"0.00%", false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			if got := customDateFormat(tt.code); got != tt.want {
				t.Errorf("customDateFormat(%q) = %v, want %v", tt.code, got, tt.want)
			}
		})
	}
}
