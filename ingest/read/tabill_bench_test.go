package read

import (
	"context"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"

	"stpclaims/ingest/read/internal/tagen"
)

const benchRows = 50000

// bigBill writes a TA bill of benchRows participants (StreamWriter) into
// the benchmark's temporary directory.
func bigBill(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "big.xlsx")
	if err := tagen.StreamBill(path, benchRows); err != nil {
		b.Fatal(err)
	}
	return path
}

// openBig opens path with the options Open uses (DefaultLimits).
func openBig(b *testing.B, path string) *excelize.File {
	b.Helper()
	lim := DefaultLimits()
	f, err := excelize.OpenFile(path, excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    lim.MaxUnzipBytes,
		UnzipXMLSizeLimit: lim.MaxXMLBytes,
	})
	if err != nil {
		b.Fatal(err)
	}
	return f
}

// peakHeap samples the live heap until stopped and reports the highest
// figure seen.
type peakHeap struct {
	stop chan struct{}
	done sync.WaitGroup
	peak uint64
}

func startPeakHeap() *peakHeap {
	runtime.GC()
	p := &peakHeap{stop: make(chan struct{})}
	p.done.Add(1)
	go func() {
		defer p.done.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > p.peak {
				p.peak = ms.HeapAlloc
			}
			select {
			case <-p.stop:
				return
			case <-t.C:
			}
		}
	}()
	return p
}

// report stops the sampler and reports the peak live heap in MB.
func (p *peakHeap) report(b *testing.B) {
	close(p.stop)
	p.done.Wait()
	b.ReportMetric(float64(p.peak)/(1<<20), "peak-heap-MB")
}

func reportRows(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// cpuTime is the process's user and system CPU time so far: on a shared
// machine a steadier figure than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadTABill50k reads a 50,000-participant bill with readTABill,
// opening included.
func BenchmarkReadTABill50k(b *testing.B) {
	path := bigBill(b)
	ctx := context.Background()
	b.ReportAllocs()
	peak := startPeakHeap()
	cpu0 := cpuTime()
	b.ResetTimer()
	var last *stpclaims.TABill
	for i := 0; i < b.N; i++ {
		f := openBig(b, path)
		bill, err := readTABill(ctx, f, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		if len(bill.Participants) != benchRows {
			b.Fatalf("%d participants, want %d", len(bill.Participants), benchRows)
		}
		f.Close()
		last = bill
	}
	b.StopTimer()
	reportRows(b, cpu0)
	peak.report(b)
	// what the bill read holds on to: 50,000 Participants of 19 fields,
	// each with its value, cell and raw text
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-after-MB")
	runtime.KeepAlive(last)
}

// BenchmarkBareRows50k only iterates the same bill's rows with excelize's
// Rows iterator (raw values), opening included: the floor readTABill is
// measured against.
func BenchmarkBareRows50k(b *testing.B) {
	path := bigBill(b)
	b.ReportAllocs()
	peak := startPeakHeap()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f := openBig(b, path)
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
		if n < benchRows {
			b.Fatalf("%d rows, want at least %d", n, benchRows)
		}
		f.Close()
	}
	b.StopTimer()
	reportRows(b, cpu0)
	peak.report(b)
}
