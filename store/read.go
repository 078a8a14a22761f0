package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// Stored is one recorded submission.
type Stored struct {
	ID            int64
	Source        stpclaims.Source
	File          string
	Sender        string
	MessageID     string
	SHA256        string
	MailKey       *MailKey // nil unless from mail
	Received      time.Time
	Processed     time.Time
	Form          stpclaims.FormKind
	ProgrammeCode string
	Status        stpclaims.Status
	ReportJSON    []byte
	SupersededBy  int64 // the later revision's id; 0 while live
	// Review is the state the facilitator's decisions left the claim in;
	// ReviewOpen until every deviation is decided or one is rejected or
	// queried.
	Review ReviewState
	// Reply is the state of the reply queued with this submission
	// (ReplyQueued, ReplyParked, ReplyDropped, ReplySent); "" when none is
	// tied to it (a folder drop, or a later workbook of the same mail).
	Reply string
}

// Live reports whether no later revision superseded this one.
func (st Stored) Live() bool { return st.SupersededBy == 0 }

// Filter selects submissions; its zero value selects all.
type Filter struct {
	Form          stpclaims.FormKind // "" for any
	Status        stpclaims.Status   // "" for any
	LiveOnly      bool               // only those not superseded
	From, To      time.Time          // received in [From, To); zero for unbounded
	ProgrammeCode string             // matched ignoring case and extra spaces; "" for any
	// WithoutReport leaves each submission's ReportJSON empty, sparing the
	// reading of every report when only the columns are wanted.
	WithoutReport bool
	// Brief leaves out, beside the report, the mail key and when it was
	// processed: what the ledger's Sources sheet does not show (for
	// EachSubmission).
	Brief bool
}

// storedColumns are the columns of a Stored, of the table submissions;
// storedColumnsOf names them of the submissions aliased s, with or without
// the report, or briefly.
var storedColumns = storedColumnsOf("submissions", withReport)

// columnSet is which of a Stored's columns are read.
type columnSet uint8

const (
	withReport    columnSet = iota
	withoutReport           // the report left empty
	brief                   // Filter.Brief's
)

func storedColumnsOf(s string, set columnSet) string {
	columns := `{s}.id, {s}.source, {s}.file, {s}.sender, {s}.message_id, {s}.sha256,
	{s}.mail_account, {s}.mail_mailbox, {s}.mail_uidvalidity, {s}.mail_uid,
	{s}.received, {s}.processed, {s}.form, {s}.programme_code, {s}.status, {report}, {s}.superseded_by, {s}.review, `
	if set == brief {
		columns = `{s}.id, {s}.source, {s}.file, {s}.sender, {s}.message_id, {s}.sha256,
	{s}.received, {s}.form, {s}.programme_code, {s}.status, {s}.superseded_by, {s}.review, `
	}
	// The state of the reply queued with it, last.
	columns += `coalesce((SELECT CASE WHEN o.state = 'sent' THEN 'sent' WHEN o.hold <> '' THEN o.hold ELSE 'queued' END
		FROM outbox o WHERE o.submission_id = {s}.id AND o.kind = 'reply' ORDER BY o.id DESC LIMIT 1), '')`
	report := s + ".report_json"
	if set != withReport {
		report = "X''"
	}
	return strings.NewReplacer("{s}", s, "{report}", report).Replace(columns)
}

// rowScanner is what scanStored reads from: one row, or the current row.
type rowScanner interface{ Scan(dest ...any) error }

var (
	_ rowScanner = (*sql.Row)(nil)
	_ rowScanner = (*sql.Rows)(nil)
)

func scanStored(r rowScanner) (Stored, error) {
	var sc storedScan
	if err := r.Scan(sc.dest()...); err != nil {
		return Stored{}, err
	}
	return sc.stored()
}

// storedScan holds one row's storedColumns as scanned, to be made Stored.
type storedScan struct {
	st                                    Stored
	source, form, status, review          string
	account, mailbox, received, processed sql.NullString
	uidValidity, uid, supersededBy        sql.NullInt64
}

// dest is where Scan puts storedColumns (and those of withoutReport).
func (sc *storedScan) dest() []any {
	st := &sc.st
	return []any{&st.ID, &sc.source, &st.File, &st.Sender, &st.MessageID, &st.SHA256,
		&sc.account, &sc.mailbox, &sc.uidValidity, &sc.uid,
		&sc.received, &sc.processed, &sc.form, &st.ProgrammeCode, &sc.status, &st.ReportJSON, &sc.supersededBy, &sc.review, &st.Reply}
}

// briefDest is where Scan puts the brief columns.
func (sc *storedScan) briefDest() []any {
	st := &sc.st
	return []any{&st.ID, &sc.source, &st.File, &st.Sender, &st.MessageID, &st.SHA256,
		&sc.received, &sc.form, &st.ProgrammeCode, &sc.status, &sc.supersededBy, &sc.review, &st.Reply}
}

func (sc *storedScan) stored() (Stored, error) {
	st := sc.st
	st.Source, st.Form, st.Status = stpclaims.Source(sc.source), stpclaims.FormKind(sc.form), stpclaims.Status(sc.status)
	if sc.uid.Valid {
		st.MailKey = &MailKey{Account: sc.account.String, Mailbox: sc.mailbox.String,
			UIDValidity: uint32(sc.uidValidity.Int64), UID: uint32(sc.uid.Int64)}
	}
	st.SupersededBy = sc.supersededBy.Int64
	st.Review = ReviewState(sc.review)
	var err error
	if st.Received, err = parseTime(sc.received); err != nil {
		return Stored{}, err
	}
	if st.Processed, err = parseTime(sc.processed); err != nil {
		return Stored{}, err
	}
	return st, nil
}

func (s *Store) queryStored(ctx context.Context, where string, args ...any) ([]Stored, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+storedColumns+` FROM submissions`+where+` ORDER BY received, id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Stored
	for rows.Next() {
		st, err := scanStored(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// Submission returns the submission with this id, or ErrNotFound.
func (s *Store) Submission(ctx context.Context, id int64) (Stored, error) {
	st, err := scanStored(s.read.QueryRowContext(ctx, `SELECT `+storedColumns+` FROM submissions WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Stored{}, fmt.Errorf("store: submission %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return Stored{}, fmt.Errorf("store: submission %d: %w", id, err)
	}
	return st, nil
}

// EachSubmission calls fn with each submission f selects, in order of
// receipt, one row at a time (for ledgers too large to hold). It stops at
// fn's first error and returns it.
func (s *Store) EachSubmission(ctx context.Context, f Filter, fn func(Stored) error) error {
	where, args := f.where()
	var sc storedScan
	set, dest := withReport, sc.dest()
	switch {
	case f.Brief:
		set, dest = brief, sc.briefDest()
	case f.WithoutReport:
		set = withoutReport
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+storedColumnsOf("submissions", set)+` FROM submissions`+where+` ORDER BY received, id`, args...)
	if err != nil {
		return fmt.Errorf("store: submissions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("store: submissions: %w", err)
		}
		st, err := sc.stored()
		if err != nil {
			return fmt.Errorf("store: submissions: %w", err)
		}
		if err := fn(st); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: submissions: %w", err)
	}
	return nil
}

// Submissions returns the submissions f selects, in order of receipt.
func (s *Store) Submissions(ctx context.Context, f Filter) ([]Stored, error) {
	where, args := f.where()
	out, err := s.queryStored(ctx, where, args...)
	if err != nil {
		return nil, fmt.Errorf("store: submissions: %w", err)
	}
	return out, nil
}

// where is the WHERE clause (with its leading space) selecting f.
func (f Filter) where() (string, []any) {
	var conds []string
	var args []any
	if f.Form != "" {
		// One programme's claims are found by its code (supersedeQuery
		// says why the form's unary +); a form's, by the form.
		form := "form = ?"
		if f.ProgrammeCode != "" {
			form = "+form = ?"
		}
		conds, args = append(conds, form), append(args, string(f.Form))
	}
	if f.Status != "" {
		conds, args = append(conds, "status = ?"), append(args, string(f.Status))
	}
	if f.LiveOnly {
		conds = append(conds, "superseded_by IS NULL")
	}
	if !f.From.IsZero() {
		conds, args = append(conds, "received >= ?"), append(args, timeText(f.From))
	}
	if !f.To.IsZero() {
		conds, args = append(conds, "received < ?"), append(args, timeText(f.To))
	}
	if f.ProgrammeCode != "" {
		conds, args = append(conds, "code_key = ?"), append(args, codeKey(f.ProgrammeCode))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return where, args
}

// LiveClaims returns the readable submissions of every form with this
// programme code that no later revision superseded, in order of receipt.
// Rules such as AII-DUPLICATE look here for another sender's claim.
func (s *Store) LiveClaims(ctx context.Context, programmeCode string) ([]Stored, error) {
	key := codeKey(programmeCode)
	if key == "" {
		return nil, nil
	}
	out, err := s.queryStored(ctx, ` WHERE code_key = ? AND superseded_by IS NULL AND status <> ? AND form IN (?, ?, ?)`,
		key, string(stpclaims.StatusUnreadable),
		string(stpclaims.FormAnnexureII), string(stpclaims.FormTABill), string(stpclaims.FormSettlement))
	if err != nil {
		return nil, fmt.Errorf("store: live claims %q: %w", programmeCode, err)
	}
	return out, nil
}

// CountByStatus counts all recorded submissions, superseded ones included,
// by status.
func (s *Store) CountByStatus(ctx context.Context) (map[stpclaims.Status]int, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, count(*) FROM submissions GROUP BY status`)
	if err != nil {
		return nil, fmt.Errorf("store: count by status: %w", err)
	}
	defer rows.Close()
	m := make(map[stpclaims.Status]int)
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: count by status: %w", err)
		}
		m[stpclaims.Status(st)] = n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: count by status: %w", err)
	}
	return m, nil
}

// Findings returns the findings recorded with submission id, in the order
// the report gave them. Clause is kept too.
func (s *Store) Findings(ctx context.Context, id int64) ([]stpclaims.Finding, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT rule, clause, severity, cell, row, field, claimed, allowed, admissible, message
		FROM findings WHERE submission_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("store: findings of %d: %w", id, err)
	}
	defer rows.Close()
	var out []stpclaims.Finding
	for rows.Next() {
		var f stpclaims.Finding
		var sev string
		var claimed, allowed, admissible sql.NullString
		if err := rows.Scan(&f.Rule, &f.Clause, &sev, &f.Cell, &f.Row, &f.Field,
			&claimed, &allowed, &admissible, &f.Message); err != nil {
			return nil, fmt.Errorf("store: findings of %d: %w", id, err)
		}
		f.Severity = stpclaims.Severity(sev)
		for _, m := range []struct {
			text sql.NullString
			dst  *decimal.NullDecimal
		}{{claimed, &f.Claimed}, {allowed, &f.Allowed}, {admissible, &f.Admissible}} {
			if !m.text.Valid {
				continue
			}
			d, err := decimal.NewFromString(m.text.String)
			if err != nil {
				return nil, fmt.Errorf("store: findings of %d: amount %q: %w", id, m.text.String, err)
			}
			*m.dst = decimal.NewNullDecimal(d)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: findings of %d: %w", id, err)
	}
	return out, nil
}
