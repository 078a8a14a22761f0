// Package tlstrust builds the TLS client configuration of the mailbox and
// SMTP connections from what an operator configures: the server's name, an
// optional PEM bundle of certificate authorities to trust beside the
// system's (the institute's own CA, or a self-signed server certificate),
// and the switch that turns certificate checking off. It also tells a
// certificate failure apart from other connection failures, so that the
// callers can log it with its remedy rather than as one more lost
// connection.
//
// It does not dial, and it does not decide what is logged or counted.
package tlstrust

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// ErrCAFile is wrapped by Config's errors for a CA bundle it cannot use.
var ErrCAFile = errors.New("tlstrust: unusable CA file")

// Remedy is what to do about a certificate failure, in words an operator
// can act on.
const Remedy = "set ca_file to a PEM file holding the certificate of the authority that signed the server's certificate " +
	"(or the server's own certificate when it is self-signed); insecure_skip_verify = true turns checking off and is not recommended"

// Config returns a TLS client configuration for serverName (TLS 1.2 or
// later). With caFile, the certificates in that PEM file are trusted
// beside the system's roots; a file that cannot be read or holds no
// certificate is an error wrapping ErrCAFile. insecure turns certificate
// checking off altogether.
func Config(serverName, caFile string, insecure bool) (*tls.Config, error) {
	tc := &tls.Config{ServerName: serverName, MinVersion: tls.VersionTLS12, InsecureSkipVerify: insecure}
	if caFile == "" {
		return tc, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCAFile, err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("%w: %s holds no PEM certificate", ErrCAFile, caFile)
	}
	tc.RootCAs = pool
	return tc, nil
}

// IsCertificateError reports whether err (or an error it wraps) says the
// server's certificate was not accepted: signed by an unknown authority,
// issued for another name, expired or otherwise invalid.
func IsCertificateError(err error) bool {
	if err == nil {
		return false
	}
	var (
		verify   *tls.CertificateVerificationError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}
