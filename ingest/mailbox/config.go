package mailbox

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strings"
	"time"

	"stpclaims/internal/tlstrust"
)

// Security values for Config.Security.
const (
	SecurityTLS      = "tls"      // implicit TLS (port 993)
	SecurityStartTLS = "starttls" // plain connection upgraded with STARTTLS (port 143)
	SecurityNone     = "none"     // no encryption at all; refused unless Addr is a loopback address
)

// Defaults applied by New to zero Config fields.
const (
	DefaultMailbox         = "INBOX"
	DefaultProcessed       = "Processed"
	DefaultQuarantine      = "Quarantine"
	DefaultKeyword         = "$StpclaimsDone"
	DefaultPollInterval    = 60 * time.Second
	DefaultIdleRefresh     = 5 * time.Minute
	MaxIdleRefresh         = 10 * time.Minute
	DefaultCommandTimeout  = 60 * time.Second
	DefaultMaxMessageBytes = 50 << 20
	DefaultReconnectMax    = time.Minute
	DefaultMaxPartBytes    = 25 << 20
	DefaultMaxWorkbooks    = 20
)

// ErrConfig is wrapped by every error New returns for a bad Config.
var ErrConfig = errors.New("mailbox: invalid config")

// Config says which mailbox to watch and how. Zero fields take the defaults
// above.
type Config struct {
	Addr     string // host:port
	Security string // "tls", "starttls" or "none" (none only for loopback tests; refused otherwise)
	// CAFile names a PEM bundle of certificate authorities trusted beside
	// the system's (the institute's own CA, or the server's self-signed
	// certificate). InsecureSkipVerify turns certificate checking off.
	// Both are ignored when TLSConfig is set.
	CAFile             string
	InsecureSkipVerify bool
	TLSConfig          *tls.Config // optional; overrides CAFile and InsecureSkipVerify (tests)
	Username, Password string
	Mailbox            string // default "INBOX"
	Processed          string // default "Processed" (created if missing)
	Quarantine         string // default "Quarantine" (created if missing)
	Keyword            string // default "$StpclaimsDone"
	// Allow lists sender addresses ("a@b.in") and domains ("kerala.gov.in"
	// or "@kerala.gov.in"), case-insensitive. A domain matches that exact
	// domain only, not its subdomains. An empty list quarantines everything.
	Allow           []string
	PollInterval    time.Duration // when the server has no IDLE; default 60s
	IdleRefresh     time.Duration // IDLE watchdog, at most 10 min; default 5 min
	CommandTimeout  time.Duration // every command; default 60s
	MaxMessageBytes int64         // larger messages are not fetched whole; default 50 MiB
	ReconnectMax    time.Duration // ceiling of the reconnect backoff; default 1 min
	// RequireAuth takes a message only when the receiving server's own
	// Authentication-Results header (the topmost one of AuthServID) shows
	// dmarc=pass, or dkim=pass for a domain aligned with the From
	// domain; anything else is quarantined. AuthServID is required with it.
	RequireAuth bool
	AuthServID  string
	// MaxPartBytes is the largest workbook fetched: a part whose
	// BODYSTRUCTURE size (base64 and all) shows it larger is not fetched
	// but named in Message.Oversized; default 25 MiB, a workbook's limit.
	MaxPartBytes int64
	// MaxWorkbooks is how many workbooks of one message are fetched; the
	// rest are named in Message.Unchecked; default 20.
	MaxWorkbooks int
}

// withDefaults returns cfg with its zero fields filled in, or an error
// wrapping ErrConfig.
func (cfg Config) withDefaults() (Config, error) {
	host, err := cfg.checkServer()
	if err != nil {
		return cfg, err
	}
	if err := cfg.mailboxesWithDefaults(); err != nil {
		return cfg, err
	}
	cfg.limitsWithDefaults()
	cfg.AuthServID = strings.TrimSpace(cfg.AuthServID)
	if cfg.RequireAuth && cfg.AuthServID == "" {
		return cfg, fmt.Errorf("%w: RequireAuth needs AuthServID, the receiving server's authserv-id", ErrConfig)
	}
	if strings.ContainsAny(cfg.AuthServID, " \t;()\"") {
		return cfg, fmt.Errorf("%w: AuthServID %q is not an authserv-id", ErrConfig, cfg.AuthServID)
	}
	if cfg.TLSConfig == nil {
		tc, err := tlstrust.Config(host, cfg.CAFile, cfg.InsecureSkipVerify)
		if err != nil {
			return cfg, fmt.Errorf("%w: CAFile: %w", ErrConfig, err)
		}
		cfg.TLSConfig = tc
	}
	for _, a := range cfg.Allow {
		if strings.TrimSpace(a) == "" || strings.Count(a, "@") > 1 {
			return cfg, fmt.Errorf("%w: allow-list entry %q", ErrConfig, a)
		}
	}
	return cfg, nil
}

// checkServer checks how the server is reached: Addr is host:port,
// Security (normalised to lower case) is one of the three, plain text
// only to a loopback host, and a Username is given. It returns Addr's
// host, the name the server's certificate must carry.
func (cfg *Config) checkServer() (host string, err error) {
	if cfg.Addr == "" {
		return "", fmt.Errorf("%w: no Addr", ErrConfig)
	}
	host, _, err = net.SplitHostPort(cfg.Addr)
	if err != nil {
		return "", fmt.Errorf("%w: Addr %q: %w", ErrConfig, cfg.Addr, err)
	}
	cfg.Security = strings.ToLower(strings.TrimSpace(cfg.Security))
	switch cfg.Security {
	case SecurityTLS, SecurityStartTLS:
	case SecurityNone:
		if !isLoopback(host) {
			return "", fmt.Errorf("%w: Security %q is only allowed for a loopback Addr, not %q", ErrConfig, cfg.Security, cfg.Addr)
		}
	default:
		return "", fmt.Errorf("%w: Security %q (want %q, %q or %q)", ErrConfig, cfg.Security, SecurityTLS, SecurityStartTLS, SecurityNone)
	}
	if cfg.Username == "" {
		return "", fmt.Errorf("%w: no Username", ErrConfig)
	}
	return host, nil
}

// mailboxesWithDefaults fills in the watched, processed and quarantine
// mailboxes and the keyword, then checks the keyword is one IMAP allows
// and that neither destination is the watched mailbox itself.
func (cfg *Config) mailboxesWithDefaults() error {
	if cfg.Mailbox == "" {
		cfg.Mailbox = DefaultMailbox
	}
	if cfg.Processed == "" {
		cfg.Processed = DefaultProcessed
	}
	if cfg.Quarantine == "" {
		cfg.Quarantine = DefaultQuarantine
	}
	if cfg.Keyword == "" {
		cfg.Keyword = DefaultKeyword
	}
	if strings.ContainsAny(cfg.Keyword, " ()]{%*\"\\") || strings.HasPrefix(cfg.Keyword, `\`) {
		return fmt.Errorf("%w: Keyword %q is not an IMAP keyword", ErrConfig, cfg.Keyword)
	}
	if strings.EqualFold(cfg.Mailbox, cfg.Processed) || strings.EqualFold(cfg.Mailbox, cfg.Quarantine) {
		return fmt.Errorf("%w: Processed and Quarantine must differ from Mailbox %q", ErrConfig, cfg.Mailbox)
	}
	return nil
}

// limitsWithDefaults fills in the zero intervals, timeouts and size and
// count limits, and caps IdleRefresh at MaxIdleRefresh.
func (cfg *Config) limitsWithDefaults() {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.IdleRefresh <= 0 {
		cfg.IdleRefresh = DefaultIdleRefresh
	}
	if cfg.IdleRefresh > MaxIdleRefresh {
		cfg.IdleRefresh = MaxIdleRefresh
	}
	if cfg.CommandTimeout <= 0 {
		cfg.CommandTimeout = DefaultCommandTimeout
	}
	if cfg.MaxMessageBytes <= 0 {
		cfg.MaxMessageBytes = DefaultMaxMessageBytes
	}
	if cfg.ReconnectMax <= 0 {
		cfg.ReconnectMax = DefaultReconnectMax
	}
	if cfg.MaxPartBytes <= 0 {
		cfg.MaxPartBytes = DefaultMaxPartBytes
	}
	if cfg.MaxWorkbooks <= 0 {
		cfg.MaxWorkbooks = DefaultMaxWorkbooks
	}
}

// tlsConfig returns the TLS configuration for a connection to cfg.Addr.
func (cfg Config) tlsConfig() *tls.Config {
	var tc *tls.Config
	if cfg.TLSConfig != nil {
		tc = cfg.TLSConfig.Clone()
	} else {
		tc = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if tc.ServerName == "" {
		if host, _, err := net.SplitHostPort(cfg.Addr); err == nil {
			tc.ServerName = host
		}
	}
	return tc
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// allowList decides whether a sender may submit claims.
type allowList struct {
	addresses map[string]bool
	domains   map[string]bool
}

func newAllowList(entries []string) allowList {
	al := allowList{addresses: map[string]bool{}, domains: map[string]bool{}}
	for _, e := range entries {
		e = strings.ToLower(strings.TrimSpace(e))
		if local, domain, ok := strings.Cut(e, "@"); ok && local != "" {
			al.addresses[e] = true
		} else if ok {
			al.domains[domain] = true
		} else {
			al.domains[e] = true
		}
	}
	return al
}

// allows reports whether addr (a bare address) is on the list.
func (al allowList) allows(addr string) bool {
	addr = strings.ToLower(strings.TrimSpace(addr))
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || at == len(addr)-1 {
		return false
	}
	return al.addresses[addr] || al.domains[addr[at+1:]]
}
