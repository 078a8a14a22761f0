package validate

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// This file holds the rules that need the ledger (the store's live claims of
// the same programme code): AII-DUPLICATE, TA-OVER-ADVANCE and the
// settlement's link to the advance it settles, and the penal interest on an
// advance to a given day. They stay pure: the caller looks the live claims
// up and passes them in as LedgerClaim values.

// LedgerClaim is one live claim of a programme as the ledger knows it: who
// sent it, when, and for an Annexure II the advance it sanctions.
type LedgerClaim struct {
	ID       int64
	Form     stpclaims.FormKind
	Sender   string // e-mail address; "" when unknown (folder drops)
	Received time.Time
	Status   stpclaims.Status
	// Annexure II only: the admissible TA advance (line 18) and DA
	// advance (line 19), the advance (line 21 as claimed, at most the
	// largest advance), the last training day. Null or zero when unknown.
	TAAdvance decimal.NullDecimal
	DAAdvance decimal.NullDecimal
	Advance   decimal.NullDecimal
	EndDate   time.Time
}

// LedgerClaimOf reduces a stored claim's report to what the ledger rules
// need.
func LedgerClaimOf(id int64, sender string, received time.Time, rep stpclaims.Report) LedgerClaim {
	c := LedgerClaim{ID: id, Form: rep.Form, Sender: sender, Received: received, Status: rep.Status}
	if rep.Form != stpclaims.FormAnnexureII {
		return c
	}
	for _, l := range rep.Lines {
		switch l.Field {
		case "ta_advance":
			c.TAAdvance = null(l.Admissible)
		case "da_advance":
			c.DAAdvance = null(l.Admissible)
		}
	}
	for _, f := range rep.Fields {
		switch f.Name {
		case "advance_claimed":
			if d, err := decimal.NewFromString(f.Value); err == nil {
				c.Advance = null(d)
			}
		case "end_date":
			if t, err := time.Parse(time.DateOnly, f.Value); err == nil {
				c.EndDate = t
			}
		}
	}
	if c.Advance.Valid && rep.MaxAdvance.Valid && c.Advance.Decimal.GreaterThan(rep.MaxAdvance.Decimal) {
		c.Advance = rep.MaxAdvance
	}
	return c
}

// sameSender reports whether two senders are one address (ignoring case and
// display names). An unknown sender is nobody's same sender.
func sameSender(a, b string) bool {
	a, b = bareAddress(a), bareAddress(b)
	return a != "" && a == b
}

func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	return strings.ToLower(s)
}

// Duplicate is AII-DUPLICATE: another live Annexure II of the same
// programme code from someone else. A live claim from the same sender is
// not a duplicate: the new claim is its revision and supersedes it.
func Duplicate(a *stpclaims.AnnexureII, sender string, live []LedgerClaim) []stpclaims.Finding {
	var out []stpclaims.Finding
	for _, c := range live {
		if c.Form != stpclaims.FormAnnexureII || sameSender(c.Sender, sender) {
			continue
		}
		f := finding("AII-DUPLICATE", "programme_code", a.ProgrammeCode.Cell)
		from := "a sender not known"
		if c.Sender != "" {
			from = bareAddress(c.Sender)
		}
		f.Message = fmt.Sprintf("Another claim for advance with programme code %s is already in the register (claim %d from %s, received %s); a programme gets one advance.",
			a.ProgrammeCode.Value, c.ID, from, day(c.Received))
		out = append(out, f)
	}
	return out
}

// advanceFor picks the live Annexure II whose advance a TA bill or
// settlement from sender draws on: the same sender's, else the latest.
func advanceFor(sender string, live []LedgerClaim) (LedgerClaim, bool) {
	var best LedgerClaim
	found := false
	for _, c := range live {
		if c.Form != stpclaims.FormAnnexureII {
			continue
		}
		switch {
		case !found:
		case sameSender(c.Sender, sender) && !sameSender(best.Sender, sender):
		case sameSender(best.Sender, sender) && !sameSender(c.Sender, sender):
			continue
		case !c.Received.After(best.Received):
			continue
		}
		best, found = c, true
	}
	return best, found
}

// OverAdvance is TA-OVER-ADVANCE: the participants' admissible TA and DA on
// the bill exceed the TA advance (line 18) and DA advance (line 19)
// sanctioned on the programme's Annexure II. The guest faculty's rows are
// left out: they are paid from lines 9 and 10, not from the TA and DA
// advance. With no live Annexure II, an info finding says it could not be
// checked.
func OverAdvance(b *stpclaims.TABill, sender string, card *Card, live []LedgerClaim) []stpclaims.Finding {
	cell := b.ProgrammeCode.Cell
	if b.Total.Cell != "" {
		cell = b.Total.Cell
	}
	adv, ok := advanceFor(sender, live)
	if !ok {
		f := finding("TA-OVER-ADVANCE", "total", cell)
		f.Severity = sevInfo
		f.Message = fmt.Sprintf("No claim for advance with programme code %s is in the register, so the bill could not be compared with the TA and DA advance.", b.ProgrammeCode.Value)
		return []stpclaims.Finding{f}
	}
	admissible := zero
	seen := map[string]int{}
	for i := range b.Participants {
		admissible = admissible.Add(assessParticipant(&b.Participants[i], b, card, seen).admissible)
	}
	sanctioned := adv.TAAdvance.Decimal.Add(adv.DAAdvance.Decimal)
	if !admissible.GreaterThan(sanctioned) {
		return nil
	}
	f := finding("TA-OVER-ADVANCE", "total", cell)
	f.Claimed, f.Allowed, f.Admissible = null(admissible), null(sanctioned), null(admissible)
	f.Message = fmt.Sprintf("The participants' admissible TA and DA come to %s, more than the TA advance and DA advance of %s sanctioned on claim %d; the excess of %s needs the facilitator's approval.",
		rupees(admissible), rupees(sanctioned), adv.ID, rupees(admissible.Sub(sanctioned)))
	return []stpclaims.Finding{f}
}

// LinkSettlement ties a settlement statement to the advance it settles.
// When the statement leaves the advance received or its date out, they are
// taken from the ledger (the advance from line 21 of the live Annexure II,
// at most the largest advance; the date from the day that claim was
// received) and an info finding says so; the returned copy of s carries
// them, for Settlement to work the balance and penal interest on. When the
// statement gives an advance that differs from the ledger's, a deviation is
// reported under ST-ADVANCE-BALANCE (docs/rules.md has no rule of its own for
// it): the finance division must see which is right before the balance is
// paid or refunded.
func LinkSettlement(s *stpclaims.Settlement, sender string, live []LedgerClaim) (*stpclaims.Settlement, []stpclaims.Finding) {
	out := *s
	adv, ok := advanceFor(sender, live)
	if !ok || !adv.Advance.Valid {
		return &out, nil
	}
	var fs []stpclaims.Finding
	switch s.AdvanceReceived.State {
	case stpclaims.Missing:
		out.AdvanceReceived = stpclaims.Amount{Value: adv.Advance.Decimal, Cell: s.AdvanceReceived.Cell, State: stpclaims.Present,
			Raw: adv.Advance.Decimal.String()}
		f := finding("ST-ADVANCE-BALANCE", "advance_received", s.AdvanceReceived.Cell)
		f.Claimed = adv.Advance
		f.Message = fmt.Sprintf("The statement does not give the advance received; the register's advance of %s (claim %d) is used.", rupees(adv.Advance.Decimal), adv.ID)
		fs = append(fs, f)
	case stpclaims.Present:
		if !s.AdvanceReceived.Value.Equal(adv.Advance.Decimal) {
			f := finding("ST-ADVANCE-BALANCE", "advance_received", s.AdvanceReceived.Cell)
			f.Severity = sevDeviation
			f.Claimed, f.Allowed = null(s.AdvanceReceived.Value), adv.Advance
			f.Message = fmt.Sprintf("The statement gives an advance received of %s but the register has %s for claim %d; the finance division must confirm the advance before the balance is settled.",
				rupees(s.AdvanceReceived.Value), rupees(adv.Advance.Decimal), adv.ID)
			fs = append(fs, f)
		}
	}
	if s.AdvanceDate.State == stpclaims.Missing && !adv.Received.IsZero() {
		d := midnight(adv.Received)
		out.AdvanceDate = stpclaims.Date{Value: d, Cell: s.AdvanceDate.Cell, State: stpclaims.Present, Raw: d.Format(time.DateOnly)}
		f := finding("ST-ADVANCE-BALANCE", "advance_date", s.AdvanceDate.Cell)
		f.Message = fmt.Sprintf("The statement does not give the date of the advance; the day its claim %d was received, %s, is used.", adv.ID, day(d))
		fs = append(fs, f)
	}
	return &out, fs
}

// Overdue is an advance's standing on a given day: when it was to be
// settled by, how many days past that it is, and the penal interest due.
type Overdue struct {
	SettleBy      time.Time // the last training day + the card's settle_within_days
	DaysOverdue   int       // 0 while not past SettleBy
	PenalInterest decimal.Decimal
}

// OverdueOn works out, for an advance not settled by asOf, the settle-by
// date, the days past it and the penal interest to asOf: the card's annual
// rate, simple, on the advance, for each day from the 31st after the last
// training day (a 365-day year, rounded half-up to the rupee), as ST-LATE
// does for a late settlement.
func OverdueOn(advance decimal.Decimal, card *Card, endDate, asOf time.Time) Overdue {
	due := midnight(endDate).AddDate(0, 0, card.SettleWithinDays)
	late := int(midnight(asOf).Sub(due).Hours() / 24)
	o := Overdue{SettleBy: due, PenalInterest: zero}
	if late > 0 {
		o.DaysOverdue = late
		o.PenalInterest = PenalInterest(advance, card, late)
	}
	return o
}

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
			Claimed: r.claimed, Admissible: r.admissible})
	}
	for i := range b.Faculty {
		g := &b.Faculty[i]
		r := assessFaculty(g, card)
		out = append(out, BillRow{Kind: "guest faculty", Row: g.Row, Name: g.Name.Value, Claimed: r.claimed, Admissible: r.admissible})
	}
	return out
}
