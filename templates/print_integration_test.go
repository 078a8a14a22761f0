//go:build integration

package templates

import (
	"fmt"
	"strings"
	"testing"

	"stpclaims"
	"stpclaims/internal/sofficetest"
	"stpclaims/validate"
)

// printedWords are a PDF's pages and their words.
type printedWords struct {
	pages []sofficetest.Page
}

// has checks that each phrase is printed whole on page p: every one of its
// words is a word of the page, or consecutive words of the page split where
// a line may break (after a hyphen or a slash, before a bracket); a word
// broken between two letters, or text cut off at a cell's edge, is not.
func (pw printedWords) has(t *testing.T, p int, phrases ...string) {
	t.Helper()
	words := pw.pages[p].Words
	on := map[string]int{}
	for i, w := range words {
		on[w.Text]++
		// a word split over two lines where a line may break
		if i+1 < len(words) && breakable(w.Text, words[i+1].Text) {
			on[w.Text+words[i+1].Text]++
		}
	}
	for _, ph := range phrases {
		need := map[string]int{}
		for _, w := range strings.Fields(ph) {
			need[w]++
		}
		for w, n := range need {
			if on[w] < n {
				t.Errorf("page %d: %q is not printed whole: %q is missing", p+1, ph, w)
				break
			}
		}
	}
}

// breakable reports whether a line may break between the texts a and b.
func breakable(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	last, first := a[len(a)-1], b[0]
	return last == '-' || last == '/' || last == '.' || first == '(' || first == '/'
}

// rightOf checks that a word right lies level with the word left (the
// first of that text) and right of it on page p: one header right of
// another.
func (pw printedWords) rightOf(t *testing.T, p int, right, left string) {
	t.Helper()
	var l *sofficetest.Word
	for i, w := range pw.pages[p].Words {
		if w.Text == left {
			l = &pw.pages[p].Words[i]
			break
		}
	}
	if l == nil {
		t.Errorf("page %d: no %q", p+1, left)
		return
	}
	for _, w := range pw.pages[p].Words {
		if w.Text == right && w.YMin < l.YMax && w.YMax > l.YMin {
			if w.XMin <= l.XMax {
				t.Errorf("page %d: %q (x %.0f) is not right of %q (x %.0f)", p+1, right, w.XMin, left, l.XMin)
			}
			return
		}
	}
	t.Errorf("page %d: no %q level with %q", p+1, right, left)
}

// inMargins checks that every word of every page lies inside the page's
// side margins (a quarter inch at least) and off the paper's top and
// bottom edges (the footer is low): a column wider than the page is not
// shrunk by LibreOffice but printed past them, or cut.
func (pw printedWords) inMargins(t *testing.T, form stpclaims.FormKind) {
	t.Helper()
	const side, edge = 18.0, 10.0
	for p, page := range pw.pages {
		for _, w := range page.Words {
			if w.XMin < side || w.XMax > page.Width-side || w.YMin < edge || w.YMax > page.Height-edge {
				t.Errorf("%s page %d: %q at (%.0f, %.0f)–(%.0f, %.0f) lies in the margin of a %.0f × %.0f page", form, p+1, w.Text, w.XMin, w.YMin, w.XMax, w.YMax, page.Width, page.Height)
				break
			}
		}
	}
}

// noOverlap checks that no two words of a page lie over each other: wrapped
// text in a row too low for it runs into the row below.
func (pw printedWords) noOverlap(t *testing.T, form stpclaims.FormKind) {
	t.Helper()
	const slack = 0.8 // points: glyph boxes of neighbouring lines touch
	for p, page := range pw.pages {
		ws := page.Words
		for i := range ws {
			for j := i + 1; j < len(ws); j++ {
				a, b := ws[i], ws[j]
				if a.XMin+slack < b.XMax && b.XMin+slack < a.XMax && a.YMin+slack < b.YMax && b.YMin+slack < a.YMax {
					t.Errorf("%s page %d: %q and %q lie over each other", form, p+1, a.Text, b.Text)
				}
			}
		}
	}
}

// TestTemplates_PrintOnA4 prints the three blank templates to PDF with
// LibreOffice and reads them back: the Annexure II on one A4 page and its
// instructions on one more, the TA bill one page wide with its header on
// every page, the settlement statement on one page; every title, label and
// column header whole; guidance never over the next line; no "###".
// With STPCLAIMS_PNG_DIR set the pages are kept there as PNG images, to
// look at.
func TestTemplates_PrintOnA4(t *testing.T) {
	card := validate.Builtin()
	blanks := map[string][]byte{}
	for _, k := range Kinds {
		data, err := Build(k, card)
		if err != nil {
			t.Fatal(err)
		}
		blanks[FileName(k)] = data
	}
	pdfs := sofficetest.Convert(t, "pdf", blanks)
	keep := sofficetest.KeepDir(t, "templates")
	printed := map[stpclaims.FormKind]printedWords{}
	for _, k := range Kinds {
		pdf := pdfs[FileName(k)]
		sofficetest.PNG(t, pdf, keep, string(k), 60)
		printed[k] = printedWords{sofficetest.Pages(t, pdf)}
		printed[k].noOverlap(t, k)
		printed[k].inMargins(t, k)
		for i, p := range printed[k].pages {
			if strings.Contains(p.Text, "###") {
				t.Errorf("%s page %d: ### (a number too wide for its column)", k, i+1)
			}
		}
	}

	t.Run("annexure2", func(t *testing.T) {
		pw := printed[stpclaims.FormAnnexureII]
		if len(pw.pages) != 2 {
			t.Fatalf("%d pages, want the form on one and its instructions on one", len(pw.pages))
		}
		pw.has(t, 0, "ANNEXURE II", "PROFORMA FOR CLAIMING ADVANCES FOR STP PROGRAMMES", "Sl.No", "Particulars", "Guidance", "Amount (Rs.)", "Limit (Rs.)",
			"Signature with Date ,", "Name & Designation of Co-ordinator", "Name & Designation of Facilitator", "Page 1 of 2")
		rows := annexureRows(card)
		for _, r := range rows {
			pw.has(t, 0, r.label)
			if r.hint != "" {
				pw.has(t, 0, r.hint)
			}
		}
		pw.rightOf(t, 0, "Limit", "Amount")
		paras := annexureInstructions(card)
		pw.has(t, 1, "Instructions: Annexure II, proforma for claiming advances for STP programmes", paras[0], paras[len(paras)-1], "Page 2 of 2")
	})

	t.Run("ta-bill", func(t *testing.T) {
		pw := printed[stpclaims.FormTABill]
		// Participants (100 rows), Guest Faculty, Instructions
		if len(pw.pages) < 3 || len(pw.pages) > 6 {
			t.Fatalf("%d pages", len(pw.pages))
		}
		var participantPages, facultyPage, instrPage []int
		for i, p := range pw.pages {
			switch {
			case strings.Contains(p.Text, "participants · rate card"):
				participantPages = append(participantPages, i)
			case strings.Contains(p.Text, "guest faculty · rate card"):
				facultyPage = append(facultyPage, i)
			case strings.Contains(p.Text, "instructions · rate card"):
				instrPage = append(instrPage, i)
			}
		}
		if len(participantPages) == 0 || len(participantPages) > 4 || len(facultyPage) != 1 || len(instrPage) != 1 {
			t.Fatalf("pages: participants %v, guest faculty %v, instructions %v", participantPages, facultyPage, instrPage)
		}
		// one page wide: every column's header on every page of the table
		for _, p := range participantPages {
			for _, c := range participantColumns(card) {
				pw.has(t, p, c.header)
			}
		}
		pw.has(t, participantPages[0], "TA BILL: PARTICIPANTS", "Training Programme Code", "Name of training Programme", "Training days")
		last := participantPages[len(participantPages)-1]
		pw.has(t, last, fmt.Sprint(participantRows), "Total")
		for _, c := range facultyColumns(card) {
			pw.has(t, facultyPage[0], c.header)
		}
		pw.has(t, facultyPage[0], "TA BILL: GUEST FACULTY", fmt.Sprint(facultyRows), "Total")
		paras := taInstructions(card)
		pw.has(t, instrPage[0], "Instructions: TA bill of participants and guest faculty", paras[0], paras[len(paras)-1])
	})

	t.Run("settlement", func(t *testing.T) {
		pw := printed[stpclaims.FormSettlement]
		if len(pw.pages) != 2 {
			t.Fatalf("%d pages, want the statement on one and its instructions on one", len(pw.pages))
		}
		pw.has(t, 0, "SETTLEMENT STATEMENT: ADVANCE FOR AN STP PROGRAMME", "Actual expenditure (Rs.)", "Limit (Rs.)", "Co-ordinator's report (IX)", "Enclosed (Yes/No)")
		for _, r := range stHeaderRows(card) {
			pw.has(t, 0, r.label)
		}
		for _, c := range stComponents {
			pw.has(t, 0, c.label)
		}
		for _, item := range stpclaims.ReportItemTitles() {
			pw.has(t, 0, item)
		}
		pw.rightOf(t, 0, "Limit", "Actual")
		paras := settlementInstructions(card)
		pw.has(t, 1, paras[0], paras[len(paras)-1])
	})
}

// TestTemplates_FilledPrintOnA4 prints filled templates, their Limit
// columns computed by LibreOffice: still on as many pages as the blank
// ones, amounts grouped the Indian way, dates as dd.mm.yyyy, no "###".
func TestTemplates_FilledPrintOnA4(t *testing.T) {
	card := validate.Builtin()
	settlement := goodSettlement()
	settlement["advance_received"] = 165100 // a balance of a lakh and more, to be refunded
	pdfs := sofficetest.Convert(t, "pdf", map[string][]byte{
		"annexure2.xlsx":  fillAnnexure(t, card, workedExample()),
		"ta-bill.xlsx":    fillTABill(t, card, []taRow{goodParticipant(1), goodParticipant(2)}, []taRow{goodFaculty()}),
		"settlement.xlsx": fillSettlement(t, card, settlement),
	})
	keep := sofficetest.KeepDir(t, "templates")
	for _, tc := range []struct {
		file  string
		pages int
		want  []string // on the first page
	}{
		{"annexure2.xlsx", 2, []string{"34,215.00", "34,215", "65,815", "65,100", "09.02.2026", "13.02.2026", "16,000"}},
		{"ta-bill.xlsx", 4, []string{"09.02.2026", "Participant 1", "750.00", "970", "45"}},
		{"settlement.xlsx", 2, []string{"1,65,100.00", "02.03.2026", "29,000.00"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			pdf := pdfs[tc.file]
			sofficetest.PNG(t, pdf, keep, "filled-"+strings.TrimSuffix(tc.file, ".xlsx"), 60)
			pw := printedWords{sofficetest.Pages(t, pdf)}
			if len(pw.pages) != tc.pages {
				t.Errorf("%d pages, want %d", len(pw.pages), tc.pages)
			}
			for i, p := range pw.pages {
				if strings.Contains(p.Text, "###") {
					t.Errorf("page %d: ### (a number too wide for its column)", i+1)
				}
			}
			pw.has(t, 0, tc.want...)
			pw.noOverlap(t, stpclaims.FormKind(strings.TrimSuffix(tc.file, ".xlsx")))
			pw.inMargins(t, stpclaims.FormKind(strings.TrimSuffix(tc.file, ".xlsx")))
		})
	}
}
