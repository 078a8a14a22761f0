package validate

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestBillRows(t *testing.T) {
	b := cleanBill()
	rows := BillRows(b, Builtin())
	if len(rows) != 4 || rows[0].Kind != "participant" || rows[0].Row != 5 || rows[0].PEN != "123456" || rows[3].Kind != "guest faculty" || rows[3].Name != "Prof. S. Menon" {
		t.Fatalf("rows %+v", rows)
	}
	tot := TABill(b, Builtin()).Totals
	var claimed, admissible decimal.Decimal
	for _, r := range rows {
		claimed, admissible = claimed.Add(r.Claimed), admissible.Add(r.Admissible)
	}
	if !claimed.Equal(tot.Claimed) || !admissible.Equal(tot.Admissible) {
		t.Errorf("rows sum to %s/%s, the bill's totals are %s/%s", claimed, admissible, tot.Claimed, tot.Admissible)
	}
}
