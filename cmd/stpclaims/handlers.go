package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/ingest/review"
	"stpclaims/internal/atomicfile"
	"stpclaims/output"
	"stpclaims/output/mailer"
	"stpclaims/store"
	"stpclaims/templates"
)

// fileHandler answers one file dropped in the shared folder: check it,
// write the annotated copy, the JSON report and the reply text into the
// outbox, record it in the store, and only then let the watcher move it.
// It works under ctx (the daemon's work context), not the watcher's, so a
// stop lets the file in hand finish.
func (d *daemon) fileHandler(ctx context.Context) folder.Handler {
	return func(_ context.Context, f folder.File) (folder.Outcome, error) {
		began := time.Now()
		data, err := os.ReadFile(f.Path)
		if err != nil {
			return folder.Failed, fmt.Errorf("reading %s: %w", f.Path, err)
		}
		sub := stpclaims.NewSubmission(f.Name, data, stpclaims.SourceFolder, f.FirstSeen)
		dir := filepath.Join(d.cfg.Outbox, outboxDirName(sub))
		if review.Is(data) {
			// A facilitator's review workbook come back with decisions.
			answer, _, err := d.ledger.takeReview(ctx, sub)
			if err != nil {
				return 0, err
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return 0, fmt.Errorf("outbox: %w", err)
			}
			if err := atomicfile.Write(filepath.Join(dir, "reply.txt"), []byte(answer.Body)); err != nil {
				return 0, err
			}
			d.rebuilder.Kick()
			d.log.Info("review workbook taken", "file", f.Name)
			return folder.Done, nil
		}
		if prior, ok, err := d.store.Entered(ctx, sub.SHA256); err != nil {
			return 0, err
		} else if ok && prior.File == f.Name && prior.Received.Equal(f.FirstSeen) {
			// This very drop, entered before a crash or a failed move:
			// its answer is already in the outbox.
			d.log.Info("file entered before; moving it on", "file", f.Name, "sha256", sub.SHA256, "id", prior.ID)
			if prior.Status == stpclaims.StatusUnreadable {
				return folder.Failed, nil
			}
			return folder.Done, nil
		} else if ok {
			d.log.Info("file already entered; not entered again", "file", f.Name, "sha256", sub.SHA256, "earlier", prior.ID)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return 0, fmt.Errorf("outbox: %w", err)
			}
			note := fmt.Sprintf("%s is the same file (byte for byte) as %s, received %s and already answered (status %s). It was not entered again.\n",
				f.Name, prior.File, prior.Received.In(d.cfg.location).Format("02.01.2006 15:04"), prior.Status)
			// beside the first answer, which stays as it was
			again := "reply-again-" + f.FirstSeen.UTC().Format("20060102T150405Z") + ".txt"
			if err := atomicfile.Write(filepath.Join(dir, again), []byte(note)); err != nil {
				return 0, err
			}
			return folder.Done, nil
		}
		res, err := d.checker.Check(ctx, sub)
		if err != nil {
			return 0, err
		}
		// The three outputs are written, then made durable together (one
		// sync of the outbox's filesystem rather than six fsyncs), before
		// the store row and the move to done/.
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return 0, fmt.Errorf("outbox: %w", err)
		}
		if err := writeOutputs(dir, sub.Name, res, atomicfile.Replace); err != nil {
			return 0, err
		}
		part := output.ReplyPart{Report: &res.Report, Note: res.Note, Attached: res.AnnotatedName}
		if err := atomicfile.Replace(filepath.Join(dir, "reply.txt"), []byte(output.ReplyBody([]output.ReplyPart{part}))); err != nil {
			return 0, err
		}
		if err := atomicfile.SyncFS(dir); err != nil {
			return 0, err
		}
		if _, _, err := d.store.Enter(ctx, store.Entry{Submission: sub, Report: res.Report, ReportJSON: res.JSON,
			BillRows: storeBillRows(res.BillRows), Processed: time.Now()}); err != nil {
			return 0, err
		}
		d.rebuilder.Kick()
		d.metrics.observe(stpclaims.SourceFolder, res.Report.Status, time.Since(began))
		d.log.Info("file checked", "file", f.Name, "status", res.Report.Status, "findings", len(res.Report.Findings), "outbox", dir)
		if res.Report.Status == stpclaims.StatusUnreadable {
			return folder.Failed, nil
		}
		return folder.Done, nil
	}
}

// outboxDirName is the folder of one submission's outputs: its name and the
// first hex digits of its sha256, so the same bytes always land in the same
// place and two files of one name never collide.
func outboxDirName(sub stpclaims.Submission) string {
	base := strings.TrimSuffix(filepath.Base(sub.Name), filepath.Ext(sub.Name))
	return base + "-" + sub.SHA256[:12]
}

// mailHandler answers one message from an allowed sender: every workbook in
// it is checked and entered, and one reply covering all of them is queued in
// the same transaction. Auto-replies and mail without a workbook are not
// answered (no mail loops).
func (d *daemon) mailHandler(ctx context.Context) mailbox.Handler {
	return func(_ context.Context, m mailbox.Message) error {
		key := store.MailKey{Account: m.Account, Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID}
		log := d.log.With("message_id", m.MessageID, "from", m.From, "uid", m.UID)
		if m.AutoReply {
			log.Info("auto-reply or bounce: not answered")
			return nil
		}
		if len(m.Attachments) == 0 && len(m.Oversized) == 0 {
			if templates.IsRequest(m.Subject) {
				return d.answerTemplateRequest(ctx, m, log)
			}
			log.Info("no workbook attached: not answered", "subject", m.Subject)
			return nil
		}
		if done, err := d.store.MessageEntered(ctx, m.MessageID, key); err != nil {
			return err
		} else if done {
			log.Info("message already answered")
			return nil
		}
		began := time.Now()
		var (
			entries []store.Entry
			parts   []output.ReplyPart
			attach  []stpclaims.Attachment
			cc      []string
		)
		for _, a := range m.Attachments {
			sub := stpclaims.NewSubmission(a.Name, a.Data, stpclaims.SourceMail, m.InternalDate)
			sub.Sender, sub.MessageID = m.From, m.MessageID
			if review.Is(a.Data) {
				// A facilitator's review workbook come back with decisions:
				// recorded (once, however often it is taken) and answered.
				answer, repeat, err := d.ledger.takeReview(ctx, sub)
				if err != nil {
					return err
				}
				if repeat {
					// Taken before this message was moved on (a retry, or
					// a crash): answered then.
					log.Info("review workbook taken before; not answered again", "file", a.Name)
					continue
				}
				if _, err := d.store.QueueReply(ctx, answer, time.Now()); err != nil {
					return err
				}
				log.Info("review workbook taken", "file", a.Name)
				continue
			}
			res, err := d.checker.Check(ctx, sub)
			if err != nil {
				return err
			}
			entries = append(entries, store.Entry{Submission: sub, Report: res.Report, ReportJSON: res.JSON, MailKey: &key,
				BillRows: storeBillRows(res.BillRows), Processed: time.Now()}) // Parts: EnterMessage counts the entries
			parts = append(parts, output.ReplyPart{Report: &entries[len(entries)-1].Report, Note: res.Note, Attached: res.AnnotatedName})
			if res.Annotated != nil {
				attach = append(attach, stpclaims.Attachment{Name: res.AnnotatedName, ContentType: stpclaims.ContentTypeXLSX, Data: res.Annotated})
			}
			if e := facilitatorEmail(res.Report); e != "" && !strings.EqualFold(e, m.From) {
				cc = appendUnique(cc, e)
			}
		}
		// parts point into entries; entries is not appended to from here on.
		for i := range parts {
			parts[i].Report = &entries[i].Report
		}
		// Workbooks too large to fetch were not checked: the reply says so
		// (they are not entered: their bytes were never read).
		for _, name := range m.Oversized {
			parts = append(parts, output.ReplyPart{Report: oversizedReport(name)})
		}
		if len(parts) == 0 { // review workbooks only: answered above
			d.rebuilder.Kick()
			if d.drainer != nil {
				d.drainer.Kick()
			}
			return nil
		}
		reply := &stpclaims.Reply{
			To:          []string{m.From},
			Cc:          cc,
			Subject:     output.ReplySubject(parts, m.Subject),
			InReplyTo:   m.MessageID,
			References:  append(append([]string(nil), m.References...), m.MessageID),
			Body:        output.ReplyBody(parts),
			Attachments: attach,
		}
		if len(entries) == 0 {
			// Nothing to enter, only too-large workbooks to answer. (A crash
			// between queueing and moving the mail answers it twice.)
			if _, err := d.store.QueueReply(ctx, *reply, time.Now()); err != nil {
				return err
			}
			log.Warn("workbooks too large to check: answered", "files", m.Oversized)
			if d.drainer != nil {
				d.drainer.Kick()
			}
			return nil
		}
		if err := d.store.EnterMessage(ctx, entries, reply); err != nil {
			return err
		}
		d.rebuilder.Kick()
		for _, e := range entries {
			d.metrics.observe(stpclaims.SourceMail, e.Report.Status, time.Since(began))
			log.Info("workbook checked", "file", e.Submission.Name, "status", e.Report.Status, "findings", len(e.Report.Findings))
		}
		if d.drainer != nil {
			d.drainer.Kick()
		}
		return nil
	}
}

// answerTemplateRequest answers a mail whose subject asks for the blank
// forms with all three attached. Nothing is entered in the store: there is
// no claim. (A crash between queueing the reply and moving the mail would
// send the forms twice; that is harmless.)
func (d *daemon) answerTemplateRequest(ctx context.Context, m mailbox.Message, log *slog.Logger) error {
	card := d.checker.Cards.InForce(time.Now().In(d.cfg.location))
	r, err := templates.Reply([]string{m.From}, m.MessageID, card)
	if err != nil {
		return err
	}
	if _, err := d.store.QueueReply(ctx, r, time.Now()); err != nil {
		return err
	}
	log.Info("blank forms sent on request", "card", card.Name)
	if d.drainer != nil {
		d.drainer.Kick()
	}
	return nil
}

// oversizedReport is the answer for a workbook too large to fetch; an
// empty name is the whole message.
func oversizedReport(name string) *stpclaims.Report {
	what := "This workbook"
	if name == "" {
		name, what = "(your message)", "Your message"
	}
	return &stpclaims.Report{
		File: name, Form: stpclaims.FormUnknown, Status: stpclaims.StatusUnreadable,
		Reason: what + " is too large for stpclaims to take, so it was not checked. Please send the form alone in a smaller workbook (.xlsx), one form per mail if need be.",
	}
}

func facilitatorEmail(rep stpclaims.Report) string {
	for _, f := range rep.Fields {
		if f.Name == "facilitator_email" {
			return strings.TrimSpace(f.Value)
		}
	}
	return ""
}

func appendUnique(l []string, s string) []string {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return l
		}
	}
	return append(l, s)
}

func tlsConfig(host string, insecure bool) *tls.Config {
	return &tls.Config{ServerName: host, InsecureSkipVerify: insecure, MinVersion: tls.VersionTLS12}
}

// The store keeps how far the mailbox was read.
var _ mailbox.State = (*store.Store)(nil)

// storeQueue shows the store's outbox to the drainer.
type storeQueue struct{ st *store.Store }

var _ mailer.Queue = storeQueue{}

func (q storeQueue) DueReplies(ctx context.Context, now time.Time, limit int) ([]mailer.Outgoing, error) {
	rows, err := q.st.DueReplies(ctx, now, limit)
	if err != nil {
		return nil, err
	}
	out := make([]mailer.Outgoing, len(rows))
	for i, r := range rows {
		out[i] = mailer.Outgoing{ID: r.ID, Reply: r.Reply, Attempts: r.Attempts}
	}
	return out, nil
}

func (q storeQueue) MarkSent(ctx context.Context, id int64, at time.Time) error {
	return q.st.MarkSent(ctx, id, at)
}

func (q storeQueue) MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error {
	return q.st.MarkRetry(ctx, id, lastErr, next)
}
