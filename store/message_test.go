package store

import (
	"errors"
	"testing"

	"stpclaims"
)

// poison makes the next insert of a submission named file fail inside its
// transaction, as a full disk or a constraint would.
func poison(t *testing.T, s *Store, file string) {
	t.Helper()
	if _, err := s.write.ExecContext(t.Context(), `CREATE TEMP TRIGGER poison BEFORE INSERT ON submissions
		WHEN NEW.file = '`+file+`' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`); err != nil {
		t.Fatal(err)
	}
}

func counts(t *testing.T, s *Store) (subs, outbox, findings int) {
	t.Helper()
	for _, q := range []struct {
		sql string
		n   *int
	}{{"SELECT count(*) FROM submissions", &subs}, {"SELECT count(*) FROM outbox", &outbox},
		{"SELECT count(*) FROM findings", &findings}} {
		if err := s.read.QueryRowContext(t.Context(), q.sql).Scan(q.n); err != nil {
			t.Fatal(err)
		}
	}
	return
}

func TestStore_EnterMessage(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	key := MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 5, UID: 9}
	part := func(data, msgID string, k MailKey) Entry {
		e := claim{data: data, sender: "c@x.in", code: "IMG/" + data}.entry()
		e.Submission.MessageID = msgID
		e.MailKey = &k
		e.Report.Findings = []stpclaims.Finding{{Rule: "R", Severity: stpclaims.SeverityInfo, Message: "m"}}
		return e
	}
	reply := &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re: two claims", InReplyTo: "<two@x.in>"}

	t.Run("all parts and one reply", func(t *testing.T) {
		if err := s.EnterMessage(ctx, []Entry{part("m1", "<two@x.in>", key), part("m2", "<two@x.in>", key)}, reply); err != nil {
			t.Fatalf("EnterMessage: %v", err)
		}
		if subs, out, fs := counts(t, s); subs != 2 || out != 1 || fs != 2 {
			t.Errorf("submissions, outbox, findings = %d, %d, %d; want 2, 1, 2", subs, out, fs)
		}
		if ok, err := s.MessageEntered(ctx, "<two@x.in>", key); err != nil || !ok {
			t.Errorf("MessageEntered = %v, %v; want true", ok, err)
		}
		var sub int64
		if err := s.read.QueryRowContext(ctx, `SELECT submission_id FROM outbox`).Scan(&sub); err != nil {
			t.Fatal(err)
		}
		if p, _, _ := s.Entered(ctx, shaOf([]byte("m1"))); p.ID != sub {
			t.Errorf("reply tied to submission %d, want the first part %d", sub, p.ID)
		}
	})
	t.Run("the same message again after UIDVALIDITY change: nothing, no second reply", func(t *testing.T) {
		k := key
		k.UIDValidity = 6
		if err := s.EnterMessage(ctx, []Entry{part("m1", "<two@x.in>", k), part("m2", "<two@x.in>", k)}, reply); err != nil {
			t.Fatalf("EnterMessage: %v", err)
		}
		if subs, out, _ := counts(t, s); subs != 2 || out != 1 {
			t.Errorf("submissions, outbox = %d, %d; want 2, 1", subs, out)
		}
	})
	t.Run("a new message carrying bytes entered before is answered", func(t *testing.T) {
		k := key
		k.UID = 10
		if err := s.EnterMessage(ctx, []Entry{part("m1", "<resent@x.in>", k)}, reply); err != nil {
			t.Fatalf("EnterMessage: %v", err)
		}
		if subs, out, _ := counts(t, s); subs != 2 || out != 2 {
			t.Errorf("submissions, outbox = %d, %d; want 2, 2", subs, out)
		}
		if ok, err := s.MessageEntered(ctx, "<resent@x.in>", k); err != nil || !ok {
			t.Errorf("MessageEntered = %v, %v; want true", ok, err)
		}
	})
	t.Run("bad batches write nothing", func(t *testing.T) {
		k := key
		k.UID = 11
		for name, entries := range map[string][]Entry{
			"none":           nil,
			"two messages":   {part("x1", "<a@x.in>", k), part("x2", "<b@x.in>", k)},
			"bad second one": {part("x1", "<a@x.in>", k), func() Entry { e := part("x2", "<a@x.in>", k); e.Report.Status = ""; return e }()},
		} {
			if err := s.EnterMessage(ctx, entries, reply); !errors.Is(err, ErrBadEntry) {
				t.Errorf("%s: EnterMessage = %v, want ErrBadEntry", name, err)
			}
		}
		if subs, out, _ := counts(t, s); subs != 2 || out != 2 {
			t.Errorf("submissions, outbox = %d, %d; want 2, 2", subs, out)
		}
	})
	t.Run("a failure in the last part undoes the first", func(t *testing.T) {
		k := key
		k.UID = 12
		poison(t, s, "p2.xlsx")
		defer s.write.ExecContext(ctx, `DROP TRIGGER temp.poison`)
		if err := s.EnterMessage(ctx, []Entry{part("p1", "<p@x.in>", k), part("p2", "<p@x.in>", k)}, reply); err == nil {
			t.Fatal("EnterMessage with a failing part succeeded")
		}
		if subs, out, fs := counts(t, s); subs != 2 || out != 2 || fs != 2 {
			t.Errorf("submissions, outbox, findings = %d, %d, %d; want 2, 2, 2 (nothing of the message)", subs, out, fs)
		}
		if ok, _ := s.MessageEntered(ctx, "<p@x.in>", k); ok {
			t.Error("MessageEntered after a failed EnterMessage")
		}
	})
}

func TestStore_Enter_atomic(t *testing.T) {
	s, _ := openTemp(t)
	// The reply is written last: failing it must undo the submission and
	// its findings.
	if _, err := s.write.ExecContext(t.Context(), `CREATE TEMP TRIGGER poison_reply BEFORE INSERT ON outbox
		WHEN NEW.subject = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned'); END`); err != nil {
		t.Fatal(err)
	}
	e := claim{data: "bad", sender: "c@x.in", code: "P"}.entry()
	e.Report.Findings = []stpclaims.Finding{{Rule: "R", Severity: stpclaims.SeverityError, Message: "m"}}
	e.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "poison"}
	if _, _, err := s.Enter(t.Context(), e); err == nil {
		t.Fatal("Enter with a failing reply succeeded")
	}
	if subs, out, fs := counts(t, s); subs != 0 || out != 0 || fs != 0 {
		t.Errorf("submissions, outbox, findings = %d, %d, %d; want none", subs, out, fs)
	}
	if _, ok, _ := s.Entered(t.Context(), e.Submission.SHA256); ok {
		t.Error("Entered after a failed Enter")
	}
	e.Reply.Subject = "Re"
	if _, already, err := s.Enter(t.Context(), e); err != nil || already {
		t.Errorf("Enter after the failure = %v, %v; want a fresh entry", already, err)
	}
}
