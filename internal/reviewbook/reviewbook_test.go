package reviewbook

import (
	"slices"
	"testing"
)

// TestColumn: every column the reader needs is on the sheet, the
// hidden ones are the identifiers, and the Decision and Remarks columns a
// facilitator fills are visible.
func TestColumn(t *testing.T) {
	for _, name := range ReadColumns {
		if Column(name) == 0 {
			t.Errorf("the reader needs %q, which ReviewColumns lacks", name)
		}
	}
	hidden := ReviewColumns[len(ReviewColumns)-HiddenColumns:]
	if !slices.Equal(hidden, []string{ColClaimID, ColFindingID, ColFingerprint}) {
		t.Errorf("hidden columns %q, want the three identifiers", hidden)
	}
	for _, name := range []string{ColDecision, ColRemarks} {
		if Column(name) > len(ReviewColumns)-HiddenColumns {
			t.Errorf("%q is hidden", name)
		}
	}
	if Column("no such column") != 0 {
		t.Error("Column of an unknown header is not 0")
	}
}
