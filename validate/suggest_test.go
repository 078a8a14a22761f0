package validate

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/internal/proptest"
)

// suggestion finds the amount an action suggests writing: "reduce to Rs
// 32,055", "reduce to the eligible fare, Rs 360", "write Rs 53,800 or less",
// "such as Rs 53,800", "claim at most Rs 9,000". (The amount of "over by"
// and of "strike out" is not a suggestion.)
var suggestion = regexp.MustCompile(`(?:reduce (?:[a-z ]+ )?to|write|such as|claim at most)(?: the [a-z ]+,)? Rs ([0-9,.]+)`)

// suggested returns the amounts an action suggests.
func suggested(t *testing.T, action string) []decimal.Decimal {
	t.Helper()
	var out []decimal.Decimal
	for _, m := range suggestion.FindAllStringSubmatch(action, -1) {
		d, err := decimal.NewFromString(strings.ReplaceAll(strings.TrimSuffix(m[1], "."), ",", ""))
		if err != nil {
			t.Fatalf("action %q: amount %q: %v", action, m[1], err)
		}
		out = append(out, d)
	}
	return out
}

// checkSuggestions fails when an action suggests more than its finding's
// cap (Allowed) or, on line 21, more than the largest advance; an action
// on an amount over its cap must suggest one.
func checkSuggestions(t *testing.T, what string, as stpclaims.Assessment) int {
	t.Helper()
	n := 0
	for _, f := range as.Findings {
		amounts := suggested(t, f.Action)
		over := f.Claimed.Valid && f.Allowed.Valid && f.Claimed.Decimal.GreaterThan(f.Allowed.Decimal) && f.Allowed.Decimal.IsPositive()
		if over && len(amounts) == 0 && !strings.HasPrefix(f.Action, "strike out") && f.Severity == sevError {
			t.Errorf("%s: %s over its cap suggests no amount: %q", what, f.Rule, f.Action)
		}
		for _, s := range amounts {
			n++
			if f.Allowed.Valid && s.GreaterThan(f.Allowed.Decimal) {
				t.Errorf("%s: %s suggests %s, above its cap %s: %q", what, f.Rule, s, f.Allowed.Decimal, f.Action)
			}
			if f.Field == "advance_claimed" && as.MaxAdvance.Valid && s.GreaterThan(as.MaxAdvance.Decimal) {
				t.Errorf("%s: %s suggests %s, above the largest advance %s: %q", what, f.Rule, s, as.MaxAdvance.Decimal, f.Action)
			}
			if s.IsNegative() {
				t.Errorf("%s: %s suggests a negative amount: %q", what, f.Rule, f.Action)
			}
		}
	}
	return n
}

// randomAmount is an amount near typical for a line: nothing, a whole
// number of rupees, one with paise, or unreadable.
func randomAmount(r *rand.Rand, typical int, cell string) stpclaims.Amount {
	switch r.IntN(10) {
	case 0:
		return stpclaims.Amount{Cell: cell}
	case 1:
		return unreadable[decimal.Decimal]("as per actuals", cell)
	case 2:
		return amt(fmt.Sprintf("%d.%02d", r.IntN(2*typical+1), r.IntN(100)), cell)
	}
	return amt(fmt.Sprint(r.IntN(2*typical+1)), cell)
}

func randomCount(r *rand.Rand, most int, cell string) stpclaims.Count {
	switch r.IntN(12) {
	case 0:
		return stpclaims.Count{Cell: cell}
	case 1:
		return unreadable[int]("some", cell)
	}
	return cnt(r.IntN(most+1), cell)
}

// randomClaim is cleanClaim with its figures and amounts drawn at random.
func randomClaim(r *rand.Rand) *stpclaims.AnnexureII {
	a := cleanClaim()
	a.TrainingDays = randomCount(r, 6, a.TrainingDays.Cell)
	a.Participants = randomCount(r, 40, a.Participants.Cell)
	a.GuestFaculty = randomCount(r, 8, a.GuestFaculty.Cell)
	a.GuestSessions = randomCount(r, 20, a.GuestSessions.Cell)
	if r.IntN(3) == 0 {
		a.Accommodated = randomCount(r, 40, "Annexure II!C8a")
	}
	if r.IntN(4) == 0 {
		a.Venue = text("IMG Regional Centre, Kochi", a.Venue.Cell)
	}
	for _, m := range a.MoneyLines() {
		if m.Line == 17 || m.Line == 21 {
			continue
		}
		*m.Amount = randomAmount(r, 12000, m.Amount.Cell)
	}
	switch r.IntN(3) {
	case 0:
		a.AdvanceClaimed = amt(fmt.Sprint(r.IntN(90000)), a.AdvanceClaimed.Cell)
	case 1:
		a.AdvanceClaimed = amt(fmt.Sprint(r.IntN(900)*100), a.AdvanceClaimed.Cell)
	default:
		a.AdvanceClaimed = amt(fmt.Sprintf("%d.%02d", r.IntN(90000), r.IntN(100)), a.AdvanceClaimed.Cell)
	}
	return a
}

// randomBill is cleanBill with its amounts, distances, days and modes
// drawn at random.
func randomBill(r *rand.Rand) *stpclaims.TABill {
	b := cleanBill()
	for i := range b.Participants {
		p := &b.Participants[i]
		p.DistanceKm = numb(fmt.Sprint(r.IntN(200)), p.DistanceKm.Cell)
		p.EligibleFare = randomAmount(r, 400, p.EligibleFare.Cell)
		p.FareClaimed = randomAmount(r, 500, p.FareClaimed.Cell)
		p.AutoKm = numb(fmt.Sprint(r.IntN(20)), "Participants!K"+itoa(p.Row))
		p.AutoFare = randomAmount(r, 150, "Participants!L"+itoa(p.Row))
		p.DaysAttended = cnt(r.IntN(6), p.DaysAttended.Cell)
		p.DaysAbsent = cnt(r.IntN(3), "Participants!N"+itoa(p.Row))
		p.DAClaimed = randomAmount(r, 1000, p.DAClaimed.Cell)
	}
	for i := range b.Faculty {
		g := &b.Faculty[i]
		g.SessionsTaken = cnt(r.IntN(6), g.SessionsTaken.Cell)
		g.DaysEngaged = cnt(r.IntN(4), g.DaysEngaged.Cell)
		g.Remuneration = randomAmount(r, 4000, g.Remuneration.Cell)
		g.Conveyance = randomAmount(r, 400, g.Conveyance.Cell)
		g.Travel = randomAmount(r, 1500, g.Travel.Cell)
		g.Local = yes(r.IntN(2) == 0, g.Local.Cell)
		g.GovtEmployee = yes(r.IntN(4) == 0, g.GovtEmployee.Cell)
		g.Mode = text([]string{"Train", "Bus", "Taxi", "Own"}[r.IntN(4)], g.Mode.Cell)
		g.DistanceKm = numb(fmt.Sprint(r.IntN(300)), g.DistanceKm.Cell)
	}
	return b
}

// TestSuggestions_neverAboveTheCap: over generated claims, bills and
// statements, no action suggests writing more than its cap, and the
// largest advance bounds every suggestion on line 21.
func TestSuggestions_neverAboveTheCap(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 2015))
	n := proptest.Cases(2000, 300, 60)
	seen := 0
	for i := range n {
		seen += checkSuggestions(t, fmt.Sprintf("claim %d", i), AnnexureII(randomClaim(r), Builtin(), received))
		seen += checkSuggestions(t, fmt.Sprintf("bill %d", i), TABill(randomBill(r), Builtin()))
		s := cleanSettlement()
		for _, e := range s.Expenditure {
			setActual(s, e.Field, fmt.Sprint(r.IntN(30000)))
		}
		seen += checkSuggestions(t, fmt.Sprintf("statement %d", i), Settlement(s, Builtin()))
	}
	if seen < n {
		t.Errorf("only %d suggestions in %d cases of each form: the generator does not reach the caps", seen, n)
	}
}

func TestSuggestion_pattern(t *testing.T) {
	for action, want := range map[string]string{
		"reduce to Rs 32,055 (over by Rs 7,945)":                   "32055",
		"reduce to the eligible fare, Rs 360 (over by Rs 120)":     "360",
		"reduce conveyance and travel together to Rs 200 (over by": "200",
		"write Rs 53,800 or less, a multiple of 100":               "53800",
		"write a multiple of 100, such as Rs 53,800":               "53800",
		"claim at most Rs 9,000.50 (over by Rs 1)":                 "9000.50",
		"strike out the fare, Rs 480: none of it is admissible":    "",
	} {
		got := suggested(t, action)
		if want == "" {
			if len(got) != 0 {
				t.Errorf("%q suggests %v", action, got)
			}
			continue
		}
		if len(got) != 1 || !got[0].Equal(d(want)) {
			t.Errorf("%q suggests %v, want %s", action, got, want)
		}
	}
}
