package output

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// TestAnnotate_PeopleOfALargeBill: a bill whose report lists only the
// people whose amounts are cut gets one row for all the others, and the
// table's total is the report's.
func TestAnnotate_PeopleOfALargeBill(t *testing.T) {
	d := decimal.RequireFromString
	rep := &stpclaims.Report{
		File: "big.xlsx", Form: stpclaims.FormTABill, Status: stpclaims.StatusReturned, RateCard: "STP-2015", ProgrammeCode: "STP/BIG",
		Assessment: stpclaims.Assessment{
			Totals: &stpclaims.Totals{Claimed: d("1500000"), Admissible: d("1499800")},
			People: []stpclaims.Person{
				{Sheet: claimSheet, Row: 8, Name: "Asha K", Claimed: d("1000"), Admissible: d("900")},
				{Sheet: claimSheet, Row: 1300, Name: "Binu M", Claimed: d("1000"), Admissible: d("900")},
			},
			PeopleInBill: 1500,
		},
	}
	g := annotated(t, fixtureWorkbook(t, false), rep)
	rows, err := g.GetRows("Findings", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 0 && r[0] == "1498 more" })
	if i < 0 {
		t.Fatalf("no row for the 1,498 others in %q", rows)
	}
	if r := rows[i]; len(r) < 6 || r[3] != "1498000" || r[4] != "0" || r[5] != "1498000" {
		t.Errorf("the others' row %q, want 1498000 claimed and admissible", r)
	}
	if !strings.Contains(rows[i][2], "each paid as claimed") {
		t.Errorf("the others' row says %q", rows[i][2])
	}
	total := rows[i+1]
	if total[0] != "Total of the bill" || total[3] != "1500000" || total[4] != "200" || total[5] != "1499800" {
		t.Errorf("total row %q", total)
	}
}
