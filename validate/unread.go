package validate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// Unread gives a finding for each part of a workbook the reader did not
// read as a claim (stpclaims.Form.Unread): READ-SKIPPED for a sheet not
// read, READ-HIDDEN for what was hidden. Both are info: what was sent and
// shown is what is judged, and these say what was not. A finding is on the
// sheet's first cell holding something (or the first hidden cell holding a
// value); its message names the sheet.
func Unread(us []stpclaims.Unread) []stpclaims.Finding {
	var out []stpclaims.Finding
	for _, u := range us {
		f := finding("READ-SKIPPED", "", u.Cell)
		sheet := fmt.Sprintf("Sheet '%s'", u.Sheet)
		switch u.Why {
		case stpclaims.UnreadNoForm:
			f.Message = sheet + " was not read: it holds no form."
		case stpclaims.UnreadBlank:
			f.Message = fmt.Sprintf("%s was not read: its %s is blank.", sheet, formWords(u.Holds))
		case stpclaims.UnreadCopy:
			f.Message = fmt.Sprintf("%s was not read: its %s repeats that of sheet '%s', figure for figure, which is checked.", sheet, formWords(u.Holds), u.Other)
		case stpclaims.UnreadBeside:
			f.Message = fmt.Sprintf("%s was not read: it holds the Annexure II of programme %s, sent with the programme's form on sheet '%s', which is checked.", sheet, u.Code, u.Other)
		case stpclaims.UnreadSecondBill:
			f.Action = "send each TA bill in a workbook of its own"
			f.Message = fmt.Sprintf("%s was not read: the workbook's TA bill is the one on sheet '%s'.", sheet, u.Other)
		case stpclaims.UnreadHiddenSheet, stpclaims.UnreadVeryHiddenSheet:
			f = finding("READ-HIDDEN", "", u.Cell)
			how := "hidden"
			if u.Why == stpclaims.UnreadVeryHiddenSheet {
				how = "very hidden (shown only by a macro)"
			}
			holds := ""
			if u.Holds != "" && u.Holds != stpclaims.FormUnknown {
				holds = fmt.Sprintf(" (it holds %s)", withArticle(formWords(u.Holds)))
			}
			f.Action = fmt.Sprintf("unhide sheet '%s' if it is part of the claim, else remove it", u.Sheet)
			f.Message = fmt.Sprintf("%s is %s and was not read%s.", sheet, how, holds)
		case stpclaims.UnreadHiddenCells:
			f = finding("READ-HIDDEN", "", u.Cell)
			n := len(u.Rows) + len(u.Cols)
			parts := hiddenParts(u.Rows, u.Cols)
			f.Action = fmt.Sprintf("unhide %s if %s part of the claim, else remove %s", parts, noun(n, "it is", "they are"), noun(n, "it", "them"))
			f.Message = fmt.Sprintf("%s of sheet '%s' %s hidden and %s not read as the claim.",
				upperFirst(parts), u.Sheet, noun(n, "is", "are"), noun(n, "was", "were"))
		default:
			f.Message = sheet + " was not read."
		}
		out = append(out, f)
	}
	return out
}

// formWords names a form kind in a message.
func formWords(k stpclaims.FormKind) string {
	if n := k.Name(); n != "" {
		return n
	}
	return "form"
}

func withArticle(s string) string {
	if strings.HasPrefix(s, "Annexure") {
		return "an " + s
	}
	return "a " + s
}

// hiddenParts writes hidden rows and columns for a message: "rows 4–6 and
// 9, and column F".
func hiddenParts(rows, cols []int) string {
	var parts []string
	if len(rows) > 0 {
		parts = append(parts, noun(len(rows), "row", "rows")+" "+spans(rows, strconv.Itoa))
	}
	if len(cols) > 0 {
		parts = append(parts, noun(len(cols), "column", "columns")+" "+spans(cols, func(c int) string {
			name, _ := excelize.ColumnNumberToName(c)
			return name
		}))
	}
	return strings.Join(parts, ", and ")
}

// noun is one or many by n.
func noun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// spans writes ascending numbers as runs: "4–6, 9 and 12".
func spans(ns []int, name func(int) string) string {
	var runs []string
	for i := 0; i < len(ns); {
		j := i
		for j+1 < len(ns) && ns[j+1] == ns[j]+1 {
			j++
		}
		if j > i {
			runs = append(runs, name(ns[i])+"–"+name(ns[j]))
		} else {
			runs = append(runs, name(ns[i]))
		}
		i = j + 1
	}
	if len(runs) == 1 {
		return runs[0]
	}
	return strings.Join(runs[:len(runs)-1], ", ") + " and " + runs[len(runs)-1]
}
