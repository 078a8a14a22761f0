package xlsxpart

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Stored returns a part's bytes as stored in the package, when excelize
// holds them in memory and has not decoded the part (a worksheet into its
// structs, a relationships part into its list): edits to them are then what
// excelize writes. The bytes are the package's own; change them only
// through Store.
func Stored(f *excelize.File, part string) ([]byte, bool) {
	if Decoded(f, part) {
		return nil, false
	}
	return stored(f, part)
}

// stored is the part's bytes in the package, decoded or not. Empty bytes
// are no part, as excelize reads them (it then reads its temporary file,
// see HoldBack).
func stored(f *excelize.File, part string) ([]byte, bool) {
	v, ok := f.Pkg.Load(part)
	if !ok {
		return nil, false
	}
	b, ok := v.([]byte)
	return b, ok && len(b) > 0
}

// Decoded reports whether excelize has decoded a part (a worksheet or a
// relationships part) into its own structures, which it writes in place of
// the stored bytes.
func Decoded(f *excelize.File, part string) bool {
	if _, ok := f.Sheet.Load(part); ok {
		return true
	}
	_, ok := f.Relationships.Load(part)
	return ok
}

// Has reports whether the package holds a part in memory, decoded or not.
func Has(f *excelize.File, part string) bool {
	_, ok := f.Pkg.Load(part)
	return ok
}

// Store puts a part's bytes into the package, as excelize will write them
// (unless it has decoded the part: see Decoded).
func Store(f *excelize.File, part string, data []byte) {
	f.Pkg.Store(part, data)
}

// NextPartNumber is the first N for which prefix+N+suffix names no part,
// stored or held by excelize as notes or drawings not yet written
// ("xl/comments", ".xml" → 1 for xl/comments1.xml).
func NextPartNumber(f *excelize.File, prefix, suffix string) int {
	used := map[string]bool{}
	f.Pkg.Range(func(k, _ any) bool {
		if s, ok := k.(string); ok {
			used[s] = true
		}
		return true
	})
	for k := range f.Comments {
		used[k] = true
	}
	for k := range f.VMLDrawing {
		used[k] = true
	}
	for k := range f.DecodeVMLDrawing {
		used[k] = true
	}
	for n := 1; ; n++ {
		if !used[fmt.Sprintf("%s%d%s", prefix, n, suffix)] {
			return n
		}
	}
}

// SharedString returns shared string n as excelize's Columns gives it, from
// the table excelize has decoded: a plain string item's own text without a
// copy, rich text and escaped characters through excelize. A table excelize
// has not decoded yet it has decoded first (loadSharedStrings), as its Rows
// iterator would at the same cell. ok is false when the table cannot be
// decoded or n is not in it.
func SharedString(f *excelize.File, n int) (string, bool) {
	sst := f.SharedStrings
	if sst == nil {
		loadSharedStrings(f)
		sst = f.SharedStrings
	}
	if sst == nil || n < 0 || n >= len(sst.SI) {
		return "", false
	}
	si := sst.SI[n]
	if si.T != nil && len(si.R) == 0 && !strings.Contains(si.T.Val, "_x") {
		return si.T.Val, true
	}
	return si.String(), true
}

// loadSharedStrings has excelize decode its shared strings table, with what
// comes with it (the part declared in the content types and the workbook's
// relationships), exactly as its Rows iterator does on its first row: the
// iterator is opened on a worksheet excelize holds undecoded and asked for
// its columns before the first row, which reads only the sheet's head.
// Nothing happens when there is no such worksheet; the table stays
// undecoded when excelize cannot read it (the caller's fallback, excelize's
// Rows, then meets the same error).
func loadSharedStrings(f *excelize.File) {
	if f.WorkBook == nil {
		return
	}
	parts := SheetParts(f)
	for _, s := range f.WorkBook.Sheets.Sheet {
		part := parts[s.Name]
		if !strings.HasPrefix(part, "xl/worksheets/") || Decoded(f, part) {
			continue
		}
		rows, err := f.Rows(s.Name)
		if err != nil {
			continue
		}
		_, _ = rows.Columns()
		_ = rows.Close()
		return
	}
}
