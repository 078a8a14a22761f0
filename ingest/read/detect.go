package read

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims"
)

// readForm tells which form f is by its labels and reads it. Every sheet's
// cells are read once here; the Annexure II reader works from these grids.
func readForm(ctx context.Context, f *excelize.File) (stpclaims.Form, error) {
	grids, err := readGrids(ctx, f)
	if err != nil {
		return stpclaims.Form{}, err
	}
	idx := newLabelIndex(grids)
	switch {
	case isSettlement(grids):
		s, err := readSettlement(ctx, f)
		if err != nil {
			return stpclaims.Form{}, err
		}
		return stpclaims.Form{Kind: stpclaims.FormSettlement, Settlement: s}, nil
	case isTABillByHeader(grids) || (!idx.looksLikeAnnexureII() && isTABillBySheetName(grids)):
		b, err := readTABill(ctx, f)
		if err != nil {
			return stpclaims.Form{}, err
		}
		return stpclaims.Form{Kind: stpclaims.FormTABill, TABill: b}, nil
	case idx.looksLikeAnnexureII():
		a := readAnnexureII(f, grids, idx)
		return stpclaims.Form{Kind: stpclaims.FormAnnexureII, AnnexureII: a}, nil
	}
	return stpclaims.Form{}, reject(stpclaims.FormUnknown,
		"this workbook is not an Annexure II claim, a TA bill or a settlement statement: none of its sheets (%s) has their labels (Training Programme Code, No. of participants, Advance Claimed; Name, Distance, Fare; Advance received, Actual expenditure). Fill the proforma of the 2015 order and send it again",
		sheetList(grids))
}

// readGrids reads every worksheet's cells once, raw.
func readGrids(ctx context.Context, f *excelize.File) ([]*sheetGrid, error) {
	var grids []*sheetGrid
	for _, name := range f.GetSheetList() {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read: reading sheets: %w", err)
		}
		g, err := newSheetGrid(f, name)
		if err != nil {
			// a chart sheet or a dialog sheet has no cells; a broken sheet
			// is the file's fault.
			if strings.Contains(err.Error(), "not a worksheet") || strings.Contains(err.Error(), "does not exist") {
				continue
			}
			return nil, reject(stpclaims.FormUnknown, "the sheet %q of the workbook is damaged and could not be read (%v): open the workbook in Excel or LibreOffice Calc, save it again as .xlsx and send it again", name, err)
		}
		grids = append(grids, g)
	}
	return grids, nil
}

func sheetList(grids []*sheetGrid) string {
	names := make([]string, 0, len(grids))
	for _, g := range grids {
		names = append(names, fmt.Sprintf("%q", g.name))
	}
	if len(names) == 0 {
		return "there are none"
	}
	return strings.Join(names, ", ")
}

// isSettlement reports whether any cell carries a settlement statement's own
// labels (labels.toml, marks.settlement). It is checked before Annexure II, whose header it shares.
func isSettlement(grids []*sheetGrid) bool {
	for _, g := range grids {
		for r, row := range g.rows {
			for c, v := range row {
				if v == "" || tooLong(v, 400) {
					continue
				}
				n := g.normAt(r, c)
				for _, m := range settlementMarks {
					if strings.Contains(n, m) {
						return true
					}
				}
			}
		}
	}
	return false
}

// isTABillByHeader reports whether a sheet has, within its first 30 rows, a
// header row naming a participant-name column, a distance column and a fare
// column.
func isTABillByHeader(grids []*sheetGrid) bool {
	for _, g := range grids {
		for r := 0; r < len(g.rows) && r < 30; r++ {
			var name, distance, fare bool
			for c, v := range g.rows[r] {
				if v == "" || tooLong(v, 250) {
					continue
				}
				n := g.normAt(r, c)
				name = name || n == "name" || strings.HasPrefix(n, "name of") || strings.HasSuffix(n, " name") || strings.Contains(n, "name of participant")
				distance = distance || strings.Contains(n, "distance")
				fare = fare || strings.Contains(n, "fare")
				if !isASCII(n) {
					switch participantVocab.match(stripCountWords(n)) {
					case "name":
						name = true
					case "distance":
						distance = true
					case "fare_claimed", "eligible_fare":
						fare = true
					}
				}
			}
			if name && distance && fare {
				return true
			}
		}
	}
	return false
}

// isTABillBySheetName reports whether the workbook has a sheet named
// Participants or Guest Faculty (labels.toml, marks.ta_bill_sheet).
func isTABillBySheetName(grids []*sheetGrid) bool {
	for _, g := range grids {
		if key, whole := marksVocab.find(normalizeLabel(g.name)); key == "ta_bill_sheet" && whole {
			return true
		}
	}
	return false
}
