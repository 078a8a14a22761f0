package output

import (
	"strings"

	"github.com/xuri/excelize/v2"
)

// cellRef is a parsed "Sheet!A1" reference: the sheet name as written and
// the top-left and bottom-right cells (equal for a single cell).
type cellRef struct {
	Sheet        string
	Col, Row     int
	EndCol, EndR int
}

// parseCellRef reads "Sheet!D14", "'Sheet name'!$D$14", "'It”s'!D14" or a
// range "Sheet!D14:E15". It reports false for anything else.
func parseCellRef(s string) (cellRef, bool) {
	s = strings.TrimSpace(s)
	var sheet, cells string
	if strings.HasPrefix(s, "'") {
		var b strings.Builder
		i := 1
		for ; i < len(s); i++ {
			if s[i] == '\'' {
				if i+1 < len(s) && s[i+1] == '\'' {
					b.WriteByte('\'')
					i++
					continue
				}
				break
			}
			b.WriteByte(s[i])
		}
		if i >= len(s) || i+1 >= len(s) || s[i+1] != '!' {
			return cellRef{}, false
		}
		sheet, cells = b.String(), s[i+2:]
	} else {
		k := strings.LastIndexByte(s, '!')
		if k <= 0 {
			return cellRef{}, false
		}
		sheet, cells = s[:k], s[k+1:]
	}
	if sheet == "" {
		return cellRef{}, false
	}
	first, last, isRange := strings.Cut(cells, ":")
	c1, r1, err := excelize.CellNameToCoordinates(strings.ReplaceAll(first, "$", ""))
	if err != nil {
		return cellRef{}, false
	}
	c2, r2 := c1, r1
	if isRange {
		if c2, r2, err = excelize.CellNameToCoordinates(strings.ReplaceAll(last, "$", "")); err != nil {
			return cellRef{}, false
		}
	}
	return cellRef{Sheet: sheet, Col: min(c1, c2), Row: min(r1, r2), EndCol: max(c1, c2), EndR: max(r1, r2)}, true
}

// cellName is the name of the top-left cell, "D14".
func (r cellRef) cellName() string {
	n, _ := excelize.CoordinatesToCellName(r.Col, r.Row)
	return n
}

// String writes the reference as people and spreadsheets read it, quoting
// the sheet name where it needs quotes: 'Advance claim'!D14.
func (r cellRef) String() string {
	s := sheetPrefix(r.Sheet, false) + r.cellName()
	if r.EndCol != r.Col || r.EndR != r.Row {
		end, _ := excelize.CoordinatesToCellName(r.EndCol, r.EndR)
		s += ":" + end
	}
	return s
}

// location is the hyperlink location of the top-left cell, with the sheet
// name always quoted ('Sheet1'!D14), which Excel and LibreOffice both follow.
func (r cellRef) location() string { return sheetPrefix(r.Sheet, true) + r.cellName() }

// sheetPrefix is "Sheet!" or "'Sheet name'!", doubling apostrophes.
func sheetPrefix(sheet string, alwaysQuote bool) string {
	if !alwaysQuote && !needsQuotes(sheet) {
		return sheet + "!"
	}
	return "'" + strings.ReplaceAll(sheet, "'", "''") + "'!"
}

// needsQuotes reports whether a sheet name must be quoted in a reference:
// anything but letters, digits, underscores and dots, a leading digit, or a
// name that reads as a cell reference.
func needsQuotes(sheet string) bool {
	if sheet == "" {
		return true
	}
	for i, c := range sheet {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c == '_':
		case (c >= '0' && c <= '9') || c == '.':
			if i == 0 {
				return true
			}
		default:
			return true
		}
	}
	if _, _, err := excelize.CellNameToCoordinates(sheet); err == nil {
		return true
	}
	up := strings.ToUpper(sheet)
	return up == "TRUE" || up == "FALSE" || (len(up) > 1 && up[0] == 'R' && strings.Trim(up[1:], "0123456789C") == "")
}

// displayCell is a finding's cell as people read it: the parsed reference
// when it parses, else the text as the report has it.
func displayCell(cell string) string {
	if r, ok := parseCellRef(cell); ok {
		return r.String()
	}
	return strings.TrimSpace(cell)
}
