package folder

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// waitLimit bounds every wait in these tests. It is generous: it catches a
// hang, it does not measure speed.
const waitLimit = 15 * time.Second

// call is one handler invocation as a test saw it.
type call struct {
	file File
	data []byte    // the file's bytes when the handler ran
	at   time.Time // the Watcher's clock when the handler ran
}

// recorder is a Handler that reports every call on a channel and answers
// with respond (Done when nil).
type recorder struct {
	calls   chan call
	n       atomic.Int32
	now     func() time.Time
	respond func(n int, f File) (Outcome, error)
}

func newRecorder(respond func(n int, f File) (Outcome, error)) *recorder {
	return &recorder{calls: make(chan call, 100), now: time.Now, respond: respond}
}

func (r *recorder) handle(ctx context.Context, f File) (Outcome, error) {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return Done, fmt.Errorf("test handler: %w", err)
	}
	n := int(r.n.Add(1))
	r.calls <- call{file: f, data: data, at: r.now()}
	if r.respond == nil {
		return Done, nil
	}
	return r.respond(n, f)
}

// next waits for the next call.
func (r *recorder) next(t *testing.T) call {
	t.Helper()
	select {
	case c := <-r.calls:
		return c
	case <-time.After(waitLimit):
		t.Fatal("handler was not called")
	}
	panic("unreachable")
}

// none checks that no call is queued.
func (r *recorder) none(t *testing.T) {
	t.Helper()
	select {
	case c := <-r.calls:
		t.Errorf("unexpected handler call for %q", c.file.Name)
	default:
	}
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func testLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// newTestWatcher makes a Watcher on a fresh directory with short settle and
// rescan times and a long Abandon; edit adjusts the Config first.
func newTestWatcher(t *testing.T, edit func(*Config)) *Watcher {
	t.Helper()
	cfg := Config{Dir: t.TempDir(), Settle: 20 * time.Millisecond, Rescan: 50 * time.Millisecond, Abandon: time.Minute}
	if edit != nil {
		edit(&cfg)
	}
	w, err := New(cfg, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// rescans makes w report each full rescan on the returned channel.
func rescans(w *Watcher) <-chan struct{} {
	ch := make(chan struct{}, 1000)
	w.afterRescan = func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return ch
}

func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(waitLimit):
		t.Fatalf("timed out waiting for %s", what)
	}
}

// startRun runs w in the background. The returned stop cancels it and
// returns Run's error; it is also called at cleanup.
func startRun(t *testing.T, w *Watcher, h Handler) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- w.Run(ctx, h) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(waitLimit):
				err = errors.New("Run did not return after cancellation")
			}
		})
		return err
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return stop
}

// waitFile waits until path exists and returns its bytes.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for {
		b, err := os.ReadFile(path)
		if err == nil {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never appeared: %v", path, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// names lists the regular files in dir, dotfiles included.
func names(t testing.TB, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestNew(t *testing.T) {
	file := filepath.Join(t.TempDir(), "plain")
	mustWrite(t, file, nil)
	tests := []struct {
		name string
		cfg  Config
	}{
		{"empty dir", Config{}},
		{"missing dir", Config{Dir: filepath.Join(t.TempDir(), "nope")}},
		{"dir is a file", Config{Dir: file}},
		{"negative settle", Config{Dir: t.TempDir(), Settle: -time.Second}},
		{"negative rescan", Config{Dir: t.TempDir(), Rescan: -time.Second}},
		{"abandon before settle", Config{Dir: t.TempDir(), Settle: time.Minute, Abandon: time.Second}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg, nil); !errors.Is(err, ErrConfig) {
				t.Errorf("New(%+v) err = %v, want ErrConfig", tt.cfg, err)
			}
		})
	}
	t.Run("defaults and subdirectories", func(t *testing.T) {
		dir := t.TempDir()
		w, err := New(Config{Dir: dir}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if w.cfg.Rescan != DefaultRescan || w.cfg.Settle != DefaultSettle || w.cfg.Abandon != DefaultAbandon || w.cfg.Now == nil {
			t.Errorf("defaults not filled in: %+v", w.cfg)
		}
		for _, sub := range []string{ProcessingDir, DoneDir, FailedDir} {
			if fi, err := os.Stat(filepath.Join(dir, sub)); err != nil || !fi.IsDir() {
				t.Errorf("%s/ not made: %v", sub, err)
			}
		}
		if _, err := New(Config{Dir: dir}, nil); err != nil {
			t.Errorf("New on an existing layout: %v", err)
		}
	})
}

func TestWatcher_Run(t *testing.T) {
	t.Run("slow write is taken only when complete", func(t *testing.T) {
		w := newTestWatcher(t, func(c *Config) { c.Settle = 30 * time.Millisecond })
		rec := newRecorder(nil)
		scans := rescans(w)
		startRun(t, w, rec.handle)
		waitFor(t, scans, "first rescan")

		want := makeZip(t, 300_000)
		f, err := os.Create(filepath.Join(w.dir, "slow.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		chunk := len(want) / 4
		for i := 0; i < len(want); i += chunk {
			if _, err := f.Write(want[i:min(i+chunk, len(want))]); err != nil {
				t.Fatal(err)
			}
			// Pause longer than Settle, and let several rescans see the
			// partial file stable.
			for range 3 {
				waitFor(t, scans, "rescan during a pause")
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		c := rec.next(t)
		if c.file.Name != "slow.xlsx" || !bytes.Equal(c.data, want) {
			t.Fatalf("handler got %q with %d bytes, want slow.xlsx with all %d", c.file.Name, len(c.data), len(want))
		}
		if got := waitFile(t, filepath.Join(w.done, "slow.xlsx")); !bytes.Equal(got, want) {
			t.Error("done/slow.xlsx differs from what was written")
		}
		rec.none(t)
	})

	t.Run("a name of 255 bytes is taken and answered", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		name := strings.Repeat("x", 250) + ".xlsx"
		mustWrite(t, filepath.Join(w.dir, name), readTestdata(t, "sample.xlsx"))
		rec := newRecorder(nil)
		startRun(t, w, rec.handle)
		if c := rec.next(t); c.file.Name != name {
			t.Fatalf("took %.30q…, want the long name", c.file.Name)
		}
		waitFile(t, filepath.Join(w.done, name))
		rec.none(t)
	})

	t.Run("lock and temporary files are ignored", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		junk := []string{".~lock.claim.xlsx#", "~$x.xlsx", ".hidden", "a.tmp", "b.part", "c.crdownload"}
		for _, name := range junk {
			mustWrite(t, filepath.Join(w.dir, name), makeZip(t, 100))
		}
		if err := os.Mkdir(filepath.Join(w.dir, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join("testdata", "sample.xlsx"), filepath.Join(w.dir, "link.xlsx")); err != nil {
			t.Fatal(err)
		}
		mustWrite(t, filepath.Join(w.dir, "claim.xlsx"), readTestdata(t, "sample.xlsx"))
		rec := newRecorder(nil)
		scans := rescans(w)
		startRun(t, w, rec.handle)

		if c := rec.next(t); c.file.Name != "claim.xlsx" {
			t.Fatalf("took %q, want claim.xlsx", c.file.Name)
		}
		waitFile(t, filepath.Join(w.done, "claim.xlsx"))
		for range 3 {
			waitFor(t, scans, "rescan")
		}
		rec.none(t)
		left := names(t, w.dir)
		for _, name := range junk {
			if !slices.Contains(left, name) {
				t.Errorf("%s was moved away; left: %q", name, left)
			}
		}
		if _, err := os.Lstat(filepath.Join(w.dir, "link.xlsx")); err != nil {
			t.Errorf("symlink was moved away: %v", err)
		}
	})

	t.Run("file dropped while running is taken by its event", func(t *testing.T) {
		// A clock two days behind, to see FirstSeen come from Config.Now.
		offset := -48 * time.Hour
		now := func() time.Time { return time.Now().Add(offset) }
		w := newTestWatcher(t, func(c *Config) { c.Rescan = time.Hour; c.Now = now })
		rec := newRecorder(nil)
		rec.now = now
		scans := rescans(w)
		startRun(t, w, rec.handle)
		waitFor(t, scans, "first rescan")

		before := now().UTC().Truncate(time.Second)
		// Written under a temporary name and renamed in, as careful clients do.
		tmp := filepath.Join(w.dir, "claim.xlsx.part")
		mustWrite(t, tmp, readTestdata(t, "sample.xlsx"))
		if err := os.Rename(tmp, filepath.Join(w.dir, "claim.xlsx")); err != nil {
			t.Fatal(err)
		}
		c := rec.next(t)
		if c.file.Name != "claim.xlsx" {
			t.Fatalf("took %q", c.file.Name)
		}
		if c.file.FirstSeen.Before(before) || c.file.FirstSeen.After(c.at) {
			t.Errorf("FirstSeen %v not within [%v, %v] on the Watcher's clock", c.file.FirstSeen, before, c.at)
		}
		if want := filepath.Join(w.processing, processingName(c.file.FirstSeen, 1, "claim.xlsx")); c.file.Path != want {
			t.Errorf("Path = %q, want %q", c.file.Path, want)
		}
		waitFile(t, filepath.Join(w.done, "claim.xlsx"))
		if len(scans) != 0 {
			t.Errorf("a rescan ran, so the event path was not what took the file")
		}
	})

	t.Run("file with no event is taken by a rescan", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		w.noEvents = true
		rec := newRecorder(nil)
		scans := rescans(w)
		mustWrite(t, filepath.Join(w.dir, "early.xlsx"), readTestdata(t, "sample.xlsx"))
		startRun(t, w, rec.handle)
		if c := rec.next(t); c.file.Name != "early.xlsx" {
			t.Fatalf("took %q, want early.xlsx (there before Run)", c.file.Name)
		}
		waitFor(t, scans, "a rescan")
		mustWrite(t, filepath.Join(w.dir, "late.xls"), readTestdata(t, "sample.xls"))
		if c := rec.next(t); c.file.Name != "late.xls" {
			t.Fatalf("took %q, want late.xls (dropped while running)", c.file.Name)
		}
		waitFile(t, filepath.Join(w.done, "late.xls"))
	})

	t.Run("non-workbooks are taken only after Abandon", func(t *testing.T) {
		const abandon = 600 * time.Millisecond
		w := newTestWatcher(t, func(c *Config) { c.Abandon = abandon })
		rec := newRecorder(func(n int, f File) (Outcome, error) {
			if f.Name == "a-good.xlsx" {
				return Done, nil
			}
			return Failed, nil
		})
		noise := make([]byte, 5000)
		for i := range noise {
			noise[i] = byte(i*7 + i/13)
		}
		zipped := makeZip(t, 20_000)
		dropped := time.Now()
		mustWrite(t, filepath.Join(w.dir, "b-noise.xlsx"), noise)
		mustWrite(t, filepath.Join(w.dir, "c-truncated.xlsx"), zipped[:len(zipped)/2])
		mustWrite(t, filepath.Join(w.dir, "a-good.xlsx"), zipped)
		startRun(t, w, rec.handle)

		var got []string
		for range 3 {
			c := rec.next(t)
			got = append(got, c.file.Name)
			if c.file.Name != "a-good.xlsx" && c.at.Sub(dropped) < abandon {
				t.Errorf("%s taken %v after it was dropped, before Abandon (%v)", c.file.Name, c.at.Sub(dropped), abandon)
			}
		}
		if want := []string{"a-good.xlsx", "b-noise.xlsx", "c-truncated.xlsx"}; !slices.Equal(got, want) {
			t.Errorf("order taken = %q, want %q", got, want)
		}
		waitFile(t, filepath.Join(w.done, "a-good.xlsx"))
		if got := waitFile(t, filepath.Join(w.failed, "b-noise.xlsx")); !bytes.Equal(got, noise) {
			t.Error("failed/b-noise.xlsx changed")
		}
		waitFile(t, filepath.Join(w.failed, "c-truncated.xlsx"))
	})

	t.Run("same name twice reaches done twice", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		rec := newRecorder(nil)
		startRun(t, w, rec.handle)
		first, second := makeZip(t, 1000), makeZip(t, 2000)
		mustWrite(t, filepath.Join(w.dir, "claim.xlsx"), first)
		rec.next(t)
		waitFile(t, filepath.Join(w.done, "claim.xlsx"))
		mustWrite(t, filepath.Join(w.dir, "claim.xlsx"), second)
		if c := rec.next(t); c.file.Name != "claim.xlsx" || !bytes.Equal(c.data, second) {
			t.Fatalf("second drop: handler got %q with %d bytes", c.file.Name, len(c.data))
		}
		if got := waitFile(t, filepath.Join(w.done, "claim (2).xlsx")); !bytes.Equal(got, second) {
			t.Error("done/claim (2).xlsx is not the second file")
		}
		if got, _ := os.ReadFile(filepath.Join(w.done, "claim.xlsx")); !bytes.Equal(got, first) {
			t.Error("done/claim.xlsx was overwritten")
		}
	})

	for _, fail := range []struct {
		name string
		do   func() (Outcome, error)
	}{
		{"error", func() (Outcome, error) { return Done, errors.New("disk full") }},
		{"panic", func() (Outcome, error) { panic("handler bug") }},
		{"unknown outcome", func() (Outcome, error) { return Outcome(7), nil }},
	} {
		t.Run("handler "+fail.name+" keeps the file and offers it again", func(t *testing.T) {
			w := newTestWatcher(t, nil)
			rec := newRecorder(func(n int, f File) (Outcome, error) {
				if n == 1 {
					return fail.do()
				}
				return Done, nil
			})
			want := readTestdata(t, "sample.xlsx")
			mustWrite(t, filepath.Join(w.dir, "claim.xlsx"), want)
			startRun(t, w, rec.handle)

			one := rec.next(t)
			two := rec.next(t)
			if two.file != one.file {
				t.Errorf("offered again as %+v, first as %+v", two.file, one.file)
			}
			if filepath.Dir(two.file.Path) != w.processing || !bytes.Equal(two.data, want) {
				t.Errorf("second offer: path %q, %d bytes; want under processing/ with the whole file", two.file.Path, len(two.data))
			}
			waitFile(t, filepath.Join(w.done, "claim.xlsx"))
			if left := names(t, w.processing); slices.ContainsFunc(left, func(n string) bool { return !strings.HasPrefix(n, ".") }) {
				t.Errorf("processing/ still holds %q", left)
			}
		})
	}

	t.Run("a failed move is retried without calling the handler again", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		scans := rescans(w)
		rec := newRecorder(func(n int, f File) (Outcome, error) {
			// Make the move fail: done/ is now a plain file.
			if err := os.Remove(w.done); err != nil {
				return Done, err
			}
			return Done, os.WriteFile(w.done, nil, 0o644)
		})
		want := readTestdata(t, "sample.xlsx")
		mustWrite(t, filepath.Join(w.dir, "claim.xlsx"), want)
		startRun(t, w, rec.handle)
		c := rec.next(t)
		for range 4 {
			waitFor(t, scans, "rescans while the move fails")
		}
		if _, err := os.Stat(c.file.Path); err != nil {
			t.Fatalf("file left processing/ although it could not be moved: %v", err)
		}
		if err := os.Remove(w.done); err != nil {
			t.Fatal(err)
		}
		if err := os.Mkdir(w.done, 0o755); err != nil {
			t.Fatal(err)
		}
		if got := waitFile(t, filepath.Join(w.done, "claim.xlsx")); !bytes.Equal(got, want) {
			t.Error("done/claim.xlsx differs")
		}
		rec.none(t)
	})

	t.Run("files left in processing are handed over first", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		old := time.Date(2026, 1, 22, 10, 15, 2, 0, time.UTC)
		mustWrite(t, filepath.Join(w.processing, processingName(old, 1, "old.xlsx")), []byte("not even a workbook"))
		mustWrite(t, filepath.Join(w.processing, "by-hand.xlsx"), readTestdata(t, "sample.xlsx"))
		mustWrite(t, filepath.Join(w.dir, "new.xlsx"), readTestdata(t, "sample.xlsx"))
		rec := newRecorder(nil)
		startRun(t, w, rec.handle)

		c := rec.next(t)
		if c.file.Name != "old.xlsx" || !c.file.FirstSeen.Equal(old) {
			t.Errorf("first handed %q first seen %v, want old.xlsx first seen %v", c.file.Name, c.file.FirstSeen, old)
		}
		if c := rec.next(t); c.file.Name != "by-hand.xlsx" {
			t.Errorf("second handed %q, want by-hand.xlsx", c.file.Name)
		}
		if c := rec.next(t); c.file.Name != "new.xlsx" {
			t.Errorf("third handed %q, want new.xlsx", c.file.Name)
		}
		for _, name := range []string{"old.xlsx", "by-hand.xlsx", "new.xlsx"} {
			waitFile(t, filepath.Join(w.done, name))
		}
	})

	t.Run("cancellation stops intake and waits for the handler in flight", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		started, release := make(chan struct{}), make(chan struct{})
		var finished atomic.Bool
		rec := newRecorder(func(n int, f File) (Outcome, error) {
			close(started)
			<-release
			finished.Store(true)
			return Done, nil
		})
		mustWrite(t, filepath.Join(w.dir, "a.xlsx"), readTestdata(t, "sample.xlsx"))
		mustWrite(t, filepath.Join(w.dir, "b.xlsx"), readTestdata(t, "sample.xlsx"))
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		errc := make(chan error, 1)
		go func() { errc <- w.Run(ctx, rec.handle) }()
		waitFor(t, started, "the handler to start")
		cancel()
		select {
		case err := <-errc:
			t.Fatalf("Run returned (%v) while the handler was still running", err)
		case <-time.After(100 * time.Millisecond):
		}
		close(release)
		select {
		case err := <-errc:
			if err != nil {
				t.Fatalf("Run = %v, want nil on cancellation", err)
			}
		case <-time.After(waitLimit):
			t.Fatal("Run did not return")
		}
		if !finished.Load() {
			t.Error("Run returned before the handler did")
		}
		if c := rec.next(t); c.file.Name != "a.xlsx" {
			t.Errorf("took %q first", c.file.Name)
		}
		rec.none(t)
		if _, err := os.Stat(filepath.Join(w.done, "a.xlsx")); err != nil {
			t.Errorf("the file in hand was not finished: %v", err)
		}
		if _, err := os.Stat(filepath.Join(w.dir, "b.xlsx")); err != nil {
			t.Errorf("b.xlsx was taken after cancellation: %v", err)
		}
	})

	t.Run("a second watcher on the same folder is refused", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		scans := rescans(w)
		startRun(t, w, newRecorder(nil).handle)
		waitFor(t, scans, "first rescan")
		w2, err := New(w.cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := w2.Run(context.Background(), newRecorder(nil).handle); !errors.Is(err, ErrBusy) {
			t.Errorf("second Run = %v, want ErrBusy", err)
		}
	})

	t.Run("nil handler", func(t *testing.T) {
		w := newTestWatcher(t, nil)
		if err := w.Run(context.Background(), nil); !errors.Is(err, ErrConfig) {
			t.Errorf("Run(nil) = %v, want ErrConfig", err)
		}
	})
}

// childDirEnv, when set, makes TestWatcher_Run_killedInHandler the child:
// it runs a Watcher on that directory and hangs in the handler.
const childDirEnv = "FOLDER_TEST_CHILD_DIR"

func TestWatcher_Run_killedInHandler(t *testing.T) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		runHangingChild(dir)
		return
	}
	dir := t.TempDir()
	want := makeZip(t, 50_000)
	mustWrite(t, filepath.Join(dir, "claim.xlsx"), want)

	cmd := exec.Command(os.Args[0], "-test.run=^TestWatcher_Run_killedInHandler$", "-test.count=1")
	cmd.Env = append(os.Environ(), childDirEnv+"="+dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	claimed := make(chan []string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if f := strings.Split(sc.Text(), "\t"); len(f) == 3 && f[0] == "CLAIMED" {
				claimed <- f[1:]
			}
		}
		close(claimed)
	}()
	var childPath string
	var childFirst time.Time
	select {
	case f, ok := <-claimed:
		if !ok {
			_ = cmd.Wait()
			t.Fatalf("child exited without claiming; stderr:\n%s", stderr.String())
		}
		childPath = f[0]
		if childFirst, err = time.Parse(time.RFC3339Nano, f[1]); err != nil {
			t.Fatal(err)
		}
	case <-time.After(waitLimit):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Fatalf("child never claimed the file; stderr:\n%s", stderr.String())
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	if err := cmd.Wait(); err == nil {
		t.Fatal("child exited cleanly; it should have been killed")
	}
	if _, err := os.Stat(childPath); err != nil {
		t.Fatalf("after the kill the claimed file is not at %s: %v", childPath, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "claim.xlsx")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("claim.xlsx is still in the folder after the claim: %v", err)
	}

	w, err := New(Config{Dir: dir, Settle: 20 * time.Millisecond, Rescan: 50 * time.Millisecond}, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	rec := newRecorder(nil)
	startRun(t, w, rec.handle)
	c := rec.next(t)
	if c.file.Name != "claim.xlsx" || c.file.Path != childPath || !c.file.FirstSeen.Equal(childFirst) {
		t.Errorf("after restart got %+v, want claim.xlsx at %s first seen %v", c.file, childPath, childFirst)
	}
	if !bytes.Equal(c.data, want) {
		t.Error("after restart the handler saw different bytes")
	}
	if got := waitFile(t, filepath.Join(dir, DoneDir, "claim.xlsx")); !bytes.Equal(got, want) {
		t.Error("done/claim.xlsx differs from what was dropped")
	}
	rec.none(t)
}

// runHangingChild claims the file in dir, reports it on stdout and waits to
// be killed.
func runHangingChild(dir string) {
	w, err := New(Config{Dir: dir, Settle: 20 * time.Millisecond, Rescan: 50 * time.Millisecond}, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	err = w.Run(context.Background(), func(ctx context.Context, f File) (Outcome, error) {
		fmt.Printf("CLAIMED\t%s\t%s\n", f.Path, f.FirstSeen.Format(time.RFC3339Nano))
		time.Sleep(time.Hour)
		return Done, nil
	})
	fmt.Fprintln(os.Stderr, "Run returned:", err)
	os.Exit(3)
}

// BenchmarkTake measures files a second through claim, a no-op handler and
// the move to done/, on a drop of 1,000 files present when Run starts.
func BenchmarkTake(b *testing.B) {
	const files = 1000
	data := makeZip(b, 4000)
	var total time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		dir := b.TempDir()
		for j := range files {
			mustWrite(b, filepath.Join(dir, fmt.Sprintf("claim-%04d.xlsx", j)), data)
		}
		w, err := New(Config{Dir: dir, Settle: time.Millisecond, Rescan: time.Hour, Abandon: time.Second}, nil)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		all := make(chan struct{})
		h := func(ctx context.Context, f File) (Outcome, error) {
			if n++; n == files {
				close(all)
			}
			return Done, nil
		}
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		b.StartTimer()
		start := time.Now()
		go func() { errc <- w.Run(ctx, h) }()
		<-all
		cancel() // Run finishes the last file's move before returning
		if err := <-errc; err != nil {
			b.Fatal(err)
		}
		total += time.Since(start)
		b.StopTimer()
		if left := len(names(b, filepath.Join(dir, DoneDir))); left != files {
			b.Fatalf("%d files in done/, want %d", left, files)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(files*b.N)/total.Seconds(), "files/s")
}
