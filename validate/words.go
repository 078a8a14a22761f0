package validate

import (
	"slices"
	"sync"
	"unicode"

	"stpclaims/internal/malayalam"
)

// This file tells a travel mode and a Government-owned venue by the words
// the rate card lists for them ([modes], govt_venue_words), so that an
// office adds a spelling to the card, not to the program.

// cardWordsOf splits text into lower-case words of letters, digits and
// marks (Malayalam's vowel signs), Malayalam in one spelling: "Govt. Guest
// House" is govt guest house, "Rly." is rly.
func cardWordsOf(s string) []string {
	return venueWords(malayalam.Fold(s))
}

// cardEntries are the card's entries split by cardWordsOf, each once: the
// entries are the rate cards' words, a few dozen, and findWords looks for
// all of them in every venue and every row's mode.
var cardEntries sync.Map // string -> []string

// entryWords is cardWordsOf of one of the card's entries. The words are
// shared: read them, never change them.
func entryWords(e string) []string {
	if v, ok := cardEntries.Load(e); ok {
		return v.([]string)
	}
	w := cardWordsOf(e)
	cardEntries.Store(e, w)
	return w
}

// wordMatch is one of the card's words found in a text: which list it
// belongs to, the word as the card writes it, and where it stands.
type wordMatch struct {
	list, word string
	at, n      int // first word and number of words
}

// findWords finds in text every word (or run of words) of lists. A match
// inside a longer match of another list does not count: "Super Express" is
// the bus of "super express", not the train of "express".
func findWords(text string, lists map[string][]string) []wordMatch {
	words := cardWordsOf(text)
	var found []wordMatch
	for list, entries := range lists {
		for _, e := range entries {
			run := entryWords(e)
			for i := 0; i+len(run) <= len(words); i++ {
				if len(run) > 0 && slices.Equal(words[i:i+len(run)], run) {
					found = append(found, wordMatch{list: list, word: e, at: i, n: len(run)})
				}
			}
		}
	}
	var kept []wordMatch
	for _, m := range found {
		inside := slices.ContainsFunc(found, func(o wordMatch) bool {
			return o.list != m.list && o.n > m.n && o.at <= m.at && m.at+m.n <= o.at+o.n
		})
		if !inside {
			kept = append(kept, m)
		}
	}
	slices.SortFunc(kept, func(a, b wordMatch) int {
		if a.at != b.at {
			return a.at - b.at
		}
		return b.n - a.n // the longest run first
	})
	return kept
}

// ModeWord returns the card's word that makes text (a TA bill's Mode
// cell) name mode, or "" when it does not: "Uber" is a taxi by "uber",
// "Rly." a train by "rly".
func (c *Card) ModeWord(text, mode string) string {
	modes := c.Modes
	if modes == nil {
		modes = Builtin().Modes
	}
	for _, m := range findWords(text, modes) {
		if m.list == mode {
			return m.word
		}
	}
	return ""
}

// GovtVenueWord returns the card's word that marks venue as
// Government-owned, or "": "Govt. Guest House, Kollam" by "Govt".
func (c *Card) GovtVenueWord(venue string) string {
	words := c.GovtVenueWords
	if words == nil {
		words = Builtin().GovtVenueWords
	}
	if ms := findWords(venue, map[string][]string{"govt": words}); len(ms) > 0 {
		return ms[0].word
	}
	return ""
}

// isWordRune reports whether r belongs to a word of a venue or mode.
func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) }
