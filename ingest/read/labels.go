package read

// This file holds the label vocabulary (labels.toml: each field of the three
// forms with its English and Malayalam spellings) and how a label is looked
// up in it, and the proforma's own guidance text, which is no value.

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

//go:embed labels.toml
var labelsTOML string

// vocab is one section of labels.toml: the keys (fields, or columns of a
// table) and the spellings that name them, normalized once.
type vocab struct {
	section string
	// clean is applied to a label (and to each of its languages) before it
	// is looked up: stripCountWords in the TA bill and settlement sections,
	// nothing in Annexure II's.
	clean    func(string) string
	byText   map[string]vocabEntry
	maxWords int
	keys     []string // in the order of the file
}

// vocabEntry is one spelling: the key it names, and whether it matches
// only a label that says exactly that.
type vocabEntry struct {
	key   string
	exact bool
}

// find returns the key a normalized label names and whether the label (or
// the language of it that matched) is exactly one of the spellings. The
// label is looked up whole, then, when it holds both English and Malayalam
// words, its English words alone and its Malayalam words alone: "പേര് /
// Name", "Name / പേര്", "പേര്" and "Name" all name the same column.
func (v *vocab) find(label string) (key string, whole bool) {
	if key, whole = v.findOne(v.clean(label)); key != "" {
		return key, whole
	}
	latin, malayalam, both := scriptParts(label)
	if !both {
		return "", false
	}
	if key, whole = v.findOne(v.clean(latin)); key != "" {
		return key, whole
	}
	return v.findOne(v.clean(malayalam))
}

// match returns the key a normalized label names, or "".
func (v *vocab) match(label string) string {
	key, _ := v.find(label)
	return key
}

// exact reports whether a normalized label is exactly one of the
// spellings: a cell that is itself a label, not a value.
func (v *vocab) exact(label string) bool {
	key, whole := v.find(label)
	return key != "" && whole
}

// findOne looks up one language's words: the spelling equal to them, else
// the longest spelling their leading words make up that may be followed by
// more words.
func (v *vocab) findOne(s string) (string, bool) {
	if s == "" {
		return "", false
	}
	if e, ok := v.byText[s]; ok {
		return e.key, true
	}
	ends := make([]int, 0, v.maxWords)
	for i := 0; i < len(s) && len(ends) < v.maxWords; i++ {
		if s[i] == ' ' {
			ends = append(ends, i)
		}
	}
	for k := len(ends) - 1; k >= 0; k-- {
		if e, ok := v.byText[s[:ends[k]]]; ok && !e.exact {
			return e.key, false
		}
	}
	return "", false
}

// spellings is one entry of labels.toml.
type spellings struct {
	En []string `toml:"en"`
	Ml []string `toml:"ml"`
}

// labelFile is labels.toml: section → key → spellings, with the order the
// keys were written in.
type labelFile struct {
	sections map[string]map[string]spellings
	order    map[string][]string
}

func parseLabelFile(text string) (labelFile, error) {
	var raw map[string]map[string]spellings
	md, err := toml.Decode(text, &raw)
	if err != nil {
		return labelFile{}, fmt.Errorf("read: labels.toml: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return labelFile{}, fmt.Errorf("read: labels.toml: %s is not a field's en or ml list", und[0])
	}
	lf := labelFile{sections: raw, order: map[string][]string{}}
	for _, k := range md.Keys() {
		if len(k) == 2 {
			lf.order[k[0]] = append(lf.order[k[0]], k[1])
		}
	}
	return lf, nil
}

// newVocab builds the vocabulary of one section. normalize is the label
// normalization the section's labels are looked up in (normalizeLabel or
// cleanLabel); a spelling is normalized the same way, so that it may be
// written as it appears on a form. A spelling that normalizes to nothing,
// or names two keys, is an error.
func newVocab(lf labelFile, section string, normalize, clean func(string) string) (*vocab, error) {
	entries, ok := lf.sections[section]
	if !ok {
		return nil, fmt.Errorf("read: labels.toml has no section %q", section)
	}
	v := &vocab{section: section, clean: clean, byText: map[string]vocabEntry{}, keys: lf.order[section]}
	for _, key := range v.keys {
		sp := entries[key]
		for _, s := range slices.Concat(sp.En, sp.Ml) {
			exact := strings.HasPrefix(s, "=")
			n := normalize(strings.TrimPrefix(s, "="))
			if n == "" {
				return nil, fmt.Errorf("read: labels.toml: [%s.%s] %q is no label", section, key, s)
			}
			if e, dup := v.byText[n]; dup && (e.key != key || e.exact != exact) {
				return nil, fmt.Errorf("read: labels.toml: %q names both [%s.%s] and [%s.%s] (or is written with and without \"=\")", s, section, e.key, section, key)
			}
			v.byText[n] = vocabEntry{key: key, exact: exact}
			v.maxWords = max(v.maxWords, strings.Count(n, " ")+1)
		}
	}
	return v, nil
}

func identity(s string) string { return s }

// The vocabularies, one per section of labels.toml.
var (
	annexureVocab, amountColumnVocab                      *vocab
	taHeaderVocab, participantVocab, facultyVocab         *vocab
	settlementVocab, settlementColumnVocab, totalRowVocab *vocab
	marksVocab                                            *vocab
	settlementMarks                                       []string
)

func init() {
	if err := loadLabels(labelsTOML); err != nil {
		panic(err)
	}
}

// loadLabels builds the vocabularies from the text of labels.toml.
func loadLabels(text string) error {
	lf, err := parseLabelFile(text)
	if err != nil {
		return err
	}
	for _, s := range []struct {
		dst       **vocab
		section   string
		normalize func(string) string
		clean     func(string) string
	}{
		{&annexureVocab, "annexure2", normalizeLabel, identity},
		{&amountColumnVocab, "annexure2_columns", normalizeLabel, identity},
		{&taHeaderVocab, "ta_header", cleanLabel, stripCountWords},
		{&participantVocab, "participants", cleanLabel, stripCountWords},
		{&facultyVocab, "faculty", cleanLabel, stripCountWords},
		{&totalRowVocab, "table_rows", cleanLabel, stripCountWords},
		{&settlementVocab, "settlement", cleanLabel, stripCountWords},
		{&settlementColumnVocab, "settlement_columns", cleanLabel, stripCountWords},
		{&marksVocab, "marks", normalizeLabel, identity},
	} {
		v, err := newVocab(lf, s.section, s.normalize, s.clean)
		if err != nil {
			return err
		}
		*s.dst = v
	}
	settlementMarks = nil
	for _, m := range slices.Concat(lf.sections["marks"]["settlement"].En, lf.sections["marks"]["settlement"].Ml) {
		settlementMarks = append(settlementMarks, normalizeLabel(m))
	}
	return nil
}

// proformaHints are the proforma's guidance column as printed in the 2015
// order (normalized); a cell saying one of these is no value.
var proformaHints = map[string]bool{
	"from to training days":     true,
	"zonal district state":      true,
	"zonal district or state":   true,
	"category rate":             true,
	"as per category rate":      true,
	"x no of participants":      true,
	"actual":                    true,
	"actual ta":                 true,
	"per session of 90 minutes": true,
}

// isHint reports whether a cell holds guidance printed on the proforma (the
// hint column, "Rs.750 x No. of Guest Faculty…", "From.....to.....") rather
// than a value.
func isHint(raw, norm string) bool {
	if strings.Contains(raw, "...") || strings.Contains(raw, "…") || strings.Contains(raw, "___") {
		return true
	}
	if proformaHints[norm] {
		return true
	}
	return strings.Contains(norm, "x no of") || strings.Contains(norm, "x training days") ||
		strings.HasPrefix(norm, "maximum 75") || strings.HasPrefix(norm, "max 75") ||
		strings.Contains(norm, "per session of 90") || strings.Contains(norm, "x no of participants x")
}

// isLimitHeader reports whether a header cell names a column of computed
// limits, as the program's templates have beside the amounts: "Limit",
// "Limit (Rs.)".
func isLimitHeader(raw string) bool { return limitHeader(normalizeLabel(raw)) }

// limitHeader is isLimitHeader of a cell whose normalizeLabel is norm.
func limitHeader(norm string) bool {
	return norm == "limit" || strings.HasPrefix(norm, "limit ")
}

// isAmountHeader reports whether a header cell names the amount column:
// "Amount", "Amount (Rs.)", "Amount in ₹", "തുക (രൂപ)", "Rs.", "₹", "രൂപ"
// (labels.toml, annexure2_columns.amount, and the currency marks alone).
func isAmountHeader(raw string) bool { return amountHeader(raw, normalizeLabel(raw)) }

// amountHeader is isAmountHeader of a cell raw whose normalizeLabel is norm.
func amountHeader(raw, norm string) bool {
	t := strings.Trim(strings.ToLower(strings.TrimSpace(raw)), ". ()")
	switch t {
	case "₹", "rs", "in rs", "രൂപ", "രൂ":
		return true
	}
	key, whole := amountColumnVocab.find(norm)
	return key == "amount" && whole
}
