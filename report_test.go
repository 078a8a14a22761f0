package stpclaims

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func TestFormatMoney(t *testing.T) {
	for in, want := range map[string]string{
		"65100":    "65100",
		"65100.00": "65100",
		"121.5":    "121.50",
		"0.05":     "0.05",
		"-963":     "-963",
		"0":        "0",
	} {
		if got := FormatMoney(decimal.RequireFromString(in)); got != want {
			t.Errorf("FormatMoney(%s) = %q, want %q", in, got, want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	f := func(s ...Severity) []Finding {
		var l []Finding
		for _, x := range s {
			l = append(l, Finding{Severity: x})
		}
		return l
	}
	for _, tc := range []struct {
		findings []Finding
		want     Status
	}{
		{nil, StatusClean},
		{f(SeverityInfo), StatusClean},
		{f(SeverityInfo, SeverityDeviation), StatusReview},
		{f(SeverityDeviation, SeverityError, SeverityInfo), StatusReturned},
	} {
		if got := StatusOf(tc.findings); got != tc.want {
			t.Errorf("StatusOf(%v) = %s, want %s", tc.findings, got, tc.want)
		}
	}
	if StatusUnreadable.Rank() <= StatusReturned.Rank() || StatusReturned.Rank() <= StatusReview.Rank() || StatusReview.Rank() <= StatusClean.Rank() {
		t.Error("Rank does not order clean < review < returned < rejected-unreadable")
	}
}

func TestReport_MarshalJSON(t *testing.T) {
	rep := Report{
		File: "claim.xlsx", Form: FormAnnexureII, Status: StatusReturned, RateCard: "STP-2015",
		ProgrammeCode: "STP/1",
		Fields:        []FieldValue{{Name: "officer_class", Value: "II & III", Cell: "A!D12"}},
		Assessment: Assessment{
			Lines:      []Line{{Field: "food", Claimed: decimal.RequireFromString("40000"), Cap: decimal.RequireFromString("34215"), Admissible: decimal.RequireFromString("34215")}},
			MaxAdvance: decimal.NewNullDecimal(decimal.RequireFromString("65100")),
			Findings: []Finding{{Rule: "AII-FOOD", Clause: "III", Severity: SeverityError, Cell: "A!D19", Field: "food",
				Claimed: decimal.NewNullDecimal(decimal.RequireFromString("40000")), Message: "Food <over> cap."}},
		},
	}
	data, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := rep.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), `\u0026`) || !strings.Contains(string(raw), "II & III") {
		t.Errorf("text is escaped: %s", raw)
	}
	var got map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got["max_advance"] != "65100" || got["status"] != "returned" || got["form"] != "annexure2" {
		t.Errorf("report = %s", data)
	}
	line := got["lines"].([]any)[0].(map[string]any)
	if line["claimed"] != "40000" || line["cap"] != "34215" {
		t.Errorf("money is not decimal strings: %v", line)
	}
	fields := got["fields"].(map[string]any)
	if fields["officer_class"].(map[string]any)["cell"] != "A!D12" {
		t.Errorf("fields = %v", fields)
	}
	fnd := got["findings"].([]any)[0].(map[string]any)
	if _, ok := fnd["allowed"]; ok {
		t.Error("an unset amount is written")
	}
	if fnd["claimed"] != "40000" {
		t.Errorf("finding = %v", fnd)
	}
	// An empty report still has the arrays the schema requires.
	empty, _ := json.Marshal(Report{File: "x", Form: FormUnknown, Status: StatusUnreadable})
	for _, key := range []string{`"fields":{}`, `"lines":[]`, `"findings":[]`} {
		if !strings.Contains(string(empty), key) {
			t.Errorf("empty report lacks %s: %s", key, empty)
		}
	}
}

func TestAnnexureII_FieldValues(t *testing.T) {
	a := &AnnexureII{
		ProgrammeCode: Text{Value: "STP/1", Cell: "S!D5", State: Present},
		Participants:  Count{Value: 30, Cell: "S!D9", State: Present},
		Food:          Amount{Raw: "forty thousand", Cell: "S!D19", State: Unreadable},
		Venue:         Text{State: Missing},
	}
	got := map[string]FieldValue{}
	for _, f := range a.FieldValues() {
		got[f.Name] = f
	}
	if got["programme_code"].Value != "STP/1" || got["participants"].Value != "30" {
		t.Errorf("present fields: %v", got)
	}
	if got["food"].Value != "forty thousand" || got["food"].Cell != "S!D19" {
		t.Errorf("an unreadable field shows as typed: %v", got["food"])
	}
	if _, ok := got["venue"]; ok {
		t.Error("a missing field is listed")
	}
	if n := len(a.MoneyLines()); n != 13 {
		t.Errorf("%d money lines, want 13 (lines 9 to 21)", n)
	}
}

func TestNewSubmission(t *testing.T) {
	s := NewSubmission("a.xlsx", []byte("abc"), SourceCLI, time.Time{})
	if s.SHA256 != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("sha256 = %s", s.SHA256)
	}
}

func TestWholeRupees(t *testing.T) {
	for _, n := range []int64{0, 1, 750, 9999, 10000, 123456, -5} {
		got, want := WholeRupees(n), decimal.New(n, 0)
		if !got.Equal(want) || got.Exponent() != 0 || got.String() != want.String() {
			t.Errorf("WholeRupees(%d) = %s (exp %d), want %s", n, got, got.Exponent(), want)
		}
	}
}
