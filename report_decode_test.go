package stpclaims

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
)

func TestReport_UnmarshalJSON(t *testing.T) {
	d := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	nd := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(s)) }
	full := Report{
		File: "claim.xlsx", SHA256: "ab12", Form: FormSettlement, Status: StatusReturned, RateCard: "STP-2015",
		ProgrammeCode: "STP/2026/014",
		Fields:        []FieldValue{{Name: "programme_code", Value: "STP/2026/014", Cell: "S!C3"}, {Name: "advance_received", Value: "125000", Cell: "S!C13"}},
		Assessment: Assessment{
			Findings: []Finding{{Rule: "ST-LATE", Clause: "VII", Severity: SeverityError, Cell: "S!C14", Row: 3, Field: "settled_on",
				Claimed: nd("125000"), Allowed: nd("0.50"), Admissible: nd("1479.45"), Action: "pay penal interest of Rs 1,479",
				Message: "late", ReasonCell: "S!C9"}},
			Pending: []Pending{{Figure: FigureMaxAdvance, Field: "participants", State: Unreadable},
				{Figure: "food", Field: "accommodated", State: Present}, {Figure: "gf_ta", Field: "guest_faculty", State: Missing}},
			Lines:         []Line{{Field: "actual_food", Cell: "S!D22", Claimed: d("14200"), Cap: d("15000.50"), Admissible: d("14200")}},
			MaxAdvance:    nd("65100"),
			Totals:        &Totals{Claimed: d("24580.50"), Admissible: d("24580.50")},
			Balance:       nd("-100.25"),
			PenalInterest: nd("1479"),
			DaysLate:      36,
		},
	}
	cases := []struct {
		name string
		rep  Report
	}{
		{"full", full},
		{"unreadable", Report{File: "x.pdf", Form: FormUnknown, Status: StatusUnreadable, RateCard: "STP-2015", Reason: "not a workbook"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first, err := json.Marshal(c.rep)
			if err != nil {
				t.Fatal(err)
			}
			var back Report
			if err := json.Unmarshal(first, &back); err != nil {
				t.Fatal(err)
			}
			second, err := json.Marshal(back)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first, second) {
				t.Errorf("round trip differs:\n%s\n%s", first, second)
			}
			if back.File != c.rep.File || back.Status != c.rep.Status || back.Form != c.rep.Form || back.Reason != c.rep.Reason {
				t.Errorf("got %+v", back)
			}
			if len(back.Findings) != len(c.rep.Findings) || len(back.Fields) != len(c.rep.Fields) {
				t.Errorf("findings %d fields %d, want %d %d", len(back.Findings), len(back.Fields), len(c.rep.Findings), len(c.rep.Fields))
			}
		})
	}
	t.Run("money is exact", func(t *testing.T) {
		b, _ := json.Marshal(full)
		var back Report
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if !back.Balance.Decimal.Equal(d("-100.25")) || !back.Findings[0].Admissible.Decimal.Equal(d("1479.45")) ||
			!back.Totals.Claimed.Equal(d("24580.5")) || back.Findings[0].Claimed.Valid != true || back.MaxAdvance.Decimal.String() != "65100" {
			t.Errorf("amounts changed: %+v", back.Assessment)
		}
		if f := back.Findings[0]; f.Action != "pay penal interest of Rs 1,479" || f.ReasonCell != "S!C9" {
			t.Errorf("finding: %+v", f)
		}
		if len(back.Pending) != 3 || back.Pending[0] != full.Pending[0] || back.Pending[1] != full.Pending[1] || back.Pending[2] != full.Pending[2] {
			t.Errorf("pending: %+v", back.Pending)
		}
		if back.Fields[0].Name != "advance_received" || back.Fields[1].Cell != "S!C3" {
			t.Errorf("fields: %+v", back.Fields)
		}
	})
	t.Run("bad amount", func(t *testing.T) {
		var r Report
		if err := json.Unmarshal([]byte(`{"file":"a","form":"annexure2","status":"clean","rate_card":"x","fields":{},"lines":[],"findings":[],"max_advance":"12,000"}`), &r); err == nil {
			t.Error("no error for a money string with a comma")
		}
	})
}

func TestReport_UnmarshalJSON_unlisted(t *testing.T) {
	in := Report{File: "bill.xlsx", Form: FormTABill, Status: StatusReturned, Unlisted: 60001}
	data, err := in.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"findings_not_listed":60001`)) {
		t.Errorf("JSON lacks the count of findings not listed: %s", data)
	}
	var out Report
	if err := out.UnmarshalJSON(data); err != nil || out.Unlisted != 60001 {
		t.Errorf("read back %d, %v", out.Unlisted, err)
	}
}
