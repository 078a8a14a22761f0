package store

import (
	"errors"
	"slices"
	"testing"
	"time"

	"stpclaims"
)

func TestStore_Outbox(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)

	reply := stpclaims.Reply{
		To: []string{"coord@x.in"}, Cc: []string{"facilitator@img.in"},
		Subject: "Re: Annexure II IMG/1", InReplyTo: "<m1@x.in>", References: []string{"<m0@x.in>", "<m1@x.in>"},
		Body: "Your claim is returned.\nSee the Findings sheet.",
		Attachments: []stpclaims.Attachment{
			{Name: "claim-checked.xlsx", ContentType: stpclaims.ContentTypeXLSX, Data: []byte{0x50, 0x4b, 0, 0xff}},
			{Name: "claim.json", ContentType: "application/json", Data: []byte(`{"status":"returned"}`)},
		},
	}
	e := claim{data: "with-reply", sender: "coord@x.in", code: "IMG/1"}.entry()
	e.Reply = &reply
	mustEnter(t, s, e) // due at Processed = t0+1m

	notice := stpclaims.Reply{To: []string{"stranger@y.in"}, Subject: "Not accepted", Body: "Quarantined."}
	noticeID, err := s.QueueReply(ctx, notice, t0.Add(10*time.Minute))
	if err != nil {
		t.Fatalf("QueueReply: %v", err)
	}

	due := func(t *testing.T, now time.Time) []Outgoing {
		t.Helper()
		out, err := s.DueReplies(ctx, now, 10)
		if err != nil {
			t.Fatalf("DueReplies: %v", err)
		}
		return out
	}
	ids := func(out []Outgoing) []int64 {
		var l []int64
		for _, o := range out {
			l = append(l, o.ID)
		}
		return l
	}
	depth := func(t *testing.T, want int) {
		t.Helper()
		if n, err := s.OutboxDepth(ctx); err != nil || n != want {
			t.Errorf("OutboxDepth = %d, %v; want %d", n, err, want)
		}
	}

	var replyID int64
	t.Run("queued replies due in order, with everything", func(t *testing.T) {
		if out := due(t, t0); len(out) != 0 {
			t.Errorf("due before any is due: %v", ids(out))
		}
		out := due(t, t0.Add(time.Hour))
		if len(out) != 2 || out[1].ID != noticeID {
			t.Fatalf("due = %v, want the reply then notice %d", ids(out), noticeID)
		}
		replyID = out[0].ID
		got := out[0]
		if got.Attempts != 0 || !got.NextAttempt.Equal(t0.Add(time.Minute)) {
			t.Errorf("attempts, next = %d, %v", got.Attempts, got.NextAttempt)
		}
		r := got.Reply
		if !slices.Equal(r.To, reply.To) || !slices.Equal(r.Cc, reply.Cc) || r.Subject != reply.Subject ||
			r.InReplyTo != reply.InReplyTo || !slices.Equal(r.References, reply.References) || r.Body != reply.Body {
			t.Errorf("reply = %+v, want %+v", r, reply)
		}
		if len(r.Attachments) != 2 {
			t.Fatalf("attachments = %d, want 2", len(r.Attachments))
		}
		for i, a := range r.Attachments {
			w := reply.Attachments[i]
			if a.Name != w.Name || a.ContentType != w.ContentType || string(a.Data) != string(w.Data) {
				t.Errorf("attachment %d = %+v, want %+v", i, a, w)
			}
		}
		if n := out[1].Reply; n.Cc != nil || n.References != nil || n.Attachments != nil {
			t.Errorf("notice has lists it was not given: %+v", n)
		}
		if out := due(t, t0.Add(5*time.Minute)); !slices.Equal(ids(out), []int64{replyID}) {
			t.Errorf("due at +5m = %v, want only %d", ids(out), replyID)
		}
		if out, err := s.DueReplies(ctx, t0.Add(time.Hour), 1); err != nil || len(out) != 1 {
			t.Errorf("DueReplies limit 1 = %d, %v", len(out), err)
		}
		depth(t, 2)
	})

	t.Run("retry is not due before its next attempt", func(t *testing.T) {
		next := t0.Add(2 * time.Hour)
		if err := s.MarkRetry(ctx, replyID, "451 try later", next); err != nil {
			t.Fatalf("MarkRetry: %v", err)
		}
		if out := due(t, next.Add(-time.Nanosecond)); !slices.Equal(ids(out), []int64{noticeID}) {
			t.Errorf("due just before retry = %v, want only %d", ids(out), noticeID)
		}
		out := due(t, next)
		if !slices.Equal(ids(out), []int64{noticeID, replyID}) {
			t.Fatalf("due at retry = %v", ids(out))
		}
		if out[1].Attempts != 1 || !out[1].NextAttempt.Equal(next) {
			t.Errorf("after retry: attempts %d next %v", out[1].Attempts, out[1].NextAttempt)
		}
		depth(t, 2)
	})

	t.Run("sent is not due again", func(t *testing.T) {
		if err := s.MarkSent(ctx, replyID, t0.Add(3*time.Hour)); err != nil {
			t.Fatalf("MarkSent: %v", err)
		}
		if out := due(t, t0.Add(24*time.Hour)); !slices.Equal(ids(out), []int64{noticeID}) {
			t.Errorf("due after sent = %v, want only %d", ids(out), noticeID)
		}
		depth(t, 1)
		if err := s.MarkSent(ctx, replyID, t0.Add(4*time.Hour)); err != nil {
			t.Errorf("MarkSent again: %v, want nil", err)
		}
		if err := s.MarkRetry(ctx, replyID, "late failure", t0); !errors.Is(err, ErrAlreadySent) {
			t.Errorf("MarkRetry on sent = %v, want ErrAlreadySent", err)
		}
		depth(t, 1)
	})

	t.Run("unknown ids", func(t *testing.T) {
		if err := s.MarkSent(ctx, 9999, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkSent(unknown) = %v, want ErrNotFound", err)
		}
		if err := s.MarkRetry(ctx, 9999, "x", t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("MarkRetry(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestStore_MailboxState(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	check := func(t *testing.T, account, mailbox string, wantV, wantU uint32) {
		t.Helper()
		v, u, err := s.MailboxState(ctx, account, mailbox)
		if err != nil || v != wantV || u != wantU {
			t.Errorf("MailboxState(%s, %s) = %d, %d, %v; want %d, %d", account, mailbox, v, u, err, wantV, wantU)
		}
	}
	check(t, "claims", "INBOX", 0, 0)
	steps := []struct {
		account, mailbox string
		v, u             uint32
	}{
		{"claims", "INBOX", 1700000000, 12},
		{"claims", "INBOX", 1700000000, 15},
		{"claims", "INBOX", 4294967295, 4294967295}, // the largest uint32 survives
		{"claims", "Archive", 5, 1},
	}
	for _, st := range steps {
		if err := s.SetMailboxState(ctx, st.account, st.mailbox, st.v, st.u); err != nil {
			t.Fatalf("SetMailboxState: %v", err)
		}
		check(t, st.account, st.mailbox, st.v, st.u)
	}
	check(t, "claims", "INBOX", 4294967295, 4294967295)
	check(t, "other", "INBOX", 0, 0)
}
