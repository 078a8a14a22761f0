package output

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/printsetup"
)

// MaxLinkedFindings is the most findings Annotate can link from the
// Findings sheet to their cells: excelize refuses more than 65,530
// hyperlinks on a sheet. A report with more is answered by FindingsBook.
const MaxLinkedFindings = 65530

// FindingsBook is a workbook holding only the Findings sheets of reps (the
// reports of a workbook's forms, at least one; a sheet each, named as
// Annotate names them), for when the sender's workbook cannot be marked (a
// sheet excelize cannot write back, more findings than it can link): the
// same summary and table as Annotate's, each finding's cell given as text
// instead of a link (a TA bill's money per person is left out). It is
// streamed, so that tens of thousands of findings cost little. It returns
// the .xlsx bytes.
func FindingsBook(reps ...*stpclaims.Report) ([]byte, error) {
	if len(reps) == 0 || slices.Contains(reps, nil) {
		return nil, ErrNilReport
	}
	f := excelize.NewFile()
	defer f.Close()
	st := newFindingsStyles(f, newFiller(f))
	for i, rep := range reps {
		fs := findingsSheet{n: i + 1, of: len(reps)}
		name := fs.base()
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err == nil {
			err = bookSheet(f, name, rep, fs, st)
		}
		if err != nil {
			return nil, fmt.Errorf("output: findings book: %w", err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("output: findings book: %w", err)
	}
	return buf.Bytes(), nil
}

// bookSheet streams one report's Findings sheet into the sheet name.
func bookSheet(f *excelize.File, name string, rep *stpclaims.Report, fs findingsSheet, st *findingsStyles) error {
	findings := ordered(rep.Findings)
	items := summaryItems(rep, fs, findings)
	// The page is set up before the rows are streamed: the stream
	// writer keeps the sheet's settings, and writes past any made after.
	header := findingsHeaderRow(items)
	last := header + max(len(findings), 1)
	lastColName, _ := excelize.ColumnNumberToName(lastCol)
	widths := bookWidths(findings)
	for c := 1; c <= lastCol; c++ {
		col, _ := excelize.ColumnNumberToName(c)
		if err := f.SetColWidth(name, col, col, widths[c]); err != nil {
			return err
		}
	}
	if err := printsetup.Apply(f, name, printsetup.Page{Area: fmt.Sprintf("A1:%s%d", lastColName, last),
		Orientation: printsetup.Landscape, RepeatFrom: header, Footer: footerText(rep)}); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	b := &bookWriter{sw: sw, st: st, widths: widths}
	b.findings(rep, fs, items, findings, header)
	if b.err == nil {
		b.err = st.err
	}
	if b.err == nil {
		b.err = sw.Flush()
	}
	return b.err
}

// findingsHeaderRow is the row of the table's header in a findings book:
// below the title, what to do, the summary items and a blank row.
func findingsHeaderRow(items []summaryItem) int { return 2 + len(items) + 2 }

// bookWidths are the widths of a findings book's columns: as the Findings
// sheet's, widened to show each amount, rule and cell whole.
func bookWidths(findings []stpclaims.Finding) [lastCol + 1]float64 {
	var need [lastCol + 1]float64
	for _, fd := range findings {
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				need[colClaimed+j] = max(need[colClaimed+j], moneyWidth(d.Decimal))
			}
		}
		need[colRule] = max(need[colRule], ruleWidth(fd.Rule))
		need[colCell] = max(need[colCell], cellWidth(findingCell(fd)))
	}
	return columnWidths(need)
}

// bookWriter streams the rows of a findings book, keeping the first error.
type bookWriter struct {
	sw     *excelize.StreamWriter
	st     *findingsStyles
	widths [lastCol + 1]float64
	row    int
	err    error
}

// put writes the next row; a height of 0 leaves the row's default.
func (b *bookWriter) put(height float64, cells ...any) {
	if b.err != nil {
		return
	}
	b.row++
	cell, _ := excelize.CoordinatesToCellName(1, b.row)
	var opts []excelize.RowOpts
	if height > printsetup.DefaultRowHeight {
		opts = append(opts, excelize.RowOpts{Height: min(height, printsetup.MaxRowHeight)})
	}
	b.err = b.sw.SetRow(cell, cells, opts...)
}

func (b *bookWriter) styled(v any, k styleKind) excelize.Cell {
	return excelize.Cell{StyleID: b.st.get(k), Value: v}
}

// money is an amount's cell: the number, grouped the Indian way.
func (b *bookWriter) money(d decimal.Decimal, k styleKind) excelize.Cell {
	if !d.Equal(d.Truncate(0)) {
		k++ // the kind with paise follows each money kind
	}
	return b.styled(cellNumber(d), k)
}

// findings streams the title, what to do, the summary and the table, as
// the Findings sheet of an annotated copy has them, each finding's cell
// given as text (a streamed sheet holds no links). A row is given the
// height its longest wrapped text needs (a streamed row does not grow).
func (b *bookWriter) findings(rep *stpclaims.Report, fs findingsSheet, items []summaryItem, findings []stpclaims.Finding, header int) {
	if b.err = b.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: header, TopLeftCell: fmt.Sprintf("A%d", header+1),
		ActivePane: "bottomLeft"}); b.err != nil {
		return
	}
	b.put(21, b.styled(findingsTitle(rep, fs), sTitle))
	b.put(0, b.styled("Your workbook could not be marked: the cells at fault are listed below (column Cell).", sBold))
	var summaryWidth float64
	for c := colAction; c <= colAdmissible; c++ {
		summaryWidth += b.widths[c]
	}
	for _, it := range items {
		label := printsetup.RowHeight(it.label, b.widths[colLine]/1.07, 0)
		if it.money != nil {
			b.put(label, b.styled(it.label, sBoldWrap), b.money(*it.money, sSummaryMoney))
			continue
		}
		b.put(max(label, printsetup.RowHeight(it.text, summaryWidth/1.07, 0)), b.styled(it.label, sBoldWrap), b.styled(it.text, it.style))
		if b.err == nil {
			from, _ := excelize.CoordinatesToCellName(colAction, b.row)
			to, _ := excelize.CoordinatesToCellName(colAdmissible, b.row)
			b.err = b.sw.MergeCell(from, to)
		}
	}
	b.row++ // a blank row above the table
	titles := make([]any, len(findingsColumns))
	for i, c := range findingsColumns {
		k := sHeader
		switch {
		case i+1 >= colClaimed && i+1 <= colAdmissible:
			k = sHeaderRight
		case i+1 == colSeverity:
			k = sHeaderCentre
		}
		titles[i] = b.styled(c.Title, k)
	}
	b.put(0, titles...)
	words := newWording(rep)
	for _, fd := range findings {
		t := rowTextsOf(fd, words)
		cells := []any{b.styled(t.subject, severityStyle(fd.Severity)), b.styled(t.action, sWrap), b.styled(t.why, sWrap),
			nil, nil, nil, b.styled(string(fd.Severity), sCentre), b.styled(t.rule, sWrap), b.styled(findingCell(fd), sText)}
		for j, d := range []decimal.NullDecimal{fd.Claimed, fd.Allowed, fd.Admissible} {
			if d.Valid {
				cells[colClaimed-1+j] = b.money(d.Decimal, sMoney)
			}
		}
		var h float64
		for col, text := range map[int]string{colLine: t.subject, colAction: t.action, colWhy: t.why, colRule: t.rule} {
			h = max(h, printsetup.RowHeight(text, b.widths[col], 0))
		}
		b.put(h, cells...)
	}
	if len(findings) == 0 {
		b.put(0, b.styled("No findings.", sText))
	}
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
