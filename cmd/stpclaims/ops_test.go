package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/internal/storetest"
	"stpclaims/store"
)

func TestLoadConfig_newKeys(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	mailbox := "[mailbox]\nenabled = true\naddr = \"127.0.0.1:143\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"HOME\"\nallow = [\"x.in\"]\n"
	smtp := "[smtp]\nenabled = true\nhost = \"127.0.0.1\"\nport = 25\nsecurity = \"none\"\nfrom = \"a@b.in\"\n"
	for _, tc := range []struct {
		name, text, key string
	}{
		{"require_auth without authserv_id", mailbox + "require_auth = true\n" + smtp, "mailbox.authserv_id"},
		{"authserv_id of two words", mailbox + "authserv_id = \"mx example\"\n" + smtp, "mailbox.authserv_id"},
		{"mailbox ca_file missing", mailbox + "ca_file = \"/nonexistent/ca.pem\"\n" + smtp, "mailbox.ca_file"},
		{"smtp ca_file not PEM", mailbox + smtp + "ca_file = " + quote(notPEM) + "\n", "smtp.ca_file"},
		{"give_up_after too short", mailbox + smtp + "give_up_after = \"10m\"\n", "smtp.give_up_after"},
		{"reconnect_max zero", mailbox + "reconnect_max = \"0s\"\n" + smtp, "reconnect_max"},
		{"health grace zero", "[health]\nimap_grace = \"0s\"\n", "health"},
		{"unknown health key", "[health]\ncolour = \"red\"\n", "health.colour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(path, usesAll)
			if err == nil || !strings.Contains(err.Error(), tc.key) {
				t.Errorf("err = %v, want it to name %q", err, tc.key)
			}
		})
	}
	t.Run("defaults", func(t *testing.T) {
		cfg, err := loadConfig("", usesAll)
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Mailbox.ReconnectMax.Duration != time.Minute || cfg.SMTP.GiveUpAfter.Duration != 72*time.Hour ||
			cfg.Health.IMAPGrace.Duration != 3*time.Minute || cfg.Mailbox.RequireAuth {
			t.Errorf("defaults: %+v %+v %+v", cfg.Mailbox, cfg.SMTP, cfg.Health)
		}
	})
	t.Run("require_auth with authserv_id", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "c.toml")
		if err := os.WriteFile(path, []byte(mailbox+"require_auth = true\nauthserv_id = \"mx.img.kerala.gov.in\"\n"+smtp), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := loadConfig(path, usesAll)
		if err != nil || !cfg.Mailbox.RequireAuth || cfg.Mailbox.AuthServID != "mx.img.kerala.gov.in" {
			t.Errorf("loadConfig = %+v, %v", cfg.Mailbox, err)
		}
	})
}

// TestLoadConfig_usesStore: the commands that only open the store read
// only its part; a mailbox password the environment lacks is no matter.
func TestLoadConfig_usesStore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.toml")
	text := "store = \"x.db\"\n[mailbox]\nenabled = true\naddr = \"imap.example:993\"\nusername = \"u\"\npassword_env = \"STPCLAIMS_TEST_NEVER_SET\"\nallow = [\"x.in\"]\n" +
		"[smtp]\nenabled = true\nhost = \"smtp.example\"\nfrom = \"a@b.in\"\nusername = \"u\"\npassword_file = \"/nonexistent\"\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path, usesAll); err == nil || !strings.Contains(err.Error(), "STPCLAIMS_TEST_NEVER_SET") {
		t.Errorf("serve's load = %v, want the missing password named", err)
	}
	cfg, err := loadConfig(path, usesStore)
	if err != nil || cfg.Store != "x.db" || cfg.location == nil || cfg.Mailbox.password != "" {
		t.Errorf("store-only load = %v, %v", cfg.Store, err)
	}
	if err := os.WriteFile(path, []byte("store = \"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := loadConfig(path, usesStore); err == nil || !strings.Contains(err.Error(), "store") {
		t.Errorf("store-only load of an empty store = %v", err)
	}
}

func TestSecret_credentialsDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "imap-password"), []byte("from-systemd\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("CREDENTIALS_DIRECTORY", dir)
	if got, err := secret("", "${CREDENTIALS_DIRECTORY}/imap-password"); err != nil || got != "from-systemd" {
		t.Errorf("secret = %q, %v", got, err)
	}
}

func TestNewLogger_zone(t *testing.T) {
	cfg, err := loadConfig("", usesAll)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	newLogger(cfg, &buf).Info("hello")
	if !strings.Contains(buf.String(), "+05:30 level=INFO") {
		t.Errorf("log time not in Asia/Kolkata: %s", buf.String())
	}
}

// TestServeMain_Run_missingFolder: a folder named in the config that does
// not exist is refused with its key and path, and nothing is made.
func TestServeMain_Run_missingFolder(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "shared", "claims")
	path := filepath.Join(dir, "c.toml")
	text := "store = " + quote(filepath.Join(dir, "s.db")) + "\noutbox = " + quote(filepath.Join(dir, "outbox")) + "\n[folder]\ndir = " + quote(missing) + "\n"
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	code := new(ServeMain).Run(context.Background(), []string{"--config", path}, io.Discard, &stderr)
	if code != exitMisuse || !strings.Contains(stderr.String(), "folder.dir: "+missing+" does not exist") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the refused start made %d entries in its directory, want only the config", len(entries)-1)
	}
}

// TestServeMain_Run_firstStart is the README's first command in an empty
// directory: no config, the inbox made, the first log line says where it
// watches and writes, a dropped workbook answered.
func TestServeMain_Run_firstStart(t *testing.T) {
	data, err := os.ReadFile(exampleWorkbook)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan int, 1)
	log := new(syncBuffer)
	go func() { done <- (&ServeMain{ready: ready}).Run(ctx, nil, io.Discard, log) }()
	select {
	case <-ready:
	case code := <-done:
		t.Fatalf("serve exited with %d:\n%s", code, log)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve not ready:\n%s", log)
	}
	first, _, _ := strings.Cut(log.String(), "\n")
	for _, want := range []string{"watching folder " + filepath.Join(dir, "inbox") + " (created now)", "go to " + filepath.Join(dir, "outbox"), "store " + filepath.Join(dir, "stpclaims.db")} {
		if !strings.Contains(first, want) {
			t.Errorf("first log line lacks %q:\n%s", want, first)
		}
	}
	dropFile(t, "inbox", "annexure2-example.xlsx", data)
	waitFor(t, "the answer in the outbox", 60*time.Second, func() bool {
		m, _ := filepath.Glob(filepath.Join("outbox", "annexure2-example-*", "reply.txt"))
		return len(m) == 1
	})
	cancel()
	if code := <-done; code != exitOK {
		t.Errorf("serve exited with %d:\n%s", code, log)
	}
}

func TestOutboxMain_Run(t *testing.T) {
	st, dbPath := storetest.Open(t)
	ctx := context.Background()
	id, err := st.QueueReply(ctx, stpclaims.Reply{To: []string{"rajesh@revenue.kerala.gov.in"}, Cc: []string{"nosuch@img.kerala.gov.in"},
		Subject: "Re: claim", Body: "b"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.RecordAttempt(ctx, id, store.Attempt{At: time.Now(), Refused: []store.Refusal{{Addr: "nosuch@img.kerala.gov.in", Code: 550, Detail: "5.1.1 no such user"}},
		Err: "550", Park: true}); err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(cfg, []byte("store = "+quote(dbPath)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (int, string) {
		var out bytes.Buffer
		code := new(OutboxMain).Run(ctx, append(args, "--config", cfg), &out, &out)
		return code, out.String()
	}
	steps := []struct {
		args []string
		code int
		want []string
	}{
		{[]string{"list"}, exitOK, []string{"PARKED", `"Re: claim"`, "nosuch@img.kerala.gov.in", "refused", "550 5.1.1 no such user", "parked by stpclaims"}},
		{[]string{"send-to", "1", "rajesh.r@revenue.kerala.gov.in", "--by", "clerk"}, exitOK, []string{"reply 1: due now, to rajesh.r@revenue.kerala.gov.in (recorded, by clerk)"}},
		{[]string{"list"}, exitOK, []string{"QUEUED", "replaced", "send-to by clerk"}},
		{[]string{"retry", "--by", "clerk", "1"}, exitOK, []string{"reply 1: due now"}},
		{[]string{"drop", "1", "--reason", "answered by phone", "--by", "clerk"}, exitOK, []string{"reply 1: dropped"}},
		{[]string{"list"}, exitOK, []string{"nothing waiting"}},
		{[]string{"list", "--all"}, exitOK, []string{"DROPPED", "drop by clerk", "answered by phone"}},
		{[]string{"drop", "1"}, exitMisuse, []string{"already dropped"}},
		{[]string{"retry", "99"}, exitMisuse, []string{"not found"}},
		{[]string{"retry", "x"}, exitMisuse, []string{"not a reply number"}},
		{[]string{"send-to", "1", "not an address"}, exitMisuse, []string{"not an e-mail address"}},
		{[]string{"send-to", "1"}, exitMisuse, []string{"wants 2 argument(s)"}},
		{[]string{"resend", "1"}, exitMisuse, []string{"unknown subcommand"}},
	}
	for _, s := range steps {
		code, out := run(s.args...)
		if code != s.code {
			t.Errorf("outbox %s: exit %d, want %d:\n%s", strings.Join(s.args, " "), code, s.code, out)
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("outbox %s: output lacks %q:\n%s", strings.Join(s.args, " "), w, out)
			}
		}
	}
}

func TestBackupMain_Run(t *testing.T) {
	st, dbPath := storetest.Open(t)
	storetest.EnterAdvance(t, st, "a.xlsx", "rajesh@revenue.kerala.gov.in", "latha@img.kerala.gov.in", time.Date(2026, 2, 2, 10, 0, 0, 0, stpclaims.DefaultZone()))
	dir := t.TempDir()
	cfg := filepath.Join(dir, "c.toml")
	if err := os.WriteFile(cfg, []byte("store = "+quote(dbPath)+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "backup.db")
	var out, errb bytes.Buffer
	if code := new(BackupMain).Run(context.Background(), []string{"--config", cfg, dst}, &out, &errb); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), dst+": 1 submissions") || !strings.Contains(out.String(), "integrity ok") {
		t.Errorf("output %q", out.String())
	}
	if code := new(BackupMain).Run(context.Background(), []string{"--config", cfg}, &out, &errb); code != exitMisuse {
		t.Errorf("backup without a FILE: exit %d", code)
	}
	if code := new(BackupMain).Run(context.Background(), []string{"--config", cfg, dbPath}, &out, &errb); code != exitMisuse {
		t.Errorf("backup onto the store itself: exit %d", code)
	}
}

// TestContrib_service: the systemd unit runs serve as a dedicated user in
// its state directory, confined, restarted on failure, with the passwords
// as credentials.
func TestContrib_service(t *testing.T) {
	data, err := os.ReadFile("../../contrib/stpclaims.service")
	if err != nil {
		t.Fatal(err)
	}
	unit := string(data)
	for _, want := range []string{
		"\nUser=stpclaims\n", "\nStateDirectory=stpclaims\n", "\nProtectSystem=strict\n", "\nRestart=on-failure\n",
		"\nLoadCredential=imap-password:", "\nLoadCredential=smtp-password:", "\nWorkingDirectory=/var/lib/stpclaims\n",
		"\nExecStart=/usr/local/bin/stpclaims serve --config /etc/stpclaims/stpclaims.toml\n", "${CREDENTIALS_DIRECTORY}/imap-password",
	} {
		if !strings.Contains(unit, want) {
			t.Errorf("the unit lacks %q", strings.TrimSpace(want))
		}
	}
}

func TestLogStart_insecure(t *testing.T) {
	cfg, err := loadConfig("", usesAll)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Mailbox.Enabled, cfg.Mailbox.InsecureTLS, cfg.Mailbox.Username, cfg.Mailbox.Addr = true, true, "claims", "imap.example:993"
	cfg.SMTP.Enabled, cfg.SMTP.Host, cfg.SMTP.Port = true, "smtp.example", 587
	var buf bytes.Buffer
	logStart(newLogger(cfg, &buf), cfg, false)
	out := buf.String()
	first, rest, _ := strings.Cut(out, "\n")
	if !strings.Contains(first, "level=INFO") || !strings.Contains(first, "mailbox claims at imap.example:993") || !strings.Contains(first, "smtp.example:587") {
		t.Errorf("first line %q", first)
	}
	if !strings.Contains(rest, "level=WARN") || !strings.Contains(rest, "mailbox.insecure_skip_verify is on") || strings.Contains(rest, "smtp.insecure_skip_verify") {
		t.Errorf("the warning for the mailbox alone: %q", rest)
	}
}

// TestNewMetrics_totals: every new counter is on /metrics from the start,
// at zero, with the mailbox and SMTP off.
func TestNewMetrics_totals(t *testing.T) {
	st, _ := storetest.Open(t)
	m := newMetrics(&daemon{store: st})
	families, err := m.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range families {
		got[f.GetName()] = true
	}
	for _, name := range []string{"stpclaims_mail_quarantined_total", "stpclaims_mail_auto_replies_total", "stpclaims_mail_bounces_total",
		"stpclaims_imap_reconnects_total", "stpclaims_tls_certificate_failures_total", "stpclaims_replies_sent_total",
		"stpclaims_replies_failed_total", "stpclaims_replies_parked_total", "stpclaims_reply_recipients_refused_total", "stpclaims_outbox_parked"} {
		if !got[name] {
			t.Errorf("%s not on /metrics", name)
		}
	}
}
