package ledgerbook

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ledger"
	"stpclaims/output/printsetup"
)

// Total is one line of the Summary: the live claims for advance of a month
// or a centre.
type Total struct {
	Key            string // "2026-02" (the programme's first month), or a centre
	Claims         int
	Claimed        decimal.Decimal // lines 9–16 and 18–20 claimed
	Admissible     decimal.Decimal
	AdvanceClaimed decimal.Decimal
	PenalInterest  decimal.Decimal
}

// ComponentTotal is one money line summed over the live claims for advance.
type ComponentTotal struct {
	Field, Title        string
	Claimed, Admissible decimal.Decimal
}

// Summary is what the Summary sheet shows.
type Summary struct {
	// States is the money of the register by state: nothing returned is
	// counted (a returned claim is never an advance).
	States      ledger.Totals
	All         Total
	ByMonth     []Total // in month order
	ByCentre    []Total // by name
	ByComponent []ComponentTotal
}

// Summarize totals the book's Advances.
func Summarize(b *Book) Summary {
	s := newSummarizer()
	for i := range b.Advances {
		s.add(&b.Advances[i])
	}
	return s.result()
}

// summarizer totals Advances one at a time, as they are written.
type summarizer struct {
	states          ledger.Totals
	all             Total
	months, centres map[string]*Total
	comp            []ComponentTotal
}

func newSummarizer() *summarizer {
	s := &summarizer{all: Total{Key: "All"}, months: map[string]*Total{}, centres: map[string]*Total{},
		comp: make([]ComponentTotal, len(LineFields)), states: ledger.NewTotals()}
	for i, f := range LineFields {
		s.comp[i] = ComponentTotal{Field: f, Title: lineTitle(stpclaims.FormAnnexureII, f)}
	}
	return s
}

func (s *summarizer) add(a *Advance) {
	s.states.Add(a.Steps)
	month := a.Start
	if month.IsZero() {
		month = civilDay(a.Received, stpclaims.DefaultZone())
	}
	key := month.Format("2006-01")
	if s.months[key] == nil {
		s.months[key] = &Total{Key: key}
	}
	if s.centres[a.Centre] == nil {
		s.centres[a.Centre] = &Total{Key: a.Centre}
	}
	for _, t := range []*Total{&s.all, s.months[key], s.centres[a.Centre]} {
		t.Claims++
		t.Claimed = t.Claimed.Add(a.ClaimedTotal.Decimal)
		t.Admissible = t.Admissible.Add(a.AdmissibleTotal.Decimal)
		t.AdvanceClaimed = t.AdvanceClaimed.Add(a.AdvanceClaimed.Decimal)
		t.PenalInterest = t.PenalInterest.Add(a.PenalInterest.Decimal)
	}
	for j, l := range a.Lines {
		s.comp[j].Claimed = s.comp[j].Claimed.Add(l.Claimed.Decimal)
		s.comp[j].Admissible = s.comp[j].Admissible.Add(l.Admissible.Decimal)
	}
}

func (s *summarizer) result() Summary {
	out := Summary{States: s.states, All: s.all, ByComponent: s.comp}
	for _, m := range []struct {
		from map[string]*Total
		to   *[]Total
	}{{s.months, &out.ByMonth}, {s.centres, &out.ByCentre}} {
		keys := make([]string, 0, len(m.from))
		for k := range m.from {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			*m.to = append(*m.to, *m.from[k])
		}
	}
	return out
}

// Summary sheet layout: the labels in column A, wrapped; the figures in
// B to F.
const (
	summaryLabelWidth = 38
	summaryFigure     = 15 // "48,00,00,000" and a header on two lines
	summaryFigures    = 5
	// summaryChartRows is how many rows of the default height the chart
	// takes below the tables.
	summaryChartRows = 22
)

// writeSummary lays the Summary out: the register's money by state, the
// totals, by month, by centre and by component, and below them a chart of
// the components claimed and admissible, on A4 portrait one page wide (a
// year of months and the centres still fit one page).
func writeSummary(f *excelize.File, st styles, s Summary) error {
	const sheet = SheetSummary
	if _, err := f.NewSheet(sheet); err != nil {
		return fmt.Errorf("ledgerbook: summary: %w", err)
	}
	w := &summaryWriter{f: f, st: st}
	row := w.states(s.States)
	w.text(1, row, "Programmes in the register", st.header)
	w.int(2, row, s.All.Claims)
	row++
	for _, m := range []struct {
		label string
		d     decimal.Decimal
	}{{"Total claimed", s.All.Claimed}, {"Total admissible", s.All.Admissible}, {"Advance claimed", s.All.AdvanceClaimed},
		{"Penal interest to date", s.All.PenalInterest}} {
		w.text(1, row, m.label, st.header)
		w.money(2, row, m.d)
		row++
	}
	row++
	for _, block := range []struct {
		title string
		lines []Total
	}{{"Month", s.ByMonth}, {"Centre", s.ByCentre}} {
		for i, h := range []string{block.title, "Claims", "Claimed", "Admissible", "Advance claimed", "Penal interest"} {
			w.text(i+1, row, h, st.header)
		}
		row++
		for _, t := range block.lines {
			w.text(1, row, totalLabel(block.title, t.Key), st.wrap)
			w.int(2, row, t.Claims)
			for i, d := range []decimal.Decimal{t.Claimed, t.Admissible, t.AdvanceClaimed, t.PenalInterest} {
				w.money(3+i, row, d)
			}
			row++
		}
		row++
	}
	for i, h := range []string{"Component (claims for advance)", "Claimed", "Admissible"} {
		w.text(i+1, row, h, st.header)
	}
	first := row + 1
	for _, c := range s.ByComponent {
		row++
		w.text(1, row, c.Title, st.wrap)
		w.money(2, row, c.Claimed)
		w.money(3, row, c.Admissible)
	}
	if w.err != nil {
		return fmt.Errorf("ledgerbook: summary: %w", w.err)
	}
	chartAt := row + 2
	if err := summaryLayout(f); err != nil {
		return err
	}
	if err := summaryChart(f, fmt.Sprintf("A%d", chartAt), first, row); err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(1 + summaryFigures)
	if err := pageA4(f, sheet, fmt.Sprintf("A1:%s%d", last, chartAt+summaryChartRows), 0, printsetup.Portrait, footer(sheet)); err != nil {
		return fmt.Errorf("ledgerbook: summary: page: %w", err)
	}
	return nil
}

// summaryLayout sets the Summary's column widths and fits its rows to the
// labels that wrap.
func summaryLayout(f *excelize.File) error {
	last, _ := excelize.ColumnNumberToName(1 + summaryFigures)
	for _, step := range []func() error{
		func() error { return f.SetColWidth(SheetSummary, "A", "A", summaryLabelWidth) },
		func() error { return f.SetColWidth(SheetSummary, "B", last, summaryFigure) },
		func() error { return printsetup.FitRows(f, SheetSummary) },
	} {
		if err := step(); err != nil {
			return fmt.Errorf("ledgerbook: summary: %w", err)
		}
	}
	return nil
}

// summaryChart adds, at cell, a bar chart of the components claimed and
// admissible (rows first to last of the component table): as wide as the
// printed columns, in two strong colours, its amounts grouped the Indian
// way.
func summaryChart(f *excelize.File, cell string, first, last int) error {
	const sheet = SheetSummary
	ref := func(col string) string {
		return fmt.Sprintf("'%s'!$%s$%d:$%s$%d", sheet, col, first, col, last)
	}
	fill := func(colour string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{colour}}
	}
	// the printed width in pixels: each column's digits at 7 pixels and 5
	// of margins, as Excel measures them
	width := uint(summaryLabelWidth*7+5) + summaryFigures*uint(summaryFigure*7+5)
	gap := uint(60)
	font := excelize.Font{Family: printsetup.FontFamily, Size: 10, Color: "000000"}
	chart := &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{Name: fmt.Sprintf("'%s'!$B$%d", sheet, first-1), Categories: ref("A"), Values: ref("B"), Fill: fill("1F4E79")},
			{Name: fmt.Sprintf("'%s'!$C$%d", sheet, first-1), Categories: ref("A"), Values: ref("C"), Fill: fill("E46C0A")},
		},
		Title: excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Claims for advance by component: claimed and admissible (Rs)",
			Font: &excelize.Font{Family: printsetup.FontFamily, Size: 12, Bold: true, Color: "000000"}}}},
		Legend:    excelize.ChartLegend{Position: "bottom"},
		XAxis:     excelize.ChartAxis{ReverseOrder: true, Font: font},
		YAxis:     excelize.ChartAxis{MajorGridLines: true, Font: font, NumFmt: excelize.ChartNumFmt{CustomNumFmt: printsetup.Rupees}},
		GapWidth:  &gap,
		Dimension: excelize.ChartDimension{Width: width, Height: uint(summaryChartRows * 20)},
	}
	if err := f.AddChart(sheet, cell, chart); err != nil {
		return fmt.Errorf("ledgerbook: summary chart: %w", err)
	}
	return nil
}

// totalLabel is how a line of the totals by month or centre is named: a
// month as "February 2026".
func totalLabel(block, key string) string {
	if block != "Month" {
		return key
	}
	if t, err := time.Parse("2006-01", key); err == nil {
		return t.Format("January 2006")
	}
	return key
}

// stateLabels name the states on the Summary, with the amount each counts.
var stateLabels = map[stpclaims.AdvanceState]string{
	stpclaims.AdvanceRequested:   "Requested (advance claimed)",
	stpclaims.AdvanceRecommended: "Recommended (amount recommended)",
	stpclaims.AdvanceSanctioned:  "Sanctioned, not paid (amount sanctioned)",
	stpclaims.AdvancePaid:        "Paid, not settled (amount paid)",
	stpclaims.AdvanceSettled:     "Settled (amount paid)",
	stpclaims.AdvanceWithdrawn:   "Withdrawn",
}

// states writes the register's money by state from the first row and
// returns the row after it and a blank line.
func (w *summaryWriter) states(t ledger.Totals) int {
	row := 1
	for i, h := range []string{"Register of advances", "Programmes", "Amount", "Penal interest"} {
		w.text(i+1, row, h, w.st.header)
	}
	row++
	for _, s := range t.ByState {
		w.text(1, row, stateLabels[s.State], w.st.wrap)
		w.int(2, row, s.Programmes)
		if s.State != stpclaims.AdvanceWithdrawn {
			w.money(3, row, s.Amount)
		}
		if s.State == stpclaims.AdvancePaid || s.State == stpclaims.AdvanceSettled {
			w.money(4, row, s.PenalInterest)
		}
		row++
	}
	for _, m := range []struct {
		label string
		d     decimal.Decimal
	}{{"Refunds due to IMG (settled, balance +)", t.RefundsDue}, {"To pay to co-ordinators (settled, balance −)", t.ToPay}} {
		w.text(1, row, m.label, w.st.wrap)
		w.money(3, row, m.d)
		row++
	}
	w.text(1, row, "Overdue: paid, not settled, past settle-by (ADV-OVERDUE)", w.st.wrap)
	w.int(2, row, t.Overdue)
	row++
	w.text(1, row, "Penal interest, all paid advances", w.st.header)
	w.money(4, row, t.PenalInterest)
	return row + 2
}

type summaryWriter struct {
	f   *excelize.File
	st  styles
	err error
}

func (w *summaryWriter) cell(col, row int) string {
	c, err := excelize.CoordinatesToCellName(col, row)
	if err != nil && w.err == nil {
		w.err = err
	}
	return c
}

func (w *summaryWriter) styled(c string, style int) {
	if w.err == nil {
		w.err = w.f.SetCellStyle(SheetSummary, c, c, style)
	}
}

func (w *summaryWriter) text(col, row int, s string, style int) {
	c := w.cell(col, row)
	if w.err == nil {
		w.err = w.f.SetCellStr(SheetSummary, c, s)
	}
	w.styled(c, style)
}

// money writes the decimal's own digits as a number cell.
func (w *summaryWriter) money(col, row int, d decimal.Decimal) {
	c := w.cell(col, row)
	if w.err == nil {
		w.err = w.f.SetCellDefault(SheetSummary, c, d.String())
	}
	w.styled(c, w.st.moneyStyle(d, false))
}

func (w *summaryWriter) int(col, row, n int) {
	c := w.cell(col, row)
	if w.err == nil {
		w.err = w.f.SetCellDefault(SheetSummary, c, strconv.Itoa(n))
	}
	w.styled(c, w.st.count)
}
