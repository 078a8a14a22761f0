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

// TestSeal: the token protects the identifiers a decision or a
// recommendation is recorded against, on sheets and columns the workbook
// has, and never a cell the facilitator fills.
func TestSeal(t *testing.T) {
	sheets := map[string][]string{ReviewSheet: ReviewColumns, RegisterSheet: RegisterColumns,
		ClaimsSheet: {ColClaimID, "File", "Programme code", "Form", "Co-ordinator", "Received", "Status", "sha256"}}
	protected := map[string][]string{}
	for _, s := range Seal.Sheets {
		for _, c := range s.Columns {
			if !slices.Contains(sheets[s.Name], c.Header) {
				t.Errorf("%s: sealed column %q is not on the sheet", s.Name, c.Header)
			}
			protected[s.Name] = append(protected[s.Name], c.Header)
		}
	}
	for _, filled := range []string{ColDecision, ColRemarks} {
		if slices.Contains(protected[ReviewSheet], filled) {
			t.Errorf("%q, which the facilitator fills, is sealed", filled)
		}
	}
	if slices.Contains(protected[RegisterSheet], ColRecommend) {
		t.Error("Recommend is sealed")
	}
	for _, id := range []string{ColClaimID, ColFindingID, ColFingerprint} {
		if !slices.Contains(protected[ReviewSheet], id) {
			t.Errorf("Review: %q is not sealed", id)
		}
	}
	for _, id := range []string{ColRequestID, ColRequestFingerprint, ColProgrammeCode} {
		if !slices.Contains(protected[RegisterSheet], id) {
			t.Errorf("Register: %q is not sealed", id)
		}
	}
	if !slices.Contains(Seal.Marker, FacilitatorCell) || Seal.Token != TokenCell || slices.Contains(Seal.Marker, TokenCell) {
		t.Errorf("marker %v, token %s", Seal.Marker, Seal.Token)
	}
}
