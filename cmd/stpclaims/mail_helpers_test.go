//go:build integration

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"stpclaims/internal/dovecottest"
	"stpclaims/internal/smtptest"
	"stpclaims/store"
)

// The senders of the mail tests: one on the daemon's allow-list, one not.
const (
	allowedSender = "coordinator@kerala.gov.in"
	strangerAddr  = "someone@example.com"
)

// mailConfig is the [mailbox] and [smtp] part of a daemon config that reads
// the test Dovecot (STARTTLS, its self-signed certificate trusted through
// ca_file) and answers through the sink (STARTTLS too, its certificate in
// ca_file as well). The Dovecot password goes in a file under dir, as
// password_file. retryEvery is smtp.retry_every.
func mailConfig(t testing.TB, dir string, dc *dovecottest.Server, sink *smtptest.Sink, retryEvery string) string {
	t.Helper()
	pw := filepath.Join(dir, "imap-password")
	if err := os.WriteFile(pw, []byte(dc.Password()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	smtpCA := filepath.Join(dir, "smtp-ca.pem")
	if err := os.WriteFile(smtpCA, sink.CertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf(`
[mailbox]
enabled = true
addr = %q
security = "starttls"
username = %q
password_file = %q
allow = ["kerala.gov.in"]
idle_refresh = "5m"
poll_interval = "1s"
command_timeout = "10s"
ca_file = %q

[smtp]
enabled = true
host = %q
port = %d
security = "starttls"
from = "STP Claims <stp-claims@img.kerala.gov.in>"
timeout = "10s"
retry_every = %q
ca_file = %q
`, dc.Addr(), dc.User(), pw, dc.CAFile(), sink.Host(), sink.Port(), retryEvery, smtpCA)
}

// claimMail is a mail from sender with one .xlsx attachment, as a
// co-ordinator's mail program would send it (multipart/mixed, base64).
func claimMail(from, messageID, fileName string, workbook []byte) []byte {
	var b bytes.Buffer
	const boundary = "=_stpclaims-test-boundary"
	fmt.Fprintf(&b, "From: Co-ordinator <%s>\r\n", from)
	b.WriteString("To: STP Claims <stp-claims@img.kerala.gov.in>\r\n")
	fmt.Fprintf(&b, "Subject: Annexure II claim %s\r\n", messageID)
	b.WriteString("Date: Mon, 02 Nov 2026 10:00:00 +0530\r\n")
	fmt.Fprintf(&b, "Message-ID: %s\r\n", messageID)
	b.WriteString("MIME-Version: 1.0\r\n")
	fmt.Fprintf(&b, "Content-Type: multipart/mixed; boundary=%q\r\n\r\n", boundary)
	fmt.Fprintf(&b, "--%s\r\n", boundary)
	b.WriteString("Content-Type: text/plain; charset=utf-8\r\n\r\n")
	b.WriteString("Please find the claim attached.\r\n\r\n")
	fmt.Fprintf(&b, "--%s\r\n", boundary)
	b.WriteString("Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n")
	fmt.Fprintf(&b, "Content-Disposition: attachment; filename=%q\r\n", fileName)
	b.WriteString("Content-Transfer-Encoding: base64\r\n\r\n")
	enc := base64.StdEncoding.EncodeToString(workbook)
	for len(enc) > 76 {
		b.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n")
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return b.Bytes()
}

// folderMessage is a message as seen by an independent IMAP client.
type folderMessage struct {
	UID       uint32
	Flags     []imap.Flag
	MessageID string
}

func (m folderMessage) has(f imap.Flag) bool {
	for _, g := range m.Flags {
		if strings.EqualFold(string(g), string(f)) {
			return true
		}
	}
	return false
}

// listFolder returns the messages in an IMAP folder of the test Dovecot,
// read-only (EXAMINE). A folder that does not exist holds nothing.
func listFolder(t testing.TB, dc *dovecottest.Server, folder string) []folderMessage {
	t.Helper()
	c, err := imapclient.DialInsecure(dc.Addr(), nil)
	if err != nil {
		t.Fatalf("dial %s: %v", dc.Addr(), err)
	}
	defer c.Close()
	if err := c.Login(dc.User(), dc.Password()).Wait(); err != nil {
		t.Fatalf("login: %v", err)
	}
	sel, err := c.Select(folder, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		if strings.Contains(err.Error(), "NONEXISTENT") || strings.Contains(strings.ToLower(err.Error()), "doesn't exist") {
			return nil
		}
		t.Fatalf("examine %s: %v", folder, err)
	}
	if sel.NumMessages == 0 {
		return nil
	}
	var seq imap.SeqSet
	seq.AddRange(1, sel.NumMessages)
	out, err := c.Fetch(seq, &imap.FetchOptions{UID: true, Flags: true, Envelope: true}).Collect()
	if err != nil {
		t.Fatalf("fetch %s: %v", folder, err)
	}
	list := make([]folderMessage, 0, len(out))
	for _, m := range out {
		fm := folderMessage{UID: uint32(m.UID), Flags: m.Flags}
		if m.Envelope != nil {
			fm.MessageID = "<" + m.Envelope.MessageID + ">"
		}
		list = append(list, fm)
	}
	return list
}

// messageIDs are the Message-IDs of msgs.
func messageIDs(msgs []folderMessage) []string {
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.MessageID
	}
	return ids
}

// repliesTo counts, per In-Reply-To, the replies the sink has accepted.
func repliesTo(sink *smtptest.Sink) map[string]int {
	n := map[string]int{}
	for _, m := range sink.Messages() {
		n[m.Header.Get("In-Reply-To")]++
	}
	return n
}

// storedSubmissions opens the daemon's store read-only in spirit and
// returns every submission.
func storedSubmissions(t testing.TB, dbPath string) []store.Stored {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.Submissions(context.Background(), store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// imapConnected is the value of the daemon's stpclaims_imap_connected gauge
// as /metrics shows it ("1" or "0"; "" when absent).
func imapConnected(t testing.TB, d *daemonUnderTest) string {
	t.Helper()
	resp, err := http.Get("http://" + d.metrics + "/metrics")
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "stpclaims_imap_connected "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// dueReplies are the daemon's outbox rows due at now.
func dueReplies(t testing.TB, dbPath string, now time.Time) []store.Outgoing {
	t.Helper()
	st, err := store.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rows, err := st.DueReplies(context.Background(), now, 100)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
