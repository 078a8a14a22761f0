package main

import (
	"bytes"
	"context"
	"flag"
	"slices"
	"strings"
	"testing"
)

// TestRun_Help: every command's -h and --help print its help on stdout in
// one style (synopsis, what it does, its flags, examples) and exit 0.
func TestRun_Help(t *testing.T) {
	for _, tc := range []struct {
		command string
		flags   []string
	}{
		{"serve", []string{"--config FILE"}},
		{"check", []string{"--json", "--out DIR", "--received YYYY-MM-DD", "--rates FILE", "--timeout DURATION", "-v"}},
		{"template", []string{"-o FILE", "--rates FILE", "--date YYYY-MM-DD"}},
		{"ledger", []string{"--config FILE", "--out FILE", "--from DATE", "--to DATE", "--as-of DATE"}},
		{"outbox", []string{"--config FILE", "--all", "--reason TEXT", "--by NAME"}},
		{"backup", []string{"--config FILE"}},
		{"version", nil},
	} {
		for _, h := range []string{"-h", "--help"} {
			t.Run(tc.command+" "+h, func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				if got := run(context.Background(), []string{tc.command, h}, nil, &stdout, &stderr); got != exitOK {
					t.Errorf("exit %d, want 0; stderr: %s", got, stderr.String())
				}
				out := stdout.String()
				if !strings.HasPrefix(out, "usage: stpclaims "+tc.command) {
					t.Errorf("help does not start with the synopsis:\n%s", out)
				}
				for _, part := range []string{"\nflags:\n", "  -h, --help", "\nexamples:\n  stpclaims " + tc.command} {
					if !strings.Contains(out, part) {
						t.Errorf("help lacks %q:\n%s", part, out)
					}
				}
				for _, f := range tc.flags {
					if !strings.Contains(out, "\n  "+f+" ") && !strings.Contains(out, "\n  "+f+"\n") {
						t.Errorf("help lacks the flag %q:\n%s", f, out)
					}
				}
				if strings.Contains(out, "Usage of") || stderr.Len() > 0 {
					t.Errorf("Go's bare usage, or output on stderr: %q", stderr.String())
				}
				for _, l := range strings.Split(out, "\n") {
					if len(l) > helpWidth+20 {
						t.Errorf("a line of %d characters: %q", len(l), l)
					}
				}
			})
		}
	}
}

// TestRun_Misuse: an unknown flag or argument exits 2 with a pointer to
// -h on stderr, and nothing on stdout.
func TestRun_Misuse(t *testing.T) {
	for _, args := range [][]string{
		{"serve", "--bogus"}, {"serve", "extra"}, {"check", "--bogus"}, {"template", "--bogus"},
		{"template"}, {"template", "annexure2", "ta-bill"}, {"ledger", "--bogus"}, {"ledger", "extra"}, {"version", "extra"},
		{"outbox"}, {"outbox", "resend", "1"}, {"outbox", "retry"}, {"outbox", "--bogus"}, {"backup"}, {"backup", "a", "b"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(context.Background(), args, nil, &stdout, &stderr); got != exitMisuse {
				t.Errorf("exit %d, want %d", got, exitMisuse)
			}
			if !strings.Contains(stderr.String(), "Run 'stpclaims "+args[0]+" -h' for help.") || stdout.Len() > 0 {
				t.Errorf("stdout %q, stderr %q", stdout.String(), stderr.String())
			}
		})
	}
}

func TestParseInterleaved(t *testing.T) {
	for _, tc := range []struct {
		args  []string
		rest  []string
		json  bool
		out   string
		fails bool
	}{
		{[]string{"a.xlsx", "--json"}, []string{"a.xlsx"}, true, "", false},
		{[]string{"--out", "d", "a.xlsx", "b.xlsx"}, []string{"a.xlsx", "b.xlsx"}, false, "d", false},
		{[]string{"a.xlsx", "--out", "d", "b.xlsx", "--json"}, []string{"a.xlsx", "b.xlsx"}, true, "d", false},
		{[]string{"a.xlsx", "--", "--json", "-"}, []string{"a.xlsx", "--json", "-"}, false, "", false},
		{[]string{"-", "a.xlsx"}, []string{"-", "a.xlsx"}, false, "", false},
		{[]string{"a.xlsx", "--out"}, nil, false, "", true},
		{nil, nil, false, "", false},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			fs := flag.NewFlagSet("t", flag.ContinueOnError)
			fs.SetOutput(new(bytes.Buffer))
			json := fs.Bool("json", false, "")
			out := fs.String("out", "", "")
			rest, err := parseInterleaved(fs, tc.args)
			if (err != nil) != tc.fails {
				t.Fatalf("err %v", err)
			}
			if !slices.Equal(rest, tc.rest) || *json != tc.json || *out != tc.out {
				t.Errorf("rest %q json %v out %q, want %q %v %q", rest, *json, *out, tc.rest, tc.json, tc.out)
			}
		})
	}
}
