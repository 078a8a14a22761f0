package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/internal/storetest"
	"stpclaims/store"
)

// enterBill enters a TA bill of STP/X with its rows as the desk would.
func enterBill(t *testing.T, st *store.Store, name string, status stpclaims.Status, received time.Time, rows ...store.BillRow) {
	t.Helper()
	sub := stpclaims.NewSubmission(name, []byte(name), stpclaims.SourceMail, received)
	sub.Sender, sub.MessageID = "co@revenue.kerala.gov.in", "<"+name+"@test>"
	rep := stpclaims.Report{File: name, SHA256: sub.SHA256, Form: stpclaims.FormTABill, Status: status, RateCard: "STP-2015", ProgrammeCode: "STP/X",
		Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: "STP/X"}, {Name: "programme_name", Value: "Office Procedure"}}}
	if _, _, err := st.Enter(context.Background(), store.Entry{Submission: sub, Report: rep, BillRows: rows, Processed: received}); err != nil {
		t.Fatal(err)
	}
}

func payee(name, account, amount string) store.BillRow {
	return store.BillRow{Kind: stpclaims.PayeeParticipant, Row: 7, Name: name, PEN: name + "-pen", Office: "Kollam",
		Claimed: decimal.RequireFromString(amount), Admissible: decimal.RequireFromString(amount), AccountNo: account, IFSC: "SBIN0070123"}
}

func runEBT(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := new(EBTMain).Run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String() + stderr.String()
}

func TestEBTMain_Run(t *testing.T) {
	st, dbPath := storetest.Open(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "stpclaims.toml")
	conf := "store = " + quote(dbPath) + "\noutbox = " + quote(filepath.Join(dir, "outbox")) + "\n" +
		"[ebt]\nextension = \"txt\"\ndelimiter = \"|\"\nheader = false\ncolumns = [\"account_no\", \"ifsc\", \"name\", \"amount\"]\n"
	if err := os.WriteFile(cfg, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	day := time.Now().Add(-48 * time.Hour)
	enterBill(t, st, "bill.xlsx", stpclaims.StatusReturned, day, payee("Asha", "0012345678901234", "1500"), payee("Binu", "", "900"))

	code, out := runEBT(t, "--config", cfg)
	if code != exitOK || !strings.Contains(out, "e-BT list 1 (new), STP/X: 1 payment(s), Rs 1,500, check total 45678901234, 1 not by transfer; DRAFT, not for upload; ebt-1-STP-X-DRAFT.xlsx") {
		t.Fatalf("exit %d: %s", code, out)
	}
	if code, out := runEBT(t, "--config", cfg, "--mark-uploaded", "1"); code != exitReturned || !strings.Contains(out, "e-BT list 1 is a DRAFT") {
		t.Errorf("marking a draft: exit %d: %s", code, out)
	}

	// The corrected bill: the draft made final, Binu on a second list.
	enterBill(t, st, "bill-corrected.xlsx", stpclaims.StatusClean, day.Add(time.Hour), payee("Asha", "0012345678901234", "1500"), payee("Binu", "000987654321", "900"))
	outDir := filepath.Join(dir, "elsewhere")
	code, out = runEBT(t, "--config", cfg, "--programme", "stp/x", "--out", outDir)
	if code != exitOK || !strings.Contains(out, "e-BT list 1 (changed), STP/X: 1 payment(s)") || !strings.Contains(out, "e-BT list 2 (new), STP/X: 1 payment(s), Rs 900") {
		t.Fatalf("exit %d: %s", code, out)
	}
	upload, err := os.ReadFile(filepath.Join(outDir, "ebt-2-STP-X.txt"))
	if err != nil || string(upload) != "000987654321|SBIN0070123|Binu|900.00\r\n" {
		t.Errorf("upload file %q, %v", upload, err)
	}
	if _, err := os.Stat(filepath.Join(outDir, "ebt-1-STP-X.xlsx")); err != nil {
		t.Error(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "outbox", "ebt", "ebt-1-STP-X-DRAFT.xlsx")); err != nil {
		t.Errorf("the draft's file in the configured folder: %v", err)
	}

	if code, out := runEBT(t, "--config", cfg, "--mark-uploaded", "1", "--on", "2999-01-01"); code != exitReturned || !strings.Contains(out, "a day still to come") {
		t.Errorf("a day to come: exit %d: %s", code, out)
	}
	if code, out := runEBT(t, "--config", cfg, "--mark-uploaded", "1", "--on", "2020-01-01"); code != exitReturned || !strings.Contains(out, "it cannot have been uploaded on 01.01.2020") {
		t.Errorf("a day before the list: exit %d: %s", code, out)
	}
	today := time.Now().In(ist).Format(time.DateOnly) // the config's zone, the default
	for _, id := range []string{"1", "2"} {
		if code, out := runEBT(t, "--config", cfg, "--mark-uploaded", id, "--on", today, "--by", "clerk"); code != exitOK || !strings.Contains(out, "marked uploaded on") {
			t.Errorf("mark %s: exit %d: %s", id, code, out)
		}
	}
	if code, out := runEBT(t, "--config", cfg, "--mark-uploaded", "2"); code != exitOK || !strings.Contains(out, "already") {
		t.Errorf("marked again: exit %d: %s", code, out)
	}
	l, err := st.EBTList(context.Background(), 2)
	if err != nil || l.Uploaded == nil || l.Uploaded.By != "clerk" || l.Uploaded.Source != "cli" || l.Uploaded.On.Format(time.DateOnly) != today {
		t.Errorf("mark %+v, %v", l.Uploaded, err)
	}
	// After the upload nothing is listed again, even from the bill sent once more.
	enterBill(t, st, "bill-again.xlsx", stpclaims.StatusClean, day.Add(2*time.Hour), payee("Asha", "0012345678901234", "1500"), payee("Binu", "000987654321", "900"))
	code, out = runEBT(t, "--config", cfg)
	if code != exitOK || strings.Contains(out, "(new)") || strings.Count(out, "uploaded on") != 2 {
		t.Errorf("after upload: exit %d: %s", code, out)
	}

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no such list", []string{"--config", cfg, "--mark-uploaded", "99"}, exitMisuse, "there is no e-BT list 99"},
		{"marked before", []string{"--config", cfg, "--mark-uploaded", "1", "--on", "2999-01-01"}, exitOK, "already"},
		{"bad day", []string{"--config", cfg, "--mark-uploaded", "1", "--on", "01.01.2027"}, exitMisuse, "want a day"},
		{"--on alone", []string{"--config", cfg, "--on", "2027-01-01"}, exitMisuse, "go with --mark-uploaded"},
		{"stray argument", []string{"--config", cfg, "extra"}, exitMisuse, "unexpected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if code, out := runEBT(t, tc.args...); code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d: %s", code, out)
			}
		})
	}
}

func TestLoadConfig_ebt(t *testing.T) {
	cfg, err := loadConfig("", usesAll)
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.ebtEnabled() || cfg.ebtDir() != filepath.Join("outbox", "ebt") || cfg.EBT.Delimiter != "," || !cfg.EBT.Header {
		t.Errorf("default [ebt] %+v in %s", cfg.EBT, cfg.ebtDir())
	}
	for _, tc := range []struct {
		name, text, key string
	}{
		{"unknown column", "[ebt]\ncolumns = [\"account_no\", \"amount\", \"branch\"]\n", "ebt.columns"},
		{"delimiter", "[ebt]\ndelimiter = \"||\"\n", "ebt.delimiter"},
		{"fixed width without widths", "[ebt]\nfixed_width = true\n", "ebt.widths"},
		{"unknown key", "[ebt]\ncolour = \"red\"\n", "ebt.colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := loadConfig(path, usesAll); err == nil || !strings.Contains(err.Error(), tc.key) {
				t.Errorf("err = %v, want it to name %q", err, tc.key)
			}
		})
	}
}

// TestEBTMain_help: -h in the commands' one style, and misuse pointed at it.
func TestEBTMain_help(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := run(context.Background(), []string{"ebt", "-h"}, nil, &stdout, &stderr); got != exitOK {
		t.Fatalf("exit %d: %s", got, stderr.String())
	}
	for _, part := range []string{"usage: stpclaims ebt [flags]", "\n  --programme CODE ", "\n  --out DIR ", "\n  --mark-uploaded LIST ", "\nexamples:\n  stpclaims ebt"} {
		if !strings.Contains(stdout.String(), part) {
			t.Errorf("help lacks %q:\n%s", part, stdout.String())
		}
	}
	stdout.Reset()
	if got := run(context.Background(), []string{"ebt", "--bogus"}, nil, &stdout, &stderr); got != exitMisuse || !strings.Contains(stderr.String(), "Run 'stpclaims ebt -h' for help.") {
		t.Errorf("misuse: exit %d, stderr %q", got, stderr.String())
	}
}

// TestEBTMain_advance: stpclaims ebt makes the list of an advance the
// register holds as sanctioned (here one sanctioned before the lists
// existed): without an account number on the Annexure II, the co-ordinator
// is on its second sheet.
func TestEBTMain_advance(t *testing.T) {
	st, dbPath := storetest.Open(t)
	id, sha := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	storetest.PayAdvance(t, st, id, sha, "latha@img.kerala.gov.in", time.Date(2026, 2, 7, 0, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte("store = "+quote(dbPath)+"\noutbox = "+quote(filepath.Join(dir, "outbox"))+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out := runEBT(t, "--config", cfg)
	if code != exitOK || !strings.Contains(out, "e-BT list 1 (new), STP/REV/2026/041: 0 payment(s), Rs 0, check total 0, 1 not by transfer; nothing to pay by transfer; ebt-1-advance-STP-REV-2026-041.xlsx") {
		t.Fatalf("exit %d: %s", code, out)
	}
	l, err := st.EBTList(context.Background(), 1)
	if err != nil || l.Source != stpclaims.EBTFromAdvance || len(l.Others) != 1 || l.Others[0].Reason != "AII-ACCOUNT: no account number; AII-ACCOUNT: no IFSC" || !l.Others[0].Amount.Equal(decimal.NewFromInt(45000)) {
		t.Errorf("list %+v, %v", l, err)
	}
	if code, out := runEBT(t, "--config", cfg); code != exitOK || strings.Contains(out, "(new)") {
		t.Errorf("again: exit %d: %s", code, out)
	}
}
