package store

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"testing"
	"testing/fstest"

	"stpclaims"
)

// TestStore_EnterMessage_sheets enters a workbook of two forms (a sheet
// each) with a second workbook in one message: one submission a form, the
// message done after its two files, nothing entered again.
func TestStore_EnterMessage_sheets(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	two := claim{data: "two-programmes", sender: "a@x.in", code: "STP/01"}.entry()
	two.Report.Sheet = "Annexure II"
	second := two
	second.Report.Sheet = "Annexure II (2)"
	second.Report.ProgrammeCode = "STP/02"
	other := claim{data: "bill", sender: "a@x.in", code: "STP/03", form: stpclaims.FormTABill}.entry()
	other.Submission.MessageID = two.Submission.MessageID
	other.Report.Sheet = "Participants"
	reply := &stpclaims.Reply{To: []string{"a@x.in"}, Subject: "Re: claims"}
	if err := s.EnterMessage(ctx, []Entry{two, second, other}, reply); err != nil {
		t.Fatal(err)
	}
	all, err := s.Submissions(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, st := range all {
		codes[st.ProgrammeCode] = true
	}
	if len(all) != 3 || !codes["STP/01"] || !codes["STP/02"] || !codes["STP/03"] {
		t.Fatalf("entered %+v, want STP/01, STP/02 and STP/03", all)
	}
	if ok, err := s.MessageEntered(ctx, two.Submission.MessageID, *two.MailKey); err != nil || !ok {
		t.Errorf("MessageEntered = %v, %v; want true (two files, both entered)", ok, err)
	}
	var sheets int
	if err := s.read.QueryRowContext(ctx, `SELECT count(DISTINCT sheet) FROM submissions WHERE sha256 = ?`, two.Submission.SHA256).Scan(&sheets); err != nil || sheets != 2 {
		t.Errorf("sheets of the two-form workbook = %d, %v; want 2", sheets, err)
	}
	for _, e := range []Entry{two, second} {
		if _, already, err := s.Enter(ctx, e); err != nil || !already {
			t.Errorf("Enter(%s) again = %v, %v; want already", e.Report.Sheet, already, err)
		}
	}
	if p, ok, err := s.Entered(ctx, two.Submission.SHA256); err != nil || !ok || p.File != two.Submission.Name {
		t.Errorf("Entered = %+v, %v, %v", p, ok, err)
	}
	if n, err := s.OutboxDepth(ctx); err != nil || n != 1 {
		t.Errorf("OutboxDepth = %d, %v; want the one reply", n, err)
	}
}

// TestMigrate_0008sheets brings a store of schema 7 with a claim, its
// findings, bill rows, register facts, a decision and a reply to schema 8:
// every row and id is kept (the table made again takes nothing along), the
// old entry stands for every sheet of its bytes, and new bytes may be
// entered once a sheet.
func TestMigrate_0008sheets(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate&_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	upTo := func(n int) fs.FS {
		m := fstest.MapFS{}
		ms, err := migrations(migrationFiles)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ms[:n] {
			m["migrations/"+s.name] = &fstest.MapFile{Data: []byte(s.sql)}
		}
		return m
	}
	if err := migrate(ctx, db, upTo(7)); err != nil {
		t.Fatal(err)
	}
	old := claim{data: "old", sender: "a@x.in", code: "STP/09"}.entry()
	for _, q := range []string{
		`INSERT INTO submissions (id, source, file, sha256, received, form, programme_code, code_key, status, report_json, processed, review)
			VALUES (7, 'mail', 'old.xlsx', '` + old.Submission.SHA256 + `', '2026-01-01T00:00:00.000000000Z', 'annexure2', 'STP/09', 'STP/09', 'review', X'7B7D', '2026-01-01T00:00:00.000000000Z', 'approved')`,
		`INSERT INTO findings (id, submission_id, seq, rule, severity, message) VALUES (3, 7, 0, 'AII-BATCH', 'deviation', 'm')`,
		`INSERT INTO bill_rows (submission_id, seq, kind, row, claimed, admissible) VALUES (7, 0, 'participant', 5, '10', '10')`,
		`INSERT INTO claim_facts (submission_id, advance) VALUES (7, '52900')`,
		`INSERT INTO decisions (submission_id, finding_id, decision, decided_by, decided_at, recorded) VALUES (7, 3, 'approve', 'f@x.in', '2026-01-02T00:00:00.000000000Z', '2026-01-02T00:00:00.000000000Z')`,
		`INSERT INTO outbox (id, submission_id, to_addrs, cc_addrs, subject, refs, body, next_attempt, queued)
			VALUES (1, 7, '[]', '[]', 's', '[]', 'b', '2026-01-01T00:00:00.000000000Z', '2026-01-01T00:00:00.000000000Z')`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for table, want := range map[string]int{"submissions": 1, "findings": 1, "bill_rows": 1, "claim_facts": 1, "decisions": 1, "outbox": 1} {
		var n int
		if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil || n != want {
			t.Errorf("%s: %d rows, %v; want %d", table, n, err, want)
		}
	}
	var id int64
	var sheet, review string
	if err := s.read.QueryRowContext(ctx, `SELECT id, sheet, review FROM submissions`).Scan(&id, &sheet, &review); err != nil || id != 7 || sheet != "" || review != "approved" {
		t.Errorf("the old claim: id %d, sheet %q, review %q, %v; want 7, '', approved", id, sheet, review, err)
	}
	old.Report.Sheet = "Annexure II"
	if id, already, err := s.Enter(ctx, old); err != nil || !already || id != 7 {
		t.Errorf("its bytes again, on a sheet: %d, %v, %v; want 7, already", id, already, err)
	}
	ms, err := migrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(ms) || v < 8 {
		t.Errorf("SchemaVersion = %d, %v; want the latest, %d", v, err, len(ms))
	}
}

// TestMigrate_foreignKeys: a step that leaves a row referring to nothing
// is refused, and the file is left as it was.
func TestMigrate_foreignKeys(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "fk.db")+"?_txlock=immediate&_foreign_keys=1")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	steps := fstest.MapFS{
		"migrations/0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER PRIMARY KEY); CREATE TABLE b (y INTEGER REFERENCES a (x)); INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);")},
		"migrations/0002_b.sql": {Data: []byte("DELETE FROM a;")},
	}
	if err := migrate(ctx, db, steps); err == nil {
		t.Fatal("a step leaving b's row without its a row was applied")
	}
	var v int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != 0 {
		t.Errorf("user_version = %d, %v; want 0", v, err)
	}
	var on int
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
		t.Errorf("foreign_keys = %d, %v; want 1 after migrate", on, err)
	}
}
