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
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
	"stpclaims/validate"
)

var ist = time.FixedZone("IST", 5*3600+1800)

// enterAdvance enters an Annexure II's report as the pipeline would: a
// programme that ended on 13.02.2026 with an advance of Rs 48,000 and one
// deviation.
func enterAdvance(t *testing.T, st *store.Store, name, sender, facilitator string, received time.Time) (int64, string) {
	t.Helper()
	sub := stpclaims.NewSubmission(name, []byte(name+sender), stpclaims.SourceMail, received)
	sub.Sender, sub.MessageID = sender, "<"+name+"@test>"
	rep := stpclaims.Report{File: name, SHA256: sub.SHA256, Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusReview,
		RateCard: "STP-2015", ProgrammeCode: "STP/REV/2026/041",
		Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: "STP/REV/2026/041"}, {Name: "programme_name", Value: "Revenue Recovery"},
			{Name: "start_date", Value: "2026-02-09"}, {Name: "end_date", Value: "2026-02-13"}, {Name: "advance_claimed", Value: "48000"},
			{Name: "coordinator_email", Value: sender}, {Name: "facilitator_email", Value: facilitator}},
		Assessment: stpclaims.Assessment{Findings: []stpclaims.Finding{{Rule: "AII-LEAD-TIME", Severity: stpclaims.SeverityDeviation, Message: "late"}}}}
	id, _, err := st.Enter(context.Background(), store.Entry{Submission: sub, Report: rep, Processed: received})
	if err != nil {
		t.Fatal(err)
	}
	return id, sub.SHA256
}

func openStore(t *testing.T) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stpclaims.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func testJobs(t *testing.T, st *store.Store, now time.Time) *ledgerJobs {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	return &ledgerJobs{store: st, cards: cards, zone: ist, path: filepath.Join(t.TempDir(), "ledger", "ledger.xlsx"),
		finance: []string{"finance@img.kerala.gov.in"}, log: slog.New(slog.DiscardHandler), now: func() time.Time { return now }}
}

func TestLedgerMain_Run(t *testing.T) {
	st, dbPath := openStore(t)
	enterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
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
		{"all", []string{"--config", cfg, "--out", out, "--as-of", "2026-04-14"}, exitOK, "1 claims for advance (Rs 48,000 claimed as advance, Rs 473 penal interest to date)"},
		{"a period without claims", []string{"--config", cfg, "--out", out, "--from", "2026-03-01", "--to", "2026-03-31"}, exitOK, "0 claims for advance"},
		{"the day of the claim, inclusive", []string{"--config", cfg, "--out", out, "--from", "2026-02-02", "--to", "2026-02-02"}, exitOK, "1 claims for advance"},
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

func TestLedgerJobs_overdue(t *testing.T) {
	st, _ := openStore(t)
	enterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	for _, c := range []struct {
		day  string
		want int
	}{
		{"2026-03-15", 0}, // the settle-by day itself
		{"2026-03-16", 1},
		{"2026-03-17", 0}, // one a week
		{"2026-03-22", 0},
		{"2026-03-23", 1},
	} {
		now, _ := time.ParseInLocation(time.DateOnly, c.day, ist)
		now = now.Add(9 * time.Hour)
		n, err := testJobs(t, st, now).overdue(context.Background())
		if err != nil || n != c.want {
			t.Errorf("%s: %d notices, %v; want %d", c.day, n, err, c.want)
		}
	}
	due, err := st.DueReplies(context.Background(), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("%d queued, %v", len(due), err)
	}
	r := due[0].Reply
	if r.To[0] != "rajesh@revenue.kerala.gov.in" || r.Cc[0] != "finance@img.kerala.gov.in" || !strings.Contains(r.Subject, "Rs 16") ||
		!strings.Contains(r.Body, "1 days overdue") {
		t.Errorf("notice %+v", r)
	}
}

func TestLedgerJobs_reviewLoop(t *testing.T) {
	ctx := context.Background()
	st, _ := openStore(t)
	const fac, co = "latha@img.kerala.gov.in", "rajesh@revenue.kerala.gov.in"
	id, _ := enterAdvance(t, st, "a.xlsx", co, fac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	jobs := testJobs(t, st, now)
	jobs.reviews = t.TempDir()
	if n, err := jobs.digests(ctx); err != nil || n != 1 {
		t.Fatalf("digests %d, %v", n, err)
	}
	due, _ := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if len(due) != 1 || due[0].Reply.To[0] != fac || len(due[0].Reply.Attachments) != 1 {
		t.Fatalf("digest %+v", due)
	}
	if files, _ := filepath.Glob(filepath.Join(jobs.reviews, "review-*.xlsx")); len(files) != 1 {
		t.Errorf("review workbooks in the folder: %v", files)
	}
	f, err := excelize.OpenReader(bytes.NewReader(due[0].Reply.Attachments[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(ledgerbook.SheetReview, "J2", "Query")
	f.SetCellStr(ledgerbook.SheetReview, "K2", "Why so late?")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	returned := buf.Bytes()
	take := func(sender string) stpclaims.Reply {
		sub := stpclaims.NewSubmission("review.xlsx", returned, stpclaims.SourceMail, now.Add(time.Hour))
		sub.Sender, sub.MessageID = sender, "<r@test>"
		r, _, err := jobs.takeReview(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	if r := take(co); !strings.Contains(r.Body, "0 decisions recorded, 1 refused") || !strings.Contains(r.Body, "Only the programme's facilitator") {
		t.Errorf("forged: %q", r.Body)
	}
	if r := take("Latha <" + fac + ">"); !strings.Contains(r.Body, "1 decisions recorded, 0 refused") {
		t.Errorf("facilitator: %q", r.Body)
	}
	if s, _ := st.Submission(ctx, id); s.Review != store.ReviewQuery {
		t.Errorf("review state %q", s.Review)
	}
	due, _ = st.DueReplies(ctx, now.Add(2*time.Hour), 10)
	var told bool
	for _, d := range due {
		if d.Reply.To[0] == co && strings.Contains(d.Reply.Body, "Why so late?") {
			told = true
		}
	}
	if !told {
		t.Error("the co-ordinator was not told of the query")
	}
}

func TestNewSchedule(t *testing.T) {
	st, _ := openStore(t)
	jobs := testJobs(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
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
	if len(entries) != 3 {
		t.Fatalf("%d entries", len(entries))
	}
	// the rebuild runs once and succeeds; with the store closed it fails,
	// is counted, and the schedule goes on
	entries[2].Job.Run()
	if got := counted(m.failures.WithLabelValues("rebuild")); got != 0 {
		t.Errorf("failures %v after a good run", got)
	}
	if _, err := os.Stat(jobs.path); err != nil {
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
	st, _ := openStore(t)
	jobs := testJobs(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
	m, _ := newJobMetrics(prometheus.NewRegistry())
	r := newLedgerRebuilder(jobs, 10*time.Millisecond, m, slog.New(slog.DiscardHandler))
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
	if _, err := os.Stat(jobs.path); err != nil {
		t.Error(err)
	}
}

func TestLedgerRebuilder_steadyKicks(t *testing.T) {
	st, _ := openStore(t)
	jobs := testJobs(t, st, time.Date(2026, 3, 16, 9, 0, 0, 0, ist))
	m, _ := newJobMetrics(prometheus.NewRegistry())
	r := newLedgerRebuilder(jobs, 200*time.Millisecond, m, slog.New(slog.DiscardHandler))
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

// counted reads a counter's value.// counted reads a counter's value.
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

func TestLiveClaims(t *testing.T) {
	st, _ := openStore(t)
	id, _ := enterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	got, err := liveClaims{store: st, zone: ist}.LiveClaims(context.Background(), "stp/rev/2026/041")
	if err != nil || len(got) != 1 {
		t.Fatalf("%+v, %v", got, err)
	}
	c := got[0]
	if c.ID != id || c.Form != stpclaims.FormAnnexureII || c.Sender != "rajesh@revenue.kerala.gov.in" || c.Received.Location() != ist ||
		!c.Advance.Decimal.Equal(decimal.NewFromInt(48000)) || !c.EndDate.Equal(time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("claim %+v", c)
	}
	rows := storeBillRows([]validate.BillRow{{Kind: "participant", Row: 5, Name: "Asha", Claimed: decimal.NewFromInt(10), Admissible: decimal.NewFromInt(9)}})
	if len(rows) != 1 || rows[0].Name != "Asha" || !rows[0].Admissible.Equal(decimal.NewFromInt(9)) {
		t.Errorf("rows %+v", rows)
	}
}
