package folder

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestWatcher_Run_workers: with several workers, files are handled at the
// same time, each exactly once, never more at once than Workers, and each
// reaches done/.
func TestWatcher_Run_workers(t *testing.T) {
	const files, workers = 24, 3
	w := newTestWatcher(t, func(c *Config) { c.Workers = workers })
	data := makeZip(t, 2000)
	for i := range files {
		mustWrite(t, filepath.Join(w.cfg.Dir, fmt.Sprintf("claim-%02d.xlsx", i)), data)
	}
	var (
		mu          sync.Mutex
		now, most   int
		handled     = map[string]int{}
		allHandled  = make(chan struct{})
		release     = make(chan struct{})
		releaseOnce sync.Once
	)
	h := func(ctx context.Context, f File) (Outcome, error) {
		mu.Lock()
		now++
		most = max(most, now)
		handled[f.Name]++
		n, full := len(handled), now == workers
		mu.Unlock()
		if full {
			releaseOnce.Do(func() { close(release) })
		}
		select { // hold the first ones until the pool is full, proving overlap
		case <-release:
		case <-time.After(waitLimit):
		}
		mu.Lock()
		now--
		mu.Unlock()
		if n == files {
			close(allHandled)
		}
		return Done, nil
	}
	stop := startRun(t, w, h)
	select {
	case <-allHandled:
	case <-time.After(waitLimit):
		t.Fatal("not every file was handled")
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if most != workers {
		t.Errorf("at most %d files at once, want %d", most, workers)
	}
	for name, n := range handled {
		if n != 1 {
			t.Errorf("%s handled %d times", name, n)
		}
	}
	if got := len(names(t, filepath.Join(w.cfg.Dir, DoneDir))); got != files {
		t.Errorf("%d files in done/, want %d", got, files)
	}
}
