package process

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/validate"
)

var update = flag.Bool("update", false, "rewrite the golden reports in testdata/golden")

// received is the fixed day the golden fixtures count as received.
var received = time.Date(2026, 1, 1, 10, 0, 0, 0, stpclaims.DefaultZone())

func newChecker(t testing.TB) *Checker {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	return &Checker{Cards: cards, Limits: read.DefaultLimits()}
}

// fixtures are the workbooks whose reports are kept as golden files: the
// forms in testdata/forms (copies of package read's fixtures, see
// testdata/README.md) and the shipped examples.
func fixtures(t testing.TB) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{
		"../examples/*.xlsx",
		"testdata/forms/*.xlsx",
		"testdata/forms/*/*.xlsx",
	} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures found")
	}
	return files
}

// goldenName is the golden report of a fixture: testdata/golden/ and its
// path below the module or testdata/, "/" written "__"
// (forms__tabill__bill.xlsx.json).
func goldenName(path string) string {
	rel := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(path), "../"), "testdata/")
	return filepath.Join("testdata", "golden", strings.ReplaceAll(rel, "/", "__")+".json")
}

func TestChecker_Check_golden(t *testing.T) {
	c := newChecker(t)
	for _, path := range fixtures(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Check(t.Context(), stpclaims.NewSubmission(filepath.Base(path), data, stpclaims.SourceCLI, received))
			if err != nil {
				t.Fatal(err)
			}
			// one report a programme, each indented, one after the other
			var pretty bytes.Buffer
			for i, p := range res.Programmes {
				if i > 0 {
					pretty.WriteString("\n")
				}
				if err := json.Indent(&pretty, p.JSON, "", "  "); err != nil {
					t.Fatalf("report is not JSON: %v\n%s", err, p.JSON)
				}
			}
			golden := goldenName(path)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, pretty.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./process -update to create it)", err)
			}
			if !bytes.Equal(pretty.Bytes(), want) {
				t.Errorf("report differs from %s (go test ./process -update rewrites it):\ngot:\n%s", golden, pretty.Bytes())
			}
			if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable {
				if _, err := excelize.OpenReader(bytes.NewReader(res.Annotated)); err != nil {
					t.Errorf("annotated copy does not open: %v", err)
				}
				if res.AnnotatedName != CheckedName(filepath.Base(path)) {
					t.Errorf("AnnotatedName = %q", res.AnnotatedName)
				}
			}
		})
	}
}

func TestChecker_Check_rejects(t *testing.T) {
	c := newChecker(t)
	for _, tc := range []struct {
		name string
		data []byte
		want string // part of the reason
	}{
		{"empty.xlsx", nil, "empty"},
		{"noise.xlsx", bytes.Repeat([]byte{0x5a, 0x13, 0x77}, 400), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := c.Check(t.Context(), stpclaims.NewSubmission(tc.name, tc.data, stpclaims.SourceCLI, received))
			if err != nil {
				t.Fatal(err)
			}
			if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable {
				t.Fatalf("status = %s, want rejected-unreadable", res.Programmes[0].Report.Status)
			}
			if res.Programmes[0].Report.Reason == "" || !strings.Contains(strings.ToLower(res.Programmes[0].Report.Reason), tc.want) {
				t.Errorf("reason = %q, want it to mention %q", res.Programmes[0].Report.Reason, tc.want)
			}
			if res.Annotated != nil {
				t.Error("an unreadable file got an annotated copy")
			}
			var m map[string]any
			if err := json.Unmarshal(res.JSON(), &m); err != nil {
				t.Fatalf("report JSON: %v", err)
			}
			if m["status"] != "rejected-unreadable" || m["form"] != "unknown" {
				t.Errorf("report = %s", res.JSON())
			}
		})
	}
}

func TestChecker_Check_timeout(t *testing.T) {
	c := newChecker(t)
	c.Timeout = time.Nanosecond
	data, err := os.ReadFile(fixtures(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), stpclaims.NewSubmission("slow.xlsx", data, stpclaims.SourceCLI, received))
	if err != nil {
		t.Fatal(err)
	}
	if res.Programmes[0].Report.Status != stpclaims.StatusUnreadable || !strings.Contains(res.Programmes[0].Report.Reason, "gave up") {
		t.Errorf("status %s, reason %q; want a rejection for taking too long", res.Programmes[0].Report.Status, res.Programmes[0].Report.Reason)
	}
}

func TestChecker_Check_cancelled(t *testing.T) {
	c := newChecker(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	data, err := os.ReadFile(fixtures(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Check(ctx, stpclaims.NewSubmission("x.xlsx", data, stpclaims.SourceCLI, received)); err == nil {
		t.Error("a cancelled check returned no error; the file would be marked processed")
	}
}

func TestCheckedName(t *testing.T) {
	for in, want := range map[string]string{
		"claim.xlsx":        "claim.checked.xlsx",
		"Advance claim.ods": "Advance claim.checked.xlsx",
		"dir/old.form.xls":  "old.form.checked.xlsx",
		"noext":             "noext.checked.xlsx",
	} {
		if got := CheckedName(in); got != want {
			t.Errorf("CheckedName(%q) = %q, want %q", in, got, want)
		}
	}
}
