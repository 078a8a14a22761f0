package validate

import (
	"testing"

	"stpclaims"
)

func TestUnread_Rules(t *testing.T) {
	tests := []struct {
		name string
		in   []stpclaims.Unread
		rule string // "" for no finding
		msg  string
		cell string
	}{
		{"nothing unread", nil, "", "", ""},
		{"only hidden cells", []stpclaims.Unread{{Sheet: "Claim", Why: stpclaims.UnreadHiddenCells, Rows: []int{3}, Cell: "Claim!A3"}}, "", "", ""},
		{"no form", []stpclaims.Unread{{Sheet: "Notes", Why: stpclaims.UnreadNoForm, Cell: "Notes!A1"}},
			"READ-SKIPPED", "Sheet 'Notes' was not read: it holds no form.", "Notes!A1"},
		{"blank", []stpclaims.Unread{{Sheet: "Annexure II (2)", Why: stpclaims.UnreadBlank, Holds: stpclaims.FormAnnexureII, Cell: "Annexure II (2)!A1"}},
			"READ-SKIPPED", "Sheet 'Annexure II (2)' was not read: its Annexure II is blank.", "Annexure II (2)!A1"},
		{"copy", []stpclaims.Unread{{Sheet: "Copy", Why: stpclaims.UnreadCopy, Holds: stpclaims.FormAnnexureII, Other: "Annexure II", Cell: "Copy!A1"}},
			"READ-SKIPPED", "Sheet 'Copy' was not read: its Annexure II repeats that of sheet 'Annexure II', figure for figure, which is checked.", "Copy!A1"},
		{"beside its settlement", []stpclaims.Unread{{Sheet: "Advance", Why: stpclaims.UnreadBeside, Code: "STP/01", Other: "Settlement", Cell: "Advance!A1"}},
			"READ-SKIPPED", "Sheet 'Advance' was not read: it holds the Annexure II of programme STP/01, sent with the programme's form on sheet 'Settlement', which is checked.", "Advance!A1"},
		{"second bill", []stpclaims.Unread{{Sheet: "Batch 2", Why: stpclaims.UnreadSecondBill, Other: "Participants", Cell: "Batch 2!A1"}},
			"READ-SKIPPED", "Sheet 'Batch 2' was not read: the workbook's TA bill is the one on sheet 'Participants'.", "Batch 2!A1"},
		{"hidden sheet", []stpclaims.Unread{{Sheet: "2025", Why: stpclaims.UnreadHiddenSheet, Holds: stpclaims.FormAnnexureII, Cell: "2025!B2"}},
			"READ-HIDDEN", "Sheet '2025' is hidden and was not read (it holds an Annexure II).", "2025!B2"},
		{"very hidden sheet", []stpclaims.Unread{{Sheet: "x", Why: stpclaims.UnreadVeryHiddenSheet, Holds: stpclaims.FormUnknown, Cell: "x!A1"}},
			"READ-HIDDEN", "Sheet 'x' is very hidden (shown only by a macro) and was not read.", "x!A1"},
		{"hidden rows and a column", []stpclaims.Unread{{Sheet: "Claim", Why: stpclaims.UnreadHiddenCells, Rows: []int{4, 5, 6, 9}, Cols: []int{6}, Cell: "Claim!B4"}},
			"READ-HIDDEN", "Rows 4–6 and 9, and column F of sheet 'Claim' are hidden and were not read as the claim.", "Claim!B4"},
		{"one hidden row", []stpclaims.Unread{{Sheet: "Claim", Why: stpclaims.UnreadHiddenCells, Rows: []int{3}, Cell: "Claim!A3"}},
			"READ-HIDDEN", "Row 3 of sheet 'Claim' is hidden and was not read as the claim.", "Claim!A3"},
	}
	// what to do, where there is something (a sheet not read for holding
	// no form, a copy or a blank asks nothing)
	actions := map[string]string{
		"second bill":              "send each TA bill in a workbook of its own",
		"hidden sheet":             "unhide sheet '2025' if it is part of the claim, else remove it",
		"very hidden sheet":        "unhide sheet 'x' if it is part of the claim, else remove it",
		"hidden rows and a column": "unhide rows 4–6 and 9, and column F if they are part of the claim, else remove them",
		"one hidden row":           "unhide row 3 if it is part of the claim, else remove it",
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Unread(tt.in)
			if tt.rule == "" {
				// the case passes the rules it does not fire
				for _, id := range []string{"READ-SKIPPED", "READ-HIDDEN"} {
					if len(tt.in) == 0 || id == "READ-SKIPPED" {
						checkRuleCase(t, ruleCase{name: tt.name, rule: id}, got)
					}
				}
				return
			}
			checkRuleCase(t, ruleCase{name: tt.name, rule: tt.rule, fires: true}, got)
			if len(got) != 1 {
				t.Fatalf("%d findings, want 1: %+v", len(got), got)
			}
			if f := got[0]; f.Cell != tt.cell || f.Message != tt.msg {
				t.Errorf("at %s: %q\nwant at %s: %q", f.Cell, f.Message, tt.cell, tt.msg)
			}
			if a := got[0].Action; a != actions[tt.name] {
				t.Errorf("action %q, want %q", a, actions[tt.name])
			}
		})
	}
}
