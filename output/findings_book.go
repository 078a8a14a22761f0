package output

import (
	"bytes"
	"fmt"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/printsetup"
)

// MaxLinkedFindings is the most findings Annotate can link from the
// Findings sheet to their cells: excelize refuses more than 65,530
// hyperlinks on a sheet. A report with more is answered by FindingsBook.
const MaxLinkedFindings = 65530

// FindingsBook is a workbook holding only the Findings sheet of rep, for
// when the sender's workbook cannot be marked (a sheet excelize cannot
// write back, more findings than it can link): the same summary and table
// as Annotate's, each finding's cell given as text instead of a link. It is
// streamed, so that tens of thousands of findings cost little. It returns
// the .xlsx bytes.
func FindingsBook(rep *stpclaims.Report) ([]byte, error) {
	if rep == nil {
		return nil, ErrNilReport
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", findingsSheetName); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	st, err := newFindingsStyles(f)
	if err != nil {
		return nil, err
	}
	// The page is set up before the rows are streamed: the stream
	// writer keeps the sheet's settings, and writes past any made after.
	header := findingsHeaderRow(rep)
	last := header + max(len(rep.Findings), 1)
	lastCol, _ := excelize.ColumnNumberToName(len(findingsColumns))
	if err := f.SetColWidth(findingsSheetName, "A", lastCol, 10); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	for i, c := range findingsColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(findingsSheetName, col, col, c.Width); err != nil {
			return nil, fmt.Errorf("output: findings book: %w", err)
		}
	}
	if err := printsetup.Apply(f, findingsSheetName, printsetup.Page{Area: fmt.Sprintf("A1:%s%d", lastCol, last),
		Orientation: printsetup.Landscape, RepeatFrom: header, Footer: stpclaims.Quote(rep.File, 60)}); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	sw, err := f.NewStreamWriter(findingsSheetName)
	if err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	if err := streamFindings(sw, rep, st, header); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	return buf.Bytes(), nil
}

// findingsHeaderRow is the row of the table's header in a findings book:
// below the title, what to do, the summary and a blank row.
func findingsHeaderRow(rep *stpclaims.Report) int { return 2 + len(summaryItems(rep)) + 2 }

// streamFindings writes the Findings sheet's summary and table to sw, the
// table's header on row header.
func streamFindings(sw *excelize.StreamWriter, rep *stpclaims.Report, st *findingsStyles, header int) error {
	for i, c := range findingsColumns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	items := summaryItems(rep)
	below, _ := excelize.CoordinatesToCellName(1, header+1)
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: header, TopLeftCell: below, ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: below, ActiveCell: below, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	row := 0
	put := func(cells ...any) error {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells)
	}
	// A streamed row does not grow to its wrapped text: it is given the
	// height of its longest clause or message.
	putTall := func(height float64, cells ...any) error {
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, cells, excelize.RowOpts{Height: height})
	}
	styled := func(v any, style int) excelize.Cell { return excelize.Cell{StyleID: style, Value: v} }
	if err := put(styled("stpclaims: findings", st.title)); err != nil {
		return err
	}
	if err := put(styled("Your workbook could not be marked: the cells at fault are listed below (column Cell).", st.label)); err != nil {
		return err
	}
	for _, it := range items {
		var v any = it.text
		switch {
		case it.money != nil:
			v = styled(cellNumber(*it.money), st.money)
		case it.number != nil:
			v = *it.number
		}
		if err := put(styled(it.label, st.label), nil, v); err != nil {
			return err
		}
	}
	row++ // a blank row above the table
	titles := make([]any, len(findingsColumns))
	for i, c := range findingsColumns {
		titles[i] = styled(c.Title, st.header)
	}
	if err := put(titles...); err != nil {
		return err
	}
	findings := ordered(rep.Findings)
	for _, fd := range findings {
		cells := []any{styled(fd.Rule, st.wrap), styled(fd.Clause, st.wrap), styled(string(fd.Severity), st.severity[fd.Severity]),
			styled(findingCell(fd), st.wrap), styled(fd.Field, st.wrap), nil, nil, nil, styled(fd.Message, st.wrap)}
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				cells[5+j] = styled(cellNumber(d.Decimal), st.money)
			}
		}
		height := max(printsetup.RowHeight(fd.Clause, findingsColumns[1].Width, 0), printsetup.RowHeight(fd.Message, findingsColumns[8].Width, 0))
		if err := putTall(height, cells...); err != nil {
			return err
		}
	}
	if len(findings) == 0 {
		if err := put("No findings."); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellNumber is the value a money cell of a streamed sheet holds: a whole
// amount as an integer; an amount with paise as a float64 only because the
// stream writer takes no other number, and a float prints back as the
// decimal's own digits for any amount of fewer than 16 significant digits.
func cellNumber(d decimal.Decimal) any {
	if d.IsInteger() && d.Abs().LessThan(decimal.New(1, 15)) {
		return d.IntPart()
	}
	f, _ := d.Round(2).Float64()
	return f
}
