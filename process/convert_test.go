//go:build integration

package process

import (
	"context"
	"os"
	"slices"
	"testing"

	"stpclaims"
	"stpclaims/ingest/convert"
)

// TestChecker_Check_converted: an .ods or .xls workbook saved by LibreOffice
// is converted and checked exactly like its .xlsx twin, and the reply says
// the copy comes back as .xlsx.
func TestChecker_Check_converted(t *testing.T) {
	if !convert.Available() {
		t.Skip("LibreOffice (soffice) is not installed")
	}
	c := newChecker(t)
	c.Convert = func(ctx context.Context, name string, data []byte) ([]byte, error) {
		return convert.ToXLSX(ctx, name, data, convert.Options{})
	}
	for _, tc := range []struct{ twin, other string }{
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
	} {
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
			if got.Report.Status != want.Report.Status || got.Report.Form != want.Report.Form {
				t.Fatalf("%s: %s %s (%s); its .xlsx twin: %s %s", tc.other, got.Report.Form, got.Report.Status, got.Report.Reason, want.Report.Form, want.Report.Status)
			}
			if !slices.EqualFunc(got.Report.Findings, want.Report.Findings, func(a, b stpclaims.Finding) bool {
				return a.Rule == b.Rule && a.Cell == b.Cell && a.Message == b.Message
			}) {
				t.Errorf("findings differ:\n got %+v\nwant %+v", got.Report.Findings, want.Report.Findings)
			}
			if !slices.Equal(got.Report.Fields, want.Report.Fields) {
				t.Errorf("fields differ:\n got %+v\nwant %+v", got.Report.Fields, want.Report.Fields)
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
		if res.Report.Status != stpclaims.StatusUnreadable || res.Report.Reason == "" {
			t.Errorf("an .ods without a converter: %s %q", res.Report.Status, res.Report.Reason)
		}
	})
}
