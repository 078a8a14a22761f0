package ebtbook

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// BenchmarkWrite: the workbook of a list of 1,000 payments (a large
// programme) and of 50,000 (the largest bill the reader is held to), with
// the peak heap reported.
func BenchmarkWrite(b *testing.B) {
	for _, n := range []int{1000, 50000} {
		l := sampleList(false)
		for i := len(l.Rows); i < n; i++ {
			l.Rows = append(l.Rows, stpclaims.EBTRow{Serial: i + 1, Kind: stpclaims.PayeeParticipant, Name: fmt.Sprintf("Participant %d", i+1),
				PEN: fmt.Sprint(300000 + i), AccountNo: fmt.Sprintf("%018d", 4200000+i), IFSC: "CNRB0004321", Bank: "Canara Bank",
				Amount: decimal.NewFromInt(int64(900 + i%500)), Narration: "TA STP/REV/2027/014"})
		}
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				runtime.GC()
				data, err := Bytes(book(l))
				if err != nil || len(data) == 0 {
					b.Fatal(err)
				}
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapInuse)
			}
			b.ReportMetric(float64(peak)/(1<<20), "MB-heap-after")
		})
	}
}
