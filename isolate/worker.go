package isolate

import (
	"bufio"
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"strconv"
	"sync/atomic"
	"time"

	"stpclaims"
	"stpclaims/internal/ceiling"
	"stpclaims/internal/scratch"
	"stpclaims/output"
	"stpclaims/process"
)

// startWait bounds a child's start: exec, the Go runtime, the setup.
const startWait = 30 * time.Second

// stopWait is how long a child told to stop (its stdin closed) has before
// it is killed.
const stopWait = 2 * time.Second

// errFileTimeout is the cause of a check's context when the file's own time
// limit ran out.
var errFileTimeout = errors.New("isolate: the file's time limit ran out")

// worker is one slot of the pool and the child in it, if one is running.
// Only the goroutine holding the slot touches it.
type worker struct {
	p     *Pool
	slot  int
	child *child
}

// child is one running child process.
type child struct {
	cmd     *exec.Cmd
	stdin   io.WriteCloser
	enc     *gob.Encoder
	msgs    chan fromChild // closed when the child's output ends
	quit    chan struct{}  // closed by kill: no one reads msgs any more
	exited  chan struct{}  // closed once the child has been waited for
	waitErr error          // set before exited is closed
	// checking is the number of the check in hand (0 between checks);
	// killedIn the number of the check the memory watch killed the child
	// in, so that a kill is blamed on the file that caused it only.
	checks             int64
	checking, killedIn atomic.Int64
	log                *slog.Logger
}

// check checks sub in this worker's child, starting one if needed.
func (w *worker) check(ctx context.Context, sub stpclaims.Submission) (process.Result, error) {
	p := w.p
	if w.child != nil {
		select {
		case <-w.child.exited: // died between two checks: start afresh
			w.kill()
		default:
		}
	}
	if w.child == nil {
		c, err := p.start(w.slot)
		if err != nil {
			return process.Result{}, err
		}
		w.child = c
	}
	c := w.child
	c.checks++
	c.checking.Store(c.checks)
	defer c.checking.Store(0)
	fctx, cancel := context.WithTimeoutCause(ctx, p.cfg.Timeout, errFileTimeout)
	defer cancel()
	if err := writeCheck(c.enc, c.stdin, sub); err != nil {
		// The child is gone: its end of the pipe is closed.
		return w.ended(ctx, sub, fmt.Errorf("sending the file: %w", err))
	}
	var (
		ledgerErr error
		result    *assembly
	)
	for {
		if fctx.Err() != nil {
			return w.stopped(ctx, fctx, sub)
		}
		var m fromChild
		var ok bool
		select {
		case m, ok = <-c.msgs:
		case <-fctx.Done():
			return w.stopped(ctx, fctx, sub)
		}
		if !ok {
			return w.ended(ctx, sub, nil)
		}
		switch {
		case m.Result != nil && result == nil, m.Part != nil && result != nil:
			if m.Result != nil {
				var err error
				if result, err = newAssembly(*m.Result); err != nil {
					w.kill()
					return process.Result{}, fmt.Errorf("%s: %w", sub.Name, err)
				}
			} else if err := result.add(*m.Part); err != nil {
				w.kill()
				return process.Result{}, fmt.Errorf("%s: %w", sub.Name, err)
			}
			if !result.done() {
				continue
			}
			w.after()
			if result.h.Err != "" {
				if ledgerErr != nil {
					return process.Result{}, fmt.Errorf("%w: checking %s: %w", process.ErrLedger, sub.Name, ledgerErr)
				}
				return process.Result{}, fmt.Errorf("%w: %s", ErrCheck, result.h.Err)
			}
			return result.res, nil
		case m.Ledger == nil && m.Convert == nil:
			w.kill()
			return process.Result{}, fmt.Errorf("%w from the worker checking %s", ErrProtocol, sub.Name)
		}
		answer, err := p.answer(fctx, m)
		if err != nil {
			ledgerErr = err
		}
		if err := c.enc.Encode(answer); err != nil {
			return w.ended(ctx, sub, fmt.Errorf("answering the worker: %w", err))
		}
	}
}

// answer answers a child's question about the ledger or a conversion. The
// error is the ledger's, kept so that the check's failure can be told for
// what it is (a busy store, not the file).
func (p *Pool) answer(ctx context.Context, m fromChild) (toChild, error) {
	var a toChild
	switch {
	case m.Ledger != nil:
		a.Ledger = &ledgerAnswer{}
		if p.cfg.History == nil {
			a.Ledger.Err = "no ledger"
			return a, nil
		}
		events, err := p.cfg.History.AdvanceHistory(ctx, m.Ledger.Code)
		a.Ledger.Events = events
		if err != nil {
			a.Ledger.Err = err.Error()
			return a, err
		}
	case m.Convert != nil:
		a.Convert = &convertAnswer{}
		if p.cfg.Convert == nil {
			a.Convert.Err = "no converter"
			return a, nil
		}
		data, err := p.cfg.Convert(ctx, m.Convert.Name, m.Convert.Data)
		a.Convert.Data = data
		if err != nil {
			a.Convert.Err = err.Error()
		}
	}
	return a, nil
}

// stopped kills the child when the check's context ended: the file's time
// limit (a verdict on the file) or the caller's (the caller's error).
func (w *worker) stopped(ctx, fctx context.Context, sub stpclaims.Submission) (process.Result, error) {
	w.kill()
	if errors.Is(context.Cause(fctx), errFileTimeout) && ctx.Err() == nil {
		w.p.log.Warn("isolate: file took too long; its worker was killed", "file", sub.Name, "sha256", sub.SHA256, "timeout", w.p.cfg.Timeout)
		return w.p.local.Rejected(sub, output.SlowReason(w.p.cfg.Timeout)), nil
	}
	return process.Result{}, fmt.Errorf("isolate: checking %s: %w", sub.Name, ctx.Err())
}

// ended handles a child whose output ended in the middle of a check: killed
// for its memory (a verdict on the file), or dead of something else.
func (w *worker) ended(ctx context.Context, sub stpclaims.Submission, cause error) (process.Result, error) {
	c := w.child
	w.kill() // make sure, and wait for it
	if n := c.checking.Load(); n != 0 && c.killedIn.Load() == n {
		w.p.log.Warn("isolate: file needed too much memory; its worker was killed", "file", sub.Name, "sha256", sub.SHA256, "max_memory", w.p.cfg.MaxMemory)
		return w.p.local.Rejected(sub, output.MemoryReason(w.p.cfg.MaxMemory)), nil
	}
	if err := ctx.Err(); err != nil {
		return process.Result{}, fmt.Errorf("isolate: checking %s: %w", sub.Name, err)
	}
	why := c.waitErr
	if cause != nil {
		why = fmt.Errorf("%w (%v)", cause, c.waitErr)
	}
	w.p.log.Error("isolate: the worker died while checking a file", "file", sub.Name, "sha256", sub.SHA256, "err", why)
	return process.Result{}, fmt.Errorf("%w: %s: %v", ErrWorkerDied, sub.Name, why)
}

// after replaces a child whose memory stayed high after a check (a leak,
// or a large file's heap not yet returned): the next check starts fresh.
func (w *worker) after() {
	rss, err := ceiling.Process(w.child.cmd.Process.Pid)
	if err == nil && rss > w.p.cfg.MaxMemory/2 {
		w.p.log.Info("isolate: replacing a worker that holds much memory", "rss", rss)
		w.stop()
	}
}

// kill kills the child, waits for it and sweeps its temporary directory.
func (w *worker) kill() {
	c := w.child
	if c == nil {
		return
	}
	_ = c.cmd.Process.Kill()
	close(c.quit)
	<-c.exited
	w.child = nil
	scratch.Sweep(os.TempDir())
}

// stop asks the child to end (its stdin closed) and kills it if it does
// not.
func (w *worker) stop() {
	c := w.child
	if c == nil {
		return
	}
	_ = c.stdin.Close()
	select {
	case <-c.exited:
	case <-time.After(stopWait):
	}
	w.kill()
}

// start starts a child, gives it the setup and waits until it is ready.
func (p *Pool) start(slot int) (*child, error) {
	cmd := exec.Command(p.command[0], p.command[1:]...)
	// The collector works harder from here on, well below the kill.
	cmd.Env = append(os.Environ(), "GOMEMLIMIT="+strconv.FormatInt(p.cfg.MaxMemory*3/5, 10))
	dieWithParent(cmd)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStart, err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStart, err)
	}
	log := p.log.With("worker", slot)
	cmd.Stderr = &lineLog{log: log}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrStart, err)
	}
	log = log.With("pid", cmd.Process.Pid)
	c := &child{cmd: cmd, stdin: stdin, enc: gob.NewEncoder(stdin), msgs: make(chan fromChild, 1),
		quit: make(chan struct{}), exited: make(chan struct{}), log: log}
	read := make(chan struct{})
	go c.read(stdout, read)
	watch, stopWatch := context.WithCancel(context.Background())
	go func() {
		<-read // every read from the pipe is done before Wait
		c.waitErr = cmd.Wait()
		stopWatch()
		close(c.exited)
	}()
	go ceiling.Watch(watch, p.cfg.MaxMemory, p.cfg.Interval,
		func() (int64, error) { return ceiling.Process(cmd.Process.Pid) },
		func() {
			c.killedIn.Store(c.checking.Load())
			_ = cmd.Process.Kill()
		})
	if err := c.ready(p.setup); err != nil {
		_ = cmd.Process.Kill()
		close(c.quit)
		<-c.exited
		return nil, fmt.Errorf("%w: %w (%v)", ErrStart, err, c.waitErr)
	}
	log.Debug("isolate: worker started")
	return c, nil
}

// read decodes the child's messages into msgs until its output ends.
func (c *child) read(stdout io.Reader, done chan<- struct{}) {
	defer close(done)
	defer close(c.msgs)
	dec := gob.NewDecoder(bufio.NewReader(stdout))
	for {
		var m fromChild
		if err := dec.Decode(&m); err != nil {
			if !errors.Is(err, io.EOF) {
				c.log.Debug("isolate: worker output ended", "err", err)
			}
			_, _ = io.Copy(io.Discard, stdout)
			return
		}
		select {
		case c.msgs <- m:
		case <-c.quit:
			_, _ = io.Copy(io.Discard, stdout)
			return
		}
	}
}

// ready sends the setup and waits for the child's Ready.
func (c *child) ready(s setup) error {
	if err := c.enc.Encode(toChild{Setup: &s}); err != nil {
		return err
	}
	select {
	case m, ok := <-c.msgs:
		if !ok {
			return errors.New("the worker ended before it was ready")
		}
		if !m.Ready {
			return fmt.Errorf("%w: expected Ready", ErrProtocol)
		}
		return nil
	case <-time.After(startWait):
		return errors.New("the worker was not ready in time")
	}
}
