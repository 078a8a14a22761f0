package testenv

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestToolsRequired(t *testing.T) {
	tests := []struct {
		require, ci string
		want        bool
	}{
		{"", "", false},
		{"1", "", true},
		{"", "true", true},
		{"", "1", true},
		{"0", "false", false},
		{"", "no", false},
	}
	for _, tc := range tests {
		t.Run(tc.require+"/"+tc.ci, func(t *testing.T) {
			t.Setenv(RequireTools, tc.require)
			t.Setenv("CI", tc.ci)
			if got := ToolsRequired(); got != tc.want {
				t.Errorf("%s=%q CI=%q: ToolsRequired() = %v, want %v", RequireTools, tc.require, tc.ci, got, tc.want)
			}
		})
	}
}

// TestProgram_found finds a program on $PATH and one only at a path given.
func TestProgram_found(t *testing.T) {
	dir := t.TempDir()
	prog := filepath.Join(dir, "stpclaims-test-tool")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got := Program(t, "stpclaims-test-tool"); got != prog {
		t.Errorf("Program on $PATH = %q, want %q", got, prog)
	}
	t.Setenv("PATH", t.TempDir())
	if got := Program(t, "stpclaims-test-tool", filepath.Join(dir, "absent"), prog); got != prog {
		t.Errorf("Program elsewhere = %q, want %q", got, prog)
	}
}

// TestMissing runs Missing in a test of its own and sees it skipped on a
// developer's machine and failed where tools are required.
func TestMissing(t *testing.T) {
	for _, required := range []bool{false, true} {
		t.Run(map[bool]string{false: "skipped", true: "failed"}[required], func(t *testing.T) {
			t.Setenv("CI", "")
			t.Setenv(RequireTools, map[bool]string{false: "", true: "1"}[required])
			rec := &recorder{TB: t}
			done := make(chan struct{})
			go func() { // Skip and Fatal end the goroutine, as they end a test
				defer close(done)
				Program(rec, "stpclaims-no-such-program")
			}()
			<-done
			if rec.skipped == required || rec.failed != required {
				t.Errorf("required %v: skipped %v, failed %v", required, rec.skipped, rec.failed)
			}
		})
	}
}

// recorder records what Missing does instead of ending the test.
type recorder struct {
	testing.TB
	skipped, failed bool
}

func (r *recorder) Helper() {}

func (r *recorder) Skip(args ...any) {
	r.skipped = true
	runtime.Goexit()
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.failed = true
	runtime.Goexit()
}
