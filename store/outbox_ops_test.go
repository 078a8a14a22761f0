package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"stpclaims"
)

// queueTestReply queues a reply to coord with two copies, due at t0.
func queueTestReply(t *testing.T, s *Store, subject string, at time.Time) int64 {
	t.Helper()
	id, err := s.QueueReply(t.Context(), stpclaims.Reply{
		To: []string{"Coordinator <coord@x.in>"}, Cc: []string{"fac@img.in", "nosuch@img.in"},
		Subject: subject, InReplyTo: "<m@x.in>", Body: "body",
	}, at)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func dueOne(t *testing.T, s *Store, id int64, now time.Time) (Outgoing, bool) {
	t.Helper()
	out, err := s.DueReplies(t.Context(), now, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.ID == id {
			return o, true
		}
	}
	return Outgoing{}, false
}

func entry(t *testing.T, s *Store, id int64) OutboxEntry {
	t.Helper()
	all, err := s.ListOutbox(t.Context(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range all {
		if e.ID == id {
			return e
		}
	}
	t.Fatalf("reply %d not listed", id)
	return OutboxEntry{}
}

func states(e OutboxEntry) string {
	var l []string
	for _, r := range e.Recipients {
		l = append(l, r.Role+":"+r.Addr+"="+r.State)
	}
	return strings.Join(l, " ")
}

func actions(e OutboxEntry) string {
	var l []string
	for _, g := range e.Log {
		l = append(l, g.Action+"/"+g.Actor)
	}
	return strings.Join(l, " ")
}

func TestStore_RecordAttempt(t *testing.T) {
	ctx := t.Context()
	const coord = "Coordinator <coord@x.in>"

	t.Run("a refused copy: the others sent, the reply done, the notice queued", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "Re: one", t0)
		o, ok := dueOne(t, s, id, t0)
		if !ok || !slices.Equal(o.Pending, []string{coord, "fac@img.in", "nosuch@img.in"}) || !o.Queued.Equal(t0) || o.Notice {
			t.Fatalf("due = %+v", o)
		}
		err := s.RecordAttempt(ctx, id, Attempt{At: t0.Add(time.Second),
			Delivered: []string{coord, "fac@img.in"},
			Refused:   []Refusal{{Addr: "nosuch@img.in", Code: 550, Detail: "5.1.1 no such user"}},
			Err:       "nosuch@img.in: 550 5.1.1 no such user",
			Notices:   []stpclaims.Reply{{To: []string{"accounts@img.in"}, Subject: "Not delivered: Re: one", Body: "n"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		e := entry(t, s, id)
		if e.State != ReplySent || states(e) != "to:"+coord+"=sent cc:fac@img.in=sent cc:nosuch@img.in=refused" ||
			actions(e) != "refused/stpclaims" || e.Attempts != 1 || e.Recipients[2].Code != 550 {
			t.Errorf("entry = %+v (%s; %s)", e, states(e), actions(e))
		}
		due, err := s.DueReplies(ctx, t0.Add(time.Minute), 10)
		if err != nil || len(due) != 1 || !due[0].Notice || due[0].Reply.Subject != "Not delivered: Re: one" {
			t.Fatalf("due = %+v, %v; want only the notice", due, err)
		}
		if err := s.RecordAttempt(ctx, id, Attempt{At: t0, Delivered: []string{coord}}); !errors.Is(err, ErrAlreadySent) {
			t.Errorf("RecordAttempt on a sent reply = %v", err)
		}
	})

	t.Run("pending recipients: due again at Next with only them", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "Re: two", t0)
		if err := s.RecordAttempt(ctx, id, Attempt{At: t0, Delivered: []string{coord},
			Refused: []Refusal{{Addr: "nosuch@img.in", Code: 550, Detail: "no"}},
			Err:     "fac@img.in: 451 later", Next: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if _, ok := dueOne(t, s, id, t0.Add(30*time.Second)); ok {
			t.Error("due before Next")
		}
		o, ok := dueOne(t, s, id, t0.Add(time.Minute))
		if !ok || !slices.Equal(o.Pending, []string{"fac@img.in"}) || len(o.Refused) != 1 || o.Refused[0] != (Refusal{"nosuch@img.in", 550, "no"}) || o.Attempts != 1 {
			t.Errorf("due = %+v", o)
		}
		if st, err := s.OutboxStats(ctx); err != nil || st.Queued != 1 || !st.OldestUndelivered.IsZero() {
			t.Errorf("OutboxStats = %+v, %v (the To has it: nothing undelivered)", st, err)
		}
	})

	t.Run("parked: not due, counted, logged; nobody reached and nobody left parks too", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "Re: three", t0)
		if err := s.RecordAttempt(ctx, id, Attempt{At: t0.Add(72 * time.Hour), Delivered: []string{"fac@img.in"},
			Refused: []Refusal{{Addr: "nosuch@img.in", Code: 550}}, Err: "coord: 550 gone", Park: true}); err != nil {
			t.Fatal(err)
		}
		if _, ok := dueOne(t, s, id, t0.Add(100*time.Hour)); ok {
			t.Error("a parked reply is due")
		}
		e := entry(t, s, id)
		if e.State != ReplyParked || actions(e) != "refused/stpclaims parked/stpclaims" || e.LastError != "coord: 550 gone" {
			t.Errorf("entry = %+v (%s)", e, actions(e))
		}
		if st, err := s.OutboxStats(ctx); err != nil || st.Parked != 1 || st.Queued != 0 {
			t.Errorf("OutboxStats = %+v, %v", st, err)
		}
		if n, err := s.OutboxDepth(ctx); err != nil || n != 0 {
			t.Errorf("OutboxDepth = %d, %v", n, err)
		}

		id2, err := s.QueueReply(ctx, stpclaims.Reply{To: []string{"bad address"}, Subject: "x", Body: "b"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RecordAttempt(ctx, id2, Attempt{At: t0, Refused: []Refusal{{Addr: "bad address", Detail: "not an e-mail address"}}, Err: "x"}); err != nil {
			t.Fatal(err)
		}
		if e := entry(t, s, id2); e.State != ReplyParked {
			t.Errorf("a reply that reached nobody and has nobody left is %s, want parked", e.State)
		}
	})

	t.Run("oldest undelivered counts only replies whose To is pending", func(t *testing.T) {
		s, _ := openTemp(t)
		a := queueTestReply(t, s, "a", t0)
		queueTestReply(t, s, "b", t0.Add(time.Hour))
		if st, _ := s.OutboxStats(ctx); !st.OldestUndelivered.Equal(t0) || st.Queued != 2 {
			t.Errorf("OutboxStats = %+v", st)
		}
		if err := s.RecordAttempt(ctx, a, Attempt{At: t0, Delivered: []string{coord}, Err: "cc later", Next: t0.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		if st, _ := s.OutboxStats(ctx); !st.OldestUndelivered.Equal(t0.Add(time.Hour)) {
			t.Errorf("OldestUndelivered = %v, want the second reply's", st.OldestUndelivered)
		}
	})
}

func TestStore_outboxOperations(t *testing.T) {
	ctx := t.Context()
	const coord = "Coordinator <coord@x.in>"
	park := func(t *testing.T, s *Store, id int64) {
		t.Helper()
		if err := s.RecordAttempt(ctx, id, Attempt{At: t0, Delivered: []string{"fac@img.in"},
			Refused: []Refusal{{Addr: "nosuch@img.in", Code: 550}}, Err: "550", Park: true}); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("retry: a parked reply due again, refused recipients pending, logged", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "r", t0)
		park(t, s, id)
		at := t0.Add(80 * time.Hour)
		if err := s.RetryReply(ctx, id, "clerk", at); err != nil {
			t.Fatal(err)
		}
		o, ok := dueOne(t, s, id, at)
		if !ok || !slices.Equal(o.Pending, []string{coord, "nosuch@img.in"}) || len(o.Refused) != 0 {
			t.Errorf("due = %+v, %v", o, ok)
		}
		e := entry(t, s, id)
		if e.State != ReplyQueued || actions(e) != "refused/stpclaims parked/stpclaims retry/clerk" ||
			!strings.Contains(e.Log[2].Detail, "was parked") {
			t.Errorf("entry = %+v (%s)", e, actions(e))
		}
	})

	t.Run("send-to: the undelivered main recipient replaced, in the headers too", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "s", t0)
		park(t, s, id)
		if err := s.RedirectReply(ctx, id, "coord.new@x.in", "clerk", t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		o, ok := dueOne(t, s, id, t0.Add(time.Hour))
		if !ok || !slices.Equal(o.Pending, []string{"coord.new@x.in"}) ||
			!slices.Equal(o.Reply.To, []string{"coord.new@x.in"}) || !slices.Equal(o.Reply.Cc, []string{"fac@img.in"}) {
			t.Errorf("due = %+v", o)
		}
		e := entry(t, s, id)
		if actions(e) != "refused/stpclaims parked/stpclaims send-to/clerk" || e.Log[2].Detail != coord+", nosuch@img.in → coord.new@x.in" {
			t.Errorf("log = %+v", e.Log)
		}
		if !strings.Contains(states(e), "to:"+coord+"=replaced") || !strings.Contains(states(e), "to:coord.new@x.in=pending") {
			t.Errorf("recipients %s", states(e))
		}
	})

	t.Run("send-to when only a copy is undelivered: the copy replaced", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "c", t0)
		if err := s.RecordAttempt(ctx, id, Attempt{At: t0, Delivered: []string{coord, "fac@img.in"}, Err: "451", Next: t0.Add(time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if err := s.RedirectReply(ctx, id, "fac2@img.in", "clerk", t0); err != nil {
			t.Fatal(err)
		}
		o, _ := dueOne(t, s, id, t0)
		if !slices.Equal(o.Reply.To, []string{coord}) || !slices.Equal(o.Reply.Cc, []string{"fac@img.in", "fac2@img.in"}) || !slices.Equal(o.Pending, []string{"fac2@img.in"}) {
			t.Errorf("due = %+v", o)
		}
	})

	t.Run("drop: kept, not due, not listed by default; twice or on a sent reply refused", func(t *testing.T) {
		s, _ := openTemp(t)
		id := queueTestReply(t, s, "d", t0)
		if err := s.DropReply(ctx, id, "clerk", "sent by hand", t0); err != nil {
			t.Fatal(err)
		}
		if _, ok := dueOne(t, s, id, t0); ok {
			t.Error("a dropped reply is due")
		}
		if l, err := s.ListOutbox(ctx, false); err != nil || len(l) != 0 {
			t.Errorf("ListOutbox = %+v, %v", l, err)
		}
		if e := entry(t, s, id); e.State != ReplyDropped || e.Log[0].Detail != "sent by hand" || e.Log[0].Actor != "clerk" {
			t.Errorf("entry = %+v", e)
		}
		if err := s.DropReply(ctx, id, "clerk", "", t0); !errors.Is(err, ErrOutboxState) {
			t.Errorf("drop twice = %v", err)
		}
		sent := queueTestReply(t, s, "e", t0)
		if err := s.MarkSent(ctx, sent, t0); err != nil {
			t.Fatal(err)
		}
		for name, err := range map[string]error{
			"drop":    s.DropReply(ctx, sent, "clerk", "", t0),
			"retry":   s.RetryReply(ctx, sent, "clerk", t0),
			"send-to": s.RedirectReply(ctx, sent, "a@b.in", "clerk", t0),
		} {
			if !errors.Is(err, ErrOutboxState) {
				t.Errorf("%s on a sent reply = %v, want ErrOutboxState", name, err)
			}
		}
		if err := s.RetryReply(ctx, 999, "clerk", t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("retry unknown = %v", err)
		}
		if err := s.RetryReply(ctx, id, " ", t0); !errors.Is(err, ErrBadEntry) {
			t.Errorf("retry without an actor = %v", err)
		}
	})
}

func TestMigrate_0004outboxRecipients(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "old.db")+"?_txlock=immediate&_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	upTo := func(n int) fs.FS {
		m := fstest.MapFS{}
		ms, err := migrations(migrationFiles)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ms[:n] {
			m["migrations/"+s.name] = &fstest.MapFile{Data: []byte(s.sql)}
		}
		return m
	}
	if err := migrate(ctx, db, upTo(3)); err != nil {
		t.Fatal(err)
	}
	for _, row := range []string{
		`(1, '["a@x.in"]', '["c@x.in","d@x.in"]', 'queued')`,
		`(2, '["b@x.in"]', '[]', 'sent')`,
	} {
		if _, err := db.Exec(`INSERT INTO outbox (id, to_addrs, cc_addrs, state, subject, refs, body, next_attempt, queued)
			VALUES ` + strings.TrimSuffix(row, ")") + `, 's', '[]', 'b', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`); err != nil {
			t.Fatal(err)
		}
	}
	if err := migrate(ctx, db, migrationFiles); err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT outbox_id, seq, addr, role, state FROM outbox_recipients ORDER BY outbox_id, seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var id, seq int
		var addr, role, state string
		if err := rows.Scan(&id, &seq, &addr, &role, &state); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d/%d %s %s %s", id, seq, addr, role, state))
	}
	want := []string{"1/0 a@x.in to pending", "1/1 c@x.in cc pending", "1/2 d@x.in cc pending", "2/0 b@x.in to sent"}
	if !slices.Equal(got, want) {
		t.Errorf("recipients after the migration:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestStore_CheckWritable(t *testing.T) {
	s, _ := openTemp(t)
	if err := s.CheckWritable(t.Context(), t0); err != nil {
		t.Errorf("CheckWritable: %v", err)
	}
	if err := s.CheckWritable(t.Context(), t0.Add(time.Second)); err != nil {
		t.Errorf("CheckWritable again: %v", err)
	}
	s.Close()
	if err := s.CheckWritable(t.Context(), t0); err == nil {
		t.Error("CheckWritable on a closed store succeeded")
	}
}

// TestStore_Backup takes a backup while 200 claims are being entered: the
// copy opens, is whole, and holds every claim entered before the backup
// began (and only a prefix of them all: nothing half-written).
func TestStore_Backup(t *testing.T) {
	ctx := t.Context()
	s, path := openTemp(t)
	const claims = 200
	var mu sync.Mutex
	var entered []string // sha256s whose Enter returned
	started := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		for i := range claims {
			e := claim{data: fmt.Sprintf("flow-%03d", i), sender: fmt.Sprintf("c%d@x.in", i), code: fmt.Sprintf("IMG/%d", i)}.entry()
			e.Reply = &stpclaims.Reply{To: []string{e.Submission.Sender}, Subject: "Re", Body: "b"}
			if _, _, err := s.Enter(context.Background(), e); err != nil {
				done <- err
				return
			}
			mu.Lock()
			entered = append(entered, e.Submission.SHA256)
			mu.Unlock()
			if i == claims/2 {
				close(started)
			}
		}
		done <- nil
	}()
	<-started
	mu.Lock()
	before := slices.Clone(entered)
	mu.Unlock()
	dst := filepath.Join(t.TempDir(), "backup.db")
	info, err := s.Backup(ctx, dst)
	if err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := <-done; err != nil {
		t.Fatalf("Enter: %v", err)
	}
	b, err := Open(ctx, dst)
	if err != nil {
		t.Fatalf("Open(backup): %v", err)
	}
	defer b.Close()
	for _, sha := range before {
		if _, ok, err := b.Entered(ctx, sha); err != nil || !ok {
			t.Errorf("claim %s entered before the backup is not in it (%v)", sha[:8], err)
		}
	}
	var n, maxID int
	if err := b.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(id), 0) FROM submissions`).Scan(&n, &maxID); err != nil {
		t.Fatal(err)
	}
	if n != maxID || n < len(before) || n != info.Submissions {
		t.Errorf("backup holds %d claims, highest id %d, info %+v; want a prefix of at least %d", n, maxID, info, len(before))
	}
	var replies int
	if err := b.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox`).Scan(&replies); err != nil || replies != n {
		t.Errorf("backup holds %d replies for %d claims (%v): a claim without its reply", replies, n, err)
	}
	if v, _ := b.SchemaVersion(ctx); v != info.Schema || v != schemaVersion(t) {
		t.Errorf("schema %d, info %d", v, info.Schema)
	}

	t.Run("over an older backup", func(t *testing.T) {
		again, err := s.Backup(ctx, dst)
		if err != nil || again.Submissions != claims {
			t.Errorf("Backup again = %+v, %v; want all %d", again, err, claims)
		}
	})
	t.Run("onto the store itself", func(t *testing.T) {
		if _, err := s.Backup(ctx, path); !errors.Is(err, ErrBadPath) {
			t.Errorf("Backup onto the store = %v, want ErrBadPath", err)
		}
	})
	t.Run("into a missing directory", func(t *testing.T) {
		if _, err := s.Backup(ctx, filepath.Join(t.TempDir(), "no", "b.db")); err == nil {
			t.Error("Backup into a missing directory succeeded")
		}
	})
}

// TestStore_Submissions_reply: each submission shows the state of the reply
// queued with it, parked included (the ledger's Sources shows it).
func TestStore_Submissions_reply(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	withReply := claim{data: "with-reply", sender: "c@x.in", code: "IMG/1"}.entry()
	withReply.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re", Body: "b"}
	id := mustEnter(t, s, withReply)
	mustEnter(t, s, claim{data: "no-reply", sender: "c@x.in", code: "IMG/2"}.entry())
	reply := func() map[int64]string {
		rows, err := s.Submissions(ctx, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[int64]string{}
		for _, r := range rows {
			out[r.ID] = r.Reply
		}
		return out
	}
	if got := reply(); got[id] != ReplyQueued || got[id+1] != "" {
		t.Errorf("replies %v, want queued and none", got)
	}
	due, err := s.DueReplies(ctx, t0.Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due %v, %v", due, err)
	}
	if err := s.RecordAttempt(ctx, due[0].ID, Attempt{At: t0, Err: "550", Park: true}); err != nil {
		t.Fatal(err)
	}
	if got := reply(); got[id] != ReplyParked {
		t.Errorf("reply %q, want parked", got[id])
	}
}
