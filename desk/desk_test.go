package desk

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/ingest/read"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/storetest"
	"stpclaims/output/ledgerbook"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

const exampleWorkbook = "../examples/annexure2-example.xlsx"

var ist = stpclaims.DefaultZone()

// testDesk is a desk as the daemon wires it, over a fresh store and an
// outbox in a temporary folder: the checker with the built-in card and the
// store's live claims, no rebuild, no SMTP.
func testDesk(t *testing.T) (*Desk, *store.Store) {
	t.Helper()
	st, _ := storetest.Open(t)
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	zone := stpclaims.DefaultZone()
	d := &Desk{
		Store:   st,
		Checker: &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Zone: zone, Ledger: Advances{Store: st, Cards: cards, Zone: zone}},
		Cards:   cards,
		Zone:    zone,
		Outbox:  filepath.Join(t.TempDir(), "outbox"),
		Ledger:  Ledger{Path: filepath.Join(t.TempDir(), "ledger.xlsx")},
		Log:     slog.New(slog.DiscardHandler),
	}
	return d, st
}

// countSubmissions is how many submissions the store holds.
func countSubmissions(t *testing.T, st *store.Store) int {
	t.Helper()
	rows, err := st.Submissions(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

func TestDesk_HandleMessage(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		subject     string // default "claim"
		autoReply   bool
		attachments []mailbox.Attachment
		oversized   []string
		wantEntered int
		wantInBody  []string // in the one reply's body
		wantAttach  int      // attachments of the one reply
	}{
		{name: "a template request gets the three blank forms", subject: "Template",
			wantInBody: []string{"template"}, wantAttach: 3},
		{name: "an auto-reply with a workbook is not answered nor entered", autoReply: true,
			attachments: []mailbox.Attachment{{Name: "claim.xlsx", Data: workbook}}},
		{name: "a workbook is checked, entered and answered with its annotated copy",
			attachments: []mailbox.Attachment{{Name: "claim.xlsx", Data: workbook}},
			wantEntered: 1, wantInBody: []string{"AII-FOOD", "AII-ADVANCE-ROUND"}, wantAttach: 1},
		{name: "a workbook too large to fetch is answered, not dropped", oversized: []string{"big claim.xlsx"},
			wantInBody: []string{"big claim.xlsx", "too large"}},
		{name: "a message too large to fetch is answered", oversized: []string{""},
			wantInBody: []string{"Your message is too large"}},
		{name: "a readable workbook beside a too-large one: both in one reply",
			attachments: []mailbox.Attachment{{Name: "claim.xlsx", Data: workbook}}, oversized: []string{"big.xlsx"},
			wantEntered: 1, wantInBody: []string{"claim.xlsx", "big.xlsx", "too large"}},
		{name: "no workbook at all is not answered"},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, st := testDesk(t)
			ctx := context.Background()
			m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: uint32(i + 1),
				MessageID: fmt.Sprintf("<m%d@kerala.gov.in>", i), From: "dto.tvm@kerala.gov.in", Subject: cmp.Or(tc.subject, "claim"),
				InternalDate: time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC), Attachments: tc.attachments, Oversized: tc.oversized,
				AutoReply: tc.autoReply}
			if err := d.HandleMessage(ctx, m); err != nil {
				t.Fatalf("handler: %v", err)
			}
			due, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 10)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantInBody == nil {
				if len(due) != 0 {
					t.Errorf("%d replies queued, want none", len(due))
				}
				return
			}
			if len(due) != 1 {
				t.Fatalf("%d replies queued, want 1", len(due))
			}
			r := due[0].Reply
			if len(r.To) != 1 || r.To[0] != m.From || r.InReplyTo != m.MessageID {
				t.Errorf("reply to %v in reply to %q, want %s, %s", r.To, r.InReplyTo, m.From, m.MessageID)
			}
			for _, s := range tc.wantInBody {
				if !strings.Contains(strings.ToLower(r.Body+r.Subject), strings.ToLower(s)) {
					t.Errorf("reply lacks %q:\n%s\n%s", s, r.Subject, r.Body)
				}
			}
			if tc.wantAttach != 0 && len(r.Attachments) != tc.wantAttach {
				t.Errorf("reply has %d attachments, want %d", len(r.Attachments), tc.wantAttach)
			}
			if n := countSubmissions(t, st); n != tc.wantEntered {
				t.Errorf("%d submissions entered, want %d", n, tc.wantEntered)
			}
		})
	}
}

func TestDesk_HandleFile(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 11, 16, 4, 30, 0, 0, time.UTC)
	tests := []struct {
		name      string
		again     folder.File // the second offer of the same bytes
		wantAgain bool        // a reply-again note is written
	}{
		{name: "the same drop offered again after a crash is moved on without a note",
			again: folder.File{Name: "claim.xlsx", FirstSeen: first}},
		{name: "the same bytes dropped again later get a note",
			again: folder.File{Name: "claim.xlsx", FirstSeen: first.Add(time.Hour)}, wantAgain: true},
		{name: "the same bytes under another name get a note",
			again: folder.File{Name: "copy.xlsx", FirstSeen: first}, wantAgain: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, st := testDesk(t)
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), "claim.xlsx")
			if err := os.WriteFile(path, workbook, 0o644); err != nil {
				t.Fatal(err)
			}
			h := d.HandleFile
			if out, err := h(ctx, folder.File{Name: "claim.xlsx", Path: path, FirstSeen: first}); err != nil || out != folder.Done {
				t.Fatalf("first offer: %v, %v", out, err)
			}
			tc.again.Path = path
			if out, err := h(ctx, tc.again); err != nil || out != folder.Done {
				t.Fatalf("second offer: %v, %v", out, err)
			}
			notes, err := filepath.Glob(filepath.Join(d.Outbox, "*", "reply-again-*.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(notes) > 0; got != tc.wantAgain {
				t.Errorf("reply-again notes %v, want some: %v", notes, tc.wantAgain)
			}
			if n := countSubmissions(t, st); n != 1 {
				t.Errorf("%d submissions entered, want 1", n)
			}
		})
	}
}

func TestDesk_HandleMessage_reviewTakenTwice(t *testing.T) {
	d, st := testDesk(t)
	ctx := context.Background()
	const fac, co = "latha@img.kerala.gov.in", "rajesh@revenue.kerala.gov.in"
	storetest.EnterAdvance(t, st, "a.xlsx", co, fac, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	now := time.Date(2026, 2, 9, 8, 0, 0, 0, ist)
	d.Now = func() time.Time { return now }
	if n, err := d.Digests(ctx); err != nil || n != 1 {
		t.Fatalf("digests %d, %v", n, err)
	}
	due, err := st.DueReplies(ctx, now.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || len(due[0].Reply.Attachments) != 1 {
		t.Fatalf("digest %+v, %v", due, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(due[0].Reply.Attachments[0].Data))
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr(ledgerbook.SheetReview, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColDecision, 2), "Query")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: 1, MessageID: "<back@img.kerala.gov.in>",
		From: fac, Subject: "Re: deviations", InternalDate: now.Add(time.Hour),
		Attachments: []mailbox.Attachment{{Name: "review.xlsx", Data: buf.Bytes()}}}
	// The same message offered twice: a retry after the mail could not be
	// moved, say.
	for range 2 {
		if err := d.HandleMessage(ctx, m); err != nil {
			t.Fatalf("handler: %v", err)
		}
	}
	due, err = st.DueReplies(ctx, time.Now().Add(time.Hour), 20)
	if err != nil {
		t.Fatal(err)
	}
	answers, notices := 0, 0
	for _, r := range due {
		switch {
		case strings.HasPrefix(r.Reply.Subject, "Re: your review workbook"):
			answers++
		case r.Reply.To[0] == co:
			notices++
		}
	}
	if answers != 1 || notices != 1 {
		t.Errorf("%d answers to the facilitator and %d notices to the co-ordinator queued, want 1 and 1", answers, notices)
	}
}
