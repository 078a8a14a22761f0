package read

// This file reads a programme's duration written in one cell, as every
// form's line 3 may be: "12.01.2027 to 16.01.2027 (5 days)", "From
// 12/01/2027 to 16/01/2027", a day range within a month ("12-16 January
// 2027", "12 to 16.01.2027", "January 12-16, 2027"), in Malayalam
// ("12.01.2027 മുതൽ 16.01.2027 വരെ (5 ദിവസം)"), with the training days in
// figures or words ("(Five days)", "5 training days", "(Training days) 5").

import (
	"regexp"
	"strings"
	"time"
)

// durationText is what a duration cell says; a part it does not give is
// empty, a part it gives that does not read keeps its text.
type durationText struct {
	start, end         time.Time
	days               int
	hasStart, hasEnd   bool
	hasDays            bool
	startText, endText string // the text meant as each date ("" when none)
	daysText           string // the text meant as the training days
}

// durationWords are Malayalam words of a duration and what they read as.
var durationWords = strings.NewReplacer(
	foldText("മുതൽ"), " to ", foldText("വരെ"), " ", foldText("ദിവസങ്ങൾ"), " days ", foldText("ദിവസത്തെ"), " days ",
	foldText("ദിവസം"), " days ", foldText("പരിശീലന"), " training ", foldText("തീയതി"), " ",
)

// daysWord finds "day" or "days" as a word.
var daysWord = regexp.MustCompile(`\bdays?\b`)

// rangeSeparators split a duration's two dates, tried in order; a hyphen
// is tried at each place it stands, since dates are written with hyphens
// too.
var rangeSeparators = []string{" to ", " till ", " upto ", " up to ", "–", "—", "-"}

// readDuration reads a duration cell's text.
func readDuration(raw string) durationText {
	var d durationText
	s := " " + strings.ToLower(strings.TrimSpace(foldText(raw))) + " "
	s = durationWords.Replace(s)
	s = d.takeDays(s)
	var kept []string
	for _, w := range strings.Fields(strings.NewReplacer("(", " ", ")", " ").Replace(s)) {
		if w != "from" && w != "dated" && w != "training" && w != "period" {
			kept = append(kept, w)
		}
	}
	s = strings.Trim(strings.Join(kept, " "), " ,;:.")
	if s == "" {
		return d
	}
	for _, sep := range rangeSeparators {
		for i := strings.Index(s, sep); i >= 0; {
			if d.tryRange(s[:i], s[i+len(sep):]) {
				return d
			}
			next := strings.Index(s[i+len(sep):], sep)
			if next < 0 {
				break
			}
			i += len(sep) + next
		}
	}
	// one date, or no date that reads: the start date as written
	if t, ok := parseDateText(s); ok {
		d.start, d.hasStart = t, true
	}
	d.startText = s
	return d
}

// takeDays finds the training days ("5 days", "(Five days)", "5 training
// days", "days: 5") in s and returns s without them.
func (d *durationText) takeDays(s string) string {
	for _, loc := range daysWord.FindAllStringIndex(s, -1) {
		// the number before: figures, or up to three words ("twenty five
		// days"), passing over "training"
		before := strings.Fields(strings.NewReplacer("(", " ", ")", " ", ",", " ").Replace(s[:loc[0]]))
		for len(before) > 0 && before[len(before)-1] == "training" {
			before = before[:len(before)-1]
		}
		for n := min(3, len(before)); n >= 1; n-- {
			words := before[len(before)-n:]
			text := strings.Join(words, " ")
			if n > 1 && hasDigit(text) {
				continue // "2027 twenty five" is no count
			}
			if v, ok := parseCount(text); ok && v > 0 {
				d.days, d.hasDays, d.daysText = v, true, text
				cut := strings.LastIndex(s[:loc[0]], words[0])
				return s[:cut] + " " + s[loc[1]:]
			}
		}
		// the number after: "(training days) 5", "days: 5"
		after := strings.TrimLeft(s[loc[1]:], " ):.-=")
		end := strings.IndexFunc(after, func(r rune) bool { return r < '0' || r > '9' })
		if end < 0 {
			end = len(after)
		}
		if end > 0 && end <= 3 {
			if v, ok := parseCount(after[:end]); ok {
				d.days, d.hasDays, d.daysText = v, true, after[:end]
				return s[:loc[0]] + " " + after[end:]
			}
		}
		if d.daysText == "" && len(before) > 0 {
			d.daysText = before[len(before)-1] + " " + s[loc[0]:loc[1]]
		}
	}
	return s
}

// tryRange reads left and right as the two ends of a range: right a whole
// date, left a whole date or the part of one that differs ("12" in "12-16
// January 2027", "30 January" in "30 January to 3 February 2027"), or
// "January 12" and "16, 2027" in "January 12-16, 2027".
func (d *durationText) tryRange(left, right string) bool {
	left, right = strings.Trim(left, " ,;:."), strings.Trim(right, " ,;:.")
	if left == "" || right == "" {
		return false
	}
	end, ok := parseDateText(right)
	if !ok {
		return d.tryMonthFirst(left, right)
	}
	start, ok := parseDateText(left)
	if !ok {
		start, ok = partialDate(left, end)
		if !ok {
			return false
		}
	}
	d.start, d.end, d.hasStart, d.hasEnd = start, end, true, true
	d.startText, d.endText = left, right
	return true
}

// tryMonthFirst reads "january 12" and "16, 2027".
func (d *durationText) tryMonthFirst(left, right string) bool {
	lt, rt := dateTokens(left), dateTokens(right)
	if len(lt) != 2 || len(rt) != 2 {
		return false
	}
	month, ok := monthNames[lt[0]]
	if !ok {
		return false
	}
	start, ok1 := parseDateText(lt[1] + " " + lt[0] + " " + rt[1])
	end, ok2 := parseDateText(rt[0] + " " + lt[0] + " " + rt[1])
	if !ok1 || !ok2 || start.Month() != month || start.After(end) {
		return false
	}
	d.start, d.end, d.hasStart, d.hasEnd = start, end, true, true
	d.startText, d.endText = left, right
	return true
}

// partialDate completes the start of a range from its end: a day alone
// takes the end's month and year, a day and month the end's year (the year
// before, when that month comes after the end's: "30 December to 3 January
// 2027"). A start that would fall after the end does not read.
func partialDate(text string, end time.Time) (time.Time, bool) {
	toks := dateTokens(text)
	var t time.Time
	var ok bool
	switch len(toks) {
	case 1:
		t, ok = parseDateText(toks[0] + " " + end.Month().String() + " " + itoa4(end.Year()))
	case 2:
		t, ok = parseDateText(toks[0] + " " + toks[1] + " " + itoa4(end.Year()))
		if ok && t.After(end) && t.Month() > end.Month() {
			t, ok = parseDateText(toks[0] + " " + toks[1] + " " + itoa4(end.Year()-1))
		}
	}
	if !ok || t.After(end) {
		return time.Time{}, false
	}
	return t, true
}

func itoa4(y int) string { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006") }
