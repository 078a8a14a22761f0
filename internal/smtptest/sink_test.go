package smtptest

import (
	"crypto/tls"
	"net"
	"net/smtp"
	"strconv"
	"strings"
	"testing"
	"time"
)

const testMsg = "From: a@example.org\r\nTo: b@example.org\r\nSubject: =?UTF-8?q?h=C3=A9llo?=\r\n" +
	"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n" +
	"--XX\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nbody text\r\n" +
	"--XX\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''%E0%B4%85.bin\r\n" +
	"Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n--XX--\r\n"

// send sends testMsg with net/smtp, optionally with STARTTLS and AUTH PLAIN.
func send(s *Sink, tlsConf *tls.Config, user, pass string) error {
	c, err := smtp.Dial(s.Addr())
	if err != nil {
		return err
	}
	defer c.Close()
	if tlsConf != nil {
		if err := c.StartTLS(tlsConf); err != nil {
			return err
		}
	}
	if user != "" {
		if err := c.Auth(smtp.PlainAuth("", user, pass, s.Host())); err != nil {
			return err
		}
	}
	if err := c.Mail("a@example.org"); err != nil {
		return err
	}
	for _, rcpt := range []string{"b@example.org", "c@example.org"} {
		if err := c.Rcpt(rcpt); err != nil {
			return err
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write([]byte(testMsg)); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func TestSink_Messages(t *testing.T) {
	s := Start(t)
	if s.Host() != "127.0.0.1" || s.Port() == 0 || s.Addr() != net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port())) {
		t.Errorf("Addr %q, Host %q, Port %d", s.Addr(), s.Host(), s.Port())
	}
	if s.CertPool() != nil {
		t.Error("CertPool of a sink without TLS is not nil")
	}
	if err := send(s, nil, "", ""); err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs := s.Wait(t, 1, 10*time.Second)
	if len(msgs) != 1 {
		t.Fatalf("%d messages, want 1", len(msgs))
	}
	m := msgs[0]
	if m.ParseErr != nil {
		t.Fatalf("ParseErr: %v", m.ParseErr)
	}
	if m.From != "a@example.org" || strings.Join(m.To, " ") != "b@example.org c@example.org" {
		t.Errorf("envelope %q -> %q", m.From, m.To)
	}
	if string(m.Raw) != testMsg {
		t.Errorf("raw = %q, want %q", m.Raw, testMsg)
	}
	if subj, _ := m.Header.Subject(); subj != "héllo" {
		t.Errorf("subject = %q", subj)
	}
	if m.Text != "body text" {
		t.Errorf("text = %q", m.Text)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "അ.bin" || string(m.Attachments[0].Data) != "\x00\x01\x02" ||
		m.Attachments[0].ContentType != "application/octet-stream" {
		t.Errorf("attachments = %+v", m.Attachments)
	}
	if m.TLS || m.User != "" {
		t.Errorf("TLS %v, user %q on a plain session", m.TLS, m.User)
	}
}

func TestSink_SetFailing(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{451, "451"},
		{550, "550"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			s := Start(t)
			s.SetFailing(tt.code)
			err := send(s, nil, "", "")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("send = %v, want a %s", err, tt.want)
			}
			s.SetFailing(0)
			if err := send(s, nil, "", ""); err != nil {
				t.Fatalf("send after clearing: %v", err)
			}
			if n := len(s.Messages()); n != 1 {
				t.Errorf("%d messages, want 1", n)
			}
		})
	}
}

func TestSink_SetRejecting(t *testing.T) {
	s := Start(t)
	s.SetRejecting("C@example.org", 550)
	err := send(s, nil, "", "")
	if err == nil || !strings.Contains(err.Error(), "550") {
		t.Fatalf("send = %v, want a 550 for c@example.org", err)
	}
	s.SetRejecting("c@example.org", 0)
	if err := send(s, nil, "", ""); err != nil {
		t.Fatalf("send after clearing: %v", err)
	}
}

func TestSink_Restart(t *testing.T) {
	s := Start(t)
	port := s.Port()
	if err := send(s, nil, "", ""); err != nil {
		t.Fatal(err)
	}
	s.Stop()
	s.Stop() // twice is fine
	if err := send(s, nil, "", ""); err == nil {
		t.Fatal("send to a stopped sink succeeded")
	}
	s.Restart()
	if s.Port() != port {
		t.Errorf("port %d after restart, want %d", s.Port(), port)
	}
	if err := send(s, nil, "", ""); err != nil {
		t.Fatalf("send after restart: %v", err)
	}
	if n := len(s.Messages()); n != 2 {
		t.Errorf("%d messages, want 2 (kept across restart)", n)
	}
}

// TestSink_StopRightAfterStart: a sink stopped before any session
// refuses connections, and restarted takes mail again and hands it back.
func TestSink_StopRightAfterStart(t *testing.T) {
	s := Start(t)
	s.Stop()
	if c, err := net.DialTimeout("tcp", s.Addr(), time.Second); err == nil {
		c.Close()
		t.Fatal("a stopped sink still accepts connections")
	}
	s.Restart()
	if err := send(s, nil, "", ""); err != nil {
		t.Fatalf("send after restart: %v", err)
	}
	msgs := s.Wait(t, 1, 10*time.Second)
	if len(msgs) != 1 || string(msgs[0].Raw) != testMsg || msgs[0].From != "a@example.org" {
		t.Errorf("the sink holds %+v, want the one message sent", msgs)
	}
}

func TestSink_STARTTLS(t *testing.T) {
	s := Start(t, WithSTARTTLS(), WithAuth("stp", "pw"))
	if s.CertPool() == nil {
		t.Fatal("no CertPool")
	}
	t.Run("untrusted", func(t *testing.T) {
		if err := send(s, &tls.Config{ServerName: s.Host()}, "stp", "pw"); err == nil {
			t.Error("TLS to the self-signed sink succeeded without its CA")
		}
	})
	t.Run("wrong password", func(t *testing.T) {
		if err := send(s, &tls.Config{ServerName: s.Host(), RootCAs: s.CertPool()}, "stp", "nope"); err == nil {
			t.Error("AUTH with a wrong password succeeded")
		}
	})
	t.Run("trusted", func(t *testing.T) {
		if err := send(s, &tls.Config{ServerName: s.Host(), RootCAs: s.CertPool()}, "stp", "pw"); err != nil {
			t.Fatalf("send: %v", err)
		}
		m := s.Wait(t, 1, 10*time.Second)[0]
		if !m.TLS || m.User != "stp" {
			t.Errorf("TLS %v, user %q; want true, stp", m.TLS, m.User)
		}
	})
}

func TestSink_Wait(t *testing.T) {
	s := Start(t)
	errc := make(chan error, 1)
	go func() {
		time.Sleep(20 * time.Millisecond)
		errc <- send(s, nil, "", "")
	}()
	if n := len(s.Wait(t, 1, 10*time.Second)); n != 1 {
		t.Errorf("Wait returned %d messages, want 1", n)
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}
