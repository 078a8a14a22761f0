package validate

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"stpclaims"

	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// workedExample is docs/rules.md's worked example: P = 30, D = 5, G = 4, S = 8,
// A = 30, Go = 0, a venue that is neither an IMG centre nor Govt-owned,
// every line claimed at its cap and the largest advance claimed.
func workedExample() *stpclaims.AnnexureII {
	c := func(row string) string { return "Annexure II!C" + row }
	return &stpclaims.AnnexureII{
		Department:    text("Revenue", c("2")),
		Venue:         text("Town Hall, Kochi", c("3")),
		ProgrammeCode: text("STP/2026/014", c("5")),
		ProgrammeName: text("Office procedure", c("6")),
		StartDate:     date("2026-01-12", c("7")),
		EndDate:       date("2026-01-16", c("7")),
		TrainingDays:  cnt(5, c("7")),
		Participants:  cnt(30, c("8")),
		GuestFaculty:  cnt(4, c("9")),
		GuestSessions: cnt(8, c("10")),
		OfficerClass:  text("II & III", c("11")),
		ProgrammeType: text("District", c("12")),

		GFRemuneration:  amt("6000", c("13")),
		GFTA:            amt("2000", c("14")),
		CoordinationFee: amt("1500", c("15")),
		Stationery:      amt("3100", c("16")),
		Photocopy:       amt("3750", c("17")),
		Food:            amt("34215", c("18")),
		VenueHire:       amt("12500", c("19")),
		Miscellaneous:   amt("2750", c("20")),
		Subtotal:        amt("65815", c("21")),
		TAAdvance:       amt("16000", c("22")),
		DAAdvance:       amt("5000", c("23")),
		AdvanceClaimed:  amt("65100", c("25")),

		Coordinator:      text("K. Radha", c("26")),
		CoordinatorEmail: text("radha@kerala.gov.in", c("26")),
		AccountNo:        text("67890123456", c("27")),
		IFSC:             text("SBIN0070123", c("28")),
	}
}

// cleanClaim is the worked example without venue hire: no error and no
// deviation (only the photocopy info).
func cleanClaim() *stpclaims.AnnexureII {
	a := workedExample()
	a.VenueHire = stpclaims.Amount{Cell: a.VenueHire.Cell} // missing: nothing claimed
	a.Subtotal = amt("53315", a.Subtotal.Cell)
	a.AdvanceClaimed = amt("55700", a.AdvanceClaimed.Cell) // 75 % of 74315 = 55736.25
	return a
}

var received = day0("2025-12-20") // 23 days before the first day

func TestAnnexureII_WorkedExample(t *testing.T) {
	as := AnnexureII(workedExample(), Builtin(), received)
	wantCaps := map[string]string{
		"gf_remuneration": "6000", "gf_ta": "2000", "coordination_fee": "1500", "stationery": "3100",
		"photocopy": "3750", "food": "34215", "venue_hire": "12500", "miscellaneous": "2750",
		"ta_advance": "16000", "da_advance": "5000", "other_expenses": "0",
	}
	if len(as.Lines) != len(wantCaps) {
		t.Fatalf("got %d lines, want %d: %+v", len(as.Lines), len(wantCaps), as.Lines)
	}
	base := decimal.Zero
	for _, l := range as.Lines {
		want, ok := wantCaps[l.Field]
		if !ok {
			t.Errorf("unexpected line %s", l.Field)
			continue
		}
		if !l.Cap.Equal(d(want)) || !l.Admissible.Equal(d(want)) || !l.Claimed.Equal(d(want)) {
			t.Errorf("%s: claimed %s cap %s admissible %s, want all %s", l.Field, l.Claimed, l.Cap, l.Admissible, want)
		}
		if l.Field != "ta_advance" && l.Field != "da_advance" && l.Field != "other_expenses" {
			base = base.Add(l.Admissible)
		}
	}
	if !base.Equal(d("65815")) {
		t.Errorf("lines 9–16 admit %s, want 65815", base)
	}
	if got := base.Add(d("21000")).Mul(Builtin().AdvanceShareMax); !got.Equal(d("65111.25")) {
		t.Errorf("75 %% of the base = %s, want 65111.25", got)
	}
	if !as.MaxAdvance.Valid || !as.MaxAdvance.Decimal.Equal(d("65100")) {
		t.Errorf("MaxAdvance = %v, want 65100", as.MaxAdvance)
	}
	if !as.Totals.Claimed.Equal(d("86815")) || !as.Totals.Admissible.Equal(d("86815")) {
		t.Errorf("totals = %+v, want 86815 claimed and admissible", as.Totals)
	}
	// Venue hire at a venue that is not IMG's is a deviation, photocopy an info.
	if got := ruleIDs(as.Findings); !sameIDs(got, []string{"AII-PHOTOCOPY-SAMPLE", "AII-VENUE-GOVT"}) {
		t.Errorf("findings = %v", got)
	}
	if st := stpclaims.StatusOf(as.Findings); st != stpclaims.StatusReview {
		t.Errorf("status = %s, want review", st)
	}
	checkGolden(t, "annexure-worked", as)
}

func TestAnnexureII_Clean(t *testing.T) {
	as := AnnexureII(cleanClaim(), Builtin(), received)
	if got := ruleIDs(as.Findings); !sameIDs(got, []string{"AII-PHOTOCOPY-SAMPLE"}) {
		t.Fatalf("findings = %v, want only the photocopy info", got)
	}
	if st := stpclaims.StatusOf(as.Findings); st != stpclaims.StatusClean {
		t.Errorf("status = %s", st)
	}
	if !as.MaxAdvance.Decimal.Equal(d("55700")) {
		t.Errorf("MaxAdvance = %s, want 55700", as.MaxAdvance.Decimal)
	}
}

func TestAnnexureII_Rounding(t *testing.T) {
	t.Run("TA advance for 17 participants: 16000 × 17 / 30 = 9066.67 → 9067", func(t *testing.T) {
		a := cleanClaim()
		a.Participants = cnt(17, a.Participants.Cell)
		a.TAAdvance = amt("9100", a.TAAdvance.Cell)
		as := AnnexureII(a, Builtin(), received)
		l := lineOf(t, as, "ta_advance")
		if !l.Cap.Equal(d("9067")) || !l.Admissible.Equal(d("9067")) {
			t.Errorf("cap %s admissible %s, want 9067", l.Cap, l.Admissible)
		}
		f := rulesIn(as.Findings, "AII-TA-ADVANCE")
		if len(f) != 1 || !strings.Contains(f[0].Message, "Rs 9,067") {
			t.Errorf("finding = %+v", f)
		}
	})
	t.Run("largest advance ending in 50 rounds up", func(t *testing.T) {
		a := cleanClaim()
		a.Photocopy = amt("3635", a.Photocopy.Cell) // base 74200, 75 % = 55650
		as := AnnexureII(a, Builtin(), received)
		if !as.MaxAdvance.Decimal.Equal(d("55700")) {
			t.Errorf("MaxAdvance = %s, want 55700 (half-up, not banker's 55600)", as.MaxAdvance.Decimal)
		}
	})
	for _, c := range []struct{ in, rupee, hundred string }{
		{"9066.666666", "9067", "9100"},
		{"2.5", "3", "0"},
		{"0.5", "1", "0"},
		{"65111.25", "65111", "65100"},
		{"65150", "65150", "65200"},
		{"65149.99", "65150", "65100"},
		{"55650", "55650", "55700"},
	} {
		t.Run("round "+c.in, func(t *testing.T) {
			if got := roundRupee(d(c.in)); !got.Equal(d(c.rupee)) {
				t.Errorf("roundRupee = %s, want %s", got, c.rupee)
			}
			if got := roundTo(d(c.in), d("100")); !got.Equal(d(c.hundred)) {
				t.Errorf("roundTo 100 = %s, want %s", got, c.hundred)
			}
		})
	}
}

func lineOf(t *testing.T, as stpclaims.Assessment, field string) stpclaims.Line {
	t.Helper()
	for _, l := range as.Lines {
		if l.Field == field {
			return l
		}
	}
	t.Fatalf("no line %s in %+v", field, as.Lines)
	return stpclaims.Line{}
}

func TestAnnexureII_Rules(t *testing.T) {
	type mutate = func(a *stpclaims.AnnexureII)
	none := func(*stpclaims.AnnexureII) {}
	atIMG := func(a *stpclaims.AnnexureII) { a.Venue = text("IMG Regional Centre, Kochi", a.Venue.Cell) }
	cases := []struct {
		ruleCase
		mutate   mutate
		received time.Time
	}{
		{ruleCase{name: "all there", rule: "AII-REQUIRED"}, none, time.Time{}},
		{ruleCase{name: "code missing", rule: "AII-REQUIRED", fires: true, field: "programme_code"},
			func(a *stpclaims.AnnexureII) { a.ProgrammeCode = stpclaims.Text{Cell: "Annexure II!B5"} }, time.Time{}},
		{ruleCase{name: "participants unreadable", rule: "AII-REQUIRED", fires: true, field: "participants"},
			func(a *stpclaims.AnnexureII) { a.Participants = unreadable[int]("thirty or so", "Annexure II!C8") }, time.Time{}},
		{ruleCase{name: "food unreadable", rule: "AII-REQUIRED", fires: true, field: "food"},
			func(a *stpclaims.AnnexureII) {
				a.Food = unreadable[decimal.Decimal]("as per actual", "Annexure II!C18")
			}, time.Time{}},
		{ruleCase{name: "advance claimed empty", rule: "AII-REQUIRED", fires: true, field: "advance_claimed"},
			func(a *stpclaims.AnnexureII) { a.AdvanceClaimed = stpclaims.Amount{} }, time.Time{}},

		{ruleCase{name: "5 days in 5", rule: "AII-DATES"}, none, time.Time{}},
		{ruleCase{name: "ends before it starts", rule: "AII-DATES", fires: true, field: "end_date"},
			func(a *stpclaims.AnnexureII) { a.EndDate = date("2026-01-10", a.EndDate.Cell) }, time.Time{}},
		{ruleCase{name: "6 days in 5", rule: "AII-DATES", fires: true, field: "training_days"},
			func(a *stpclaims.AnnexureII) { a.TrainingDays = cnt(6, a.TrainingDays.Cell) }, time.Time{}},
		{ruleCase{name: "no days", rule: "AII-DATES", fires: true, field: "training_days"},
			func(a *stpclaims.AnnexureII) { a.TrainingDays = cnt(0, a.TrainingDays.Cell) }, time.Time{}},

		{ruleCase{name: "30", rule: "AII-BATCH"}, none, time.Time{}},
		{ruleCase{name: "31", rule: "AII-BATCH", fires: true, field: "participants"},
			func(a *stpclaims.AnnexureII) { a.Participants = cnt(31, a.Participants.Cell) }, time.Time{}},
		{ruleCase{name: "0", rule: "AII-BATCH", fires: true, severity: stpclaims.SeverityError},
			func(a *stpclaims.AnnexureII) { a.Participants = cnt(0, a.Participants.Cell) }, time.Time{}},

		{ruleCase{name: "II & III", rule: "AII-CLASS"}, none, time.Time{}},
		{ruleCase{name: "Class I and II", rule: "AII-CLASS"},
			func(a *stpclaims.AnnexureII) { a.OfficerClass = text("Class I and II", "") }, time.Time{}},
		{ruleCase{name: "V", rule: "AII-CLASS", fires: true, field: "officer_class"},
			func(a *stpclaims.AnnexureII) { a.OfficerClass = text("II, V", "") }, time.Time{}},
		{ruleCase{name: "Gazetted", rule: "AII-CLASS", fires: true},
			func(a *stpclaims.AnnexureII) { a.OfficerClass = text("Gazetted", "") }, time.Time{}},

		{ruleCase{name: "District", rule: "AII-TYPE"}, none, time.Time{}},
		{ruleCase{name: "state level", rule: "AII-TYPE"},
			func(a *stpclaims.AnnexureII) { a.ProgrammeType = text("state level", "") }, time.Time{}},
		{ruleCase{name: "National", rule: "AII-TYPE", fires: true, field: "programme_type"},
			func(a *stpclaims.AnnexureII) { a.ProgrammeType = text("National", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-GF-REMUNERATION"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-GF-REMUNERATION", fires: true, field: "gf_remuneration", allowed: "6000", admit: "6000"},
			func(a *stpclaims.AnnexureII) { a.GFRemuneration = amt("6001", "") }, time.Time{}},

		{ruleCase{name: "18 of 18 paid", rule: "AII-GF-SESSIONS"},
			func(a *stpclaims.AnnexureII) { a.GuestSessions = cnt(18, "") }, time.Time{}},
		{ruleCase{name: "19", rule: "AII-GF-SESSIONS", fires: true, field: "guest_sessions"},
			func(a *stpclaims.AnnexureII) { a.GuestSessions = cnt(19, "") }, time.Time{}},

		{ruleCase{name: "10 of 20", rule: "AII-GF-SHARE"},
			func(a *stpclaims.AnnexureII) { a.GuestSessions = cnt(10, "") }, time.Time{}},
		{ruleCase{name: "11 of 20", rule: "AII-GF-SHARE", fires: true, field: "guest_sessions"},
			func(a *stpclaims.AnnexureII) { a.GuestSessions = cnt(11, "") }, time.Time{}},

		{ruleCase{name: "4 for 8", rule: "AII-GF-COUNT"}, none, time.Time{}},
		{ruleCase{name: "sessions without faculty", rule: "AII-GF-COUNT", fires: true, field: "guest_faculty"},
			func(a *stpclaims.AnnexureII) { a.GuestFaculty = cnt(0, "") }, time.Time{}},
		{ruleCase{name: "more faculty than sessions", rule: "AII-GF-COUNT", fires: true},
			func(a *stpclaims.AnnexureII) { a.GuestFaculty = cnt(9, "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-GF-TA"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-GF-TA", fires: true, allowed: "2000"},
			func(a *stpclaims.AnnexureII) { a.GFTA = amt("2001", "") }, time.Time{}},
		{ruleCase{name: "one outstation at cap", rule: "AII-GF-TA"},
			func(a *stpclaims.AnnexureII) { a.OutstationGuestFaculty = cnt(1, ""); a.GFTA = amt("2500", "") }, time.Time{}},
		{ruleCase{name: "one outstation over", rule: "AII-GF-TA", fires: true, allowed: "2500"},
			func(a *stpclaims.AnnexureII) { a.OutstationGuestFaculty = cnt(1, ""); a.GFTA = amt("2501", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-COORD-FEE"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-COORD-FEE", fires: true, allowed: "1500"},
			func(a *stpclaims.AnnexureII) { a.CoordinationFee = amt("1501", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-STATIONERY"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-STATIONERY", fires: true, allowed: "3100"},
			func(a *stpclaims.AnnexureII) { a.Stationery = amt("3101", "") }, time.Time{}},
		{ruleCase{name: "at an IMG centre the in-house rule speaks", rule: "AII-STATIONERY"},
			func(a *stpclaims.AnnexureII) { atIMG(a); a.Stationery = amt("5000", "") }, time.Time{}},

		{ruleCase{name: "elsewhere", rule: "AII-STATIONERY-INHOUSE"}, none, time.Time{}},
		{ruleCase{name: "IMG centre, nothing claimed", rule: "AII-STATIONERY-INHOUSE"},
			func(a *stpclaims.AnnexureII) { atIMG(a); a.Stationery = stpclaims.Amount{} }, time.Time{}},
		{ruleCase{name: "IMG centre", rule: "AII-STATIONERY-INHOUSE", fires: true, field: "stationery", allowed: "0", admit: "0"}, atIMG, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-PHOTOCOPY"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-PHOTOCOPY", fires: true, allowed: "3750"},
			func(a *stpclaims.AnnexureII) { a.Photocopy = amt("3751", "") }, time.Time{}},

		{ruleCase{name: "none claimed", rule: "AII-PHOTOCOPY-SAMPLE"},
			func(a *stpclaims.AnnexureII) { a.Photocopy = amt("0", "") }, time.Time{}},
		{ruleCase{name: "claimed", rule: "AII-PHOTOCOPY-SAMPLE", fires: true, field: "photocopy"}, none, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-FOOD"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-FOOD", fires: true, allowed: "34215", admit: "34215"},
			func(a *stpclaims.AnnexureII) { a.Food = amt("34216", "") }, time.Time{}},
		{ruleCase{name: "20 of 30 accommodated", rule: "AII-FOOD", fires: true, allowed: "29465"},
			func(a *stpclaims.AnnexureII) { a.Accommodated = cnt(20, "") }, time.Time{}},
		{ruleCase{name: "accommodated unreadable: not guessed", rule: "AII-FOOD"},
			func(a *stpclaims.AnnexureII) { a.Accommodated = unreadable[int]("most", ""); a.Food = amt("99999", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-VENUE"},
			func(a *stpclaims.AnnexureII) { a.VenueHire = amt("12500", "") }, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-VENUE", fires: true, allowed: "12500"},
			func(a *stpclaims.AnnexureII) { a.VenueHire = amt("12501", "") }, time.Time{}},

		{ruleCase{name: "none", rule: "AII-VENUE-GOVT"}, none, time.Time{}},
		{ruleCase{name: "hired elsewhere", rule: "AII-VENUE-GOVT", fires: true, severity: stpclaims.SeverityDeviation, field: "venue_hire"},
			func(a *stpclaims.AnnexureII) { a.VenueHire = amt("5000", "") }, time.Time{}},
		{ruleCase{name: "Govt-owned", rule: "AII-VENUE-GOVT", fires: true, severity: stpclaims.SeverityError, allowed: "0", admit: "0"},
			func(a *stpclaims.AnnexureII) { a.VenueHire = amt("5000", ""); a.VenueGovtOwned = yes(true, "") }, time.Time{}},
		{ruleCase{name: "IMG centre", rule: "AII-VENUE-GOVT", fires: true, severity: stpclaims.SeverityError},
			func(a *stpclaims.AnnexureII) { atIMG(a); a.VenueHire = amt("5000", "") }, time.Time{}},
		{ruleCase{name: "Govt-owned by its name", rule: "AII-VENUE-GOVT", fires: true, severity: stpclaims.SeverityError, allowed: "0", admit: "0"},
			func(a *stpclaims.AnnexureII) {
				a.VenueHire = amt("5000", "")
				a.Venue = text("Govt. Guest House, Kollam", a.Venue.Cell)
			}, time.Time{}},
		{ruleCase{name: "the form says not Govt-owned, the name says Govt", rule: "AII-VENUE-GOVT", fires: true, severity: stpclaims.SeverityDeviation},
			func(a *stpclaims.AnnexureII) {
				a.VenueHire = amt("5000", "")
				a.Venue = text("PWD Rest House, Munnar", a.Venue.Cell)
				a.VenueGovtOwned = yes(false, "")
			}, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-MISC"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-MISC", fires: true, allowed: "2750"},
			func(a *stpclaims.AnnexureII) { a.Miscellaneous = amt("2751", "") }, time.Time{}},

		{ruleCase{name: "adds up", rule: "AII-SUBTOTAL"}, none, time.Time{}},
		{ruleCase{name: "one out", rule: "AII-SUBTOTAL", fires: true, field: "subtotal"},
			func(a *stpclaims.AnnexureII) { a.Subtotal = amt("53316", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-TA-ADVANCE"}, none, time.Time{}},
		{ruleCase{name: "17 participants", rule: "AII-TA-ADVANCE", fires: true, allowed: "9067"},
			func(a *stpclaims.AnnexureII) { a.Participants = cnt(17, ""); a.TAAdvance = amt("9068", "") }, time.Time{}},
		{ruleCase{name: "17 participants at cap", rule: "AII-TA-ADVANCE"},
			func(a *stpclaims.AnnexureII) { a.Participants = cnt(17, ""); a.TAAdvance = amt("9067", "") }, time.Time{}},

		{ruleCase{name: "at cap", rule: "AII-DA-ADVANCE"}, none, time.Time{}},
		{ruleCase{name: "one over", rule: "AII-DA-ADVANCE", fires: true, allowed: "5000"},
			func(a *stpclaims.AnnexureII) { a.DAAdvance = amt("5001", "") }, time.Time{}},

		{ruleCase{name: "none", rule: "AII-OTHER"}, none, time.Time{}},
		{ruleCase{name: "claimed", rule: "AII-OTHER", fires: true, field: "other_expenses"},
			func(a *stpclaims.AnnexureII) { a.OtherExpenses = amt("4000", "") }, time.Time{}},

		{ruleCase{name: "at the largest", rule: "AII-ADVANCE-CAP"}, none, time.Time{}},
		{ruleCase{name: "100 over", rule: "AII-ADVANCE-CAP", fires: true, allowed: "55700"},
			func(a *stpclaims.AnnexureII) { a.AdvanceClaimed = amt("55800", "") }, time.Time{}},
		{ruleCase{name: "over-claimed lines count at their caps", rule: "AII-ADVANCE-CAP", fires: true, allowed: "55700"},
			func(a *stpclaims.AnnexureII) {
				a.Food = amt("40000", "")
				a.Subtotal = amt("59100", "")
				a.AdvanceClaimed = amt("60000", "")
			}, time.Time{}},

		{ruleCase{name: "round", rule: "AII-ADVANCE-ROUND"}, none, time.Time{}},
		{ruleCase{name: "not round", rule: "AII-ADVANCE-ROUND", fires: true},
			func(a *stpclaims.AnnexureII) { a.AdvanceClaimed = amt("55650", "") }, time.Time{}},

		{ruleCase{name: "14 days before", rule: "AII-LEAD-TIME"}, none, day0("2025-12-29")},
		{ruleCase{name: "13 days before", rule: "AII-LEAD-TIME", fires: true, field: "start_date"}, none, day0("2025-12-30")},
		{ruleCase{name: "after it started", rule: "AII-LEAD-TIME", fires: true}, none, day0("2026-01-13")},

		{ruleCase{name: "one value each", rule: "AII-CONFLICT"}, none, time.Time{}},
		{ruleCase{name: "food written twice", rule: "AII-CONFLICT", fires: true, field: "food"},
			func(a *stpclaims.AnnexureII) {
				a.Food = unreadable[decimal.Decimal]("34215", a.Food.Cell)
				a.Conflicts = []stpclaims.Conflict{{Field: "food", Cells: [2]string{a.Food.Cell, "Annexure II!C40"}, Raws: [2]string{"34215", "12000"}}}
			}, time.Time{}},
		{ruleCase{name: "words disagree with the figure", rule: "AII-CONFLICT", fires: true, field: "participants"},
			func(a *stpclaims.AnnexureII) {
				a.Conflicts = []stpclaims.Conflict{{Field: "participants", Cells: [2]string{a.Participants.Cell, a.Participants.Cell},
					Raws: [2]string{"30 (twenty)", "twenty"}, Words: true}}
			}, time.Time{}},

		{ruleCase{name: "well formed", rule: "AII-ACCOUNT"},
			func(a *stpclaims.AnnexureII) { a.AccountNo = text("6789 0123 4567", "") }, time.Time{}},
		{ruleCase{name: "short account", rule: "AII-ACCOUNT", fires: true, field: "account_no"},
			func(a *stpclaims.AnnexureII) { a.AccountNo = text("12345678", "") }, time.Time{}},
		{ruleCase{name: "bad IFSC", rule: "AII-ACCOUNT", fires: true, field: "ifsc"},
			func(a *stpclaims.AnnexureII) { a.IFSC = text("SBIN1070123", "") }, time.Time{}},
		{ruleCase{name: "bad e-mail", rule: "AII-ACCOUNT", fires: true, field: "coordinator_email"},
			func(a *stpclaims.AnnexureII) { a.CoordinatorEmail = text("radha@", "") }, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.rule+"/"+c.name, func(t *testing.T) {
			a := cleanClaim()
			c.mutate(a)
			rec := received
			if !c.received.IsZero() {
				rec = c.received
			}
			checkRuleCase(t, c.ruleCase, AnnexureII(a, Builtin(), rec).Findings)
		})
	}
}

func TestAnnexureII_Messages(t *testing.T) {
	a := cleanClaim()
	a.Food = amt("40000", a.Food.Cell)
	a.Participants = cnt(30, a.Participants.Cell)
	as := AnnexureII(a, Builtin(), received)
	f := rulesIn(as.Findings, "AII-FOOD")
	if len(f) != 1 {
		t.Fatalf("AII-FOOD findings: %+v", f)
	}
	want := "Food & Refreshments (line 14) may be at most Rs 34,215 for 30 participants over 5 days (Rs 216 a day each, and Rs 121 for 3 extra persons); Rs 40,000 is claimed."
	if f[0].Message != want {
		t.Errorf("message\n got %q\nwant %q", f[0].Message, want)
	}
	if want := "reduce to Rs 34,215 (over by Rs 5,785)"; f[0].Action != want {
		t.Errorf("action\n got %q\nwant %q", f[0].Action, want)
	}
	if f[0].Cell != "Annexure II!C18" {
		t.Errorf("cell = %q", f[0].Cell)
	}
	t.Run("missing and unreadable say so", func(t *testing.T) {
		a := cleanClaim()
		a.ProgrammeCode = stpclaims.Text{Cell: "Annexure II!B5"}
		a.Participants = unreadable[int]("thirty or so", "Annexure II!C8")
		fs := rulesIn(AnnexureII(a, Builtin(), received).Findings, "AII-REQUIRED")
		if len(fs) != 2 {
			t.Fatalf("got %+v", fs)
		}
		if fs[0].Action != "fill it in" || !strings.Contains(fs[0].Message, "does not give the Training Programme Code (line 1)") || fs[0].Cell != "Annexure II!B5" {
			t.Errorf("missing: %+v", fs[0])
		}
		if fs[1].Action != "write it as a whole number" || !strings.Contains(fs[1].Message, `"thirty or so", written for the No. of participants (line 4), could not be read`) || fs[1].Cell != "Annexure II!C8" {
			t.Errorf("unreadable: %+v", fs[1])
		}
	})
}

// TestAnnexureII_Conflict checks that a field given twice is reported
// once, by AII-CONFLICT naming both cells, not again as unreadable, and
// that the line it is on admits nothing (no largest advance is guessed).
func TestAnnexureII_Conflict(t *testing.T) {
	a := cleanClaim()
	a.Food = unreadable[decimal.Decimal]("34215", "Annexure II!C18")
	a.Conflicts = []stpclaims.Conflict{{Field: "food", Cells: [2]string{"Annexure II!C18", "Annexure II!C40"}, Raws: [2]string{"34215", "12000"}}}
	as := AnnexureII(a, Builtin(), received)
	if f := rulesIn(as.Findings, "AII-REQUIRED"); len(f) != 0 {
		t.Errorf("AII-REQUIRED repeats the conflict: %+v", f)
	}
	f := rulesIn(as.Findings, "AII-CONFLICT")
	if len(f) != 1 || f[0].Cell != "Annexure II!C18" || f[0].Severity != stpclaims.SeverityError {
		t.Fatalf("AII-CONFLICT findings: %+v", f)
	}
	want := `The Food & Refreshments (line 14) is written twice with different values, "34215" at C18 of sheet 'Annexure II' and "12000" at C40 of sheet 'Annexure II'; neither is taken.`
	if f[0].Message != want || f[0].Action != "keep the right value and remove the other" {
		t.Errorf("message\n got %q (%q)\nwant %q", f[0].Message, f[0].Action, want)
	}
	if as.MaxAdvance.Valid {
		t.Errorf("largest advance %v computed with food unknown", as.MaxAdvance)
	}
	t.Run("blank in the form's second copy", func(t *testing.T) {
		a := cleanClaim()
		a.Food = unreadable[decimal.Decimal]("34215", "Annexure II!C18")
		a.Conflicts = []stpclaims.Conflict{{Field: "food", Cells: [2]string{"Annexure II!C18", "Annexure II!C48"}, Raws: [2]string{"34215", ""}}}
		f := rulesIn(AnnexureII(a, Builtin(), received).Findings, "AII-CONFLICT")
		want := `The Food & Refreshments (line 14) is written twice with different values, "34215" at C18 of sheet 'Annexure II' and nothing at C48 of sheet 'Annexure II' (the form is on the sheet twice); neither is taken.`
		if len(f) != 1 || f[0].Message != want {
			t.Fatalf("AII-CONFLICT findings: %+v\nwant the message %q", f, want)
		}
	})
	t.Run("words", func(t *testing.T) {
		a := cleanClaim()
		a.Conflicts = []stpclaims.Conflict{{Field: "food", Cells: [2]string{a.Food.Cell, a.Food.Cell}, Raws: [2]string{"34,215 (Rupees thirty thousand only)", "rupees thirty thousand only"}, Words: true}}
		as := AnnexureII(a, Builtin(), received)
		f := rulesIn(as.Findings, "AII-CONFLICT")
		if len(f) != 1 || !strings.Contains(f[0].Message, "the figure is taken") {
			t.Fatalf("AII-CONFLICT findings: %+v", f)
		}
		if !as.MaxAdvance.Valid {
			t.Error("the figure stands: the largest advance should be computed")
		}
	})
}

func TestAnnexureII_Skips(t *testing.T) {
	t.Run("no participants: caps that need them are not guessed", func(t *testing.T) {
		a := cleanClaim()
		a.Participants = stpclaims.Count{}
		as := AnnexureII(a, Builtin(), received)
		for _, l := range as.Lines {
			if l.Field == "food" || l.Field == "stationery" || l.Field == "ta_advance" {
				t.Errorf("line %s has a cap without participants", l.Field)
			}
		}
		if as.MaxAdvance.Valid {
			t.Errorf("MaxAdvance = %s without participants", as.MaxAdvance.Decimal)
		}
		for _, id := range []string{"AII-FOOD", "AII-STATIONERY", "AII-TA-ADVANCE", "AII-ADVANCE-CAP"} {
			if len(rulesIn(as.Findings, id)) > 0 {
				t.Errorf("%s fired without participants", id)
			}
		}
		if len(rulesIn(as.Findings, "AII-REQUIRED")) != 1 {
			t.Errorf("want one AII-REQUIRED, got %v", ruleIDs(as.Findings))
		}
	})
	t.Run("findings in form order", func(t *testing.T) {
		a := cleanClaim()
		a.AdvanceClaimed = amt("99999", a.AdvanceClaimed.Cell)
		a.Food = amt("40000", a.Food.Cell)
		a.Participants = cnt(31, a.Participants.Cell)
		got := ruleIDs(AnnexureII(a, Builtin(), day0("2026-01-10")).Findings)
		want := []string{"AII-LEAD-TIME", "AII-BATCH", "AII-PHOTOCOPY-SAMPLE", "AII-FOOD", "AII-SUBTOTAL", "AII-ADVANCE-CAP", "AII-ADVANCE-ROUND"}
		if !sameIDs(got, want) {
			t.Errorf("order\n got %v\nwant %v", got, want)
		}
	})
}

// checkGolden compares v, as indented JSON, with testdata/name.golden.json;
// -update rewrites the file.
func checkGolden(t *testing.T, name string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", name+".golden.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (run with -update after checking):\n%s", path, got)
	}
}

func BenchmarkAnnexureII(b *testing.B) {
	a := workedExample()
	card := Builtin()
	for b.Loop() {
		AnnexureII(a, card, received)
	}
}

func TestAnnexureII_AdvanceRoundSuggestion(t *testing.T) {
	// cleanClaim's largest advance is Rs 55,700.
	for _, c := range []struct {
		name, claimed  string
		noParticipants bool
		action         string
	}{
		{"above the largest: the largest is the suggestion", "57250", false, "write Rs 55,700 or less, a multiple of 100"},
		{"below the largest: the nearest multiple", "53750", false, "write a multiple of 100, such as Rs 53,800"},
		{"just below the largest rounds up to it, not past it", "55690", false, "write a multiple of 100, such as Rs 55,700"},
		{"under 50: the smallest multiple, not nothing", "30", false, "write a multiple of 100, such as Rs 100"},
		{"largest unknown: the nearest multiple", "57250", true, "write a multiple of 100, such as Rs 57,300"},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := cleanClaim()
			a.AdvanceClaimed = amt(c.claimed, a.AdvanceClaimed.Cell)
			if c.noParticipants {
				a.Participants = unreadable[int]("thirty", a.Participants.Cell)
			}
			as := AnnexureII(a, Builtin(), received)
			f := rulesIn(as.Findings, "AII-ADVANCE-ROUND")
			if len(f) != 1 {
				t.Fatalf("AII-ADVANCE-ROUND: %+v", f)
			}
			if f[0].Action != c.action {
				t.Errorf("action\n got %q\nwant %q", f[0].Action, c.action)
			}
			if f[0].Allowed != as.MaxAdvance {
				t.Errorf("allowed = %v, want the largest advance %v", f[0].Allowed, as.MaxAdvance)
			}
		})
	}
}

func TestAnnexureII_Pending(t *testing.T) {
	mp := func(field string, st stpclaims.State) stpclaims.Pending {
		return stpclaims.Pending{Figure: stpclaims.FigureMaxAdvance, Field: field, State: st}
	}
	line := func(fig, field string, st stpclaims.State) stpclaims.Pending {
		return stpclaims.Pending{Figure: fig, Field: field, State: st}
	}
	for _, c := range []struct {
		name   string
		mutate func(a *stpclaims.AnnexureII)
		want   []stpclaims.Pending
	}{
		{"all there: nothing pending", func(*stpclaims.AnnexureII) {}, nil},
		{"participants unreadable", func(a *stpclaims.AnnexureII) { a.Participants = unreadable[int]("thirty", a.Participants.Cell) },
			[]stpclaims.Pending{
				line("stationery", "participants", stpclaims.Unreadable), line("food", "participants", stpclaims.Unreadable),
				line("ta_advance", "participants", stpclaims.Unreadable), line("da_advance", "participants", stpclaims.Unreadable),
				mp("participants", stpclaims.Unreadable),
			}},
		{"participants 0: present but not usable", func(a *stpclaims.AnnexureII) { a.Participants = cnt(0, a.Participants.Cell) },
			[]stpclaims.Pending{
				line("stationery", "participants", stpclaims.Present), line("food", "participants", stpclaims.Present),
				line("ta_advance", "participants", stpclaims.Present), line("da_advance", "participants", stpclaims.Present),
				mp("participants", stpclaims.Present),
			}},
		{"food unreadable", func(a *stpclaims.AnnexureII) {
			a.Food = unreadable[decimal.Decimal]("as per actual", a.Food.Cell)
		}, []stpclaims.Pending{line("food", "food", stpclaims.Unreadable), mp("food", stpclaims.Unreadable)}},
		{"other expenses unreadable: the total waits, the advance does not", func(a *stpclaims.AnnexureII) {
			a.OtherExpenses = unreadable[decimal.Decimal]("some", "Annexure II!C24")
		}, []stpclaims.Pending{line("other_expenses", "other_expenses", stpclaims.Unreadable)}},
		{"sessions missing, remuneration claimed", func(a *stpclaims.AnnexureII) { a.GuestSessions = stpclaims.Count{} },
			[]stpclaims.Pending{line("gf_remuneration", "guest_sessions", stpclaims.Missing), mp("guest_sessions", stpclaims.Missing)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := cleanClaim()
			c.mutate(a)
			as := AnnexureII(a, Builtin(), received)
			if !slices.Equal(as.Pending, c.want) {
				t.Errorf("pending\n got %v\nwant %v", as.Pending, c.want)
			}
			blocked := slices.ContainsFunc(c.want, func(p stpclaims.Pending) bool { return p.Figure == stpclaims.FigureMaxAdvance })
			if as.MaxAdvance.Valid == blocked {
				t.Errorf("largest advance %v with pending %v", as.MaxAdvance, as.Pending)
			}
		})
	}
}

// TestAnnexureII_GovtVenueWords: the message says which word of the rate
// card made the venue Govt-owned, and a venue the form says is not
// Govt-owned whose name says otherwise is put to the facilitator.
func TestAnnexureII_GovtVenueWords(t *testing.T) {
	a := cleanClaim()
	a.Venue = text("Govt. Guest House, Kollam", a.Venue.Cell)
	a.VenueHire = amt("5000", a.VenueHire.Cell)
	as := AnnexureII(a, Builtin(), received)
	f := rulesIn(as.Findings, "AII-VENUE-GOVT")
	want := `Hiring charges are not admissible at a Govt-owned venue ("Govt. Guest House, Kollam", by the rate card's word "govt").`
	if len(f) != 1 || f[0].Message != want {
		t.Errorf("AII-VENUE-GOVT: %+v\nwant %q", f, want)
	}
	for _, l := range as.Lines {
		if l.Field == "venue_hire" && !l.Admissible.IsZero() {
			t.Errorf("venue hire admitted: %+v", l)
		}
	}
	a.VenueGovtOwned = yes(false, "")
	f = rulesIn(AnnexureII(a, Builtin(), received).Findings, "AII-VENUE-GOVT")
	if len(f) != 1 || f[0].Severity != stpclaims.SeverityDeviation || !strings.Contains(f[0].Message, `holds the rate card's word "govt"`) {
		t.Errorf("form says no: %+v", f)
	}
}
