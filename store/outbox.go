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
}

// outboxState is the outbox's state column.
const (
	stateQueued = "queued"
	stateSent   = "sent"
)

func jsonList(l []string) (string, error) {
	if l == nil {
		l = []string{}
	}
	b, err := json.Marshal(l)
	return string(b), err
}

func insertReply(ctx context.Context, tx *sql.Tx, submission sql.NullInt64, r stpclaims.Reply, at time.Time) (int64, error) {
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
		(submission_id, to_addrs, cc_addrs, subject, in_reply_to, refs, body, state, next_attempt, queued)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		submission, to, cc, r.Subject, r.InReplyTo, refs, r.Body, stateQueued, timeText(at), timeText(at))
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("queue reply: %w", err)
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

// DueReplies returns up to limit queued replies whose next attempt is at or
// before now, the longest waiting first, with their attachments.
func (s *Store) DueReplies(ctx context.Context, now time.Time, limit int) ([]Outgoing, error) {
	if limit <= 0 {
		return nil, nil
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, to_addrs, cc_addrs, subject, in_reply_to, refs, body,
		attempts, next_attempt FROM outbox WHERE state = ? AND next_attempt <= ?
		ORDER BY next_attempt, id LIMIT ?`, stateQueued, timeText(now), limit)
	if err != nil {
		return nil, fmt.Errorf("store: due replies: %w", err)
	}
	defer rows.Close()
	var out []Outgoing
	for rows.Next() {
		var o Outgoing
		var to, cc, refs string
		var next sql.NullString
		if err := rows.Scan(&o.ID, &to, &cc, &o.Reply.Subject, &o.Reply.InReplyTo, &refs, &o.Reply.Body,
			&o.Attempts, &next); err != nil {
			return nil, fmt.Errorf("store: due replies: %w", err)
		}
		for _, l := range []struct {
			text string
			dst  *[]string
		}{{to, &o.Reply.To}, {cc, &o.Reply.Cc}, {refs, &o.Reply.References}} {
			if err := json.Unmarshal([]byte(l.text), l.dst); err != nil {
				return nil, fmt.Errorf("store: due replies: reply %d: %w", o.ID, err)
			}
			if len(*l.dst) == 0 {
				*l.dst = nil
			}
		}
		if o.NextAttempt, err = parseTime(next); err != nil {
			return nil, err
		}
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
	}
	return out, nil
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

// MarkSent records that reply id was sent at at; it is not due again.
// Marking a sent reply sent again changes nothing.
func (s *Store) MarkSent(ctx context.Context, id int64, at time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE outbox SET state = ?, sent = ?, attempts = attempts + 1, last_error = ''
		WHERE id = ? AND state = ?`, stateSent, timeText(at), id, stateQueued)
	if err != nil {
		return fmt.Errorf("store: mark reply %d sent: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: mark reply %d sent: %w", id, err)
	} else if n == 1 {
		return nil
	}
	if _, err := s.outboxState(ctx, id); err != nil {
		return fmt.Errorf("store: mark reply %d sent: %w", id, err)
	}
	return nil // already sent
}

// MarkRetry records a failed attempt at reply id and when to try again.
func (s *Store) MarkRetry(ctx context.Context, id int64, lastErr string, next time.Time) error {
	res, err := s.write.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt = ?
		WHERE id = ? AND state = ?`, lastErr, timeText(next), id, stateQueued)
	if err != nil {
		return fmt.Errorf("store: retry reply %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("store: retry reply %d: %w", id, err)
	} else if n == 1 {
		return nil
	}
	if _, err := s.outboxState(ctx, id); err != nil {
		return fmt.Errorf("store: retry reply %d: %w", id, err)
	}
	return fmt.Errorf("store: retry reply %d: %w", id, ErrAlreadySent)
}

func (s *Store) outboxState(ctx context.Context, id int64) (string, error) {
	var st string
	err := s.write.QueryRowContext(ctx, `SELECT state FROM outbox WHERE id = ?`, id).Scan(&st)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return st, err
}

// OutboxDepth is the number of replies queued and not yet sent.
func (s *Store) OutboxDepth(ctx context.Context) (int, error) {
	var n int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state = ?`, stateQueued).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return n, nil
}
