package validate

import (
	"github.com/shopspring/decimal"

	"stpclaims"
)

// BillRows lists a TA bill's rows with what each admits, for the ledger's
// TA Bills sheet and for TA-OVER-ADVANCE, which package ledger checks
// against the register of advances (as it does AII-DUPLICATE and the
// settlement's link to its advance).

// BillRow is one person on a TA bill with what was claimed and what is
// admissible for them, for the ledger's TA Bills sheet.
type BillRow struct {
	Kind       string // "participant" or "guest faculty"
	Row        int    // the sheet row
	Name       string
	PEN        string // participants only
	Office     string // participants only
	Claimed    decimal.Decimal
	Admissible decimal.Decimal
	// AccountNo and IFSC are as written, for the e-BT lists.
	AccountNo string
	IFSC      string
}

// BillRows lists a TA bill's participants, then its guest faculty, with
// each row's claimed and admissible amounts as TABill works them out.
func BillRows(b *stpclaims.TABill, card *Card) []BillRow {
	out := make([]BillRow, 0, len(b.Participants)+len(b.Faculty))
	seen := map[string]int{}
	for i := range b.Participants {
		p := &b.Participants[i]
		r := assessParticipant(p, b, card, seen)
		out = append(out, BillRow{Kind: "participant", Row: p.Row, Name: p.Name.Value, PEN: p.PEN.Value, Office: p.Office.Value,
			Claimed: r.claimed, Admissible: r.admissible, AccountNo: p.AccountNo.Value, IFSC: p.IFSC.Value})
	}
	for i := range b.Faculty {
		g := &b.Faculty[i]
		r := assessFaculty(g, card)
		out = append(out, BillRow{Kind: "guest faculty", Row: g.Row, Name: g.Name.Value, Claimed: r.claimed, Admissible: r.admissible,
			AccountNo: g.AccountNo.Value, IFSC: g.IFSC.Value})
	}
	return out
}
