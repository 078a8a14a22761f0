package mailer

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"mime"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/internal/smtptest"
	"stpclaims/internal/tlstrust"
)

const testFrom = "STP Claims <stp-claims@img.kerala.gov.in>"

// testReply is a reply with everything a real one has: Cc, threading
// headers, a Malayalam subject and body, and two attachments, one with a
// Malayalam name.
func testReply() stpclaims.Reply {
	return stpclaims.Reply{
		To:         []string{"Coordinator <coord@example.org>"},
		Cc:         []string{"finance@img.kerala.gov.in", "dd@img.kerala.gov.in"},
		Subject:    "Re: അഡ്വാൻസ് claim — 2 findings",
		InReplyTo:  "<orig-1@example.org>",
		References: []string{"<root-0@example.org>", "<orig-1@example.org>"},
		Body: "Dear Coordinator,\n\nYour claim has 2 findings (ഫലം).\n" +
			"From the order: a line that is long enough to need a soft line break in quoted-printable, " +
			"well past seventy-six characters.\n=3D stays as typed; trailing space here \n\n-- \nSTP Claims\n",
		Attachments: []stpclaims.Attachment{
			{Name: "അഡ്വാൻസ്.xlsx", ContentType: stpclaims.ContentTypeXLSX, Data: []byte("PK\x03\x04 not really a zip \x00\xff\xfe")},
			{Name: "report.json", ContentType: "application/json", Data: []byte(`{"status":"returned"}`)},
		},
	}
}

func newMailer(t testing.TB, cfg Config) *Mailer {
	t.Helper()
	if cfg.From == "" {
		cfg.From = testFrom
	}
	m, err := New(cfg, nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

// sendAll delivers r to all its recipients; a refused one is an error.
func sendAll(ctx context.Context, m *Mailer, key string, r stpclaims.Reply) error {
	d, err := m.Deliver(ctx, key, r, Envelope{})
	if err == nil && len(d.Refused) > 0 {
		err = fmt.Errorf("refused: %v", d.Refused)
	}
	return err
}

func TestMailer_Deliver(t *testing.T) {
	tests := []struct {
		name     string
		opts     []smtptest.Option
		security string
		user     string
		wantTLS  bool
	}{
		{name: "plain loopback", security: SecurityNone},
		{name: "plain loopback with auth", opts: []smtptest.Option{smtptest.WithAuth("stp", "s3cret")}, security: SecurityNone, user: "stp"},
		{name: "starttls", opts: []smtptest.Option{smtptest.WithSTARTTLS()}, security: SecurityStartTLS, wantTLS: true},
		{name: "starttls with auth", opts: []smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("stp", "s3cret")}, security: SecurityStartTLS, user: "stp", wantTLS: true},
		{name: "implicit tls with auth", opts: []smtptest.Option{smtptest.WithImplicitTLS(), smtptest.WithAuth("stp", "s3cret")}, security: SecurityTLS, user: "stp", wantTLS: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtptest.Start(t, tt.opts...)
			cfg := Config{Host: sink.Host(), Port: sink.Port(), Security: tt.security, HelloName: "stpclaims.test"}
			if pool := sink.CertPool(); pool != nil {
				cfg.TLSConfig = &tls.Config{RootCAs: pool}
			}
			if tt.user != "" {
				cfg.Username, cfg.Password = tt.user, "s3cret"
			}
			m := newMailer(t, cfg)
			r := testReply()
			d, err := m.Deliver(context.Background(), "outbox-42", r, Envelope{})
			if err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			if len(d.Refused) != 0 || len(d.Accepted) != 3 {
				t.Errorf("Delivery = %+v, want all three accepted", d)
			}
			got := sink.Wait(t, 1, 10*time.Second)
			if len(got) != 1 {
				t.Fatalf("sink has %d messages, want 1", len(got))
			}
			checkReceived(t, got[0], r, m.MessageID("outbox-42", r))
			if got[0].TLS != tt.wantTLS {
				t.Errorf("TLS = %v, want %v", got[0].TLS, tt.wantTLS)
			}
			if got[0].User != tt.user {
				t.Errorf("authenticated user = %q, want %q", got[0].User, tt.user)
			}
		})
	}
}

func checkReceived(t *testing.T, rec smtptest.Received, r stpclaims.Reply, wantID string) {
	t.Helper()
	if rec.ParseErr != nil {
		t.Fatalf("sink could not parse the message: %v\n%s", rec.ParseErr, rec.Raw)
	}
	if rec.From != "stp-claims@img.kerala.gov.in" {
		t.Errorf("envelope from = %q", rec.From)
	}
	wantRcpt := []string{"coord@example.org", "finance@img.kerala.gov.in", "dd@img.kerala.gov.in"}
	if strings.Join(rec.To, ",") != strings.Join(wantRcpt, ",") {
		t.Errorf("envelope recipients = %q, want %q", rec.To, wantRcpt)
	}
	h := rec.Header
	addrs := func(key string) string {
		list, err := h.AddressList(key)
		if err != nil {
			t.Errorf("%s: %v", key, err)
		}
		var s []string
		for _, a := range list {
			s = append(s, a.Name+" <"+a.Address+">")
		}
		return strings.Join(s, ", ")
	}
	if got, want := addrs("From"), "STP Claims <stp-claims@img.kerala.gov.in>"; got != want {
		t.Errorf("From = %q, want %q", got, want)
	}
	if got, want := addrs("To"), "Coordinator <coord@example.org>"; got != want {
		t.Errorf("To = %q, want %q", got, want)
	}
	if got, want := addrs("Cc"), " <finance@img.kerala.gov.in>,  <dd@img.kerala.gov.in>"; got != want {
		t.Errorf("Cc = %q, want %q", got, want)
	}
	if got, err := h.Subject(); err != nil || got != r.Subject {
		t.Errorf("Subject = %q (%v), want %q", got, err, r.Subject)
	}
	if got := h.Get("In-Reply-To"); got != r.InReplyTo {
		t.Errorf("In-Reply-To = %q, want %q", got, r.InReplyTo)
	}
	if got, want := strings.Join(strings.Fields(h.Get("References")), " "), strings.Join(r.References, " "); got != want {
		t.Errorf("References = %q, want %q", got, want)
	}
	if got := h.Get("Auto-Submitted"); got != "auto-replied" {
		t.Errorf("Auto-Submitted = %q, want auto-replied", got)
	}
	if got := h.Get("Message-Id"); got != wantID {
		t.Errorf("Message-ID = %q, want %q", got, wantID)
	}
	if _, err := h.Date(); err != nil || h.Get("Date") == "" {
		t.Errorf("Date = %q: %v", h.Get("Date"), err)
	}
	if got := strings.ReplaceAll(rec.Text, "\r\n", "\n"); got != r.Body {
		t.Errorf("body = %q\nwant %q", got, r.Body)
	}
	if !bytes.Contains(rec.Raw, []byte("Content-Transfer-Encoding: quoted-printable")) {
		t.Errorf("body is not quoted-printable:\n%s", rec.Raw)
	}
	if len(rec.Attachments) != len(r.Attachments) {
		t.Fatalf("%d attachments, want %d", len(rec.Attachments), len(r.Attachments))
	}
	for i, want := range r.Attachments {
		got := rec.Attachments[i]
		if got.Name != want.Name {
			t.Errorf("attachment %d name = %q, want %q", i, got.Name, want.Name)
		}
		if got.ContentType != want.ContentType {
			t.Errorf("attachment %d type = %q, want %q", i, got.ContentType, want.ContentType)
		}
		if !bytes.Equal(got.Data, want.Data) {
			t.Errorf("attachment %d data = %q, want %q", i, got.Data, want.Data)
		}
	}
	// The Malayalam name travels RFC 2231 encoded, not as an encoded word
	// inside quotes.
	if !bytes.Contains(rec.Raw, []byte("filename*0*=UTF-8''%E0%B4%85")) {
		t.Errorf("no RFC 2231 filename in:\n%s", rec.Raw)
	}
}

func TestMailer_Send_failures(t *testing.T) {
	tests := []struct {
		name          string
		sinkOpts      []smtptest.Option
		security      string // default none
		user, pass    string
		noCA          bool
		failing       int
		stopped       bool
		reply         func(r *stpclaims.Reply)
		wantPermanent bool
	}{
		{name: "451 is temporary", failing: 451},
		{name: "550 is permanent", failing: 550, wantPermanent: true},
		{name: "server down is temporary", stopped: true},
		{name: "no recipient is permanent", reply: func(r *stpclaims.Reply) { r.To = nil }, wantPermanent: true},
		{name: "STARTTLS required but not offered", security: SecurityStartTLS},
		{name: "untrusted certificate", sinkOpts: []smtptest.Option{smtptest.WithSTARTTLS()}, security: SecurityStartTLS, noCA: true},
		{name: "wrong password is temporary", sinkOpts: []smtptest.Option{smtptest.WithSTARTTLS(), smtptest.WithAuth("stp", "s3cret")}, security: SecurityStartTLS, user: "stp", pass: "wrong"},
		{name: "AUTH required but not configured", sinkOpts: []smtptest.Option{smtptest.WithAuth("stp", "s3cret")}, wantPermanent: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtptest.Start(t, tt.sinkOpts...)
			sink.SetFailing(tt.failing)
			if tt.stopped {
				sink.Stop()
			}
			cfg := Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityNone, Username: tt.user, Password: tt.pass}
			if tt.security != "" {
				cfg.Security = tt.security
			}
			if pool := sink.CertPool(); pool != nil && !tt.noCA {
				cfg.TLSConfig = &tls.Config{RootCAs: pool}
			}
			m := newMailer(t, cfg)
			r := testReply()
			if tt.reply != nil {
				tt.reply(&r)
			}
			d, err := m.Deliver(context.Background(), "outbox-1", r, Envelope{})
			if err == nil {
				t.Fatalf("Deliver succeeded (%+v), want an error", d)
			}
			if len(d.Accepted) != 0 {
				t.Errorf("Delivery %+v on an error, want nobody accepted", d)
			}
			if got := IsPermanent(err); got != tt.wantPermanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, got, tt.wantPermanent)
			}
			if n := len(sink.Messages()); n != 0 {
				t.Errorf("sink accepted %d messages, want 0", n)
			}
		})
	}
}

// silentServer accepts connections and never says a word, like a server
// that hangs after the TCP handshake.
func silentServer(t *testing.T) (host string, port int) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		l.Close()
		<-done
		for _, c := range conns {
			c.Close()
		}
	})
	a := l.Addr().(*net.TCPAddr)
	return a.IP.String(), a.Port
}

func TestMailer_Send_abandons(t *testing.T) {
	t.Run("context cancelled", func(t *testing.T) {
		host, port := silentServer(t)
		m := newMailer(t, Config{Host: host, Port: port, Security: SecurityNone, Timeout: time.Hour})
		ctx, cancel := context.WithCancel(context.Background())
		res := make(chan error, 1)
		go func() { res <- sendAll(ctx, m, "outbox-1", testReply()) }()
		cancel()
		select {
		case err := <-res:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Send = %v, want context.Canceled", err)
			}
			if IsPermanent(err) {
				t.Errorf("IsPermanent(%v) = true", err)
			}
		case <-time.After(30 * time.Second): // a hang guard, not a speed check
			t.Fatal("Send did not return after cancel")
		}
	})
	t.Run("timeout", func(t *testing.T) {
		host, port := silentServer(t)
		m := newMailer(t, Config{Host: host, Port: port, Security: SecurityNone, Timeout: 100 * time.Millisecond})
		err := sendAll(context.Background(), m, "outbox-1", testReply())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("Send = %v, want context.DeadlineExceeded", err)
		}
	})
}

func TestNew(t *testing.T) {
	tests := []struct {
		name     string
		cfg      Config
		wantErr  bool
		wantPort int
	}{
		{name: "starttls default", cfg: Config{Host: "smtp.example.org", From: testFrom}, wantPort: 587},
		{name: "implicit tls default port", cfg: Config{Host: "smtp.example.org", Security: "tls", From: testFrom}, wantPort: 465},
		{name: "none on loopback", cfg: Config{Host: "127.0.0.1", Security: "none", From: testFrom}, wantPort: 25},
		{name: "none on localhost", cfg: Config{Host: "localhost", Port: 2525, Security: "none", From: testFrom}, wantPort: 2525},
		{name: "none on ::1", cfg: Config{Host: "::1", Security: "none", From: testFrom}, wantPort: 25},
		{name: "none refused off loopback", cfg: Config{Host: "smtp.example.org", Security: "none", From: testFrom}, wantErr: true},
		{name: "unknown security", cfg: Config{Host: "smtp.example.org", Security: "ssl", From: testFrom}, wantErr: true},
		{name: "no host", cfg: Config{From: testFrom}, wantErr: true},
		{name: "bad from", cfg: Config{Host: "smtp.example.org", From: "STP Claims"}, wantErr: true},
		{name: "bad port", cfg: Config{Host: "smtp.example.org", Port: 70000, From: testFrom}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := New(tt.cfg, nil)
			if tt.wantErr {
				if !errors.Is(err, ErrConfig) {
					t.Fatalf("New = %v, want ErrConfig", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("New: %v", err)
			}
			if m.cfg.Port != tt.wantPort {
				t.Errorf("port = %d, want %d", m.cfg.Port, tt.wantPort)
			}
			if m.cfg.Timeout != DefaultTimeout {
				t.Errorf("timeout = %v, want %v", m.cfg.Timeout, DefaultTimeout)
			}
			if m.tls.ServerName != tt.cfg.Host {
				t.Errorf("TLS server name = %q, want %q", m.tls.ServerName, tt.cfg.Host)
			}
		})
	}
}

func TestMailer_MessageID(t *testing.T) {
	m := newMailer(t, Config{Host: "127.0.0.1", Security: SecurityNone})
	r := testReply()
	id := m.MessageID("outbox-42", r)
	if !strings.HasPrefix(id, "<outbox-42.") || !strings.HasSuffix(id, "@img.kerala.gov.in>") {
		t.Errorf("MessageID = %q, want <outbox-42.<hash>@img.kerala.gov.in>", id)
	}
	if again := m.MessageID("outbox-42", r); again != id {
		t.Errorf("same key and reply gave %q then %q", id, again)
	}
	if other := m.MessageID("outbox-43", r); other == id {
		t.Errorf("different keys gave the same Message-ID %q", id)
	}
	r2 := r
	r2.InReplyTo = "<other@example.org>"
	if other := m.MessageID("outbox-42", r2); other == id {
		t.Errorf("same key answering another message gave the same Message-ID %q", id)
	}
	if got := m.MessageID("out box/<7>", r); !strings.HasPrefix(got, "<out-box--7-.") {
		t.Errorf("MessageID of an odd key = %q, want its unsafe characters replaced", got)
	}
	if _, ok := msgID(id); !ok {
		t.Errorf("MessageID %q is not a valid msg-id", id)
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		name, file string
	}{
		{"ascii", "report.json"},
		{"ascii with specials", `claim "final"; v2 (1).xlsx`},
		{"malayalam", "അഡ്വാൻസ്.xlsx"},
		{"long malayalam", strings.Repeat("അഡ്വാൻസ് ", 12) + "ക്ലെയിം.xlsx"},
		{"percent and star", "100%*done'.xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, h := range []struct{ value, param, media string }{
				{contentDisposition(tt.file), "filename", "attachment"},
				{contentTypeHeader(stpclaims.ContentTypeXLSX, tt.file), "name", stpclaims.ContentTypeXLSX},
			} {
				for _, line := range strings.Split(h.value, "\r\n") {
					if len(line) > 78 {
						t.Errorf("header line of %d characters: %q", len(line), line)
					}
				}
				unfolded := strings.ReplaceAll(h.value, "\r\n", "")
				media, params, err := mime.ParseMediaType(unfolded)
				if err != nil {
					t.Fatalf("ParseMediaType(%q): %v", unfolded, err)
				}
				got, err := new(mime.WordDecoder).DecodeHeader(params[h.param])
				if err != nil {
					t.Fatalf("decode %q: %v", params[h.param], err)
				}
				if media != h.media || got != tt.file {
					t.Errorf("parsed %q as %q %s=%q, want %q %q", unfolded, media, h.param, got, h.media, tt.file)
				}
			}
		})
	}
}

func TestContentTypeHeader(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "application/octet-stream;\r\n name=a.bin"},
		{"not a type", "application/octet-stream;\r\n name=a.bin"},
		{"application/json; charset=utf-8", "application/json; charset=utf-8;\r\n name=a.bin"},
		{"text/csv; name=old.csv", "text/csv;\r\n name=a.bin"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := contentTypeHeader(tt.in, "a.bin"); got != tt.want {
				t.Errorf("contentTypeHeader(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a.xlsx", "a.xlsx"},
		{"../../etc/passwd", ".._.._etc_passwd"},
		{`C:\claims\x.xlsx`, "C:_claims_x.xlsx"},
		{"tab\there", "tab_here"},
		{"  ", "attachment"},
		{"അഡ്വാൻസ്.xlsx", "അഡ്വാൻസ്.xlsx"},
		{strings.Repeat("ക", 200) + ".xlsx", strings.Repeat("ക", 115) + ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := fileName(tt.in); got != tt.want {
				t.Errorf("fileName(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// BenchmarkSend measures whole replies (connect, EHLO, optional STARTTLS,
// MAIL, RCPT x3, DATA with a ~60 KB workbook, QUIT) to the loopback sink.
func BenchmarkSend(b *testing.B) {
	for _, bc := range []struct {
		name     string
		opts     []smtptest.Option
		security string
	}{
		{"plain", nil, SecurityNone},
		{"starttls", []smtptest.Option{smtptest.WithSTARTTLS()}, SecurityStartTLS},
	} {
		b.Run(bc.name, func(b *testing.B) {
			sink := smtptest.Start(b, bc.opts...)
			cfg := Config{Host: sink.Host(), Port: sink.Port(), Security: bc.security}
			if pool := sink.CertPool(); pool != nil {
				cfg.TLSConfig = &tls.Config{RootCAs: pool}
			}
			m := newMailer(b, cfg)
			r := testReply()
			r.Attachments[0].Data = bytes.Repeat([]byte("PK\x03\x04workbook"), 5000) // ~60 KB
			ctx := context.Background()
			for b.Loop() {
				if err := sendAll(ctx, m, "outbox-1", r); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "replies/s")
		})
	}
}

func TestMailer_Send_headerInjection(t *testing.T) {
	sink := smtptest.Start(t)
	m := newMailer(t, Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityNone})
	r := testReply()
	r.Subject = "Re: claim\r\nBcc: evil@example.net"
	r.InReplyTo = "<a@b>\r\nBcc: evil@example.net"
	r.References = []string{"<ok@example.org>", "<x@y>\nBcc: evil@example.net"}
	if err := sendAll(context.Background(), m, "outbox-1", r); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	rec := sink.Wait(t, 1, 10*time.Second)[0]
	for _, rcpt := range rec.To {
		if strings.Contains(rcpt, "evil") {
			t.Errorf("injected recipient %q", rcpt)
		}
	}
	if got := rec.Header.Get("Bcc"); got != "" {
		t.Errorf("injected Bcc header %q", got)
	}
	if got := rec.Header.Get("In-Reply-To"); got != "" {
		t.Errorf("malformed In-Reply-To sent as %q", got)
	}
	if got := rec.Header.Get("References"); got != "<ok@example.org>" {
		t.Errorf("References = %q, want only the well-formed one", got)
	}
	if got, _ := rec.Header.Subject(); !strings.HasPrefix(got, "Re: claim") {
		t.Errorf("Subject = %q", got)
	}
}

func TestMailer_Deliver_refusals(t *testing.T) {
	const coord, finance, dd = "Coordinator <coord@example.org>", "finance@img.kerala.gov.in", "dd@img.kerala.gov.in"
	tests := []struct {
		name         string
		reject       map[string]int
		reply        func(*stpclaims.Reply)
		env          Envelope
		wantAccepted []string
		wantRefused  []Refusal
		wantEnvTo    []string // envelope recipients of the message sent; nil: none sent
		wantNote     []string // lines the body ends with ("" none)
		wantCc       string   // the Cc header
	}{
		{
			name: "550 on one Cc: the others get it, with a line about the refused address", reject: map[string]int{dd: 550},
			wantAccepted: []string{coord, finance}, wantRefused: []Refusal{{Addr: dd, Code: 550}},
			wantEnvTo: []string{"coord@example.org", finance},
			wantNote:  []string{"Not delivered: the mail server refused this reply for", "  - dd@img.kerala.gov.in (copy, Cc): 550 5.0.0 smtptest: failing as told"},
			wantCc:    finance,
		},
		{
			name: "452 on one Cc: the others get it, no line (it may still go)", reject: map[string]int{dd: 452},
			wantAccepted: []string{coord, finance}, wantRefused: []Refusal{{Addr: dd, Code: 452}},
			wantEnvTo: []string{"coord@example.org", finance}, wantCc: finance + ", " + dd,
		},
		{
			name: "a Cc that is no address", reply: func(r *stpclaims.Reply) { r.Cc = []string{"dd at img", finance} },
			wantAccepted: []string{coord, finance}, wantRefused: []Refusal{{Addr: "dd at img", Code: 0}},
			wantEnvTo: []string{"coord@example.org", finance},
			wantNote:  []string{"  - dd at img (copy, Cc): not an e-mail address"},
			wantCc:    finance,
		},
		{
			name: "550 on the To: the copies get it, saying so", reject: map[string]int{"coord@example.org": 550},
			wantAccepted: []string{finance, dd}, wantRefused: []Refusal{{Addr: coord, Code: 550}},
			wantEnvTo: []string{finance, dd},
			wantNote:  []string{"  - Coordinator <coord@example.org> (To): 550 5.0.0 smtptest: failing as told"},
			wantCc:    finance + ", " + dd,
		},
		{
			name: "every recipient refused: nothing sent", reject: map[string]int{"coord@example.org": 550, finance: 451, dd: 550},
			wantRefused: []Refusal{{Addr: coord, Code: 550}, {Addr: finance, Code: 451}, {Addr: dd, Code: 550}},
		},
		{
			name:         "only the pending recipient, naming the one refused earlier",
			env:          Envelope{Rcpts: []string{coord}, Refused: []Refusal{{Addr: dd, Code: 550, Text: "no such user"}}},
			wantAccepted: []string{coord}, wantEnvTo: []string{"coord@example.org"},
			wantNote: []string{"  - dd@img.kerala.gov.in (copy, Cc): 550 no such user"},
			wantCc:   finance,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := smtptest.Start(t)
			for a, code := range tt.reject {
				sink.SetRejecting(a, code)
			}
			m := newMailer(t, Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityNone})
			r := testReply()
			if tt.reply != nil {
				tt.reply(&r)
			}
			d, err := m.Deliver(context.Background(), "outbox-9", r, tt.env)
			if err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			if strings.Join(d.Accepted, "|") != strings.Join(tt.wantAccepted, "|") {
				t.Errorf("Accepted = %q, want %q", d.Accepted, tt.wantAccepted)
			}
			if len(d.Refused) != len(tt.wantRefused) {
				t.Fatalf("Refused = %+v, want %+v", d.Refused, tt.wantRefused)
			}
			for i, f := range d.Refused {
				if w := tt.wantRefused[i]; f.Addr != w.Addr || f.Code != w.Code || f.Text == "" {
					t.Errorf("Refused[%d] = %+v, want %+v with a reason", i, f, w)
				}
			}
			msgs := sink.Messages()
			if tt.wantEnvTo == nil {
				if len(msgs) != 0 {
					t.Errorf("%d messages sent, want none", len(msgs))
				}
				return
			}
			if len(msgs) != 1 {
				t.Fatalf("%d messages sent, want 1", len(msgs))
			}
			rec := msgs[0]
			if strings.Join(rec.To, ",") != strings.Join(tt.wantEnvTo, ",") {
				t.Errorf("envelope recipients %q, want %q", rec.To, tt.wantEnvTo)
			}
			body := strings.ReplaceAll(rec.Text, "\r\n", "\n")
			own, sig, _ := strings.Cut(r.Body, "\n-- \n")
			if !strings.HasPrefix(body, own) || !strings.HasSuffix(body, "\n-- \n"+sig) {
				t.Errorf("the reply's own text and signature are not kept around the note:\n%s", body)
			}
			for _, line := range tt.wantNote {
				if !strings.Contains(body, line+"\n") {
					t.Errorf("body lacks %q:\n%s", line, body)
				}
			}
			if tt.wantNote == nil && strings.Contains(body, "Not delivered") {
				t.Errorf("body has a delivery note:\n%s", body)
			}
			var cc []string
			list, _ := rec.Header.AddressList("Cc")
			for _, a := range list {
				cc = append(cc, a.Address)
			}
			if got := strings.Join(cc, ", "); got != tt.wantCc {
				t.Errorf("Cc header = %q, want %q", got, tt.wantCc)
			}
			if got := rec.Header.Get("Message-Id"); got != m.MessageID("outbox-9", r) {
				t.Errorf("Message-ID %q changed by the note", got)
			}
		})
	}
}

func TestMailer_Deliver_certificate(t *testing.T) {
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, sink.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Run("untrusted", func(t *testing.T) {
		m := newMailer(t, Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityStartTLS})
		err := sendAll(context.Background(), m, "outbox-1", testReply())
		if !tlstrust.IsCertificateError(err) {
			t.Errorf("Deliver = %v, want a certificate error", err)
		}
		if IsPermanent(err) || answered(err) {
			t.Errorf("a certificate error taken for the server's answer: %v", err)
		}
	})
	t.Run("CAFile", func(t *testing.T) {
		m := newMailer(t, Config{Host: sink.Host(), Port: sink.Port(), Security: SecurityStartTLS, CAFile: caFile})
		if err := sendAll(context.Background(), m, "outbox-1", testReply()); err != nil {
			t.Errorf("Deliver: %v", err)
		}
	})
	t.Run("bad CAFile", func(t *testing.T) {
		if _, err := New(Config{Host: sink.Host(), From: testFrom, CAFile: filepath.Join(t.TempDir(), "none.pem")}, nil); !errors.Is(err, ErrConfig) {
			t.Errorf("New = %v, want ErrConfig", err)
		}
	})
}
