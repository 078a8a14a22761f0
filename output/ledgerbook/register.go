package ledgerbook

import (
	"context"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/seal"
)

// RegisterColumns are the headers of a facilitator's register (the review
// workbook's Register sheet): every programme of theirs with its state,
// the amount at each step, the settle-by date, days overdue and penal
// interest to date, a Recommend column for the advances awaiting the
// facilitator's recommendation, and (hidden) the request each row is for.
var RegisterColumns = reviewbook.RegisterColumns

func (a *Advance) registerCells(c *cells) {
	w := &a.Steps
	c.text(a.Code)
	c.text(a.Name)
	c.text(string(a.State))
	c.text(a.CoordinatorEmail)
	c.date(a.Start)
	c.date(a.End)
	c.money(a.MaxAdvance)
	c.money(a.AdvanceClaimed)
	if recommendable(a.State) {
		c.input("")
	} else {
		c.text("")
	}
	c.money(w.Recommended.Amount)
	c.money(w.Sanctioned.Amount)
	c.text(w.Sanctioned.Ref)
	c.money(w.Paid.Amount)
	c.date(w.Paid.On)
	c.date(a.SettleBy)
	c.date(a.SettledOn)
	c.money(w.Balance)
	c.count(a.DaysOverdue, !w.Paid.Amount.Valid)
	c.money(a.PenalInterest)
	c.id(a.ClaimID)
	c.text(w.Fingerprint)
}

// recommendable says whether the facilitator may still recommend an
// advance in this state.
func recommendable(s stpclaims.AdvanceState) bool {
	return s == stpclaims.AdvanceRequested || s == stpclaims.AdvanceRecommended
}

// writeRegister adds the facilitator's register to a review workbook,
// keeping the text of its cells in sealed for the workbook's token.
func writeRegister(ctx context.Context, f *excelize.File, st styles, rows []Advance, sealedRows *seal.Table) error {
	n := len(RegisterColumns)
	setup := sheetSetup{a4: true, widths: map[int]float64{1: 18, 2: 36, 4: 28, reviewbook.RegisterColumn(reviewbook.ColRecommend): 22}}
	for col := n - reviewbook.RegisterHidden + 1; col <= n; col++ {
		setup.hidden = append(setup.hidden, col)
	}
	return stream(ctx, f, st, SheetRegister, cols(RegisterColumns...), len(rows), setup,
		sealed(sealedRows, RegisterColumns, indexed(len(rows), func(i int, c *cells) { rows[i].registerCells(c) })))
}
