// Package mailer sends replies (stpclaims.Reply) over SMTP and drains the
// outbox: a Drainer takes the replies that are due from a Queue, sends each
// with a Mailer to the recipients still pending, and records who got it, who
// is given up, when to try the rest and when to park it, so that no reply is
// lost while the SMTP server is down and one refused address never holds
// back the others.
//
// Each reply goes out as one message with a plain-text UTF-8 body
// (quoted-printable), its attachments (file names RFC 2231 encoded),
// In-Reply-To and References, "Auto-Submitted: auto-replied" (RFC 3834) and a
// Message-ID derived from the outbox key, so that a resend of the same outbox
// row carries the same Message-ID. go-mail builds the message and opens the
// connection (TLS, AUTH); the transaction (MAIL, one RCPT per recipient,
// DATA) is driven here, so that a refused recipient is an answer about that
// recipient, not a failure of the reply. The server's certificate is checked
// against the system's roots and Config.CAFile. The wording of the delivery
// notes and notices is in notice.go.
//
// mailer knows nothing of workbooks, rules, IMAP or the store: what to send
// and when it is due is the caller's business (the store implements Queue
// through a small adapter).
package mailer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net"
	netmail "net/mail"
	"net/textproto"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wneessen/go-mail"

	"stpclaims"
	"stpclaims/internal/tlstrust"
)

// Security modes of Config.Security.
const (
	SecurityStartTLS = "starttls" // STARTTLS is mandatory (the default)
	SecurityTLS      = "tls"      // implicit TLS (SMTPS) from the first byte
	SecurityNone     = "none"     // no TLS; loopback hosts only
)

// DefaultTimeout bounds one Send when Config.Timeout is zero.
const DefaultTimeout = 60 * time.Second

// Sentinel errors.
var (
	// ErrConfig is wrapped by New's errors for an unusable Config.
	ErrConfig = errors.New("mailer: bad configuration")
	// ErrInvalidReply is wrapped by Send's errors for a reply that can never
	// be sent as it stands (no recipient, a malformed address). IsPermanent
	// reports true for it.
	ErrInvalidReply = errors.New("mailer: invalid reply")
)

// Config says how to reach the SMTP server and who the mail is from.
type Config struct {
	Host     string
	Port     int    // 0: 587 for starttls, 465 for tls, 25 for none
	Security string // "starttls" (default), "tls" (implicit), "none" (loopback hosts only)
	// CAFile names a PEM bundle of certificate authorities trusted beside
	// the system's; InsecureSkipVerify turns certificate checking off.
	// Both are ignored when TLSConfig is set.
	CAFile             string
	InsecureSkipVerify bool
	// TLSConfig is optional (tests pass RootCAs); ServerName defaults to Host.
	TLSConfig *tls.Config
	// Username and Password, when Username is set, are used for SMTP AUTH
	// (PLAIN or LOGIN, whichever the server offers; never over plain text
	// to a non-loopback host).
	Username, Password string
	From               string        // e.g. "STP Claims <stp-claims@img.kerala.gov.in>"
	Timeout            time.Duration // per Send, dial to QUIT; default DefaultTimeout
	HelloName          string        // EHLO name; default the local host name
}

// Mailer sends replies over SMTP, one connection per Send. It is safe for
// concurrent use.
type Mailer struct {
	cfg    Config
	from   *netmail.Address
	domain string // of From, for Message-IDs
	tls    *tls.Config
	log    *slog.Logger
	now    func() time.Time // Date header; a test seam
}

// New checks cfg and returns a Mailer. It does not connect.
func New(cfg Config, log *slog.Logger) (*Mailer, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Host == "" {
		return nil, fmt.Errorf("%w: no host", ErrConfig)
	}
	if cfg.Security == "" {
		cfg.Security = SecurityStartTLS
	}
	switch cfg.Security {
	case SecurityStartTLS:
		if cfg.Port == 0 {
			cfg.Port = 587
		}
	case SecurityTLS:
		if cfg.Port == 0 {
			cfg.Port = 465
		}
	case SecurityNone:
		if !isLoopback(cfg.Host) {
			return nil, fmt.Errorf("%w: security %q refused for non-loopback host %q", ErrConfig, cfg.Security, cfg.Host)
		}
		if cfg.Port == 0 {
			cfg.Port = 25
		}
	default:
		return nil, fmt.Errorf("%w: security %q (want starttls, tls or none)", ErrConfig, cfg.Security)
	}
	if cfg.Port < 1 || cfg.Port > 65535 {
		return nil, fmt.Errorf("%w: port %d", ErrConfig, cfg.Port)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	from, err := netmail.ParseAddress(cfg.From)
	if err != nil {
		return nil, fmt.Errorf("%w: from %q: %w", ErrConfig, cfg.From, err)
	}
	at := strings.LastIndexByte(from.Address, '@')
	if at < 0 {
		return nil, fmt.Errorf("%w: from %q has no domain", ErrConfig, cfg.From)
	}
	var tc *tls.Config
	if cfg.TLSConfig != nil {
		tc = cfg.TLSConfig.Clone()
	} else if tc, err = tlstrust.Config(cfg.Host, cfg.CAFile, cfg.InsecureSkipVerify); err != nil {
		return nil, fmt.Errorf("%w: CAFile: %w", ErrConfig, err)
	}
	if tc.ServerName == "" {
		tc.ServerName = cfg.Host
	}
	return &Mailer{cfg: cfg, from: from, domain: from.Address[at+1:], tls: tc, log: log, now: time.Now}, nil
}

// Envelope says whom one Deliver is for.
type Envelope struct {
	// Rcpts are the recipients to try now, as written in the reply's To
	// and Cc; nil means all of them.
	Rcpts []string
	// Refused are recipients given up on earlier: the body of this copy
	// names them, and the headers leave them out.
	Refused []Refusal
}

// Refusal is a recipient the server would not take the reply for.
type Refusal struct {
	Addr string // as written in the reply's To or Cc
	Code int    // the SMTP reply code (550); 0 for an address that is not one
	Text string // the server's words, or why the address is not one
}

// Permanent reports whether the refusal will not go away by itself: a 5xx
// answer, or an address that is not one.
func (f Refusal) Permanent() bool { return f.Code == 0 || f.Code >= 500 }

func (f Refusal) String() string {
	if f.Code == 0 {
		return f.Addr + ": " + f.Text
	}
	return fmt.Sprintf("%s: %d %s", f.Addr, f.Code, f.Text)
}

// Delivery is what the server answered for each recipient of one Deliver.
type Delivery struct {
	Accepted []string  // the server took the reply for these
	Refused  []Refusal // and refused it for these, at RCPT (or they are no addresses)
}

// RefusedError is the server's refusal of a whole send: an error answer to
// MAIL FROM or to DATA.
type RefusedError struct {
	Command string // "MAIL" or "DATA"
	Code    int
	Text    string
}

func (e *RefusedError) Error() string {
	return fmt.Sprintf("%s refused: %d %s", e.Command, e.Code, e.Text)
}

// Deliver sends one reply, in one SMTP transaction, to the recipients of
// env (bare addresses are taken from "Name <addr>" forms). Each recipient
// the server refuses at RCPT is reported in Delivery.Refused, not as an
// error, and the others still get the reply; when some recipient is refused
// for good (5xx, or no address at all), the copy the others get says so at
// the end of its body, together with env.Refused, and its headers leave
// those addresses out. The error is for the send as a whole: no connection,
// TLS, AUTH, a refused MAIL FROM or DATA (a *RefusedError), ctx done or the
// Config.Timeout passed. When every recipient is refused, no DATA is sent.
func (m *Mailer) Deliver(ctx context.Context, key string, r stpclaims.Reply, env Envelope) (Delivery, error) {
	var d Delivery
	rcpts := env.Rcpts
	if rcpts == nil {
		rcpts = append(append([]string(nil), r.To...), r.Cc...)
	}
	if len(r.To) == 0 || len(rcpts) == 0 {
		return d, fmt.Errorf("mailer: send %s: %w: no recipient", key, ErrInvalidReply)
	}
	ctx, cancel := context.WithTimeout(ctx, m.cfg.Timeout)
	defer cancel()
	start := time.Now()
	client, err := m.client(ctx)
	if err != nil {
		return d, fmt.Errorf("mailer: send %s: %w", key, err)
	}
	fail := func(err error) (Delivery, error) {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = errors.Join(ctxErr, err)
		}
		// Nobody got it, whatever RCPT said.
		return Delivery{}, fmt.Errorf("mailer: send %s to %s:%d: %w", key, m.cfg.Host, m.cfg.Port, err)
	}
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		return fail(err)
	}
	defer sc.Close()
	if err := sc.Mail(m.from.Address); err != nil {
		return fail(answer("MAIL", err))
	}
	for _, rcpt := range rcpts {
		addr, perr := netmail.ParseAddress(rcpt)
		if perr != nil {
			d.Refused = append(d.Refused, Refusal{Addr: rcpt, Text: "not an e-mail address"})
			continue
		}
		if err := sc.Rcpt(addr.Address); err != nil {
			var te *textproto.Error
			if !errors.As(err, &te) {
				return fail(err)
			}
			d.Refused = append(d.Refused, Refusal{Addr: rcpt, Code: te.Code, Text: te.Msg})
			continue
		}
		d.Accepted = append(d.Accepted, rcpt)
	}
	if len(d.Accepted) == 0 {
		_ = sc.Reset()
		_ = sc.Quit()
		return d, nil
	}
	noted := append([]Refusal(nil), env.Refused...)
	for _, f := range d.Refused {
		if f.Permanent() {
			noted = append(noted, f)
		}
	}
	msg, err := m.message(key, withNote(r, noted))
	if err != nil {
		return d, fmt.Errorf("mailer: send %s: %w", key, err)
	}
	w, err := sc.Data()
	if err != nil {
		return fail(answer("DATA", err))
	}
	if _, err := msg.WriteTo(w); err != nil {
		return fail(err)
	}
	if err := w.Close(); err != nil {
		return fail(answer("DATA", err))
	}
	// The server took the message (DATA answered 250); an error on QUIT
	// or closing must not make the caller send it again.
	if err := sc.Quit(); err != nil {
		m.log.DebugContext(ctx, "mailer: delivered, error on closing", "key", key, "err", err)
	}
	m.log.InfoContext(ctx, "mailer: sent", "key", key, "message_id", msg.GetMessageID(),
		"to", d.Accepted, "refused", d.Refused, "attachments", len(r.Attachments), "took", time.Since(start))
	return d, nil
}

// answer turns the server's error answer to command into a *RefusedError;
// other errors (the connection) are returned as they are.
func answer(command string, err error) error {
	var te *textproto.Error
	if errors.As(err, &te) {
		return &RefusedError{Command: command, Code: te.Code, Text: te.Msg}
	}
	return err
}

// IsPermanent reports whether err says that sending can never succeed as
// the reply stands: the server answered 5xx (to MAIL or DATA), or the
// reply itself is invalid. Connection failures, timeouts, TLS and AUTH
// failures, and 4xx answers are temporary.
func IsPermanent(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrInvalidReply) {
		return true
	}
	var re *RefusedError
	if errors.As(err, &re) {
		return re.Code >= 500 && re.Code <= 599
	}
	return false
}

// MessageID returns the Message-ID, with angle brackets, that Send gives
// the reply sent under key: "<key.hash@domain>", the hash taken over the
// key, the From address and the message replied to, the domain that of
// Config.From.
func (m *Mailer) MessageID(key string, r stpclaims.Reply) string {
	return "<" + m.messageID(key, r) + ">"
}

func (m *Mailer) messageID(key string, r stpclaims.Reply) string {
	h := sha256.New()
	for _, s := range []string{m.from.Address, key, r.InReplyTo} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	sum := hex.EncodeToString(h.Sum(nil)[:10])
	return dotAtom(key) + "." + sum + "@" + m.domain
}

// dotAtom turns key into a dot-atom-text safe for a Message-ID's left part.
func dotAtom(key string) string {
	var b strings.Builder
	for _, c := range key {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == '.':
			if s := b.String(); s != "" && !strings.HasSuffix(s, ".") {
				b.WriteByte('.')
			}
		default:
			b.WriteByte('-')
		}
		if b.Len() >= 64 {
			break
		}
	}
	s := strings.TrimRight(b.String(), ".")
	if s == "" {
		s = "reply"
	}
	return s
}

// client makes a go-mail client for one send. Its dialer ties the
// connection to ctx: when ctx is done, the connection is closed and every
// pending read or write fails at once (go-mail itself uses ctx for the dial
// only).
func (m *Mailer) client(ctx context.Context) (*mail.Client, error) {
	cfg := m.cfg
	implicit := cfg.Security == SecurityTLS
	dial := func(dctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		conn, err := d.DialContext(dctx, network, addr)
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { conn.Close() })
		if !implicit {
			return conn, nil
		}
		tc := tls.Client(conn, m.tls)
		if err := tc.HandshakeContext(dctx); err != nil {
			conn.Close()
			return nil, fmt.Errorf("tls handshake: %w", err)
		}
		return tc, nil // a *tls.Conn: go-mail's smtp client sees it as encrypted
	}
	opts := []mail.Option{
		mail.WithPort(cfg.Port),
		// go-mail's own per-command deadline is set past the whole send's
		// deadline (ctx), so that a timeout is reported as ctx's.
		mail.WithTimeout(cfg.Timeout + time.Second),
		mail.WithTLSConfig(m.tls),
		mail.WithDialContextFunc(dial),
	}
	switch cfg.Security {
	case SecurityStartTLS:
		opts = append(opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case SecurityTLS:
		opts = append(opts, mail.WithSSL(), mail.WithTLSPolicy(mail.NoTLS))
	case SecurityNone:
		opts = append(opts, mail.WithTLSPolicy(mail.NoTLS))
	}
	if cfg.HelloName != "" {
		opts = append(opts, mail.WithHELO(cfg.HelloName))
	}
	if cfg.Username != "" {
		opts = append(opts,
			mail.WithOpportunisticSMTPAuth(mail.SMTPAuthPlain, mail.SMTPAuthLogin),
			mail.WithUsername(cfg.Username), mail.WithPassword(cfg.Password))
	}
	c, err := mail.NewClient(cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("smtp client: %w", err)
	}
	return c, nil
}

// message builds the go-mail message for r.
func (m *Mailer) message(key string, r stpclaims.Reply) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent(), mail.WithCharset(mail.CharsetUTF8), mail.WithEncoding(mail.EncodingQP))
	msg.FromMailAddress(m.from)
	// Addresses that are not ones were refused (Deliver); the headers
	// name the rest.
	if to := validAddrs(r.To); len(to) > 0 {
		if err := msg.To(to...); err != nil {
			return nil, fmt.Errorf("%w: to %q: %w", ErrInvalidReply, to, err)
		}
	}
	if cc := validAddrs(r.Cc); len(cc) > 0 {
		if err := msg.Cc(cc...); err != nil {
			return nil, fmt.Errorf("%w: cc %q: %w", ErrInvalidReply, cc, err)
		}
	}
	msg.Subject(r.Subject)
	msg.SetMessageIDWithValue(m.messageID(key, r))
	msg.SetDateWithValue(m.now())
	if id, ok := msgID(r.InReplyTo); ok {
		msg.SetGenHeader(mail.HeaderInReplyTo, id)
	} else if r.InReplyTo != "" {
		m.log.Warn("mailer: malformed In-Reply-To left out", "key", key, "in_reply_to", r.InReplyTo)
	}
	var refs []string
	for _, ref := range r.References {
		if id, ok := msgID(ref); ok {
			refs = append(refs, id)
		} else {
			m.log.Warn("mailer: malformed reference left out", "key", key, "reference", ref)
		}
	}
	if len(refs) > 0 {
		msg.SetGenHeader(mail.HeaderReferences, strings.Join(refs, " "))
	}
	msg.SetGenHeader(mail.Header("Auto-Submitted"), "auto-replied")
	msg.SetGenHeader(mail.Header("X-Auto-Response-Suppress"), "All")
	msg.SetUserAgent("stpclaims")
	msg.SetBodyString(mail.TypeTextPlain, r.Body)
	for _, a := range r.Attachments {
		name := fileName(a.Name)
		msg.AttachReadSeeker(name, bytes.NewReader(a.Data), withNameHeaders(name, a.ContentType))
	}
	return msg, nil
}

// msgID trims s and reports whether it is a plausible "<left@right>"
// Message-ID, safe to put in a header as it stands.
func msgID(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 5 || len(s) > 900 || s[0] != '<' || s[len(s)-1] != '>' || !strings.Contains(s, "@") {
		return "", false
	}
	for i := 1; i < len(s)-1; i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '<' || c == '>' {
			return "", false
		}
	}
	return s, true
}

// withNameHeaders sets the attachment's Content-Type and
// Content-Disposition with its file name. go-mail would put an RFC 2047
// encoded word inside the quoted filename (which RFC 2047 itself forbids)
// and would not fold part headers, so a long Malayalam name could pass the
// 998-octet line limit. Instead, Content-Disposition carries the name the
// RFC 2231 way (charset UTF-8, percent-encoded, split into continuations
// filename*0*, filename*1*, …), and Content-Type's name parameter the RFC
// 2047 way that old readers look at; both are folded.
func withNameHeaders(name, contentType string) mail.FileOption {
	return func(f *mail.File) {
		if f.Header == nil {
			f.Header = make(map[string][]string)
		}
		f.Header.Set(string(mail.HeaderContentType), contentTypeHeader(contentType, name))
		f.Header.Set(string(mail.HeaderContentDisposition), contentDisposition(name))
	}
}

// contentTypeHeader returns a Content-Type value of the media type ct
// (application/octet-stream if ct is empty or malformed) naming the file.
func contentTypeHeader(ct, name string) string {
	media, params, err := mime.ParseMediaType(ct)
	if err != nil || ct == "" {
		media, params = "application/octet-stream", nil
	}
	delete(params, "name")
	head := mime.FormatMediaType(media, params)
	if head == "" {
		head = "application/octet-stream"
	}
	if isASCII(name) {
		return head + ";" + foldSep + mime.FormatMediaType("x", map[string]string{"name": name})[len("x; "):]
	}
	// RFC 2047 "B" words of at most 36 octets of UTF-8 each (60 characters
	// encoded), never splitting a character, one to a line.
	var words []string
	for rest := name; rest != ""; {
		n := 0
		for _, r := range rest {
			if l := utf8.RuneLen(r); n+l <= 36 || n == 0 {
				n += max(l, 1)
				continue
			}
			break
		}
		n = min(n, len(rest))
		words = append(words, "=?UTF-8?b?"+base64.StdEncoding.EncodeToString([]byte(rest[:n]))+"?=")
		rest = rest[n:]
	}
	return head + ";" + foldSep + `name="` + strings.Join(words, foldSep) + `"`
}

// isASCII reports whether name is printable ASCII only.
func isASCII(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < ' ' || c >= 0x7f {
			return false
		}
	}
	return true
}

// foldSep folds a header line: the multipart writer go-mail uses for parts
// writes header values as they stand.
const foldSep = "\r\n "

// isSafeASCII reports whether name can stand in a quoted parameter as it is.
func isSafeASCII(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < ' ' || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return len(name) <= 60
}

// fileName makes name safe as an attachment's file name: no control
// characters or path separators, never empty.
func fileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f || r == '/' || r == '\\' || r == utf8.RuneError {
			return '_'
		}
		return r
	}, strings.TrimSpace(name))
	if name == "" {
		return "attachment"
	}
	if runes := []rune(name); len(runes) > maxNameRunes {
		ext := []rune(path.Ext(name))
		if len(ext) > 16 {
			ext = nil
		}
		name = string(runes[:maxNameRunes-len(ext)]) + string(ext)
	}
	return name
}

// maxNameRunes bounds an attachment's file name, keeping header lines short.
const maxNameRunes = 120

// contentDisposition returns an attachment's Content-Disposition value.
func contentDisposition(name string) string {
	if isSafeASCII(name) {
		return mime.FormatMediaType("attachment", map[string]string{"filename": name})
	}
	// RFC 2231 extended value, split into continuations of at most ~60
	// characters, never inside a %XX triplet.
	const piece = 60
	var parts []string
	var cur strings.Builder
	flush := func() {
		parts = append(parts, cur.String())
		cur.Reset()
	}
	for _, r := range name {
		var enc string
		if r < 0x80 && isAttrChar(byte(r)) {
			enc = string(r)
		} else {
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			for _, b := range buf[:n] {
				enc += fmt.Sprintf("%%%02X", b)
			}
		}
		if cur.Len()+len(enc) > piece {
			flush()
		}
		cur.WriteString(enc)
	}
	flush()
	var b strings.Builder
	b.WriteString("attachment")
	for i, p := range parts {
		if i == 0 {
			fmt.Fprintf(&b, ";%sfilename*0*=UTF-8''%s", foldSep, p)
			continue
		}
		fmt.Fprintf(&b, ";%sfilename*%d*=%s", foldSep, i, p)
	}
	return b.String()
}

// isAttrChar reports whether c may stand unencoded in an RFC 2231 value
// (attribute-char: not a tspecial, space, control, star, apostrophe or
// percent sign).
func isAttrChar(c byte) bool {
	if c <= ' ' || c >= 0x7f {
		return false
	}
	return !strings.ContainsRune(`()<>@,;:\"/[]?=*'%`, rune(c))
}

// validAddrs keeps the entries of l that parse as addresses.
func validAddrs(l []string) []string {
	var out []string
	for _, a := range l {
		if _, err := netmail.ParseAddress(a); err == nil {
			out = append(out, a)
		}
	}
	return out
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}
