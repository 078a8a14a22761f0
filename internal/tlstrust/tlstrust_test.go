package tlstrust

import (
	"crypto/tls"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// serverCA starts a TLS server with a self-signed certificate (for
// 127.0.0.1 and example.com) and writes that certificate to a PEM file.
func serverCA(t *testing.T) (addr, caFile string) {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(srv.Close)
	caFile = filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, block, 0o600); err != nil {
		t.Fatal(err)
	}
	return srv.Listener.Addr().String(), caFile
}

func handshake(addr string, tc *tls.Config) error {
	c, err := tls.Dial("tcp", addr, tc)
	if err != nil {
		return fmt.Errorf("dial: %w", err)
	}
	return c.Close()
}

func TestConfig(t *testing.T) {
	addr, caFile := serverCA(t)
	tests := []struct {
		name       string
		serverName string
		caFile     string
		insecure   bool
		wantCert   bool // the handshake fails on the certificate
	}{
		{"system roots only: unknown authority", "127.0.0.1", "", false, true},
		{"ca_file trusted", "127.0.0.1", caFile, false, false},
		{"ca_file, wrong name", "imap.kerala.gov.in", caFile, false, true},
		{"insecure_skip_verify", "127.0.0.1", "", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			conf, err := Config(tc.serverName, tc.caFile, tc.insecure)
			if err != nil {
				t.Fatalf("Config: %v", err)
			}
			if conf.MinVersion != tls.VersionTLS12 || conf.ServerName != tc.serverName {
				t.Errorf("MinVersion %x ServerName %q", conf.MinVersion, conf.ServerName)
			}
			err = handshake(addr, conf)
			if got := IsCertificateError(err); got != tc.wantCert {
				t.Errorf("handshake error %v: IsCertificateError = %v, want %v", err, got, tc.wantCert)
			}
			if !tc.wantCert && err != nil {
				t.Errorf("handshake: %v", err)
			}
		})
	}
}

func TestConfig_badCAFile(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("hello\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(dir, "missing.pem"), notPEM} {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if _, err := Config("h", f, false); !errors.Is(err, ErrCAFile) {
				t.Errorf("Config(%s) = %v, want ErrCAFile", f, err)
			}
		})
	}
}

func TestIsCertificateError(t *testing.T) {
	for _, err := range []error{nil, io.EOF, &net.OpError{Op: "dial", Err: errors.New("connection refused")}, errors.New("x509-ish text only")} {
		if IsCertificateError(err) {
			t.Errorf("IsCertificateError(%v) = true", err)
		}
	}
}
