package review

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/reviewbook"
	"stpclaims/internal/seal"
)

// testKey stands for the store's key.
var testKey = mustKey(7)

func mustKey(b byte) seal.Key {
	k, err := seal.NewKey(bytes.Repeat([]byte{b}, seal.KeySize))
	if err != nil {
		panic(err)
	}
	return k
}

// workbook makes a review workbook as ledgerbook lays it out (the real
// round trip is tested in output/ledgerbook), with rows of
// [decision, remarks, claim id, finding id, fingerprint], sealed with
// testKey.
func workbook(t *testing.T, marker string, rows [][]string) []byte {
	return sealedBook(t, marker, rows, testKey, nil)
}

// sealedBook makes a review workbook of this version sealed with key (none
// when key is zero), then lets edit change it as a hand would.
func sealedBook(t *testing.T, marker string, rows [][]string, key seal.Key, edit func(f *excelize.File)) []byte {
	t.Helper()
	return versionBook(t, reviewbook.Version, marker, rows, key, edit)
}

// versionBook is sealedBook of a version, sealed as that version sealed
// its workbooks.
func versionBook(t *testing.T, version, marker string, rows [][]string, key seal.Key, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", reviewSheet); err != nil {
		t.Fatal(err)
	}
	header := []string{"Claim", "Rule", "Decision", "Remarks", "Claim id", "Finding id", "Fingerprint"}
	table := seal.Table{Sheet: reviewSheet, Header: header}
	if err := f.SetSheetRow(reviewSheet, "A1", &header); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		row := append([]string{"claim.xlsx", "AII-LEAD-TIME"}, r...)
		table.Rows = append(table.Rows, row)
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := f.SetSheetRow(reviewSheet, cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if marker != "" {
		cells := map[string]string{"A1": marker, "B2": version, "B3": "latha@img.kerala.gov.in", "B4": "2026-04-14T12:30:00Z"}
		if key.Valid() {
			layout, ok := reviewbook.SealFor(version)
			if !ok {
				layout = reviewbook.Seal
			}
			token, err := key.Sign(layout, cells, []seal.Table{table})
			if err != nil {
				t.Fatal(err)
			}
			cells[reviewbook.TokenCell] = token
		}
		f.NewSheet(markerSheet)
		for cell, v := range cells {
			f.SetCellStr(markerSheet, cell, v)
		}
		f.SetSheetVisible(markerSheet, false, true)
	}
	if edit != nil {
		edit(f)
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
	ret, err := Read(data, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if ret.Facilitator != "latha@img.kerala.gov.in" || ret.Made.IsZero() || ret.Undecided != 1 {
		t.Errorf("got %+v", ret)
	}
	want := []Row{
		{SheetRow: 2, ClaimID: 12, FindingID: 40, Fingerprint: fp, Decision: Approve, Remarks: "fine", Rule: "AII-LEAD-TIME", File: "claim.xlsx"},
		{SheetRow: 4, ClaimID: 13, FindingID: 42, Fingerprint: fp, Decision: Query, Remarks: "why?", Rule: "AII-LEAD-TIME", File: "claim.xlsx"},
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
			if _, err := Read(data, testKey); err == nil {
				t.Error("no error")
			}
		}
	})
}

// TestRead_seal: a workbook whose token does not verify is refused whole
// (seal.ErrForged), whatever it says; filling the cells a facilitator
// fills keeps the token.
func TestRead_seal(t *testing.T) {
	fp := strings.Repeat("ab", 32)
	rows := [][]string{{"", "", "12", "40", fp}, {"", "", "13", "41", fp}}
	set := func(sheet, cell, v string) func(f *excelize.File) {
		return func(f *excelize.File) {
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	cases := []struct {
		name   string
		data   []byte
		forged bool
	}{
		{"decisions and remarks filled", sealedBook(t, markerText, rows, testKey, func(f *excelize.File) {
			set(reviewSheet, "C2", "Approve")(f)
			set(reviewSheet, "D3", "ask the co-ordinator")(f)
			set(reviewSheet, "C3", "Query")(f)
		}), false},
		{"rows sorted", sealedBook(t, markerText, rows, testKey, func(f *excelize.File) {
			set(reviewSheet, "E2", "13")(f)
			set(reviewSheet, "F2", "41")(f)
			set(reviewSheet, "E3", "12")(f)
			set(reviewSheet, "F3", "40")(f)
		}), false},
		{"made by hand, no token", sealedBook(t, markerText, [][]string{{"Approve", "", "12", "40", fp}}, seal.Key{}, nil), true},
		{"signed with another key", sealedBook(t, markerText, [][]string{{"Approve", "", "12", "40", fp}}, mustKey(8), nil), true},
		{"a hidden claim id changed", sealedBook(t, markerText, rows, testKey, set(reviewSheet, "E2", "99")), true},
		{"a fingerprint changed", sealedBook(t, markerText, rows, testKey, set(reviewSheet, "G3", strings.Repeat("cd", 32))), true},
		{"the facilitator changed", sealedBook(t, markerText, rows, testKey, set(markerSheet, "B3", "mallory@img.kerala.gov.in")), true},
		{"a row added", sealedBook(t, markerText, rows, testKey, func(f *excelize.File) {
			f.SetSheetRow(reviewSheet, "A4", &[]string{"claim.xlsx", "AII-LEAD-TIME", "Approve", "", "14", "42", fp})
		}), true},
		{"a row removed", sealedBook(t, markerText, rows, testKey, func(f *excelize.File) { f.RemoveRow(reviewSheet, 3) }), true},
		{"a rule changed", sealedBook(t, markerText, rows, testKey, set(reviewSheet, "B2", "AII-DUPLICATE")), true},
		{"the token garbled", sealedBook(t, markerText, rows, testKey, set(markerSheet, reviewbook.TokenCell, "1:00")), true},
		{"a workbook of version 2, sent before version 3", versionBook(t, "2", markerText, rows, testKey, set(reviewSheet, "C2", "Approve")), false},
		{"a version 3 workbook said to be of version 2", sealedBook(t, markerText, rows, testKey, set(markerSheet, reviewbook.VersionCell, "2")), true},
		{"a version stpclaims never wrote", versionBook(t, "9", markerText, rows, testKey, nil), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ret, err := Read(c.data, testKey)
			if c.forged {
				if !errors.Is(err, seal.ErrForged) || ret != nil {
					t.Errorf("Read = %+v, %v; want seal.ErrForged and nothing read", ret, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.name == "decisions and remarks filled" && (len(ret.Decisions) != 2 || ret.Decisions[1].Remarks != "ask the co-ordinator") {
				t.Errorf("decisions %+v", ret.Decisions)
			}
		})
	}
	t.Run("no key", func(t *testing.T) {
		if _, err := Read(workbook(t, markerText, rows), seal.Key{}); !errors.Is(err, seal.ErrNoKey) {
			t.Errorf("Read with no key: %v", err)
		}
	})
}
