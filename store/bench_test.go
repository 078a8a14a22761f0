package store

import (
	"strconv"
	"testing"
	"time"

	"stpclaims"
)

// BenchmarkEnter enters distinct claims, each with two findings and a reply
// with one attachment, each in its own durable (synchronous=FULL)
// transaction. It reports entries a second.
func BenchmarkEnter(b *testing.B) {
	s, _ := openTemp(b)
	attachment := make([]byte, 64<<10)
	findings := []stpclaims.Finding{
		{Rule: "AII-FOOD", Severity: stpclaims.SeverityError, Cell: "Annexure II!C20", Field: "food",
			Claimed: amount("12100.50"), Allowed: amount("9000"), Admissible: amount("9000"), Message: "Food over the cap."},
		{Rule: "AII-DUPLICATE", Severity: stpclaims.SeverityDeviation, Message: "Another live claim."},
	}
	i := 0
	start := time.Now()
	for b.Loop() {
		e := claim{data: "bench-" + strconv.Itoa(i), sender: "c" + strconv.Itoa(i%50) + "@x.in",
			code: "IMG/" + strconv.Itoa(i%200), status: stpclaims.StatusReturned,
			received: t0.Add(time.Duration(i) * time.Second)}.entry()
		e.Report.Findings = findings
		e.Reply = &stpclaims.Reply{To: []string{"c@x.in"}, Subject: "Re",
			Attachments: []stpclaims.Attachment{{Name: "a.xlsx", ContentType: stpclaims.ContentTypeXLSX, Data: attachment}}}
		if _, already, err := s.Enter(b.Context(), e); err != nil || already {
			b.Fatalf("Enter %d: %v, already %v", i, err, already)
		}
		i++
	}
	b.ReportMetric(float64(i)/time.Since(start).Seconds(), "entries/s")
}
