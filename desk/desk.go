// Package desk decides what a submission means and how it is answered. A
// file dropped in the shared folder or a mail taken from the mailbox is a
// claim to check and enter, a facilitator's review workbook come back with
// decisions, a request for the blank forms, or something seen before; the
// desk has each checked (package process), enters it in the store, writes
// or queues the answer (worded by package output) and asks for the ledger
// workbook to be rebuilt and the outbox to be sent. It also does the
// ledger's scheduled work: notices of overdue advances, facilitators'
// review workbooks, and the rebuild of the ledger workbook itself. After a
// TA bill is entered, or an advance sanctioned, it brings the programme's
// e-BT lists up to date (package ebt decides what is on them), and it
// takes back a list workbook the finance division returns with "Uploaded
// on" filled.
//
// It does not watch the folder or the mailbox (package ingest), read
// workbooks or apply rules (process, validate), word anything (output),
// send mail (output/mailer) or keep the clock of the schedule (the cron and
// the debounced rebuild that cmd/stpclaims wires); it does not parse a
// config either: it is given plain values, and the store, the checker and
// the kicks through interfaces it declares here.
package desk

import (
	"context"
	"log/slog"
	"time"

	"stpclaims"
	"stpclaims/ingest/mailbox"
	"stpclaims/ingest/read"
	"stpclaims/internal/seal"
	"stpclaims/isolate"
	"stpclaims/output/ledgerbook"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

// Store is the durable record as the desk uses it. *store.Store is one.
type Store interface {
	// Entered says whether these bytes were entered before, and as what.
	Entered(ctx context.Context, sha string) (store.Prior, bool, error)
	Enter(ctx context.Context, e store.Entry) (id int64, already bool, err error)
	// MessageEntered says whether a message was entered before.
	MessageEntered(ctx context.Context, messageID string, key store.MailKey) (bool, error)
	// EnterMessage enters a message's workbooks and queues its reply in
	// one transaction.
	EnterMessage(ctx context.Context, entries []store.Entry, reply *stpclaims.Reply) error
	QueueReply(ctx context.Context, r stpclaims.Reply, at time.Time) (int64, error)
	// QueueNotice queues a notice of kind about a claim unless one went
	// out within every.
	QueueNotice(ctx context.Context, id int64, kind string, reply stpclaims.Reply, at time.Time, every time.Duration) (bool, error)
	// RecordAdvance records steps of the register (recommendations,
	// sanctions, payments, withdrawals) checked against the history of
	// their programmes, and queues the replies about them, in one
	// transaction.
	RecordAdvance(ctx context.Context, codes []string, decide func(history []stpclaims.AdvanceEvent) (store.AdvanceDecision, error)) ([]stpclaims.AdvanceEvent, error)
	// DecideAndNotify records decisions and queues the notices made of
	// what they changed, in one transaction.
	DecideAndNotify(ctx context.Context, ds []store.Decided, notices func(store.DecideResult) ([]stpclaims.Reply, time.Time, error)) (store.DecideResult, error)
	// WorkbookKey is the key the workbooks handed out to be returned
	// (review, Sanctions, e-BT lists) are sealed with and checked against.
	WorkbookKey(ctx context.Context) (seal.Key, error)
	// AnnotatedCopy is a claim's annotated copy as the reply to its mail
	// carried it, for the facilitator's weekly mail.
	AnnotatedCopy(ctx context.Context, id int64, name string) ([]byte, bool, error)
	// AdvanceHistory is every event of the register's programmes with
	// these codes, what a new claim or step is checked against.
	AdvanceHistory(ctx context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error)
	// The ledger workbook is read from the store.
	ledgerbook.Store
	// The e-BT lists are planned and kept there.
	EBTStore
}

var _ Store = (*store.Store)(nil)

// Checker checks one submission: the worker pool (*isolate.Pool) in the
// daemon, *process.Checker in process for tests. TooLarge answers a file
// over the size limit from its size alone; Rejected answers a file the
// desk gave up on.
type Checker interface {
	Check(ctx context.Context, sub stpclaims.Submission) (process.Result, error)
	TooLarge(sub stpclaims.Submission, size int64) process.Result
	Rejected(sub stpclaims.Submission, reason string) process.Result
}

var (
	_ Checker = (*process.Checker)(nil)
	_ Checker = (*isolate.Pool)(nil)
)

// Kicker is asked to do its work soon; Kick never blocks. The ledger's
// debounced rebuild and the outbox drainer are kickers.
type Kicker interface{ Kick() }

// Ledger says where the ledger's work goes.
type Ledger struct {
	Path    string // the ledger workbook
	Reviews string // a folder the review workbooks are also written to; "" for none
	// Finance are the finance division's addresses: copied on overdue
	// notices, and the only senders (with the shared folder) whose
	// sanctions, payments and withdrawals the register takes, and whose
	// returned e-BT list workbooks mark a list uploaded.
	Finance []string
}

// Desk answers submissions and does the ledger's work. Set Store, Checker,
// Cards and Outbox; the rest may be left zero.
type Desk struct {
	Store   Store
	Checker Checker
	// Cards are the rate cards: the blank forms sent on request carry the
	// card in force, and the ledger takes settle-by periods and penal
	// interest from them.
	Cards *validate.Cards
	// Zone turns moments into calendar days; nil means
	// stpclaims.DefaultZone.
	Zone *time.Location
	// Outbox is the folder the answers to dropped files are written in,
	// one folder per submission.
	Outbox string
	Ledger Ledger
	// EBT is where the e-BT lists of checked TA bills and sanctioned
	// advances are written, and the bank's layout; a zero EBT makes none.
	EBT EBT
	// Rebuild asks for the ledger workbook to be rebuilt after something
	// was entered or decided; nil for none.
	Rebuild Kicker
	// Drain asks for the outbox to be sent after a reply was queued; nil
	// when there is no SMTP server.
	Drain Kicker
	// Observed counts a workbook checked, by source and status, with the
	// time it took; nil for none.
	Observed func(src stpclaims.Source, status stpclaims.Status, took time.Duration)
	Log      *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// MaxFileBytes is the largest file dropped in the folder that is
	// read; a larger one is answered from its size. Zero means the
	// reader's default (25 MiB).
	MaxFileBytes int64
	// MaxWorkbooks is the number of workbooks of one mail the mailbox
	// fetches, for the answer about the rest; zero means 20.
	MaxWorkbooks int

	fails failures // checks that failed for the file's sake
}

func (d *Desk) maxWorkbooks() int {
	if d.MaxWorkbooks <= 0 {
		return mailbox.DefaultMaxWorkbooks
	}
	return d.MaxWorkbooks
}

func (d *Desk) maxFileBytes() int64 {
	if d.MaxFileBytes <= 0 {
		return read.DefaultLimits().MaxFileBytes
	}
	return d.MaxFileBytes
}

func (d *Desk) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

func (d *Desk) zone() *time.Location {
	if d.Zone == nil {
		return stpclaims.DefaultZone()
	}
	return d.Zone
}

func (d *Desk) log() *slog.Logger {
	if d.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return d.Log
}

// rebuild asks for the ledger to be rebuilt.
func (d *Desk) rebuild() {
	if d.Rebuild != nil {
		d.Rebuild.Kick()
	}
}

// drain asks for the outbox to be sent.
func (d *Desk) drain() {
	if d.Drain != nil {
		d.Drain.Kick()
	}
}

func (d *Desk) observe(src stpclaims.Source, status stpclaims.Status, began time.Time) {
	if d.Observed != nil {
		d.Observed(src, status, time.Since(began))
	}
}
