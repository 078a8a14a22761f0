package output

import (
	"bytes"
	"fmt"

	"github.com/xuri/excelize/v2"

	"stpclaims/internal/xlsxpart"
)

// putFirst moves the sheet to the first position and makes it the active
// and only selected sheet (see xlsxpart.PutSheetFirst).
func putFirst(f *excelize.File, name string) error {
	if err := xlsxpart.PutSheetFirst(f, name); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	// Only the first sheet selected: several selected tabs would open as a
	// group, and typing would go into all of them.
	for sheet, part := range xlsxpart.SheetParts(f) {
		if err := setTabSelected(f, part, sheet == name); err != nil {
			return err
		}
	}
	return nil
}

// setTabSelected marks a sheet's first view selected or not, in excelize's
// decoded sheet when it has decoded it, else in the stored XML (its head:
// sheetViews come before the rows).
func setTabSelected(f *excelize.File, part string, selected bool) error {
	if decoded, err := xlsxpart.SelectTab(f, part, selected); decoded || err != nil {
		if err != nil {
			return fmt.Errorf("output: %w", err)
		}
		return nil
	}
	if selected {
		return fmt.Errorf("output: sheet part %s is not decoded; cannot select it", part)
	}
	data, inMemory := xlsxpart.Stored(f, part)
	var head []byte
	switch sh, ok := xlsxpart.OpenSheet(f, part); {
	case ok:
		head = sh.Head()
	case inMemory:
		head = data
		if i := bytes.Index(data, []byte("<sheetData")); i >= 0 {
			head = data[:i]
		}
	default:
		return nil
	}
	var edits []edit
	for pos := 0; ; {
		t, ok := nextTag(head, "sheetView", pos, len(head))
		if !ok {
			break
		}
		pos = t.end
		if sel := t.attrs.get("tabSelected"); sel == "1" || sel == "true" {
			edits = append(edits, edit{t.start, t.end, tabSelectedAttr.ReplaceAllString(string(head[t.start:t.end]), "")})
		}
	}
	if len(edits) == 0 {
		return nil
	}
	return commitEdits(f, part, data, inMemory, edits)
}
