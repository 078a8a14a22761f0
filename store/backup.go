package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// CheckWritable proves a write still reaches the file (not read-only, not
// full, not locked past the busy timeout) by updating one row kept for it.
func (s *Store) CheckWritable(ctx context.Context, now time.Time) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO health (id, checked) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET checked = excluded.checked`, timeText(now))
	if err != nil {
		return fmt.Errorf("store: not writable: %w", err)
	}
	return nil
}

// BackupInfo describes a backup written by Backup.
type BackupInfo struct {
	Path        string
	Bytes       int64
	Schema      int
	Submissions int
}

// Backup writes a consistent copy of the store to dst while others go on
// writing: SQLite's VACUUM INTO reads one snapshot (a read transaction; in
// WAL mode writers are not held up) into a new file beside dst, which is
// synced, checked (PRAGMA integrity_check) and renamed over dst. The copy
// holds every transaction committed before Backup began. It uses a
// connection of its own, so the store's writer is not held either.
func (s *Store) Backup(ctx context.Context, dst string) (BackupInfo, error) {
	info := BackupInfo{Path: dst}
	abs, err := filepath.Abs(dst)
	if err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	if same, err := samePath(abs, s.path); err != nil || same {
		return info, fmt.Errorf("store: backup: %w: %s is the store itself", ErrBadPath, dst)
	}
	var suffix [6]byte
	_, _ = rand.Read(suffix[:])
	tmp := filepath.Join(filepath.Dir(abs), "."+filepath.Base(abs)+".tmp-"+hex.EncodeToString(suffix[:]))
	defer os.Remove(tmp)

	db, err := sql.Open("sqlite", s.path+"?"+commonParams().Encode())
	if err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, "VACUUM INTO ?", tmp)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return info, fmt.Errorf("store: backup into %s: %w", dst, err)
	}
	if err := syncFile(tmp); err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	if info, err = checkBackup(ctx, tmp); err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	if err := os.Rename(tmp, abs); err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	info.Path = dst
	if err := syncFile(filepath.Dir(abs)); err != nil {
		return info, fmt.Errorf("store: backup: %w", err)
	}
	return info, nil
}

// checkBackup opens a written backup read-only and checks it whole.
func checkBackup(ctx context.Context, path string) (BackupInfo, error) {
	info := BackupInfo{Path: path}
	q := commonParams()
	q.Set("mode", "ro")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return info, err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&check); err != nil {
		return info, fmt.Errorf("integrity check: %w", err)
	}
	if check != "ok" {
		return info, fmt.Errorf("integrity check: %s", check)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&info.Schema); err != nil {
		return info, err
	}
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM submissions").Scan(&info.Submissions); err != nil {
		return info, err
	}
	fi, err := os.Stat(path)
	if err != nil {
		return info, err
	}
	info.Bytes = fi.Size()
	return info, nil
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return errors.Join(f.Sync(), f.Close())
}

// samePath reports whether a and b name the same file (b may not exist yet:
// then they are compared as absolute paths).
func samePath(a, b string) (bool, error) {
	ai, errA := os.Stat(a)
	bi, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ai, bi), nil
	}
	absB, err := filepath.Abs(b)
	if err != nil {
		return false, err
	}
	return filepath.Clean(a) == filepath.Clean(absB), nil
}
