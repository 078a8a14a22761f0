package scratch

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain doubles as the helper process of TestSweep_killedProcess: with
// SCRATCH_HELPER set it makes its directory, prints it and waits to be
// killed.
func TestMain(m *testing.M) {
	if os.Getenv("SCRATCH_HELPER") == "1" {
		dir, _, err := Init("helper")
		if err != nil {
			os.Stdout.WriteString("error " + err.Error() + "\n")
			os.Exit(1)
		}
		if err := os.WriteFile(filepath.Join(dir, "excelize-123"), make([]byte, 1<<20), 0o600); err != nil {
			os.Exit(1)
		}
		os.Stdout.WriteString(dir + "\n")
		time.Sleep(time.Hour) // until killed
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestInit(t *testing.T) {
	base := t.TempDir()
	t.Setenv("TMPDIR", base)
	dir, remove, err := Init("test")
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Dir(dir) != base || !strings.HasPrefix(filepath.Base(dir), Prefix+"test-") {
		t.Errorf("Init made %s, want a %stest-… directory in %s", dir, Prefix, base)
	}
	if os.TempDir() != dir || Dir() != dir {
		t.Errorf("os.TempDir() = %s, Dir() = %s; want both %s", os.TempDir(), Dir(), dir)
	}
	if _, _, err := Init("again"); err == nil {
		t.Error("a second Init succeeded")
	}
	f, err := os.CreateTemp("", "excelize-")
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if filepath.Dir(f.Name()) != dir {
		t.Errorf("os.CreateTemp made %s outside %s", f.Name(), dir)
	}
	if n := Sweep(base); n != 0 {
		t.Errorf("Sweep removed %d directories while their process lives", n)
	}
	if err := Clean(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(f.Name()); !os.IsNotExist(err) {
		t.Errorf("Clean left %s (%v)", f.Name(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, lockName)); err != nil {
		t.Errorf("Clean removed the lock: %v", err)
	}
	if err := remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("remove left %s (%v)", dir, err)
	}
	if os.TempDir() != base {
		t.Errorf("after remove os.TempDir() = %s, want %s back", os.TempDir(), base)
	}
}

// TestSweep_killedProcess kills a process that made its directory and
// checks that the directory outlives it until the next sweep, and that a
// sweep leaves a live process's directory alone.
func TestSweep_killedProcess(t *testing.T) {
	base := t.TempDir()
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), "SCRATCH_HELPER=1", "TMPDIR="+base)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil || strings.HasPrefix(line, "error") {
			t.Fatalf("helper: %q, %v", line, err)
		}
		return cmd, strings.TrimSpace(line)
	}
	killed, killedDir := start()
	_, liveDir := start()
	if err := killed.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = killed.Wait()
	if _, err := os.Stat(killedDir); err != nil {
		t.Fatalf("the killed process's directory is gone before any sweep: %v", err)
	}
	if n := Sweep(base); n != 1 {
		t.Errorf("Sweep removed %d directories, want 1", n)
	}
	if _, err := os.Stat(killedDir); !os.IsNotExist(err) {
		t.Errorf("Sweep left the killed process's %s (%v)", killedDir, err)
	}
	if _, err := os.Stat(liveDir); err != nil {
		t.Errorf("Sweep removed the live process's %s: %v", liveDir, err)
	}
}
