package mailer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/wneessen/go-mail"

	"stpclaims"
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

// Outgoing is one outbox row as the drainer sees it.
type Outgoing struct {
	ID       int64
	Reply    stpclaims.Reply
	Attempts int // failed attempts so far
}

// Queue is the outbox: the replies waiting to be sent. The store implements
// it (through an adapter in cmd); tests use a fake.
type Queue interface {
	// DueReplies returns up to limit unsent replies whose next attempt is
	// at or before now, oldest first.
	DueReplies(ctx context.Context, now time.Time, limit int) ([]Outgoing, error)
	// MarkSent records that the reply was handed to the SMTP server.
	MarkSent(ctx context.Context, id int64, at time.Time) error
	// MarkRetry records a failed attempt (counting it) and when to try next.
	MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error
}

// Sender sends one reply; *Mailer is the real one.
type Sender interface {
	Send(ctx context.Context, key string, r stpclaims.Reply) error
}

var _ Sender = (*Mailer)(nil)

// Drainer sends the outbox's due replies: every Interval, and at once when
// kicked. A reply leaves the outbox only by MarkSent after a successful
// send; every failure is a MarkRetry with a later time, so nothing is lost
// while SMTP is down. A permanent failure (5xx, or a reply that can never be
// sent) is logged at error level and retried at MaxBackoff, never dropped:
// the outbox row stays visible to the operator, who can fix the address.
//
// Between a successful send and MarkSent a crash leaves the row due; it is
// then sent again under the same key, so with the same Message-ID, and
// receiving clients can tell it is the same message.
//
// The zero values of Log, Interval, Backoff and Now mean a discarding
// logger, DefaultInterval, DefaultBackoff and time.Now. Queue and Sender are
// required.
type Drainer struct {
	Queue    Queue
	Sender   Sender
	Log      *slog.Logger
	Interval time.Duration
	Backoff  func(attempts int) time.Duration
	Now      func() time.Time

	once  sync.Once
	kick  chan struct{}
	drain chan struct{} // a one-slot lock: one DrainOnce at a time, so no row is sent twice at once
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
// returns how many were sent. A failed send is not an error of DrainOnce:
// it is marked for retry. DrainOnce returns an error when the queue fails
// or ctx is done, also while it waits for another DrainOnce (Run's) to
// finish; rows not yet marked then stay due.
//
// When the server cannot be reached at all (a connection, TLS or AUTH
// failure) or refuses our sender (an error answer to MAIL FROM), rather than
// answering about this message, the rest of the batch is marked for retry
// with the same error without trying each row.
func (d *Drainer) DrainOnce(ctx context.Context) (sent int, err error) {
	d.init()
	select {
	case d.drain <- struct{}{}:
	case <-ctx.Done():
		return 0, fmt.Errorf("mailer: waiting for the drain in progress: %w", ctx.Err())
	}
	defer func() { <-d.drain }()
	log := d.log()
	// Each row is marked (sent or retry later) before the next batch is
	// asked for, so a later batch repeats a row only if the queue keeps it
	// due (a zero backoff); a row is tried at most once per DrainOnce.
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
			key := Key(row.ID)
			sendErr := down
			if sendErr == nil {
				sendErr = d.Sender.Send(ctx, key, row.Reply)
			}
			if sendErr == nil {
				if err := d.Queue.MarkSent(ctx, row.ID, d.now()); err != nil {
					return sent, fmt.Errorf("mailer: mark %s sent: %w", key, err)
				}
				sent++
				continue
			}
			if ctx.Err() != nil {
				// Shutting down: the row stays due and goes first next time.
				return sent, ctx.Err()
			}
			attempts := row.Attempts + 1
			wait := d.backoff(attempts)
			permanent := IsPermanent(sendErr)
			if permanent {
				wait = MaxBackoff
			}
			next := d.now().Add(wait)
			attrs := []any{"key", key, "attempt", attempts, "next", next, "err", sendErr}
			if permanent {
				log.ErrorContext(ctx, "mailer: reply refused permanently; retrying hourly until fixed", attrs...)
			} else {
				log.WarnContext(ctx, "mailer: reply not sent; will retry", attrs...)
			}
			if err := d.Queue.MarkRetry(ctx, row.ID, sendErr.Error(), next); err != nil {
				return sent, fmt.Errorf("mailer: mark %s for retry: %w", key, err)
			}
			if down == nil && !answered(sendErr) {
				down = sendErr
			}
		}
		if fresh == 0 || len(rows) < batchSize {
			return sent, nil
		}
	}
}

// answered reports whether err is the server's answer about this message
// (so other messages may still go), rather than a failure to reach the
// server or a refusal of our sender address (MAIL FROM), which every other
// message would meet as well.
func answered(err error) bool {
	if errors.Is(err, ErrInvalidReply) {
		return true
	}
	var se *mail.SendError
	return errors.As(err, &se) && se.Reason != mail.ErrSMTPMailFrom
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

func (d *Drainer) backoff(attempts int) time.Duration {
	if d.Backoff == nil {
		return DefaultBackoff(attempts)
	}
	return d.Backoff(attempts)
}
