package store

import (
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"stpclaims/internal/seal"
)

// tokenOf is what key signs of a fixed workbook: two keys are the same key
// when their tokens are.
func tokenOf(t *testing.T, s *Store) string {
	t.Helper()
	k, err := s.WorkbookKey(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l := seal.Layout{Name: "test", Marker: []string{"B2"}, Token: "B3"}
	tok, err := k.Sign(l, map[string]string{"B2": "x"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// TestStore_WorkbookKey: the key is made once, at the first Open, is the
// same at every later Open, is another in another store, and is carried by
// a backup and by a store restored from it.
func TestStore_WorkbookKey(t *testing.T) {
	ctx := t.Context()
	s, path := openTemp(t)
	first := tokenOf(t, s)
	var made string
	var size int
	if err := s.read.QueryRowContext(ctx, "SELECT made, length(key) FROM workbook_key").Scan(&made, &size); err != nil || size != seal.KeySize || made == "" {
		t.Fatalf("key row: %d bytes made %q, %v", size, made, err)
	}
	other, _ := openTemp(t)
	if tokenOf(t, other) == first {
		t.Error("two stores have the same key")
	}
	dst := filepath.Join(t.TempDir(), "backup.db")
	if _, err := s.Backup(ctx, dst); err != nil {
		t.Fatal(err)
	}
	s.Close()
	again, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if tokenOf(t, again) != first {
		t.Error("the key changed when the store was opened again")
	}
	// Restored: the backup copied over a store lost.
	restored := filepath.Join(t.TempDir(), "restored.db")
	data, err := os.ReadFile(dst)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored, data, 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Open(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if tokenOf(t, r) != first {
		t.Error("the restored store has another key: the workbooks sent before would be refused")
	}
}

// TestStore_WorkbookKey_upgrade: a store made before the key had one gets
// one when first opened by this version.
func TestStore_WorkbookKey_upgrade(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate&_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	ms, err := migrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	old := fstest.MapFS{}
	for _, m := range ms {
		if strings.Contains(m.name, "workbook_key") {
			break
		}
		old["migrations/"+m.name] = &fstest.MapFile{Data: []byte(m.sql)}
	}
	if err := migrate(ctx, db, fs.FS(old)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.WorkbookKey(ctx); err != nil {
		t.Errorf("WorkbookKey after the upgrade: %v", err)
	}
}

// TestStore_WorkbookKey_concurrentOpen: processes opening a new store at
// once all keep the one key.
func TestStore_WorkbookKey_concurrentOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 6
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), path) })
	}
	wg.Wait()
	tokens := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("Open %d: %v", i, errs[i])
		}
		tokens[tokenOf(t, stores[i])] = true
		stores[i].Close()
	}
	if len(tokens) != 1 {
		t.Errorf("%d keys among %d stores opened at once", len(tokens), n)
	}
}

// TestStore_WorkbookKey_missing: a file whose key was deleted by hand says
// so, rather than signing with nothing.
func TestStore_WorkbookKey_missing(t *testing.T) {
	s, _ := openTemp(t)
	if _, err := s.write.ExecContext(t.Context(), "DELETE FROM workbook_key"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.WorkbookKey(t.Context()); !errors.Is(err, ErrNoWorkbookKey) {
		t.Errorf("WorkbookKey = %v, want ErrNoWorkbookKey", err)
	}
}
