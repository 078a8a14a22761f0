// Package sofficetest renders workbooks with headless LibreOffice for
// tests: it converts them (to PDF, .xlsx or .ods) with a throwaway profile,
// and reads a PDF back as text, page by page and word by word with each
// word's place (pdftotext), and as PNG images to look at (pdftoppm).
//
// It is a test fixture only: a test that uses it is skipped where soffice
// or poppler's tools are not installed (and fails for want of them under
// CI, package testenv). It decides nothing about what a
// rendering should look like; the tests do.
package sofficetest

import (
	"bytes"
	"context"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"stpclaims/internal/testenv"
)

// Convert converts files (name → bytes) to format ("pdf", "xlsx", "ods")
// in one LibreOffice run with a throwaway profile, and returns the
// converted files by their original names. LibreOffice computes formulas
// without a cached value as it loads them.
func Convert(t testing.TB, format string, files map[string][]byte) map[string][]byte {
	t.Helper()
	bin := need(t, "soffice")
	dir := t.TempDir()
	in, out, profile := filepath.Join(dir, "in"), filepath.Join(dir, "out"), filepath.Join(dir, "profile")
	for _, d := range []string{in, out, profile} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	args := []string{"-env:UserInstallation=file://" + profile, "--headless", "--norestore", "--nolockcheck",
		"--convert-to", format, "--outdir", out}
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		p := filepath.Join(in, name)
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, p)
	}
	// the timeout only stops a hung soffice; it asserts nothing about speed
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, stderr.String())
	}
	got := map[string][]byte{}
	for _, name := range names {
		conv := strings.TrimSuffix(name, filepath.Ext(name)) + "." + strings.SplitN(format, ":", 2)[0]
		data, err := os.ReadFile(filepath.Join(out, conv))
		if err != nil {
			t.Fatalf("soffice did not convert %s: %v\n%s", name, err, stderr.String())
		}
		got[name] = data
	}
	return got
}

// Word is one word of a PDF page and its box, in points from the page's
// top left corner.
type Word struct {
	Text                   string
	XMin, YMin, XMax, YMax float64
}

// Page is one page of a PDF: its size in points, its text as pdftotext
// lays it out, and its words.
type Page struct {
	Width, Height float64
	Text          string
	Words         []Word
}

// Pages reads a PDF's pages.
func Pages(t testing.TB, pdf []byte) []Page {
	t.Helper()
	bin := need(t, "pdftotext")
	p := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	text, err := exec.Command(bin, "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	texts := strings.Split(strings.TrimSuffix(string(text), "\f"), "\f")
	bbox, err := exec.Command(bin, "-bbox", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pages := boxes(t, bbox)
	if len(pages) != len(texts) {
		t.Fatalf("pdftotext: %d pages of text, %d of words", len(texts), len(pages))
	}
	for i := range pages {
		pages[i].Text = texts[i]
	}
	return pages
}

// boxes parses pdftotext -bbox's XHTML.
func boxes(t testing.TB, doc []byte) []Page {
	t.Helper()
	var html struct {
		Pages []struct {
			Width  float64 `xml:"width,attr"`
			Height float64 `xml:"height,attr"`
			Words  []struct {
				Text string  `xml:",chardata"`
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	dec := xml.NewDecoder(bytes.NewReader(doc))
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&html); err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	pages := make([]Page, len(html.Pages))
	for i, p := range html.Pages {
		pages[i].Width, pages[i].Height = p.Width, p.Height
		for _, w := range p.Words {
			pages[i].Words = append(pages[i].Words, Word{Text: w.Text, XMin: w.XMin, YMin: w.YMin, XMax: w.XMax, YMax: w.YMax})
		}
	}
	return pages
}

// PNG renders a PDF's pages as PNG images at dpi into dir (created if need
// be), named prefix-1.png, prefix-2.png…, and returns their paths: for a
// person to look at (set STPCLAIMS_PNG_DIR to keep them).
func PNG(t testing.TB, pdf []byte, dir, prefix string, dpi int) []string {
	t.Helper()
	bin := need(t, "pdftoppm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, prefix+"-*.png"))
	for _, o := range old {
		_ = os.Remove(o)
	}
	p := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-png", "-r", strconv.Itoa(max(dpi, 30)), p, filepath.Join(dir, prefix)).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	paths, _ := filepath.Glob(filepath.Join(dir, prefix+"-*.png"))
	slices.Sort(paths)
	return paths
}

// KeepDir is where a test keeps what it renders for a person to look at:
// $STPCLAIMS_PNG_DIR/name when that is set, else a temporary directory.
func KeepDir(t testing.TB, name string) string {
	t.Helper()
	if d := os.Getenv("STPCLAIMS_PNG_DIR"); d != "" {
		return filepath.Join(d, name)
	}
	return t.TempDir()
}

// need is the path of tool; a test without it is skipped, or failed where
// tools are required (package testenv).
func need(t testing.TB, tool string) string {
	t.Helper()
	return testenv.Program(t, tool)
}
