package isolate

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/process"
	"stpclaims/validate"
)

// Defaults for the zero fields of a Config.
const (
	DefaultMaxMemory = 512 << 20
	DefaultTimeout   = 60 * time.Second
)

var (
	// ErrWorkerDied: the child checking a file died of something other
	// than the ceiling or the time limit. The file may be offered again.
	ErrWorkerDied = errors.New("isolate: the worker checking the file died")
	// ErrCheck: the check itself failed inside the child (an error, not a
	// verdict); the message is the child's.
	ErrCheck = errors.New("isolate: the check failed")
	// ErrClosed: Check after Close.
	ErrClosed = errors.New("isolate: the pool is closed")
	// ErrStart: no worker could be started (the machine is short of
	// processes or memory, the program is gone): nothing to do with the
	// file.
	ErrStart = errors.New("isolate: cannot start a worker")
	// ErrConfig: the Config cannot be used.
	ErrConfig = errors.New("isolate: invalid config")
)

// Config says how to start the children and what limits hold them.
type Config struct {
	// Command is the child's program and arguments; nil means this
	// executable with ChildCommand.
	Command []string
	// Workers is how many children check at once; 0 means 1.
	Workers int
	// MaxMemory is the resident memory one child may reach before it is
	// killed; 0 means DefaultMaxMemory.
	MaxMemory int64
	// Timeout is the most one file may take; 0 means DefaultTimeout.
	Timeout time.Duration
	// Interval is how often a child's memory is read; 0 means
	// ceiling.DefaultInterval.
	Interval time.Duration

	// Rates are the rate-card files (TOML) loaded beside the built-in card.
	Rates  [][]byte
	Limits read.Limits
	// Zone turns a claim's received moment into a day; nil means
	// Asia/Kolkata. The children load it by name.
	Zone *time.Location
	// History answers the children's questions about a programme's
	// register: its history, which they fold themselves (package ledger,
	// as desk.Advances does in process); nil skips the rules that need
	// it, as `stpclaims check` does. The store is one.
	History History
	// Convert converts .ods and .xls for the children, in this process;
	// nil rejects them with a request for .xlsx.
	Convert func(ctx context.Context, name string, data []byte) ([]byte, error)
	// Log receives the pool's lines and the children's; nil discards.
	Log *slog.Logger
}

// History is a programme's recorded history, the events its register is
// folded from.
type History interface {
	AdvanceHistory(ctx context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error)
}

// Pool checks submissions in child processes. Make it with New; it is safe
// for concurrent use. Close stops the children.
type Pool struct {
	cfg     Config
	command []string
	setup   setup
	local   *process.Checker // answers given here: too large, killed
	log     *slog.Logger

	slots chan *worker // the idle workers

	mu     sync.Mutex
	closed bool
}

// New checks cfg and makes a pool; the children start on first use.
func New(cfg Config) (*Pool, error) {
	if cfg.Workers < 0 || cfg.MaxMemory < 0 || cfg.Timeout < 0 {
		return nil, fmt.Errorf("%w: negative workers, memory or timeout", ErrConfig)
	}
	cfg.Workers = max(cfg.Workers, 1)
	if cfg.MaxMemory == 0 {
		cfg.MaxMemory = DefaultMaxMemory
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = DefaultTimeout
	}
	log := cfg.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	command := cfg.Command
	if command == nil {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("isolate: finding this program: %w", err)
		}
		command = []string{exe, ChildCommand}
	}
	if len(command) == 0 {
		return nil, fmt.Errorf("%w: empty command", ErrConfig)
	}
	var loaded []*validate.Card
	for i, data := range cfg.Rates {
		c, err := validate.ParseCard(data)
		if err != nil {
			return nil, fmt.Errorf("isolate: rate card %d: %w", i+1, err)
		}
		loaded = append(loaded, c)
	}
	cards, err := validate.NewCards(loaded...)
	if err != nil {
		return nil, fmt.Errorf("isolate: %w", err)
	}
	zoneName := ""
	if cfg.Zone != nil {
		zoneName = cfg.Zone.String()
	}
	p := &Pool{
		cfg:     cfg,
		command: command,
		setup: setup{Rates: cfg.Rates, Limits: cfg.Limits, Zone: zoneName, Timeout: cfg.Timeout,
			Ledger: cfg.History != nil, Convert: cfg.Convert != nil},
		local: &process.Checker{Cards: cards, Limits: cfg.Limits, Timeout: cfg.Timeout, Zone: cfg.Zone, Log: log},
		log:   log,
		slots: make(chan *worker, cfg.Workers),
	}
	for i := range cfg.Workers {
		p.slots <- &worker{p: p, slot: i + 1}
	}
	return p, nil
}

// Cards are the rate cards the children check with.
func (p *Pool) Cards() *validate.Cards { return p.local.Cards }

// Check checks one submission in a child, as process.Checker.Check does in
// process: findings and unreadable files are results, and so is a file
// whose child was killed for its memory or its time. The error is non-nil
// when the check could not run: the ledger failed (wrapping
// process.ErrLedger), ctx ended, no worker could be started (ErrStart), the
// child died (ErrWorkerDied), the check failed inside it (ErrCheck).
func (p *Pool) Check(ctx context.Context, sub stpclaims.Submission) (process.Result, error) {
	var w *worker
	select {
	case w = <-p.slots:
	case <-ctx.Done():
		return process.Result{}, fmt.Errorf("isolate: waiting for a worker for %s: %w", sub.Name, ctx.Err())
	}
	defer func() { p.slots <- w }()
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return process.Result{}, ErrClosed
	}
	return w.check(ctx, sub)
}

// TooLarge answers a file over the size limit from its size alone, as
// process.Checker.TooLarge does.
func (p *Pool) TooLarge(sub stpclaims.Submission, size int64) process.Result {
	return p.local.TooLarge(sub, size)
}

// Rejected is the rejected-unreadable answer for sub with reason, as
// process.Checker.Rejected gives it.
func (p *Pool) Rejected(sub stpclaims.Submission, reason string) process.Result {
	return p.local.Rejected(sub, reason)
}

// Close waits for the checks in hand, then stops every child. Check
// returns ErrClosed afterwards.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	for range p.cfg.Workers {
		w := <-p.slots
		w.stop()
		defer func() { p.slots <- w }()
	}
	return nil
}
