package ledgerbook_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

// bigBook is a ledger of n claims for advance made directly (no store):
// n Advances and n Sources, a settlement for every tenth, a deviation for
// every fifth and a TA bill row for every other.
func bigBook(n int) *ledgerbook.Book {
	b := &ledgerbook.Book{AsOf: day("2026-04-14")}
	start := day("2026-01-05")
	for i := range n {
		id := int64(i + 1)
		code := fmt.Sprintf("STP/%04d/%06d", 2026, i)
		sha := fmt.Sprintf("%064x", i)
		received := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		s := start.AddDate(0, 0, i%300)
		a := ledgerbook.Advance{ClaimID: id, Code: code, Name: "Revenue Recovery Procedures " + code, Department: "Revenue",
			Venue: "Town Hall, Kottayam", Centre: []string{"Kochi", "Kozhikode", "Thiruvananthapuram", "Elsewhere"}[i%4],
			Start: s, End: s.AddDate(0, 0, 4), Participants: 28, Coordinator: "Sri. Rajesh Kumar", CoordinatorEmail: "rajesh@revenue.kerala.gov.in",
			Facilitator: "Smt. Latha R", FacilitatorEmail: "latha@img.kerala.gov.in", Status: stpclaims.StatusReview, Received: received,
			MaxAdvance: decimal.NewNullDecimal(decimal.NewFromInt(48900)), AdvanceClaimed: decimal.NewNullDecimal(decimal.NewFromInt(48000)),
			ClaimedTotal: decimal.NewNullDecimal(decimal.RequireFromString("65000.50")), AdmissibleTotal: decimal.NewNullDecimal(decimal.NewFromInt(64000)),
			SettleBy: s.AddDate(0, 0, 34), DaysOverdue: i % 40, PenalInterest: decimal.NewNullDecimal(decimal.NewFromInt(int64(i % 500)))}
		for j := range a.Lines {
			a.Lines[j] = ledgerbook.LineAmount{Claimed: decimal.NewNullDecimal(decimal.NewFromInt(int64(1000 + j))),
				Admissible: decimal.NewNullDecimal(decimal.RequireFromString("999.50"))}
		}
		b.Advances = append(b.Advances, a)
		b.Sources = append(b.Sources, ledgerbook.Source{ClaimID: id, Received: received, Source: stpclaims.SourceMail, File: code + ".xlsx",
			Sender: "rajesh@revenue.kerala.gov.in", MessageID: "<" + sha[:20] + "@mail.kerala.gov.in>", SHA256: sha,
			Form: stpclaims.FormAnnexureII, Code: code, Status: stpclaims.StatusReview, Review: store.ReviewOpen})
		if i%10 == 0 {
			b.Settlements = append(b.Settlements, ledgerbook.SettlementRow{ClaimID: id, Code: code, Name: a.Name, End: a.End,
				AdvanceReceived: a.AdvanceClaimed, SettledOn: a.End.AddDate(0, 0, 20), ClaimedTotal: a.ClaimedTotal, AdmissibleTotal: a.AdmissibleTotal,
				Balance: decimal.NewNullDecimal(decimal.NewFromInt(-16000)), Status: stpclaims.StatusClean})
		}
		if i%5 == 0 {
			b.Deviations = append(b.Deviations, ledgerbook.Deviation{ClaimID: id, FindingID: id * 3, Fingerprint: sha, Code: code,
				File: code + ".xlsx", Form: stpclaims.FormAnnexureII, Rule: "AII-LEAD-TIME", Clause: "V", Cell: "Sheet1!C8",
				Message:     "The request was received only 7 days before the programme starts; it must reach the centre at least 14 days before.",
				Facilitator: "latha@img.kerala.gov.in", Coordinator: "rajesh@revenue.kerala.gov.in"})
		}
		if i%2 == 0 {
			b.Bills = append(b.Bills, ledgerbook.BillLine{ClaimID: id, Code: code, Kind: "participant", Row: 5 + i%30, Name: "Asha K",
				PEN: "123456", Office: "Collectorate, Kollam", Claimed: decimal.RequireFromString("1110.50"), Admissible: decimal.NewFromInt(1000)})
		}
	}
	return b
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

// BenchmarkLedger100k writes the ledger of 100,000 claims. It reports the
// peak heap in use during the write (sampled) and the process's peak RSS.
func BenchmarkLedger100k(b *testing.B) {
	book := bigBook(100_000)
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	bookHeap := m.HeapInuse
	dir := b.TempDir()
	var ru0, ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	b.ResetTimer()
	var peak uint64
	for b.Loop() {
		done := make(chan struct{})
		sampled := make(chan uint64)
		go func() { // owned by this iteration: stops when done closes
			var m runtime.MemStats
			var top uint64
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for {
				select {
				case <-done:
					sampled <- top
					return
				case <-tick.C:
					runtime.ReadMemStats(&m)
					top = max(top, m.HeapInuse)
				}
			}
		}()
		path := filepath.Join(dir, "ledger.xlsx")
		if err := ledgerbook.WriteFile(context.Background(), path, book); err != nil {
			b.Fatal(err)
		}
		close(done)
		peak = max(peak, <-sampled)
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(cpu.Seconds(), "cpu-s/op") // wall time is misleading on a shared machine
	if fi, err := os.Stat(filepath.Join(dir, "ledger.xlsx")); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
	b.ReportMetric(float64(bookHeap)/(1<<20), "book-heap-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(maxRSSMB(), "max-RSS-MB")
}

// BenchmarkReview writes a review workbook of 1,000 deviations.
func BenchmarkReview(b *testing.B) {
	book := bigBook(5000)
	rb := book.ReviewFor("latha@img.kerala.gov.in", time.Now())
	for b.Loop() {
		if err := ledgerbook.WriteReview(context.Background(), io.Discard, rb); err != nil {
			b.Fatal(err)
		}
	}
}
