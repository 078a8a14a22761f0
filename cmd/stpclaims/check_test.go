package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
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

// TestCheckMain_FlagsAnywhere: flags may come before, between or after the
// files; "--" makes what follows a file.
func TestCheckMain_FlagsAnywhere(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		want     int
		jsonOut  bool // stdout is JSON lines only
		inStderr string
	}{
		{"flags first", []string{"--json", "--received", "2026-11-01", exampleWorkbook}, exitReturned, true, ""},
		{"flags after the file", []string{exampleWorkbook, "--json", "--received", "2026-11-01"}, exitReturned, true, ""},
		{"flags between", []string{"--received", "2026-11-01", exampleWorkbook, "--json"}, exitReturned, true, ""},
		{"a value after the file", []string{exampleWorkbook, "--received=2026-11-01"}, exitReturned, false, ""},
		{"-- ends the flags", []string{"--received", "2026-11-01", exampleWorkbook, "--", "--json"}, exitMisuse, false, "--json"},
		{"an unknown flag after the file", []string{exampleWorkbook, "--jsno"}, exitMisuse, false, "Run 'stpclaims check -h' for help."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := new(CheckMain).Run(context.Background(), tc.args, &stdout, &stderr)
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", got, tc.want, stdout.String(), stderr.String())
			}
			if tc.jsonOut {
				for _, l := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
					var m map[string]any
					if err := json.Unmarshal([]byte(l), &m); err != nil {
						t.Errorf("stdout is not JSON lines: %v\n%s", err, stdout.String())
					}
				}
			}
			if !strings.Contains(stderr.String(), tc.inStderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.inStderr, stderr.String())
			}
		})
	}
}

// TestCheckMain_ClosingLine: more than one file ends with a count of the
// files by status, on stdout, or on stderr when stdout holds JSON.
func TestCheckMain_ClosingLine(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "notes.xlsx")
	if err := os.WriteFile(garbage, []byte("not a workbook"), 0o644); err != nil {
		t.Fatal(err)
	}
	clean := "../../ingest/read/testdata/merged-amount.xlsx"
	missing := filepath.Join(dir, "nothing.xlsx")
	for _, tc := range []struct {
		name             string
		args             []string
		inStdout, inErr  string
		notOut, notInErr string
	}{
		{"three files", []string{"--received", "2026-01-01", exampleWorkbook, garbage, clean},
			"3 files: 1 clean, 0 review, 1 returned, 1 unreadable\n", "", "", "files:"},
		{"a file that cannot be read counts as unreadable", []string{"--received", "2026-01-01", clean, missing},
			"2 files: 1 clean, 0 review, 0 returned, 1 unreadable\n", "", "", ""},
		{"with --json on stderr", []string{"--json", "--received", "2026-01-01", exampleWorkbook, clean},
			"", "2 files: 1 clean, 0 review, 1 returned, 0 unreadable\n", "files:", ""},
		{"one file: no closing line", []string{"--received", "2026-01-01", clean},
			"", "", "files:", "files:"},
		{"a workbook of two programmes counts its forms", []string{"--received", "2026-01-01", programmesWorkbook, clean},
			"2 files (3 forms): 2 clean, 0 review, 1 returned, 0 unreadable\n", "", "", "files"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			new(CheckMain).Run(context.Background(), tc.args, &stdout, &stderr)
			out, errs := stdout.String(), stderr.String()
			if tc.inStdout != "" && !strings.HasSuffix(out, tc.inStdout) {
				t.Errorf("stdout does not end with %q:\n%s", tc.inStdout, out)
			}
			if tc.inErr != "" && !strings.Contains(errs, tc.inErr) {
				t.Errorf("stderr lacks %q:\n%s", tc.inErr, errs)
			}
			if tc.notOut != "" && strings.Contains(out, tc.notOut) {
				t.Errorf("stdout has %q:\n%s", tc.notOut, out)
			}
			if tc.notInErr != "" && strings.Contains(errs, tc.notInErr) {
				t.Errorf("stderr has %q:\n%s", tc.notInErr, errs)
			}
		})
	}
}

// programmesWorkbook holds two programmes, a sheet each, beside a hidden
// sheet and a Notes sheet.
const programmesWorkbook = "../../process/testdata/forms/sheets/programmes.xlsx"

// TestCheckMain_Programmes: --json prints one report a programme, each
// with the sheet it came from; the summary names the sheets.
func TestCheckMain_Programmes(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if got := new(CheckMain).Run(context.Background(), []string{"--json", "--received", "2026-01-01", programmesWorkbook}, &stdout, &stderr); got != exitReturned {
		t.Fatalf("exit %d, want %d (the second programme is returned)\n%s", got, exitReturned, stderr.String())
	}
	lines := strings.Split(strings.TrimSuffix(stdout.String(), "\n"), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one a programme:\n%s", len(lines), stdout.String())
	}
	for i, want := range []struct{ sheet, code, status string }{
		{"Programme 1", "STP/LSGD/2026/021", "clean"}, {"Programme 2", "STP/LSGD/2026/022", "returned"},
	} {
		var rep struct {
			Sheet  string `json:"sheet"`
			Code   string `json:"programme_code"`
			Status string `json:"status"`
		}
		if err := json.Unmarshal([]byte(lines[i]), &rep); err != nil {
			t.Fatal(err)
		}
		if rep.Sheet != want.sheet || rep.Code != want.code || rep.Status != want.status {
			t.Errorf("line %d: %+v, want %+v", i+1, rep, want)
		}
	}
	stdout.Reset()
	new(CheckMain).Run(context.Background(), []string{"--received", "2026-01-01", programmesWorkbook}, &stdout, &stderr)
	for _, s := range []string{"programmes.xlsx, sheet 'Programme 1': clean", "programmes.xlsx, sheet 'Programme 2': returned", "READ-HIDDEN", "READ-SKIPPED"} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("summary lacks %q:\n%s", s, stdout.String())
		}
	}
}

// TestCheckMain_OutSaysWhatItWrote: --out names the folder it created and
// every file it wrote.
func TestCheckMain_OutSaysWhatItWrote(t *testing.T) {
	out := filepath.Join(t.TempDir(), "checked")
	for _, tc := range []struct {
		name    string
		args    []string
		created bool
		wrote   []string
		where   string // "stdout" or "stderr"
	}{
		{"a new folder", []string{"--out", out, "--received", "2026-11-01", exampleWorkbook}, true,
			[]string{"annexure2-example.checked.xlsx", "annexure2-example.report.json"}, "stdout"},
		{"the folder is there", []string{exampleWorkbook, "--out", out, "--received", "2026-11-01"}, false,
			[]string{"annexure2-example.checked.xlsx", "annexure2-example.report.json"}, "stdout"},
		{"with --json on stderr", []string{exampleWorkbook, "--json", "--out", out}, false,
			[]string{"annexure2-example.report.json"}, "stderr"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			new(CheckMain).Run(context.Background(), tc.args, &stdout, &stderr)
			text := map[string]string{"stdout": stdout.String(), "stderr": stderr.String()}[tc.where]
			if got := strings.Contains(text, "created "+out+"\n"); got != tc.created {
				t.Errorf("says it created the folder: %v, want %v\n%s", got, tc.created, text)
			}
			for _, name := range tc.wrote {
				line := "wrote " + filepath.Join(out, name) + "\n"
				if !strings.Contains(text, line) {
					t.Errorf("%s lacks %q:\n%s", tc.where, line, text)
				}
				if _, err := os.Stat(filepath.Join(out, name)); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

// TestCheckMain_Progress: a progress line on stderr only when it is a
// terminal and there are more than 20 files.
func TestCheckMain_Progress(t *testing.T) {
	dir := t.TempDir()
	files := func(n int) []string {
		var out []string
		for i := range n {
			p := filepath.Join(dir, fmt.Sprintf("f%02d.xlsx", i))
			if err := os.WriteFile(p, []byte("not a workbook"), 0o644); err != nil {
				t.Fatal(err)
			}
			out = append(out, p)
		}
		return out
	}
	for _, tc := range []struct {
		name     string
		files    int
		terminal bool
		want     bool
	}{
		{"21 files on a terminal", 21, true, true},
		{"20 files on a terminal", 20, true, false},
		{"21 files, not a terminal", 21, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			m := &CheckMain{terminal: func(io.Writer) bool { return tc.terminal }}
			m.Run(context.Background(), files(tc.files), &stdout, &stderr)
			last := fmt.Sprintf("checking %d of %d: f%02d.xlsx", tc.files, tc.files, tc.files-1)
			if got := strings.Contains(stderr.String(), last); got != tc.want {
				t.Errorf("progress shown: %v, want %v\n%q", got, tc.want, stderr.String())
			}
			if tc.want && !strings.HasSuffix(stderr.String(), "\r\x1b[K") {
				t.Errorf("the progress line is not cleared at the end: %q", stderr.String())
			}
			if strings.Contains(stdout.String(), "\r") {
				t.Error("the progress line went to stdout")
			}
		})
	}
}
