package printsetup

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sheetOf makes a workbook whose sheet "Form's sheet" has cols columns of
// width wide and rows rows of text.
func sheetOf(t *testing.T, cols int, width float64, rows int) *excelize.File {
	t.Helper()
	f := excelize.NewFile()
	t.Cleanup(func() { f.Close() })
	if err := f.SetSheetName("Sheet1", "Form's sheet"); err != nil {
		t.Fatal(err)
	}
	last, _ := excelize.ColumnNumberToName(cols)
	if err := f.SetColWidth("Form's sheet", "A", last, width); err != nil {
		t.Fatal(err)
	}
	for r := 1; r <= rows; r++ {
		cell, _ := excelize.CoordinatesToCellName(cols, r)
		if err := f.SetCellValue("Form's sheet", cell, "x"); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// reopen saves and opens f again, as a reader of the file would see it.
func reopen(t *testing.T, f *excelize.File) *excelize.File {
	t.Helper()
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name        string
		cols        int
		width       float64
		rows        int
		page        Page
		orientation string
		tall        int
		area        string
		titles      string
	}{
		{"narrow form on one page: portrait", 5, 20, 40, Page{Tall: 1, Footer: "Annexure II"}, "portrait", 1, "'Form''s sheet'!$A$1:$E$40", ""},
		{"wide table: landscape", 22, 11, 100, Page{RepeatFrom: 9}, "landscape", 0, "'Form''s sheet'!$A$1:$V$100", "'Form''s sheet'!$9:$9"},
		{"long narrow list: portrait", 4, 15, 300, Page{RepeatFrom: 1, RepeatTo: 2}, "portrait", 0, "'Form''s sheet'!$A$1:$D$300", "'Form''s sheet'!$1:$2"},
		{"orientation as asked", 22, 11, 10, Page{Orientation: Portrait, Area: "A1:C5"}, "portrait", 0, "'Form''s sheet'!$A$1:$C$5", ""},
		{"wide and tall on one page: the larger print", 12, 14, 40, Page{Tall: 1}, "landscape", 1, "'Form''s sheet'!$A$1:$L$40", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := sheetOf(t, tc.cols, tc.width, tc.rows)
			if err := Apply(f, "Form's sheet", tc.page); err != nil {
				t.Fatal(err)
			}
			g := reopen(t, f)
			pl, err := g.GetPageLayout("Form's sheet")
			if err != nil {
				t.Fatal(err)
			}
			if pl.Size == nil || *pl.Size != paperSizeA4 {
				t.Errorf("paper size %v, want A4 (%d)", pl.Size, paperSizeA4)
			}
			if pl.Orientation == nil || *pl.Orientation != tc.orientation {
				t.Errorf("orientation %v, want %s", deref(pl.Orientation), tc.orientation)
			}
			if pl.FitToWidth == nil || *pl.FitToWidth != 1 {
				t.Errorf("fit to %v pages wide, want 1", deref(pl.FitToWidth))
			}
			if pl.FitToHeight == nil || *pl.FitToHeight != tc.tall {
				t.Errorf("fit to %v pages tall, want %d", deref(pl.FitToHeight), tc.tall)
			}
			props, err := g.GetSheetProps("Form's sheet")
			if err != nil {
				t.Fatal(err)
			}
			if props.FitToPage == nil || !*props.FitToPage {
				t.Error("fit to page is off: the fit settings would be ignored")
			}
			names := map[string]string{}
			for _, dn := range g.GetDefinedName() {
				if dn.Scope == "Form's sheet" {
					names[dn.Name] = dn.RefersTo
				}
			}
			if names["_xlnm.Print_Area"] != tc.area {
				t.Errorf("print area %q, want %q", names["_xlnm.Print_Area"], tc.area)
			}
			if names["_xlnm.Print_Titles"] != tc.titles {
				t.Errorf("repeated rows %q, want %q", names["_xlnm.Print_Titles"], tc.titles)
			}
			hf, err := g.GetHeaderFooter("Form's sheet")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(hf.OddFooter, "&P of &N") || (tc.page.Footer != "" && !strings.Contains(hf.OddFooter, "&L"+tc.page.Footer)) {
				t.Errorf("footer %q, want %q and the page number", hf.OddFooter, tc.page.Footer)
			}
			m, err := g.GetPageMargins("Form's sheet")
			if err != nil {
				t.Fatal(err)
			}
			if m.Left == nil || *m.Left != marginSide || m.Bottom == nil || *m.Bottom != marginBottom {
				t.Errorf("margins %v %v", deref(m.Left), deref(m.Bottom))
			}
		})
	}
}

func TestApply_Twice(t *testing.T) {
	f := sheetOf(t, 3, 10, 5)
	for _, p := range []Page{{RepeatFrom: 1}, {RepeatFrom: 2, Area: "A1:B3"}} {
		if err := Apply(f, "Form's sheet", p); err != nil {
			t.Fatalf("%+v: %v", p, err)
		}
	}
	var areas, titles []string
	for _, dn := range reopen(t, f).GetDefinedName() {
		switch dn.Name {
		case "_xlnm.Print_Area":
			areas = append(areas, dn.RefersTo)
		case "_xlnm.Print_Titles":
			titles = append(titles, dn.RefersTo)
		}
	}
	if len(areas) != 1 || areas[0] != "'Form''s sheet'!$A$1:$B$3" || len(titles) != 1 || titles[0] != "'Form''s sheet'!$2:$2" {
		t.Errorf("after a second Apply: areas %v, titles %v", areas, titles)
	}
}

func TestApply_Errors(t *testing.T) {
	f := sheetOf(t, 3, 10, 5)
	if err := Apply(f, "Form's sheet", Page{Area: "A1"}); !errors.Is(err, ErrArea) {
		t.Errorf("area A1: %v, want ErrArea", err)
	}
	if err := Apply(f, "Form's sheet", Page{Area: "1A:B2"}); !errors.Is(err, ErrArea) {
		t.Errorf("area 1A:B2: %v, want ErrArea", err)
	}
	_ = f.SetColWidth("Form's sheet", "B", "B", MaxColumnWidth(Portrait)+1)
	if err := Apply(f, "Form's sheet", Page{Orientation: Portrait}); !errors.Is(err, ErrTooWide) {
		t.Errorf("a column wider than a portrait page: %v, want ErrTooWide", err)
	}
	if err := Apply(f, "Form's sheet", Page{Orientation: Landscape}); err != nil {
		t.Errorf("the same column on a landscape page: %v", err)
	}
	if err := Apply(f, "No such sheet", Page{}); err == nil {
		t.Error("no error for a sheet that does not exist")
	}
}

func TestFooter(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", "&RPage &P of &N"},
		{"STP/REV/2026/11", "&LSTP/REV/2026/11&RPage &P of &N"},
		{"Food & Refreshments", "&LFood && Refreshments&RPage &P of &N"},
	} {
		if got := footer(tc.text); got != tc.want {
			t.Errorf("footer(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
}

func TestChoose(t *testing.T) {
	for _, tc := range []struct {
		name string
		w, h float64
		tall int
		want Orientation
	}{
		{"fits portrait", 400, 300, 0, Portrait},
		{"a little wide: portrait, shrunk a little", 540, 300, 0, Portrait},
		{"much wider than portrait: landscape", 1200, 3000, 0, Landscape},
		{"tall form on one page: portrait", 660, 900, 1, Portrait},
		{"nothing to print", 0, 0, 1, Portrait},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := choose(tc.w, tc.h, tc.tall); got != tc.want {
				t.Errorf("choose(%v, %v, %d) = %d, want %d", tc.w, tc.h, tc.tall, got, tc.want)
			}
		})
	}
}

func TestFitRows(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	wrap, _ := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true}})
	small, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: 8}, Alignment: &excelize.Alignment{WrapText: true}})
	_ = f.SetColWidth(sh, "A", "A", 20)
	_ = f.SetColWidth(sh, "B", "D", 10)
	long := strings.Repeat("guest faculty remuneration ", 6)
	set := func(cell string, v any, style int) {
		t.Helper()
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
		if style != 0 {
			_ = f.SetCellStyle(sh, cell, cell, style)
		}
	}
	set("A1", long, wrap) // wrapped: grows
	set("A2", long, 0)    // not wrapped: spills over, stays
	set("B3", long, wrap) // the narrower column: taller than row 1
	set("B4", long, wrap) // merged over B:D: as wide as A, so as tall as row 1
	set("A5", "Total", wrap)
	set("A6", long, small) // smaller font: lower than row 1
	set("A7", long, wrap)  // already taller than it needs: stays
	set("A8", long, wrap)  // merged over two rows: left alone
	_ = f.MergeCell(sh, "B4", "D4")
	_ = f.MergeCell(sh, "A8", "A9")
	_ = f.SetRowHeight(sh, 7, 300)
	if err := FitRows(f, sh); err != nil {
		t.Fatal(err)
	}
	h := map[int]float64{}
	for r := 1; r <= 9; r++ {
		h[r], _ = f.GetRowHeight(sh, r)
	}
	want1 := RowHeight(long, 20, 11)
	switch {
	case h[1] != want1 || h[1] <= DefaultRowHeight:
		t.Errorf("row 1: %v, want %v", h[1], want1)
	case h[2] != DefaultRowHeight:
		t.Errorf("row 2 (no wrap): %v, want the default", h[2])
	case h[3] <= h[1]:
		t.Errorf("row 3 (narrow column) %v not taller than row 1 %v", h[3], h[1])
	case h[4] > h[1]+1 || h[4] <= DefaultRowHeight:
		t.Errorf("row 4 (merged B:D) %v, want about row 1's %v", h[4], h[1])
	case h[5] != DefaultRowHeight:
		t.Errorf("row 5 (one word): %v", h[5])
	case h[6] >= h[1]:
		t.Errorf("row 6 (8 pt) %v not lower than row 1 %v", h[6], h[1])
	case h[7] != 300:
		t.Errorf("row 7 lowered to %v", h[7])
	case h[8] != DefaultRowHeight:
		t.Errorf("row 8 (merge of two rows): %v", h[8])
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestBrokenWords(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true}})
	plain, _ := f.NewStyle(&excelize.Style{})
	_ = f.SetColWidth(sh, "A", "D", 8)
	for cell, v := range map[string]string{"A1": "Remuneration claimed", "B1": "Days absent", "C1": "Conveyance", "D1": "Remuneration"} {
		_ = f.SetCellValue(sh, cell, v)
		_ = f.SetCellStyle(sh, cell, cell, bold)
	}
	_ = f.SetCellStyle(sh, "D1", "D1", plain) // not wrapped: spills over, never broken
	_ = f.SetCellValue(sh, "A2", "Remuneration claimed")
	_ = f.SetCellStyle(sh, "A2", "A2", bold)
	_ = f.MergeCell(sh, "A2", "B2") // as wide as two columns: fits
	got, err := BrokenWords(f, sh)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"A1", "C1"}; !slices.Equal(got, want) {
		t.Errorf("BrokenWords = %v, want %v", got, want)
	}
}
