package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkServe_folderDrop measures the daemon end to end on a drop of
// 1,000 distinct Annexure II workbooks: from the files appearing in the
// inbox to the last one in done/ (checked, outputs written, entered).
// Reported as files/s.
func BenchmarkServe_folderDrop(b *testing.B) {
	const n = 1000
	files := variants(b, n)
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		inbox := filepath.Join(dir, "inbox")
		if err := os.MkdirAll(inbox, 0o755); err != nil {
			b.Fatal(err)
		}
		for i, data := range files {
			if err := os.WriteFile(filepath.Join(inbox, fmt.Sprintf("claim-%04d.xlsx", i)), data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		began := time.Now()
		d := startDaemon(b, dir, "")
		deadline := time.Now().Add(5 * time.Minute)
		for {
			m, _ := filepath.Glob(filepath.Join(inbox, "done", "*.xlsx"))
			if len(m) == n {
				break
			}
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d done", len(m), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
		took := time.Since(began)
		b.StopTimer()
		d.stop(b)
		b.ReportMetric(float64(n)/took.Seconds(), "files/s")
		b.StartTimer()
	}
}
