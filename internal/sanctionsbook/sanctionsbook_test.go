package sanctionsbook

import (
	"slices"
	"testing"
)

// TestSeal: the token protects the request each row is for and the
// amounts shown, never a cell the Finance Division fills.
func TestSeal(t *testing.T) {
	if len(Seal.Sheets) != 1 || Seal.Sheets[0].Name != SanctionsSheet {
		t.Fatalf("sheets %+v", Seal.Sheets)
	}
	var protected []string
	for _, c := range Seal.Sheets[0].Columns {
		if Column(c.Header) == 0 {
			t.Errorf("sealed column %q is not on the sheet", c.Header)
		}
		if slices.Contains(Inputs, c.Header) {
			t.Errorf("%q, which finance fills, is sealed", c.Header)
		}
		protected = append(protected, c.Header)
	}
	for _, h := range []string{ColRequestID, ColFingerprint, ColCode, "Largest advance", "Recommended"} {
		if !slices.Contains(protected, h) {
			t.Errorf("%q is not sealed", h)
		}
	}
	if !slices.Contains(Seal.Marker, MadeCell) || Seal.Token != TokenCell || slices.Contains(Seal.Marker, TokenCell) {
		t.Errorf("marker %v, token %s", Seal.Marker, Seal.Token)
	}
}
