package stpclaims

import (
	"sync"

	"github.com/shopspring/decimal"
)

// wholeRupeeTable holds the whole amounts 0–9,999, shared: decimal values
// are immutable, and a TA bill's fares, kilometres, DA rates and sums are
// mostly such small whole numbers.
var wholeRupeeTable = sync.OnceValue(func() *[10000]decimal.Decimal {
	var t [10000]decimal.Decimal
	for i := range t {
		t[i] = decimal.New(int64(i), 0)
	}
	return &t
})

// WholeRupees returns n as a decimal of exponent 0, the same value as
// decimal.New(n, 0). Below 10,000 it comes from one shared table, which
// spares the reading and checking of a large bill two allocations a value.
func WholeRupees(n int64) decimal.Decimal {
	if n >= 0 && n < 10000 {
		return wholeRupeeTable()[n]
	}
	return decimal.New(n, 0)
}
