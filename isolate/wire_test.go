package isolate

import (
	"bufio"
	"bytes"
	"encoding/gob"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/process"
	"stpclaims/validate"
)

// TestSplitResult: a result of two programmes sent in parts comes back
// whole, each programme's parts with it, an empty annotated copy stays nil,
// and a part past the lengths announced, or of a programme not announced,
// is refused.
func TestSplitResult(t *testing.T) {
	res := process.Result{AnnotatedName: "x.checked.xlsx", Note: "note", Programmes: make([]process.Programme, 2)}
	first, second := &res.Programmes[0], &res.Programmes[1]
	first.JSON = bytes.Repeat([]byte("j"), 2*partBytes+17)
	for i := range 2*partItems + 3 {
		first.Report.Findings = append(first.Report.Findings, stpclaims.Finding{Rule: "TA-FARE", Row: i})
	}
	for i := range partItems + 1 {
		first.BillRows = append(first.BillRows, validate.BillRow{Row: i, Name: fmt.Sprint(i)})
	}
	first.Report.Status = stpclaims.StatusReturned
	second.JSON = []byte("k\n")
	second.Report.Sheet = "Programme 2"
	second.Report.Findings = []stpclaims.Finding{{Rule: "READ-SKIPPED"}}
	h, parts := splitResult(res, errors.New("boom"))
	for _, p := range h.Result.Programmes {
		if p.JSON != nil || p.Report.Findings != nil || p.BillRows != nil {
			t.Fatal("the header carries the large parts")
		}
	}
	if h.Err != "boom" {
		t.Fatalf("the header loses the error: %q", h.Err)
	}
	if res.Programmes[0].JSON == nil || res.Programmes[1].Report.Findings == nil {
		t.Fatal("splitting emptied the result it was given")
	}
	if want := 3 + 3 + 2 + 1 + 1; len(parts) != want {
		t.Errorf("%d parts, want %d", len(parts), want)
	}
	a, err := newAssembly(h)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range parts {
		if a.done() {
			t.Fatal("done before the last part")
		}
		if err := a.add(p); err != nil {
			t.Fatal(err)
		}
	}
	if !a.done() || !reflect.DeepEqual(a.res, res) {
		t.Errorf("the result put together differs from the one sent")
	}
	if a.res.Annotated != nil {
		t.Error("an empty annotated copy came back non-nil")
	}
	if err := a.add(parts[0]); !errors.Is(err, ErrProtocol) {
		t.Errorf("a part too many: %v, want ErrProtocol", err)
	}
	if err := a.add(resultPart{Programme: 2, JSON: []byte("x")}); !errors.Is(err, ErrProtocol) {
		t.Errorf("a part of a third programme: %v, want ErrProtocol", err)
	}
	h.Programmes = h.Programmes[:1]
	if _, err := newAssembly(h); !errors.Is(err, ErrProtocol) {
		t.Errorf("a header announcing fewer programmes than it sends: %v, want ErrProtocol", err)
	}
}

// TestWriteCheck: a submission's bytes sent beside its message come back
// whole into the submission, and the messages after it still decode (the
// decoder read no byte of the file); an empty file comes back nil; a
// negative size or a stream that ends inside the file is an error.
func TestWriteCheck(t *testing.T) {
	sub := stpclaims.NewSubmission("bill.xlsx", bytes.Repeat([]byte("PK\x03\x04"), 300_000), stpclaims.SourceMail, time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC))
	sub.Sender, sub.MessageID = "a@example.org", "<1@example.org>"
	var stream bytes.Buffer
	enc := gob.NewEncoder(&stream)
	if err := writeCheck(enc, &stream, sub); err != nil {
		t.Fatal(err)
	}
	if err := writeCheck(enc, &stream, stpclaims.Submission{Name: "empty.xlsx"}); err != nil {
		t.Fatal(err)
	}
	if err := enc.Encode(toChild{Ledger: &ledgerAnswer{Err: "after"}}); err != nil {
		t.Fatal(err)
	}
	if stream.Len() < len(sub.Data) || stream.Len() > len(sub.Data)+5000 {
		t.Fatalf("%d bytes on the stream for a file of %d: not sent once, raw", stream.Len(), len(sub.Data))
	}
	br := bufio.NewReader(&stream)
	dec := gob.NewDecoder(br)
	for _, want := range []stpclaims.Submission{sub, {Name: "empty.xlsx"}} {
		var m toChild
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		if m.Check == nil || m.Check.Sub.Data != nil {
			t.Fatalf("got %+v, want a check whose bytes are not in the message", m)
		}
		if err := readFile(br, m.Check); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m.Check.Sub, want) {
			t.Errorf("%s came back as %s of %d bytes", want.Name, m.Check.Sub.Name, len(m.Check.Sub.Data))
		}
	}
	var m toChild
	if err := dec.Decode(&m); err != nil || m.Ledger == nil || m.Ledger.Err != "after" {
		t.Errorf("the message after the files: %+v, %v", m, err)
	}

	if err := readFile(bufio.NewReader(&stream), &checkCall{Size: -1}); !errors.Is(err, ErrProtocol) {
		t.Errorf("a negative size: %v, want ErrProtocol", err)
	}
	short := bufio.NewReader(bytes.NewReader([]byte("PK")))
	if err := readFile(short, &checkCall{Size: 3}); err == nil {
		t.Error("a stream ending inside the file read without an error")
	}
}
