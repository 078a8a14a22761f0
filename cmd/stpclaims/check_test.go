package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckMain_Run(t *testing.T) {
	dir := t.TempDir()
	// A revised card in force from 2026 on.
	card, err := os.ReadFile("../../validate/cards/stp-2015.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(card), `name = "STP-2015"`, `name = "STP-2026"`, 1)
	text = strings.Replace(text, "effective_from = 2015-08-13", "effective_from = 2026-01-01", 1)
	cardPath := filepath.Join(dir, "stp-2026.toml")
	if err := os.WriteFile(cardPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "notes.xlsx")
	if err := os.WriteFile(garbage, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	clean := "../../ingest/read/testdata/merged-amount.xlsx"

	for _, tc := range []struct {
		name     string
		args     []string
		want     int
		inStdout []string
	}{
		{"returned", []string{"--received", "2026-11-01", exampleWorkbook}, exitReturned, []string{"returned", "AII-FOOD", "largest advance"}},
		{"clean", []string{"--received", "2026-01-01", clean}, exitOK, nil},
		{"unreadable wins", []string{"--received", "2026-11-01", exampleWorkbook, garbage, clean}, exitMisuse, []string{"rejected-unreadable"}},
		{"no file", nil, exitMisuse, nil},
		{"bad date", []string{"--received", "01.11.2026", exampleWorkbook}, exitMisuse, nil},
		{"missing file", []string{filepath.Join(dir, "nothing.xlsx")}, exitMisuse, nil},
		{"loaded card chosen by date", []string{"--json", "--rates", cardPath, "--received", "2026-11-01", exampleWorkbook}, exitReturned, []string{`"rate_card":"STP-2026"`}},
		{"bad card", []string{"--rates", garbage, exampleWorkbook}, exitMisuse, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := new(CheckMain).Run(context.Background(), tc.args, &stdout, &stderr)
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			for _, s := range tc.inStdout {
				if !strings.Contains(stdout.String(), s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout.String())
				}
			}
		})
	}

	t.Run("--json --out", func(t *testing.T) {
		out := filepath.Join(dir, "out")
		var stdout, stderr bytes.Buffer
		if got := new(CheckMain).Run(context.Background(), []string{"--json", "--out", out, "--received", "2026-11-01", exampleWorkbook, garbage}, &stdout, &stderr); got != exitMisuse {
			t.Fatalf("exit %d: %s", got, stderr.String())
		}
		lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
		if len(lines) != 2 {
			t.Fatalf("%d JSON lines, want one per file:\n%s", len(lines), stdout.String())
		}
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Errorf("not one JSON object a line: %v\n%s", err, l)
			}
		}
		for _, name := range []string{"annexure2-example.checked.xlsx", "annexure2-example.report.json", "notes.report.json"} {
			if _, err := os.Stat(filepath.Join(out, name)); err != nil {
				t.Error(err)
			}
		}
		if _, err := os.Stat(filepath.Join(out, "notes.checked.xlsx")); err == nil {
			t.Error("an unreadable file got an annotated copy")
		}
	})

	t.Run("nothing written without --out", func(t *testing.T) {
		example, err := filepath.Abs(exampleWorkbook)
		if err != nil {
			t.Fatal(err)
		}
		wd := t.TempDir()
		t.Chdir(wd)
		var stdout, stderr bytes.Buffer
		new(CheckMain).Run(context.Background(), []string{example}, &stdout, &stderr)
		if entries, _ := os.ReadDir(wd); len(entries) != 0 {
			t.Errorf("check without --out wrote %v", entries)
		}
		if !strings.Contains(stdout.String(), "annexure2-example.xlsx") {
			t.Errorf("no summary: %s", stdout.String())
		}
	})
}
