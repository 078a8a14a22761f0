package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// BillRow is one person on a TA bill: a participant or a guest faculty
// member, with what was claimed and what is admissible.
type BillRow struct {
	Kind       string // "participant" or "guest faculty"
	Row        int    // the sheet row
	Name       string
	PEN        string
	Office     string
	Claimed    decimal.Decimal
	Admissible decimal.Decimal
	// AccountNo and IFSC are as written on the bill, for the e-BT lists.
	AccountNo string
	IFSC      string
	// BankRecorded is false (when read) on the rows of a bill entered
	// before the store kept account numbers.
	BankRecorded bool
	// EBT are the e-BT lists that pay the row, in order, as
	// EachLiveBillRow reads them (none before a list is made).
	EBT []EBTPaid
}

// EBTPaid is one e-BT list that pays a bill row, and the day it was marked
// uploaded (zero while it is not).
type EBTPaid struct {
	List     int64
	Uploaded time.Time
}

// ebtPaidColumn reads a bill row b's lists as "12:2027-02-10,15:".
const ebtPaidColumn = `(SELECT group_concat(k.list_id || ':' || e.uploaded_on, ',') FROM
	(SELECT list_id FROM ebt_links WHERE submission_id = b.submission_id AND kind = b.kind AND bill_row = b.row ORDER BY list_id) k
	JOIN ebt_lists e ON e.id = k.list_id)`

func parseEBTPaid(s sql.NullString) ([]EBTPaid, error) {
	if !s.Valid || s.String == "" {
		return nil, nil
	}
	var out []EBTPaid
	for _, part := range strings.Split(s.String, ",") {
		id, day, _ := strings.Cut(part, ":")
		var p EBTPaid
		var err error
		if p.List, err = strconv.ParseInt(id, 10, 64); err != nil {
			return nil, fmt.Errorf("e-BT list %q: %w", id, err)
		}
		if day != "" {
			if p.Uploaded, err = time.Parse(time.DateOnly, day); err != nil {
				return nil, fmt.Errorf("e-BT upload day %q: %w", day, err)
			}
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b EBTPaid) int { return cmp.Compare(a.List, b.List) })
	return out, nil
}

func insertBillRows(ctx context.Context, tx *sql.Tx, id int64, rows []BillRow) error {
	if len(rows) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO bill_rows
		(submission_id, seq, kind, row, name, pen, office, claimed, admissible, account_no, ifsc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("insert bill rows: %w", err)
	}
	defer st.Close()
	for i, r := range rows {
		if _, err := st.ExecContext(ctx, id, i, r.Kind, r.Row, r.Name, r.PEN, r.Office,
			r.Claimed.String(), r.Admissible.String(), r.AccountNo, r.IFSC); err != nil {
			return fmt.Errorf("insert bill row %d: %w", i, err)
		}
	}
	return nil
}

// EachLiveBillRow calls fn with each row of every live TA bill, by
// submission id and then row order, one at a time. It stops at fn's first
// error and returns it.
func (s *Store) EachLiveBillRow(ctx context.Context, fn func(submissionID int64, r BillRow) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT b.submission_id, b.kind, b.row, b.name, b.pen, b.office, b.claimed, b.admissible, `+ebtPaidColumn+`
		FROM bill_rows b JOIN submissions s ON s.id = b.submission_id
		WHERE s.superseded_by IS NULL ORDER BY b.submission_id, b.seq`)
	if err != nil {
		return fmt.Errorf("store: bill rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var r BillRow
		var claimed, admissible string
		var paid sql.NullString
		if err := rows.Scan(&id, &r.Kind, &r.Row, &r.Name, &r.PEN, &r.Office, &claimed, &admissible, &paid); err != nil {
			return fmt.Errorf("store: bill rows: %w", err)
		}
		if r.EBT, err = parseEBTPaid(paid); err != nil {
			return fmt.Errorf("store: bill rows: %w", err)
		}
		if r.Claimed, err = decimal.NewFromString(claimed); err != nil {
			return fmt.Errorf("store: bill rows: amount %q: %w", claimed, err)
		}
		if r.Admissible, err = decimal.NewFromString(admissible); err != nil {
			return fmt.Errorf("store: bill rows: amount %q: %w", admissible, err)
		}
		if err := fn(id, r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: bill rows: %w", err)
	}
	return nil
}

// LiveBills returns, by id, the programme code of every live, readable TA
// bill with rows received in [from, to) (zero times: unbounded): the bills
// whose rows the ledger shows.
func (s *Store) LiveBills(ctx context.Context, from, to time.Time) (map[int64]string, error) {
	where, args := Filter{LiveOnly: true, From: from, To: to}.where()
	rows, err := s.read.QueryContext(ctx, `SELECT id, programme_code FROM submissions`+where+
		` AND status <> ? AND form <> ? AND id IN (SELECT DISTINCT submission_id FROM bill_rows)`,
		append(args, string(stpclaims.StatusUnreadable), string(stpclaims.FormUnknown))...)
	if err != nil {
		return nil, fmt.Errorf("store: live bills: %w", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, fmt.Errorf("store: live bills: %w", err)
		}
		out[id] = code
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: live bills: %w", err)
	}
	return out, nil
}

// LiveBillRows returns the rows of every live TA bill, by submission id,
// each bill's rows in order.
func (s *Store) LiveBillRows(ctx context.Context) (map[int64][]BillRow, error) {
	out := map[int64][]BillRow{}
	err := s.EachLiveBillRow(ctx, func(id int64, r BillRow) error {
		out[id] = append(out[id], r)
		return nil
	})
	return out, err
}
