package xlsxpart

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"

	"github.com/xuri/excelize/v2"
)

// PutSheetFirst moves the sheet to the first position of the workbook and
// makes the first tab the active one, scrolled into view. It does by hand
// what excelize's MoveSheet and SetActiveSheet do, because those decode
// every worksheet of the workbook, and MoveSheet leaves sheet-scoped
// defined names (print areas, filter ranges) pointing at the old positions.
// Which tabs are selected is the sheets' own (SelectTab).
func PutSheetFirst(f *excelize.File, name string) error {
	wb := f.WorkBook
	if wb == nil {
		return fmt.Errorf("xlsxpart: no workbook part to put %q first in", name)
	}
	sheets := wb.Sheets.Sheet
	idx := -1
	for i := range sheets {
		if sheets[i].Name == name {
			idx = i
		}
	}
	if idx < 0 {
		return fmt.Errorf("xlsxpart: no sheet %q to put first", name)
	}
	moved := sheets[idx]
	copy(sheets[1:idx+1], sheets[:idx])
	sheets[0] = moved
	if wb.DefinedNames != nil {
		for i, dn := range wb.DefinedNames.DefinedName {
			if dn.LocalSheetID == nil {
				continue
			}
			id := *dn.LocalSheetID
			switch {
			case id == idx:
				id = 0
			case id < idx:
				id++
			}
			wb.DefinedNames.DefinedName[i].LocalSheetID = &id
		}
	}
	// The workbook view: the first tab active and scrolled into view.
	// The view types are excelize's unexported ones, made here by type
	// inference.
	if wb.BookViews == nil {
		wb.BookViews = newOf(wb.BookViews)
	}
	if len(wb.BookViews.WorkBookView) == 0 {
		wb.BookViews.WorkBookView = appendZero(wb.BookViews.WorkBookView)
	}
	wb.BookViews.WorkBookView[0].ActiveTab = 0
	wb.BookViews.WorkBookView[0].FirstSheet = 0
	return nil
}

// newOf returns a new zero T for a *T of a type that cannot be named here.
func newOf[T any](*T) *T { return new(T) }

// appendZero appends a zero element to a slice of a type that cannot be
// named here.
func appendZero[T any](s []T) []T {
	var zero T
	return append(s, zero)
}

// SelectTab marks a worksheet's first view selected, and its other views
// not, in excelize's decoded worksheet; it reports false, changing nothing,
// when excelize has not decoded the part (its stored XML is the caller's to
// edit).
func SelectTab(f *excelize.File, part string, selected bool) (bool, error) {
	v, ok := f.Sheet.Load(part)
	if !ok {
		return false, nil
	}
	ws := reflect.ValueOf(v)
	if ws.Kind() != reflect.Pointer || ws.IsNil() {
		return true, nil
	}
	svs, err := field(ws.Elem(), worksheetSheetViews)
	if err != nil {
		return true, err
	}
	if svs.IsNil() {
		if !selected {
			return true, nil
		}
		svs.Set(reflect.New(svs.Type().Elem()))
	}
	list, err := field(svs.Elem(), sheetViewsSheetView)
	if err != nil {
		return true, err
	}
	if list.Len() == 0 {
		if !selected {
			return true, nil
		}
		list.Set(reflect.Append(list, reflect.New(list.Type().Elem()).Elem()))
	}
	for i := 0; i < list.Len(); i++ {
		sel, err := field(list.Index(i), sheetViewTabSelected)
		if err != nil {
			return true, err
		}
		sel.SetBool(selected && i == 0)
	}
	return true, nil
}

// The fields of excelize's unexported types read here by name, each as
// (type, field): TestReflected resolves every one of them on excelize's own
// values.
var (
	worksheetSheetViews  = reflectedField{"xlsxWorksheet", "SheetViews"}
	sheetViewsSheetView  = reflectedField{"xlsxSheetViews", "SheetView"}
	sheetViewTabSelected = reflectedField{"xlsxSheetView", "TabSelected"}

	relationshipsRelationships = reflectedField{"xlsxRelationships", "Relationships"}
	relationshipID             = reflectedField{"xlsxRelationship", "ID"}
	relationshipTarget         = reflectedField{"xlsxRelationship", "Target"}

	reflected = []reflectedField{worksheetSheetViews, sheetViewsSheetView, sheetViewTabSelected,
		relationshipsRelationships, relationshipID, relationshipTarget}
)

type reflectedField struct{ typ, name string }

func (r reflectedField) String() string { return "excelize." + r.typ + "." + r.name }

// field is the field r of struct v; it fails, naming the field, when
// excelize's type has no such field (excelize changed: see TestReflected).
func field(v reflect.Value, r reflectedField) (reflect.Value, error) {
	if v.Kind() != reflect.Struct || v.Type().Name() != r.typ {
		return reflect.Value{}, fmt.Errorf("xlsxpart: %s: the value is a %s", r, v.Type())
	}
	fv := v.FieldByName(r.name)
	if !fv.IsValid() {
		return reflect.Value{}, fmt.Errorf("xlsxpart: %s: no such field in this excelize", r)
	}
	return fv, nil
}

const contentTypesPart = "[Content_Types].xml"

// AddContentTypes declares part (as "/xl/comments1.xml") with content type
// partType, and the extension ext with extType unless some Default already
// declares ext: in excelize's decoded content types when it has decoded
// them, else in the stored part.
func AddContentTypes(f *excelize.File, ext, extType, part, partType string) error {
	if ct := f.ContentTypes; ct != nil {
		has := false
		for _, d := range ct.Defaults {
			has = has || strings.EqualFold(d.Extension, ext)
		}
		if !has {
			ct.Defaults = appendZero(ct.Defaults)
			d := &ct.Defaults[len(ct.Defaults)-1]
			d.Extension, d.ContentType = ext, extType
		}
		ct.Overrides = appendZero(ct.Overrides)
		o := &ct.Overrides[len(ct.Overrides)-1]
		o.PartName, o.ContentType = part, partType
		return nil
	}
	data, ok := stored(f, contentTypesPart)
	if !ok {
		return fmt.Errorf("xlsxpart: the workbook has no %s", contentTypesPart)
	}
	end := bytes.LastIndex(data, []byte("</Types>"))
	if end < 0 {
		return fmt.Errorf("xlsxpart: %s has no </Types>", contentTypesPart)
	}
	add := `<Override PartName="` + part + `" ContentType="` + partType + `"/>`
	if !bytes.Contains(bytes.ToLower(data), []byte(`extension="`+strings.ToLower(ext)+`"`)) {
		add = `<Default Extension="` + ext + `" ContentType="` + extType + `"/>` + add
	}
	out := make([]byte, 0, len(data)+len(add))
	out = append(append(append(out, data[:end]...), add...), data[end:]...)
	Store(f, contentTypesPart, out)
	return nil
}
