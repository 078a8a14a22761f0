package folder

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// run is the state of one Run call; only Run's goroutine touches it.
type run struct {
	w       *Watcher
	h       Handler
	seen    map[string]*candidate // files in Dir not yet claimed, by name
	pending []*claimed            // files under processing/ still to hand over or move
	dirty   map[string]bool       // directories with renames not yet fsynced
	flushed time.Time             // last flush, on the Watcher's clock

	workers  int
	inflight map[*claimed]bool // handed to a worker, answer not yet back
	results  chan handled
	wg       sync.WaitGroup
}

// candidate is a file in Dir being watched until it is complete.
type candidate struct {
	size      int64
	mtime     time.Time
	firstSeen time.Time
	since     time.Time // the look that first saw this size and mtime
	settled   bool      // a later look, at least Settle after since, saw the same
	checked   bool      // complete is known for this size and mtime
	complete  bool      // opens as a workbook
	ready     bool      // to be claimed

	claimFailures int
	notBefore     time.Time // no claim before this, after a failed one
}

// claimed is a file under processing/.
type claimed struct {
	file     File
	attempts int       // failed handler calls or moves so far
	due      time.Time // when to try again
	outcome  *Outcome  // set once the handler succeeded, if the move is still to do
}

// notify starts fsnotify on Dir. When that is impossible (or switched off by
// a test) it returns nil channels, which never deliver, and Run relies on
// rescans alone.
func (w *Watcher) notify() (<-chan fsnotify.Event, <-chan error, func()) {
	if w.noEvents {
		return nil, nil, func() {}
	}
	fw, err := fsnotify.NewBufferedWatcher(4096)
	if err != nil {
		w.log.Warn("folder: no file events; rescans only", "err", err)
		return nil, nil, func() {}
	}
	if err := fw.Add(w.dir); err != nil {
		_ = fw.Close()
		w.log.Warn("folder: no file events; rescans only", "err", err)
		return nil, nil, func() {}
	}
	return fw.Events, fw.Errors, func() { _ = fw.Close() }
}

// recover queues the files left under processing/ by an earlier run, oldest
// first, due at once.
func (r *run) recover() error {
	entries, err := os.ReadDir(r.w.processing)
	if err != nil {
		return fmt.Errorf("folder: reading %s: %w", r.w.processing, err)
	}
	now := r.w.cfg.Now()
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		path := filepath.Join(r.w.processing, e.Name())
		name, first, ok := parseProcessingName(e.Name())
		if !ok {
			// Not one of ours (put there by hand): keep its name, and use
			// its modification time as the best guess at when it came.
			name = e.Name()
			if fi, err := e.Info(); err == nil {
				first = fi.ModTime().UTC().Truncate(time.Second)
			} else {
				first = now.UTC().Truncate(time.Second)
			}
		}
		r.pending = append(r.pending, &claimed{file: File{Name: name, Path: path, FirstSeen: first}, due: now})
		r.w.log.Info("folder: resuming file left in processing/", "name", name, "path", path, "first_seen", first)
	}
	slices.SortStableFunc(r.pending, func(a, b *claimed) int {
		if c := a.file.FirstSeen.Compare(b.file.FirstSeen); c != 0 {
			return c
		}
		return strings.Compare(a.file.Path, b.file.Path)
	})
	return nil
}

// rescan looks at every entry of Dir and forgets candidates that are gone.
func (r *run) rescan() {
	entries, err := os.ReadDir(r.w.dir)
	if err != nil {
		r.w.log.Warn("folder: cannot read folder; will rescan", "err", err)
		return
	}
	present := make(map[string]bool, len(entries))
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || ignored(name) {
			continue
		}
		present[name] = true
		r.look(name)
	}
	for name := range r.seen {
		if !present[name] {
			delete(r.seen, name)
		}
	}
	if r.w.afterRescan != nil {
		r.w.afterRescan()
	}
}

// event looks at the file an fsnotify event names, if it is directly in Dir.
func (r *run) event(path string) {
	if filepath.Dir(path) != r.w.dir {
		return
	}
	r.look(filepath.Base(path))
}

// look stats one name in Dir and moves its candidate along: new, changed,
// settled, complete or abandoned.
func (r *run) look(name string) {
	if ignored(name) {
		delete(r.seen, name)
		return
	}
	path := filepath.Join(r.w.dir, name)
	fi, err := os.Lstat(path)
	if err != nil || !fi.Mode().IsRegular() {
		delete(r.seen, name)
		return
	}
	now := r.w.cfg.Now()
	c := r.seen[name]
	if c == nil {
		r.seen[name] = &candidate{size: fi.Size(), mtime: fi.ModTime(), firstSeen: now, since: now}
		return
	}
	if c.size != fi.Size() || !c.mtime.Equal(fi.ModTime()) {
		c.size, c.mtime, c.since = fi.Size(), fi.ModTime(), now
		c.settled, c.checked, c.complete, c.ready = false, false, false, false
		return
	}
	if !c.settled {
		if now.Sub(c.since) < r.w.cfg.Settle {
			return
		}
		c.settled = true
	}
	if !c.checked {
		c.complete = looksComplete(path, c.size)
		c.checked = true
	}
	c.ready = c.complete || now.Sub(c.since) >= r.w.cfg.Abandon
}

// due is when a candidate next needs a look, or to be claimed.
func (r *run) due(c *candidate) time.Time {
	var t time.Time
	switch {
	case c.ready:
		t = c.since
	case !c.settled:
		t = c.since.Add(r.w.cfg.Settle)
	default:
		t = c.since.Add(r.w.cfg.Abandon)
	}
	if c.notBefore.After(t) {
		t = c.notBefore
	}
	return t
}

// lookDue looks again at every candidate not yet ready whose time has come.
func (r *run) lookDue(now time.Time) {
	for name, c := range r.seen {
		if !c.ready && !r.due(c).After(now) {
			r.look(name)
		}
	}
}

// nextDue is the earliest time anything (a look, a claim or a retry) is due.
func (r *run) nextDue() (time.Time, bool) {
	var next time.Time
	found := false
	consider := func(t time.Time) {
		if !found || t.Before(next) {
			next, found = t, true
		}
	}
	for _, c := range r.seen {
		consider(r.due(c))
	}
	for _, c := range r.pending {
		if !r.inflight[c] {
			consider(c.due)
		}
	}
	return next, found
}

// nextReady picks the ready candidate seen first (then by name) whose claim
// is not held back.
func (r *run) nextReady(now time.Time) (string, *candidate) {
	var best string
	var bc *candidate
	for name, c := range r.seen {
		if !c.ready || c.notBefore.After(now) {
			continue
		}
		if bc == nil || c.firstSeen.Before(bc.firstSeen) || (c.firstSeen.Equal(bc.firstSeen) && name < best) {
			best, bc = name, c
		}
	}
	return best, bc
}

// duePending picks the first file under processing/ that is due.
func (r *run) duePending(now time.Time) *claimed {
	for _, c := range r.pending {
		if !c.due.After(now) && !r.inflight[c] {
			return c
		}
	}
	return nil
}

func (r *run) keepPending(c *claimed) {
	if !slices.Contains(r.pending, c) {
		r.pending = append(r.pending, c)
	}
}

func (r *run) dropPending(c *claimed) {
	r.pending = slices.DeleteFunc(r.pending, func(p *claimed) bool { return p == c })
}

// claim renames a ready file into processing/, its received time in the new
// name, and fsyncs both directories.
func (r *run) claim(name string, c *candidate) (*claimed, error) {
	w := r.w
	first := c.firstSeen.UTC().Truncate(time.Second)
	src := filepath.Join(w.dir, name)
	dest, err := moveUnique(src, w.processing, func(i int) string { return processingName(first, i, name) })
	if errors.Is(err, fs.ErrNotExist) {
		// Gone between the look and the claim: nothing to do.
		delete(r.seen, name)
		return nil, fmt.Errorf("folder: %s vanished before it was claimed: %w", name, err)
	}
	if err != nil {
		return nil, err
	}
	delete(r.seen, name)
	// processing/ is fsynced before the handler runs, so the received time
	// in the new name is durable. Dir is fsynced lazily: if the removal from
	// Dir were lost in a crash the file would be taken once more and the
	// idempotent handler would recognise it. A failed fsync weakens
	// durability, but the rename is done and the file is ours either way.
	if err := syncDir(w.processing); err != nil {
		w.log.Warn("folder: fsync after claim", "err", err)
	}
	delete(r.dirty, w.processing)
	r.dirty[w.dir] = true
	w.log.Info("folder: file claimed", "name", name, "path", dest, "first_seen", first, "complete", c.complete)
	return &claimed{file: File{Name: name, Path: dest, FirstSeen: first}, due: w.cfg.Now()}, nil
}

// flush fsyncs every directory with renames not yet made durable.
func (r *run) flush() {
	for dir := range r.dirty {
		if err := syncDir(dir); err != nil {
			r.w.log.Warn("folder: fsync", "err", err)
		}
		delete(r.dirty, dir)
	}
	r.flushed = r.w.cfg.Now()
}
