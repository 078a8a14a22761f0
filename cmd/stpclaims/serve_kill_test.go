//go:build integration

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"stpclaims/store"
)

// buildBinary builds stpclaims once for the tests that run it as a process.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stpclaims")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestServe_killMidBatch drops a batch of claims, kills the daemon with
// SIGKILL while it works through them, restarts it, and checks that every
// claim was entered exactly once and reached done/.
func TestServe_killMidBatch(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`store = %q
outbox = %q
[folder]
dir = %q
rescan = "200ms"
settle = "20ms"
`, filepath.Join(dir, "stpclaims.db"), filepath.Join(dir, "outbox"), inbox)), 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 60
	want := map[string]bool{}
	for i, data := range variants(t, n) {
		sum := sha256.Sum256(data)
		want[hex.EncodeToString(sum[:])] = true
		dropFile(t, inbox, fmt.Sprintf("claim-%03d.xlsx", i), data)
	}
	done := func() int {
		m, _ := filepath.Glob(filepath.Join(inbox, "done", "*.xlsx"))
		return len(m)
	}
	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	// The daemon's temporary files go here, to see what a kill leaves.
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--config", cfg)
		cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}

	first := start()
	waitFor(t, "the first few claims", 60*time.Second, func() bool { return done() >= 5 })
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if got := done(); got >= n {
		t.Skipf("the daemon finished all %d claims before it could be killed; nothing to prove", n)
	}

	second := start()
	waitFor(t, "every claim in done/", 120*time.Second, func() bool { return done() == n })
	_ = second.Process.Signal(syscall.SIGTERM)
	if err := second.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}

	st, err := store.Open(context.Background(), filepath.Join(dir, "stpclaims.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Submissions(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.SHA256]++
	}
	for sha := range want {
		if seen[sha] != 1 {
			t.Errorf("claim %s entered %d times", sha[:12], seen[sha])
		}
	}
	if len(rows) != n {
		t.Errorf("store has %d rows, want %d", len(rows), n)
	}
	if left, _ := filepath.Glob(filepath.Join(inbox, "processing", "*")); len(left) > 1 { // the lock file stays
		t.Errorf("left in processing/: %v", left)
	}
	// The killed daemon's temporary directory (and its workers') was swept
	// by the second, which removed its own at exit.
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary directory: %v", left)
	}
}
