//go:build integration

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"stpclaims/store"
)

// TestServe_firstStartBinary is the README's first command as a person runs
// it: the built binary, `serve` with no config in an empty directory. It
// makes ./inbox, says so in its first log line, answers a dropped workbook
// into ./outbox and stops cleanly on SIGTERM. (.ci/run runs it before the
// test suite, as the smoke test.)
func TestServe_firstStartBinary(t *testing.T) {
	bin := buildBinary(t)
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var log syncBuffer
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = &log, &log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	waited := make(chan struct{})
	go func() { exited <- cmd.Wait(); close(waited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-waited
	})
	inbox := filepath.Join(dir, "inbox")
	waitFor(t, "serve to make ./inbox", 30*time.Second, func() bool {
		fi, err := os.Stat(inbox)
		return err == nil && fi.IsDir()
	})
	dropFile(t, inbox, "annexure2-example.xlsx", data)
	waitFor(t, "the answer in ./outbox", 60*time.Second, func() bool {
		reply, _ := filepath.Glob(filepath.Join(dir, "outbox", "annexure2-example-*", "reply.txt"))
		checked, _ := filepath.Glob(filepath.Join(dir, "outbox", "annexure2-example-*", "annexure2-example.checked.xlsx"))
		return len(reply) == 1 && len(checked) == 1
	})
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("serve after SIGTERM: %v\n%s", err, log.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatalf("serve did not stop:\n%s", log.String())
	}
	first, _, _ := strings.Cut(log.String(), "\n")
	if !strings.Contains(first, "watching folder "+inbox+" (created now)") || !strings.Contains(first, filepath.Join(dir, "outbox")) {
		t.Errorf("first log line does not say where it watches and writes:\n%s", first)
	}
	if _, err := os.Stat(filepath.Join(dir, "stpclaims.db")); err != nil {
		t.Errorf("no store: %v", err)
	}
}

// TestServe_backupWhileClaimsFlow runs `stpclaims backup` while serve takes
// 200 dropped claims: the backup opens, is whole, and holds every claim
// that had reached done/ (entered, then moved) before the backup began.
func TestServe_backupWhileClaimsFlow(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "stpclaims.toml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf("store = %q\noutbox = %q\n[folder]\ndir = %q\nrescan = \"200ms\"\nsettle = \"20ms\"\n",
		filepath.Join(dir, "stpclaims.db"), filepath.Join(dir, "outbox"), inbox)), 0o600); err != nil {
		t.Fatal(err)
	}
	const n = 200
	claims := variants(t, n)
	shaOf := map[string]string{} // file name -> sha256
	for i, data := range claims {
		sum := sha256.Sum256(data)
		shaOf[fmt.Sprintf("claim-%03d.xlsx", i)] = hex.EncodeToString(sum[:])
	}
	var log syncBuffer
	serve := exec.Command(bin, "serve", "--config", cfg)
	serve.Stdout, serve.Stderr = &log, &log
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = serve.Process.Kill(); _ = serve.Wait() })
	go func() { // the claims flow in, a few at a time
		for i, data := range claims {
			dropFile(t, inbox, fmt.Sprintf("claim-%03d.xlsx", i), data)
			if i%10 == 9 {
				time.Sleep(50 * time.Millisecond)
			}
		}
	}()
	done := func() []string {
		m, _ := filepath.Glob(filepath.Join(inbox, "done", "claim-*.xlsx"))
		return m
	}
	waitFor(t, "a third of the claims", 120*time.Second, func() bool { return len(done()) >= n/3 })
	before := done()
	backup := filepath.Join(dir, "backup.db")
	out, err := exec.Command(bin, "backup", "--config", cfg, backup).CombinedOutput()
	if err != nil {
		t.Fatalf("stpclaims backup: %v\n%s", err, out)
	}
	after := len(done())
	t.Logf("%s(done/ held %d claims when the backup began, %d when it ended)", out, len(before), after)
	if after >= n {
		t.Log("every claim was in before the backup ended: the backup did not overlap the flow")
	}

	b, err := store.Open(context.Background(), backup)
	if err != nil {
		t.Fatalf("the backup does not open: %v", err)
	}
	defer b.Close()
	for _, p := range before {
		sha := shaOf[filepath.Base(p)]
		if _, ok, err := b.Entered(context.Background(), sha); err != nil || !ok {
			t.Errorf("%s, done before the backup, is not in it (%v)", filepath.Base(p), err)
		}
	}
	rows, err := b.Submissions(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < len(before) || !bytes.Contains(out, []byte(fmt.Sprintf(": %d submissions", len(rows)))) {
		t.Errorf("backup holds %d submissions, %d were done before it; the command said %s", len(rows), len(before), out)
	}
	waitFor(t, "every claim", 180*time.Second, func() bool { return len(done()) == n })
	_ = serve.Process.Signal(syscall.SIGTERM)
}
