package validate

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

func aiiClaim(id int64, sender string, received string, ta, da, adv string) LedgerClaim {
	return LedgerClaim{ID: id, Form: stpclaims.FormAnnexureII, Sender: sender, Received: day0(received),
		TAAdvance: null(d(ta)), DAAdvance: null(d(da)), Advance: null(d(adv)), EndDate: day0("2026-01-16")}
}

func TestDuplicate(t *testing.T) {
	a := &stpclaims.AnnexureII{ProgrammeCode: text("STP/2026/014", "A!C3")}
	bill := LedgerClaim{ID: 9, Form: stpclaims.FormTABill, Sender: "x@y.in"}
	cases := []struct {
		name   string
		sender string
		live   []LedgerClaim
		want   int
	}{
		{"none in the ledger", "co@dept.in", nil, 0},
		{"own earlier claim is revised, not duplicated", "Co <CO@dept.in>", []LedgerClaim{aiiClaim(1, "co@dept.in", "2026-01-01", "0", "0", "0")}, 0},
		{"another sender's claim", "co@dept.in", []LedgerClaim{aiiClaim(1, "other@dept.in", "2026-01-01", "0", "0", "0")}, 1},
		{"a folder drop (no sender) is always another", "", []LedgerClaim{aiiClaim(1, "", "2026-01-01", "0", "0", "0")}, 1},
		{"a TA bill of the code is no duplicate", "co@dept.in", []LedgerClaim{bill}, 0},
		{"two others", "co@dept.in", []LedgerClaim{aiiClaim(1, "a@d.in", "2026-01-01", "0", "0", "0"), aiiClaim(2, "b@d.in", "2026-01-02", "0", "0", "0")}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := Duplicate(a, c.sender, c.live)
			if len(fs) != c.want {
				t.Fatalf("%d findings, want %d: %+v", len(fs), c.want, fs)
			}
			for _, f := range fs {
				if f.Rule != "AII-DUPLICATE" || f.Severity != stpclaims.SeverityDeviation || f.Cell != "A!C3" || !strings.Contains(f.Message, "STP/2026/014") {
					t.Errorf("finding %+v", f)
				}
			}
		})
	}
}

func TestOverAdvance(t *testing.T) {
	card := Builtin()
	b := cleanBill()
	b.Faculty = nil
	participants := TABill(b, card).Totals.Admissible // the participants alone
	withFaculty := cleanBill()
	cases := []struct {
		name     string
		live     []LedgerClaim
		severity stpclaims.Severity
		allowed  string
	}{
		{"within the advance", []LedgerClaim{aiiClaim(1, "co@d.in", "2026-01-01", participants.String(), "0", "0")}, "", ""},
		{"over the advance", []LedgerClaim{aiiClaim(1, "co@d.in", "2026-01-01", "1000", "100", "0")}, stpclaims.SeverityDeviation, "1100"},
		{"the sender's own advance counts", []LedgerClaim{
			aiiClaim(1, "co@d.in", "2026-01-01", "1000", "100", "0"),
			aiiClaim(2, "late@d.in", "2026-01-05", "90000", "0", "0")}, stpclaims.SeverityDeviation, "1100"},
		{"else the latest", []LedgerClaim{
			aiiClaim(1, "a@d.in", "2026-01-05", "1000", "100", "0"),
			aiiClaim(2, "b@d.in", "2026-01-01", "90000", "0", "0")}, stpclaims.SeverityDeviation, "1100"},
		{"no advance in the ledger", nil, stpclaims.SeverityInfo, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := OverAdvance(withFaculty, "co@d.in", card, c.live)
			if c.severity == "" {
				if len(fs) != 0 {
					t.Fatalf("fired: %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != "TA-OVER-ADVANCE" || fs[0].Severity != c.severity || fs[0].Cell != "Participants!Q7" {
				t.Fatalf("findings %+v", fs)
			}
			if c.allowed != "" && (!fs[0].Allowed.Decimal.Equal(d(c.allowed)) || !fs[0].Claimed.Decimal.Equal(participants)) {
				t.Errorf("claimed %v allowed %v, want %s %s", fs[0].Claimed, fs[0].Allowed, participants, c.allowed)
			}
		})
	}
}

func TestLinkSettlement(t *testing.T) {
	live := []LedgerClaim{aiiClaim(4, "co@d.in", "2025-12-20", "0", "0", "125000")}
	t.Run("advance and date from the ledger", func(t *testing.T) {
		s := &stpclaims.Settlement{ProgrammeCode: text("STP/2026/014", "S!C3"),
			AdvanceReceived: stpclaims.Amount{Cell: "S!C13"}, AdvanceDate: stpclaims.Date{Cell: "S!E13"}}
		got, fs := LinkSettlement(s, "co@d.in", live)
		if !got.AdvanceReceived.Ok() || !got.AdvanceReceived.Value.Equal(d("125000")) || got.AdvanceReceived.Cell != "S!C13" {
			t.Errorf("advance = %+v", got.AdvanceReceived)
		}
		if !got.AdvanceDate.Ok() || !got.AdvanceDate.Value.Equal(day0("2025-12-20")) {
			t.Errorf("date = %+v", got.AdvanceDate)
		}
		if s.AdvanceReceived.Ok() {
			t.Error("the statement itself was changed")
		}
		if len(fs) != 2 || fs[0].Severity != stpclaims.SeverityInfo || fs[0].Rule != "ST-ADVANCE-BALANCE" {
			t.Errorf("findings %+v", fs)
		}
	})
	t.Run("agreeing", func(t *testing.T) {
		s := &stpclaims.Settlement{AdvanceReceived: amt("125000", "S!C13"), AdvanceDate: date("2026-01-05", "S!E13")}
		got, fs := LinkSettlement(s, "co@d.in", live)
		if len(fs) != 0 || !got.AdvanceDate.Value.Equal(day0("2026-01-05")) {
			t.Errorf("findings %+v, date %v", fs, got.AdvanceDate)
		}
	})
	t.Run("disagreeing", func(t *testing.T) {
		s := &stpclaims.Settlement{AdvanceReceived: amt("130000", "S!C13"), AdvanceDate: date("2026-01-05", "S!E13")}
		got, fs := LinkSettlement(s, "co@d.in", live)
		if len(fs) != 1 || fs[0].Severity != stpclaims.SeverityDeviation || fs[0].Cell != "S!C13" ||
			!fs[0].Claimed.Decimal.Equal(d("130000")) || !fs[0].Allowed.Decimal.Equal(d("125000")) {
			t.Errorf("findings %+v", fs)
		}
		if !got.AdvanceReceived.Value.Equal(d("130000")) {
			t.Error("the statement's own figure was replaced")
		}
	})
	t.Run("nothing in the ledger", func(t *testing.T) {
		s := &stpclaims.Settlement{}
		got, fs := LinkSettlement(s, "co@d.in", nil)
		if len(fs) != 0 || got.AdvanceReceived.Ok() {
			t.Errorf("got %+v %+v", got, fs)
		}
	})
	t.Run("balance uses the ledger's advance", func(t *testing.T) {
		s := &stpclaims.Settlement{Expenditure: []stpclaims.Expense{{Field: "other_expenses", Actual: amt("100000", "S!D30")}}}
		got, _ := LinkSettlement(s, "co@d.in", live)
		as := Settlement(got, Builtin())
		if !as.Balance.Valid || !as.Balance.Decimal.Equal(d("25000")) {
			t.Errorf("balance = %v, want 25000", as.Balance)
		}
	})
}

func TestLedgerClaimOf(t *testing.T) {
	rep := stpclaims.Report{Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusReview,
		Fields:     []stpclaims.FieldValue{{Name: "advance_claimed", Value: "70000"}, {Name: "end_date", Value: "2026-02-13"}},
		Assessment: stpclaims.Assessment{MaxAdvance: null(d("65100")), Lines: []stpclaims.Line{{Field: "ta_advance", Admissible: d("14933")}, {Field: "da_advance", Admissible: d("4666")}}}}
	c := LedgerClaimOf(3, "co@d.in", day0("2026-01-01"), rep)
	if !c.Advance.Decimal.Equal(d("65100")) || !c.TAAdvance.Decimal.Equal(d("14933")) || !c.DAAdvance.Decimal.Equal(d("4666")) ||
		!c.EndDate.Equal(day0("2026-02-13")) || c.ID != 3 || c.Status != stpclaims.StatusReview {
		t.Errorf("got %+v", c)
	}
	rep.Fields[0].Value = "50200"
	if c := LedgerClaimOf(3, "", time.Time{}, rep); !c.Advance.Decimal.Equal(d("50200")) {
		t.Errorf("advance below the largest: %v", c.Advance)
	}
}

func TestOverdueOn(t *testing.T) {
	card := Builtin()
	// Worked by hand: last training day 13.02.2026; 30 days later is
	// 15.03.2026, the settle-by date. On 14.04.2026 the advance of
	// Rs 50,200 is 30 days overdue (16.03 … 14.04): 50200 × 12 % × 30 / 365
	// = 180720 / 365 = 495.12…, Rs 495.
	end := day0("2026-02-13")
	cases := []struct {
		asOf     string
		days     int
		interest string
	}{
		{"2026-03-15", 0, "0"},
		{"2026-03-16", 1, "17"}, // 6024 / 365 = 16.50… → 17
		{"2026-04-14", 30, "495"},
		{"2027-03-15", 365, "6024"},
	}
	for _, c := range cases {
		t.Run(c.asOf, func(t *testing.T) {
			// a late evening in Kolkata is still that day
			asOf := day0(c.asOf).Add(22 * time.Hour)
			o := OverdueOn(d("50200"), card, end, asOf)
			if !o.SettleBy.Equal(day0("2026-03-15")) || o.DaysOverdue != c.days || !o.PenalInterest.Equal(decimal.RequireFromString(c.interest)) {
				t.Errorf("got %+v, want %d days, Rs %s", o, c.days, c.interest)
			}
		})
	}
}

func TestBillRows(t *testing.T) {
	b := cleanBill()
	rows := BillRows(b, Builtin())
	if len(rows) != 4 || rows[0].Kind != "participant" || rows[0].Row != 5 || rows[0].PEN != "123456" || rows[3].Kind != "guest faculty" || rows[3].Name != "Prof. S. Menon" {
		t.Fatalf("rows %+v", rows)
	}
	tot := TABill(b, Builtin()).Totals
	var claimed, admissible decimal.Decimal
	for _, r := range rows {
		claimed, admissible = claimed.Add(r.Claimed), admissible.Add(r.Admissible)
	}
	if !claimed.Equal(tot.Claimed) || !admissible.Equal(tot.Admissible) {
		t.Errorf("rows sum to %s/%s, the bill's totals are %s/%s", claimed, admissible, tot.Claimed, tot.Admissible)
	}
}
