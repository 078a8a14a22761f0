package isolate

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

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
