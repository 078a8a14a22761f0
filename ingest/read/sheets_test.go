package read

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read/internal/tagen"
)

// claimRows is a filled Annexure II, label beside value, from row 1.
func claimRows(code string, food any) [][]any {
	return [][]any{
		{"Training Programme Code", code},
		{"Name of training Programme", "Noting and drafting"},
		{"Duration", "12.01.2027 to 16.01.2027 (5 days)"},
		{"No. of participants", 30},
		{"No. of Guest Faculty", 2},
		{"Number of sessions allotted to Guest Faculty", 4},
		{"Class of officers", "II, III"},
		{"Type of training programme", "District"},
		{"Food & Refreshments", food},
		{"Advance Claimed", 20000},
	}
}

// blankRows is the proforma with nothing filled in.
func blankRows() [][]any {
	var out [][]any
	for _, r := range claimRows("", nil) {
		out = append(out, r[:1])
	}
	return out
}

// putRows writes rows on sheet from row from (1-based), column A on,
// making the sheet if need be.
func putRows(t testing.TB, f *excelize.File, sheet string, from int, rows [][]any) {
	t.Helper()
	if i, _ := f.GetSheetIndex(sheet); i < 0 {
		if _, err := f.NewSheet(sheet); err != nil {
			t.Fatal(err)
		}
	}
	for r, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, from+r)
		if err := f.SetSheetRow(sheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
}

// newBook is a workbook whose first sheet is named first.
func newBook(t testing.TB, first string) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	if err := f.SetSheetName("Sheet1", first); err != nil {
		t.Fatal(err)
	}
	return f
}

// formsOf lists the forms' kinds, sheets and programme codes.
func formsOf(forms []stpclaims.Form) []string {
	var out []string
	for _, f := range forms {
		out = append(out, string(f.Kind)+" "+f.Sheet+" "+f.ProgrammeCode().Value)
	}
	return out
}

// unreadOf lists what the forms did not read: why, which sheet, and the
// sheet read instead or the hidden rows and columns.
func unreadOf(forms []stpclaims.Form) []string {
	var out []string
	for _, f := range forms {
		for _, u := range f.Unread {
			s := string(u.Why) + " " + u.Sheet
			if u.Other != "" {
				s += " (" + u.Other + ")"
			}
			if u.Holds != "" && u.Holds != stpclaims.FormUnknown {
				s += " holds " + string(u.Holds)
			}
			for _, r := range u.Rows {
				s += " r" + two(r)
			}
			for _, c := range u.Cols {
				s += " c" + two(c)
			}
			out = append(out, f.Sheet+": "+s)
		}
	}
	return out
}

func two(n int) string { return fmt.Sprintf("%02d", n) }

// billTable is a Participants table of n sample participants on sheet.
func billTable(sheet string, n int) tagen.Table {
	t := tagen.ParticipantsTable(nil, tagen.StandardColumns(), samples(n))
	t.Sheet = sheet
	return t
}

// TestOpen_Sheets reads workbooks of several sheets: each sheet holding a
// form is a form of its own, in sheet order; every other sheet is
// accounted for.
func TestOpen_Sheets(t *testing.T) {
	tests := []struct {
		name   string
		build  func(t *testing.T) *excelize.File
		forms  []string
		unread []string
	}{
		{"two programmes and a Notes sheet, an empty sheet passed over", func(t *testing.T) *excelize.File {
			f := newBook(t, "Programme 1")
			putRows(t, f, "Programme 1", 1, claimRows("STP/01", 30000))
			putRows(t, f, "Programme 2", 1, claimRows("STP/02", 90000))
			putRows(t, f, "Notes", 1, [][]any{{"Food bills to follow"}, {"Venue confirmed by phone"}})
			putRows(t, f, "Sheet3", 1, nil)
			return f
		}, []string{"annexure2 Programme 1 STP/01", "annexure2 Programme 2 STP/02"},
			[]string{"Programme 1: no-form Notes"}},
		{"a hidden and a very hidden sheet", func(t *testing.T) *excelize.File {
			f := newBook(t, "2026")
			putRows(t, f, "2026", 1, claimRows("STP/26", 30000))
			putRows(t, f, "2025", 1, claimRows("STP/25", 30000))
			putRows(t, f, "Macro", 1, [][]any{{"x"}})
			if err := f.SetSheetVisible("2025", false); err != nil {
				t.Fatal(err)
			}
			if err := f.SetSheetVisible("Macro", false, true); err != nil {
				t.Fatal(err)
			}
			return f
		}, []string{"annexure2 2026 STP/26"},
			[]string{"2026: hidden-sheet 2025 holds annexure2", "2026: very-hidden-sheet Macro"}},
		{"a blank proforma beside a filled one", func(t *testing.T) *excelize.File {
			f := newBook(t, "Claim")
			putRows(t, f, "Claim", 1, claimRows("STP/01", 30000))
			putRows(t, f, "Blank", 1, blankRows())
			return f
		}, []string{"annexure2 Claim STP/01"}, []string{"Claim: blank Blank holds annexure2"}},
		{"a blank proforma alone is read", func(t *testing.T) *excelize.File {
			f := newBook(t, "Blank")
			putRows(t, f, "Blank", 1, blankRows())
			return f
		}, []string{"annexure2 Blank "}, nil},
		{"a copy, figure for figure", func(t *testing.T) *excelize.File {
			f := newBook(t, "Claim")
			putRows(t, f, "Claim", 1, claimRows("STP/01", 30000))
			putRows(t, f, "Copy", 3, claimRows("STP/01", "Rs. 30,000/-"))
			return f
		}, []string{"annexure2 Claim STP/01"}, []string{"Claim: copy Copy (Claim) holds annexure2"}},
		{"the same programme with other figures is read twice", func(t *testing.T) *excelize.File {
			f := newBook(t, "Claim")
			putRows(t, f, "Claim", 1, claimRows("STP/01", 30000))
			putRows(t, f, "Revised", 1, claimRows("STP/01", 25000))
			return f
		}, []string{"annexure2 Claim STP/01", "annexure2 Revised STP/01"}, nil},
		{"the Annexure II sent with its settlement", func(t *testing.T) *excelize.File {
			g, err := tagen.Workbook(tagen.SampleSettlement([]any{"Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes"}))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { g.Close() })
			putRows(t, g, "Advance", 1, claimRows("STP/2026/014", 30000))
			return g
		}, []string{"settlement Settlement STP/2026/014"},
			[]string{"Settlement: beside Advance (Settlement) holds annexure2"}},
		{"another programme's Annexure II beside a settlement", func(t *testing.T) *excelize.File {
			g, err := tagen.Workbook(tagen.SampleSettlement([]any{"Yes", "Yes", "Yes", "Yes", "Yes", "Yes", "Yes"}))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { g.Close() })
			putRows(t, g, "Next", 1, claimRows("STP/2026/020", 30000))
			return g
		}, []string{"settlement Settlement STP/2026/014", "annexure2 Next STP/2026/020"}, nil},
		{"a TA bill and a second participants table", func(t *testing.T) *excelize.File {
			g, err := tagen.Workbook(
				billTable("Participants", 2), billTable("Batch 2", 3))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { g.Close() })
			return g
		}, []string{"ta-bill Participants "}, []string{"Participants: second-bill Batch 2 (Participants) holds ta-bill"}},
		{"a template's own sheets are not named", func(t *testing.T) *excelize.File {
			f := newBook(t, "Annexure II")
			putRows(t, f, "Annexure II", 1, claimRows("STP/01", 30000))
			putRows(t, f, stpclaims.TemplateInstructionsSheet, 1, [][]any{{"Fill the tinted cells."}})
			putRows(t, f, stpclaims.TemplateRatesSheet, 1, [][]any{{"value", "key"}, {750, "rate.gf_session"}})
			if err := f.SetSheetVisible(stpclaims.TemplateRatesSheet, false); err != nil {
				t.Fatal(err)
			}
			if err := f.SetDocProps(&excelize.DocProperties{Title: stpclaims.TemplateTitle}); err != nil {
				t.Fatal(err)
			}
			return f
		}, []string{"annexure2 Annexure II STP/01"}, nil},
		{"sheets of those names in another workbook are", func(t *testing.T) *excelize.File {
			f := newBook(t, "Annexure II")
			putRows(t, f, "Annexure II", 1, claimRows("STP/01", 30000))
			putRows(t, f, stpclaims.TemplateInstructionsSheet, 1, [][]any{{"Fill the tinted cells."}})
			return f
		}, []string{"annexure2 Annexure II STP/01"}, []string{"Annexure II: no-form Instructions"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms := openBook(t, tt.build(t)).Forms
			if got := formsOf(forms); !slices.Equal(got, tt.forms) {
				t.Errorf("forms %q, want %q", got, tt.forms)
			}
			if got := unreadOf(forms); !slices.Equal(got, tt.unread) {
				t.Errorf("unread %q, want %q", got, tt.unread)
			}
		})
	}
}

// TestOpen_HiddenSheetOnly: a workbook whose only form is on a hidden
// sheet is not read, and the reason says where the form is.
func TestOpen_HiddenSheetOnly(t *testing.T) {
	f := newBook(t, "Cover")
	putRows(t, f, "Cover", 1, [][]any{{"Advance claim, see next sheet"}})
	putRows(t, f, "Claim", 1, claimRows("STP/01", 30000))
	if err := f.SetSheetVisible("Claim", false); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), "hidden.xlsx", buf.Bytes(), DefaultLimits())
	var rej *stpclaims.Rejection
	if !errors.As(err, &rej) || rej.Form != stpclaims.FormAnnexureII || !strings.Contains(rej.Reason, `"Claim", which is hidden`) {
		t.Fatalf("err = %v, want a rejection naming the hidden sheet", err)
	}
}

// TestOpen_HiddenCells: hidden rows and columns are not read as the claim,
// and those holding values are told with the form; by the row scanner and
// by excelize's Rows iterator alike.
func TestOpen_HiddenCells(t *testing.T) {
	t.Run("scanner", hiddenCells)
	t.Run("Rows iterator", func(t *testing.T) {
		rawScanEnabled = false
		defer func() { rawScanEnabled = true }()
		hiddenCells(t)
	})
}

func hiddenCells(t *testing.T) {
	t.Run("last year's figures in hidden rows above", func(t *testing.T) {
		f := newBook(t, "Claim")
		putRows(t, f, "Claim", 1, claimRows("STP/25", 99000))
		putRows(t, f, "Claim", 12, claimRows("STP/26", 30000))
		for r := 1; r <= 10; r++ {
			if err := f.SetRowVisible("Claim", r, false); err != nil {
				t.Fatal(err)
			}
		}
		forms := openBook(t, f).Forms
		a := forms[0].AnnexureII
		if a.ProgrammeCode.Value != "STP/26" || a.ProgrammeCode.Cell != "Claim!B12" || a.Food.Value.IntPart() != 30000 || len(a.Conflicts) != 0 {
			t.Errorf("read code %+v, food %+v, conflicts %+v; want this year's, no conflict", a.ProgrammeCode, a.Food, a.Conflicts)
		}
		want := []string{"Claim: hidden-cells Claim r01 r02 r03 r04 r05 r06 r07 r08 r09 r10"}
		if got := unreadOf(forms); !slices.Equal(got, want) {
			t.Errorf("unread %q, want %q", got, want)
		}
		if u := forms[0].Unread[0]; u.Cell != "Claim!A1" {
			t.Errorf("cell %q, want Claim!A1", u.Cell)
		}
	})
	t.Run("a hidden column of old figures", func(t *testing.T) {
		f := newBook(t, "Claim")
		rows := claimRows("STP/26", 30000)
		for i := range rows {
			rows[i] = append([]any{rows[i][0], "old"}, rows[i][1:]...)
		}
		putRows(t, f, "Claim", 1, rows)
		if err := f.SetColVisible("Claim", "B", false); err != nil {
			t.Fatal(err)
		}
		forms := openBook(t, f).Forms
		a := forms[0].AnnexureII
		if a.Food.Cell != "Claim!C9" || !a.Food.Ok() || a.ProgrammeCode.Value != "STP/26" {
			t.Errorf("food %+v, code %+v; want C9 and the code beside the hidden column", a.Food, a.ProgrammeCode)
		}
		want := []string{"Claim: hidden-cells Claim c02"}
		if got := unreadOf(forms); !slices.Equal(got, want) {
			t.Errorf("unread %q, want %q", got, want)
		}
	})
	t.Run("a hidden participant", func(t *testing.T) {
		g, err := tagen.Workbook(billTable("Participants", 3))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { g.Close() })
		hidden := 3 // the second participant, under the header row
		if err := g.SetRowVisible("Participants", hidden, false); err != nil {
			t.Fatal(err)
		}
		forms := openBook(t, g).Forms
		bill := forms[0].TABill
		if len(bill.Participants) != 2 || slices.ContainsFunc(bill.Participants, func(p stpclaims.Participant) bool { return p.Row == hidden }) {
			t.Errorf("participants read: %d (rows %v), want 2 without row %d", len(bill.Participants), rowsOf(bill.Participants), hidden)
		}
		want := []string{"Participants: hidden-cells Participants r" + two(hidden)}
		if got := unreadOf(forms); !slices.Equal(got, want) {
			t.Errorf("unread %q, want %q", got, want)
		}
	})
	t.Run("hidden but empty: nothing to tell", func(t *testing.T) {
		f := newBook(t, "Claim")
		putRows(t, f, "Claim", 3, claimRows("STP/26", 30000))
		for _, r := range []int{1, 2, 20} {
			if err := f.SetRowVisible("Claim", r, false); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.SetColVisible("Claim", "F", false); err != nil {
			t.Fatal(err)
		}
		if got := unreadOf(openBook(t, f).Forms); len(got) != 0 {
			t.Errorf("unread %q, want nothing", got)
		}
	})
}

func rowsOf(ps []stpclaims.Participant) []int {
	var out []int
	for _, p := range ps {
		out = append(out, p.Row)
	}
	return out
}

// TestOpen_PastedTwice: a form pasted twice on one sheet is read once when
// the copies agree; where they differ, in figures or with a line left
// blank in one copy, neither value is taken (AII-CONFLICT).
func TestOpen_PastedTwice(t *testing.T) {
	tests := []struct {
		name      string
		second    [][]any
		food      stpclaims.State
		conflicts []stpclaims.Conflict
	}{
		{"identical", claimRows("STP/01", "Rs. 30,000/-"), stpclaims.Present, nil},
		{"other food", claimRows("STP/01", 45000), stpclaims.Unreadable,
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Claim!B9", "Claim!B29"}, Raws: [2]string{"30000", "45000"}}}},
		{"food left blank in the copy", claimRows("STP/01", nil), stpclaims.Unreadable,
			[]stpclaims.Conflict{{Field: "food", Cells: [2]string{"Claim!B9", "Claim!B29"}, Raws: [2]string{"30000", ""}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newBook(t, "Claim")
			putRows(t, f, "Claim", 1, claimRows("STP/01", 30000))
			putRows(t, f, "Claim", 21, tt.second)
			forms := openBook(t, f).Forms
			if len(forms) != 1 {
				t.Fatalf("%d forms, want 1", len(forms))
			}
			a := forms[0].AnnexureII
			if a.Food.State != tt.food {
				t.Errorf("food %+v, want %v", a.Food, tt.food)
			}
			if !slices.Equal(a.Conflicts, tt.conflicts) {
				t.Errorf("conflicts %+v, want %+v", a.Conflicts, tt.conflicts)
			}
		})
	}
}

// TestHiddenCols reads a worksheet head's <cols> as excelize does.
func TestHiddenCols(t *testing.T) {
	const sd = `<sheetData>`
	tests := []struct {
		name, head string
		want       []bool
		ok         bool
	}{
		{"none", `<worksheet><sheetViews/>` + sd, nil, true},
		{"a range hidden", `<worksheet><cols><col min="1" max="1" width="9"/><col min="2" max="3" hidden="1"/></cols>` + sd, []bool{false, true, true}, true},
		{"LibreOffice's words", `<worksheet><cols><col collapsed="false" hidden="false" max="1" min="1"/><col hidden="true" max="4" min="4"/></cols>` + sd, []bool{false, false, false, true}, true},
		{"a prefixed name", `<x:worksheet xmlns:x="s"><x:cols><x:col min="2" max="2" hidden="1"/></x:cols><x:sheetData>`, []bool{false, true}, true},
		{"a self-closed sheetData", `<worksheet><cols><col min="1" max="1" hidden="1"/></cols><sheetData/>`, []bool{true}, true},
		{"broken", `<worksheet><cols><col min="1" max="1" hidden="1"</cols>` + sd, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := hiddenCols([]byte(tt.head))
			if ok != tt.ok || !slices.Equal(got, tt.want) {
				t.Errorf("hiddenCols = %v, %v; want %v, %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestOpen_SheetFixtures reads the LibreOffice-saved fixtures of several
// sheets and hidden parts (testdata/sheets): what each reads as, and what
// it does not read. LibreOffice saves a very hidden sheet as hidden.
func TestOpen_SheetFixtures(t *testing.T) {
	for _, tt := range []struct {
		name          string
		forms, unread []string
	}{
		{"programmes.xlsx", []string{"annexure2 Programme 1 STP/LSGD/2026/021", "annexure2 Programme 2 STP/LSGD/2026/022"},
			[]string{"Programme 1: hidden-sheet Last year holds annexure2", "Programme 1: no-form Notes"}},
		{"hidden.xlsx", []string{"annexure2 Annexure II STP/LSGD/2026/021"},
			[]string{"Annexure II: hidden-sheet Macro", "Annexure II: hidden-cells Annexure II" + rowList(1, 28) + rowList(30, 32) + " c03"}},
		{"hidden-bill.xlsx", []string{"ta-bill Participants STP/LSGD/2026/021"}, []string{"Participants: hidden-cells Participants r09"}},
		{"twice.xlsx", []string{"annexure2 Annexure II STP/LSGD/2026/021"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			forms := openFixture(t, "sheets/"+tt.name).Forms
			if got := formsOf(forms); !slices.Equal(got, tt.forms) {
				t.Errorf("forms %q, want %q", got, tt.forms)
			}
			if got := unreadOf(forms); !slices.Equal(got, tt.unread) {
				t.Errorf("unread %q, want %q", got, tt.unread)
			}
		})
	}
}

// rowList is " r01 r02 …" for rows from to to.
func rowList(from, to int) string {
	var b strings.Builder
	for r := from; r <= to; r++ {
		b.WriteString(" r" + two(r))
	}
	return b.String()
}

// TestSheetGrid_shedCells: a grid that has let go of its cells still tells
// its first cell (and an empty sheet's A1, not found), and holds no row.
func TestSheetGrid_shedCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]string
		want string
		ok   bool
	}{
		{"filled", [][]string{{}, {"", " ", "Name"}, {"x"}}, "Notes!C2", true},
		{"empty", [][]string{{}, {" "}}, "Notes!A1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := &sheetGrid{name: "Notes", rows: tc.rows}
			g.normAt(1, 0)
			g.shedCells()
			g.shedCells()
			if cell, ok := g.firstCell(); cell != tc.want || ok != tc.ok {
				t.Errorf("firstCell = %q, %v; want %q, %v", cell, ok, tc.want, tc.ok)
			}
			if g.rows != nil || g.norm != nil || g.done != nil {
				t.Error("the grid still holds its cells")
			}
		})
	}
}
