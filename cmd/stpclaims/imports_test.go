package main

import (
	"go/build"
	"slices"
	"strings"
	"testing"
)

// TestImports: cmd/stpclaims wires the parts and leaves the work to them.
// It imports no spreadsheet library (workbooks are read, written and
// annotated by ingest, output and templates) and does its answering
// through package desk. Test files do not count: a test may open a
// workbook to look at it.
func TestImports(t *testing.T) {
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		if strings.HasPrefix(imp, "github.com/xuri/excelize") {
			t.Errorf("cmd/stpclaims imports %s; the code that needs it belongs in ingest, output or templates", imp)
		}
	}
	if !slices.Contains(pkg.Imports, "stpclaims/desk") {
		t.Error("cmd/stpclaims does not import stpclaims/desk: who answers what comes in?")
	}
}
