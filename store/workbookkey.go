package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"stpclaims/internal/seal"
)

// ErrNoWorkbookKey: the store holds no key to seal workbooks with (Open
// makes one; only a hand-edited file lacks it).
var ErrNoWorkbookKey = errors.New("store: no workbook key")

// ensureWorkbookKey makes the key that seals the workbooks handed out
// (package internal/seal), when the store has none: 32 bytes from
// crypto/rand, once. Two processes opening a new store at once keep the
// first one's.
func ensureWorkbookKey(ctx context.Context, db *sql.DB, now time.Time) error {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM workbook_key").Scan(&n); err != nil {
		return fmt.Errorf("workbook key: %w", err)
	}
	if n > 0 {
		return nil
	}
	key := make([]byte, seal.KeySize)
	if _, err := rand.Read(key); err != nil {
		return fmt.Errorf("workbook key: %w", err)
	}
	if _, err := db.ExecContext(ctx, "INSERT INTO workbook_key (id, key, made) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING",
		key, timeText(now)); err != nil {
		return fmt.Errorf("workbook key: %w", err)
	}
	return nil
}

// WorkbookKey is the key the workbooks handed out to be returned (review,
// Sanctions) are sealed with and checked against. It is the same for the
// life of the store and of its backups; it never prints itself.
func (s *Store) WorkbookKey(ctx context.Context) (seal.Key, error) {
	var b []byte
	err := s.read.QueryRowContext(ctx, "SELECT key FROM workbook_key WHERE id = 1").Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return seal.Key{}, ErrNoWorkbookKey
	}
	if err != nil {
		return seal.Key{}, fmt.Errorf("store: workbook key: %w", err)
	}
	k, err := seal.NewKey(b)
	if err != nil {
		return seal.Key{}, fmt.Errorf("store: workbook key: %w", err)
	}
	return k, nil
}
