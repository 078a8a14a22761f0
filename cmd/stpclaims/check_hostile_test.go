package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"stpclaims/internal/hostile"
)

// TestCheckMain_hostile: check stops at the size limit on a device that
// never ends and on a 5 GB file, and answers a workbook that cannot be
// marked with its findings alone (written with --out), in a worker and in
// process alike.
func TestCheckMain_hostile(t *testing.T) {
	dir := t.TempDir()
	huge := filepath.Join(dir, "huge.xlsx")
	if err := hostile.Sparse(huge, 5<<30); err != nil {
		t.Fatal(err)
	}
	base, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.xlsx")
	if err := hostile.TruncatedSheet(cut, base); err != nil {
		t.Fatal(err)
	}
	for _, inProcess := range []bool{false, true} {
		for _, tc := range []struct {
			name     string
			file     string
			want     int
			inStdout string
		}{
			{"a device with no end", "/dev/zero", exitMisuse, "larger than the 25 MB"},
			{"a sparse 5 GB file", huge, exitMisuse, "the file is 5.0 GB"},
			{"a sheet missing </worksheet>", cut, exitReturned, "cut.findings.xlsx"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				if _, err := os.Stat(tc.file); err != nil {
					t.Skip(err)
				}
				args := []string{"--received", "2026-11-01", "--out", filepath.Join(dir, "out"), tc.file}
				if inProcess {
					args = append(args, "--in-process")
				}
				var stdout, stderr bytes.Buffer
				if got := new(CheckMain).Run(context.Background(), args, &stdout, &stderr); got != tc.want {
					t.Errorf("in process %v: exit %d, want %d\nstdout: %s\nstderr: %s", inProcess, got, tc.want, stdout.String(), stderr.String())
				}
				if !strings.Contains(stdout.String(), tc.inStdout) {
					t.Errorf("in process %v: stdout lacks %q:\n%s", inProcess, tc.inStdout, stdout.String())
				}
			})
		}
	}
}
