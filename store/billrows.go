package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"
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
	rows, err := s.read.QueryContext(ctx, `SELECT b.submission_id, b.kind, b.row, b.name, b.pen, b.office, b.claimed, b.admissible
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
		if err := rows.Scan(&id, &r.Kind, &r.Row, &r.Name, &r.PEN, &r.Office, &claimed, &admissible); err != nil {
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
