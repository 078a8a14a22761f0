package ebtbook

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/internal/seal"
)

// accounts are the account numbers a spreadsheet is likeliest to spoil:
// leading zeros, and 16 to 18 digits (beyond a double's 15).
var accounts = []string{"0012345678901234", "00000012345678901", "123456789012345678", "999999999999999999", "000000000000000001", "4567890123456789"}

// sampleList is a list of six payments (the accounts above), two people
// on the second sheet and one row withdrawn.
func sampleList(draft bool) *stpclaims.EBTList {
	l := &stpclaims.EBTList{ID: 12, ProgrammeCode: "STP/REV/2027/014", Seq: 2, Source: stpclaims.EBTFromBill, Draft: draft,
		Made: time.Date(2027, 2, 9, 5, 0, 0, 0, time.UTC)}
	for i, a := range accounts {
		l.Rows = append(l.Rows, stpclaims.EBTRow{Serial: i + 1, Kind: stpclaims.PayeeParticipant, Name: fmt.Sprintf("Participant %d", i+1),
			PEN: fmt.Sprintf("0%d5678", i), AccountNo: a, IFSC: "SBIN0070123", Bank: "State Bank of India",
			Amount: decimal.NewFromInt(int64(1000 + 10*i)), Narration: "TA STP/REV/2027/014"})
	}
	l.Rows = append(l.Rows, stpclaims.EBTRow{Serial: 7, Kind: stpclaims.PayeeParticipant, Name: "Gone", AccountNo: "111111111", IFSC: "SBIN0070123",
		Amount: decimal.NewFromInt(500), Withdrawn: true, WithdrawnBy: 13, WithdrawnReason: "changed by the corrected bill"})
	l.Others = []stpclaims.EBTRow{
		{Serial: 1, Kind: stpclaims.PayeeParticipant, Name: "No Account", Amount: decimal.NewFromInt(1500), Reason: "TA-BANK: no account number"},
		{Serial: 2, Kind: stpclaims.PayeeGuestFaculty, Name: "Dr. Short", AccountNo: "12345", IFSC: "FDRL0001234", Amount: decimal.RequireFromString("2250.50"),
			Reason: `TA-BANK: the account number "12345" is not 9 to 18 digits`},
	}
	return l
}

// testKey is the key the tests' workbooks are sealed with.
var testKey = func() seal.Key {
	k, err := seal.NewKey(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		panic(err)
	}
	return k
}()

func book(l *stpclaims.EBTList) Book {
	return Book{List: l, ProgrammeName: "Revenue Recovery", BillFile: "ta-bill.xlsx", BillState: "clean", UploadFile: Name(l) + ".csv", CheckDigits: 11,
		Seal: testKey}
}

func open(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWrite(t *testing.T) {
	l := sampleList(false)
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	if got := f.GetSheetList(); len(got) != 3 || got[0] != SheetList || got[1] != SheetOthers || got[2] != MarkerSheet {
		t.Fatalf("sheets %v", got)
	}
	rows, err := f.GetRows(SheetList)
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "e-BT list 12: TA of STP/REV/2027/014" || !strings.Contains(rows[1][0], "upload ebt-12-STP-REV-2027-014.csv to the bank") {
		t.Errorf("title and first step: %q, %q", rows[0][0], rows[1][0])
	}
	head := map[string]string{}
	for _, r := range rows[3:9] {
		head[r[0]] = r[2]
	}
	check := ebt.CheckTotal(l.Rows, 11).String()
	if head["Payments"] != "6" || head["Check total"] == "" || head["Check total"] != check || !strings.Contains(head["Programme"], "Revenue Recovery") {
		t.Errorf("header %v (check total %s)", head, check)
	}
	if v, _ := f.GetCellValue(SheetList, "C8", excelize.Options{RawCellValue: true}); v != "6150" {
		t.Errorf("total = %q", v)
	}
	// The payments: account numbers, IFSCs and PENs are text cells.
	for i, a := range accounts {
		n := headerRow + 1 + i
		for _, col := range []string{"C", "D", "E"} {
			cell := fmt.Sprintf("%s%d", col, n)
			if typ, _ := f.GetCellType(SheetList, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s is of type %v, not text", cell, typ)
			}
		}
		if got, _ := f.GetCellValue(SheetList, fmt.Sprintf("D%d", n)); got != a {
			t.Errorf("account of row %d = %q, want %q", i+1, got, a)
		}
	}
	if len(rows) != headerRow+len(accounts)+1 || rows[len(rows)-1][5] != "Total" {
		t.Errorf("the withdrawn row is on the list, or the total row is missing: %d rows", len(rows))
	}
	others, _ := f.GetRows(SheetOthers)
	if len(others) != 4+3 || others[4][2] != "No Account" || others[5][4] != "12345" ||
		!strings.Contains(others[6][7], "withdrawn from this list (it was row 7): changed by the corrected bill; e-BT list 13 pays it instead") {
		t.Errorf("second sheet %q", others)
	}
	if v, _ := f.GetCellValue(SheetList, UploadedCell); v != "" {
		t.Errorf("Uploaded on = %q before upload", v)
	}
	if hf, err := f.GetHeaderFooter(SheetList); err != nil || hf.OddHeader != "" || !strings.Contains(hf.OddFooter, "e-BT list 12") {
		t.Errorf("header and footer %+v, %v", hf, err)
	}
	if ps, err := f.GetPageLayout(SheetList); err != nil || *ps.Size != 9 || *ps.Orientation != "landscape" || *ps.FitToWidth != 1 {
		t.Errorf("page layout %+v, %v", ps, err)
	}
}

// TestWrite_draft: DRAFT in the file name, the title of each sheet and
// the head of every printed page; nothing to fill in.
func TestWrite_draft(t *testing.T) {
	l := sampleList(true)
	if Name(l) != "ebt-12-STP-REV-2027-014-DRAFT" {
		t.Errorf("Name = %q", Name(l))
	}
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	for _, sheet := range []string{SheetList, SheetOthers} {
		if v, _ := f.GetCellValue(sheet, "A1"); !strings.HasPrefix(v, "DRAFT, NOT FOR UPLOAD") {
			t.Errorf("%s title %q", sheet, v)
		}
		hf, err := f.GetHeaderFooter(sheet)
		if err != nil || !strings.Contains(hf.OddHeader, "DRAFT, NOT FOR UPLOAD") || !strings.Contains(hf.OddFooter, "DRAFT e-BT list 12") {
			t.Errorf("%s header and footer %+v, %v", sheet, hf, err)
		}
	}
	if v, _ := f.GetCellValue(SheetList, UploadedCell); v != "(a draft is not uploaded)" {
		t.Errorf("Uploaded on = %q", v)
	}
	if v, _ := f.GetCellValue(SheetList, "A2"); !strings.HasPrefix(v, "DRAFT: ") || !strings.Contains(v, "Do not upload") {
		t.Errorf("first step %q", v)
	}
	ret, err := Read(data, testKey)
	if err != nil || ret.List != 12 || ret.Fingerprint != ebt.Fingerprint(l) || !ret.UploadedOn.IsZero() || ret.Problem != "" {
		t.Errorf("Read = %+v, %v", ret, err)
	}
}

func TestWrite_uploaded(t *testing.T) {
	l := sampleList(false)
	l.Uploaded = &stpclaims.EBTUpload{On: time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC), By: "finance@img.kerala.gov.in"}
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	f := open(t, data)
	if v, _ := f.GetCellValue(SheetList, UploadedCell); v != "10.02.2027" {
		t.Errorf("Uploaded on = %q", v)
	}
	if v, _ := f.GetCellValue(SheetList, "A2"); !strings.Contains(v, "Uploaded to the bank on 10.02.2027 (marked by finance@img.kerala.gov.in)") {
		t.Errorf("first step %q", v)
	}
}

// TestRead: the day finance writes in "Uploaded on", however written.
func TestRead(t *testing.T) {
	l := sampleList(false)
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	if !Is(data) {
		t.Fatal("Is = false for a list workbook")
	}
	cases := []struct {
		name    string
		value   any
		want    string // YYYY-MM-DD, "" for none
		problem string
	}{
		{"empty", nil, "", ""},
		{"a date cell", time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC), "2027-02-10", ""},
		{"dotted text", "10.02.2027", "2027-02-10", ""},
		{"slashes, no zeros", "1/3/2027", "2027-03-01", ""},
		{"ISO", "2027-02-10", "2027-02-10", ""},
		{"words", "yesterday", "", `"Uploaded on" says "yesterday"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := open(t, data)
			if tc.value != nil {
				if err := f.SetCellValue(SheetList, UploadedCell, tc.value); err != nil {
					t.Fatal(err)
				}
			}
			var buf bytes.Buffer
			if _, err := f.WriteTo(&buf); err != nil {
				t.Fatal(err)
			}
			ret, err := Read(buf.Bytes(), testKey)
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if !ret.UploadedOn.IsZero() {
				got = ret.UploadedOn.Format(time.DateOnly)
			}
			if got != tc.want || !strings.Contains(ret.Problem, tc.problem) || (tc.problem == "") != (ret.Problem == "") || ret.List != 12 {
				t.Errorf("Read = %+v, want %q, problem %q", ret, tc.want, tc.problem)
			}
		})
	}
}

func TestRead_notList(t *testing.T) {
	f := excelize.NewFile()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	if Is(buf.Bytes()) || Is([]byte("not a zip")) {
		t.Error("Is = true for what is not a list workbook")
	}
	if _, err := Read(buf.Bytes(), testKey); !errors.Is(err, ErrNotList) {
		t.Errorf("Read = %v", err)
	}
}

// edited is data with change made to it by excelize, as a person with a
// spreadsheet program would.
func edited(t *testing.T, data []byte, change func(f *excelize.File) error) []byte {
	t.Helper()
	f := open(t, data)
	if err := change(f); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// set sets cells of a sheet (cell → value).
func set(sheet string, cells map[string]any) func(f *excelize.File) error {
	return func(f *excelize.File) error {
		for cell, v := range cells {
			if err := f.SetCellValue(sheet, cell, v); err != nil {
				return err
			}
		}
		return nil
	}
}

// forge is a list workbook made by hand: the list sheet's header block
// and table (each amount raised by raise), the marker naming the list with
// its fingerprint, and token (copied from a genuine workbook), "Uploaded
// on" filled.
func forge(t *testing.T, l *stpclaims.EBTList, token string, raise int64) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", SheetList))
	must(f.SetCellStr(SheetList, "A10", "Uploaded on"))
	must(f.SetCellStr(SheetList, UploadedCell, "10.02.2027"))
	head := make([]string, len(listColumns))
	for i, c := range listColumns {
		head[i] = c.title
	}
	must(f.SetSheetRow(SheetList, fmt.Sprintf("A%d", headerRow), &head))
	total := int64(0)
	for i, r := range l.Payable() {
		row := []any{r.Serial, r.Name, r.PEN, r.AccountNo, r.IFSC, r.Bank, r.Amount.IntPart() + raise, r.Narration, r.Reason}
		must(f.SetSheetRow(SheetList, fmt.Sprintf("A%d", headerRow+1+i), &row))
		total += r.Amount.IntPart() + raise
	}
	must(f.SetSheetRow(SheetList, fmt.Sprintf("F%d", headerRow+1+len(l.Payable())), &[]any{"Total", total}))
	_, err := f.NewSheet(MarkerSheet)
	must(err)
	for cell, v := range map[string]string{MarkerCell: MarkerText, VersionCell: Version, ListCell: "12", FingerprintCell: ebt.Fingerprint(l),
		MadeCell: l.Made.UTC().Format(time.RFC3339), ProgrammeCell: l.ProgrammeCode, TokenCell: token} {
		must(f.SetCellStr(MarkerSheet, cell, v))
	}
	must(f.SetSheetVisible(MarkerSheet, false, true))
	var buf bytes.Buffer
	_, err = f.WriteTo(&buf)
	must(err)
	return buf.Bytes()
}

// TestRead_sealed: "Uploaded on" is read only from a workbook whose token
// verifies. Filling "Uploaded on" keeps the token; a workbook made by hand
// (even with a genuine token copied in), or a genuine one whose list id,
// programme, fingerprint, or a payment's name, account, IFSC or amount was
// changed, or with a payment added or removed, is refused with
// seal.ErrForged and nothing of it read.
func TestRead_sealed(t *testing.T) {
	l := sampleList(false)
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	token, _ := open(t, data).GetCellValue(MarkerSheet, TokenCell)
	if !strings.HasPrefix(token, "1:") {
		t.Fatalf("the workbook carries no token: %q", token)
	}
	first := headerRow + 1 // the first payment's row
	filled := set(SheetList, map[string]any{UploadedCell: "10.02.2027"})
	and := func(changes ...func(f *excelize.File) error) func(f *excelize.File) error {
		return func(f *excelize.File) error {
			for _, c := range append([]func(f *excelize.File) error{filled}, changes...) {
				if err := c(f); err != nil {
					return err
				}
			}
			return nil
		}
	}
	other := book(sampleList(false))
	other.Seal, _ = seal.NewKey(bytes.Repeat([]byte{8}, seal.KeySize))
	otherKey, err := Bytes(other)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"as written, Uploaded on filled", edited(t, data, filled), true},
		{"Uploaded on filled as a date cell, a hint beside it changed", edited(t, data, set(SheetList, map[string]any{
			UploadedCell: time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC), "G10": "done", "C4": "another programme name"})), true},
		// The token proves what the workbook shows, not the file: a
		// faithful copy of the genuine one, token and all, shows what
		// stpclaims made (so the forged copies below fail for what they
		// change, not for being copies).
		{"copied by hand, token and all", forge(t, l, token, 0), true},
		{"made by hand", forge(t, l, "", 0), false},
		{"made by hand, the amounts raised, the genuine token copied in", forge(t, l, token, 1000), false},
		{"an amount raised", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("G%d", first): 10000}))), false},
		{"an amount changed by a paisa", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("G%d", first): 1000.01}))), false},
		{"an account number changed", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("D%d", first+1): "00000012345678902"}))), false},
		{"an IFSC changed", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("E%d", first): "HDFC0000001"}))), false},
		{"a beneficiary renamed", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("B%d", first): "Mallory"}))), false},
		{"the total changed", edited(t, data, and(set(SheetList, map[string]any{fmt.Sprintf("G%d", first+len(accounts)): 1}))), false},
		{"a payment added", edited(t, data, and(func(f *excelize.File) error {
			row := []any{7, "Mallory", "", "123456789012", "SBIN0070123", "State Bank of India", 50000, "TA STP/REV/2027/014"}
			return f.SetSheetRow(SheetList, fmt.Sprintf("A%d", first+len(accounts)+1), &row)
		})), false},
		{"a payment removed", edited(t, data, and(func(f *excelize.File) error { return f.RemoveRow(SheetList, first+2) })), false},
		{"the list id changed", edited(t, data, and(set(MarkerSheet, map[string]any{ListCell: "13"}))), false},
		{"the programme changed", edited(t, data, and(set(MarkerSheet, map[string]any{ProgrammeCell: "STP/REV/2027/015"}))), false},
		{"the fingerprint changed", edited(t, data, and(set(MarkerSheet, map[string]any{FingerprintCell: "0123456789abcdef"}))), false},
		{"the token removed", edited(t, data, and(set(MarkerSheet, map[string]any{TokenCell: ""}))), false},
		{"sealed with another key", edited(t, otherKey, filled), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ret, err := Read(c.data, testKey)
			if c.ok {
				if err != nil || ret.List != 12 || ret.Programme != l.ProgrammeCode || ret.Fingerprint != ebt.Fingerprint(l) ||
					ret.UploadedOn.Format(time.DateOnly) != "2027-02-10" {
					t.Errorf("Read = %+v, %v", ret, err)
				}
				return
			}
			if !errors.Is(err, seal.ErrForged) || ret != (Returned{}) {
				t.Errorf("Read = %+v, %v; want seal.ErrForged and nothing read", ret, err)
			}
		})
	}
}

// TestWrite_unsealed: no workbook goes out without a key to seal it.
func TestWrite_unsealed(t *testing.T) {
	b := book(sampleList(false))
	b.Seal = seal.Key{}
	if _, err := Bytes(b); !errors.Is(err, seal.ErrNoKey) {
		t.Errorf("Bytes without a key = %v, want seal.ErrNoKey", err)
	}
}
