package validate

import (
	"fmt"
	"slices"
	"strings"

	"stpclaims"
)

// IsIMGCentre reports whether the venue is one of IMG's own centres (the
// headquarters or a regional centre), where stationery is provided in-house
// and venue hire is never admissible.
//
// A venue is an IMG centre when it names IMG (the word "IMG" or "Institute of
// Management in Government") and either names one of the card's centre
// places ("IMG Regional Centre, Kochi") or names nothing but IMG and generic
// words ("IMG", "IMG Regional Centre", "IMG campus"). A town alone is not
// enough: "Town Hall, Kochi" is not an IMG centre although IMG has a centre
// in Kochi, and "IMG Regional Centre, Thrissur" is not one of the card's
// centres.
func (c *Card) IsIMGCentre(venue string) bool {
	words := venueWords(venue)
	rest, img := dropIMG(words)
	if !img {
		return false
	}
	for _, centre := range c.IMGCentres {
		if containsRun(rest, venueWords(centre)) {
			return true
		}
	}
	for _, w := range rest {
		if !genericVenueWords[w] {
			return false
		}
	}
	return true
}

// genericVenueWords may stand beside "IMG" without naming another place.
var genericVenueWords = map[string]bool{
	"regional": true, "centre": true, "center": true, "head": true, "headquarters": true,
	"hq": true, "office": true, "campus": true, "the": true, "of": true, "at": true,
	"main": true, "hall": true, "building": true, "training": true, "conference": true,
	"seminar": true, "room": true, "auditorium": true, "classroom": true, "class": true,
	"kerala": true, "in": true, "rc": true,
}

// venueWords lower-cases the text and splits it into words of letters,
// digits and marks ("I.M.G." becomes "img").
func venueWords(s string) []string {
	s = venueMarks.Replace(strings.ToLower(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !isWordRune(r) })
}

// venueMarks drops the marks that join a word's letters ("Govt.", "St.
// Joseph's"); made once, as venueWords runs for every word of the card.
var venueMarks = strings.NewReplacer(".", "", "'", "")

// dropIMG removes the words naming IMG and reports whether there were any.
func dropIMG(words []string) ([]string, bool) {
	long := []string{"institute", "of", "management", "in", "government"}
	var rest []string
	found := false
	for i := 0; i < len(words); i++ {
		if words[i] == "img" {
			found = true
			continue
		}
		if i+len(long) <= len(words) && slices.Equal(words[i:i+len(long)], long) {
			found = true
			i += len(long) - 1
			continue
		}
		rest = append(rest, words[i])
	}
	return rest, found
}

// containsRun reports whether run occurs as consecutive words in words.
func containsRun(words, run []string) bool {
	if len(run) == 0 {
		return false
	}
	for i := 0; i+len(run) <= len(words); i++ {
		if slices.Equal(words[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// govtVenue tells whether a programme's venue is Government-owned, where
// venue hire is never admissible: as the form's "Venue Govt-owned" line
// says, or, where the form does not say (or says it unreadably), by the
// card's words in the venue's name ("Govt. Guest House, Kollam"). known is
// false when neither tells. why says what decided, for a message ("at a
// Govt-owned venue (…, by the rate card's word "Govt")"). word is the card's
// word the name holds, also where the form says the venue is not
// Govt-owned (the finding then asks the facilitator to confirm).
func (c *Card) govtVenue(venue stpclaims.Text, flag stpclaims.Flag) (owned, known bool, why, word string) {
	if venue.Ok() {
		word = c.GovtVenueWord(venue.Value)
	}
	switch {
	case flag.Ok():
		return flag.Value, true, "at a Govt-owned venue", word
	case word != "":
		return true, true, fmt.Sprintf("at a Govt-owned venue (%q, by the rate card's word %q)", strings.TrimSpace(venue.Value), word), word
	}
	return false, flag.State != stpclaims.Unreadable, "", word
}
