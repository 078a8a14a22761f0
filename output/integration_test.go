//go:build integration

package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// allSheetsCSV is LibreOffice's CSV filter set to export every sheet
// (token 12 = -1, LibreOffice 7.2 and later) as UTF-8, values not as shown.
const allSheetsCSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"

// soffice converts the files to CSV in dir/out, one file per sheet, and
// fails the test if LibreOffice complains.
func soffice(t *testing.T, dir string, files ...string) {
	t.Helper()
	bin, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not installed")
	}
	// The timeout only stops a hung soffice; it asserts nothing about speed.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless", "--norestore",
		"--convert-to", allSheetsCSV, "--outdir", filepath.Join(dir, "out")}
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
	dir := t.TempDir()
	orig := fixtureWorkbook(t)
	f, err := excelize.OpenReader(bytes.NewReader(orig))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := Annotate(f, fixtureReport()); err != nil {
		t.Fatal(err)
	}
	var ann bytes.Buffer
	if err := f.Write(&ann); err != nil {
		t.Fatal(err)
	}
	origPath, annPath := filepath.Join(dir, "orig.xlsx"), filepath.Join(dir, "annotated.xlsx")
	if err := os.WriteFile(origPath, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(annPath, ann.Bytes(), 0o644); err != nil {
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
		g, err := excelize.OpenReader(bytes.NewReader(ann.Bytes()))
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
}
