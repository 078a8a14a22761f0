package xlsxpart

import (
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// moduleRoot is the module's root from this package's directory.
const moduleRoot = "../.."

// excelizeInternals are the fields of excelize.File that are its own
// structures: only this package may touch them. The sync.Maps among them
// are recognised by a method called on them (f.Pkg.Load), the others by
// name alone (no other type in the module has fields so named).
var (
	excelizeMaps      = map[string]bool{"Pkg": true, "Sheet": true, "Relationships": true, "Drawings": true}
	syncMapMethods    = map[string]bool{"Load": true, "Store": true, "Range": true, "Delete": true, "LoadOrStore": true, "LoadAndDelete": true, "Swap": true, "CompareAndSwap": true, "CompareAndDelete": true, "Clear": true}
	excelizeStructure = map[string]bool{"SharedStrings": true, "ContentTypes": true, "WorkBook": true, "Styles": true, "Comments": true, "VMLDrawing": true, "DecodeVMLDrawing": true, "DecodeCellImages": true, "CalcChain": true, "VolatileDeps": true, "Theme": true}
)

// TestDoor_onlyHere: no Go file of the module outside this package reaches
// into excelize's internals or imports reflect (a test file may use
// reflect.DeepEqual, nothing else of it).
func TestDoor_onlyHere(t *testing.T) {
	files := 0
	err := filepath.WalkDir(moduleRoot, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != moduleRoot && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			if rel, _ := filepath.Rel(moduleRoot, path); filepath.ToSlash(rel) == "internal/xlsxpart" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		for _, p := range doorViolations(t, path) {
			t.Errorf("%s: %s (go through internal/xlsxpart)", p.pos, p.what)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("only %d Go files under %s", files, moduleRoot)
	}
}

type violation struct {
	pos  token.Position
	what string
}

// doorViolations lists one file's reaches into excelize's internals.
func doorViolations(t *testing.T, path string) []violation {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	test := strings.HasSuffix(path, "_test.go")
	var out []violation
	reflectName := ""
	for _, imp := range f.Imports {
		if imp.Path.Value != `"reflect"` {
			continue
		}
		reflectName = "reflect"
		if imp.Name != nil {
			reflectName = imp.Name.Name
		}
		if !test {
			out = append(out, violation{fset.Position(imp.Pos()), `imports "reflect"`})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		name := sel.Sel.Name
		if x, ok := sel.X.(*ast.Ident); ok && reflectName != "" && x.Name == reflectName && test && name != "DeepEqual" {
			out = append(out, violation{fset.Position(sel.Pos()), "uses reflect." + name})
		}
		if inner, ok := sel.X.(*ast.SelectorExpr); ok && excelizeMaps[inner.Sel.Name] && syncMapMethods[name] {
			out = append(out, violation{fset.Position(inner.Sel.Pos()), "." + inner.Sel.Name + "." + name})
		}
		if excelizeStructure[name] {
			out = append(out, violation{fset.Position(sel.Sel.Pos()), "." + name})
		}
		return true
	})
	return out
}

// TestDoor_catches runs the check on a file that does what it forbids.
func TestDoor_catches(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "bad.go")
	src := `package bad

import "reflect"

func bad(f *excelize.File) {
	f.Pkg.Load("x")
	f.Sheet.Range(nil)
	_ = f.SharedStrings
	_ = f.WorkBook.BookViews
	_ = reflect.ValueOf(f)
}
`
	if err := writeFile(path, src); err != nil {
		t.Fatal(err)
	}
	got := doorViolations(t, path)
	var whats []string
	for _, v := range got {
		whats = append(whats, v.what)
	}
	want := []string{`imports "reflect"`, ".Pkg.Load", ".Sheet.Range", ".SharedStrings", ".WorkBook"}
	if strings.Join(whats, "|") != strings.Join(want, "|") {
		t.Errorf("violations %q, want %q", whats, want)
	}
}

// TestDoor_noExcelize: the packages that decide and wire (process, the
// command) import no excelize; reading and writing workbooks is package
// read's and package output's.
func TestDoor_noExcelize(t *testing.T) {
	for _, dir := range []string{"process", "cmd/stpclaims"} {
		p, err := build.ImportDir(filepath.Join(moduleRoot, dir), build.ImportComment)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range p.Imports {
			if strings.HasPrefix(imp, "github.com/xuri/excelize") {
				t.Errorf("%s imports %s", dir, imp)
			}
		}
	}
}

func writeFile(path, s string) error { return os.WriteFile(path, []byte(s), 0o644) }
