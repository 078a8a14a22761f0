package read

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
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

// TestOpen_Corrupted opens fixtures with random bytes changed, cut or
// repeated, and checks that each is read or rejected, never a failure of
// the reader (FuzzOpen explores further).
func TestOpen_Corrupted(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, name := range []string{"proforma.xlsx", "merged-amount.xlsx", "legacy.xls", "encrypted.xlsx"} {
		orig, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(name, func(t *testing.T) {
			read := 0
			defer func() { t.Logf("%d of 150 mutations still read", read) }()
			for i := range 150 {
				data := bytes.Clone(orig)
				switch i % 3 {
				case 0: // flip a few bytes
					for range 1 + rng.IntN(8) {
						data[rng.IntN(len(data))] ^= byte(1 + rng.IntN(255))
					}
				case 1: // cut
					data = data[:rng.IntN(len(data))]
				case 2: // repeat a slice in the middle
					a := rng.IntN(len(data))
					b := a + rng.IntN(min(512, len(data)-a))
					data = append(data[:b:b], append(bytes.Clone(data[a:b]), data[b:]...)...)
				}
				wb, err := Open(context.Background(), name, data, DefaultLimits())
				if err == nil {
					read++
					wb.Close()
					continue
				}
				var rej *stpclaims.Rejection
				if !errors.As(err, &rej) {
					t.Errorf("mutation %d: %v is not a rejection", i, err)
				}
			}
		})
	}
}

// TestOpen_CorruptedParts rezips a fixture with its sheet, shared strings
// or styles XML damaged, so the damage reaches excelize's XML parsing.
func TestOpen_CorruptedParts(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("testdata", "merged-amount.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(orig), int64(len(orig)))
	if err != nil {
		t.Fatal(err)
	}
	parts := map[string][]byte{}
	var names []string
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		parts[zf.Name], _ = io.ReadAll(rc)
		rc.Close()
		names = append(names, zf.Name)
	}
	rng := rand.New(rand.NewPCG(5, 9))
	read := 0
	for i := range 300 {
		target := []string{"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"}[i%4]
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range names {
			body := parts[n]
			if n == target {
				body = bytes.Clone(body)
				for range 1 + rng.IntN(4) {
					switch p := rng.IntN(len(body)); rng.IntN(3) {
					case 0:
						body[p] = "<>\"&/=x9 -"[rng.IntN(10)]
					case 1:
						body = body[:p]
					default:
						body = append(body[:p:p], body[min(len(body), p+rng.IntN(40)):]...)
					}
				}
			}
			w, _ := zw.Create(n)
			w.Write(body)
		}
		zw.Close()
		wb, err := Open(context.Background(), "x.xlsx", buf.Bytes(), DefaultLimits())
		if err == nil {
			read++
			wb.Close()
			continue
		}
		var rej *stpclaims.Rejection
		if !errors.As(err, &rej) {
			t.Errorf("mutation %d of %s: %v is not a rejection", i, target, err)
		}
	}
	t.Logf("%d of 300 damaged workbooks still read", read)
}
