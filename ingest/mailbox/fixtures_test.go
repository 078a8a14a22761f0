package mailbox

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// Test mail builders. Everything is CRLF, as on the wire.

const (
	allowedSender = "dto.tvm@kerala.gov.in"
	strangerAddr  = "someone@example.com"
)

// fakeWorkbook returns distinct bytes that look like a zip (xlsx) file.
func fakeWorkbook(tag string) []byte {
	var b bytes.Buffer
	b.WriteString("PK\x03\x04")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "%s-%d\x00\xff", tag, i)
	}
	return b.Bytes()
}

func crlf(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }

func b64Lines(data []byte) string {
	enc := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	return b.String()
}

// attachmentPart is a base64 MIME part; headers are the Content-Type and
// Content-Disposition lines (without the encoding).
func attachmentPart(headers string, data []byte) string {
	return crlf(strings.TrimRight(headers, "\n")+"\nContent-Transfer-Encoding: base64\n\n") + b64Lines(data)
}

func textPart(s string) string {
	return crlf("Content-Type: text/plain; charset=utf-8\n\n" + s + "\n")
}

// multipart joins parts under a boundary.
func multipart(boundary string, parts ...string) string {
	var b strings.Builder
	b.WriteString("This is a multi-part message in MIME format.\r\n")
	for _, p := range parts {
		b.WriteString("--" + boundary + "\r\n" + p)
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.String()
}

// rawMail builds a whole mail: top-level headers (From, Subject,
// Message-ID, Date filled in), extra headers, content type and body.
func rawMail(from, msgID, extra, contentType, body string) []byte {
	h := fmt.Sprintf("From: Sender <%s>\nTo: claims@img.kerala.gov.in\nSubject: Claim %s\nDate: Mon, 16 Nov 2026 10:00:00 +0530\nMessage-ID: %s\nMIME-Version: 1.0\n", from, msgID, msgID)
	if extra != "" {
		h += strings.TrimRight(extra, "\n") + "\n"
	}
	h += "Content-Type: " + contentType + "\n\n"
	return []byte(crlf(h) + body)
}

// mailWith is a multipart/mixed mail from from with a text part and parts.
func mailWith(from, msgID, extra string, parts ...string) []byte {
	all := append([]string{textPart("Please find the claim attached.")}, parts...)
	return rawMail(from, msgID, extra, `multipart/mixed; boundary="outer-b"`, multipart("outer-b", all...))
}

// memState is an in-memory State.
type memState struct {
	mu     sync.Mutex
	rows   map[string][2]uint32
	writes int
}

var _ State = (*memState)(nil)

func newMemState() *memState { return &memState{rows: map[string][2]uint32{}} }

func (s *memState) MailboxState(_ context.Context, account, mailbox string) (uint32, uint32, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.rows[account+"\x00"+mailbox]
	return r[0], r[1], nil
}

func (s *memState) SetMailboxState(_ context.Context, account, mailbox string, v, last uint32) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rows[account+"\x00"+mailbox] = [2]uint32{v, last}
	s.writes++
	return nil
}

func (s *memState) get(account, mailbox string) (uint32, uint32) {
	v, l, _ := s.MailboxState(context.Background(), account, mailbox)
	return v, l
}

// storedMessage is a message as seen by an independent IMAP client.
type storedMessage struct {
	UID       uint32
	Flags     []imap.Flag
	MessageID string
}

func (m storedMessage) has(f imap.Flag) bool {
	for _, g := range m.Flags {
		if strings.EqualFold(string(g), string(f)) {
			return true
		}
	}
	return false
}

// listMailbox returns the messages in a folder, read-only (EXAMINE).
func listMailbox(t testing.TB, addr, user, pass, mailbox string) []storedMessage {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatalf("dial %s: %v", addr, err)
	}
	defer c.Close()
	if err := c.Login(user, pass).Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("examine %s: %v", mailbox, err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	var seq imap.SeqSet
	seq.AddRange(1, sel.NumMessages)
	out, err := c.Fetch(seq, &imap.FetchOptions{UID: true, Flags: true, Envelope: true}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", mailbox, err)
	}
	var list []storedMessage
	for _, m := range out {
		sm := storedMessage{UID: uint32(m.UID), Flags: m.Flags}
		if m.Envelope != nil {
			sm.MessageID = "<" + m.Envelope.MessageID + ">"
		}
		list = append(list, sm)
	}
	return list
}

// waitFor polls cond until it holds or the generous deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// receive waits for the next message on ch with a generous deadline.
func receive(t testing.TB, ch <-chan Message) Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(30 * time.Second):
		t.Fatal("timed out waiting for the handler to be called")
		return Message{}
	}
}
