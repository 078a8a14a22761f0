package templates

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims/validate"
)

// annexureSheet is the Annexure II form's sheet.
const annexureSheet = "Annexure II"

// The Annexure II sheet's columns: serial, label, guidance, the value
// (headed "Amount (Rs.)", where package read takes a line's value from) and
// the Limit right of it, as in the other templates (headed "Limit", a
// column package read never takes a claim from).
const (
	aiiSerialCol = "A"
	aiiLabelCol  = "B"
	aiiHintCol   = "C"
	aiiValueCol  = "D"
	aiiLimitCol  = "E"
	aiiHeaderRow = 4
	aiiFirstRow  = 5 // the row after the header row
)

// inputKind says what an input cell takes.
type inputKind uint8

const (
	inNone inputKind = iota
	inText
	inCount
	inMoney
	inDate
	inYesNo
	inClass
	inType
)

// aiiRow is one row of the proforma: its serial (0 for none), label, hint,
// the canonical field its value is (docs/forms.md; "" for a row without a
// value) and what the value cell takes.
type aiiRow struct {
	serial int
	label  string
	hint   string
	field  string
	kind   inputKind
	prompt string
}

// annexureRows lays out the proforma of the 2015 order, lines 1–23 in its
// wording and order, with docs/forms.md's optional fields beside the lines they
// belong to. Rates in the wording come from the card.
func annexureRows(c *validate.Card) []aiiRow {
	half := c.VenueHire.Div(decimal.NewFromInt(2))
	return []aiiRow{
		{0, "Department", "", "department", inText, "The administrative department whose officers are trained."},
		{0, "Place & Venue", "", "venue", inText, "Place and venue of the training, e.g. \"Collectorate Conference Hall, Kollam\" or \"IMG Regional Centre, Kochi\". At an IMG centre stationery and venue hire are not advanced (VI)."},
		{0, "Venue Govt-owned", "", "venue_govt_owned", inYesNo, "Yes if the venue belongs to the Government (then no hiring charges, line 15); else No."},
		{1, "Training Programme Code", "", "programme_code", inText, "The code of the programme in the STP calendar."},
		{2, "Name of training Programme", "", "programme_name", inText, "The programme's name as in the STP calendar."},
		{3, "Duration", "From.....to..... (Training days).....", "", inNone, ""},
		{0, "From", "", "start_date", inDate, "First day of the programme, DD.MM.YYYY. The claim must reach IMG 14 days before it (V)."},
		{0, "To", "", "end_date", inDate, "Last day of the programme, DD.MM.YYYY (not before the first day)."},
		{0, "Training days", "", "training_days", inCount, "Number of training days (at most the calendar days from the first to the last day)."},
		{4, "No.of participants", "", "participants", inCount, "Participants in the batch (a batch is " + fmt.Sprint(c.BatchSize) + ", I(b))."},
		{0, "Participants availing accommodation", "", "accommodated", inCount, "How many of the participants avail accommodation (food at the residential rate); leave empty if all do."},
		{5, "Number of Guest Faculty", "", "guest_faculty", inCount, "Number of guest faculty engaged."},
		{0, "Outstation non-government guest faculty", "", "outstation_guest_faculty", inCount, "How many of the guest faculty are outstation non-government faculty (TA up to " + money(c.GFOutstationMax) + " each, II); leave empty if none."},
		{6, "Number of sessions allotted to Guest Faculty", "", "guest_sessions", inCount, fmt.Sprintf("Sessions of 90 minutes taken by guest faculty: at most %d%% of %d a day, less the first and last (I(c), I(d), I(j)).", c.GuestShareMax.Mul(decimal.NewFromInt(100)).IntPart(), c.SessionsPerDay)},
		{7, "Class of Officers attending the training", "", "officer_class", inClass, "Choose I, II, III, IV, a combination or All (type another combination, such as \"I & III\", if needed)."},
		{8, "Type of training programme", "Zonal/ District/ State", "programme_type", inType, "Choose Zonal, District or State."},
		{9, "Remuneration to Guest Faculty", "Rs." + money(c.GFRemuneration) + " x No. of Guest Faculty( per session of 90 minutes duration)", "gf_remuneration", inMoney, "Rupees; at most " + money(c.GFRemuneration) + " a session allotted to guest faculty."},
		{10, "TA/DA to Guest Faculty", "Rs." + money(c.GFLocalConveyance) + " x No. of Guest Faculty Rs .....(actual TA)", "gf_ta", inMoney, "Rupees; " + money(c.GFLocalConveyance) + " a day for each local guest faculty, actual TA up to " + money(c.GFOutstationMax) + " for each outstation non-government guest faculty (II)."},
		{11, "Co-ordination fee", "Rs." + money(c.CoordinationFee) + " x training days", "coordination_fee", inMoney, "Rupees; at most " + money(c.CoordinationFee) + " a training day."},
		{12, "Stationery", "Rs. " + money(c.Stationery) + " x No. of participants", "stationery", inMoney, "Rupees; at most " + money(c.Stationery) + " a participant plus one set for the department co-ordinator; none at an IMG centre (VI)."},
		{13, "Photocopy charges (Course materials shall be distributed to the participants in CD/e-mail etc. However in unavoidable situations photocopy of the materials can also be given. One copy of the material distributed to the participants should be submitted for verification of photocopy charges claimed)", "Rs." + money(c.Photocopy) + " x training days", "photocopy", inMoney, "Rupees; at most " + money(c.Photocopy) + " a training day. Submit one copy of the material."},
		{14, "Food & Refreshments ( @ Rs." + money(c.FoodDay) + "/- for outstation participants who are not availed accommodation & @ Rs. " + money(c.FoodResidential) + "/- for those who avail accommodation", "Rs. .... x No. of participants x training days", "food", inMoney, fmt.Sprintf("Rupees; %s a day for each participant availing accommodation, %s for the others, and %s for %d more (co-ordinator, facilitator, guest faculty).", money(c.FoodResidential), money(c.FoodDay), money(c.FoodDay), c.FoodExtraPersons)},
		{15, "Hiring charges for venue and training equipments", "Rs." + money(half) + " x training days } Rs." + money(half) + " x. training days } " + money(c.VenueHire) + "/-", "venue_hire", inMoney, "Rupees; at most " + money(c.VenueHire) + " a training day, only for genuine cases; none at an IMG centre or a Govt-owned venue."},
		{16, "Miscellaneous", "Rs." + money(c.Miscellaneous) + " x. training days", "miscellaneous", inMoney, "Rupees; at most " + money(c.Miscellaneous) + " a training day."},
		{17, "Total (Sl.No.9 to 16)", "", "subtotal", inMoney, "Rupees: the sum of lines 9 to 16 (turns red when it is not)."},
		{18, "TA advance for participants Rs. " + money(c.TAAdvancePerBatch) + " (Corresponding deductions to be made for less number of participants)", "Category Rate", "ta_advance", inMoney, fmt.Sprintf("Rupees; at most %s for a batch of %d, in proportion to the participants.", money(c.TAAdvancePerBatch), c.BatchSize)},
		{19, "DA advance", "Rs. " + money(c.DAAdvancePerDay) + " x training days", "da_advance", inMoney, fmt.Sprintf("Rupees; at most %s a training day for a batch of %d, in proportion to the participants.", money(c.DAAdvancePerDay), c.BatchSize)},
		{20, "Other expenses (applicable in case where revised budget is necessary. Details should be furnished)", "", "other_expenses", inMoney, "Rupees; only with prior permission and a separate budget allocation (VIII). Leave empty if none."},
		{21, "Advance Claimed (Round to the nearest 100)", fmt.Sprintf("Maximum %s%% of Sl.No. 17 + 18 +19", c.AdvanceShareMax.Mul(decimal.NewFromInt(100)).String()), "advance_claimed", inMoney, "Rupees, a multiple of " + money(c.AdvanceRounding) + "; at most the Limit shown beside it."},
		{22, "Name, Designation and address of the Co-ordinator with Phone No. & E-mail.id", "", "coordinator", inText, "Name and address of the co-ordinator; the designation, phone and e-mail go in the rows below."},
		{0, "Designation", "", "coordinator_designation", inText, "The co-ordinator's designation."},
		{0, "Phone No.", "", "coordinator_phone", inText, "The co-ordinator's mobile or phone number."},
		{0, "E-mail id", "", "coordinator_email", inText, "The co-ordinator's e-mail address."},
		{23, "Account No. of Co-ordinator", "", "account_no", inText, "Bank account number, 9 to 18 digits (typed as text so that no digit is lost)."},
		{0, "IFSC", "", "ifsc", inText, "IFSC of the branch: 4 letters, 0, then 6 letters or digits (e.g. SBIN0070123)."},
		{0, "Name of the Facilitator", "", "facilitator", inText, "Name of the facilitator recommending the claim (V)."},
		{0, "Facilitator e-mail", "", "facilitator_email", inText, "The facilitator's e-mail address."},
	}
}

// annexureLayout is where each field's value cell is, and the Limit cell of
// each money line, on the Annexure II sheet.
type annexureLayout struct {
	value map[string]string // field → "E14"
	limit map[string]string // money field → "A21"
	row   map[string]int
}

func layoutAnnexure(rows []aiiRow) annexureLayout {
	l := annexureLayout{value: map[string]string{}, limit: map[string]string{}, row: map[string]int{}}
	for i, r := range rows {
		n := aiiFirstRow + i
		if r.field == "" {
			continue
		}
		l.row[r.field] = n
		l.value[r.field] = fmt.Sprintf("%s%d", aiiValueCol, n)
		if r.kind == inMoney {
			l.limit[r.field] = fmt.Sprintf("%s%d", aiiLimitCol, n)
		}
	}
	return l
}

// AnnexureII returns the blank Annexure II workbook (.xlsx) for card.
func AnnexureII(card *validate.Card) ([]byte, error) {
	return build(card, annexureSheet, "Annexure II", "Instructions: Annexure II, proforma for claiming advances for STP programmes",
		annexureInstructions, (*book).writeAnnexure)
}

func (b *book) writeAnnexure() error {
	f, sh := b.f, annexureSheet
	rows := annexureRows(b.card)
	lay := layoutAnnexure(rows)
	set := func(cell string, v any) { _ = f.SetCellValue(sh, cell, v) }
	style := func(from, to string, id int) { _ = f.SetCellStyle(sh, from, to, id) }

	for col, w := range map[string]float64{aiiSerialCol: 6, aiiLabelCol: 45, aiiHintCol: 25, aiiValueCol: 24, aiiLimitCol: 11} {
		_ = f.SetColWidth(sh, col, col, w)
	}
	b.titleRows(sh, aiiLimitCol, "ANNEXURE II", "PROFORMA FOR CLAIMING ADVANCES FOR STP PROGRAMMES",
		fmt.Sprintf("Rate card %s, in force from %s. Fill the tinted cells. The grey Limit column shows the most each line may claim for the figures entered, and a line over its limit turns red. See the Instructions sheet.",
			b.card.Name, b.card.EffectiveFrom.Format("02.01.2006")))
	for col, h := range map[string]string{aiiSerialCol: "Sl.No", aiiLabelCol: "Particulars", aiiHintCol: "Guidance", aiiValueCol: "Amount (Rs.)", aiiLimitCol: "Limit (Rs.)"} {
		set(fmt.Sprintf("%s%d", col, aiiHeaderRow), h)
	}
	style(fmt.Sprintf("%s%d", aiiSerialCol, aiiHeaderRow), fmt.Sprintf("%s%d", aiiValueCol, aiiHeaderRow), b.styles.header)
	style(fmt.Sprintf("%s%d", aiiLimitCol, aiiHeaderRow), fmt.Sprintf("%s%d", aiiLimitCol, aiiHeaderRow), b.styles.limitHeader)

	for i, r := range rows {
		n := aiiFirstRow + i
		cell := func(col string) string { return fmt.Sprintf("%s%d", col, n) }
		if r.serial > 0 {
			set(cell(aiiSerialCol), r.serial)
		}
		set(cell(aiiLabelCol), r.label)
		if r.hint != "" {
			set(cell(aiiHintCol), r.hint)
		}
		style(cell(aiiSerialCol), cell(aiiSerialCol), b.styles.serial)
		style(cell(aiiLabelCol), cell(aiiLabelCol), b.styles.label)
		style(cell(aiiHintCol), cell(aiiHintCol), b.styles.hint)
		style(cell(aiiLimitCol), cell(aiiLimitCol), b.styles.limit)
		if err := b.annexureInput(cell(aiiValueCol), r); err != nil {
			return err
		}
	}
	if err := b.annexureLimits(lay); err != nil {
		return err
	}
	// the two signatures side by side below the form
	sign := aiiFirstRow + len(rows) + 1
	set(fmt.Sprintf("%s%d", aiiLabelCol, sign), "Signature with Date ,\nName & Designation of Co-ordinator")
	set(fmt.Sprintf("%s%d", aiiValueCol, sign), "Signature with Date ,\nName & Designation of Facilitator")
	_ = f.MergeCell(sh, fmt.Sprintf("%s%d", aiiValueCol, sign), fmt.Sprintf("%s%d", aiiLimitCol, sign))
	style(fmt.Sprintf("%s%d", aiiSerialCol, sign), fmt.Sprintf("%s%d", aiiLimitCol, sign), b.styles.instruction)
	_ = f.SetRowHeight(sh, sign-1, 36) // room to sign
	_ = f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: aiiHeaderRow, TopLeftCell: fmt.Sprintf("A%d", aiiFirstRow), ActivePane: "bottomLeft"})
	if err := b.printForm(sh, fmt.Sprintf("A1:%s%d", aiiLimitCol, sign), aiiHeaderRow, 1, "STP Annexure II"); err != nil {
		return err
	}
	return b.protect(sh, false)
}

// annexureInput styles and validates one value cell.
func (b *book) annexureInput(cell string, r aiiRow) error {
	title := r.label
	if len(title) > 30 { // Excel limits an input message's title to 32 characters
		title = title[:30]
		if i := strings.LastIndexAny(title, " (/"); i > 10 {
			title = title[:i]
		}
	}
	switch r.kind {
	case inNone:
		return b.f.SetCellStyle(annexureSheet, cell, cell, b.styles.limit)
	case inText:
		return b.input(annexureSheet, cell, b.styles.inText, dvText(title, r.prompt, 250))
	case inCount:
		return b.input(annexureSheet, cell, b.styles.inCount, dvWhole(title, r.prompt, 0, 100000))
	case inMoney:
		return b.input(annexureSheet, cell, b.styles.inMoney, dvDecimal(title, r.prompt))
	case inDate:
		return b.input(annexureSheet, cell, b.styles.inDate, dvDate(title, r.prompt))
	case inYesNo:
		return b.input(annexureSheet, cell, b.styles.inChoice, dvList(title, r.prompt, yesNo, true))
	case inClass:
		return b.input(annexureSheet, cell, b.styles.inChoice, dvList(title, r.prompt, officerClasses, false))
	case inType:
		return b.input(annexureSheet, cell, b.styles.inChoice, dvList(title, r.prompt, programmeTypes, true))
	}
	return nil
}

// programmeCells names the cells holding the figures a programme's caps are
// computed from, on whichever sheet.
type programmeCells struct {
	days, participants, accommodated, guests, outstation, sessions, venue, govtOwned string
}

// capFormulas returns, for each capped money field (gf_remuneration …
// da_advance), the formula of its cap from the programme's cells, as
// package validate computes it: "" while a figure it needs is missing.
func (b *book) capFormulas(p programmeCells) map[string]string {
	dOK := fmt.Sprintf("AND(ISNUMBER(%[1]s),%[1]s>=1)", p.days)
	pOK := fmt.Sprintf("AND(ISNUMBER(%[1]s),%[1]s>=1)", p.participants)
	acc := fmt.Sprintf("MIN(MAX(IF(ISNUMBER(%[1]s),%[1]s,%[2]s),0),%[2]s)", p.accommodated, p.participants)
	out := fmt.Sprintf("MAX(IF(ISNUMBER(%[1]s),%[1]s,0),0)", p.outstation)
	img := b.imgCentreFormula(p.venue)
	govt := b.govtVenueFormula(p.venue, p.govtOwned)
	return map[string]string{
		"gf_remuneration": fmt.Sprintf(`IF(ISNUMBER(%s),ROUND(%s*MAX(%s,0),0),"")`, p.sessions, b.r("gf_remuneration"), p.sessions),
		"gf_ta": fmt.Sprintf(`IF(AND(ISNUMBER(%s),%s),ROUND(%s*MAX(%s-%s,0)*%s+%s*%s,0),"")`,
			p.guests, dOK, b.r("gf_local_conveyance"), p.guests, out, p.days, b.r("gf_outstation_max"), out),
		"coordination_fee": fmt.Sprintf(`IF(%s,ROUND(%s*%s,0),"")`, dOK, b.r("coordination_fee"), p.days),
		"stationery": fmt.Sprintf(`IF(%s,0,IF(%s,ROUND(%s*(%s+%s),0),""))`,
			img, pOK, b.r("stationery"), p.participants, b.r("stationery_extra_sets")),
		"photocopy": fmt.Sprintf(`IF(%s,ROUND(%s*%s,0),"")`, dOK, b.r("photocopy"), p.days),
		"food": fmt.Sprintf(`IF(AND(%s,%s),ROUND(%s*(%s*%s+%s*(%s-%s)+%s*%s),0),"")`,
			dOK, pOK, p.days, b.r("food_residential"), acc, b.r("food_day"), p.participants, acc, b.r("food_day"), b.r("food_extra_persons")),
		"venue_hire":    fmt.Sprintf(`IF(%s,0,IF(%s,0,IF(%s,ROUND(%s*%s,0),"")))`, img, govt, dOK, b.r("venue_hire"), p.days),
		"miscellaneous": fmt.Sprintf(`IF(%s,ROUND(%s*%s,0),"")`, dOK, b.r("miscellaneous"), p.days),
		"ta_advance":    fmt.Sprintf(`IF(%s,ROUND(%s*%s/%s,0),"")`, pOK, b.r("ta_advance_per_batch"), p.participants, b.r("batch_size")),
		"da_advance": fmt.Sprintf(`IF(AND(%s,%s),ROUND(%s*%s*%s/%s,0),"")`,
			pOK, dOK, b.r("da_advance_per_day"), p.days, p.participants, b.r("batch_size")),
	}
}

// cappedFields are the money lines with a cap, in proforma order; the base
// of the largest advance (lines 9–16, 18, 19).
var cappedFields = []string{"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy", "food", "venue_hire", "miscellaneous", "ta_advance", "da_advance"}

// annexureLimits writes the Limit formulas and the red-when-over rules.
func (b *book) annexureLimits(lay annexureLayout) error {
	f, sh := b.f, annexureSheet
	v := lay.value
	caps := b.capFormulas(programmeCells{
		days: v["training_days"], participants: v["participants"], accommodated: v["accommodated"],
		guests: v["guest_faculty"], outstation: v["outstation_guest_faculty"], sessions: v["guest_sessions"],
		venue: v["venue"], govtOwned: v["venue_govt_owned"],
	})
	for _, field := range cappedFields {
		if err := f.SetCellFormula(sh, lay.limit[field], caps[field]); err != nil {
			return fmt.Errorf("templates: limit of %s: %w", field, err)
		}
		val, lim := v[field], lay.limit[field]
		if err := b.overWhen(sh, val, fmt.Sprintf("AND(ISNUMBER(%s),ISNUMBER(%s),%s>%s)", val, lim, val, lim)); err != nil {
			return err
		}
	}
	// line 17: the sum of the limits of 9–16; red when it is not the sum of
	// the lines written.
	first, last := lay.row["gf_remuneration"], lay.row["miscellaneous"]
	limRange := fmt.Sprintf("%s%d:%s%d", aiiLimitCol, first, aiiLimitCol, last)
	valRange := fmt.Sprintf("%s%d:%s%d", aiiValueCol, first, aiiValueCol, last)
	if err := f.SetCellFormula(sh, lay.limit["subtotal"], fmt.Sprintf(`IF(COUNT(%s)=%d,SUM(%s),"")`, limRange, last-first+1, limRange)); err != nil {
		return fmt.Errorf("templates: limit of subtotal: %w", err)
	}
	st := v["subtotal"]
	if err := b.overWhen(sh, st, fmt.Sprintf("AND(ISNUMBER(%s),ROUND(%s-SUM(%s),2)<>0)", st, st, valRange)); err != nil {
		return err
	}
	// line 20: amber when anything is claimed (prior permission, VIII)
	if err := b.condition(sh, v["other_expenses"], fmt.Sprintf("N(%s)>0", v["other_expenses"]), b.styles.deviation); err != nil {
		return err
	}
	// line 21: the largest advance, from the admissible amounts of 9–16,
	// 18 and 19.
	if err := f.SetCellFormula(sh, lay.limit["advance_claimed"], b.maxAdvanceFormula(v, lay.limit)); err != nil {
		return fmt.Errorf("templates: largest advance: %w", err)
	}
	if err := b.annexureDeviations(v); err != nil {
		return err
	}
	ac, lim := v["advance_claimed"], lay.limit["advance_claimed"]
	if err := b.overWhen(sh, ac, fmt.Sprintf("AND(ISNUMBER(%s),OR(AND(ISNUMBER(%s),%s>%s),MOD(%s,%s)<>0))",
		ac, lim, ac, lim, ac, money(b.card.AdvanceRounding))); err != nil {
		return err
	}
	return nil
}

// annexureDeviations turns amber the figures a facilitator must look at:
// a batch above the standard size (I(b)), guest sessions beyond the paid
// sessions or the guest share (I(c), I(d), I(j)), and a first day less than
// the lead time away (V). The card's figures are written into the rules
// themselves: a conditional format may not refer to another sheet in every
// spreadsheet program.
func (b *book) annexureDeviations(v map[string]string) error {
	c := b.card
	p, s, d, start := v["participants"], v["guest_sessions"], v["training_days"], v["start_date"]
	share := c.GuestShareMax.String()
	rules := []struct{ cell, formula string }{
		{p, fmt.Sprintf("AND(ISNUMBER(%s),%s>%d)", p, p, c.BatchSize)},
		{s, fmt.Sprintf("AND(ISNUMBER(%[1]s),ISNUMBER(%[2]s),OR(%[1]s>%[3]d*%[2]s-%[4]d,%[1]s>%[5]s*%[3]d*%[2]s))", s, d, c.SessionsPerDay, c.UnpaidSessions, share)},
		{start, fmt.Sprintf("AND(ISNUMBER(%[1]s),%[1]s-TODAY()<%[2]d)", start, c.LeadTimeDays)},
	}
	for _, r := range rules {
		if err := b.condition(annexureSheet, r.cell, r.formula, b.styles.deviation); err != nil {
			return err
		}
	}
	return nil
}

// maxAdvanceFormula is the largest advance (Annexure II 21): the card's
// share of the admissible amounts (each claim up to its cap) of lines 9–16,
// 18 and 19, rounded half-up to the card's rounding; "" while a cap is not
// known. claims and caps map each capped field to its cell.
func (b *book) maxAdvanceFormula(claims, caps map[string]string) string {
	var adm, lims []string
	for _, field := range cappedFields {
		adm = append(adm, fmt.Sprintf("MIN(N(%s),%s)", claims[field], caps[field]))
		lims = append(lims, caps[field])
	}
	return fmt.Sprintf(`IF(COUNT(%s)=%d,%s*ROUND(%s*(%s)/%s,0),"")`,
		strings.Join(lims, ","), len(lims), b.r("advance_rounding"), b.r("advance_share_max"), strings.Join(adm, "+"), b.r("advance_rounding"))
}

// annexureInstructions quotes, line by line, the clauses of the 2015 order
// each line of the proforma follows. No paragraph starts with a label of the
// form.
func annexureInstructions(c *validate.Card) []string {
	pct := func(d decimal.Decimal) string { return d.Mul(decimal.NewFromInt(100)).String() + " %" }
	return []string{
		fmt.Sprintf("These figures are those of the rate card %q (%s), in force from %s. The Limit column is worked out in the sheet from the figures you enter; the program that checks the claim works the same limits out again and its answer is the one that counts.", c.Name, c.Order, c.EffectiveFrom.Format("02.01.2006")),
		"How to fill: type in the tinted cells only; everything else is protected (Review > Unprotect sheet, no password, if you must change the layout). Leave a money line empty, or write 0, when nothing is claimed on it. Send the workbook back as .xlsx (or .ods).",
		fmt.Sprintf("The claim must reach the Finance Division at least %d days before the programme begins, duly recommended by the Facilitator (V).", c.LeadTimeDays),
		"Limits, line by line (the order's clause in brackets):",
		fmt.Sprintf("Line 4 — batch size is %d participants (I(b)); a larger batch needs the facilitator's decision.", c.BatchSize),
		fmt.Sprintf("Line 6 — a day has %d sessions of 90 minutes (I(c)); the first and last sessions are inauguration and valediction (I(d)); guest faculty may take at most %s of the sessions without prior special sanction (I(j)).", c.SessionsPerDay, pct(c.GuestShareMax)),
		fmt.Sprintf("Line 9 — remuneration: Rs.%s a session of 90 minutes taken by guest faculty (cost sheet, I(e)).", money(c.GFRemuneration)),
		fmt.Sprintf("Line 10 — TA/DA to guest faculty: Rs.%s a day for each local guest faculty as conveyance; outstation non-government guest faculty actual TA up to Rs.%s each, to and fro; Government employees claim TA from their own department (II).", money(c.GFLocalConveyance), money(c.GFOutstationMax)),
		fmt.Sprintf("Line 11 — co-ordination fee: Rs.%s a training day (cost sheet).", money(c.CoordinationFee)),
		fmt.Sprintf("Line 12 — stationery: Rs.%s a participant, and %d set for the department co-ordinator (I(h)); not advanced for programmes at IMG headquarters or its regional centres, where stationery is provided in-house (VI).", money(c.Stationery), c.StationeryExtraSets),
		fmt.Sprintf("Line 13 — photocopy: Rs.%s a training day; material should go out on CD or e-mail, and one copy of any photocopied material is submitted for verification.", money(c.Photocopy)),
		fmt.Sprintf("Line 14 — food: Rs.%s a day for each participant availing accommodation (%s), Rs.%s for those who do not (III); %d more persons are fed: the department co-ordinator, the facilitator and a guest faculty (I(i)). Limit = days x (%s x accommodated + %s x others + %s x %d).", money(c.FoodResidential), "breakfast, lunch, tea and dinner", money(c.FoodDay), c.FoodExtraPersons, money(c.FoodResidential), money(c.FoodDay), money(c.FoodDay), c.FoodExtraPersons),
		fmt.Sprintf("Line 15 — venue and equipment hire: Rs.%s a training day, allowed only for genuine cases; nothing for an IMG centre or a Govt-owned venue (cost sheet remark).", money(c.VenueHire)),
		fmt.Sprintf("Line 16 — miscellaneous: Rs.%s a training day (I(g)).", money(c.Miscellaneous)),
		"Line 17 — the total of lines 9 to 16 as written; it turns red when it is not their sum.",
		fmt.Sprintf("Line 18 — TA advance: Rs.%s for a batch of %d, less in proportion for fewer participants (IV). Participants are paid TA as Annexure I says.", money(c.TAAdvancePerBatch), c.BatchSize),
		fmt.Sprintf("Line 19 — DA advance: Rs.%s a training day for a batch of %d, in proportion (IV).", money(c.DAAdvancePerDay), c.BatchSize),
		"Line 20 — anything beyond the standard budget needs prior permission and a separate budget allocation through the Programme & Planning Division (VIII); it is not part of the advance's limit.",
		fmt.Sprintf("Line 21 — at most %s of lines 17 + 18 + 19, each line counted up to its limit, rounded to the nearest %s (…50 goes up); write a multiple of %s.", pct(c.AdvanceShareMax), money(c.AdvanceRounding), money(c.AdvanceRounding)),
		"Lines 22 and 23 — payment is by bank transfer (IV.4): give the account number (9 to 18 digits) and the branch IFSC.",
		fmt.Sprintf("Settle the advance within %d days of the last training day; penal interest is levied after that (VII).", c.SettleWithinDays),
		"Clauses quoted: IMG Proceedings No. 420/2015/IMG dated 09.09.2015 (Conduct of Training Programmes under STP – Revised Guidelines), issued under GO (Rt) No.308/2015/P&ARD dated 13.08.2015.",
	}
}
