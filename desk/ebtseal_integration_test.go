//go:build integration

package desk

import (
	"strings"
	"testing"
	"time"

	"stpclaims/internal/sofficetest"
	"stpclaims/output/ebtbook"
)

// TestDesk_ebtSealed_LibreOffice: genuine e-BT list workbooks, "Uploaded
// on" filled (a date cell in one, text in the other) and saved by
// LibreOffice (which rewrites every cell, the hidden marker sheet and the
// token among them), mark their lists, from the folder and by mail from
// finance; the same saved workbook with an amount changed afterwards is
// refused and marks nothing.
func TestDesk_ebtSealed_LibreOffice(t *testing.T) {
	fx := newEBTSealFixture(t)
	saved := sofficetest.Convert(t, "xlsx:Calc MS Excel 2007 XML", map[string][]byte{
		"first.xlsx": editCells(t, fx.workbook(t, 0), map[string]map[string]any{
			ebtbook.SheetList: {ebtbook.UploadedCell: time.Date(2027, 1, 20, 0, 0, 0, 0, time.UTC)}}),
		"second.xlsx": editCells(t, fx.workbook(t, 1), map[string]map[string]any{ebtbook.SheetList: {ebtbook.UploadedCell: "20.01.2027"}}),
	})
	t.Run("saved by LibreOffice, an amount changed afterwards", func(t *testing.T) {
		changed := editCells(t, saved["first.xlsx"], map[string]map[string]any{ebtbook.SheetList: {"G13": 50000}})
		if answer := fx.drop(t, "first-changed.xlsx", changed); !refused(answer) {
			t.Errorf("answer %q, want the refusal", answer)
		}
		if m := fx.marked(t); m[0] || m[1] {
			t.Errorf("marked %v", m)
		}
	})
	t.Run("saved by LibreOffice, from the folder", func(t *testing.T) {
		answer := fx.drop(t, "first.xlsx", saved["first.xlsx"])
		if refused(answer) || !strings.Contains(answer, "is marked uploaded on 20.01.2027: 3 payment(s)") {
			t.Errorf("answer %q", answer)
		}
		if m := fx.marked(t); !m[0] || m[1] {
			t.Errorf("marked %v", m)
		}
	})
	t.Run("saved by LibreOffice, mailed by finance", func(t *testing.T) {
		answer := fx.mail(t, "second.xlsx", saved["second.xlsx"])
		if refused(answer) || !strings.Contains(answer, "is marked uploaded on 20.01.2027: 1 payment(s)") {
			t.Errorf("answer %q", answer)
		}
		if m := fx.marked(t); !m[0] || !m[1] {
			t.Errorf("marked %v", m)
		}
	})
}
