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
	sheets := map[string][]string{ReviewSheet: ReviewColumns, RegisterSheet: RegisterColumns, ClaimsSheet: ClaimsColumns, LinesSheet: LinesColumns}
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

// TestSealFor: each version's layout; the sheets the reader takes by
// position (Review first, Register third) are where it looks in every
// version, and a later version protects all an earlier one did.
func TestSealFor(t *testing.T) {
	for _, v := range []string{Version, "2", " 2 "} {
		l, ok := SealFor(v)
		if !ok || l.Sheets[0].Name != ReviewSheet || l.Sheets[1].Name != ClaimsSheet || l.Sheets[2].Name != RegisterSheet || l.Token != TokenCell {
			t.Errorf("version %q: %+v, %v", v, l, ok)
		}
	}
	if _, ok := SealFor("1"); ok {
		t.Error("version 1 (never sealed) has a layout")
	}
	for i, old := range SealV2.Sheets {
		for _, c := range old.Columns {
			found := false
			for _, n := range Seal.Sheets[i].Columns {
				found = found || n == c
			}
			if !found {
				t.Errorf("%s: %q, protected in version 2, is not in version %s", old.Name, c.Header, Version)
			}
		}
	}
	if len(Seal.Sheets) != 4 || Seal.Sheets[3].Name != LinesSheet {
		t.Errorf("version %s sheets %+v", Version, Seal.Sheets)
	}
}
