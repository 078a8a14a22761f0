package sanctions

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/seal"
)

func mustKey(b byte) seal.Key {
	k, err := seal.NewKey(bytes.Repeat([]byte{b}, seal.KeySize))
	if err != nil {
		panic(err)
	}
	return k
}

// book makes a Sanctions workbook as ledgerbook lays it out (the real
// round trip is tested in output/ledgerbook and desk) with one advance,
// sealed with key (none when zero), then lets edit change it.
func book(t *testing.T, key seal.Key, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	const sheet = sanctionsbook.SanctionsSheet
	f.SetSheetName("Sheet1", sheet)
	head, _ := excelize.CoordinatesToCellName(1, sanctionsbook.HeaderRow)
	f.SetSheetRow(sheet, head, &sanctionsbook.Columns)
	row := make([]string, len(sanctionsbook.Columns))
	for i, h := range sanctionsbook.Columns {
		row[i] = map[string]string{sanctionsbook.ColCode: "STP/REV/2026/041", "State": "recommended", "Largest advance": "48900",
			"Recommended": "45000", sanctionsbook.ColRequestID: "12", sanctionsbook.ColFingerprint: strings.Repeat("ab", 32)}[h]
	}
	first, _ := excelize.CoordinatesToCellName(1, sanctionsbook.HeaderRow+1)
	f.SetSheetRow(sheet, first, &row)
	marker := map[string]string{sanctionsbook.MarkerCell: sanctionsbook.MarkerText, sanctionsbook.VersionCell: sanctionsbook.Version,
		sanctionsbook.MadeCell: "2026-02-09T02:30:00Z"}
	if key.Valid() {
		token, err := key.Sign(sanctionsbook.Seal, marker, []seal.Table{{Sheet: sheet, Header: sanctionsbook.Columns, Rows: [][]string{row}}})
		if err != nil {
			t.Fatal(err)
		}
		marker[sanctionsbook.TokenCell] = token
	}
	f.NewSheet(sanctionsbook.MarkerSheet)
	for cell, v := range marker {
		f.SetCellStr(sanctionsbook.MarkerSheet, cell, v)
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

// TestRead_seal: the filled rows are read only from a workbook whose token
// verifies; the tinted cells finance fills never break it.
func TestRead_seal(t *testing.T) {
	key := mustKey(7)
	at := func(h string) string {
		c, _ := excelize.CoordinatesToCellName(sanctionsbook.Column(h), sanctionsbook.HeaderRow+1)
		return c
	}
	set := func(cells map[string]string) func(f *excelize.File) {
		return func(f *excelize.File) {
			for h, v := range cells {
				f.SetCellStr(sanctionsbook.SanctionsSheet, at(h), v)
			}
		}
	}
	sanction := map[string]string{sanctionsbook.ColSanctioned: "45000", sanctionsbook.ColOrder: "FIN/77", sanctionsbook.ColOrderDate: "05.02.2026"}
	with := func(h, v string) map[string]string {
		m := map[string]string{h: v}
		for k, v := range sanction {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name   string
		data   []byte
		forged bool
	}{
		{"a sanction filled in", book(t, key, set(sanction)), false},
		{"made by hand, no token", book(t, seal.Key{}, set(sanction)), true},
		{"sealed with another key", book(t, mustKey(8), set(sanction)), true},
		{"the request id changed", book(t, key, set(with(sanctionsbook.ColRequestID, "13"))), true},
		{"the fingerprint changed", book(t, key, set(with(sanctionsbook.ColFingerprint, strings.Repeat("cd", 32)))), true},
		{"the amount recommended shown changed", book(t, key, set(with("Recommended", "48900"))), true},
		{"the marker's moment changed", book(t, key, func(f *excelize.File) {
			set(sanction)(f)
			f.SetCellStr(sanctionsbook.MarkerSheet, sanctionsbook.MadeCell, "2026-03-01T00:00:00Z")
		}), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ret, err := Read(c.data, key)
			if c.forged {
				if !errors.Is(err, seal.ErrForged) || ret != nil {
					t.Errorf("Read = %+v, %v; want seal.ErrForged and nothing read", ret, err)
				}
				return
			}
			if err != nil || len(ret.Rows) != 1 || ret.Rows[0].ClaimID != 12 || ret.Rows[0].Order != "FIN/77" {
				t.Errorf("Read = %+v, %v", ret, err)
			}
		})
	}
}
