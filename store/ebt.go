package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// The e-BT lists: what each list pays and to whom, the rows not paid by
// transfer, rows withdrawn from drafts, and the Finance Division's upload
// mark. Package ebt decides what goes in a list; the store keeps the lists
// and makes each change in one transaction with the reading it was decided
// from, so that two checks of one programme at once never list a person
// twice.

// EBTBill is one live TA bill of a programme, as an e-BT list is planned
// from: its rows (read for the latest bill alone, and only when they are
// no more than PlanEBT's maxRows) and how many it has.
type EBTBill struct {
	Stored
	Rows     []BillRow
	RowCount int
}

// EBTRecorded says what PlanEBT recorded: the new list (0 when none) and
// every list it changed, the new one included.
type EBTRecorded struct {
	New     int64
	Changed []int64
}

// PlanEBT records the change plan makes of a programme's live TA bills (for
// source ta-bill, oldest first, the rows of the latest read when there are
// no more than maxRows; none for an advance) and its lists of that source,
// all read in the one transaction the change is written in, with the
// change's links from the bill's rows to the lists that pay them. A change
// that changes nothing, and links as they were, write nothing.
func (s *Store) PlanEBT(ctx context.Context, code string, source stpclaims.EBTSource, at time.Time, maxRows int,
	plan func(bills []EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error)) (EBTRecorded, error) {
	key := codeKey(code)
	if key == "" {
		return EBTRecorded{}, fmt.Errorf("%w: an e-BT list needs a programme code", ErrBadEntry)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return EBTRecorded{}, fmt.Errorf("store: e-BT %s: begin: %w", code, err)
	}
	defer tx.Rollback()
	var bills []EBTBill
	if source == stpclaims.EBTFromBill {
		if bills, err = liveBillsTx(ctx, tx, key, maxRows); err != nil {
			return EBTRecorded{}, fmt.Errorf("store: e-BT %s: %w", code, err)
		}
	}
	lists, err := ebtLists(ctx, tx, ` WHERE code_key = ? AND source = ?`, key, string(source))
	if err != nil {
		return EBTRecorded{}, fmt.Errorf("store: e-BT %s: %w", code, err)
	}
	change, err := plan(bills, lists)
	if err != nil {
		return EBTRecorded{}, err
	}
	var rec EBTRecorded
	if !change.Empty() {
		if rec, err = applyEBT(ctx, tx, key, source, lists, change, at); err != nil {
			return EBTRecorded{}, fmt.Errorf("store: e-BT %s: %w", code, err)
		}
	}
	linked, err := writeLinks(ctx, tx, change, rec.New)
	if err != nil {
		return EBTRecorded{}, fmt.Errorf("store: e-BT %s: %w", code, err)
	}
	synced := false
	if len(bills) > 0 {
		latest := bills[len(bills)-1]
		if synced, err = markSynced(ctx, tx, key, latest.ID, latest.Review); err != nil {
			return EBTRecorded{}, fmt.Errorf("store: e-BT %s: %w", code, err)
		}
	}
	if change.Empty() && !linked && !synced {
		return rec, nil // nothing to write: the transaction is rolled back
	}
	if err := tx.Commit(); err != nil {
		return EBTRecorded{}, fmt.Errorf("store: e-BT %s: commit: %w", code, err)
	}
	return rec, nil
}

// liveBillsTx reads the live, readable TA bills of a programme, oldest
// first, with the rows of the latest when it has no more than maxRows.
func liveBillsTx(ctx context.Context, tx *sql.Tx, key string, maxRows int) ([]EBTBill, error) {
	// Without their reports: a bill's report may hold a finding a row.
	rows, err := tx.QueryContext(ctx, `SELECT `+storedColumnsOf("submissions", withoutReport)+` FROM submissions`+liveOfProgramme+` ORDER BY received, id`,
		key, string(stpclaims.FormTABill), string(stpclaims.StatusUnreadable))
	if err != nil {
		return nil, fmt.Errorf("live bills: %w", err)
	}
	var bills []EBTBill
	for rows.Next() {
		st, err := scanStored(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("live bills: %w", err)
		}
		bills = append(bills, EBTBill{Stored: st})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("live bills: %w", err)
	}
	if len(bills) == 0 {
		return nil, nil
	}
	last := &bills[len(bills)-1]
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM bill_rows WHERE submission_id = ?`, last.ID).Scan(&last.RowCount); err != nil {
		return nil, fmt.Errorf("live bills: %w", err)
	}
	if last.RowCount <= maxRows {
		if last.Rows, err = billRowsOf(ctx, tx, last.ID); err != nil {
			return nil, err
		}
	}
	return bills, nil
}

// billRowsOf reads one bill's rows in order.
func billRowsOf(ctx context.Context, q querier, id int64) ([]BillRow, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, row, name, pen, office, claimed, admissible, account_no, ifsc
		FROM bill_rows WHERE submission_id = ? ORDER BY seq`, id)
	if err != nil {
		return nil, fmt.Errorf("bill rows of %d: %w", id, err)
	}
	defer rows.Close()
	var out []BillRow
	for rows.Next() {
		var r BillRow
		var claimed, admissible string
		var account, ifsc sql.NullString
		if err := rows.Scan(&r.Kind, &r.Row, &r.Name, &r.PEN, &r.Office, &claimed, &admissible, &account, &ifsc); err != nil {
			return nil, fmt.Errorf("bill rows of %d: %w", id, err)
		}
		if r.Claimed, err = decimal.NewFromString(claimed); err != nil {
			return nil, fmt.Errorf("bill rows of %d: amount %q: %w", id, claimed, err)
		}
		if r.Admissible, err = decimal.NewFromString(admissible); err != nil {
			return nil, fmt.Errorf("bill rows of %d: amount %q: %w", id, admissible, err)
		}
		r.AccountNo, r.IFSC, r.BankRecorded = account.String, ifsc.String, account.Valid
		out = append(out, r)
	}
	return out, rows.Err()
}

// applyEBT writes a change: the new list and its rows, the withdrawals and
// the drafts made final.
func applyEBT(ctx context.Context, tx *sql.Tx, key string, source stpclaims.EBTSource, lists []stpclaims.EBTList,
	c stpclaims.EBTChange, at time.Time) (EBTRecorded, error) {
	var rec EBTRecorded
	changed := map[int64]bool{}
	now := timeText(at)
	if c.New != nil {
		seq := 1
		for _, l := range lists {
			seq = max(seq, l.Seq+1)
		}
		id, err := insertEBTList(ctx, tx, key, source, seq, c.New, at)
		if err != nil {
			return rec, err
		}
		rec.New = id
		rec.Changed = append(rec.Changed, id)
	}
	for _, w := range c.Withdraw {
		var by sql.NullInt64
		if w.Replaced && rec.New != 0 {
			by = sql.NullInt64{Int64: rec.New, Valid: true}
		}
		res, err := tx.ExecContext(ctx, `UPDATE ebt_rows SET withdrawn = 1, withdrawn_by = ?, withdrawn_reason = ?
			WHERE list_id = ? AND sheet = 'pay' AND serial = ? AND withdrawn = 0
				AND (SELECT uploaded_on FROM ebt_lists WHERE id = list_id) = ''
				AND (SELECT draft FROM ebt_lists WHERE id = list_id) = 1`,
			by, w.Reason, w.List, w.Serial)
		if err != nil {
			return rec, fmt.Errorf("withdraw row %d of list %d: %w", w.Serial, w.List, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return rec, fmt.Errorf("%w: row %d of list %d is not a payment of a draft", ErrBadEntry, w.Serial, w.List)
		}
		changed[w.List] = true
	}
	for _, id := range c.Finalise {
		if _, err := tx.ExecContext(ctx, `UPDATE ebt_lists SET draft = 0 WHERE id = ? AND draft = 1`, id); err != nil {
			return rec, fmt.Errorf("list %d made final: %w", id, err)
		}
		changed[id] = true
	}
	for id := range changed {
		if _, err := tx.ExecContext(ctx, `UPDATE ebt_lists SET revised = ? WHERE id = ?`, now, id); err != nil {
			return rec, fmt.Errorf("list %d revised: %w", id, err)
		}
		if id != rec.New {
			rec.Changed = append(rec.Changed, id)
		}
	}
	return rec, nil
}

// markSynced notes the bill a programme's lists were planned from, and its
// review state; it reports whether the note changed.
func markSynced(ctx context.Context, tx *sql.Tx, key string, id int64, review ReviewState) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO ebt_synced (code_key, submission_id, review) VALUES (?, ?, ?)
		ON CONFLICT (code_key) DO UPDATE SET submission_id = excluded.submission_id, review = excluded.review
		WHERE submission_id <> excluded.submission_id OR review <> excluded.review`, key, id, string(review))
	if err != nil {
		return false, fmt.Errorf("synced: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// writeLinks replaces the bill's links by the change's, when they differ;
// it reports whether it wrote.
func writeLinks(ctx context.Context, tx *sql.Tx, c stpclaims.EBTChange, newID int64) (bool, error) {
	if c.Bill == 0 {
		return false, nil
	}
	want := map[stpclaims.EBTLink]bool{}
	for _, l := range c.Links {
		if l.List == 0 {
			if newID == 0 {
				continue
			}
			l.List = newID
		}
		want[l] = true
	}
	rows, err := tx.QueryContext(ctx, `SELECT kind, bill_row, list_id FROM ebt_links WHERE submission_id = ?`, c.Bill)
	if err != nil {
		return false, fmt.Errorf("links: %w", err)
	}
	have := map[stpclaims.EBTLink]bool{}
	for rows.Next() {
		var l stpclaims.EBTLink
		if err := rows.Scan(&l.Kind, &l.BillRow, &l.List); err != nil {
			rows.Close()
			return false, fmt.Errorf("links: %w", err)
		}
		have[l] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("links: %w", err)
	}
	if maps.Equal(want, have) {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ebt_links WHERE submission_id = ?`, c.Bill); err != nil {
		return false, fmt.Errorf("links: %w", err)
	}
	for l := range want {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ebt_links (submission_id, kind, bill_row, list_id) VALUES (?, ?, ?, ?)`,
			c.Bill, l.Kind, l.BillRow, l.List); err != nil {
			return false, fmt.Errorf("links: %w", err)
		}
	}
	return true, nil
}

func insertEBTList(ctx context.Context, tx *sql.Tx, key string, source stpclaims.EBTSource, seq int, l *stpclaims.EBTList, at time.Time) (int64, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO ebt_lists (programme_code, code_key, source, seq, submission_id, draft, made, revised)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, l.ProgrammeCode, key, string(source), seq, l.SubmissionID, l.Draft, timeText(at), timeText(at))
	if err != nil {
		return 0, fmt.Errorf("new list: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("new list: %w", err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO ebt_rows (list_id, sheet, serial, kind, bill_row, name, pen, office,
		account_no, ifsc, bank, amount, narration, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, fmt.Errorf("new list rows: %w", err)
	}
	defer st.Close()
	for _, sheet := range []struct {
		name string
		rows []stpclaims.EBTRow
	}{{"pay", l.Rows}, {"other", l.Others}} {
		for i, r := range sheet.rows {
			if _, err := st.ExecContext(ctx, id, sheet.name, i+1, r.Kind, r.BillRow, r.Name, r.PEN, r.Office,
				r.AccountNo, r.IFSC, r.Bank, r.Amount.String(), r.Narration, r.Reason); err != nil {
				return 0, fmt.Errorf("new list row %d: %w", i+1, err)
			}
		}
	}
	return id, nil
}

const ebtListColumns = `id, programme_code, source, seq, submission_id, draft, made, revised,
	uploaded_on, uploaded_by, upload_recorded, upload_source`

// ebtLists reads the lists where selects, in order of id, with their rows.
func ebtLists(ctx context.Context, q querier, where string, args ...any) ([]stpclaims.EBTList, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+ebtListColumns+` FROM ebt_lists`+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("e-BT lists: %w", err)
	}
	var lists []stpclaims.EBTList
	for rows.Next() {
		l, err := scanEBTList(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		lists = append(lists, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("e-BT lists: %w", err)
	}
	for i := range lists {
		if err := ebtRowsOf(ctx, q, &lists[i]); err != nil {
			return nil, err
		}
	}
	return lists, nil
}

func scanEBTList(r rowScanner) (stpclaims.EBTList, error) {
	var l stpclaims.EBTList
	var source, uploadedOn, by, recorded, src string
	var made, revised sql.NullString
	if err := r.Scan(&l.ID, &l.ProgrammeCode, &source, &l.Seq, &l.SubmissionID, &l.Draft, &made, &revised,
		&uploadedOn, &by, &recorded, &src); err != nil {
		return l, fmt.Errorf("e-BT list: %w", err)
	}
	l.Source = stpclaims.EBTSource(source)
	var err error
	if l.Made, err = parseTime(made); err != nil {
		return l, err
	}
	if l.Revised, err = parseTime(revised); err != nil {
		return l, err
	}
	if uploadedOn != "" {
		up := &stpclaims.EBTUpload{By: by, Source: src}
		if up.On, err = time.Parse(time.DateOnly, uploadedOn); err != nil {
			return l, fmt.Errorf("e-BT list %d: uploaded on %q: %w", l.ID, uploadedOn, err)
		}
		if up.Recorded, err = parseTime(sql.NullString{String: recorded, Valid: true}); err != nil {
			return l, err
		}
		l.Uploaded = up
	}
	return l, nil
}

func ebtRowsOf(ctx context.Context, q querier, l *stpclaims.EBTList) error {
	rows, err := q.QueryContext(ctx, `SELECT sheet, serial, kind, bill_row, name, pen, office, account_no, ifsc, bank,
		amount, narration, reason, withdrawn, withdrawn_by, withdrawn_reason
		FROM ebt_rows WHERE list_id = ? ORDER BY sheet DESC, serial`, l.ID) // 'pay' before 'other'
	if err != nil {
		return fmt.Errorf("e-BT list %d rows: %w", l.ID, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r stpclaims.EBTRow
		var sheet, amount string
		var by sql.NullInt64
		if err := rows.Scan(&sheet, &r.Serial, &r.Kind, &r.BillRow, &r.Name, &r.PEN, &r.Office, &r.AccountNo, &r.IFSC, &r.Bank,
			&amount, &r.Narration, &r.Reason, &r.Withdrawn, &by, &r.WithdrawnReason); err != nil {
			return fmt.Errorf("e-BT list %d rows: %w", l.ID, err)
		}
		if r.Amount, err = decimal.NewFromString(amount); err != nil {
			return fmt.Errorf("e-BT list %d rows: amount %q: %w", l.ID, amount, err)
		}
		r.WithdrawnBy = by.Int64
		if sheet == "pay" {
			l.Rows = append(l.Rows, r)
		} else {
			l.Others = append(l.Others, r)
		}
	}
	return rows.Err()
}

// EBTLists returns a programme's lists of one source, in order, with their
// rows.
func (s *Store) EBTLists(ctx context.Context, code string, source stpclaims.EBTSource) ([]stpclaims.EBTList, error) {
	lists, err := ebtLists(ctx, s.read, ` WHERE code_key = ? AND source = ?`, codeKey(code), string(source))
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return lists, nil
}

// EBTList returns the list with this id, or ErrNotFound.
func (s *Store) EBTList(ctx context.Context, id int64) (stpclaims.EBTList, error) {
	lists, err := ebtLists(ctx, s.read, ` WHERE id = ?`, id)
	if err != nil {
		return stpclaims.EBTList{}, fmt.Errorf("store: %w", err)
	}
	if len(lists) == 0 {
		return stpclaims.EBTList{}, fmt.Errorf("store: e-BT list %d: %w", id, ErrNotFound)
	}
	return lists[0], nil
}

// EBTProgrammes returns, in order of code, the programme codes that have a
// live, readable TA bill or a list not yet uploaded; with changedOnly,
// only those whose latest bill, or its review state, is not the one their
// lists were last planned from.
func (s *Store) EBTProgrammes(ctx context.Context, changedOnly bool) ([]string, error) {
	query := `SELECT min(programme_code) FROM (
			SELECT code_key, programme_code FROM submissions
				WHERE form = ? AND superseded_by IS NULL AND status <> ? AND code_key <> ''
			UNION ALL
			SELECT code_key, programme_code FROM ebt_lists WHERE uploaded_on = '')
		GROUP BY code_key ORDER BY code_key`
	if changedOnly {
		// The latest live bill of each programme, in the order PlanEBT
		// reads them (received, id), against the note of the last plan.
		query = `SELECT s.programme_code FROM submissions s
			WHERE s.form = ? AND s.superseded_by IS NULL AND s.status <> ? AND s.code_key <> ''
				AND NOT EXISTS (SELECT 1 FROM submissions l WHERE l.code_key = s.code_key AND l.form = s.form
					AND l.superseded_by IS NULL AND l.status <> 'rejected-unreadable'
					AND (l.received > s.received OR l.received = s.received AND l.id > s.id))
				AND NOT EXISTS (SELECT 1 FROM ebt_synced y WHERE y.code_key = s.code_key AND y.submission_id = s.id AND y.review = s.review)
			ORDER BY s.code_key`
	}
	rows, err := s.read.QueryContext(ctx, query, string(stpclaims.FormTABill), string(stpclaims.StatusUnreadable))
	if err != nil {
		return nil, fmt.Errorf("store: e-BT programmes: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, fmt.Errorf("store: e-BT programmes: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// MarkEBTUploaded marks a list uploaded, if check (given the list as it
// stands, in the same transaction) lets it; check's error is returned as
// it is, and nothing is recorded. A list already marked is not marked
// again: check sees it and says so.
func (s *Store) MarkEBTUploaded(ctx context.Context, id int64, up stpclaims.EBTUpload, check func(stpclaims.EBTList) error) (stpclaims.EBTList, error) {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return stpclaims.EBTList{}, fmt.Errorf("store: mark e-BT list %d: begin: %w", id, err)
	}
	defer tx.Rollback()
	lists, err := ebtLists(ctx, tx, ` WHERE id = ?`, id)
	if err != nil {
		return stpclaims.EBTList{}, fmt.Errorf("store: mark e-BT list %d: %w", id, err)
	}
	if len(lists) == 0 {
		return stpclaims.EBTList{}, fmt.Errorf("store: e-BT list %d: %w", id, ErrNotFound)
	}
	l := lists[0]
	if err := check(l); err != nil {
		return l, err
	}
	if l.Draft || l.Uploaded != nil {
		return l, fmt.Errorf("%w: e-BT list %d is a draft or already uploaded", ErrBadEntry, id)
	}
	if up.Recorded.IsZero() {
		up.Recorded = time.Now()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE ebt_lists SET uploaded_on = ?, uploaded_by = ?, upload_recorded = ?, upload_source = ?, revised = ?
		WHERE id = ?`, up.On.Format(time.DateOnly), up.By, timeText(up.Recorded), up.Source, timeText(up.Recorded), id); err != nil {
		return l, fmt.Errorf("store: mark e-BT list %d: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return l, fmt.Errorf("store: mark e-BT list %d: commit: %w", id, err)
	}
	up.On = time.Date(up.On.Year(), up.On.Month(), up.On.Day(), 0, 0, 0, 0, time.UTC)
	up.Recorded = up.Recorded.UTC()
	l.Uploaded, l.Revised = &up, up.Recorded
	return l, nil
}

// AdvanceEBT returns, by the Annexure II they pay, the e-BT lists that pay
// advances, in order, with the day each was marked uploaded (zero while
// it is not): for the ledger's Advances sheet.
func (s *Store) AdvanceEBT(ctx context.Context) (map[int64][]EBTPaid, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT k.submission_id, k.list_id, e.uploaded_on
		FROM ebt_links k JOIN ebt_lists e ON e.id = k.list_id
		WHERE k.kind = ? ORDER BY k.submission_id, k.list_id`, stpclaims.PayeeCoordinator)
	if err != nil {
		return nil, fmt.Errorf("store: advances' e-BT lists: %w", err)
	}
	defer rows.Close()
	out := map[int64][]EBTPaid{}
	for rows.Next() {
		var claim int64
		var p EBTPaid
		var day string
		if err := rows.Scan(&claim, &p.List, &day); err != nil {
			return nil, fmt.Errorf("store: advances' e-BT lists: %w", err)
		}
		if day != "" {
			if p.Uploaded, err = time.Parse(time.DateOnly, day); err != nil {
				return nil, fmt.Errorf("store: advances' e-BT lists: upload day %q: %w", day, err)
			}
		}
		out[claim] = append(out[claim], p)
	}
	return out, rows.Err()
}
