//go:build integration

package output

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"stpclaims/internal/xlsxpart"
)

// TestAnnotate_rawLibreOffice converts a handful of random books, plain
// and rewritten with hostileSheetEdits, annotated through the raw edits
// (in memory, and read from the package in chunks as a large workbook is)
// and through excelize alone, with LibreOffice: it must convert them
// without complaint and read every sheet of each the same as the
// original's (values, not as shown).
func TestAnnotate_rawLibreOffice(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 2026))
	dir := t.TempDir()
	var files []string
	sheets := map[int][]string{}
	taken := 0
	const cases = 6
	for i := range cases {
		data, extent := randomBook(t, rng)
		if i >= 3 { // rewritten as another program might write it
			e := hostileSheetEdits[[]int{0, 2, 4}[i-3]]
			parts := zipParts(t, data)
			for _, part := range xlsxpart.SheetParts(open(t, data)) {
				data = withPart(t, data, part, strings.ReplaceAll(parts[part], e[0], e[1]))
			}
		}
		rep := randomFindings(rng, extent)
		raw, decoded, rawSheets := annotateBoth(t, data, rep)
		taken += len(rawSheets)
		streamed := annotatedStreamed(t, data, rep)
		for name, body := range map[string][]byte{"orig": data, "raw": raw, "dec": decoded, "str": streamed} {
			p := filepath.Join(dir, fmt.Sprintf("%s-%d.xlsx", name, i))
			if err := os.WriteFile(p, body, 0o644); err != nil {
				t.Fatal(err)
			}
			files = append(files, p)
		}
		for s := range extent {
			sheets[i] = append(sheets[i], s)
		}
	}
	if taken == 0 {
		t.Fatal("no sheet took the raw path")
	}
	soffice(t, dir, files...)
	out := filepath.Join(dir, "out")
	for i := range cases {
		for _, s := range append(sheets[i], "Findings") {
			t.Run(fmt.Sprintf("%d/%s", i, s), func(t *testing.T) {
				raw := readCSV(t, filepath.Join(out, fmt.Sprintf("raw-%d-%s.csv", i, s)))
				dec := readCSV(t, filepath.Join(out, fmt.Sprintf("dec-%d-%s.csv", i, s)))
				if !slices.EqualFunc(raw, dec, slices.Equal[[]string]) {
					t.Errorf("LibreOffice reads the raw-edited sheet as\n%q\nand the excelize-annotated one as\n%q", raw, dec)
				}
				if str := readCSV(t, filepath.Join(out, fmt.Sprintf("str-%d-%s.csv", i, s))); !slices.EqualFunc(raw, str, slices.Equal[[]string]) {
					t.Errorf("LibreOffice reads the raw-edited sheet as\n%q\nand the one written from the package as\n%q", raw, str)
				}
				if s == "Findings" {
					return
				}
				orig := readCSV(t, filepath.Join(out, fmt.Sprintf("orig-%d-%s.csv", i, s)))
				if !slices.EqualFunc(raw, orig, slices.Equal[[]string]) {
					t.Errorf("LibreOffice reads the raw-edited sheet as\n%q\nthe original as\n%q", raw, orig)
				}
			})
		}
	}
}
