package ledger

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// The rules a new claim is checked by against the register, before it is
// entered: AII-DUPLICATE, TA-OVER-ADVANCE and the settlement's link to the
// advance it settles. Each takes the programme's advance as the register
// holds it (nil when it holds none) and is pure.

// Duplicate is AII-DUPLICATE: the register already holds the advance of
// this programme code, requested by someone else than author (the new
// claim's stpclaims.AuthorOf). A claim from the request's own author is its
// revision, not a duplicate. The fold refuses the same claims the same way
// (judgeRequest), so the report and the ledger always agree. day is the
// calendar day the advance was requested, for the message.
func (r *Register) Duplicate(a *stpclaims.AnnexureII, author string, adv *Advance) []stpclaims.Finding {
	if author != stpclaims.FinanceDesk {
		author = stpclaims.BareAddress(author)
	}
	if adv == nil || (author != "" && author == adv.Author()) {
		return nil
	}
	f := ruleFinding(RuleDuplicate, "programme_code", a.ProgrammeCode.Cell)
	f.Message = duplicateReason(adv, r.day(adv.Request.At))
	return []stpclaims.Finding{f}
}

// OverAdvance is TA-OVER-ADVANCE: the participants' admissible TA and DA
// on a bill (participants: the sum of validate.BillRows' participant rows)
// exceed the TA and DA advance (lines 18 + 19, admissible) of the
// programme's request in the register. The guest faculty are paid from
// lines 9 and 10 and are left out. With no advance in the register, an
// info finding says the bill could not be compared.
func OverAdvance(b *stpclaims.TABill, participants decimal.Decimal, adv *Advance) []stpclaims.Finding {
	cell := b.ProgrammeCode.Cell
	if b.Total.Cell != "" {
		cell = b.Total.Cell
	}
	if adv == nil || !adv.Terms().TADA.Valid {
		f := ruleFinding("TA-OVER-ADVANCE", "total", cell)
		f.Severity = stpclaims.SeverityInfo
		f.Message = fmt.Sprintf("No claim for advance with programme code %s is in the register, so the bill could not be compared with the TA and DA advance.", b.ProgrammeCode.Value)
		return []stpclaims.Finding{f}
	}
	sanctioned := adv.Terms().TADA.Decimal
	if !participants.GreaterThan(sanctioned) {
		return nil
	}
	f := ruleFinding("TA-OVER-ADVANCE", "total", cell)
	f.Claimed, f.Allowed, f.Admissible = decimal.NewNullDecimal(participants), decimal.NewNullDecimal(sanctioned), decimal.NewNullDecimal(participants)
	f.Message = fmt.Sprintf("The participants' admissible TA and DA come to %s, more than the TA advance and DA advance of %s on claim %d; the excess of %s needs the facilitator's approval.",
		rupees(participants), rupees(sanctioned), adv.Request.Claim, rupees(participants.Sub(sanctioned)))
	return []stpclaims.Finding{f}
}

// ParticipantsAdmissible sums the admissible amounts of a bill's
// participant rows, for OverAdvance.
func ParticipantsAdmissible(rows []validate.BillRow) decimal.Decimal {
	sum := decimal.Zero
	for _, r := range rows {
		if r.Kind == "participant" {
			sum = sum.Add(r.Admissible)
		}
	}
	return sum
}

// LinkSettlement ties a settlement statement to the advance it settles and
// returns the statement as validate.Settlement is to check it: the advance
// received and its date are the register's (the amount paid and the day
// paid; nothing, when the advance was never paid), and the day of
// settlement is the day the statement arrived (VII: penal interest runs to
// it). So ST-ADVANCE-BALANCE and ST-LATE are worked on the amount paid. An
// info finding (ST-ADVANCE-BALANCE) says what was taken from the register;
// a statement whose own advance differs from the register's gets a
// deviation, for the Finance Division to see before the balance is
// settled. With no advance in the register, or one withdrawn, the
// statement is checked as written.
func (r *Register) LinkSettlement(s *stpclaims.Settlement, adv *Advance, arrived time.Time) (*stpclaims.Settlement, []stpclaims.Finding) {
	out := *s
	if adv == nil || adv.State == stpclaims.AdvanceWithdrawn {
		return &out, nil
	}
	var fs []stpclaims.Finding
	paid, on := decimal.Zero, time.Time{}
	if adv.Paid != nil && adv.Paid.Amount.Valid {
		paid, on = adv.Paid.Amount.Decimal, adv.Paid.On
	}
	cell := s.AdvanceReceived.Cell
	switch {
	case s.AdvanceReceived.State == stpclaims.Present && !s.AdvanceReceived.Value.Equal(paid):
		f := ruleFinding("ST-ADVANCE-BALANCE", "advance_received", cell)
		f.Severity = stpclaims.SeverityDeviation
		f.Claimed, f.Allowed = decimal.NewNullDecimal(s.AdvanceReceived.Value), decimal.NewNullDecimal(paid)
		f.Message = fmt.Sprintf("The statement gives an advance received of %s, but the register has %s paid for programme %s (claim %d); the balance and any penal interest are worked on the register's amount, and the Finance Division must confirm it before the balance is settled.",
			rupees(s.AdvanceReceived.Value), paidText(paid, on), adv.Code(), adv.Request.Claim)
		fs = append(fs, f)
	case s.AdvanceReceived.State != stpclaims.Present:
		f := ruleFinding("ST-ADVANCE-BALANCE", "advance_received", cell)
		f.Claimed = decimal.NewNullDecimal(paid)
		what := "does not give"
		if s.AdvanceReceived.State == stpclaims.Unreadable {
			what = "gives, unreadably,"
		}
		f.Message = fmt.Sprintf("The statement %s the advance received; the register's %s for programme %s is used.", what, paidText(paid, on), adv.Code())
		fs = append(fs, f)
	}
	out.AdvanceReceived = stpclaims.Amount{Value: paid, Cell: cell, State: stpclaims.Present, Raw: paid.String()}
	if !on.IsZero() {
		out.AdvanceDate = stpclaims.Date{Value: on, Cell: s.AdvanceDate.Cell, State: stpclaims.Present, Raw: on.Format(time.DateOnly)}
	}
	if day := r.day(arrived); !day.IsZero() {
		if s.SettledOn.Ok() && !midnight(s.SettledOn.Value).Equal(day) {
			f := ruleFinding("ST-ADVANCE-BALANCE", "settled_on", s.SettledOn.Cell)
			f.Message = fmt.Sprintf("The statement is dated %s; it reached the register on %s, the day the settlement counts from (VII).", dmy(s.SettledOn.Value), dmy(day))
			fs = append(fs, f)
		}
		out.SettledOn = stpclaims.Date{Value: day, Cell: s.SettledOn.Cell, State: stpclaims.Present, Raw: day.Format(time.DateOnly)}
	}
	return &out, fs
}

func paidText(paid decimal.Decimal, on time.Time) string {
	if !paid.IsPositive() {
		return "no advance paid"
	}
	return fmt.Sprintf("advance of %s paid on %s", rupees(paid), dmy(on))
}
