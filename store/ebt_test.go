package store

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

func enterBill(t *testing.T, s *Store, data, code string, status stpclaims.Status, received time.Time) int64 {
	t.Helper()
	e := claim{data: data, sender: "co@x.in", code: code, form: stpclaims.FormTABill, status: status, received: received}.entry()
	e.BillRows = []BillRow{
		{Kind: "participant", Row: 5, Name: "Asha", PEN: "123456", Office: "Kollam", Claimed: amount("1500").Decimal, Admissible: amount("1500").Decimal,
			AccountNo: "0012345678901234", IFSC: "sbin0070123"},
		{Kind: "guest faculty", Row: 3, Name: "Dr. P", Claimed: amount("3000").Decimal, Admissible: amount("3000").Decimal},
	}
	return mustEnter(t, s, e)
}

func ebtRow(serial int, name, account, amt string) stpclaims.EBTRow {
	return stpclaims.EBTRow{Serial: serial, Kind: "participant", BillRow: 4 + serial, Name: name, PEN: "P" + name, AccountNo: account,
		IFSC: "SBIN0070123", Bank: "State Bank of India", Amount: decimal.RequireFromString(amt), Narration: "TA STP/1"}
}

func TestStore_PlanEBT(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	bill := enterBill(t, s, "bill1", "STP/1", stpclaims.StatusReturned, t0)
	enterBill(t, s, "other", "STP/2", stpclaims.StatusClean, t0)

	// The first list: the plan sees the live bill with its accounts, as
	// written.
	rec, err := s.PlanEBT(ctx, "stp/1", stpclaims.EBTFromBill, t0.Add(time.Minute), 1000, func(bills []EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		if len(bills) != 1 || bills[0].ID != bill || len(lists) != 0 {
			t.Fatalf("bills %+v, lists %+v", bills, lists)
		}
		r := bills[0].Rows[0]
		if r.AccountNo != "0012345678901234" || r.IFSC != "sbin0070123" || !r.BankRecorded || bills[0].Rows[1].AccountNo != "" || !bills[0].Rows[1].BankRecorded {
			t.Errorf("rows %+v", bills[0].Rows)
		}
		return stpclaims.EBTChange{New: &stpclaims.EBTList{ProgrammeCode: "STP/1", SubmissionID: bill, Draft: true,
			Rows:   []stpclaims.EBTRow{ebtRow(1, "Asha", "0012345678901234", "1500"), ebtRow(2, "Binu", "000123456789", "750.50")},
			Others: []stpclaims.EBTRow{{Serial: 1, Kind: "guest faculty", Name: "Dr. P", Amount: decimal.RequireFromString("3000"), Reason: "TA-BANK: no account number"}}},
			Bill: bill, Links: []stpclaims.EBTLink{{Kind: "participant", BillRow: 5}}}, nil
	})
	if err != nil || rec.New == 0 || len(rec.Changed) != 1 {
		t.Fatalf("PlanEBT = %+v, %v", rec, err)
	}
	first, err := s.EBTList(ctx, rec.New)
	if err != nil {
		t.Fatal(err)
	}
	if first.Seq != 1 || !first.Draft || first.Source != stpclaims.EBTFromBill || first.SubmissionID != bill || len(first.Rows) != 2 || len(first.Others) != 1 ||
		first.Rows[1].AccountNo != "000123456789" || !first.Rows[1].Amount.Equal(decimal.RequireFromString("750.50")) || first.Others[0].Reason != "TA-BANK: no account number" ||
		!first.Made.Equal(t0.Add(time.Minute)) {
		t.Fatalf("first list %+v", first)
	}

	// The bill's row 5 is paid by the new list.
	if rows, err := s.LiveBillRows(ctx); err != nil || len(rows[bill][0].EBT) != 1 || rows[bill][0].EBT[0].List != first.ID ||
		!rows[bill][0].EBT[0].Uploaded.IsZero() || rows[bill][1].EBT != nil {
		t.Errorf("bill rows %+v, %v", rows[bill], err)
	}

	// A plan that changes nothing writes nothing; a plan's error is returned.
	if rec, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		return stpclaims.EBTChange{}, nil
	}); err != nil || rec.New != 0 || len(rec.Changed) != 0 {
		t.Errorf("empty change: %+v, %v", rec, err)
	}
	boom := errors.New("boom")
	if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		return stpclaims.EBTChange{}, boom
	}); !errors.Is(err, boom) {
		t.Errorf("plan's error: %v", err)
	}

	// The corrected bill: a row of the draft replaced by the new list, the
	// draft made final.
	rec2, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0.Add(time.Hour), 1000, func(_ []EBTBill, lists []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		if len(lists) != 1 || lists[0].ID != first.ID {
			t.Fatalf("lists %+v", lists)
		}
		return stpclaims.EBTChange{New: &stpclaims.EBTList{ProgrammeCode: "STP/1", SubmissionID: bill, Rows: []stpclaims.EBTRow{ebtRow(1, "Binu", "000123456789", "800")}},
			Withdraw: []stpclaims.EBTWithdrawal{{List: first.ID, Serial: 2, Replaced: true, Reason: "changed"}},
			Finalise: []int64{first.ID},
			Bill:     bill, Links: []stpclaims.EBTLink{{Kind: "participant", BillRow: 5, List: first.ID}, {Kind: "participant", BillRow: 5}}}, nil
	})
	if err != nil || len(rec2.Changed) != 2 {
		t.Fatalf("PlanEBT = %+v, %v", rec2, err)
	}
	lists, err := s.EBTLists(ctx, "STP/1", stpclaims.EBTFromBill)
	if err != nil || len(lists) != 2 {
		t.Fatalf("lists %+v, %v", lists, err)
	}
	if l := lists[0]; l.Draft || !l.Rows[1].Withdrawn || l.Rows[1].WithdrawnBy != rec2.New || l.Rows[1].WithdrawnReason != "changed" || l.Rows[0].Withdrawn ||
		!l.Revised.Equal(t0.Add(time.Hour)) || !l.Total().Equal(decimal.RequireFromString("1500")) {
		t.Errorf("first list now %+v", l)
	}
	if lists[1].Seq != 2 || lists[1].Draft {
		t.Errorf("second list %+v", lists[1])
	}
	if rows, err := s.LiveBillRows(ctx); err != nil || len(rows[bill][0].EBT) != 2 || rows[bill][0].EBT[0].List != first.ID || rows[bill][0].EBT[1].List != rec2.New {
		t.Errorf("bill rows %+v, %v", rows[bill], err)
	}

	// A final list loses no row: the whole change is refused.
	if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		return stpclaims.EBTChange{New: &stpclaims.EBTList{ProgrammeCode: "STP/1", SubmissionID: bill, Rows: []stpclaims.EBTRow{ebtRow(1, "Cyril", "999999999", "10")}},
			Withdraw: []stpclaims.EBTWithdrawal{{List: first.ID, Serial: 1}}}, nil
	}); !errors.Is(err, ErrBadEntry) {
		t.Errorf("withdrawing from a final list: %v", err)
	}
	if lists, _ := s.EBTLists(ctx, "STP/1", stpclaims.EBTFromBill); len(lists) != 2 {
		t.Errorf("a refused change left %d lists", len(lists))
	}
	if _, err := s.PlanEBT(ctx, " ", stpclaims.EBTFromBill, t0, 1000, nil); !errors.Is(err, ErrBadEntry) {
		t.Errorf("no programme code: %v", err)
	}
	if codes, err := s.EBTProgrammes(ctx, false); err != nil || len(codes) != 2 || codes[0] != "STP/1" || codes[1] != "STP/2" {
		t.Errorf("EBTProgrammes = %v, %v", codes, err)
	}
}

// TestStore_PlanEBT_billEnteredBefore: the rows of a bill entered before
// the store kept account numbers say so.
func TestStore_PlanEBT_billEnteredBefore(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	enterBill(t, s, "bill1", "STP/1", stpclaims.StatusClean, t0)
	if _, err := s.write.ExecContext(ctx, `UPDATE bill_rows SET account_no = NULL, ifsc = NULL`); err != nil {
		t.Fatal(err)
	}
	_, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func(bills []EBTBill, _ []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		if bills[0].Rows[0].BankRecorded {
			t.Error("a row without an account number column value is taken as recorded")
		}
		return stpclaims.EBTChange{}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestStore_MarkEBTUploaded(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	bill := enterBill(t, s, "bill1", "STP/1", stpclaims.StatusClean, t0)
	newList := func(draft bool) int64 {
		rec, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
			return stpclaims.EBTChange{New: &stpclaims.EBTList{ProgrammeCode: "STP/1", SubmissionID: bill, Draft: draft,
				Rows: []stpclaims.EBTRow{ebtRow(1, "Asha", "0012345678901234", "1500")}}}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return rec.New
	}
	final, draft := newList(false), newList(true)
	up := stpclaims.EBTUpload{On: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC), By: "finance@img.kerala.gov.in", Recorded: t0.Add(24 * time.Hour), Source: "cli"}

	no := errors.New("not today")
	if _, err := s.MarkEBTUploaded(ctx, final, up, func(stpclaims.EBTList) error { return no }); !errors.Is(err, no) {
		t.Errorf("check's refusal: %v", err)
	}
	if l, _ := s.EBTList(ctx, final); l.Uploaded != nil {
		t.Fatal("marked although check refused")
	}
	var seen stpclaims.EBTList
	l, err := s.MarkEBTUploaded(ctx, final, up, func(l stpclaims.EBTList) error { seen = l; return nil })
	if err != nil || seen.ID != final || l.Uploaded == nil {
		t.Fatalf("MarkEBTUploaded = %+v, %v", l, err)
	}
	got, _ := s.EBTList(ctx, final)
	if u := got.Uploaded; u == nil || !u.On.Equal(up.On) || u.By != up.By || u.Source != "cli" || !u.Recorded.Equal(up.Recorded) || !got.Revised.Equal(up.Recorded) {
		t.Errorf("read back %+v", got.Uploaded)
	}
	// Marked again: check sees the mark; the store never marks twice.
	if _, err := s.MarkEBTUploaded(ctx, final, up, func(l stpclaims.EBTList) error {
		if l.Uploaded == nil {
			t.Error("check does not see the mark")
		}
		return nil
	}); !errors.Is(err, ErrBadEntry) {
		t.Errorf("marked twice: %v", err)
	}
	if _, err := s.MarkEBTUploaded(ctx, draft, up, func(stpclaims.EBTList) error { return nil }); !errors.Is(err, ErrBadEntry) {
		t.Errorf("a draft marked: %v", err)
	}
	if _, err := s.MarkEBTUploaded(ctx, 999, up, func(stpclaims.EBTList) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("no such list: %v", err)
	}
	if codes, err := s.EBTProgrammes(ctx, false); err != nil || len(codes) != 1 {
		t.Errorf("EBTProgrammes = %v, %v", codes, err)
	}
	// A change of links alone is written; the upload day shows on the row.
	if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) {
		return stpclaims.EBTChange{Bill: bill, Links: []stpclaims.EBTLink{{Kind: "participant", BillRow: 5, List: final}}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if rows, err := s.LiveBillRows(ctx); err != nil || len(rows[bill][0].EBT) != 1 || !rows[bill][0].EBT[0].Uploaded.Equal(up.On) {
		t.Errorf("bill rows %+v, %v", rows[bill], err)
	}
}

// TestStore_EBTProgrammes_changed: a programme is passed over once its
// lists were planned from its latest bill, until another bill arrives or
// the bill's review state changes.
func TestStore_EBTProgrammes_changed(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	changed := func() []string {
		t.Helper()
		codes, err := s.EBTProgrammes(ctx, true)
		if err != nil {
			t.Fatal(err)
		}
		return codes
	}
	nothing := func([]EBTBill, []stpclaims.EBTList) (stpclaims.EBTChange, error) { return stpclaims.EBTChange{}, nil }
	first := enterBill(t, s, "bill1", "STP/1", stpclaims.StatusReview, t0)
	if got := changed(); len(got) != 1 || got[0] != "STP/1" {
		t.Fatalf("a new bill: %v", got)
	}
	if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, nothing); err != nil {
		t.Fatal(err)
	}
	if got := changed(); len(got) != 0 {
		t.Errorf("planned: %v", got)
	}
	if _, err := s.write.ExecContext(ctx, `UPDATE submissions SET review = 'approved' WHERE id = ?`, first); err != nil {
		t.Fatal(err)
	}
	if got := changed(); len(got) != 1 {
		t.Errorf("its deviations approved: %v", got)
	}
	if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, 1000, nothing); err != nil {
		t.Fatal(err)
	}
	enterBill(t, s, "bill2", "STP/1", stpclaims.StatusClean, t0.Add(time.Hour)) // supersedes bill1
	if got := changed(); len(got) != 1 {
		t.Errorf("a corrected bill: %v", got)
	}
}

// TestStore_PlanEBT_rows: only the latest live bill's rows are read, and
// not when it has more than maxRows; its row count is given either way.
func TestStore_PlanEBT_rows(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	enterBill(t, s, "bill1", "STP/1", stpclaims.StatusClean, t0)
	other := claim{data: "bill2", sender: "another@x.in", code: "STP/1", form: stpclaims.FormTABill, received: t0.Add(time.Hour)}.entry()
	other.BillRows = []BillRow{{Kind: "participant", Row: 5, Name: "Asha", Claimed: amount("1").Decimal, Admissible: amount("1").Decimal}}
	mustEnter(t, s, other) // another sender's bill: both live
	for _, tc := range []struct {
		max  int
		rows bool
	}{{1000, true}, {0, false}} {
		if _, err := s.PlanEBT(ctx, "STP/1", stpclaims.EBTFromBill, t0, tc.max, func(bills []EBTBill, _ []stpclaims.EBTList) (stpclaims.EBTChange, error) {
			if len(bills) != 2 || bills[0].Rows != nil || bills[1].RowCount != 1 || (bills[1].Rows != nil) != tc.rows {
				t.Errorf("maxRows %d: bills %+v", tc.max, bills)
			}
			return stpclaims.EBTChange{}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}
