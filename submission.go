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
