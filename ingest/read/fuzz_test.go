package read

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"stpclaims"
)

// FuzzParseMoney checks that no text makes parseMoney panic, and that what
// it reads is kept to paise.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"22500", "2,25,000", "Rs. 22,500/-", "₹22500.00", "750 x 8 = 6000", "Rs.750 x 8", "Nil", "1.5E+4", "x", "=", "1e999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseMoney(s)
		if ok && !d.Equal(d.Round(moneyPlaces)) {
			t.Errorf("parseMoney(%q) = %s, not rounded to paise", s, d)
		}
		parseNumber(s)
		parseCount(s)
		parseDateText(s)
		parseDuration(s)
		splitContact(s)
		normalizeLabel(s)
	})
}

// FuzzOpen checks that no file makes Open panic or fail with anything but a
// rejection (or a clean read).
func FuzzOpen(f *testing.F) {
	for _, name := range []string{"proforma.xlsx", "text-values.xlsx", "legacy.xls", "label-value.ods"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Open(context.Background(), "fuzz", data, DefaultLimits())
		if err == nil {
			wb.Close()
			return
		}
		var rej *stpclaims.Rejection
		if !errors.As(err, &rej) && !errors.Is(err, ErrPanic) {
			t.Errorf("Open: %v is neither a rejection nor a recovered panic", err)
		}
	})
}
