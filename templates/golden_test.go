package templates

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/validate"
)

// dump writes a workbook's sheets, cells (values and formulas), merges and
// validations as text, for the golden files. The TA bill's repeated table
// rows are cut to the first two and the Total row.
func dump(t *testing.T, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, sh := range f.GetSheetList() {
		visible, _ := f.GetSheetVisible(sh)
		fmt.Fprintf(&b, "== %s (visible %v)\n", sh, visible)
		if pl, err := f.GetPageLayout(sh); err == nil && pl.Orientation != nil {
			footer := ""
			if hf, _ := f.GetHeaderFooter(sh); hf != nil {
				footer = hf.OddFooter
			}
			fmt.Fprintf(&b, "print: paper %v %s, %v wide × %v tall, footer %q\n", deref(pl.Size), *pl.Orientation, deref(pl.FitToWidth), deref(pl.FitToHeight), footer)
		}
		for _, dn := range f.GetDefinedName() {
			if dn.Scope == sh {
				fmt.Fprintf(&b, "name %s = %s\n", dn.Name, dn.RefersTo)
			}
		}
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		maxRow := len(rows) + 2
		for r := 1; r <= maxRow; r++ {
			if skipRow(sh, r) {
				continue
			}
			for c := 1; c <= 24; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r)
				v, _ := f.GetCellValue(sh, cell)
				fm, _ := f.GetCellFormula(sh, cell)
				switch {
				case fm != "":
					fmt.Fprintf(&b, "%s = %s\n", cell, fm)
				case v != "":
					fmt.Fprintf(&b, "%s: %q\n", cell, v)
				}
			}
		}
		cfs, _ := f.GetConditionalFormats(sh)
		refs := make([]string, 0, len(cfs))
		for ref := range cfs {
			refs = append(refs, ref)
		}
		slices.Sort(refs)
		for _, ref := range refs {
			for _, cf := range cfs[ref] {
				fmt.Fprintf(&b, "conditional %s %s: %s\n", ref, cf.Type, cf.Criteria)
			}
		}
		dvs, _ := f.GetDataValidations(sh)
		for _, dv := range dvs {
			prompt := ""
			if dv.Prompt != nil {
				prompt = *dv.Prompt
			}
			fmt.Fprintf(&b, "validation %s %s %s %s %s: %q\n", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2, prompt)
		}
	}
	return b.String()
}

// skipRow leaves out the TA bill's table rows after the first two.
func skipRow(sheet string, r int) bool {
	switch sheet {
	case participantsSheet:
		return r > pHeaderRow+2 && r <= pHeaderRow+participantRows
	case facultySheet:
		return r > fHeaderRow+2 && r <= fHeaderRow+facultyRows
	}
	return false
}

func TestBuild_Golden(t *testing.T) {
	card := validate.Builtin()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			data, err := Build(k, card)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(t, data)
			path := filepath.Join("testdata", string(k)+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range max(len(gl), len(wl)) {
					var g, w string
					if i < len(gl) {
						g = gl[i]
					}
					if i < len(wl) {
						w = wl[i]
					}
					if g != w {
						t.Fatalf("%s differs from the golden file at line %d:\n got: %s\nwant: %s\n(run go test -update if the change is meant)", k, i+1, g, w)
					}
				}
			}
		})
	}
}
