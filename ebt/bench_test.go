package ebt

import (
	"fmt"
	"testing"

	"stpclaims"
)

// bigBill is a bill of n participants, all payable, with distinct PENs and
// accounts.
func bigBill(n int) *Bill {
	payees := make([]Payee, n)
	for i := range payees {
		payees[i] = pay(fmt.Sprintf("Participant %d", i), fmt.Sprint(100000+i), fmt.Sprintf("%012d", 555000000+i), "1250")
	}
	return ref(bill(1, true, payees...))
}

// BenchmarkPlan: a programme's first list of a bill of MaxPayees rows, and
// the same bill planned again against it (nothing new), as after each
// check.
func BenchmarkPlan(b *testing.B) {
	const n = MaxPayees
	bl := bigBill(n)
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			if c := Plan(code, stpclaims.EBTFromBill, bl, nil); c.New == nil || len(c.New.Rows) != n {
				b.Fatal("not listed")
			}
		}
	})
	lists := recorded(nil, Plan(code, stpclaims.EBTFromBill, bl, nil))
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			if c := Plan(code, stpclaims.EBTFromBill, bl, lists); !c.Empty() {
				b.Fatal("listed again")
			}
		}
	})
}
