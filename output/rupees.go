package output

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Rupees writes an amount for people, with Indian digit grouping (the last
// three digits, then pairs): 100000 → "1,00,000", 12345678.5 →
// "1,23,45,678.50", -2500 → "-2,500". Whole rupees have no decimals; any
// paise are written with exactly two places (rounded half away from zero).
func Rupees(d decimal.Decimal) string {
	s := d.StringFixed(2)
	if d.Equal(d.Truncate(0)) {
		s = d.Truncate(0).String()
	}
	neg := strings.HasPrefix(s, "-") && strings.Trim(s, "-0.") != ""
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	if len(whole) <= 3 {
		b.WriteString(whole)
	} else {
		head, tail := whole[:len(whole)-3], whole[len(whole)-3:]
		var groups []string
		if len(head)%2 == 1 {
			groups, head = append(groups, head[:1]), head[1:]
		}
		for ; head != ""; head = head[2:] {
			groups = append(groups, head[:2])
		}
		b.WriteString(strings.Join(groups, ","))
		b.WriteByte(',')
		b.WriteString(tail)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
