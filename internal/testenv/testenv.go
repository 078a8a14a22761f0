// Package testenv says what a test may expect of the machine it runs on:
// whether an outside program it needs (soffice, dovecot, pdftotext) is
// there, and whether the race detector is on.
//
// A test that needs a program which is missing is skipped on a developer's
// machine, and fails where the tools are required: under CI (the
// environment variable CI set to true or 1, as CI services set it) or with
// STPCLAIMS_REQUIRE_TOOLS=1 (which .ci/run sets), so that a CI run cannot
// pass by skipping what it was meant to prove.
//
// A few tests are too heavy for the race detector, which makes code 5 to
// 40 times slower and several times larger, and gain nothing from it: they
// prove a property over thousands of random inputs of code that runs on one
// goroutine, or the memory and throughput of a built binary. Such a test
// calls WithoutRace as its first statement; under -race it is skipped, and
// scripts/test runs it again without -race (it finds those tests by that
// call).
//
// It is for tests only, and decides nothing about what they assert.
package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// RequireTools is the environment variable that makes a missing program a
// failure instead of a skip.
const RequireTools = "STPCLAIMS_REQUIRE_TOOLS"

// Race is true when the tests are built with the race detector (-race).
const Race = race

// ToolsRequired reports whether a missing program fails the test (CI)
// rather than skipping it.
func ToolsRequired() bool {
	for _, v := range []string{os.Getenv(RequireTools), os.Getenv("CI")} {
		if v == "1" || v == "true" {
			return true
		}
	}
	return false
}

// Missing ends t for want of something outside it (a program, a font):
// skipped on a developer's machine, failed where tools are required.
func Missing(t testing.TB, why string) {
	t.Helper()
	if ToolsRequired() {
		t.Fatalf("%s (required here: %s or CI is set)", why, RequireTools)
	}
	t.Skip(why)
}

// Program is the path of the named program on $PATH, or one of the
// other paths given (e.g. /usr/sbin/dovecot, outside a user's $PATH); when
// there is none, t ends as Missing says.
func Program(t testing.TB, name string, elsewhere ...string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, p := range elsewhere {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	Missing(t, name+" is not installed")
	return ""
}

// WithoutRace skips t under the race detector; scripts/test runs it in a
// second step without -race. Call it first in the test function, where
// scripts/test looks for it.
func WithoutRace(t testing.TB) {
	t.Helper()
	if Race {
		t.Skip("too heavy for the race detector: scripts/test runs it without -race")
	}
}
