// Package folder takes workbooks dropped into a shared folder and hands each
// complete one to a handler exactly once, even across crashes.
//
// A Watcher watches one directory (Config.Dir). fsnotify events are only a
// hint: the directory is also rescanned in full when Run starts and every
// Config.Rescan, because network shares send no events. A file is taken when
// its size and modification time are unchanged across two looks at least
// Config.Settle apart and it opens as a workbook (a zip whose central
// directory reads, or an OLE compound-file header whose FAT and directory
// sectors lie inside the file). A file that stays stable but never opens as a
// workbook (random bytes, an upload that stopped half-way) is taken anyway
// once it has been stable for Config.Abandon, so that its sender can be told
// what is wrong with it.
//
// Ignored: directories, symbolic links and other non-regular files, dotfiles
// (which covers LibreOffice's ".~lock.name#"), Office's "~$name" owner files,
// and names ending in .tmp, .part or .crdownload (any case).
//
// Inside Dir the Watcher keeps three subdirectories:
//
//	processing/  claimed files, named "20260122T101502Z--name.xlsx"
//	done/        files the handler answered Done, under their original name
//	failed/      files the handler answered Failed, under their original name
//
// Claiming is a rename into processing/ followed by an fsync of processing/,
// before the handler runs; the moment the file was first seen (its received
// time, in UTC, to the second) is encoded in that name, so it survives a
// restart. The other directory fsyncs (Dir after a claim, done/ or failed/
// after a move) are batched: when Run goes idle, after a file once 100 ms
// have passed since the last batch, and before Run returns. Losing one of
// those to a crash can only make the idempotent handler see a file again,
// never lose it. A name that is already taken gets a suffix, never an
// overwrite: "…Z-2--name.xlsx" under processing/, "name (2).xlsx" under done/
// and failed/. A file moves on to done/ or failed/ only after the handler
// returned, so the handler must have written its outputs durably before
// returning.
//
// When Run starts, files left under processing/ by a crash are handed to the
// handler again before any new file: the handler must be idempotent (the
// daemon's dedups by sha256). A handler error, or a panic recovered at this
// boundary, leaves the file under processing/; it is offered again after a
// backoff that starts at Config.Settle and doubles up to five minutes.
// While a Run is active it holds an advisory lock (processing/.lock) so that
// two watchers never share one directory.
//
// Files not yet claimed when the program stops have no durable received time:
// they are "first seen" again by the next Run.
//
// Run hands Config.Workers files to the handler at once (one by default).
// The package knows nothing of what is inside a workbook beyond "does it
// look complete", and nothing of rules, mail or the store.
package folder

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults used when a Config duration is zero.
const (
	DefaultRescan  = 10 * time.Second
	DefaultSettle  = time.Second
	DefaultAbandon = 2 * time.Minute
)

// Names of the subdirectories made inside Config.Dir.
const (
	ProcessingDir = "processing"
	DoneDir       = "done"
	FailedDir     = "failed"
)

// flushEvery bounds how long, while files keep coming, moves out of
// processing/ and out of Dir wait for their directory fsync.
const flushEvery = 100 * time.Millisecond

// maxBackoff caps the wait before a file whose handler failed is offered
// again.
const maxBackoff = 5 * time.Minute

var (
	// ErrConfig: the Config cannot be used.
	ErrConfig = errors.New("folder: invalid config")
	// ErrBusy: another Run holds the directory.
	ErrBusy = errors.New("folder: directory in use by another watcher")
	// ErrHandlerPanic wraps a panic recovered from the handler.
	ErrHandlerPanic = errors.New("folder: handler panicked")
	// ErrBadOutcome: the handler returned an Outcome that is neither Done nor
	// Failed; the file stays under processing/.
	ErrBadOutcome = errors.New("folder: handler returned an unknown outcome")
)

// Config says which directory to watch and how patiently.
type Config struct {
	Dir     string           // the watched folder; processing/, done/, failed/ are made inside it
	Rescan  time.Duration    // full rescan period; 0 = DefaultRescan
	Settle  time.Duration    // how far apart two equal looks must be; 0 = DefaultSettle
	Abandon time.Duration    // stability after which a non-workbook is taken anyway; 0 = DefaultAbandon
	Now     func() time.Time // for tests; nil = time.Now. It must advance like a clock.
	// Workers is how many files are handled at once; 0 = 1. With more
	// than one, the handler must be safe for concurrent use.
	Workers int
}

// File is one claimed file, as handed to the Handler.
type File struct {
	Name      string    // the name as dropped
	Path      string    // where it is now (under processing/)
	FirstSeen time.Time // when the Watcher first saw it, UTC, to the second
}

// Outcome says where a handled file goes.
type Outcome int

const (
	Done   Outcome = iota // moved to done/
	Failed                // moved to failed/
)

func (o Outcome) String() string {
	switch o {
	case Done:
		return "done"
	case Failed:
		return "failed"
	}
	return fmt.Sprintf("Outcome(%d)", int(o))
}

// Handler processes one claimed file. It must write its outputs durably
// before returning, and must be idempotent: after a crash the same file (same
// Name and FirstSeen) is handed to it again. A non-nil error leaves the file
// under processing/ to be offered again later.
type Handler func(ctx context.Context, f File) (Outcome, error)

// Watcher takes files from one directory. Make it with New.
type Watcher struct {
	cfg        Config
	log        *slog.Logger
	dir        string
	processing string
	done       string
	failed     string

	// Test seams, set only by this package's tests.
	noEvents    bool   // do not use fsnotify: rescans only
	afterRescan func() // called by Run's goroutine after each full rescan
}

// New validates cfg, fills in defaults and makes the subdirectories. A nil
// log discards.
func New(cfg Config, log *slog.Logger) (*Watcher, error) {
	if cfg.Dir == "" {
		return nil, fmt.Errorf("%w: Dir is empty", ErrConfig)
	}
	if cfg.Rescan < 0 || cfg.Settle < 0 || cfg.Abandon < 0 {
		return nil, fmt.Errorf("%w: negative duration", ErrConfig)
	}
	if cfg.Rescan == 0 {
		cfg.Rescan = DefaultRescan
	}
	if cfg.Settle == 0 {
		cfg.Settle = DefaultSettle
	}
	if cfg.Abandon == 0 {
		cfg.Abandon = DefaultAbandon
	}
	if cfg.Abandon < cfg.Settle {
		return nil, fmt.Errorf("%w: Abandon (%s) shorter than Settle (%s)", ErrConfig, cfg.Abandon, cfg.Settle)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	dir, err := filepath.Abs(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("folder: %s: %w", cfg.Dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%w: %s is not a directory", ErrConfig, dir)
	}
	cfg.Dir = dir
	w := &Watcher{
		cfg:        cfg,
		log:        log.With("dir", dir),
		dir:        dir,
		processing: filepath.Join(dir, ProcessingDir),
		done:       filepath.Join(dir, DoneDir),
		failed:     filepath.Join(dir, FailedDir),
	}
	made := false
	for _, sub := range []string{w.processing, w.done, w.failed} {
		if _, err := os.Stat(sub); err == nil {
			continue
		}
		if err := os.Mkdir(sub, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("folder: making %s: %w", sub, err)
		}
		made = true
	}
	if made {
		if err := syncDir(dir); err != nil {
			return nil, fmt.Errorf("folder: %w", err)
		}
	}
	return w, nil
}

// Run takes files until ctx is done, Config.Workers at a time. On
// cancellation it stops taking new files first, then returns nil once the
// handlers in flight have returned and their files have been moved. It returns an error only
// when it cannot start (another Run holds the directory, processing/ cannot
// be read); trouble with a single file is logged and retried, never returned.
func (w *Watcher) Run(ctx context.Context, h Handler) error {
	if h == nil {
		return fmt.Errorf("%w: nil handler", ErrConfig)
	}
	unlock, err := lockDir(w.processing, w.log)
	if err != nil {
		return err
	}
	defer unlock()

	workers := max(w.cfg.Workers, 1)
	r := &run{w: w, h: h, seen: make(map[string]*candidate), dirty: make(map[string]bool),
		workers: workers, inflight: make(map[*claimed]bool), results: make(chan handled, workers)}
	// However Run ends, the handlers in flight finish and their files are
	// moved before it returns.
	defer r.wait()
	if err := r.recover(); err != nil {
		return err
	}
	defer r.flush()

	events, errs, stop := w.notify()
	defer stop()
	r.loop(ctx, events, errs)
	return nil
}

// loop is Run's main loop, until ctx is done: take in file events and
// handlers' results, rescan Dir every Config.Rescan (at once after lost
// events), do the work that is due, and when there is none make the moves
// so far durable and wait for an event, a result or the next due time.
func (r *run) loop(ctx context.Context, events <-chan fsnotify.Event, errs <-chan error) {
	w := r.w
	r.rescan()
	nextRescan := w.cfg.Now().Add(w.cfg.Rescan)
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		if ctx.Err() != nil {
			return
		}
		events = r.drain(events)
		now := w.cfg.Now()
		if !now.Before(nextRescan) {
			r.rescan()
			now = w.cfg.Now()
			nextRescan = now.Add(w.cfg.Rescan)
		}
		r.lookDue(now)
		if r.step(ctx, now) {
			if now.Sub(r.flushed) >= flushEvery {
				r.flush()
			}
			continue
		}
		r.flush() // idle: make the moves so far durable before waiting

		timer.Reset(r.idleFor(now, nextRescan))
		select {
		case <-ctx.Done():
			return
		case res := <-r.results:
			r.complete(res)
		case ev, ok := <-events:
			if !ok {
				events = nil
				continue
			}
			r.event(ev.Name)
		case err, ok := <-errs:
			if !ok {
				errs = nil
				continue
			}
			w.log.Warn("folder: file events", "err", err)
			nextRescan = w.cfg.Now() // events may have been lost
		case <-timer.C:
		}
	}
}

// drain takes in whatever file events and handlers' results queued up
// meanwhile, without waiting. It returns events, or nil once it is closed.
func (r *run) drain(events <-chan fsnotify.Event) <-chan fsnotify.Event {
	for {
		select {
		case res := <-r.results:
			r.complete(res)
		case ev, ok := <-events:
			if !ok {
				return nil
			}
			r.event(ev.Name)
		default:
			return events
		}
	}
}

// idleFor is how long an idle loop may wait: until the next rescan or the
// next look, claim or retry due (nextDue), whichever comes first, and at
// least a millisecond.
func (r *run) idleFor(now, nextRescan time.Time) time.Duration {
	wait := nextRescan.Sub(now)
	if t, ok := r.nextDue(); ok && t.Sub(now) < wait {
		wait = t.Sub(now)
	}
	return max(wait, time.Millisecond)
}

// step does one unit of work if any is due: a retry of a file under
// processing/, else a claim of a ready file and its handling. It reports
// whether it did anything.
func (r *run) step(ctx context.Context, now time.Time) bool {
	if len(r.inflight) >= r.workers {
		return false
	}
	if c := r.duePending(now); c != nil {
		r.handle(ctx, c)
		return true
	}
	name, cand := r.nextReady(now)
	if cand == nil {
		return false
	}
	// One more look, in case it changed since it became ready and no event
	// said so (network shares).
	if r.look(name); !cand.ready || r.seen[name] != cand {
		return true
	}
	c, err := r.claim(name, cand)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			r.w.log.Warn("folder: file vanished before it was claimed", "name", name)
			return true
		}
		cand.claimFailures++
		cand.notBefore = now.Add(r.w.backoff(cand.claimFailures))
		r.w.log.Error("folder: cannot claim file", "name", name, "err", err, "attempt", cand.claimFailures)
		return true
	}
	r.handle(ctx, c)
	return true
}

// handle gives a claimed file to the handler on a worker goroutine (unless
// that already succeeded and only the move is left); complete takes the
// result back on Run's goroutine and moves the file to done/ or failed/.
func (r *run) handle(ctx context.Context, c *claimed) {
	w := r.w
	if _, err := os.Lstat(c.file.Path); errors.Is(err, fs.ErrNotExist) {
		w.log.Error("folder: claimed file vanished from processing/", "name", c.file.Name, "path", c.file.Path)
		r.dropPending(c)
		return
	}
	if c.outcome != nil {
		r.move(c)
		return
	}
	r.inflight[c] = true
	r.wg.Go(func() {
		out, err := callHandler(ctx, r.h, c.file)
		r.results <- handled{c: c, out: out, err: err}
	})
}

// handled is a handler's answer for one file.
type handled struct {
	c   *claimed
	out Outcome
	err error
}

func (r *run) complete(res handled) {
	w, c := r.w, res.c
	delete(r.inflight, c)
	if res.err != nil {
		c.attempts++
		c.due = w.cfg.Now().Add(w.backoff(c.attempts))
		w.log.Warn("folder: handler failed; file stays in processing/",
			"name", c.file.Name, "path", c.file.Path, "attempt", c.attempts, "retry_at", c.due, "err", res.err)
		r.keepPending(c)
		return
	}
	c.outcome = &res.out
	r.move(c)
}

// wait lets every handler in flight finish and completes its file.
func (r *run) wait() {
	for len(r.inflight) > 0 {
		r.complete(<-r.results)
	}
	r.wg.Wait()
}

func (r *run) move(c *claimed) {
	w := r.w
	dest, err := r.finish(c)
	if err != nil {
		c.attempts++
		c.due = w.cfg.Now().Add(w.backoff(c.attempts))
		w.log.Error("folder: cannot move handled file; will retry the move",
			"name", c.file.Name, "path", c.file.Path, "outcome", *c.outcome, "err", err)
		r.keepPending(c)
		return
	}
	w.log.Info("folder: file handled", "name", c.file.Name, "outcome", *c.outcome, "to", dest)
	r.dropPending(c)
}

// callHandler runs h, turning a panic or an unknown outcome into an error.
func callHandler(ctx context.Context, h Handler, f File) (out Outcome, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w on %s: %v\n%s", ErrHandlerPanic, f.Name, p, debug.Stack())
		}
	}()
	out, err = h(ctx, f)
	if err != nil {
		return out, fmt.Errorf("folder: handling %s: %w", f.Name, err)
	}
	if out != Done && out != Failed {
		return out, fmt.Errorf("%w for %s: %d", ErrBadOutcome, f.Name, int(out))
	}
	return out, nil
}

// finish moves a handled file to done/ or failed/ under its original name
// (suffixed if taken). Both directories are fsynced lazily (see flush): a
// move lost in a crash only puts the file back under processing/, and the
// idempotent handler sees it again.
func (r *run) finish(c *claimed) (string, error) {
	w := r.w
	to := w.done
	if *c.outcome == Failed {
		to = w.failed
	}
	dest, err := moveUnique(c.file.Path, to, func(i int) string { return numberedName(c.file.Name, i) })
	if err != nil {
		return "", err
	}
	r.dirty[to] = true
	r.dirty[w.processing] = true
	return dest, nil
}

// backoff is the wait before the attempt after n failures: Settle, doubling,
// at most maxBackoff.
func (w *Watcher) backoff(n int) time.Duration {
	d := w.cfg.Settle
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
