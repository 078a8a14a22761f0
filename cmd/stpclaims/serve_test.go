package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/store"
)

const exampleWorkbook = "../../examples/annexure2-example.xlsx"

// syncBuffer is a log sink the daemon and the test may share.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// daemonUnderTest is `stpclaims serve` running in this process.
type daemonUnderTest struct {
	dir     string
	metrics string
	cancel  context.CancelFunc
	done    chan int
	log     *syncBuffer
}

// startDaemon runs serve with a config written into dir (which holds the
// inbox, outbox and store); extra is appended to the config text.
func startDaemon(t testing.TB, dir, extra string) *daemonUnderTest {
	t.Helper()
	cfg := fmt.Sprintf(`store = %q
outbox = %q
metrics_addr = "127.0.0.1:0"
shutdown_grace = "20s"
[folder]
dir = %q
rescan = "200ms"
settle = "50ms"
abandon = "1s"
%s`, filepath.Join(dir, "stpclaims.db"), filepath.Join(dir, "outbox"), filepath.Join(dir, "inbox"), extra)
	path := filepath.Join(dir, "stpclaims.toml")
	if err := os.MkdirAll(filepath.Join(dir, "inbox"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	d := &daemonUnderTest{dir: dir, cancel: cancel, done: make(chan int, 1), log: new(syncBuffer)}
	go func() {
		m := &ServeMain{ready: ready}
		d.done <- m.Run(ctx, []string{"--config", path}, io.Discard, d.log)
	}()
	select {
	case d.metrics = <-ready:
	case code := <-d.done:
		t.Fatalf("serve exited with %d before it was ready:\n%s", code, d.log)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve not ready:\n%s", d.log)
	}
	t.Cleanup(func() { d.stop(t) })
	return d
}

func (d *daemonUnderTest) stop(t testing.TB) {
	t.Helper()
	if d.cancel == nil {
		return
	}
	d.cancel()
	d.cancel = nil
	select {
	case code := <-d.done:
		if code != exitOK {
			t.Errorf("serve exited with %d:\n%s", code, d.log)
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop:\n%s", d.log)
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func dropFile(t testing.TB, inbox, name string, data []byte) {
	t.Helper()
	tmp := filepath.Join(inbox, name+".part")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(inbox, name)); err != nil {
		t.Fatal(err)
	}
}

func countSubmissions(t testing.TB, dbPath string) int {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Submissions(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func TestServe_folder(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	d := startDaemon(t, dir, "")
	inbox := filepath.Join(dir, "inbox")
	dropFile(t, inbox, "claim.xlsx", data)
	dropFile(t, inbox, "notes.xlsx", []byte("these are not the droids you are looking for"))
	// a lock file is never taken
	lock := filepath.Join(inbox, ".~lock.claim.xlsx#")
	if err := os.WriteFile(lock, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}

	waitFor(t, "claim.xlsx in done/", 30*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(inbox, "done", "claim.xlsx"))
		return err == nil
	})
	waitFor(t, "notes.xlsx in failed/", 30*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(inbox, "failed", "notes.xlsx"))
		return err == nil
	})
	outDirs, _ := filepath.Glob(filepath.Join(dir, "outbox", "claim-*"))
	if len(outDirs) != 1 {
		t.Fatalf("outbox folders for claim.xlsx: %v", outDirs)
	}
	for _, name := range []string{"claim.checked.xlsx", "claim.report.json", "reply.txt"} {
		if _, err := os.Stat(filepath.Join(outDirs[0], name)); err != nil {
			t.Errorf("outbox: %v", err)
		}
	}
	var rep map[string]any
	js, _ := os.ReadFile(filepath.Join(outDirs[0], "claim.report.json"))
	if err := json.Unmarshal(js, &rep); err != nil || rep["status"] != "returned" {
		t.Errorf("report: %v %s", err, js)
	}
	notesDirs, _ := filepath.Glob(filepath.Join(dir, "outbox", "notes-*", "reply.txt"))
	if len(notesDirs) != 1 {
		t.Fatalf("no reply for the unreadable file")
	}
	if _, err := os.Stat(lock); err != nil {
		t.Errorf("the lock file was taken: %v", err)
	}

	resp, err := http.Get("http://" + d.metrics + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`stpclaims_submissions_total{source="folder",status="returned"} 1`,
		`stpclaims_submissions_total{source="folder",status="rejected-unreadable"} 1`,
		"stpclaims_outbox_depth 0",
		"stpclaims_processing_seconds_count",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if resp, err := http.Get("http://" + d.metrics + "/healthz"); err != nil || resp.StatusCode != 200 {
		t.Errorf("/healthz: %v", err)
	}
	d.stop(t)

	// A restart with the same file dropped again enters nothing twice.
	d = startDaemon(t, dir, "")
	dropFile(t, inbox, "claim.xlsx", data)
	waitFor(t, "the second claim.xlsx in done/", 30*time.Second, func() bool {
		_, err := os.Stat(filepath.Join(inbox, "done", "claim (2).xlsx"))
		return err == nil
	})
	d.stop(t)
	if n := countSubmissions(t, filepath.Join(dir, "stpclaims.db")); n != 2 {
		t.Errorf("store has %d submissions, want 2 (the claim once, the unreadable file once)", n)
	}
	again, _ := filepath.Glob(filepath.Join(outDirs[0], "reply-again-*.txt"))
	if len(again) != 1 {
		t.Fatalf("answers to the second drop: %v", again)
	}
	reply, _ := os.ReadFile(again[0])
	if !strings.Contains(string(reply), "already") {
		t.Errorf("the second drop's reply does not say it was already received:\n%s", reply)
	}
	first, _ := os.ReadFile(filepath.Join(outDirs[0], "reply.txt"))
	if strings.Contains(string(first), "already") {
		t.Error("the first answer was overwritten")
	}
}

func TestServe_badConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.toml")
	if err := os.WriteFile(path, []byte("[smtp]\npassword = \"hunter2\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code := new(ServeMain).Run(context.Background(), []string{"--config", path}, io.Discard, &stderr)
	if code != exitMisuse || !strings.Contains(stderr.String(), "smtp.password") || strings.Contains(stderr.String(), "hunter2") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// TestServe_ledger: after a claim is processed the daemon rebuilds the
// ledger workbook, which shows the claim (in Sources: the example claim is
// returned, so it is no advance).
func TestServe_ledger(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "ledger.xlsx")
	d := startDaemon(t, dir, fmt.Sprintf("[ledger]\npath = %q\ndebounce = \"100ms\"\n", ledger))
	dropFile(t, filepath.Join(dir, "inbox"), "claim.xlsx", data)
	waitFor(t, "the ledger workbook", 30*time.Second, func() bool {
		_, err := os.Stat(ledger)
		return err == nil
	})
	d.stop(t)
	f, err := excelize.OpenFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Sources")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if line := strings.Join(r, "|"); strings.Contains(line, "STP/REV/2026/118") && strings.Contains(line, "returned: not an advance") {
			found = true
		}
	}
	if !found {
		t.Errorf("the Sources sheet does not show the returned claim: %v", rows)
	}
	if adv, _ := f.GetRows("Advances"); len(adv) != 1 {
		t.Errorf("a returned claim is an Advances row: %v", adv)
	}
}
