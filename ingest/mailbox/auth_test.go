package mailbox

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"log/slog"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

const servID = "mx.img.kerala.gov.in"

// authCases are mails from an allowed sender with forged and genuine
// Authentication-Results; taken says whether RequireAuth lets them in.
var authCases = []struct {
	name   string
	from   string
	fields []string // top first
	taken  bool
}{
	{"dmarc pass", allowedSender, []string{servID + "; spf=pass smtp.mailfrom=kerala.gov.in; dkim=pass header.d=kerala.gov.in; dmarc=pass (p=quarantine dis=none) header.from=kerala.gov.in"}, true},
	{"dmarc fail", allowedSender, []string{servID + "; dkim=fail header.d=kerala.gov.in; dmarc=fail header.from=kerala.gov.in"}, false},
	{"dmarc pass for another From domain", allowedSender, []string{servID + "; dmarc=pass header.from=example.com"}, false},
	{"dkim aligned, exact domain (OpenDKIM comment with ;)", allowedSender, []string{servID + ";\r\n\tdkim=pass (2048-bit key; unprotected) header.d=kerala.gov.in header.i=@kerala.gov.in header.a=rsa-sha256 header.s=mail header.b=OnHOkkuR;\r\n\tdkim-atps=neutral"}, true},
	{"dkim aligned, relaxed (subdomain signer)", allowedSender, []string{servID + "; dkim=pass header.d=mail.kerala.gov.in"}, true},
	{"dkim aligned by header.i only", allowedSender, []string{servID + "; dkim=pass header.i=@kerala.gov.in"}, true},
	{"dkim pass, not aligned", allowedSender, []string{servID + "; dkim=pass header.d=example.com"}, false},
	{"dkim pass, sibling under a public suffix, not aligned", allowedSender, []string{servID + "; dkim=pass header.d=tamilnadu.gov.in"}, false},
	{"dkim fail", allowedSender, []string{servID + "; dkim=fail header.d=kerala.gov.in"}, false},
	{"spf pass alone", allowedSender, []string{servID + "; spf=pass smtp.mailfrom=kerala.gov.in"}, false},
	{"forged pass of another authserv-id above the real fail", allowedSender, []string{
		"mx.forger.example; dmarc=pass header.from=kerala.gov.in",
		servID + "; dmarc=fail header.from=kerala.gov.in",
	}, false},
	{"genuine pass below a forged fail of another authserv-id", allowedSender, []string{
		"mx.forger.example; dmarc=fail header.from=kerala.gov.in",
		servID + "; dmarc=pass header.from=kerala.gov.in",
	}, true},
	{"forged pass of the real id below the real fail", allowedSender, []string{
		servID + "; dmarc=fail header.from=kerala.gov.in",
		servID + "; dmarc=pass header.from=kerala.gov.in",
	}, false},
	{"authserv-id case and version", allowedSender, []string{"MX.IMG.Kerala.gov.in 1; dmarc=pass"}, true},
	{"only another authserv-id", allowedSender, []string{"mx.forger.example; dmarc=pass header.from=kerala.gov.in"}, false},
	{"no Authentication-Results", allowedSender, nil, false},
	{"unreadable field of the real id", allowedSender, []string{servID + "; dmarc"}, false},
}

func TestAuthVerdict(t *testing.T) {
	for _, tc := range authCases {
		t.Run(tc.name, func(t *testing.T) {
			ok, reason := authVerdict(tc.fields, servID, tc.from)
			if ok != tc.taken {
				t.Errorf("authVerdict = %v (%s), want %v", ok, reason, tc.taken)
			}
			if reason == "" {
				t.Error("no reason given")
			}
		})
	}
	t.Run("no From domain", func(t *testing.T) {
		if ok, _ := authVerdict([]string{servID + "; dmarc=pass"}, servID, "nobody"); ok {
			t.Error("a From without a domain was taken as authenticated")
		}
	})
}

func TestStripComments(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a; dkim=pass (2048-bit key; unprotected) header.d=x", "a; dkim=pass   header.d=x"},
		{"a (nested (deep; ) still) b", "a   b"},
		{`a (esc \) paren; x) b`, "a   b"},
		{`a; reason="keep (this; one)" b`, `a; reason="keep (this; one)" b`},
		{`a; reason="q \" (x)" (c) b`, `a; reason="q \" (x)"   b`},
	}
	for _, tc := range tests {
		if got := stripComments(tc.in); got != tc.want {
			t.Errorf("stripComments(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// lockedBuffer collects log output from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestWatcher_Run_requireAuth(t *testing.T) {
	srv := startMemServer(t, serverProfiles[0].caps)
	var taken []string
	for i, tc := range authCases {
		var extra []string
		for _, f := range tc.fields {
			extra = append(extra, "Authentication-Results: "+f)
		}
		id := "<auth" + string(rune('a'+i)) + "@kerala.gov.in>"
		srv.deliver(t, "INBOX", mailWith(tc.from, id, strings.Join(extra, "\n")))
		if tc.taken {
			taken = append(taken, id)
		}
	}
	var logs lockedBuffer
	st := newMemState()
	r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass, RequireAuth: true, AuthServID: servID}, st, nil,
		func(w *Watcher) { w.log = slog.New(slog.NewTextHandler(&logs, nil)) })
	for _, want := range taken {
		if m := receive(t, r.calls); m.MessageID != want {
			t.Errorf("handler got %s, want %s", m.MessageID, want)
		}
	}
	waitFor(t, "every mail decided", func() bool { _, last := st.get(r.w.account, "INBOX"); return last == uint32(len(authCases)) })
	select {
	case m := <-r.calls:
		t.Errorf("handler also got %s", m.MessageID)
	default:
	}
	quarantined := len(authCases) - len(taken)
	if q := srv.list(t, DefaultQuarantine); len(q) != quarantined {
		t.Errorf("Quarantine holds %d, want %d", len(q), quarantined)
	}
	if c := r.w.Counts(); c.Unauthenticated != uint64(quarantined) || c.Quarantined != 0 {
		t.Errorf("Counts = %+v, want %d unauthenticated", c, quarantined)
	}
	if n := strings.Count(logs.String(), "sender not authenticated by the receiving server; quarantined"); n != quarantined {
		t.Errorf("%d quarantine lines logged, want %d:\n%s", n, quarantined, logs.String())
	}
	if !strings.Contains(logs.String(), "not aligned with the From domain kerala.gov.in") {
		t.Errorf("the log does not give the reason:\n%s", logs.String())
	}
}

func TestWatcher_Counts(t *testing.T) {
	srv := startMemServer(t, serverProfiles[0].caps)
	srv.deliver(t, "INBOX", mailWith(strangerAddr, "<s@example.com>", ""))
	srv.deliver(t, "INBOX", mailWith(allowedSender, "<ooo@kerala.gov.in>", "Auto-Submitted: auto-replied"))
	srv.deliver(t, "INBOX", rawMail("MAILER-DAEMON@kerala.gov.in", "<dsn@kerala.gov.in>", "",
		`multipart/report; report-type=delivery-status; boundary="r"`,
		multipart("r", textPart("undeliverable"), crlf("Content-Type: message/delivery-status\n\nReporting-MTA: dns; x\n"))))
	srv.deliver(t, "INBOX", mailWith(allowedSender, "<claim@kerala.gov.in>", ""))
	st := newMemState()
	r := startWatcher(t, Config{Addr: srv.addr, Username: memUser, Password: memPass}, st, nil, nil)
	var bounce, auto Message
	for range 3 {
		switch m := receive(t, r.calls); m.MessageID {
		case "<dsn@kerala.gov.in>":
			bounce = m
		case "<ooo@kerala.gov.in>":
			auto = m
		}
	}
	if !bounce.Bounce || !bounce.AutoReply || auto.Bounce || !auto.AutoReply {
		t.Errorf("bounce %v/%v, auto-reply %v/%v (Bounce/AutoReply)", bounce.Bounce, bounce.AutoReply, auto.Bounce, auto.AutoReply)
	}
	waitFor(t, "every mail decided", func() bool { _, last := st.get(r.w.account, "INBOX"); return last == 4 })
	if c := r.w.Counts(); c != (Counts{Quarantined: 1, AutoReplies: 1, Bounces: 1}) {
		t.Errorf("Counts = %+v", c)
	}
	if s := r.w.Status(); !s.Connected || !s.DownSince.IsZero() {
		t.Errorf("Status = %+v, want connected", s)
	}
}

// selfSignedServer returns a TLS server configuration with a self-signed
// certificate for 127.0.0.1, and that certificate as a PEM file.
func selfSignedServer(t *testing.T) (*tls.Config, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "imap test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(caFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}, caFile
}

func TestWatcher_Run_certificate(t *testing.T) {
	serverTLS, caFile := selfSignedServer(t)
	t.Run("untrusted: logged at error with the remedy, counted, not connected", func(t *testing.T) {
		srv := startMemServerTLS(t, serverProfiles[0].caps, serverTLS)
		var logs lockedBuffer
		r := startWatcher(t, Config{Addr: srv.addr, Security: SecurityTLS, Username: memUser, Password: memPass}, newMemState(), nil,
			func(w *Watcher) { w.log = slog.New(slog.NewTextHandler(&logs, nil)) })
		waitFor(t, "two certificate failures", func() bool { return r.w.Counts().CertFailures >= 2 })
		s := r.w.Status()
		if s.Connected || s.DownSince.IsZero() || !s.CertificateError || s.LastError == "" {
			t.Errorf("Status = %+v", s)
		}
		out := logs.String()
		if !strings.Contains(out, "level=ERROR") || !strings.Contains(out, "set ca_file") {
			t.Errorf("log does not say ERROR with the remedy:\n%s", out)
		}
		if c := r.w.Counts(); c.Reconnects < c.CertFailures {
			t.Errorf("Counts = %+v: every failure is a reconnect", c)
		}
	})
	t.Run("CAFile trusted: connects", func(t *testing.T) {
		srv := startMemServerTLS(t, serverProfiles[0].caps, serverTLS)
		srv.deliver(t, "INBOX", mailWith(allowedSender, "<tls@kerala.gov.in>", ""))
		r := startWatcher(t, Config{Addr: srv.addr, Security: SecurityTLS, CAFile: caFile, Username: memUser, Password: memPass}, newMemState(), nil, nil)
		if m := receive(t, r.calls); m.MessageID != "<tls@kerala.gov.in>" {
			t.Errorf("got %s", m.MessageID)
		}
		if c := r.w.Counts(); c.CertFailures != 0 {
			t.Errorf("Counts = %+v", c)
		}
	})
	t.Run("InsecureSkipVerify: connects", func(t *testing.T) {
		srv := startMemServerTLS(t, serverProfiles[0].caps, serverTLS)
		r := startWatcher(t, Config{Addr: srv.addr, Security: SecurityTLS, InsecureSkipVerify: true, Username: memUser, Password: memPass}, newMemState(), nil, nil)
		waitFor(t, "watcher to connect", r.w.Connected)
	})
}
