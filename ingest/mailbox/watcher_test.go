package mailbox

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
)

const memUser, memPass = "claims", "secret"

// memServer is an in-memory IMAP server on a loopback port.
type memServer struct {
	addr string
	user *imapmemserver.User
}

// testLogger logs the server's lines to t until stop: a connection's
// goroutine may still log after the server's Serve has returned, when t
// may have ended.
type testLogger struct {
	mu      sync.Mutex
	t       testing.TB
	stopped bool
}

func (l *testLogger) Printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.stopped {
		l.t.Logf("imapserver: "+format, args...)
	}
}

func (l *testLogger) stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
}

func startMemServer(t *testing.T, caps imap.CapSet) *memServer {
	t.Helper()
	return startMemServerTLS(t, caps, nil)
}

// startMemServerTLS is startMemServer speaking implicit TLS with tc (plain
// when tc is nil).
func startMemServerTLS(t *testing.T, caps imap.CapSet, tc *tls.Config) *memServer {
	t.Helper()
	mem := imapmemserver.New()
	u := imapmemserver.NewUser(memUser, memPass)
	if err := u.Create("INBOX", nil); err != nil {
		t.Fatalf("create INBOX: %v", err)
	}
	mem.AddUser(u)
	logger := &testLogger{t: t}
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:         caps,
		InsecureAuth: true,
		Logger:       logger,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	if tc != nil {
		ln = tls.NewListener(ln, tc)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = srv.Serve(ln)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
		logger.stop()
	})
	return &memServer{addr: ln.Addr().String(), user: u}
}

type literal struct {
	*bytes.Reader
	n int64
}

func (l literal) Size() int64 { return l.n }

func (s *memServer) deliver(t testing.TB, mailbox string, raw []byte, flags ...imap.Flag) {
	t.Helper()
	if _, err := s.user.Append(mailbox, literal{bytes.NewReader(raw), int64(len(raw))}, &imap.AppendOptions{Flags: flags, Time: time.Now()}); err != nil {
		t.Fatalf("append to %s: %v", mailbox, err)
	}
}

func (s *memServer) list(t testing.TB, mailbox string) []storedMessage {
	return listMailbox(t, s.addr, memUser, memPass, mailbox)
}

// running is a Watcher started in the background for one test.
type running struct {
	w      *Watcher
	st     *memState
	calls  chan Message
	cancel func() // cancels Run's context, waits for Run and checks its result; t.Cleanup does it too
}

// startWatcher runs a Watcher against addr; handle decides what the handler
// returns (nil: success). It is stopped, and Run's result checked, in
// t.Cleanup.
func startWatcher(t *testing.T, cfg Config, st *memState, handle Handler, tweak func(*Watcher)) *running {
	t.Helper()
	if cfg.Security == "" {
		cfg.Security = SecurityNone
	}
	if cfg.Allow == nil {
		cfg.Allow = []string{"kerala.gov.in", "Clerk@IMG.example"}
	}
	if cfg.PollInterval == 0 {
		cfg.PollInterval = 50 * time.Millisecond
	}
	cfg.CommandTimeout = 10 * time.Second
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w, err := New(cfg, st, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	w.reconnectMin, w.reconnectMax = 50*time.Millisecond, 500*time.Millisecond
	w.retryMin, w.retryMax = 50*time.Millisecond, 200*time.Millisecond
	if tweak != nil {
		tweak(w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	r := &running{w: w, st: st, calls: make(chan Message, 100)}
	go func() {
		done <- w.Run(ctx, func(ctx context.Context, m Message) error {
			r.calls <- m
			if handle == nil {
				return nil
			}
			return handle(ctx, m)
		})
	}()
	var stopped atomic.Bool
	r.cancel = func() {
		if stopped.Swap(true) {
			return
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after cancel, want nil", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("Run did not return after cancel")
		}
	}
	t.Cleanup(r.cancel)
	return r
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var serverProfiles = []struct {
	name string
	caps imap.CapSet
}{
	{"IDLE MOVE BINARY", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIdle: {}, imap.CapMove: {}, imap.CapUIDPlus: {}, imap.CapBinary: {}}},
	{"polling UIDPLUS no MOVE", imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapUIDPlus: {}}},
	// Copied and marked \Deleted, never expunged: the message stays in
	// INBOX (deleted) and is not offered again.
	{"polling neither MOVE nor UIDPLUS", imap.CapSet{imap.CapIMAP4rev1: {}}},
}

// attachmentCase is a mail and what the handler must get from it.
type attachmentCase struct {
	name     string
	raw      []byte
	want     []Attachment
	wantAuto bool
}

func attachmentCases() []attachmentCase {
	wb1, wb2 := fakeWorkbook("one"), fakeWorkbook("two")
	forwarded := rawMail(allowedSender, "<inner@kerala.gov.in>", "", `multipart/mixed; boundary="inner-b"`,
		multipart("inner-b",
			textPart("original claim"),
			attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\"forwarded claim.xlsx\"", wb2)))
	return []attachmentCase{
		{
			name: "xlsx attachment",
			raw: mailWith(allowedSender, "<a1@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet; name=\"claim.xlsx\"\nContent-Disposition: attachment; filename=\"claim.xlsx\"", wb1)),
			want: []Attachment{{Name: "claim.xlsx", ContentType: mediaXLSX, Data: wb1}},
		},
		{
			name: "octet-stream by extension",
			raw: mailWith(allowedSender, "<a2@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"TA bill.ods\"", wb1),
				attachmentPart("Content-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"notes.pdf\"", wb2)),
			want: []Attachment{{Name: "TA bill.ods", ContentType: "application/octet-stream", Data: wb1}},
		},
		{
			name: "RFC 2047 name",
			raw: mailWith(allowedSender, "<a3@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/vnd.ms-excel.sheet.macroEnabled.12\nContent-Disposition: attachment;\n filename=\"=?UTF-8?B?4LSV4LWN4LSy4LWG4LSv4LS/4LSCLnhsc20=?=\"", wb1)),
			want: []Attachment{{Name: "ക്ലെയിം.xlsm", ContentType: mediaXLSM, Data: wb1}},
		},
		{
			name: "RFC 2231 name",
			raw: mailWith(allowedSender, "<a4@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment;\n filename*=UTF-8''%E0%B4%AC%E0%B4%BF%E0%B5%BD%202026.xlsx", wb1)),
			want: []Attachment{{Name: "ബിൽ 2026.xlsx", ContentType: mediaXLSX, Data: wb1}},
		},
		{
			name: "RFC 2231 continuation on octet-stream",
			raw: mailWith(allowedSender, "<a5@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/octet-stream\nContent-Disposition: attachment;\n filename*0*=UTF-8''settlement%20;\n filename*1=statement.xls", wb2)),
			want: []Attachment{{Name: "settlement statement.xls", ContentType: "application/octet-stream", Data: wb2}},
		},
		{
			name: "inline workbook",
			raw: mailWith(allowedSender, "<a6@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/vnd.ms-excel\nContent-Disposition: inline; filename=\"annexure.xls\"", wb1)),
			want: []Attachment{{Name: "annexure.xls", ContentType: mediaXLS, Data: wb1}},
		},
		{
			name: "forwarded message",
			raw: mailWith(allowedSender, "<a7@kerala.gov.in>", "",
				crlf("Content-Type: message/rfc822\nContent-Disposition: attachment\n\n")+string(forwarded)),
			want: []Attachment{{Name: "forwarded claim.xlsx", ContentType: mediaXLSX, Data: wb2}},
		},
		{
			name: "two workbooks",
			raw: mailWith(allowedSender, "<a8@kerala.gov.in>", "",
				attachmentPart("Content-Type: application/vnd.oasis.opendocument.spreadsheet\nContent-Disposition: attachment; filename=\"a.ods\"", wb1),
				attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\"b.xlsx\"", wb2)),
			want: []Attachment{
				{Name: "a.ods", ContentType: mediaODS, Data: wb1},
				{Name: "b.xlsx", ContentType: mediaXLSX, Data: wb2},
			},
		},
		{
			name: "nameless workbook as the whole body",
			raw: rawMail(allowedSender, "<a9@kerala.gov.in>", "Content-Transfer-Encoding: base64",
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b64Lines(wb1)),
			want: []Attachment{{Name: "attachment-1.xlsx", ContentType: mediaXLSX, Data: wb1}},
		},
		{
			name: "no workbook",
			raw:  mailWith(allowedSender, "<a10@kerala.gov.in>", ""),
			want: nil,
		},
		{
			name:     "auto-reply",
			raw:      mailWith(allowedSender, "<a11@kerala.gov.in>", "Auto-Submitted: auto-replied"),
			want:     nil,
			wantAuto: true,
		},
	}
}

func checkAttachments(t *testing.T, got, want []Attachment) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d attachments %v, want %d", len(got), names(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name {
			t.Errorf("attachment %d: name %q, want %q", i, got[i].Name, want[i].Name)
		}
		if got[i].ContentType != want[i].ContentType {
			t.Errorf("attachment %d: content type %q, want %q", i, got[i].ContentType, want[i].ContentType)
		}
		if !bytes.Equal(got[i].Data, want[i].Data) {
			t.Errorf("attachment %d (%s): %d bytes differ from the %d sent", i, want[i].Name, len(got[i].Data), len(want[i].Data))
		}
	}
}

func names(atts []Attachment) []string {
	var out []string
	for _, a := range atts {
		out = append(out, a.Name)
	}
	return out
}

// checkProcessed asserts the message left INBOX for Processed with \Seen
// and the keyword.
func checkProcessed(t *testing.T, list func(testing.TB, string) []storedMessage, msgID string) {
	t.Helper()
	waitFor(t, "INBOX to empty", func() bool {
		for _, m := range list(t, "INBOX") {
			if !m.has(imap.FlagDeleted) {
				return false
			}
		}
		return true
	})
	var found bool
	for _, m := range list(t, DefaultProcessed) {
		if m.MessageID != msgID {
			continue
		}
		found = true
		if !m.has(imap.FlagSeen) || !m.has(DefaultKeyword) {
			t.Errorf("processed message flags %v, want \\Seen and %s", m.Flags, DefaultKeyword)
		}
	}
	if !found {
		t.Errorf("message %s not in %s", msgID, DefaultProcessed)
	}
}

func TestWatcher_Run(t *testing.T) {
	for _, p := range serverProfiles {
		t.Run(p.name, func(t *testing.T) {
			for _, tc := range attachmentCases() {
				t.Run(tc.name, func(t *testing.T) {
					srv := startMemServer(t, p.caps)
					srv.deliver(t, "INBOX", tc.raw)
					st := newMemState()
					r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, nil, nil)

					m := receive(t, r.calls)
					checkAttachments(t, m.Attachments, tc.want)
					if m.AutoReply != tc.wantAuto {
						t.Errorf("AutoReply = %v, want %v", m.AutoReply, tc.wantAuto)
					}
					if m.From != allowedSender {
						t.Errorf("From = %q, want %q", m.From, allowedSender)
					}
					if m.UID != 1 || m.UIDValidity == 0 || m.Mailbox != "INBOX" || m.Account != memUser+"@"+srv.addr {
						t.Errorf("provenance = %q %q %d/%d", m.Account, m.Mailbox, m.UIDValidity, m.UID)
					}
					if !strings.HasPrefix(m.MessageID, "<") || !strings.HasSuffix(m.MessageID, ">") {
						t.Errorf("MessageID %q, want angle brackets", m.MessageID)
					}
					checkProcessed(t, srv.list, m.MessageID)
					waitFor(t, "state to advance", func() bool { _, last := st.get(m.Account, "INBOX"); return last == 1 })
					if r.w.LastPoll().IsZero() {
						t.Error("LastPoll is zero after a poll")
					}
				})
			}
		})
	}

	t.Run("IDLE: a message delivered while idling is handled", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass, IdleRefresh: 10 * time.Minute}, newMemState(), nil, nil)
		waitFor(t, "watcher to connect", r.w.Connected)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<late@kerala.gov.in>", ""))
		if m := receive(t, r.calls); m.MessageID != "<late@kerala.gov.in>" {
			t.Errorf("got %s", m.MessageID)
		}
	})

	t.Run("handler error leaves the message unflagged and it is offered again", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<retry@kerala.gov.in>", ""))
		st := newMemState()
		var calls atomic.Int32
		proceed := make(chan struct{})
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, func(context.Context, Message) error {
			if calls.Add(1) == 1 {
				return errors.New("disk full")
			}
			<-proceed
			return nil
		}, nil)
		receive(t, r.calls)
		receive(t, r.calls) // offered again; the handler now waits on proceed
		inbox := srv.list(t, "INBOX")
		if len(inbox) != 1 || inbox[0].has(imap.FlagSeen) || inbox[0].has(DefaultKeyword) {
			t.Errorf("after a handler error INBOX holds %+v, want the message unflagged", inbox)
		}
		if _, last := st.get(r.w.account, "INBOX"); last != 0 {
			t.Errorf("last UID advanced to %d past a failed message", last)
		}
		close(proceed)
		checkProcessed(t, srv.list, "<retry@kerala.gov.in>")
	})

	t.Run("a workbook larger than MaxMessageBytes is named in Oversized, not dropped unseen", func(t *testing.T) {
		for _, p := range serverProfiles {
			t.Run(p.name, func(t *testing.T) {
				srv := startMemServer(t, p.caps)
				small := []byte("PK\x03\x04small workbook")
				srv.deliver(t, "INBOX", mailWith(allowedSender, "<big@kerala.gov.in>", "",
					attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\"big.xlsx\"", fakeWorkbook("big")),
					attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\"small.xlsx\"", small)))
				r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass, MaxMessageBytes: 1000}, newMemState(), nil, nil)
				m := receive(t, r.calls)
				checkAttachments(t, m.Attachments, []Attachment{{Name: "small.xlsx", ContentType: mediaXLSX, Data: small}})
				if !slices.Equal(m.Oversized, []string{"big.xlsx"}) {
					t.Errorf("Oversized = %q, want [big.xlsx]", m.Oversized)
				}
			})
		}
	})

	t.Run("a stranger's mail is quarantined and never handed over", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		srv.deliver(t, "INBOX", mailWith(strangerAddr, "<stranger@example.com>", "",
			attachmentPart("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\nContent-Disposition: attachment; filename=\"claim.xlsx\"", fakeWorkbook("x"))))
		srv.deliver(t, "INBOX", mailWith("clerk@img.example", "<clerk@img.example>", ""))
		st := newMemState()
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, nil, nil)
		// UID order: the stranger's (UID 1) was decided before this one.
		if m := receive(t, r.calls); m.MessageID != "<clerk@img.example>" {
			t.Fatalf("handler got %s, want only the allowed sender's mail", m.MessageID)
		}
		checkProcessed(t, srv.list, "<clerk@img.example>")
		q := srv.list(t, DefaultQuarantine)
		if len(q) != 1 || q[0].MessageID != "<stranger@example.com>" || q[0].has(imap.FlagSeen) {
			t.Errorf("quarantine holds %+v, want the stranger's mail, unseen", q)
		}
		select {
		case m := <-r.calls:
			t.Errorf("handler also got %s", m.MessageID)
		default:
		}
		waitFor(t, "state to advance past both", func() bool { _, last := st.get(r.w.account, "INBOX"); return last == 2 })
	})

	t.Run("UIDVALIDITY change rescans the mailbox", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<old@kerala.gov.in>", ""))
		st := newMemState()
		account := memUser + "@" + srv.addr
		// A state from before the mailbox was recreated: another UIDVALIDITY
		// and a last UID far beyond the present messages.
		const staleValidity = 999999
		if err := st.SetMailboxState(context.Background(), account, "INBOX", staleValidity, 500); err != nil {
			t.Fatal(err)
		}
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, nil, nil)
		m := receive(t, r.calls)
		if m.MessageID != "<old@kerala.gov.in>" || m.UIDValidity == staleValidity {
			t.Errorf("got %s under UIDVALIDITY %d", m.MessageID, m.UIDValidity)
		}
		waitFor(t, "state to take the new UIDVALIDITY", func() bool {
			v, last := st.get(account, "INBOX")
			return v == m.UIDValidity && last == m.UID
		})
	})

	t.Run("a message already carrying the keyword is moved without the handler", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<done@kerala.gov.in>", ""), imap.FlagSeen, DefaultKeyword)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<new@kerala.gov.in>", ""))
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, newMemState(), nil, nil)
		if m := receive(t, r.calls); m.MessageID != "<new@kerala.gov.in>" {
			t.Errorf("handler got %s, want only the new mail", m.MessageID)
		}
		checkProcessed(t, srv.list, "<done@kerala.gov.in>")
		checkProcessed(t, srv.list, "<new@kerala.gov.in>")
	})

	t.Run("a message being handled when Run is stopped is finished", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<slow@kerala.gov.in>", ""))
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<next@kerala.gov.in>", ""))
		st := newMemState()
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, func(ctx context.Context, _ Message) error {
			<-ctx.Done() // Run is being stopped; the work is done anyway
			return nil
		}, nil)
		m := receive(t, r.calls)
		r.cancel() // waits for Run to return
		var processed bool
		for _, p := range srv.list(t, DefaultProcessed) {
			processed = processed || (p.MessageID == m.MessageID && p.has(imap.FlagSeen) && p.has(DefaultKeyword))
		}
		if !processed {
			t.Errorf("%s not flagged and moved to %s", m.MessageID, DefaultProcessed)
		}
		if _, last := st.get(r.w.account, "INBOX"); last != m.UID {
			t.Errorf("last UID %d, want %d", last, m.UID)
		}
		if inbox := srv.list(t, "INBOX"); len(inbox) != 1 || inbox[0].MessageID != "<next@kerala.gov.in>" {
			t.Errorf("INBOX holds %+v, want the next message untouched", inbox)
		}
		select {
		case m := <-r.calls:
			t.Errorf("handler called for %s after Run was stopped", m.MessageID)
		default:
		}
	})

	t.Run("workbooks over MaxMessageBytes are skipped", func(t *testing.T) {
		for _, p := range serverProfiles[:2] { // with and without BINARY
			t.Run(p.name, func(t *testing.T) {
				srv := startMemServer(t, p.caps)
				small := []byte("PK\x03\x04small")
				srv.deliver(t, "INBOX", mailWith(allowedSender, "<big@kerala.gov.in>", "",
					attachmentPart("Content-Type: application/vnd.ms-excel\nContent-Disposition: attachment; filename=\"big.xls\"", fakeWorkbook("big")),
					attachmentPart("Content-Type: application/vnd.ms-excel\nContent-Disposition: attachment; filename=\"small.xls\"", small)))
				r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass, MaxMessageBytes: 1000}, newMemState(), nil, nil)
				m := receive(t, r.calls)
				checkAttachments(t, m.Attachments, []Attachment{{Name: "small.xls", ContentType: mediaXLS, Data: small}})
			})
		}
	})

	t.Run("whole message parsed when BODYSTRUCTURE keeps failing", func(t *testing.T) {
		srv := startMemServer(t, serverProfiles[0].caps)
		tc := attachmentCases()[6] // forwarded message
		srv.deliver(t, "INBOX", tc.raw)
		r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, newMemState(), nil, func(w *Watcher) {
			w.structureFailures[msgKey{1, 1}] = 2
		})
		m := receive(t, r.calls)
		checkAttachments(t, m.Attachments, tc.want)
	})
}

func TestNew(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
	}{
		{"defaults", Config{Addr: "imap.kerala.gov.in:993", Security: "tls", Username: "u"}, false},
		{"none on loopback", Config{Addr: "127.0.0.1:143", Security: "none", Username: "u"}, false},
		{"none on localhost", Config{Addr: "localhost:143", Security: "none", Username: "u"}, false},
		{"none refused off loopback", Config{Addr: "imap.kerala.gov.in:143", Security: "none", Username: "u"}, true},
		{"unknown security", Config{Addr: "imap.kerala.gov.in:143", Security: "ssl", Username: "u"}, true},
		{"no port", Config{Addr: "imap.kerala.gov.in", Security: "tls", Username: "u"}, true},
		{"no user", Config{Addr: "imap.kerala.gov.in:993", Security: "tls"}, true},
		{"processed is the inbox", Config{Addr: "h:993", Security: "tls", Username: "u", Processed: "inbox"}, true},
		{"bad keyword", Config{Addr: "h:993", Security: "tls", Username: "u", Keyword: "two words"}, true},
		{"require auth without authserv-id", Config{Addr: "h:993", Security: "tls", Username: "u", RequireAuth: true}, true},
		{"require auth with authserv-id", Config{Addr: "h:993", Security: "tls", Username: "u", RequireAuth: true, AuthServID: "mx.example"}, false},
		{"authserv-id with a semicolon", Config{Addr: "h:993", Security: "tls", Username: "u", AuthServID: "mx;x"}, true},
		{"missing CA file", Config{Addr: "h:993", Security: "tls", Username: "u", CAFile: "/nonexistent/ca.pem"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, err := New(tc.cfg, newMemState(), nil)
			if tc.wantErr {
				if !errors.Is(err, ErrConfig) {
					t.Fatalf("New error = %v, want ErrConfig", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			c := w.cfg
			if c.Mailbox != "INBOX" || c.Processed != "Processed" || c.Quarantine != "Quarantine" || c.Keyword != "$StpclaimsDone" ||
				c.PollInterval != time.Minute || c.IdleRefresh != 5*time.Minute || c.CommandTimeout != time.Minute || c.MaxMessageBytes != 50<<20 ||
				c.ReconnectMax != time.Minute || w.reconnectMax != time.Minute {
				t.Errorf("defaults not applied: %+v", c)
			}
			if w.account != tc.cfg.Username+"@"+tc.cfg.Addr {
				t.Errorf("account = %q", w.account)
			}
		})
	}
	t.Run("IdleRefresh capped at 10 minutes", func(t *testing.T) {
		w, err := New(Config{Addr: "h:993", Security: "tls", Username: "u", IdleRefresh: time.Hour}, newMemState(), nil)
		if err != nil {
			t.Fatal(err)
		}
		if w.cfg.IdleRefresh != 10*time.Minute {
			t.Errorf("IdleRefresh = %v", w.cfg.IdleRefresh)
		}
	})
}

func TestAllowList_allows(t *testing.T) {
	al := newAllowList([]string{"kerala.gov.in", "@IMG.example", "Clerk@Gmail.com"})
	tests := []struct {
		addr string
		want bool
	}{
		{"dto.tvm@kerala.gov.in", true},
		{"DTO.TVM@KERALA.GOV.IN", true},
		{"a@img.example", true},
		{"clerk@gmail.com", true},
		{"other@gmail.com", false},
		{"x@sub.kerala.gov.in", false},
		{"x@notkerala.gov.in", false},
		{"kerala.gov.in", false},
		{"", false},
		{"x@", false},
	}
	for _, tc := range tests {
		t.Run(tc.addr, func(t *testing.T) {
			if got := al.allows(tc.addr); got != tc.want {
				t.Errorf("allows(%q) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
}

func TestParseHeaderInfo(t *testing.T) {
	tests := []struct {
		name       string
		extra      string
		from       string
		wantAuto   bool
		wantBounce bool
	}{
		{"plain", "", allowedSender, false, false},
		{"auto-submitted no", "Auto-Submitted: no", allowedSender, false, false},
		{"auto-submitted", "Auto-Submitted: auto-generated", allowedSender, true, false},
		{"precedence bulk", "Precedence: bulk", allowedSender, true, false},
		{"precedence list", "Precedence: list", allowedSender, true, false},
		{"x-autoreply", "X-Autoreply: yes", allowedSender, true, false},
		{"empty return-path", "Return-Path: <>", allowedSender, true, true},
		{"return-path set", "Return-Path: <" + allowedSender + ">", allowedSender, false, false},
		{"mailer-daemon", "", "MAILER-DAEMON@kerala.gov.in", true, true},
		{"postmaster", "", "postmaster@kerala.gov.in", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := mailWith(tc.from, "<h@kerala.gov.in>", strings.TrimLeft(tc.extra+"\nReferences: <r1@x> <r2@y>", "\n"))
			info, err := parseHeaderInfo(raw)
			if err != nil {
				t.Fatal(err)
			}
			if info.AutoReply != tc.wantAuto || info.Bounce != tc.wantBounce {
				t.Errorf("AutoReply, Bounce = %v, %v; want %v, %v", info.AutoReply, info.Bounce, tc.wantAuto, tc.wantBounce)
			}
			if !strings.EqualFold(info.From, tc.from) || info.MessageID != "<h@kerala.gov.in>" {
				t.Errorf("From %q MessageID %q", info.From, info.MessageID)
			}
			want := []string{"<r1@x>", "<r2@y>"}
			if strings.Join(info.References, " ") != strings.Join(want, " ") {
				t.Errorf("References = %v, want %v", info.References, want)
			}
		})
	}
	t.Run("delivery-status report", func(t *testing.T) {
		raw := rawMail(allowedSender, "<dsn@x>", "", `multipart/report; report-type=delivery-status; boundary="r"`,
			multipart("r", textPart("undeliverable"), crlf("Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n")))
		info, err := parseHeaderInfo(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !info.AutoReply || !info.Bounce {
			t.Error("a delivery-status report is not taken for a bounce")
		}
	})
	t.Run("read receipt: an auto-reply, not a bounce", func(t *testing.T) {
		raw := rawMail(allowedSender, "<mdn@x>", "", `multipart/report; report-type=disposition-notification; boundary="r"`,
			multipart("r", textPart("read"), crlf("Content-Type: message/disposition-notification\n\nFinal-Recipient: rfc822; x\n")))
		info, err := parseHeaderInfo(raw)
		if err != nil {
			t.Fatal(err)
		}
		if !info.AutoReply || info.Bounce {
			t.Errorf("AutoReply, Bounce = %v, %v", info.AutoReply, info.Bounce)
		}
	})
	t.Run("Authentication-Results top first", func(t *testing.T) {
		info, err := parseHeaderInfo(mailWith(allowedSender, "<ar@x>", "Authentication-Results: top; dmarc=pass\nAuthentication-Results: bottom; dmarc=fail"))
		if err != nil {
			t.Fatal(err)
		}
		if len(info.AuthResults) != 2 || !strings.HasPrefix(info.AuthResults[0], "top") {
			t.Errorf("AuthResults = %q", info.AuthResults)
		}
	})
	t.Run("in-reply-to without references", func(t *testing.T) {
		info, err := parseHeaderInfo(mailWith(allowedSender, "<m@x>", "In-Reply-To: <prev@x>"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(info.References, " ") != "<prev@x>" {
			t.Errorf("References = %v", info.References)
		}
	})
}

func TestParseWhole(t *testing.T) {
	for _, tc := range attachmentCases() {
		t.Run(tc.name, func(t *testing.T) {
			atts, skipped, err := parseWhole(tc.raw, 1<<20)
			if err != nil {
				t.Fatalf("parseWhole: %v", err)
			}
			if len(skipped) != 0 {
				t.Errorf("skipped %v", skipped)
			}
			checkAttachments(t, atts, tc.want)
		})
	}
	t.Run("parts over the limit are skipped", func(t *testing.T) {
		atts, skipped, err := parseWhole(attachmentCases()[0].raw, 100)
		if err != nil {
			t.Fatal(err)
		}
		if len(atts) != 0 || len(skipped) != 1 || skipped[0] != "claim.xlsx" {
			t.Errorf("atts %v skipped %v", names(atts), skipped)
		}
	})
}

// stallingServer accepts connections, sends the greeting when greet is set,
// answers nothing after that, and holds the connection until the test ends.
func stallingServer(t *testing.T, greet bool) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var conns []net.Conn
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
			if greet {
				_, _ = c.Write([]byte("* OK [CAPABILITY IMAP4rev1 IDLE] stalling\r\n"))
			}
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

func TestWatcher_dial(t *testing.T) {
	tests := []struct {
		name  string
		greet bool
	}{
		{"no greeting", false},
		{"no answer to LOGIN", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			addr := stallingServer(t, tc.greet)
			w, err := New(Config{Addr: addr, Security: SecurityNone, Username: "u", CommandTimeout: 200 * time.Millisecond}, newMemState(), nil)
			if err != nil {
				t.Fatal(err)
			}
			cn, err := w.dial(context.Background())
			if !errors.Is(err, ErrTimeout) {
				t.Fatalf("dial error = %v (conn %v), want ErrTimeout", err, cn)
			}
		})
	}
	t.Run("context cancelled", func(t *testing.T) {
		addr := stallingServer(t, false)
		w, err := New(Config{Addr: addr, Security: SecurityNone, Username: "u", CommandTimeout: time.Hour}, newMemState(), nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		errc := make(chan error, 1)
		go func() {
			_, err := w.dial(ctx)
			errc <- err
		}()
		cancel()
		select {
		case err := <-errc:
			if err == nil {
				t.Fatal("dial succeeded against a silent server")
			}
		case <-time.After(30 * time.Second):
			t.Fatal("dial did not return after cancel")
		}
	})
}

func TestConn_do(t *testing.T) {
	addr := stallingServer(t, true)
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	cn := &conn{c: c, timeout: 200 * time.Millisecond}
	if err := cn.do("noop", func() error { return c.Noop().Wait() }); !errors.Is(err, ErrTimeout) {
		t.Fatalf("do = %v, want ErrTimeout", err)
	}
	select {
	case <-c.Closed():
	case <-time.After(30 * time.Second):
		t.Fatal("connection not closed after a timeout")
	}
}
