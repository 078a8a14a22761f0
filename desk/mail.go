package desk

import (
	"context"
	"log/slog"
	"strings"
	"time"

	"stpclaims"
	"stpclaims/ingest/mailbox"
	"stpclaims/ingest/review"
	"stpclaims/ingest/sanctions"
	"stpclaims/output"
	"stpclaims/output/ebtbook"
	"stpclaims/store"
)

// HandleMessage answers one message from an allowed sender: every workbook
// in it is checked and entered, and one reply covering all of them is
// queued in the same transaction; review workbooks have their decisions
// recorded and answered on their own. Auto-replies and mail without a
// workbook are not answered (no mail loops), unless the subject asks for
// the blank forms. A message entered before is not answered again.
func (d *Desk) HandleMessage(ctx context.Context, m mailbox.Message) error {
	log := d.log().With("message_id", m.MessageID, "from", m.From, "uid", m.UID)
	if m.AutoReply {
		log.Info("auto-reply or bounce: not answered")
		return nil
	}
	if len(m.Attachments) == 0 && len(m.Oversized) == 0 && len(m.Unchecked) == 0 {
		if IsTemplateRequest(m.Subject) {
			return d.answerTemplateRequest(ctx, m, log)
		}
		log.Info("no workbook attached: not answered", "subject", m.Subject)
		return nil
	}
	key := store.MailKey{Account: m.Account, Mailbox: m.Mailbox, UIDValidity: m.UIDValidity, UID: m.UID}
	if done, err := d.Store.MessageEntered(ctx, m.MessageID, key); err != nil {
		return err
	} else if done {
		log.Info("message already answered")
		return nil
	}
	began := time.Now()
	a, err := d.checkAttachments(ctx, m, key, log)
	if err != nil {
		return err
	}
	// Workbooks too large to fetch were not checked: the reply says so
	// (they are not entered: their bytes were never read).
	for _, name := range m.Oversized {
		a.parts = append(a.parts, output.ReplyPart{Report: oversizedReport(name)})
	}
	// Nor were the workbooks past the first few of a mail.
	for _, name := range m.Unchecked {
		a.parts = append(a.parts, output.ReplyPart{Report: &stpclaims.Report{File: name, Form: stpclaims.FormUnknown,
			Status: stpclaims.StatusUnreadable, Reason: output.UncheckedReason(d.maxWorkbooks())}})
	}
	return d.answerMessage(ctx, m, a, began, log)
}

// answer is what the workbooks of one message came to: the entries to
// make (one a programme: a workbook may hold several), the reply's parts
// (one per entry, in order, then one per workbook too large), the
// annotated copies to attach (one a workbook) and the facilitators to
// copy.
type answer struct {
	entries []store.Entry
	parts   []output.ReplyPart
	attach  []stpclaims.Attachment
	cc      []string
}

// checkAttachments checks each workbook of a message, or takes it as a
// review workbook (answered on its own, not part of the reply).
func (d *Desk) checkAttachments(ctx context.Context, m mailbox.Message, key store.MailKey, log *slog.Logger) (answer, error) {
	var a answer
	for _, att := range m.Attachments {
		sub := stpclaims.NewSubmission(att.Name, att.Data, stpclaims.SourceMail, m.InternalDate)
		sub.Sender, sub.MessageID = m.From, m.MessageID
		if ebtbook.Is(att.Data) {
			if err := d.takeMailed(ctx, sub, d.TakeEBTReturn, "e-BT list workbook", log); err != nil {
				return a, err
			}
			continue
		}
		if review.Is(att.Data) {
			if err := d.takeMailed(ctx, sub, d.TakeReview, "review workbook", log); err != nil {
				return a, err
			}
			continue
		}
		if sanctions.Is(att.Data) {
			if err := d.takeMailed(ctx, sub, d.TakeSanctions, "Sanctions workbook", log); err != nil {
				return a, err
			}
			continue
		}
		res, err := d.check(ctx, sub)
		if err != nil {
			return a, err
		}
		// one entry and one part of the reply a programme
		for _, p := range res.Programmes {
			a.entries = append(a.entries, store.Entry{Submission: sub, Report: p.Report, ReportJSON: p.JSON, MailKey: &key,
				BillRows: billRows(p.BillRows), Processed: d.now()}) // Parts: EnterMessage counts the workbooks
			a.parts = append(a.parts, output.ReplyPart{Note: res.Note, Attached: res.AnnotatedName})
			// The facilitator an Annexure II names is copied on its reply.
			if e := store.FieldOf(p.Report, "facilitator_email"); e != "" && !strings.EqualFold(e, m.From) {
				a.cc = appendUnique(a.cc, e)
			}
		}
		if res.Annotated != nil {
			a.attach = append(a.attach, stpclaims.Attachment{Name: res.AnnotatedName, ContentType: stpclaims.ContentTypeXLSX, Data: res.Annotated})
		}
	}
	// The parts point into entries, which is not appended to from here on.
	for i := range a.entries {
		a.parts[i].Report = &a.entries[i].Report
	}
	return a, nil
}

// takeMailed records what a returned workbook come back by mail says (a
// facilitator's review workbook, the Finance Division's Sanctions
// workbook), once however often it is taken, and queues the answer.
func (d *Desk) takeMailed(ctx context.Context, sub stpclaims.Submission, take taker, what string, log *slog.Logger) error {
	answer, repeat, err := take(ctx, sub)
	if err != nil {
		return err
	}
	if repeat {
		// Taken before this message was moved on (a retry, or a crash):
		// answered then.
		log.Info(what+" taken before; not answered again", "file", sub.Name)
		return nil
	}
	if _, err := d.Store.QueueReply(ctx, answer, d.now()); err != nil {
		return err
	}
	log.Info(what+" taken", "file", sub.Name)
	return nil
}

// answerMessage enters a message's workbooks and queues its one reply.
func (d *Desk) answerMessage(ctx context.Context, m mailbox.Message, a answer, began time.Time, log *slog.Logger) error {
	if len(a.parts) == 0 { // review or list workbooks only: answered already
		d.rebuild()
		d.drain()
		return nil
	}
	reply := &stpclaims.Reply{
		To:          []string{m.From},
		Cc:          a.cc,
		Subject:     output.ReplySubject(a.parts, stpclaims.Quote(m.Subject, stpclaims.MaxQuote)),
		InReplyTo:   m.MessageID,
		References:  append(append([]string(nil), m.References...), m.MessageID),
		Body:        output.ReplyBody(a.parts),
		Attachments: a.attach,
	}
	if len(a.entries) == 0 {
		// Nothing to enter, only too-large workbooks to answer. (A crash
		// between queueing and moving the mail answers it twice.)
		if _, err := d.Store.QueueReply(ctx, *reply, d.now()); err != nil {
			return err
		}
		log.Warn("workbooks not checked (too large, or too many): answered", "oversized", m.Oversized, "unchecked", len(m.Unchecked))
		d.drain()
		return nil
	}
	if err := d.Store.EnterMessage(ctx, a.entries, reply); err != nil {
		return err
	}
	for _, e := range a.entries {
		if e.Report.Form == stpclaims.FormTABill {
			d.syncEBT(ctx, e.Report.ProgrammeCode, log.With("file", e.Submission.Name))
		}
	}
	d.rebuild()
	for _, e := range a.entries {
		d.observe(stpclaims.SourceMail, e.Report.Status, began)
		log.Info("workbook checked", "file", e.Submission.Name, "status", e.Report.Status, "findings", len(e.Report.Findings))
	}
	d.drain()
	return nil
}

// oversizedReport is the answer for a workbook too large to fetch; an
// empty name is the whole message.
func oversizedReport(name string) *stpclaims.Report {
	file, reason := output.OversizedReason(name)
	return &stpclaims.Report{File: file, Form: stpclaims.FormUnknown, Status: stpclaims.StatusUnreadable, Reason: reason}
}

func appendUnique(l []string, s string) []string {
	for _, x := range l {
		if strings.EqualFold(x, s) {
			return l
		}
	}
	return append(l, s)
}
