package isolate

import (
	"bufio"
	"encoding/gob"
	"fmt"
	"io"
	"time"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/process"
	"stpclaims/validate"
)

// The messages between a Pool and its children, gob-encoded, one stream
// each way. Exactly one field of a message is set. One message is followed
// by bytes outside gob: a checkCall, by the file's Size raw bytes (see
// writeCheck and readFile).

// toChild is a message to a child.
type toChild struct {
	Setup   *setup
	Check   *checkCall
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

// checkCall is a submission to check, without its bytes: Sub.Data is nil,
// and Size raw bytes follow the message on the stream. A gob.Decoder keeps
// a buffer as large as the largest message it has read for as long as it
// lives, so a file sent inside a message would be held twice in the child
// for the whole check (and every check after it); sent beside the message
// it is read once, straight into the submission.
type checkCall struct {
	Sub  stpclaims.Submission
	Size int
}

// writeCheck writes the message asking for sub's check to enc, then sub's
// bytes to w, the writer enc writes to.
func writeCheck(enc *gob.Encoder, w io.Writer, sub stpclaims.Submission) error {
	data := sub.Data
	sub.Data = nil
	if err := enc.Encode(toChild{Check: &checkCall{Sub: sub, Size: len(data)}}); err != nil {
		return err
	}
	_, err := w.Write(data)
	return err
}

// readFile reads the bytes that follow a checkCall into its submission. r
// is the reader its message was decoded from: a gob.Decoder given an
// io.ByteReader (a bufio.Reader) reads no byte past the message, so the
// file's bytes are the next ones on r.
func readFile(r *bufio.Reader, c *checkCall) error {
	if c.Size < 0 {
		return fmt.Errorf("%w: a file of %d bytes", ErrProtocol, c.Size)
	}
	c.Sub.Data = nil
	if c.Size == 0 {
		return nil
	}
	data := make([]byte, c.Size)
	if _, err := io.ReadFull(r, data); err != nil {
		return fmt.Errorf("isolate: reading the file: %w", err)
	}
	c.Sub.Data = data
	return nil
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
// Its large parts (the annotated copy, and each programme's JSON, findings
// and bill rows) are left out of it and follow in resultParts, whose total
// lengths it gives: a decoder holds one message whole, and this way neither
// side holds more than one part at once beside the result it builds.
type checkResult struct {
	Result     process.Result
	Err        string
	Annotated  int
	Programmes []partLengths // of each of Result.Programmes, in order
}

// partLengths are the lengths of one programme's large parts.
type partLengths struct{ JSON, Findings, BillRows int }

// resultPart is a piece of a result's large parts, in order: the annotated
// copy, then each programme's JSON, findings and bill rows (Programme says
// whose).
type resultPart struct {
	Programme       int
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
	h := checkResult{Result: res, Annotated: len(res.Annotated)}
	if err != nil {
		h.Err = err.Error()
	}
	h.Result.Annotated = nil
	h.Result.Programmes = make([]process.Programme, len(res.Programmes))
	var parts []resultPart
	for b := res.Annotated; len(b) > 0; b = b[min(len(b), partBytes):] {
		parts = append(parts, resultPart{Annotated: b[:min(len(b), partBytes)]})
	}
	for i, p := range res.Programmes {
		h.Programmes = append(h.Programmes, partLengths{JSON: len(p.JSON), Findings: len(p.Report.Findings), BillRows: len(p.BillRows)})
		h.Result.Programmes[i] = p
		h.Result.Programmes[i].JSON, h.Result.Programmes[i].Report.Findings, h.Result.Programmes[i].BillRows = nil, nil, nil
		for b := p.JSON; len(b) > 0; b = b[min(len(b), partBytes):] {
			parts = append(parts, resultPart{Programme: i, JSON: b[:min(len(b), partBytes)]})
		}
		for f := p.Report.Findings; len(f) > 0; f = f[min(len(f), partItems):] {
			parts = append(parts, resultPart{Programme: i, Findings: f[:min(len(f), partItems)]})
		}
		for r := p.BillRows; len(r) > 0; r = r[min(len(r), partItems):] {
			parts = append(parts, resultPart{Programme: i, BillRows: r[:min(len(r), partItems)]})
		}
	}
	return h, parts
}

// assembly is a result being put together from its header and parts.
type assembly struct {
	h   checkResult
	res process.Result
}

func newAssembly(h checkResult) (*assembly, error) {
	if len(h.Programmes) != len(h.Result.Programmes) {
		return nil, fmt.Errorf("%w: %d programmes announced, %d sent", ErrProtocol, len(h.Programmes), len(h.Result.Programmes))
	}
	a := &assembly{h: h, res: h.Result}
	if h.Annotated > 0 {
		a.res.Annotated = make([]byte, 0, h.Annotated)
	}
	a.res.Programmes = make([]process.Programme, len(h.Result.Programmes))
	for i, p := range h.Result.Programmes {
		n := h.Programmes[i]
		if n.JSON > 0 {
			p.JSON = make([]byte, 0, n.JSON)
		}
		if n.Findings > 0 {
			p.Report.Findings = make([]stpclaims.Finding, 0, n.Findings)
		}
		if n.BillRows > 0 {
			p.BillRows = make([]validate.BillRow, 0, n.BillRows)
		}
		a.res.Programmes[i] = p
	}
	return a, nil
}

// add appends a part; it fails on a part past the lengths announced.
func (a *assembly) add(p resultPart) error {
	a.res.Annotated = append(a.res.Annotated, p.Annotated...)
	if len(a.res.Annotated) > a.h.Annotated {
		return fmt.Errorf("%w: a result longer than announced", ErrProtocol)
	}
	if len(p.JSON)+len(p.Findings)+len(p.BillRows) == 0 {
		return nil
	}
	if p.Programme < 0 || p.Programme >= len(a.res.Programmes) {
		return fmt.Errorf("%w: a part of programme %d of %d", ErrProtocol, p.Programme, len(a.res.Programmes))
	}
	g, n := &a.res.Programmes[p.Programme], a.h.Programmes[p.Programme]
	g.JSON = append(g.JSON, p.JSON...)
	g.Report.Findings = append(g.Report.Findings, p.Findings...)
	g.BillRows = append(g.BillRows, p.BillRows...)
	if len(g.JSON) > n.JSON || len(g.Report.Findings) > n.Findings || len(g.BillRows) > n.BillRows {
		return fmt.Errorf("%w: a result longer than announced", ErrProtocol)
	}
	return nil
}

// done reports whether every part has come.
func (a *assembly) done() bool {
	if len(a.res.Annotated) != a.h.Annotated {
		return false
	}
	for i, g := range a.res.Programmes {
		n := a.h.Programmes[i]
		if len(g.JSON) != n.JSON || len(g.Report.Findings) != n.Findings || len(g.BillRows) != n.BillRows {
			return false
		}
	}
	return true
}
