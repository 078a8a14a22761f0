//go:build integration

package ledgerbook_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/internal/sofficetest"
	"stpclaims/output"
	"stpclaims/output/ledgerbook"
)

// printDepartments give the generated programmes their codes and names.
var printDepartments = []struct{ code, name string }{
	{"REV", "Revenue Recovery Procedures under the Kerala Revenue Recovery Act, 1968"},
	{"HLT", "Health Schemes"},
	{"AGR", "Crop Insurance and the Farmers' Relief Fund"},
	{"EDU", "Office Procedure"},
	{"LSG", "Local Self Government: Building Rules and e-Governance"},
}

// printScenario fills a store through the pipeline with 20 programmes
// (codes such as STP/REV/2026/011): every third reached the centre late
// (AII-LEAD-TIME, left to the facilitator); the others are recommended,
// most of them sanctioned, some paid, some of those settled, some with a
// TA bill of a dozen participants. Facilitators latha and suresh take
// turns.
func printScenario(t *testing.T) *scenario {
	t.Helper()
	p := newPipeline(t)
	s := &scenario{p: p, reports: map[int64]stpclaims.Report{}}
	for i := range 20 {
		d := printDepartments[i%len(printDepartments)]
		code := fmt.Sprintf("STP/%s/2026/%03d", d.code, 11+i)
		start := day("2026-02-02").AddDate(0, 0, 3*i)
		fac, coord := latha, rajesh
		if i%2 == 1 {
			fac, coord = suresh, mini
		}
		received := time.Date(start.Year(), start.Month(), start.Day(), 10, 0, 0, 0, ist).AddDate(0, 0, -20)
		if i%3 == 0 {
			received = received.AddDate(0, 0, 13) // a week ahead: AII-LEAD-TIME
		}
		venue := []string{"IMG Thiruvananthapuram", "IMG Regional Centre, Kochi", "Town Hall, Kottayam", "IMG Regional Centre, Kozhikode"}[i%4]
		var stationery any // in-house at an IMG centre (AII-STATIONERY-INHOUSE)
		if strings.HasPrefix(venue, "IMG") {
			stationery = 0
		}
		name := strings.ReplaceAll(code, "/", "-") + ".xlsx"
		if i == 3 {
			name = "Annexure-II_STP-EDU-2026-014_Office-Procedure_revised-final.xlsx" // long, without a space
		}
		id, rep := p.submit(name, annexureII(t, programme{code: code, name: d.name, venue: venue,
			start: start, end: start.AddDate(0, 0, 4), coordinatorEmail: coord, facilitatorEmail: fac,
			advanceClaimed: 40000 + 100*i, food: 20000 + 250*i, stationery: stationery}), coord, received)
		s.reports[id] = rep
		if i%3 == 0 {
			continue // awaits the facilitator's decision
		}
		step := func(action stpclaims.AdvanceAction, by string, at time.Time, amount int64, ref string) {
			e := stpclaims.AdvanceEvent{Action: action, Code: code, Claim: id, Fingerprint: rep.SHA256,
				Source: fmt.Sprintf("%064x", i*10+len(action)), By: by, At: at, Ref: ref, On: civilDay(at),
				Amount: decimal.NewNullDecimal(decimal.NewFromInt(amount))}
			if action == stpclaims.ActionPay {
				e.Mode = stpclaims.PayBankTransfer
			}
			if action == stpclaims.ActionRecommend {
				e.On = time.Time{}
			}
			if v := p.step(e); !v.OK() {
				t.Fatalf("%s %s: %+v", code, action, v)
			}
		}
		if i == 2 { // a bill larger than the TA and DA advance: TA-OVER-ADVANCE
			bid, brep := p.submit(strings.ReplaceAll(code, "/", "-")+"-ta.xlsx", taBill(t, code, 28), coord, received.AddDate(0, 0, 25))
			s.reports[bid] = brep
		}
		amount := int64(38000 + 100*i)
		step(stpclaims.ActionRecommend, fac, received.AddDate(0, 0, 1), amount, "")
		if i%5 == 4 {
			continue
		}
		step(stpclaims.ActionSanction, "accounts@img.kerala.gov.in", received.AddDate(0, 0, 2), amount, fmt.Sprintf("FIN/2026/%d", 100+i))
		if i%5 >= 2 {
			continue
		}
		step(stpclaims.ActionPay, "accounts@img.kerala.gov.in", received.AddDate(0, 0, 3), amount, fmt.Sprintf("UTR%09d", 4711+i))
		if i%4 == 1 {
			bid, brep := p.submit(strings.ReplaceAll(code, "/", "-")+"-ta.xlsx", taBill(t, code, 12), coord, received.AddDate(0, 0, 28))
			s.reports[bid] = brep
		}
		if i%5 == 0 {
			end := start.AddDate(0, 0, 4)
			sid, srep := p.submit(strings.ReplaceAll(code, "/", "-")+"-settlement.xlsx", settlement(t, code, amount, end, end.AddDate(0, 0, 20)),
				coord, time.Date(end.Year(), end.Month(), end.Day(), 11, 0, 0, 0, ist).AddDate(0, 0, 20))
			s.reports[sid] = srep
		}
	}
	return s
}

func civilDay(t time.Time) time.Time {
	l := t.In(ist)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// TestPrint_LibreOffice renders the ledger of 20 programmes, a
// facilitator's review workbook and the Sanctions workbook to PDF with
// LibreOffice and reads them back: every page A4, nothing in the side
// margins, no "###"; each sheet one page wide (its footer on each of its
// pages, its header repeated) and no more pages than its rows need (the
// ledger of 20 programmes in at most 12 pages, its Advances, Settlements,
// Deviations and Summary on one page each; the review workbook in at most
// 5); each programme code, name and amount whole, rupees grouped the
// Indian way.
func TestPrint_LibreOffice(t *testing.T) {
	ctx := context.Background()
	s := printScenario(t)
	b := s.book(t)
	var ledger, rev, sanc bytes.Buffer
	if _, err := ledgerbook.Write(ctx, &ledger, b); err != nil {
		t.Fatal(err)
	}
	rb := withKey(b.ReviewFor(latha, asOf))
	if err := ledgerbook.WriteReview(ctx, &rev, rb); err != nil {
		t.Fatal(err)
	}
	sb, err := ledgerbook.SanctionsFor(ctx, b, asOf)
	if err != nil {
		t.Fatal(err)
	}
	sb.Seal = testKey
	if err := ledgerbook.WriteSanctions(ctx, &sanc, sb); err != nil {
		t.Fatal(err)
	}
	pdfs := sofficetest.Convert(t, "pdf", map[string][]byte{"ledger.xlsx": ledger.Bytes(), "review.xlsx": rev.Bytes(), "sanctions.xlsx": sanc.Bytes()})
	keep := sofficetest.KeepDir(t, "ledgerbook")
	books := map[string][]sofficetest.Page{}
	for name, pdf := range pdfs {
		stem := strings.TrimSuffix(name, ".xlsx")
		sofficetest.PNG(t, pdf, keep, stem, 60)
		_ = os.WriteFile(filepath.Join(keep, stem+".pdf"), pdf, 0o644)
		books[stem] = sofficetest.Pages(t, pdf)
	}

	t.Run("every page A4, nothing in the margins, no ###", func(t *testing.T) {
		for name, pages := range books {
			for i, p := range pages {
				if a4 := (near(p.Width, 595.3) && near(p.Height, 841.9)) || (near(p.Width, 841.9) && near(p.Height, 595.3)); !a4 {
					t.Errorf("%s page %d: %.0f × %.0f points, not A4", name, i+1, p.Width, p.Height)
				}
				for _, w := range p.Words {
					if w.XMin < 18 || w.XMax > p.Width-18 {
						t.Errorf("%s page %d: %q at x %.0f–%.0f of %.0f", name, i+1, w.Text, w.XMin, w.XMax, p.Width)
						break
					}
				}
				if strings.Contains(p.Text, "###") {
					t.Errorf("%s page %d shows ###:\n%s", name, i+1, p.Text)
				}
			}
		}
	})

	ledgerSheets := sheetPages(t, books["ledger"], "Ledger of STP advances: ")
	t.Run("ledger: pages", func(t *testing.T) {
		if n := len(books["ledger"]); n > 12 {
			t.Errorf("the ledger of 20 programmes prints on %d pages, want at most 12", n)
		}
		for sheet, most := range map[string]int{ledgerbook.SheetAdvances: 1, ledgerbook.SheetOverdue: 1, ledgerbook.SheetBills: 2,
			ledgerbook.SheetSettlements: 1, ledgerbook.SheetDeviations: 1, ledgerbook.SheetSummary: 1, ledgerbook.SheetSources: 4} {
			if n := len(ledgerSheets[sheet]); n < 1 || n > most {
				t.Errorf("%s prints on %d pages, want 1 to %d", sheet, n, most)
			}
		}
		// one page wide: the last printed column's header on every page
		for sheet, last := range map[string]string{ledgerbook.SheetAdvances: "interest", ledgerbook.SheetBills: "Uploaded",
			ledgerbook.SheetSettlements: "Penal", ledgerbook.SheetDeviations: "Remarks", ledgerbook.SheetSources: "Reply"} {
			for i, p := range ledgerSheets[sheet] {
				if !hasWord(p, last) || !hasWord(p, "Programme") {
					t.Errorf("%s page %d lacks its header (%q)", sheet, i+1, last)
				}
			}
		}
	})
	t.Run("ledger: codes, names, amounts and dates whole", func(t *testing.T) {
		adv := text(ledgerSheets[ledgerbook.SheetAdvances])
		for _, a := range b.Advances {
			want := []string{a.Code, rupees(a.AdvanceClaimed), rupees(a.Steps.Recommended.Amount), rupees(a.Steps.Sanctioned.Amount),
				rupees(a.Steps.Paid.Amount), rupees(a.PenalInterest), a.SettleBy.Format("02.01.2006")}
			// every word of the name (a line may break after a hyphen)
			want = append(want, strings.FieldsFunc(a.Name, func(r rune) bool { return r == ' ' || r == '-' })...)
			for _, w := range want {
				if w != "" && !strings.Contains(adv, w) {
					t.Errorf("Advances: %s: %q not shown whole", a.Code, w)
				}
			}
		}
		sum := ledgerbook.Summarize(b)
		summary := text(ledgerSheets[ledgerbook.SheetSummary])
		for _, d := range []decimal.Decimal{sum.All.Claimed, sum.All.Admissible, sum.All.AdvanceClaimed, sum.All.PenalInterest} {
			if w := output.Rupees(d); !strings.Contains(summary, " "+w) {
				t.Errorf("Summary: %s not shown", w)
			}
		}
		if !strings.Contains(summary, "11,43,980") || strings.Contains(summary, "1,143,980") || strings.Contains(summary, "₹") {
			t.Errorf("Summary's rupees not grouped the Indian way:\n%s", summary)
		}
		bills := text(ledgerSheets[ledgerbook.SheetBills])
		for _, r := range b.Bills {
			if !strings.Contains(bills, r.Code) || !strings.Contains(bills, r.Name) || !strings.Contains(bills, output.Rupees(r.Admissible)) {
				t.Errorf("TA Bills: %s %s not shown whole", r.Code, r.Name)
			}
		}
		set := text(ledgerSheets[ledgerbook.SheetSettlements])
		for _, r := range b.Settlements {
			if !strings.Contains(set, r.Code) || !strings.Contains(set, rupees(r.Balance)) {
				t.Errorf("Settlements: %s balance %s not shown whole", r.Code, rupees(r.Balance))
			}
		}
		devs := text(ledgerSheets[ledgerbook.SheetDeviations])
		for _, d := range b.Deviations {
			if !strings.Contains(devs, d.Code) || !strings.Contains(devs, rupees(d.Claimed)) || !strings.Contains(devs, rupees(d.Allowed)) {
				t.Errorf("Deviations: %s %s amounts not shown", d.Code, d.Rule)
			}
		}
	})

	reviewSheets := sheetPages(t, books["review"], fmt.Sprintf("Review of %s, 14.04.2026: ", latha))
	t.Run("review workbook: pages", func(t *testing.T) {
		if n := len(books["review"]); n > 5 {
			t.Errorf("the review workbook prints on %d pages, want at most 5", n)
		}
		for _, sheet := range []string{ledgerbook.SheetReview, ledgerbook.SheetClaims, ledgerbook.SheetLines, ledgerbook.SheetRegister} {
			if n := len(reviewSheets[sheet]); n < 1 || n > 2 {
				t.Errorf("%s prints on %d pages", sheet, n)
			}
		}
	})
	t.Run("review workbook: the facts whole", func(t *testing.T) {
		if len(rb.Claims) < 4 || len(rb.Deviations) < 4 {
			t.Fatalf("%d claims, %d deviations", len(rb.Claims), len(rb.Deviations))
		}
		review := text(reviewSheets[ledgerbook.SheetReview])
		for _, d := range rb.Deviations {
			for _, w := range []string{d.Code, d.File, d.Rule, rupees(d.Claimed), rupees(d.Allowed), "rajesh@revenue.kerala.gov.in", "Sri. Rajesh Kumar"} {
				if w != "" && !strings.Contains(review, w) {
					t.Errorf("Review: %s %s: %q not shown whole", d.Code, d.Rule, w)
				}
			}
		}
		claims, lines := text(reviewSheets[ledgerbook.SheetClaims]), text(reviewSheets[ledgerbook.SheetLines])
		for _, c := range rb.Claims {
			for _, w := range []string{c.Code, c.File, rupees(c.ClaimedTotal), rupees(c.AdmissibleTotal), rupees(c.MaxAdvance), rupees(c.AdvanceClaimed)} {
				if w != "" && !strings.Contains(claims, w) {
					t.Errorf("Claims: %s: %q not shown whole", c.Code, w)
				}
			}
			if c.Form == stpclaims.FormAnnexureII && len(c.Lines) != 11 {
				t.Errorf("Claims: %s has %d lines", c.Code, len(c.Lines))
			}
			for _, l := range c.Lines {
				for _, w := range append(strings.Fields(l.Title), output.Rupees(l.Admissible)) { // a title may wrap
					if !strings.Contains(lines, w) {
						t.Errorf("Lines: %s %s: %q not shown", c.Code, l.Title, w)
					}
				}
			}
		}
		register := text(reviewSheets[ledgerbook.SheetRegister])
		for _, a := range rb.Register {
			if !strings.Contains(register, a.Code) || !strings.Contains(register, rupees(a.MaxAdvance)) {
				t.Errorf("Register: %s not shown whole", a.Code)
			}
		}
	})

	t.Run("Sanctions workbook", func(t *testing.T) {
		pages := books["sanctions"]
		if len(pages) != 1 || len(sb.Rows) < 5 {
			t.Fatalf("%d rows on %d pages, want one page", len(sb.Rows), len(pages))
		}
		all := text(pages)
		for _, a := range sb.Rows {
			for _, w := range []string{a.Code, rupees(a.Steps.Recommended.Amount), rupees(a.Steps.Sanctioned.Amount), a.Steps.Sanctioned.Ref} {
				if w != "" && !strings.Contains(all, w) {
					t.Errorf("Sanctions: %s: %q not shown whole", a.Code, w)
				}
			}
		}
		for _, w := range []string{"Sanctions and payments of STP advances", "Withdraw", "Reference"} {
			if !strings.Contains(all, w) {
				t.Errorf("Sanctions lacks %q", w)
			}
		}
	})
}

func near(a, b float64) bool { return a > b-2 && a < b+2 }

// rupees is an amount as the workbooks show it, "" for none.
func rupees(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return output.Rupees(d.Decimal)
}

// sheetPages sorts a workbook's pages by the sheet its footer names
// (prefix and the sheet's name).
func sheetPages(t *testing.T, pages []sofficetest.Page, prefix string) map[string][]sofficetest.Page {
	t.Helper()
	out := map[string][]sofficetest.Page{}
	for i, p := range pages {
		lines := strings.Split(strings.TrimRight(p.Text, "\n "), "\n")
		foot := strings.TrimSpace(lines[len(lines)-1])
		rest, ok := strings.CutPrefix(foot, prefix)
		if !ok {
			t.Errorf("page %d's footer %q does not start %q", i+1, foot, prefix)
			continue
		}
		sheet, _, _ := strings.Cut(rest, "  ")
		out[sheet] = append(out[sheet], p)
	}
	return out
}

func text(pages []sofficetest.Page) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(p.Text)
	}
	return b.String()
}

func hasWord(p sofficetest.Page, w string) bool {
	for _, x := range p.Words {
		if x.Text == w {
			return true
		}
	}
	return false
}
