package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// MailboxState returns how far a mailbox was read: its UIDVALIDITY and the
// last UID whose message is fully entered. Both are 0 for a mailbox never
// seen.
func (s *Store) MailboxState(ctx context.Context, account, mailbox string) (uidValidity, lastUID uint32, err error) {
	var v, u int64
	err = s.read.QueryRowContext(ctx, `SELECT uidvalidity, last_uid FROM mailbox_state WHERE account = ? AND mailbox = ?`,
		account, mailbox).Scan(&v, &u)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("store: mailbox state %s/%s: %w", account, mailbox, err)
	}
	return uint32(v), uint32(u), nil
}

// SetMailboxState records how far a mailbox was read. A new UIDVALIDITY
// replaces the old one with its last UID.
func (s *Store) SetMailboxState(ctx context.Context, account, mailbox string, uidValidity, lastUID uint32) error {
	if _, err := s.write.ExecContext(ctx, `INSERT INTO mailbox_state (account, mailbox, uidvalidity, last_uid, updated)
		VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (account, mailbox) DO UPDATE SET
			uidvalidity = excluded.uidvalidity, last_uid = excluded.last_uid, updated = excluded.updated`,
		account, mailbox, int64(uidValidity), int64(lastUID), timeText(time.Now())); err != nil {
		return fmt.Errorf("store: set mailbox state %s/%s: %w", account, mailbox, err)
	}
	return nil
}
