//go:build integration

package isolate

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"stpclaims"
	"stpclaims/internal/hostile"
	"stpclaims/internal/testenv"
)

// TestPool_Check_bombs checks the hostile files two at a time under the
// default ceiling: each bomb is answered for its memory, the damaged
// sheets get the Findings sheet alone, the bill of 70,000 findings its
// worst 10,000, and no temporary directory of a killed child is left.
//
// The ceiling is what is tested, so the children must use the memory the
// daemon's do: under the race detector (5 to 10 times the memory: the
// bill alone would pass 512 MB) they are stpclaims itself, built without
// it, while the pool in this process is still checked for races.
func TestPool_Check_bombs(t *testing.T) {
	dir := t.TempDir()
	base := example(t)
	write := func(name string, f func(string) error) string {
		path := filepath.Join(dir, name)
		if err := f(path); err != nil {
			t.Fatal(err)
		}
		return path
	}
	tests := []struct {
		name       string
		path       string
		wantStatus stpclaims.Status
		wantInText string // in the reason, or the note
	}{
		{"styles bomb", write("styles.xlsx", func(p string) error { return hostile.StylesBomb(p, base, 190<<20) }),
			stpclaims.StatusUnreadable, "more memory"},
		{"shared-strings bomb", write("sst.xlsx", func(p string) error { return hostile.SharedStringsBomb(p, base, 4_000_000) }),
			stpclaims.StatusUnreadable, "more memory"},
		{"sheet missing </worksheet>", write("cut.xlsx", func(p string) error { return hostile.TruncatedSheet(p, base) }),
			stpclaims.StatusReturned, "Findings sheet alone"},
		{"understated 300 MiB sheet", write("under.xlsx", func(p string) error { return hostile.UnderstatedSheet(p, base, 300<<20) }),
			stpclaims.StatusReturned, "Findings sheet alone"},
		{"70,000 findings", write("bill.xlsx", func(p string) error { return hostile.ManyFindingsBill(p, 70_000) }),
			stpclaims.StatusReturned, ""},
	}
	cfg := Config{Workers: 2}
	if testenv.Race {
		cfg.Command = []string{buildWithoutRace(t), ChildCommand}
	}
	p := newPool(t, cfg)
	var wg sync.WaitGroup
	for _, tc := range tests {
		wg.Go(func() {
			data, err := os.ReadFile(tc.path)
			if err != nil {
				t.Error(err)
				return
			}
			res, err := p.Check(context.Background(), stpclaims.NewSubmission(tc.name+".xlsx", data, stpclaims.SourceFolder, received))
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				return
			}
			text := res.Programmes[0].Report.Reason + " " + res.Note
			if res.Programmes[0].Report.Status != tc.wantStatus || !strings.Contains(text, tc.wantInText) {
				t.Errorf("%s: %s %q; want %s and %q", tc.name, res.Programmes[0].Report.Status, text, tc.wantStatus, tc.wantInText)
			}
			if tc.wantInText == "" && (res.Programmes[0].Report.Unlisted == 0 || len(res.Programmes[0].Report.Findings) != stpclaims.MaxFindings) {
				t.Errorf("%s: %d findings listed, %d not; want %d and the rest counted", tc.name, len(res.Programmes[0].Report.Findings), res.Programmes[0].Report.Unlisted, stpclaims.MaxFindings)
			}
			if tc.wantStatus != stpclaims.StatusUnreadable && (len(res.Annotated) == 0 || len(res.JSON()) == 0) {
				t.Errorf("%s: no findings workbook (%d bytes) or report (%d bytes)", tc.name, len(res.Annotated), len(res.JSON()))
			}
		})
	}
	wg.Wait()
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if dirs := childDirs(t); len(dirs) != 0 {
		t.Errorf("children's directories left: %q", dirs)
	}
}

// buildWithoutRace builds stpclaims without the race detector, whatever
// this test binary was built with, and returns its path.
func buildWithoutRace(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "stpclaims")
	cmd := exec.Command("go", "build", "-o", bin, "stpclaims/cmd/stpclaims")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}
