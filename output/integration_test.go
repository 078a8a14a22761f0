//go:build integration

package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/testenv"
	"stpclaims/internal/xlsxpart"
)

// allSheetsCSV is LibreOffice's CSV filter set to export every sheet
// (token 12 = -1, LibreOffice 7.2 and later) as UTF-8, values not as shown.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// soffice converts the files to CSV in dir/out, one file per sheet, and
// fails the test if LibreOffice complains.
func soffice(t *testing.T, dir string, files ...string) {
	t.Helper()
	sofficeTo(t, dir, allSheetsCSV, files...)
}

// sofficeTo converts the files with the given --convert-to target into
// dir/out.
func sofficeTo(t *testing.T, dir, target string, files ...string) {
	t.Helper()
	bin := testenv.Program(t, "soffice")
	// The timeout only stops a hung soffice; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", target, "--outdir", filepath.Join(dir, "out")}
	cmd := exec.CommandContext(ctx, bin, append(args, files...)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		line = strings.TrimSpace(line)
		// LibreOffice's launcher warns when no Java runtime is installed;
		// the conversion does not use Java.
		if line == "" || strings.Contains(line, "failed to launch javaldx") {
			continue
		}
		t.Errorf("soffice complained: %s", line)
	}
}

// readCSV reads one exported sheet, dropping trailing empty fields and rows
// (a cell that only gained a style widens the exported range).
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("LibreOffice wrote no %s: %v", filepath.Base(path), err)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return trimRows(rows)
}

func trimRows(rows [][]string) [][]string {
	out := make([][]string, 0, len(rows))
	for _, row := range rows {
		n := len(row)
		for n > 0 && row[n-1] == "" {
			n--
		}
		out = append(out, row[:n])
	}
	for len(out) > 0 && len(out[len(out)-1]) == 0 {
		out = out[:len(out)-1]
	}
	return out
}

func TestAnnotate_LibreOfficeReadsIt(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		dir := t.TempDir()
		orig := fixtureWorkbook(t, v.note)
		ann := annotatedBytes(t, orig, fixtureReport())
		origPath, annPath := filepath.Join(dir, "orig.xlsx"), filepath.Join(dir, "annotated.xlsx")
		if err := os.WriteFile(origPath, orig, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(annPath, ann, 0o644); err != nil {
			t.Fatal(err)
		}
		soffice(t, dir, origPath, annPath)
		out := filepath.Join(dir, "out")

		for _, sheet := range []string{claimSheet, raviSheet} {
			t.Run(sheet, func(t *testing.T) {
				want := readCSV(t, filepath.Join(out, "orig-"+sheet+".csv"))
				got := readCSV(t, filepath.Join(out, "annotated-"+sheet+".csv"))
				if len(want) == 0 {
					t.Fatal("the original exported empty")
				}
				if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
					t.Errorf("LibreOffice reads the annotated %q as\n%q\nwant\n%q", sheet, got, want)
				}
			})
		}
		t.Run("Findings", func(t *testing.T) {
			got := readCSV(t, filepath.Join(out, "annotated-Findings.csv"))
			g, err := excelize.OpenReader(bytes.NewReader(ann))
			if err != nil {
				t.Fatal(err)
			}
			defer g.Close()
			rows, err := g.GetRows("Findings", excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			want := trimRows(rows)
			if !slices.EqualFunc(got, want, slices.Equal[[]string]) {
				t.Errorf("LibreOffice reads the Findings sheet as\n%q\nwant\n%q", got, want)
			}
			if len(want) < 20 {
				t.Errorf("Findings sheet has only %d rows", len(want))
			}
		})
		t.Run("notes and fills survive LibreOffice", func(t *testing.T) {
			// LibreOffice saving the annotated copy again shows what it
			// understood of the notes and fills.
			resaved := filepath.Join(dir, "resaved")
			if err := os.Mkdir(resaved, 0o755); err != nil {
				t.Fatal(err)
			}
			sofficeTo(t, resaved, "xlsx:Calc MS Excel 2007 XML", annPath)
			data, err := os.ReadFile(filepath.Join(resaved, "out", "annotated.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			g := open(t, data)
			parts := zipParts(t, data)
			paths := xlsxpart.SheetParts(g)
			if first := g.GetSheetName(0); first != "Findings" {
				t.Errorf("first sheet %q", first)
			}
			for _, c := range []struct{ sheet, cell, rule, color string }{
				{raviSheet, "B2", "AII-ACCOUNT", "FFC7CE"},
				{claimSheet, "D14", "AII-FOOD", "FFC7CE"},
				{claimSheet, "D5", "AII-LEAD-TIME", "FFE699"},
			} {
				cs, err := g.GetComments(c.sheet)
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, cm := range cs {
					text := cm.Text
					for _, p := range cm.Paragraph {
						text += p.Text
					}
					found = found || (cm.Cell == c.cell && strings.Contains(text, c.rule))
				}
				if !found {
					t.Errorf("LibreOffice lost the note on %s!%s: %+v", c.sheet, c.cell, cs)
				}
				if got := xmlFillColor(t, parts, paths[c.sheet], c.cell); got != c.color {
					t.Errorf("LibreOffice shows %s!%s filled %q, want %q", c.sheet, c.cell, got, c.color)
				}
			}
		})
	})
}

// xmlFillColor reads a cell's solid fill colour from the stored XML (the
// fills LibreOffice writes carry both fgColor and bgColor, which
// excelize.GetStyle does not report).
func xmlFillColor(t *testing.T, parts map[string]string, sheetPart, cell string) string {
	t.Helper()
	m := regexp.MustCompile(`<c r="` + cell + `"[^>]*\ss="(\d+)"`).FindStringSubmatch(parts[sheetPart])
	if m == nil {
		return ""
	}
	xfIdx, _ := strconv.Atoi(m[1])
	styles := parts["xl/styles.xml"]
	cellXfs := regexp.MustCompile(`(?s)<cellXfs[^>]*>(.*?)</cellXfs>`).FindStringSubmatch(styles)
	if cellXfs == nil {
		t.Fatal("no cellXfs")
	}
	xfs := regexp.MustCompile(`<xf [^>]*>`).FindAllString(cellXfs[1], -1)
	if xfIdx >= len(xfs) {
		t.Fatalf("style %d of %d", xfIdx, len(xfs))
	}
	fm := regexp.MustCompile(`fillId="(\d+)"`).FindStringSubmatch(xfs[xfIdx])
	if fm == nil {
		return ""
	}
	fillIdx, _ := strconv.Atoi(fm[1])
	fillsXML := regexp.MustCompile(`(?s)<fills[^>]*>(.*?)</fills>`).FindStringSubmatch(styles)
	fills := regexp.MustCompile(`(?s)<fill>(.*?)</fill>`).FindAllStringSubmatch(fillsXML[1], -1)
	if fillIdx >= len(fills) {
		t.Fatalf("fill %d of %d", fillIdx, len(fills))
	}
	rgb := regexp.MustCompile(`patternType="solid"[^/]*?>\s*<fgColor rgb="(?:FF)?([0-9A-Fa-f]{6})"`).FindStringSubmatch(fills[fillIdx][1])
	if rgb == nil {
		return ""
	}
	return strings.ToUpper(rgb[1])
}

// TestAnnotate_LibreOfficeWorkbook annotates a workbook as LibreOffice
// writes it (the form most .ods submissions take after conversion), then
// checks LibreOffice reads every sender's value back unchanged.
func TestAnnotate_LibreOfficeWorkbook(t *testing.T) {
	forVariants(t, func(t *testing.T, v variant) {
		dir := t.TempDir()
		src := filepath.Join(dir, "sender.xlsx")
		if err := os.WriteFile(src, fixtureWorkbook(t, v.note), 0o644); err != nil {
			t.Fatal(err)
		}
		loDir := filepath.Join(dir, "lo")
		if err := os.Mkdir(loDir, 0o755); err != nil {
			t.Fatal(err)
		}
		sofficeTo(t, loDir, "xlsx:Calc MS Excel 2007 XML", src)
		lo, err := os.ReadFile(filepath.Join(loDir, "out", "sender.xlsx"))
		if err != nil {
			t.Fatal(err)
		}
		before := snapshot(t, open(t, lo), claimSheet, raviSheet)
		ann := annotatedBytes(t, lo, fixtureReport())
		after := snapshot(t, open(t, ann), claimSheet, raviSheet)
		for ref, b := range before {
			if a := after[ref]; a != b {
				t.Errorf("%s changed:\n before %+v\n after  %+v", ref, b, a)
			}
		}
		loPath, annPath := filepath.Join(dir, "lo.xlsx"), filepath.Join(dir, "annotated.xlsx")
		if err := os.WriteFile(loPath, lo, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(annPath, ann, 0o644); err != nil {
			t.Fatal(err)
		}
		soffice(t, dir, loPath, annPath)
		for _, sheet := range []string{claimSheet, raviSheet} {
			want := readCSV(t, filepath.Join(dir, "out", "lo-"+sheet+".csv"))
			got := readCSV(t, filepath.Join(dir, "out", "annotated-"+sheet+".csv"))
			if len(want) == 0 || !slices.EqualFunc(got, want, slices.Equal[[]string]) {
				t.Errorf("%q: LibreOffice reads the annotated copy as\n%q\nwant\n%q", sheet, got, want)
			}
		}
		parts := zipParts(t, ann)
		paths := xlsxpart.SheetParts(open(t, ann))
		if got := xmlFillColor(t, parts, paths[raviSheet], "B2"); got != "FFC7CE" {
			t.Errorf("B2 fill %q", got)
		}
		part := paths[raviSheet]
		rels := parts[path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")]
		if got := strings.Contains(rels, "rIdStp"); got != v.raw {
			t.Errorf("%q marked by raw edits: %v, want %v", raviSheet, got, v.raw)
		}
	})
}
