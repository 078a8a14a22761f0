package desk

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/internal/hostile"
	"stpclaims/isolate"
	"stpclaims/process"
)

// failingChecker fails the check of the file named bad with err, every
// time or the first times only; the rest it checks.
type failingChecker struct {
	Checker
	bad   string
	err   error
	times int // 0: always

	mu    sync.Mutex
	calls int
}

func (c *failingChecker) Check(ctx context.Context, sub stpclaims.Submission) (process.Result, error) {
	if sub.Name == c.bad {
		c.mu.Lock()
		c.calls++
		n := c.calls
		c.mu.Unlock()
		if c.times == 0 || n <= c.times {
			return process.Result{}, c.err
		}
	}
	return c.Checker.Check(ctx, sub)
}

var (
	died   = fmt.Errorf("%w: claim.xlsx: signal: segmentation fault", isolate.ErrWorkerDied)
	locked = fmt.Errorf("%w: the claims of STP/1: store: database is locked", process.ErrLedger)
)

// TestDesk_HandleFile_poison: a file whose check fails for its own sake is
// offered once more, then answered as unreadable, entered and moved to
// failed/; a file whose check fails for a passing reason is offered again
// as long as it takes.
func TestDesk_HandleFile_poison(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		err     error
		times   int
		offers  int              // how many times the file is offered
		want    []folder.Outcome // -1 for an error
		status  stpclaims.Status
		entered int
	}{
		{"a worker dying on it twice: answered as unreadable", died, 0, 3,
			[]folder.Outcome{-1, folder.Failed, folder.Failed}, stpclaims.StatusUnreadable, 1},
		{"a worker dying on it once: checked the second time", died, 1, 2,
			[]folder.Outcome{-1, folder.Done}, stpclaims.StatusReturned, 1},
		{"a locked store: offered again and again", locked, 0, 4,
			[]folder.Outcome{-1, -1, -1, -1}, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, st := testDesk(t)
			d.Checker = &failingChecker{Checker: d.Checker, bad: "claim.xlsx", err: tc.err, times: tc.times}
			path := filepath.Join(t.TempDir(), "claim.xlsx")
			if err := os.WriteFile(path, workbook, 0o644); err != nil {
				t.Fatal(err)
			}
			f := folder.File{Name: "claim.xlsx", Path: path, FirstSeen: time.Date(2026, 11, 16, 4, 30, 0, 0, time.UTC)}
			for i := range tc.offers {
				out, err := d.HandleFile(context.Background(), f)
				got := out
				if err != nil {
					got = -1
				}
				if got != tc.want[i] {
					t.Fatalf("offer %d: %v, %v; want %v", i+1, out, err, tc.want[i])
				}
			}
			if n := countSubmissions(t, st); n != tc.entered {
				t.Errorf("%d entered, want %d", n, tc.entered)
			}
			if tc.status == "" {
				return
			}
			prior, ok, err := st.Entered(context.Background(), stpclaims.NewSubmission("", workbook, "", time.Time{}).SHA256)
			if err != nil || !ok || prior.Status != tc.status {
				t.Errorf("entered as %+v (%v, %v), want %s", prior, ok, err, tc.status)
			}
			reply := readReply(t, d.Outbox)
			if tc.status == stpclaims.StatusUnreadable && !strings.Contains(reply, "failed on it twice") {
				t.Errorf("reply.txt does not say why:\n%s", reply)
			}
		})
	}
}

// readReply is the one reply.txt written under outbox.
func readReply(t *testing.T, outbox string) string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(outbox, "*", "reply.txt"))
	if err != nil || len(m) != 1 {
		t.Fatalf("reply.txt files: %q, %v; want one", m, err)
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestDesk_HandleMessage_poison: the good workbook beside one whose worker
// dies is answered, in the same reply, once the bad one is given up on.
func TestDesk_HandleMessage_poison(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	d, st := testDesk(t)
	d.Checker = &failingChecker{Checker: d.Checker, bad: "bomb.xlsx", err: died}
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: 1, MessageID: "<two@kerala.gov.in>",
		From: "dto.tvm@kerala.gov.in", Subject: "claims", InternalDate: time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC),
		Attachments: []mailbox.Attachment{{Name: "bomb.xlsx", Data: []byte("PK\x03\x04 not a claim")}, {Name: "claim.xlsx", Data: workbook}}}
	ctx := context.Background()
	if err := d.HandleMessage(ctx, m); !errors.Is(err, isolate.ErrWorkerDied) {
		t.Fatalf("first offer: %v, want the worker's death (offered again)", err)
	}
	if err := d.HandleMessage(ctx, m); err != nil {
		t.Fatalf("second offer: %v", err)
	}
	due, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("%d replies, %v; want one", len(due), err)
	}
	body := due[0].Reply.Body
	for _, want := range []string{"bomb.xlsx", "failed on it twice", "claim.xlsx", "AII-FOOD"} {
		if !strings.Contains(body, want) {
			t.Errorf("reply lacks %q:\n%s", want, body)
		}
	}
	if n := countSubmissions(t, st); n != 2 {
		t.Errorf("%d entered, want both workbooks", n)
	}
}

func TestDesk_HandleFile_limits(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	first := time.Date(2026, 11, 16, 4, 30, 0, 0, time.UTC)
	t.Run("a file over the limit is answered from its size and not entered", func(t *testing.T) {
		d, st := testDesk(t)
		path := filepath.Join(t.TempDir(), "huge.xlsx")
		if err := hostile.Sparse(path, 5<<30); err != nil {
			t.Fatal(err)
		}
		out, err := d.HandleFile(context.Background(), folder.File{Name: "huge.xlsx", Path: path, FirstSeen: first})
		if err != nil || out != folder.Failed {
			t.Fatalf("HandleFile = %v, %v; want Failed", out, err)
		}
		if reply := readReply(t, d.Outbox); !strings.Contains(reply, "5.0 GB") {
			t.Errorf("reply.txt does not give the size:\n%s", reply)
		}
		if n := countSubmissions(t, st); n != 0 {
			t.Errorf("%d entered, want none (its bytes were never read)", n)
		}
	})
	t.Run("a name of 250 characters is answered", func(t *testing.T) {
		d, st := testDesk(t)
		name := hostile.LongName(250, ".xlsx")
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, workbook, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := d.HandleFile(context.Background(), folder.File{Name: name, Path: path, FirstSeen: first})
		if err != nil || out != folder.Done {
			t.Fatalf("HandleFile = %v, %v; want Done", out, err)
		}
		if reply := readReply(t, d.Outbox); !strings.Contains(reply, "AII-FOOD") {
			t.Errorf("reply.txt:\n%s", reply)
		}
		outputs, _ := filepath.Glob(filepath.Join(d.Outbox, "*", "*.xlsx"))
		if len(outputs) != 1 || countSubmissions(t, st) != 1 {
			t.Errorf("annotated copies %q, %d entered; want one of each", outputs, countSubmissions(t, st))
		}
	})
}

func TestDesk_HandleMessage_unchecked(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	d, st := testDesk(t)
	m := mailbox.Message{Account: "claims@imap", Mailbox: "INBOX", UIDValidity: 7, UID: 1, MessageID: "<many@kerala.gov.in>",
		From: "dto.tvm@kerala.gov.in", Subject: strings.Repeat("long subject ", 1000), InternalDate: time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC),
		Attachments: []mailbox.Attachment{{Name: "claim.xlsx", Data: workbook}}, Unchecked: []string{"claim-21.xlsx", "claim-22.xlsx"}}
	ctx := context.Background()
	if err := d.HandleMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	due, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("%d replies, %v; want one", len(due), err)
	}
	r := due[0].Reply
	for _, want := range []string{"claim-21.xlsx", "claim-22.xlsx", "at most 20 workbooks"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("reply lacks %q:\n%s", want, r.Body)
		}
	}
	if len(r.Subject) > stpclaims.MaxQuote+100 {
		t.Errorf("the reply's subject is %d bytes long", len(r.Subject))
	}
}
