package ledgerbook

import (
	"context"

	"github.com/xuri/excelize/v2"
)

// RegisterColumns are the headers of a facilitator's register (the review
// workbook's Register sheet): every programme of theirs with its state,
// the amount at each step, the settle-by date, days overdue and penal
// interest to date.
var RegisterColumns = []string{"Programme code", "Programme name", "State", "Co-ordinator", "From", "To",
	"Largest advance", "Advance claimed", "Recommended", "Sanctioned", "Sanction order", "Paid", "Paid on",
	"Settle by", "Settled on", "Balance (+ refund, − to pay)", "Days overdue", "Penal interest to date"}

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
}

// writeRegister adds the facilitator's register to a review workbook.
func writeRegister(ctx context.Context, f *excelize.File, st styles, rows []Advance) error {
	return stream(ctx, f, st, SheetRegister, cols(RegisterColumns...), len(rows),
		sheetSetup{widths: map[int]float64{1: 18, 2: 36, 4: 28}},
		indexed(len(rows), func(i int, c *cells) { rows[i].registerCells(c) }))
}
