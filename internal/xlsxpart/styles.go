package xlsxpart

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// FillOf returns the fill of cell format (style) id.
func FillOf(f *excelize.File, id int) (int, bool) {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil || id < 0 || id >= len(ss.CellXfs.Xf) {
		return 0, false
	}
	xf := ss.CellXfs.Xf[id]
	if xf.FillID == nil {
		return 0, false
	}
	return *xf.FillID, true
}

// WithFill returns a cell format that is format orig with fill, appending
// a copy of orig's record when orig has another fill. It copies the
// workbook's own record rather than going through excelize.Style, which
// would drop attributes it does not model (quote prefix, cell style,
// protection), so everything but the fill stays as it was.
func WithFill(f *excelize.File, orig, fill int) (int, error) {
	ss := f.Styles
	if ss == nil || ss.CellXfs == nil || orig < 0 || orig >= len(ss.CellXfs.Xf) {
		return 0, fmt.Errorf("xlsxpart: cell format %d is not in the workbook's styles", orig)
	}
	xf := ss.CellXfs.Xf[orig]
	if xf.FillID != nil && *xf.FillID == fill {
		return orig, nil
	}
	apply := true
	xf.FillID, xf.ApplyFill = &fill, &apply
	ss.CellXfs.Xf = append(ss.CellXfs.Xf, xf)
	ss.CellXfs.Count = len(ss.CellXfs.Xf)
	return len(ss.CellXfs.Xf) - 1, nil
}
