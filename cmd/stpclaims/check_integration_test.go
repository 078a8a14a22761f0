//go:build integration

package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"stpclaims/ingest/convert"
	"stpclaims/internal/testenv"
)

// TestCheckMain_QuietUnlessVerbose: checking an .ods (converted by
// LibreOffice) writes nothing on stderr, unless -v asks for the log.
func TestCheckMain_QuietUnlessVerbose(t *testing.T) {
	if !convert.Available() {
		testenv.Missing(t, "soffice (LibreOffice) is not installed")
	}
	ods := "../../ingest/read/testdata/label-value.ods"
	// what would go to the process's default logger (the daemon's stderr)
	var dflt bytes.Buffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&dflt, nil)))
	t.Cleanup(func() { slog.SetDefault(prev) })
	for _, tc := range []struct {
		name    string
		args    []string
		wantLog bool
	}{
		{"quiet", []string{ods, "--received", "2026-01-01"}, false},
		{"verbose", []string{ods, "-v", "--received", "2026-01-01"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := new(CheckMain).Run(context.Background(), tc.args, &stdout, &stderr); got != exitReturned {
				t.Errorf("exit %d, want %d\n%s%s", got, exitReturned, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), "label-value.ods: returned") {
				t.Errorf("no report: %s", stdout.String())
			}
			logged := strings.Contains(stderr.String(), "convert")
			if logged != tc.wantLog {
				t.Errorf("log of the conversion on stderr: %v, want %v\n%s", logged, tc.wantLog, stderr.String())
			}
			if !tc.wantLog && stderr.Len() > 0 {
				t.Errorf("stderr is not empty: %q", stderr.String())
			}
			if dflt.Len() > 0 {
				t.Errorf("logged to the default logger: %q", dflt.String())
				dflt.Reset()
			}
		})
	}
}
