package output

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"stpclaims"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what was written:\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRupees(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0", "0"},
		{"7", "7"},
		{"100", "100"},
		{"999", "999"},
		{"1000", "1,000"},
		{"22500", "22,500"},
		{"100000", "1,00,000"},
		{"225000", "2,25,000"},
		{"1000000", "10,00,000"},
		{"12345678.5", "1,23,45,678.50"},
		{"121.5", "121.50"},
		{"65100.00", "65,100"},
		{"0.333", "0.33"},
		{"9066.675", "9,066.68"},
		{"-100", "-100"},
		{"-100000", "-1,00,000"},
		{"-12345678.5", "-1,23,45,678.50"},
		{"-0.001", "0.00"},
		{"123456789012", "1,23,45,67,89,012"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Rupees(decimal.RequireFromString(tt.in)); got != tt.want {
				t.Errorf("Rupees(%s) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseCellRef(t *testing.T) {
	tests := []struct {
		in      string
		ok      bool
		sheet   string
		display string
	}{
		{"Sheet1!D14", true, "Sheet1", "Sheet1!D14"},
		{"'Advance claim'!D19", true, "Advance claim", "'Advance claim'!D19"},
		{"Advance claim!D19", true, "Advance claim", "'Advance claim'!D19"},
		{"'Ravi''s sheet'!$B$2", true, "Ravi's sheet", "'Ravi''s sheet'!B2"},
		{"Participants!A3:R3", true, "Participants", "Participants!A3:R3"},
		{"'a!b'!C3", true, "a!b", "'a!b'!C3"},
		{"2026!A1", true, "2026", "'2026'!A1"},
		{"A1!A1", true, "A1", "'A1'!A1"},
		{"D14", false, "", ""},
		{"", false, "", ""},
		{"Sheet1!", false, "", ""},
		{"Sheet1!14D", false, "", ""},
		{"'unclosed!A1", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, ok := parseCellRef(tt.in)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if r.Sheet != tt.sheet || r.String() != tt.display {
				t.Errorf("got sheet %q display %q, want %q %q", r.Sheet, r.String(), tt.sheet, tt.display)
			}
		})
	}
}

// textReport is the hand-made report of the golden files, worded as the
// rules word their findings.
func textReport() *stpclaims.Report {
	return &stpclaims.Report{
		File:          "annexure2-example.xlsx",
		Form:          stpclaims.FormAnnexureII,
		Status:        stpclaims.StatusReturned,
		RateCard:      "STP-2015",
		ProgrammeCode: "IMG/STP/2026/014",
		Assessment: stpclaims.Assessment{
			Findings: []stpclaims.Finding{
				{Rule: "AII-LEAD-TIME", Clause: "V", Severity: stpclaims.SeverityDeviation, Cell: "Advance claim!D5", Field: "start_date",
					Action:  "get the facilitator's decision on a late request",
					Message: "The request was received on 03.01.2026, only 9 days before the programme starts on 12.01.2026; it must reach the centre at least 14 days before."},
				{Rule: "AII-FOOD", Clause: "cost sheet, III, I(i), Annexure II 14", Severity: stpclaims.SeverityError, Cell: "'Advance claim'!D19", Field: "food",
					Claimed: money("40000"), Allowed: money("34215"), Admissible: money("34215"),
					Action:  "reduce to Rs 34,215 (over by Rs 5,785)",
					Message: "Food & Refreshments (line 14) may be at most Rs 34,215\nfor 30 participants over 5 days; Rs 40,000 is claimed."},
				{Rule: "AII-PHOTOCOPY-SAMPLE", Clause: "Annexure II 13", Severity: stpclaims.SeverityInfo, Cell: "'Advance claim'!D18", Field: "photocopy",
					Action:  "send one copy of the material given to the participants",
					Message: "Photocopy charges of Rs 3,750 are verified against a copy of the material distributed."},
				{Rule: "AII-REQUIRED", Clause: "Annexure II 1–8, 21–23", Severity: stpclaims.SeverityError, Field: "account_no",
					Action:  "fill it in",
					Message: "The form does not give the Account No. of Co-ordinator (line 23), which the claim cannot be checked without."},
				{Rule: "AII-ADVANCE-CAP", Clause: "Annexure II 21", Severity: stpclaims.SeverityError, Cell: "'Advance claim'!D26", Field: "advance_claimed",
					Claimed: money("225000"), Allowed: money("65100"), Admissible: money("65100"),
					Action:  "write Rs 65,100 or less, a multiple of 100",
					Message: "At most Rs 65,100 may be sanctioned: 75 % of the admissible lines 9 to 16, 18 and 19, rounded to the nearest 100; Rs 2,25,000 is claimed."},
			},
			MaxAdvance: money("65100"),
		},
	}
}

// pendingReport is an Annexure II whose participants could not be read:
// the largest advance and part of the admissible total wait for them.
func pendingReport() *stpclaims.Report {
	rep := textReport()
	rep.MaxAdvance = decimal.NullDecimal{}
	rep.Totals = &stpclaims.Totals{Claimed: decimal.RequireFromString("80500"), Admissible: decimal.RequireFromString("28650")}
	rep.Findings = rep.Findings[3:4]
	rep.Pending = []stpclaims.Pending{
		{Figure: "stationery", Field: "participants", State: stpclaims.Unreadable},
		{Figure: "food", Field: "participants", State: stpclaims.Unreadable},
		{Figure: stpclaims.FigureMaxAdvance, Field: "participants", State: stpclaims.Unreadable},
	}
	return rep
}

func taBillReport() *stpclaims.Report {
	return &stpclaims.Report{
		File: "ta-bill.ods", Form: stpclaims.FormTABill, Status: stpclaims.StatusReview, RateCard: "STP-2015", ProgrammeCode: "IMG/STP/2026/014",
		Assessment: stpclaims.Assessment{
			Findings: []stpclaims.Finding{
				{Rule: "TA-OVER-ADVANCE", Clause: "IV, VIII", Severity: stpclaims.SeverityDeviation, Cell: "Participants!P33", Field: "total",
					Message: "The participants' admissible TA and DA come to Rs 1,00,000, more than the TA advance and DA advance of Rs 90,000 on claim 3; the excess of Rs 10,000 needs the facilitator's approval."},
				{Rule: "TA-NGO-CERT", Clause: "Annexure I.8", Severity: stpclaims.SeverityInfo, Cell: "Participants!A1",
					Action:  "furnish each officer's certificate of pay before TA is paid",
					Message: "Non-gazetted officers furnish a certificate of designation, scale and pay from the HOD/DDO."},
				{Rule: "TA-LOCAL", Clause: "IV.2, Annexure I.4", Severity: stpclaims.SeverityInfo, Cell: "Participants!J7", Row: 7, Field: "fare_claimed",
					Claimed: money("480"), Allowed: money("0"), Admissible: money("0"), ReasonCell: "Participants!G7",
					Action:  "strike out the fare of Rs 480 (none of it is admissible)",
					Message: "Anil Kumar comes from 5 km, within 8 km of headquarters, so no TA (fare or autorickshaw fare) is admissible; DA is."},
			},
			Totals: &stpclaims.Totals{Claimed: decimal.RequireFromString("123456.5"), Admissible: decimal.RequireFromString("100000")},
			People: []stpclaims.Person{{Sheet: "Participants", Row: 7, Name: "Anil Kumar",
				Claimed: decimal.RequireFromString("123456.5"), Admissible: decimal.RequireFromString("100000")}},
		},
	}
}

func settlementReport() *stpclaims.Report {
	return &stpclaims.Report{
		File: "settlement.xlsx", Form: stpclaims.FormSettlement, Status: stpclaims.StatusClean, RateCard: "STP-2015",
		Assessment: stpclaims.Assessment{
			Balance:       money("-1250.5"),
			PenalInterest: money("0"),
		},
	}
}

func unreadableReport() *stpclaims.Report {
	return &stpclaims.Report{
		File: "scan.pdf", Form: stpclaims.FormUnknown, Status: stpclaims.StatusUnreadable,
		Reason: "This is a PDF, not a workbook; the figures in it cannot be read.\nPlease send the Annexure II as an .xlsx or .ods file.",
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		rep  *stpclaims.Report
	}{
		{"annexure2", textReport()},
		{"ta-bill", taBillReport()},
		{"settlement", settlementReport()},
		{"unreadable", unreadableReport()},
		{"pending", pendingReport()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := Summary(&b, tt.rep); err != nil {
				t.Fatal(err)
			}
			golden(t, "summary-"+tt.name+".golden", b.String())
		})
	}
	t.Run("several forms name their sheets", func(t *testing.T) {
		parts := programmeParts()
		var b bytes.Buffer
		if err := Summary(&b, parts[0].Report, parts[1].Report); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"annexure2-example.xlsx, sheet 'Programme 1': returned", "annexure2-example.xlsx, sheet 'Programme 2': clean"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("summary lacks %q:\n%s", want, b.String())
			}
		}
	})
	t.Run("nil", func(t *testing.T) {
		if err := Summary(&bytes.Buffer{}, nil); !errors.Is(err, ErrNilReport) {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("write error", func(t *testing.T) {
		if err := Summary(failingWriter{}, textReport()); !errors.Is(err, errWrite) {
			t.Errorf("err = %v, want the writer's", err)
		}
	})
}

func TestSummary_Lines(t *testing.T) {
	var b bytes.Buffer
	if err := Summary(&b, textReport()); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"annexure2-example.xlsx: returned (Annexure II, programme IMG/STP/2026/014, rate card STP-2015)",
		"  error      Line 14, Food & Refreshments: reduce to Rs 34,215 (over by Rs 5,785). [AII-FOOD, 'Advance claim'!D19]", // errors first
	}
	if lines[0] != want[0] || lines[1] != want[1] {
		t.Errorf("summary begins\n%s\n%s\nwant\n%s\n%s…", lines[0], lines[1], want[0], want[1])
	}
	if last := lines[len(lines)-1]; last != "  largest advance that may be sanctioned: Rs 65,100" {
		t.Errorf("last line %q", last)
	}
	if got := len(lines); got != 1+5+1 {
		t.Errorf("%d lines, want a heading, one per finding and the advance (a message's line break folded)", got)
	}
}

type failingWriter struct{}

var errWrite = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestReplyBody(t *testing.T) {
	tests := []struct {
		name  string
		parts []ReplyPart
	}{
		{"one", []ReplyPart{{Report: textReport(), Attached: "annexure2-example-checked.xlsx"}}},
		{"several", []ReplyPart{
			{Report: textReport(), Attached: "annexure2-example-checked.xlsx"},
			{Report: taBillReport(), Note: "converted from .ods; the annotated copy is .xlsx", Attached: "ta-bill-checked.xlsx"},
			{Report: settlementReport(), Attached: "settlement-checked.xlsx"},
			{Report: unreadableReport()},
		}},
		{"none", nil},
		{"pending", []ReplyPart{{Report: pendingReport()}}},
		{"programmes", programmeParts()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ReplyBody(tt.parts)
			golden(t, "reply-"+tt.name+".golden", got)
			if strings.ContainsAny(got, "<>") {
				t.Error("the reply holds angle brackets; it must be plain text")
			}
		})
	}
}

// programmeParts are the reply's parts for a workbook of two programmes,
// a sheet each, sent with a TA bill.
func programmeParts() []ReplyPart {
	first, second := textReport(), textReport()
	first.SHA256, second.SHA256 = "5a7c", "5a7c"
	first.Sheet, second.Sheet = "Programme 1", "Programme 2"
	second.ProgrammeCode = "IMG/STP/2026/015"
	second.Status, second.Findings = stpclaims.StatusClean, nil
	return []ReplyPart{
		{Report: first, Attached: "annexure2-example.checked.xlsx"},
		{Report: second, Attached: "annexure2-example.checked.xlsx"},
		{Report: taBillReport(), Attached: "ta-bill.checked.xlsx"},
	}
}

// TestReplyBody_programmes: the reply to a workbook of several forms says
// so and names each part's sheet; a workbook of one form names none.
func TestReplyBody_programmes(t *testing.T) {
	body := ReplyBody(programmeParts())
	for _, want := range []string{
		"The 2 workbooks you sent, holding 3 forms, have been checked",
		"1. annexure2-example.xlsx, sheet 'Programme 1' (Annexure II, programme IMG/STP/2026/014)",
		"2. annexure2-example.xlsx, sheet 'Programme 2' (Annexure II, programme IMG/STP/2026/015)",
		`a workbook holding several forms has one for each, "Findings 1", "Findings 2"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("reply lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "ta-bill.ods, sheet") {
		t.Errorf("the one-form workbook's part names its sheet:\n%s", body)
	}
	one := ReplyBody(programmeParts()[:2])
	if !strings.Contains(one, "The workbook you sent holds 2 forms, a sheet each; each has been checked") {
		t.Errorf("reply to one workbook of two forms:\n%s", one)
	}
}

func TestReplyBody_Content(t *testing.T) {
	body := ReplyBody([]ReplyPart{{Report: textReport(), Attached: "checked.xlsx"}, {Report: unreadableReport()}})
	for _, want := range []string{
		"Returned: please correct the items below and send it again.",
		"- Line 14, Food & Refreshments: reduce to Rs 34,215 (over by Rs 5,785). Food & Refreshments (line 14) may be at most Rs 34,215 for 30 participants over 5 days; Rs 40,000 is claimed. (AII-FOOD; clause cost sheet, III, I(i), Annexure II 14)",
		"- Line 23, Account No. of Co-ordinator: fill it in. The form does not give",
		"The largest advance that may be sanctioned: Rs 65,100.",
		"Attached: checked.xlsx",
		"Reason: This is a PDF, not a workbook",
		"Please send the filled form",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("reply lacks %q:\n%s", want, body)
		}
	}
}

func TestReplySubject(t *testing.T) {
	one := func(r *stpclaims.Report) []ReplyPart { return []ReplyPart{{Report: r}} }
	tests := []struct {
		name, orig string
		parts      []ReplyPart
		want       string
	}{
		{"returned", "Advance claim", one(textReport()), "Re: Advance claim [returned: 3 errors]"},
		{"review", "TA bill", one(taBillReport()), "Re: TA bill [review: 1 deviation]"},
		{"clean", "Settlement", one(settlementReport()), "Re: Settlement [in order]"},
		{"unreadable", "scan", one(unreadableReport()), "Re: scan [rejected: unreadable]"},
		{"already a reply", "RE: Advance claim", one(textReport()), "RE: Advance claim [returned: 3 errors]"},
		{"resubmitted", "Re: Advance claim [returned: 3 errors]", one(settlementReport()), "Re: Advance claim [in order]"},
		{"own brackets kept", "Advance claim [revised]", one(settlementReport()), "Re: Advance claim [revised] [in order]"},
		{"header injection", "Claim\r\nBcc: x@example.com", one(settlementReport()), "Re: Claim Bcc: x@example.com [in order]"},
		{"empty", "", one(settlementReport()), "STP claim check [in order]"},
		{"several", "Claims", []ReplyPart{{Report: textReport()}, {Report: settlementReport()}, {Report: settlementReport()}, {Report: unreadableReport()}},
			"Re: Claims [1 unreadable, 1 returned, 2 in order]"},
		{"none", "Hello", nil, "Re: Hello [no workbook]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ReplySubject(tt.parts, tt.orig); got != tt.want {
				t.Errorf("ReplySubject = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestWriteReport(t *testing.T) {
	rep := textReport()
	var b bytes.Buffer
	if err := WriteReport(&b, rep); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasSuffix(out, "\n") || strings.Count(out, "\n") != 1 {
		t.Fatalf("not one newline-terminated line: %q", out)
	}
	want, err := rep.MarshalJSON() // json.Marshal would escape "&" again
	if err != nil {
		t.Fatal(err)
	}
	if strings.TrimSuffix(out, "\n") != string(want) {
		t.Errorf("got %s\nwant %s", out, want)
	}
	var back map[string]any
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	if back["max_advance"] != "65100" || back["status"] != "returned" {
		t.Errorf("decoded %v", back)
	}
	if err := WriteReport(&b, nil); !errors.Is(err, ErrNilReport) {
		t.Errorf("nil report: %v", err)
	}
	if err := WriteReport(failingWriter{}, rep); !errors.Is(err, errWrite) {
		t.Errorf("write error: %v", err)
	}
}

// TestSummary_otherSheet: a finding on no field and on another sheet than
// the form's (a sheet not read, a hidden sheet) is said by its own words,
// not as the form's; one on the form's own sheet is the form's.
func TestSummary_otherSheet(t *testing.T) {
	rep := &stpclaims.Report{File: "two.xlsx", Sheet: "Programme 1", Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusClean,
		Assessment: stpclaims.Assessment{Findings: []stpclaims.Finding{
			{Rule: "READ-SKIPPED", Severity: stpclaims.SeverityInfo, Cell: "Notes!A1", Message: "Sheet 'Notes' was not read: it holds no form."},
			{Rule: "READ-HIDDEN", Severity: stpclaims.SeverityInfo, Cell: "'Programme 1'!A3", Action: "unhide row 3 if it is part of the claim, else remove it",
				Message: "Row 3 of sheet 'Programme 1' is hidden and was not read as the claim."},
		}}}
	var b bytes.Buffer
	if err := Summary(&b, rep); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"info       Sheet 'Notes' was not read: it holds no form. [READ-SKIPPED, Notes!A1]",
		"info       The Annexure II: unhide row 3 if it is part of the claim, else remove it. [READ-HIDDEN, 'Programme 1'!A3]"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}
