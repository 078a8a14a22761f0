package validate

import (
	"strings"

	"github.com/shopspring/decimal"
)

var (
	zero    = decimal.Zero
	hundred = decimal.NewFromInt(100)
)

func dec(n int) decimal.Decimal { return decimal.NewFromInt(int64(n)) }

// roundRupee rounds half-up (half away from zero) to the whole rupee:
// 9066.67 → 9067, 0.50 → 1.
func roundRupee(d decimal.Decimal) decimal.Decimal { return d.Round(0) }

// roundTo rounds half-up to the nearest multiple of unit (65111.25 → 65100
// for unit 100; 65150 → 65200).
func roundTo(d, unit decimal.Decimal) decimal.Decimal {
	return d.Div(unit).Round(0).Mul(unit)
}

func null(d decimal.Decimal) decimal.NullDecimal { return decimal.NewNullDecimal(d) }

// rupees writes an amount for a message with Indian digit grouping:
// "Rs 2,25,000", "Rs 9,066.67".
func rupees(d decimal.Decimal) string { return "Rs " + indian(d) }

// Rupees writes an amount as the rules' messages do: "Rs 2,25,000", "Rs
// 9,066.67" (package ledger's findings use it too).
func Rupees(d decimal.Decimal) string { return rupees(d) }

// indian writes an amount with Indian digit grouping, paise only when there
// are any.
func indian(d decimal.Decimal) string {
	s := d.StringFixed(2)
	if d.Equal(d.Truncate(0)) {
		s = d.Truncate(0).String()
	}
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if len(whole) > 3 {
		head, tail := whole[:len(whole)-3], whole[len(whole)-3:]
		first := len(head) % 2
		if first > 0 {
			b.WriteString(head[:first])
		}
		for i := first; i < len(head); i += 2 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(head[i : i+2])
		}
		b.WriteByte(',')
		b.WriteString(tail)
	} else {
		b.WriteString(whole)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return sign + b.String()
}

// plural writes "1 day", "5 days".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

// percent writes a fraction as a percentage: 0.75 → "75 %".
func percent(f decimal.Decimal) string { return f.Mul(hundred).String() + " %" }
