package isolate

import (
	"fmt"
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
	Part    *resultPart
}

// setup is what a child needs to check: the first message it gets.
type setup struct {
	Rates   [][]byte // rate-card files (TOML) beside the built-in card
	Limits  read.Limits
	Zone    string        // IANA name; "" or unknown = Indian Standard Time
	Timeout time.Duration // the parent's limit; the child's own is set beyond it
	Ledger  bool          // ask the parent for a programme's history (the register)
	Convert bool          // ask the parent to convert .ods and .xls
}

type ledgerCall struct{ Code string }

type ledgerAnswer struct {
	Events []stpclaims.AdvanceEvent
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
// Its large parts (the JSON, the annotated copy, the findings, a bill's
// rows) are left out of it and follow in resultParts, whose total lengths
// it gives: a decoder holds one message whole, and this way neither side
// holds more than one part at once beside the result it builds.
type checkResult struct {
	Result                              process.Result
	Err                                 string
	JSON, Annotated, Findings, BillRows int
}

// resultPart is a piece of a result's large parts, in order: the JSON, the
// annotated copy, the findings, the bill's rows.
type resultPart struct {
	JSON, Annotated []byte
	Findings        []stpclaims.Finding
	BillRows        []validate.BillRow
}

// The size of a resultPart: bytes of the JSON or the copy, or items.
const (
	partBytes = 1 << 20
	partItems = 1000
)

// splitResult is r's header and its parts.
func splitResult(res process.Result, err error) (checkResult, []resultPart) {
	h := checkResult{Result: res, JSON: len(res.JSON), Annotated: len(res.Annotated),
		Findings: len(res.Report.Findings), BillRows: len(res.BillRows)}
	if err != nil {
		h.Err = err.Error()
	}
	h.Result.JSON, h.Result.Annotated, h.Result.Report.Findings, h.Result.BillRows = nil, nil, nil, nil
	var parts []resultPart
	for b := res.JSON; len(b) > 0; b = b[min(len(b), partBytes):] {
		parts = append(parts, resultPart{JSON: b[:min(len(b), partBytes)]})
	}
	for b := res.Annotated; len(b) > 0; b = b[min(len(b), partBytes):] {
		parts = append(parts, resultPart{Annotated: b[:min(len(b), partBytes)]})
	}
	for f := res.Report.Findings; len(f) > 0; f = f[min(len(f), partItems):] {
		parts = append(parts, resultPart{Findings: f[:min(len(f), partItems)]})
	}
	for r := res.BillRows; len(r) > 0; r = r[min(len(r), partItems):] {
		parts = append(parts, resultPart{BillRows: r[:min(len(r), partItems)]})
	}
	return h, parts
}

// assembly is a result being put together from its header and parts.
type assembly struct {
	h   checkResult
	res process.Result
}

func newAssembly(h checkResult) *assembly {
	a := &assembly{h: h, res: h.Result}
	if h.JSON > 0 {
		a.res.JSON = make([]byte, 0, h.JSON)
	}
	if h.Annotated > 0 {
		a.res.Annotated = make([]byte, 0, h.Annotated)
	}
	if h.Findings > 0 {
		a.res.Report.Findings = make([]stpclaims.Finding, 0, h.Findings)
	}
	if h.BillRows > 0 {
		a.res.BillRows = make([]validate.BillRow, 0, h.BillRows)
	}
	return a
}

// add appends a part; it fails on a part past the lengths announced.
func (a *assembly) add(p resultPart) error {
	a.res.JSON = append(a.res.JSON, p.JSON...)
	a.res.Annotated = append(a.res.Annotated, p.Annotated...)
	a.res.Report.Findings = append(a.res.Report.Findings, p.Findings...)
	a.res.BillRows = append(a.res.BillRows, p.BillRows...)
	if len(a.res.JSON) > a.h.JSON || len(a.res.Annotated) > a.h.Annotated ||
		len(a.res.Report.Findings) > a.h.Findings || len(a.res.BillRows) > a.h.BillRows {
		return fmt.Errorf("%w: a result longer than announced", ErrProtocol)
	}
	return nil
}

// done reports whether every part has come.
func (a *assembly) done() bool {
	return len(a.res.JSON) == a.h.JSON && len(a.res.Annotated) == a.h.Annotated &&
		len(a.res.Report.Findings) == a.h.Findings && len(a.res.BillRows) == a.h.BillRows
}
