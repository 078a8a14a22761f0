package process

// The performance target of a 50,000-row TA bill with few findings: the
// whole check (read, rules, annotated copy written to bytes, JSON) in no
// more than 1.3× the time of excelize's bare Rows iteration over the same
// file (issue 4), with at most 100 MB resident at the peak (issue 10:
// stpclaims check --out DIR under /usr/bin/time -v).
//
// Run both on the same generated bill:
//
//	go test ./process -run '^$' -bench 'TABill50k|BareRows50k' -benchtime 5x
//
// and, for the process's whole footprint, one benchmark per test binary
// under /usr/bin/time -v (maximum resident set size):
//
//	go test -c -o /tmp/process.test ./process
//	/tmp/process.test -test.run '^$' -test.bench BareRows50k -test.benchtime 1x -bigbill /tmp/big.xlsx
//	/usr/bin/time -v /tmp/process.test -test.run '^$' -test.bench CheckTABill50k -test.benchtime 1x -bigbill /tmp/big.xlsx
//
// (the first run writes the bill to /tmp/big.xlsx; the second only reads
// it, so its maximum resident set is the check's, not the generator's).

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read"
)

const bigBillRows = 50000

// bigBillFindings are the rows of the generated bill that break a rule:
// the fare claimed is above the eligible fare (TA-FARE) and, with it, the
// row total is off (TA-ROW-TOTAL is not triggered: the total follows).
var bigBillFindings = map[int]bool{7: true, 4999: true, 22222: true, 39000: true, 49998: true}

// bigBillData writes a TA bill of n participants with excelize's
// StreamWriter, as an office's own export would be, and returns its bytes.
// Every row is admissible except those in bigBillFindings.
func bigBillData(tb testing.TB, n int) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Participants"); err != nil {
		tb.Fatal(err)
	}
	sw, err := f.NewStreamWriter("Participants")
	if err != nil {
		tb.Fatal(err)
	}
	r := 1
	set := func(vals []any) {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		r++
		if err := sw.SetRow(cell, vals); err != nil {
			tb.Fatal(err)
		}
	}
	set([]any{"TA bill of participants"})
	set([]any{"Training Programme Code", "STP/2026/BIG"})
	set([]any{"Name of training Programme", "Large bill"})
	set([]any{"Duration", "12.01.2026 to 16.01.2026 (5 days)"})
	set(nil)
	set([]any{"Sl.No", "Name", "PEN", "Designation", "Class (I–IV)", "Office / Headquarters",
		"Distance from headquarters (km)", "Mode", "Eligible fare", "Fare claimed", "Auto km",
		"Auto fare", "Days attended", "Days absent", "Full DA rate", "DA claimed", "Total",
		"Account No.", "IFSC"})
	sum := 0
	row := make([]any, 19)
	for i := range n {
		fare := 200 + i%50*10
		eligible := fare + 50
		if bigBillFindings[i] {
			eligible = fare - 40
		}
		auto := 0
		if i%3 == 0 {
			auto = 60
		}
		da := 150 + i%4*25
		total := fare + auto + da
		sum += total
		row[0] = i + 1
		row[1] = fmt.Sprintf("Participant %d", i+1)
		row[2] = fmt.Sprintf("%d", 100000+i)
		row[3] = "Section Officer"
		row[4] = []string{"I", "II", "III", "IV"}[i%4]
		row[5] = fmt.Sprintf("Office %d, Thiruvananthapuram", i%17)
		row[6] = 10 + i%90
		row[7] = []string{"Train", "Bus", "Train", "Bus", "Bus"}[i%5]
		row[8] = eligible
		row[9] = fare
		row[10] = i % 3 * 2
		row[11] = auto
		row[12] = 5
		row[13] = 0
		row[14] = 600 + i%4*100
		row[15] = da
		row[16] = total
		row[17] = fmt.Sprintf("6710%08d", i)
		row[18] = "SBIN0070001"
		set(row)
	}
	total := make([]any, 19)
	total[0], total[16] = "Total", sum
	set(total)
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		tb.Fatal(err)
	}
	return bytes.Clone(buf.Bytes()) // as a file read from disk: its own size
}

// The bill is generated once per test binary: both benchmarks run on the
// same bytes.
var (
	bigBillOnce sync.Once
	bigBillSave []byte
)

// bigBillFile, when set, is where the generated bill is kept between test
// runs: read when it exists, else generated and written there. A run that
// only reads it measures the check's own footprint (/usr/bin/time -v), not
// the generator's.
var bigBillFile = flag.String("bigbill", "", "keep the generated 50,000-row bill in this file")

func bigBillBytes(tb testing.TB) []byte {
	tb.Helper()
	bigBillOnce.Do(func() {
		if *bigBillFile != "" {
			if data, err := os.ReadFile(*bigBillFile); err == nil {
				bigBillSave = data
				return
			}
		}
		bigBillSave = bigBillData(tb, bigBillRows)
		if *bigBillFile != "" {
			if err := os.WriteFile(*bigBillFile, bigBillSave, 0o644); err != nil {
				tb.Fatal(err)
			}
		}
	})
	return bigBillSave
}

// peakMemory samples, every few milliseconds until stopped, the heap in use
// (live and dead objects not yet swept, and the spans' free space: the Go
// runtime's HeapInuse) plus goroutine stacks, and keeps the highest figure.
// It reads runtime/metrics, which does not stop the world.
type peakMemory struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
	base uint64
}

var peakMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/stacks:bytes",
}

func startPeakMemory() *peakMemory {
	runtime.GC()
	p := &peakMemory{stop: make(chan struct{})}
	samples := make([]metrics.Sample, len(peakMetrics))
	for i, name := range peakMetrics {
		samples[i].Name = name
	}
	read := func() {
		metrics.Read(samples)
		var sum uint64
		for _, s := range samples {
			if s.Value.Kind() == metrics.KindUint64 {
				sum += s.Value.Uint64()
			}
		}
		p.peak = max(p.peak, sum)
	}
	read()
	p.base = p.peak
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				read()
				return
			case <-t.C:
				read()
			}
		}
	}()
	return p
}

// report stops the sampler and reports the peak in MB (2^20 bytes), and
// the figure before the first check (the bill's bytes and the test
// binary's own heap), which the peak includes.
func (p *peakMemory) report(b *testing.B) {
	close(p.stop)
	p.done.Wait()
	b.ReportMetric(float64(p.peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(p.base)/(1<<20), "base-MB")
}

// processCPU is the process's user and system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func reportBigBillRate(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(bigBillRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((processCPU()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkCheckTABill50k is the whole check of a 50,000-row TA bill with
// five findings: read, rules, annotated copy written to bytes, JSON.
func BenchmarkCheckTABill50k(b *testing.B) {
	c := newChecker(b)
	benchBigBill(b, func(data []byte) {
		sub := stpclaims.NewSubmission("big.xlsx", data, stpclaims.SourceCLI, received)
		res, err := c.Check(b.Context(), sub)
		if err != nil {
			b.Fatal(err)
		}
		if res.Programmes[0].Report.Form != stpclaims.FormTABill || res.Annotated == nil {
			b.Fatalf("form %s, status %s: %s", res.Programmes[0].Report.Form, res.Programmes[0].Report.Status, res.Programmes[0].Report.Reason)
		}
		if n := len(res.Programmes[0].Report.Findings); n > 20 {
			b.Fatalf("%d findings, want a few", n)
		}
	})
}

// BenchmarkBareRows50k opens the same bill's bytes with the options the
// reader uses and only iterates the Participants sheet's rows (raw values)
// with excelize's Rows: the floor the check is measured against.
func BenchmarkBareRows50k(b *testing.B) {
	lim := read.DefaultLimits()
	benchBigBill(b, func(data []byte) {
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			RawCellValue:      true,
			UnzipSizeLimit:    lim.MaxUnzipBytes,
			UnzipXMLSizeLimit: lim.MaxXMLBytes,
		})
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		rows, err := f.Rows("Participants")
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for rows.Next() {
			if _, err := rows.Columns(excelize.Options{RawCellValue: true}); err != nil {
				b.Fatal(err)
			}
			n++
		}
		if err := rows.Close(); err != nil {
			b.Fatal(err)
		}
		if n < bigBillRows {
			b.Fatalf("%d rows, want at least %d", n, bigBillRows)
		}
	})
}

// benchBigBill runs one op on the big bill's bytes b.N times, each from a
// collected heap, as one file in a quiet daemon is (the peak is one op's,
// not the previous op's garbage on top of it), and reports rows a second,
// CPU time an op and the peak heap.
func benchBigBill(b *testing.B, op func(data []byte)) {
	data := bigBillBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	peak := startPeakMemory()
	cpu0 := processCPU()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
		op(data)
	}
	b.StopTimer()
	reportBigBillRate(b, cpu0)
	peak.report(b)
}
