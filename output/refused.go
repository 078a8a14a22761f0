package output

import (
	"fmt"

	"stpclaims"
	"stpclaims/internal/seal"
)

// ReviewRefused is the answer to a returned review workbook whose token
// does not verify: made by hand, or changed where only stpclaims writes.
// Nothing in it was recorded.
func ReviewRefused(name string) string {
	return refused(name, "review workbook",
		"choose Approve, Reject or Query in the Decision column, add Remarks, and fill Recommend on the Register sheet")
}

// SanctionsRefused is the answer to a returned Sanctions workbook whose
// token does not verify. Nothing in it was recorded.
func SanctionsRefused(name string) string {
	return refused(name, "Sanctions workbook", "fill only the tinted cells")
}

// EBTRefused is the answer to a returned e-BT list workbook whose token
// does not verify. No list was marked uploaded.
func EBTRefused(name string) string {
	return refused(name, "e-BT list workbook", "write the day you uploaded it in \"Uploaded on\"")
}

func refused(name, what, fill string) string {
	return fmt.Sprintf("%s was refused: %s (its hidden identifiers, the amounts it shows, or its hidden marker sheet). "+
		"Nothing in it was recorded.\n\n"+
		"In the %s as stpclaims sent it to you, %s, and send that file back as it is. "+
		"A workbook made afresh, or rows copied into another workbook, cannot be taken; if you no longer have the one sent, "+
		"ask for a new one.\n", stpclaims.Quote(name, stpclaims.MaxQuote), seal.ErrForged, what, fill)
}
