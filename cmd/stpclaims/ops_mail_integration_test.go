//go:build integration

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stpclaims/health"
	"stpclaims/internal/dovecottest"
	"stpclaims/internal/smtptest"
)

// readyz fetches the daemon's /readyz: its status code and report.
func readyz(t testing.TB, d *daemonUnderTest) (int, health.Report) {
	t.Helper()
	resp, err := http.Get("http://" + d.metrics + "/readyz")
	if err != nil {
		t.Fatalf("readyz: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var rep health.Report
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatalf("readyz body: %v\n%s", err, body)
	}
	return resp.StatusCode, rep
}

func check(rep health.Report, name string) health.Check {
	for _, c := range rep.Checks {
		if c.Name == name {
			return c
		}
	}
	return health.Check{Name: name, Detail: "absent"}
}

// TestServe_mailCertificate: Dovecot with its self-signed certificate.
// With ca_file the daemon connects and is ready; without it the log says
// ERROR with the remedy, and /readyz is 503 naming the mailbox.
func TestServe_mailCertificate(t *testing.T) {
	dc := dovecottest.Start(t)
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())

	t.Run("ca_file: connected and ready", func(t *testing.T) {
		dir := t.TempDir()
		d := startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s"))
		waitFor(t, "the mailbox connected", 30*time.Second, func() bool { return imapConnected(t, d) == "1" })
		code, rep := readyz(t, d)
		if code != http.StatusOK || !rep.Ready {
			t.Errorf("readyz %d: %+v", code, rep)
		}
		for _, name := range []string{"store", "folder", "mailbox", "smtp", "outbox"} {
			if c := check(rep, name); !c.OK {
				t.Errorf("check %+v", c)
			}
		}
	})

	t.Run("no ca_file: ERROR with the remedy, not ready", func(t *testing.T) {
		dir := t.TempDir()
		cfg := mailConfig(t, dir, dc, sink, "1s")
		cfg = strings.Replace(cfg, "ca_file = "+quote(dc.CAFile())+"\n", "", 1)
		if strings.Contains(cfg, dc.CAFile()) {
			t.Fatal("the mailbox's ca_file is still in the config")
		}
		d := startDaemon(t, dir, cfg)
		waitFor(t, "the certificate failure logged", 30*time.Second, func() bool {
			return strings.Contains(d.log.String(), "level=ERROR msg=\"mailbox: the server's certificate is not trusted")
		})
		if !strings.Contains(d.log.String(), "set ca_file to a PEM file") {
			t.Errorf("the log does not give the remedy:\n%s", d.log)
		}
		code, rep := readyz(t, d)
		if code != http.StatusServiceUnavailable || rep.Ready {
			t.Errorf("readyz %d: %+v", code, rep)
		}
		if c := check(rep, "mailbox"); c.OK || !strings.Contains(c.Detail, "will not recover by itself") || !strings.Contains(c.Detail, "certificate") {
			t.Errorf("mailbox check %+v", c)
		}
		if c := check(rep, "store"); !c.OK {
			t.Errorf("store check %+v", c)
		}
		if n := metricValue(t, d, `stpclaims_tls_certificate_failures_total{part="mailbox"}`); n == "" || n == "0" {
			t.Errorf("certificate failures counted %q", n)
		}
	})
}

// TestServe_mailRefusedCc: the SMTP server refuses the facilitator's
// address (550 at RCPT). The co-ordinator gets the reply anyway, with a
// line naming the refused address; the finance division is told; nothing
// is left stuck in the outbox.
func TestServe_mailRefusedCc(t *testing.T) {
	workbook, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	const facilitator = "latha.r@img.kerala.gov.in" // the example's facilitator
	const finance = "accounts@img.kerala.gov.in"
	dc := dovecottest.Start(t)
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())
	sink.SetRejecting(facilitator, 550)
	dir := t.TempDir()
	d := startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s")+"\n[ledger]\nfinance = ["+quote(finance)+"]\n")
	dc.Deliver(t, "INBOX", claimMail(allowedSender, "<refused-cc@kerala.gov.in>", "annexure2.xlsx", workbook))

	got := sink.Wait(t, 2, 60*time.Second)
	reply, notice := got[0], got[1]
	if strings.Join(reply.To, ",") != allowedSender {
		t.Errorf("the reply went to %v, want the co-ordinator %s alone", reply.To, allowedSender)
	}
	body := strings.ReplaceAll(reply.Text, "\r\n", "\n")
	if !strings.Contains(body, "  - "+facilitator+" (copy, Cc): 550") {
		t.Errorf("the co-ordinator's reply has no line about the refused address:\n%s", body)
	}
	if len(reply.Attachments) != 1 {
		t.Errorf("the reply has %d attachments, want the annotated workbook", len(reply.Attachments))
	}
	if strings.Contains(reply.Header.Get("Cc"), facilitator) {
		t.Errorf("Cc still names the refused address: %q", reply.Header.Get("Cc"))
	}
	if strings.Join(notice.To, ",") != finance || !strings.Contains(notice.Text, facilitator) {
		t.Errorf("finance notice to %v:\n%s", notice.To, notice.Text)
	}

	cfg := filepath.Join(dir, "stpclaims.toml")
	var out bytes.Buffer
	waitFor(t, "the outbox empty", 30*time.Second, func() bool {
		out.Reset()
		code := new(OutboxMain).Run(context.Background(), []string{"list", "--config", cfg}, &out, &out)
		return code == exitOK && strings.Contains(out.String(), "nothing waiting")
	})
	out.Reset()
	new(OutboxMain).Run(context.Background(), []string{"list", "--all", "--config", cfg}, &out, &out)
	if !strings.Contains(out.String(), facilitator) || !strings.Contains(out.String(), "refused") || !strings.Contains(out.String(), "refused by stpclaims") {
		t.Errorf("outbox list --all does not show the refused copy:\n%s", out.String())
	}
	if n := metricValue(t, d, "stpclaims_reply_recipients_refused_total"); n != "1" {
		t.Errorf("recipients refused counted %q, want 1", n)
	}
	if code, rep := readyz(t, d); code != http.StatusOK {
		t.Errorf("readyz %d after a refused copy: %+v", code, rep)
	}
}

// metricValue is one sample of /metrics ("" when absent).
func metricValue(t testing.TB, d *daemonUnderTest, series string) string {
	t.Helper()
	resp, err := http.Get("http://" + d.metrics + "/metrics")
	if err != nil {
		t.Fatalf("metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, series+" "); ok {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
