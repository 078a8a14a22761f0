package process

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/hostile"
	"stpclaims/internal/testenv"
)

// TestChecker_Check_unmarkable: a workbook excelize reads but cannot write
// back still gets its report and its findings, in a workbook of the
// Findings sheet alone.
func TestChecker_Check_unmarkable(t *testing.T) {
	base, err := os.ReadFile("../examples/annexure2-example.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	tests := []struct {
		name  string
		write func(path string) error
	}{
		{"sheet missing </worksheet>", func(p string) error { return hostile.TruncatedSheet(p, base) }},
		{"headers understate a 300 MiB sheet", func(p string) error { return hostile.UnderstatedSheet(p, base, 300<<20) }},
	}
	c := newChecker(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "claim.xlsx")
			if err := tc.write(path); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Check(t.Context(), stpclaims.NewSubmission("claim.xlsx", data, stpclaims.SourceCLI, received))
			if err != nil {
				t.Fatalf("Check: %v; want the report and the findings alone", err)
			}
			if res.Programmes[0].Report.Form != stpclaims.FormAnnexureII || len(res.Programmes[0].Report.Findings) == 0 || len(res.JSON()) == 0 {
				t.Errorf("report: form %s, %d findings, %d bytes of JSON", res.Programmes[0].Report.Form, len(res.Programmes[0].Report.Findings), len(res.JSON()))
			}
			if res.AnnotatedName != "claim.findings.xlsx" || !strings.Contains(res.Note, "claim.findings.xlsx") {
				t.Errorf("AnnotatedName %q, note %q; want the findings workbook named", res.AnnotatedName, res.Note)
			}
			f, err := excelize.OpenReader(bytes.NewReader(res.Annotated))
			if err != nil {
				t.Fatalf("the findings workbook does not open: %v", err)
			}
			defer f.Close()
			rows, err := f.GetRows("Findings")
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(f.GetSheetList(), ","); got != "Findings" || len(rows) < len(res.Programmes[0].Report.Findings) {
				t.Errorf("sheets %q with %d rows; want the Findings sheet alone with a row per finding (%d)", got, len(rows), len(res.Programmes[0].Report.Findings))
			}
		})
	}
}

// TestChecker_Check_longText: a cell of 10 MB is quoted by no more than
// MaxQuote characters anywhere in the answer.
func TestChecker_Check_longText(t *testing.T) {
	testenv.WithoutRace(t)
	f, err := excelize.OpenFile("../examples/annexure2-example.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	for _, cell := range []string{"D7", "D12"} { // the programme's name; the class of officers, quoted by AII-CLASS
		if err := f.SetCellStr("Annexure II", cell, "LONG-"+cell); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f.Close()
	path := filepath.Join(t.TempDir(), "long.xlsx")
	if err := hostile.LongText(path, buf.Bytes(), "LONG-D7", 10<<20); err != nil {
		t.Fatal(err)
	}
	mid, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := hostile.LongText(path, mid, "LONG-D12", 10<<20); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := newChecker(t).Check(t.Context(), stpclaims.NewSubmission("long.xlsx", data, stpclaims.SourceCLI, received))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.JSON()) > 64<<10 {
		t.Errorf("the report is %d bytes: the long cells were copied into it", len(res.JSON()))
	}
	for _, fv := range res.Programmes[0].Report.Fields {
		if utf8.RuneCountInString(fv.Value) > stpclaims.MaxQuote+1 {
			t.Errorf("field %s holds %d characters", fv.Name, utf8.RuneCountInString(fv.Value))
		}
	}
	quoted := false
	for _, fd := range res.Programmes[0].Report.Findings {
		if strings.Contains(fd.Message, "xxxxxxxxxx") {
			quoted = true
			if n := strings.Count(fd.Message, "x"); n > stpclaims.MaxQuote+20 {
				t.Errorf("%s quotes %d characters: %.120s…", fd.Rule, n, fd.Message)
			}
		}
	}
	if !quoted {
		t.Error("no finding quotes the long class of officers: the test proves nothing")
	}
	book, err := excelize.OpenReader(bytes.NewReader(res.Annotated))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	comments, err := book.GetComments("Annexure II")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range comments {
		text := c.Text
		for _, p := range c.Paragraph {
			text += p.Text
		}
		if n := strings.Count(text, "x"); n > stpclaims.MaxQuote+20 {
			t.Errorf("the note on %s quotes %d characters", c.Cell, n)
		}
	}
	if len(comments) == 0 {
		t.Error("no notes on the annotated copy")
	}
}

func TestStem(t *testing.T) {
	long := hostile.LongName(250, ".xlsx")
	other := long[:len(long)-6] + "y.xlsx"         // differs only at its end
	malayalam := strings.Repeat("മ", 84) + ".xlsx" // 252 bytes
	for _, tc := range []struct {
		name string
		want string // "" when only the length matters
	}{
		{"claim.xlsx", "claim"},
		{"dir/old.form.xls", "old.form"},
		{long, ""},
		{malayalam, ""},
	} {
		got := Stem(tc.name)
		if tc.want != "" && got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.name, got, tc.want)
		}
		if len(got) > maxStem || !utf8.ValidString(got) {
			t.Errorf("Stem(%.20q…) = %d bytes (valid UTF-8 %v), want at most %d", tc.name, len(got), utf8.ValidString(got), maxStem)
		}
		if n := len(".tmp-" + FindingsName(tc.name) + "-1234567890"); n > 255 {
			t.Errorf("a temporary output of %.20q… is named with %d bytes", tc.name, n)
		}
	}
	if Stem(long) == Stem(other) {
		t.Errorf("two long names that differ at their end share the stem %q", Stem(long))
	}
	if !strings.HasPrefix(Stem(long), "claim-with-a-very-long-name-") {
		t.Errorf("Stem(long) = %q, want it to keep the name's beginning", Stem(long))
	}
}

// TestListed: a report lists the worst MaxFindings findings, errors first,
// and counts the rest.
func TestListed(t *testing.T) {
	var fs []stpclaims.Finding
	for i := range stpclaims.MaxFindings + 5 {
		sev := stpclaims.SeverityInfo
		if i%2 == 1 {
			sev = stpclaims.SeverityError
		}
		fs = append(fs, stpclaims.Finding{Rule: "R", Severity: sev, Row: i})
	}
	got, unlisted := listed(fs)
	if len(got) != stpclaims.MaxFindings || unlisted != 5 {
		t.Fatalf("listed %d, unlisted %d; want %d and 5", len(got), unlisted, stpclaims.MaxFindings)
	}
	errs := (stpclaims.MaxFindings + 5) / 2
	for i, f := range got {
		if want := i < errs; (f.Severity == stpclaims.SeverityError) != want {
			t.Fatalf("finding %d is %s: the errors are not all listed first", i, f.Severity)
		}
	}
	if got[0].Row != 1 || got[1].Row != 3 {
		t.Errorf("errors out of their order: rows %d, %d", got[0].Row, got[1].Row)
	}
	if short, n := listed(fs[:10]); len(short) != 10 || n != 0 {
		t.Errorf("a short list was cut: %d, %d", len(short), n)
	}
}
