//go:build integration

package ledgerbook_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/review"
	"stpclaims/ingest/sanctions"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/seal"
	"stpclaims/internal/sofficetest"
	"stpclaims/internal/testenv"
	"stpclaims/output/ledgerbook"
)

// allSheetsCSV is LibreOffice's CSV filter exporting every sheet (token 12
// = -1, LibreOffice 7.2 and later) as UTF-8, values not as shown.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

func sofficeCSV(t *testing.T, dir, file string) {
	t.Helper()
	bin := testenv.Program(t, "soffice")
	// The timeout only stops a hung soffice; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", allSheetsCSV, "--outdir", filepath.Join(dir, "out"), file)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out.String())
	}
}

func readSheet(t *testing.T, dir, sheet string) [][]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "out", "ledger-"+sheet+".csv"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no CSV of %s: %v", sheet, err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for len(rows) > 0 && strings.Join(rows[len(rows)-1], "") == "" {
		rows = rows[:len(rows)-1]
	}
	return rows
}

func sumColumn(t *testing.T, rows [][]string, title string) decimal.Decimal {
	t.Helper()
	col := slices.Index(rows[0], title)
	if col < 0 {
		t.Fatalf("no column %q in %v", title, rows[0])
	}
	var sum decimal.Decimal
	for _, r := range rows[1:] {
		if col >= len(r) || r[col] == "" {
			continue
		}
		d, err := decimal.NewFromString(r[col])
		if err != nil {
			t.Fatalf("%s %q: %v", title, r[col], err)
		}
		sum = sum.Add(d)
	}
	return sum
}

// TestWriteFile_LibreOffice opens the ledger of a store filled through the
// pipeline in LibreOffice and finds the store's totals in it.
func TestWriteFile_LibreOffice(t *testing.T) {
	s := newScenario(t)
	s.advance(t)
	b := s.book(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.xlsx")
	if _, err := ledgerbook.WriteFile(context.Background(), path, b); err != nil {
		t.Fatal(err)
	}
	sofficeCSV(t, dir, path)
	sum := ledgerbook.Summarize(b)

	adv := readSheet(t, dir, "Advances")
	if len(adv)-1 != len(b.Advances) {
		t.Errorf("LibreOffice shows %d advances, the store has %d", len(adv)-1, len(b.Advances))
	}
	for _, c := range []struct {
		title string
		want  decimal.Decimal
	}{{"Advance claimed", sum.All.AdvanceClaimed}, {"Total admissible", sum.All.Admissible},
		{"Total claimed", sum.All.Claimed}, {"Penal interest to date", sum.All.PenalInterest}, {"Paid", decimal.NewFromInt(45000)}} {
		if got := sumColumn(t, adv, c.title); !got.Equal(c.want) {
			t.Errorf("%s: LibreOffice sums %s, the store %s", c.title, got, c.want)
		}
	}
	name := slices.Index(adv[0], "Programme name")
	if !strings.HasPrefix(adv[2][name], "=HYPERLINK") { // P1, after P2 by programme code
		t.Errorf("a text that looks like a formula became %q", adv[2][name])
	}
	if ovd := readSheet(t, dir, "Overdue"); len(ovd) != 2 || ovd[1][0] != "STP/REV/2026/041" {
		t.Errorf("LibreOffice shows the Overdue sheet %v", ovd)
	}
	if src := readSheet(t, dir, "Sources"); len(src)-1 != len(b.Sources) {
		t.Errorf("LibreOffice shows %d sources, the store has %d", len(src)-1, len(b.Sources))
	}
	if dev := readSheet(t, dir, "Deviations"); len(dev)-1 != len(b.Deviations) {
		t.Errorf("LibreOffice shows %d deviations, the store has %d", len(dev)-1, len(b.Deviations))
	}
	set := readSheet(t, dir, "Settlements")
	if got := sumColumn(t, set, "Balance (+ refund, − to pay)"); !got.Equal(b.Settlements[0].Balance.Decimal) {
		t.Errorf("settlement balance %s, the store %s", got, b.Settlements[0].Balance.Decimal)
	}
	summary := readSheet(t, dir, "Summary")
	found := false
	for _, r := range summary {
		if len(r) > 1 && r[0] == "Total claimed" {
			found = decimal.RequireFromString(r[1]).Equal(sum.All.Claimed)
		}
	}
	if !found || summary[0][0] != "Register of advances" {
		t.Errorf("Summary %v", summary[:min(12, len(summary))])
	}
}

// TestWriteSanctions_LibreOffice opens the Sanctions workbook in LibreOffice
// and saves it again as .xlsx, as a clerk who opens and saves it would: its
// dropdowns, its protection with the input cells open, and its hidden
// identifiers come back intact, and it still reads as a Sanctions workbook.
func TestWriteSanctions_LibreOffice(t *testing.T) {
	bin := testenv.Program(t, "soffice")
	s := newScenario(t)
	s.advance(t)
	b := s.book(t)
	sb := &ledgerbook.SanctionsBook{Made: asOf, Seal: testKey}
	for i, a := range b.Advances {
		a.State = stpclaims.AdvanceRecommended
		// Amounts with paise, which LibreOffice writes back as it likes:
		// the token must still verify.
		a.MaxAdvance = decimal.NewNullDecimal(decimal.RequireFromString("48900.75").Add(decimal.NewFromInt(int64(i))))
		a.Steps.Recommended.Amount = decimal.NewNullDecimal(decimal.RequireFromString("45000.1"))
		sb.Rows = append(sb.Rows, a)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "sanctions.xlsx")
	if err := ledgerbook.WriteSanctionsFile(context.Background(), path, sb); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // stops a hung soffice only
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", filepath.Join(dir, "out"), path)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	saved, err := os.ReadFile(filepath.Join(dir, "out", "sanctions.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const sheet = sanctionsbook.SanctionsSheet
	dvs, err := f.GetDataValidations(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var lists []string
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists = append(lists, dv.Formula1)
		}
	}
	if len(dvs) != 4 || len(lists) != 2 || !slices.ContainsFunc(lists, func(l string) bool { return strings.Contains(l, "bank transfer") && strings.Contains(l, "cheque") }) {
		t.Errorf("data validations after LibreOffice: %+v", dvs)
	}
	ws, err := zipPart(saved, "xl/worksheets/sheet1.xml")
	if err != nil || !strings.Contains(ws, "<sheetProtection") {
		t.Errorf("the sheet is no longer protected (%v)", err)
	}
	row := sanctionsbook.HeaderRow + 1
	for _, h := range []string{sanctionsbook.ColSanctioned, sanctionsbook.ColMode, sanctionsbook.ColPaidOn, sanctionsbook.ColCode, "Recommended"} {
		cell, _ := excelize.CoordinatesToCellName(sanctionsbook.Column(h), row)
		id, _ := f.GetCellStyle(sheet, cell)
		st, err := f.GetStyle(id)
		locked := err != nil || st.Protection == nil || st.Protection.Locked
		if input := slices.Contains(sanctionsbook.Inputs, h); locked == input {
			t.Errorf("%s (%s): locked %v after LibreOffice", h, cell, locked)
		}
	}
	for _, h := range []string{sanctionsbook.ColRequestID, sanctionsbook.ColFingerprint} {
		name, _ := excelize.ColumnNumberToName(sanctionsbook.Column(h))
		if vis, _ := f.GetColVisible(sheet, name); vis {
			t.Errorf("identifier column %s visible after LibreOffice", h)
		}
	}
	ret, err := sanctions.Read(saved, testKey)
	if err != nil || len(ret.Rows) != 0 || ret.Blank != len(sb.Rows) {
		t.Errorf("read back after LibreOffice: %+v, %v", ret, err)
	}
	t.Run("an amount shown changed by a paisa after LibreOffice", func(t *testing.T) {
		cell, _ := excelize.CoordinatesToCellName(sanctionsbook.Column("Largest advance"), row)
		if err := f.SetCellValue(sheet, cell, 48900.76); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if _, err := sanctions.Read(buf.Bytes(), testKey); !errors.Is(err, seal.ErrForged) {
			t.Errorf("Read = %v, want seal.ErrForged", err)
		}
	})
}

// TestWriteReview_LibreOffice: a review workbook with amounts in paise,
// filled in and saved by LibreOffice, still verifies and reads back its
// decision; the same with an amount shown changed by a paisa does not.
func TestWriteReview_LibreOffice(t *testing.T) {
	s := newScenario(t)
	rb := withKey(s.book(t).ReviewFor(latha, asOf))
	if len(rb.Deviations) == 0 || len(rb.Register) == 0 {
		t.Fatalf("%d deviations, %d in the register", len(rb.Deviations), len(rb.Register))
	}
	for i := range rb.Deviations {
		rb.Deviations[i].Claimed = decimal.NewNullDecimal(decimal.RequireFromString("1234.5"))
		rb.Deviations[i].Allowed = decimal.NewNullDecimal(decimal.RequireFromString("999.99"))
	}
	rb.Register[0].MaxAdvance = decimal.NewNullDecimal(decimal.RequireFromString("48900.05"))
	var buf bytes.Buffer
	if err := ledgerbook.WriteReview(context.Background(), &buf, rb); err != nil {
		t.Fatal(err)
	}
	decision, _ := excelize.CoordinatesToCellName(reviewbook.Column(reviewbook.ColDecision), 2)
	filled := decide(t, buf.Bytes(), map[[2]string]string{{itoa(rb.Deviations[0].ClaimID), rb.Deviations[0].Rule}: "Approve"})
	saved := sofficetest.Convert(t, "xlsx:Calc MS Excel 2007 XML", map[string][]byte{"review.xlsx": filled})["review.xlsx"]
	ret, err := review.Read(saved, testKey)
	if err != nil || len(ret.Decisions) != 1 || ret.Facilitator != latha {
		t.Fatalf("read back after LibreOffice: %+v, %v", ret, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(ledgerbook.SheetReview, decision); v != "Approve" {
		t.Fatalf("%s holds %q", decision, v)
	}
	claimed, _ := excelize.CoordinatesToCellName(reviewbook.Column("Claimed"), 2)
	if err := f.SetCellValue(ledgerbook.SheetReview, claimed, 1234.51); err != nil {
		t.Fatal(err)
	}
	var changed bytes.Buffer
	if err := f.Write(&changed); err != nil {
		t.Fatal(err)
	}
	if _, err := review.Read(changed.Bytes(), testKey); !errors.Is(err, seal.ErrForged) {
		t.Errorf("an amount shown changed by a paisa: Read = %v, want seal.ErrForged", err)
	}
}

// zipPart is one part of an .xlsx, as text.
func zipPart(data []byte, name string) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", err
	}
	rc, err := zr.Open(name)
	if err != nil {
		return "", err
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	return string(b), err
}
