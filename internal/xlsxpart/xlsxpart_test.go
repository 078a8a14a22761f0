package xlsxpart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestReflected resolves every field this package reads by name on
// excelize's own values: an excelize that renamed or retyped one fails here,
// naming it, instead of at run time.
func TestReflected(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	// a decoded worksheet with a sheet view
	if err := f.SetSheetView("Sheet1", 0, &excelize.ViewOptions{ShowGridLines: new(bool)}); err != nil {
		t.Fatal(err)
	}
	part := SheetPart(f, "Sheet1")
	v, ok := f.Sheet.Load(part)
	if !ok {
		t.Fatalf("excelize did not decode %s", part)
	}
	rels, ok := f.Relationships.Load(workbookRels)
	if !ok {
		t.Fatalf("excelize did not decode %s", workbookRels)
	}
	roots := map[string]reflect.Value{"xlsxWorksheet": reflect.ValueOf(v).Elem(), "xlsxRelationships": reflect.ValueOf(rels).Elem()}
	covered := map[reflectedField]bool{}
	// walk from each root through the fields named in reflected, in
	// order: a struct field, a pointer to a struct, or a slice of them.
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for _, r := range reflected {
			if r.typ != v.Type().Name() {
				continue
			}
			fv, err := field(v, r)
			if err != nil {
				t.Error(err)
				continue
			}
			covered[r] = true
			switch fv.Kind() {
			case reflect.Pointer:
				if fv.IsNil() {
					fv = reflect.New(fv.Type().Elem())
				}
				walk(fv.Elem())
			case reflect.Slice:
				walk(reflect.New(fv.Type().Elem()).Elem())
			}
		}
	}
	for _, root := range roots {
		walk(root)
	}
	for _, r := range reflected {
		if !covered[r] {
			t.Errorf("%s is not reached from excelize's values", r)
		}
	}
	if k := mustField(t, roots["xlsxWorksheet"], worksheetSheetViews, sheetViewsSheetView, sheetViewTabSelected).Kind(); k != reflect.Bool {
		t.Errorf("%s is a %s, want a bool", sheetViewTabSelected, k)
	}
	for _, r := range []reflectedField{relationshipID, relationshipTarget} {
		if k := mustField(t, roots["xlsxRelationships"], relationshipsRelationships, r).Kind(); k != reflect.String {
			t.Errorf("%s is a %s, want a string", r, k)
		}
	}
}

// mustField follows path from v (through pointers and the first element of
// slices).
func mustField(t *testing.T, v reflect.Value, path ...reflectedField) reflect.Value {
	t.Helper()
	for _, r := range path {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice {
			if v.Kind() == reflect.Pointer {
				v = v.Elem()
			} else {
				if v.Len() == 0 {
					t.Fatalf("%s: empty", r)
				}
				v = v.Index(0)
			}
		}
		fv, err := field(v, r)
		if err != nil {
			t.Fatal(err)
		}
		v = fv
	}
	return v
}

func TestField_renamed(t *testing.T) {
	type xlsxWorksheet struct{ Views int }
	_, err := field(reflect.ValueOf(xlsxWorksheet{}), worksheetSheetViews)
	if err == nil || !strings.Contains(err.Error(), "excelize.xlsxWorksheet.SheetViews") {
		t.Errorf("err %v, want one naming excelize.xlsxWorksheet.SheetViews", err)
	}
}

func TestSheetParts(t *testing.T) {
	f := excelize.NewFile()
	if _, err := f.NewSheet("Advance claim"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Sheet1": "xl/worksheets/sheet1.xml", "Advance claim": "xl/worksheets/sheet2.xml"}
	check := func(name string, f *excelize.File) {
		t.Helper()
		got := SheetParts(f)
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s -> %q, want %q", name, k, got[k], v)
			}
		}
	}
	check("decoded relationships", f)
	check("stored relationships", reopened(t, f))
}

// TestSheetStates tells a visible, a hidden and a very hidden sheet apart,
// in a workbook as written and as opened again.
func TestSheetStates(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for _, name := range []string{"Old claim", "Macro"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetSheetVisible("Old claim", false); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetVisible("Macro", false, true); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"Sheet1": "", "Old claim": "hidden", "Macro": "veryHidden"}
	for name, g := range map[string]*excelize.File{"written": f, "opened again": reopened(t, f)} {
		got := SheetStates(g)
		if len(got) != len(want) {
			t.Fatalf("%s: %v, want %v", name, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: %s is %q, want %q", name, k, got[k], v)
			}
		}
	}
}

// TestSelectTab selects and unselects the tab of a decoded worksheet, and
// leaves a stored one to the caller.
func TestSelectTab(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	if _, err := f.NewSheet("Two"); err != nil {
		t.Fatal(err)
	}
	g := reopened(t, f)
	if decoded, err := SelectTab(g, SheetPart(g, "Two"), true); decoded || err != nil {
		t.Fatalf("stored sheet: decoded %v, err %v", decoded, err)
	}
	for _, sel := range []bool{true, false} {
		// excelize decodes the sheet for this (and drops it again once
		// written)
		if _, err := g.GetSheetView("Two", 0); err != nil {
			t.Fatal(err)
		}
		if decoded, err := SelectTab(g, SheetPart(g, "Two"), sel); !decoded || err != nil {
			t.Fatalf("decoded sheet: decoded %v, err %v", decoded, err)
		}
		h := reopened(t, g)
		b, _ := Stored(h, SheetPart(h, "Two"))
		if got := bytes.Contains(b, []byte(`tabSelected="1"`)) || bytes.Contains(b, []byte(`tabSelected="true"`)); got != sel {
			t.Errorf("selected %v: sheet view %s", sel, b)
		}
	}
}

// TestAddContentTypes declares a part in decoded and in stored content
// types, the extension once.
func TestAddContentTypes(t *testing.T) {
	for _, decoded := range []bool{true, false} {
		f := excelize.NewFile()
		if !decoded {
			f = reopened(t, f)
		}
		for _, p := range []string{"/xl/comments1.xml", "/xl/comments2.xml"} {
			if err := AddContentTypes(f, "vml", "application/x-vml", p, "application/x-comments"); err != nil {
				t.Fatal(err)
			}
		}
		ct, _ := Stored(reopened(t, f), contentTypesPart)
		if n := bytes.Count(ct, []byte(`Extension="vml"`)); n != 1 {
			t.Errorf("decoded %v: %d vml defaults in %s", decoded, n, ct)
		}
		for _, p := range []string{"/xl/comments1.xml", "/xl/comments2.xml"} {
			if !bytes.Contains(ct, []byte(`PartName="`+p+`" ContentType="application/x-comments"`)) {
				t.Errorf("decoded %v: no override for %s in %s", decoded, p, ct)
			}
		}
	}
}

// TestPutSheetFirst moves a sheet first, with the sheet-scoped names that
// point at it, and makes the first tab active.
func TestPutSheetFirst(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for _, s := range []string{"Two", "Three"} {
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Area", RefersTo: "Three!$A$1:$B$2", Scope: "Three"}); err != nil {
		t.Fatal(err)
	}
	f.WorkBook.BookViews = nil
	if err := PutSheetFirst(f, "Three"); err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); strings.Join(got, ",") != "Three,Sheet1,Two" {
		t.Errorf("sheets %q", got)
	}
	if names := f.GetDefinedName(); len(names) != 1 || names[0].Scope != "Three" {
		t.Errorf("defined names %+v", names)
	}
	if f.GetActiveSheetIndex() != 0 {
		t.Errorf("active sheet %d", f.GetActiveSheetIndex())
	}
	if err := PutSheetFirst(f, "Four"); err == nil {
		t.Error("no error for a sheet that is not there")
	}
}

func TestWithFill(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	orig, err := f.NewStyle(&excelize.Style{NumFmt: 4, Font: &excelize.Font{Bold: true}})
	if err != nil {
		t.Fatal(err)
	}
	red, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FF0000"}}})
	if err != nil {
		t.Fatal(err)
	}
	fill, ok := FillOf(f, red)
	if !ok {
		t.Fatal("no fill on the red style")
	}
	id, err := WithFill(f, orig, fill)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := WithFill(f, id, fill); again != id {
		t.Errorf("a format with the fill already: %d, want %d", again, id)
	}
	s, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if s.NumFmt != 4 || s.Font == nil || !s.Font.Bold || len(s.Fill.Color) != 1 || s.Fill.Color[0] != "FF0000" {
		t.Errorf("style %+v", s)
	}
	if _, err := WithFill(f, 999, fill); err == nil {
		t.Error("no error for a format that is not there")
	}
}

// reopened writes f and opens what it wrote (closed when the test ends).
func reopened(t *testing.T, f *excelize.File) *excelize.File {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	g, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Close() })
	return g
}

// TestDecodedRelTargets_asMarshalled: the relationships read by their
// fields' names are what marshalling them and reading the part back gives.
func TestDecodedRelTargets_asMarshalled(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for _, name := range []string{"Advance claim", "Participants"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
	}
	v, ok := f.Relationships.Load(workbookRels)
	if !ok {
		t.Fatalf("excelize did not decode %s", workbookRels)
	}
	got, err := decodedRelTargets(v)
	if err != nil {
		t.Fatal(err)
	}
	data, err := xml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(data, &rels); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rels.Rel) || len(got) < 5 {
		t.Fatalf("%d targets %v, want the %d of %s", len(got), got, len(rels.Rel), data)
	}
	for _, r := range rels.Rel {
		if got[r.ID] != r.Target {
			t.Errorf("%s -> %q, want %q", r.ID, got[r.ID], r.Target)
		}
	}
	if _, err := decodedRelTargets("not relationships"); err == nil {
		t.Error("a string read as relationships")
	}
}

// TestSharedString_loadsTheTable: a table excelize has not decoded is
// decoded at the first shared string asked for, the sheets left undecoded;
// an index outside it is refused.
func TestSharedString_loadsTheTable(t *testing.T) {
	f := excelize.NewFile()
	for i, v := range []string{"Programme code", "Guest faculty"} {
		if err := f.SetCellStr("Sheet1", fmt.Sprintf("A%d", i+1), v); err != nil {
			t.Fatal(err)
		}
	}
	g := reopened(t, f)
	defer g.Close()
	if g.SharedStrings != nil {
		t.Fatal("excelize decoded the shared strings while opening")
	}
	for n, want := range []string{"Programme code", "Guest faculty"} {
		if got, ok := SharedString(g, n); !ok || got != want {
			t.Errorf("SharedString(%d) = %q, %v, want %q", n, got, ok, want)
		}
	}
	if _, ok := SharedString(g, 2); ok {
		t.Error("SharedString(2) found a third string")
	}
	if Decoded(g, "xl/worksheets/sheet1.xml") {
		t.Error("the sheet was decoded to load the shared strings")
	}
}
