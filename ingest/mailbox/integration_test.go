//go:build integration

package mailbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"stpclaims/internal/dovecottest"
)

func dovecotList(s *dovecottest.Server) func(testing.TB, string) []storedMessage {
	return func(t testing.TB, mailbox string) []storedMessage {
		return listMailbox(t, s.Addr(), s.User(), s.Password(), mailbox)
	}
}

func dovecotConfig(s *dovecottest.Server, security string) Config {
	cfg := Config{Addr: s.Addr(), Security: security, TLSConfig: s.TLSConfig(), Username: s.User(), Password: s.Password()}
	if security == SecurityTLS {
		cfg.Addr = s.TLSAddr()
	}
	return cfg
}

// TestWatcher_Run_dovecot runs the main cases against a real Dovecot.
func TestWatcher_Run_dovecot(t *testing.T) {
	for _, security := range []string{SecurityStartTLS, SecurityTLS} {
		t.Run("attachments over "+security, func(t *testing.T) {
			s := dovecottest.Start(t)
			cases := attachmentCases()
			for _, tc := range cases {
				s.Deliver(t, "INBOX", tc.raw)
			}
			st := newMemState()
			r := startWatcher(t, dovecotConfig(s, security), st, nil, nil)
			for i, tc := range cases {
				m := receive(t, r.calls)
				if m.UID != uint32(i+1) {
					t.Errorf("%s: UID %d, want %d (UID order)", tc.name, m.UID, i+1)
				}
				t.Run(tc.name, func(t *testing.T) {
					checkAttachments(t, m.Attachments, tc.want)
					if m.AutoReply != tc.wantAuto {
						t.Errorf("AutoReply = %v, want %v", m.AutoReply, tc.wantAuto)
					}
					checkProcessed(t, dovecotList(s), m.MessageID)
				})
			}
			waitFor(t, "state to advance past all", func() bool {
				_, last := st.get(r.w.account, "INBOX")
				return last == uint32(len(cases))
			})
		})
	}

	t.Run("Dovecot leaves RFC 2231 names undecoded in BODYSTRUCTURE", func(t *testing.T) {
		// The reason for the part.MIME fallback: without it the names of
		// the two RFC 2231 cases above would be wrong.
		s := dovecottest.Start(t)
		tc := attachmentCases()[3]
		s.Deliver(t, "INBOX", tc.raw)
		c, err := imapclient.DialInsecure(s.Addr(), nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if err := c.Login(s.User(), s.Password()).Wait(); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Select("INBOX", nil).Wait(); err != nil {
			t.Fatal(err)
		}
		msgs, err := c.Fetch(imap.UIDSetNum(1), &imap.FetchOptions{BodyStructure: &imap.FetchItemBodyStructure{Extended: true}}).Collect()
		if err != nil || len(msgs) != 1 {
			t.Fatalf("fetch: %v (%d messages)", err, len(msgs))
		}
		parts, err := findWorkbookParts(msgs[0].BodyStructure)
		if err != nil || len(parts) != 1 {
			t.Fatalf("findWorkbookParts: %v, %d parts", err, len(parts))
		}
		if !parts[0].NeedHeader {
			t.Errorf("part %+v: name %q decoded by the server; the fallback is not exercised", parts[0].Path, parts[0].Name)
		}
	})

	t.Run("stranger quarantined, handler error retried", func(t *testing.T) {
		s := dovecottest.Start(t)
		s.Deliver(t, "INBOX", mailWith(strangerAddr, "<stranger@example.com>", ""))
		s.Deliver(t, "INBOX", mailWith(allowedSender, "<retry@kerala.gov.in>", ""))
		var calls atomic.Int32
		proceed := make(chan struct{})
		st := newMemState()
		r := startWatcher(t, dovecotConfig(s, SecurityStartTLS), st, func(context.Context, Message) error {
			if calls.Add(1) == 1 {
				return errors.New("store busy")
			}
			<-proceed
			return nil
		}, nil)
		for range 2 {
			if m := receive(t, r.calls); m.MessageID != "<retry@kerala.gov.in>" {
				t.Fatalf("handler got %s", m.MessageID)
			}
		}
		inbox := dovecotList(s)(t, "INBOX")
		if len(inbox) != 1 || inbox[0].has(imap.FlagSeen) || inbox[0].has(DefaultKeyword) {
			t.Errorf("INBOX holds %+v, want the failed message unflagged", inbox)
		}
		if _, last := st.get(r.w.account, "INBOX"); last != 1 {
			t.Errorf("last UID %d, want 1 (past the quarantined mail, not the failed one)", last)
		}
		close(proceed)
		checkProcessed(t, dovecotList(s), "<retry@kerala.gov.in>")
		q := dovecotList(s)(t, DefaultQuarantine)
		if len(q) != 1 || q[0].MessageID != "<stranger@example.com>" {
			t.Errorf("quarantine holds %+v", q)
		}
	})

	t.Run("IDLE: mail delivered while idling, and across a Dovecot restart", func(t *testing.T) {
		s := dovecottest.Start(t)
		st := newMemState()
		// A long watchdog: only IDLE's EXISTS can wake the watcher in time.
		cfg := dovecotConfig(s, SecurityStartTLS)
		cfg.IdleRefresh = 10 * time.Minute
		r := startWatcher(t, cfg, st, nil, func(w *Watcher) {
			w.reconnectMin, w.reconnectMax = 300*time.Millisecond, time.Second
		})
		waitFor(t, "watcher to connect", r.w.Connected)

		s.Deliver(t, "INBOX", mailWith(allowedSender, "<idle@kerala.gov.in>", ""))
		if m := receive(t, r.calls); m.MessageID != "<idle@kerala.gov.in>" {
			t.Fatalf("handler got %s", m.MessageID)
		}
		checkProcessed(t, dovecotList(s), "<idle@kerala.gov.in>")

		s.Stop()
		waitFor(t, "watcher to notice the lost connection", func() bool { return !r.w.Connected() })
		s.Restart()
		s.Deliver(t, "INBOX", mailWith(allowedSender, "<after-restart@kerala.gov.in>", ""))
		if m := receive(t, r.calls); m.MessageID != "<after-restart@kerala.gov.in>" {
			t.Fatalf("handler got %s", m.MessageID)
		}
		checkProcessed(t, dovecotList(s), "<after-restart@kerala.gov.in>")
		waitFor(t, "state to advance", func() bool { _, last := st.get(r.w.account, "INBOX"); return last == 2 })
	})
}

// TestWatcher_Run_dovecotCertificate: Dovecot's self-signed certificate is
// trusted through CAFile; without it the watcher says why it does not
// connect.
func TestWatcher_Run_dovecotCertificate(t *testing.T) {
	s := dovecottest.Start(t)
	for _, security := range []string{SecurityTLS, SecurityStartTLS} {
		t.Run(security+" with CAFile", func(t *testing.T) {
			cfg := dovecotConfig(s, security)
			cfg.TLSConfig, cfg.CAFile = nil, s.CAFile()
			s.Deliver(t, "INBOX", mailWith(allowedSender, "<ca-"+security+"@kerala.gov.in>", ""))
			r := startWatcher(t, cfg, newMemState(), nil, nil)
			if m := receive(t, r.calls); m.MessageID != "<ca-"+security+"@kerala.gov.in>" {
				t.Errorf("got %s", m.MessageID)
			}
		})
		t.Run(security+" without CAFile", func(t *testing.T) {
			cfg := dovecotConfig(s, security)
			cfg.TLSConfig = nil
			r := startWatcher(t, cfg, newMemState(), nil, nil)
			waitFor(t, "a certificate failure", func() bool { return r.w.Counts().CertFailures > 0 })
			if st := r.w.Status(); st.Connected || !st.CertificateError {
				t.Errorf("Status = %+v", st)
			}
		})
	}
}

// TestWatcher_Run_dovecotRequireAuth: the forged and genuine
// Authentication-Results of authCases, through Dovecot.
func TestWatcher_Run_dovecotRequireAuth(t *testing.T) {
	s := dovecottest.Start(t)
	var taken []string
	for i, tc := range authCases {
		var extra []string
		for _, f := range tc.fields {
			extra = append(extra, "Authentication-Results: "+f)
		}
		id := fmt.Sprintf("<auth-%d@kerala.gov.in>", i)
		s.Deliver(t, "INBOX", mailWith(tc.from, id, strings.Join(extra, "\n")))
		if tc.taken {
			taken = append(taken, id)
		}
	}
	cfg := dovecotConfig(s, SecurityStartTLS)
	cfg.RequireAuth, cfg.AuthServID = true, servID
	st := newMemState()
	r := startWatcher(t, cfg, st, nil, nil)
	for _, want := range taken {
		if m := receive(t, r.calls); m.MessageID != want {
			t.Errorf("handler got %s, want %s", m.MessageID, want)
		}
	}
	waitFor(t, "every mail decided", func() bool { _, last := st.get(r.w.account, "INBOX"); return last == uint32(len(authCases)) })
	q := dovecotList(s)(t, DefaultQuarantine)
	if len(q) != len(authCases)-len(taken) {
		t.Errorf("Quarantine holds %d, want %d", len(q), len(authCases)-len(taken))
	}
	for _, m := range q {
		if slices.Contains(taken, m.MessageID) {
			t.Errorf("%s quarantined, want it taken", m.MessageID)
		}
	}
}
