package validate

import (
	"testing"

	"github.com/shopspring/decimal"
)

// same reports whether two decimals have the same value and exponent.
func same(a, b decimal.Decimal) bool { return a.Equal(b) && a.Exponent() == b.Exponent() }

// TestAddRupees_sameAsAdd: the allocation-free addition gives what
// decimal's Add gives, value and exponent, in and out of its fast path.
func TestAddRupees_sameAsAdd(t *testing.T) {
	ds := []decimal.Decimal{
		decimal.New(0, 0), zero, decimal.New(250, 0), decimal.New(9999, 0), decimal.New(1, 4),
		decimal.RequireFromString("12.50"), decimal.New(-40, 0), decimal.New(123456789012, 0),
		decimal.New(1234567890123, 0), {},
	}
	for _, a := range ds {
		for _, b := range ds {
			if got, want := addRupees(a, b), a.Add(b); !same(got, want) {
				t.Errorf("addRupees(%s, %s) = %s (exp %d), want %s (exp %d)", a, b, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}

// TestDACap_sameAsRound: the DA cap in integers equals
// roundRupee(share × rate × days), halves included.
func TestDACap_sameAsRound(t *testing.T) {
	tests := []struct {
		share, rate string
		days        int
	}{
		{"0.25", "600", 5}, {"0.25", "650", 1}, {"0.25", "2", 1}, {"0.25", "6", 1}, {"0.3333", "1000", 3},
		{"0.25", "600.50", 5}, {"1", "700", 0}, {"0.125", "4", 1}, {"0.25", "-600", 2}, {"2.5", "3", 1},
	}
	for _, tc := range tests {
		t.Run(tc.share+"x"+tc.rate, func(t *testing.T) {
			share, rate := decimal.RequireFromString(tc.share), decimal.RequireFromString(tc.rate)
			got, want := daCap(share, rate, tc.days), roundRupee(share.Mul(rate).Mul(dec(tc.days)))
			if !same(got, want) {
				t.Errorf("daCap = %s (exp %d), want %s (exp %d)", got, got.Exponent(), want, want.Exponent())
			}
		})
	}
}

// TestRupeeSum_to: the running sum equals adding one by one.
func TestRupeeSum_to(t *testing.T) {
	vals := []decimal.Decimal{decimal.New(410, 0), decimal.RequireFromString("12.75"), zero, decimal.New(999999999999, 0), decimal.New(-5, 0), decimal.New(3, 2)}
	for _, start := range []decimal.Decimal{{}, zero} {
		for n := 0; n <= len(vals); n++ {
			var s rupeeSum
			want := start
			for _, v := range vals[:n] {
				s.add(v)
				want = want.Add(v)
			}
			if got := s.to(start); !same(got, want) {
				t.Errorf("start %s, %d values: %s (exp %d), want %s (exp %d)", start, n, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}
