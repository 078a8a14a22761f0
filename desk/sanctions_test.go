package desk

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/sanctions"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/storetest"
	"stpclaims/store"
)

// recommendAdvance records the facilitator's recommendation of Rs 45,000 on
// storetest's advance (its deviation left aside: the fixture records as
// given).
func recommendAdvance(t *testing.T, st *store.Store, id int64, sha string) {
	t.Helper()
	e := stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: "STP/REV/2026/041", Claim: id, Fingerprint: sha,
		Source: strings.Repeat("r", 64), By: "latha@img.kerala.gov.in", At: time.Date(2026, 2, 4, 10, 0, 0, 0, ist),
		Amount: decimal.NewNullDecimal(decimal.NewFromInt(45000))}
	if _, err := st.RecordAdvance(context.Background(), []string{e.Code}, func([]stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
		return store.AdvanceDecision{Events: []stpclaims.AdvanceEvent{e}}, nil
	}); err != nil {
		t.Fatal(err)
	}
}

// fillRow fills the Sanctions workbook's first advance row, by header.
func fillRow(t *testing.T, data []byte, cells map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for h, v := range cells {
		c, _ := excelize.CoordinatesToCellName(sanctionsbook.Column(h), sanctionsbook.HeaderRow+1)
		if err := f.SetCellValue(sanctionsbook.SanctionsSheet, c, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDesk_Sanctions: the Sanctions workbook goes to finance, and comes
// back with sanctions and payments that are recorded once, only from a
// finance address, refused with a reason when over the step before or
// dated before it (ADV-SANCTION).
func TestDesk_Sanctions(t *testing.T) {
	ctx := context.Background()
	st, _ := storetest.Open(t)
	id, sha := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	jobs := ledgerDesk(t, st, now)
	if n, err := jobs.SendSanctions(ctx); err != nil || n != 0 {
		t.Fatalf("nothing recommended yet: %d rows, %v", n, err)
	}
	recommendAdvance(t, st, id, sha)
	if n, err := jobs.SendSanctions(ctx); err != nil || n != 1 {
		t.Fatalf("SendSanctions: %d rows, %v", n, err)
	}
	due, _ := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if len(due) != 1 || due[0].Reply.To[0] != "finance@img.kerala.gov.in" || len(due[0].Reply.Attachments) != 1 ||
		!strings.Contains(due[0].Reply.Subject, "1 to sanction or pay") {
		t.Fatalf("mailed %+v", due)
	}
	sent := due[0].Reply.Attachments[0].Data
	if !sanctions.Is(sent) {
		t.Fatal("the Sanctions workbook is not recognised")
	}
	n := 0
	take := func(data []byte, sender string) (string, bool) {
		n++
		sub := stpclaims.NewSubmission(fmt.Sprintf("sanctions%d.xlsx", n), data, stpclaims.SourceMail, now.Add(time.Duration(n)*time.Hour))
		sub.Sender, sub.MessageID = sender, fmt.Sprintf("<s%d@test>", n)
		if sender == "" {
			sub.Source, sub.MessageID = stpclaims.SourceFolder, ""
		}
		r, repeat, err := jobs.TakeSanctions(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		return r.Body, repeat
	}
	state := func() (stpclaims.AdvanceState, int) {
		h, err := st.AdvanceHistory(ctx, "STP/REV/2026/041")
		if err != nil {
			t.Fatal(err)
		}
		recorded := 0
		for _, e := range h {
			if e.Recorded != 0 && e.Action != stpclaims.ActionRecommend {
				recorded++
			}
		}
		reg, _ := Advances{Store: st, Cards: jobs.Cards, Zone: ist}.Programme(ctx, "STP/REV/2026/041")
		return reg.Get("STP/REV/2026/041").State, recorded
	}
	good := map[string]any{sanctionsbook.ColSanctioned: 45000, sanctionsbook.ColOrder: "FIN/2026/77", sanctionsbook.ColOrderDate: "05.02.2026",
		sanctionsbook.ColPaid: 45000, sanctionsbook.ColPaidOn: "07.02.2026", sanctionsbook.ColMode: "Bank transfer", sanctionsbook.ColReference: "UTR000123"}
	with := func(changes map[string]any) map[string]any {
		m := map[string]any{}
		for k, v := range good {
			m[k] = v
		}
		for k, v := range changes {
			m[k] = v
		}
		return m
	}
	cases := []struct {
		name, sender string
		cells        map[string]any
		want         string
		state        stpclaims.AdvanceState
		recorded     int
	}{
		{"from someone not in finance", "rajesh@revenue.kerala.gov.in", good,
			"Refused (STP/REV/2026/041, sanction ADV-SANCTION): Only the Finance Division's addresses", stpclaims.AdvanceRecommended, 0},
		{"above the recommendation", "finance@img.kerala.gov.in", with(map[string]any{sanctionsbook.ColSanctioned: 48000}),
			"above the facilitator's recommendation of Rs 45,000", stpclaims.AdvanceRecommended, 0},
		{"dated before the request", "finance@img.kerala.gov.in", with(map[string]any{sanctionsbook.ColOrderDate: "01.02.2026"}),
			"before the request reached the register (02.02.2026)", stpclaims.AdvanceRecommended, 0},
		{"an unreadable date", "finance@img.kerala.gov.in", with(map[string]any{sanctionsbook.ColPaidOn: "soon"}),
			"Not read: row 5 (STP/REV/2026/041): \"soon\" is not a date of payment", stpclaims.AdvanceRecommended, 0},
		{"sanctioned; paid above the sanction", "finance@img.kerala.gov.in", with(map[string]any{sanctionsbook.ColPaid: 46000}),
			"Recorded: the sanction of Rs 45,000", stpclaims.AdvanceSanctioned, 1},
		{"paid, from the folder", "", good,
			"Recorded: the payment of Rs 45,000", stpclaims.AdvancePaid, 2},
	}
	var last []byte
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			last = fillRow(t, sent, c.cells)
			body, _ := take(last, c.sender)
			if !strings.Contains(body, c.want) {
				t.Errorf("answer %q, want %q", body, c.want)
			}
			if s, rec := state(); s != c.state || rec != c.recorded {
				t.Errorf("state %s, %d steps recorded; want %s, %d", s, rec, c.state, c.recorded)
			}
		})
	}
	t.Run("taken twice, its rows are recorded once", func(t *testing.T) {
		body, repeat := take(last, "")
		if !repeat || !strings.Contains(body, "0 recorded, 0 refused") {
			t.Errorf("repeat %v, answer %q", repeat, body)
		}
		if _, rec := state(); rec != 2 {
			t.Errorf("%d steps recorded, want 2", rec)
		}
	})
	t.Run("a withdrawal after payment is refused", func(t *testing.T) {
		body, _ := take(fillRow(t, sent, map[string]any{sanctionsbook.ColWithdraw: "Withdraw"}), "finance@img.kerala.gov.in")
		if !strings.Contains(body, "closed by its settlement statement") {
			t.Errorf("answer %q", body)
		}
	})
	t.Run("not a Sanctions workbook", func(t *testing.T) {
		body, _ := take([]byte("not a workbook"), "finance@img.kerala.gov.in")
		if !strings.Contains(body, "could not be read as a stpclaims Sanctions workbook") {
			t.Errorf("answer %q", body)
		}
	})
}
