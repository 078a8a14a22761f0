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
// shown is what is judged, and these say what was not.
func Unread(us []stpclaims.Unread) []stpclaims.Finding {
	var out []stpclaims.Finding
	for _, u := range us {
		id, msg := "READ-SKIPPED", ""
		sheet := fmt.Sprintf("Sheet '%s'", u.Sheet)
		switch u.Why {
		case stpclaims.UnreadNoForm:
			msg = sheet + " was not read: it holds no form."
		case stpclaims.UnreadBlank:
			msg = fmt.Sprintf("%s was not read: its %s is blank.", sheet, formWords(u.Holds))
		case stpclaims.UnreadCopy:
			msg = fmt.Sprintf("%s was not read: its %s repeats that of sheet '%s', figure for figure, which is checked.", sheet, formWords(u.Holds), u.Other)
		case stpclaims.UnreadBeside:
			msg = fmt.Sprintf("%s was not read: it holds the Annexure II of programme %s, sent with the programme's form on sheet '%s', which is checked.", sheet, u.Code, u.Other)
		case stpclaims.UnreadSecondBill:
			msg = fmt.Sprintf("%s was not read: the workbook's TA bill is the one on sheet '%s'; send each TA bill in a workbook of its own.", sheet, u.Other)
		case stpclaims.UnreadHiddenSheet, stpclaims.UnreadVeryHiddenSheet:
			id = "READ-HIDDEN"
			how := "hidden"
			if u.Why == stpclaims.UnreadVeryHiddenSheet {
				how = "very hidden (shown only by a macro)"
			}
			holds := ""
			if u.Holds != "" && u.Holds != stpclaims.FormUnknown {
				holds = fmt.Sprintf(" (it holds %s)", withArticle(formWords(u.Holds)))
			}
			msg = fmt.Sprintf("%s is %s and was not read%s: unhide it if it is part of the claim, else remove it.", sheet, how, holds)
		case stpclaims.UnreadHiddenCells:
			id = "READ-HIDDEN"
			n := len(u.Rows) + len(u.Cols)
			msg = fmt.Sprintf("%s of sheet '%s' %s hidden and %s not read as the claim: unhide %s if %s part of it, else remove %s.",
				upperFirst(hiddenParts(u.Rows, u.Cols)), u.Sheet, noun(n, "is", "are"), noun(n, "was", "were"),
				noun(n, "it", "them"), noun(n, "it is", "they are"), noun(n, "it", "them"))
		default:
			msg = sheet + " was not read."
		}
		f := finding(id, "", u.Cell)
		f.Message = msg
		out = append(out, f)
	}
	return out
}

// formWords names a form kind in a message.
func formWords(k stpclaims.FormKind) string {
	switch k {
	case stpclaims.FormTABill:
		return "TA bill"
	case stpclaims.FormSettlement:
		return "settlement statement"
	case stpclaims.FormAnnexureII:
		return "Annexure II"
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
