// Package xlsxpart finds the parts of a workbook as excelize holds them:
// which stored part ("xl/worksheets/sheet1.xml") is which sheet. The fast
// paths of package read (the raw row scanner) and package output (the raw
// sheet edits) work on those stored bytes.
//
// It reads excelize's own structures, some of them unexported types read by
// field name, so it is tied to the excelize version in go.mod; it changes
// nothing in the file.
package xlsxpart

import (
	"encoding/xml"
	"path"
	"reflect"
	"strings"

	"github.com/xuri/excelize/v2"
)

const workbookRels = "xl/_rels/workbook.xml.rels"

// SheetParts maps each sheet's name to its part, "xl/worksheets/sheet1.xml".
// A sheet whose part cannot be told is left out.
func SheetParts(f *excelize.File) map[string]string {
	out := map[string]string{}
	if f.WorkBook == nil {
		return out
	}
	targets := relTargets(f)
	for _, s := range f.WorkBook.Sheets.Sheet {
		t, ok := targets[s.ID]
		switch {
		case !ok || t == "":
		case strings.HasPrefix(t, "/"):
			out[s.Name] = strings.TrimPrefix(t, "/")
		default:
			out[s.Name] = path.Clean("xl/" + t)
		}
	}
	return out
}

// relTargets maps the workbook's relationship IDs to their targets, from
// the decoded relationships when excelize has decoded them, else from the
// stored part.
func relTargets(f *excelize.File) map[string]string {
	targets := map[string]string{}
	if v, ok := f.Relationships.Load(workbookRels); ok && v != nil {
		// excelize keeps the decoded relationships under an unexported
		// type; its fields are read by name.
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rels := rv.Elem().FieldByName("Relationships")
			for i := 0; rels.IsValid() && i < rels.Len(); i++ {
				r := rels.Index(i)
				targets[r.FieldByName("ID").String()] = r.FieldByName("Target").String()
			}
		}
		return targets
	}
	raw, ok := f.Pkg.Load(workbookRels)
	if !ok {
		return targets
	}
	b, ok := raw.([]byte)
	if !ok {
		return targets
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(b, &rels) == nil {
		for _, r := range rels.Rel {
			targets[r.ID] = r.Target
		}
	}
	return targets
}
