package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Recipient states.
const (
	RecipientPending  = "pending"
	RecipientSent     = "sent"
	RecipientRefused  = "refused"
	RecipientReplaced = "replaced"
)

// Reply states as ListOutbox reports them.
const (
	ReplyQueued  = "queued"
	ReplyParked  = "parked"
	ReplyDropped = "dropped"
	ReplySent    = "sent"
)

// ErrOutboxState: the operation does not apply to the reply as it stands
// (a reply already sent cannot be dropped or redirected).
var ErrOutboxState = errors.New("store: not possible for this reply now")

// Recipient is one recipient of a queued reply and how far it got.
type Recipient struct {
	Addr    string // as written in the reply's To or Cc
	Role    string // "to" (a main recipient) or "cc"
	State   string // RecipientPending, RecipientSent, RecipientRefused or RecipientReplaced
	Code    int    // the SMTP code of a refusal
	Detail  string // the server's words
	Updated time.Time
}

// OutboxLogEntry is one thing that became of a reply.
type OutboxLogEntry struct {
	At     time.Time
	Action string // refused, parked, retry, drop, send-to
	Detail string
	Actor  string // ActorDaemon, or the operator's name
}

// OutboxEntry is one reply in the outbox, for an operator.
type OutboxEntry struct {
	ID          int64
	Submission  int64  // 0 when the reply is not tied to a submission
	Kind        string // "reply" or "delivery-notice"
	State       string // ReplyQueued, ReplyParked, ReplyDropped or ReplySent
	Subject     string
	Attempts    int
	LastError   string
	Queued      time.Time
	NextAttempt time.Time
	Sent        time.Time
	Recipients  []Recipient
	Log         []OutboxLogEntry
}

func (s *Store) recipients(ctx context.Context, q querier, id int64) ([]Recipient, error) {
	rows, err := q.QueryContext(ctx, `SELECT addr, role, state, code, detail, updated FROM outbox_recipients
		WHERE outbox_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("store: recipients of reply %d: %w", id, err)
	}
	defer rows.Close()
	var out []Recipient
	for rows.Next() {
		var r Recipient
		var updated sql.NullString
		if err := rows.Scan(&r.Addr, &r.Role, &r.State, &r.Code, &r.Detail, &updated); err != nil {
			return nil, fmt.Errorf("store: recipients of reply %d: %w", id, err)
		}
		if r.Updated, err = parseTime(updated); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: recipients of reply %d: %w", id, err)
	}
	return out, nil
}

// ListOutbox returns the replies not yet done (queued or parked), oldest
// first, with their recipients and log; with all, also those sent and
// dropped.
func (s *Store) ListOutbox(ctx context.Context, all bool) ([]OutboxEntry, error) {
	where := `WHERE state = 'queued' AND hold <> 'dropped'`
	if all {
		where = ""
	}
	rows, err := s.read.QueryContext(ctx, `SELECT id, coalesce(submission_id, 0), kind, state, hold, subject, attempts,
		last_error, queued, next_attempt, sent FROM outbox `+where+` ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	defer rows.Close()
	var out []OutboxEntry
	for rows.Next() {
		var e OutboxEntry
		var state, hold string
		var queued, next, sent sql.NullString
		if err := rows.Scan(&e.ID, &e.Submission, &e.Kind, &state, &hold, &e.Subject, &e.Attempts,
			&e.LastError, &queued, &next, &sent); err != nil {
			return nil, fmt.Errorf("store: list outbox: %w", err)
		}
		e.State = replyState(state, hold)
		for _, t := range []struct {
			s   sql.NullString
			dst *time.Time
		}{{queued, &e.Queued}, {next, &e.NextAttempt}, {sent, &e.Sent}} {
			if *t.dst, err = parseTime(t.s); err != nil {
				return nil, err
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: list outbox: %w", err)
	}
	rows.Close()
	for i := range out {
		if out[i].Recipients, err = s.recipients(ctx, s.read, out[i].ID); err != nil {
			return nil, err
		}
		if out[i].Log, err = s.outboxLog(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func replyState(state, hold string) string {
	switch {
	case state == stateSent:
		return ReplySent
	case hold == holdParked:
		return ReplyParked
	case hold == holdDropped:
		return ReplyDropped
	}
	return ReplyQueued
}

func (s *Store) outboxLog(ctx context.Context, id int64) ([]OutboxLogEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT at, action, detail, actor FROM outbox_log WHERE outbox_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: log of reply %d: %w", id, err)
	}
	defer rows.Close()
	var out []OutboxLogEntry
	for rows.Next() {
		var e OutboxLogEntry
		var at sql.NullString
		if err := rows.Scan(&at, &e.Action, &e.Detail, &e.Actor); err != nil {
			return nil, fmt.Errorf("store: log of reply %d: %w", id, err)
		}
		if e.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// operate runs an operator's change to reply id in one transaction, after
// checking the reply is not sent, and logs it.
func (s *Store) operate(ctx context.Context, id int64, at time.Time, action, actor string,
	change func(tx *sql.Tx, hold string) (detail string, err error)) error {
	if strings.TrimSpace(actor) == "" {
		return fmt.Errorf("store: %s reply %d: %w: no actor", action, id, ErrBadEntry)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: %s reply %d: begin: %w", action, id, err)
	}
	defer tx.Rollback()
	state, hold, err := outboxState(ctx, tx, id)
	if err != nil {
		return fmt.Errorf("store: %s reply %d: %w", action, id, err)
	}
	if state == stateSent {
		return fmt.Errorf("store: %s reply %d: %w: it was sent", action, id, ErrOutboxState)
	}
	detail, err := change(tx, hold)
	if err != nil {
		return fmt.Errorf("store: %s reply %d: %w", action, id, err)
	}
	if err := logOutbox(ctx, tx, id, at, action, detail, actor); err != nil {
		return fmt.Errorf("store: %s reply %d: %w", action, id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: %s reply %d: commit: %w", action, id, err)
	}
	return nil
}

// RetryReply makes reply id (queued, parked or dropped) due at at, its
// refused recipients pending again, and logs who asked.
func (s *Store) RetryReply(ctx context.Context, id int64, actor string, at time.Time) error {
	return s.operate(ctx, id, at, "retry", actor, func(tx *sql.Tx, hold string) (string, error) {
		res, err := tx.ExecContext(ctx, `UPDATE outbox_recipients SET state = 'pending', code = 0, detail = '', updated = ?
			WHERE outbox_id = ? AND state = 'refused'`, timeText(at), id)
		if err != nil {
			return "", err
		}
		n, _ := res.RowsAffected()
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET hold = '', next_attempt = ? WHERE id = ?`, timeText(at), id); err != nil {
			return "", err
		}
		detail := "due now"
		if hold != holdNone {
			detail = "was " + hold + "; due now"
		}
		if n > 0 {
			detail += fmt.Sprintf("; %d refused recipient(s) tried again", n)
		}
		return detail, nil
	})
}

// DropReply gives reply id up for good (it stays in the outbox, dropped)
// and logs who did it and why.
func (s *Store) DropReply(ctx context.Context, id int64, actor, reason string, at time.Time) error {
	return s.operate(ctx, id, at, "drop", actor, func(tx *sql.Tx, hold string) (string, error) {
		if hold == holdDropped {
			return "", fmt.Errorf("%w: already dropped", ErrOutboxState)
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET hold = 'dropped' WHERE id = ?`, id)
		return reason, err
	})
}

// RedirectReply sends reply id to addr instead of its recipients not yet
// reached: they are marked replaced, addr takes their place (as a main
// recipient if any of them was one, else as a copy) in the reply's headers
// too, and the reply is due at at, no longer parked or dropped. It is
// logged with the addresses replaced.
func (s *Store) RedirectReply(ctx context.Context, id int64, addr, actor string, at time.Time) error {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return fmt.Errorf("store: send-to reply %d: %w: no address", id, ErrBadEntry)
	}
	return s.operate(ctx, id, at, "send-to", actor, func(tx *sql.Tx, _ string) (string, error) {
		rs, err := s.recipients(ctx, tx, id)
		if err != nil {
			return "", err
		}
		var replaced []string
		role := "cc"
		for _, r := range rs {
			if r.State == RecipientPending || r.State == RecipientRefused {
				replaced = append(replaced, r.Addr)
				if r.Role == "to" {
					role = "to"
				}
			}
		}
		if len(replaced) == 0 {
			return "", fmt.Errorf("%w: every recipient has it", ErrOutboxState)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_recipients SET state = 'replaced', updated = ?
			WHERE outbox_id = ? AND state IN ('pending', 'refused')`, timeText(at), id); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_recipients (outbox_id, seq, addr, role, updated)
			VALUES (?, (SELECT coalesce(max(seq), -1) + 1 FROM outbox_recipients WHERE outbox_id = ?), ?, ?, ?)`,
			id, id, addr, role, timeText(at)); err != nil {
			return "", err
		}
		if err := rewriteHeaders(ctx, tx, id, replaced, addr, role); err != nil {
			return "", err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET hold = '', next_attempt = ? WHERE id = ?`, timeText(at), id); err != nil {
			return "", err
		}
		return strings.Join(replaced, ", ") + " → " + addr, nil
	})
}

// rewriteHeaders takes the replaced addresses out of reply id's To and Cc
// and puts addr in the list of role.
func rewriteHeaders(ctx context.Context, tx *sql.Tx, id int64, replaced []string, addr, role string) error {
	var toText, ccText string
	if err := tx.QueryRowContext(ctx, `SELECT to_addrs, cc_addrs FROM outbox WHERE id = ?`, id).Scan(&toText, &ccText); err != nil {
		return err
	}
	var to, cc []string
	if err := errors.Join(json.Unmarshal([]byte(toText), &to), json.Unmarshal([]byte(ccText), &cc)); err != nil {
		return err
	}
	keep := func(l []string) []string {
		var out []string
		for _, a := range l {
			gone := false
			for _, r := range replaced {
				gone = gone || strings.EqualFold(a, r)
			}
			if !gone {
				out = append(out, a)
			}
		}
		return out
	}
	to, cc = keep(to), keep(cc)
	if role == "to" {
		to = append(to, addr)
	} else {
		cc = append(cc, addr)
	}
	toJSON, err1 := jsonList(to)
	ccJSON, err2 := jsonList(cc)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE outbox SET to_addrs = ?, cc_addrs = ? WHERE id = ?`, toJSON, ccJSON, id)
	return err
}

// OutboxStats is what readiness and /metrics need of the outbox.
type OutboxStats struct {
	Queued int // replies still to be sent (not parked or dropped)
	Parked int
	// OldestUndelivered is when the oldest reply whose main recipient has
	// not got it yet (queued, not parked or dropped) was queued; zero when
	// there is none.
	OldestUndelivered time.Time
}

// OutboxStats counts the outbox.
func (s *Store) OutboxStats(ctx context.Context) (OutboxStats, error) {
	var st OutboxStats
	var oldest sql.NullString
	err := s.read.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE state = 'queued' AND hold = ''),
		count(*) FILTER (WHERE state = 'queued' AND hold = 'parked'),
		min(queued) FILTER (WHERE state = 'queued' AND hold = '' AND EXISTS (SELECT 1 FROM outbox_recipients r
			WHERE r.outbox_id = outbox.id AND r.role = 'to' AND r.state = 'pending'))
		FROM outbox`).Scan(&st.Queued, &st.Parked, &oldest)
	if err != nil {
		return st, fmt.Errorf("store: outbox stats: %w", err)
	}
	if st.OldestUndelivered, err = parseTime(oldest); err != nil {
		return st, err
	}
	return st, nil
}
