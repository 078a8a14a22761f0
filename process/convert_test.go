//go:build integration

package process

import (
	"context"
	"os"
	"slices"
	"testing"

	"stpclaims"
	"stpclaims/ingest/convert"
	"stpclaims/internal/testenv"
)

// TestChecker_Check_converted: an .ods or .xls workbook saved by LibreOffice
// is converted and checked exactly like its .xlsx twin, and the reply says
// the copy comes back as .xlsx.
func TestChecker_Check_converted(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	c := newChecker(t)
	c.Convert = func(ctx context.Context, name string, data []byte) ([]byte, error) {
		return convert.ToXLSX(ctx, name, data, convert.Options{})
	}
	cases := []struct{ twin, other string }{
		{"testdata/forms/label-value.xlsx", "testdata/forms/label-value.ods"},
		{"testdata/forms/tabill/bill.xlsx", "testdata/forms/tabill/bill.ods"},
		{"testdata/forms/tabill/bill.xlsx", "testdata/forms/tabill/bill.xls"},
		{"testdata/forms/settlement/statement.xlsx", "testdata/forms/settlement/statement.ods"},
		{"testdata/forms/settlement/statement.xlsx", "testdata/forms/settlement/statement.xls"},
		{"testdata/forms/kerala/annexure.xlsx", "testdata/forms/kerala/annexure.ods"},
		{"testdata/forms/kerala/annexure.xlsx", "testdata/forms/kerala/annexure.xls"},
		{"testdata/forms/kerala/tabill.xlsx", "testdata/forms/kerala/tabill.ods"},
		{"testdata/forms/kerala/tabill.xlsx", "testdata/forms/kerala/tabill.xls"},
		{"testdata/forms/kerala/settlement.xlsx", "testdata/forms/kerala/settlement.ods"},
		{"testdata/forms/kerala/settlement.xlsx", "testdata/forms/kerala/settlement.xls"},
	}
	// several programmes, hidden rows, columns and sheets, a form pasted
	// twice: LibreOffice keeps what is hidden hidden through .ods and .xls
	for _, name := range []string{"programmes", "hidden", "hidden-bill", "twice"} {
		for _, ext := range []string{".ods", ".xls"} {
			cases = append(cases, struct{ twin, other string }{"testdata/forms/sheets/" + name + ".xlsx", "testdata/forms/sheets/" + name + ext})
		}
	}
	for _, tc := range cases {
		t.Run(tc.other, func(t *testing.T) {
			check := func(path string) Result {
				data, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				res, err := c.Check(t.Context(), stpclaims.NewSubmission(path, data, stpclaims.SourceCLI, received))
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			want, got := check(tc.twin), check(tc.other)
			if len(got.Programmes) != len(want.Programmes) {
				t.Fatalf("%s: %d programmes; its .xlsx twin: %d", tc.other, len(got.Programmes), len(want.Programmes))
			}
			for i := range want.Programmes {
				g, w := got.Programmes[i].Report, want.Programmes[i].Report
				if g.Status != w.Status || g.Form != w.Form || g.Sheet != w.Sheet {
					t.Fatalf("%s: %s %s on %q (%s); its .xlsx twin: %s %s on %q", tc.other, g.Form, g.Status, g.Sheet, g.Reason, w.Form, w.Status, w.Sheet)
				}
				if !slices.EqualFunc(g.Findings, w.Findings, func(a, b stpclaims.Finding) bool {
					return a.Rule == b.Rule && a.Cell == b.Cell && a.Message == b.Message
				}) {
					t.Errorf("findings differ:\n got %+v\nwant %+v", g.Findings, w.Findings)
				}
				if !slices.Equal(g.Fields, w.Fields) {
					t.Errorf("fields differ:\n got %+v\nwant %+v", g.Fields, w.Fields)
				}
			}
			if got.Annotated == nil || got.Note == "" {
				t.Errorf("no annotated .xlsx copy or no note saying so (note %q)", got.Note)
			}
		})
	}
	t.Run("without LibreOffice", func(t *testing.T) {
		c := newChecker(t)
		data, err := os.ReadFile("testdata/forms/label-value.ods")
		if err != nil {
			t.Fatal(err)
		}
		res, err := c.Check(t.Context(), stpclaims.NewSubmission("claim.ods", data, stpclaims.SourceCLI, received))
		if err != nil {
			t.Fatal(err)
		}
		if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable || res.Programmes[0].Report.Reason == "" {
			t.Errorf("an .ods without a converter: %s %q", res.Programmes[0].Report.Status, res.Programmes[0].Report.Reason)
		}
	})
}
