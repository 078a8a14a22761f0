package mailbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"stpclaims/internal/tlstrust"
)

// ErrTimeout is wrapped by the error of an IMAP command that did not finish
// within Config.CommandTimeout; the connection is then closed and reopened.
var ErrTimeout = errors.New("mailbox: command timed out")

// Watcher takes claims from one IMAP mailbox. Make one with New and start
// it with Run; Connected, LastPoll, Status and Counts may be called from
// any goroutine.
type Watcher struct {
	cfg     Config
	account string
	allow   allowList
	state   State
	log     *slog.Logger

	connected atomic.Bool
	lastPoll  atomic.Int64 // unix nanoseconds; 0 before the first poll
	downSince atomic.Int64 // unix nanoseconds since the connection has been down; 0 while up
	lastErr   atomic.Pointer[string]
	// lastWasCert says lastErr was a certificate failure.
	lastWasCert atomic.Bool

	counts struct {
		quarantined, unauthenticated, autoReplies, bounces, reconnects, certFailures atomic.Uint64
	}

	// Backoffs; fields so that tests can shorten them.
	reconnectMin, reconnectMax time.Duration
	retryMin, retryMax         time.Duration

	mu sync.Mutex // guards the maps below, which Run alone uses between sessions
	// retries holds, per message, when a failed handler may be tried again.
	retries map[msgKey]retry
	// structureFailures counts connections lost while fetching a message's
	// BODYSTRUCTURE; after two, the whole message is fetched instead.
	structureFailures map[msgKey]int
}

type msgKey struct{ uidValidity, uid uint32 }

type retry struct {
	attempts int
	next     time.Time
}

// New checks cfg, fills in its defaults and returns a Watcher. It does not
// connect. The account name used with State is Username@Addr.
func New(cfg Config, st State, log *slog.Logger) (*Watcher, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	if st == nil {
		return nil, fmt.Errorf("%w: nil State", ErrConfig)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	w := &Watcher{
		cfg:               cfg,
		account:           cfg.Username + "@" + cfg.Addr,
		allow:             newAllowList(cfg.Allow),
		state:             st,
		reconnectMin:      time.Second,
		reconnectMax:      cfg.ReconnectMax,
		retryMin:          30 * time.Second,
		retryMax:          30 * time.Minute,
		retries:           map[msgKey]retry{},
		structureFailures: map[msgKey]int{},
	}
	w.log = log.With("account", w.account, "mailbox", cfg.Mailbox)
	if len(cfg.Allow) == 0 {
		w.log.Warn("mailbox: empty allow-list: every message will be quarantined")
	}
	w.downSince.Store(time.Now().UnixNano())
	return w, nil
}

// Status is the state of the watcher's connection.
type Status struct {
	Connected bool
	// DownSince is when the connection was lost (or the watcher made),
	// while it is down; zero while connected.
	DownSince time.Time
	// LastError is the error that ended the last connection or attempt
	// ("" before any).
	LastError string
	// CertificateError says LastError was a certificate the server
	// showed and the watcher did not trust.
	CertificateError bool
}

// Status returns the connection's state.
func (w *Watcher) Status() Status {
	s := Status{Connected: w.connected.Load()}
	if n := w.downSince.Load(); n != 0 && !s.Connected {
		s.DownSince = time.Unix(0, n)
	}
	if e := w.lastErr.Load(); e != nil {
		s.LastError = *e
	}
	s.CertificateError = w.lastWasCert.Load()
	return s
}

// Counts are running totals since the watcher was made.
type Counts struct {
	Quarantined     uint64 // senders not on the allow-list
	Unauthenticated uint64 // allowed From, but not authenticated (RequireAuth)
	AutoReplies     uint64 // auto-replies handed over, not to be answered
	Bounces         uint64 // bounces (delivery reports) handed over, not to be answered
	Reconnects      uint64 // connections lost or failed, and tried again
	CertFailures    uint64 // connections refused because the server's certificate was not trusted
}

// Counts returns the running totals.
func (w *Watcher) Counts() Counts {
	c := &w.counts
	return Counts{
		Quarantined: c.quarantined.Load(), Unauthenticated: c.unauthenticated.Load(),
		AutoReplies: c.autoReplies.Load(), Bounces: c.bounces.Load(),
		Reconnects: c.reconnects.Load(), CertFailures: c.certFailures.Load(),
	}
}

// Connected reports whether the watcher has a selected mailbox right now.
func (w *Watcher) Connected() bool { return w.connected.Load() }

// LastPoll returns the time of the last successful search for new mail, or
// the zero time.
func (w *Watcher) LastPoll() time.Time {
	n := w.lastPoll.Load()
	if n == 0 {
		return time.Time{}
	}
	return time.Unix(0, n)
}

// Run watches the mailbox until ctx is done, handing each message from an
// allowed sender to h in UID order. It reconnects with a capped, jittered
// exponential backoff after any connection or command error. It returns nil
// once ctx is done. A message being taken when ctx is done is finished
// first: the handler (which gets ctx, and may give up) and, if it returned
// nil, the flags, the move and the state. Run must not be called twice at
// once.
func (w *Watcher) Run(ctx context.Context, h Handler) error {
	if h == nil {
		return errors.New("mailbox: nil Handler")
	}
	failures := 0
	for {
		selected, err := w.session(ctx, h)
		if w.connected.Swap(false) || w.downSince.Load() == 0 {
			w.downSince.Store(time.Now().UnixNano())
		}
		if ctx.Err() != nil {
			return nil
		}
		if selected {
			failures = 0
		}
		failures++
		w.counts.reconnects.Add(1)
		d := backoff(w.reconnectMin, w.reconnectMax, failures)
		w.noteError(err, d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}

// noteError records and logs the error that ended a connection: a
// certificate the watcher does not trust at error level with its remedy
// (it will not go away by itself), anything else as a warning.
func (w *Watcher) noteError(err error, retryIn time.Duration) {
	msg := fmt.Sprint(err)
	w.lastErr.Store(&msg)
	cert := tlstrust.IsCertificateError(err)
	w.lastWasCert.Store(cert)
	if cert {
		w.counts.certFailures.Add(1)
		w.log.Error("mailbox: the server's certificate is not trusted; no mail is taken until it is",
			"err", err, "remedy", tlstrust.Remedy, "retry_in", retryIn.Round(time.Millisecond))
		return
	}
	w.log.Warn("mailbox: connection lost; reconnecting", "err", err, "in", retryIn.Round(time.Millisecond))
}

// backoff returns min·2^(n-1), capped at max, with ±25% jitter.
func backoff(minD, maxD time.Duration, n int) time.Duration {
	d := minD
	for i := 1; i < n && d < maxD; i++ {
		d *= 2
	}
	d = min(d, maxD)
	jitter := time.Duration(rand.Int64N(int64(d)/2+1)) - d/4
	return max(d+jitter, time.Millisecond)
}

// conn is one logged-in IMAP connection, with its capabilities and the
// channel on which the server's unilateral EXISTS updates arrive.
type conn struct {
	c       *imapclient.Client
	caps    imap.CapSet
	timeout time.Duration
	newMail chan struct{}
	keyword bool // the selected mailbox keeps Config.Keyword (PERMANENTFLAGS)

	mu        sync.Mutex
	busy      bool // a message is being taken: do not close under it
	cancelled bool // Run's context is done: close when no longer busy
}

// cancel closes the connection when Run's context is done, unless a
// message is being taken: then release closes it afterwards.
func (cn *conn) cancel() {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.cancelled = true
	if !cn.busy {
		cn.c.Close()
	}
}

// hold keeps cancel from closing the connection while one message is taken.
func (cn *conn) hold() {
	cn.mu.Lock()
	cn.busy = true
	cn.mu.Unlock()
}

func (cn *conn) release() {
	cn.mu.Lock()
	defer cn.mu.Unlock()
	cn.busy = false
	if cn.cancelled {
		cn.c.Close()
	}
}

// do runs one command, closing the connection if it takes longer than the
// command timeout: the library has no timeout while it waits for a reply.
func (cn *conn) do(what string, f func() error) error {
	t := time.AfterFunc(cn.timeout, func() { cn.c.Close() })
	err := f()
	if !t.Stop() {
		return fmt.Errorf("mailbox: %s: %w", what, ErrTimeout)
	}
	if err != nil {
		return fmt.Errorf("mailbox: %s: %w", what, err)
	}
	return nil
}

// dial connects, secures and logs in, all within one command timeout.
func (w *Watcher) dial(ctx context.Context) (*conn, error) {
	cn := &conn{timeout: w.cfg.CommandTimeout, newMail: make(chan struct{}, 1)}
	opts := &imapclient.Options{
		TLSConfig:   w.cfg.tlsConfig(),
		WordDecoder: wordDecoder,
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(data *imapclient.UnilateralDataMailbox) {
				if data.NumMessages != nil {
					select {
					case cn.newMail <- struct{}{}:
					default:
					}
				}
			},
		},
	}
	d := net.Dialer{Timeout: w.cfg.CommandTimeout}
	nc, err := d.DialContext(ctx, "tcp", w.cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("mailbox: dial %s: %w", w.cfg.Addr, err)
	}
	timer := time.AfterFunc(w.cfg.CommandTimeout, func() { nc.Close() })
	stopCtx := context.AfterFunc(ctx, func() { nc.Close() })
	defer stopCtx()
	fail := func(step string, err error) (*conn, error) {
		nc.Close()
		if !timer.Stop() {
			err = ErrTimeout
		}
		return nil, fmt.Errorf("mailbox: %s %s: %w", step, w.cfg.Addr, err)
	}
	switch w.cfg.Security {
	case SecurityTLS:
		tc := tls.Client(nc, opts.TLSConfig)
		if err := tc.HandshakeContext(ctx); err != nil {
			return fail("TLS handshake with", err)
		}
		cn.c = imapclient.New(tc, opts)
	case SecurityStartTLS:
		cn.c, err = imapclient.NewStartTLS(nc, opts)
		if err != nil {
			return fail("STARTTLS with", err)
		}
	default:
		cn.c = imapclient.New(nc, opts)
	}
	if err := cn.c.WaitGreeting(); err != nil {
		return fail("greeting from", err)
	}
	if err := cn.c.Login(w.cfg.Username, w.cfg.Password).Wait(); err != nil {
		return fail("login to", err)
	}
	caps, err := cn.c.Capability().Wait()
	if err != nil {
		return fail("capabilities of", err)
	}
	if !timer.Stop() {
		return fail("login to", ErrTimeout)
	}
	cn.caps = caps
	return cn, nil
}

// session runs one connection: select, then poll and wait for mail until an
// error or ctx is done. selected says whether the mailbox was selected, so
// that Run can reset its backoff.
func (w *Watcher) session(ctx context.Context, h Handler) (selected bool, err error) {
	cn, err := w.dial(ctx)
	if err != nil {
		return false, err
	}
	defer cn.c.Close()
	stop := context.AfterFunc(ctx, cn.cancel)
	defer stop()

	if err := w.ensureMailboxes(cn); err != nil {
		return false, err
	}
	var sel *imap.SelectData
	if err := cn.do("select "+w.cfg.Mailbox, func() (err error) {
		sel, err = cn.c.Select(w.cfg.Mailbox, nil).Wait()
		return err
	}); err != nil {
		return false, err
	}
	validity, last, err := w.state.MailboxState(ctx, w.account, w.cfg.Mailbox)
	if err != nil {
		return false, fmt.Errorf("mailbox: read state: %w", err)
	}
	if validity != sel.UIDValidity {
		if validity != 0 {
			w.log.Warn("mailbox: UIDVALIDITY changed; rescanning the whole mailbox", "old", validity, "new", sel.UIDValidity)
		}
		validity, last = sel.UIDValidity, 0
		if err := w.state.SetMailboxState(ctx, w.account, w.cfg.Mailbox, validity, last); err != nil {
			return false, fmt.Errorf("mailbox: write state: %w", err)
		}
	}
	cn.keyword = permits(sel.PermanentFlags, w.cfg.Keyword)
	if !cn.keyword {
		w.log.Warn("mailbox: server does not keep the keyword; flagging \\Seen only", "keyword", w.cfg.Keyword, "permanent_flags", sel.PermanentFlags)
	}
	w.connected.Store(true)
	w.downSince.Store(0)
	w.log.Info("mailbox: watching", "uidvalidity", validity, "last_uid", last, "idle", cn.caps.Has(imap.CapIdle))

	for {
		last, err = w.poll(ctx, cn, h, validity, last)
		if err != nil {
			return true, err
		}
		if err := w.wait(ctx, cn); err != nil {
			return true, err
		}
	}
}

// ensureMailboxes creates Processed and Quarantine when they are missing.
func (w *Watcher) ensureMailboxes(cn *conn) error {
	existing := map[string]bool{}
	if err := cn.do("list", func() error {
		list, err := cn.c.List("", "*", nil).Collect()
		for _, l := range list {
			existing[l.Mailbox] = true
		}
		return err
	}); err != nil {
		return err
	}
	for _, name := range []string{w.cfg.Processed, w.cfg.Quarantine} {
		if existing[name] {
			continue
		}
		err := cn.do("create "+name, func() error { return cn.c.Create(name, nil).Wait() })
		var ierr *imap.Error
		if errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeAlreadyExists {
			err = nil
		}
		if err != nil {
			return err
		}
		w.log.Info("mailbox: created folder", "folder", name)
	}
	return nil
}

// wait returns when there may be new mail: an EXISTS update during IDLE, the
// IDLE watchdog, the poll interval without IDLE, or a failed message's retry
// time. It ends IDLE and sends a NOOP before returning.
func (w *Watcher) wait(ctx context.Context, cn *conn) error {
	d := w.cfg.PollInterval
	if cn.caps.Has(imap.CapIdle) {
		d = w.cfg.IdleRefresh
	}
	if next, ok := w.nextRetry(); ok {
		d = min(d, max(time.Until(next), 0))
	}
	timer := time.NewTimer(d)
	defer timer.Stop()

	if !cn.caps.Has(imap.CapIdle) {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-cn.c.Closed():
			return errors.New("mailbox: connection closed")
		case <-timer.C:
			return nil
		}
	}

	// An EXISTS that came during the poll's own commands is kept: it may
	// announce a message the poll's search did not see yet. At worst it
	// costs one extra search.
	var idle *imapclient.IdleCommand
	if err := cn.do("idle", func() (err error) {
		idle, err = cn.c.Idle()
		return err
	}); err != nil {
		return err
	}
	var cause error
	select {
	case <-ctx.Done():
		cause = ctx.Err()
	case <-cn.c.Closed():
		cause = errors.New("mailbox: connection closed during IDLE")
	case <-cn.newMail:
	case <-timer.C:
	}
	if err := cn.do("end idle", func() error {
		if err := idle.Close(); err != nil {
			return err
		}
		return idle.Wait()
	}); err != nil {
		return errors.Join(cause, err)
	}
	if cause != nil {
		return cause
	}
	return cn.do("noop", func() error { return cn.c.Noop().Wait() })
}

func (w *Watcher) nextRetry() (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	var next time.Time
	for _, r := range w.retries {
		if next.IsZero() || r.next.Before(next) {
			next = r.next
		}
	}
	return next, !next.IsZero()
}

// permits reports whether a mailbox with these PERMANENTFLAGS keeps keyword:
// listed, or new keywords allowed (\*). A server that sends no
// PERMANENTFLAGS is taken to allow it.
func permits(permanent []imap.Flag, keyword string) bool {
	if permanent == nil {
		return true
	}
	for _, f := range permanent {
		if f == imap.FlagWildcard || strings.EqualFold(string(f), keyword) {
			return true
		}
	}
	return false
}
