package ebt

import (
	"github.com/shopspring/decimal"

	"stpclaims"
)

// DefaultCheckDigits is how many of each account number's last digits the
// check total adds up.
const DefaultCheckDigits = 11

// CheckTotal is the list's check total: the sum, over the rows to be paid,
// of each account number's last digits (digits of them; a shorter number
// whole), read as a whole number. It is the hash total bulk-credit files
// commonly carry: the bank adds up the same digits of what it received,
// and a number mistyped or a row lost or added shows as a different
// total. Leading zeros count for nothing, as in the bank's sum.
func CheckTotal(rows []stpclaims.EBTRow, digits int) decimal.Decimal {
	if digits <= 0 {
		digits = DefaultCheckDigits
	}
	total := decimal.Zero
	for _, r := range rows {
		if r.Withdrawn {
			continue
		}
		a := r.AccountNo
		if len(a) > digits {
			a = a[len(a)-digits:]
		}
		if d, err := decimal.NewFromString(a); err == nil {
			total = total.Add(d)
		}
	}
	return total
}
