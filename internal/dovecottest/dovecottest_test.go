//go:build integration

package dovecottest

import (
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

const testMail = "From: a@kerala.gov.in\r\nTo: b@kerala.gov.in\r\nSubject: hello\r\nMessage-ID: <m1@kerala.gov.in>\r\n\r\nbody\r\n"

func numMessages(t *testing.T, c *imapclient.Client, s *Server, mailbox string) uint32 {
	t.Helper()
	if err := c.Login(s.User(), s.Password()).Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", mailbox, err)
	}
	return sel.NumMessages
}

func TestServer_Deliver(t *testing.T) {
	s := Start(t)
	s.Deliver(t, "INBOX", []byte(testMail))
	s.Deliver(t, "Other", []byte(testMail))

	t.Run("plain", func(t *testing.T) {
		c, err := imapclient.DialInsecure(s.Addr(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if n := numMessages(t, c, s, "INBOX"); n != 1 {
			t.Errorf("INBOX holds %d messages, want 1", n)
		}
	})
	t.Run("STARTTLS", func(t *testing.T) {
		c, err := imapclient.DialStartTLS(s.Addr(), &imapclient.Options{TLSConfig: s.TLSConfig()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if n := numMessages(t, c, s, "Other"); n != 1 {
			t.Errorf("Other holds %d messages, want 1", n)
		}
	})
	t.Run("implicit TLS", func(t *testing.T) {
		c, err := imapclient.DialTLS(s.TLSAddr(), &imapclient.Options{TLSConfig: s.TLSConfig()})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if n := numMessages(t, c, s, "INBOX"); n != 1 {
			t.Errorf("INBOX holds %d messages, want 1", n)
		}
	})
}

func TestServer_Restart(t *testing.T) {
	s := Start(t)
	s.Deliver(t, "INBOX", []byte(testMail))
	s.Restart()
	s.Deliver(t, "INBOX", []byte(testMail))
	c, err := imapclient.DialInsecure(s.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n := numMessages(t, c, s, "INBOX"); n != 2 {
		t.Errorf("INBOX holds %d messages after a restart, want 2", n)
	}
}

func TestServer_Stop(t *testing.T) {
	s := Start(t)
	s.Stop()
	if c, err := imapclient.DialInsecure(s.Addr(), nil); err == nil {
		c.Close()
		t.Error("still accepting connections after Stop")
	}
	s.Stop() // a second Stop does nothing
}

// TestStart: the server started holds the test user's mail: a wrong
// password is refused, and a message delivered is fetched back byte for
// byte. The long subtest name pushes the socket paths under t.TempDir()
// past the 108 bytes of sun_path, which Start must cope with.
func TestStart(t *testing.T) {
	t.Run("a test name long enough to push socket paths past the 108-byte limit of sun_path", func(t *testing.T) {
		s := Start(t)
		c, err := imapclient.DialInsecure(s.Addr(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(s.User(), s.Password()+"-wrong").Wait(); err == nil {
			t.Error("login with a wrong password succeeded")
		}

		s.Deliver(t, "INBOX", []byte(testMail))
		if got := fetchAll(t, s, "INBOX"); len(got) != 1 || string(got[0]) != testMail {
			t.Errorf("INBOX holds %q, want the one message delivered %q", got, testMail)
		}
	})
}

// fetchAll logs in afresh and returns every message of mailbox, whole.
func fetchAll(t *testing.T, s *Server, mailbox string) [][]byte {
	t.Helper()
	c, err := imapclient.DialInsecure(s.Addr(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if n := numMessages(t, c, s, mailbox); n == 0 {
		return nil
	}
	whole := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.SeqSet{{Start: 1, Stop: 0}}, &imap.FetchOptions{BodySection: []*imap.FetchItemBodySection{whole}}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", mailbox, err)
	}
	var out [][]byte
	for _, m := range msgs {
		out = append(out, m.FindBodySection(whole))
	}
	return out
}
