package convert

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeSoffice writes a shell script standing in for soffice and returns its
// path.
func fakeSoffice(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "soffice")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// outdirOf is shell that sets $out to the value after --outdir.
const outdirOf = `out=""; prev=""; for a in "$@"; do [ "$prev" = "--outdir" ] && out="$a"; prev="$a"; done`

func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// alive reports whether pid is a live (not zombie) process.
func alive(pid int) bool {
	st, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	s := string(st)
	i := strings.LastIndexByte(s, ')')
	return i < 0 || i+2 >= len(s) || s[i+2] != 'Z'
}

func TestToXLSX_Timeout(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	// The child sleeps in the background, as soffice.bin outlives its
	// launcher: only killing the process group stops it.
	prog := fakeSoffice(t, `sleep 300 &
echo $! > `+pidFile+`
wait`)
	_, err := ToXLSX(context.Background(), "bill.ods", []byte("x"), Options{Soffice: prog, Timeout: 500 * time.Millisecond})
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	b, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatalf("the fake soffice never started its child: %v", rerr)
	}
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	if pid <= 0 {
		t.Fatalf("bad pid %q", b)
	}
	// The kill is asynchronous to us only in reaping; give init a moment.
	for i := 0; i < 100 && alive(pid); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(pid) {
		t.Errorf("child %d of the fake soffice still runs after the timeout", pid)
	}
}

func TestToXLSX_Cancel(t *testing.T) {
	prog := fakeSoffice(t, "sleep 300")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(200 * time.Millisecond); cancel() }()
	_, err := ToXLSX(ctx, "bill.xls", []byte("x"), Options{Soffice: prog})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestToXLSX_Output(t *testing.T) {
	good := zipWith(t, "[Content_Types].xml", "xl/workbook.xml")
	goodFile := filepath.Join(t.TempDir(), "good.xlsx")
	if err := os.WriteFile(goodFile, good, 0o600); err != nil {
		t.Fatal(err)
	}
	odsLike := filepath.Join(t.TempDir(), "ods.zip")
	if err := os.WriteFile(odsLike, zipWith(t, "content.xml"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		script  string
		wantErr error
	}{
		{"exit 0 without output", "exit 0", ErrFailed},
		{"exit 1", "echo 'Error: source file could not be loaded' >&2; exit 1", ErrFailed},
		{"empty output", outdirOf + `; : > "$out/input.xlsx"`, ErrFailed},
		{"output not a zip", outdirOf + `; echo garbage > "$out/input.xlsx"`, ErrFailed},
		{"zip without workbook", outdirOf + `; cp ` + odsLike + ` "$out/input.xlsx"`, ErrFailed},
		{"good output", outdirOf + `; cp ` + goodFile + ` "$out/input.xlsx"`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := ToXLSX(context.Background(), "my bill (final).ods", []byte("data"), Options{Soffice: fakeSoffice(t, tt.script)})
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && !bytes.Equal(out, good) {
				t.Errorf("output differs from what soffice wrote")
			}
		})
	}
}

func TestToXLSX_Arguments(t *testing.T) {
	argsFile := filepath.Join(t.TempDir(), "args")
	prog := fakeSoffice(t, `for a in "$@"; do echo "$a"; done > `+argsFile+`; exit 0`)
	ToXLSX(context.Background(), "Bill.ODS", []byte("data"), Options{Soffice: prog})
	b, err := os.ReadFile(argsFile)
	if err != nil {
		t.Fatal(err)
	}
	args := strings.Split(strings.TrimSpace(string(b)), "\n")
	want := map[string]bool{"--headless": false, "--norestore": false, "--convert-to": false, "xlsx": false, "--outdir": false}
	var profile, in string
	for _, a := range args {
		if _, ok := want[a]; ok {
			want[a] = true
		}
		if p, ok := strings.CutPrefix(a, "-env:UserInstallation=file://"); ok {
			profile = p
		}
		if strings.HasSuffix(a, ".ods") {
			in = a
		}
	}
	for a, seen := range want {
		if !seen {
			t.Errorf("argument %q not passed: %q", a, args)
		}
	}
	if profile == "" {
		t.Fatalf("no -env:UserInstallation in %q", args)
	}
	if _, err := os.Stat(profile); !os.IsNotExist(err) {
		t.Errorf("profile directory %s not removed (stat: %v)", profile, err)
	}
	if filepath.Base(in) != "input.ods" {
		t.Errorf("input file %q, want input.ods (lower-cased extension, safe name)", in)
	}
}

func TestToXLSX_Unavailable(t *testing.T) {
	_, err := ToXLSX(context.Background(), "a.ods", nil, Options{Soffice: filepath.Join(t.TempDir(), "no-soffice")})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if (Options{Soffice: filepath.Join(t.TempDir(), "no-soffice")}).Available() {
		t.Error("Available() = true for a missing program")
	}
	if !(Options{Soffice: fakeSoffice(t, "exit 0")}).Available() {
		t.Error("Available() = false for an executable program")
	}
}

func TestToXLSX_OneAtATime(t *testing.T) {
	dir := t.TempDir()
	overlap := filepath.Join(dir, "overlap")
	// Each fake run leaves a mark while it runs and, half-way, looks for
	// another run's mark.
	prog := fakeSoffice(t, `touch `+dir+`/running.$$
sleep 0.2
[ "$(ls `+dir+` | grep -c running)" -gt 1 ] && touch `+overlap+`
sleep 0.1
rm -f `+dir+`/running.$$
exit 0`)
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			_, err := ToXLSX(context.Background(), "a.ods", []byte("x"), Options{Soffice: prog})
			errs <- err
		}()
	}
	for i := 0; i < 3; i++ {
		if err := <-errs; !errors.Is(err, ErrFailed) {
			t.Errorf("err = %v, want ErrFailed (the fake writes nothing)", err)
		}
	}
	if _, err := os.Stat(overlap); err == nil {
		t.Error("two soffice runs overlapped")
	}
}
