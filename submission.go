package stpclaims

import (
	"crypto/sha256"
	"encoding/hex"
	"time"
)

// Source says where a submission came from.
type Source string

const (
	SourceMail   Source = "mail"
	SourceFolder Source = "folder"
	SourceCLI    Source = "cli"
)

// Submission is one workbook as it arrived, with its provenance.
type Submission struct {
	Name      string // the file name as received
	Data      []byte
	SHA256    string // hex of sha256(Data)
	Source    Source
	Sender    string // e-mail address, for mail
	MessageID string // for mail
	Received  time.Time
}

// NewSubmission returns a submission of data with its sha256 filled in.
func NewSubmission(name string, data []byte, src Source, received time.Time) Submission {
	sum := sha256.Sum256(data)
	return Submission{Name: name, Data: data, SHA256: hex.EncodeToString(sum[:]), Source: src, Received: received}
}

// Rejection says in plain words why a file could not be read as a form at
// all, and what to send instead. Readers return it as their error; the file's
// status is then rejected-unreadable.
type Rejection struct {
	Form   FormKind // what it was taken for, FormUnknown when nothing
	Reason string   // a sentence or two for the sender
}

func (r *Rejection) Error() string { return r.Reason }

// DefaultZoneName is the IANA name of the zone IMG works in; the daemon's
// zone setting defaults to it.
const DefaultZoneName = "Asia/Kolkata"

// defaultZone is Indian Standard Time as a fixed offset, so that no time
// zone database is needed (Asia/Kolkata has kept UTC+05:30, without summer
// time, since 1945).
var defaultZone = time.FixedZone("IST", 5*3600+1800)

// DefaultZone is the zone received moments are turned into calendar days in
// (a claim's lead time, the rate card in force, the ledger's days) unless
// the daemon's config names another: Indian Standard Time.
func DefaultZone() *time.Location { return defaultZone }
