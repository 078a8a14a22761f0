package templates

import (
	"slices"
	"testing"

	"stpclaims"
	"stpclaims/validate"
)

// stEntries is a settlement statement's entries by field name (report items
// as "item1" … "item7").
type stEntries map[string]any

func goodSettlement() stEntries {
	e := stEntries{
		"programme_code": "STP/2026/017", "programme_name": "Office procedure and e-office",
		"start_date": date(2026, 2, 9), "end_date": date(2026, 2, 13), "training_days": 5,
		"venue": "Collectorate Conference Hall, Kollam", "venue_govt_owned": "Yes",
		"participants": 28, "accommodated": 20, "guest_faculty": 4, "outstation_guest_faculty": 1, "guest_sessions": 8,
		"advance_received": 65100, "advance_date": date(2026, 1, 28), "settled_on": date(2026, 3, 2),
		"gf_remuneration": 6000, "gf_ta": 1900, "coordination_fee": 1500, "stationery": 2900, "photocopy": 0,
		"food": 29000, "miscellaneous": 2500, "ta_advance": 12000, "da_advance": 4000,
	}
	for i := 1; i <= 7; i++ {
		e[itemKey(i)] = "Yes"
	}
	return e
}

func itemKey(n int) string { return "item" + string(rune('0'+n)) }

func fillSettlement(t *testing.T, card *validate.Card, e stEntries) []byte {
	t.Helper()
	blank, err := Settlement(card)
	if err != nil {
		t.Fatalf("Settlement: %v", err)
	}
	lay := layoutSettlement(card)
	cells := map[string]any{}
	for k, v := range e {
		cell, ok := lay.value[k]
		if len(k) == 5 && k[:4] == "item" {
			cell, ok = lay.item[k[4]-'1'], true
		}
		if !ok {
			t.Fatalf("no cell for %s", k)
		}
		cells[cell] = v
	}
	return fill(t, blank, map[string]map[string]any{settlementSheet: cells})
}

func TestSettlement_RoundTrip(t *testing.T) {
	card := validate.Builtin()
	tests := []struct {
		name    string
		edit    func(stEntries)
		status  stpclaims.Status
		rules   []string
		balance string
		late    int
	}{
		// caps: 9 6000; 10 100×3×5 + 1000 = 2500; 11 1500; 12 2900; 14
		// 5×(216×20 + 121×8 + 363) = 28255; 16 2750; 18 14933; 19 4667
		{"food over its cap, settled in time", func(stEntries) {}, stpclaims.StatusReturned,
			[]string{"ST-ADVANCE-BALANCE", "ST-NO-REAPPROPRIATION"}, "6045", 0}, // 65100 − 59055
		{"within the caps, late, items missing", func(e stEntries) {
			e["food"] = 28000
			e["settled_on"] = date(2026, 3, 25)
			e["item3"] = "No"
			delete(e, "item6")
		}, stpclaims.StatusReturned,
			[]string{"ST-ADVANCE-BALANCE", "ST-LATE", "ST-REPORT-ITEMS"}, "6300", 10}, // due 15.03
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := goodSettlement()
			tt.edit(e)
			rep := check(t, "settlement.xlsx", fillSettlement(t, card, e), date(2026, 3, 26))
			if rep.Form != stpclaims.FormSettlement {
				t.Fatalf("read as %q (%s), want a settlement statement", rep.Form, rep.Reason)
			}
			noReadingFinding(t, rep)
			if got := slices.Compact(rules(rep)); !slices.Equal(got, tt.rules) {
				for _, f := range rep.Findings {
					t.Logf("%s %s %s: %s", f.Rule, f.Severity, f.Cell, f.Message)
				}
				t.Errorf("rules = %v, want %v", got, tt.rules)
			}
			if rep.Status != tt.status {
				t.Errorf("status = %s, want %s", rep.Status, tt.status)
			}
			if !rep.Balance.Valid || rep.Balance.Decimal.String() != tt.balance {
				t.Errorf("balance = %v, want %s", rep.Balance, tt.balance)
			}
			if rep.DaysLate != tt.late {
				t.Errorf("days late = %d, want %d", rep.DaysLate, tt.late)
			}
			if len(rep.Lines) != len(stComponents) {
				t.Errorf("%d lines, want %d (every component, venue hire left empty as nil)", len(rep.Lines), len(stComponents))
			}
		})
	}
}
