package output

import (
	"fmt"
	"strings"
	"testing"

	"stpclaims"
)

// TestReplyBody_limits: a reply lists at most MaxReplyFindings findings of
// a workbook and quotes at most MaxQuote characters of its name.
func TestReplyBody_limits(t *testing.T) {
	rep := &stpclaims.Report{File: strings.Repeat("n", 250) + ".xlsx", Form: stpclaims.FormTABill, Status: stpclaims.StatusReturned}
	for i := range MaxReplyFindings + 50 {
		rep.Findings = append(rep.Findings, stpclaims.Finding{Rule: "TA-FARE", Severity: stpclaims.SeverityError,
			Cell: fmt.Sprintf("Participants!J%d", i+7), Message: fmt.Sprintf("Participant %d claims too much.", i+1)})
	}
	body := ReplyBody([]ReplyPart{{Report: rep, Attached: "bill.checked.xlsx"}})
	if n := strings.Count(body, "(TA-FARE)"); n != MaxReplyFindings {
		t.Errorf("%d findings listed, want %d", n, MaxReplyFindings)
	}
	if !strings.Contains(body, "and 50 more, listed on the Findings sheet") {
		t.Errorf("the reply does not say how many more:\n%s", body[len(body)-600:])
	}
	if strings.Contains(body, strings.Repeat("n", stpclaims.MaxQuote+1)) {
		t.Error("the reply quotes the whole 250-character name")
	}
}
