package output

import (
	"strings"
	"testing"

	"stpclaims"
)

// TestReviewRefused: the refusal of a workbook whose token does not verify
// says why, that nothing was recorded and what to do, quoting at most
// MaxQuote characters of the sender's file name.
func TestReviewRefused(t *testing.T) {
	long := strings.Repeat("n", stpclaims.MaxQuote+50) + ".xlsx"
	for name, body := range map[string]string{
		"review":    ReviewRefused("review.xlsx"),
		"sanctions": SanctionsRefused("sanctions.xlsx"),
		"e-BT list": EBTRefused("ebt-12.xlsx"),
		"long name": ReviewRefused(long),
	} {
		t.Run(name, func(t *testing.T) {
			for _, want := range []string{"was refused: this workbook was not made by stpclaims or was changed where only stpclaims writes",
				"Nothing in it was recorded", "as stpclaims sent it to you"} {
				if !strings.Contains(body, want) {
					t.Errorf("%q lacks %q", body, want)
				}
			}
			if strings.Contains(body, strings.Repeat("n", stpclaims.MaxQuote+1)) {
				t.Error("the whole long name is quoted")
			}
		})
	}
	if !strings.Contains(SanctionsRefused("s.xlsx"), "tinted cells") || !strings.Contains(ReviewRefused("r.xlsx"), "Decision column") ||
		!strings.Contains(EBTRefused("e.xlsx"), `write the day you uploaded it in "Uploaded on"`) {
		t.Error("the refusal does not say which cells to fill")
	}
}
