package folder

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestIgnored(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"claim.xlsx", false},
		{"claim.xls", false},
		{"claim.ods", false},
		{"notes.txt", false},
		{"TA bill -- Jan.xlsx", false},
		{"~$claim.xlsx", true},
		{".~lock.claim.xlsx#", true},
		{".hidden", true},
		{".DS_Store", true},
		{"a.tmp", true},
		{"A.TMP", true},
		{"b.part", true},
		{"c.xlsx.crdownload", true},
		{"processing", true},
		{"done", true},
		{"failed", true},
		{"", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ignored(tt.name); got != tt.want {
				t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestProcessingName(t *testing.T) {
	first := time.Date(2026, 1, 22, 10, 15, 2, 0, time.UTC)
	ist := time.FixedZone("IST", 5*3600+1800)
	tests := []struct {
		first time.Time
		i     int
		name  string
		want  string
	}{
		{first, 1, "claim.xlsx", "20260122T101502Z--claim.xlsx"},
		{first, 2, "claim.xlsx", "20260122T101502Z-2--claim.xlsx"},
		{first, 12, "a--b.xlsx", "20260122T101502Z-12--a--b.xlsx"},
		{first.In(ist), 1, "x", "20260122T101502Z--x"},
		{first, 1, long(240) + ".xlsx", "20260122T101502Z--" + long(223) + "-" + nameTag(long(240)+".xlsx") + ".xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			got := processingName(tt.first, tt.i, tt.name)
			if got != tt.want {
				t.Fatalf("processingName = %q, want %q", got, tt.want)
			}
			if len(got) > maxName {
				t.Fatalf("processingName is %d bytes, more than a file system takes", len(got))
			}
			if len(tt.name)+18 > maxName {
				return // shortened: the name cannot come back whole
			}
			name, at, ok := parseProcessingName(got)
			if !ok || name != tt.name || !at.Equal(tt.first) {
				t.Errorf("parseProcessingName(%q) = %q, %v, %v; want %q, %v, true", got, name, at, ok, tt.name, tt.first)
			}
		})
	}
}

func TestParseProcessingName_notOurs(t *testing.T) {
	for _, p := range []string{
		"claim.xlsx",
		"20260122T101502Z--",
		"2026-01-22--claim.xlsx",
		"20260122T101502Z-x--claim.xlsx",
		"20260122T101502Z-1--claim.xlsx",
		"--claim.xlsx",
	} {
		t.Run(p, func(t *testing.T) {
			if name, _, ok := parseProcessingName(p); ok {
				t.Errorf("parseProcessingName(%q) accepted it as %q", p, name)
			}
		})
	}
}

func TestNumberedName(t *testing.T) {
	tests := []struct {
		name string
		i    int
		want string
	}{
		{"claim.xlsx", 1, "claim.xlsx"},
		{"claim.xlsx", 2, "claim (2).xlsx"},
		{"claim.v2.xlsx", 3, "claim.v2 (3).xlsx"},
		{"README", 2, "README (2)"},
		{long(250) + ".xlsx", 1, long(250) + ".xlsx"}, // 255 bytes: fits
		{long(250) + ".xlsx", 2, long(237) + "-" + nameTag(long(250)) + " (2).xlsx"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := numberedName(tt.name, tt.i); got != tt.want {
				t.Errorf("numberedName(%q, %d) = %q, want %q", tt.name, tt.i, got, tt.want)
			}
		})
	}
}

// long is a name stem of n bytes.
func long(n int) string { return strings.Repeat("x", n) }

// nameTag is fitName's tag of a name.
func nameTag(name string) string {
	sum := sha256.Sum256([]byte(name))
	return hex.EncodeToString(sum[:4])
}

func TestFitName(t *testing.T) {
	malayalam := strings.Repeat("മ", 84) + ".xlsx" // 257 bytes, three to a character
	for _, name := range []string{long(300) + ".xlsx", malayalam, long(300), "a." + long(300)} {
		got := fitName(name, 200)
		if len(got) > 200 || !utf8.ValidString(got) {
			t.Errorf("fitName(%.20q…, 200) = %d bytes (valid UTF-8 %v)", name, len(got), utf8.ValidString(got))
		}
		if filepath.Ext(name) == ".xlsx" && filepath.Ext(got) != ".xlsx" {
			t.Errorf("fitName(%.20q…) = %q lost its extension", name, got)
		}
	}
	if fitName(long(300)+"a.xlsx", 200) == fitName(long(300)+"b.xlsx", 200) {
		t.Error("two long names that differ at their end fit to the same name")
	}
}

func TestMoveUnique(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out")
	if err := os.Mkdir(dest, 0o755); err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, content := range []string{"one", "two", "three"} {
		src := filepath.Join(dir, "in")
		if err := os.WriteFile(src, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		p, err := moveUnique(src, dest, func(i int) string { return numberedName("a.xlsx", i) })
		if err != nil {
			t.Fatalf("move %d: %v", i, err)
		}
		got = append(got, filepath.Base(p))
		if b, err := os.ReadFile(p); err != nil || string(b) != content {
			t.Errorf("%s holds %q, %v; want %q", p, b, err, content)
		}
	}
	want := []string{"a.xlsx", "a (2).xlsx", "a (3).xlsx"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("names = %q, want %q", got, want)
			break
		}
	}
	if _, err := moveUnique(filepath.Join(dir, "missing"), dest, func(int) string { return "m" }); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("moving a missing file: err = %v, want fs.ErrNotExist", err)
	}
}

func TestRenameNoReplaceFallback(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	mustWrite(t, a, []byte("a"))
	mustWrite(t, b, []byte("b"))
	if err := renameNoReplaceFallback(a, b); !errors.Is(err, fs.ErrExist) {
		t.Fatalf("err = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(b); string(got) != "b" {
		t.Errorf("b was overwritten: %q", got)
	}
	c := filepath.Join(dir, "c")
	if err := renameNoReplaceFallback(a, c); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(c); string(got) != "a" {
		t.Errorf("c = %q, want a", got)
	}
}

func TestLooksComplete(t *testing.T) {
	xlsx := readTestdata(t, "sample.xlsx")
	xls := readTestdata(t, "sample.xls")
	big := makeZip(t, 200_000)
	empty := func() []byte {
		var buf bytes.Buffer
		if err := zip.NewWriter(&buf).Close(); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	noise := make([]byte, 10_000)
	_, _ = rand.Read(noise)
	oleNoise := append(append([]byte(nil), oleMagic...), noise...)

	tests := []struct {
		name string
		data []byte
		want bool
	}{
		{"xlsx", xlsx, true},
		{"zip 200k", big, true},
		{"xls", xls, true},
		{"xlsx truncated by one byte", xlsx[:len(xlsx)-1], false},
		{"zip cut in half", big[:len(big)/2], false},
		{"zip cut before central directory", big[:len(big)-200], false},
		{"zip with no entries", empty, false},
		{"xls truncated to its header", xls[:512], false},
		{"xls truncated to half", xls[:len(xls)/2], false},
		{"xls missing last sector", xls[:len(xls)-512], false},
		{"ole magic then noise", oleNoise, false},
		{"random bytes", noise, false},
		{"empty file", nil, false},
		{"text", []byte("Annexure II,,\nName,Rate\n"), false},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(dir, "f")
			mustWrite(t, p, tt.data)
			if got := looksComplete(p, int64(len(tt.data))); got != tt.want {
				t.Errorf("looksComplete = %v, want %v", got, tt.want)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		if looksComplete(filepath.Join(dir, "nothing"), 100) {
			t.Error("a missing file looks complete")
		}
	})
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// makeZip returns a valid zip of about size bytes: one stored entry of
// random (incompressible) bytes.
func makeZip(t testing.TB, size int) []byte {
	t.Helper()
	payload := make([]byte, size)
	_, _ = rand.Read(payload)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "xl/workbook.xml", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(payload); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustWrite(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestRun_look(t *testing.T) {
	const settle, abandon = time.Second, time.Minute
	t0 := time.Date(2026, 1, 22, 10, 15, 2, 0, time.UTC)
	workbook := readTestdata(t, "sample.xlsx")
	noise := bytes.Repeat([]byte("not a workbook "), 100)

	// Each step optionally rewrites the file, then looks at it at t0+at.
	type step struct {
		at        time.Duration
		write     []byte // nil: leave the file alone
		wantReady bool
	}
	tests := []struct {
		name  string
		steps []step
	}{
		{"workbook ready after two looks Settle apart", []step{
			{0, workbook, false},
			{settle / 2, nil, false},
			{settle, nil, true},
		}},
		{"a change restarts the wait", []step{
			{0, workbook[:100], false},
			{settle, workbook, false}, // changed: this look starts the wait again
			{settle + settle/2, nil, false},
			{2 * settle, nil, true},
		}},
		{"non-workbook ready only after Abandon", []step{
			{0, noise, false},
			{settle, nil, false},
			{abandon - time.Millisecond, nil, false},
			{abandon, nil, true},
		}},
		{"non-workbook that grows waits again", []step{
			{0, noise, false},
			{abandon - time.Second, append(noise, 'x'), false},
			{abandon, nil, false},
			{2*abandon - time.Second, nil, true},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			now := t0
			w, err := New(Config{Dir: dir, Settle: settle, Abandon: abandon, Now: func() time.Time { return now }}, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := &run{w: w, seen: make(map[string]*candidate)}
			path := filepath.Join(dir, "f.xlsx")
			for i, s := range tt.steps {
				if s.write != nil {
					mustWrite(t, path, s.write)
					// Give each write its own mtime, as a slow writer would.
					mt := t0.Add(time.Duration(i) * time.Hour)
					if err := os.Chtimes(path, mt, mt); err != nil {
						t.Fatal(err)
					}
				}
				now = t0.Add(s.at)
				r.look("f.xlsx")
				c := r.seen["f.xlsx"]
				if c == nil {
					t.Fatalf("step %d: no candidate", i)
				}
				if c.ready != s.wantReady {
					t.Errorf("step %d (at %v): ready = %v, want %v", i, s.at, c.ready, s.wantReady)
				}
				if !c.firstSeen.Equal(t0) {
					t.Errorf("step %d: firstSeen = %v, want %v", i, c.firstSeen, t0)
				}
			}
			if err := os.Remove(path); err != nil {
				t.Fatal(err)
			}
			r.look("f.xlsx")
			if _, ok := r.seen["f.xlsx"]; ok {
				t.Error("a removed file is still a candidate")
			}
		})
	}
}
