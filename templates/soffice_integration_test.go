//go:build integration

package templates

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/internal/sofficetest"
	"stpclaims/validate"
)

// soffice converts files (name → bytes) to format in one LibreOffice run
// (which computes formulas without a cached value as it loads them).
func soffice(t *testing.T, format string, files map[string][]byte) map[string][]byte {
	t.Helper()
	return sofficetest.Convert(t, format, files)
}

// cellValues opens a workbook and returns the cached values of cells on
// sheet.
func cellValues(t *testing.T, data []byte, sheet string, cells []string) map[string]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	out := map[string]string{}
	for _, c := range cells {
		v, err := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", sheet, c, err)
		}
		out[c] = v
	}
	return out
}

func TestAnnexureII_LimitsInLibreOffice(t *testing.T) {
	card := validate.Builtin()
	lay := layoutAnnexure(annexureRows(card))
	data := fillAnnexure(t, card, workedExample())
	conv := soffice(t, "xlsx", map[string][]byte{"worked.xlsx": data})["worked.xlsx"]
	var cells []string
	for _, c := range lay.limit {
		cells = append(cells, c)
	}
	got := cellValues(t, conv, annexureSheet, cells)
	want := map[string]string{
		"gf_remuneration": "6000", "gf_ta": "2000", "coordination_fee": "1500", "stationery": "3100", "photocopy": "3750",
		"food": "34215", "venue_hire": "12500", "miscellaneous": "2750", "subtotal": "65815", "ta_advance": "16000",
		"da_advance": "5000", "other_expenses": "", "advance_claimed": "65100",
	}
	for field, w := range want {
		if g := got[lay.limit[field]]; g != w {
			t.Errorf("Limit of %s (%s) = %q, want %q", field, lay.limit[field], g, w)
		}
	}
}

// aiiCase is one generated programme and claim.
type aiiCase struct {
	days, participants, guests, sessions int
	accommodated, outstation             *int // nil: left empty
	venue, govt                          string
	claims                               map[string]int // capped field → claim; absent: left empty
}

var caseVenues = []string{
	"IMG Regional Centre, Kochi", "IMG, Thiruvananthapuram", "IMG", "IMG Regional Centre",
	"Institute of Management in Government, Kozhikode", "IMG Regional Centre, Thrissur", "IMG campus, Vikas Bhavan",
	"Town Hall, Kochi", "Collectorate Conference Hall, Kollam", "Hotel Residency, Calicut", "",
}

func randomCase(r *rand.Rand) aiiCase {
	c := aiiCase{
		days: 1 + r.IntN(10), participants: 1 + r.IntN(45), guests: r.IntN(7), sessions: r.IntN(31),
		venue: caseVenues[r.IntN(len(caseVenues))], govt: []string{"Yes", "No", ""}[r.IntN(3)],
		claims: map[string]int{},
	}
	if r.IntN(3) > 0 {
		a := r.IntN(c.participants + 3)
		c.accommodated = &a
	}
	if r.IntN(2) == 0 {
		o := r.IntN(c.guests + 2)
		c.outstation = &o
	}
	for _, f := range cappedFields {
		if r.IntN(5) > 0 {
			c.claims[f] = r.IntN(40000)
		}
	}
	return c
}

// assess is what package validate makes of the case.
func (c aiiCase) assess(card *validate.Card) stpclaims.Assessment {
	count := func(n int) stpclaims.Count {
		return stpclaims.Count{Value: n, State: stpclaims.Present, Raw: fmt.Sprint(n)}
	}
	a := &stpclaims.AnnexureII{
		TrainingDays: count(c.days), Participants: count(c.participants), GuestFaculty: count(c.guests), GuestSessions: count(c.sessions),
	}
	if c.accommodated != nil {
		a.Accommodated = count(*c.accommodated)
	}
	if c.outstation != nil {
		a.OutstationGuestFaculty = count(*c.outstation)
	}
	if c.venue != "" {
		a.Venue = stpclaims.Text{Value: c.venue, State: stpclaims.Present, Raw: c.venue}
	}
	if c.govt != "" {
		a.VenueGovtOwned = stpclaims.Flag{Value: c.govt == "Yes", State: stpclaims.Present, Raw: c.govt}
	}
	for _, m := range a.MoneyLines() {
		if slices.Contains(cappedFields, m.Field) {
			*m.Amount = stpclaims.Amount{Value: decimal.NewFromInt(int64(c.claims[m.Field])), State: stpclaims.Present}
		}
	}
	return validate.AnnexureII(a, card, time.Time{})
}

// casesWorkbook writes one row per case with the templates' own Limit
// formulas: the programme in A–H, the claims in I–R, the caps in S–AB and
// the largest advance in AC.
func casesWorkbook(t *testing.T, card *validate.Card, cases []aiiCase) []byte {
	t.Helper()
	b, err := newBook(card, "Cases")
	if err != nil {
		t.Fatal(err)
	}
	col := func(i int) string { n, _ := excelize.ColumnNumberToName(i); return n }
	for i, c := range cases {
		row := i + 2
		at := func(j int) string { return fmt.Sprintf("%s%d", col(j), row) }
		set := func(j int, v any) {
			if err := b.f.SetCellValue("Cases", at(j), v); err != nil {
				t.Fatal(err)
			}
		}
		set(1, c.days)
		set(2, c.participants)
		if c.accommodated != nil {
			set(3, *c.accommodated)
		}
		set(4, c.guests)
		if c.outstation != nil {
			set(5, *c.outstation)
		}
		set(6, c.sessions)
		if c.venue != "" {
			set(7, c.venue)
		}
		if c.govt != "" {
			set(8, c.govt)
		}
		claims, caps := map[string]string{}, map[string]string{}
		for k, f := range cappedFields {
			claims[f], caps[f] = at(9+k), at(9+len(cappedFields)+k)
			if v, ok := c.claims[f]; ok {
				set(9+k, v)
			}
		}
		formulas := b.capFormulas(programmeCells{days: at(1), participants: at(2), accommodated: at(3), guests: at(4),
			outstation: at(5), sessions: at(6), venue: at(7), govtOwned: at(8)})
		for _, f := range cappedFields {
			if err := b.f.SetCellFormula("Cases", caps[f], formulas[f]); err != nil {
				t.Fatal(err)
			}
		}
		if err := b.f.SetCellFormula("Cases", at(9+2*len(cappedFields)), b.maxAdvanceFormula(claims, caps)); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.writeRates(); err != nil {
		t.Fatal(err)
	}
	data, err := b.finish()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestAnnexureII_LimitFormulasAgreeWithValidate recalculates the Limit
// formulas in LibreOffice for a few hundred generated programmes and claims
// and compares them with package validate's caps and largest advance.
func TestAnnexureII_LimitFormulasAgreeWithValidate(t *testing.T) {
	card := validate.Builtin()
	r := rand.New(rand.NewPCG(2015, 308))
	cases := make([]aiiCase, 400)
	for i := range cases {
		cases[i] = randomCase(r)
	}
	conv := soffice(t, "xlsx", map[string][]byte{"cases.xlsx": casesWorkbook(t, card, cases)})["cases.xlsx"]
	f, err := excelize.OpenReader(bytes.NewReader(conv))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Cases", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("first case: %+v → %v", cases[0], rows[1])
	kinds := map[string]int{}
	for i, c := range cases {
		as := c.assess(card)
		row := rows[i+1]
		cell := func(j int) string {
			if j-1 < len(row) {
				return row[j-1]
			}
			return ""
		}
		for k, field := range cappedFields {
			got := cell(9 + len(cappedFields) + k)
			want := ""
			for _, l := range as.Lines {
				if l.Field == field {
					want = l.Cap.String()
				}
			}
			if got != want {
				t.Errorf("case %d %+v: cap of %s: LibreOffice %q, validate %q", i, c, field, got, want)
			}
		}
		got := cell(9 + 2*len(cappedFields))
		want := ""
		if as.MaxAdvance.Valid {
			want = as.MaxAdvance.Decimal.String()
		}
		if got != want {
			t.Errorf("case %d %+v: largest advance: LibreOffice %q, validate %q", i, c, got, want)
		}
		if card.IsIMGCentre(c.venue) {
			kinds["img"]++
		} else if c.govt == "Yes" {
			kinds["govt"]++
		} else {
			kinds["other"]++
		}
	}
	if kinds["img"] == 0 || kinds["govt"] == 0 || kinds["other"] == 0 {
		t.Errorf("the cases do not cover every kind of venue: %v", kinds)
	}
}

// TestTemplates_LibreOfficeRoundTrip fills each template, saves it as .ods
// in LibreOffice and back as .xlsx, and checks that the program reads and
// judges it as it does the file it wrote.
func TestTemplates_LibreOfficeRoundTrip(t *testing.T) {
	card := validate.Builtin()
	filled := map[string][]byte{
		"annexure2.xlsx":  fillAnnexure(t, card, workedExample()),
		"ta-bill.xlsx":    fillTABill(t, card, []taRow{goodParticipant(1), goodParticipant(2)}, []taRow{goodFaculty()}),
		"settlement.xlsx": fillSettlement(t, card, goodSettlement()),
	}
	ods := soffice(t, "ods", filled)
	odsAsInput := map[string][]byte{}
	for name, data := range ods {
		odsAsInput[strings.TrimSuffix(name, ".xlsx")+".ods"] = data
	}
	back := soffice(t, "xlsx", odsAsInput)
	received := map[string]time.Time{"annexure2": date(2026, 1, 12), "ta-bill": date(2026, 2, 20), "settlement": date(2026, 3, 26)}
	for name, data := range filled {
		base := strings.TrimSuffix(name, ".xlsx")
		t.Run(base, func(t *testing.T) {
			// the co-ordinator's .ods is what LibreOffice wrote; the program
			// is given it as .xlsx (as package convert would make it)
			direct := check(t, name, data, received[base])
			viaODS := check(t, name, back[base+".ods"], received[base])
			for _, rep := range []stpclaims.Report{direct, viaODS} {
				noReadingFinding(t, rep)
			}
			for label, rep := range map[string]stpclaims.Report{".ods saved back as .xlsx": viaODS} {
				if rep.Form != direct.Form || rep.Status != direct.Status {
					t.Errorf("%s: %s %s, want %s %s (%s)", label, rep.Form, rep.Status, direct.Form, direct.Status, rep.Reason)
				}
				// totals written as formulas are read once LibreOffice has
				// computed them; the findings are otherwise the same
				if got, want := slices.Compact(rules(rep)), slices.Compact(rules(direct)); !slices.Equal(got, want) {
					t.Errorf("%s: rules %v, want %v", label, got, want)
				}
				if rep.MaxAdvance.Valid != direct.MaxAdvance.Valid || !rep.MaxAdvance.Decimal.Equal(direct.MaxAdvance.Decimal) ||
					rep.Balance.Valid != direct.Balance.Valid || !rep.Balance.Decimal.Equal(direct.Balance.Decimal) {
					t.Errorf("%s: max advance %v balance %v, want %v %v", label, rep.MaxAdvance, rep.Balance, direct.MaxAdvance, direct.Balance)
				}
				if len(rep.Lines) != len(direct.Lines) {
					t.Errorf("%s: %d lines, want %d", label, len(rep.Lines), len(direct.Lines))
				}
				for i := range min(len(rep.Lines), len(direct.Lines)) {
					g, w := rep.Lines[i], direct.Lines[i]
					if g.Field != w.Field || !g.Claimed.Equal(w.Claimed) || !g.Cap.Equal(w.Cap) || !g.Admissible.Equal(w.Admissible) {
						t.Errorf("%s: line %+v, want %+v", label, g, w)
					}
				}
			}
		})
	}
}

// TestTemplates_SurviveLibreOffice opens each blank template in LibreOffice
// and saves it again as .xlsx: it converts (so it opened without repair),
// and its protection, dropdowns, validations, hidden Rates sheet and
// formulas are still there.
func TestTemplates_SurviveLibreOffice(t *testing.T) {
	card := validate.Builtin()
	blanks := map[string][]byte{}
	for _, k := range Kinds {
		data, err := Build(k, card)
		if err != nil {
			t.Fatal(err)
		}
		blanks[FileName(k)] = data
	}
	saved := soffice(t, "xlsx", blanks)
	for _, k := range Kinds {
		t.Run(string(k), func(t *testing.T) {
			before := inspect(t, blanks[FileName(k)])
			after := inspect(t, saved[FileName(k)])
			t.Logf("before: %+v\nafter:  %+v", before, after)
			if !slices.Equal(after.sheets, before.sheets) {
				t.Errorf("sheets %v, want %v", after.sheets, before.sheets)
			}
			for sheet, want := range before.protected {
				if !after.protected[sheet] && want {
					t.Errorf("sheet %q lost its protection", sheet)
				}
			}
			if after.ratesVisible {
				t.Error("the Rates sheet is visible")
			}
			for sheet, want := range before.validations {
				got := after.validations[sheet]
				for kind, n := range want {
					if got[kind] == 0 {
						t.Errorf("sheet %q: no %s validation left (had %d)", sheet, kind, n)
					}
				}
			}
			if before.lists == 0 || after.lists < before.lists {
				t.Errorf("dropdowns: %d after, %d before", after.lists, before.lists)
			}
			if after.prompts < before.prompts {
				t.Errorf("input messages: %d after, %d before", after.prompts, before.prompts)
			}
			if after.unlocked < before.unlocked || before.unlocked == 0 {
				t.Errorf("unlocked input cells: %d after, %d before", after.unlocked, before.unlocked)
			}
			if after.formulas == 0 || after.formulas < before.formulas {
				t.Errorf("formulas: %d after, %d before", after.formulas, before.formulas)
			}
			if after.conditional == 0 {
				t.Error("no conditional formatting left")
			}
			// and the program still reads it as the blank form it is
			form := readForm(t, saved[FileName(k)])
			if form.Kind != k {
				t.Errorf("read as %q", form.Kind)
			}
		})
	}
}

// workbookFacts are what TestTemplates_SurviveLibreOffice compares.
type workbookFacts struct {
	sheets       []string
	protected    map[string]bool
	validations  map[string]map[string]int // sheet → validation type → count
	lists        int
	prompts      int
	unlocked     int // cells of the forms' sheets whose style is unlocked
	formulas     int
	conditional  int
	ratesVisible bool
}

func inspect(t *testing.T, data []byte) workbookFacts {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	w := workbookFacts{sheets: f.GetSheetList(), protected: map[string]bool{}, validations: map[string]map[string]int{}}
	for _, sh := range w.sheets {
		if p, err := f.GetSheetProtection(sh); err == nil {
			w.protected[sh] = p != (excelize.SheetProtectionOptions{}) && (p.SelectLockedCells || p.SelectUnlockedCells)
		}
		dvs, err := f.GetDataValidations(sh)
		if err != nil {
			t.Fatalf("validations of %s: %v", sh, err)
		}
		w.validations[sh] = map[string]int{}
		for _, dv := range dvs {
			w.validations[sh][dv.Type]++
			if dv.Type == "list" {
				w.lists++
			}
			if dv.Prompt != nil && *dv.Prompt != "" {
				w.prompts++
			}
		}
		cf, err := f.GetConditionalFormats(sh)
		if err != nil {
			t.Fatalf("conditional formats of %s: %v", sh, err)
		}
		w.conditional += len(cf)
		if sh == ratesSheet || sh == instructionsSheet {
			continue
		}
		rows, err := f.GetRows(sh)
		if err != nil {
			t.Fatal(err)
		}
		for r := range len(rows) + 2 {
			for c := 1; c <= 24; c++ {
				cell, _ := excelize.CoordinatesToCellName(c, r+1)
				if fm, _ := f.GetCellFormula(sh, cell); fm != "" {
					w.formulas++
				}
				id, _ := f.GetCellStyle(sh, cell)
				if st, err := f.GetStyle(id); err == nil && st != nil && st.Protection != nil && !st.Protection.Locked {
					w.unlocked++
				}
			}
		}
	}
	w.ratesVisible, _ = f.GetSheetVisible(ratesSheet)
	return w
}

func randomParticipant(r *rand.Rand, i int) taRow {
	row := goodParticipant(i)
	row["E"] = classesOfficers[r.IntN(len(classesOfficers))]
	row["G"] = []int{3, 8, 9, 25, 120, 300}[r.IntN(6)]
	row["H"] = modesOfTravel[r.IntN(len(modesOfTravel))]
	row["I"] = 50 + r.IntN(600)
	row["J"] = r.IntN(800)
	if r.IntN(3) == 0 {
		delete(row, "I") // no eligible fare written: the fare is not capped
	}
	row["K"] = []int{0, 4, 8, 9, 15, 23}[r.IntN(6)]
	row["L"] = r.IntN(250)
	row["M"] = r.IntN(6)
	row["N"] = []int{0, 0, 0, 1}[r.IntN(4)]
	row["O"] = 300 + r.IntN(900)
	if r.IntN(4) == 0 {
		delete(row, "O")
	}
	row["P"] = r.IntN(1500)
	return row
}

func randomFaculty(r *rand.Rand, i int) taRow {
	return taRow{
		"B": fmt.Sprintf("Faculty %d", i), "C": yesNo[r.IntN(2)], "D": yesNo[r.IntN(2)], "E": r.IntN(6), "F": 1 + r.IntN(4),
		"G": []int{20, 100, 101, 250}[r.IntN(4)], "H": []string{"Train", "Bus", "Own", "Taxi"}[r.IntN(4)],
		"I": r.IntN(5000), "J": r.IntN(600), "K": r.IntN(1800), "L": "1234567890", "M": "CNRB0001234",
	}
}

// TestTABill_LimitFormulasAgreeWithValidate fills a TA bill with generated
// participants and guest faculty, lets LibreOffice compute the Limit
// columns, and checks them against package validate: every amount a
// finding caps is the Limit shown in the row, and the bill's admissible
// total is the sum of the claims each taken up to its Limit.
func TestTABill_LimitFormulasAgreeWithValidate(t *testing.T) {
	card := *validate.Builtin()
	card.DARates = map[string]decimal.Decimal{"I": decimal.NewFromInt(900), "III": decimal.NewFromInt(500)}
	r := rand.New(rand.NewPCG(1, 2015))
	var ps, fs []taRow
	for i := range 90 {
		ps = append(ps, randomParticipant(r, i+1))
	}
	for i := range facultyRows {
		fs = append(fs, randomFaculty(r, i+1))
	}
	conv := soffice(t, "xlsx", map[string][]byte{"bill.xlsx": fillTABill(t, &card, ps, fs)})["bill.xlsx"]
	form := readForm(t, conv)
	if form.TABill == nil || len(form.TABill.Participants) != len(ps) || len(form.TABill.Faculty) != len(fs) {
		t.Fatalf("read %q with %+v", form.Kind, form.TABill)
	}
	as := validate.TABill(form.TABill, &card)

	f, err := excelize.OpenReader(bytes.NewReader(conv))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	num := func(sheet, cell string) (decimal.Decimal, bool) {
		v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		d, err := decimal.NewFromString(v)
		return d, err == nil
	}
	upTo := func(sheet string, claim, limit string, row int) decimal.Decimal {
		c, _ := num(sheet, fmt.Sprintf("%s%d", claim, row))
		if l, ok := num(sheet, fmt.Sprintf("%s%d", limit, row)); ok {
			return decimal.Min(c, l)
		}
		return c
	}
	// the Limit column of each capped field
	pLimit := map[string]string{"fare_claimed": "T", "distance_km": "T", "days_absent": "T", "auto_fare": "U", "da_claimed": "V"}
	fLimit := map[string]string{"remuneration": "N", "conveyance": "O", "travel": "P"}
	checked := 0
	for _, fd := range as.Findings {
		if !fd.Allowed.Valid || fd.Row == 0 {
			continue
		}
		sheet, col := participantsSheet, pLimit[fd.Field]
		if strings.HasPrefix(fd.Rule, "GF-") {
			sheet, col = facultySheet, fLimit[fd.Field]
		}
		if fd.Rule == "GF-LOCAL-TA" {
			col = "O"
		}
		if fd.Rule == "TA-LOCAL" || fd.Rule == "TA-ABSENT" {
			// fare and auto fare are both barred: both limits are 0
			for _, c := range []string{"T", "U"} {
				if l, _ := num(sheet, fmt.Sprintf("%s%d", c, fd.Row)); !l.IsZero() {
					t.Errorf("%s row %d: Limit %s%d = %s, want 0", fd.Rule, fd.Row, c, fd.Row, l)
				}
			}
			checked++
			continue
		}
		// where several rules cap one cell (train within 100 km and over
		// the outstation cap) the Limit is the least they allow
		allowed := fd.Allowed.Decimal
		for _, o := range as.Findings {
			if o.Cell == fd.Cell && o.Allowed.Valid && strings.HasPrefix(o.Rule, "GF-") == strings.HasPrefix(fd.Rule, "GF-") {
				allowed = decimal.Min(allowed, o.Allowed.Decimal)
			}
		}
		l, ok := num(sheet, fmt.Sprintf("%s%d", col, fd.Row))
		if !ok || !l.Equal(allowed) {
			t.Errorf("%s row %d: Limit %s%d = %s (%v), validate allows %s", fd.Rule, fd.Row, col, fd.Row, l, ok, allowed)
		}
		checked++
	}
	if checked < 30 {
		t.Errorf("only %d capped amounts compared", checked)
	}
	sum := decimal.Zero
	for i := range ps {
		row := pHeaderRow + 1 + i
		sum = sum.Add(upTo(participantsSheet, "J", "T", row)).Add(upTo(participantsSheet, "L", "U", row)).Add(upTo(participantsSheet, "P", "V", row))
	}
	for i, g := range fs {
		row := fHeaderRow + 1 + i
		sum = sum.Add(upTo(facultySheet, "I", "N", row))
		conv, _ := num(facultySheet, fmt.Sprintf("J%d", row))
		travel, _ := num(facultySheet, fmt.Sprintf("K%d", row))
		limConv, _ := num(facultySheet, fmt.Sprintf("O%d", row))
		if g["D"] == "Yes" && g["C"] == "No" && g["H"] != "Taxi" && !(g["H"] == "Train" && g["G"].(int) <= 100) {
			// a local member's travel counts with the conveyance
			sum = sum.Add(decimal.Min(conv.Add(travel), limConv))
			continue
		}
		sum = sum.Add(decimal.Min(conv, limConv)).Add(upTo(facultySheet, "K", "P", row))
	}
	t.Logf("%d capped amounts compared; admissible %s of %s claimed", checked, sum, as.Totals.Claimed)
	if !sum.Equal(as.Totals.Admissible) {
		t.Errorf("claims up to their Limits sum to %s, validate admits %s", sum, as.Totals.Admissible)
	}
}

// TestAnnexureII_ConditionalFormatsInLibreOffice evaluates each of the
// sheet's conditional formats as a formula in LibreOffice, on a claim with
// food over its cap and an advance over the largest and not a multiple of
// 100: exactly those lines, and the first day already past (less than the
// lead time away), are marked.
func TestAnnexureII_ConditionalFormatsInLibreOffice(t *testing.T) {
	card := validate.Builtin()
	lay := layoutAnnexure(annexureRows(card))
	claim := workedExample()
	claim["food"] = 40000
	claim["subtotal"] = 65815 - 34215 + 40000
	claim["advance_claimed"] = 65150
	data := fillAnnexure(t, card, claim)
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	cfs, err := f.GetConditionalFormats(annexureSheet)
	if err != nil {
		t.Fatal(err)
	}
	probe := map[string]string{} // the cell a format applies to → the cell evaluating it
	for ref, opts := range cfs {
		_, row, err := excelize.CellNameToCoordinates(ref)
		if err != nil {
			t.Fatalf("conditional format on %q: %v", ref, err)
		}
		cell := fmt.Sprintf("H%d", row)
		if err := f.SetCellFormula(annexureSheet, cell, opts[0].Criteria); err != nil {
			t.Fatal(err)
		}
		probe[ref] = cell
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	conv := soffice(t, "xlsx", map[string][]byte{"cf.xlsx": buf.Bytes()})["cf.xlsx"]
	var cells []string
	for _, c := range probe {
		cells = append(cells, c)
	}
	got := cellValues(t, conv, annexureSheet, cells)
	t.Logf("probes %v → %v", probe, got)
	marked := map[string]bool{lay.value["food"]: true, lay.value["advance_claimed"]: true, lay.value["start_date"]: true}
	if len(probe) < 15 {
		t.Errorf("only %d conditional formats", len(probe))
	}
	for ref, cell := range probe {
		want := "0"
		if marked[ref] {
			want = "1"
		}
		if v := got[cell]; v != want && !(want == "1" && strings.EqualFold(v, "TRUE")) && !(want == "0" && strings.EqualFold(v, "FALSE")) {
			t.Errorf("format on %s: %q, want %s", ref, v, want)
		}
	}
}

// TestSettlement_SummaryInLibreOffice checks the statement's computed
// admissible total, balance, days late and penal interest, as LibreOffice
// works them out, against the program's report.
func TestSettlement_SummaryInLibreOffice(t *testing.T) {
	card := validate.Builtin()
	lay := layoutSettlement(card)
	tests := map[string]func(stEntries){
		"food over, in time": func(stEntries) {},
		"late, IMG venue": func(e stEntries) {
			e["venue"] = "IMG Regional Centre, Kozhikode"
			e["venue_hire"] = 3000
			e["other_expenses"] = 1200
			e["settled_on"] = date(2026, 4, 30)
			delete(e, "accommodated")
		},
	}
	files := map[string][]byte{}
	for name, edit := range tests {
		e := goodSettlement()
		edit(e)
		files[strings.ReplaceAll(name, " ", "_")+".xlsx"] = fillSettlement(t, card, e)
	}
	conv := soffice(t, "xlsx", files)
	for name, data := range files {
		t.Run(name, func(t *testing.T) {
			rep := check(t, name, data, date(2026, 5, 1))
			got := cellValues(t, conv[name], settlementSheet, []string{lay.admissible, lay.balance, lay.daysLate, lay.penal})
			want := map[string]string{
				lay.admissible: rep.Totals.Admissible.String(),
				lay.balance:    rep.Balance.Decimal.String(),
				lay.daysLate:   fmt.Sprint(rep.DaysLate),
				lay.penal:      "0",
			}
			if rep.PenalInterest.Valid {
				want[lay.penal] = rep.PenalInterest.Decimal.String()
			}
			for cell, w := range want {
				if got[cell] != w {
					t.Errorf("%s = %q, the report says %q", cell, got[cell], w)
				}
			}
		})
	}
}
