package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"stpclaims"
)

// Outgoing is a queued reply, as DueReplies hands it to the sender.
type Outgoing struct {
	ID          int64
	Reply       stpclaims.Reply
	Attempts    int // tries so far
	NextAttempt time.Time
	Queued      time.Time
	// Pending are the recipients (as written in To and Cc) not yet sent
	// to nor given up; Refused are those given up.
	Pending []string
	Refused []Refusal
	// Notice marks a delivery notice (about another reply not delivered).
	Notice bool
}

// Refusal is a recipient given up, with the server's code (0: the address
// is not one) and words.
type Refusal struct {
	Addr   string
	Code   int
	Detail string
}

// outboxState is the outbox's state column; hold is on top of it.
const (
	stateQueued = "queued"
	stateSent   = "sent"

	holdNone    = ""
	holdParked  = "parked"
	holdDropped = "dropped"

	kindReply  = "reply"
	kindNotice = "delivery-notice"

	// ActorDaemon is the actor of what the daemon itself records.
	ActorDaemon = "stpclaims"
)

func jsonList(l []string) (string, error) {
	if l == nil {
		l = []string{}
	}
	b, err := json.Marshal(l)
	return string(b), err
}

func insertReply(ctx context.Context, tx *sql.Tx, submission sql.NullInt64, r stpclaims.Reply, at time.Time) (int64, error) {
	return insertOutgoing(ctx, tx, submission, r, at, kindReply)
}

func insertOutgoing(ctx context.Context, tx *sql.Tx, submission sql.NullInt64, r stpclaims.Reply, at time.Time, kind string) (int64, error) {
	to, err := jsonList(r.To)
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	cc, err := jsonList(r.Cc)
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	refs, err := jsonList(r.References)
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox
		(submission_id, to_addrs, cc_addrs, subject, in_reply_to, refs, body, state, next_attempt, queued, kind)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		submission, to, cc, r.Subject, r.InReplyTo, refs, r.Body, stateQueued, timeText(at), timeText(at), kind)
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	seq := 0
	for _, l := range []struct {
		role  string
		addrs []string
	}{{"to", r.To}, {"cc", r.Cc}} {
		for _, a := range l.addrs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_recipients (outbox_id, seq, addr, role, updated)
				VALUES (?, ?, ?, ?, ?)`, id, seq, a, l.role, timeText(at)); err != nil {
				return 0, fmt.Errorf("queue reply: recipient %q: %w", a, err)
			}
			seq++
		}
	}
	for i, a := range r.Attachments {
		data := a.Data
		if data == nil {
			data = []byte{}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, seq, name, content_type, data)
			VALUES (?, ?, ?, ?, ?)`, id, i, a.Name, a.ContentType, data); err != nil {
			return 0, fmt.Errorf("queue reply: attachment %q: %w", a.Name, err)
		}
	}
	return id, nil
}

// QueueReply queues a reply not tied to a submission (a quarantine notice, a
// "no workbook attached" answer), due at at.
func (s *Store) QueueReply(ctx context.Context, r stpclaims.Reply, at time.Time) (int64, error) {
	if at.IsZero() {
		return 0, fmt.Errorf("store: queue reply: %w: no due time", ErrBadEntry)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: queue reply: begin: %w", err)
	}
	defer tx.Rollback()
	id, err := insertReply(ctx, tx, sql.NullInt64{}, r, at)
	if err != nil {
		return 0, fmt.Errorf("store: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: queue reply: commit: %w", err)
	}
	return id, nil
}

// DueReplies returns up to limit queued replies, neither parked nor
// dropped, whose next attempt is at or before now, the longest waiting
// first, with their attachments and recipients.
func (s *Store) DueReplies(ctx context.Context, now time.Time, limit int) ([]Outgoing, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, to_addrs, cc_addrs, subject, in_reply_to, refs, body,
		attempts, next_attempt, queued, kind FROM outbox WHERE state = ? AND hold = '' AND next_attempt <= ?
		ORDER BY next_attempt, id LIMIT ?`, stateQueued, timeText(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due replies: %w", err)
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		var o Outgoing
		var to, cc, refs, kind string
		var next, queued sql.NullString
		if err := rows.Scan(&o.ID, &to, &cc, &o.Reply.Subject, &o.Reply.InReplyTo, &refs, &o.Reply.Body,
			&o.Attempts, &next, &queued, &kind); err != nil {
			return nil, fmt.Errorf("store: due replies: %w", err)
		}
		if err := decodeLists(o.ID, &o.Reply, to, cc, refs); err != nil {
			return nil, err
		}
		if o.NextAttempt, err = parseTime(next); err != nil {
			return nil, err
		}
		if o.Queued, err = parseTime(queued); err != nil {
			return nil, err
		}
		o.Notice = kind == kindNotice
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: due replies: %w", err)
	}
	rows.Close()
	for i := range out {
		if out[i].Reply.Attachments, err = s.attachments(ctx, out[i].ID); err != nil {
			return nil, err
		}
		rs, err := s.recipients(ctx, s.read, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Pending = []string{}
		for _, r := range rs {
			switch r.State {
			case RecipientPending:
				out[i].Pending = append(out[i].Pending, r.Addr)
			case RecipientRefused:
				out[i].Refused = append(out[i].Refused, Refusal{Addr: r.Addr, Code: r.Code, Detail: r.Detail})
			}
		}
	}
	return out, nil
}

// decodeLists reads a reply's JSON address and reference lists.
func decodeLists(id int64, r *stpclaims.Reply, to, cc, refs string) error {
	for _, l := range []struct {
		text string
		dst  *[]string
	}{{to, &r.To}, {cc, &r.Cc}, {refs, &r.References}} {
		if err := json.Unmarshal([]byte(l.text), l.dst); err != nil {
			return fmt.Errorf("store: reply %d: %w", id, err)
		}
		if len(*l.dst) == 0 {
			*l.dst = nil
		}
	}
	return nil
}

func (s *Store) attachments(ctx context.Context, outboxID int64) ([]stpclaims.Attachment, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT name, content_type, data FROM outbox_attachments
		WHERE outbox_id = ? ORDER BY seq`, outboxID)
	if err != nil {
		return nil, fmt.Errorf("store: attachments of reply %d: %w", outboxID, err)
	}
	defer rows.Close()
	var as []stpclaims.Attachment
	for rows.Next() {
		var a stpclaims.Attachment
		if err := rows.Scan(&a.Name, &a.ContentType, &a.Data); err != nil {
			return nil, fmt.Errorf("store: attachments of reply %d: %w", outboxID, err)
		}
		as = append(as, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: attachments of reply %d: %w", outboxID, err)
	}
	return as, nil
}

// MarkSent records that reply id was sent at at to every recipient still
// pending; it is not due again. Marking a sent reply sent again changes
// nothing.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	err := s.recordAttempt(ctx, id, Attempt{At: at}, true)
	if errors.Is(err, ErrAlreadySent) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: mark reply %d sent: %w", id, err)
	}
	return nil
}

// MarkRetry records a failed attempt at reply id and when to try again.
func (s *Store) MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error {
	if err := s.recordAttempt(ctx, id, Attempt{At: next, Err: lastErr, Next: next}, false); err != nil {
		return fmt.Errorf("store: retry reply %d: %w", id, err)
	}
	return nil
}

// Attempt is what one attempt at sending a queued reply came to.
type Attempt struct {
	At        time.Time
	Delivered []string  // recipients the server took it for
	Refused   []Refusal // recipients given up on
	Err       string    // what went wrong, "" if nothing did
	Next      time.Time // when to try the recipients still pending
	Park      bool      // give the reply up: it stays, parked, for an operator
	// Notices are delivery notices to queue with it, due at At.
	Notices []stpclaims.Reply
}

// RecordAttempt records one attempt at reply id, in one transaction with
// its notices: the recipients it reached are sent, those refused are given
// up (and logged), and the reply is done when none is pending, else parked
// (logged) or due again at Next. A reply already done is ErrAlreadySent; an
// unknown one ErrNotFound.
func (s *Store) RecordAttempt(ctx context.Context, id int64, a Attempt) error {
	if err := s.recordAttempt(ctx, id, a, false); err != nil {
		return fmt.Errorf("store: record attempt at reply %d: %w", id, err)
	}
	return nil
}

// recordAttempt is RecordAttempt; all marks every pending recipient sent.
func (s *Store) recordAttempt(ctx context.Context, id int64, a Attempt, all bool) error {
	if a.At.IsZero() {
		return fmt.Errorf("%w: no time", ErrBadEntry)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	st, _, err := outboxState(ctx, tx, id)
	if err != nil {
		return err
	}
	if st == stateSent {
		return ErrAlreadySent
	}
	at := timeText(a.At)
	if all {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_recipients SET state = 'sent', updated = ?
			WHERE outbox_id = ? AND state = 'pending'`, at, id); err != nil {
			return err
		}
	}
	for _, addr := range a.Delivered {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_recipients SET state = 'sent', updated = ?
			WHERE outbox_id = ? AND state = 'pending' AND addr = ?`, at, id, addr); err != nil {
			return err
		}
	}
	for _, f := range a.Refused {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_recipients SET state = 'refused', code = ?, detail = ?, updated = ?
			WHERE outbox_id = ? AND state = 'pending' AND addr = ?`, f.Code, f.Detail, at, id, f.Addr); err != nil {
			return err
		}
		if err := logOutbox(ctx, tx, id, a.At, "refused", refusalText(f), ActorDaemon); err != nil {
			return err
		}
	}
	var pending, reached int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = 'sent')
		FROM outbox_recipients WHERE outbox_id = ?`, id).Scan(&pending, &reached); err != nil {
		return err
	}
	// Nobody left to try and nobody reached: nothing more can be done
	// without an operator.
	a.Park = a.Park || pending == 0 && reached == 0
	switch {
	case pending == 0 && reached > 0:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET state = ?, sent = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`,
			stateSent, at, a.Err, id)
	case a.Park:
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET hold = ?, attempts = attempts + 1, last_error = ? WHERE id = ?`,
			holdParked, a.Err, id)
		if err == nil {
			err = logOutbox(ctx, tx, id, a.At, "parked", a.Err, ActorDaemon)
		}
	default:
		if a.Next.IsZero() {
			return fmt.Errorf("%w: recipients pending and no next attempt", ErrBadEntry)
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ? WHERE id = ?`,
			a.Err, timeText(a.Next), id)
	}
	if err != nil {
		return err
	}
	for _, n := range a.Notices {
		if _, err := insertOutgoing(ctx, tx, sql.NullInt64{}, n, a.At, kindNotice); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func refusalText(f Refusal) string {
	if f.Code == 0 {
		return f.Addr + ": " + f.Detail
	}
	return fmt.Sprintf("%s: %d %s", f.Addr, f.Code, f.Detail)
}

// querier is a *sql.DB or *sql.Tx.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// outboxState returns reply id's state and hold, or ErrNotFound.
func outboxState(ctx context.Context, q querier, id int64) (state, hold string, err error) {
	err = q.QueryRowContext(ctx, `SELECT state, hold FROM outbox WHERE id = ?`, id).Scan(&state, &hold)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", ErrNotFound
	}
	return state, hold, err
}

func logOutbox(ctx context.Context, tx *sql.Tx, id int64, at time.Time, action, detail, actor string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox_log (outbox_id, at, action, detail, actor) VALUES (?, ?, ?, ?, ?)`,
		id, timeText(at), action, detail, actor)
	if err != nil {
		return fmt.Errorf("log %s: %w", action, err)
	}
	return nil
}

// OutboxDepth is the number of replies queued and not yet sent, parked or
// dropped.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = ? AND hold = ''`, stateQueued).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return n, nil
}
