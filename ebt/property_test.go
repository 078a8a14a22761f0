package ebt

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/internal/proptest"
	"stpclaims/internal/testenv"
)

// TestPlan_property runs random histories of a programme (bills corrected
// again and again, some returned, lists uploaded between them: 3,000
// under -tags integration, 300 in a plain go test) and checks after every
// step that:
//   - planning the same bills again changes nothing;
//   - only drafts lose rows, and no draft is ever marked uploaded;
//   - once a list is uploaded, no list made later pays anyone on it;
//   - nobody's payments on final lists add up to more than the most any
//     bill ever admitted them.
func TestPlan_property(t *testing.T) {
	testenv.WithoutRace(t)
	for seed := uint64(1); seed <= uint64(proptest.Cases(3000, 300, 50)); seed++ {
		rng := rand.New(rand.NewPCG(seed, 15))
		if msg := history(rng); msg != "" {
			t.Fatalf("seed %d: %s", seed, msg)
		}
	}
}

func history(rng *rand.Rand) string {
	people := []string{"A", "B", "C", "D", "E", "F"}
	accounts := []string{"111111111", "222222222", "333333333", "444444444", "555555555", "666666666", "777777777", ""}
	amounts := []string{"0", "100", "150", "200", "300"}
	most := map[string]decimal.Decimal{}
	uploadedAt := map[int64]int{} // list → step it was uploaded at
	madeAt := map[int64]int{}
	var lists []stpclaims.EBTList
	var bills *Bill
	for step := 1; step <= 12; step++ {
		if bills != nil && rng.IntN(3) == 0 {
			// Upload a list finance may upload.
			for i := range lists {
				l := &lists[i]
				if CanMark(l, Fingerprint(l), l.Made, l.Made, time.UTC) == nil && rng.IntN(2) == 0 {
					l.Uploaded = &stpclaims.EBTUpload{On: l.Made, By: "finance"}
					uploadedAt[l.ID] = step
				}
			}
		} else {
			var payees []Payee
			for i, name := range people {
				if rng.IntN(6) == 0 {
					continue
				}
				py := pay(name, fmt.Sprint(i+1), accounts[(i+rng.IntN(2)*(1+rng.IntN(6)))%len(accounts)], amounts[rng.IntN(len(amounts))])
				if py.AccountNo == "" || py.AccountNo != accounts[i] && rng.IntN(2) == 0 {
					py.AccountNo = accounts[i]
				}
				payees = append(payees, py)
				if unpayable(py) == "" && py.Admissible.GreaterThan(most[name]) {
					most[name] = py.Admissible
				}
			}
			bills = ref(bill(int64(step), rng.IntN(3) > 0, payees...))
		}
		c := Plan(code, stpclaims.EBTFromBill, bills, lists)
		for _, w := range c.Withdraw {
			for _, l := range lists {
				if l.ID == w.List && (!l.Draft || l.Uploaded != nil) {
					return fmt.Sprintf("step %d: a row withdrawn from list %d, not a draft", step, l.ID)
				}
			}
		}
		before := len(lists)
		lists = recorded(lists, c)
		if len(lists) > before {
			lists[len(lists)-1].Made = time.Date(2027, 2, step, 0, 0, 0, 0, time.UTC)
			madeAt[lists[len(lists)-1].ID] = step
		}
		if again := Plan(code, stpclaims.EBTFromBill, bills, lists); !again.Empty() {
			return fmt.Sprintf("step %d: planned again: %+v", step, again)
		}
		if msg := paidTwice(lists, uploadedAt, madeAt, most); msg != "" {
			return fmt.Sprintf("step %d: %s", step, msg)
		}
	}
	return ""
}

func paidTwice(lists []stpclaims.EBTList, uploadedAt, madeAt map[int64]int, most map[string]decimal.Decimal) string {
	paid := map[string]decimal.Decimal{}
	for _, l := range lists {
		if l.Uploaded != nil && l.Draft {
			return fmt.Sprintf("draft list %d uploaded", l.ID)
		}
		for _, r := range l.Payable() {
			if !l.Draft {
				paid[r.Name] = paid[r.Name].Add(r.Amount)
			}
			for _, u := range lists {
				at, up := uploadedAt[u.ID]
				if !up || madeAt[l.ID] <= at {
					continue
				}
				for _, ur := range u.Payable() {
					if ur.Name == r.Name {
						return fmt.Sprintf("%s is on list %d, uploaded, and again on list %d made later", r.Name, u.ID, l.ID)
					}
				}
			}
		}
	}
	for name, p := range paid {
		if p.GreaterThan(most[name]) {
			return fmt.Sprintf("%s is paid %s on final lists, more than the most any bill admitted (%s)", name, p, most[name])
		}
	}
	return ""
}
