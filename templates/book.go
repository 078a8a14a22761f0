package templates

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/output/printsetup"
	"stpclaims/validate"
)

// ErrNoCard is returned when a template is asked for without a rate card.
var ErrNoCard = errors.New("templates: no rate card")

// Sheet names shared by the three workbooks: the reader knows them, in a
// workbook titled stpclaims.TemplateTitle, as the template's own.
const (
	instructionsSheet = stpclaims.TemplateInstructionsSheet
	ratesSheet        = stpclaims.TemplateRatesSheet
)

// rate is one figure of the card written into the hidden Rates sheet: its
// value in column A (so that no label of the forms has a number to its
// right), its key in B and what it is in C.
type rate struct {
	key   string
	value decimal.Decimal
	what  string
}

// cardRates lists the card's figures the formulas use, in the order they are
// written (row 2 onwards).
func cardRates(c *validate.Card) []rate {
	n := func(i int) decimal.Decimal { return decimal.NewFromInt(int64(i)) }
	return []rate{
		{"batch_size", n(c.BatchSize), "participants in a standard batch, I(b)"},
		{"sessions_per_day", n(c.SessionsPerDay), "sessions a day, I(c)"},
		{"unpaid_sessions", n(c.UnpaidSessions), "unpaid sessions per programme (inauguration, valediction), I(d)"},
		{"guest_share_max", c.GuestShareMax, "largest share of sessions for guest faculty, I(j)"},
		{"gf_remuneration", c.GFRemuneration, "rupees per guest faculty session, cost sheet, I(e)"},
		{"gf_local_conveyance", c.GFLocalConveyance, "rupees per guest faculty a day, cost sheet, II"},
		{"gf_outstation_max", c.GFOutstationMax, "rupees per outstation guest faculty, to and fro, II"},
		{"gf_train_min_km", c.GFTrainMinKm, "km: guest faculty train fare only for journeys beyond this, II"},
		{"coordination_fee", c.CoordinationFee, "rupees a training day, cost sheet"},
		{"stationery", c.Stationery, "rupees per participant (set), cost sheet"},
		{"stationery_extra_sets", n(c.StationeryExtraSets), "extra sets for the department co-ordinator, I(h)"},
		{"photocopy", c.Photocopy, "rupees a training day, cost sheet"},
		{"food_residential", c.FoodResidential, "rupees per participant a day, availing accommodation, III"},
		{"food_day", c.FoodDay, "rupees per participant a day, not availing accommodation, III"},
		{"food_extra_persons", n(c.FoodExtraPersons), "extra persons fed (co-ordinator, facilitator, guest faculty), I(i)"},
		{"venue_hire", c.VenueHire, "rupees a training day for venue and equipment, cost sheet"},
		{"miscellaneous", c.Miscellaneous, "rupees a training day, cost sheet"},
		{"ta_advance_per_batch", c.TAAdvancePerBatch, "rupees of TA advance for a batch, IV"},
		{"da_advance_per_day", c.DAAdvancePerDay, "rupees of DA advance a day for a batch, IV"},
		{"advance_share_max", c.AdvanceShareMax, "largest share of lines 17 + 18 + 19 advanced, Annexure II 21"},
		{"advance_rounding", c.AdvanceRounding, "the advance is rounded to this many rupees, Annexure II 21"},
		{"local_radius_km", c.LocalRadiusKm, "km: participants this near their headquarters get no TA, IV.2"},
		{"auto_max_km", c.AutoMaxKm, "km of autorickshaw per single journey, Annexure I.5"},
		{"da_share_in_training", c.DAShareInTraining, "share of the full daily DA paid in training, Annexure I.3"},
		{"lead_time_days", n(c.LeadTimeDays), "days before the first day the claim must reach IMG, V"},
		{"settle_within_days", n(c.SettleWithinDays), "days after the last day to settle, VII"},
		{"penal_interest_annual", c.PenalInterestAnnual, "penal interest a year, simple, on the advance, VII"},
	}
}

// daClasses are the classes of officer whose full daily DA the card may give.
var daClasses = []string{"I", "II", "III", "IV"}

// book is a workbook under construction with its styles and the cell of
// every rate.
type book struct {
	f      *excelize.File
	card   *validate.Card
	rates  map[string]string // key → "Rates!$A$n"
	styles styles
}

type styles struct {
	title, subtitle, header, label, hint, serial, limit, limitHeader   int
	inText, inCount, inMoney, inDate, inChoice, instruction, instrHead int
	instrTitle, inNumber                                               int
	limitSigned, limitCount, over, deviation                           int
}

func newBook(card *validate.Card, first string) (*book, error) {
	if card == nil {
		return nil, ErrNoCard
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", first); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("templates: %w", err)
	}
	b := &book{f: f, card: card, rates: map[string]string{}}
	b.planRates()
	if err := b.newStyles(); err != nil {
		_ = f.Close()
		return nil, err
	}
	return b, nil
}

func (b *book) newStyles() error {
	border := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	fill := func(c string) excelize.Fill { return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{c}} }
	locked, unlocked := &excelize.Protection{Locked: true}, &excelize.Protection{Locked: false}
	wrap := &excelize.Alignment{WrapText: true, Vertical: "top"}
	font := func(f excelize.Font) *excelize.Font { f.Family = printsetup.FontFamily; return &f }
	input := func(numFmt int, custom string) *excelize.Style {
		s := &excelize.Style{Border: border, Fill: fill("FFF2CC"), Protection: unlocked, NumFmt: numFmt,
			Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}
		if custom != "" {
			s.CustomNumFmt = &custom
		}
		return s
	}
	dateFmt, limitFmt, signedFmt, countFmt := printsetup.Date, printsetup.Rupees, printsetup.SignedRupees, "0"
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&b.styles.title, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 14}), Protection: locked}},
		{&b.styles.subtitle, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 11}), Protection: locked, Alignment: wrap}},
		{&b.styles.header, &excelize.Style{Font: font(excelize.Font{Bold: true}), Fill: fill("D9E1F2"), Border: border, Protection: locked,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}},
		{&b.styles.label, &excelize.Style{Border: border, Protection: locked, Alignment: wrap}},
		{&b.styles.hint, &excelize.Style{Border: border, Protection: locked, Alignment: wrap, Font: font(excelize.Font{Italic: true, Color: "595959", Size: 9})}},
		{&b.styles.serial, &excelize.Style{Border: border, Protection: locked, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "top"}}},
		{&b.styles.limit, &excelize.Style{Border: border, Fill: fill("EDEDED"), Protection: locked, CustomNumFmt: &limitFmt,
			Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&b.styles.limitSigned, &excelize.Style{Border: border, Fill: fill("EDEDED"), Protection: locked, CustomNumFmt: &signedFmt,
			Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&b.styles.limitCount, &excelize.Style{Border: border, Fill: fill("EDEDED"), Protection: locked, CustomNumFmt: &countFmt,
			Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&b.styles.limitHeader, &excelize.Style{Font: font(excelize.Font{Bold: true}), Fill: fill("EDEDED"), Border: border, Protection: locked,
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"}}},
		{&b.styles.inText, input(49, "")},
		{&b.styles.inCount, input(1, "")},
		{&b.styles.inMoney, input(0, printsetup.RupeesPaise)},
		{&b.styles.inNumber, input(0, "")}, // General: 45 km, 2.5 km
		{&b.styles.inDate, input(0, dateFmt)},
		{&b.styles.inChoice, input(0, "")},
		{&b.styles.instruction, &excelize.Style{Protection: locked, Alignment: wrap}},
		{&b.styles.instrHead, &excelize.Style{Font: font(excelize.Font{Bold: true}), Protection: locked, Alignment: wrap}},
		{&b.styles.instrTitle, &excelize.Style{Font: font(excelize.Font{Bold: true, Size: 13}), Protection: locked, Alignment: wrap}},
	}
	for _, d := range defs {
		id, err := b.f.NewStyle(d.s)
		if err != nil {
			return fmt.Errorf("templates: style: %w", err)
		}
		*d.id = id
	}
	var err error
	if b.styles.over, err = b.f.NewConditionalStyle(&excelize.Style{Font: font(excelize.Font{Color: "9C0006", Bold: true}),
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFC7CE"}}}); err != nil {
		return fmt.Errorf("templates: style: %w", err)
	}
	if b.styles.deviation, err = b.f.NewConditionalStyle(&excelize.Style{Font: font(excelize.Font{Color: "9C5700"}),
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB9C"}}}); err != nil {
		return fmt.Errorf("templates: style: %w", err)
	}
	return nil
}

// rateRow is one row of the Rates sheet below its header.
type rateRow struct {
	number string // a rate as its decimal digits, written as a number cell
	place  string // or a place name
	key    string
	what   string
}

// planRates lays out the Rates sheet and records each rate's cell, so that
// the forms' formulas can refer to it before the sheet is written.
func (b *book) planRates() []rateRow {
	var rows []rateRow
	add := func(ref string, r rateRow) {
		rows = append(rows, r)
		if ref != "" {
			b.rates[ref] = fmt.Sprintf("%s!$A$%d", ratesSheet, len(rows)+1)
		}
	}
	for _, r := range cardRates(b.card) {
		add(r.key, rateRow{number: r.value.String(), key: "rate." + r.key, what: "Rate card: " + r.what})
	}
	for _, class := range daClasses {
		var v string
		if d, ok := b.card.DARates[class]; ok {
			v = d.String()
		}
		add("full_da_"+class, rateRow{number: v, key: "rate.full_da." + class, what: "Rate card: full daily DA for class " + class + " officers (blank: the bill's own column is used), KSR Part II"})
	}
	for i, centre := range b.card.IMGCentres {
		add("", rateRow{place: centre, key: fmt.Sprintf("rate.img_centre.%d", i+1), what: "Rate card: a place of an IMG centre (VI)"})
	}
	return rows
}

// writeRates writes the hidden, protected Rates sheet: the card's name and
// date, then one row per rate, the full daily DA by class where the card
// gives it, and the places of the IMG centres. The value stands in column A,
// left of its key, so that no reader takes a rate for a form's value.
func (b *book) writeRates() error {
	f, sh := b.f, ratesSheet
	if _, err := f.NewSheet(sh); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	set := func(cell string, v any) { _ = f.SetCellValue(sh, cell, v) }
	set("A1", "value")
	set("B1", "key")
	set("C1", fmt.Sprintf("Rate card %q, in force from %s (%s)", b.card.Name, b.card.EffectiveFrom.Format("02.01.2006"), b.card.Order))
	for i, r := range b.planRates() {
		cell := fmt.Sprintf("A%d", i+2)
		switch {
		case r.number != "":
			// the digits as they are, never through a float
			if err := f.SetCellDefault(sh, cell, r.number); err != nil {
				return fmt.Errorf("templates: rate %s: %w", r.key, err)
			}
		case r.place != "":
			set(cell, r.place)
		}
		set(fmt.Sprintf("B%d", i+2), r.key)
		set(fmt.Sprintf("C%d", i+2), r.what)
	}
	_ = f.SetColWidth(sh, "A", "A", 14)
	_ = f.SetColWidth(sh, "B", "B", 28)
	_ = f.SetColWidth(sh, "C", "C", 80)
	if err := f.ProtectSheet(sh, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true}); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if err := f.SetSheetVisible(sh, false); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	return nil
}

// r returns the reference of a rate written by writeRates.
func (b *book) r(key string) string {
	ref, ok := b.rates[key]
	if !ok {
		panic("templates: no rate " + key) // a programming error, caught by every test
	}
	return ref
}

// genericVenueWords may stand beside "IMG" in a venue that is an IMG centre;
// longest first, so that removing one never leaves part of a longer one.
// They mirror package validate's list.
var genericVenueWords = []string{
	"INSTITUTE OF MANAGEMENT IN GOVERNMENT", "HEADQUARTERS", "AUDITORIUM", "CONFERENCE", "CLASSROOM",
	"REGIONAL", "BUILDING", "TRAINING", "SEMINAR", "CENTRE", "CENTER", "CAMPUS", "OFFICE", "KERALA",
	"CLASS", "HEAD", "MAIN", "HALL", "ROOM", "IMG", "THE", "RC", "HQ", "OF", "AT", "IN",
	".", ",", "-", "(", ")", "'", "&", "/", " ",
}

// imgCentreFormula is a formula that is TRUE when the text in cell venue
// names an IMG centre: it names IMG and either one of the card's centre
// places or nothing but IMG and generic words.
func (b *book) imgCentreFormula(venue string) string {
	namesIMG := fmt.Sprintf(`OR(ISNUMBER(SEARCH("IMG",%[1]s)),ISNUMBER(SEARCH("Institute of Management in Government",%[1]s)))`, venue)
	var places []string
	for _, c := range b.card.IMGCentres {
		places = append(places, fmt.Sprintf(`ISNUMBER(SEARCH("%s",%s))`, strings.ReplaceAll(c, `"`, `""`), venue))
	}
	stripped := "UPPER(" + venue + ")"
	for _, w := range genericVenueWords {
		stripped = fmt.Sprintf(`SUBSTITUTE(%s,"%s","")`, stripped, w)
	}
	generic := "LEN(" + stripped + ")=0"
	any := generic
	if len(places) > 0 {
		any = "OR(" + strings.Join(places, ",") + "," + generic + ")"
	}
	return fmt.Sprintf(`AND(LEN(TRIM(%s))>0,%s,%s)`, venue, namesIMG, any)
}

// govtVenueFormula is a formula that is TRUE when the venue is
// Government-owned as package validate decides it: the "Venue Govt-owned"
// cell says Yes, or it says neither Yes nor No and the venue's name holds
// one of the card's govt_venue_words as whole words (a text test:
// punctuation read as spaces).
func (b *book) govtVenueFormula(venue, flag string) string {
	yes := fmt.Sprintf(`OR(UPPER(TRIM(%[1]s))="YES",UPPER(TRIM(%[1]s))="Y")`, flag)
	no := fmt.Sprintf(`OR(UPPER(TRIM(%[1]s))="NO",UPPER(TRIM(%[1]s))="N")`, flag)
	padded := `" "&UPPER(` + venue + `)&" "`
	for _, p := range []string{".", ",", "-", "(", ")", "/", ";", ":"} {
		padded = fmt.Sprintf(`SUBSTITUTE(%s,"%s"," ")`, padded, p)
	}
	words := b.card.GovtVenueWords
	if words == nil {
		words = validate.Builtin().GovtVenueWords
	}
	var quoted []string
	for _, w := range words {
		w = strings.ToUpper(strings.Join(strings.Fields(w), " "))
		quoted = append(quoted, `" `+strings.ReplaceAll(w, `"`, `""`)+` "`)
	}
	if len(quoted) == 0 {
		return yes
	}
	hit := fmt.Sprintf(`SUMPRODUCT(--ISNUMBER(SEARCH({%s},%s)))>0`, strings.Join(quoted, ","), padded)
	return fmt.Sprintf(`OR(%s,AND(NOT(%s),%s))`, yes, no, hit)
}

// input marks a cell as an input: its style and its validation.
func (b *book) input(sheet, cell string, style int, dv *excelize.DataValidation) error {
	if err := b.f.SetCellStyle(sheet, cell, cell, style); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	if dv == nil {
		return nil
	}
	dv.Sqref = cell
	if err := b.f.AddDataValidation(sheet, dv); err != nil {
		return fmt.Errorf("templates: validation of %s!%s: %w", sheet, cell, err)
	}
	return nil
}

// validation kinds for input cells.
func dvText(title, msg string, maxLen int) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	_ = dv.SetRange(0, maxLen, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween)
	dv.SetInput(title, msg)
	dv.SetError(excelize.DataValidationErrorStyleStop, title, fmt.Sprintf("At most %d characters.", maxLen))
	return dv
}

func dvWhole(title, msg string, lo, hi int) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	_ = dv.SetRange(lo, hi, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
	dv.SetInput(title, msg)
	dv.SetError(excelize.DataValidationErrorStyleStop, title, fmt.Sprintf("Enter a whole number from %d to %d.", lo, hi))
	return dv
}

func dvDecimal(title, msg string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	_ = dv.SetRange(0, 100000000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
	dv.SetInput(title, msg)
	dv.SetError(excelize.DataValidationErrorStyleStop, title, "Enter an amount in rupees as a number (0 or leave empty when nothing is claimed).")
	return dv
}

func dvDate(title, msg string) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	// 01.01.2015 to 31.12.2099 as date serials
	_ = dv.SetRange(42005, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween)
	dv.SetInput(title, msg)
	// a warning, not a refusal: where the spreadsheet's locale does not
	// take 12.01.2026 for a date, the text is still read by the program
	dv.SetError(excelize.DataValidationErrorStyleWarning, title, "Enter the date day first, e.g. 12/01/2026 or 12.01.2026.")
	return dv
}

// dvList is a dropdown; strict refuses other entries, else a warning lets
// them through (class of officers may be a combination not listed).
func dvList(title, msg string, items []string, strict bool) *excelize.DataValidation {
	dv := excelize.NewDataValidation(true)
	_ = dv.SetDropList(items)
	dv.SetInput(title, msg)
	style := excelize.DataValidationErrorStyleStop
	if !strict {
		style = excelize.DataValidationErrorStyleWarning
	}
	dv.SetError(style, title, "Choose one of: "+strings.Join(items, ", ")+".")
	return dv
}

var (
	yesNo           = []string{"Yes", "No"}
	officerClasses  = []string{"I", "II", "III", "IV", "I & II", "II & III", "III & IV", "I & II & III", "II & III & IV", "All"} // no commas: a list item cannot hold one
	programmeTypes  = []string{"Zonal", "District", "State"}
	modesOfTravel   = []string{"Train", "Bus", "Auto", "Own", "Taxi"}
	classesOfficers = []string{"I", "II", "III", "IV"}
)

// protect locks a sheet without a password, leaving its unlocked (input)
// cells editable.
func (b *book) protect(sheet string, rows bool) error {
	opts := &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true}
	if rows {
		opts.InsertRows, opts.DeleteRows = true, true
	}
	if err := b.f.ProtectSheet(sheet, opts); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	return nil
}

// overWhen turns cell red when the formula is true.
func (b *book) overWhen(sheet, cell, formula string) error {
	return b.condition(sheet, cell, formula, b.styles.over)
}

func (b *book) condition(sheet, cell, formula string, style int) error {
	if err := b.f.SetConditionalFormat(sheet, cell, []excelize.ConditionalFormatOptions{
		{Type: "formula", Criteria: formula, Format: &style},
	}); err != nil {
		return fmt.Errorf("templates: conditional format %s!%s: %w", sheet, cell, err)
	}
	return nil
}

// writeInstructions writes the Instructions sheet: a title and one
// paragraph per row. No row starts with a form's label, so that the readers
// never take an instruction for a field.
func (b *book) writeInstructions(name, title string, paras []string) error {
	f, sh := b.f, instructionsSheet
	if _, err := f.NewSheet(sh); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	_ = f.SetColWidth(sh, "A", "A", 84) // narrower than a portrait page (printsetup.MaxColumnWidth)
	_ = f.SetCellValue(sh, "A1", title)
	_ = f.SetCellStyle(sh, "A1", "A1", b.styles.instrTitle)
	for i, p := range paras {
		cell := fmt.Sprintf("A%d", i+3)
		_ = f.SetCellValue(sh, cell, p)
		style := b.styles.instruction
		if strings.HasPrefix(p, "How ") || strings.HasPrefix(p, "Limits") || strings.HasPrefix(p, "Clauses") {
			style = b.styles.instrHead
		}
		_ = f.SetCellStyle(sh, cell, cell, style)
	}
	if err := b.printForm(sh, fmt.Sprintf("A1:A%d", len(paras)+2), 0, 1, "STP "+name+": instructions"); err != nil {
		return err
	}
	return b.protect(sh, false)
}

// titleRows writes a form's title, subtitle and hint in rows 1, 2…, one
// row each (none for an empty one), each merged from column A to lastCol.
func (b *book) titleRows(sheet, lastCol, title, subtitle, hint string) {
	row := 0
	for _, r := range []struct {
		text  string
		style int
	}{{title, b.styles.title}, {subtitle, b.styles.subtitle}, {hint, b.styles.hint}} {
		if r.text == "" {
			continue
		}
		row++
		from, to := fmt.Sprintf("A%d", row), fmt.Sprintf("%s%d", lastCol, row)
		_ = b.f.SetCellValue(sheet, from, r.text)
		_ = b.f.MergeCell(sheet, from, to)
		_ = b.f.SetCellStyle(sheet, from, to, r.style)
	}
}

// printForm makes a sheet print on A4: its rows as tall as their wrapped
// text, the area fitted one page wide and tall pages tall (0: as many as
// it needs), the header row repeated, and the form's name, the rate card
// and the page number in the footer.
func (b *book) printForm(sheet, area string, headerRow, tall int, name string) error {
	if err := printsetup.FitRows(b.f, sheet); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	p := printsetup.Page{Area: area, Tall: tall, RepeatFrom: headerRow, Footer: name + " · rate card " + b.card.Name}
	if err := printsetup.Apply(b.f, sheet, p); err != nil {
		return fmt.Errorf("templates: %w", err)
	}
	return nil
}

// build makes one template: its first sheet named firstSheet, the form's
// sheets written by forms in order, the Instructions sheet (title and
// the card's paragraphs; the form's name in its footer) and the hidden
// Rates sheet.
func build(card *validate.Card, firstSheet, name, title string, instructions func(*validate.Card) []string, forms ...func(*book) error) ([]byte, error) {
	b, err := newBook(card, firstSheet)
	if err != nil {
		return nil, err
	}
	steps := append(forms,
		func(b *book) error { return b.writeInstructions(name, title, instructions(card)) },
		(*book).writeRates)
	for _, step := range steps {
		if err := step(b); err != nil {
			_ = b.f.Close()
			return nil, err
		}
	}
	return b.finish()
}

// finish makes the form's sheet the active one and returns the workbook's
// bytes.
func (b *book) finish() ([]byte, error) {
	defer b.f.Close()
	b.f.SetActiveSheet(0)
	_ = b.f.SetDocProps(&excelize.DocProperties{Creator: "stpclaims", Title: stpclaims.TemplateTitle, Description: "Rate card: " + b.card.Name})
	buf, err := b.f.WriteToBuffer()
	if err != nil {
		return nil, fmt.Errorf("templates: writing the workbook: %w", err)
	}
	return buf.Bytes(), nil
}

// money writes a rate for a label or hint: "750", "16000".
func money(d decimal.Decimal) string { return d.String() }

var decimal100 = decimal.NewFromInt(100)
