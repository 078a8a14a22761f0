// Package smtptest runs an in-process SMTP server on loopback for tests: a
// sink that accepts mail, keeps every message it accepted (envelope and raw
// bytes, parsed with go-message), and can be told to refuse mail or to go
// down and come back on the same port.
//
// It is a test fixture only. It delivers nothing, relays nothing, and listens
// on 127.0.0.1 only; its STARTTLS certificate is self-signed and made fresh
// for each sink.
package smtptest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Received is one message the sink accepted.
type Received struct {
	From string   // envelope sender (MAIL FROM)
	To   []string // envelope recipients (RCPT TO), in order
	Raw  []byte   // the message as transmitted (after dot-unstuffing)
	TLS  bool     // whether the session was encrypted when DATA was sent
	User string   // the authenticated user name, "" without AUTH

	// Parsed with go-message. ParseErr is set when Raw could not be parsed;
	// the other parsed fields then hold what was read before the error.
	Header      mail.Header
	Text        string // the first text/plain part that is not an attachment, decoded
	Attachments []Attachment
	ParseErr    error
}

// Attachment is one attachment of a received message, decoded.
type Attachment struct {
	Name        string // file name, RFC 2231 / RFC 2047 decoded
	ContentType string // media type without parameters
	Data        []byte
}

// Option configures a sink.
type Option func(*config)

type config struct {
	startTLS    bool
	implicitTLS bool
	user, pass  string
}

// WithSTARTTLS makes the sink offer STARTTLS with a self-signed certificate
// for 127.0.0.1 and localhost; CertPool returns the pool that trusts it.
func WithSTARTTLS() Option { return func(c *config) { c.startTLS = true } }

// WithImplicitTLS makes the sink speak TLS from the first byte (SMTPS).
func WithImplicitTLS() Option { return func(c *config) { c.implicitTLS = true } }

// WithAuth makes the sink offer AUTH PLAIN (also on unencrypted loopback
// connections) and accept only this user name and password. Without it the
// sink offers no AUTH.
func WithAuth(user, pass string) Option {
	return func(c *config) { c.user, c.pass = user, pass }
}

// Sink is a running in-process SMTP server. Its methods are safe for
// concurrent use.
type Sink struct {
	t        testing.TB
	cfg      config
	addr     string
	tlsConf  *tls.Config
	certPool *x509.CertPool
	certPEM  []byte

	mu       sync.Mutex
	msgs     []Received
	changed  chan struct{} // closed and replaced whenever msgs grows
	failCode int
	rejected map[string]int // RCPT address (lower case) -> code
	srv      *smtp.Server
	lis      net.Listener
	served   chan struct{} // closed when the current Serve returns
}

// Start starts a sink on 127.0.0.1 on a free port. It is stopped in
// t.Cleanup. Start fails the test if the sink cannot start.
func Start(t testing.TB, opts ...Option) *Sink {
	t.Helper()
	s := &Sink{t: t, changed: make(chan struct{})}
	for _, o := range opts {
		o(&s.cfg)
	}
	if s.cfg.startTLS || s.cfg.implicitTLS {
		conf, pool, err := selfSigned()
		if err != nil {
			t.Fatalf("smtptest: certificate: %v", err)
		}
		s.tlsConf, s.certPool = conf, pool
		s.certPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: conf.Certificates[0].Certificate[0]})
	}
	l, err := s.listen("127.0.0.1:0")
	if err != nil {
		t.Fatalf("smtptest: listen: %v", err)
	}
	s.addr = l.Addr().String()
	s.serve(l)
	t.Cleanup(s.Stop)
	return s
}

// Addr returns "127.0.0.1:port".
func (s *Sink) Addr() string { return s.addr }

// Host returns the host the sink listens on, "127.0.0.1".
func (s *Sink) Host() string {
	h, _, _ := net.SplitHostPort(s.addr)
	return h
}

// Port returns the port the sink listens on; it stays the same across
// Stop and Restart.
func (s *Sink) Port() int {
	_, p, _ := net.SplitHostPort(s.addr)
	n, _ := strconv.Atoi(p)
	return n
}

// CertPool returns a pool trusting the sink's certificate, for a client's
// tls.Config.RootCAs; nil when the sink has no TLS.
func (s *Sink) CertPool() *x509.CertPool { return s.certPool }

// CertPEM returns the sink's certificate in PEM form, for a client's CA
// file; nil when the sink has no TLS.
func (s *Sink) CertPEM() []byte { return s.certPEM }

// SetFailing makes the sink answer every MAIL and RCPT with code (for
// example 451 for a temporary or 550 for a permanent failure) until it is
// called again with 0.
func (s *Sink) SetFailing(code int) {
	s.mu.Lock()
	s.failCode = code
	s.mu.Unlock()
}

// SetRejecting makes the sink answer RCPT TO:<addr> (compared without case)
// with code, for example 550 for a mailbox that does not exist, until it
// is called again for addr with 0. Other recipients are accepted.
func (s *Sink) SetRejecting(addr string, code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rejected == nil {
		s.rejected = map[string]int{}
	}
	if code == 0 {
		delete(s.rejected, strings.ToLower(addr))
		return
	}
	s.rejected[strings.ToLower(addr)] = code
}

// Messages returns a copy of the list of messages accepted so far, in the
// order they were accepted.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

// Wait waits until at least n messages have been accepted and returns them
// all; it fails the test if that has not happened within timeout.
func (s *Sink) Wait(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		if len(s.msgs) >= n {
			out := append([]Received(nil), s.msgs...)
			s.mu.Unlock()
			return out
		}
		changed, got := s.changed, len(s.msgs)
		s.mu.Unlock()
		select {
		case <-changed:
		case <-deadline.C:
			t.Fatalf("smtptest: %d message(s) after %v, want %d", got, timeout, n)
			return nil
		}
	}
}

// Stop closes the listener and every open connection, as if the SMTP
// server had gone down. It is a no-op on a stopped sink.
func (s *Sink) Stop() {
	s.mu.Lock()
	srv, lis, served := s.srv, s.lis, s.served
	s.srv, s.lis, s.served = nil, nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	_ = srv.Close()
	// Close only closes the listeners Serve has registered; a Stop right
	// after Start may come before that.
	_ = lis.Close()
	<-served
}

// Restart starts a stopped sink again on the same port, keeping its
// messages, certificate and failure mode. It fails the test given to Start
// if the port cannot be bound again; call it from the test's goroutine. It
// is a no-op on a running sink.
func (s *Sink) Restart() {
	t := s.t
	t.Helper()
	s.mu.Lock()
	running := s.srv != nil
	s.mu.Unlock()
	if running {
		return
	}
	var (
		l   net.Listener
		err error
	)
	for range 50 { // the port may linger briefly after Stop
		if l, err = s.listen(s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("smtptest: restart on %s: %v", s.addr, err)
	}
	s.serve(l)
}

func (s *Sink) listen(addr string) (net.Listener, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	if s.cfg.implicitTLS {
		l = tls.NewListener(l, s.tlsConf)
	}
	return l, nil
}

// serve starts a fresh go-smtp server on l; the sink owns the goroutine and
// Stop ends it.
func (s *Sink) serve(l net.Listener) {
	srv := smtp.NewServer(&backend{sink: s})
	srv.Domain = "smtptest.localhost"
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 64 << 20
	srv.AllowInsecureAuth = true
	srv.ErrorLog = discardLogger{}
	if s.cfg.startTLS {
		srv.TLSConfig = s.tlsConf
	}
	served := make(chan struct{})
	s.mu.Lock()
	s.srv, s.lis, s.served = srv, l, served
	s.mu.Unlock()
	go func() {
		defer close(served)
		_ = srv.Serve(l)
	}()
}

func (s *Sink) failing() error { return s.failingFor("") }

// failingFor returns the error to answer a command with: the code of
// SetFailing, else that of SetRejecting for rcpt ("" for MAIL), else nil.
func (s *Sink) failingFor(rcpt string) error {
	s.mu.Lock()
	code := s.failCode
	if code == 0 && rcpt != "" {
		code = s.rejected[strings.ToLower(rcpt)]
	}
	s.mu.Unlock()
	if code == 0 {
		return nil
	}
	enh := smtp.EnhancedCode{code / 100, 0, 0}
	return &smtp.SMTPError{Code: code, EnhancedCode: enh, Message: "smtptest: failing as told"}
}

func (s *Sink) accept(r Received) {
	s.mu.Lock()
	s.msgs = append(s.msgs, r)
	close(s.changed)
	s.changed = make(chan struct{})
	s.mu.Unlock()
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}

type backend struct{ sink *Sink }

func (b *backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	return &session{sink: b.sink, conn: c}, nil
}

type session struct {
	sink *Sink
	conn *smtp.Conn
	user string
	from string
	to   []string
}

var _ smtp.AuthSession = (*session)(nil)

func (s *session) AuthMechanisms() []string {
	if s.sink.cfg.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || s.sink.cfg.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != s.sink.cfg.user || pass != s.sink.cfg.pass {
			return &smtp.SMTPError{Code: 535, EnhancedCode: smtp.EnhancedCode{5, 7, 8}, Message: "smtptest: bad credentials"}
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.sink.cfg.user != "" && s.user == "" {
		return smtp.ErrAuthRequired
	}
	if err := s.sink.failing(); err != nil {
		return err
	}
	s.from, s.to = from, nil
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := s.sink.failingFor(to); err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	_, isTLS := s.conn.TLSConnectionState()
	rec := Received{From: s.from, To: append([]string(nil), s.to...), Raw: raw, TLS: isTLS, User: s.user}
	parse(&rec)
	s.sink.accept(rec)
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

// parse fills the parsed fields of r from r.Raw.
func parse(r *Received) {
	mr, err := mail.CreateReader(bytes.NewReader(r.Raw))
	if err != nil {
		r.ParseErr = fmt.Errorf("smtptest: parse header: %w", err)
		return
	}
	defer mr.Close()
	r.Header = mr.Header
	textSeen := false
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			r.ParseErr = fmt.Errorf("smtptest: parse part: %w", err)
			return
		}
		data, err := io.ReadAll(p.Body)
		if err != nil {
			r.ParseErr = fmt.Errorf("smtptest: read part: %w", err)
			return
		}
		switch h := p.Header.(type) {
		case *mail.AttachmentHeader:
			name, err := h.Filename()
			if err != nil {
				r.ParseErr = fmt.Errorf("smtptest: attachment name: %w", err)
			}
			ct, _, _ := h.ContentType()
			r.Attachments = append(r.Attachments, Attachment{Name: name, ContentType: ct, Data: data})
		case *mail.InlineHeader:
			ct, _, _ := h.ContentType()
			if !textSeen && strings.EqualFold(ct, "text/plain") {
				r.Text, textSeen = string(data), true
			}
		}
	}
}

// selfSigned makes a self-signed ECDSA certificate for 127.0.0.1, ::1 and
// localhost, valid for a day.
func selfSigned() (*tls.Config, *x509.CertPool, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, nil, err
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: "smtptest"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		DNSNames:              []string{"localhost"},
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	conf := &tls.Config{
		Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}},
		MinVersion:   tls.VersionTLS12,
	}
	return conf, pool, nil
}
