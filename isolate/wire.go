package isolate

import (
	"time"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/process"
	"stpclaims/validate"
)

// The messages between a Pool and its children, gob-encoded, one stream
// each way. Exactly one field of a message is set.

// toChild is a message to a child.
type toChild struct {
	Setup   *setup
	Check   *stpclaims.Submission
	Ledger  *ledgerAnswer
	Convert *convertAnswer
}

// fromChild is a message from a child.
type fromChild struct {
	Ready   bool
	Ledger  *ledgerCall
	Convert *convertCall
	Result  *checkResult
}

// setup is what a child needs to check: the first message it gets.
type setup struct {
	Rates   [][]byte // rate-card files (TOML) beside the built-in card
	Limits  read.Limits
	Zone    string        // IANA name; "" or unknown = Indian Standard Time
	Timeout time.Duration // the parent's limit; the child's own is set beyond it
	Ledger  bool          // ask the parent for the ledger's live claims
	Convert bool          // ask the parent to convert .ods and .xls
}

type ledgerCall struct{ Code string }

type ledgerAnswer struct {
	Claims []validate.LedgerClaim
	Err    string
}

type convertCall struct {
	Name string
	Data []byte
}

type convertAnswer struct {
	Data []byte
	Err  string
}

// checkResult is Check's answer; Err is set when the check could not run.
type checkResult struct {
	Result process.Result
	Err    string
}
