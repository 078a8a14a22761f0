package read

// This file holds the value parsers shared by every form reader in the
// package (Annexure II, TA bill, settlement) and sheetGrid, the one-pass copy
// of a sheet's raw cell text the readers search by label.
//
// All parsers take a cell's raw text (excelize's raw value: the text as typed,
// a number's stored digits, or a formula's cached value) and report false when
// the text cannot be read without guessing. Money never passes through a
// float: digits go straight to decimal.NewFromString.

import (
	"context"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// moneyPlaces is the precision amounts are kept to: rupees and paise. A raw
// value saved by Excel with binary floating noise ("750.00000000000011") is
// rounded to paise, which is what the sender meant; nothing on these forms is
// priced in fractions of a paisa.
const moneyPlaces = 2

// isNil reports whether s (already lower-cased, trimmed and folded) is one
// of the ways people write "nothing": empty, nil, a dash, ഇല്ല.
func isNil(s string) bool {
	switch s {
	case "", "nil", "nil.", "-", "--", "---", "–", "—", "none", "n/a", "na", "not applicable", "nill":
		return true
	}
	return malayalamNil[s]
}

// malayalamNil are the Malayalam ways of writing "nothing" (folded): ഇല്ല
// (none), ബാധകമല്ല (not applicable), നിൽ (nil).
var malayalamNil = map[string]bool{
	foldText("ഇല്ല"): true, foldText("ഒന്നുമില്ല"): true, foldText("ബാധകമല്ല"): true, foldText("നിൽ"): true, foldText("നില്"): true,
}

// currencyWords are stripped from amounts, longest first.
var currencyWords = []string{"rupees", "rs.", "rs:", "rs", "inr.", "inr:", "inr", "₹", "രൂപ", "രൂ.", "രൂ", "/-", "/=", "only", "മാത്രം"}

// stripCurrency removes currency marks and the trailing "/-" or "/=" from
// a lower-cased amount: "Rs. 22,500/-", "Rs:1500", "INR 1500", "₹1500",
// "രൂപ 1500", "1500 രൂപ".
func stripCurrency(s string) string {
	for _, w := range currencyWords {
		if !strings.Contains(s, w) {
			continue
		}
		if w == "rs" || w == "inr" || w == "rupees" || w == "only" {
			s = removeWord(s, w)
			continue
		}
		s = strings.ReplaceAll(s, w, " ")
	}
	return strings.TrimSpace(s)
}

// removeWord removes w from s where it is not part of a longer word.
func removeWord(s, w string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, w)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len(w)
		before := i == 0 || !isLetter(s[i-1])
		after := j == len(s) || !isLetter(s[j])
		b.WriteString(s[:i])
		if before && after {
			b.WriteByte(' ')
		} else {
			b.WriteString(w)
		}
		s = s[j:]
	}
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// groupedNumber matches a plain or comma-grouped number (Indian "2,25,000"
// or western "225,000"), an optional fraction, or a raw cell number in
// scientific notation ("1.5E+4").
var groupedNumber = regexp.MustCompile(`^[+-]?(?:\d{1,3}(?:,\d{2,3})*,\d{3}|\d+)(?:\.\d*)?(?:e[+-]?\d+)?$|^[+-]?\.\d+$`)

// parseDecimal reads one number: digits with optional grouping commas and
// fraction. It does not accept units or currency.
func parseDecimal(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(strings.ToLower(s))
	s = strings.ReplaceAll(s, " ", "")
	// no amount or quantity on a form needs more than 40 characters; a long
	// string or a huge exponent ("1e999999") would make decimal arithmetic
	// crawl, so neither reads.
	if s == "" || len(s) > 40 || !groupedNumber.MatchString(s) {
		return decimal.Decimal{}, false
	}
	if i := strings.IndexByte(s, 'e'); i >= 0 {
		if exp, err := strconv.Atoi(s[i+1:]); err != nil || exp > 15 || exp < -15 {
			return decimal.Decimal{}, false
		}
	}
	d, err := decimal.NewFromString(strings.ReplaceAll(s, ",", ""))
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

var timesSigns = strings.NewReplacer("×", " x ", "*", " x ")

// splitProduct splits "750 x 8" (x, X, ×, *) into its factors; one factor
// when there is no product.
func splitProduct(s string) []string {
	s = timesSigns.Replace(s)
	var parts []string
	for {
		i := strings.Index(s, "x")
		if i < 0 {
			break
		}
		// an "x" counts as a times sign only between non-letters ("750 x8",
		// "750x 8"), never inside a word like "six" or "max".
		if (i > 0 && isLetter(s[i-1])) || (i+1 < len(s) && isLetter(s[i+1])) {
			return []string{s}
		}
		parts = append(parts, s[:i])
		s = s[i+1:]
	}
	return append(parts, s)
}

// inWords is a number written in words beside its figure ("22,500 (Rupees
// twenty two thousand five hundred only)", "30 (Thirty)"): the words as
// written and, when they read, their value. The figure is what is read;
// the words are only compared with it.
type inWords struct {
	Text  string
	Value int64
	Read  bool
}

// agrees reports whether the words, where they read, say the figure d.
func (w inWords) agrees(d decimal.Decimal) bool {
	return !w.Read || d.Equal(decimal.NewFromInt(w.Value))
}

func readWords(text string) inWords {
	text = strings.TrimSpace(text)
	if text == "" {
		return inWords{}
	}
	w := inWords{Text: text}
	w.Value, w.Read = wordsNumber(stripUnit(stripCurrency(text)))
	return w
}

// parseMoney reads an amount as people write it: 22500, 22,500, 2,25,000,
// "Rs. 22,500/-", "Rs.2,000/=", "Rs:1500", "INR 1500", "₹22500.00", "രൂപ
// 1500", Malayalam digits, "Rs.1.5 lakh", a raw cell number ("22500.5",
// "1.5E+4"), a computation "750 x 8 = 6000" (the figure after the last
// "="), "Rs.750 x 8" (the product), and a figure with the amount in words
// beside it (the figure). Empty, Nil, "-" and 0 are nothing claimed: zero,
// true. An amount in words alone, or an estimate ("about 5000"), does not
// read. The result is rounded to paise.
func parseMoney(raw string) (decimal.Decimal, bool) {
	d, ok, _ := readMoney(raw)
	return d, ok
}

// readMoney is parseMoney, with the amount in words written beside the
// figure.
func readMoney(raw string) (decimal.Decimal, bool, inWords) {
	s := strings.ToLower(strings.TrimSpace(foldText(raw)))
	if isNil(s) {
		return decimal.Zero, true, inWords{}
	}
	if estimated(s, moneyEstimates) {
		return decimal.Decimal{}, false, inWords{}
	}
	s, words := splitWords(s)
	w := readWords(words)
	d, ok := figureMoney(s)
	return d, ok, w
}

// amountEnds are the marks that close an amount: "/-", "/=", "=/-".
var amountEnds = []string{"=/-", "/-", "/=", "-/-", "only", "മാത്രം"}

// trimAmountEnd removes the marks that close an amount.
func trimAmountEnd(s string) string {
	for {
		t := strings.TrimSpace(s)
		for _, e := range amountEnds {
			t = strings.TrimSpace(strings.TrimSuffix(t, e))
		}
		if t == s {
			return s
		}
		s = t
	}
}

// lakhWords multiply the figure they follow: "1.5 lakh", "2 lakhs",
// "1 crore".
var lakhWords = []struct {
	word string
	mul  int64
}{{"lakhs", 1_00_000}, {"lakh", 1_00_000}, {"lacs", 1_00_000}, {"lac", 1_00_000}, {"crores", 1_00_00_000}, {"crore", 1_00_00_000}}

// figureMoney reads an amount's figure (lower-cased, without its words).
func figureMoney(s string) (decimal.Decimal, bool) {
	s = trimAmountEnd(s)
	if i := strings.LastIndex(s, "="); i >= 0 {
		left, right := stripCurrency(s[:i]), stripCurrency(s[i+1:])
		left = strings.TrimRight(left, " /-")
		if len(splitProduct(left)) == 1 {
			// no computation on the left: "22,500=00" is rupees=paise,
			// whole rupees only ("22.5=08" says nothing clear)
			rupees, ok1 := parseDecimal(left)
			if !ok1 || !rupees.IsInteger() || len(right) != 2 || right[0] < '0' || right[0] > '9' || right[1] < '0' || right[1] > '9' {
				return decimal.Decimal{}, false
			}
			paise, _ := decimal.NewFromString(right)
			return rupees.Add(paise.Shift(-2)), true
		}
		s = right
	}
	s = strings.TrimLeft(stripCurrency(s), ": ")
	if isNil(s) {
		return decimal.Zero, true
	}
	for _, l := range lakhWords {
		if rest, ok := strings.CutSuffix(s, l.word); ok && rest != "" && !isLetter(rest[len(rest)-1]) {
			d, ok := parseDecimal(rest)
			if !ok {
				return decimal.Decimal{}, false
			}
			return d.Mul(decimal.NewFromInt(l.mul)).Round(moneyPlaces), true
		}
	}
	factors := splitProduct(s)
	total := decimal.NewFromInt(1)
	for _, f := range factors {
		d, ok := parseDecimal(stripUnit(stripCurrency(f)))
		if !ok {
			return decimal.Decimal{}, false
		}
		total = total.Mul(d)
	}
	if len(factors) == 1 {
		// a single figure may not carry a unit word: "6000 days" is no amount.
		d, ok := parseDecimal(s)
		if !ok {
			return decimal.Decimal{}, false
		}
		total = d
	}
	return total.Round(moneyPlaces), true
}

// Words that make a figure an estimate, which is never read: "about 30",
// "approx. 5000", "30 (approx.)". A count also may not be a limit or a
// lower bound ("upto 30", "30+").
var (
	moneyEstimates = []string{"about", "approx", "around", "nearly", "roughly", "estimated", "tentative", "ഏകദേശം", "ഉദ്ദേശം", "~"}
	countEstimates = append(slices.Clone(moneyEstimates), "upto", "up to", "max", "min", "atleast", "at least", "more than",
		"less than", "above", "below", "over", "+", "or")
)

// estimated reports whether s (lower-cased) holds one of words as a word.
func estimated(s string, words []string) bool {
	for _, w := range words {
		i := strings.Index(s, w)
		for i >= 0 {
			j := i + len(w)
			if !isLetter(w[0]) || (i == 0 || !isLetter(s[i-1])) && (j == len(s) || !isLetter(s[j])) {
				return true
			}
			k := strings.Index(s[j:], w)
			if k < 0 {
				break
			}
			i = j + k
		}
	}
	return false
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

// splitWords separates a figure from the same number written in words
// beside it: "22,500 (rupees twenty two thousand five hundred only)", "30
// (thirty)", "thirty (30)", "rs. 22,500/- rupees twenty two thousand five
// hundred only". Parenthesized words that are no number ("(nos)", "(Rs.)")
// are dropped. It returns s as it is when it holds no words beside a
// figure; a parenthesis holding figures beside other figures ("6000 (750 x
// 8)") is left, so that it stays unreadable rather than guessed.
func splitWords(s string) (figure, words string) {
	s = strings.TrimSpace(s)
	var ws []string
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 {
			break
		}
		inner, outer := s[i+1:i+j], strings.TrimSpace(s[:i]+" "+s[i+j+1:])
		switch {
		case !hasDigit(inner):
			ws = append(ws, inner)
			s = outer
			continue
		case !hasDigit(outer) && outer != "":
			// "thirty (30)": the figure is in the parenthesis
			ws = append(ws, outer)
			s = strings.TrimSpace(inner)
			continue
		}
		break
	}
	// words after the figure: "22,500/- rupees twenty two thousand … only"
	if last := strings.LastIndexAny(s, "0123456789"); last >= 0 && last+1 < len(s) {
		tail := s[last+1:]
		cut := strings.IndexFunc(tail, func(r rune) bool { return r != ' ' && r != '/' && r != '-' && r != '=' && r != '.' && r != ',' })
		if cut >= 0 {
			if _, ok := wordsNumber(stripUnit(stripCurrency(tail[cut:]))); ok {
				ws = append(ws, tail[cut:])
				s = strings.TrimSpace(s[:last+1+cut])
			}
		}
	}
	for i, w := range ws {
		ws[i] = strings.TrimSpace(w)
	}
	// parenthesized words that are no number ("(nos)") are no words beside
	// the figure
	var kept []string
	for _, w := range ws {
		if _, ok := wordsNumber(stripUnit(stripCurrency(w))); ok {
			kept = append(kept, w)
		}
	}
	return s, strings.Join(kept, " ")
}

// stripWordsInParens removes parenthesized words with no digit in them, the
// amount or count spelt out beside its figures: "22,500 (Rupees twenty two
// thousand five hundred only)", "30 (Thirty)". A parenthesis holding
// figures is left, so that "6000 (750 x 8)" stays unreadable rather than
// guessed.
func stripWordsInParens(s string) string {
	for {
		i := strings.IndexByte(s, '(')
		if i < 0 {
			return s
		}
		j := strings.IndexByte(s[i:], ')')
		if j < 0 || strings.ContainsAny(s[i:i+j], "0123456789") {
			return s
		}
		s = strings.TrimSpace(s[:i] + " " + s[i+j+1:])
	}
}

// unitWords are the words that may follow a quantity or a factor of a
// computed amount ("8 days", "12 km", "30 nos"), in English and Malayalam.
var unitWords = map[string]bool{
	"km": true, "kms": true, "k.m.": true, "k.m": true, "kilometre": true, "kilometres": true, "kilometer": true, "kilometers": true,
	"days": true, "day": true, "nos": true, "nos.": true, "no": true, "no.": true, "numbers": true, "sessions": true, "session": true,
	"participants": true, "participant": true, "persons": true, "person": true, "faculty": true, "faculties": true,
	"officers": true, "members": true, "trainees": true, "heads": true, "pax": true, "training": true,
	foldText("ദിവസം"): true, foldText("ദിവസങ്ങൾ"): true, foldText("ദിവസത്തെ"): true, foldText("പേർ"): true, foldText("പേര്"): true,
	foldText("എണ്ണം"): true, foldText("സെഷനുകൾ"): true, foldText("സെഷൻ"): true, foldText("കി.മീ"): true, foldText("കി.മീ."): true,
	foldText("കിലോമീറ്റർ"): true, foldText("ഉദ്യോഗസ്ഥർ"): true,
}

// stripUnit removes trailing unit words from a quantity: "12 km" → "12".
func stripUnit(s string) string {
	s = strings.TrimSpace(strings.ToLower(s))
	for {
		i := strings.LastIndexByte(s, ' ')
		word := s[i+1:]
		if !unitWords[word] {
			// "12km", "30nos"
			for w := range unitWords {
				if strings.HasSuffix(s, w) && len(s) > len(w) && unicode.IsDigit(rune(s[len(s)-len(w)-1])) {
					return strings.TrimSpace(s[:len(s)-len(w)])
				}
			}
			return s
		}
		if i < 0 {
			return ""
		}
		s = strings.TrimSpace(s[:i])
	}
}

// parseNumber reads a quantity that is not money: "12", "12.5", "12 km",
// "1,200 kms", "൧൨ കി.മീ". Nil and "-" are zero.
func parseNumber(raw string) (decimal.Decimal, bool) {
	s := stripWordsInParens(strings.ToLower(strings.TrimSpace(foldText(raw))))
	if isNil(s) {
		return decimal.Zero, true
	}
	d, ok := parseDecimal(stripUnit(s))
	if !ok {
		return decimal.Decimal{}, false
	}
	return d, true
}

// countNoise is how far from a whole number a count may be and still be
// that number (floating noise in a cached formula value).
var countNoise = decimal.New(1, -9)

// parseCount reads a whole count: "30", "30 nos", "30 participants", a raw
// cell number "30.0", a count in words ("thirty participants", "Five
// days", "മുപ്പത്", "(Five days)"), and a figure with its words beside it
// ("30 (Thirty)": the figure). Nil and "-" are zero. A fraction, a
// negative number, a range ("30-35") or an estimate ("about 30", "30+") is
// not a count.
func parseCount(raw string) (int, bool) {
	n, ok, _ := readCount(raw)
	return n, ok
}

// readCount is parseCount, with the count in words written beside the
// figure.
func readCount(raw string) (int, bool, inWords) {
	s := strings.ToLower(strings.TrimSpace(foldText(raw)))
	if isNil(s) {
		return 0, true, inWords{}
	}
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1 {
		s = strings.TrimSpace(s[1 : len(s)-1]) // "(Five days)"
	}
	if estimated(s, countEstimates) {
		return 0, false, inWords{}
	}
	s, words := splitWords(s)
	if !hasDigit(s) {
		v, ok := wordsNumber(stripUnit(s))
		if !ok || v > math.MaxInt32 {
			return 0, false, inWords{}
		}
		return int(v), true, inWords{}
	}
	d, ok := parseNumber(s)
	if !ok {
		return 0, false, inWords{}
	}
	// a formula's cached count may carry binary noise: 30.000000000000004
	if r := d.Round(0); d.Sub(r).Abs().LessThan(countNoise) {
		d = r
	}
	if d.IsNegative() || !d.Equal(d.Truncate(0)) || d.GreaterThan(decimal.NewFromInt(math.MaxInt32)) {
		return 0, false, inWords{}
	}
	return int(d.IntPart()), true, readWords(words)
}

var monthNames = buildMonthNames()

func buildMonthNames() map[string]time.Month {
	m := map[string]time.Month{
		"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
		"may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
		"sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
		"dec": 12, "december": 12,
	}
	for month, names := range [][]string{
		1: {"ജനുവരി"}, 2: {"ഫെബ്രുവരി"}, 3: {"മാർച്ച്", "മാർച്ച"}, 4: {"ഏപ്രിൽ"}, 5: {"മേയ്", "മെയ്", "മേയ"},
		6: {"ജൂൺ"}, 7: {"ജൂലൈ"}, 8: {"ഓഗസ്റ്റ്", "ആഗസ്റ്റ്", "ആഗസ്ത്"}, 9: {"സെപ്റ്റംബർ", "സെപ്തംബർ"},
		10: {"ഒക്ടോബർ"}, 11: {"നവംബർ"}, 12: {"ഡിസംബർ"},
	} {
		for _, n := range names {
			m[foldText(n)] = time.Month(month)
		}
	}
	return m
}

// dateTokens splits a date's text into runs of digits and runs of letters
// (English or Malayalam), dropping ordinal suffixes ("12th").
func dateTokens(s string) []string {
	var toks []string
	var cur []rune
	kind := 0 // 1 digits, 2 letters
	flush := func() {
		if len(cur) > 0 {
			t := string(cur)
			if kind == 2 && (t == "st" || t == "nd" || t == "rd" || t == "th") && len(toks) > 0 {
				cur = cur[:0]
				return
			}
			toks = append(toks, t)
		}
		cur = cur[:0]
	}
	for _, r := range strings.ToLower(s) {
		k := 0
		switch {
		case r >= '0' && r <= '9':
			k = 1
		case r >= 'a' && r <= 'z', isMalayalam(r):
			k = 2
		}
		if k != kind {
			flush()
			kind = k
		}
		if k != 0 {
			cur = append(cur, r)
		}
	}
	flush()
	return toks
}

// timeOfDay matches a time written after a date: "10:30", "10:30:00",
// "9:30 AM", "10.30 a.m.", "0:00", and the "T00:00:00" of an ISO date-time
// with its zone.
var timeOfDay = regexp.MustCompile(`(?i)(?:\s+|t)(?:\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?\s?m\.?|hrs\.?|hours)?|\d{1,2}(?:\.\d{2})?\s*[ap]\.?\s?m\.?)(?:z|[+-]\d{2}:?\d{2})?$`)

// stripTime removes a time of day after a date: a date-time cell written
// as text, or shown as "12/01/2027 09:30", is read as its date.
func stripTime(s string) string {
	if loc := timeOfDay.FindStringIndex(s); loc != nil && loc[0] > 0 {
		return strings.TrimSpace(s[:loc[0]])
	}
	return s
}

// parseDateText reads a date written as text, day first: 12.01.2026,
// 12/01/2026, 12-01-2026, 12.01.26, 12 Jan 2026, 12-Jan-2026, 12th January
// 2026, January 12, 2026, 12 ജനുവരി 2026, ISO 2026-01-12, Malayalam digits,
// and any of them followed by a time of day. The result is midnight UTC.
func parseDateText(raw string) (time.Time, bool) {
	s := stripTime(strings.TrimSpace(foldText(raw)))
	if s == "" {
		return time.Time{}, false
	}
	// only digits, letters, spaces and . / - , separators
	for _, r := range s {
		if !(unicode.IsDigit(r) || unicode.IsLetter(r) || unicode.IsMark(r) || strings.ContainsRune(" ./-,", r)) {
			return time.Time{}, false
		}
	}
	toks := dateTokens(s)
	if len(toks) != 3 {
		return time.Time{}, false
	}
	num := func(t string) int {
		n, err := strconv.Atoi(t)
		if err != nil {
			return -1
		}
		return n
	}
	var d, m, y int
	mon := func(t string) int {
		if mm, ok := monthNames[t]; ok {
			return int(mm)
		}
		return -1
	}
	switch {
	case len(toks[0]) == 4 && num(toks[0]) > 0: // ISO year first
		y, m, d = num(toks[0]), num(toks[1]), num(toks[2])
	case mon(toks[0]) > 0: // January 12, 2026
		m, d, y = mon(toks[0]), num(toks[1]), num(toks[2])
	case mon(toks[1]) > 0:
		d, m, y = num(toks[0]), mon(toks[1]), num(toks[2])
	default:
		d, m, y = num(toks[0]), num(toks[1]), num(toks[2])
	}
	if y >= 0 && y < 100 && len(toks[2]) == 2 {
		y += 2000
	}
	if d < 1 || m < 1 || m > 12 || y < 1900 || y > 2200 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || int(t.Month()) != m {
		return time.Time{}, false // 31.02.2026
	}
	return t, true
}

// parseYesNo reads a yes/no flag: yes, no, y, n, true, false, ഉണ്ട് /
// ഇല്ല, അതെ / അല്ല, and a boolean cell's raw 1 or 0.
func parseYesNo(raw string) (bool, bool) {
	s := strings.Trim(strings.ToLower(strings.TrimSpace(raw)), ".")
	switch s {
	case "yes", "y", "true", "1", "ok", "✓", "✔":
		return true, true
	case "no", "n", "false", "0", "nil", "-", "✗", "✘":
		return false, true
	}
	if v, ok := malayalamYesNo[foldText(s)]; ok {
		return v, true
	}
	return false, false
}

var malayalamYesNo = map[string]bool{
	foldText("ഉണ്ട്"): true, foldText("അതെ"): true, foldText("ശരി"): true, foldText("ഇല്ല"): false, foldText("അല്ല"): false,
}

// serialPrefix matches the serial number people put before a label: "1",
// "1.", "1)", "(1)", "(i)", "iv.", "a)", "Sl.No.1".
var serialPrefix = regexp.MustCompile(`^\s*(?:sl\.?\s*no\.?\s*)?(?:\(?\d{1,2}[.):]?|\(?[ivx]{1,5}[.):]|\([ivx]{1,5}\)|\(?[a-h][.)]|\([a-h]\))(?:\s+|$)`)

// mayHaveSerial is a cheap test that spares most labels the serialPrefix
// regexp: a serial's first word is one or two digits, or has a "(", ".",
// ")" or ":", or starts "sl". (A figure such as "32400" is no serial: the
// regexp would not match it either.)
func mayHaveSerial(s string) bool {
	end := strings.IndexByte(s, ' ')
	if end < 0 {
		end = len(s)
	}
	first := s[:end]
	if strings.HasPrefix(first, "sl") || strings.ContainsAny(first, "().:") {
		return true
	}
	for i := 0; i < len(first); i++ {
		if first[i] < '0' || first[i] > '9' {
			return false
		}
	}
	return len(first) <= 2
}

// normalizeLabel reduces a label to the form labels are compared in: lower
// case, Malayalam in one spelling (foldText), the serial number, "Rs."/"₹"/
// "രൂപ" and punctuation stripped, "&" read as "and", spaces folded. "14. Food
// & Refreshments (Rs.)" → "food and refreshments".
func normalizeLabel(s string) string {
	if l, ok := plainLabel(s); ok {
		return l
	}
	return normalizeLabelSlow(s)
}

// plainLabel is normalizeLabel of a text that is already in that form but
// for its case: ASCII letters and digits, words parted by one space, no
// serial, no "rs"; ok is false for any other text. Most cells of a form
// (figures, "Programme Code") are such, and are spared the work.
func plainLabel(s string) (string, bool) {
	upper := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			upper = true
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return "", false
		}
	}
	if upper {
		s = strings.ToLower(s)
	}
	if mayHaveSerial(s) || strings.Contains(s, "rs") {
		return "", false
	}
	return s, true
}

// normalizeLabelSlow is normalizeLabel worked out in full.
func normalizeLabelSlow(s string) string {
	s = strings.ToLower(strings.TrimSpace(foldText(s)))
	if mayHaveSerial(s) {
		if m := serialPrefix.FindString(s); m != "" && len(m) < len(s) {
			s = s[len(m):]
		}
	}
	s = strings.ReplaceAll(s, "₹", " ")
	s = strings.ReplaceAll(s, "&", " and ")
	var b strings.Builder
	b.Grow(len(s))
	space := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			b.WriteRune(r)
			space = false
			continue
		}
		if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	out := strings.TrimSpace(b.String())
	// "rs" (രൂപ) as a word is a currency mark, not part of the label.
	if strings.Contains(out, "rs") || strings.Contains(out, "രൂ") {
		words := strings.Fields(out)
		kept := words[:0]
		for _, w := range words {
			if w != "rs" && w != "രൂപ" && w != "രൂ" {
				kept = append(kept, w)
			}
		}
		out = strings.Join(kept, " ")
	}
	return out
}

// builtInDateFormats are the built-in number formats that show a date
// (ECMA-376 18.8.30: 14–22, plus the CJK/locale date formats 27–36, 50–58).
func builtInDateFormat(id int) bool {
	return id >= 14 && id <= 22 || id >= 27 && id <= 36 || id >= 45 && id <= 47 || id >= 50 && id <= 58
}

// customDateFormat reports whether a custom number format code shows a date:
// it has a d, m or y outside quotes, brackets and escapes, and is not only
// elapsed time ([h]:mm).
func customDateFormat(code string) bool {
	code = strings.ToLower(code)
	inQuote, inBracket := false, false
	hasDay, hasYear, hasMonth := false, false, false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case inQuote:
			inQuote = c != '"'
		case inBracket:
			inBracket = c != ']'
		case c == '"':
			inQuote = true
		case c == '[':
			inBracket = true
		case c == '\\' || c == '_' || c == '*':
			i++
		case c == 'd':
			hasDay = true
		case c == 'y' || c == 'e':
			hasYear = true
		case c == 'm':
			hasMonth = true
		}
	}
	// "mm" alone may be minutes; a date needs a day or a year with it.
	return hasDay || hasYear || (hasMonth && !strings.Contains(code, "h") && !strings.Contains(code, "s"))
}

// cellDate reads a date from a cell: a number in a cell whose number format
// shows a date is an Excel serial date (in the workbook's 1900 or 1904
// system); anything else is read as date text. raw is the cell's raw value.
func cellDate(f *excelize.File, sheet, cell, raw string) (time.Time, bool) {
	raw = strings.TrimSpace(raw)
	if serial, err := strconv.ParseFloat(raw, 64); err == nil && f != nil && serial > 0 {
		if !isDateCell(f, sheet, cell) {
			return time.Time{}, false
		}
		props, _ := f.GetWorkbookProps()
		t, err := excelize.ExcelDateToTime(serial, props.Date1904 != nil && *props.Date1904)
		if err != nil {
			return time.Time{}, false
		}
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC), true
	}
	return parseDateText(raw)
}

// isDateCell reports whether the cell's number format shows a date.
func isDateCell(f *excelize.File, sheet, cell string) bool {
	idx, err := f.GetCellStyle(sheet, cell)
	if err != nil || idx == 0 {
		return false
	}
	st, err := f.GetStyle(idx)
	if err != nil || st == nil {
		return false
	}
	if st.CustomNumFmt != nil && *st.CustomNumFmt != "" {
		return customDateFormat(*st.CustomNumFmt)
	}
	return builtInDateFormat(st.NumFmt)
}

// sheetGrid is one sheet's cells as raw text, read once (excelize GetRows
// with RawCellValue): rows[r][c] is the cell in row r+1, column c+1; rows are
// ragged and trailing empty cells absent. Readers search it instead of asking
// excelize cell by cell.
type sheetGrid struct {
	name string
	rows [][]string
	// merges maps a merged range's top-left (row, col) to its last column;
	// nil until mergeEnd first needs it.
	merges map[[2]int]int
	// norm caches normalizeLabel of each cell, filled by normAt.
	norm [][]string
	done [][]bool
	// hidden are the hidden rows and columns found holding values (not
	// in rows: a hidden row is empty there, a hidden column blank).
	hidden *hiddenSeen
	// shed: the cells have been let go (see shed); first is what
	// firstCell answers from then on.
	shed  bool
	first string
}

// normAt returns normalizeLabel of the cell at 0-based row r, column c,
// computing it once.
func (g *sheetGrid) normAt(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	if g.norm == nil {
		g.norm = make([][]string, len(g.rows))
		g.done = make([][]bool, len(g.rows))
	}
	if g.norm[r] == nil {
		g.norm[r] = make([]string, len(g.rows[r]))
		g.done[r] = make([]bool, len(g.rows[r]))
	}
	if !g.done[r][c] {
		g.norm[r][c] = normalizeLabel(g.rows[r][c])
		g.done[r][c] = true
	}
	return g.norm[r][c]
}

// maxGridRows bounds how many rows of a sheet a grid holds. The forms read
// through grids (Annexure II, the settlement statement) are a page or two;
// a sheet of a million rows is not read to its end (the TA bill's
// participant rows are streamed instead, see rows.go).
const maxGridRows = 2000

// newSheetGrid reads the cells of sheet once, raw, up to maxGridRows rows.
//
// The rows come from streamRows (the raw scanner where it can read the
// sheet, excelize's Rows iterator elsewhere).
func newSheetGrid(f *excelize.File, sheet string) (*sheetGrid, error) {
	var rows [][]string
	seen := &hiddenSeen{}
	err := streamRows(context.Background(), f, sheet, true, seen, func(row int, cells []string) bool {
		rows = append(rows, cells)
		return len(rows) < maxGridRows
	})
	if err != nil {
		return nil, err
	}
	// like GetRows, drop trailing empty rows
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return &sheetGrid{name: sheet, rows: rows, hidden: seen}, nil
}

// at returns the trimmed raw text of the cell at 0-based row r, column c,
// or "" outside the grid.
func (g *sheetGrid) at(r, c int) string {
	if r < 0 || r >= len(g.rows) || c < 0 || c >= len(g.rows[r]) {
		return ""
	}
	return strings.TrimSpace(g.rows[r][c])
}

// firstCell returns "Sheet!B3", the first cell holding something, row by
// row; ok is false for an empty sheet.
func (g *sheetGrid) firstCell() (string, bool) {
	if g.shed {
		if g.first == "" {
			return g.name + "!A1", false
		}
		return g.first, true
	}
	for r, row := range g.rows {
		for c := range row {
			if g.at(r, c) != "" {
				return g.cellRef(r, c), true
			}
		}
	}
	return g.name + "!A1", false
}

// shedCells lets go of the grid's cells (and what was worked out from
// them), keeping its name, hidden cells and first cell: all that is asked
// of a grid once its sheet's form has been read. A TA bill's Participants
// sheet is read again, streamed, and its grid of up to maxGridRows rows
// would otherwise be held beside the bill's rows while they are read.
func (g *sheetGrid) shedCells() {
	if g.shed {
		return
	}
	if cell, ok := g.firstCell(); ok {
		g.first = cell
	}
	g.rows, g.norm, g.done, g.merges = nil, nil, nil, nil
	g.shed = true
}

// ref returns the cell reference "B7" of 0-based row r, column c.
func (g *sheetGrid) ref(r, c int) string {
	name, _ := excelize.CoordinatesToCellName(c+1, r+1)
	return name
}

// cellRef returns "Sheet!B7" for 0-based row r, column c, as Field.Cell
// holds it.
func (g *sheetGrid) cellRef(r, c int) string {
	return g.name + "!" + g.ref(r, c)
}

// mergeEnd returns the last column (0-based) of the merged range whose
// top-left cell is at row r, column c, or c when the cell is not merged.
// The sheet's merges are read on first use: excelize parses the whole
// worksheet for them, which most forms never need.
func (g *sheetGrid) mergeEnd(f *excelize.File, r, c int) int {
	if g.merges == nil {
		g.merges = make(map[[2]int]int)
		if mc, err := f.GetMergeCells(g.name); err == nil {
			for _, m := range mc {
				sc, sr, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
				ec, _, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
				if err1 == nil && err2 == nil {
					g.merges[[2]int{sr - 1, sc - 1}] = ec - 1
				}
			}
		}
	}
	if e, ok := g.merges[[2]int{r, c}]; ok {
		return e
	}
	return c
}
