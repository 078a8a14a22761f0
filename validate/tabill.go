package validate

import (
	"fmt"
	"slices"
	"strings"

	"stpclaims"

	"github.com/shopspring/decimal"
)

// participantColumns are the Participants sheet's columns in the order
// findings on one row are listed.
var participantColumns = []string{
	"name", "pen", "designation", "class", "office", "distance_km", "mode", "eligible_fare",
	"fare_claimed", "auto_km", "auto_fare", "days_attended", "days_absent", "full_da_rate",
	"da_claimed", "total", "account_no", "ifsc",
}

// facultyColumns are the Guest Faculty sheet's columns, in order.
var facultyColumns = []string{
	"name", "govt_employee", "local", "sessions_taken", "days_engaged", "distance_km", "mode",
	"remuneration", "conveyance", "travel", "account_no", "ifsc",
}

// TABill assesses a TA bill: every TA-* rule but the ledger's
// TA-OVER-ADVANCE and every GF-* rule, row by row, with the bill's claimed
// and admissible totals (participants and guest faculty together). Lines
// are left empty: a TA bill's amounts are per person, in the findings.
func TABill(b *stpclaims.TABill, card *Card) stpclaims.Assessment {
	var findings []stpclaims.Finding
	tot := &stpclaims.Totals{}
	findings = append(findings, taHeader(b)...)

	seen := make(map[string]int, len(b.Participants))
	var claimedSum, admissibleSum rupeeSum
	inBill := len(b.Participants) + len(b.Faculty)
	var people []stpclaims.Person
	if inBill <= stpclaims.PeopleListed {
		people = make([]stpclaims.Person, 0, inBill)
	}
	// listed reports whether a person is listed: every one of a bill of at
	// most PeopleListed, else those whose amounts are cut
	listed := func(r rowResult) bool {
		return inBill <= stpclaims.PeopleListed || !sameRupees(r.claimed, r.admissible)
	}
	for i := range b.Participants {
		p := &b.Participants[i]
		r := assessParticipant(p, b, card, seen)
		if len(r.findings) > 1 {
			sortByField(r.findings, participantColumns)
		}
		findings = append(findings, r.findings...)
		claimedSum.add(r.claimed)
		admissibleSum.add(r.admissible)
		if listed(r) {
			people = append(people, stpclaims.Person{Sheet: b.ParticipantsSheet, Row: p.Row, Name: nameOf(p.Name),
				Claimed: r.claimed, Admissible: r.admissible})
		}
	}
	tot.Claimed, tot.Admissible = claimedSum.to(tot.Claimed), admissibleSum.to(tot.Admissible)
	findings = append(findings, taBillTotal(b)...)
	if len(b.Participants) > 0 {
		findings = append(findings, taNGOCert(b))
	}
	for i := range b.Faculty {
		g := &b.Faculty[i]
		r := assessFaculty(g, card)
		sortByField(r.findings, facultyColumns)
		findings = append(findings, r.findings...)
		tot.Claimed = tot.Claimed.Add(r.claimed)
		tot.Admissible = tot.Admissible.Add(r.admissible)
		if listed(r) {
			people = append(people, stpclaims.Person{Sheet: b.FacultySheet, Row: g.Row, Faculty: true, Name: nameOf(g.Name),
				Claimed: r.claimed, Admissible: r.admissible})
		}
	}
	return stpclaims.Assessment{Findings: findings, Totals: tot, People: people, PeopleInBill: inBill}
}

// nameOf is a person's name as written, "" when the row gives none.
func nameOf(name stpclaims.Text) string {
	if !name.Ok() {
		return ""
	}
	return strings.TrimSpace(name.Value)
}

// rowResult is one row's findings and amounts.
type rowResult struct {
	row                 int // the sheet row
	findings            []stpclaims.Finding
	claimed, admissible decimal.Decimal
}

func (r *rowResult) add(f stpclaims.Finding) { r.findings = append(r.findings, f) }

// at starts a finding of rule id on this row.
func (r *rowResult) at(id, field, cell string) stpclaims.Finding {
	f := finding(id, field, cell)
	f.Row = r.row
	return f
}

// over starts a finding of rule id on an amount claimed above what is
// allowed, which is then what is admissible.
func (r *rowResult) over(id, field, cell string, claimed, allowed decimal.Decimal) stpclaims.Finding {
	f := r.at(id, field, cell)
	f.Claimed, f.Allowed, f.Admissible = null(claimed), null(allowed), null(allowed)
	return f
}

// required adds TA-REQUIRED for each field of the row written but
// unreadable, and each field missing that needed says must be there.
// faculty says which table the row is in: the Guest Faculty's, else the
// Participants'.
func (r *rowResult) required(fields []fieldState, needed func(name string) bool, faculty bool) {
	for _, f := range fields {
		if f.state == stpclaims.Present || f.state == stpclaims.Missing && !needed(f.name) {
			continue
		}
		// worded only here: a bill of 50,000 rows has few such fields
		where := fmt.Sprintf("row %d", r.row)
		if faculty {
			where = "guest faculty " + where
		}
		if fd, ok := requiredFinding("TA-REQUIRED", f, where, columnLabel(faculty, f.name)); ok {
			fd.Row = r.row
			r.add(fd)
		}
	}
}

// taHeader: TA-REQUIRED on the bill's header.
func taHeader(b *stpclaims.TABill) []stpclaims.Finding {
	var out []stpclaims.Finding
	for _, f := range []fieldState{
		stateOf("programme_code", b.ProgrammeCode), stateOf("start_date", b.StartDate), stateOf("end_date", b.EndDate),
	} {
		if fd, ok := requiredFinding("TA-REQUIRED", f, "the bill's header", labelIn(stpclaims.FormTABill, f.name)); ok {
			out = append(out, fd)
		}
	}
	return out
}

// requiredFinding is the finding on a missing or unreadable required field
// (or an unreadable optional one, with required false in state) of the
// bill, where ("row 7") and as label names it.
func requiredFinding(id string, f fieldState, where, label string) (stpclaims.Finding, bool) {
	fd := finding(id, f.name, f.cell)
	switch f.state {
	case stpclaims.Missing:
		fd.Action = actionFillIn
		fd.Message = fmt.Sprintf("%s does not give the %s, which the bill cannot be checked without.", capitalize(where), label)
	case stpclaims.Unreadable:
		fd.Action = writePlainly(f.name)
		fd.Message = fmt.Sprintf("%q, written for the %s in %s, could not be read without guessing.", f.raw, label, where)
	default:
		return fd, false
	}
	return fd, true
}

// participantKey identifies a participant for TA-DUPLICATE: the PEN, else
// name and office; "" when neither can be formed.
func participantKey(p *stpclaims.Participant) string {
	if p.PEN.Ok() {
		if pen := normalName(p.PEN.Value); pen != "" {
			return "pen:" + pen
		}
	}
	if p.Name.Ok() && p.Office.Ok() {
		n, o := normalName(p.Name.Value), normalName(p.Office.Value)
		if n != "" && o != "" {
			return "name:" + n + "|" + o
		}
	}
	return ""
}

// classOf reads a participant's class ("II", "Class II", "2"); "" when it
// is not exactly one class.
func classOf(s string) string {
	if c := strings.TrimSpace(s); slices.Contains(officerClasses, c) {
		return c // "II", as a bill mostly says it: nothing to split (a bill of 50,000 rows asks 50,000 times)
	}
	cs, ok := officerClassesIn(s)
	if !ok || len(cs) != 1 || strings.Contains(strings.ToUpper(s), "ALL") {
		return ""
	}
	return cs[0]
}

// participantRequired are the participant fields TA-REQUIRED asks for
// even when the bill has no column for them.
var participantRequired = map[string]bool{"name": true, "class": true, "office": true, "distance_km": true, "days_attended": true}

// validRowAccount is validAccount without building the separator remover
// for the usual account number, plain digits (a bill of 50,000 rows asks
// 50,000 times).
func validRowAccount(s string) bool {
	if len(s) >= 9 && len(s) <= 18 {
		digits := true
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				digits = false
				break
			}
		}
		if digits {
			return true
		}
	}
	return validAccount(s)
}

// participantRow is one Participants row under assessment: what was
// claimed, what is admissible so far, and what the earlier rules found that
// the later ones need. Its methods are the participant rules, one per rule
// ID, applied by assessParticipant in order.
type participantRow struct {
	rowResult
	p    *stpclaims.Participant
	b    *stpclaims.TABill
	card *Card
	name string // the participant's name for a message

	fare, auto, da       decimal.Decimal // claimed; zero where not
	fareOK, autoOK, daOK bool            // false: the amount could not be read
	ta                   decimal.Decimal // travelling allowance: fare and autorickshaw fare

	admFare, admAuto, admDA decimal.Decimal
	// dup: the row is a duplicate and admits nothing; noTA: the order bars
	// TA (not DA) for a local or absent participant (IV.2, Annexure I.4, I.7).
	dup, noTA bool
}

// assessParticipant applies the participant rules to one row. seen maps
// participant keys to the row they were first seen on.
func assessParticipant(p *stpclaims.Participant, b *stpclaims.TABill, card *Card, seen map[string]int) rowResult {
	x := participantRow{rowResult: rowResult{row: p.Row}, p: p, b: b, card: card, name: "This participant"}
	if p.Name.Ok() && strings.TrimSpace(p.Name.Value) != "" {
		x.name = strings.TrimSpace(p.Name.Value)
	}
	x.taRequired()
	x.fare, x.fareOK = claimed(p.FareClaimed)
	x.auto, x.autoOK = claimed(p.AutoFare)
	x.da, x.daOK = claimed(p.DAClaimed)
	x.claimed = addRupees(addRupees(x.fare, x.auto), x.da)
	x.ta = addRupees(x.fare, x.auto)
	x.admFare, x.admAuto, x.admDA = x.fare, x.auto, x.da

	x.taDuplicate(seen)
	x.taLocal()
	x.taAbsent()
	// TA-FARE and TA-AUTO matter only when TA is admissible at all,
	// TA-DA-QUARTER when the row is not a duplicate.
	if !x.dup && !x.noTA {
		x.taFare()
		x.taAuto()
	}
	if !x.dup {
		x.taDAQuarter()
	}
	x.taDays()
	x.taRowTotal()
	x.taBank()

	if x.noTA || x.dup {
		x.admFare, x.admAuto = zero, zero
	}
	if x.dup {
		x.admDA = zero
	}
	x.admissible = addRupees(addRupees(x.admFare, x.admAuto), x.admDA)
	return x.rowResult
}

// taRequired: TA-REQUIRED, a required field missing or any field written
// but unreadable.
func (x *participantRow) taRequired() {
	p := x.p
	fields := [...]fieldState{
		stateOf("name", p.Name), stateOf("pen", p.PEN), stateOf("designation", p.Designation), stateOf("class", p.Class),
		stateOf("office", p.Office), stateOf("distance_km", p.DistanceKm), stateOf("mode", p.Mode),
		stateOf("eligible_fare", p.EligibleFare), stateOf("fare_claimed", p.FareClaimed), stateOf("auto_km", p.AutoKm),
		stateOf("auto_fare", p.AutoFare), stateOf("days_attended", p.DaysAttended), stateOf("days_absent", p.DaysAbsent),
		stateOf("full_da_rate", p.FullDARate), stateOf("da_claimed", p.DAClaimed), stateOf("total", p.Total),
		stateOf("account_no", p.AccountNo), stateOf("ifsc", p.IFSC),
	}
	x.required(fields[:], func(name string) bool { return participantRequired[name] }, false)
}

// taDuplicate: TA-DUPLICATE, the same participant on an earlier row.
func (x *participantRow) taDuplicate(seen map[string]int) {
	p := x.p
	key := participantKey(p)
	if key == "" {
		return
	}
	first, seenBefore := seen[key]
	if !seenBefore {
		seen[key] = p.Row
		return
	}
	f := x.at("TA-DUPLICATE", "name", p.Name.Cell)
	if strings.HasPrefix(key, "pen:") {
		f.Field, f.Cell = "pen", p.PEN.Cell
	}
	if p.Total.Cell != "" {
		// the fill goes on the amount struck out, the note on the name
		f.ReasonCell, f.Cell = f.Cell, p.Total.Cell
	}
	f.Claimed, f.Admissible = null(x.claimed), null(zero)
	f.Action = fmt.Sprintf("strike out this row, %s: nothing is paid twice", rupees(x.claimed))
	f.Message = fmt.Sprintf("%s is already on row %d of this bill.", x.name, first)
	x.add(f)
	x.dup = true
}

// taLocal: TA-LOCAL, no TA for a participant within the local radius.
func (x *participantRow) taLocal() {
	p := x.p
	if !p.DistanceKm.Ok() || p.DistanceKm.Value.GreaterThan(x.card.LocalRadiusKm) {
		return
	}
	if f, ok := x.barTA("TA-LOCAL", p.DistanceKm.Cell); ok {
		f.Message = fmt.Sprintf("%s comes from %s km, within %s km of headquarters"+taNotAdmissible,
			x.name, p.DistanceKm.Value, x.card.LocalRadiusKm)
		x.add(f)
	}
}

// taAbsent: TA-ABSENT, no TA for a participant absent without valid
// reason.
func (x *participantRow) taAbsent() {
	p := x.p
	if !p.DaysAbsent.Ok() || p.DaysAbsent.Value <= 0 {
		return
	}
	if f, ok := x.barTA("TA-ABSENT", p.DaysAbsent.Cell); ok {
		f.Message = fmt.Sprintf("%s was absent %s without valid reason"+taNotAdmissible,
			x.name, plural(p.DaysAbsent.Value, "day", "days"))
		x.add(f)
	}
}

// barTA bars TA (fare and autorickshaw fare; DA stands) for the row and,
// when TA is claimed, starts the finding of rule id that says so (its
// message ends with taNotAdmissible). The finding is on the fare (the
// autorickshaw fare when no fare is claimed), the amount struck out; the
// cell that is the reason (the distance, the days absent) is its
// ReasonCell.
func (x *participantRow) barTA(id, reasonCell string) (stpclaims.Finding, bool) {
	x.noTA = true
	if !x.ta.IsPositive() {
		return stpclaims.Finding{}, false
	}
	p := x.p
	cutField, cut := "fare_claimed", p.FareClaimed.Cell
	if !x.fare.IsPositive() || cut == "" {
		cutField, cut = "auto_fare", p.AutoFare.Cell
	}
	f := x.over(id, cutField, cut, x.ta, zero)
	f.ReasonCell = reasonCell
	if reasonCell == cut {
		f.ReasonCell = ""
	}
	what := "fare"
	switch {
	case x.fare.IsPositive() && x.auto.IsPositive():
		what = "fare and auto fare"
	case x.auto.IsPositive():
		what = "auto fare"
	}
	f.Action = strikeOut(what, x.ta)
	return f, true
}

// taNotAdmissible ends the message of a finding barTA starts.
const taNotAdmissible = ", so no TA (fare or autorickshaw fare) is admissible; DA is."

// taFare: TA-FARE, the fare claimed against the eligible fare.
func (x *participantRow) taFare() {
	p := x.p
	if !x.fareOK || !p.EligibleFare.Ok() || !x.fare.GreaterThan(p.EligibleFare.Value) {
		return
	}
	x.admFare = p.EligibleFare.Value
	f := x.over("TA-FARE", "fare_claimed", p.FareClaimed.Cell, x.fare, p.EligibleFare.Value)
	f.Action = "reduce to the eligible fare, " + strings.TrimPrefix(reduceTo(x.fare, p.EligibleFare.Value), "reduce to ")
	f.Message = fmt.Sprintf("%s claims a fare of %s; whatever the mode used, the most paid is the eligible fare of %s (sleeper class Mail/Express or Fast Passenger bus).",
		x.name, rupees(x.fare), rupees(p.EligibleFare.Value))
	x.add(f)
}

// taAuto: TA-AUTO, the autorickshaw fare pro rata to the longest journey
// allowed.
func (x *participantRow) taAuto() {
	p, card := x.p, x.card
	if !x.autoOK || !x.auto.IsPositive() || !p.AutoKm.Ok() || !p.AutoKm.Value.GreaterThan(card.AutoMaxKm) {
		return
	}
	x.admAuto = roundRupee(x.auto.Mul(card.AutoMaxKm).Div(p.AutoKm.Value))
	f := x.over("TA-AUTO", "auto_fare", p.AutoFare.Cell, x.auto, x.admAuto)
	f.Action = reduceTo(x.auto, x.admAuto)
	f.Message = fmt.Sprintf("Autorickshaw fare of %s is claimed for %s km a journey, but only %s km is allowed: %s is admissible (%s × %s / %s).",
		rupees(x.auto), p.AutoKm.Value, card.AutoMaxKm, rupees(x.admAuto), indian(x.auto), card.AutoMaxKm, p.AutoKm.Value)
	x.add(f)
}

// taDAQuarter: TA-DA-QUARTER, the DA claimed against the share of the full
// DA paid in training, at the bill's rate or the card's for the class,
// whichever is lower.
func (x *participantRow) taDAQuarter() {
	p, card := x.p, x.card
	if !x.daOK || !x.da.IsPositive() || !p.DaysAttended.Ok() {
		return
	}
	rate, rateOK := p.FullDARate.Value, p.FullDARate.Ok()
	source := "the bill's full DA rate"
	if cr, ok := card.DARates[classOf(p.Class.Value)]; ok && p.Class.Ok() && (!rateOK || cr.LessThan(rate)) {
		rate, rateOK = cr, true
		source = fmt.Sprintf("the class %s full DA rate of card %s", classOf(p.Class.Value), card.Name)
	}
	if !rateOK {
		return
	}
	days := max(p.DaysAttended.Value, 0)
	capDA := daCap(card.DAShareInTraining, rate, days)
	if !x.da.GreaterThan(capDA) {
		return
	}
	x.admDA = capDA
	f := x.over("TA-DA-QUARTER", "da_claimed", p.DAClaimed.Cell, x.da, capDA)
	f.Action = reduceTo(x.da, capDA)
	f.Message = fmt.Sprintf("DA of %s is claimed, but during training only %s of the full DA is paid: at most %s for %s at %s (%s).",
		rupees(x.da), percent(card.DAShareInTraining), rupees(capDA), plural(days, "day", "days"), rupees(rate), source)
	x.add(f)
}

// taDays: TA-DAYS, days attended and absent within the training days.
func (x *participantRow) taDays() {
	p, b := x.p, x.b
	if !p.DaysAttended.Ok() || !b.TrainingDays.Ok() {
		return
	}
	if absent, ok := optionalCount(p.DaysAbsent, 0); ok && p.DaysAttended.Value+absent > b.TrainingDays.Value {
		f := x.at("TA-DAYS", "days_attended", p.DaysAttended.Cell)
		f.Action = fmt.Sprintf("correct the days: at most %d attended and absent in all", b.TrainingDays.Value)
		f.Message = fmt.Sprintf("%s attended %s and was absent %s, more than the programme's %s.", x.name,
			plural(p.DaysAttended.Value, "day", "days"), plural(absent, "day", "days"), plural(b.TrainingDays.Value, "training day", "training days"))
		x.add(f)
	}
}

// taRowTotal: TA-ROW-TOTAL, the row's written total against its amounts.
func (x *participantRow) taRowTotal() {
	p := x.p
	if !p.Total.Ok() || !x.fareOK || !x.autoOK || !x.daOK || p.Total.Value.Equal(x.claimed) {
		return
	}
	f := x.at("TA-ROW-TOTAL", "total", p.Total.Cell)
	f.Claimed = null(p.Total.Value)
	f.Action = fmt.Sprintf("write %s, the sum of fare, auto fare and DA", rupees(x.claimed))
	f.Message = fmt.Sprintf("The row's total is written as %s, but fare %s + auto fare %s + DA %s make %s.",
		rupees(p.Total.Value), indian(x.fare), indian(x.auto), indian(x.da), rupees(x.claimed))
	x.add(f)
}

// taBank: TA-BANK, the account number and IFSC a row claiming anything is
// paid to.
func (x *participantRow) taBank() {
	p := x.p
	if !x.claimed.IsPositive() {
		return
	}
	if !p.AccountNo.Ok() || !validRowAccount(p.AccountNo.Value) {
		f := x.at("TA-BANK", "account_no", p.AccountNo.Cell)
		f.Action = "write the account number, 9 to 18 digits"
		f.Message = fmt.Sprintf("%s's account number %s; payment is by bank transfer and needs 9 to 18 digits.", x.name, badValue(p.AccountNo))
		x.add(f)
	}
	if !p.IFSC.Ok() || !validIFSC(p.IFSC.Value) {
		f := x.at("TA-BANK", "ifsc", p.IFSC.Cell)
		f.Action = "write the IFSC of the branch, e.g. SBIN0070123"
		f.Message = fmt.Sprintf("%s's IFSC %s; payment is by bank transfer and needs a code like SBIN0070123.", x.name, badValue(p.IFSC))
		x.add(f)
	}
}

// The helpers below are the arithmetic of one TA row without allocating
// for what a row almost always holds, whole rupees of a few digits: a bill
// of 50,000 rows did a dozen big-number additions a row, and their garbage
// was most of what checking it cost after reading. Each gives exactly the
// decimal (value and exponent) the plain decimal arithmetic gives.

// smallWhole returns d's value when d is a whole number of exponent 0 and
// at most twelve digits.
func smallWhole(d decimal.Decimal) (int64, bool) {
	if d.Exponent() != 0 || d.NumDigits() > 12 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// sameRupees is a.Equal(b), without allocating for whole rupees.
func sameRupees(a, b decimal.Decimal) bool {
	if x, ok := smallWhole(a); ok {
		if y, ok := smallWhole(b); ok {
			return x == y
		}
	}
	return a.Equal(b)
}

// addRupees is a.Add(b).
func addRupees(a, b decimal.Decimal) decimal.Decimal {
	if x, ok := smallWhole(a); ok {
		if y, ok := smallWhole(b); ok {
			return stpclaims.WholeRupees(x + y)
		}
	}
	return a.Add(b)
}

// daCap is roundRupee(share × rate × days): the DA admissible in training.
func daCap(share, rate decimal.Decimal, days int) decimal.Decimal {
	if r, ok := smallWhole(rate); ok && r >= 0 && days >= 0 && days < 1000 && share.Sign() >= 0 &&
		share.Exponent() <= 0 && share.Exponent() >= -6 && share.NumDigits() <= 6 {
		num := share.CoefficientInt64() * r * int64(days)
		div := int64(1)
		for e := share.Exponent(); e < 0; e++ {
			div *= 10
		}
		q, rem := num/div, num%div
		if 2*rem >= div && div > 1 {
			q++ // half away from zero, as Round does
		}
		return stpclaims.WholeRupees(q)
	}
	return roundRupee(share.Mul(rate).Mul(dec(days)))
}

// rupeeSum adds many decimals: whole rupees in an int64, the rest as
// decimals.
type rupeeSum struct {
	whole    int64
	anyWhole bool
	rest     decimal.Decimal
	anyRest  bool
}

func (s *rupeeSum) add(d decimal.Decimal) {
	if n, ok := smallWhole(d); ok && s.whole < 1<<60 && s.whole > -(1<<60) {
		s.whole += n
		s.anyWhole = true
		return
	}
	if s.anyRest {
		s.rest = s.rest.Add(d)
	} else {
		s.rest, s.anyRest = d, true
	}
}

// to returns start plus everything added, as start.Add(each) in turn
// would.
func (s *rupeeSum) to(start decimal.Decimal) decimal.Decimal {
	if s.anyWhole {
		start = start.Add(decimal.New(s.whole, 0))
	}
	if s.anyRest {
		start = start.Add(s.rest)
	}
	return start
}

// badValue says what is wrong with a text field for a message.
func badValue(f stpclaims.Text) string {
	switch {
	case f.State == stpclaims.Missing || (f.Ok() && strings.TrimSpace(f.Value) == ""):
		return "is missing"
	case f.State == stpclaims.Unreadable:
		return fmt.Sprintf("could not be read (%q)", f.Raw)
	}
	return fmt.Sprintf("%q is malformed", f.Value)
}

// taBillTotal: TA-BILL-TOTAL, the bill's total line against its rows.
func taBillTotal(b *stpclaims.TABill) []stpclaims.Finding {
	if !b.Total.Ok() {
		return nil
	}
	var rows rupeeSum
	for i := range b.Participants {
		p := &b.Participants[i]
		if p.Total.Ok() {
			rows.add(p.Total.Value)
			continue
		}
		fare, ok1 := claimed(p.FareClaimed)
		auto, ok2 := claimed(p.AutoFare)
		da, ok3 := claimed(p.DAClaimed)
		if p.Total.State == stpclaims.Unreadable || !ok1 || !ok2 || !ok3 {
			return nil
		}
		rows.add(fare)
		rows.add(auto)
		rows.add(da)
	}
	sum := rows.to(zero)
	if sum.Equal(b.Total.Value) {
		return nil
	}
	f := finding("TA-BILL-TOTAL", "total", b.Total.Cell)
	f.Row = b.TotalRow
	f.Claimed = null(b.Total.Value)
	f.Action = fmt.Sprintf("write %s, the sum of the rows", rupees(sum))
	f.Message = fmt.Sprintf("The bill's total is written as %s, but its %s add up to %s.", rupees(b.Total.Value),
		plural(len(b.Participants), "row", "rows"), rupees(sum))
	return []stpclaims.Finding{f}
}

// taNGOCert: TA-NGO-CERT, once per bill.
func taNGOCert(b *stpclaims.TABill) stpclaims.Finding {
	f := finding("TA-NGO-CERT", "", "")
	if b.ParticipantsSheet != "" {
		f.Cell = b.ParticipantsSheet + "!A1"
	}
	f.Action = "furnish each officer's certificate of pay before TA is paid"
	f.Message = "Before TA is paid, non-gazetted officers must furnish a certificate from their HOD/DDO of designation, scale of pay and pay, and gazetted officers a copy of their pay slip from the AG."
	return f
}

// facultyRow is one Guest Faculty row under assessment. Its methods are
// the GF-* rules, one per rule ID, applied by assessFaculty in order.
type facultyRow struct {
	rowResult
	g    *stpclaims.GuestFacultyClaim
	card *Card
	name string // the member's name for a message

	rem, conv, travel          decimal.Decimal // claimed; zero where not
	admRem, admConv, admTravel decimal.Decimal
	localTravel                decimal.Decimal // travel that counts as local conveyance
}

// assessFaculty applies the GF-* rules to one guest faculty row.
func assessFaculty(g *stpclaims.GuestFacultyClaim, card *Card) rowResult {
	x := facultyRow{rowResult: rowResult{row: g.Row}, g: g, card: card, name: "This guest faculty member", localTravel: zero}
	if g.Name.Ok() && strings.TrimSpace(g.Name.Value) != "" {
		x.name = strings.TrimSpace(g.Name.Value)
	}
	x.unreadable()
	x.rem, _ = claimed(g.Remuneration)
	x.conv, _ = claimed(g.Conveyance)
	x.travel, _ = claimed(g.Travel)
	x.claimed = x.rem.Add(x.conv).Add(x.travel)
	x.admRem, x.admConv, x.admTravel = x.rem, x.conv, x.travel

	x.gfRemuneration()
	x.travelRule()
	x.gfLocalTA()
	x.admissible = x.admRem.Add(x.admConv).Add(x.admTravel)
	return x.rowResult
}

// unreadable: TA-REQUIRED on any field of the row written but unreadable
// (no guest faculty field is required).
func (x *facultyRow) unreadable() {
	g := x.g
	fields := [...]fieldState{
		stateOf("name", g.Name), stateOf("govt_employee", g.GovtEmployee), stateOf("local", g.Local),
		stateOf("sessions_taken", g.SessionsTaken), stateOf("days_engaged", g.DaysEngaged), stateOf("distance_km", g.DistanceKm),
		stateOf("mode", g.Mode), stateOf("remuneration", g.Remuneration), stateOf("conveyance", g.Conveyance),
		stateOf("travel", g.Travel), stateOf("account_no", g.AccountNo), stateOf("ifsc", g.IFSC),
	}
	x.required(fields[:], func(string) bool { return false }, true)
}

// gfRemuneration: GF-REMUNERATION, the remuneration against the sessions
// taken.
func (x *facultyRow) gfRemuneration() {
	g, card := x.g, x.card
	if !g.SessionsTaken.Ok() {
		return
	}
	s := max(g.SessionsTaken.Value, 0)
	capRem := roundRupee(card.GFRemuneration.Mul(dec(s)))
	if !x.rem.GreaterThan(capRem) {
		return
	}
	x.admRem = capRem
	f := x.over("GF-REMUNERATION", "remuneration", g.Remuneration.Cell, x.rem, capRem)
	f.Action = reduceTo(x.rem, capRem)
	f.Message = fmt.Sprintf("%s claims remuneration of %s, but at most %s may be admitted for %s (%s a session).",
		x.name, rupees(x.rem), rupees(capRem), plural(s, "session", "sessions"), rupees(card.GFRemuneration))
	x.add(f)
}

// travelRule applies every rule on travel claimed that the member's row
// breaks, each reported: a government employee is paid no travel
// (GF-GOVT-TA), a taxi never (GF-TAXI), a train only beyond the card's
// distance (GF-TRAIN-100KM); local faculty's travel counts as conveyance
// (GF-LOCAL-TA); the others' is capped a head (GF-OUTSTATION-CAP). The
// mode is told by the card's words ([modes]). What is admitted is the least
// any of them allows.
func (x *facultyRow) travelRule() {
	g := x.g
	if !x.travel.IsPositive() {
		return
	}
	if g.GovtEmployee.Ok() && g.GovtEmployee.Value {
		x.gfGovtTA()
	}
	if word := x.modeWord("taxi"); word != "" {
		x.gfTaxi(word)
	}
	if word := x.modeWord("train"); word != "" && g.DistanceKm.Ok() && !g.DistanceKm.Value.GreaterThan(x.card.GFTrainMinKm) {
		x.gfTrain100km(word)
	}
	switch {
	case g.Local.Ok() && g.Local.Value:
		x.localTravel = x.admTravel
	case x.travel.GreaterThan(x.card.GFOutstationMax):
		x.gfOutstationCap()
	}
}

// modeWord is the card's word by which the row's mode is mode, or "".
func (x *facultyRow) modeWord(mode string) string {
	if !x.g.Mode.Ok() {
		return ""
	}
	return x.card.ModeWord(x.g.Mode.Value, mode)
}

// byWord says which of the card's words decided the mode, for a message.
func (x *facultyRow) byWord(mode, word string) string {
	m := strings.TrimSpace(x.g.Mode.Value)
	if strings.EqualFold(m, word) {
		return fmt.Sprintf("mode %q", m)
	}
	return fmt.Sprintf("mode %q, a %s by the rate card's word %q", m, mode, word)
}

// disallowTravel admits none of the travel claimed, under rule id; what
// names it for the action ("taxi fare"), reasonCell is the cell that is
// the reason.
func (x *facultyRow) disallowTravel(id, what, reasonCell, message string) {
	x.admTravel = zero
	f := x.over(id, "travel", x.g.Travel.Cell, x.travel, zero)
	f.Action = strikeOut(what, x.travel)
	if reasonCell != f.Cell {
		f.ReasonCell = reasonCell
	}
	f.Message = message
	x.add(f)
}

// gfGovtTA: GF-GOVT-TA, a government employee's travel.
func (x *facultyRow) gfGovtTA() {
	x.disallowTravel("GF-GOVT-TA", "travel", x.g.GovtEmployee.Cell, fmt.Sprintf("%s is a government employee: IMG pays only local conveyance, and TA is claimed from the parent department.", x.name))
}

// gfTaxi: GF-TAXI, a taxi fare; word is the card's word that made the
// mode a taxi.
func (x *facultyRow) gfTaxi(word string) {
	x.disallowTravel("GF-TAXI", "taxi fare", x.g.Mode.Cell, fmt.Sprintf("%s travelled by taxi (%s), and taxi fare is not paid.", x.name, x.byWord("taxi", word)))
}

// gfTrain100km: GF-TRAIN-100KM, a train fare for a short journey; word is
// the card's word that made the mode a train.
func (x *facultyRow) gfTrain100km(word string) {
	x.disallowTravel("GF-TRAIN-100KM", "train fare", x.g.DistanceKm.Cell, fmt.Sprintf("%s claims train fare for %s km (%s); train fare is reimbursed only for journeys beyond %s km.",
		x.name, x.g.DistanceKm.Value, x.byWord("train", word), x.card.GFTrainMinKm))
}

// gfOutstationCap: GF-OUTSTATION-CAP, an outstation member's travel above
// the cap a head. A rule before it may have admitted less (nothing).
func (x *facultyRow) gfOutstationCap() {
	limit := x.card.GFOutstationMax
	x.admTravel = decimal.Min(x.admTravel, limit)
	f := x.over("GF-OUTSTATION-CAP", "travel", x.g.Travel.Cell, x.travel, limit)
	f.Action = reduceTo(x.travel, limit)
	f.Admissible = null(x.admTravel)
	f.Message = fmt.Sprintf("%s claims travel of %s, but at most %s a head (to and fro) is paid.", x.name, rupees(x.travel), rupees(limit))
	x.add(f)
}

// gfLocalTA: GF-LOCAL-TA, conveyance (and, for local faculty, any travel)
// within the daily conveyance.
func (x *facultyRow) gfLocalTA() {
	g, card := x.g, x.card
	if !g.DaysEngaged.Ok() {
		return
	}
	days := max(g.DaysEngaged.Value, 0)
	capConv := roundRupee(card.GFLocalConveyance.Mul(dec(days)))
	claim := x.conv.Add(x.localTravel)
	if !claim.GreaterThan(capConv) {
		return
	}
	x.admConv = decimal.Min(x.conv, capConv)
	if x.localTravel.IsPositive() {
		x.admTravel = decimal.Min(x.localTravel, capConv.Sub(x.admConv))
	}
	field, cell := "conveyance", g.Conveyance.Cell
	if !x.conv.IsPositive() {
		field, cell = "travel", g.Travel.Cell
	}
	f := x.over("GF-LOCAL-TA", field, cell, claim, capConv)
	f.Action = reduceTo(claim, capConv)
	if x.conv.IsPositive() && x.localTravel.IsPositive() {
		f.Action = "reduce conveyance and travel together to " + strings.TrimPrefix(f.Action, "reduce to ")
	}
	f.Message = fmt.Sprintf("%s claims %s for local conveyance, but at most %s may be admitted for %s (%s a day).",
		x.name, rupees(claim), rupees(capConv), plural(days, "day", "days"), rupees(card.GFLocalConveyance))
	x.add(f)
}
