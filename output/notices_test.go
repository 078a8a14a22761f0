package output

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

func TestOversizedReason(t *testing.T) {
	for _, tc := range []struct{ name, wantFile, wantStart string }{
		{"big claim.xlsx", "big claim.xlsx", "This workbook is too large"},
		{"", "(your message)", "Your message is too large"},
	} {
		t.Run(tc.wantFile, func(t *testing.T) {
			file, reason := OversizedReason(tc.name)
			if file != tc.wantFile || !strings.HasPrefix(reason, tc.wantStart) {
				t.Errorf("OversizedReason(%q) = %q, %q", tc.name, file, reason)
			}
		})
	}
}

func TestDuplicateDropNote(t *testing.T) {
	ist := stpclaims.DefaultZone()
	got := DuplicateDropNote("copy.xlsx", "claim.xlsx", time.Date(2026, 11, 16, 10, 0, 0, 0, ist), "returned")
	want := "copy.xlsx is the same file (byte for byte) as claim.xlsx, received 16.11.2026 10:00 and already answered (status returned). It was not entered again.\n"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestOverdueNotice(t *testing.T) {
	subject, body := OverdueNotice(Overdue{Code: "STP/REV/2026/041", Name: "Revenue Recovery",
		End: time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC), SettleBy: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC),
		AsOf: time.Date(2026, 3, 16, 0, 0, 0, 0, time.UTC), DaysOverdue: 1,
		Advance: decimal.NewFromInt(48000), Penal: decimal.NewFromInt(16), PaidOn: time.Date(2026, 2, 7, 0, 0, 0, 0, time.UTC),
		Rate: decimal.RequireFromString("0.12")})
	if subject != "Advance for STP/REV/2026/041 not settled: penal interest Rs 16 to date" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"which ended on 13.02.2026, was to be settled by 15.03.2026", "On 16.03.2026 it is 1 days overdue",
		"Penal interest at 12 % a year on the advance of Rs 48,000 paid on 07.02.2026 comes to Rs 16 to date"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}

func TestReviewAnswer(t *testing.T) {
	lead := Decided{Claim: 12, Finding: 40, File: "STP-REV-2026-011.xlsx", Code: "STP/REV/2026/011", Rule: "AII-LEAD-TIME"}
	approved, queried := lead, lead
	approved.Decision, approved.Remarks = "approve", "Urgent training; accepted."
	queried.Finding, queried.Rule, queried.Decision = 41, "AII-DUPLICATE", "query"
	refused := Refusal{Decided: Decided{Claim: 3, Finding: 7, Code: "STP/HLT/2026/012", Rule: "AII-LEAD-TIME", Decision: "reject"},
		Reason: "Only the programme's facilitator may decide."}
	for _, tc := range []struct {
		name  string
		taken ReviewTaken
		want  string
	}{
		{"each decision recorded, with its remarks", ReviewTaken{Recorded: []Decided{approved, queried}, Undecided: 1},
			"2 decisions recorded, 0 refused, 1 row left undecided.\n\n" +
				"Recorded:\n" +
				"- STP/REV/2026/011, STP-REV-2026-011.xlsx (claim 12), AII-LEAD-TIME: approved. Remarks: Urgent training; accepted.\n" +
				"- STP/REV/2026/011, STP-REV-2026-011.xlsx (claim 12), AII-DUPLICATE: queried\n"},
		{"each refusal with its reason, each row not read", ReviewTaken{Refused: []Refusal{refused}, NotRead: []string{"row 4: no claim id"}},
			"0 decisions recorded, 2 refused, 0 rows left undecided.\n\n" +
				"Refused, not recorded:\n" +
				"- STP/HLT/2026/012, claim 3, AII-LEAD-TIME: Reject. Only the programme's facilitator may decide.\n\n" +
				"Not read:\n- row 4: no claim id\n"},
		{"already", ReviewTaken{Already: []Decided{approved}},
			"0 decisions recorded, 0 refused, 0 rows left undecided.\n\n" +
				"Recorded before, from this same workbook:\n" +
				"- STP/REV/2026/011, STP-REV-2026-011.xlsx (claim 12), AII-LEAD-TIME: approved. Remarks: Urgent training; accepted.\n"},
		{"a row the workbook did not name", ReviewTaken{Recorded: []Decided{{Claim: 5, Finding: 9, Decision: "reject"}}},
			"1 decision recorded, 0 refused, 0 rows left undecided.\n\nRecorded:\n- claim 5, finding 9: rejected\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReviewAnswer(tc.taken); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
	if got := ReviewUnreadable("review.xlsx", errors.New("no Review sheet")); !strings.HasPrefix(got, "review.xlsx could not be read as a stpclaims review workbook (no Review sheet).") {
		t.Errorf("unreadable: %q", got)
	}
}

func TestDecisionNotice(t *testing.T) {
	for _, tc := range []struct {
		state, wantSubject string
		wantIn, wantOut    []string
	}{
		{"approved", "Your claim STP/1: approved", []string{"The facilitator (latha@img) approved every deviation in your claim a.xlsx (programme STP/1).\n"}, []string{"Please answer"}},
		{"rejected", "Your claim STP/1: rejected", []string{") rejected your claim"}, []string{"Please answer"}},
		{"query", "Your claim STP/1: query", []string{") has a query on your claim", "\nQuery: Why so late?", "\n\nPlease answer the query and send the claim again, revised if need be.\n"}, nil},
	} {
		t.Run(tc.state, func(t *testing.T) {
			var remarks []Remark
			if tc.state == "query" {
				remarks = []Remark{{Decision: "query", Text: "Why so late?"}}
			}
			subject, body := DecisionNotice(ClaimDecision{By: "latha@img", File: "a.xlsx", Code: "STP/1", State: tc.state, Remarks: remarks})
			if subject != tc.wantSubject {
				t.Errorf("subject %q, want %q", subject, tc.wantSubject)
			}
			for _, s := range tc.wantIn {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q:\n%s", s, body)
				}
			}
			for _, s := range tc.wantOut {
				if strings.Contains(body, s) {
					t.Errorf("body has %q:\n%s", s, body)
				}
			}
		})
	}
}

func TestTemplateReply(t *testing.T) {
	subject, body := TemplateReply(TemplateForms{AnnexureII: "a.xlsx", TABill: "t.xlsx", Settlement: "s.xlsx",
		Card: "STP-2015", CardFrom: time.Date(2015, 8, 13, 0, 0, 0, 0, time.UTC)})
	if subject != "Re: template" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"  a.xlsx  Annexure II", "  t.xlsx  the TA bill", "  s.xlsx  the settlement statement", "card STP-2015 (in force from 13.08.2015)"} {
		if !strings.Contains(body, want) {
			t.Errorf("body lacks %q:\n%s", want, body)
		}
	}
}
