package mailer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/internal/smtptest"
)

// memQueue is an in-memory outbox.
type memQueue struct {
	mu        sync.Mutex
	rows      map[int64]*memRow
	failSent  int // MarkSent fails this many more times (a crash after sending)
	sentCalls []int64
	retries   []retryCall
	polled    chan struct{} // one value per DueReplies call, if not nil
}

type memRow struct {
	out     Outgoing
	next    time.Time
	sentAt  time.Time
	lastErr string
}

type retryCall struct {
	id      int64
	lastErr string
	next    time.Time
}

var _ Queue = (*memQueue)(nil)

func newMemQueue() *memQueue { return &memQueue{rows: map[int64]*memRow{}} }

func (q *memQueue) add(id int64, r stpclaims.Reply, due time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.rows[id] = &memRow{out: Outgoing{ID: id, Reply: r}, next: due}
}

func (q *memQueue) DueReplies(_ context.Context, now time.Time, limit int) ([]Outgoing, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.polled != nil {
		select {
		case q.polled <- struct{}{}:
		default:
		}
	}
	var out []Outgoing
	for _, row := range q.rows {
		if row.sentAt.IsZero() && !row.next.After(now) {
			out = append(out, row.out)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (q *memQueue) MarkSent(_ context.Context, id int64, at time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.failSent > 0 {
		q.failSent--
		return errors.New("memqueue: disk full")
	}
	q.rows[id].sentAt = at
	q.sentCalls = append(q.sentCalls, id)
	return nil
}

func (q *memQueue) MarkRetry(_ context.Context, id int64, lastErr string, next time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	row := q.rows[id]
	row.out.Attempts++
	row.next, row.lastErr = next, lastErr
	q.retries = append(q.retries, retryCall{id, lastErr, next})
	return nil
}

func (q *memQueue) row(id int64) memRow {
	q.mu.Lock()
	defer q.mu.Unlock()
	return *q.rows[id]
}

func (q *memQueue) calls() (sent []int64, retries []retryCall) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]int64(nil), q.sentCalls...), append([]retryCall(nil), q.retries...)
}

// clock is a settable time for Drainer.Now.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// countingSender counts the sends it passes on.
type countingSender struct {
	Sender
	mu sync.Mutex
	n  int
}

func (s *countingSender) Send(ctx context.Context, key string, r stpclaims.Reply) error {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return s.Sender.Send(ctx, key, r)
}

func (s *countingSender) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// fixture is a sink, a mailer sending to it, a queue and a drainer with a
// fixed backoff (a minute times the attempts) and a settable clock.
type fixture struct {
	sink   *smtptest.Sink
	mailer *Mailer
	queue  *memQueue
	clock  *clock
	sender *countingSender
	logs   *bytes.Buffer
	d      *Drainer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{sink: smtptest.Start(t), queue: newMemQueue(), clock: &clock{now: t0}, logs: new(bytes.Buffer)}
	f.mailer = newMailer(t, Config{Host: f.sink.Host(), Port: f.sink.Port(), Security: SecurityNone, Timeout: 10 * time.Second})
	f.sender = &countingSender{Sender: f.mailer}
	f.d = &Drainer{
		Queue:   f.queue,
		Sender:  f.sender,
		Log:     slog.New(slog.NewTextHandler(&lockedWriter{w: f.logs}, nil)),
		Backoff: func(n int) time.Duration { return time.Duration(n) * time.Minute },
		Now:     f.clock.Now,
	}
	return f
}

type lockedWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func reply(n int) stpclaims.Reply {
	r := testReply()
	r.Subject = fmt.Sprintf("Re: claim %d", n)
	r.InReplyTo = fmt.Sprintf("<claim-%d@example.org>", n)
	return r
}

func drainOnce(t *testing.T, d *Drainer) int {
	t.Helper()
	sent, err := d.DrainOnce(context.Background())
	if err != nil {
		t.Fatalf("DrainOnce: %v", err)
	}
	return sent
}

func TestDrainer_DrainOnce(t *testing.T) {
	t.Run("sends due replies once", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.queue.add(2, reply(2), t0)
		f.queue.add(3, reply(3), t0.Add(time.Hour)) // not due yet
		if sent := drainOnce(t, f.d); sent != 2 {
			t.Fatalf("sent = %d, want 2", sent)
		}
		if sent := drainOnce(t, f.d); sent != 0 {
			t.Errorf("second drain sent %d, want 0", sent)
		}
		msgs := f.sink.Messages()
		if len(msgs) != 2 {
			t.Fatalf("sink has %d messages, want 2", len(msgs))
		}
		for i, id := range []int64{1, 2} {
			want := f.mailer.MessageID(Key(id), reply(int(id)))
			if got := msgs[i].Header.Get("Message-Id"); got != want {
				t.Errorf("message %d Message-ID = %q, want %q", i, got, want)
			}
			if row := f.queue.row(id); !row.sentAt.Equal(t0) {
				t.Errorf("row %d sent at %v, want %v", id, row.sentAt, t0)
			}
		}
		if row := f.queue.row(3); !row.sentAt.IsZero() {
			t.Errorf("row 3 sent before it was due")
		}
	})

	t.Run("SMTP down then up: retried later, then sent once", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.queue.add(2, reply(2), t0)
		f.queue.add(3, reply(3), t0)
		f.sink.Stop()
		if sent := drainOnce(t, f.d); sent != 0 {
			t.Fatalf("sent = %d with SMTP down", sent)
		}
		sentCalls, retries := f.queue.calls()
		if len(sentCalls) != 0 || len(retries) != 3 {
			t.Fatalf("MarkSent %v, MarkRetry %v; want no MarkSent and 3 retries", sentCalls, retries)
		}
		for _, r := range retries {
			if !r.next.Equal(t0.Add(time.Minute)) || r.lastErr == "" {
				t.Errorf("retry %+v, want next %v and the error", r, t0.Add(time.Minute))
			}
		}
		if n := f.sender.count(); n != 1 {
			t.Errorf("tried the unreachable server %d times, want once for the batch", n)
		}
		// Still down, not yet due: nothing tried.
		if sent := drainOnce(t, f.d); sent != 0 || f.sender.count() != 1 {
			t.Errorf("drain before the retry time sent %d, tried %d", sent, f.sender.count())
		}
		f.sink.Restart()
		f.clock.Add(time.Minute)
		if sent := drainOnce(t, f.d); sent != 3 {
			t.Fatalf("sent = %d after SMTP came back, want 3", sent)
		}
		if sent := drainOnce(t, f.d); sent != 0 {
			t.Errorf("sent %d more", sent)
		}
		if n := len(f.sink.Messages()); n != 3 {
			t.Errorf("sink has %d messages, want 3", n)
		}
		for id := int64(1); id <= 3; id++ {
			if row := f.queue.row(id); row.sentAt.IsZero() || row.out.Attempts != 1 {
				t.Errorf("row %d: sent at %v after %d failed attempts, want sent after 1", id, row.sentAt, row.out.Attempts)
			}
		}
	})

	t.Run("451 is retried with growing backoff", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.sink.SetFailing(451)
		drainOnce(t, f.d)
		f.clock.Add(time.Minute)
		drainOnce(t, f.d)
		_, retries := f.queue.calls()
		if len(retries) != 2 {
			t.Fatalf("%d retries, want 2", len(retries))
		}
		if want := t0.Add(time.Minute); !retries[0].next.Equal(want) {
			t.Errorf("first retry at %v, want %v", retries[0].next, want)
		}
		if want := t0.Add(time.Minute + 2*time.Minute); !retries[1].next.Equal(want) {
			t.Errorf("second retry at %v, want %v", retries[1].next, want)
		}
		f.sink.SetFailing(0)
		f.clock.Add(2 * time.Minute)
		if sent := drainOnce(t, f.d); sent != 1 {
			t.Errorf("sent = %d after the server recovered, want 1", sent)
		}
		if bytes.Contains(f.logs.Bytes(), []byte("level=ERROR")) {
			t.Errorf("a temporary failure was logged at error level:\n%s", f.logs)
		}
	})

	t.Run("550 on RCPT is retried hourly and logged as an error", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		r2 := reply(2)
		r2.Cc = nil
		f.queue.add(2, r2, t0)
		f.queue.add(3, reply(3), t0)
		f.sink.SetRejecting("dd@img.kerala.gov.in", 550) // a Cc of replies 1 and 3
		if sent := drainOnce(t, f.d); sent != 1 {
			t.Errorf("sent = %d, want 1 (reply 2 has no bad recipient)", sent)
		}
		_, retries := f.queue.calls()
		if len(retries) != 2 || retries[0].id != 1 || retries[1].id != 3 {
			t.Fatalf("retries %+v, want rows 1 and 3", retries)
		}
		for _, r := range retries {
			if want := t0.Add(MaxBackoff); !r.next.Equal(want) {
				t.Errorf("row %d retried at %v, want %v", r.id, r.next, want)
			}
		}
		if n := f.sender.count(); n != 3 {
			t.Errorf("tried %d sends, want 3 (a refused recipient is per message, not server down)", n)
		}
		if !bytes.Contains(f.logs.Bytes(), []byte("level=ERROR")) {
			t.Errorf("permanent failure not logged at error level:\n%s", f.logs)
		}
		if row := f.queue.row(1); !row.sentAt.IsZero() {
			t.Error("refused reply marked sent")
		}
	})

	t.Run("550 on MAIL FROM defers the whole batch", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.queue.add(2, reply(2), t0)
		f.sink.SetFailing(550)
		drainOnce(t, f.d)
		_, retries := f.queue.calls()
		if len(retries) != 2 {
			t.Fatalf("%d retries, want 2", len(retries))
		}
		for _, r := range retries {
			if want := t0.Add(MaxBackoff); !r.next.Equal(want) {
				t.Errorf("row %d retried at %v, want %v", r.id, r.next, want)
			}
		}
		if n := f.sender.count(); n != 1 {
			t.Errorf("tried %d sends, want 1 (our sender is refused for every reply)", n)
		}
	})

	t.Run("crash between send and MarkSent resends with the same Message-ID", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(7, reply(7), t0)
		f.queue.failSent = 1
		if _, err := f.d.DrainOnce(context.Background()); err == nil {
			t.Fatal("DrainOnce hid the MarkSent failure")
		}
		if sent := drainOnce(t, f.d); sent != 1 {
			t.Fatalf("sent = %d on the second drain, want 1", sent)
		}
		msgs := f.sink.Wait(t, 2, 10*time.Second)
		if len(msgs) != 2 {
			t.Fatalf("sink has %d messages, want 2", len(msgs))
		}
		id1, id2 := msgs[0].Header.Get("Message-Id"), msgs[1].Header.Get("Message-Id")
		if id1 == "" || id1 != id2 {
			t.Errorf("Message-IDs %q and %q, want the same", id1, id2)
		}
	})

	t.Run("cancelled context leaves rows due", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.d.DrainOnce(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("DrainOnce = %v, want context.Canceled", err)
		}
		if sentCalls, retries := f.queue.calls(); len(sentCalls)+len(retries) != 0 {
			t.Errorf("rows marked after cancel: sent %v, retries %v", sentCalls, retries)
		}
	})

	t.Run("zero backoff: tried once per drain", func(t *testing.T) {
		f := newFixture(t)
		f.d.Backoff = func(int) time.Duration { return 0 }
		for id := int64(1); id <= batchSize; id++ { // a full batch, so DrainOnce asks again
			f.queue.add(id, reply(int(id)), t0)
		}
		f.sink.SetRejecting("coord@example.org", 451)
		drainOnce(t, f.d)
		if n := f.sender.count(); n != batchSize {
			t.Errorf("tried %d sends in one drain, want %d (each row once)", n, batchSize)
		}
	})

	t.Run("more than a batch", func(t *testing.T) {
		f := newFixture(t)
		for id := int64(1); id <= batchSize+5; id++ {
			f.queue.add(id, reply(int(id)), t0)
		}
		if sent := drainOnce(t, f.d); sent != batchSize+5 {
			t.Errorf("sent = %d, want %d", sent, batchSize+5)
		}
	})
}

func TestDrainer_Run(t *testing.T) {
	t.Run("Kick wakes the loop", func(t *testing.T) {
		f := newFixture(t)
		f.d.Interval = time.Hour // only a kick can wake it in this test
		f.queue.polled = make(chan struct{}, 100)
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.d.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
		<-f.queue.polled // the drain at start found nothing; Run now sleeps
		f.queue.add(1, reply(1), t0)
		f.d.Kick()
		f.sink.Wait(t, 1, 10*time.Second)
		f.queue.add(2, reply(2), t0)
		f.d.Kick()
		f.d.Kick() // kicks merge; never block
		f.sink.Wait(t, 2, 10*time.Second)
	})

	t.Run("returns on cancel", func(t *testing.T) {
		f := newFixture(t)
		f.d.Interval = 10 * time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.d.Run(ctx) }()
		f.queue.add(1, reply(1), t0)
		f.sink.Wait(t, 1, 10*time.Second) // the ticker drained it
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run = %v, want nil after cancel", err)
			}
		case <-time.After(30 * time.Second): // a hang guard
			t.Fatal("Run did not return after cancel")
		}
	})

	t.Run("needs a queue and a sender", func(t *testing.T) {
		if err := (&Drainer{}).Run(context.Background()); err == nil {
			t.Error("Run without Queue and Sender succeeded")
		}
	})

	t.Run("Kick before Run does not block", func(t *testing.T) {
		d := &Drainer{}
		d.Kick()
		d.Kick()
	})
}

func TestDefaultBackoff(t *testing.T) {
	tests := []struct {
		attempts int
		want     time.Duration // before jitter
	}{
		{0, 30 * time.Second},
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{7, 32 * time.Minute},
		{8, time.Hour},
		{9, time.Hour},
		{1000, time.Hour},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.attempts), func(t *testing.T) {
			seen := map[time.Duration]bool{}
			for range 100 {
				got := DefaultBackoff(tt.attempts)
				if got > tt.want || got < tt.want-tt.want/5 {
					t.Fatalf("DefaultBackoff(%d) = %v, want in [%v, %v]", tt.attempts, got, tt.want-tt.want/5, tt.want)
				}
				seen[got] = true
			}
			if len(seen) < 2 {
				t.Errorf("DefaultBackoff(%d) is not jittered: always %v", tt.attempts, seen)
			}
		})
	}
}

// blockingSender holds every Send until release is closed.
type blockingSender struct {
	started chan struct{}
	release chan struct{}
}

func (s *blockingSender) Send(ctx context.Context, key string, r stpclaims.Reply) error {
	s.started <- struct{}{}
	<-s.release
	return nil
}

func TestDrainer_DrainOnce_waitHonoursContext(t *testing.T) {
	q := newMemQueue()
	q.add(1, reply(1), t0)
	s := &blockingSender{started: make(chan struct{}, 1), release: make(chan struct{})}
	d := &Drainer{Queue: q, Sender: s, Now: func() time.Time { return t0 }}
	first := make(chan error, 1)
	go func() { _, err := d.DrainOnce(context.Background()); first <- err }()
	<-s.started // the first drain holds the lock, sending
	t.Cleanup(func() { close(s.release); <-first })

	ctx, cancel := context.WithCancel(context.Background())
	second := make(chan error, 1)
	go func() { _, err := d.DrainOnce(ctx); second <- err }()
	cancel()
	select {
	case err := <-second:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("DrainOnce = %v, want context.Canceled", err)
		}
	case <-time.After(30 * time.Second): // a hang guard, not a speed check
		t.Fatal("DrainOnce waited for the drain in progress past its context")
	}
}
