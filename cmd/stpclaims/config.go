package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/robfig/cron/v3"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/internal/tlstrust"
)

// Config is the daemon's configuration file (TOML). Every key is optional;
// the zero file is the embedded default: watch ./inbox, write ./outbox,
// keep the store in ./stpclaims.db, no mailbox, no SMTP.
// stpclaims.example.toml documents every key.
type Config struct {
	Zone          string   `toml:"zone"`
	Store         string   `toml:"store"`
	Outbox        string   `toml:"outbox"`
	Rates         []string `toml:"rates"`
	MetricsAddr   string   `toml:"metrics_addr"`
	LogFormat     string   `toml:"log_format"`
	LogLevel      string   `toml:"log_level"`
	ShutdownGrace duration `toml:"shutdown_grace"`
	FileTimeout   duration `toml:"file_timeout"`

	Check    CheckConfig    `toml:"check"`
	Folder   FolderConfig   `toml:"folder"`
	Mailbox  MailboxConfig  `toml:"mailbox"`
	SMTP     SMTPConfig     `toml:"smtp"`
	Ledger   LedgerConfig   `toml:"ledger"`
	Schedule ScheduleConfig `toml:"schedule"`
	Health   HealthConfig   `toml:"health"`
	EBT      EBTConfig      `toml:"ebt"`

	// resolved by load
	location *time.Location
	// folderDirSet: folder.dir is in the file, not the default; such a
	// folder must exist (it is shared with others), the default is made.
	folderDirSet bool
}

// CheckConfig is the [check] table: the worker processes that check.
type CheckConfig struct {
	Workers   int      `toml:"workers"`
	MaxMemory byteSize `toml:"max_memory"`
}

// FolderConfig is the [folder] table.
type FolderConfig struct {
	Enabled *bool    `toml:"enabled"`
	Dir     string   `toml:"dir"`
	Rescan  duration `toml:"rescan"`
	Settle  duration `toml:"settle"`
	Abandon duration `toml:"abandon"`
	Workers int      `toml:"workers"`
}

// MailboxConfig is the [mailbox] table.
type MailboxConfig struct {
	Enabled        bool     `toml:"enabled"`
	Addr           string   `toml:"addr"`
	Security       string   `toml:"security"`
	Username       string   `toml:"username"`
	PasswordEnv    string   `toml:"password_env"`
	PasswordFile   string   `toml:"password_file"`
	Mailbox        string   `toml:"mailbox"`
	Processed      string   `toml:"processed"`
	Quarantine     string   `toml:"quarantine"`
	Allow          []string `toml:"allow"`
	PollInterval   duration `toml:"poll_interval"`
	IdleRefresh    duration `toml:"idle_refresh"`
	CommandTimeout duration `toml:"command_timeout"`
	ReconnectMax   duration `toml:"reconnect_max"`
	CAFile         string   `toml:"ca_file"`
	InsecureTLS    bool     `toml:"insecure_skip_verify"`
	RequireAuth    bool     `toml:"require_auth"`
	AuthServID     string   `toml:"authserv_id"`
	MaxWorkbooks   int      `toml:"max_workbooks"`

	password string
}

// SMTPConfig is the [smtp] table.
type SMTPConfig struct {
	Enabled      bool     `toml:"enabled"`
	Host         string   `toml:"host"`
	Port         int      `toml:"port"`
	Security     string   `toml:"security"`
	Username     string   `toml:"username"`
	PasswordEnv  string   `toml:"password_env"`
	PasswordFile string   `toml:"password_file"`
	From         string   `toml:"from"`
	Timeout      duration `toml:"timeout"`
	RetryEvery   duration `toml:"retry_every"`
	GiveUpAfter  duration `toml:"give_up_after"`
	CAFile       string   `toml:"ca_file"`
	InsecureTLS  bool     `toml:"insecure_skip_verify"`

	password string
}

// LedgerConfig is the [ledger] table.
type LedgerConfig struct {
	Path     string   `toml:"path"`
	Reviews  string   `toml:"reviews"`
	Finance  []string `toml:"finance"`
	Debounce duration `toml:"debounce"`
}

// EBTConfig is the [ebt] table: whether e-BT lists are made, where their
// files go, and the bank's upload layout (its keys are ebt.Layout's).
type EBTConfig struct {
	Enabled *bool  `toml:"enabled"`
	Dir     string `toml:"dir"` // "" = the outbox's ebt folder
	ebt.Layout
}

// ebtDir is the folder the e-BT lists are written to.
func (c *Config) ebtDir() string {
	if c.EBT.Dir != "" {
		return c.EBT.Dir
	}
	return filepath.Join(c.Outbox, "ebt")
}

func (c *Config) ebtEnabled() bool { return c.EBT.Enabled == nil || *c.EBT.Enabled }

// ScheduleConfig is the [schedule] table: five-field cron specs in the
// config's zone.
type ScheduleConfig struct {
	Overdue    string   `toml:"overdue"`
	Digest     string   `toml:"digest"`
	Rebuild    string   `toml:"rebuild"`
	Sanctions  string   `toml:"sanctions"`
	JobTimeout duration `toml:"job_timeout"`
}

// HealthConfig is the [health] table: how long a part may be down before
// /readyz says the daemon is not ready.
type HealthConfig struct {
	IMAPGrace    duration `toml:"imap_grace"`
	SMTPGrace    duration `toml:"smtp_grace"`
	OutboxMaxAge duration `toml:"outbox_max_age"`
}

// duration reads "30s", "5m" from TOML.
type duration struct{ time.Duration }

func (d *duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("want a duration such as 30s or 5m")
	}
	d.Duration = v
	return nil
}

// configError names the key at fault.
type configError struct {
	key, reason string
}

func (e *configError) Error() string { return fmt.Sprintf("config: %s: %s", e.key, e.reason) }

func defaultConfig() Config {
	return Config{
		Zone:          stpclaims.DefaultZoneName,
		Store:         "stpclaims.db",
		Outbox:        "outbox",
		LogFormat:     "text",
		LogLevel:      "info",
		ShutdownGrace: duration{30 * time.Second},
		FileTimeout:   duration{60 * time.Second},
		Check:         CheckConfig{Workers: 2, MaxMemory: 512 << 20},
		Folder: FolderConfig{
			Dir:     "inbox",
			Rescan:  duration{10 * time.Second},
			Settle:  duration{time.Second},
			Abandon: duration{2 * time.Minute},
			Workers: 4,
		},
		Mailbox: MailboxConfig{
			Security:       "tls",
			Mailbox:        "INBOX",
			Processed:      "Processed",
			Quarantine:     "Quarantine",
			PollInterval:   duration{60 * time.Second},
			IdleRefresh:    duration{5 * time.Minute},
			CommandTimeout: duration{60 * time.Second},
			ReconnectMax:   duration{time.Minute},
			MaxWorkbooks:   20,
		},
		Ledger: LedgerConfig{
			Path:     "ledger.xlsx",
			Debounce: duration{30 * time.Second},
		},
		Schedule: ScheduleConfig{
			Overdue:    "0 9 * * *",
			Digest:     "0 8 * * MON",
			Rebuild:    "30 1 * * *",
			Sanctions:  "30 8 * * MON-FRI",
			JobTimeout: duration{30 * time.Minute},
		},
		EBT: EBTConfig{Layout: ebt.DefaultLayout()},
		SMTP: SMTPConfig{
			Security:    "starttls",
			Port:        587,
			Timeout:     duration{60 * time.Second},
			RetryEvery:  duration{30 * time.Second},
			GiveUpAfter: duration{72 * time.Hour},
		},
		Health: HealthConfig{
			IMAPGrace:    duration{3 * time.Minute},
			SMTPGrace:    duration{15 * time.Minute},
			OutboxMaxAge: duration{time.Hour},
		},
	}
}

// uses says which parts of the config a command uses: only those are
// validated (and only their passwords read).
type uses int

const (
	// usesStore: the zone and the store (ledger, outbox, backup).
	usesStore uses = iota
	// usesAll: everything (serve).
	usesAll
)

// loadConfig reads the config file at path over the defaults ("" = the
// embedded default alone), then validates the parts the command uses and
// reads their passwords. An unknown key anywhere in the file is refused.
func loadConfig(path string, u uses) (Config, error) {
	cfg := defaultConfig()
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return cfg, fmt.Errorf("config: %w", err)
		}
		if err := parseConfig(data, &cfg); err != nil {
			return cfg, err
		}
	}
	if u == usesStore {
		return cfg, cfg.validateStore()
	}
	return cfg, cfg.validate()
}

func parseConfig(data []byte, cfg *Config) error {
	md, err := toml.Decode(string(data), cfg)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if pe.LastKey != "" {
				return fmt.Errorf("config: line %d: %s: %s", pe.Position.Line, pe.LastKey, pe.Message)
			}
			return fmt.Errorf("config: line %d: %s", pe.Position.Line, pe.Message)
		}
		return fmt.Errorf("config: %w", err)
	}
	for _, k := range md.Undecoded() {
		key := k.String()
		if strings.HasSuffix(key, ".password") || key == "password" {
			return &configError{key, "passwords never go in the config file: name an environment variable with password_env or a file with password_file"}
		}
		return &configError{key, "unknown key"}
	}
	cfg.folderDirSet = md.IsDefined("folder", "dir")
	return nil
}

// validateStore checks what every command that opens the store uses: the
// zone and the store's path.
func (c *Config) validateStore() error {
	loc, err := time.LoadLocation(c.Zone)
	if err != nil {
		if c.Zone != stpclaims.DefaultZoneName {
			return &configError{"zone", fmt.Sprintf("unknown time zone %q", c.Zone)}
		}
		loc = stpclaims.DefaultZone() // no tzdata on the machine
	}
	c.location = loc
	if c.Store == "" {
		return &configError{"store", "must name the SQLite file"}
	}
	return nil
}

// validate checks every part of the config (serve).
func (c *Config) validate() error {
	if err := c.validateStore(); err != nil {
		return err
	}
	if c.Outbox == "" {
		return &configError{"outbox", "must name a folder"}
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return &configError{"log_format", "must be text or json"}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return &configError{"log_level", "must be debug, info, warn or error"}
	}
	if c.MetricsAddr != "" {
		if err := loopbackAddr(c.MetricsAddr); err != nil {
			return &configError{"metrics_addr", err.Error()}
		}
	}
	if c.ShutdownGrace.Duration <= 0 {
		return &configError{"shutdown_grace", "must be positive"}
	}
	if c.FileTimeout.Duration <= 0 {
		return &configError{"file_timeout", "must be positive"}
	}
	if c.Check.Workers < 1 || c.Check.Workers > 64 {
		return &configError{"check.workers", "must be between 1 and 64"}
	}
	if c.Check.MaxMemory < 64<<20 {
		return &configError{"check.max_memory", "must be at least 64MB (a claim form needs about 50MB to check)"}
	}
	for _, check := range []func() error{c.validateFolder, c.validateMailbox, c.validateSMTP, c.validateLedger, c.validateHealth, c.validateEBT} {
		if err := check(); err != nil {
			return err
		}
	}
	if c.Mailbox.Enabled && !c.SMTP.Enabled {
		return &configError{"smtp.enabled", "the mailbox is watched but no SMTP server is set to answer it"}
	}
	return nil
}

// validateFolder checks the [folder] table when the folder is watched.
func (c *Config) validateFolder() error {
	if !c.folderEnabled() {
		return nil
	}
	if c.Folder.Dir == "" {
		return &configError{"folder.dir", "must name a folder"}
	}
	if c.Folder.Rescan.Duration <= 0 || c.Folder.Settle.Duration <= 0 || c.Folder.Abandon.Duration <= 0 {
		return &configError{"folder", "rescan, settle and abandon must be positive"}
	}
	if c.Folder.Workers < 1 || c.Folder.Workers > 64 {
		return &configError{"folder.workers", "must be between 1 and 64"}
	}
	return nil
}

// validateMailbox checks the [mailbox] table when the mailbox is watched,
// and reads its password.
func (c *Config) validateMailbox() error {
	if !c.Mailbox.Enabled {
		return nil
	}
	m := &c.Mailbox
	if _, _, err := net.SplitHostPort(m.Addr); err != nil {
		return &configError{"mailbox.addr", "want host:port"}
	}
	if err := checkSecurity(m.Security, m.Addr); err != nil {
		return &configError{"mailbox.security", err.Error()}
	}
	if m.Username == "" {
		return &configError{"mailbox.username", "required when the mailbox is enabled"}
	}
	var err error
	if m.password, err = secret(m.PasswordEnv, m.PasswordFile); err != nil {
		return &configError{"mailbox.password_env/password_file", err.Error()}
	}
	if len(m.Allow) == 0 {
		return &configError{"mailbox.allow", "name the senders (addresses or domains) whose claims are accepted; mail from anyone else is quarantined"}
	}
	if m.IdleRefresh.Duration <= 0 || m.IdleRefresh.Duration > 10*time.Minute {
		return &configError{"mailbox.idle_refresh", "must be between 0 and 10m"}
	}
	if m.PollInterval.Duration <= 0 || m.CommandTimeout.Duration <= 0 || m.ReconnectMax.Duration <= 0 {
		return &configError{"mailbox", "poll_interval, command_timeout and reconnect_max must be positive"}
	}
	if m.RequireAuth && strings.TrimSpace(m.AuthServID) == "" {
		return &configError{"mailbox.authserv_id", "require_auth needs the authserv-id your receiving mail server writes in its Authentication-Results header (for example the MX host name)"}
	}
	if strings.ContainsAny(m.AuthServID, " \t;()\"") {
		return &configError{"mailbox.authserv_id", fmt.Sprintf("%q is not an authserv-id (one word, as in \"Authentication-Results: mx.example; …\")", m.AuthServID)}
	}
	if err := checkCAFile(m.CAFile); err != nil {
		return &configError{"mailbox.ca_file", err.Error()}
	}
	if m.MaxWorkbooks < 1 {
		return &configError{"mailbox.max_workbooks", "must be at least 1"}
	}
	return nil
}

// checkCAFile checks that a ca_file, when named, holds a certificate.
func checkCAFile(path string) error {
	if path == "" {
		return nil
	}
	if _, err := tlstrust.Config("", path, false); err != nil {
		return err
	}
	return nil
}

// validateSMTP checks the [smtp] table when replies are sent, and reads its
// password.
func (c *Config) validateSMTP() error {
	if !c.SMTP.Enabled {
		return nil
	}
	s := &c.SMTP
	if s.Host == "" {
		return &configError{"smtp.host", "required when SMTP is enabled"}
	}
	if s.Port <= 0 || s.Port > 65535 {
		return &configError{"smtp.port", "must be a TCP port"}
	}
	if err := checkSecurity(s.Security, net.JoinHostPort(s.Host, fmt.Sprint(s.Port))); err != nil {
		return &configError{"smtp.security", err.Error()}
	}
	if s.From == "" {
		return &configError{"smtp.from", "required when SMTP is enabled"}
	}
	if s.Username != "" {
		var err error
		if s.password, err = secret(s.PasswordEnv, s.PasswordFile); err != nil {
			return &configError{"smtp.password_env/password_file", err.Error()}
		}
	}
	if s.GiveUpAfter.Duration < time.Hour {
		return &configError{"smtp.give_up_after", "must be at least 1h (a reply is tried hourly once refused)"}
	}
	if err := checkCAFile(s.CAFile); err != nil {
		return &configError{"smtp.ca_file", err.Error()}
	}
	return nil
}

// validateHealth checks the [health] table.
func (c *Config) validateHealth() error {
	h := c.Health
	if h.IMAPGrace.Duration <= 0 || h.SMTPGrace.Duration <= 0 || h.OutboxMaxAge.Duration <= 0 {
		return &configError{"health", "imap_grace, smtp_grace and outbox_max_age must be positive"}
	}
	return nil
}

// checkFolder refuses a folder named in the config that does not exist
// (it is a shared folder: a typing error there would watch the wrong
// place); the default folder is made by ensureFolder. It is called before
// anything is created.
func (c *Config) checkFolder() error {
	if !c.folderEnabled() || !c.folderDirSet {
		return nil
	}
	abs, err := filepath.Abs(c.Folder.Dir)
	if err != nil {
		return &configError{"folder.dir", err.Error()}
	}
	fi, err := os.Stat(abs)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &configError{"folder.dir", fmt.Sprintf("%s does not exist: create (or mount) it first, or correct the path", abs)}
	case err != nil:
		return &configError{"folder.dir", err.Error()}
	case !fi.IsDir():
		return &configError{"folder.dir", abs + " is not a folder"}
	}
	return nil
}

// ensureFolder makes the default folder when it is missing, and reports
// whether it did.
func (c *Config) ensureFolder() (created bool, err error) {
	if !c.folderEnabled() {
		return false, nil
	}
	if _, err := os.Stat(c.Folder.Dir); err == nil {
		return false, nil
	}
	if err := os.MkdirAll(c.Folder.Dir, 0o755); err != nil {
		return false, fmt.Errorf("folder: %w", err)
	}
	return true, nil
}

// validateLedger checks the [ledger] and [schedule] tables.
func (c *Config) validateLedger() error {
	if c.Ledger.Path == "" {
		return &configError{"ledger.path", "must name the ledger workbook"}
	}
	if c.Ledger.Debounce.Duration <= 0 {
		return &configError{"ledger.debounce", "must be positive"}
	}
	for _, a := range c.Ledger.Finance {
		if _, err := mail.ParseAddress(a); err != nil {
			return &configError{"ledger.finance", fmt.Sprintf("%q is not an e-mail address", a)}
		}
	}
	for key, spec := range map[string]string{"schedule.overdue": c.Schedule.Overdue, "schedule.digest": c.Schedule.Digest,
		"schedule.rebuild": c.Schedule.Rebuild, "schedule.sanctions": c.Schedule.Sanctions} {
		if _, err := cron.ParseStandard(spec); err != nil {
			return &configError{key, fmt.Sprintf("%q is not a cron schedule (minute hour day month weekday): %v", spec, err)}
		}
	}
	if c.Schedule.JobTimeout.Duration <= 0 {
		return &configError{"schedule.job_timeout", "must be positive"}
	}
	return nil
}

// validateEBT checks the [ebt] table: the upload layout.
func (c *Config) validateEBT() error {
	var le *ebt.LayoutError
	if err := c.EBT.Layout.Validate(); errors.As(err, &le) {
		return &configError{"ebt." + le.Key, le.Reason}
	} else if err != nil {
		return &configError{"ebt", err.Error()}
	}
	return nil
}

func (c *Config) folderEnabled() bool { return c.Folder.Enabled == nil || *c.Folder.Enabled }

func checkSecurity(mode, addr string) error {
	switch mode {
	case "tls", "starttls":
		return nil
	case "none":
		if loopbackAddr(addr) != nil {
			return errors.New(`"none" (no TLS) is allowed only on a loopback address`)
		}
		return nil
	}
	return errors.New("must be tls, starttls or none")
}

func loopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("want host:port")
	}
	if host == "localhost" {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() {
		return errors.New("must be a loopback address such as 127.0.0.1:9464")
	}
	return nil
}

// secret reads a password from an environment variable or a file.
func secret(env, file string) (string, error) {
	switch {
	case env != "" && file != "":
		return "", errors.New("name one of them, not both")
	case env != "":
		v, ok := os.LookupEnv(env)
		if !ok || v == "" {
			return "", fmt.Errorf("environment variable %s is not set", env)
		}
		return v, nil
	case file != "":
		// ${CREDENTIALS_DIRECTORY}: systemd's LoadCredential.
		file = os.ExpandEnv(file)
		b, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		v := strings.TrimRight(string(b), "\r\n")
		if v == "" {
			return "", fmt.Errorf("%s is empty", file)
		}
		return v, nil
	}
	return "", errors.New("name an environment variable (password_env) or a file (password_file) holding the password")
}
