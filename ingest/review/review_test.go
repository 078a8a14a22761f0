package review

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbook makes a review workbook as ledgerbook lays it out (the real
// round trip is tested in output/ledgerbook), with rows of
// [decision, remarks, claim id, finding id, fingerprint].
func workbook(t *testing.T, marker string, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", reviewSheet); err != nil {
		t.Fatal(err)
	}
	header := []any{"Claim", "Rule", "Decision", "Remarks", "Claim id", "Finding id", "Fingerprint"}
	if err := f.SetSheetRow(reviewSheet, "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		row := []any{"claim.xlsx", "AII-LEAD-TIME"}
		for _, v := range r {
			row = append(row, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(reviewSheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if marker != "" {
		f.NewSheet(markerSheet)
		f.SetCellStr(markerSheet, "A1", marker)
		f.SetCellStr(markerSheet, "B3", "latha@img.kerala.gov.in")
		f.SetCellStr(markerSheet, "B4", "2026-04-14T12:30:00Z")
		f.SetSheetVisible(markerSheet, false, true)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestIs(t *testing.T) {
	cases := []struct {
		name string
		data []byte
		want bool
	}{
		{"review workbook", workbook(t, markerText, nil), true},
		{"no marker sheet", workbook(t, "", nil), false},
		{"not a zip", []byte("PK\x03\x04 garbage"), false},
		{"empty", nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Is(c.data); got != c.want {
				t.Errorf("Is = %v, want %v", got, c.want)
			}
		})
	}
}

func TestRead(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	data := workbook(t, markerText, [][]string{
		{"Approve", "fine", "12", "40", fp},
		{"", "", "12", "41", fp},
		{" QUERY ", "why?", "13", "42", fp},
		{"Maybe", "", "13", "43", fp},
		{"Reject", "", "x", "44", fp},
		{"rejected", "", "14", "45", ""},
	})
	ret, err := Read(data)
	if err != nil {
		t.Fatal(err)
	}
	if ret.Facilitator != "latha@img.kerala.gov.in" || ret.Made.IsZero() || ret.Undecided != 1 {
		t.Errorf("got %+v", ret)
	}
	want := []Row{
		{SheetRow: 2, ClaimID: 12, FindingID: 40, Fingerprint: fp, Decision: Approve, Remarks: "fine"},
		{SheetRow: 4, ClaimID: 13, FindingID: 42, Fingerprint: fp, Decision: Query, Remarks: "why?"},
	}
	if len(ret.Decisions) != len(want) {
		t.Fatalf("decisions %+v", ret.Decisions)
	}
	for i := range want {
		if ret.Decisions[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, ret.Decisions[i], want[i])
		}
	}
	var rows []int
	for _, p := range ret.Problems {
		rows = append(rows, p.SheetRow)
	}
	if len(rows) != 3 || rows[0] != 5 || rows[1] != 6 || rows[2] != 7 {
		t.Errorf("problems %+v", ret.Problems)
	}
	t.Run("not a review workbook", func(t *testing.T) {
		for _, data := range [][]byte{workbook(t, "", nil), workbook(t, "something else", nil), []byte("junk")} {
			if _, err := Read(data); err == nil {
				t.Error("no error")
			}
		}
	})
}
