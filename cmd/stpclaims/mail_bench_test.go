//go:build integration

package main

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"stpclaims/internal/dovecottest"
	"stpclaims/internal/smtptest"
)

// BenchmarkServe_mailLatency measures, for 200 mails delivered to a real
// Dovecot one after another while the daemon waits in IDLE, the time from
// delivery (the APPEND done) to the reply accepted by the SMTP sink, and
// reports its 50th and 95th percentiles (target: p95 ≤ 2 s). Each mail
// carries its own workbook, so each is checked, entered and answered in
// full. Each mail is delivered once the previous one is answered, so the
// figure is the latency of one claim, not of a queue.
//
//	go test -tags integration -run '^$' -bench Serve_mailLatency -benchtime 1x ./cmd/stpclaims
func BenchmarkServe_mailLatency(b *testing.B) {
	const mails = 200
	workbooks := variants(b, mails)
	dc := dovecottest.Start(b)
	sink := smtptest.Start(b, smtptest.WithSTARTTLS())
	dir := b.TempDir()
	startDaemon(b, dir, mailConfig(b, dir, dc, sink, "1s"))

	var latencies []time.Duration
	run := 0
	for b.Loop() {
		run++
		for i, wb := range workbooks {
			id := fmt.Sprintf("<bench-%d-%03d@kerala.gov.in>", run, i)
			raw := claimMail(allowedSender, id, fmt.Sprintf("claim-%03d.xlsx", i), wb)
			before := len(sink.Messages())
			dc.Deliver(b, "INBOX", raw)
			delivered := time.Now()
			deadline := delivered.Add(60 * time.Second)
			for {
				msgs := sink.Messages()
				if len(msgs) > before && slices.ContainsFunc(msgs[before:], func(m smtptest.Received) bool {
					return m.Header.Get("In-Reply-To") == id
				}) {
					latencies = append(latencies, time.Since(delivered))
					break
				}
				if time.Now().After(deadline) {
					b.Fatalf("no reply to %s within 60s", id)
				}
				time.Sleep(2 * time.Millisecond)
			}
		}
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		i := int(p*float64(len(latencies))+0.5) - 1
		i = min(max(i, 0), len(latencies)-1)
		return float64(latencies[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.95), "p95-ms")
	b.ReportMetric(float64(latencies[len(latencies)-1])/float64(time.Millisecond), "max-ms")
	b.ReportMetric(0, "ns/op") // the wall time of a 200-mail run says nothing here
}
