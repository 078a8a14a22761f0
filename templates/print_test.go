package templates

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"stpclaims/output/printsetup"
	"stpclaims/validate"
)

// printed is how each sheet of the templates is meant to print: pages
// tall (0: as many as it needs) and the row repeated at the top of every
// page (0: none).
var printed = map[string]struct{ tall, repeat int }{
	annexureSheet:     {1, aiiHeaderRow},
	participantsSheet: {0, pHeaderRow},
	facultySheet:      {0, fHeaderRow},
	settlementSheet:   {1, 0}, // its expenditure table's header, checked below
	instructionsSheet: {1, 0},
}

func TestBuild_PrintSetup(t *testing.T) {
	card := validate.Builtin()
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			data, err := Build(k, card)
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			titles := map[string]string{}
			for _, dn := range f.GetDefinedName() {
				if dn.Name == "_xlnm.Print_Titles" {
					titles[dn.Scope] = dn.RefersTo
				}
			}
			for _, sh := range f.GetSheetList() {
				if sh == ratesSheet {
					continue
				}
				want, ok := printed[sh]
				if !ok {
					t.Errorf("sheet %q: no print setup expected of it", sh)
					continue
				}
				pl, err := f.GetPageLayout(sh)
				if err != nil {
					t.Fatal(err)
				}
				if pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != want.tall {
					t.Errorf("%s: paper %v, %v pages wide, %v tall; want A4 (9), 1 wide, %d tall", sh, deref(pl.Size), deref(pl.FitToWidth), deref(pl.FitToHeight), want.tall)
				}
				hf, err := f.GetHeaderFooter(sh)
				if err != nil || hf == nil || hf.OddFooter == "" {
					t.Errorf("%s: no footer (%v)", sh, err)
				}
				if want.repeat > 0 && titles[sh] == "" {
					t.Errorf("%s: no header row repeated on every page", sh)
				}
				broken, err := printsetup.BrokenWords(f, sh)
				if err != nil {
					t.Fatal(err)
				}
				if len(broken) > 0 {
					t.Errorf("%s: words broken between letters in %v: widen the columns", sh, broken)
				}
			}
		})
	}
}

func deref[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}
