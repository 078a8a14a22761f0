package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadConfig_defaults(t *testing.T) {
	cfg, err := loadConfig("", usesAll)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Folder.Dir != "inbox" || cfg.Outbox != "outbox" || cfg.Store != "stpclaims.db" {
		t.Errorf("embedded default = folder %q, outbox %q, store %q", cfg.Folder.Dir, cfg.Outbox, cfg.Store)
	}
	if !cfg.folderEnabled() || cfg.Mailbox.Enabled || cfg.SMTP.Enabled {
		t.Error("the embedded default must watch the folder and need no server")
	}
	if cfg.location == nil || cfg.location.String() == "" {
		t.Error("no zone")
	}
}

func TestLoadConfig_example(t *testing.T) {
	cfg, err := loadConfig("../../stpclaims.example.toml", usesAll)
	if err != nil {
		t.Fatalf("the shipped example does not load: %v", err)
	}
	if cfg.Mailbox.Addr == "" || cfg.SMTP.Host == "" || len(cfg.Mailbox.Allow) == 0 {
		t.Error("the example should show the mailbox and SMTP settings")
	}
}

func TestLoadConfig_example_enabled(t *testing.T) {
	// The example with the mailbox and SMTP switched on loads when the
	// passwords are in the environment, and names the variable when not.
	data, err := os.ReadFile("../../stpclaims.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "enabled = false", "enabled = true")
	path := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = loadConfig(path, usesAll)
	if err == nil || !strings.Contains(err.Error(), "STPCLAIMS_IMAP_PASSWORD") {
		t.Fatalf("err = %v, want it to name the unset password variable", err)
	}
	t.Setenv("STPCLAIMS_IMAP_PASSWORD", "s3cret-imap")
	t.Setenv("STPCLAIMS_SMTP_PASSWORD", "s3cret-smtp")
	cfg, err := loadConfig(path, usesAll)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Mailbox.password != "s3cret-imap" || cfg.SMTP.password != "s3cret-smtp" {
		t.Error("passwords not read from the environment")
	}
}

func TestLoadConfig_refused(t *testing.T) {
	for _, tc := range []struct {
		name, text, key string
	}{
		{"unknown key", "colour = \"red\"\n", "colour"},
		{"password in text", "[smtp]\npassword = \"hunter2\"\n", "smtp.password"},
		{"bad duration", "shutdown_grace = \"soon\"\n", "shutdown_grace"},
		{"bad zone", "zone = \"Mars/Olympus\"\n", "zone"},
		{"bad log format", "log_format = \"xml\"\n", "log_format"},
		{"metrics not loopback", "metrics_addr = \"0.0.0.0:9464\"\n", "metrics_addr"},
		{"no TLS off loopback", "[smtp]\nenabled = true\nhost = \"mail.example.org\"\nsecurity = \"none\"\nfrom = \"a@b.in\"\n", "smtp.security"},
		{"mailbox without allow-list", "[mailbox]\nenabled = true\naddr = \"127.0.0.1:143\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"HOME\"\n", "mailbox.allow"},
		{"mailbox without smtp", "[mailbox]\nenabled = true\naddr = \"127.0.0.1:143\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"HOME\"\nallow = [\"x.in\"]\n", "smtp.enabled"},
		{"idle too long", "[mailbox]\nenabled = true\naddr = \"127.0.0.1:143\"\nsecurity = \"none\"\nusername = \"u\"\npassword_env = \"HOME\"\nallow = [\"x.in\"]\nidle_refresh = \"29m\"\n", "mailbox.idle_refresh"},
		{"no check workers", "[check]\nworkers = 0\n", "check.workers"},
		{"too little memory", "[check]\nmax_memory = \"10MB\"\n", "check.max_memory"},
		{"not a size", "[check]\nmax_memory = \"lots\"\n", "check.max_memory"},
		{"syntax", "store = \n", "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "c.toml")
			if err := os.WriteFile(path, []byte(tc.text), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := loadConfig(path, usesAll)
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.key) {
				t.Errorf("err = %v, want it to name %q", err, tc.key)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Error("the error shows the password")
			}
		})
	}
}

func TestSecret(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "pw")
	if err := os.WriteFile(file, []byte("from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("STPCLAIMS_TEST_PW", "from-env")
	for _, tc := range []struct {
		env, file, want string
		ok              bool
	}{
		{"STPCLAIMS_TEST_PW", "", "from-env", true},
		{"", file, "from-file", true},
		{"STPCLAIMS_TEST_UNSET", "", "", false},
		{"", filepath.Join(dir, "missing"), "", false},
		{"STPCLAIMS_TEST_PW", file, "", false},
		{"", "", "", false},
	} {
		got, err := secret(tc.env, tc.file)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("secret(%q, %q) = %q, %v", tc.env, tc.file, got, err)
		}
	}
}
