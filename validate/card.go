package validate

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/shopspring/decimal"
)

// ErrCard is wrapped by every error ParseCard returns.
var ErrCard = errors.New("validate: bad rate card")

// Card is a rate card: every figure the rules use, with the date from which
// it applies. Money is in rupees; shares are fractions (0.75 for 75 %).
type Card struct {
	Name          string
	EffectiveFrom time.Time // midnight UTC of the first day
	Order         string    // the order the figures come from

	BatchSize      int             // participants in a standard batch, I(b)
	SessionsPerDay int             // I(c), interpretation
	UnpaidSessions int             // per programme, I(d)
	GuestShareMax  decimal.Decimal // fraction of sessions, I(j)

	GFRemuneration    decimal.Decimal // per session, I(e)
	GFLocalConveyance decimal.Decimal // per guest faculty per day, II
	GFOutstationMax   decimal.Decimal // per head to and fro, II
	GFTrainMinKm      decimal.Decimal // train fare only beyond, II

	CoordinationFee     decimal.Decimal // per day
	Stationery          decimal.Decimal // per participant
	StationeryExtraSets int             // I(h)
	Photocopy           decimal.Decimal // per day
	FoodResidential     decimal.Decimal // per participant per day, III
	FoodDay             decimal.Decimal // per participant per day, III
	FoodExtraPersons    int             // I(i)
	VenueHire           decimal.Decimal // per day
	Miscellaneous       decimal.Decimal // per day
	HostelRent          decimal.Decimal // per participant per day

	TAAdvancePerBatch decimal.Decimal // per course for a batch, IV
	DAAdvancePerDay   decimal.Decimal // per day for a batch, IV
	AdvanceShareMax   decimal.Decimal // fraction, Annexure II 21
	AdvanceRounding   decimal.Decimal // rupees, Annexure II 21

	LeadTimeDays        int             // V
	SettleWithinDays    int             // VII
	PenalInterestAnnual decimal.Decimal // fraction a year, VII

	LocalRadiusKm     decimal.Decimal // IV.2, Annexure I.4 (distance ≤ is local)
	AutoMaxKm         decimal.Decimal // Annexure I.5
	DAShareInTraining decimal.Decimal // fraction, Annexure I.3

	IMGCentres []string // places of IMG's headquarters and regional centres
	// DARates is the full daily DA by class of officer ("I" … "IV"); a rate
	// caps the TA bill's own column. Empty when the card gives none.
	DARates map[string]decimal.Decimal

	// Modes names each travel mode (TravelModes) by the words a TA bill's
	// Mode column writes it with ("taxi": taxi, cab, Uber …), and
	// GovtVenueWords are the words that mark a venue as Government-owned
	// (Govt, Collectorate, PWD Rest House …). Either is nil on a card that
	// lists none; the built-in card's words are used then.
	Modes          map[string][]string
	GovtVenueWords []string
}

// TravelModes are the modes a card's [modes] table may name.
var TravelModes = []string{"taxi", "train", "bus", "auto", "own"}

//go:embed cards/stp-2015.toml
var builtinTOML []byte

var builtin = sync.OnceValue(func() *Card {
	c, err := ParseCard(builtinTOML)
	if err != nil {
		panic(fmt.Sprintf("validate: built-in card: %v", err))
	}
	return c
})

// Builtin returns the embedded 2015 card (parsed once; do not modify it).
func Builtin() *Card { return builtin() }

// cardKind says how a key's value is written.
type cardKind uint8

const (
	kindMoney     cardKind = iota // integer or decimal string, > 0
	kindShare                     // "75%" or "0.75", 0 < x ≤ 1
	kindCount                     // integer > 0
	kindCountMin0                 // integer ≥ 0
	kindDays                      // integer ≥ 0
)

type cardKey struct {
	name string
	kind cardKind
	dec  func(*Card) *decimal.Decimal
	num  func(*Card) *int
}

func money(name string, f func(*Card) *decimal.Decimal) cardKey {
	return cardKey{name: name, kind: kindMoney, dec: f}
}
func share(name string, f func(*Card) *decimal.Decimal) cardKey {
	return cardKey{name: name, kind: kindShare, dec: f}
}
func whole(name string, k cardKind, f func(*Card) *int) cardKey {
	return cardKey{name: name, kind: k, num: f}
}

// cardKeys are the figures every card must give, in docs/rate-card.md's order.
var cardKeys = []cardKey{
	whole("batch_size", kindCount, func(c *Card) *int { return &c.BatchSize }),
	whole("sessions_per_day", kindCount, func(c *Card) *int { return &c.SessionsPerDay }),
	whole("unpaid_sessions", kindCountMin0, func(c *Card) *int { return &c.UnpaidSessions }),
	share("guest_share_max", func(c *Card) *decimal.Decimal { return &c.GuestShareMax }),
	money("gf_remuneration", func(c *Card) *decimal.Decimal { return &c.GFRemuneration }),
	money("gf_local_conveyance", func(c *Card) *decimal.Decimal { return &c.GFLocalConveyance }),
	money("gf_outstation_max", func(c *Card) *decimal.Decimal { return &c.GFOutstationMax }),
	money("gf_train_min_km", func(c *Card) *decimal.Decimal { return &c.GFTrainMinKm }),
	money("coordination_fee", func(c *Card) *decimal.Decimal { return &c.CoordinationFee }),
	money("stationery", func(c *Card) *decimal.Decimal { return &c.Stationery }),
	whole("stationery_extra_sets", kindCountMin0, func(c *Card) *int { return &c.StationeryExtraSets }),
	money("photocopy", func(c *Card) *decimal.Decimal { return &c.Photocopy }),
	money("food_residential", func(c *Card) *decimal.Decimal { return &c.FoodResidential }),
	money("food_day", func(c *Card) *decimal.Decimal { return &c.FoodDay }),
	whole("food_extra_persons", kindCountMin0, func(c *Card) *int { return &c.FoodExtraPersons }),
	money("venue_hire", func(c *Card) *decimal.Decimal { return &c.VenueHire }),
	money("miscellaneous", func(c *Card) *decimal.Decimal { return &c.Miscellaneous }),
	money("hostel_rent", func(c *Card) *decimal.Decimal { return &c.HostelRent }),
	money("ta_advance_per_batch", func(c *Card) *decimal.Decimal { return &c.TAAdvancePerBatch }),
	money("da_advance_per_day", func(c *Card) *decimal.Decimal { return &c.DAAdvancePerDay }),
	share("advance_share_max", func(c *Card) *decimal.Decimal { return &c.AdvanceShareMax }),
	money("advance_rounding", func(c *Card) *decimal.Decimal { return &c.AdvanceRounding }),
	whole("lead_time_days", kindDays, func(c *Card) *int { return &c.LeadTimeDays }),
	whole("settle_within_days", kindDays, func(c *Card) *int { return &c.SettleWithinDays }),
	share("penal_interest_annual", func(c *Card) *decimal.Decimal { return &c.PenalInterestAnnual }),
	money("local_radius_km", func(c *Card) *decimal.Decimal { return &c.LocalRadiusKm }),
	money("auto_max_km", func(c *Card) *decimal.Decimal { return &c.AutoMaxKm }),
	share("da_share_in_training", func(c *Card) *decimal.Decimal { return &c.DAShareInTraining }),
}

// ParseCard reads a rate card written in TOML (see cards/stp-2015.toml for
// the format). Every key must be present and sane; unknown keys and TOML
// floats are refused. Errors wrap ErrCard and name the key.
func ParseCard(data []byte) (*Card, error) {
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCard, err)
	}
	if err := cardUnknownKeys(raw); err != nil {
		return nil, err
	}
	c := &Card{DARates: map[string]decimal.Decimal{}}
	var err error
	if c.Name, err = cardText(raw, "name"); err != nil {
		return nil, err
	}
	if c.Order, err = cardText(raw, "order"); err != nil {
		return nil, err
	}
	if c.EffectiveFrom, err = cardDate(raw, "effective_from"); err != nil {
		return nil, err
	}
	for _, k := range cardKeys {
		v, ok := raw[k.name]
		if !ok {
			return nil, cardErr(k.name, "is missing")
		}
		if err := cardFigure(c, k, v); err != nil {
			return nil, err
		}
	}
	if err := cardCentres(raw, c); err != nil {
		return nil, err
	}
	if err := cardDARates(raw, c); err != nil {
		return nil, err
	}
	if err := cardWords(raw, c); err != nil {
		return nil, err
	}
	return c, nil
}

// cardUnknownKeys refuses a card with a key no rate card has, naming the
// first such key in sorted order (a misspelt key would otherwise be
// silently ignored while the real one is reported missing).
func cardUnknownKeys(raw map[string]any) error {
	known := map[string]bool{"name": true, "effective_from": true, "order": true, "img_centres": true, "da_rates": true,
		"modes": true, "govt_venue_words": true}
	for _, k := range cardKeys {
		known[k.name] = true
	}
	var unknown []string
	for k := range raw {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return cardErr(unknown[0], "is not a rate card key (misspelt?)")
	}
	return nil
}

// cardFigure checks the value v of one of cardKeys and stores it in c: a
// money or share figure must be a positive decimal (a share at most 1), a
// whole number must be within its kind's bounds and plausibly small.
func cardFigure(c *Card, k cardKey, v any) error {
	if k.dec != nil {
		d, err := cardDecimal(k.name, v, k.kind == kindShare)
		if err != nil {
			return err
		}
		if !d.IsPositive() {
			return cardErr(k.name, fmt.Sprintf("must be more than 0, not %s", d))
		}
		if k.kind == kindShare && d.GreaterThan(decimal.NewFromInt(1)) {
			return cardErr(k.name, fmt.Sprintf("is a share and must be at most 100%% (1), not %s", d))
		}
		*k.dec(c) = d
		return nil
	}
	n, ok := v.(int64)
	if !ok {
		return cardErr(k.name, fmt.Sprintf("must be a whole number, not %s", tomlType(v)))
	}
	if n < 0 || (k.kind == kindCount && n == 0) {
		what := "at least 0"
		if k.kind == kindCount {
			what = "more than 0"
		}
		return cardErr(k.name, fmt.Sprintf("must be %s, not %d", what, n))
	}
	if n > 1_000_000 {
		return cardErr(k.name, fmt.Sprintf("is implausibly large (%d)", n))
	}
	*k.num(c) = int(n)
	return nil
}

// cardCentres reads img_centres, the required non-empty list of places
// that count as an IMG centre, into c.IMGCentres (each name trimmed).
func cardCentres(raw map[string]any, c *Card) error {
	centres, ok := raw["img_centres"].([]any)
	if !ok {
		if _, present := raw["img_centres"]; !present {
			return cardErr("img_centres", "is missing")
		}
		return cardErr("img_centres", "must be a list of place names")
	}
	for i, v := range centres {
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return cardErr(fmt.Sprintf("img_centres[%d]", i), "must be a place name in quotes")
		}
		c.IMGCentres = append(c.IMGCentres, strings.TrimSpace(s))
	}
	if len(c.IMGCentres) == 0 {
		return cardErr("img_centres", "must name at least one centre")
	}
	return nil
}

// cardDARates reads the optional da_rates table (officer class = daily
// allowance rate) into c.DARates; each class must be one of
// officerClasses and each rate a positive decimal.
func cardDARates(raw map[string]any, c *Card) error {
	v, present := raw["da_rates"]
	if !present {
		return nil
	}
	table, ok := v.(map[string]any)
	if !ok {
		return cardErr("da_rates", "must be a table of class = rate")
	}
	for class, rate := range table {
		key := "da_rates." + class
		if !slices.Contains(officerClasses, class) {
			return cardErr(key, "is not a class of officer (I, II, III or IV)")
		}
		d, err := cardDecimal(key, rate, false)
		if err != nil {
			return err
		}
		if !d.IsPositive() {
			return cardErr(key, fmt.Sprintf("must be more than 0, not %s", d))
		}
		c.DARates[class] = d
	}
	return nil
}

// cardWords reads the card's [modes] table and govt_venue_words list
// (left nil when the card has none: the built-in card's are used then).
func cardWords(raw map[string]any, c *Card) error {
	if v, present := raw["modes"]; present {
		table, ok := v.(map[string]any)
		if !ok {
			return cardErr("modes", "must be a table of mode = [words]")
		}
		c.Modes = map[string][]string{}
		owner := map[string]string{}
		for mode, list := range table {
			key := "modes." + mode
			if !slices.Contains(TravelModes, mode) {
				return cardErr(key, fmt.Sprintf("is not a travel mode (%s)", strings.Join(TravelModes, ", ")))
			}
			words, err := cardList(key, list)
			if err != nil {
				return err
			}
			for _, w := range words {
				n := strings.Join(cardWordsOf(w), " ")
				if other, dup := owner[n]; dup && other != mode {
					return cardErr(key, fmt.Sprintf("lists %q, which modes.%s lists too: a word names one mode", w, other))
				}
				owner[n] = mode
			}
			c.Modes[mode] = words
		}
	}
	if v, present := raw["govt_venue_words"]; present {
		words, err := cardList("govt_venue_words", v)
		if err != nil {
			return err
		}
		c.GovtVenueWords = words
	}
	return nil
}

// cardList reads a non-empty list of words.
func cardList(key string, v any) ([]string, error) {
	list, ok := v.([]any)
	if !ok || len(list) == 0 {
		return nil, cardErr(key, "must be a list of words in quotes")
	}
	var out []string
	for i, x := range list {
		s, ok := x.(string)
		if !ok || len(cardWordsOf(s)) == 0 {
			return nil, cardErr(fmt.Sprintf("%s[%d]", key, i), "must be a word in quotes")
		}
		out = append(out, strings.TrimSpace(s))
	}
	return out, nil
}

var officerClasses = []string{"I", "II", "III", "IV"}

func cardErr(key, reason string) error {
	return fmt.Errorf("%w: %s %s", ErrCard, key, reason)
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "text"
	case int64:
		return "a whole number"
	case float64:
		return "an unquoted decimal"
	case bool:
		return "true/false"
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

func cardText(raw map[string]any, key string) (string, error) {
	v, ok := raw[key]
	if !ok {
		return "", cardErr(key, "is missing")
	}
	s, ok := v.(string)
	if !ok {
		return "", cardErr(key, fmt.Sprintf("must be text in quotes, not %s", tomlType(v)))
	}
	if s = strings.TrimSpace(s); s == "" {
		return "", cardErr(key, "is empty")
	}
	return s, nil
}

func cardDate(raw map[string]any, key string) (time.Time, error) {
	v, ok := raw[key]
	if !ok {
		return time.Time{}, cardErr(key, "is missing")
	}
	switch t := v.(type) {
	case time.Time:
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), nil
	case string:
		d, err := time.Parse(time.DateOnly, strings.TrimSpace(t))
		if err != nil {
			return time.Time{}, cardErr(key, fmt.Sprintf("must be a date written 2015-08-13, not %q", t))
		}
		return d, nil
	}
	return time.Time{}, cardErr(key, fmt.Sprintf("must be a date written 2015-08-13, not %s", tomlType(v)))
}

// cardDecimal reads an integer or a quoted decimal; with pct, "12%" is also
// accepted and means 0.12. TOML floats are refused: they are not exact.
func cardDecimal(key string, v any, pct bool) (decimal.Decimal, error) {
	switch t := v.(type) {
	case int64:
		return decimal.NewFromInt(t), nil
	case string:
		s := strings.TrimSpace(t)
		percent := false
		if pct && strings.HasSuffix(s, "%") {
			percent = true
			s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		}
		d, err := decimal.NewFromString(s)
		if err != nil {
			want := "a number in quotes such as \"0.25\""
			if pct {
				want = "a share in quotes such as \"75%\" or \"0.75\""
			}
			return decimal.Decimal{}, cardErr(key, fmt.Sprintf("must be %s, not %q", want, t))
		}
		if percent {
			d = d.Div(decimal.NewFromInt(100))
		}
		return d, nil
	case float64:
		return decimal.Decimal{}, cardErr(key, fmt.Sprintf("is an unquoted decimal (%v): write it in quotes, e.g. \"%v\", so that it stays exact", t, t))
	}
	return decimal.Decimal{}, cardErr(key, fmt.Sprintf("must be a number, not %s", tomlType(v)))
}

// ErrCards is wrapped by NewCards's errors.
var ErrCards = errors.New("validate: bad set of rate cards")

// Cards is the set of rate cards the program knows, ordered by date.
type Cards struct {
	byDate []*Card // ascending EffectiveFrom
}

// NewCards returns the built-in card together with the loaded ones. Two
// cards with the same effective date are an error.
func NewCards(loaded ...*Card) (*Cards, error) {
	all := []*Card{Builtin()}
	for i, c := range loaded {
		if c == nil {
			return nil, fmt.Errorf("%w: card %d is nil", ErrCards, i+1)
		}
		if c == Builtin() {
			continue
		}
		all = append(all, c)
	}
	slices.SortStableFunc(all, func(a, b *Card) int { return a.EffectiveFrom.Compare(b.EffectiveFrom) })
	for i := 1; i < len(all); i++ {
		if all[i].EffectiveFrom.Equal(all[i-1].EffectiveFrom) {
			return nil, fmt.Errorf("%w: cards %q and %q both take effect on %s", ErrCards,
				all[i-1].Name, all[i].Name, all[i].EffectiveFrom.Format(time.DateOnly))
		}
	}
	return &Cards{byDate: all}, nil
}

// InForce returns the card in force on day's calendar date: the one with the
// latest effective date on or before it, or the earliest card for a day
// before every card. A zero Cards knows only the built-in card.
func (c *Cards) InForce(day time.Time) *Card {
	if c == nil || len(c.byDate) == 0 {
		return Builtin()
	}
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	in := c.byDate[0]
	for _, card := range c.byDate[1:] {
		if card.EffectiveFrom.After(d) {
			break
		}
		in = card
	}
	return in
}

// All returns the cards, earliest first.
func (c *Cards) All() []*Card { return slices.Clone(c.byDate) }
