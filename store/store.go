// Package store is the durable record of stpclaims, kept in one SQLite file:
// every submission received and processed (with its report JSON, its
// findings, a TA bill's rows and which later revision superseded it), the
// facilitators' decisions on deviations (who, when, from which review
// workbook) and the review state they leave each claim in, the e-BT lists
// (each payment with the list it went out in, rows withdrawn from drafts,
// the Finance Division's upload mark), the notices sent about overdue
// advances, the outbox of replies waiting to be sent,
// and how far each mailbox has been read.
//
// Decide records a returned review workbook's decisions, refusing with a
// reason any from someone other than the programme's facilitator or on a
// claim that changed since (DecideAndNotify also queues, in the same
// transaction, the notices those decisions call for); QueueNotice queues a
// notice at most once per period per claim. EachSubmission and
// EachLiveBillRow read row by row for the ledger.
//
// The outbox keeps each reply's recipients on their own account
// (RecordAttempt: who got it, who was refused, parked when its main
// recipient never did); an operator lists it (ListOutbox) and retries,
// drops or redirects a reply (RetryReply, DropReply, RedirectReply), each
// logged with who and when. Backup writes a consistent copy of the whole
// file (VACUUM INTO) while the daemon writes on; CheckWritable proves a
// write still goes through.
//
// Enter (one file) and EnterMessage (every workbook of one mail and the one
// reply to it) write in one transaction that is on disk (WAL,
// synchronous=FULL) when they return, so a caller may then mark a mail
// processed or move a dropped file away. The same bytes (sha256) are never
// entered twice: Enter says "already" instead. A readable form supersedes
// the same sender's earlier live form of the same kind and programme code;
// both rows stay, as history.
//
// WorkbookKey is the key that seals the workbooks stpclaims hands out to be
// returned with decisions (package internal/seal): made from crypto/rand
// when the store is first opened, kept in the file, so a backup carries it.
//
// The store does not read workbooks, apply rules, send mail or keep the
// submitted files themselves (only their sha256); those are the callers'.
// Rule violations are findings it stores, never errors it returns. The
// schema is migrated at Open from the embedded migrations/NNNN_*.sql steps,
// tracked by PRAGMA user_version.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// Sentinel errors.
var (
	// ErrNotFound: no row has that id.
	ErrNotFound = errors.New("store: not found")
	// ErrSchemaTooNew: the file was written by a newer stpclaims.
	ErrSchemaTooNew = errors.New("store: schema newer than this program")
	// ErrBadEntry: an Entry lacks what the record needs (a sha256, a source).
	ErrBadEntry = errors.New("store: bad entry")
	// ErrAlreadySent: a reply already sent cannot be retried.
	ErrAlreadySent = errors.New("store: reply already sent")
	// ErrBadPath: the path cannot be used as an SQLite file name.
	ErrBadPath = errors.New("store: bad path")
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Store is an open record. Its methods are safe for concurrent use; writes
// go through one connection, one transaction at a time.
type Store struct {
	path  string
	write *sql.DB // one connection: the single writer
	read  *sql.DB // query-only connections
}

const busyTimeoutMS = 10000

// Open opens (creating if need be) the record at path and brings its schema
// up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("%w: %q", ErrBadPath, path)
	}
	common := commonParams()

	wq := url.Values{}
	for k, v := range common {
		wq[k] = v
	}
	wq.Set("_journal_mode", "WAL")
	wq.Set("_txlock", "immediate") // take the write lock at BEGIN: no upgrade deadlocks with other processes
	w, err := sql.Open("sqlite", path+"?"+wq.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: journal mode: %w", path, err)
	}
	if !strings.EqualFold(mode, "wal") {
		w.Close()
		return nil, fmt.Errorf("store: open %s: journal mode is %q, not wal", path, mode)
	}
	if err := migrate(ctx, w, migrationFiles); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	if err := ensureWorkbookKey(ctx, w, time.Now()); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}

	rq := url.Values{}
	for k, v := range common {
		rq[k] = v
	}
	rq.Set("_query_only", "1")
	r, err := sql.Open("sqlite", path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	if err := r.PingContext(ctx); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("store: open %s for reading: %w", path, err)
	}
	return &Store{path: path, write: w, read: r}, nil
}

func commonParams() url.Values {
	common := url.Values{}
	common.Set("_busy_timeout", strconv.Itoa(busyTimeoutMS))
	common.Set("_foreign_keys", "1")
	common.Set("_synchronous", "FULL")
	return common
}

// Close closes the record. Everything Enter returned for is already on disk.
func (s *Store) Close() error {
	return errors.Join(s.read.Close(), s.write.Close())
}

// migration is one embedded schema step; it brings the schema to version.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the steps in fsys's migrations directory in order. Their
// file names start with the version they bring the schema to: 0001_init.sql.
func migrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migrations: %s: name must start with a version number and _", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migrations: %w", err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations: %s: expected version %d", m.name, i+1)
		}
	}
	return ms, nil
}

// migrate applies, in one transaction, the steps in fsys beyond the file's
// user_version and sets user_version to the last. Foreign keys are off
// while it runs, so that a step may make a table again (SQLite's way to
// change a constraint: a table dropped with them on would take the rows
// that refer to it along), and are checked before it commits.
func migrate(ctx context.Context, db *sql.DB, fsys fs.FS) error {
	ms, err := migrations(fsys)
	if err != nil {
		return err
	}
	conn, err := db.Conn(ctx) // PRAGMA foreign_keys is a connection's own
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return fmt.Errorf("migrate: foreign keys off: %w", err)
	}
	err = migrateOn(ctx, conn, ms)
	if _, errOn := conn.ExecContext(ctx, "PRAGMA foreign_keys = ON"); errOn != nil && err == nil {
		err = fmt.Errorf("migrate: foreign keys on: %w", errOn)
	}
	return err
}

// migrateOn applies the steps beyond the file's user_version on conn.
func migrateOn(ctx context.Context, conn *sql.Conn, ms []migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var have int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("migrate: user_version: %w", err)
	}
	if have > len(ms) {
		return fmt.Errorf("%w: file is at version %d, this program knows %d", ErrSchemaTooNew, have, len(ms))
	}
	if have == len(ms) {
		return nil
	}
	for _, m := range ms[have:] {
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migrate: %s: %w", m.name, err)
		}
	}
	rows, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return fmt.Errorf("migrate: foreign key check: %w", err)
	}
	broken := rows.Next()
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return fmt.Errorf("migrate: foreign key check: %w", err)
	}
	if broken {
		return fmt.Errorf("migrate: a step left rows referring to rows that are not there")
	}
	// PRAGMA takes no bound parameters; the version is an int we made.
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(len(ms))); err != nil {
		return fmt.Errorf("migrate: set user_version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: commit: %w", err)
	}
	return nil
}

// SchemaVersion is the schema version of the open file (its user_version).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.read.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}
