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

// generated is a ledger of n claims for advance whose rows are made as
// they are written (as OpenLedger makes them from the store): n Advances and
// n Sources, a settlement for every tenth claim, a deviation for every
// fifth and a TA bill row for every other.
type generated struct{ n int }

var _ ledgerbook.Ledger = generated{}

func (g generated) Counts() ledgerbook.Counts {
	return ledgerbook.Counts{Advances: g.n, Bills: (g.n + 1) / 2, Settlements: (g.n + 9) / 10, Deviations: (g.n + 4) / 5, Sources: g.n}
}

func genCode(i int) string { return fmt.Sprintf("STP/%04d/%06d", 2026, i) }
func genSHA(i int) string  { return fmt.Sprintf("%064x", i) }
func genReceived(i int) time.Time {
	return time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
}

func genAdvance(i int) ledgerbook.Advance {
	code := genCode(i)
	s := day("2026-01-05").AddDate(0, 0, i%300)
	a := ledgerbook.Advance{ClaimID: int64(i + 1), Code: code, Name: "Revenue Recovery Procedures " + code, Department: "Revenue",
		Venue: "Town Hall, Kottayam", Centre: []string{"Kochi", "Kozhikode", "Thiruvananthapuram", "Elsewhere"}[i%4],
		Start: s, End: s.AddDate(0, 0, 4), Participants: 28, Coordinator: "Sri. Rajesh Kumar", CoordinatorEmail: "rajesh@revenue.kerala.gov.in",
		Facilitator: "Smt. Latha R", FacilitatorEmail: "latha@img.kerala.gov.in", Status: stpclaims.StatusReview, Received: genReceived(i),
		MaxAdvance: decimal.NewNullDecimal(decimal.NewFromInt(48900)), AdvanceClaimed: decimal.NewNullDecimal(decimal.NewFromInt(48000)),
		ClaimedTotal: decimal.NewNullDecimal(decimal.RequireFromString("65000.50")), AdmissibleTotal: decimal.NewNullDecimal(decimal.NewFromInt(64000)),
		SettleBy: s.AddDate(0, 0, 34), DaysOverdue: i % 40, PenalInterest: decimal.NewNullDecimal(decimal.NewFromInt(int64(i % 500)))}
	for j := range a.Lines {
		a.Lines[j] = ledgerbook.LineAmount{Claimed: decimal.NewNullDecimal(decimal.NewFromInt(int64(1000 + j))),
			Admissible: decimal.NewNullDecimal(decimal.RequireFromString("999.50"))}
	}
	return a
}

func (g generated) EachAdvance(ctx context.Context, fn func(*ledgerbook.Advance) error) error {
	for i := range g.n {
		a := genAdvance(i)
		if err := fn(&a); err != nil {
			return err
		}
	}
	return nil
}

func (g generated) EachBill(ctx context.Context, fn func(*ledgerbook.BillLine) error) error {
	for i := 0; i < g.n; i += 2 {
		if err := fn(&ledgerbook.BillLine{ClaimID: int64(i + 1), Code: genCode(i), Kind: "participant", Row: 5 + i%30, Name: "Asha K",
			PEN: "123456", Office: "Collectorate, Kollam", Claimed: decimal.RequireFromString("1110.50"), Admissible: decimal.NewFromInt(1000)}); err != nil {
			return err
		}
	}
	return nil
}

func (g generated) EachSettlement(ctx context.Context, fn func(*ledgerbook.SettlementRow) error) error {
	for i := 0; i < g.n; i += 10 {
		a := genAdvance(i)
		if err := fn(&ledgerbook.SettlementRow{ClaimID: a.ClaimID, Code: a.Code, Name: a.Name, End: a.End,
			AdvanceReceived: a.AdvanceClaimed, SettledOn: a.End.AddDate(0, 0, 20), ClaimedTotal: a.ClaimedTotal, AdmissibleTotal: a.AdmissibleTotal,
			Balance: decimal.NewNullDecimal(decimal.NewFromInt(-16000)), Status: stpclaims.StatusClean}); err != nil {
			return err
		}
	}
	return nil
}

func (g generated) EachDeviation(ctx context.Context, fn func(*ledgerbook.Deviation) error) error {
	for i := 0; i < g.n; i += 5 {
		if err := fn(&ledgerbook.Deviation{ClaimID: int64(i + 1), FindingID: int64(i * 3), Fingerprint: genSHA(i), Code: genCode(i),
			File: genCode(i) + ".xlsx", Form: stpclaims.FormAnnexureII, Rule: "AII-LEAD-TIME", Clause: "V", Cell: "Sheet1!C8",
			Message:     "The request was received only 7 days before the programme starts; it must reach the centre at least 14 days before.",
			Facilitator: "latha@img.kerala.gov.in", Coordinator: "rajesh@revenue.kerala.gov.in"}); err != nil {
			return err
		}
	}
	return nil
}

func (g generated) EachSource(ctx context.Context, fn func(*ledgerbook.Source) error) error {
	for i := range g.n {
		sha := genSHA(i)
		if err := fn(&ledgerbook.Source{ClaimID: int64(i + 1), Received: genReceived(i), Source: stpclaims.SourceMail, File: genCode(i) + ".xlsx",
			Sender: "rajesh@revenue.kerala.gov.in", MessageID: "<" + sha[:20] + "@mail.kerala.gov.in>", SHA256: sha,
			Form: stpclaims.FormAnnexureII, Code: genCode(i), Status: stpclaims.StatusReview, Review: store.ReviewOpen}); err != nil {
			return err
		}
	}
	return nil
}

// book collects a generated ledger into memory.
func (g generated) book() *ledgerbook.Book {
	b := &ledgerbook.Book{AsOf: day("2026-04-14")}
	ctx := context.Background()
	g.EachAdvance(ctx, func(a *ledgerbook.Advance) error { b.Advances = append(b.Advances, *a); return nil })
	g.EachBill(ctx, func(r *ledgerbook.BillLine) error { b.Bills = append(b.Bills, *r); return nil })
	g.EachSettlement(ctx, func(r *ledgerbook.SettlementRow) error { b.Settlements = append(b.Settlements, *r); return nil })
	g.EachDeviation(ctx, func(d *ledgerbook.Deviation) error { b.Deviations = append(b.Deviations, *d); return nil })
	g.EachSource(ctx, func(s *ledgerbook.Source) error { b.Sources = append(b.Sources, *s); return nil })
	return b
}

func maxRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Maxrss) / 1024 // kilobytes on Linux
}

// BenchmarkLedger100k writes the ledger of 100,000 claims, the rows made
// as they are written (as from the store). It reports CPU seconds (wall
// time is misleading on a shared machine), the peak heap in use during the
// write (sampled) and the process's peak RSS.
func BenchmarkLedger100k(b *testing.B) {
	benchLedger(b, generated{n: 100_000})
}

// BenchmarkLedger100kInMemory writes the same ledger from a Book held in
// memory, as FromStore makes it; the book itself is most of the memory.
func BenchmarkLedger100kInMemory(b *testing.B) {
	benchLedger(b, generated{n: 100_000}.book())
}

func benchLedger(b *testing.B, l ledgerbook.Ledger) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	inputHeap := m.HeapInuse
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
			tick := time.NewTicker(20 * time.Millisecond)
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
		if _, err := ledgerbook.WriteFile(context.Background(), filepath.Join(dir, "ledger.xlsx"), l); err != nil {
			b.Fatal(err)
		}
		close(done)
		peak = max(peak, <-sampled)
	}
	b.StopTimer()
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano()+ru1.Stime.Nano()-ru0.Utime.Nano()-ru0.Stime.Nano()) / time.Duration(b.N)
	b.ReportMetric(cpu.Seconds(), "cpu-s/op")
	if fi, err := os.Stat(filepath.Join(dir, "ledger.xlsx")); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "file-MB")
	}
	b.ReportMetric(float64(inputHeap)/(1<<20), "input-heap-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
	b.ReportMetric(maxRSSMB(), "max-RSS-MB")
}

// BenchmarkReview writes a review workbook of 1,000 deviations.
func BenchmarkReview(b *testing.B) {
	rb := generated{n: 5000}.book().ReviewFor("latha@img.kerala.gov.in", time.Now())
	for b.Loop() {
		if err := ledgerbook.WriteReview(context.Background(), io.Discard, rb); err != nil {
			b.Fatal(err)
		}
	}
}
