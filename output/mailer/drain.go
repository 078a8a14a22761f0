package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	"stpclaims"
	"stpclaims/internal/tlstrust"
)

// Backoff bounds: the first retry comes after about MinBackoff, each later
// one after twice the one before, never more than MaxBackoff.
const (
	MinBackoff = 30 * time.Second
	MaxBackoff = time.Hour
)

// DefaultInterval is how often Run looks for due replies when
// Drainer.Interval is zero.
const DefaultInterval = time.Minute

// batchSize is how many due replies DrainOnce takes at a time.
const batchSize = 50

// DefaultGiveUpAfter is Drainer.GiveUpAfter when it is zero.
const DefaultGiveUpAfter = 72 * time.Hour

// Outgoing is one outbox row as the drainer sees it.
type Outgoing struct {
	ID       int64
	Reply    stpclaims.Reply
	Attempts int       // attempts so far
	Queued   time.Time // when it was queued; GiveUpAfter counts from here
	// Pending are the recipients, as written in the reply's To and Cc,
	// still to be sent to; nil means all of them.
	Pending []string
	// Refused are the recipients given up on earlier.
	Refused []Refusal
	// Notice marks a delivery notice: its own refusals beget no notice.
	Notice bool
}

// Outcome is what one attempt at an outbox row came to.
type Outcome struct {
	At        time.Time
	Delivered []string  // recipients the reply reached now
	Refused   []Refusal // recipients given up on now: they will not get it
	Err       string    // what went wrong, "" when every recipient tried got it
	// Next is when to try the recipients still pending; zero when none is.
	Next time.Time
	// Park gives the reply up: its main recipient has not got it within
	// GiveUpAfter. It stays in the outbox for an operator.
	Park bool
	// Notices are delivery notices to queue with the outcome, due at once.
	Notices []stpclaims.Reply
}

// Queue is the outbox: the replies waiting to be sent. The store implements
// it (through an adapter); tests use a fake.
type Queue interface {
	// DueReplies returns up to limit replies, neither sent, parked nor
	// dropped, whose next attempt is at or before now, oldest first.
	DueReplies(ctx context.Context, now time.Time, limit int) ([]Outgoing, error)
	// Record records one attempt (counting it), in one transaction with
	// its notices: who got the reply, who is given up, when to try the
	// rest, or that it is parked.
	Record(ctx context.Context, id int64, o Outcome) error
}

// Sender sends one reply; *Mailer is the real one.
type Sender interface {
	Deliver(ctx context.Context, key string, r stpclaims.Reply, env Envelope) (Delivery, error)
}

var _ Sender = (*Mailer)(nil)

// Drainer sends the outbox's due replies: every Interval, and at once when
// kicked. Each reply is sent to each of its recipients on its own account:
//
//   - A recipient the server takes is done; the others are tried again
//     with backoff. A copy (Cc) refused for good (5xx) never holds back the
//     main recipients (To): it is given up at once, the copy they get says
//     so at its end, and the finance division (Finance) is told by a
//     notice (the main recipients too, when they got the reply earlier).
//     A copy refused only for now (4xx) is given up the same way once the
//     reply is GiveUpAfter old.
//   - A main recipient refused for good is tried again hourly; one that has
//     not got the reply GiveUpAfter after it was queued, while the server
//     answered (refused it, or the message), is parked: the reply stays in
//     the outbox for an operator to redirect, retry or drop, and Finance is
//     told. While the server cannot be reached at all the reply waits:
//     that is the server's trouble, not this reply's, and readiness says so.
//
// Between a successful send and Record a crash leaves the recipients
// pending; they are sent the reply again under the same key, so with the
// same Message-ID, and receiving clients can tell it is the same message.
//
// The zero values of Log, Interval, Backoff, Now and GiveUpAfter mean a
// discarding logger, DefaultInterval, DefaultBackoff, time.Now and
// DefaultGiveUpAfter. Queue and Sender are required. Counts and Status may
// be called from any goroutine.
type Drainer struct {
	Queue       Queue
	Sender      Sender
	Log         *slog.Logger
	Interval    time.Duration
	Backoff     func(attempts int) time.Duration
	Now         func() time.Time
	GiveUpAfter time.Duration
	// Finance are told of recipients given up and replies parked.
	Finance []string

	once  sync.Once
	kick  chan struct{}
	drain chan struct{} // a one-slot lock: one DrainOnce at a time, so no row is sent twice at once

	mu     sync.Mutex
	status Status
	counts Counts
}

// Counts are running totals since the drainer was made.
type Counts struct {
	Sent         uint64 // sends that reached at least one recipient
	Failed       uint64 // attempts that left a recipient pending or failed as a whole
	Refused      uint64 // recipients given up on
	Parked       uint64 // replies parked
	CertFailures uint64 // sends refused because the server's certificate was not trusted
}

// Status is how the last sends went.
type Status struct {
	LastSuccess time.Time // the last send the server answered (zero: none yet)
	// FailingSince is when the server stopped being reachable (the
	// first failed connection since the last answer); zero while it is.
	FailingSince     time.Time
	LastError        string
	CertificateError bool // the last failure was an untrusted certificate
}

// Counts returns the running totals.
func (d *Drainer) Counts() Counts {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.counts
}

// Status returns how the last sends went.
func (d *Drainer) Status() Status {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.status
}

// Key returns the key a drainer sends the outbox row id under, and from
// which the Message-ID is derived: "outbox-<id>".
func Key(id int64) string { return fmt.Sprintf("outbox-%d", id) }

// DefaultBackoff returns the wait after the given number of failed attempts
// (1 for the first failure): 30s, 1m, 2m, … up to 1h, each less up to a
// fifth by random jitter so that retries do not come in step.
func DefaultBackoff(attempts int) time.Duration {
	d := MaxBackoff
	if attempts < 1 {
		attempts = 1
	}
	if attempts <= 8 { // 30s<<7 = 64m > 1h already
		d = min(MinBackoff<<(attempts-1), MaxBackoff)
	}
	return d - rand.N(d/5+1)
}

// Kick makes Run look for due replies now (call it after queueing a
// reply). It never blocks; kicks while a drain is pending are merged.
func (d *Drainer) Kick() {
	select {
	case d.kicks() <- struct{}{}:
	default:
	}
}

func (d *Drainer) kicks() chan struct{} {
	d.init()
	return d.kick
}

func (d *Drainer) init() {
	d.once.Do(func() {
		d.kick = make(chan struct{}, 1)
		d.drain = make(chan struct{}, 1)
	})
}

// Run drains the outbox once at start, then every Interval and on every
// Kick, until ctx is done; it then returns nil. Errors of a single drain are
// logged, not returned: the rows stay due and the next drain tries again.
func (d *Drainer) Run(ctx context.Context) error {
	if d.Queue == nil || d.Sender == nil {
		return errors.New("mailer: drainer needs a Queue and a Sender")
	}
	interval := d.Interval
	if interval <= 0 {
		interval = DefaultInterval
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	kick := d.kicks()
	for {
		if sent, err := d.DrainOnce(ctx); err != nil && ctx.Err() == nil {
			d.log().ErrorContext(ctx, "mailer: draining the outbox", "sent", sent, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-kick:
		}
	}
}

// DrainOnce sends the replies due now, in batches, until none is due, and
// returns how many reached at least one recipient. A failed send is not an
// error of DrainOnce: it is recorded and tried again. DrainOnce returns an
// error when the queue fails or ctx is done, also while it waits for
// another DrainOnce (Run's) to finish; rows not yet recorded then stay due.
//
// When the server cannot be reached at all (a connection, TLS or AUTH
// failure) or refuses our sender (an error answer to MAIL FROM), rather than
// answering about this message, the rest of the batch is recorded with the
// same error without trying each row.
func (d *Drainer) DrainOnce(ctx context.Context) (sent int, err error) {
	d.init()
	select {
	case d.drain <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("mailer: waiting for the drain in progress: %w", ctx.Err())
	}
	defer func() { <-d.drain }()
	// Each row is recorded before the next batch is asked for, so a later
	// batch repeats a row only if the queue keeps it due (a zero backoff);
	// a row is tried at most once per DrainOnce.
	tried := make(map[int64]bool)
	for {
		rows, err := d.Queue.DueReplies(ctx, d.now(), batchSize)
		if err != nil {
			return sent, fmt.Errorf("mailer: due replies: %w", err)
		}
		fresh := 0
		var down error // the server is unreachable: defer the rest
		for _, row := range rows {
			if tried[row.ID] {
				continue
			}
			tried[row.ID] = true
			fresh++
			if err := ctx.Err(); err != nil {
				return sent, err
			}
			pending := row.Pending
			if pending == nil {
				pending = append(append([]string(nil), row.Reply.To...), row.Reply.Cc...)
			}
			var dl Delivery
			sendErr := down
			if sendErr == nil && len(pending) > 0 {
				dl, sendErr = d.Sender.Deliver(ctx, Key(row.ID), row.Reply, Envelope{Rcpts: pending, Refused: row.Refused})
				d.noteSend(sendErr)
			}
			if sendErr != nil && ctx.Err() != nil {
				// Shutting down: the row stays due and goes first next time.
				return sent, ctx.Err()
			}
			o := d.decide(row, pending, dl, sendErr)
			d.logOutcome(ctx, row, o, dl, sendErr)
			if err := d.Queue.Record(ctx, row.ID, o); err != nil {
				return sent, fmt.Errorf("mailer: record %s: %w", Key(row.ID), err)
			}
			d.count(o, sendErr)
			if len(dl.Accepted) > 0 {
				sent++
			}
			if down == nil && sendErr != nil && !answered(sendErr) {
				down = sendErr
			}
		}
		if fresh == 0 || len(rows) < batchSize {
			return sent, nil
		}
	}
}

// decide turns one attempt at row (to the recipients pending) into an
// Outcome: who got it, who is given up, when to try the rest, whether to
// park it, and whom to tell.
func (d *Drainer) decide(row Outgoing, pending []string, dl Delivery, sendErr error) Outcome {
	now := d.now()
	o := Outcome{At: now, Delivered: dl.Accepted}
	old := !row.Queued.IsZero() && now.Sub(row.Queued) >= d.giveUpAfter()
	var still []string // pending after this attempt
	var errs []string
	mainRefusedForGood := false
	for _, f := range dl.Refused {
		errs = append(errs, f.String())
		main := isMain(row.Reply, f.Addr)
		if !main && (f.Permanent() || old) {
			o.Refused = append(o.Refused, f)
			continue
		}
		still = append(still, f.Addr)
		mainRefusedForGood = mainRefusedForGood || main && f.Permanent()
	}
	if sendErr != nil {
		errs = append(errs, sendErr.Error())
		still = pending
		if old && answered(sendErr) {
			// The copies wait no longer; the main recipients are parked below.
			still = nil
			for _, a := range pending {
				if isMain(row.Reply, a) {
					still = append(still, a)
				} else {
					o.Refused = append(o.Refused, Refusal{Addr: a, Text: sendErr.Error()})
				}
			}
		}
	}
	o.Err = strings.Join(errs, "; ")
	mainPending := slices.ContainsFunc(still, func(a string) bool { return isMain(row.Reply, a) })
	switch {
	case len(still) == 0:
	case mainPending && old && (sendErr == nil || answered(sendErr)):
		o.Park = true
	default:
		wait := d.backoff(row.Attempts + 1)
		if mainRefusedForGood || IsPermanent(sendErr) {
			wait = MaxBackoff
		}
		o.Next = now.Add(wait)
	}
	if !row.Notice {
		o.Notices = d.notices(row, pending, dl, o)
	}
	return o
}

// notices are the delivery notices an outcome calls for: recipients given
// up are reported to the finance division, and to the main recipients
// unless their own copy said so; a parked reply is reported to the finance
// division.
func (d *Drainer) notices(row Outgoing, pending []string, dl Delivery, o Outcome) []stpclaims.Reply {
	var out []stpclaims.Reply
	if len(o.Refused) > 0 {
		// The main recipients' own copy, sent now, named the recipients
		// refused for good (withNote); ones given up for waiting too long
		// it did not.
		notedInCopy := slices.ContainsFunc(dl.Accepted, func(a string) bool { return isMain(row.Reply, a) }) &&
			!slices.ContainsFunc(o.Refused, func(f Refusal) bool { return !f.Permanent() })
		var to []string // the main recipients who have the reply, when not told in it
		for _, a := range row.Reply.To {
			got := !slices.ContainsFunc(pending, func(p string) bool { return sameAddr(p, a) }) ||
				slices.ContainsFunc(dl.Accepted, func(p string) bool { return sameAddr(p, a) })
			if got && !notedInCopy {
				to = append(to, a)
			}
		}
		switch {
		case len(to) > 0:
			out = append(out, refusalNotice(row.Reply, o.Refused, to, d.Finance))
		case len(d.Finance) > 0:
			out = append(out, refusalNotice(row.Reply, o.Refused, d.Finance, nil))
		}
	}
	if o.Park && len(d.Finance) > 0 {
		out = append(out, parkedNotice(row.Reply, row.ID, row.Queued, o.Err, d.Finance))
	}
	return out
}

// logOutcome logs what became of one attempt, at error level what needs an
// operator: an untrusted certificate, a main recipient refused for good, a
// parked reply.
func (d *Drainer) logOutcome(ctx context.Context, row Outgoing, o Outcome, dl Delivery, sendErr error) {
	log := d.log().With("key", Key(row.ID), "attempt", row.Attempts+1)
	switch {
	case sendErr != nil && tlstrust.IsCertificateError(sendErr):
		log.ErrorContext(ctx, "mailer: the SMTP server's certificate is not trusted; no reply is sent until it is",
			"err", sendErr, "remedy", tlstrust.Remedy)
	case sendErr != nil && IsPermanent(sendErr):
		log.ErrorContext(ctx, "mailer: reply refused permanently", "err", sendErr, "next", o.Next)
	case sendErr != nil:
		log.WarnContext(ctx, "mailer: reply not sent; will retry", "err", sendErr, "next", o.Next)
	case !o.Park && slices.ContainsFunc(dl.Refused, func(f Refusal) bool { return f.Permanent() && isMain(row.Reply, f.Addr) }):
		log.ErrorContext(ctx, "mailer: reply refused for good for its main recipient; tried again hourly until it is parked",
			"to", row.Reply.To, "refused", o.Err, "delivered", o.Delivered, "next", o.Next, "park_at", row.Queued.Add(d.giveUpAfter()))
	case o.Err != "" && !o.Park && !o.Next.IsZero():
		log.WarnContext(ctx, "mailer: some recipients not reached; will retry them", "delivered", o.Delivered, "refused", o.Err, "next", o.Next)
	}
	for _, f := range o.Refused {
		log.WarnContext(ctx, "mailer: recipient given up; the others are not held back", "recipient", f.Addr, "reason", reason(f), "delivered", o.Delivered)
	}
	if o.Park {
		log.ErrorContext(ctx, "mailer: reply parked: its main recipient has not got it", "to", row.Reply.To,
			"queued", row.Queued, "give_up_after", d.giveUpAfter(), "err", o.Err)
	}
}

func (d *Drainer) noteSend(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	switch {
	case err == nil || answered(err):
		d.status.LastSuccess, d.status.FailingSince = now, time.Time{}
	case d.status.FailingSince.IsZero():
		d.status.FailingSince = now
	}
	if err != nil {
		d.status.LastError = err.Error()
		d.status.CertificateError = tlstrust.IsCertificateError(err)
	}
}

func (d *Drainer) count(o Outcome, sendErr error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(o.Delivered) > 0 {
		d.counts.Sent++
	}
	if o.Err != "" {
		d.counts.Failed++
	}
	d.counts.Refused += uint64(len(o.Refused))
	if o.Park {
		d.counts.Parked++
	}
	if sendErr != nil && tlstrust.IsCertificateError(sendErr) {
		d.counts.CertFailures++
	}
}

// isMain reports whether addr is one of r's main recipients (To).
func isMain(r stpclaims.Reply, addr string) bool {
	return slices.ContainsFunc(r.To, func(a string) bool { return sameAddr(a, addr) })
}

// answered reports whether err is the server's answer about this message
// (so other messages may still go), rather than a failure to reach the
// server or a refusal of our sender address (MAIL FROM), which every other
// message would meet as well.
func answered(err error) bool {
	if errors.Is(err, ErrInvalidReply) {
		return true
	}
	var re *RefusedError
	return errors.As(err, &re) && re.Command != "MAIL"
}

func (d *Drainer) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

func (d *Drainer) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Drainer) giveUpAfter() time.Duration {
	if d.GiveUpAfter <= 0 {
		return DefaultGiveUpAfter
	}
	return d.GiveUpAfter
}

func (d *Drainer) backoff(attempts int) time.Duration {
	if d.Backoff == nil {
		return DefaultBackoff(attempts)
	}
	return d.Backoff(attempts)
}
