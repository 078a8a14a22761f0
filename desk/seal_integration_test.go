//go:build integration

package desk

import (
	"strconv"
	"strings"
	"testing"

	"stpclaims/internal/reviewbook"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/sofficetest"
	"stpclaims/store"
)

// TestDesk_sealed_LibreOffice: a genuine review workbook and a genuine
// Sanctions workbook, filled in and saved by LibreOffice (which rewrites
// every cell, the hidden marker sheet and the token among them), are
// taken from the folder; the same saved workbook with a hidden identifier
// changed afterwards is refused and records nothing.
func TestDesk_sealed_LibreOffice(t *testing.T) {
	fx := newSealFixture(t, true)
	decide := [2]string{reviewbook.ReviewSheet, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColDecision, 2)}
	remarks := [2]string{reviewbook.ReviewSheet, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColRemarks, 2)}
	row := sanctionsbook.HeaderRow + 1
	at := func(h string) [2]string {
		return [2]string{sanctionsbook.SanctionsSheet, cellOf(t, sanctionsbook.Columns, h, row)}
	}
	saved := sofficetest.Convert(t, "xlsx:Calc MS Excel 2007 XML", map[string][]byte{
		"review.xlsx": edit(t, fx.review, map[[2]string]string{decide: "Approve", remarks: "lead time explained"}),
		"sanctions.xlsx": edit(t, fx.sanctions, map[[2]string]string{at(sanctionsbook.ColSanctioned): "45000",
			at(sanctionsbook.ColOrder): "FIN/2026/77", at(sanctionsbook.ColOrderDate): "05.02.2026"}),
	})
	before := fx.steps(t)

	t.Run("review, its hidden claim id changed after LibreOffice", func(t *testing.T) {
		changed := edit(t, saved["review.xlsx"], map[[2]string]string{
			{reviewbook.ReviewSheet, cellOf(t, reviewbook.ReviewColumns, reviewbook.ColClaimID, 2)}: strconv.FormatInt(fx.claim+1, 10)})
		if answer := fx.drop(t, "review-changed.xlsx", changed); !refused(answer) {
			t.Errorf("answer %q, want the refusal", answer)
		}
		if state, decided := fx.reviewState(t); state != store.ReviewOpen || decided {
			t.Errorf("recorded: review %q, decided %v", state, decided)
		}
	})
	t.Run("Sanctions, the amount recommended shown changed after LibreOffice", func(t *testing.T) {
		changed := edit(t, saved["sanctions.xlsx"], map[[2]string]string{at("Recommended"): "48900"})
		if answer := fx.drop(t, "sanctions-changed.xlsx", changed); !refused(answer) {
			t.Errorf("answer %q, want the refusal", answer)
		}
		if n := fx.steps(t); n != before {
			t.Errorf("%d steps, want %d", n, before)
		}
	})
	t.Run("review, saved by LibreOffice", func(t *testing.T) {
		answer := fx.drop(t, "review.xlsx", saved["review.xlsx"])
		if refused(answer) || !strings.Contains(answer, "1 decision recorded") {
			t.Errorf("answer %q", answer)
		}
		if state, decided := fx.reviewState(t); state != store.ReviewApproved || !decided {
			t.Errorf("review %q, decided %v", state, decided)
		}
	})
	t.Run("Sanctions, saved by LibreOffice", func(t *testing.T) {
		answer := fx.drop(t, "sanctions.xlsx", saved["sanctions.xlsx"])
		if refused(answer) || !strings.Contains(answer, "Recorded: the sanction of Rs 45,000") {
			t.Errorf("answer %q", answer)
		}
		if n := fx.steps(t); n != before+1 {
			t.Errorf("%d steps, want %d", n, before+1)
		}
	})
}
