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
	c.money(a.MaxAdvance)
	c.money(a.AdvanceClaimed)
	if recommendable(a.State) {
		c.input("")
	} else {
		c.text("")
	}
	c.money(w.Recommended.Amount)
	c.money(w.Sanctioned.Amount)
	c.money(w.Paid.Amount)
	c.date(a.SettleBy)
	c.signed(w.Balance)
	c.money(a.PenalInterest)
	// on the screen only
	c.date(w.Paid.On)
	c.count(a.DaysOverdue, !w.Paid.Amount.Valid)
	c.text(personLine(a.Coordinator, a.CoordinatorEmail))
	c.date(a.Start)
	c.date(a.End)
	c.text(w.Sanctioned.Ref)
	c.date(a.SettledOn)
	c.id(a.ClaimID)
	c.text(w.Fingerprint)
}

// recommendable says whether the facilitator may still recommend an
// advance in this state.
func recommendable(s stpclaims.AdvanceState) bool {
	return s == stpclaims.AdvanceRequested || s == stpclaims.AdvanceRecommended
}

// registerColumns are the Register sheet's columns, in reviewbook's order.
var registerColumns = columnsOf(RegisterColumns, map[string]column{
	reviewbook.ColProgrammeCode: col("", wCode), "Programme name": wrap("", 22), "State": col("", 12),
	"Largest advance": col("", wMoney), "Advance claimed": col("", wMoney), reviewbook.ColRecommend: col("", 16),
	"Recommended": col("", 14), "Sanctioned": col("", wMoney), "Paid": col("", wMoney), "Paid on": col("", wDate),
	"Settle by": col("", wDate), "Balance (+ refund, − to pay)": col("", wMoney), "Days overdue": col("", wCount),
	"Penal interest to date": col("", wMoney), "Co-ordinator": col("", 48), "From": col("", wDate), "To": col("", wDate),
	"Sanction order": col("", 16), "Settled on": col("", wDate), reviewbook.ColRequestFingerprint: col("", wSHA),
})

// writeRegister adds the facilitator's register to a review workbook,
// keeping the text of its cells in sealed for the workbook's token.
func writeRegister(ctx context.Context, f *excelize.File, st styles, rows []Advance, sealedRows *seal.Table, footer string) error {
	n := len(RegisterColumns)
	setup := sheetSetup{print: reviewbook.RegisterPrinted, footer: footer}
	for col := n - reviewbook.RegisterHidden + 1; col <= n; col++ {
		setup.hidden = append(setup.hidden, col)
	}
	return stream(ctx, f, st, SheetRegister, registerColumns, len(rows), setup,
		sealed(sealedRows, RegisterColumns, indexed(len(rows), func(i int, c *cells) { rows[i].registerCells(c) })))
}
