package read

// This file reads whole numbers written in words, as counts, training days
// and amounts are written beside (or instead of) their figures: English
// ("thirty", "twenty-five", "one hundred", "twenty two thousand five
// hundred", "one lakh fifty thousand") and Malayalam up to a hundred
// ("മുപ്പത്", "ഇരുപത്തിയഞ്ച്", "നൂറ്"). Anything else in the words (an
// "about", a second number, a word it does not know) makes them unreadable:
// a number in words is read exactly or not at all.

import (
	"strings"
)

var englishOnes = map[string]int64{
	"zero": 0, "nil": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}

var englishTeens = map[string]int64{
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
}

var englishTens = map[string]int64{
	"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}

// englishScales are the words that close a group: thousand, lakh, crore
// (Indian numbering; "million" is not written on these forms).
var englishScales = map[string]int64{
	"thousand": 1_000, "lakh": 1_00_000, "lakhs": 1_00_000, "lac": 1_00_000, "lacs": 1_00_000, "crore": 1_00_00_000, "crores": 1_00_00_000,
}

// numberFillers may stand among number words without changing them.
var numberFillers = map[string]bool{"and": true, "only": true, "rupees": true, "rupee": true, "rs": true, "രൂപ": true, "മാത്രം": true}

// englishWordsNumber reads an English number in words.
func englishWordsNumber(s string) (int64, bool) {
	toks := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == ',' || r == '.' || r == '/' })
	const (
		none = iota
		unit
		teen
		ten
		hundred
		scale
	)
	var total, group int64
	prev, lastScale, numbers := none, int64(1<<62), 0
	for i, t := range toks {
		if numberFillers[t] {
			continue
		}
		if t == "a" && i+1 < len(toks) && (toks[i+1] == "hundred" || englishScales[toks[i+1]] > 0) {
			t = "one"
		}
		if v, ok := englishOnes[t]; ok {
			if prev == unit || prev == teen {
				return 0, false
			}
			group += v
			prev = unit
		} else if v, ok := englishTeens[t]; ok {
			if prev == unit || prev == teen || prev == ten {
				return 0, false
			}
			group += v
			prev = teen
		} else if v, ok := englishTens[t]; ok {
			if prev == unit || prev == teen || prev == ten {
				return 0, false
			}
			group += v
			prev = ten
		} else if t == "hundred" {
			if group < 1 || group > 9 || prev == hundred {
				return 0, false
			}
			group *= 100
			prev = hundred
		} else if v, ok := englishScales[t]; ok {
			if group < 1 || group >= 1000 || v >= lastScale {
				return 0, false
			}
			total += group * v
			group, lastScale, prev = 0, v, scale
		} else {
			return 0, false
		}
		numbers++
	}
	if numbers == 0 {
		return 0, false
	}
	return total + group, true
}

// malayalamNumbers maps every way of writing 0–100 in Malayalam words
// (folded, without spaces or hyphens) to its value.
var malayalamNumbers = buildMalayalamNumbers()

func buildMalayalamNumbers() map[string]int64 {
	m := map[string]int64{}
	add := func(v int64, words ...string) {
		for _, w := range words {
			m[malayalamKey(w)] = v
		}
	}
	add(0, "പൂജ്യം")
	units := [][]string{
		1: {"ഒന്ന്"}, 2: {"രണ്ട്"}, 3: {"മൂന്ന്"}, 4: {"നാല്"}, 5: {"അഞ്ച്"}, 6: {"ആറ്"}, 7: {"ഏഴ്"}, 8: {"എട്ട്"},
		9: {"ഒമ്പത്", "ഒൻപത്", "ഒന്‍പത്"},
	}
	for v, ws := range units {
		add(int64(v), ws...)
	}
	add(10, "പത്ത്")
	add(11, "പതിനൊന്ന്")
	add(12, "പന്ത്രണ്ട്")
	add(13, "പതിമൂന്ന്")
	add(14, "പതിനാല്")
	add(15, "പതിനഞ്ച്")
	add(16, "പതിനാറ്")
	add(17, "പതിനേഴ്")
	add(18, "പതിനെട്ട്")
	add(19, "പത്തൊമ്പത്", "പത്തൊൻപത്")
	add(100, "നൂറ്")
	// the tens alone, and the stems they take before a unit
	tens := []struct {
		v     int64
		words []string
		stems []string
	}{
		{20, []string{"ഇരുപത്"}, []string{"ഇരുപത്ത"}},
		{30, []string{"മുപ്പത്"}, []string{"മുപ്പത്ത"}},
		{40, []string{"നാൽപത്", "നാല്പത്", "നാൽപ്പത്", "നാല്പ്പത്"}, []string{"നാൽപത്ത", "നാല്പത്ത", "നാൽപ്പത്ത", "നാല്പ്പത്ത"}},
		{50, []string{"അമ്പത്", "അൻപത്"}, []string{"അമ്പത്ത", "അൻപത്ത"}},
		{60, []string{"അറുപത്"}, []string{"അറുപത്ത"}},
		{70, []string{"എഴുപത്"}, []string{"എഴുപത്ത"}},
		{80, []string{"എൺപത്"}, []string{"എൺപത്ത"}},
		{90, []string{"തൊണ്ണൂറ്"}, []string{"തൊണ്ണൂറ്റ"}},
	}
	// a unit that begins with a vowel joins its tens as the vowel's sign:
	// ഇരുപത്ത + അഞ്ച് = ഇരുപത്തഞ്ച്, or with "ിയ": ഇരുപത്തിയഞ്ച്.
	vowelSigns := map[rune]string{'അ': "", 'ആ': "ാ", 'എ': "െ", 'ഏ': "േ", 'ഒ': "ൊ", 'ഓ': "ോ", 'ഇ': "ി", 'ഉ': "ു"}
	for _, t := range tens {
		add(t.v, t.words...)
		for u := 1; u <= 9; u++ {
			for _, w := range units[u] {
				for _, stem := range t.stems {
					for _, tw := range t.words {
						add(t.v+int64(u), tw+w) // ഇരുപത് അഞ്ച്
					}
					add(t.v+int64(u), stem+"ി"+w) // ഇരുപത്തി രണ്ട്, ഇരുപത്തി അഞ്ച്
					first, rest := []rune(w)[0], string([]rune(w)[1:])
					if sign, ok := vowelSigns[first]; ok {
						add(t.v+int64(u), stem+"ിയ"+sign+rest, stem+sign+rest)
					}
				}
			}
		}
	}
	return m
}

// malayalamKey folds Malayalam number words for lookup: one spelling
// (foldText), no spaces or hyphens, and a word-final ു read as ് ("ഒന്നു",
// "രണ്ടു").
func malayalamKey(s string) string {
	s = foldText(s)
	var b strings.Builder
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' }) {
		if strings.HasSuffix(w, "ു") {
			w = strings.TrimSuffix(w, "ു") + string(virama)
		}
		b.WriteString(w)
	}
	return b.String()
}

// wordsNumber reads a whole number written in words (s lower-cased and
// folded), English or Malayalam; fillers such as "rupees … only" are
// passed over.
func wordsNumber(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if isASCII(s) {
		return englishWordsNumber(s)
	}
	var kept []string
	for _, w := range strings.Fields(s) {
		if !numberFillers[w] {
			kept = append(kept, w)
		}
	}
	v, ok := malayalamNumbers[malayalamKey(strings.Join(kept, " "))]
	return v, ok
}
