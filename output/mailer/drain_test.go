package mailer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/internal/smtptest"
)

// memQueue is an in-memory outbox that keeps each row's recipients as the
// store does.
type memQueue struct {
	mu         sync.Mutex
	rows       map[int64]*memRow
	failRecord int // Record fails this many more times (a crash after sending)
	records    []recordCall
	nextID     int64
	polled     chan struct{} // one value per DueReplies call, if not nil
}

type memRow struct {
	out     Outgoing
	next    time.Time
	done    bool // nothing pending
	parked  bool
	lastErr string
}

type recordCall struct {
	id int64
	o  Outcome
}

var _ Queue = (*memQueue)(nil)

func newMemQueue() *memQueue { return &memQueue{rows: map[int64]*memRow{}, nextID: 1000} }

func (q *memQueue) add(id int64, r stpclaims.Reply, due time.Time) {
	q.mu.Lock()
	defer q.mu.Unlock()
	pending := append(append([]string{}, r.To...), r.Cc...)
	q.rows[id] = &memRow{out: Outgoing{ID: id, Reply: r, Queued: due, Pending: pending}, next: due}
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
		if !row.done && !row.parked && !row.next.After(now) {
			o := row.out
			o.Pending = append([]string(nil), o.Pending...)
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (q *memQueue) Record(_ context.Context, id int64, o Outcome) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.failRecord > 0 {
		q.failRecord--
		return errors.New("memqueue: disk full")
	}
	row := q.rows[id]
	row.out.Attempts++
	gone := append(append([]string(nil), o.Delivered...), addrsOf(o.Refused)...)
	row.out.Pending = slices.DeleteFunc(row.out.Pending, func(a string) bool { return slices.Contains(gone, a) })
	row.out.Refused = append(row.out.Refused, o.Refused...)
	row.lastErr = o.Err
	row.done = len(row.out.Pending) == 0
	row.parked = o.Park
	if !row.done && !o.Park {
		row.next = o.Next
	}
	for _, n := range o.Notices {
		q.nextID++
		q.rows[q.nextID] = &memRow{out: Outgoing{ID: q.nextID, Reply: n, Queued: o.At, Pending: append(append([]string{}, n.To...), n.Cc...), Notice: true}, next: o.At}
	}
	q.records = append(q.records, recordCall{id, o})
	return nil
}

func addrsOf(fs []Refusal) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Addr)
	}
	return out
}

func (q *memQueue) row(id int64) memRow {
	q.mu.Lock()
	defer q.mu.Unlock()
	return *q.rows[id]
}

func (q *memQueue) calls() []recordCall {
	q.mu.Lock()
	defer q.mu.Unlock()
	return append([]recordCall(nil), q.records...)
}

// notices returns the notices queued so far, in order.
func (q *memQueue) notices() []stpclaims.Reply {
	q.mu.Lock()
	defer q.mu.Unlock()
	var out []stpclaims.Reply
	for id := int64(1001); id <= q.nextID; id++ {
		out = append(out, q.rows[id].out.Reply)
	}
	return out
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

func (s *countingSender) Deliver(ctx context.Context, key string, r stpclaims.Reply, env Envelope) (Delivery, error) {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return s.Sender.Deliver(ctx, key, r, env)
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
		Finance: []string{"accounts@img.kerala.gov.in"},
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
	const dd = "dd@img.kerala.gov.in"
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
			if row := f.queue.row(id); !row.done || row.lastErr != "" {
				t.Errorf("row %d: done %v, error %q", id, row.done, row.lastErr)
			}
		}
		if row := f.queue.row(3); row.done || row.out.Attempts != 0 {
			t.Errorf("row 3 tried before it was due")
		}
		if c := f.d.Counts(); c != (Counts{Sent: 2}) {
			t.Errorf("Counts = %+v", c)
		}
		if st := f.d.Status(); !st.LastSuccess.Equal(t0) || !st.FailingSince.IsZero() {
			t.Errorf("Status = %+v", st)
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
		records := f.queue.calls()
		if len(records) != 3 {
			t.Fatalf("%d records, want 3", len(records))
		}
		for _, r := range records {
			if !r.o.Next.Equal(t0.Add(time.Minute)) || r.o.Err == "" || len(r.o.Delivered) != 0 || r.o.Park {
				t.Errorf("record %+v, want next %v and the error", r, t0.Add(time.Minute))
			}
		}
		if n := f.sender.count(); n != 1 {
			t.Errorf("tried the unreachable server %d times, want once for the batch", n)
		}
		if st := f.d.Status(); st.FailingSince.IsZero() || st.LastError == "" || st.CertificateError {
			t.Errorf("Status = %+v, want failing", st)
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
			if row := f.queue.row(id); !row.done || row.out.Attempts != 2 {
				t.Errorf("row %d: done %v after %d attempts, want done after 2", id, row.done, row.out.Attempts)
			}
		}
		if st := f.d.Status(); !st.FailingSince.IsZero() || !st.LastSuccess.Equal(t0.Add(time.Minute)) {
			t.Errorf("Status = %+v, want reachable again", st)
		}
	})

	t.Run("SMTP down past GiveUpAfter: waits, never parked", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.sink.Stop()
		f.clock.Add(DefaultGiveUpAfter + time.Hour)
		drainOnce(t, f.d)
		if row := f.queue.row(1); row.parked || row.done {
			t.Errorf("row parked or done while the server was unreachable: %+v", row)
		}
		if n := len(f.queue.notices()); n != 0 {
			t.Errorf("%d notices queued for an unreachable server", n)
		}
	})

	t.Run("451 is retried with growing backoff", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.sink.SetFailing(451)
		drainOnce(t, f.d)
		f.clock.Add(time.Minute)
		drainOnce(t, f.d)
		records := f.queue.calls()
		if len(records) != 2 {
			t.Fatalf("%d records, want 2", len(records))
		}
		if want := t0.Add(time.Minute); !records[0].o.Next.Equal(want) {
			t.Errorf("first retry at %v, want %v", records[0].o.Next, want)
		}
		if want := t0.Add(time.Minute + 2*time.Minute); !records[1].o.Next.Equal(want) {
			t.Errorf("second retry at %v, want %v", records[1].o.Next, want)
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

	t.Run("550 on one Cc: the To gets the reply with a line about it, nothing stuck, finance told", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		r2 := reply(2)
		r2.Cc = nil
		f.queue.add(2, r2, t0)
		f.sink.SetRejecting(dd, 550)
		if sent := drainOnce(t, f.d); sent != 2 {
			t.Errorf("sent = %d, want 2 (a refused Cc holds nothing back)", sent)
		}
		row := f.queue.row(1)
		if !row.done || row.parked || len(row.out.Refused) != 1 || row.out.Refused[0].Addr != dd {
			t.Errorf("row 1 = %+v, want done with %s refused", row, dd)
		}
		msgs := f.sink.Messages()
		if len(msgs) < 2 {
			t.Fatalf("%d messages", len(msgs))
		}
		if !slices.Contains(msgs[0].To, "coord@example.org") || !strings.Contains(msgs[0].Text, "dd@img.kerala.gov.in (copy, Cc): 550") {
			t.Errorf("the To's copy (to %q) lacks the line about the refused address:\n%s", msgs[0].To, msgs[0].Text)
		}
		notices := f.queue.notices()
		if len(notices) != 1 || strings.Join(notices[0].To, ",") != "accounts@img.kerala.gov.in" || len(notices[0].Cc) != 0 {
			t.Fatalf("notices = %+v, want one to finance only (the To's copy said it)", notices)
		}
		if !strings.Contains(notices[0].Body, dd) || !strings.HasPrefix(notices[0].Subject, "Not delivered: ") || notices[0].InReplyTo != reply(1).InReplyTo {
			t.Errorf("notice = %+v", notices[0])
		}
		if c := f.d.Counts(); c.Refused != 1 || c.Parked != 0 || c.Sent != 2 {
			t.Errorf("Counts = %+v", c)
		}
		// The notice itself goes out at the next drain; nothing else.
		if sent := drainOnce(t, f.d); sent != 1 {
			t.Errorf("next drain sent %d, want the notice", sent)
		}
		if !strings.Contains(f.logs.String(), "recipient given up; the others are not held back") {
			t.Errorf("log:\n%s", f.logs)
		}
	})

	t.Run("452 on one Cc: the To gets it; the Cc is given up after GiveUpAfter, and the To told", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.sink.SetRejecting(dd, 452)
		drainOnce(t, f.d)
		row := f.queue.row(1)
		if row.done || strings.Join(row.out.Pending, ",") != dd || !row.next.Equal(t0.Add(time.Minute)) {
			t.Fatalf("row = %+v, want %s pending, retried in a minute", row, dd)
		}
		if strings.Contains(f.sink.Messages()[0].Text, "Not delivered") {
			t.Error("a temporary refusal noted as final")
		}
		f.clock.Add(time.Minute)
		drainOnce(t, f.d)
		if got := f.sink.Messages(); len(got) != 1 {
			t.Fatalf("%d messages: the retry resent to the To", len(got))
		}
		f.clock.Add(DefaultGiveUpAfter)
		drainOnce(t, f.d)
		row = f.queue.row(1)
		if !row.done || row.parked || len(row.out.Refused) != 1 {
			t.Fatalf("row = %+v, want done, %s given up", row, dd)
		}
		notices := f.queue.notices()
		if len(notices) != 1 || strings.Join(notices[0].To, ",") != "Coordinator <coord@example.org>" ||
			strings.Join(notices[0].Cc, ",") != "accounts@img.kerala.gov.in" {
			t.Fatalf("notices = %+v, want one to the To, copied to finance", notices)
		}
	})

	t.Run("550 on the To: retried hourly, parked after GiveUpAfter, finance told", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.sink.SetRejecting("coord@example.org", 550)
		drainOnce(t, f.d)
		row := f.queue.row(1)
		if row.done || row.parked || !row.next.Equal(t0.Add(MaxBackoff)) || strings.Join(row.out.Pending, ",") != "Coordinator <coord@example.org>" {
			t.Fatalf("row = %+v, want the To pending, retried in an hour", row)
		}
		if msgs := f.sink.Messages(); len(msgs) != 1 || !strings.Contains(msgs[0].Text, "coord@example.org> (To): 550") {
			t.Errorf("the copies did not get the reply saying the To was refused: %+v", msgs)
		}
		if !bytes.Contains(f.logs.Bytes(), []byte("level=ERROR")) {
			t.Errorf("main recipient refused for good not logged at error level:\n%s", f.logs)
		}
		f.clock.Add(DefaultGiveUpAfter)
		drainOnce(t, f.d)
		row = f.queue.row(1)
		if !row.parked {
			t.Fatalf("row = %+v, want parked", row)
		}
		notices := f.queue.notices()
		if len(notices) != 1 || strings.Join(notices[0].To, ",") != "accounts@img.kerala.gov.in" ||
			!strings.Contains(notices[0].Body, "stpclaims outbox send-to 1 ADDRESS") {
			t.Fatalf("notices = %+v, want the parked notice to finance", notices)
		}
		if c := f.d.Counts(); c.Parked != 1 {
			t.Errorf("Counts = %+v", c)
		}
		if sent := drainOnce(t, f.d); sent != 1 || f.queue.row(1).out.Attempts != 2 {
			t.Errorf("a parked reply was tried again (or the notice not sent): sent %d", sent)
		}
	})

	t.Run("a notice refused begets no notice", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.queue.rows[1].out.Notice = true
		f.sink.SetRejecting(dd, 550)
		drainOnce(t, f.d)
		if n := len(f.queue.notices()); n != 0 {
			t.Errorf("%d notices about a notice", n)
		}
	})

	t.Run("550 on MAIL FROM defers the whole batch", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(1, reply(1), t0)
		f.queue.add(2, reply(2), t0)
		f.sink.SetFailing(550)
		drainOnce(t, f.d)
		records := f.queue.calls()
		if len(records) != 2 {
			t.Fatalf("%d records, want 2", len(records))
		}
		for _, r := range records {
			if want := t0.Add(MaxBackoff); !r.o.Next.Equal(want) {
				t.Errorf("row %d retried at %v, want %v", r.id, r.o.Next, want)
			}
		}
		if n := f.sender.count(); n != 1 {
			t.Errorf("tried %d sends, want 1 (our sender is refused for every reply)", n)
		}
	})

	t.Run("crash between send and Record resends with the same Message-ID", func(t *testing.T) {
		f := newFixture(t)
		f.queue.add(7, reply(7), t0)
		f.queue.failRecord = 1
		if _, err := f.d.DrainOnce(context.Background()); err == nil {
			t.Fatal("DrainOnce hid the Record failure")
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
		if records := f.queue.calls(); len(records) != 0 {
			t.Errorf("rows recorded after cancel: %+v", records)
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

func (s *blockingSender) Deliver(ctx context.Context, key string, r stpclaims.Reply, env Envelope) (Delivery, error) {
	s.started <- struct{}{}
	<-s.release
	return Delivery{Accepted: env.Rcpts}, nil
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

func TestDrainer_DrainOnce_certificate(t *testing.T) {
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())
	m := newMailer(t, Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityStartTLS, Timeout: 10 * time.Second})
	q := newMemQueue()
	q.add(1, reply(1), t0)
	var logs bytes.Buffer
	d := &Drainer{Queue: q, Sender: m, Log: slog.New(slog.NewTextHandler(&lockedWriter{w: &logs}, nil)), Now: func() time.Time { return t0 }}
	if sent := drainOnce(t, d); sent != 0 {
		t.Fatalf("sent %d past an untrusted certificate", sent)
	}
	if c := d.Counts(); c.CertFailures != 1 || c.Failed != 1 {
		t.Errorf("Counts = %+v", c)
	}
	if st := d.Status(); !st.CertificateError || !st.FailingSince.Equal(t0) {
		t.Errorf("Status = %+v", st)
	}
	if !strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "set ca_file") {
		t.Errorf("log:\n%s", logs.String())
	}
	if row := q.row(1); row.done || row.parked {
		t.Errorf("row %+v: a certificate failure is the server's trouble, the reply waits", row)
	}
}
