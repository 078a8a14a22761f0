package templates

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"stpclaims/validate"
)

// The TA bill's sheets and the size of their blank tables.
const (
	participantsSheet = "Participants"
	facultySheet      = "Guest Faculty"
	// participantRows blank rows are laid out before the Total row; more
	// can be inserted above the Total row (the sheet allows it).
	participantRows = 100
	facultyRows     = 20
)

// taColumn is one column of a TA bill table: its header (a spelling package
// read knows), the field it is (docs/forms.md), and what its cells take.
type taColumn struct {
	col    string
	header string
	field  string
	kind   inputKind
	width  float64
	prompt string
}

// inClassOne is a single class of officer; inMode a mode of travel.
const (
	inClassOne inputKind = iota + 100
	inMode
	inKm
	inFormula
)

func participantColumns(c *validate.Card) []taColumn {
	return []taColumn{
		{"A", "Sl.No", "serial", inNone, 6, ""},
		{"B", "Name", "name", inText, 20, "Name of the participant."},
		{"C", "PEN", "pen", inText, 9, "Permanent Employee Number."},
		{"D", "Designation", "designation", inText, 14, "Designation of the participant."},
		{"E", "Class (I–IV)", "class", inClassOne, 6.5, "Class of officer: I, II, III or IV."},
		{"F", "Office / Headquarters", "office", inText, 15, "Office and headquarters of the participant."},
		{"G", "Distance from headquarters (km)", "distance_km", inKm, 13, "Kilometres from headquarters to the venue. Within " + money(c.LocalRadiusKm) + " km no TA is paid (IV.2, Annexure I.4)."},
		{"H", "Mode of travel", "mode", inMode, 8, "Mode of travel actually used: Train, Bus, Auto, Own or Taxi."},
		{"I", "Eligible fare, to and fro", "eligible_fare", inMoney, 9, "Sleeper class Mail/Express fare or Fast Passenger bus fare plus incidentals, to and fro: the most TA paid whatever the mode (Annexure I.1)."},
		{"J", "Fare claimed", "fare_claimed", inMoney, 9, "Fare claimed, to and fro, in rupees."},
		{"K", "Auto km (one way)", "auto_km", inKm, 7, "Autorickshaw km for one journey between station or bus stop and the venue; " + money(c.AutoMaxKm) + " km at most are paid (Annexure I.5)."},
		{"L", "Auto fare", "auto_fare", inMoney, 8, "Autorickshaw fare claimed, in rupees."},
		{"M", "Days attended", "days_attended", inCount, 9, "Days the participant attended."},
		{"N", "Days absent (no valid reason)", "days_absent", inCount, 9, "Days absent without valid reason; then no TA is paid (Annexure I.7). 0 if none."},
		{"O", "Full DA rate", "full_da_rate", inMoney, 8, "The participant's full daily DA (KSR Part II)."},
		{"P", "DA claimed", "da_claimed", inMoney, 9, "DA claimed: at most " + c.DAShareInTraining.String() + " of the full DA for each day attended (Annexure I.3)."},
		{"Q", "Total", "total", inFormula, 9, ""},
		{"R", "Account No.", "account_no", inText, 15, "Bank account number, 9 to 18 digits (payment by bank transfer, IV.4)."},
		{"S", "IFSC", "ifsc", inText, 12, "IFSC of the branch, e.g. SBIN0070123."},
		{"T", "Limit: fare", "", inFormula, 8, ""},
		{"U", "Limit: auto fare", "", inFormula, 8, ""},
		{"V", "Limit: DA", "", inFormula, 8, ""},
	}
}

func facultyColumns(c *validate.Card) []taColumn {
	return []taColumn{
		{"A", "Sl.No", "serial", inNone, 6, ""},
		{"B", "Name", "name", inText, 20, "Name of the guest faculty member."},
		{"C", "Government employee (Yes/No)", "govt_employee", inYesNo, 13, "Yes for a government employee: only local conveyance is paid by IMG, TA is claimed from the parent department (II)."},
		{"D", "Local (Yes/No)", "local", inYesNo, 9, "Yes for local faculty: conveyance of " + money(c.GFLocalConveyance) + " a day (I(e), II)."},
		{"E", "Sessions taken", "sessions_taken", inCount, 10, "Sessions of 90 minutes taken."},
		{"F", "Days engaged", "days_engaged", inCount, 9, "Days the faculty member was engaged."},
		{"G", "Distance (km)", "distance_km", inKm, 9.5, "Kilometres travelled one way. Train fare only beyond " + money(c.GFTrainMinKm) + " km (II)."},
		{"H", "Mode of travel", "mode", inMode, 8, "Mode of travel: Train, Bus, Own or Taxi; taxi fare is not paid (II)."},
		{"I", "Remuneration claimed", "remuneration", inMoney, 14, "Rupees; at most " + money(c.GFRemuneration) + " a session (I(e))."},
		{"J", "Conveyance claimed", "conveyance", inMoney, 12.5, "Local conveyance, rupees; at most " + money(c.GFLocalConveyance) + " a day (I(e), II)."},
		{"K", "Travel claimed", "travel", inMoney, 10, "Travel, rupees: outstation non-government faculty at most " + money(c.GFOutstationMax) + " to and fro (II)."},
		{"L", "Account No.", "account_no", inText, 15, "Bank account number, 9 to 18 digits."},
		{"M", "IFSC", "ifsc", inText, 12, "IFSC of the branch, e.g. SBIN0070123."},
		{"N", "Limit: remuneration", "", inFormula, 13.5, ""},
		{"O", "Limit: conveyance", "", inFormula, 12, ""},
		{"P", "Limit: travel", "", inFormula, 10, ""},
	}
}

// taHeaderRows are the header block above the Participants table: label and
// field; the value goes in column D.
var taHeaderRows = []struct{ label, field string }{
	{"Training Programme Code", "programme_code"},
	{"Name of training Programme", "programme_name"},
	{"From", "start_date"},
	{"To", "end_date"},
	{"Training days", "training_days"},
}

// Rows of the TA bill's sheets.
const (
	taHeaderFirst  = 2 // first header block row
	pHeaderRow     = 9 // the Participants table's header row
	fHeaderRow     = 3 // the Guest Faculty table's header row
	taHeaderValCol = "D"
)

// TABill returns the blank TA bill workbook (.xlsx) for card: the
// Participants sheet with its header block and Total row, the Guest Faculty
// sheet, the Instructions and the hidden Rates.
func TABill(card *validate.Card) ([]byte, error) {
	return build(card, participantsSheet, "TA bill", "Instructions: TA bill of participants and guest faculty",
		taInstructions, (*book).writeParticipants, (*book).writeFaculty)
}

// taInput styles and validates a table column's input cells over rows.
func (b *book) taInput(sheet string, col taColumn, first, last int) error {
	rng := fmt.Sprintf("%s%d:%s%d", col.col, first, col.col, last)
	title := col.header
	if i := strings.IndexAny(title, "(/"); i > 0 {
		title = strings.TrimSpace(title[:i])
	}
	var style int
	var dv *excelize.DataValidation
	switch col.kind {
	case inText:
		style, dv = b.styles.inText, dvText(title, col.prompt, 200)
	case inCount:
		style, dv = b.styles.inCount, dvWhole(title, col.prompt, 0, 366)
	case inMoney:
		style, dv = b.styles.inMoney, dvDecimal(title, col.prompt)
	case inKm:
		style, dv = b.styles.inNumber, dvDecimal(title, col.prompt)
		dv.SetError(excelize.DataValidationErrorStyleStop, title, "Enter kilometres as a number, 0 or more.")
	case inYesNo:
		style, dv = b.styles.inChoice, dvList(title, col.prompt, yesNo, true)
	case inClassOne:
		style, dv = b.styles.inChoice, dvList(title, col.prompt, classesOfficers, true)
	case inMode:
		style, dv = b.styles.inChoice, dvList(title, col.prompt, modesOfTravel, true)
	default:
		return nil
	}
	if err := b.f.SetCellStyle(sheet, fmt.Sprintf("%s%d", col.col, first), fmt.Sprintf("%s%d", col.col, last), style); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	dv.Sqref = rng
	if err := b.f.AddDataValidation(sheet, dv); err != nil {
		return fmt.Errorf("templates: validation of %s!%s: %w", sheet, rng, err)
	}
	return nil
}

// tableHead writes a table's header row and column widths.
func (b *book) tableHead(sheet string, cols []taColumn, row int) {
	for _, c := range cols {
		cell := fmt.Sprintf("%s%d", c.col, row)
		_ = b.f.SetCellValue(sheet, cell, c.header)
		style := b.styles.header
		if strings.HasPrefix(c.header, "Limit") {
			style = b.styles.limitHeader
		}
		_ = b.f.SetCellStyle(sheet, cell, cell, style)
		_ = b.f.SetColWidth(sheet, c.col, c.col, c.width)
	}
}

// table writes a table below its header row: the input columns, the serial
// numbers, the grey Limit columns limitFrom to limitTo, and each row's
// formulas. It returns the first and last rows of the table.
func (b *book) table(sh string, cols []taColumn, headerRow, rows int, limitFrom, limitTo string, formulas func(row int) map[string]string) (first, last int, err error) {
	f := b.f
	b.tableHead(sh, cols, headerRow)
	first, last = headerRow+1, headerRow+rows
	for _, c := range cols {
		if err := b.taInput(sh, c, first, last); err != nil {
			return 0, 0, err
		}
	}
	_ = f.SetCellStyle(sh, fmt.Sprintf("A%d", first), fmt.Sprintf("A%d", last), b.styles.serial)
	_ = f.SetCellStyle(sh, fmt.Sprintf("%s%d", limitFrom, first), fmt.Sprintf("%s%d", limitTo, last), b.styles.limit)
	for r := first; r <= last; r++ {
		_ = f.SetCellValue(sh, fmt.Sprintf("A%d", r), r-first+1)
		for cell, formula := range formulas(r) {
			if err := f.SetCellFormula(sh, cell, formula); err != nil {
				return 0, 0, fmt.Errorf("templates: %s!%s: %w", sh, cell, err)
			}
		}
	}
	return first, last, nil
}

func (b *book) writeParticipants() error {
	f, sh := b.f, participantsSheet
	cols := participantColumns(b.card)
	_ = f.SetCellValue(sh, "A1", "TA BILL: PARTICIPANTS")
	_ = f.SetCellStyle(sh, "A1", "A1", b.styles.title)
	for i, h := range taHeaderRows {
		row := taHeaderFirst + i
		label := fmt.Sprintf("A%d", row)
		_ = f.SetCellValue(sh, label, h.label)
		_ = f.MergeCell(sh, label, fmt.Sprintf("C%d", row))
		_ = f.SetCellStyle(sh, label, fmt.Sprintf("C%d", row), b.styles.label)
		val := fmt.Sprintf("%s%d", taHeaderValCol, row)
		_ = f.MergeCell(sh, val, fmt.Sprintf("F%d", row))
		var err error
		switch h.field {
		case "start_date", "end_date":
			err = b.input(sh, val, b.styles.inDate, dvDate(h.label, "Date as DD.MM.YYYY."))
		case "training_days":
			err = b.input(sh, val, b.styles.inCount, dvWhole(h.label, "Number of training days.", 1, 366))
		default:
			err = b.input(sh, val, b.styles.inText, dvText(h.label, "As on the Annexure II of the programme.", 250))
		}
		if err != nil {
			return err
		}
		_ = f.SetCellStyle(sh, fmt.Sprintf("E%d", row), fmt.Sprintf("F%d", row), b.styles.inText)
	}
	note := fmt.Sprintf("One row per participant (insert rows above the Total row if needed). Tinted cells are for you; Total and the grey Limit columns are computed (rate card %s) and a claim over its limit turns red. See the Instructions sheet.", b.card.Name)
	_ = f.SetCellValue(sh, "A8", note)
	_ = f.MergeCell(sh, "A8", "V8")
	_ = f.SetCellStyle(sh, "A8", "V8", b.styles.hint)

	first, last, err := b.table(sh, cols, pHeaderRow, participantRows, "Q", "V", b.participantFormulas)
	if err != nil {
		return err
	}
	_ = f.SetCellStyle(sh, fmt.Sprintf("R%d", first), fmt.Sprintf("S%d", last), b.styles.inText)
	// red when a claim is over its limit: one rule per column over the table
	for _, cl := range [][2]string{{"J", "T"}, {"L", "U"}, {"P", "V"}} {
		rng := fmt.Sprintf("%s%d:%s%d", cl[0], first, cl[0], last)
		formula := fmt.Sprintf("AND(ISNUMBER(%[1]s%[3]d),ISNUMBER(%[2]s%[3]d),%[1]s%[3]d>%[2]s%[3]d)", cl[0], cl[1], first)
		if err := b.overWhen(sh, rng, formula); err != nil {
			return err
		}
	}
	// red: days attended and absent beyond the training days (TA-DAYS)
	days := fmt.Sprintf("$%s$%d", taHeaderValCol, taHeaderFirst+4)
	if err := b.condition(sh, fmt.Sprintf("M%d:N%d", first, last),
		fmt.Sprintf("AND(ISNUMBER(%s),N($M%d)+N($N%d)>%s)", days, first, first, days), b.styles.over); err != nil {
		return err
	}
	total := last + 1
	_ = f.SetCellValue(sh, fmt.Sprintf("B%d", total), "Total")
	_ = f.SetCellStyle(sh, fmt.Sprintf("A%d", total), fmt.Sprintf("V%d", total), b.styles.header)
	for _, c := range []string{"J", "L", "P", "Q"} {
		if err := f.SetCellFormula(sh, fmt.Sprintf("%s%d", c, total), fmt.Sprintf("SUM(%s%d:%s%d)", c, first, c, last)); err != nil {
			return fmt.Errorf("templates: total: %w", err)
		}
	}
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: pHeaderRow, TopLeftCell: fmt.Sprintf("C%d", first), ActivePane: "bottomRight"})
	if err := b.printForm(sh, fmt.Sprintf("A1:V%d", total), pHeaderRow, 0, "STP TA bill: participants"); err != nil {
		return err
	}
	return b.protect(sh, true)
}

// participantFormulas are row r's Total and Limit formulas; each is empty
// text while the row has no name, so that a blank row stays blank.
func (b *book) participantFormulas(r int) map[string]string {
	cell := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
	blank := fmt.Sprintf(`LEN(TRIM(%s))=0`, cell("B"))
	noTA := fmt.Sprintf(`OR(AND(ISNUMBER(%[1]s),%[1]s<=%[2]s),N(%[3]s)>0)`, cell("G"), b.r("local_radius_km"), cell("N"))
	cls := fmt.Sprintf("UPPER(TRIM(%s))", cell("E"))
	cardRate := `""`
	for i := len(daClasses) - 1; i >= 0; i-- {
		ref := b.r("full_da_" + daClasses[i])
		cardRate = fmt.Sprintf(`IF(AND(%s="%s",ISNUMBER(%s)),%s,%s)`, cls, daClasses[i], ref, ref, cardRate)
	}
	own := cell("O")
	rate := fmt.Sprintf(`IF(ISNUMBER(%[1]s),IF(ISNUMBER(%[2]s),MIN(%[1]s,%[2]s),%[1]s),%[2]s)`, cardRate, own)
	return map[string]string{
		cell("Q"): fmt.Sprintf(`IF(%s,"",N(%s)+N(%s)+N(%s))`, blank, cell("J"), cell("L"), cell("P")),
		cell("T"): fmt.Sprintf(`IF(%s,"",IF(%s,0,IF(ISNUMBER(%s),%s,"")))`, blank, noTA, cell("I"), cell("I")),
		cell("U"): fmt.Sprintf(`IF(%[1]s,"",IF(%[2]s,0,IF(AND(ISNUMBER(%[3]s),%[3]s>%[4]s),ROUND(N(%[5]s)*%[4]s/%[3]s,0),N(%[5]s))))`,
			blank, noTA, cell("K"), b.r("auto_max_km"), cell("L")),
		cell("V"): fmt.Sprintf(`IF(%[1]s,"",IF(AND(ISNUMBER(%[2]s),ISNUMBER(%[3]s)),ROUND(%[4]s*%[3]s*MAX(%[2]s,0),0),""))`,
			blank, cell("M"), rate, b.r("da_share_in_training")),
	}
}

func (b *book) writeFaculty() error {
	f, sh := b.f, facultySheet
	if _, err := f.NewSheet(sh); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	cols := facultyColumns(b.card)
	_ = f.SetCellValue(sh, "A1", "TA BILL: GUEST FACULTY")
	_ = f.SetCellStyle(sh, "A1", "A1", b.styles.title)
	_ = f.SetCellValue(sh, "A2", "One row per guest faculty member. Tinted cells are for you; the grey Limit columns are computed and a claim over its limit turns red. Local faculty's travel counts with their conveyance.")
	_ = f.MergeCell(sh, "A2", "P2")
	_ = f.SetCellStyle(sh, "A2", "P2", b.styles.hint)
	first, last, err := b.table(sh, cols, fHeaderRow, facultyRows, "N", "P", b.facultyFormulas)
	if err != nil {
		return err
	}
	yes := func(col string) string {
		return fmt.Sprintf(`OR(UPPER(TRIM($%[1]s%[2]d))="YES",UPPER(TRIM($%[1]s%[2]d))="Y")`, col, first)
	}
	rules := []struct{ rng, formula string }{
		{fmt.Sprintf("I%d:I%d", first, last), fmt.Sprintf("AND(ISNUMBER(I%[1]d),ISNUMBER(N%[1]d),I%[1]d>N%[1]d)", first)},
		{fmt.Sprintf("J%d:J%d", first, last), fmt.Sprintf("AND(ISNUMBER(O%[1]d),N(J%[1]d)+IF(%[2]s,N(K%[1]d),0)>O%[1]d)", first, yes("D"))},
		{fmt.Sprintf("K%d:K%d", first, last), fmt.Sprintf("AND(ISNUMBER(K%[1]d),ISNUMBER(P%[1]d),K%[1]d>P%[1]d)", first)},
	}
	for _, r := range rules {
		if err := b.overWhen(sh, r.rng, r.formula); err != nil {
			return err
		}
	}
	total := last + 1
	_ = f.SetCellValue(sh, fmt.Sprintf("B%d", total), "Total")
	_ = f.SetCellStyle(sh, fmt.Sprintf("A%d", total), fmt.Sprintf("P%d", total), b.styles.header)
	for _, c := range []string{"I", "J", "K"} {
		if err := f.SetCellFormula(sh, fmt.Sprintf("%s%d", c, total), fmt.Sprintf("SUM(%s%d:%s%d)", c, first, c, last)); err != nil {
			return fmt.Errorf("templates: total: %w", err)
		}
	}
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: fHeaderRow, TopLeftCell: fmt.Sprintf("C%d", first), ActivePane: "bottomRight"})
	if err := b.printForm(sh, fmt.Sprintf("A1:P%d", total), fHeaderRow, 0, "STP TA bill: guest faculty"); err != nil {
		return err
	}
	return b.protect(sh, true)
}

// facultyFormulas are row r's Limit formulas, empty text while the row has
// no name.
func (b *book) facultyFormulas(r int) map[string]string {
	cell := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
	blank := fmt.Sprintf(`LEN(TRIM(%s))=0`, cell("B"))
	yes := func(col string) string {
		return fmt.Sprintf(`OR(UPPER(TRIM(%[1]s))="YES",UPPER(TRIM(%[1]s))="Y")`, cell(col))
	}
	mode := func(words ...string) string {
		var parts []string
		for _, w := range words {
			parts = append(parts, fmt.Sprintf(`ISNUMBER(SEARCH("%s",%s))`, w, cell("H")))
		}
		return "OR(" + strings.Join(parts, ",") + ")"
	}
	return map[string]string{
		cell("N"): fmt.Sprintf(`IF(%[1]s,"",IF(ISNUMBER(%[2]s),ROUND(%[3]s*MAX(%[2]s,0),0),""))`, blank, cell("E"), b.r("gf_remuneration")),
		cell("O"): fmt.Sprintf(`IF(%[1]s,"",IF(ISNUMBER(%[2]s),ROUND(%[3]s*MAX(%[2]s,0),0),""))`, blank, cell("F"), b.r("gf_local_conveyance")),
		cell("P"): fmt.Sprintf(`IF(%s,"",IF(%s,0,IF(%s,0,IF(AND(%s,ISNUMBER(%s),N(%s)<=%s),0,IF(%s,"",%s)))))`,
			blank, yes("C"), mode("taxi", "cab"), mode("train", "rail"), cell("G"), cell("G"), b.r("gf_train_min_km"), yes("D"), b.r("gf_outstation_max")),
	}
}

// taInstructions quotes Annexure I and clause II for the bill.
func taInstructions(c *validate.Card) []string {
	return []string{
		fmt.Sprintf("These limits follow the rate card %q (%s), in force from %s. The program that checks the bill works them out again and its answer is the one that counts.", c.Name, c.Order, c.EffectiveFrom.Format("02.01.2006")),
		"How to fill: the programme's code, name, dates and training days go in the block at the top of the Participants sheet; then one row per participant and, on the Guest Faculty sheet, one row per guest faculty member. Insert rows above a Total row if the table is too short. Send the workbook back as .xlsx (or .ods).",
		"Limits for participants (Annexure I of the 2015 order):",
		"Annexure I.1 — TA at the rate of sleeper class fare for Mail/Express train or the eligible amount, whichever is lower, irrespective of grade; for a journey by bus, Fast Passenger fare plus incidental expense. The fare claimed is limited to the eligible fare whatever the mode used (taxi and own car included).",
		"Annexure I.2 — travel by the shortest practicable route.",
		fmt.Sprintf("Annexure I.3 — courses are residential, so only %s of the full DA is paid for each day attended.", c.DAShareInTraining.String()),
		fmt.Sprintf("Annexure I.4 (and IV.2) — participants from within %s km of their headquarters are not eligible for TA (their Limit: fare is 0).", money(c.LocalRadiusKm)),
		fmt.Sprintf("Annexure I.5 — autorickshaw fare for the journey between railway station or bus stop and the venue, for at most %s km a single journey; a longer journey is paid in proportion.", money(c.AutoMaxKm)),
		"Annexure I.6 — the co-ordinator collects the filled TA bills, verifies them against these guidelines and pays from the advance; payment is by bank transfer (IV.4), so every row needs the account number and IFSC.",
		"Annexure I.7 — a participant absent for any day without valid reason is not eligible for TA (Limit: fare and Limit: auto fare become 0).",
		"Annexure I.8 — non-gazetted officers furnish a certificate from the HOD/DDO of designation, scale of pay and pay; gazetted officers a copy of the pay slip from AG.",
		"Limits for guest faculty (clauses I(e) and II):",
		fmt.Sprintf("Remuneration — Rs.%s a session of 90 minutes taken (I(e)).", money(c.GFRemuneration)),
		fmt.Sprintf("Conveyance — Rs.%s a day engaged for local guest faculty; a local faculty member's travel counts with the conveyance (I(e), II).", money(c.GFLocalConveyance)),
		fmt.Sprintf("Travel — government employees claim TA from their parent department; outstation non-government faculty at most Rs.%s a head, to and fro; train fare only for journeys beyond %s km; no taxi fare (II).", money(c.GFOutstationMax), money(c.GFTrainMinKm)),
	}
}
