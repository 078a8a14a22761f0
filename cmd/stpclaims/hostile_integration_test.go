//go:build integration

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/internal/hostile"
	"stpclaims/internal/testenv"
	"stpclaims/process"
	"stpclaims/validate"
)

// TestServe_hostileDrop is issue 11's proof: the daemon, run as its own
// binary under a memory ceiling, takes the eight hostile files and 200 good
// claims dropped at once. Every one of the 208 is answered exactly once
// within two minutes, the good ones as the checker answers them, and the
// daemon is never restarted: it stays the same process and its own peak
// resident memory stays under 150 MB, whatever its workers go through.
func TestServe_hostileDrop(t *testing.T) {
	testenv.WithoutRace(t)
	if testing.Short() {
		t.Skip("builds the binary and drops a 5 GB sparse file and four bombs")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	inbox, staging, tmp := filepath.Join(dir, "inbox"), filepath.Join(dir, "staging"), filepath.Join(dir, "tmp")
	for _, d := range []string{inbox, staging, tmp} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`store = %q
outbox = %q
file_timeout = "60s"
[check]
workers = 2
max_memory = "512MB"
[folder]
dir = %q
rescan = "500ms"
settle = "100ms"
abandon = "3s"
[ledger]
path = %q
`, filepath.Join(dir, "stpclaims.db"), filepath.Join(dir, "outbox"), inbox, filepath.Join(dir, "ledger.xlsx"))), 0o600); err != nil {
		t.Fatal(err)
	}

	// The files, made beside the inbox and renamed in at once.
	base, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	bad, err := hostile.All(staging, base)
	if err != nil {
		t.Fatal(err)
	}
	good := variants(t, 200)
	for i, data := range good {
		if err := os.WriteFile(filepath.Join(staging, fmt.Sprintf("claim-%03d.xlsx", i)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want := expectedAnswers(t, good)

	logPath := filepath.Join(dir, "serve.log")
	daemon, ceiling := startCeiled(t, bin, cfg, tmp, logPath)
	t.Logf("memory ceiling on the daemon and its workers: %s", ceiling)
	waitFor(t, "the daemon to start", 30*time.Second, func() bool {
		b, _ := os.ReadFile(logPath)
		return bytes.Contains(b, []byte("taking claims"))
	})

	names, _ := os.ReadDir(staging)
	dropped := time.Now()
	for _, e := range names {
		if err := os.Rename(filepath.Join(staging, e.Name()), filepath.Join(inbox, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	total := len(names)
	if total != 208 {
		t.Fatalf("%d files dropped, want 208", total)
	}
	answered := func() int {
		d, _ := os.ReadDir(filepath.Join(inbox, "done"))
		f, _ := os.ReadDir(filepath.Join(inbox, "failed"))
		return len(d) + len(f)
	}
	var peak int64
	deadline := dropped.Add(2 * time.Minute)
	for answered() < total {
		peak = max(peak, peakRSS(t, daemon.Process.Pid))
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d answered after two minutes; log:\n%s", answered(), total, tail(logPath))
		}
		time.Sleep(200 * time.Millisecond)
	}
	took := time.Since(dropped)
	peak = max(peak, peakRSS(t, daemon.Process.Pid))
	t.Logf("all %d answered in %s; the daemon's peak resident memory %d MB", total, took.Round(time.Second), peak>>20)
	if peak >= 150<<20 {
		t.Errorf("the daemon's peak resident memory was %d MB, want under 150 MB", peak>>20)
	}
	if log, _ := os.ReadFile(logPath); bytes.Count(log, []byte("taking claims")) != 1 {
		t.Error("the daemon started more than once")
	}
	if err := daemon.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("the daemon is gone: %v", err)
	}
	if err := daemon.Wait(); err != nil {
		t.Errorf("the daemon ended with %v (it should have run until SIGTERM and stopped cleanly); log:\n%s", err, tail(logPath))
	}

	checkHostileAnswers(t, dir, bad, want)
	if left, _ := filepath.Glob(filepath.Join(tmp, "*")); len(left) != 0 {
		t.Errorf("left in the temporary directory: %q", left)
	}
}

// expectedAnswer is what the checker in this process makes of a good claim.
type expectedAnswer struct {
	status stpclaims.Status
	rules  []string
}

func expectedAnswers(t *testing.T, good [][]byte) map[string]expectedAnswer {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	c := &process.Checker{Cards: cards}
	out := map[string]expectedAnswer{}
	for i, data := range good {
		sub := stpclaims.NewSubmission(fmt.Sprintf("claim-%03d.xlsx", i), data, stpclaims.SourceFolder, time.Now())
		res, err := c.Check(context.Background(), sub)
		if err != nil {
			t.Fatal(err)
		}
		out[sub.SHA256] = expectedAnswer{res.Programmes[0].Report.Status, ruleIDs(res.Programmes[0].Report.Findings)}
	}
	return out
}

func ruleIDs(fs []stpclaims.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.Rule)
	}
	slices.Sort(ids)
	return ids
}

// checkHostileAnswers checks the store and the outbox after the drop: each
// good claim entered once with the checker's answer, each hostile file
// answered as it should be.
func checkHostileAnswers(t *testing.T, dir string, bad []hostile.File, want map[string]expectedAnswer) {
	t.Helper()
	rows := storedSubmissions(t, filepath.Join(dir, "stpclaims.db"))
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.SHA256]++
		w, ok := want[r.SHA256]
		if !ok {
			continue
		}
		var rep stpclaims.Report
		if err := rep.UnmarshalJSON(r.ReportJSON); err != nil {
			t.Fatal(err)
		}
		if r.Status != w.status || !slices.Equal(ruleIDs(rep.Findings), w.rules) {
			t.Errorf("%s: %s %v, want %s %v", r.File, r.Status, ruleIDs(rep.Findings), w.status, w.rules)
		}
	}
	for sha := range want {
		if seen[sha] != 1 {
			t.Errorf("good claim %s entered %d times, want once", sha[:12], seen[sha])
		}
	}
	for sha, n := range seen {
		if n != 1 {
			t.Errorf("%s entered %d times", sha[:12], n)
		}
	}
	// What each hostile file's reply says.
	wantReply := map[string][]string{
		"styles-bomb":         {"more memory"},
		"shared-strings-bomb": {"more memory"},
		"ods-bomb":            {"could not be converted"},
		"sparse":              {"5.0 GB"},
		"truncated-sheet":     {"findings.xlsx", "AII-FOOD"},
		"understated-zip":     {"findings.xlsx", "AII-FOOD"},
		"many-findings":       {"more findings are not listed", "and 9900 more, listed on the Findings sheet"},
		"long-name":           {"AII-FOOD"},
	}
	for _, f := range bad {
		reply := replyOf(t, filepath.Join(dir, "outbox"), filepath.Base(f.Path))
		for _, w := range wantReply[f.Kind] {
			if !strings.Contains(reply, w) {
				t.Errorf("%s: the reply lacks %q:\n%.1500s", f.Kind, w, reply)
			}
		}
	}
}

// replyOf is the reply.txt written for the file of that name.
func replyOf(t *testing.T, outbox, name string) string {
	t.Helper()
	stem := process.Stem(name)
	m, _ := filepath.Glob(filepath.Join(outbox, "*", "reply.txt"))
	for _, p := range m {
		d := filepath.Base(filepath.Dir(p))
		if i := strings.LastIndexByte(d, '-'); i > 0 && d[:i] == stem {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Errorf("no reply for %.40s", name)
	return ""
}

// startCeiled starts the daemon under a memory ceiling that holds it and
// its workers: a cgroup where this machine lets the test make one (v2,
// else v1 as root), else an address-space limit on the daemon. TMPDIR is
// tmp, so that what the daemon leaves there can be seen.
func startCeiled(t *testing.T, bin, cfg, tmp, logPath string) (*exec.Cmd, string) {
	t.Helper()
	const limit = 3 << 30 // two workers and LibreOffice at 512 MB each, and the daemon, with room
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { logf.Close() })
	script, what := "exec \"$0\" serve --config \"$1\"", ""
	if procs, ok := makeCgroup(t, limit); ok {
		script = "echo $$ > " + procs + " && " + script
		what = "a cgroup of " + strconv.Itoa(limit>>20) + " MB (" + filepath.Dir(procs) + ")"
	} else {
		script = "ulimit -v " + strconv.Itoa(2*limit>>10) + " && " + script
		what = "an address-space limit of " + strconv.Itoa(2*limit>>20) + " MB (no cgroup here)"
	}
	cmd := exec.Command("sh", "-c", script, bin, cfg)
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	return cmd, what
}

// makeCgroup makes a cgroup with a memory limit, removed when the test
// ends, and returns its cgroup.procs; false when the machine allows none.
func makeCgroup(t *testing.T, limit int64) (string, bool) {
	t.Helper()
	name := fmt.Sprintf("stpclaims-test-%d", os.Getpid())
	try := func(dir, limitFile string) (string, bool) {
		cg := filepath.Join(dir, name)
		if err := os.Mkdir(cg, 0o755); err != nil {
			return "", false
		}
		t.Cleanup(func() {
			// Its processes are gone once the daemon is waited for.
			for range 50 {
				if os.Remove(cg) == nil {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
		if err := os.WriteFile(filepath.Join(cg, limitFile), []byte(strconv.FormatInt(limit, 10)), 0o644); err != nil {
			return "", false
		}
		return filepath.Join(cg, "cgroup.procs"), true
	}
	// cgroup v2, where this process's own cgroup lets it make children
	// with the memory controller.
	if own, err := os.ReadFile("/proc/self/cgroup"); err == nil {
		for _, line := range strings.Split(string(own), "\n") {
			if path, ok := strings.CutPrefix(line, "0::"); ok {
				for _, root := range []string{"/sys/fs/cgroup", "/sys/fs/cgroup/unified"} {
					dir := filepath.Join(root, path)
					ctrl, _ := os.ReadFile(filepath.Join(dir, "cgroup.subtree_control"))
					if strings.Contains(string(ctrl), "memory") {
						if procs, ok := try(dir, "memory.max"); ok {
							return procs, true
						}
					}
				}
			}
		}
	}
	// cgroup v1's memory controller (root).
	return try("/sys/fs/cgroup/memory", "memory.limit_in_bytes")
}

// peakRSS is the process's peak resident memory (VmHWM), in bytes.
func peakRSS(t *testing.T, pid int) int64 {
	t.Helper()
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// tail is the end of the daemon's log.
func tail(path string) string {
	b, _ := os.ReadFile(path)
	if len(b) > 8000 {
		b = b[len(b)-8000:]
	}
	return string(b)
}
