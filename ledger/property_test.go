package ledger

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// randomEvent makes one event of any kind, for any of three programmes,
// from any of six senders, with amounts and dates around the right ones and
// often wrong. Most events aim at an advance the register holds (its code,
// its request, the right person, a date near the right one), so that
// sequences reach payment and settlement; the rest are anything.
func randomEvent(rng *rand.Rand, r *Register, claim *int64, clock *time.Time) stpclaims.AdvanceEvent {
	codes := []string{"STP/A/1", "stp/a/1 ", "STP/B/2", "STP/C/3"}
	people := []string{coord, coord2, fac, finDesk, stpclaims.FinanceDesk, ""}
	amounts := []string{"", "0", "100", "30000", "45000", "48900", "49000", "90000"}
	pick := func(l []string) string { return l[rng.IntN(len(l))] }
	c := pick(codes)
	// Events mostly come in the order they happened, a day or two apart;
	// now and then one arrives out of order.
	*clock = clock.AddDate(0, 0, rng.IntN(4))
	arrived := *clock
	if rng.IntN(10) == 0 {
		arrived = arrived.AddDate(0, 0, -rng.IntN(10))
	}
	named := max(*claim-rng.Int64N(2), 1)
	by := func(right string) string { return pick(people) }
	// Dates on the Finance Division's rows: a few days before the row
	// arrived, now and then after it.
	dated := arrived.AddDate(0, 0, rng.IntN(10)-7)
	amount := func(_ decimal.NullDecimal) string { return pick(amounts) }
	if a := r.Get(c); a != nil && rng.IntN(10) < 8 {
		amount = func(right decimal.NullDecimal) string {
			if right.Valid && rng.IntN(10) < 7 {
				return right.Decimal.String()
			}
			return pick(amounts)
		}
		named = a.Request.Claim
		by = func(right string) string {
			if rng.IntN(5) == 0 {
				return pick(people)
			}
			return right
		}
	}
	arrivedText, dayText := arrived.Format(time.DateOnly), dated.Format(time.DateOnly)
	switch n := rng.IntN(19); {
	case n < 4:
		*claim++
		e := request(*claim, c, by(coord), arrivedText)
		e.Request.Largest = nd(pick(amounts[2:]))
		e.Request.Status = []stpclaims.Status{stpclaims.StatusClean, stpclaims.StatusReview, stpclaims.StatusReturned}[rng.IntN(3)]
		e.Request.Deviations = rng.IntN(2)
		if rng.IntN(4) == 0 {
			e.Request.Coordinator = fac
		}
		e.Request.LastDay = day("2027-01-01").AddDate(0, 0, rng.IntN(120))
		return e
	case n < 8:
		return recommend(named, c, by(fac), arrivedText, amount(step(r, c, stpclaims.AdvanceRequested)))
	case n < 12:
		return sanction(named, c, by(finDesk), arrivedText, amount(step(r, c, stpclaims.AdvanceRecommended)), dayText)
	case n < 16:
		e := pay(named, c, by(finDesk), arrivedText, amount(step(r, c, stpclaims.AdvanceSanctioned)), dayText)
		if rng.IntN(3) == 0 {
			e.Mode = stpclaims.PayCheque
		}
		return e
	case n < 17:
		return withdraw(named, c, by(finDesk), arrivedText)
	default:
		*claim++
		return settle(*claim, c, by(coord), arrivedText, pick(amounts[1:]))
	}
}

// step is the amount of an advance's step, for the next step to take.
func step(r *Register, code string, s stpclaims.AdvanceState) decimal.NullDecimal {
	a := r.Get(code)
	switch {
	case a == nil:
		return decimal.NullDecimal{}
	case s == stpclaims.AdvanceRequested:
		return a.Terms().Largest
	case s == stpclaims.AdvanceRecommended && a.Recommended != nil:
		return a.Recommended.Amount
	case s == stpclaims.AdvanceSanctioned && a.Sanctioned != nil:
		return a.Sanctioned.Amount
	}
	return decimal.NullDecimal{}
}

// TestRegister_property folds random sequences of events and checks, after
// every event, what must always hold: at most one advance per programme
// code; the amounts never exceed the step before (paid ≤ sanctioned ≤
// recommended ≤ largest advance); no penal interest and no days overdue
// without a payment; a state only with the steps it needs.
func TestRegister_property(t *testing.T) {
	reached := map[stpclaims.AdvanceState]int{}
	for seed := range uint64(1500) {
		rng := rand.New(rand.NewPCG(seed, 9))
		r := newRegister()
		var claim int64
		clock := day("2027-01-01")
		var events []stpclaims.AdvanceEvent
		for range 10 + rng.IntN(50) {
			e := randomEvent(rng, r, &claim, &clock)
			events = append(events, e)
			// Half the events are checked first as a sender would be, and
			// recorded (as Check returns them) only when Check applies.
			if rng.IntN(2) == 0 {
				got, v := r.Check(e, testAuth)
				if !v.OK() {
					continue
				}
				e = got
			}
			if v := r.Apply(e); v.OK() {
				if a := r.Get(e.Code); a != nil {
					reached[a.State]++
				}
			}
			if msg := invariants(r, clock.AddDate(0, 0, rng.IntN(200)-20)); msg != "" {
				t.Fatalf("seed %d after %d events (last %+v): %s", seed, len(events), e, msg)
			}
		}
	}
	// The sequences must reach every state, or the test proves little.
	for _, s := range stpclaims.AdvanceStates {
		if reached[s] < 100 {
			t.Errorf("only %d events left an advance %s", reached[s], s)
		}
	}
}

func invariants(r *Register, asOf time.Time) string {
	seen := map[string]bool{}
	msg := ""
	totals := NewTotals()
	_ = r.Each(func(a *Advance) error {
		key := stpclaims.ProgrammeKey(a.Code())
		switch {
		case seen[key]:
			msg = "two advances of " + key
		case a.Key != key:
			msg = "key " + a.Key + " for " + key
		}
		seen[key] = true
		w := r.Row(a, asOf)
		totals.Add(w)
		le := func(x, y decimal.NullDecimal) bool { return !x.Valid || (y.Valid && !x.Decimal.GreaterThan(y.Decimal)) }
		switch {
		case !le(w.Recommended.Amount, w.Largest):
			msg = "recommended above the largest advance"
		case !le(w.Sanctioned.Amount, w.Recommended.Amount):
			msg = "sanctioned above the recommendation"
		case !le(w.Paid.Amount, w.Sanctioned.Amount):
			msg = "paid above the sanction"
		case a.Paid == nil && (!w.PenalInterest.IsZero() || w.DaysOverdue != 0):
			msg = "penal interest or days overdue without a payment: " + w.PenalInterest.String() + ", " + strconv.Itoa(w.DaysOverdue)
		case w.PenalInterest.IsNegative():
			msg = "negative penal interest"
		case w.Overdue() && a.Settled != nil:
			msg = "overdue and settled"
		case a.State == stpclaims.AdvanceRecommended && a.Recommended == nil,
			a.State == stpclaims.AdvanceSanctioned && (a.Sanctioned == nil || a.Recommended == nil),
			a.State == stpclaims.AdvancePaid && (a.Paid == nil || a.Sanctioned == nil),
			a.State == stpclaims.AdvanceSettled && a.Settled == nil,
			a.State == stpclaims.AdvanceWithdrawn && (a.Withdrawn == nil || a.Paid != nil):
			msg = "state " + string(a.State) + " without its steps"
		case a.Request.Request == nil || (a.Request.Request.Status != stpclaims.StatusClean && a.Request.Request.Status != stpclaims.StatusReview):
			msg = "a request that is no live claim"
		}
		return nil
	})
	if msg == "" && len(seen) != r.Len() {
		msg = "Len disagrees with Each"
	}
	n := 0
	for _, s := range totals.ByState {
		n += s.Programmes
	}
	if msg == "" && n != r.Len() {
		msg = "totals count " + strconv.Itoa(n) + " programmes"
	}
	return msg
}
