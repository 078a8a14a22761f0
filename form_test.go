package stpclaims

import "testing"

func TestFormKind_Name(t *testing.T) {
	for k, want := range map[FormKind]string{
		FormAnnexureII: "Annexure II",
		FormTABill:     "TA bill",
		FormSettlement: "settlement statement",
		FormUnknown:    "",
		"something":    "",
	} {
		if got := k.Name(); got != want {
			t.Errorf("%q.Name() = %q, want %q", k, got, want)
		}
	}
}
