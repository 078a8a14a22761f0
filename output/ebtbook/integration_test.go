//go:build integration

package ebtbook

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/seal"
	"stpclaims/internal/sofficetest"
	"stpclaims/internal/testenv"
)

// allSheetsCSV is LibreOffice's CSV filter set to export every sheet
// (token 12 = -1, LibreOffice 7.2 and later) as UTF-8, cell values as
// stored, not as shown: a number would come out as its double.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// soffice converts file with LibreOffice to target in dir/out.
func soffice(t *testing.T, dir, target, file string) {
	t.Helper()
	bin := testenv.Program(t, "soffice")
	// The timeout only stops a hung soffice; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", target, "--outdir", filepath.Join(dir, "out"), file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out.String())
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestWrite_libreOfficeCSV: account numbers with leading zeros and of 16
// to 18 digits, and the IFSCs, come out of LibreOffice exactly as written,
// on both sheets.
func TestWrite_libreOfficeCSV(t *testing.T) {
	dir := t.TempDir()
	l := sampleList(false)
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, Name(l)+".xlsx")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	soffice(t, dir, allSheetsCSV, file)
	list := readCSV(t, filepath.Join(dir, "out", Name(l)+"-"+SheetList+".csv"))
	var got []string
	for _, row := range list[headerRow:] {
		if len(row) > 4 && row[4] == "SBIN0070123" {
			got = append(got, row[3])
		}
	}
	if strings.Join(got, " ") != strings.Join(accounts, " ") {
		t.Errorf("account numbers after LibreOffice:\n%v\nwant\n%v", got, accounts)
	}
	others := readCSV(t, filepath.Join(dir, "out", Name(l)+"-"+SheetOthers+".csv"))
	if len(others) < 6 || others[5][4] != "12345" || others[5][5] != "FDRL0001234" {
		t.Errorf("second sheet after LibreOffice: %q", others)
	}
}

// TestRead_savedByLibreOffice: a list workbook filled in and saved again
// by LibreOffice (which rewrites every cell, the marker sheet and the
// token among them) is still known, its token verifies, and it is read;
// the same saved workbook with an amount changed afterwards is refused.
func TestRead_savedByLibreOffice(t *testing.T) {
	dir := t.TempDir()
	l := sampleList(false)
	l.Rows[0].Amount = decimal.RequireFromString("1000.50") // paise, as a number cell
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(SheetList, UploadedCell, time.Date(2027, 2, 10, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in", "returned.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(in); err != nil {
		t.Fatal(err)
	}
	soffice(t, dir, "xlsx:Calc MS Excel 2007 XML", in)
	saved, err := os.ReadFile(filepath.Join(dir, "out", "returned.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if !Is(saved) {
		t.Fatal("Is = false after LibreOffice saved it")
	}
	ret, err := Read(saved, testKey)
	if err != nil || ret.List != 12 || ret.UploadedOn.Format(time.DateOnly) != "2027-02-10" || ret.Problem != "" {
		t.Errorf("Read = %+v, %v", ret, err)
	}
	changed := edited(t, saved, set(SheetList, map[string]any{fmt.Sprintf("G%d", headerRow+1): 1000.51}))
	if _, err := Read(changed, testKey); !errors.Is(err, seal.ErrForged) {
		t.Errorf("Read of the saved workbook, an amount changed = %v, want seal.ErrForged", err)
	}
}

// TestWrite_pdf: a DRAFT of 70 payments prints on A4 landscape pages, each
// headed DRAFT, NOT FOR UPLOAD, nothing in the side margins, the table's
// header on every page and the account numbers as written. The pages are
// kept as PNGs in $STPCLAIMS_PNG_DIR/ebtbook to look at.
func TestWrite_pdf(t *testing.T) {
	l := sampleList(true)
	for i := len(l.Rows); i < 70; i++ {
		l.Rows = append(l.Rows, stpclaims.EBTRow{Serial: i + 1, Kind: stpclaims.PayeeParticipant,
			Name: fmt.Sprintf("Participant with a rather long name %d", i+1), PEN: fmt.Sprint(300000 + i),
			AccountNo: fmt.Sprintf("%018d", 4200000+i), IFSC: "CNRB0004321", Bank: "Canara Bank",
			Amount: decimal.NewFromInt(int64(900 + i)), Narration: "TA STP/REV/2027/014",
			Reason: "payable now; list 11 did not pay by transfer: TA-BANK: the account number \"12\" is not 9 to 18 digits"})
	}
	data, err := Bytes(book(l))
	if err != nil {
		t.Fatal(err)
	}
	pdf := sofficetest.Convert(t, "pdf", map[string][]byte{Name(l) + ".xlsx": data})[Name(l)+".xlsx"]
	sofficetest.PNG(t, pdf, sofficetest.KeepDir(t, "ebtbook"), "draft", 70)
	pages := sofficetest.Pages(t, pdf)
	if len(pages) < 3 {
		t.Fatalf("%d pages", len(pages))
	}
	const side = 0.4 * 72 // printsetup's side margin, points
	for i, p := range pages {
		if math.Abs(p.Width-841.9) > 2 || math.Abs(p.Height-595.3) > 2 {
			t.Errorf("page %d is %.0f × %.0f points, not A4 landscape", i+1, p.Width, p.Height)
		}
		if !strings.Contains(p.Text, "DRAFT, NOT FOR UPLOAD") {
			t.Errorf("page %d is not headed DRAFT", i+1)
		}
		for _, w := range p.Words {
			if w.XMin < side-2 || w.XMax > p.Width-side+2 {
				t.Errorf("page %d: %q prints in the side margin", i+1, w.Text)
				break
			}
		}
	}
	text := ""
	for _, p := range pages {
		text += p.Text
	}
	for _, a := range accounts {
		if !strings.Contains(text, a) {
			t.Errorf("the account number %s is not printed as written", a)
		}
	}
	if n := strings.Count(text, "Account number"); n < 3 {
		t.Errorf("the table's header is printed %d times", n)
	}
}
