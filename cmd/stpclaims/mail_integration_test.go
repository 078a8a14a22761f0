//go:build integration

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/mailbox"
	"stpclaims/internal/dovecottest"
	"stpclaims/internal/smtptest"
	"stpclaims/store"
)

// statusSays is what the reply body says for each status (output's plain
// words), so the test can tell the body names the status it was given.
var statusSays = map[stpclaims.Status]string{
	stpclaims.StatusClean:    "In order",
	stpclaims.StatusReview:   "Needs a facilitator's decision",
	stpclaims.StatusReturned: "Returned",
}

// TestServe_mail is the daemon's mail path end to end: a real Dovecot as the
// mailbox, the in-process sink as the SMTP server, `serve` in this process.
// The subtests run in parallel: each has its own Dovecot, sink, store and
// daemon.
func TestServe_mail(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(workbook)
	wantSHA := hex.EncodeToString(sum[:])

	t.Run("a claim from an allowed sender is answered, moved to Processed and entered once", func(t *testing.T) {
		t.Parallel()
		dc := dovecottest.Start(t)
		sink := smtptest.Start(t, smtptest.WithSTARTTLS())
		dir := t.TempDir()
		db := filepath.Join(dir, "stpclaims.db")
		startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s"))

		const msgID = "<claim-1@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, msgID, "annexure2.xlsx", workbook))

		got := sink.Wait(t, 1, 60*time.Second)
		reply := got[0]
		if reply.ParseErr != nil {
			t.Fatalf("the reply does not parse: %v", reply.ParseErr)
		}
		// The sender first; the facilitator the form names is copied.
		if len(reply.To) == 0 || !strings.EqualFold(reply.To[0], allowedSender) {
			t.Errorf("envelope recipients %v, want the sender %s first", reply.To, allowedSender)
		}
		if to := reply.Header.Get("To"); !strings.Contains(to, allowedSender) || strings.Contains(to, ",") {
			t.Errorf("To: %q, want the sender %s alone", to, allowedSender)
		}
		if !reply.TLS {
			t.Error("the reply was sent without STARTTLS")
		}
		if irt := reply.Header.Get("In-Reply-To"); irt != msgID {
			t.Errorf("In-Reply-To: %q, want %q", irt, msgID)
		}
		if refs := reply.Header.Get("References"); !strings.Contains(refs, msgID) {
			t.Errorf("References: %q, want it to hold %q", refs, msgID)
		}

		if len(reply.Attachments) != 1 {
			t.Fatalf("reply has %d attachments, want the annotated workbook", len(reply.Attachments))
		}
		att := reply.Attachments[0]
		if !strings.HasSuffix(att.Name, ".xlsx") {
			t.Errorf("attachment named %q, want an .xlsx", att.Name)
		}
		f, err := excelize.OpenReader(bytes.NewReader(att.Data))
		if err != nil {
			t.Fatalf("the attached workbook does not open: %v", err)
		}
		if sheets := f.GetSheetList(); len(sheets) == 0 || sheets[0] != "Findings" {
			t.Errorf("attached workbook's sheets %v, want \"Findings\" first", sheets)
		}
		f.Close()

		// The message is moved only after the reply is queued and the row
		// is committed, so by now (or shortly) it is in Processed.
		waitFor(t, "the message in Processed", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 1
		})
		if inbox := listFolder(t, dc, "INBOX"); len(inbox) != 0 {
			t.Errorf("INBOX still holds %v", messageIDs(inbox))
		}
		processed := listFolder(t, dc, "Processed")
		if processed[0].MessageID != msgID || !processed[0].has(imap.FlagSeen) || !processed[0].has(mailbox.DefaultKeyword) {
			t.Errorf("Processed holds %+v, want %s flagged \\Seen and %s", processed[0], msgID, mailbox.DefaultKeyword)
		}

		rows := storedSubmissions(t, db)
		if len(rows) != 1 {
			t.Fatalf("store has %d submissions, want 1", len(rows))
		}
		row := rows[0]
		if row.SHA256 != wantSHA || row.MessageID != msgID || !strings.EqualFold(row.Sender, allowedSender) || row.Source != stpclaims.SourceMail {
			t.Errorf("stored row: sha %s, Message-ID %q, sender %q, source %q", row.SHA256, row.MessageID, row.Sender, row.Source)
		}
		var rep stpclaims.Report
		if err := rep.UnmarshalJSON(row.ReportJSON); err != nil {
			t.Fatalf("stored report: %v", err)
		}
		if len(rep.Findings) == 0 {
			t.Fatal("the example has no findings; the body check below would prove nothing")
		}
		if fac := store.FieldOf(rep, "facilitator_email"); fac != "" {
			if cc := reply.Header.Get("Cc"); !strings.Contains(cc, fac) {
				t.Errorf("Cc: %q, want the facilitator %s the form names", cc, fac)
			}
			if len(reply.To) != 2 || !strings.EqualFold(reply.To[1], fac) {
				t.Errorf("envelope recipients %v, want the sender and %s", reply.To, fac)
			}
		} else if len(reply.To) != 1 {
			t.Errorf("envelope recipients %v, want the sender alone (the form names no facilitator)", reply.To)
		}
		if says := statusSays[rep.Status]; says == "" || !strings.Contains(reply.Text, says) {
			t.Errorf("body does not name the status %q (%q):\n%s", rep.Status, says, reply.Text)
		}
		for _, fd := range rep.Findings {
			if !strings.Contains(reply.Text, fd.Rule) {
				t.Errorf("body does not name finding %s:\n%s", fd.Rule, reply.Text)
			}
		}
	})

	t.Run("a stranger's mail is quarantined, not answered, not entered", func(t *testing.T) {
		t.Parallel()
		dc := dovecottest.Start(t)
		sink := smtptest.Start(t, smtptest.WithSTARTTLS())
		dir := t.TempDir()
		d := startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s"))

		const strangerID = "<stranger-1@example.com>"
		dc.Deliver(t, "INBOX", claimMail(strangerAddr, strangerID, "annexure2.xlsx", workbook))
		waitFor(t, "the stranger's mail in Quarantine", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Quarantine")) == 1
		})
		// A later allowed mail is answered: once its reply is in, the
		// stranger's mail (taken first, in UID order) has had every chance
		// to be answered.
		const laterID = "<after-stranger@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, laterID, "annexure2.xlsx", workbook))
		sink.Wait(t, 1, 60*time.Second)
		waitFor(t, "the allowed mail in Processed", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 1
		})
		d.stop(t)

		if q := listFolder(t, dc, "Quarantine"); q[0].MessageID != strangerID {
			t.Errorf("Quarantine holds %v", messageIDs(q))
		}
		for _, m := range sink.Messages() {
			if irt := m.Header.Get("In-Reply-To"); irt != laterID {
				t.Errorf("a reply went out to %v in reply to %q", m.To, irt)
			}
			for _, rcpt := range m.To {
				if strings.EqualFold(rcpt, strangerAddr) {
					t.Errorf("the stranger was answered")
				}
			}
		}
		if n := len(sink.Messages()); n != 1 {
			t.Errorf("sink has %d messages, want only the allowed sender's reply", n)
		}
		for _, r := range storedSubmissions(t, filepath.Join(dir, "stpclaims.db")) {
			if r.MessageID == strangerID || strings.EqualFold(r.Sender, strangerAddr) {
				t.Errorf("the stranger's mail was entered: %+v", r)
			}
		}
	})

	t.Run("a restart enters nothing twice; the same bytes again are answered but not entered", func(t *testing.T) {
		t.Parallel()
		dc := dovecottest.Start(t)
		sink := smtptest.Start(t, smtptest.WithSTARTTLS())
		dir := t.TempDir()
		db := filepath.Join(dir, "stpclaims.db")
		extra := mailConfig(t, dir, dc, sink, "1s")

		d := startDaemon(t, dir, extra)
		const firstID = "<first@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, firstID, "annexure2.xlsx", workbook))
		sink.Wait(t, 1, 60*time.Second)
		waitFor(t, "the first mail in Processed", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 1
		})
		d.stop(t)

		// Same store, same mailbox. The first mail must not be taken again;
		// a second mail carrying the very same workbook is answered.
		startDaemon(t, dir, extra)
		const secondID = "<second-same-bytes@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, secondID, "annexure2 (copy).xlsx", workbook))
		waitFor(t, "the second mail in Processed", 60*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 2
		})
		got := sink.Wait(t, 2, 60*time.Second)

		per := repliesTo(sink)
		if per[firstID] != 1 || per[secondID] != 1 || len(sink.Messages()) != 2 {
			t.Errorf("replies by In-Reply-To: %v; want one to each mail", per)
		}
		// The handler answers the second mail in full (a fresh check of the
		// same bytes); the store keeps the workbook once.
		var second smtptest.Received
		for _, m := range got {
			if m.Header.Get("In-Reply-To") == secondID {
				second = m
			}
		}
		if !strings.Contains(second.Text, statusSays[stpclaims.StatusReturned]) || len(second.Attachments) != 1 {
			t.Errorf("the reply to the second mail is not a full answer: %d attachments, body:\n%s", len(second.Attachments), second.Text)
		}

		// The first mail offered again (same Message-ID: a lost move, a
		// UIDVALIDITY reset, a user copying it back) is moved on without a
		// second answer or entry.
		dc.Deliver(t, "INBOX", claimMail(allowedSender, firstID, "annexure2.xlsx", workbook))
		waitFor(t, "the first mail, offered again, in Processed", 60*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 3
		})
		// Let a wrongly repeated reply, if any, have time to show.
		time.Sleep(2 * time.Second)
		if per := repliesTo(sink); per[firstID] != 1 || len(sink.Messages()) != 2 {
			t.Errorf("after the first mail came again, replies by In-Reply-To: %v; want still one to each", per)
		}
		rows := storedSubmissions(t, db)
		if len(rows) != 1 || rows[0].SHA256 != wantSHA || rows[0].MessageID != firstID {
			t.Errorf("store holds %d submissions (%+v), want the workbook once, from the first mail", len(rows), rows)
		}
		if inbox := listFolder(t, dc, "INBOX"); len(inbox) != 0 {
			t.Errorf("INBOX still holds %v", messageIDs(inbox))
		}
	})

	t.Run("Dovecot restarted during IDLE: mail delivered afterwards is answered", func(t *testing.T) {
		t.Parallel()
		dc := dovecottest.Start(t)
		sink := smtptest.Start(t, smtptest.WithSTARTTLS())
		dir := t.TempDir()
		d := startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s"))

		// A first mail proves the daemon is connected and idling.
		dc.Deliver(t, "INBOX", claimMail(allowedSender, "<before-restart@kerala.gov.in>", "a.xlsx", workbook))
		sink.Wait(t, 1, 60*time.Second)
		waitFor(t, "the first mail in Processed", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 1
		})

		if got := imapConnected(t, d); got != "1" {
			t.Errorf("stpclaims_imap_connected = %q while idling, want 1", got)
		}
		// Stop first and wait until the daemon has seen the connection go
		// (Dovecot's orphaned imap process can otherwise keep serving the
		// old IDLE session across an immediate restart, proving nothing).
		dc.Stop()
		waitFor(t, "the daemon to notice Dovecot is gone", 60*time.Second, func() bool {
			return imapConnected(t, d) == "0"
		})
		dc.Restart()
		const afterID = "<after-restart@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, afterID, "b.xlsx", variants(t, 1)[0]))
		sink.Wait(t, 2, 90*time.Second)
		if per := repliesTo(sink); per[afterID] != 1 {
			t.Errorf("replies by In-Reply-To: %v; want one to %s", per, afterID)
		}
		waitFor(t, "the second mail in Processed", 30*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 2
		})
		if !strings.Contains(d.log.String(), "reconnecting") {
			t.Errorf("the daemon never logged a reconnect:\n%s", d.log)
		}
		waitFor(t, "the daemon connected again", 30*time.Second, func() bool {
			return imapConnected(t, d) == "1"
		})
	})

	t.Run("SMTP down: the mail is processed, its reply queued and sent once SMTP is back", func(t *testing.T) {
		t.Parallel()
		dc := dovecottest.Start(t)
		sink := smtptest.Start(t, smtptest.WithSTARTTLS())
		dir := t.TempDir()
		db := filepath.Join(dir, "stpclaims.db")
		startDaemon(t, dir, mailConfig(t, dir, dc, sink, "500ms"))

		sink.Stop()
		const msgID = "<while-smtp-down@kerala.gov.in>"
		dc.Deliver(t, "INBOX", claimMail(allowedSender, msgID, "annexure2.xlsx", workbook))
		waitFor(t, "the mail in Processed with SMTP down", 60*time.Second, func() bool {
			return len(listFolder(t, dc, "Processed")) == 1
		})
		if n := len(storedSubmissions(t, db)); n != 1 {
			t.Errorf("store has %d submissions, want 1", n)
		}
		if n := len(sink.Messages()); n != 0 {
			t.Fatalf("the sink took %d messages while stopped", n)
		}
		// The drainer fails against the closed port and schedules the next
		// try: smtp.retry_every (500ms here) is how often the outbox is tried
		// again while SMTP is down, so the row is due again well within 5s.
		waitFor(t, "a failed attempt to send the reply", 30*time.Second, func() bool {
			rows := dueReplies(t, db, time.Now().Add(48*time.Hour))
			return len(rows) == 1 && rows[0].Attempts >= 1
		})
		if rows := dueReplies(t, db, time.Now().Add(5*time.Second)); len(rows) != 1 {
			t.Errorf("after a failed send the reply is not due again within 5s although retry_every is 500ms")
		}

		sink.Restart()
		got := sink.Wait(t, 1, 60*time.Second)
		if irt := got[0].Header.Get("In-Reply-To"); irt != msgID {
			t.Errorf("In-Reply-To: %q, want %q", irt, msgID)
		}
		time.Sleep(time.Second)
		if n := len(sink.Messages()); n != 1 {
			t.Errorf("sink has %d messages, want the one reply", n)
		}
	})
}

// TestServe_mailKillMidBatch delivers a batch of claims by mail, kills the
// daemon (a real process) with SIGKILL once a few replies are out, restarts
// it, and checks that every mail was answered and entered exactly once.
func TestServe_mailKillMidBatch(t *testing.T) {
	dc := dovecottest.Start(t)
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "stpclaims.db")
	inbox := filepath.Join(dir, "inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(dir, "stpclaims.toml")
	text := fmt.Sprintf("store = %q\noutbox = %q\n[folder]\ndir = %q\n", db, filepath.Join(dir, "outbox"), inbox) +
		mailConfig(t, dir, dc, sink, "500ms")
	if err := os.WriteFile(cfg, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}

	const n = 30
	want := map[string]string{} // Message-ID → sha256
	for i, data := range variants(t, n) {
		sum := sha256.Sum256(data)
		id := fmt.Sprintf("<batch-%02d@kerala.gov.in>", i)
		want[id] = hex.EncodeToString(sum[:])
		dc.Deliver(t, "INBOX", claimMail(allowedSender, id, fmt.Sprintf("claim-%02d.xlsx", i), data))
	}

	logf, err := os.Create(filepath.Join(dir, "serve.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	start := func() *exec.Cmd {
		cmd := exec.Command(bin, "serve", "--config", cfg)
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	serveLog := func() string { b, _ := os.ReadFile(logf.Name()); return string(b) }

	first := start()
	waitFor(t, "the first few replies", 90*time.Second, func() bool { return len(sink.Messages()) >= 3 })
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	if got := len(repliesTo(sink)); got >= n {
		t.Skipf("the daemon answered all %d mails before it could be killed; nothing to prove", n)
	}
	t.Logf("killed after %d replies, %d mails in Processed, %d entered", len(sink.Messages()),
		len(listFolder(t, dc, "Processed")), len(storedSubmissions(t, db)))

	second := start()
	defer func() {
		if second.ProcessState == nil {
			_ = second.Process.Kill()
			_ = second.Wait()
		}
	}()
	waitFor(t, "a reply to every mail", 120*time.Second, func() bool { return len(repliesTo(sink)) >= n })
	waitFor(t, "every mail in Processed", 60*time.Second, func() bool {
		return len(listFolder(t, dc, "Processed")) == n
	})
	time.Sleep(time.Second) // a late duplicate, if any, shows up in the count below
	_ = second.Process.Signal(syscall.SIGTERM)
	if err := second.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v\n%s", err, serveLog())
	}

	per := repliesTo(sink)
	dups := 0
	for id, c := range per {
		if _, ok := want[id]; !ok {
			t.Errorf("%d replies in reply to unknown %q", c, id)
		}
		dups += c - 1
	}
	for id := range want {
		if per[id] == 0 {
			t.Errorf("%s was never answered", id)
		}
	}
	t.Logf("%d replies to %d mails: %d duplicate(s) from the crash window between SMTP acceptance and MarkSent", len(sink.Messages()), len(per), dups)

	rows := storedSubmissions(t, db)
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.SHA256]++
		if want[r.MessageID] != r.SHA256 {
			t.Errorf("row %d: Message-ID %s with sha %s", r.ID, r.MessageID, r.SHA256[:12])
		}
	}
	for id, sha := range want {
		if seen[sha] != 1 {
			t.Errorf("%s entered %d times", id, seen[sha])
		}
	}
	if len(rows) != n {
		t.Errorf("store has %d submissions, want %d", len(rows), n)
	}
	if left := listFolder(t, dc, "INBOX"); len(left) != 0 {
		t.Errorf("INBOX still holds %v", messageIDs(left))
	}
	if p := listFolder(t, dc, "Processed"); len(p) != n {
		t.Errorf("Processed holds %d, want %d", len(p), n)
	}
}
