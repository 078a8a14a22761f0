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

// TestSplitResult: a result sent in parts comes back whole, an empty
// annotated copy stays nil, and a part past the lengths announced is
// refused.
func TestSplitResult(t *testing.T) {
	res := process.Result{JSON: bytes.Repeat([]byte("j"), 2*partBytes+17), AnnotatedName: "x.checked.xlsx", Note: "note"}
	for i := range 2*partItems + 3 {
		res.Report.Findings = append(res.Report.Findings, stpclaims.Finding{Rule: "TA-FARE", Row: i})
	}
	for i := range partItems + 1 {
		res.BillRows = append(res.BillRows, validate.BillRow{Row: i, Name: fmt.Sprint(i)})
	}
	res.Report.Status = stpclaims.StatusReturned
	h, parts := splitResult(res, errors.New("boom"))
	if h.Result.JSON != nil || h.Result.Report.Findings != nil || h.Err != "boom" {
		t.Fatalf("the header carries the large parts or loses the error: %+v", h.Err)
	}
	if want := 3 + 3 + 2; len(parts) != want {
		t.Errorf("%d parts, want %d", len(parts), want)
	}
	a := newAssembly(h)
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
}
