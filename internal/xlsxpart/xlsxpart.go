// Package xlsxpart is the one door to excelize's internals: the fields
// excelize exports but documents as its own (File.Pkg, Sheet,
// Relationships, SharedStrings, ContentTypes, Styles, WorkBook, Comments,
// the VML drawings) and the unexported types behind them. The fast paths
// of package read (the raw row scanner) and package output (the raw sheet
// edits, the notes' parts, the Findings sheet put first) work on a
// workbook's parts as stored; everything they need of excelize's own
// structures is here, and nowhere else (a test greps the tree).
//
// It tells which stored part ("xl/worksheets/sheet1.xml") is which sheet,
// hands out a part's stored bytes while excelize has not decoded it, stores
// new or edited parts, declares content types, copies a cell format with
// another fill, and puts a sheet first in the workbook. A worksheet too
// large for excelize to hold in memory (it keeps it in a temporary file) is
// read here from the package the workbook was opened from (Attach): in
// pieces, head, rows in chunks and tail (Sheet), and written with the edits
// recorded for it (AddEdits, WriteStreamed), never whole.
//
// It changes nothing on its own: it does what package read and package
// output ask, and knows nothing of forms or findings.
//
// It is tied to the excelize version in go.mod. Where it must reach a
// field of an unexported type by name (reflection), the name is in the
// reflected table, and TestReflected resolves every entry on every go test,
// failing with the field's name when excelize changes; elsewhere it uses
// excelize's types directly (a renamed field is then a compile error).
// What it assumes of excelize's behaviour (a part left empty in the package
// is read from excelize's temporary file; the workbook's relationships as
// excelize marshals them) is tested here too.
package xlsxpart

import (
	"encoding/xml"
	"fmt"
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

// SheetStates maps each sheet's name to its state in the workbook part:
// "" for a visible sheet, "hidden", or "veryHidden" (a sheet only a macro
// or the VBA editor shows). excelize's GetSheetVisible tells visible from
// not, but not hidden from very hidden.
func SheetStates(f *excelize.File) map[string]string {
	out := map[string]string{}
	f.GetSheetList() // loads the workbook part
	if f.WorkBook == nil {
		return out
	}
	for _, s := range f.WorkBook.Sheets.Sheet {
		switch s.State {
		case "", "visible":
			out[s.Name] = ""
		default:
			out[s.Name] = s.State
		}
	}
	return out
}

// SheetPart is the part of one sheet, "" when it cannot be told.
func SheetPart(f *excelize.File, sheet string) string {
	return SheetParts(f)[sheet]
}

// relTargets maps the workbook's relationship IDs to their targets, from
// the decoded relationships when excelize has decoded them (they may have
// changed since: a sheet added), else from the stored part.
func relTargets(f *excelize.File) map[string]string {
	var data []byte
	if v, ok := f.Relationships.Load(workbookRels); ok && v != nil {
		// excelize keeps the decoded relationships under an unexported
		// type, read here by its fields' names; should that fail,
		// marshalled, they are the part as excelize will write it.
		if targets, err := decodedRelTargets(v); err == nil {
			return targets
		}
		b, err := xml.Marshal(v)
		if err != nil {
			return map[string]string{}
		}
		data = b
	} else if b, ok := stored(f, workbookRels); ok {
		data = b
	}
	targets := map[string]string{}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(data, &rels) == nil {
		for _, r := range rels.Rel {
			targets[r.ID] = r.Target
		}
	}
	return targets
}

// decodedRelTargets maps the IDs of excelize's decoded relationships
// (an *xlsxRelationships) to their targets, read by the fields' names: what
// marshalling them and reading the part back gives, without the XML (a
// check asks for the sheets' parts several times).
func decodedRelTargets(v any) (map[string]string, error) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return nil, fmt.Errorf("xlsxpart: the relationships are a %T", v)
	}
	list, err := field(rv.Elem(), relationshipsRelationships)
	if err != nil {
		return nil, err
	}
	targets := make(map[string]string, list.Len())
	for i := 0; i < list.Len(); i++ {
		id, err := field(list.Index(i), relationshipID)
		if err != nil {
			return nil, err
		}
		target, err := field(list.Index(i), relationshipTarget)
		if err != nil {
			return nil, err
		}
		if id.Kind() != reflect.String || target.Kind() != reflect.String {
			return nil, fmt.Errorf("xlsxpart: %s or %s is not a string", relationshipID, relationshipTarget)
		}
		targets[id.String()] = target.String()
	}
	return targets, nil
}
