package desk

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/storetest"
	"stpclaims/output/ledgerbook"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

// ledgerDesk is a desk over st whose clock stands at now, doing the
// ledger's work: the ledger under a temporary folder, the finance division
// copied on notices.
func ledgerDesk(t *testing.T, st Store, now time.Time) *Desk {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	return &Desk{Store: st, Cards: cards, Zone: ist, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return now },
		Ledger: Ledger{Path: filepath.Join(t.TempDir(), "ledger", "ledger.xlsx"), Finance: []string{"finance@img.kerala.gov.in"}}}
}

func TestDesk_OverdueNotices(t *testing.T) {
	st, _ := storetest.Open(t)
	// An advance requested and never paid: no notice, whatever the day.
	storetest.EnterAdvance(t, st, "b.xlsx", "anil@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	st2, _ := storetest.Open(t)
	if n, err := ledgerDesk(t, st, time.Date(2026, 5, 1, 9, 0, 0, 0, ist)).OverdueNotices(context.Background()); err != nil || n != 0 {
		t.Errorf("an advance never paid: %d notices, %v", n, err)
	}
	st = st2
	// An advance paid (Rs 45,000 on 07.02.2026) and not settled.
	id, sha := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	storetest.PayAdvance(t, st, id, sha, "latha@img.kerala.gov.in", time.Date(2026, 2, 7, 0, 0, 0, 0, time.UTC))
	for _, c := range []struct {
		day  string
		want int
	}{
		{"2026-03-15", 0}, // the settle-by day itself
		{"2026-03-16", 1},
		{"2026-03-17", 0}, // one a week
		{"2026-03-22", 0},
		{"2026-03-23", 1},
	} {
		now, _ := time.ParseInLocation(time.DateOnly, c.day, ist)
		now = now.Add(9 * time.Hour)
		n, err := ledgerDesk(t, st, now).OverdueNotices(context.Background())
		if err != nil || n != c.want {
			t.Errorf("%s: %d notices, %v; want %d", c.day, n, err, c.want)
		}
	}
	due, err := st.DueReplies(context.Background(), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("%d queued, %v", len(due), err)
	}
	// 45000 × 12 % × 1 / 365 = 14.79: Rs 15 on the amount paid.
	r := due[0].Reply
	if r.To[0] != "rajesh@revenue.kerala.gov.in" || !slices.Equal(r.Cc, []string{"latha@img.kerala.gov.in", "finance@img.kerala.gov.in"}) ||
		!strings.Contains(r.Subject, "Rs 15") || !strings.Contains(r.Body, "1 days overdue") || !strings.Contains(r.Body, "Rs 45,000 paid on 07.02.2026") {
		t.Errorf("notice %+v", r)
	}
}

func TestDesk_TakeReview_loop(t *testing.T) {
	ctx := context.Background()
	st, _ := storetest.Open(t)
	const fac, co = "latha@img.kerala.gov.in", "rajesh@revenue.kerala.gov.in"
	id, _ := storetest.EnterAdvance(t, st, "a.xlsx", co, fac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	jobs := ledgerDesk(t, st, now)
	jobs.Ledger.Reviews = t.TempDir()
	if n, err := jobs.Digests(ctx); err != nil || n != 1 {
		t.Fatalf("digests %d, %v", n, err)
	}
	due, _ := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if len(due) != 1 || due[0].Reply.To[0] != fac || len(due[0].Reply.Attachments) != 1 {
		t.Fatalf("digest %+v", due)
	}
	if files, _ := filepath.Glob(filepath.Join(jobs.Ledger.Reviews, "review-*.xlsx")); len(files) != 1 {
		t.Errorf("review workbooks in the folder: %v", files)
	}
	f, err := excelize.OpenReader(bytes.NewReader(due[0].Reply.Attachments[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(ledgerbook.SheetReview, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColDecision, 2), "Query")
	f.SetCellStr(ledgerbook.SheetReview, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColRemarks, 2), "Why so late?")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	returned := buf.Bytes()
	take := func(sender string) stpclaims.Reply {
		sub := stpclaims.NewSubmission("review.xlsx", returned, stpclaims.SourceMail, now.Add(time.Hour))
		sub.Sender, sub.MessageID = sender, "<r@test>"
		r, _, err := jobs.TakeReview(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// the answer names each decision refused, with why, and each recorded
	if r := take(co); !strings.Contains(r.Body, "0 decisions recorded, 1 refused") ||
		!strings.Contains(r.Body, "Refused, not recorded:\n- STP/REV/2026/041, a.xlsx (claim 1), AII-LEAD-TIME: Query. Only the programme's facilitator") {
		t.Errorf("forged: %q", r.Body)
	}
	if r := take("Latha <" + fac + ">"); !strings.Contains(r.Body, "1 decision recorded, 0 refused") ||
		!strings.Contains(r.Body, "Recorded:\n- STP/REV/2026/041, a.xlsx (claim 1), AII-LEAD-TIME: queried. Remarks: Why so late?") {
		t.Errorf("facilitator: %q", r.Body)
	}
	if s, _ := st.Submission(ctx, id); s.Review != store.ReviewQuery {
		t.Errorf("review state %q", s.Review)
	}
	due, _ = st.DueReplies(ctx, now.Add(2*time.Hour), 10)
	var told bool
	for _, d := range due {
		if d.Reply.To[0] == co && strings.Contains(d.Reply.Body, "Why so late?") {
			told = true
		}
	}
	if !told {
		t.Error("the co-ordinator was not told of the query")
	}
}

func TestAdvances_Programme(t *testing.T) {
	st, _ := storetest.Open(t)
	id, _ := storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := Advances{Store: st, Cards: cards, Zone: ist}.Programme(context.Background(), "stp/rev/2026/041")
	if err != nil {
		t.Fatal(err)
	}
	a := reg.Get("STP/REV/2026/041")
	if a == nil || a.Request.Claim != id || a.State != stpclaims.AdvanceRequested || a.Author() != "rajesh@revenue.kerala.gov.in" ||
		!a.Request.Amount.Decimal.Equal(decimal.NewFromInt(48000)) || !a.Terms().LastDay.Equal(time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("advance %+v", a)
	}
	if reg.Len() != 1 {
		t.Errorf("%d programmes folded, want the one asked for", reg.Len())
	}
	rows := billRows([]validate.BillRow{{Kind: "participant", Row: 5, Name: "Asha", Claimed: decimal.NewFromInt(10), Admissible: decimal.NewFromInt(9)}})
	if len(rows) != 1 || rows[0].Name != "Asha" || !rows[0].Admissible.Equal(decimal.NewFromInt(9)) {
		t.Errorf("rows %+v", rows)
	}
}

// fill sets cells of a review workbook, as a facilitator does in Excel.
func fill(t *testing.T, data []byte, cells map[[2]string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for at, v := range cells {
		if err := f.SetCellStr(at[0], at[1], v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDesk_TakeReview_recommend: the facilitator recommends the advance in
// the Register sheet of the weekly workbook (ADV-RECOMMEND): refused while
// its deviation is undecided, from anyone else, or above the largest
// advance; recorded once with the decision that clears it.
func TestDesk_TakeReview_recommend(t *testing.T) {
	ctx := context.Background()
	st, _ := storetest.Open(t)
	const fac, co = "latha@img.kerala.gov.in", "rajesh@revenue.kerala.gov.in"
	id, _ := storetest.EnterAdvance(t, st, "a.xlsx", co, fac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	jobs := ledgerDesk(t, st, now)
	if _, err := jobs.Digests(ctx); err != nil {
		t.Fatal(err)
	}
	due, _ := st.DueReplies(ctx, now.Add(time.Minute), 10)
	sent := due[0].Reply.Attachments[0].Data
	if !strings.Contains(due[0].Reply.Body, "sheet Register") {
		t.Errorf("the digest does not mention the register: %q", due[0].Reply.Body)
	}
	recommend := cellOf(t, reviewbook.RegisterColumns, reviewbook.ColRecommend, 2) // the one programme's row
	decision := cellOf(t, reviewbook.ReviewColumns, reviewbook.ColDecision, 2)
	take := func(name string, data []byte, sender string, minutes int) (stpclaims.Reply, bool) {
		sub := stpclaims.NewSubmission(name, data, stpclaims.SourceMail, now.Add(time.Duration(minutes)*time.Minute))
		sub.Sender, sub.MessageID = sender, "<"+name+"@test>"
		r, repeat, err := jobs.TakeReview(ctx, sub)
		if err != nil {
			t.Fatal(err)
		}
		return r, repeat
	}
	state := func() stpclaims.AdvanceState {
		reg, err := Advances{Store: st, Cards: jobs.Cards, Zone: ist}.Programme(ctx, "STP/REV/2026/041")
		if err != nil {
			t.Fatal(err)
		}
		return reg.Get("STP/REV/2026/041").State
	}
	cases := []struct {
		name, sender string
		cells        map[[2]string]string
		want         string
		state        stpclaims.AdvanceState
	}{
		{"while the deviation is undecided", fac, map[[2]string]string{{"Register", recommend}: "45000"},
			"Not recommended (STP/REV/2026/041, ADV-RECOMMEND): 1 deviation of claim", stpclaims.AdvanceRequested},
		{"from the co-ordinator", co, map[[2]string]string{{"Review", decision}: "Approve", {"Register", recommend}: "45,000"},
			"Only the programme's facilitator", stpclaims.AdvanceRequested},
		{"above the largest advance", fac, map[[2]string]string{{"Register", recommend}: "Rs 50000"},
			"above the largest advance of Rs 48,900", stpclaims.AdvanceRequested},
		{"not an amount", fac, map[[2]string]string{{"Register", recommend}: "soon"},
			"is not an amount", stpclaims.AdvanceRequested},
		{"the facilitator approves and recommends", fac, map[[2]string]string{{"Review", decision}: "Approve", {"Register", recommend}: "45,000"},
			"Recommended: the advance of STP/REV/2026/041 at Rs 45,000", stpclaims.AdvanceRecommended},
	}
	var last []byte
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			last = fill(t, sent, c.cells)
			r, _ := take(fmt.Sprint("review", i, ".xlsx"), last, c.sender, i)
			if !strings.Contains(r.Body, c.want) {
				t.Errorf("answer %q, want %q", r.Body, c.want)
			}
			if got := state(); got != c.state {
				t.Errorf("state %s, want %s", got, c.state)
			}
		})
	}
	t.Run("the same workbook taken again records nothing twice", func(t *testing.T) {
		r, repeat := take("review4.xlsx", last, fac, 10)
		if !repeat || !strings.Contains(r.Body, "Already recorded") {
			t.Errorf("repeat %v, answer %q", repeat, r.Body)
		}
		h, err := st.AdvanceHistory(ctx, "STP/REV/2026/041")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range h {
			if e.Action == stpclaims.ActionRecommend {
				n++
				if e.By != fac || e.Claim != id || !e.Amount.Decimal.Equal(decimal.NewFromInt(45000)) {
					t.Errorf("recorded %+v", e)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d recommendations recorded, want 1", n)
		}
	})
}

// reviewable is the example Annexure II with its errors put right (food
// within its cap, the advance rounded within the largest), for programme
// code: it keeps its deviations (AII-LEAD-TIME, AII-VENUE-GOVT) for the
// facilitator the form names, latha.r@img.kerala.gov.in.
func reviewable(t *testing.T, code string) []byte {
	t.Helper()
	f, err := excelize.OpenFile("../examples/annexure2-example.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range map[string]any{"D6": code, "D19": 30000, "D22": 50050, "D26": 50000} {
		if err := f.SetCellValue("Annexure II", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDesk_Digests_annotatedCopies: the facilitator's weekly mail carries,
// beside the review workbook, the annotated copy of each claim it lists,
// as its co-ordinator received it (by mail: from the reply; from the
// folder: from the outbox folder), named on the Claims sheet; the
// co-ordinator is named from the form.
func TestDesk_Digests_annotatedCopies(t *testing.T) {
	ctx := context.Background()
	d, st := testDesk(t)
	received := time.Date(2026, 12, 4, 10, 0, 0, 0, ist)
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: 1, MessageID: "<c1@kerala.gov.in>",
		From: "rajesh.rr@kerala.gov.in", Subject: "claim", InternalDate: received,
		Attachments: []mailbox.Attachment{{Name: "rr-claim.xlsx", Data: reviewable(t, "STP/REV/2026/118")}}}
	if err := d.HandleMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "dropped.xlsx")
	if err := os.WriteFile(path, reviewable(t, "STP/REV/2026/119"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := d.HandleFile(ctx, folder.File{Name: "dropped.xlsx", Path: path, FirstSeen: received}); err != nil || out != folder.Done {
		t.Fatalf("drop: %v, %v", out, err)
	}
	sent, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 10)
	if err != nil || len(sent) != 1 {
		t.Fatalf("%d replies, %v", len(sent), err)
	}
	now := received.Add(24 * time.Hour)
	d.Now = func() time.Time { return now }
	if n, err := d.Digests(ctx); err != nil || n != 1 {
		t.Fatalf("digests %d, %v", n, err)
	}
	due, err := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if err != nil {
		t.Fatal(err)
	}
	var digest *stpclaims.Reply // latha's, not the claim's reply
	for i := range due {
		if due[i].Reply.To[0] == "latha.r@img.kerala.gov.in" {
			digest = &due[i].Reply
		}
	}
	if digest == nil {
		t.Fatalf("no digest to the facilitator in %+v", due)
	}
	var names []string
	for _, a := range digest.Attachments {
		names = append(names, a.Name)
	}
	if len(names) != 3 || !slices.Contains(names, "rr-claim.checked.xlsx") || !slices.Contains(names, "dropped.checked.xlsx") {
		t.Fatalf("attachments %v, want the review workbook and the two annotated copies", names)
	}
	for _, a := range digest.Attachments[1:] {
		if a.Name == "rr-claim.checked.xlsx" && !bytes.Equal(a.Data, sent[0].Reply.Attachments[0].Data) {
			t.Error("the mailed claim's copy is not the one its co-ordinator received")
		}
	}
	for _, want := range []string{"2 claims", "rr-claim.checked.xlsx, dropped.checked.xlsx", "sheet Lines"} {
		if !strings.Contains(digest.Body, want) {
			t.Errorf("the digest's body lacks %q:\n%s", want, digest.Body)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(digest.Attachments[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(ledgerbook.SheetClaims)
	if err != nil || len(rows) != 3 {
		t.Fatalf("Claims %q, %v", rows, err)
	}
	col := func(h string) int { return slices.Index(rows[0], h) }
	for _, r := range rows[1:] {
		if r[col("Annotated copy")] != process.CheckedName(r[col("File")]) || r[col("Co-ordinator")] != "Sri. Rajesh Kumar K\nrajesh.rr@kerala.gov.in" ||
			r[col("Largest advance")] == "" {
			t.Errorf("Claims row %q", r)
		}
	}
	review, _ := f.GetRows(ledgerbook.SheetReview)
	if len(review) < 3 || review[1][slices.Index(review[0], "Co-ordinator")] != "Sri. Rajesh Kumar K\nrajesh.rr@kerala.gov.in" {
		t.Errorf("Review %q", review)
	}
}
