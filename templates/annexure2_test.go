package templates

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// aiiClaim is an Annexure II's entries by field name.
type aiiClaim map[string]any

// workedExample is docs/rules.md's worked example, every line claimed at its cap.
func workedExample() aiiClaim {
	return aiiClaim{
		"department": "Revenue", "venue": "Collectorate Conference Hall, Kollam", "venue_govt_owned": "No",
		"programme_code": "STP/2026/017", "programme_name": "Office procedure and e-office",
		"start_date": date(2026, 2, 9), "end_date": date(2026, 2, 13), "training_days": 5,
		"participants": 30, "accommodated": 30, "guest_faculty": 4, "outstation_guest_faculty": 0, "guest_sessions": 8,
		"officer_class": "II & III", "programme_type": "District",
		"gf_remuneration": 6000, "gf_ta": 2000, "coordination_fee": 1500, "stationery": 3100, "photocopy": 3750,
		"food": 34215, "venue_hire": 12500, "miscellaneous": 2750, "subtotal": 65815,
		"ta_advance": 16000, "da_advance": 5000, "advance_claimed": 65100,
		"coordinator": "Smt. Lekha R", "coordinator_designation": "Deputy Collector",
		"coordinator_phone": "9447012345", "coordinator_email": "lekha.r@kerala.gov.in",
		"account_no": "67012345678", "ifsc": "SBIN0070123",
		"facilitator": "Sri. Arun K", "facilitator_email": "arun.k@img.kerala.gov.in",
	}
}

func fillAnnexure(t *testing.T, card *validate.Card, claim aiiClaim) []byte {
	t.Helper()
	blank, err := AnnexureII(card)
	if err != nil {
		t.Fatalf("AnnexureII: %v", err)
	}
	lay := layoutAnnexure(annexureRows(card))
	cells := map[string]any{}
	for field, v := range claim {
		cell, ok := lay.value[field]
		if !ok {
			t.Fatalf("no cell for %s", field)
		}
		cells[cell] = v
	}
	return fill(t, blank, map[string]map[string]any{annexureSheet: cells})
}

func TestAnnexureII_RoundTrip(t *testing.T) {
	card := validate.Builtin()
	received := date(2026, 1, 12)
	tests := []struct {
		name       string
		edit       func(aiiClaim)
		status     stpclaims.Status
		rules      []string
		maxAdvance string
	}{
		{"worked example at the caps", func(aiiClaim) {}, stpclaims.StatusReview,
			[]string{"AII-PHOTOCOPY-SAMPLE", "AII-VENUE-GOVT"}, "65100"},
		{"no venue hire, nothing over", func(c aiiClaim) {
			c["venue_hire"] = 0
			c["photocopy"] = nil
			c["subtotal"] = 65815 - 12500 - 3750
			c["advance_claimed"] = 52900 // 75 % of (49565 + 21000) = 52923.75
		}, stpclaims.StatusClean, nil, "52900"},
		{"food over its cap and an odd advance", func(c aiiClaim) {
			c["food"] = 40000
			c["subtotal"] = 65815 - 34215 + 40000
			c["advance_claimed"] = 65150
		}, stpclaims.StatusReturned,
			[]string{"AII-ADVANCE-CAP", "AII-ADVANCE-ROUND", "AII-FOOD", "AII-PHOTOCOPY-SAMPLE", "AII-VENUE-GOVT"}, "65100"},
		{"IMG centre: no stationery, no venue hire", func(c aiiClaim) {
			c["venue"] = "IMG Regional Centre, Kochi"
			c["stationery"] = 3100
			c["venue_hire"] = nil
			c["subtotal"] = 65815 - 12500
			c["advance_claimed"] = 53400 // 75 % of (65815 − 12500 − 3100 + 21000)
		}, stpclaims.StatusReturned,
			[]string{"AII-PHOTOCOPY-SAMPLE", "AII-STATIONERY-INHOUSE"}, "53400"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			claim := workedExample()
			tt.edit(claim)
			for k, v := range claim {
				if v == nil {
					delete(claim, k)
				}
			}
			rep := check(t, "annexure2.xlsx", fillAnnexure(t, card, claim), received)
			if rep.Form != stpclaims.FormAnnexureII {
				t.Fatalf("read as %q (%s), want an Annexure II", rep.Form, rep.Reason)
			}
			noReadingFinding(t, rep)
			if got := rules(rep); !slices.Equal(got, tt.rules) {
				for _, f := range rep.Findings {
					t.Logf("%s %s %s: %s", f.Rule, f.Severity, f.Cell, f.Message)
				}
				t.Errorf("rules = %v, want %v", got, tt.rules)
			}
			if rep.Status != tt.status {
				t.Errorf("status = %s, want %s", rep.Status, tt.status)
			}
			if !rep.MaxAdvance.Valid || rep.MaxAdvance.Decimal.String() != tt.maxAdvance {
				t.Errorf("max advance = %v, want %s", rep.MaxAdvance, tt.maxAdvance)
			}
		})
	}
}

func TestAnnexureII_ReadsEveryField(t *testing.T) {
	card := validate.Builtin()
	claim := workedExample()
	form := readForm(t, fillAnnexure(t, card, claim))
	if form.AnnexureII == nil {
		t.Fatalf("read as %q", form.Kind)
	}
	got := map[string]string{}
	for _, fv := range form.FieldValues() {
		got[fv.Name] = fv.Value
	}
	lay := layoutAnnexure(annexureRows(card))
	for field, v := range claim {
		var want string
		switch v := v.(type) {
		case string:
			want = v
			if field == "venue_govt_owned" {
				want = strings.ToLower(v)
			}
		case int:
			want = strconv.Itoa(v)
			if _, money := lay.limit[field]; money {
				want = stpclaims.FormatMoney(decimal.NewFromInt(int64(v)))
			}
		case time.Time:
			want = stpclaims.FormatDate(v)
		}
		if got[field] != want {
			t.Errorf("%s = %q, want %q", field, got[field], want)
		}
	}
	a := form.AnnexureII
	if a.StartDate.Value != date(2026, 2, 9) || a.EndDate.Value != date(2026, 2, 13) {
		t.Errorf("dates = %v, %v", a.StartDate.Value, a.EndDate.Value)
	}
	if a.Food.Value.String() != "34215" || a.Food.Cell != annexureSheet+"!"+lay.value["food"] {
		t.Errorf("food = %s at %s", a.Food.Value, a.Food.Cell)
	}
	if a.AccountNo.Value != "67012345678" || a.IFSC.Value != "SBIN0070123" {
		t.Errorf("account = %q %q", a.AccountNo.Value, a.IFSC.Value)
	}
}
