package read

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read/internal/tagen"
)

// reopen saves f and opens the bytes as package read's Open does (raw cell
// values).
func reopen(t testing.TB, f *excelize.File) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&b, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func workbook(t testing.TB, tables ...tagen.Table) *excelize.File {
	t.Helper()
	f, err := tagen.Workbook(tables...)
	if err != nil {
		t.Fatal(err)
	}
	return reopen(t, f)
}

func day(d, m int) time.Time { return time.Date(2026, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

func samples(n int) []tagen.Participant {
	ps := make([]tagen.Participant, n)
	for i := range ps {
		ps[i] = tagen.SampleParticipant(i)
	}
	return ps
}

// respelled renames the standard columns with other spellings people use.
func respelled(names map[string]string) []tagen.ParticipantColumn {
	cols := tagen.StandardColumns()
	for i := range cols {
		if n, ok := names[cols[i].Header]; ok {
			cols[i].Header = n
		}
	}
	return cols
}

func reversed(cols []tagen.ParticipantColumn) []tagen.ParticipantColumn {
	out := make([]tagen.ParticipantColumn, len(cols))
	for i, c := range cols {
		out[len(cols)-1-i] = c
	}
	return out
}

func rotated(cols []tagen.ParticipantColumn, k int) []tagen.ParticipantColumn {
	return append(append([]tagen.ParticipantColumn{}, cols[k:]...), cols[:k]...)
}

func dec(v any) decimal.Decimal {
	switch x := v.(type) {
	case int:
		return decimal.NewFromInt(int64(x))
	case string:
		return decimal.RequireFromString(x)
	}
	panic(fmt.Sprintf("dec(%T)", v))
}

// checkParticipant compares a read participant with the sample it was
// written from.
func checkParticipant(t *testing.T, got stpclaims.Participant, want tagen.Participant) {
	t.Helper()
	texts := []struct {
		name string
		got  stpclaims.Text
		want string
	}{
		{"Name", got.Name, want.Name}, {"PEN", got.PEN, want.PEN}, {"Designation", got.Designation, want.Designation},
		{"Class", got.Class, want.Class}, {"Office", got.Office, want.Office}, {"Mode", got.Mode, want.Mode},
		{"AccountNo", got.AccountNo, want.AccountNo}, {"IFSC", got.IFSC, want.IFSC},
	}
	for _, x := range texts {
		if !x.got.Ok() || x.got.Value != x.want {
			t.Errorf("row %d %s = %+v, want %q", got.Row, x.name, x.got, x.want)
		}
	}
	amounts := []struct {
		name string
		got  stpclaims.Field[decimal.Decimal]
		want any
	}{
		{"DistanceKm", got.DistanceKm, want.DistanceKm}, {"EligibleFare", got.EligibleFare, want.EligibleFare},
		{"FareClaimed", got.FareClaimed, want.FareClaimed}, {"AutoKm", got.AutoKm, want.AutoKm},
		{"AutoFare", got.AutoFare, want.AutoFare}, {"FullDARate", got.FullDARate, want.FullDARate},
		{"DAClaimed", got.DAClaimed, want.DAClaimed}, {"Total", got.Total, want.Total},
	}
	for _, x := range amounts {
		if !x.got.Ok() || !x.got.Value.Equal(dec(x.want)) {
			t.Errorf("row %d %s = %+v, want %v", got.Row, x.name, x.got, x.want)
		}
	}
	if !got.DaysAttended.Ok() || got.DaysAttended.Value != want.DaysAttended.(int) {
		t.Errorf("row %d DaysAttended = %+v, want %v", got.Row, got.DaysAttended, want.DaysAttended)
	}
	if !got.DaysAbsent.Ok() || got.DaysAbsent.Value != want.DaysAbsent.(int) {
		t.Errorf("row %d DaysAbsent = %+v, want %v", got.Row, got.DaysAbsent, want.DaysAbsent)
	}
}

// fareColumn returns the letter of the Fare claimed column in a table laid
// out by tagen.ParticipantsTable (serial number first).
func fareColumn(cols []tagen.ParticipantColumn) string {
	for i, c := range cols {
		if strings.HasPrefix(c.Header, "Fare claimed") {
			n, _ := excelize.ColumnNumberToName(i + 2)
			return n
		}
	}
	return "?"
}

func TestReadTABill_Layouts(t *testing.T) {
	faculty := tagen.FacultyTable([]tagen.Faculty{
		{Name: "Dr. Rao", Govt: "Y", Local: "N", Sessions: 2, Days: 1, DistanceKm: 220, Mode: "Train", Remuneration: 1500, Conveyance: 0, Travel: 900, AccountNo: "1234567890", IFSC: "SBIN0001234"},
		{Name: "Smt. Lekha", Govt: "No", Local: "Yes", Sessions: 3, Days: 2, DistanceKm: 6, Mode: "Auto", Remuneration: "2,250", Conveyance: 200, Travel: "Nil", AccountNo: "99887766", IFSC: "FDRL0001111"},
	})
	std := tagen.StandardColumns()
	alt := respelled(map[string]string{
		"Name": "Name of participant", "PEN": "PEN No.", "Class (I–IV)": "Class", "Office / Headquarters": "Office",
		"Distance from headquarters (km)": "Dist. (km)", "Mode": "Mode of travel",
		"Eligible fare": "Eligible fare (sleeper class / Fast Passenger + incidentals, to & fro)",
		"Fare claimed":  "Fare claimed (to & fro)",
		"Auto km":       "Auto km (single journey)",
		"Days attended": "No. of days attended",
		"Days absent":   "Days absent (no valid reason)",
		"Full DA rate":  "Full DA rate (Rs.)",
		"Total":         "Total (Rs.)",
		"Account No.":   "Bank Account No.",
		"IFSC":          "IFSC Code",
		"Designation":   "Designation",
		"DA claimed":    "DA claimed",
		"Auto fare":     "Auto fare",
	})
	alt2 := respelled(map[string]string{"Distance from headquarters (km)": "Distance from HQ", "Account No.": "A/c No.", "Total": "Total claimed"})
	durationBlock := [][]any{
		{"IMG Kerala — TA bill"},
		{"Programme code:", "STP/2026/021"},
		{"Programme name", "", "Financial management"},
		{"Duration", "12.01.2026 to 16.01.2026 (5 days)"},
	}

	tests := []struct {
		name      string
		tables    []tagen.Table
		cols      []tagen.ParticipantColumn
		n         int
		blanks    map[int]bool // participant indexes written after a blank row
		sheet     string
		code      string
		nameVal   string
		from, to  time.Time
		days      int // 0: not given
		faculty   int
		firstRow  int
		totalRow  int
		totalCell string
	}{
		{
			name: "standard columns, From and To date cells, Guest Faculty sheet",
			tables: []tagen.Table{
				tagen.ParticipantsTable(tagen.StandardBlock("STP/2026/014", "Noting and drafting", day(12, 1), day(16, 1)), std, samples(6)),
				faculty,
			},
			cols: std, n: 6, sheet: "Participants", code: "STP/2026/014", nameVal: "Noting and drafting",
			from: day(12, 1), to: day(16, 1), faculty: 2, firstRow: 7, totalRow: 13,
		},
		{
			name: "reversed respelled columns, duration text, sheet found by header, no faculty sheet",
			tables: func() []tagen.Table {
				tb := tagen.ParticipantsTable(durationBlock, reversed(alt), samples(5))
				tb.Sheet = "TA claim"
				// blank rows before participants 2 and 4
				rows := [][]any{tb.Rows[0], tb.Rows[1], nil, tb.Rows[2], tb.Rows[3], {nil}, tb.Rows[4]}
				tb.Rows = rows
				tb.Total[0] = nil
				tb.Total[1] = "Grand Total"
				return []tagen.Table{{Sheet: "Cover", Block: [][]any{{"Covering letter"}}}, tb}
			}(),
			cols: reversed(alt), n: 5, blanks: map[int]bool{2: true, 4: true}, sheet: "TA claim", code: "STP/2026/021", nameVal: "Financial management",
			from: day(12, 1), to: day(16, 1), days: 5, faculty: 0, firstRow: 6, totalRow: 13,
		},
		{
			name: "header in row 1, rotated columns, no header block",
			tables: []tagen.Table{
				tagen.ParticipantsTable(nil, rotated(alt2, 7), samples(3)),
				faculty,
			},
			cols: rotated(alt2, 7), n: 3, sheet: "Participants", faculty: 2, firstRow: 2, totalRow: 5,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := workbook(t, tt.tables...)
			bill, err := readTABill(context.Background(), f, nil, nil)
			if err != nil {
				t.Fatalf("readTABill: %v", err)
			}
			if bill.ParticipantsSheet != tt.sheet {
				t.Errorf("ParticipantsSheet = %q, want %q", bill.ParticipantsSheet, tt.sheet)
			}
			if len(bill.Participants) != tt.n {
				t.Fatalf("%d participants, want %d", len(bill.Participants), tt.n)
			}
			row := tt.firstRow
			for i, p := range bill.Participants {
				if tt.blanks[i] {
					row++
				}
				if p.Row != row {
					t.Errorf("participant %d Row = %d, want %d", i, p.Row, row)
				}
				checkParticipant(t, p, tagen.SampleParticipant(i))
				if want := fmt.Sprintf("%s!%s%d", tt.sheet, fareColumn(tt.cols), row); p.FareClaimed.Cell != want {
					t.Errorf("participant %d FareClaimed.Cell = %q, want %q", i, p.FareClaimed.Cell, want)
				}
				row++
			}
			if bill.TotalRow != tt.totalRow {
				t.Errorf("TotalRow = %d, want %d", bill.TotalRow, tt.totalRow)
			}
			if want := decimal.NewFromInt(int64(tagen.SampleTotal(tt.n))); !bill.Total.Ok() || !bill.Total.Value.Equal(want) {
				t.Errorf("Total = %+v, want %s", bill.Total, want)
			}
			if tt.code != "" && (!bill.ProgrammeCode.Ok() || bill.ProgrammeCode.Value != tt.code) {
				t.Errorf("ProgrammeCode = %+v, want %q", bill.ProgrammeCode, tt.code)
			}
			if tt.nameVal != "" && bill.ProgrammeName.Value != tt.nameVal {
				t.Errorf("ProgrammeName = %+v, want %q", bill.ProgrammeName, tt.nameVal)
			}
			if !tt.from.IsZero() && (!bill.StartDate.Ok() || !bill.StartDate.Value.Equal(tt.from)) {
				t.Errorf("StartDate = %+v, want %v", bill.StartDate, tt.from)
			}
			if !tt.to.IsZero() && (!bill.EndDate.Ok() || !bill.EndDate.Value.Equal(tt.to)) {
				t.Errorf("EndDate = %+v, want %v", bill.EndDate, tt.to)
			}
			if tt.days != 0 && bill.TrainingDays.Value != tt.days {
				t.Errorf("TrainingDays = %+v, want %d", bill.TrainingDays, tt.days)
			}
			if tt.days == 0 && bill.TrainingDays.State != stpclaims.Missing {
				t.Errorf("TrainingDays = %+v, want missing", bill.TrainingDays)
			}
			if len(bill.Faculty) != tt.faculty {
				t.Fatalf("%d guest faculty, want %d", len(bill.Faculty), tt.faculty)
			}
			if tt.faculty == 0 && bill.FacultySheet != "" {
				t.Errorf("FacultySheet = %q, want none", bill.FacultySheet)
			}
		})
	}
}

func TestReadTABill_Faculty(t *testing.T) {
	f := workbook(t,
		tagen.ParticipantsTable(nil, tagen.StandardColumns(), samples(1)),
		tagen.FacultyTable([]tagen.Faculty{
			{Name: "Dr. Rao", Govt: "Y", Local: "N", Sessions: 2, Days: 1, DistanceKm: 220, Mode: "Train", Remuneration: 1500, Conveyance: 0, Travel: 900, AccountNo: "1234567890", IFSC: "SBIN0001234"},
			{Name: "Smt. Lekha", Govt: "No", Local: "Yes", Sessions: "3 sessions", Days: 2, DistanceKm: "6 km", Mode: "Auto", Remuneration: "Rs. 2,250/-", Conveyance: 200, Travel: "Nil", AccountNo: "99887766", IFSC: "FDRL0001111"},
			{Name: "Prof. Unknown", Govt: "maybe", Local: "", Sessions: 1, Days: 1, DistanceKm: 0, Mode: "", Remuneration: "seven hundred", Conveyance: nil, Travel: nil, AccountNo: "", IFSC: ""},
		}),
	)
	bill, err := readTABill(context.Background(), f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bill.FacultySheet != "Guest Faculty" || len(bill.Faculty) != 3 {
		t.Fatalf("FacultySheet %q with %d rows, want Guest Faculty with 3", bill.FacultySheet, len(bill.Faculty))
	}
	rao, lekha, unknown := bill.Faculty[0], bill.Faculty[1], bill.Faculty[2]
	if rao.Row != 2 || rao.Name.Value != "Dr. Rao" || !rao.GovtEmployee.Value || rao.Local.Value || !rao.Local.Ok() ||
		rao.SessionsTaken.Value != 2 || !rao.Travel.Value.Equal(dec(900)) || rao.Mode.Value != "Train" || rao.IFSC.Value != "SBIN0001234" {
		t.Errorf("Dr. Rao read as %+v", rao)
	}
	if rao.Remuneration.Cell != "Guest Faculty!I2" {
		t.Errorf("Remuneration.Cell = %q, want Guest Faculty!I2", rao.Remuneration.Cell)
	}
	if lekha.GovtEmployee.Value || !lekha.Local.Value || lekha.SessionsTaken.Value != 3 || !lekha.DistanceKm.Value.Equal(dec(6)) ||
		!lekha.Remuneration.Value.Equal(dec(2250)) || !lekha.Travel.Ok() || !lekha.Travel.Value.IsZero() {
		t.Errorf("Smt. Lekha read as %+v", lekha)
	}
	if unknown.GovtEmployee.State != stpclaims.Unreadable || unknown.GovtEmployee.Raw != "maybe" {
		t.Errorf("GovtEmployee %+v, want unreadable \"maybe\"", unknown.GovtEmployee)
	}
	if unknown.Local.State != stpclaims.Missing || unknown.Local.Cell != "Guest Faculty!D4" {
		t.Errorf("Local %+v, want missing at Guest Faculty!D4", unknown.Local)
	}
	if unknown.Remuneration.State != stpclaims.Unreadable || unknown.Remuneration.Raw != "seven hundred" {
		t.Errorf("Remuneration %+v, want unreadable", unknown.Remuneration)
	}
}

func TestReadTABill_Values(t *testing.T) {
	odd := tagen.SampleParticipant(0)
	odd.FareClaimed = "Rs. 1,250/-"
	odd.EligibleFare = "₹1300.00"
	odd.DistanceKm = "12 km"
	odd.DaysAttended = "5 days"
	odd.DAClaimed = "Nil"
	odd.AutoFare = nil
	odd.Total = "about 1400"
	odd.PEN = ""
	f := workbook(t, tagen.ParticipantsTable(nil, tagen.StandardColumns(), []tagen.Participant{odd}))
	bill, err := readTABill(context.Background(), f, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bill.Participants) != 1 {
		t.Fatalf("%d participants, want 1", len(bill.Participants))
	}
	p := bill.Participants[0]
	tests := []struct {
		name  string
		got   stpclaims.Field[decimal.Decimal]
		state stpclaims.State
		value string
		cell  string
		raw   string
	}{
		{"text amount", p.FareClaimed, stpclaims.Present, "1250", "Participants!J2", "Rs. 1,250/-"},
		{"rupee sign", p.EligibleFare, stpclaims.Present, "1300", "Participants!I2", "₹1300.00"},
		{"km unit", p.DistanceKm, stpclaims.Present, "12", "Participants!G2", "12 km"},
		{"nil", p.DAClaimed, stpclaims.Present, "0", "Participants!P2", "Nil"},
		{"empty", p.AutoFare, stpclaims.Missing, "0", "Participants!L2", ""},
		{"unreadable", p.Total, stpclaims.Unreadable, "0", "Participants!Q2", "about 1400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got.State != tt.state || !tt.got.Value.Equal(dec(tt.value)) || tt.got.Cell != tt.cell || tt.got.Raw != tt.raw {
				t.Errorf("got %+v, want %v %s at %s raw %q", tt.got, tt.state, tt.value, tt.cell, tt.raw)
			}
		})
	}
	if p.DaysAttended.Value != 5 || !p.DaysAttended.Ok() {
		t.Errorf("DaysAttended = %+v, want 5", p.DaysAttended)
	}
	if p.PEN.State != stpclaims.Missing || p.PEN.Cell != "Participants!C2" {
		t.Errorf("PEN = %+v, want missing at Participants!C2", p.PEN)
	}
}

func TestReadTABill_HeaderBlock(t *testing.T) {
	tests := []struct {
		name       string
		block      [][]any
		from, to   time.Time
		days       int
		code       string
		startCell  string
		startState stpclaims.State
	}{
		{"date cells", tagen.StandardBlock("STP/1", "X", day(3, 2), day(7, 2)), day(3, 2), day(7, 2), 0, "STP/1", "Participants!B4", stpclaims.Present},
		{"date text", [][]any{{"Training Programme Code", "STP/2"}, {"From", "03/02/2026", "To", "07/02/2026"}}, day(3, 2), day(7, 2), 0, "STP/2", "Participants!B2", stpclaims.Present},
		{"duration in the label cell", [][]any{{"Programme Code: STP/3"}, {"Duration: 03.02.2026 to 07.02.2026 (5 days)"}}, day(3, 2), day(7, 2), 5, "STP/3", "Participants!A2", stpclaims.Present},
		{"duration with a dash and training days", [][]any{{"Code", "STP/4"}, {"Period", "03-02-2026 - 07-02-2026"}, {"Training days", "5"}}, day(3, 2), day(7, 2), 5, "STP/4", "Participants!B2", stpclaims.Present},
		{"from label without a value", [][]any{{"Code", "STP/5"}, {"From", "", "To", "07.02.2026"}}, time.Time{}, day(7, 2), 0, "STP/5", "Participants!A2", stpclaims.Missing},
		{"unreadable date", [][]any{{"Code", "STP/6"}, {"From", "3rd week of Feb", "To", "07.02.2026"}}, time.Time{}, day(7, 2), 0, "STP/6", "Participants!B2", stpclaims.Unreadable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := workbook(t, tagen.ParticipantsTable(tt.block, tagen.StandardColumns(), samples(2)))
			bill, err := readTABill(context.Background(), f, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if bill.ProgrammeCode.Value != tt.code {
				t.Errorf("ProgrammeCode = %+v, want %q", bill.ProgrammeCode, tt.code)
			}
			if bill.StartDate.State != tt.startState || !bill.StartDate.Value.Equal(tt.from) || bill.StartDate.Cell != tt.startCell {
				t.Errorf("StartDate = %+v, want %v %v at %s", bill.StartDate, tt.startState, tt.from, tt.startCell)
			}
			if !bill.EndDate.Ok() || !bill.EndDate.Value.Equal(tt.to) {
				t.Errorf("EndDate = %+v, want %v", bill.EndDate, tt.to)
			}
			if bill.TrainingDays.Value != tt.days {
				t.Errorf("TrainingDays = %+v, want %d", bill.TrainingDays, tt.days)
			}
			if len(bill.Participants) != 2 {
				t.Errorf("%d participants, want 2", len(bill.Participants))
			}
		})
	}
}

func TestReadTABill_TotalRow(t *testing.T) {
	tests := []struct {
		name     string
		label    func(tb *tagen.Table)
		n        int
		totalRow int
	}{
		{"Total in the serial column", func(tb *tagen.Table) {}, 3, 5},
		{"TOTAL in the name column", func(tb *tagen.Table) { tb.Total[0] = nil; tb.Total[1] = "TOTAL" }, 3, 5},
		{"Total (Rs.) after a blank row", func(tb *tagen.Table) { tb.Rows = append(tb.Rows, nil); tb.Total[0] = "Total (Rs.)" }, 3, 6},
		{"no total row", func(tb *tagen.Table) { tb.Total = nil }, 3, 0},
		{"rows below the total are not participants", func(tb *tagen.Table) {
			tb.Rows = append(tb.Rows, tb.Total)
			tb.Total = []any{nil, "Certified that the particulars are correct"}
		}, 3, 5},
		{"a page total mid-table", func(tb *tagen.Table) {
			page := []any{"Page total", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, 999}
			tb.Rows = append([][]any{tb.Rows[0], tb.Rows[1], page}, tb.Rows[2:]...)
		}, 3, 6},
		{"another table under the total", func(tb *tagen.Table) {
			tb.Rows = append(tb.Rows, tb.Total,
				[]any{"Sl.No", "Name", "Government employee (Y/N)", "Local (Y/N)", "Sessions taken", "Remuneration claimed"},
				[]any{1, "Dr. Rao", "Y", "N", 2, 1500})
			tb.Total = []any{"Total", nil, nil, nil, nil, 1500}
		}, 3, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := tagen.ParticipantsTable(nil, tagen.StandardColumns(), samples(3))
			tt.label(&tb)
			bill, err := readTABill(context.Background(), workbook(t, tb), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(bill.Participants) != tt.n {
				t.Errorf("%d participants, want %d", len(bill.Participants), tt.n)
			}
			if bill.TotalRow != tt.totalRow {
				t.Errorf("TotalRow = %d, want %d", bill.TotalRow, tt.totalRow)
			}
			if tt.totalRow == 0 && bill.Total.State != stpclaims.Missing {
				t.Errorf("Total = %+v, want missing", bill.Total)
			}
			if tt.totalRow != 0 && (!bill.Total.Ok() || !bill.Total.Value.Equal(dec(tagen.SampleTotal(3))) || bill.Total.Cell != fmt.Sprintf("Participants!Q%d", tt.totalRow)) {
				t.Errorf("Total = %+v, want %d at Q%d", bill.Total, tagen.SampleTotal(3), tt.totalRow)
			}
		})
	}
}

func TestReadTABill_NoHeader(t *testing.T) {
	tests := []struct {
		name   string
		tables []tagen.Table
	}{
		{"names only", []tagen.Table{{Sheet: "Participants", Block: [][]any{{"Name", "Amount"}, {"Anil", 1200}}}}},
		{"faculty sheet only", []tagen.Table{tagen.FacultyTable([]tagen.Faculty{{Name: "Dr. Rao", Remuneration: 1500}})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readTABill(context.Background(), workbook(t, tt.tables...), nil, nil)
			var rej *stpclaims.Rejection
			if !errors.As(err, &rej) {
				t.Fatalf("err = %v, want a Rejection", err)
			}
			if rej.Form != stpclaims.FormTABill || rej.Reason == "" {
				t.Errorf("rejection %+v", rej)
			}
		})
	}
}

func TestReadTABill_Cancelled(t *testing.T) {
	f := workbook(t, tagen.ParticipantsTable(nil, tagen.StandardColumns(), samples(1500)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := readTABill(ctx, f, nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("readTABill: err = %v, want context.Canceled", err)
	}
	// the stream itself stops too, not only the first check
	n := 0
	err := streamRows(ctx, f, "Participants", true, nil, func(int, []string) bool { n++; return true })
	if !errors.Is(err, context.Canceled) || n >= 1500 {
		t.Fatalf("streamRows: err = %v after %d rows, want context.Canceled before the end", err, n)
	}
}

// writeFixture writes f to path.
func writeFixture(t *testing.T, f *excelize.File, path string) {
	t.Helper()
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// fixtureBill is the committed TA bill fixture (testdata/tabill/bill.xlsx):
// the standard layout with a Guest Faculty sheet.
func fixtureBill(t *testing.T) *excelize.File {
	t.Helper()
	f, err := tagen.Workbook(
		tagen.ParticipantsTable(tagen.StandardBlock("STP/2026/014", "Noting and drafting", day(12, 1), day(16, 1)), tagen.StandardColumns(), samples(8)),
		tagen.FacultyTable([]tagen.Faculty{
			{Name: "Dr. Rao", Govt: "Y", Local: "N", Sessions: 2, Days: 1, DistanceKm: 220, Mode: "Train", Remuneration: 1500, Conveyance: 0, Travel: 900, AccountNo: "1234567890", IFSC: "SBIN0001234"},
			{Name: "Smt. Lekha", Govt: "No", Local: "Yes", Sessions: 3, Days: 2, DistanceKm: 6, Mode: "Auto", Remuneration: "2,250", Conveyance: 200, Travel: "Nil", AccountNo: "99887766", IFSC: "FDRL0001111"},
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func openFile(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestReadTABill_Golden(t *testing.T) {
	xlsx := filepath.Join("testdata", "tabill", "bill.xlsx")
	if *update {
		writeFixture(t, fixtureBill(t), xlsx)
	}
	bill, err := readTABill(context.Background(), openFile(t, xlsx), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bill.Participants) != 8 || len(bill.Faculty) != 2 {
		t.Fatalf("%d participants and %d faculty, want 8 and 2", len(bill.Participants), len(bill.Faculty))
	}
	checkGolden(t, filepath.Join("testdata", "tabill", "bill.golden.json"), bill)
}

func TestReadTABill_TwoRowHeader(t *testing.T) {
	// Merged headers over sub-headers: "Fare (to & fro)" over Eligible |
	// Claimed, "Days" over Attended | Absent, "DA" over Full rate | Claimed,
	// "Auto" over km | fare.
	head := []string{"Sl.No", "Name", "PEN", "Class", "Office", "Distance (km)",
		"Fare (to & fro)", "", "Auto", "", "Days", "", "DA", "", "Total", "Account No.", "IFSC"}
	sub := []any{nil, nil, nil, nil, nil, nil, "Eligible", "Claimed", "km", "fare", "Attended", "Absent", "Full rate", "Claimed"}
	var rows [][]any
	rows = append(rows, sub)
	for i := 0; i < 3; i++ {
		p := tagen.SampleParticipant(i)
		rows = append(rows, []any{i + 1, p.Name, p.PEN, p.Class, p.Office, p.DistanceKm, p.EligibleFare, p.FareClaimed,
			p.AutoKm, p.AutoFare, p.DaysAttended, p.DaysAbsent, p.FullDARate, p.DAClaimed, p.Total, p.AccountNo, p.IFSC})
	}
	bill, err := readTABill(context.Background(), workbook(t, tagen.Table{Sheet: "Participants", Columns: head, Rows: rows}), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(bill.Participants) != 3 {
		t.Fatalf("%d participants, want 3", len(bill.Participants))
	}
	for i, got := range bill.Participants {
		want := tagen.SampleParticipant(i)
		if got.Row != i+3 {
			t.Errorf("participant %d Row = %d, want %d", i, got.Row, i+3)
		}
		pairs := []struct {
			name string
			got  stpclaims.Field[decimal.Decimal]
			want any
			col  string
		}{
			{"EligibleFare", got.EligibleFare, want.EligibleFare, "G"}, {"FareClaimed", got.FareClaimed, want.FareClaimed, "H"},
			{"AutoKm", got.AutoKm, want.AutoKm, "I"}, {"AutoFare", got.AutoFare, want.AutoFare, "J"},
			{"FullDARate", got.FullDARate, want.FullDARate, "M"}, {"DAClaimed", got.DAClaimed, want.DAClaimed, "N"},
			{"Total", got.Total, want.Total, "O"},
		}
		for _, x := range pairs {
			if !x.got.Ok() || !x.got.Value.Equal(dec(x.want)) || x.got.Cell != fmt.Sprintf("Participants!%s%d", x.col, i+3) {
				t.Errorf("participant %d %s = %+v, want %v in column %s", i, x.name, x.got, x.want, x.col)
			}
		}
		if got.DaysAttended.Value != want.DaysAttended.(int) || got.DaysAttended.Cell != fmt.Sprintf("Participants!K%d", i+3) {
			t.Errorf("participant %d DaysAttended = %+v", i, got.DaysAttended)
		}
		if !got.DaysAbsent.Ok() || got.DaysAbsent.Cell != fmt.Sprintf("Participants!L%d", i+3) {
			t.Errorf("participant %d DaysAbsent = %+v", i, got.DaysAbsent)
		}
	}
}

// TestReadTABill_ThroughOpen checks that Open recognises the fixtures and
// hands them to these readers.
func TestReadTABill_ThroughOpen(t *testing.T) {
	tests := []struct {
		file string
		kind stpclaims.FormKind
		rows func(stpclaims.Form) int
	}{
		{"tabill/bill.xlsx", stpclaims.FormTABill, func(f stpclaims.Form) int { return len(f.TABill.Participants) }},
		{"settlement/statement.xlsx", stpclaims.FormSettlement, func(f stpclaims.Form) int { return len(f.Settlement.Expenditure) }},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			wb, err := Open(context.Background(), filepath.Base(tt.file), data, Limits{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer wb.Close()
			if wb.Forms[0].Kind != tt.kind {
				t.Fatalf("Kind = %q, want %q", wb.Forms[0].Kind, tt.kind)
			}
			if n := tt.rows(wb.Forms[0]); n != map[stpclaims.FormKind]int{stpclaims.FormTABill: 8, stpclaims.FormSettlement: 11}[tt.kind] {
				t.Errorf("%d rows read", n)
			}
		})
	}
}
