package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// Entry is one processed submission as Enter records it.
type Entry struct {
	// Submission is what arrived. Data is not stored, only SHA256 (computed
	// from Data when empty); the caller keeps the files.
	Submission stpclaims.Submission
	// Report is the verdict; its Sheet, Form, Status, ProgrammeCode and
	// Findings are recorded as columns and rows. A workbook of several
	// forms is entered once a form (a sheet): enter them together
	// (EnterMessage).
	Report stpclaims.Report
	// ReportJSON is kept as given; when nil, Report is marshalled.
	ReportJSON []byte
	// MailKey is where the message sat; nil unless from mail.
	MailKey *MailKey
	// Parts is how many workbook parts the mail message carries, for
	// MessageEntered; 0 counts as 1. Set it when entering a message's
	// parts one by one with Enter (EnterMessage sets it itself). Unused
	// without a Message-ID or MailKey.
	Parts int
	// Reply is queued in the outbox in the same transaction, due at
	// Processed; nil for none.
	Reply *stpclaims.Reply
	// Processed is when checking finished.
	Processed time.Time
	// BillRows are a TA bill's rows with claimed and admissible amounts,
	// kept for the ledger; nil for other forms.
	BillRows []BillRow
}

// MailKey says where a message sat in a mailbox: IMAP UIDs are only
// meaningful under one UIDVALIDITY.
type MailKey struct {
	Account, Mailbox string
	UIDValidity, UID uint32
}

// Prior is what is known of an earlier entry of the same bytes.
type Prior struct {
	ID       int64
	Status   stpclaims.Status
	Received time.Time
	File     string
}

// entryRow is an Entry checked and reduced to what the columns hold.
type entryRow struct {
	sha, sheet, senderKey, messageKey, codeKey string
	form                                       stpclaims.FormKind
	reportJSON                                 []byte
	message                                    string // message_parts key, "" for none
	parts                                      int
	folderDrop                                 bool // from the shared folder with no sender: the finance desk's
}

func checkEntry(e Entry) (entryRow, error) {
	var r entryRow
	sub := e.Submission
	r.sha = strings.ToLower(strings.TrimSpace(sub.SHA256))
	if r.sha == "" && sub.Data != nil {
		sum := sha256.Sum256(sub.Data)
		r.sha = hex.EncodeToString(sum[:])
	}
	if b, err := hex.DecodeString(r.sha); err != nil || len(b) != sha256.Size {
		return r, fmt.Errorf("%w: sha256 %q is not 64 hex digits", ErrBadEntry, sub.SHA256)
	}
	switch sub.Source {
	case stpclaims.SourceMail, stpclaims.SourceFolder, stpclaims.SourceCLI:
	default:
		return r, fmt.Errorf("%w: source %q", ErrBadEntry, sub.Source)
	}
	if sub.Received.IsZero() {
		return r, fmt.Errorf("%w: no received time", ErrBadEntry)
	}
	if e.Processed.IsZero() {
		return r, fmt.Errorf("%w: no processed time", ErrBadEntry)
	}
	if e.Report.Status == "" {
		return r, fmt.Errorf("%w: report has no status", ErrBadEntry)
	}
	r.form = e.Report.Form
	if r.form == "" {
		r.form = stpclaims.FormUnknown
	}
	r.reportJSON = e.ReportJSON
	if r.reportJSON == nil {
		b, err := json.Marshal(e.Report)
		if err != nil {
			return r, fmt.Errorf("store: marshal report: %w", err)
		}
		r.reportJSON = b
	}
	r.sheet = e.Report.Sheet
	r.senderKey = senderKey(sub.Sender)
	r.folderDrop = r.senderKey == "" && sub.Source == stpclaims.SourceFolder
	r.messageKey = messageKey(sub.MessageID)
	r.codeKey = codeKey(e.Report.ProgrammeCode)
	r.message = messageIdent(r.messageKey, e.MailKey)
	r.parts = max(e.Parts, 1)
	return r, nil
}

// senderKey is the bare address of a sender, in lower case: "A <X@Y>" and
// "x@y" are one sender.
func senderKey(sender string) string {
	sender = strings.TrimSpace(sender)
	if a, err := mail.ParseAddress(sender); err == nil {
		sender = a.Address
	}
	return strings.ToLower(sender)
}

// messageKey is a Message-ID without angle brackets or spaces.
func messageKey(id string) string {
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(id), "<>"))
}

// codeKey is a programme code for matching: spaces collapsed, upper case.
func codeKey(code string) string {
	return strings.ToUpper(strings.Join(strings.Fields(code), " "))
}

// messageIdent names a mail message in message_parts: by Message-ID, else
// by mail key; "" when neither is known.
func messageIdent(messageKey string, k *MailKey) string {
	switch {
	case messageKey != "":
		return "id:" + messageKey
	case k != nil:
		return "uid:" + strings.Join([]string{k.Account, k.Mailbox,
			strconv.FormatUint(uint64(k.UIDValidity), 10), strconv.FormatUint(uint64(k.UID), 10)}, "\n")
	}
	return ""
}

// readable reports whether a submission was read as a form, and so takes
// part in supersession and live claims.
func readable(form stpclaims.FormKind, st stpclaims.Status) bool {
	switch form {
	case stpclaims.FormAnnexureII, stpclaims.FormTABill, stpclaims.FormSettlement:
		return st != stpclaims.StatusUnreadable
	}
	return false
}

// Enter records one processed submission, its findings and its reply
// atomically, and supersedes the same sender's earlier live claim of the same
// form and programme code. When the same sha256 and sheet (and so the same
// Message-ID with the same sha256) were entered before, it enters nothing
// and returns the earlier id with already=true; it then only notes, for
// MessageEntered, that this message's part is done. (An entry made before
// sheets were recorded, with no sheet, stands for every sheet of its bytes.)
//
// When Enter returns without error, the rows are on disk.
func (s *Store) Enter(ctx context.Context, e Entry) (id int64, already bool, err error) {
	r, err := checkEntry(e)
	if err != nil {
		return 0, false, err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, false, fmt.Errorf("store: enter %s: begin: %w", e.Submission.Name, err)
	}
	defer tx.Rollback()
	if id, already, err = enterTx(ctx, tx, e, r); err != nil {
		return 0, false, fmt.Errorf("store: enter %s: %w", e.Submission.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return 0, false, fmt.Errorf("store: enter %s: commit: %w", e.Submission.Name, err)
	}
	return id, already, nil
}

// EnterMessage records every workbook of one mail message (a workbook of
// several forms as one entry a form) and the one reply that answers them
// all, in one transaction. An entry whose bytes and sheet were entered
// before is skipped as Enter skips it. The reply is queued, due at the
// latest Processed, unless this message (by Message-ID, else by mail key)
// was entered before; it is tied to the first submission newly entered.
// Each entry's Parts counts as the number of distinct workbooks (sha256)
// among the entries at least, so once EnterMessage returns, MessageEntered
// is true for the message.
//
// The entries must all come from one message, or all be the forms of one
// dropped file (no message, reply nil); an Entry's own Reply, if any, is
// queued as Enter would.
func (s *Store) EnterMessage(ctx context.Context, entries []Entry, reply *stpclaims.Reply) error {
	if len(entries) == 0 {
		return fmt.Errorf("%w: a message with no entries (queue a lone reply with QueueReply)", ErrBadEntry)
	}
	files := map[string]bool{}
	for _, e := range entries {
		files[strings.ToLower(strings.TrimSpace(e.Submission.SHA256))] = true
	}
	rows := make([]entryRow, len(entries))
	var due time.Time
	for i, e := range entries {
		e.Parts = max(e.Parts, len(files))
		r, err := checkEntry(e)
		if err != nil {
			return fmt.Errorf("%w (part %d, %s)", err, i+1, e.Submission.Name)
		}
		if i > 0 && r.message != rows[0].message {
			return fmt.Errorf("%w: part %d (%s) is from another message", ErrBadEntry, i+1, e.Submission.Name)
		}
		rows[i] = r
		if e.Processed.After(due) {
			due = e.Processed
		}
	}
	message := rows[0].message
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: enter message %s: begin: %w", message, err)
	}
	defer tx.Rollback()

	seen := false
	if message != "" {
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM message_parts WHERE message = ?)`,
			message).Scan(&seen); err != nil {
			return fmt.Errorf("store: enter message %s: %w", message, err)
		}
	}
	var first sql.NullInt64
	for i, e := range entries {
		id, already, err := enterTx(ctx, tx, e, rows[i])
		if err != nil {
			return fmt.Errorf("store: enter message %s: part %d (%s): %w", message, i+1, e.Submission.Name, err)
		}
		if !already && !first.Valid {
			first = sql.NullInt64{Int64: id, Valid: true}
		}
	}
	if reply != nil && !seen {
		if _, err := insertReply(ctx, tx, first, *reply, due); err != nil {
			return fmt.Errorf("store: enter message %s: %w", message, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: enter message %s: commit: %w", message, err)
	}
	return nil
}

// enterTx does Enter's work inside tx.
func enterTx(ctx context.Context, tx *sql.Tx, e Entry, r entryRow) (id int64, already bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT id FROM submissions WHERE sha256 = ? AND sheet IN (?, '') ORDER BY id LIMIT 1`,
		r.sha, r.sheet).Scan(&id)
	switch {
	case err == nil:
		if err := notePart(ctx, tx, r, id); err != nil {
			return 0, false, err
		}
		return id, true, nil
	case !errors.Is(err, sql.ErrNoRows):
		return 0, false, fmt.Errorf("look up sha256: %w", err)
	}

	if id, err = insertSubmission(ctx, tx, e, r); err != nil {
		return 0, false, err
	}
	if err := insertFindings(ctx, tx, id, e.Report.Findings); err != nil {
		return 0, false, err
	}
	if err := insertBillRows(ctx, tx, id, e.BillRows); err != nil {
		return 0, false, err
	}
	if readable(r.form, e.Report.Status) {
		if err := insertFacts(ctx, tx, id, e.Report); err != nil {
			return 0, false, err
		}
	}
	if readable(r.form, e.Report.Status) {
		if err := supersede(ctx, tx, r); err != nil {
			return 0, false, err
		}
	}
	if err := notePart(ctx, tx, r, id); err != nil {
		return 0, false, err
	}
	if e.Reply != nil {
		if _, err := insertReply(ctx, tx, sql.NullInt64{Int64: id, Valid: true}, *e.Reply, e.Processed); err != nil {
			return 0, false, err
		}
	}
	return id, false, nil
}

func insertSubmission(ctx context.Context, tx *sql.Tx, e Entry, r entryRow) (int64, error) {
	var account, mailbox sql.NullString
	var uidValidity, uid sql.NullInt64
	if k := e.MailKey; k != nil {
		account = sql.NullString{String: k.Account, Valid: true}
		mailbox = sql.NullString{String: k.Mailbox, Valid: true}
		uidValidity = sql.NullInt64{Int64: int64(k.UIDValidity), Valid: true}
		uid = sql.NullInt64{Int64: int64(k.UID), Valid: true}
	}
	sub := e.Submission
	res, err := tx.ExecContext(ctx, `INSERT INTO submissions
		(source, file, sender, sender_key, message_id, message_key,
		 mail_account, mail_mailbox, mail_uidvalidity, mail_uid,
		 sha256, sheet, received, form, programme_code, code_key, status, report_json, processed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		string(sub.Source), sub.Name, sub.Sender, r.senderKey, sub.MessageID, r.messageKey,
		account, mailbox, uidValidity, uid,
		r.sha, r.sheet, timeText(sub.Received), string(r.form), e.Report.ProgrammeCode, r.codeKey,
		string(e.Report.Status), r.reportJSON, timeText(e.Processed))
	if err != nil {
		return 0, fmt.Errorf("insert submission: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("insert submission: %w", err)
	}
	return id, nil
}

// nullDecimal writes an amount as decimal text, or NULL.
func nullDecimal(d decimal.NullDecimal) sql.NullString {
	if !d.Valid {
		return sql.NullString{}
	}
	return sql.NullString{String: d.Decimal.String(), Valid: true}
}

func insertFindings(ctx context.Context, tx *sql.Tx, id int64, fs []stpclaims.Finding) error {
	if len(fs) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO findings
		(submission_id, seq, rule, clause, severity, cell, row, field, claimed, allowed, admissible, message)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("insert findings: %w", err)
	}
	defer st.Close()
	for i, f := range fs {
		if _, err := st.ExecContext(ctx, id, i, f.Rule, f.Clause, string(f.Severity), f.Cell, f.Row, f.Field,
			nullDecimal(f.Claimed), nullDecimal(f.Allowed), nullDecimal(f.Admissible), f.Message); err != nil {
			return fmt.Errorf("insert finding %d (%s): %w", i, f.Rule, err)
		}
	}
	return nil
}

// supersedeQuery finds the live claims of one form, programme and sender.
// The form's unary + keeps SQLite from reading them through the index on
// (form, received), every claim of the form in the order asked, rather than
// through the programme's: in a store of 100,000 programmes that made each
// claim entered read some 50,000 rows.
const supersedeQuery = `SELECT id FROM submissions
	WHERE superseded_by IS NULL AND +form = ? AND code_key = ? AND sender_key = ? AND status <> ?`

// liveOfProgramme is the WHERE clause of the live, readable claims of one
// form (the second argument) and programme (the first), read through the
// programme's index as supersedeQuery is.
const liveOfProgramme = ` WHERE code_key = ? AND +form = ? AND superseded_by IS NULL AND status <> ?`

// supersede leaves one live claim per form, programme code and sender: the
// one received last (the later entered on a tie). Every other live one,
// the new entry included when an entry received later is already live, is
// marked superseded by it. Folder drops with no sender all count as one
// sender, the finance desk (stpclaims.AuthorOf). Otherwise, without a
// sender or a programme code nothing is superseded: a claim whose author is
// unknown stays live.
func supersede(ctx context.Context, tx *sql.Tx, r entryRow) error {
	if r.codeKey == "" || (r.senderKey == "" && !r.folderDrop) {
		return nil
	}
	folder := ""
	if r.folderDrop {
		folder = ` AND source = 'folder'`
	}
	rows, err := tx.QueryContext(ctx, supersedeQuery+folder+` ORDER BY received DESC, id DESC`,
		string(r.form), r.codeKey, r.senderKey, string(stpclaims.StatusUnreadable))
	if err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var x int64
		if err := rows.Scan(&x); err != nil {
			rows.Close()
			return fmt.Errorf("supersede: %w", err)
		}
		ids = append(ids, x)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("supersede: %w", err)
	}
	if len(ids) < 2 { // the new entry alone
		return nil
	}
	latest := ids[0]
	for _, x := range ids[1:] {
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET superseded_by = ? WHERE id = ?`, latest, x); err != nil {
			return fmt.Errorf("supersede %d by %d: %w", x, latest, err)
		}
	}
	return nil
}

// notePart records that this message's part with these bytes is entered.
func notePart(ctx context.Context, tx *sql.Tx, r entryRow, id int64) error {
	if r.message == "" {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO message_parts (message, sha256, parts, submission_id)
		VALUES (?, ?, ?, ?) ON CONFLICT (message, sha256) DO UPDATE SET parts = max(parts, excluded.parts)`,
		r.message, r.sha, r.parts, id); err != nil {
		return fmt.Errorf("note message part: %w", err)
	}
	return nil
}

// Entered reports whether these bytes were already entered, and what is
// known of the earlier entry (the first, for a workbook of several forms).
func (s *Store) Entered(ctx context.Context, sha string) (Prior, bool, error) {
	var p Prior
	var status string
	var received sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT id, status, received, file FROM submissions WHERE sha256 = ? ORDER BY id LIMIT 1`,
		strings.ToLower(strings.TrimSpace(sha))).Scan(&p.ID, &status, &received, &p.File)
	if errors.Is(err, sql.ErrNoRows) {
		return Prior{}, false, nil
	}
	if err != nil {
		return Prior{}, false, fmt.Errorf("store: entered %s: %w", sha, err)
	}
	p.Status = stpclaims.Status(status)
	if p.Received, err = parseTime(received); err != nil {
		return Prior{}, false, err
	}
	return p, true, nil
}

// MessageEntered reports whether every part of this message was entered:
// by Message-ID, or by mail key when the message has no Message-ID. A
// message is done when as many distinct parts were entered (or found
// already entered) as the largest Entry.Parts given for it.
func (s *Store) MessageEntered(ctx context.Context, messageID string, key MailKey) (bool, error) {
	ident := messageIdent(messageKey(messageID), &key)
	var n, parts int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*), coalesce(max(parts), 0) FROM message_parts WHERE message = ?`,
		ident).Scan(&n, &parts); err != nil {
		return false, fmt.Errorf("store: message entered %q: %w", messageID, err)
	}
	return n > 0 && n >= parts, nil
}
