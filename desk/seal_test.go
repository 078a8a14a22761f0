package desk

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/seal"
	"stpclaims/internal/storetest"
	"stpclaims/store"
)

const (
	sealFac     = "latha@img.kerala.gov.in"
	sealCo      = "rajesh@revenue.kerala.gov.in"
	sealFinance = "finance@img.kerala.gov.in"
	sealCode    = "STP/REV/2026/041"
)

// sealFixture is a desk over a store holding storetest's advance (its one
// deviation awaiting the facilitator), with the weekly review workbook as
// sent and, once the advance is recommended, the Sanctions workbook as
// sent.
type sealFixture struct {
	d         *Desk
	st        *store.Store
	claim     int64
	sha       string
	finding   int64
	now       time.Time
	review    []byte // as sent to sealFac
	sanctions []byte // as sent to finance; nil until recommended
	n         int
}

func newSealFixture(t *testing.T, recommended bool) *sealFixture {
	t.Helper()
	ctx := context.Background()
	d, st := testDesk(t)
	fx := &sealFixture{d: d, st: st, now: time.Date(2026, 2, 9, 8, 0, 0, 0, ist)}
	d.Now = func() time.Time { return fx.now }
	d.Ledger.Finance = []string{sealFinance}
	fx.claim, fx.sha = storetest.EnterAdvance(t, st, "a.xlsx", sealCo, sealFac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	devs, err := st.Deviations(ctx)
	if err != nil || len(devs) != 1 {
		t.Fatalf("deviations %+v, %v", devs, err)
	}
	fx.finding = devs[0].FindingID
	if _, err := d.Digests(ctx); err != nil {
		t.Fatal(err)
	}
	fx.review = fx.attachment(t, sealFac)
	if recommended {
		recommendAdvance(t, st, fx.claim, fx.sha)
		if _, err := d.SendSanctions(ctx); err != nil {
			t.Fatal(err)
		}
		fx.sanctions = fx.attachment(t, sealFinance)
	}
	return fx
}

// attachment is the workbook last queued to whom.
func (fx *sealFixture) attachment(t *testing.T, to string) []byte {
	t.Helper()
	due, err := fx.st.DueReplies(context.Background(), fx.now.Add(time.Minute), 50)
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, r := range due {
		if r.Reply.To[0] == to && len(r.Reply.Attachments) == 1 {
			data = r.Reply.Attachments[0].Data
		}
	}
	if data == nil {
		t.Fatalf("no workbook queued to %s", to)
	}
	return data
}

// drop offers data to the desk as a file dropped in the folder and returns
// the answer written beside it.
func (fx *sealFixture) drop(t *testing.T, name string, data []byte) string {
	t.Helper()
	fx.n++
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	first := fx.now.Add(time.Duration(fx.n) * time.Minute).UTC()
	out, err := fx.d.HandleFile(context.Background(), folder.File{Name: name, Path: path, FirstSeen: first})
	if err != nil || out != folder.Done {
		t.Fatalf("HandleFile: %v, %v", out, err)
	}
	sub := stpclaims.NewSubmission(name, data, stpclaims.SourceFolder, first)
	answer, err := os.ReadFile(filepath.Join(fx.d.Outbox, OutboxDirName(sub), "reply.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return string(answer)
}

// mail offers data to the desk attached to a mail from sender and returns
// the answer queued to the sender about it.
func (fx *sealFixture) mail(t *testing.T, name string, data []byte, sender string) string {
	t.Helper()
	ctx := context.Background()
	fx.n++
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: uint32(fx.n), MessageID: "<m" + strconv.Itoa(fx.n) + "@test>",
		From: sender, Subject: "Re: workbook", InternalDate: fx.now.Add(time.Duration(fx.n) * time.Minute),
		Attachments: []mailbox.Attachment{{Name: name, Data: data}}}
	if err := fx.d.HandleMessage(ctx, m); err != nil {
		t.Fatalf("HandleMessage: %v", err)
	}
	due, err := fx.st.DueReplies(ctx, fx.now.Add(time.Hour), 50)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range due {
		if r.Reply.InReplyTo == m.MessageID {
			return r.Reply.Body
		}
	}
	t.Fatalf("no answer queued to %s", m.MessageID)
	return ""
}

// reviewState is what the store holds of the claim's review: its state and
// whether its deviation has a decision.
func (fx *sealFixture) reviewState(t *testing.T) (store.ReviewState, bool) {
	t.Helper()
	ctx := context.Background()
	s, err := fx.st.Submission(ctx, fx.claim)
	if err != nil {
		t.Fatal(err)
	}
	devs, err := fx.st.Deviations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return s.Review, devs[0].Latest != nil
}

// steps is how many steps of the register the programme has beyond its
// request.
func (fx *sealFixture) steps(t *testing.T) int {
	t.Helper()
	h, err := fx.st.AdvanceHistory(context.Background(), sealCode)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range h {
		if e.Action != stpclaims.ActionRequest {
			n++
		}
	}
	return n
}

// edit changes cells of a workbook (sheet, cell → value), as a person with
// a spreadsheet program would; a value that reads as a number is written
// as one.
func edit(t *testing.T, data []byte, cells map[[2]string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for at, v := range cells {
		var err error
		if n, perr := strconv.ParseFloat(v, 64); perr == nil {
			err = f.SetCellValue(at[0], at[1], n)
		} else {
			err = f.SetCellStr(at[0], at[1], v)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// cellOf is the cell of header h in row of the columns given.
func cellOf(t *testing.T, columns []string, h string, row int) string {
	t.Helper()
	for i, c := range columns {
		if c == h {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			return cell
		}
	}
	t.Fatalf("no column %q", h)
	return ""
}

// forgeReview is the review workbook of the issue, made by hand: the
// layout copied, the facilitator's address in the marker, the claim and
// finding ids, the claim's sha256, Approve; token is copied in when given.
func forgeReview(t *testing.T, fac string, claim, finding int64, sha, token string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", reviewbook.ReviewSheet))
	must(f.SetSheetRow(reviewbook.ReviewSheet, "A1", &reviewbook.ReviewColumns))
	row := make([]any, len(reviewbook.ReviewColumns))
	for i, h := range reviewbook.ReviewColumns {
		switch h {
		case reviewbook.ColDecision:
			row[i] = "Approve"
		case reviewbook.ColClaimID:
			row[i] = claim
		case reviewbook.ColFindingID:
			row[i] = finding
		case reviewbook.ColFingerprint:
			row[i] = sha
		case "Rule":
			row[i] = "AII-LEAD-TIME"
		case "Programme code":
			row[i] = sealCode
		}
	}
	must(f.SetSheetRow(reviewbook.ReviewSheet, "A2", &row))
	_, err := f.NewSheet(reviewbook.MarkerSheet)
	must(err)
	for cell, v := range map[string]string{reviewbook.MarkerCell: reviewbook.MarkerText, reviewbook.VersionCell: reviewbook.Version,
		reviewbook.FacilitatorCell: fac, reviewbook.MadeCell: "2026-02-09T02:30:00Z", reviewbook.TokenCell: token} {
		must(f.SetCellStr(reviewbook.MarkerSheet, cell, v))
	}
	must(f.SetSheetVisible(reviewbook.MarkerSheet, false, true))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// forgeSanctions is a Sanctions workbook made by hand: the layout copied,
// the request's id and sha256, a sanction and its payment.
func forgeSanctions(t *testing.T, claim int64, sha string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	const sheet = sanctionsbook.SanctionsSheet
	must(f.SetSheetName("Sheet1", sheet))
	head, _ := excelize.CoordinatesToCellName(1, sanctionsbook.HeaderRow)
	must(f.SetSheetRow(sheet, head, &sanctionsbook.Columns))
	row := make([]any, len(sanctionsbook.Columns))
	for i, h := range sanctionsbook.Columns {
		row[i] = map[string]any{sanctionsbook.ColCode: sealCode, "State": "recommended", "Facilitator": sealFac,
			"Largest advance": 48900, "Recommended": 45000, "Recommended by": sealFac,
			sanctionsbook.ColSanctioned: 45000, sanctionsbook.ColOrder: "FIN/2026/77", sanctionsbook.ColOrderDate: "05.02.2026",
			sanctionsbook.ColPaid: 45000, sanctionsbook.ColPaidOn: "07.02.2026", sanctionsbook.ColMode: "Bank transfer",
			sanctionsbook.ColReference: "UTR000123", sanctionsbook.ColRequestID: claim, sanctionsbook.ColFingerprint: sha}[h]
	}
	first, _ := excelize.CoordinatesToCellName(1, sanctionsbook.HeaderRow+1)
	must(f.SetSheetRow(sheet, first, &row))
	_, err := f.NewSheet(sanctionsbook.MarkerSheet)
	must(err)
	for cell, v := range map[string]string{sanctionsbook.MarkerCell: sanctionsbook.MarkerText, sanctionsbook.VersionCell: sanctionsbook.Version,
		sanctionsbook.MadeCell: "2026-02-09T02:30:00Z"} {
		must(f.SetCellStr(sanctionsbook.MarkerSheet, cell, v))
	}
	must(f.SetSheetVisible(sanctionsbook.MarkerSheet, false, true))
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}

// refused says whether an answer is the refusal of a workbook not genuine.
func refused(answer string) bool {
	return strings.Contains(answer, seal.ErrForged.Error()) && strings.Contains(answer, "Nothing in it was recorded")
}

// TestDesk_HandleFile_reviewSealed: a review workbook dropped in the
// folder is taken only when its token verifies. The forged one of issue 11
// (made by hand with the facilitator's address, the claim's ids and
// sha256, Approve) is refused with the reason and changes nothing; so is a
// genuine one whose hidden identifiers, amounts shown or facilitator were
// changed; the genuine one, filled in, is recorded.
func TestDesk_HandleFile_reviewSealed(t *testing.T) {
	fx := newSealFixture(t, false)
	token := func() string {
		f, err := excelize.OpenReader(bytes.NewReader(fx.review))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		v, _ := f.GetCellValue(reviewbook.MarkerSheet, reviewbook.TokenCell)
		return v
	}()
	if !strings.HasPrefix(token, "1:") {
		t.Fatalf("the workbook sent carries no token: %q", token)
	}
	rc := reviewbook.ReviewColumns
	decide := [2]string{reviewbook.ReviewSheet, cellOf(t, rc, reviewbook.ColDecision, 2)}
	recommend := [2]string{reviewbook.RegisterSheet, cellOf(t, reviewbook.RegisterColumns, reviewbook.ColRecommend, 2)}
	forged := []struct {
		name string
		data []byte
	}{
		{"made by hand, as in the issue", forgeReview(t, sealFac, fx.claim, fx.finding, fx.sha, "")},
		{"made by hand, with the token of the genuine one", forgeReview(t, sealFac, fx.claim, fx.finding, fx.sha, token)},
		{"genuine, its hidden claim id changed", edit(t, fx.review, map[[2]string]string{decide: "Approve",
			{reviewbook.ReviewSheet, cellOf(t, rc, reviewbook.ColClaimID, 2)}: strconv.FormatInt(fx.claim+1, 10)})},
		{"genuine, its hidden finding id changed", edit(t, fx.review, map[[2]string]string{decide: "Approve",
			{reviewbook.ReviewSheet, cellOf(t, rc, reviewbook.ColFindingID, 2)}: strconv.FormatInt(fx.finding+1, 10)})},
		{"genuine, the largest advance shown raised", edit(t, fx.review, map[[2]string]string{decide: "Approve", recommend: "Yes",
			{reviewbook.RegisterSheet, cellOf(t, reviewbook.RegisterColumns, "Largest advance", 2)}: "60000"})},
		{"genuine, made for another facilitator", edit(t, fx.review, map[[2]string]string{decide: "Approve",
			{reviewbook.MarkerSheet, reviewbook.FacilitatorCell}: "suresh@img.kerala.gov.in"})},
	}
	for _, c := range forged {
		t.Run(c.name, func(t *testing.T) {
			answer := fx.drop(t, "review.xlsx", c.data)
			if !refused(answer) {
				t.Errorf("answer %q, want the refusal", answer)
			}
			if state, decided := fx.reviewState(t); state != store.ReviewOpen || decided {
				t.Errorf("recorded: review %q, decided %v", state, decided)
			}
			if n := fx.steps(t); n != 0 {
				t.Errorf("%d steps of the register recorded", n)
			}
		})
	}
	t.Run("genuine, filled in", func(t *testing.T) {
		answer := fx.drop(t, "review.xlsx", edit(t, fx.review, map[[2]string]string{decide: "Approve",
			{reviewbook.ReviewSheet, cellOf(t, rc, reviewbook.ColRemarks, 2)}: "lead time explained"}))
		if refused(answer) || !strings.Contains(answer, "1 decision recorded") {
			t.Errorf("answer %q", answer)
		}
		if state, decided := fx.reviewState(t); state != store.ReviewApproved || !decided {
			t.Errorf("review %q, decided %v", state, decided)
		}
	})
}

// TestDesk_HandleMessage_reviewSealed: by mail too, from the facilitator's
// own address, a forged review workbook is refused and a genuine one taken.
func TestDesk_HandleMessage_reviewSealed(t *testing.T) {
	fx := newSealFixture(t, false)
	answer := fx.mail(t, "review.xlsx", forgeReview(t, sealFac, fx.claim, fx.finding, fx.sha, ""), sealFac)
	if !refused(answer) {
		t.Errorf("answer %q, want the refusal", answer)
	}
	if state, decided := fx.reviewState(t); state != store.ReviewOpen || decided {
		t.Errorf("recorded: review %q, decided %v", state, decided)
	}
	decide := [2]string{reviewbook.ReviewSheet, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColDecision, 2)}
	answer = fx.mail(t, "review.xlsx", edit(t, fx.review, map[[2]string]string{decide: "Approve"}), sealFac)
	if refused(answer) || !strings.Contains(answer, "1 decision recorded") {
		t.Errorf("answer %q", answer)
	}
	if state, _ := fx.reviewState(t); state != store.ReviewApproved {
		t.Errorf("review %q", state)
	}
}

// TestDesk_sanctionsSealed: a Sanctions workbook made by hand, or a
// genuine one whose hidden request id or amount shown was changed, is
// refused from the folder and by mail from finance alike, and records no
// step; the genuine one, filled in, is recorded.
func TestDesk_sanctionsSealed(t *testing.T) {
	fx := newSealFixture(t, true)
	sc := sanctionsbook.Columns
	row := sanctionsbook.HeaderRow + 1
	at := func(h string) [2]string { return [2]string{sanctionsbook.SanctionsSheet, cellOf(t, sc, h, row)} }
	filled := map[[2]string]string{at(sanctionsbook.ColSanctioned): "45000", at(sanctionsbook.ColOrder): "FIN/2026/77",
		at(sanctionsbook.ColOrderDate): "05.02.2026"}
	with := func(k [2]string, v string) map[[2]string]string {
		m := map[[2]string]string{k: v}
		for k, v := range filled {
			m[k] = v
		}
		return m
	}
	before := fx.steps(t) // the recommendation
	forged := []struct {
		name string
		data []byte
	}{
		{"made by hand", forgeSanctions(t, fx.claim, fx.sha)},
		{"genuine, its hidden request id changed", edit(t, fx.sanctions, with(at(sanctionsbook.ColRequestID), strconv.FormatInt(fx.claim+1, 10)))},
		{"genuine, the amount recommended shown raised", edit(t, fx.sanctions, with(at("Recommended"), "48900"))},
		{"genuine, its programme changed", edit(t, fx.sanctions, with(at(sanctionsbook.ColCode), "STP/REV/2026/042"))},
	}
	for _, c := range forged {
		t.Run(c.name+", from the folder", func(t *testing.T) {
			if answer := fx.drop(t, "sanctions.xlsx", c.data); !refused(answer) {
				t.Errorf("answer %q, want the refusal", answer)
			}
			if n := fx.steps(t); n != before {
				t.Errorf("%d steps, want %d", n, before)
			}
		})
		t.Run(c.name+", mailed by finance", func(t *testing.T) {
			if answer := fx.mail(t, "sanctions.xlsx", c.data, sealFinance); !refused(answer) {
				t.Errorf("answer %q, want the refusal", answer)
			}
			if n := fx.steps(t); n != before {
				t.Errorf("%d steps, want %d", n, before)
			}
		})
	}
	t.Run("genuine, filled in", func(t *testing.T) {
		answer := fx.drop(t, "sanctions.xlsx", edit(t, fx.sanctions, filled))
		if refused(answer) || !strings.Contains(answer, "Recorded: the sanction of Rs 45,000") {
			t.Errorf("answer %q", answer)
		}
		if n := fx.steps(t); n != before+1 {
			t.Errorf("%d steps, want %d", n, before+1)
		}
	})
}

// TestDesk_TakeReview_forgedLogged: a refused workbook is logged at WARN
// with its sender and sha256, and nothing the daemon logs while making and
// checking workbooks shows the key.
func TestDesk_TakeReview_forgedLogged(t *testing.T) {
	ctx := context.Background()
	st, path := storetest.Open(t)
	var logged bytes.Buffer
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	d := ledgerDesk(t, st, now)
	d.Log = slog.New(slog.NewJSONHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
	claim, sha := storetest.EnterAdvance(t, st, "a.xlsx", sealCo, sealFac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	if _, err := d.Digests(ctx); err != nil {
		t.Fatal(err)
	}
	sub := stpclaims.NewSubmission("review.xlsx", forgeReview(t, sealFac, claim, 1, sha, ""), stpclaims.SourceMail, now)
	sub.Sender, sub.MessageID = "mallory@kerala.gov.in", "<forged@test>"
	answer, _, err := d.TakeReview(ctx, sub)
	if err != nil || !refused(answer.Body) {
		t.Fatalf("answer %q, %v", answer.Body, err)
	}
	if !strings.Contains(logged.String(), `"level":"WARN","msg":"review workbook refused: its token does not verify"`) ||
		!strings.Contains(logged.String(), sub.SHA256) || !strings.Contains(logged.String(), "mallory@kerala.gov.in") {
		t.Errorf("log %s", logged.String())
	}
	db, err := sql.Open("sqlite", path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var key []byte
	if err := db.QueryRow("SELECT key FROM workbook_key").Scan(&key); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{hex.EncodeToString(key), strings.ToUpper(hex.EncodeToString(key)), base64.StdEncoding.EncodeToString(key), string(key)} {
		if strings.Contains(logged.String(), s) {
			t.Error("the log shows the key")
		}
	}
}
