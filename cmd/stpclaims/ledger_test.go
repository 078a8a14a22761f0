package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/internal/storetest"
	"stpclaims/validate"
)

var ist = stpclaims.DefaultZone()

// testDesk is a desk over st whose clock stands at now, writing its ledger
// under a temporary folder: what the schedule and the rebuild run.
func testDesk(t *testing.T, st desk.Store, now time.Time) *desk.Desk {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	return &desk.Desk{Store: st, Cards: cards, Zone: ist, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		Ledger: desk.Ledger{Path: filepath.Join(t.TempDir(), "ledger", "ledger.xlsx"), Finance: []string{"finance@img.kerala.gov.in"}}}
}

func TestLedgerMain_Run(t *testing.T) {
	st, dbPath := storetest.Open(t)
	id, sha := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	storetest.PayAdvance(t, st, id, sha, "latha@img.kerala.gov.in", time.Date(2026, 2, 7, 0, 0, 0, 0, time.UTC))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte("store = "+quote(dbPath)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "ledger.xlsx")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		// Paid Rs 45,000; on 14.04.2026, 30 days past 15.03.2026:
		// 45000 × 12 % × 30 / 365 = 443.84.
		{"all", []string{"--config", cfg, "--out", out, "--as-of", "2026-04-14"}, exitOK, "1 advances (1 paid), 1 overdue, Rs 444 penal interest to date"},
		{"a period without claims", []string{"--config", cfg, "--out", out, "--from", "2026-03-01", "--to", "2026-03-31"}, exitOK, "0 advances (none)"},
		{"the day of the claim, inclusive", []string{"--config", cfg, "--out", out, "--from", "2026-02-02", "--to", "2026-02-02"}, exitOK, "1 advances (1 paid)"},
		{"bad date", []string{"--config", cfg, "--from", "02.02.2026"}, exitMisuse, "want a date"},
		{"from after to", []string{"--config", cfg, "--from", "2026-03-01", "--to", "2026-02-01"}, exitMisuse, "after"},
		{"stray argument", []string{"--config", cfg, "extra"}, exitMisuse, "unexpected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := new(LedgerMain).Run(context.Background(), c.args, &stdout, &stderr)
			if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.want) {
				t.Errorf("exit %d, out %q, err %q", code, stdout.String(), stderr.String())
			}
		})
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}

func quote(s string) string { b, _ := json.Marshal(s); return string(b) }

func TestNewSchedule(t *testing.T) {
	st, _ := storetest.Open(t)
	jobs := testDesk(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
	reg := prometheus.NewRegistry()
	m, err := newJobMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	if _, err := newSchedule(context.Background(), scheduleConfig{Overdue: "not a spec"}, ist, jobs, m, log); err == nil {
		t.Error("a bad spec was accepted")
	}
	c, err := newSchedule(context.Background(), scheduleConfig{}, ist, jobs, m, log)
	if err != nil {
		t.Fatal(err)
	}
	entries := c.Entries()
	if len(entries) != 4 { // overdue, digest, rebuild, sanctions
		t.Fatalf("%d entries", len(entries))
	}
	// the rebuild runs once and succeeds; with the store closed it fails,
	// is counted, and the schedule goes on
	entries[2].Job.Run()
	if got := counted(m.failures.WithLabelValues("rebuild")); got != 0 {
		t.Errorf("failures %v after a good run", got)
	}
	if _, err := os.Stat(jobs.Ledger.Path); err != nil {
		t.Errorf("no ledger written: %v", err)
	}
	st.Close()
	entries[0].Job.Run()
	entries[0].Job.Run()
	if got := counted(m.failures.WithLabelValues("overdue")); got != 2 {
		t.Errorf("overdue failures %v, want 2", got)
	}
	if got := counted(m.runs.WithLabelValues("overdue")); got != 2 {
		t.Errorf("overdue runs %v, want 2", got)
	}
	// the next run time is in the zone given
	next := c.Entries()[0].Schedule.Next(time.Date(2026, 3, 16, 10, 0, 0, 0, ist))
	if want := time.Date(2026, 3, 17, 9, 0, 0, 0, ist); !next.Equal(want) {
		t.Errorf("next overdue run %s, want %s", next, want)
	}
}

func TestLedgerRebuilder(t *testing.T) {
	st, _ := storetest.Open(t)
	jobs := testDesk(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
	m, _ := newJobMetrics(prometheus.NewRegistry())
	r := newLedgerRebuilder(jobs.RebuildLedger, 10*time.Millisecond, m, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()
	for range 5 {
		r.Kick()
	}
	deadline := time.Now().Add(5 * time.Second)
	for gauge(m.last.WithLabelValues("rebuild")) == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	if got := counted(m.runs.WithLabelValues("rebuild")); got != 1 {
		t.Errorf("%v rebuilds after a burst of kicks, want 1", got)
	}
	if _, err := os.Stat(jobs.Ledger.Path); err != nil {
		t.Error(err)
	}
}

func TestLedgerRebuilder_steadyKicks(t *testing.T) {
	st, _ := storetest.Open(t)
	jobs := testDesk(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
	m, _ := newJobMetrics(prometheus.NewRegistry())
	r := newLedgerRebuilder(jobs.RebuildLedger, 200*time.Millisecond, m, slog.New(slog.DiscardHandler))
	r.maxWait = 300 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.Run(ctx) }()
	// Submissions keep coming, never 200 ms apart, for 3 s: the ledger is
	// rebuilt meanwhile all the same.
	for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		r.Kick()
	}
	rebuilt := gauge(m.last.WithLabelValues("rebuild"))
	cancel()
	<-done
	if rebuilt == 0 {
		t.Error("no rebuild while kicks kept coming")
	}
}

// counted reads a counter's value.
func counted(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// gauge reads a gauge's value.
func gauge(g prometheus.Gauge) float64 {
	var m dto.Metric
	if err := g.Write(&m); err != nil {
		return -1
	}
	return m.GetGauge().GetValue()
}

func TestSanctionsMain_Run(t *testing.T) {
	st, dbPath := storetest.Open(t)
	storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte("store = "+quote(dbPath)+"\n[ledger]\nfinance = [\"accounts@img.kerala.gov.in\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	bare := filepath.Join(dir, "bare.toml")
	if err := os.WriteFile(bare, []byte("store = "+quote(dbPath)+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out", "sanctions.xlsx")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"to a file", []string{"--config", cfg, "--out", out}, exitOK, "0 advances to sanction or pay"},
		{"mailed", []string{"--config", cfg, "--mail"}, exitOK, "queued to [accounts@img.kerala.gov.in]"},
		{"mailed with no finance addresses", []string{"--config", bare, "--mail"}, exitMisuse, "names no finance addresses"},
		{"stray argument", []string{"--config", cfg, "extra"}, exitMisuse, "unexpected"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := new(SanctionsMain).Run(context.Background(), c.args, &stdout, &stderr)
			if code != c.code || !strings.Contains(stdout.String()+stderr.String(), c.want) {
				t.Errorf("exit %d, out %q, err %q", code, stdout.String(), stderr.String())
			}
		})
	}
	if _, err := os.Stat(out); err != nil {
		t.Error(err)
	}
}
