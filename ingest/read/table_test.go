package read

import (
	"testing"
)

// TestMoneyValue checks that the fast paths give the values the value.go
// parsers give.
func TestMoneyValue(t *testing.T) {
	for _, s := range []string{"0", "1250", "-40", "1250.5", "1250.50", "750.00000000000011", "0.125", "Rs. 1,250/-", "Nil", "abc", "123456789012345678901"} {
		t.Run(s, func(t *testing.T) {
			got, ok := moneyValue(s)
			want, wantOK := parseMoney(s)
			if ok != wantOK || !got.Equal(want) {
				t.Errorf("moneyValue(%q) = %s, %v; parseMoney gives %s, %v", s, got, ok, want, wantOK)
			}
			gotN, okN := numberValue(s)
			wantN, wantNOK := parseNumber(s)
			if okN != wantNOK || !gotN.Equal(wantN) {
				t.Errorf("numberValue(%q) = %s, %v; parseNumber gives %s, %v", s, gotN, okN, wantN, wantNOK)
			}
			gotC, okC := countValue(s)
			wantC, wantCOK := parseCount(s)
			if okC != wantCOK || gotC != wantC {
				t.Errorf("countValue(%q) = %d, %v; parseCount gives %d, %v", s, gotC, okC, wantC, wantCOK)
			}
		})
	}
}
