// Package dovecottest runs a throwaway Dovecot 2.3 IMAP server for
// integration tests.
//
// Start writes a configuration under t.TempDir() (base_dir, state_dir,
// maildirs, log file, a passwd-file with one test user and a plaintext
// password, a self-signed certificate made in Go), starts `dovecot -F` as an
// ordinary foreground process listening on 127.0.0.1 on two free ports
// (IMAP with STARTTLS, and IMAPS), and waits until it accepts connections.
// The server is stopped in t.Cleanup. Tests skip when dovecot is not
// installed, or fail where tools are required (CI, package testenv).
//
// Dovecot refuses to run its login processes, or to give mail access, as
// root. So when the tests run as root, the server runs as the unprivileged
// user "nobody" (the temporary tree is handed over to it); otherwise it runs
// as the current user. Either way default_internal_user, default_login_user
// and mail_uid/mail_gid are the user the server runs as, and no service is
// chrooted.
//
// It does not deliver through LMTP or a local delivery agent: Deliver appends
// with IMAP APPEND, which is what a test of an IMAP client needs.
package dovecottest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"stpclaims/internal/testenv"
)

const (
	testUser     = "claims"
	testPassword = "claims-secret"
	startTimeout = 30 * time.Second
	stopTimeout  = 15 * time.Second
)

// Server is one running (or stopped) Dovecot.
type Server struct {
	t        testing.TB
	binary   string
	dir      string
	conf     string
	logPath  string
	baseDir  string
	addr     string // IMAP, plain or STARTTLS
	tlsAddr  string // IMAPS
	certPool *x509.CertPool
	cred     *syscall.Credential // nil: run as the current user

	mu      sync.Mutex
	cmd     *exec.Cmd
	exited  chan struct{}
	waitErr error
}

// Start starts a Dovecot for t and stops it in t.Cleanup. It skips t when
// dovecot is not installed (fails it where tools are required, package
// testenv) and fails it when dovecot does not come up.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := testenv.Program(t, "dovecot", "/usr/sbin/dovecot", "/usr/local/sbin/dovecot")
	s := &Server{t: t, binary: bin, dir: t.TempDir()}
	runAs, err := s.runAsUser()
	if err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	if err := s.writeConfig(runAs); err != nil {
		t.Fatalf("dovecottest: %v", err)
	}
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			if b, err := os.ReadFile(s.logPath); err == nil {
				t.Logf("dovecot log:\n%s", b)
			}
		}
	})
	s.start()
	return s
}

// Addr is the host:port of the IMAP listener (plaintext login allowed, and
// STARTTLS).
func (s *Server) Addr() string { return s.addr }

// TLSAddr is the host:port of the implicit-TLS IMAPS listener.
func (s *Server) TLSAddr() string { return s.tlsAddr }

// TLSConfig trusts the server's self-signed certificate (for 127.0.0.1).
func (s *Server) TLSConfig() *tls.Config {
	return &tls.Config{RootCAs: s.certPool, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
}

// CAFile is the path of the PEM file holding the server's self-signed
// certificate, for a client's ca_file.
func (s *Server) CAFile() string { return filepath.Join(s.dir, "cert.pem") }

// User is the test user's login name.
func (s *Server) User() string { return testUser }

// Password is the test user's password.
func (s *Server) Password() string { return testPassword }

// Log returns what Dovecot has logged so far.
func (s *Server) Log() string {
	b, _ := os.ReadFile(s.logPath)
	return string(b)
}

type runAs struct {
	name     string
	uid, gid int
}

// runAsUser picks the user Dovecot runs as: the current user, or "nobody"
// when that is root.
func (s *Server) runAsUser() (runAs, error) {
	if os.Geteuid() != 0 {
		u, err := user.Current()
		if err != nil {
			return runAs{}, fmt.Errorf("current user: %w", err)
		}
		return runAs{name: u.Username, uid: os.Geteuid(), gid: os.Getegid()}, nil
	}
	u, err := user.Lookup("nobody")
	if err != nil {
		return runAs{}, fmt.Errorf("running as root needs the user nobody: %w", err)
	}
	uid, err1 := strconv.Atoi(u.Uid)
	gid, err2 := strconv.Atoi(u.Gid)
	if err := errors.Join(err1, err2); err != nil {
		return runAs{}, fmt.Errorf("user nobody: %w", err)
	}
	s.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return runAs{name: u.Username, uid: uid, gid: gid}, nil
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *Server) writeConfig(ra runAs) error {
	var err error
	if s.addr, err = freePort(); err != nil {
		return fmt.Errorf("free port: %w", err)
	}
	if s.tlsAddr, err = freePort(); err != nil {
		return fmt.Errorf("free port: %w", err)
	}
	_, port, _ := net.SplitHostPort(s.addr)
	_, tlsPort, _ := net.SplitHostPort(s.tlsAddr)

	certPEM, keyPEM, err := selfSignedCert()
	if err != nil {
		return err
	}
	s.certPool = x509.NewCertPool()
	s.certPool.AppendCertsFromPEM(certPEM)

	join := func(name string) string { return filepath.Join(s.dir, name) }
	// Unix sockets live under base_dir, and a socket path may not be longer
	// than 108 bytes; long test names make long t.TempDir paths. Then
	// base_dir goes to a short temporary directory, removed after Stop.
	s.baseDir = join("run")
	if len(s.baseDir) > 60 {
		d, err := os.MkdirTemp("", "dovecot")
		if err != nil {
			return fmt.Errorf("base_dir: %w", err)
		}
		s.t.Cleanup(func() { os.RemoveAll(d) })
		s.baseDir = filepath.Join(d, "run")
	}
	if err := os.Mkdir(s.baseDir, 0o700); err != nil {
		return fmt.Errorf("mkdir base_dir: %w", err)
	}
	s.conf, s.logPath = join("dovecot.conf"), join("dovecot.log")
	files := map[string][]byte{
		"passwd":   []byte(testUser + ":{PLAIN}" + testPassword + "::::::\n"),
		"cert.pem": certPEM,
		"key.pem":  keyPEM,
	}
	for name, data := range files {
		if err := os.WriteFile(join(name), data, 0o600); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	for _, d := range []string{"state", "mail"} {
		if err := os.Mkdir(join(d), 0o700); err != nil {
			return fmt.Errorf("mkdir %s: %w", d, err)
		}
	}
	conf := fmt.Sprintf(`# written by stpclaims/internal/dovecottest
base_dir = %[8]s
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
protocols = imap
listen = 127.0.0.1
shutdown_clients = yes
# No stats process: login processes otherwise wait 5 s for it at shutdown.
stats_writer_socket_path =

ssl = yes
ssl_cert = <%[1]s/cert.pem
ssl_key = <%[1]s/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login

default_internal_user = %[2]s
default_internal_group = %[5]s
default_login_user = %[2]s
mail_uid = %[3]d
mail_gid = %[4]d
first_valid_uid = %[3]d
first_valid_gid = %[4]d
mail_location = maildir:%[1]s/mail/%%u

passdb {
  driver = passwd-file
  args = scheme=PLAIN %[1]s/passwd
}
userdb {
  driver = passwd-file
  args = %[1]s/passwd
  default_fields = uid=%[3]d gid=%[4]d home=%[1]s/mail/%%u
}

service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[6]s
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = %[7]s
    ssl = yes
  }
}
service anvil {
  chroot =
}
`, s.dir, ra.name, ra.uid, ra.gid, groupName(ra.gid), port, tlsPort, s.baseDir)
	if err := os.WriteFile(s.conf, []byte(conf), 0o600); err != nil {
		return fmt.Errorf("write config: %w", err)
	}
	if s.cred != nil {
		// Hand the tree to the unprivileged user, and let it through the
		// parent directories t.TempDir made 0700.
		for _, root := range []string{s.dir, filepath.Dir(s.baseDir)} {
			err := filepath.Walk(root, func(p string, _ os.FileInfo, err error) error {
				if err != nil {
					return err
				}
				return os.Lchown(p, ra.uid, ra.gid)
			})
			if err != nil {
				return fmt.Errorf("chown: %w", err)
			}
		}
		for d := s.dir; d != "/" && d != os.TempDir() && d != "."; d = filepath.Dir(d) {
			if fi, err := os.Stat(d); err == nil && fi.Mode().Perm()&0o011 != 0o011 {
				if err := os.Chmod(d, fi.Mode().Perm()|0o011); err != nil {
					return fmt.Errorf("chmod %s: %w", d, err)
				}
			}
		}
	}
	return nil
}

func groupName(gid int) string {
	if g, err := user.LookupGroupId(strconv.Itoa(gid)); err == nil {
		return g.Name
	}
	return strconv.Itoa(gid)
}

// selfSignedCert makes a certificate for 127.0.0.1 and localhost.
func selfSignedCert() (certPEM, keyPEM []byte, err error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("generate key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(time.Now().UnixNano()),
		Subject:               pkix.Name{CommonName: "dovecottest"},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("create certificate: %w", err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("marshal key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
		pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), nil
}

// start runs dovecot in the foreground and waits for its port.
func (s *Server) start() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cmd != nil {
		s.t.Fatalf("dovecottest: already running")
	}
	// A file, not a pipe: Dovecot's children inherit it, and Wait would
	// wait for them to close a pipe.
	outPath := filepath.Join(s.dir, "dovecot.out")
	out, err := os.OpenFile(outPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		s.t.Fatalf("dovecottest: %v", err)
	}
	defer out.Close()
	cmd := exec.Command(s.binary, "-F", "-c", s.conf)
	cmd.Dir = s.dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: s.cred}
	if err := cmd.Start(); err != nil {
		s.t.Fatalf("dovecottest: start %s: %v", s.binary, err)
	}
	s.cmd, s.exited = cmd, make(chan struct{})
	exited := s.exited
	go func() {
		err := cmd.Wait()
		s.mu.Lock()
		s.waitErr = err
		s.mu.Unlock()
		close(exited)
	}()

	deadline := time.Now().Add(startTimeout)
	for {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err == nil {
			c.Close()
			return
		}
		select {
		case <-exited:
			s.cmd = nil
			stdout, _ := os.ReadFile(outPath)
			s.t.Fatalf("dovecottest: dovecot exited at start: %v\n%s\n%s", s.waitErr, stdout, s.Log())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("dovecottest: dovecot did not listen on %s within %v\n%s", s.addr, startTimeout, s.Log())
		}
	}
}

// Stop stops Dovecot (SIGTERM to its PID, which ends its children too;
// SIGKILL to its process group if it lingers) and waits for it. Stopping a
// stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	cmd, exited := s.cmd, s.exited
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(stopTimeout):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	}
	// The login processes hold the listening sockets; wait until the port is
	// free so that Restart can bind it again.
	deadline := time.Now().Add(stopTimeout)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", s.addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(50 * time.Millisecond)
	}
}

// Restart stops Dovecot and starts it again on the same ports with the same
// mail.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.start()
}

// Deliver appends raw to mailbox (creating it if missing) through IMAP
// APPEND as the test user.
func (s *Server) Deliver(t testing.TB, mailbox string, raw []byte) {
	t.Helper()
	c, err := imapclient.DialInsecure(s.addr, nil)
	if err != nil {
		t.Fatalf("dovecottest: dial: %v", err)
	}
	defer c.Close()
	if err := c.Login(testUser, testPassword).Wait(); err != nil {
		t.Fatalf("dovecottest: login: %v", err)
	}
	if mailbox != "INBOX" {
		err := c.Create(mailbox, nil).Wait()
		var ierr *imap.Error
		if err != nil && !(errors.As(err, &ierr) && ierr.Code == imap.ResponseCodeAlreadyExists) {
			t.Fatalf("dovecottest: create %s: %v", mailbox, err)
		}
	}
	cmd := c.Append(mailbox, int64(len(raw)), nil)
	if _, err := cmd.Write(raw); err != nil {
		t.Fatalf("dovecottest: append: %v", err)
	}
	if err := cmd.Close(); err != nil {
		t.Fatalf("dovecottest: append: %v", err)
	}
	if _, err := cmd.Wait(); err != nil {
		t.Fatalf("dovecottest: append to %s: %v", mailbox, err)
	}
	_ = c.Logout().Wait()
}
