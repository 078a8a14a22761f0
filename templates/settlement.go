package templates

import (
	"fmt"
	"strings"

	"stpclaims"
	"stpclaims/validate"
)

// settlementSheet is the settlement statement's sheet.
const settlementSheet = "Settlement"

// The settlement sheet's columns: serial, label, value (the Actual column
// of the expenditure table, the Enclosed column of the report items) and
// Limit, right of the value (package read takes an expense from the named
// Actual column, so the Limit beside it is never read as one).
const (
	stSerialCol = "A"
	stLabelCol  = "B"
	stValueCol  = "C"
	stLimitCol  = "D"
)

// stHeaderRows are the statement's header block: label, field, what the
// value takes and its input message.
func stHeaderRows(c *validate.Card) []aiiRow {
	return []aiiRow{
		{0, "Training Programme Code", "", "programme_code", inText, "As on the Annexure II of the programme."},
		{0, "Name of training Programme", "", "programme_name", inText, "As on the Annexure II of the programme."},
		{0, "From", "", "start_date", inDate, "First day of the programme, DD.MM.YYYY."},
		{0, "To", "", "end_date", inDate, fmt.Sprintf("Last day of the programme, DD.MM.YYYY: settle within %d days of it (VII).", c.SettleWithinDays)},
		{0, "Training days", "", "training_days", inCount, "Number of training days held."},
		{0, "Place & Venue", "", "venue", inText, "Place and venue of the training."},
		{0, "Venue Govt-owned", "", "venue_govt_owned", inYesNo, "Yes if the venue belongs to the Government; else No."},
		{0, "Participants attended", "", "participants", inCount, "Participants who attended."},
		{0, "Participants availing accommodation", "", "accommodated", inCount, "How many availed accommodation; leave empty if all did."},
		{0, "Guest faculty", "", "guest_faculty", inCount, "Number of guest faculty engaged."},
		{0, "Outstation non-government guest faculty", "", "outstation_guest_faculty", inCount, "How many of them were outstation non-government faculty; leave empty if none."},
		{0, "Sessions allotted to guest faculty", "", "guest_sessions", inCount, "Sessions taken by guest faculty."},
		{0, "Advance received", "", "advance_received", inMoney, "The advance sanctioned and received, in rupees."},
		{0, "Date of advance", "", "advance_date", inDate, "The date the advance was received, DD.MM.YYYY."},
		{0, "Date of settlement", "", "settled_on", inDate, "The date of this statement, DD.MM.YYYY."},
	}
}

// stComponents are the components of expenditure: Annexure II line, label
// (a spelling package read knows) and field.
var stComponents = []struct {
	line         int
	label, field string
}{
	{9, "Remuneration to Guest Faculty", "gf_remuneration"},
	{10, "TA/DA to Guest Faculty", "gf_ta"},
	{11, "Co-ordination fee", "coordination_fee"},
	{12, "Stationery", "stationery"},
	{13, "Photocopy charges", "photocopy"},
	{14, "Food & Refreshments", "food"},
	{15, "Hiring charges for venue and training equipments", "venue_hire"},
	{16, "Miscellaneous", "miscellaneous"},
	{18, "TA to participants", "ta_advance"},
	{19, "DA to participants", "da_advance"},
	{20, "Other expenses", "other_expenses"},
}

// settlementLayout is where each field's cell is on the settlement sheet.
type settlementLayout struct {
	value map[string]string // header field → "C7"; component field → its Actual cell
	limit map[string]string // component field → its Limit cell
	item  []string          // report item n (1–7) → its Enclosed cell at [n-1]
	// summary cells
	admissible, balance, daysLate, penal string
}

const (
	stHeaderFirst = 3
)

func layoutSettlement(c *validate.Card) settlementLayout {
	l := settlementLayout{value: map[string]string{}, limit: map[string]string{}}
	rows := stHeaderRows(c)
	for i, r := range rows {
		l.value[r.field] = fmt.Sprintf("%s%d", stValueCol, stHeaderFirst+i)
	}
	head := stHeaderFirst + len(rows) + 1 // expenditure table's header row
	for i, comp := range stComponents {
		l.value[comp.field] = fmt.Sprintf("%s%d", stValueCol, head+1+i)
		l.limit[comp.field] = fmt.Sprintf("%s%d", stLimitCol, head+1+i)
	}
	total := head + 1 + len(stComponents)
	l.admissible = fmt.Sprintf("%s%d", stValueCol, total+1)
	l.balance = fmt.Sprintf("%s%d", stValueCol, total+2)
	l.daysLate = fmt.Sprintf("%s%d", stValueCol, total+3)
	l.penal = fmt.Sprintf("%s%d", stValueCol, total+4)
	itemsHead := total + 6
	for i := range stpclaims.ReportItemTitles() {
		l.item = append(l.item, fmt.Sprintf("%s%d", stValueCol, itemsHead+1+i))
	}
	return l
}

// Settlement returns the blank settlement statement workbook (.xlsx) for
// card.
func Settlement(card *validate.Card) ([]byte, error) {
	return build(card, settlementSheet, "settlement statement", "Instructions: settlement statement of the advance for an STP programme",
		settlementInstructions, (*book).writeSettlement)
}

func (b *book) writeSettlement() error {
	f, sh := b.f, settlementSheet
	lay := layoutSettlement(b.card)
	for col, w := range map[string]float64{stSerialCol: 6, stLabelCol: 50, stValueCol: 24, stLimitCol: 12} {
		_ = f.SetColWidth(sh, col, col, w)
	}
	b.titleRows(sh, stLimitCol, "SETTLEMENT STATEMENT: ADVANCE FOR AN STP PROGRAMME", "",
		fmt.Sprintf("Rate card %s. Fill the tinted cells. The grey Limit column shows the most each component may cost for the figures entered; savings on one component never cover another, and a component over its limit turns red. See the Instructions sheet.", b.card.Name))
	for i, r := range stHeaderRows(b.card) {
		cell := fmt.Sprintf("%s%d", stLabelCol, stHeaderFirst+i)
		_ = f.SetCellValue(sh, cell, r.label)
		_ = f.SetCellStyle(sh, cell, cell, b.styles.label)
		if err := b.settlementInput(lay.value[r.field], r.label, r.kind, r.prompt); err != nil {
			return err
		}
	}
	head := stHeaderFirst + len(stHeaderRows(b.card)) + 1
	admissible, err := b.settlementComponents(lay, head)
	if err != nil {
		return err
	}
	total := head + 1 + len(stComponents)
	if err := b.settlementSummary(lay, head+1, total, admissible); err != nil {
		return err
	}
	last, err := b.settlementItems(lay, total+6)
	if err != nil {
		return err
	}
	if err := b.printForm(sh, fmt.Sprintf("A1:%s%d", stLimitCol, last), head, 1, "STP settlement statement"); err != nil {
		return err
	}
	return b.protect(sh, false)
}

// settlementComponents writes the expenditure table under its header row
// head: each component's Actual input and Limit, and returns each one's
// admissible amount as a formula.
func (b *book) settlementComponents(lay settlementLayout, head int) ([]string, error) {
	f, sh := b.f, settlementSheet
	set := func(cell string, v any) { _ = f.SetCellValue(sh, cell, v) }
	style := func(from, to string, id int) { _ = f.SetCellStyle(sh, from, to, id) }
	for col, h := range map[string]string{stSerialCol: "Sl.No", stLabelCol: "Component of expenditure (Annexure II line)", stValueCol: "Actual expenditure (Rs.)", stLimitCol: "Limit (Rs.)"} {
		set(fmt.Sprintf("%s%d", col, head), h)
	}
	style(fmt.Sprintf("A%d", head), fmt.Sprintf("C%d", head), b.styles.header)
	style(fmt.Sprintf("D%d", head), fmt.Sprintf("D%d", head), b.styles.limitHeader)
	v := lay.value
	caps := b.capFormulas(programmeCells{
		days: v["training_days"], participants: v["participants"], accommodated: v["accommodated"],
		guests: v["guest_faculty"], outstation: v["outstation_guest_faculty"], sessions: v["guest_sessions"],
		venue: v["venue"], govtOwned: v["venue_govt_owned"],
	})
	var admissible []string
	for i, comp := range stComponents {
		row := head + 1 + i
		set(fmt.Sprintf("%s%d", stSerialCol, row), comp.line)
		set(fmt.Sprintf("%s%d", stLabelCol, row), comp.label)
		style(fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), b.styles.serial)
		style(fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), b.styles.label)
		style(lay.limit[comp.field], lay.limit[comp.field], b.styles.limit)
		actual, limit := v[comp.field], lay.limit[comp.field]
		if err := b.settlementInput(actual, comp.label, inMoney, "Rupees actually spent on "+strings.ToLower(comp.label)+"; leave empty or 0 if nothing."); err != nil {
			return nil, err
		}
		formula, capped := caps[comp.field]
		if !capped {
			admissible = append(admissible, fmt.Sprintf("N(%s)", actual))
			if err := b.condition(sh, actual, fmt.Sprintf("N(%s)>0", actual), b.styles.deviation); err != nil {
				return nil, err
			}
			continue
		}
		if err := f.SetCellFormula(sh, limit, formula); err != nil {
			return nil, fmt.Errorf("templates: limit of %s: %w", comp.field, err)
		}
		if err := b.overWhen(sh, actual, fmt.Sprintf("AND(ISNUMBER(%[1]s),ISNUMBER(%[2]s),%[1]s>%[2]s)", actual, limit)); err != nil {
			return nil, err
		}
		// a cap that cannot be worked out admits the expenditure as spent
		admissible = append(admissible, fmt.Sprintf("IF(ISNUMBER(%[2]s),MIN(N(%[1]s),%[2]s),N(%[1]s))", actual, limit))
	}
	return admissible, nil
}

// settlementSummary writes the rows from total on: the total of the
// components (rows firstComp to total-1), the admissible amount, the
// balance, the days late and the penal interest.
func (b *book) settlementSummary(lay settlementLayout, firstComp, total int, admissible []string) error {
	f, sh, v := b.f, settlementSheet, lay.value
	summary := []struct{ label, cell, formula string }{
		{"Total", fmt.Sprintf("%s%d", stValueCol, total), fmt.Sprintf("SUM(%s%d:%s%d)", stValueCol, firstComp, stValueCol, total-1)},
		{"Admissible (each component up to its limit)", lay.admissible, strings.Join(admissible, "+")},
		{"Balance: to be refunded (+) or paid to the co-ordinator (−)", lay.balance,
			fmt.Sprintf(`IF(ISNUMBER(%s),%s-%s,"")`, v["advance_received"], v["advance_received"], lay.admissible)},
		{fmt.Sprintf("Days late (beyond %d days after the last day)", b.card.SettleWithinDays), lay.daysLate,
			fmt.Sprintf(`IF(AND(ISNUMBER(%[1]s),ISNUMBER(%[2]s)),MAX(0,%[2]s-%[1]s-%[3]s),"")`, v["end_date"], v["settled_on"], b.r("settle_within_days"))},
		{"Penal interest (VII)", lay.penal,
			fmt.Sprintf(`IF(AND(ISNUMBER(%[1]s),ISNUMBER(%[2]s)),ROUND(%[2]s*%[3]s*%[1]s/365,0),"")`, lay.daysLate, v["advance_received"], b.r("penal_interest_annual"))},
	}
	for i, s := range summary {
		label := fmt.Sprintf("%s%d", stLabelCol, total+i)
		_ = f.SetCellValue(sh, label, s.label)
		_ = f.SetCellStyle(sh, label, label, b.styles.subtitle)
		if err := f.SetCellFormula(sh, s.cell, s.formula); err != nil {
			return fmt.Errorf("templates: %s: %w", s.label, err)
		}
		// the balance may be negative; days late is a count
		id := map[string]int{lay.balance: b.styles.limitSigned, lay.daysLate: b.styles.limitCount}[s.cell]
		if id == 0 {
			id = b.styles.limit
		}
		_ = f.SetCellStyle(sh, s.cell, s.cell, id)
	}
	return b.overWhen(sh, lay.daysLate, fmt.Sprintf("N(%s)>0", lay.daysLate))
}

// settlementItems writes the co-ordinator's report items (IX) under their
// header row head, and the signature below; it returns the last row.
func (b *book) settlementItems(lay settlementLayout, head int) (int, error) {
	f, sh := b.f, settlementSheet
	set := func(cell string, v any) { _ = f.SetCellValue(sh, cell, v) }
	style := func(from, to string, id int) { _ = f.SetCellStyle(sh, from, to, id) }
	set(fmt.Sprintf("A%d", head), "Sl.No")
	set(fmt.Sprintf("B%d", head), "Co-ordinator's report (IX)")
	set(fmt.Sprintf("C%d", head), "Enclosed (Yes/No)")
	style(fmt.Sprintf("A%d", head), fmt.Sprintf("C%d", head), b.styles.header)
	titles := stpclaims.ReportItemTitles()
	for i, title := range titles {
		row := head + 1 + i
		set(fmt.Sprintf("A%d", row), i+1)
		set(fmt.Sprintf("B%d", row), title)
		style(fmt.Sprintf("A%d", row), fmt.Sprintf("A%d", row), b.styles.serial)
		style(fmt.Sprintf("B%d", row), fmt.Sprintf("B%d", row), b.styles.label)
		if err := b.settlementInput(lay.item[i], title, inYesNo, "Yes if the item is enclosed with this statement; else No."); err != nil {
			return 0, err
		}
	}
	last := head + len(titles) + 2
	set(fmt.Sprintf("B%d", last), "Signature with Date ,\nName & Designation of Co-ordinator")
	style(fmt.Sprintf("B%d", last), fmt.Sprintf("B%d", last), b.styles.instruction)
	_ = f.SetRowHeight(sh, last-1, 36) // room to sign
	return last, nil
}

func (b *book) settlementInput(cell, label string, kind inputKind, prompt string) error {
	title := label
	if len(title) > 30 {
		title = title[:30]
		if i := strings.LastIndexAny(title, " (/"); i > 10 {
			title = title[:i]
		}
	}
	sh := settlementSheet
	switch kind {
	case inText:
		return b.input(sh, cell, b.styles.inText, dvText(title, prompt, 250))
	case inCount:
		return b.input(sh, cell, b.styles.inCount, dvWhole(title, prompt, 0, 100000))
	case inMoney:
		return b.input(sh, cell, b.styles.inMoney, dvDecimal(title, prompt))
	case inDate:
		return b.input(sh, cell, b.styles.inDate, dvDate(title, prompt))
	case inYesNo:
		return b.input(sh, cell, b.styles.inChoice, dvList(title, prompt, yesNo, true))
	}
	return fmt.Errorf("templates: no input of kind %d", kind)
}

func settlementInstructions(c *validate.Card) []string {
	return []string{
		fmt.Sprintf("These limits follow the rate card %q (%s), in force from %s. The program that checks the statement works them out again and its answer is the one that counts.", c.Name, c.Order, c.EffectiveFrom.Format("02.01.2006")),
		"How to fill: the programme's figures as held (participants, training days, guest faculty, sessions, venue) give each component's limit; then enter what was actually spent on each component, the advance and its date, the date of this statement, and mark the co-ordinator's report items enclosed. Send the workbook back as .xlsx (or .ods).",
		"Limits: each component may cost at most the limit of its Annexure II line for the programme as held (cost sheet); savings on one component never cover another.",
		fmt.Sprintf("Clause VII — settle the final accounts within %d days of the completion of the course; penal interest at %s a year, simple, on the advance is levied for each day beyond (the program's reading of \"@ 12%%\").", c.SettleWithinDays, c.PenalInterestAnnual.Mul(decimal100).String()+" %"),
		"Clause VIII — anything beyond the standard budget needs prior permission and a separate budget allocation.",
		"Clause IX — the Course Co-ordinator's report may contain: " + reportItemList() + ".",
	}
}

// reportItemList lists clause IX's report items as the order numbers them:
// "1. Attendance Register; 2. …".
func reportItemList() string {
	var items []string
	for i, t := range stpclaims.ReportItemTitles() {
		items = append(items, fmt.Sprintf("%d. %s", i+1, t))
	}
	return strings.Join(items, "; ")
}
