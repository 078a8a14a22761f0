package validate

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestBuiltin(t *testing.T) {
	c := Builtin()
	if c != Builtin() {
		t.Error("Builtin parses more than once")
	}
	if c.Name != "STP-2015" || !c.EffectiveFrom.Equal(day0("2015-08-13")) || !strings.Contains(c.Order, "420/2015") {
		t.Errorf("name %q effective %s order %q", c.Name, c.EffectiveFrom, c.Order)
	}
	for _, k := range []struct {
		name      string
		got, want d0
	}{
		{"gf_remuneration", c.GFRemuneration, d("750")},
		{"gf_local_conveyance", c.GFLocalConveyance, d("100")},
		{"gf_outstation_max", c.GFOutstationMax, d("1000")},
		{"gf_train_min_km", c.GFTrainMinKm, d("100")},
		{"coordination_fee", c.CoordinationFee, d("300")},
		{"stationery", c.Stationery, d("100")},
		{"photocopy", c.Photocopy, d("750")},
		{"food_residential", c.FoodResidential, d("216")},
		{"food_day", c.FoodDay, d("121")},
		{"venue_hire", c.VenueHire, d("2500")},
		{"miscellaneous", c.Miscellaneous, d("550")},
		{"hostel_rent", c.HostelRent, d("250")},
		{"ta_advance_per_batch", c.TAAdvancePerBatch, d("16000")},
		{"da_advance_per_day", c.DAAdvancePerDay, d("1000")},
		{"advance_share_max", c.AdvanceShareMax, d("0.75")},
		{"advance_rounding", c.AdvanceRounding, d("100")},
		{"penal_interest_annual", c.PenalInterestAnnual, d("0.12")},
		{"guest_share_max", c.GuestShareMax, d("0.5")},
		{"local_radius_km", c.LocalRadiusKm, d("8")},
		{"auto_max_km", c.AutoMaxKm, d("8")},
		{"da_share_in_training", c.DAShareInTraining, d("0.25")},
	} {
		if !k.got.Equal(k.want) {
			t.Errorf("%s = %s, want %s", k.name, k.got, k.want)
		}
	}
	ints := map[string][2]int{
		"batch_size": {c.BatchSize, 30}, "sessions_per_day": {c.SessionsPerDay, 4}, "unpaid_sessions": {c.UnpaidSessions, 2},
		"stationery_extra_sets": {c.StationeryExtraSets, 1}, "food_extra_persons": {c.FoodExtraPersons, 3},
		"lead_time_days": {c.LeadTimeDays, 14}, "settle_within_days": {c.SettleWithinDays, 30},
	}
	for k, v := range ints {
		if v[0] != v[1] {
			t.Errorf("%s = %d, want %d", k, v[0], v[1])
		}
	}
	if len(c.DARates) != 0 {
		t.Errorf("the 2015 card has DA rates: %v", c.DARates)
	}
}

// cardWith returns the built-in card's TOML with key's line replaced by line
// (or removed, for an empty line).
func cardWith(key, line string) string {
	var out []string
	for _, l := range strings.Split(string(builtinTOML), "\n") {
		if strings.HasPrefix(l, key+" =") {
			if line != "" {
				out = append(out, line)
			}
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// noCentres is the built-in card with an empty list of IMG centres.
func noCentres() string {
	src := string(builtinTOML)
	i := strings.Index(src, "img_centres = [")
	j := i + strings.Index(src[i:], "]")
	return src[:i] + "img_centres = [" + src[j:]
}

func TestParseCard(t *testing.T) {
	t.Run("a later card", func(t *testing.T) {
		src := cardWith("effective_from", "effective_from = 2026-04-01")
		src = strings.Replace(src, `name = "STP-2015"`, `name = "STP-2026"`, 1)
		src = strings.Replace(src, "food_residential = 216", `food_residential = "240.50"`, 1)
		src += "\nI = 1200\nII = \"950.50\"\n"
		c, err := ParseCard([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if c.Name != "STP-2026" || !c.EffectiveFrom.Equal(day0("2026-04-01")) {
			t.Errorf("name %q effective %s", c.Name, c.EffectiveFrom)
		}
		if !c.FoodResidential.Equal(d("240.50")) {
			t.Errorf("food_residential = %s", c.FoodResidential)
		}
		if !c.DARates["I"].Equal(d("1200")) || !c.DARates["II"].Equal(d("950.5")) || len(c.DARates) != 2 {
			t.Errorf("da_rates = %v", c.DARates)
		}
	})
	t.Run("percent and fraction mean the same", func(t *testing.T) {
		c, err := ParseCard([]byte(cardWith("advance_share_max", `advance_share_max = "0.75"`)))
		if err != nil {
			t.Fatal(err)
		}
		if !c.AdvanceShareMax.Equal(Builtin().AdvanceShareMax) {
			t.Errorf("got %s", c.AdvanceShareMax)
		}
	})
	bad := []struct {
		name, src, key, reason string
	}{
		{"float rupee", cardWith("venue_hire", "venue_hire = 2500.0"), "venue_hire", "unquoted decimal"},
		{"float share", cardWith("da_share_in_training", "da_share_in_training = 0.25"), "da_share_in_training", "unquoted decimal"},
		{"float DA rate", string(builtinTOML) + "\nIII = 850.5\n", "da_rates.III", "unquoted decimal"},
		{"missing key", cardWith("photocopy", ""), "photocopy", "missing"},
		{"missing name", cardWith("name", ""), "name", "missing"},
		{"missing date", cardWith("effective_from", ""), "effective_from", "missing"},
		{"zero rate", cardWith("stationery", "stationery = 0"), "stationery", "more than 0"},
		{"negative rate", cardWith("food_day", `food_day = "-121"`), "food_day", "more than 0"},
		{"share above 100 %", cardWith("guest_share_max", `guest_share_max = "150%"`), "guest_share_max", "at most 100%"},
		{"share written as 75", cardWith("advance_share_max", `advance_share_max = 75`), "advance_share_max", "at most 100%"},
		{"count not whole", cardWith("batch_size", `batch_size = "30"`), "batch_size", "whole number"},
		{"zero batch", cardWith("batch_size", `batch_size = 0`), "batch_size", "more than 0"},
		{"words for a number", cardWith("photocopy", `photocopy = "seven fifty"`), "photocopy", "number in quotes"},
		{"misspelt key", string(builtinTOML[:strings.Index(string(builtinTOML), "\n[")]) + "\nphotocopy_rate = 750\n", "photocopy_rate", "not a rate card key"},
		{"a word for two modes", strings.Replace(string(builtinTOML), `bus = ["bus",`, `bus = ["bus", "Taxi",`, 1), "modes.", "a word names one mode"},
		{"empty mode", regexp.MustCompile(`(?m)^own = \[.*\]$`).ReplaceAllString(string(builtinTOML), "own = []"), "modes.own", "list of words"},
		{"no venue words", regexp.MustCompile(`(?s)govt_venue_words = \[.*?\]\n`).ReplaceAllString(string(builtinTOML), "govt_venue_words = []\n"), "govt_venue_words", "list of words"},
		{"unknown mode", strings.Replace(string(builtinTOML), "[modes]\n", "[modes]\nboat = [\"boat\"]\n", 1), "modes.boat", "not a travel mode"},
		{"no centres", noCentres(), "img_centres", "at least one"},
		{"unknown class", string(builtinTOML) + "\nV = 500\n", "da_rates.V", "not a class"},
		{"bad date", cardWith("effective_from", `effective_from = "13.08.2015"`), "effective_from", "2015-08-13"},
		{"not TOML", "name = ", "", "bad rate card"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseCard([]byte(c.src))
			if err == nil {
				t.Fatal("accepted")
			}
			if !errors.Is(err, ErrCard) {
				t.Errorf("error does not wrap ErrCard: %v", err)
			}
			if !strings.Contains(err.Error(), c.key) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("error %q does not name %q and %q", err, c.key, c.reason)
			}
		})
	}
}

func TestParseCard_FromFile(t *testing.T) {
	// A card the finance division writes to a file goes through the same
	// parser as the built-in one.
	path := filepath.Join(t.TempDir(), "stp-2026.toml")
	src := strings.Replace(cardWith("effective_from", "effective_from = 2026-04-01"), `name = "STP-2015"`, `name = "STP-2026"`, 1)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseCard(data); err != nil {
		t.Fatal(err)
	}
}

func TestCards_InForce(t *testing.T) {
	later, err := ParseCard([]byte(strings.Replace(cardWith("effective_from", "effective_from = 2026-04-01"), `name = "STP-2015"`, `name = "STP-2026"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	cards, err := NewCards(later)
	if err != nil {
		t.Fatal(err)
	}
	ist := time.FixedZone("IST", 5*3600+1800)
	for _, c := range []struct {
		day  time.Time
		want string
	}{
		{day0("2010-01-01"), "STP-2015"}, // before every card: the earliest
		{day0("2015-08-13"), "STP-2015"},
		{day0("2026-03-31"), "STP-2015"},
		{day0("2026-04-01"), "STP-2026"},
		{time.Date(2026, 4, 1, 0, 30, 0, 0, ist), "STP-2026"}, // the calendar day counts, not UTC
		{day0("2030-01-01"), "STP-2026"},
	} {
		t.Run(c.day.Format(time.RFC3339), func(t *testing.T) {
			if got := cards.InForce(c.day).Name; got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	t.Run("same date twice", func(t *testing.T) {
		twin, err := ParseCard([]byte(strings.Replace(string(builtinTOML), `name = "STP-2015"`, `name = "STP-2015-bis"`, 1)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := NewCards(twin); !errors.Is(err, ErrCards) || !strings.Contains(err.Error(), "2015-08-13") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("built-in only", func(t *testing.T) {
		cards, err := NewCards()
		if err != nil {
			t.Fatal(err)
		}
		if cards.InForce(day0("2026-01-01")) != Builtin() {
			t.Error("not the built-in card")
		}
	})
}

func TestCard_IsIMGCentre(t *testing.T) {
	c := Builtin()
	for _, v := range []struct {
		venue string
		want  bool
	}{
		{"IMG, Thiruvananthapuram", true},
		{"IMG Regional Centre, Kochi", true},
		{"Institute of Management in Government, Kozhikode", true},
		{"I.M.G. Vikas Bhavan", true},
		{"IMG", true},
		{"IMG Regional Centre", true},
		{"img kakkanad campus", true},
		{"Town Hall, Kochi", false},
		{"Kochi", false},
		{"Collectorate Conference Hall, Thiruvananthapuram", false},
		{"IMG Regional Centre, Thrissur", false},
		{"Hotel Imperial, Kozhikode", false},
		{"", false},
	} {
		t.Run(v.venue, func(t *testing.T) {
			if got := c.IsIMGCentre(v.venue); got != v.want {
				t.Errorf("IsIMGCentre(%q) = %v, want %v", v.venue, got, v.want)
			}
		})
	}
}

func TestRules(t *testing.T) {
	rs := Rules()
	if len(rs) != 57 {
		t.Errorf("%d rules, want the 57 of docs/rules.md", len(rs))
	}
	if rs[0].ID != "AII-REQUIRED" || rs[len(rs)-1].ID != "READ-HIDDEN" {
		t.Errorf("order: first %s last %s", rs[0].ID, rs[len(rs)-1].ID)
	}
	seen := map[string]bool{}
	for _, r := range rs {
		if seen[r.ID] || r.Clause == "" || r.Check == "" || r.Severity == "" {
			t.Errorf("bad or duplicate rule %+v", r)
		}
		seen[r.ID] = true
		got, ok := RuleByID(r.ID)
		if !ok || got != r {
			t.Errorf("RuleByID(%s) = %+v, %v", r.ID, got, ok)
		}
	}
	for _, id := range []string{"AII-DUPLICATE", "TA-OVER-ADVANCE", "ADV-RECOMMEND", "ADV-SANCTION", "ADV-OVERDUE"} {
		if !seen[id] {
			t.Errorf("ledger rule %s not listed", id)
		}
	}
	if _, ok := RuleByID("AII-NONSENSE"); ok {
		t.Error("found an unknown rule")
	}
	rs[0].ID = "changed"
	if Rules()[0].ID != "AII-REQUIRED" {
		t.Error("Rules returns the catalogue itself")
	}
}

func TestIndian(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "121": "121", "1000": "1,000", "34215": "34,215", "225000": "2,25,000",
		"12345678": "1,23,45,678", "9066.67": "9,066.67", "121.5": "121.50", "-9015": "-9,015",
	} {
		if got := indian(d(in)); got != want {
			t.Errorf("indian(%s) = %s, want %s", in, got, want)
		}
	}
}

// TestCard_ModeWord: every word of the built-in card names its own mode,
// and mode cells as bills write them name the mode they mean.
func TestCard_ModeWord(t *testing.T) {
	c := Builtin()
	for mode, words := range c.Modes {
		for _, w := range words {
			if got := c.ModeWord(w, mode); got != w {
				t.Errorf("ModeWord(%q, %q) = %q", w, mode, got)
			}
		}
	}
	tests := []struct{ text, mode, word string }{
		{"Uber", "taxi", "uber"},
		{"Ola cab", "taxi", "ola"},
		{"Taxi (to and fro)", "taxi", "taxi"},
		{"Car hire", "taxi", "car hire"},
		{"Rly.", "train", "rly"},
		{"Railway", "train", "railway"},
		{"Parasuram Express", "train", "express"},
		{"Superfast Express", "train", "superfast express"},
		{"KSRTC Super Express", "train", ""},
		{"KSRTC Super Express", "bus", "ksrtc"},
		{"KSRTC Fast Passenger", "bus", "ksrtc"},
		{"Auto-rickshaw", "auto", "auto rickshaw"},
		{"Own car", "own", "own car"},
		{"ട്രെയിന്‍", "train", "ട്രെയിൻ"}, // old chillu letters
		{"ടാക്സി", "taxi", "ടാക്സി"},
		{"Kollam bus", "taxi", ""}, // "ola" inside a word is no Ola
		{"Cabinet", "taxi", ""},
		{"", "taxi", ""},
	}
	for _, tt := range tests {
		if got := c.ModeWord(tt.text, tt.mode); got != tt.word {
			t.Errorf("ModeWord(%q, %q) = %q, want %q", tt.text, tt.mode, got, tt.word)
		}
	}
}

func TestCard_GovtVenueWord(t *testing.T) {
	c := Builtin()
	for _, w := range c.GovtVenueWords {
		if got := c.GovtVenueWord(w); got == "" {
			t.Errorf("GovtVenueWord(%q) finds no word", w)
		}
	}
	tests := []struct{ venue, word string }{
		{"Govt. Guest House, Kollam", "govt"},
		{"Government Guest House, Thycaud", "government"},
		{"PWD Rest House, Munnar", "pwd rest house"},
		{"Collectorate Conference Hall, Kollam", "collectorate"},
		{"Grama Panchayat Auditorium, Pala", "panchayat"},
		{"Panchayath Hall", "panchayath"},
		{"സർക്കാർ ഗസ്റ്റ് ഹൗസ്, കൊല്ലം", "സർക്കാർ"},
		{"Town Hall, Kochi", ""},
		{"Hotel Residency, Calicut", ""},
		{"IMG Regional Centre, Kochi", ""},
		{"Governor's Camp Hotel", ""},
	}
	for _, tt := range tests {
		if got := c.GovtVenueWord(tt.venue); got != tt.word {
			t.Errorf("GovtVenueWord(%q) = %q, want %q", tt.venue, got, tt.word)
		}
	}
	t.Run("a card without words takes the built-in card's", func(t *testing.T) {
		src := regexp.MustCompile(`(?s)govt_venue_words = \[.*?\]\n`).ReplaceAllString(string(builtinTOML), "")
		src = src[:strings.Index(src, "[modes]")] + src[strings.Index(src, "[da_rates]"):]
		card, err := ParseCard([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if card.GovtVenueWord("Govt. Guest House") != "govt" || card.ModeWord("Uber", "taxi") != "uber" {
			t.Error("the built-in card's words are not used")
		}
	})
}
