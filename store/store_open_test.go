package store

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"stpclaims"
)

func TestOpen_reopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "record.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	e := claim{data: "kept", sender: "c@x.in", code: "IMG/9", status: stpclaims.StatusReturned}.entry()
	e.Report.Findings = []stpclaims.Finding{{Rule: "AII-FOOD", Severity: stpclaims.SeverityError,
		Claimed: amount("100.25"), Message: "Food over the cap."}}
	e.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re", Body: "b",
		Attachments: []stpclaims.Attachment{{Name: "a.xlsx", ContentType: stpclaims.ContentTypeXLSX, Data: []byte("PK")}}}
	id := mustEnter(t, s, e)
	if err := s.SetMailboxState(ctx, "claims", "INBOX", 77, 5); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	for i := range 2 { // opening again, twice, migrates nothing and loses nothing
		s, err := Open(ctx, path)
		if err != nil {
			t.Fatalf("reopen %d: %v", i, err)
		}
		if v, err := s.SchemaVersion(ctx); err != nil || v != schemaVersion(t) {
			t.Errorf("SchemaVersion = %d, %v; want %d", v, err, schemaVersion(t))
		}
		if p, ok, err := s.Entered(ctx, e.Submission.SHA256); err != nil || !ok || p.ID != id {
			t.Errorf("Entered = %+v, %v, %v", p, ok, err)
		}
		if fs, err := s.Findings(ctx, id); err != nil || len(fs) != 1 || fs[0].Claimed.Decimal.String() != "100.25" {
			t.Errorf("Findings = %+v, %v", fs, err)
		}
		if out, err := s.DueReplies(ctx, t0.Add(time.Hour), 5); err != nil || len(out) != 1 ||
			string(out[0].Reply.Attachments[0].Data) != "PK" {
			t.Errorf("DueReplies = %+v, %v", out, err)
		}
		if v, u, err := s.MailboxState(ctx, "claims", "INBOX"); err != nil || v != 77 || u != 5 {
			t.Errorf("MailboxState = %d, %d, %v", v, u, err)
		}
		if _, already, err := s.Enter(ctx, e); err != nil || !already {
			t.Errorf("Enter after reopen = %v, %v; want already", already, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpen_twoAtOnce(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "record.db")
	a, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(ctx, path) // e.g. `stpclaims check` beside the daemon
	if err != nil {
		t.Fatalf("second Open: %v", err)
	}
	defer b.Close()
	id := mustEnter(t, a, claim{data: "from-a", code: "P"}.entry())
	if p, ok, err := b.Entered(ctx, shaOf([]byte("from-a"))); err != nil || !ok || p.ID != id {
		t.Errorf("b.Entered = %+v, %v, %v", p, ok, err)
	}
	if _, already, err := b.Enter(ctx, claim{data: "from-a", code: "P"}.entry()); err != nil || !already {
		t.Errorf("b.Enter = %v, %v; want already", already, err)
	}
}

func TestOpen_errors(t *testing.T) {
	ctx := t.Context()
	t.Run("schema too new", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		db, err := sql.Open("sqlite", path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if s, err := Open(ctx, path); !errors.Is(err, ErrSchemaTooNew) {
			if s != nil {
				s.Close()
			}
			t.Errorf("Open = %v, want ErrSchemaTooNew", err)
		}
	})
	t.Run("bad path", func(t *testing.T) {
		for _, p := range []string{"", "a?b.db"} {
			if _, err := Open(ctx, p); !errors.Is(err, ErrBadPath) {
				t.Errorf("Open(%q) = %v, want ErrBadPath", p, err)
			}
		}
	})
	t.Run("directory missing", func(t *testing.T) {
		if s, err := Open(ctx, filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
			s.Close()
			t.Error("Open in a missing directory succeeded")
		}
	})
}

func TestMigrate(t *testing.T) {
	ctx := t.Context()
	open := func(t *testing.T) *sql.DB {
		db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db")+"?_txlock=immediate")
		if err != nil {
			t.Fatal(err)
		}
		db.SetMaxOpenConns(1)
		t.Cleanup(func() { db.Close() })
		return db
	}
	version := func(t *testing.T, db *sql.DB) int {
		var v int
		if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tables := func(t *testing.T, db *sql.DB) int {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	steps := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"migrations/0002_b.sql": {Data: []byte("CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1);")},
	}

	t.Run("applies steps in order, once", func(t *testing.T) {
		db := open(t)
		for range 2 {
			if err := migrate(ctx, db, steps); err != nil {
				t.Fatalf("migrate: %v", err)
			}
		}
		if v := version(t, db); v != 2 {
			t.Errorf("user_version = %d, want 2", v)
		}
		var n int
		if err := db.QueryRow("SELECT count(*) FROM b").Scan(&n); err != nil || n != 1 {
			t.Errorf("rows in b = %d, %v; want 1 (step 2 ran once)", n, err)
		}
	})
	t.Run("a failing step leaves the file as it was", func(t *testing.T) {
		db := open(t)
		broken := fstest.MapFS{
			"migrations/0001_a.sql": steps["migrations/0001_a.sql"],
			"migrations/0002_b.sql": {Data: []byte("CREATE TABLE b (y INTEGER); THIS IS NOT SQL;")},
		}
		if err := migrate(ctx, db, broken); err == nil {
			t.Fatal("migrate with a broken step succeeded")
		}
		if v, n := version(t, db), tables(t, db); v != 0 || n != 0 {
			t.Errorf("after failure: user_version %d, %d tables; want 0, 0", v, n)
		}
	})
	t.Run("gap in versions", func(t *testing.T) {
		gap := fstest.MapFS{
			"migrations/0001_a.sql": steps["migrations/0001_a.sql"],
			"migrations/0003_c.sql": {Data: []byte("CREATE TABLE c (z INTEGER);")},
		}
		if err := migrate(ctx, open(t), gap); err == nil {
			t.Error("migrate with a gap succeeded")
		}
	})
	t.Run("embedded steps are numbered", func(t *testing.T) {
		ms, err := migrations(migrationFiles)
		if err != nil || len(ms) == 0 {
			t.Errorf("embedded migrations = %d, %v", len(ms), err)
		}
	})
}

func TestStore_Enter_concurrent(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	const workers, shas = 8, 25
	type result struct {
		sha     int
		id      int64
		already bool
	}
	results := make(chan result, workers*shas)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range shas {
				n := (i + w*7) % shas // each worker in its own order
				e := claim{data: "concurrent-" + strconv.Itoa(n), sender: "c" + strconv.Itoa(w) + "@x.in",
					code: "P" + strconv.Itoa(n%5)}.entry()
				e.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re"}
				id, already, err := s.Enter(ctx, e)
				if err != nil {
					t.Errorf("worker %d Enter %d: %v", w, n, err)
					return
				}
				if _, _, err := s.Entered(ctx, e.Submission.SHA256); err != nil {
					t.Errorf("worker %d Entered: %v", w, err)
				}
				results <- result{n, id, already}
			}
		})
	}
	wg.Wait()
	close(results)

	fresh := make(map[int]int)
	ids := make(map[int]map[int64]bool)
	for r := range results {
		if !r.already {
			fresh[r.sha]++
		}
		if ids[r.sha] == nil {
			ids[r.sha] = map[int64]bool{}
		}
		ids[r.sha][r.id] = true
	}
	for n := range shas {
		if fresh[n] != 1 || len(ids[n]) != 1 {
			t.Errorf("sha %d: entered fresh %d times with ids %v; want once, one id", n, fresh[n], ids[n])
		}
	}
	all, err := s.Submissions(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != shas {
		t.Errorf("rows = %d, want %d", len(all), shas)
	}
	if d, err := s.OutboxDepth(ctx); err != nil || d != shas {
		t.Errorf("OutboxDepth = %d, %v; want %d", d, err, shas)
	}
}

// crashEnv names the record file a child process enters into before it
// kills itself; see TestStore_Enter_survivesSIGKILL.
const crashEnv = "STPCLAIMS_STORE_CRASH_DB"

func TestStore_Enter_survivesSIGKILL(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestStore_Enter_survivesSIGKILL$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		t.Fatalf("child: %v, want killed; stderr: %s", err, stderr.String())
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended %v, want SIGKILL; stderr: %s", exit, stderr.String())
	}
	line, _, _ := strings.Cut(stdout.String(), "\n")
	id, err := strconv.ParseInt(strings.TrimPrefix(line, "entered "), 10, 64)
	if err != nil {
		t.Fatalf("child said %q: %v; stderr: %s", stdout.String(), err, stderr.String())
	}

	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("reopen after crash: %v", err)
	}
	defer s.Close()
	st, err := s.Submission(t.Context(), id)
	if err != nil {
		t.Fatalf("the entry is gone after SIGKILL: %v", err)
	}
	if st.SHA256 != shaOf([]byte("crash-claim")) || st.Status != stpclaims.StatusReturned {
		t.Errorf("entry after crash = %+v", st)
	}
	if fs, err := s.Findings(t.Context(), id); err != nil || len(fs) != 1 {
		t.Errorf("findings after crash = %v, %v", fs, err)
	}
	if d, err := s.OutboxDepth(t.Context()); err != nil || d != 1 {
		t.Errorf("outbox after crash = %d, %v; want 1", d, err)
	}
}

// crashChild enters one claim, says its id and kills itself at once, as a
// power cut or OOM kill would, before anything else can flush or close.
func crashChild(path string) {
	s, err := Open(context.Background(), path)
	if err != nil {
		os.Stderr.WriteString("open: " + err.Error())
		os.Exit(3)
	}
	e := claim{data: "crash-claim", sender: "c@x.in", code: "IMG/C", status: stpclaims.StatusReturned}.entry()
	e.Report.Findings = []stpclaims.Finding{{Rule: "AII-FOOD", Severity: stpclaims.SeverityError, Message: "m"}}
	e.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re"}
	id, _, err := s.Enter(context.Background(), e)
	if err != nil {
		os.Stderr.WriteString("enter: " + err.Error())
		os.Exit(3)
	}
	os.Stdout.WriteString("entered " + strconv.FormatInt(id, 10) + "\n")
	syscall.Kill(os.Getpid(), syscall.SIGKILL)
	select {} // not reached
}

func TestOpen_pragmas(t *testing.T) {
	s, _ := openTemp(t)
	tests := []struct {
		db     *sql.DB
		pragma string
		want   string
	}{
		{s.write, "journal_mode", "wal"},
		{s.write, "synchronous", "2"}, // FULL
		{s.write, "foreign_keys", "1"},
		{s.write, "busy_timeout", strconv.Itoa(busyTimeoutMS)},
		{s.read, "synchronous", "2"},
		{s.read, "foreign_keys", "1"},
		{s.read, "query_only", "1"},
	}
	for _, tc := range tests {
		var got string
		if err := tc.db.QueryRowContext(t.Context(), "PRAGMA "+tc.pragma).Scan(&got); err != nil {
			t.Fatalf("PRAGMA %s: %v", tc.pragma, err)
		}
		if got != tc.want {
			t.Errorf("PRAGMA %s = %s, want %s", tc.pragma, got, tc.want)
		}
	}
	if _, err := s.read.ExecContext(t.Context(), "DELETE FROM submissions"); err == nil {
		t.Error("the read pool accepted a write")
	}
}

func TestOpen_concurrentOnFreshFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fresh.db")
	const n = 6
	stores := make([]*Store, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { stores[i], errs[i] = Open(t.Context(), path) })
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil {
			t.Errorf("Open %d: %v", i, errs[i])
			continue
		}
		if v, err := stores[i].SchemaVersion(t.Context()); err != nil || v != schemaVersion(t) {
			t.Errorf("store %d: SchemaVersion = %d, %v", i, v, err)
		}
		stores[i].Close()
	}
}

// schemaVersion is the version the embedded migrations bring a file to.
func schemaVersion(t testing.TB) int {
	t.Helper()
	ms, err := migrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}
