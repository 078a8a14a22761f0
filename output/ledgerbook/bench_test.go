package ledgerbook_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/ledger"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
	"stpclaims/validate"
)

// generated is a register of n programmes and the ledger written from it,
// folded one programme at a time and its rows made as they are written, as
// OpenLedger folds and makes them from the store. Each programme is
// requested; nine in ten are recommended, eight sanctioned, six paid, three
// settled (one of them late), one in ten withdrawn; a deviation for every
// fifth claim, a TA bill row for every other, and in Sources every request
// and every recorded step.
type generated struct {
	n    int
	reg  *ledger.Register // reused for each programme
	asOf time.Time
}

var _ ledgerbook.Ledger = (*generated)(nil)

func genCode(i int) string { return "STP/2026/" + pad(strconv.Itoa(i), 6) }
func genSHA(i int) string  { return pad(strconv.FormatInt(int64(i), 16), 64) }

// pad puts zeros before s to n digits.
func pad(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return strings.Repeat("0", n-len(s)) + s
}
func genReceived(i int) time.Time {
	return time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
}
func genStart(i int) time.Time { return day("2026-01-20").AddDate(0, 0, i%300) }

const (
	genCoord   = "rajesh@revenue.kerala.gov.in"
	genFac     = "latha@img.kerala.gov.in"
	genFinance = "accounts@img.kerala.gov.in"
)

func money(n int64) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.NewFromInt(n)) }

// genEvents calls fn with the events of programme i, in order.
func genEvents(i int, fn func(stpclaims.AdvanceEvent)) {
	code, sha, at := genCode(i), genSHA(i), genReceived(i)
	start := genStart(i)
	fn(stpclaims.AdvanceEvent{Action: stpclaims.ActionRequest, Code: code, Claim: int64(i + 1), Fingerprint: sha, Source: sha,
		MessageID: "<" + sha[:20] + "@mail.kerala.gov.in>", By: genCoord, At: at, Amount: money(48000),
		Request: &stpclaims.AdvanceTerms{Status: stpclaims.StatusReview, Largest: money(48900), TADA: money(19600),
			FirstDay: start, LastDay: start.AddDate(0, 0, 4), Facilitator: genFac, Coordinator: genCoord, Deviations: 1}})
	step := func(action stpclaims.AdvanceAction, by string, days int, amount decimal.NullDecimal) stpclaims.AdvanceEvent {
		return stpclaims.AdvanceEvent{Action: action, Code: code, Claim: int64(i + 1), Fingerprint: sha, Source: genSHA(1e9 + i*7 + days),
			By: by, At: at.AddDate(0, 0, days), Amount: amount, On: civil(at.AddDate(0, 0, days)), Ref: "FIN/" + code, Mode: stpclaims.PayBankTransfer}
	}
	switch k := i % 10; {
	case k == 9:
		fn(step(stpclaims.ActionWithdraw, genFinance, 3, decimal.NullDecimal{}))
		return
	case k < 9:
		fn(step(stpclaims.ActionRecommend, genFac, 1, money(45000)))
		if k >= 8 {
			return
		}
		fn(step(stpclaims.ActionSanction, genFinance, 2, money(45000)))
		if k >= 6 {
			return
		}
		fn(step(stpclaims.ActionPay, genFinance, 3, money(45000)))
		if k >= 3 {
			return
		}
		settled := 20
		if k == 0 {
			settled = 40
		}
		fn(stpclaims.AdvanceEvent{Action: stpclaims.ActionSettle, Code: code, Claim: int64(1e7 + i), Source: genSHA(1e7 + i), By: genCoord,
			At: time.Date(start.Year(), start.Month(), start.Day(), 10, 0, 0, 0, time.UTC).AddDate(0, 0, 4+settled), Amount: money(40000),
			Request: &stpclaims.AdvanceTerms{Status: stpclaims.StatusClean}})
	}
}

func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// newGenerated is the register of n programmes, folded one at a time as
// the Advances rows are written, as OpenLedger folds it.
func newGenerated(n int) *generated {
	cards, err := validate.NewCards()
	if err != nil {
		panic(err)
	}
	return &generated{n: n, reg: ledger.New(cards, time.UTC), asOf: day("2026-04-14")}
}

// fold folds programme i into the emptied register.
func (g *generated) fold(i int) *ledger.Advance {
	g.reg.Reset()
	genEvents(i, func(e stpclaims.AdvanceEvent) {
		if v := g.reg.Apply(e); !v.OK() {
			panic(fmt.Sprintf("programme %d: %s not applied: %+v", i, e.Action, v))
		}
	})
	return g.reg.Get(genCode(i))
}

func genAdvance(i int) ledgerbook.Advance {
	code := genCode(i)
	s := genStart(i)
	a := ledgerbook.Advance{ClaimID: int64(i + 1), Code: code, Name: "Revenue Recovery Procedures " + code, Department: "Revenue",
		Venue: "Town Hall, Kottayam", Centre: []string{"Kochi", "Kozhikode", "Thiruvananthapuram", "Elsewhere"}[i%4],
		Start: s, End: s.AddDate(0, 0, 4), Participants: 28, Coordinator: "Sri. Rajesh Kumar", CoordinatorEmail: genCoord,
		Facilitator: "Smt. Latha R", FacilitatorEmail: genFac, Status: stpclaims.StatusReview, Received: genReceived(i),
		MaxAdvance: money(48900), AdvanceClaimed: money(48000),
		ClaimedTotal: decimal.NewNullDecimal(decimal.RequireFromString("65000.50")), AdmissibleTotal: money(64000)}
	for j := range a.Lines {
		a.Lines[j] = ledgerbook.LineAmount{Claimed: money(int64(1000 + j)), Admissible: decimal.NewNullDecimal(decimal.RequireFromString("999.50"))}
	}
	return a
}

func (g *generated) EachAdvance(ctx context.Context, fn func(*ledgerbook.Advance) error) error {
	for i := range g.n {
		a := genAdvance(i)
		a.SetSteps(g.reg.Row(g.fold(i), g.asOf))
		if err := fn(&a); err != nil {
			return err
		}
	}
	return nil
}

func (g *generated) EachBill(ctx context.Context, fn func(*ledgerbook.BillLine) error) error {
	for i := 0; i < g.n; i += 2 {
		if err := fn(&ledgerbook.BillLine{ClaimID: int64(i + 1), Code: genCode(i), Kind: "participant", Row: 5 + i%30, Name: "Asha K",
			PEN: "123456", Office: "Collectorate, Kollam", Claimed: decimal.RequireFromString("1110.50"), Admissible: decimal.NewFromInt(1000)}); err != nil {
			return err
		}
	}
	return nil
}

func (g *generated) EachSettlement(ctx context.Context, fn func(*ledgerbook.SettlementRow) error) error {
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

func (g *generated) EachDeviation(ctx context.Context, fn func(*ledgerbook.Deviation) error) error {
	for i := 0; i < g.n; i += 5 {
		if err := fn(&ledgerbook.Deviation{ClaimID: int64(i + 1), FindingID: int64(i * 3), Fingerprint: genSHA(i), Code: genCode(i),
			File: genCode(i) + ".xlsx", Form: stpclaims.FormAnnexureII, Rule: "AII-LEAD-TIME", Clause: "V", Cell: "Sheet1!C8",
			Message:     "The request was received only 7 days before the programme starts; it must reach the centre at least 14 days before.",
			Facilitator: genFac, Coordinator: genCoord}); err != nil {
			return err
		}
	}
	return nil
}

func (g *generated) EachSource(ctx context.Context, fn func(*ledgerbook.Source) error) error {
	for i := range g.n {
		sha := genSHA(i)
		if err := fn(&ledgerbook.Source{ClaimID: int64(i + 1), Received: genReceived(i), Source: stpclaims.SourceMail, File: genCode(i) + ".xlsx",
			Sender: genCoord, MessageID: "<" + sha[:20] + "@mail.kerala.gov.in>", SHA256: sha,
			Form: stpclaims.FormAnnexureII, Code: genCode(i), Status: stpclaims.StatusReview, Review: store.ReviewOpen,
			Register: "the request of the advance"}); err != nil {
			return err
		}
	}
	for i := range g.n {
		var err error
		genEvents(i, func(e stpclaims.AdvanceEvent) {
			if err != nil || e.Action == stpclaims.ActionRequest || e.Action == stpclaims.ActionSettle {
				return
			}
			err = fn(&ledgerbook.Source{ClaimID: e.Claim, Received: e.At, Source: stpclaims.SourceMail, Sender: e.By,
				MessageID: "<" + e.Source[:20] + "@img.kerala.gov.in>", SHA256: e.Source, Code: e.Code, Action: e.Action, Amount: e.Amount,
				Register: string(e.Action) + " as recorded"})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (g *generated) Register(ctx context.Context, facilitator string) ([]ledgerbook.Advance, error) {
	var out []ledgerbook.Advance
	err := g.EachAdvance(ctx, func(a *ledgerbook.Advance) error {
		if a.FacilitatorEmail == facilitator && len(out) < 200 {
			out = append(out, *a)
		}
		return nil
	})
	return out, err
}

func (g *generated) AdvanceFacilitators(context.Context) ([]string, error) {
	return []string{genFac}, nil
}

// ReviewClaim is a claim for advance of the generated programme's
// figures: its co-ordinator, totals and eleven lines.
func (g *generated) ReviewClaim(_ context.Context, s *ledgerbook.Source) (ledgerbook.ReviewClaim, error) {
	a := genAdvance(int(s.ClaimID - 1))
	rc := ledgerbook.ReviewClaim{Source: *s, Coordinator: a.Coordinator, CoordinatorEmail: a.CoordinatorEmail,
		ClaimedTotal: a.ClaimedTotal, AdmissibleTotal: a.AdmissibleTotal, MaxAdvance: a.MaxAdvance, AdvanceClaimed: a.AdvanceClaimed}
	for j, l := range a.Lines {
		rc.Lines = append(rc.Lines, ledgerbook.ClaimLine{Title: strconv.Itoa(9 + j), Claimed: l.Claimed.Decimal, Admissible: l.Admissible.Decimal})
	}
	return rc, nil
}

// book collects a generated ledger into memory.
func (g *generated) book() *ledgerbook.Book {
	b := &ledgerbook.Book{AsOf: g.asOf}
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

// BenchmarkLedger100k folds the register of 100,000 programmes from their
// events (about 380,000) and writes the ledger from it, the rows made as
// they are written (as from the store). It reports CPU seconds (wall time
// is misleading on a shared machine), the peak heap in use during the
// fold and the write (sampled) and the process's peak RSS.
func BenchmarkLedger100k(b *testing.B) {
	benchLedger(b, func() ledgerbook.Ledger { return newGenerated(100_000) })
}

// BenchmarkLedger100kInMemory writes the same ledger from a Book held in
// memory, as FromStore makes it; the book itself is most of the memory.
func BenchmarkLedger100kInMemory(b *testing.B) {
	book := newGenerated(100_000).book()
	benchLedger(b, func() ledgerbook.Ledger { return book })
}

func benchLedger(b *testing.B, ledgerOf func() ledgerbook.Ledger) {
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
		if _, err := ledgerbook.WriteFile(context.Background(), filepath.Join(dir, "ledger.xlsx"), ledgerOf()); err != nil {
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
	rb := withKey(newGenerated(5000).book().ReviewFor(genFac, time.Now()))
	for b.Loop() {
		if err := ledgerbook.WriteReview(context.Background(), io.Discard, rb); err != nil {
			b.Fatal(err)
		}
	}
}
