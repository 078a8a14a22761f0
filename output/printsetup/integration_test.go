//go:build integration

package printsetup

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/sofficetest"
)

var (
	english   = strings.Fields("the co-ordinator shall claim advance for training programme participants faculty photocopy charges material distributed verification food refreshments accommodation hiring venue equipments rupees per day session of minutes duration guest local conveyance a an to and in on IMG Kerala Thiruvananthapuram Rs.750 (Sl.No.9 16) x No. Line 14, reduce to Rs 32,055 (over by Rs 7,945)")
	malayalam = strings.Fields("പരിശീലന പരിപാടി പങ്കെടുക്കുന്നവർ യാത്രാബത്ത ദിനബത്ത ഭക്ഷണം താമസം സ്ഥലം തുക രൂപ അഡ്വാൻസ് കോഓർഡിനേറ്റർ")
)

// wrappedBook is a sheet of wrapped texts in columns of several widths, in
// fonts of several sizes, English and Malayalam, each text between the
// markers Qn and Zn, its rows fitted by FitRows.
func wrappedBook(t *testing.T) (data []byte, n int) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	r := rand.New(rand.NewPCG(14, 14))
	widths := map[string]float64{"A": 12, "B": 30, "C": 52}
	for col, w := range widths {
		_ = f.SetColWidth(sh, col, col, w)
	}
	row := 1
	for _, size := range []float64{9, 11} {
		for _, bold := range []bool{false, true} {
			for _, valign := range []string{"top", ""} {
				st, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Size: size, Bold: bold},
					Alignment: &excelize.Alignment{WrapText: true, Vertical: valign}})
				if err != nil {
					t.Fatal(err)
				}
				for _, words := range [][]string{english, malayalam} {
					for _, col := range []string{"A", "B", "C"} {
						n++
						var b []string
						most := 45
						if col == "A" {
							most = 20 // within the tallest row a sheet allows
						}
						for range 3 + r.IntN(most) {
							b = append(b, words[r.IntN(len(words))])
						}
						cell := fmt.Sprintf("%s%d", col, row)
						_ = f.SetCellValue(sh, cell, fmt.Sprintf("Q%d %s Z%d", n, strings.Join(b, " "), n))
						_ = f.SetCellStyle(sh, cell, cell, st)
						row++
					}
				}
			}
		}
	}
	if err := FitRows(f, sh); err != nil {
		t.Fatal(err)
	}
	if err := Apply(f, sh, Page{Orientation: Portrait, Footer: "wrapped texts"}); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

// formatsBook holds amounts and dates in the package's formats.
func formatsBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "Sheet1"
	_ = f.SetColWidth(sh, "A", "B", 18)
	row := 0
	put := func(format string, v any) {
		row++
		st, err := f.NewStyle(&excelize.Style{CustomNumFmt: &format})
		if err != nil {
			t.Fatal(err)
		}
		cell := fmt.Sprintf("B%d", row)
		_ = f.SetCellValue(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("row%d", row))
		_ = f.SetCellValue(sh, cell, v)
		_ = f.SetCellStyle(sh, cell, cell, st)
	}
	for _, v := range []int{0, 999, 1000, 99999, 100000, 622262, 9999999, 12345678} {
		put(Rupees, v)
	}
	put(RupeesPaise, 55700.5)
	put(RupeesPaise, 622262)
	for _, v := range []int{-2500, -622262, 622262, 0} {
		put(SignedRupees, v)
	}
	put(SignedRupeesPaise, -2500.5)
	put(SignedRupeesPaise, 622262.25)
	put(Date, 46034) // 12.01.2026
	if err := Apply(f, sh, Page{}); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wideBook is a table of 22 columns and 150 rows under a header row.
func wideBook(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sh := "TA bill"
	_ = f.SetSheetName("Sheet1", sh)
	for c := 1; c <= 22; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		_ = f.SetColWidth(sh, col, col, 11)
		_ = f.SetCellValue(sh, col+"1", "Head"+col)
		for r := 2; r <= 151; r++ {
			_ = f.SetCellValue(sh, fmt.Sprintf("%s%d", col, r), fmt.Sprintf("%s%d", col, r))
		}
	}
	if err := Apply(f, sh, Page{RepeatFrom: 1, Footer: "STP/REV/2026/11"}); err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestPrint_LibreOffice renders sheets set up by the package in
// LibreOffice and reads the PDFs: wrapped texts never lie over the next
// row, amounts and dates read as people write them, and a wide table
// prints one page wide with its header and footer on every page.
func TestPrint_LibreOffice(t *testing.T) {
	wrapped, n := wrappedBook(t)
	pdfs := sofficetest.Convert(t, "pdf", map[string][]byte{
		"wrapped.xlsx": wrapped, "formats.xlsx": formatsBook(t), "wide.xlsx": wideBook(t),
	})
	keep := sofficetest.KeepDir(t, "printsetup")
	for name, pdf := range pdfs {
		sofficetest.PNG(t, pdf, keep, strings.TrimSuffix(name, ".xlsx"), 60)
	}

	t.Run("wrapped text stays in its row", func(t *testing.T) {
		pages := sofficetest.Pages(t, pdfs["wrapped.xlsx"])
		type span struct {
			page       int
			top, below float64
			seen       int
		}
		spans := make([]span, n+1)
		for p, page := range pages {
			for _, w := range page.Words {
				var k int
				switch {
				case len(w.Text) > 1 && w.Text[0] == 'Q' && sscan(w.Text[1:], &k) && k <= n:
					spans[k].page, spans[k].top = p, w.YMin
					spans[k].seen++
				case len(w.Text) > 1 && w.Text[0] == 'Z' && sscan(w.Text[1:], &k) && k <= n:
					spans[k].below = w.YMax
					spans[k].seen++
				}
			}
		}
		for k := 1; k <= n; k++ {
			if spans[k].seen != 2 {
				t.Errorf("text %d: %d of its two markers printed (cut)", k, spans[k].seen)
				continue
			}
			if k > 1 && spans[k-1].seen == 2 && spans[k].page == spans[k-1].page && spans[k].top < spans[k-1].below-0.5 {
				t.Errorf("text %d starts at %.1f, above the end of text %d at %.1f: they overlap", k, spans[k].top, k-1, spans[k-1].below)
			}
		}
	})

	t.Run("amounts and dates", func(t *testing.T) {
		text := ""
		for _, p := range sofficetest.Pages(t, pdfs["formats.xlsx"]) {
			text += p.Text
		}
		for _, want := range []string{" 0\n", " 999\n", " 1,000\n", " 99,999\n", " 1,00,000\n", " 6,22,262\n", " 99,99,999\n", " 1,23,45,678\n",
			" 55,700.50\n", " 6,22,262.00\n", " -2,500\n", " -622,262\n", " -2,500.50\n", " 6,22,262.25\n", " 12.01.2026\n"} {
			if !strings.Contains(text, want) {
				t.Errorf("no %q in:\n%s", strings.TrimSpace(want), text)
			}
		}
		if strings.Contains(text, "--") || strings.Contains(text, "###") {
			t.Errorf("a doubled sign or ### in:\n%s", text)
		}
	})

	t.Run("wide table: one page wide, header and footer on every page", func(t *testing.T) {
		pages := sofficetest.Pages(t, pdfs["wide.xlsx"])
		if len(pages) < 2 || len(pages) > 5 {
			t.Fatalf("%d pages for 150 rows", len(pages))
		}
		for i, p := range pages {
			for _, want := range []string{"HeadA", "HeadV", "STP/REV/2026/11", fmt.Sprintf("Page %d of %d", i+1, len(pages))} {
				if !strings.Contains(p.Text, want) {
					t.Errorf("page %d lacks %q", i+1, want)
				}
			}
		}
		if !strings.Contains(pages[0].Text, "V2") || !strings.Contains(pages[len(pages)-1].Text, "V151") {
			t.Error("the last column or the last row is not printed")
		}
	})

	t.Run("nothing in the side margins", func(t *testing.T) {
		for _, name := range []string{"wrapped.xlsx", "wide.xlsx", "formats.xlsx"} {
			for i, p := range sofficetest.Pages(t, pdfs[name]) {
				for _, w := range p.Words {
					if w.XMin < 18 || w.XMax > p.Width-18 {
						t.Errorf("%s page %d: %q at x %.0f–%.0f of %.0f", name, i+1, w.Text, w.XMin, w.XMax, p.Width)
						break
					}
				}
			}
		}
	})
}

func sscan(s string, n *int) bool {
	_, err := fmt.Sscanf(s, "%d", n)
	return err == nil && fmt.Sprint(*n) == s
}
