package read

import (
	"slices"
	"strings"
	"testing"

	"stpclaims"
)

// TestLoadLabels_Errors checks that a labels file an office has got wrong
// is refused with the section and key, not read half.
func TestLoadLabels_Errors(t *testing.T) {
	t.Cleanup(func() {
		if err := loadLabels(labelsTOML); err != nil {
			t.Fatal(err)
		}
	})
	base := func(extra string) string { return labelsTOML + "\n" + extra + "\n" }
	tests := []struct {
		name, text, want string
	}{
		{"one spelling for two fields", base("[annexure2.extra]\nen = [\"Food & Refreshments\"]"), `names both [annexure2.food] and [annexure2.extra]`},
		{"exact and not", base("[annexure2.extra]\nen = [\"=stationery\"]"), `names both`},
		{"nothing but punctuation", base("[annexure2.extra]\nen = [\"(Rs.)\"]"), `is no label`},
		{"misspelt list", base("[annexure2.extra]\neng = [\"extra\"]"), `annexure2.extra.eng is not a field's en or ml list`},
		{"broken TOML", "[annexure2.food\n", `labels.toml`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := loadLabels(tt.text)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("loadLabels: %v, want an error containing %q", err, tt.want)
			}
		})
	}
	if err := loadLabels(strings.ReplaceAll(labelsTOML, "[settlement_columns.", "[settlement_columnz.")); err == nil || !strings.Contains(err.Error(), `no section "settlement_columns"`) {
		t.Errorf("a missing section: %v", err)
	}
}

// TestVocab_KeysTheReadersUse checks that labels.toml has an entry for
// every field and column the readers look for.
func TestVocab_KeysTheReadersUse(t *testing.T) {
	annexure := []string{"department", "venue", "programme_code", "programme_name", "duration", "start_date", "end_date",
		"training_days", "participants", "accommodated", "guest_faculty", "outstation_guest_faculty", "guest_sessions",
		"officer_class", "programme_type", "venue_govt_owned", "coordinator", "coordinator_designation", "coordinator_phone",
		"coordinator_email", "account_no", "ifsc", "facilitator", "facilitator_email"}
	for _, m := range (&stpclaims.AnnexureII{}).MoneyLines() {
		annexure = append(annexure, m.Field)
	}
	settlement := []string{"programme_code", "programme_name", "start_date", "end_date", "duration", "training_days",
		"participants", "accommodated", "guest_faculty", "outstation_guest_faculty", "guest_sessions", "venue",
		"venue_govt_owned", "advance_received", "advance_date", "settled_on", "date", "item1", "item2", "item3", "item4",
		"item5", "item6", "item7"}
	settlement = append(settlement, expenseFields...)
	for _, tt := range []struct {
		v    *vocab
		keys []string
	}{
		{annexureVocab, annexure},
		{amountColumnVocab, []string{"amount"}},
		{taHeaderVocab, []string{"programme_code", "programme_name", "start_date", "end_date", "duration", "training_days"}},
		{participantVocab, participantKeys},
		{facultyVocab, facultyKeys},
		{totalRowVocab, []string{"total"}},
		{settlementVocab, settlement},
		{settlementColumnVocab, []string{"actual", "enclosed"}},
		{marksVocab, []string{"settlement", "ta_bill_sheet"}},
	} {
		for _, k := range tt.keys {
			if !slices.Contains(tt.v.keys, k) {
				t.Errorf("labels.toml has no [%s.%s]", tt.v.section, k)
			}
		}
	}
}

// TestVocab_EverySpelling looks up every spelling of labels.toml as a
// form would write it: alone, and beside the field's first spelling in the
// other language in both orders ("Malayalam / English", "English
// (Malayalam)"). Each must name its own field: a spelling that another
// field's spelling shadows fails here.
func TestVocab_EverySpelling(t *testing.T) {
	lf, err := parseLabelFile(labelsTOML)
	if err != nil {
		t.Fatal(err)
	}
	vocabs := map[string]*vocab{
		"annexure2": annexureVocab, "annexure2_columns": amountColumnVocab, "ta_header": taHeaderVocab,
		"participants": participantVocab, "faculty": facultyVocab, "table_rows": totalRowVocab,
		"settlement": settlementVocab, "settlement_columns": settlementColumnVocab,
	}
	for section, v := range vocabs {
		for _, key := range lf.order[section] {
			sp := lf.sections[section][key]
			if len(sp.En) == 0 || len(sp.Ml) == 0 {
				t.Errorf("[%s.%s] needs both an English and a Malayalam spelling", section, key)
				continue
			}
			firstEn, firstMl := strings.TrimPrefix(sp.En[0], "="), strings.TrimPrefix(sp.Ml[0], "=")
			var labels []string
			for _, s := range sp.En {
				s = strings.TrimPrefix(s, "=")
				labels = append(labels, s, firstMl+" / "+s, s+" ("+firstMl+")")
			}
			for _, s := range sp.Ml {
				s = strings.TrimPrefix(s, "=")
				labels = append(labels, s, s+" / "+firstEn, firstEn+" / "+s)
			}
			for _, label := range labels {
				norm := normalizeLabel(label)
				if v.clean != nil {
					norm = v.clean(norm)
				}
				if got := v.match(norm); got != key {
					t.Errorf("[%s] %q names %q, want %q", section, label, got, key)
				}
			}
		}
	}
}

// TestVocab_Bilingual checks labels as the issue found them on forms.
func TestVocab_Bilingual(t *testing.T) {
	tests := []struct {
		v           *vocab
		label, want string
	}{
		{annexureVocab, "പരിശീലന പരിപാടിയുടെ പേര് / Name of training Programme", "programme_name"},
		{annexureVocab, "Name of training Programme / പരിശീലന പരിപാടിയുടെ പേര്", "programme_name"},
		{annexureVocab, "2. പരിശീലന പരിപാടിയുടെ പേര്", "programme_name"},
		{annexureVocab, "൪. പങ്കെടുക്കുന്നവരുടെ എണ്ണം (No. of participants)", "participants"},
		{annexureVocab, "ആകെ (9 മുതൽ 16 വരെ) / Total (Sl.No.9 to 16)", "subtotal"},
		{annexureVocab, "ഭക്ഷണവും ലഘുഭക്ഷണവും (രൂപ)", "food"},
		{annexureVocab, "കോ-ഓർഡിനേഷൻ ഫീസ്", "coordination_fee"},
		{annexureVocab, "കോ-ഓര്‍ഡിനേഷന്‍ ഫീസ്", "coordination_fee"}, // old chillu letters, joiners
		{annexureVocab, "Designation / ഉദ്യോഗപ്പേര്", "coordinator_designation"},
		{annexureVocab, "മുതൽ / From", "start_date"},
		{annexureVocab, "Unknown words / പരിശീലന പരിപാടിയുടെ കോഡ്", "programme_code"},
		{annexureVocab, "Training Programme Code / അറിയാത്ത വാക്ക്", "programme_code"},
		{annexureVocab, "അറിയാത്ത വാക്ക്", ""},
		{participantVocab, "പേര് / Name", "name"},
		{participantVocab, "Name / പേര്", "name"},
		{participantVocab, "ആസ്ഥാനത്തു നിന്നുള്ള ദൂരം (കി.മീ.)", "distance"},
		{participantVocab, "യാത്രാക്കൂലി / Fare claimed", "fare_claimed"},
		{participantVocab, "ദിനബത്ത / DA", "da_claimed"},
		{facultyVocab, "സർക്കാർ ജീവനക്കാരനാണോ (Y/N)", "govt"},
		{settlementVocab, "ലഭിച്ച അഡ്വാൻസ് / Advance received", "advance_received"},
		{settlementColumnVocab, "യഥാർത്ഥ ചെലവ് (രൂപ)", "actual"},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			norm := normalizeLabel(tt.label)
			if tt.v != annexureVocab {
				norm = cleanLabel(tt.label)
			}
			if got := tt.v.match(norm); got != tt.want {
				t.Errorf("match(%q) = %q, want %q", tt.label, got, tt.want)
			}
		})
	}
}

func TestScriptParts(t *testing.T) {
	tests := []struct{ in, latin, malayalam string }{
		{"പേര് name", "name", "പേര്"},
		{"ആകെ 9 മുതല് 16 വരെ total sl no 9 to 16", "total sl no 9 to 16", "ആകെ 9 മുതല് 16 വരെ"},
		{"4 പങ്കെടുക്കുന്നവര് participants", "participants", "4 പങ്കെടുക്കുന്നവര്"},
		{"name only", "name only", ""},
	}
	for _, tt := range tests {
		l, m, _ := scriptParts(tt.in)
		if l != tt.latin || m != tt.malayalam {
			t.Errorf("scriptParts(%q) = %q, %q; want %q, %q", tt.in, l, m, tt.latin, tt.malayalam)
		}
	}
}

// TestNormalizeLabel_untrimmed: a cell's text normalizes as its trimmed
// text does (the label index normalizes each cell once, untrimmed, for the
// header tests that were given the trimmed text).
func TestNormalizeLabel_untrimmed(t *testing.T) {
	for _, s := range []string{
		"  Amount (Rs.) ", "\u00a0Limit\t", " \u200dതുക (രൂപ) ", "\n1. Programme code\n", " ൻ്റ ", " ₹ ", "\u200c Rs. ", "  ",
	} {
		if got, want := normalizeLabel(s), normalizeLabel(strings.TrimSpace(s)); got != want {
			t.Errorf("normalizeLabel(%q) = %q, want %q as trimmed", s, got, want)
		}
	}
}

// TestMayHaveSerial_sparesOnlyNonSerials: whatever the cheap test spares,
// the serialPrefix regexp would not have matched.
func TestMayHaveSerial_sparesOnlyNonSerials(t *testing.T) {
	var spared int
	for _, s := range []string{
		"", "1", "12", "123", "32400", "1 food", "12 food", "123 food", "100000 only", "2024",
		"1.", "(1)", "iv. venue", "a) food", "sl no 3 food", "sl.no.12", "food", "x no of days", "007 x",
	} {
		if !mayHaveSerial(s) {
			spared++
			if m := serialPrefix.FindString(s); m != "" {
				t.Errorf("mayHaveSerial(%q) is false but serialPrefix matches %q", s, m)
			}
		}
	}
	if spared < 5 {
		t.Errorf("only %d labels spared the regexp", spared)
	}
	for _, s := range []string{"1", "12 food", "(1)", "sl no 3 food"} {
		if !mayHaveSerial(s) {
			t.Errorf("mayHaveSerial(%q) is false for a serial", s)
		}
	}
}

// TestNormalizeLabel_plainAsWorkedOut: the short way (plainLabel) gives
// what the full work gives, for texts it takes and texts it must refuse.
func TestNormalizeLabel_plainAsWorkedOut(t *testing.T) {
	words := []string{"Programme", "code", "32400", "1", "12", "123", "Rs", "rs", "hours", "IV", "iv", "a", "sl", "No", "x", "", " ", "  ", "&", "Food", "₹", "(1)", "1.", "Mrs", "2024"}
	var taken int
	for _, a := range words {
		for _, b := range words {
			for _, sep := range []string{" ", "  ", "", "\t"} {
				s := a + sep + b
				want := normalizeLabelSlow(s)
				if got := normalizeLabel(s); got != want {
					t.Errorf("normalizeLabel(%q) = %q, want %q", s, got, want)
				}
				if _, ok := plainLabel(s); ok {
					taken++
				}
			}
		}
	}
	if taken < 100 {
		t.Errorf("plainLabel took only %d texts", taken)
	}
}
