//go:build integration

package output_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"stpclaims"
	"stpclaims/internal/sofficetest"
	"stpclaims/output"
)

// TestAnnotate_PrintsOnA4: the annotated Annexure II and TA bill, ten
// findings each, rendered to PDF by LibreOffice: the Findings sheet prints
// one page wide, its status and programme code on the first page, with
// every title, code and amount whole and no "###". The PNGs are kept in
// $STPCLAIMS_PNG_DIR/findings for a person to look at.
func TestAnnotate_PrintsOnA4(t *testing.T) {
	ann := checked(t, "annexure2.xlsx", annexureWithTen(t))
	bill := checked(t, "ta-bill.xlsx", taBillWithTen(t))
	book, err := output.FindingsBook(&ann.Programmes[0].Report) // the Findings sheet alone, for a workbook that cannot be marked
	if err != nil {
		t.Fatal(err)
	}
	results := map[string]stpclaims.Report{"annexure2.xlsx": ann.Programmes[0].Report, "ta-bill.xlsx": bill.Programmes[0].Report, "book.xlsx": ann.Programmes[0].Report}
	pdfs := sofficetest.Convert(t, "pdf", map[string][]byte{"annexure2.xlsx": ann.Annotated, "ta-bill.xlsx": bill.Annotated, "book.xlsx": book})
	keep := sofficetest.KeepDir(t, "findings")
	for name, pdf := range pdfs {
		base := strings.TrimSuffix(name, filepath.Ext(name))
		sofficetest.PNG(t, pdf, keep, base, 60)
		if err := os.WriteFile(filepath.Join(keep, base+".pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for name, pdf := range pdfs {
		t.Run(name, func(t *testing.T) {
			rep := results[name]
			pages := sofficetest.Pages(t, pdf)
			footer := "Findings on " + rep.File
			var findings []sofficetest.Page
			for _, p := range pages {
				if strings.Contains(p.Text, footer) {
					findings = append(findings, p)
				}
			}
			if len(findings) == 0 {
				t.Fatalf("no page of the Findings sheet (footer %q) in %d pages", footer, len(pages))
			}
			if pages[0].Text != findings[0].Text {
				t.Error("the Findings sheet does not print first")
			}
			most := 1
			if rep.Form == stpclaims.FormTABill {
				most = 2 // the findings, then the money per person
			}
			if len(findings) > most {
				t.Errorf("the Findings sheet of ten findings prints on %d pages, want at most %d", len(findings), most)
			}
			first := findings[0].Text
			for _, want := range []string{"Findings: " + map[stpclaims.FormKind]string{stpclaims.FormAnnexureII: "Annexure II", stpclaims.FormTABill: "TA bill"}[rep.Form],
				"programme " + rep.ProgrammeCode, "Status", "Returned", "Line", "What to do", "Why", "Claimed", "Cap", "Admissible",
				"Severity", "Rule and clause", "Cell"} {
				if !strings.Contains(first, want) {
					t.Errorf("the first page lacks %q (one page wide, status and code first):\n%s", want, first)
				}
			}
			var text string
			for _, p := range findings {
				text += p.Text
				for _, w := range p.Words {
					if w.XMin < 18 || w.XMax > p.Width-18 {
						t.Errorf("%q at x %.0f–%.0f of %.0f: in the side margin, cut", w.Text, w.XMin, w.XMax, p.Width)
						break
					}
				}
			}
			if strings.Contains(text, "###") {
				t.Error("### in the Findings sheet: a column too narrow for its number")
			}
			flat := strings.Join(strings.Fields(text), " ")
			for _, f := range rep.Findings {
				wants := []string{f.Rule}
				for _, d := range []string{nullRupees(f.Claimed), nullRupees(f.Allowed), nullRupees(f.Admissible)} {
					if d != "" {
						wants = append(wants, d)
					}
				}
				for _, w := range wants {
					if !regexp.MustCompile(`(^|[\s(])` + regexp.QuoteMeta(w) + `($|[\s).,;])`).MatchString(flat) {
						t.Errorf("%s: %q is not printed whole", f.Rule, w)
					}
				}
			}
			for _, d := range []string{output.Rupees(rep.Totals.Claimed), output.Rupees(rep.Totals.Admissible)} {
				if !strings.Contains(flat, " "+d) {
					t.Errorf("the total %s is not printed whole", d)
				}
			}
			if rep.Form == stpclaims.FormTABill {
				for _, p := range rep.People {
					if !strings.Contains(flat, p.Name) {
						t.Errorf("%s is not in the table of money per person", p.Name)
					}
				}
			}
		})
	}
}
