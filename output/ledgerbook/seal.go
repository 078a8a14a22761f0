package ledgerbook

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims/internal/seal"
)

// A workbook handed out to be returned with decisions (review, Sanctions)
// is sealed (package internal/seal): the cells written are kept as text as
// they are written, signed with the store's key once the workbook is
// whole, and the token is written in its marker sheet. The reader signs
// the cells it reads back again; only the cells the layout protects count.

// sealed wraps a sheet's rows so that the text of each row written is kept
// in t, with header as its header.
func sealed(t *seal.Table, header []string, produce func(put func(func(*cells)) error) error) func(put func(func(*cells)) error) error {
	t.Header = header
	return func(put func(func(*cells)) error) error {
		return produce(func(fill func(*cells)) error {
			return put(func(c *cells) {
				fill(c)
				row := make([]string, len(c.row))
				for i, v := range c.row {
					row[i] = cellText(v)
				}
				t.Rows = append(t.Rows, row)
			})
		})
	}
}

// cellText is the text of a value as written in a cell: a number as its
// digits (what a reader asking for raw values gets back).
func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case excelize.Cell:
		return cellText(x.Value)
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case decimal.Decimal:
		return x.String()
	case time.Time:
		return x.Format(time.RFC3339) // dates are never protected
	default:
		return fmt.Sprint(x)
	}
}

// stampSeal signs the workbook's protected cells (marker: the marker
// sheet's cells; tables: the sheets written) and writes the token in the
// marker sheet, named in the column before it. A workbook cannot go out
// unsealed: a zero key is an error.
func stampSeal(f *excelize.File, markerSheet string, l seal.Layout, key seal.Key, marker map[string]string, tables []seal.Table) error {
	token, err := key.Sign(l, marker, tables)
	if err != nil {
		return fmt.Errorf("ledgerbook: seal: %w", err)
	}
	col, row, err := excelize.CellNameToCoordinates(l.Token)
	if err != nil || col < 2 {
		return fmt.Errorf("ledgerbook: seal: token cell %q: %w", l.Token, err)
	}
	label, _ := excelize.CoordinatesToCellName(col-1, row)
	for cell, v := range map[string]string{label: "token", l.Token: token} {
		if err := f.SetCellStr(markerSheet, cell, v); err != nil {
			return fmt.Errorf("ledgerbook: seal: %w", err)
		}
	}
	return nil
}
