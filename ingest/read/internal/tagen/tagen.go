// Package tagen writes TA bill and settlement statement workbooks for the
// tests and benchmarks of package read: the same bill in different column
// orders, header spellings and header-block layouts, and bills of any size
// through excelize's StreamWriter.
//
// It only writes workbooks; it does not read them back or know what a
// correct bill is (the values are whatever the caller or Sample puts in).
package tagen

import (
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// DateCell is a value written as a real date cell (a serial number with a
// date format), as opposed to date text.
type DateCell time.Time

// Table is a sheet's table: the header block rows above it, the column
// names, the data rows (a nil row is written blank), and a closing total
// row (nil for none). Cell values are written as given: a string as text,
// a number as a number, a DateCell as a date.
type Table struct {
	Sheet   string
	Block   [][]any
	Columns []string
	Rows    [][]any
	Total   []any
}

// Participant is one participant's values, as written.
type Participant struct {
	Name, PEN, Designation, Class, Office string
	DistanceKm                            any
	Mode                                  string
	EligibleFare, FareClaimed             any
	AutoKm, AutoFare                      any
	DaysAttended, DaysAbsent              any
	FullDARate, DAClaimed, Total          any
	AccountNo, IFSC                       string
}

// ParticipantColumn is a Participants column: its header text and value.
type ParticipantColumn struct {
	Header string
	Value  func(Participant) any
}

// StandardColumns are the Participants columns in docs/forms.md order with its
// spellings.
func StandardColumns() []ParticipantColumn {
	return []ParticipantColumn{
		{"Name", func(p Participant) any { return p.Name }},
		{"PEN", func(p Participant) any { return p.PEN }},
		{"Designation", func(p Participant) any { return p.Designation }},
		{"Class (I–IV)", func(p Participant) any { return p.Class }},
		{"Office / Headquarters", func(p Participant) any { return p.Office }},
		{"Distance from headquarters (km)", func(p Participant) any { return p.DistanceKm }},
		{"Mode", func(p Participant) any { return p.Mode }},
		{"Eligible fare", func(p Participant) any { return p.EligibleFare }},
		{"Fare claimed", func(p Participant) any { return p.FareClaimed }},
		{"Auto km", func(p Participant) any { return p.AutoKm }},
		{"Auto fare", func(p Participant) any { return p.AutoFare }},
		{"Days attended", func(p Participant) any { return p.DaysAttended }},
		{"Days absent", func(p Participant) any { return p.DaysAbsent }},
		{"Full DA rate", func(p Participant) any { return p.FullDARate }},
		{"DA claimed", func(p Participant) any { return p.DAClaimed }},
		{"Total", func(p Participant) any { return p.Total }},
		{"Account No.", func(p Participant) any { return p.AccountNo }},
		{"IFSC", func(p Participant) any { return p.IFSC }},
	}
}

// SampleParticipant returns participant i (0-based) of a made-up bill:
// distinct, deterministic values whose arithmetic adds up (Total = fare +
// auto fare + DA).
func SampleParticipant(i int) Participant {
	fare := 200 + i%50*10
	auto := 0
	if i%3 == 0 {
		auto = 60
	}
	da := 150 + i%4*25
	return Participant{
		Name:         fmt.Sprintf("Participant %d", i+1),
		PEN:          fmt.Sprintf("%d", 100000+i),
		Designation:  "Section Officer",
		Class:        []string{"I", "II", "III", "IV"}[i%4],
		Office:       fmt.Sprintf("Office %d, Thiruvananthapuram", i%17),
		DistanceKm:   10 + i%90,
		Mode:         []string{"Train", "Bus", "Own", "Taxi", "Auto"}[i%5],
		EligibleFare: fare + 50,
		FareClaimed:  fare,
		AutoKm:       i % 3 * 4,
		AutoFare:     auto,
		DaysAttended: 5,
		DaysAbsent:   0,
		FullDARate:   600 + i%4*100,
		DAClaimed:    da,
		Total:        fare + auto + da,
		AccountNo:    fmt.Sprintf("6710%08d", i),
		IFSC:         "SBIN0070001",
	}
}

// SampleTotal is the sum of SampleParticipant(0..n-1).Total.
func SampleTotal(n int) int {
	t := 0
	for i := 0; i < n; i++ {
		t += SampleParticipant(i).Total.(int)
	}
	return t
}

// ParticipantsTable lays out participants under cols with a serial-number
// column first and a closing Total row.
func ParticipantsTable(block [][]any, cols []ParticipantColumn, ps []Participant) Table {
	t := Table{Sheet: "Participants", Block: block, Columns: []string{"Sl.No"}}
	totalCol := -1
	for i, c := range cols {
		t.Columns = append(t.Columns, c.Header)
		if c.Header == "Total" || c.Header == "Total (Rs.)" || c.Header == "Total claimed" {
			totalCol = i + 1
		}
	}
	sum := 0
	for i, p := range ps {
		row := []any{i + 1}
		for _, c := range cols {
			row = append(row, c.Value(p))
		}
		t.Rows = append(t.Rows, row)
		if v, ok := p.Total.(int); ok {
			sum += v
		}
	}
	t.Total = make([]any, len(t.Columns))
	t.Total[0] = "Total"
	if totalCol >= 0 {
		t.Total[totalCol] = sum
	}
	return t
}

// StandardBlock is a header block with the programme code, name and
// separate From and To date cells (real dates).
func StandardBlock(code, name string, from, to time.Time) [][]any {
	return [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", code},
		{"Name of training Programme", name},
		{"From", DateCell(from), "To", DateCell(to)},
		{},
	}
}

// Faculty is one guest faculty claim, as written.
type Faculty struct {
	Name                             string
	Govt, Local                      string
	Sessions, Days, DistanceKm       any
	Mode                             string
	Remuneration, Conveyance, Travel any
	AccountNo, IFSC                  string
}

// FacultyTable lays out guest faculty claims with docs/forms.md's column names.
func FacultyTable(fs []Faculty) Table {
	t := Table{Sheet: "Guest Faculty", Columns: []string{
		"Sl.No", "Name", "Government employee (Y/N)", "Local (Y/N)", "Sessions taken", "Days engaged",
		"Distance (km)", "Mode", "Remuneration claimed", "Conveyance claimed", "Travel claimed", "Account No.", "IFSC",
	}}
	for i, f := range fs {
		t.Rows = append(t.Rows, []any{i + 1, f.Name, f.Govt, f.Local, f.Sessions, f.Days, f.DistanceKm, f.Mode,
			f.Remuneration, f.Conveyance, f.Travel, f.AccountNo, f.IFSC})
	}
	return t
}

// Workbook writes tables, one sheet each in order, to a new workbook
// (small workbooks: the ordinary excelize API).
func Workbook(tables ...Table) (*excelize.File, error) {
	f := excelize.NewFile()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return nil, err
	}
	customDate := "dd.mm.yyyy"
	dotted, err := f.NewStyle(&excelize.Style{CustomNumFmt: &customDate})
	if err != nil {
		return nil, err
	}
	dates := 0
	for i, t := range tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.Sheet); err != nil {
				return nil, err
			}
		} else if _, err := f.NewSheet(t.Sheet); err != nil {
			return nil, err
		}
		r := 1
		put := func(vals []any) error {
			for c, v := range vals {
				if v == nil {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r)
				if d, ok := v.(DateCell); ok {
					if err := f.SetCellValue(t.Sheet, cell, time.Time(d)); err != nil {
						return err
					}
					// alternate a built-in date format and a custom one
					st := dateStyle
					if dates%2 == 1 {
						st = dotted
					}
					dates++
					if err := f.SetCellStyle(t.Sheet, cell, cell, st); err != nil {
						return err
					}
					continue
				}
				if err := f.SetCellValue(t.Sheet, cell, v); err != nil {
					return err
				}
			}
			r++
			return nil
		}
		for _, b := range t.Block {
			if err := put(b); err != nil {
				return nil, err
			}
		}
		if t.Columns != nil {
			cols := make([]any, len(t.Columns))
			for i, c := range t.Columns {
				cols[i] = c
			}
			if err := put(cols); err != nil {
				return nil, err
			}
		}
		for _, row := range t.Rows {
			if err := put(row); err != nil {
				return nil, err
			}
		}
		if t.Total != nil {
			if err := put(t.Total); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

// StreamBill writes a bill of n sample participants with the standard
// columns and header block to path through excelize's StreamWriter, so
// that even a very large bill is written with little memory.
func StreamBill(path string, n int) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Participants"); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter("Participants")
	if err != nil {
		return err
	}
	cols := StandardColumns()
	block := [][]any{
		{"TA bill of participants"},
		{"Training Programme Code", "STP/2026/BIG"},
		{"Name of training Programme", "Large bill"},
		{"Duration", "12.01.2026 to 16.01.2026 (5 days)"},
		{},
	}
	r := 1
	set := func(vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		return sw.SetRow(cell, vals)
	}
	for _, b := range block {
		if err := set(b); err != nil {
			return err
		}
	}
	head := []any{"Sl.No"}
	totalCol := 0
	for i, c := range cols {
		head = append(head, c.Header)
		if c.Header == "Total" {
			totalCol = i + 1
		}
	}
	if err := set(head); err != nil {
		return err
	}
	sum := 0
	row := make([]any, len(cols)+1)
	for i := 0; i < n; i++ {
		p := SampleParticipant(i)
		row[0] = i + 1
		for j, c := range cols {
			row[j+1] = c.Value(p)
		}
		sum += p.Total.(int)
		if err := set(row); err != nil {
			return err
		}
	}
	total := make([]any, len(cols)+1)
	total[0] = "Total"
	total[totalCol] = sum
	if err := set(total); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.SaveAs(path)
}

// SampleSettlement is a settlement statement sheet: the Annexure II header,
// the advance, one row per component with sanctioned and actual columns, and
// the report items IX 1–7 marked with marks[0..6] (nil for an empty mark).
func SampleSettlement(marks []any) Table {
	rows := [][]any{
		{"SETTLEMENT STATEMENT"},
		{"Department", "Finance"},
		{"1", "Training Programme Code", "STP/2026/014"},
		{"2", "Name of training Programme", "Noting and drafting"},
		{"3", "Duration", "12.01.2026 to 16.01.2026 (5 days)"},
		{"4", "No. of participants", "30 nos"},
		{"", "Participants availing accommodation", 12},
		{"5", "Number of Guest Faculty", 3},
		{"", "Outstation non-government guest faculty", 1},
		{"6", "Number of sessions allotted to Guest Faculty", 8},
		{"", "Place & Venue", "IMG Thiruvananthapuram"},
		{"", "Venue Govt-owned", "Yes"},
		{"", "Advance received (Rs.)", "1,25,000", "on", DateCell(time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC))},
		{"", "Date of settlement", "10.02.2026"},
		{},
		{"Sl.No", "Item", "Advance sanctioned", "Actual expenditure"},
		{"9", "Remuneration to Guest Faculty", 6000, "Rs. 5,250/-"},
		{"10", "TA/DA to Guest Faculty", 1300, 1200},
		{"11", "Co-ordination fee", 2000, 2000},
		{"12", "Stationery", 1500, "1,480.50"},
		{"13", "Photocopy charges", 750, "Nil"},
		{"14", "Food & Refreshments", 15000, 14200},
		{"15", "Hiring charges for venue and training equipments", 0, "-"},
		{"16", "Miscellaneous", 500, 450},
		{"17", "Total (Sl.No.9 to 16)", 27050, 24580.5},
		{"18", "TA to participants", 16000, "15,800"},
		{"19", "DA", 9000, 8750},
		{"20", "Other expenses", 0, ""},
		{},
		{"IX", "Report items", "Enclosed (Yes/No)"},
	}
	titles := []string{
		"Attendance Register", "Final list of participants", "Final programme schedule",
		"Attendance of Guest Faculty", "Summary report and consolidated evaluation",
		"Bio-data form", "Utilization Certificate along with vouchers and statement of account",
	}
	for i, t := range titles {
		var m any
		if i < len(marks) {
			m = marks[i]
		}
		rows = append(rows, []any{i + 1, t, m})
	}
	return Table{Sheet: "Settlement", Block: rows}
}
