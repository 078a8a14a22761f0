package validate

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"stpclaims"

	"github.com/shopspring/decimal"
)

// annexureFieldOrder is the Annexure II's fields in proforma order, for
// ordering findings.
var annexureFieldOrder = []string{
	"department", "venue", "programme_code", "programme_name", "start_date", "end_date",
	"training_days", "participants", "accommodated", "guest_faculty", "outstation_guest_faculty",
	"guest_sessions", "officer_class", "programme_type", "venue_govt_owned",
	"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy", "food",
	"venue_hire", "miscellaneous", "subtotal", "ta_advance", "da_advance", "other_expenses",
	"advance_claimed", "coordinator", "coordinator_designation", "coordinator_phone",
	"coordinator_email", "account_no", "ifsc", "facilitator", "facilitator_email",
}

// capped is the most that may be admitted on one line and how it was
// worked out, in words for the message.
type capped struct {
	amount decimal.Decimal
	why    string // "for 30 participants over 5 days (…)"
	// outright: the line is inadmissible whatever the figures.
	outright bool
}

// programme holds the figures the caps are computed from; a false ok means
// the figure was not on the form or could not be read.
type programme struct {
	days, participants, accommodated, guests, outstation, sessions             int
	daysOK, participantsOK, accommodatedOK, guestsOK, outstationOK, sessionsOK bool
	imgCentre                                                                  bool
	govtOwned, govtOwnedOK                                                     bool
	govtWhy, govtWord                                                          string // Card.govtVenue's
}

// programmeOf starts the figures from the training days and participants; a
// count below one is unusable for caps (AII-DATES and AII-BATCH report it).
func programmeOf(days, participants stpclaims.Count) programme {
	var p programme
	p.days, p.daysOK = count(days)
	p.daysOK = p.daysOK && p.days >= 1
	p.participants, p.participantsOK = count(participants)
	p.participantsOK = p.participantsOK && p.participants >= 1
	return p
}

// lineCaps computes the cap of every capped line (Annexure II field names
// gf_remuneration … da_advance) that the figures allow; a line with no entry
// has a cap that cannot be worked out without guessing.
func lineCaps(p programme, card *Card) map[string]capped {
	caps := map[string]capped{}
	d, n := max(p.days, 0), max(p.participants, 0)
	perDay := func(rate decimal.Decimal) capped {
		return capped{amount: roundRupee(rate.Mul(dec(d))),
			why: fmt.Sprintf("for %s (%s a day)", plural(d, "day", "days"), rupees(rate))}
	}
	if p.sessionsOK {
		s := max(p.sessions, 0)
		caps["gf_remuneration"] = capped{amount: roundRupee(card.GFRemuneration.Mul(dec(s))),
			why: fmt.Sprintf("for %s allotted to guest faculty (%s a session)", plural(s, "session", "sessions"), rupees(card.GFRemuneration))}
	}
	if p.guestsOK && p.outstationOK && p.daysOK {
		out := max(p.outstation, 0)
		local := max(p.guests-out, 0)
		amt := card.GFLocalConveyance.Mul(dec(local)).Mul(dec(d)).Add(card.GFOutstationMax.Mul(dec(out)))
		why := fmt.Sprintf("for %s over %s (%s a day each)", plural(local, "local guest faculty member", "local guest faculty"),
			plural(d, "day", "days"), rupees(card.GFLocalConveyance))
		if out > 0 {
			why += fmt.Sprintf(" and %s (at most %s each)", plural(out, "outstation guest faculty member", "outstation guest faculty"), rupees(card.GFOutstationMax))
		}
		caps["gf_ta"] = capped{amount: roundRupee(amt), why: why}
	}
	if p.daysOK {
		caps["coordination_fee"] = perDay(card.CoordinationFee)
		caps["photocopy"] = perDay(card.Photocopy)
		caps["miscellaneous"] = perDay(card.Miscellaneous)
	}
	switch {
	case p.imgCentre:
		caps["stationery"] = capped{amount: zero, outright: true, why: "at an IMG centre, where stationery is provided in-house"}
	case p.participantsOK:
		sets := n + card.StationeryExtraSets
		caps["stationery"] = capped{amount: roundRupee(card.Stationery.Mul(dec(sets))),
			why: fmt.Sprintf("for %s and %s for the department co-ordinator (%s a set)", plural(n, "participant", "participants"),
				plural(card.StationeryExtraSets, "set", "sets"), rupees(card.Stationery))}
	}
	if p.daysOK && p.participantsOK && p.accommodatedOK {
		acc := min(max(p.accommodated, 0), n)
		perDay := card.FoodResidential.Mul(dec(acc)).
			Add(card.FoodDay.Mul(dec(n - acc))).
			Add(card.FoodDay.Mul(dec(card.FoodExtraPersons)))
		why := fmt.Sprintf("for %s over %s (%s a day each", plural(n, "participant", "participants"), plural(d, "day", "days"), rupees(card.FoodResidential))
		if acc < n {
			why = fmt.Sprintf("for %s over %s (%s a day for each of the %d availing accommodation, %s for the others",
				plural(n, "participant", "participants"), plural(d, "day", "days"), rupees(card.FoodResidential), acc, rupees(card.FoodDay))
		}
		why += fmt.Sprintf(", and %s for %s)", rupees(card.FoodDay), plural(card.FoodExtraPersons, "extra person", "extra persons"))
		caps["food"] = capped{amount: roundRupee(perDay.Mul(dec(d))), why: why}
	}
	switch {
	case p.imgCentre:
		caps["venue_hire"] = capped{amount: zero, outright: true, why: "at an IMG centre"}
	case p.govtOwned:
		caps["venue_hire"] = capped{amount: zero, outright: true, why: p.govtWhy}
	case p.govtOwnedOK && p.daysOK:
		caps["venue_hire"] = perDay(card.VenueHire)
	}
	if p.participantsOK {
		caps["ta_advance"] = capped{amount: roundRupee(card.TAAdvancePerBatch.Mul(dec(n)).Div(dec(card.BatchSize))),
			why: fmt.Sprintf("for %s (%s for a batch of %d)", plural(n, "participant", "participants"), rupees(card.TAAdvancePerBatch), card.BatchSize)}
	}
	if p.participantsOK && p.daysOK {
		caps["da_advance"] = capped{amount: roundRupee(card.DAAdvancePerDay.Mul(dec(d)).Mul(dec(n)).Div(dec(card.BatchSize))),
			why: fmt.Sprintf("for %s over %s (%s a day for a batch of %d)", plural(n, "participant", "participants"),
				plural(d, "day", "days"), rupees(card.DAAdvancePerDay), card.BatchSize)}
	}
	return caps
}

// baseLines are the lines whose admissible amounts make up the base of the
// largest advance (Annexure II 21: 17 + 18 + 19).
var baseLines = []string{"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy", "food", "venue_hire", "miscellaneous", "ta_advance", "da_advance"}

// aii is one Annexure II under assessment.
type aii struct {
	a        *stpclaims.AnnexureII
	card     *Card
	received time.Time
	p        programme
	caps     map[string]capped
	amounts  map[string]stpclaims.Amount
	findings []stpclaims.Finding
}

func (x *aii) add(f stpclaims.Finding) { x.findings = append(x.findings, f) }

// AnnexureII assesses a claim for advance received on the calendar day
// received: every AII-* rule but the ledger's AII-DUPLICATE, each line's cap
// and admissible amount, and the largest advance. A zero received skips
// AII-LEAD-TIME.
func AnnexureII(a *stpclaims.AnnexureII, card *Card, received time.Time) stpclaims.Assessment {
	x := &aii{a: a, card: card, received: received, amounts: map[string]stpclaims.Amount{}}
	for _, m := range a.MoneyLines() {
		x.amounts[m.Field] = *m.Amount
	}
	x.p = programmeOf(a.TrainingDays, a.Participants)
	if x.p.participantsOK {
		x.p.accommodated, x.p.accommodatedOK = optionalCount(a.Accommodated, x.p.participants)
	}
	x.p.guests, x.p.guestsOK = count(a.GuestFaculty)
	x.p.outstation, x.p.outstationOK = optionalCount(a.OutstationGuestFaculty, 0)
	x.p.sessions, x.p.sessionsOK = count(a.GuestSessions)
	x.p.imgCentre = a.Venue.Ok() && card.IsIMGCentre(a.Venue.Value)
	x.p.govtOwned, x.p.govtOwnedOK, x.p.govtWhy, x.p.govtWord = card.govtVenue(a.Venue, a.VenueGovtOwned)
	x.caps = lineCaps(x.p, card)

	for _, check := range []func(){
		x.required, x.conflict, x.dates, x.batch, x.class, x.programmeType,
		x.gfRemuneration, x.gfSessions, x.gfShare, x.gfCount, x.gfTA,
		x.coordFee, x.stationery, x.stationeryInhouse, x.photocopy, x.photocopySample,
		x.food, x.venue, x.venueGovt, x.misc, x.subtotal, x.taAdvance, x.daAdvance,
		x.other,
	} {
		check()
	}
	as := stpclaims.Assessment{}
	as.Lines, as.Totals, as.MaxAdvance, as.Pending = x.lines()
	for _, check := range []func(decimal.NullDecimal){x.advanceCap, x.advanceRound, x.leadTime, x.account} {
		check(as.MaxAdvance)
	}
	sortByField(x.findings, annexureFieldOrder)
	as.Findings = x.findings
	return as
}

// lines gives lines 9–16, 18, 19, 20 with claimed, cap and admissible, the
// form's totals (lines 9–16, 18–20) and the largest advance. A line whose
// claim could not be read, or whose cap cannot be worked out, is left out of
// the lines and admits nothing; the largest advance is then not computed
// (null) unless that line claims nothing. What each figure left out waits
// for is in the pending list.
func (x *aii) lines() ([]stpclaims.Line, *stpclaims.Totals, decimal.NullDecimal, []stpclaims.Pending) {
	tot := &stpclaims.Totals{}
	base := zero
	var out []stpclaims.Line
	var pend pendingList
	for _, m := range x.a.MoneyLines() {
		if m.Line == 17 || m.Line == 21 {
			continue
		}
		amt, ok := claimed(*m.Amount)
		inBase := slices.Contains(baseLines, m.Field)
		if !ok {
			pend.add(m.Field, m.Field, stpclaims.Unreadable, inBase)
			continue
		}
		tot.Claimed = tot.Claimed.Add(amt)
		var c decimal.Decimal
		if m.Field == "other_expenses" {
			c = amt // admitted as claimed, subject to its separate sanction (AII-OTHER)
		} else if cp, ok := x.caps[m.Field]; ok {
			c = cp.amount
		} else {
			if amt.IsPositive() {
				for _, fig := range x.p.unknownFigures(m.Field) {
					pend.add(m.Field, fig, x.figureState(fig), inBase)
				}
			}
			continue
		}
		adm := decimal.Min(amt, c)
		out = append(out, stpclaims.Line{Field: m.Field, Cell: m.Amount.Cell, Claimed: amt, Cap: c, Admissible: adm})
		tot.Admissible = tot.Admissible.Add(adm)
		if inBase {
			base = base.Add(adm)
		}
	}
	maxAdv := decimal.NullDecimal{}
	if !pend.blocksMaxAdvance {
		maxAdv = null(roundTo(base.Mul(x.card.AdvanceShareMax), x.card.AdvanceRounding))
	}
	return out, tot, maxAdv, pend.all()
}

// pendingList gathers what the figures left out wait for, each (figure,
// field) once, the largest advance's after the lines'.
type pendingList struct {
	list             []stpclaims.Pending
	maxAdvance       []stpclaims.Pending
	blocksMaxAdvance bool
}

// add records that line's admissible amount waits for field, and with
// inBase that the largest advance does too.
func (l *pendingList) add(line, field string, st stpclaims.State, inBase bool) {
	l.list = appendPending(l.list, stpclaims.Pending{Figure: line, Field: field, State: st})
	if inBase {
		l.blocksMaxAdvance = true
		l.maxAdvance = appendPending(l.maxAdvance, stpclaims.Pending{Figure: stpclaims.FigureMaxAdvance, Field: field, State: st})
	}
}

// all is the lines' entries, then the largest advance's.
func (l *pendingList) all() []stpclaims.Pending { return append(l.list, l.maxAdvance...) }

func appendPending(l []stpclaims.Pending, p stpclaims.Pending) []stpclaims.Pending {
	if slices.Contains(l, p) {
		return l
	}
	return append(l, p)
}

// unknownFigures lists the programme figures that the cap of line needs
// and that are not known, in capFigures' order; the participants availing
// accommodation only when the participants themselves are known (else the
// participants are what the cap waits for).
func (p programme) unknownFigures(line string) []string {
	var out []string
	for _, fig := range capFigures[line] {
		if fig == "accommodated" && !p.participantsOK {
			continue
		}
		if !p.known(fig) {
			out = append(out, fig)
		}
	}
	return out
}

// known reports whether a programme figure (a capFigures name) was read
// and is usable for caps.
func (p programme) known(fig string) bool {
	switch fig {
	case "training_days":
		return p.daysOK
	case "participants":
		return p.participantsOK
	case "accommodated":
		return p.accommodatedOK
	case "guest_faculty":
		return p.guestsOK
	case "outstation_guest_faculty":
		return p.outstationOK
	case "guest_sessions":
		return p.sessionsOK
	case "venue_govt_owned":
		return p.govtOwnedOK
	}
	return true
}

// figureState is the state of a programme figure on the form: Missing,
// Unreadable, or Present when it was read but cannot be used (0
// participants).
func (x *aii) figureState(fig string) stpclaims.State {
	a := x.a
	switch fig {
	case "training_days":
		return a.TrainingDays.State
	case "participants":
		return a.Participants.State
	case "accommodated":
		return a.Accommodated.State
	case "guest_faculty":
		return a.GuestFaculty.State
	case "outstation_guest_faculty":
		return a.OutstationGuestFaculty.State
	case "guest_sessions":
		return a.GuestSessions.State
	case "venue_govt_owned":
		return a.VenueGovtOwned.State
	}
	return stpclaims.Missing
}

// required: AII-REQUIRED.
func (x *aii) required() {
	a := x.a
	required := []fieldState{
		stateOf("programme_code", a.ProgrammeCode), stateOf("programme_name", a.ProgrammeName),
		stateOf("start_date", a.StartDate), stateOf("end_date", a.EndDate), stateOf("training_days", a.TrainingDays),
		stateOf("participants", a.Participants), stateOf("officer_class", a.OfficerClass),
		stateOf("programme_type", a.ProgrammeType), stateOf("advance_claimed", a.AdvanceClaimed),
		stateOf("coordinator", a.Coordinator), stateOf("account_no", a.AccountNo),
	}
	optional := []fieldState{
		stateOf("department", a.Department), stateOf("venue", a.Venue),
		stateOf("accommodated", a.Accommodated), stateOf("guest_faculty", a.GuestFaculty),
		stateOf("outstation_guest_faculty", a.OutstationGuestFaculty), stateOf("guest_sessions", a.GuestSessions),
		stateOf("venue_govt_owned", a.VenueGovtOwned),
		stateOf("coordinator_designation", a.CoordinatorDesignation), stateOf("coordinator_phone", a.CoordinatorPhone),
		stateOf("coordinator_email", a.CoordinatorEmail), stateOf("ifsc", a.IFSC),
		stateOf("facilitator", a.Facilitator), stateOf("facilitator_email", a.FacilitatorEmail),
	}
	for _, m := range a.MoneyLines() {
		if m.Field != "advance_claimed" {
			optional = append(optional, stateOf(m.Field, *m.Amount))
		}
	}
	for _, f := range required {
		if f.state == stpclaims.Missing {
			fd := finding("AII-REQUIRED", f.name, f.cell)
			fd.Action = actionFillIn
			fd.Message = fmt.Sprintf("The form does not give the %s, which the claim cannot be checked without.", aiiLabel(f.name))
			x.add(fd)
		}
	}
	for _, f := range append(required, optional...) {
		if f.state == stpclaims.Unreadable && !x.inConflict(f.name) {
			fd := finding("AII-REQUIRED", f.name, f.cell)
			fd.Action = writePlainly(f.name)
			fd.Message = fmt.Sprintf("%q, written for the %s, could not be read without guessing.", f.raw, aiiLabel(f.name))
			x.add(fd)
		}
	}
}

// inConflict reports whether the form gives the field two values
// (AII-CONFLICT says so; AII-REQUIRED does not say it again).
func (x *aii) inConflict(field string) bool {
	return slices.ContainsFunc(x.a.Conflicts, func(c stpclaims.Conflict) bool { return c.Field == field && !c.Words })
}

// conflict: AII-CONFLICT, a field given two values.
func (x *aii) conflict() {
	for _, c := range x.a.Conflicts {
		f := finding("AII-CONFLICT", c.Field, c.Cells[0])
		if c.Words {
			f.Action = "correct the figure or the words"
			f.Message = fmt.Sprintf("The %s is written %q in figures but %q in words; the figure is taken.",
				aiiLabel(c.Field), c.Raws[0], c.Raws[1])
		} else if c.Raws[1] == "" {
			f.Action = "keep the right value and remove the other"
			f.Message = fmt.Sprintf("The %s is written twice with different values, %q at %s and nothing at %s (the form is on the sheet twice); neither is taken.",
				aiiLabel(c.Field), c.Raws[0], cellName(c.Cells[0]), cellName(c.Cells[1]))
		} else {
			f.Action = "keep the right value and remove the other"
			f.Message = fmt.Sprintf("The %s is written twice with different values, %q at %s and %q at %s; neither is taken.",
				aiiLabel(c.Field), c.Raws[0], cellName(c.Cells[0]), c.Raws[1], cellName(c.Cells[1]))
		}
		x.add(f)
	}
}

// cellName writes "Sheet!D19" as "D19 of sheet 'Sheet'" for a message.
func cellName(cell string) string {
	i := strings.LastIndexByte(cell, '!')
	if i < 0 {
		return cell
	}
	return fmt.Sprintf("%s of sheet '%s'", cell[i+1:], cell[:i])
}

func calendarDays(from, to time.Time) int { return int(to.Sub(from).Hours()/24+0.5) + 1 }

// dates: AII-DATES.
func (x *aii) dates() {
	a := x.a
	if a.StartDate.Ok() && a.EndDate.Ok() && a.EndDate.Value.Before(a.StartDate.Value) {
		f := finding("AII-DATES", "end_date", a.EndDate.Cell)
		f.Action = "correct the dates"
		f.Message = fmt.Sprintf("The programme ends on %s, before it starts on %s.", day(a.EndDate.Value), day(a.StartDate.Value))
		x.add(f)
		return
	}
	d, ok := count(a.TrainingDays)
	if !ok {
		return
	}
	if d < 1 {
		f := finding("AII-DATES", "training_days", a.TrainingDays.Cell)
		f.Action = "write the number of training days, at least 1"
		f.Message = fmt.Sprintf("The programme is given %d training days; it must have at least one.", d)
		x.add(f)
		return
	}
	if a.StartDate.Ok() && a.EndDate.Ok() {
		if n := calendarDays(a.StartDate.Value, a.EndDate.Value); d > n {
			f := finding("AII-DATES", "training_days", a.TrainingDays.Cell)
			f.Action = fmt.Sprintf("write at most %d training days, or correct the dates", n)
			f.Message = fmt.Sprintf("The programme is given %d training days, but %s to %s is only %s.",
				d, day(a.StartDate.Value), day(a.EndDate.Value), plural(n, "day", "days"))
			x.add(f)
		}
	}
}

func day(t time.Time) string { return t.Format("02.01.2006") }

// batch: AII-BATCH (deviation above the batch size, error below one).
func (x *aii) batch() {
	n, ok := count(x.a.Participants)
	if !ok {
		return
	}
	f := finding("AII-BATCH", "participants", x.a.Participants.Cell)
	switch {
	case n < 1:
		f.Severity = sevError
		f.Action = "write the number of participants, at least 1"
		f.Message = fmt.Sprintf("The number of participants is %d; a programme needs at least one.", n)
	case n > x.card.BatchSize:
		f.Action = fmt.Sprintf("%s, or reduce to %d participants", actionFacilitator, x.card.BatchSize)
		f.Message = fmt.Sprintf("%d participants are more than the batch of %d; a larger batch needs the facilitator's approval.", n, x.card.BatchSize)
	default:
		return
	}
	x.add(f)
}

// officerClassesIn reads a class of officers as written ("II & III", "Class
// I and II", "I-IV", "All"); false when any part is not a class.
func officerClassesIn(s string) ([]string, bool) {
	words := strings.FieldsFunc(strings.ToUpper(s), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	arabic := map[string]string{"1": "I", "2": "II", "3": "III", "4": "IV"}
	var out []string
	for _, w := range words {
		switch w {
		case "CLASS", "CLASSES", "AND", "TO", "OFFICERS", "OFFICER", "CATEGORY":
			continue
		case "ALL":
			return officerClasses, true
		}
		if r, ok := arabic[w]; ok {
			w = r
		}
		if !slices.Contains(officerClasses, w) {
			return nil, false
		}
		if !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out, len(out) > 0
}

// class: AII-CLASS.
func (x *aii) class() {
	c := x.a.OfficerClass
	if !c.Ok() {
		return
	}
	if _, ok := officerClassesIn(c.Value); !ok {
		f := finding("AII-CLASS", "officer_class", c.Cell)
		f.Action = "write one or more of I, II, III and IV"
		f.Message = fmt.Sprintf("The class of officers %q is not one or more of I, II, III and IV.", c.Value)
		x.add(f)
	}
}

// programmeType: AII-TYPE.
func (x *aii) programmeType() {
	t := x.a.ProgrammeType
	if !t.Ok() {
		return
	}
	w := strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(strings.ToLower(t.Value)), "level")))
	if w == "zonal" || w == "district" || w == "state" {
		return
	}
	f := finding("AII-TYPE", "programme_type", t.Cell)
	f.Action = "write Zonal, District or State"
	f.Message = fmt.Sprintf("The type of programme %q is not one of Zonal, District and State.", t.Value)
	x.add(f)
}

// overCap reports a line claimed above its cap under rule id.
func (x *aii) overCap(id, field string) {
	amt, ok := claimed(x.amounts[field])
	cp, capOK := x.caps[field]
	if !ok || !capOK || cp.outright || !amt.GreaterThan(cp.amount) {
		return
	}
	f := finding(id, field, x.amounts[field].Cell)
	f.Claimed, f.Allowed, f.Admissible = null(amt), null(cp.amount), null(cp.amount)
	f.Action = reduceTo(amt, cp.amount)
	f.Message = fmt.Sprintf("%s may be at most %s %s; %s is claimed.", aiiLabel(field), rupees(cp.amount), cp.why, rupees(amt))
	x.add(f)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (x *aii) gfRemuneration() { x.overCap("AII-GF-REMUNERATION", "gf_remuneration") }
func (x *aii) gfTA()           { x.overCap("AII-GF-TA", "gf_ta") }
func (x *aii) coordFee()       { x.overCap("AII-COORD-FEE", "coordination_fee") }
func (x *aii) stationery()     { x.overCap("AII-STATIONERY", "stationery") }
func (x *aii) photocopy()      { x.overCap("AII-PHOTOCOPY", "photocopy") }
func (x *aii) food()           { x.overCap("AII-FOOD", "food") }
func (x *aii) venue()          { x.overCap("AII-VENUE", "venue_hire") }
func (x *aii) misc()           { x.overCap("AII-MISC", "miscellaneous") }
func (x *aii) taAdvance()      { x.overCap("AII-TA-ADVANCE", "ta_advance") }
func (x *aii) daAdvance()      { x.overCap("AII-DA-ADVANCE", "da_advance") }

// sessionsAvailable is the sessions of a programme of d days.
func (x *aii) sessionsAvailable(d int) int { return x.card.SessionsPerDay * max(d, 0) }

// gfSessions: AII-GF-SESSIONS.
func (x *aii) gfSessions() {
	s, sOK := count(x.a.GuestSessions)
	d, dOK := count(x.a.TrainingDays)
	if !sOK || !dOK {
		return
	}
	paid := x.sessionsAvailable(d) - x.card.UnpaidSessions
	if s <= paid {
		return
	}
	f := finding("AII-GF-SESSIONS", "guest_sessions", x.a.GuestSessions.Cell)
	f.Action = fmt.Sprintf("reduce to %s, or %s", plural(max(paid, 0), "session", "sessions"), actionFacilitator)
	f.Message = fmt.Sprintf("%s are allotted to guest faculty, but a programme of %s has only %d paid sessions (%d a day, less %d for inauguration and valediction).",
		capitalize(plural(s, "session", "sessions")), plural(d, "day", "days"), max(paid, 0), x.card.SessionsPerDay, x.card.UnpaidSessions)
	x.add(f)
}

// gfShare: AII-GF-SHARE.
func (x *aii) gfShare() {
	s, sOK := count(x.a.GuestSessions)
	d, dOK := count(x.a.TrainingDays)
	if !sOK || !dOK {
		return
	}
	total := x.sessionsAvailable(d)
	limit := x.card.GuestShareMax.Mul(dec(total))
	if !dec(s).GreaterThan(limit) {
		return
	}
	f := finding("AII-GF-SHARE", "guest_sessions", x.a.GuestSessions.Cell)
	f.Action = fmt.Sprintf("reduce to %s, or get prior special sanction through headquarters", plural(int(limit.IntPart()), "session", "sessions"))
	f.Message = fmt.Sprintf("%s of %d are allotted to guest faculty, more than %s; this needs prior special sanction routed through headquarters.",
		capitalize(plural(s, "session", "sessions")), total, percent(x.card.GuestShareMax))
	x.add(f)
}

// gfCount: AII-GF-COUNT.
func (x *aii) gfCount() {
	s, sOK := count(x.a.GuestSessions)
	g, gOK := count(x.a.GuestFaculty)
	if !sOK || !gOK {
		return
	}
	var msg, action string
	switch {
	case s > 0 && g == 0:
		action = "write the number of guest faculty who take the sessions"
		msg = fmt.Sprintf("%s are allotted to guest faculty, but no guest faculty is named.", capitalize(plural(s, "session", "sessions")))
	case g > s:
		action = fmt.Sprintf("write at most %d guest faculty, or correct %s", s, aiiLine("guest_sessions"))
		msg = fmt.Sprintf("%s are named for only %s; each should take at least one session.",
			capitalize(plural(g, "guest faculty member", "guest faculty")), plural(s, "session", "sessions"))
	default:
		return
	}
	f := finding("AII-GF-COUNT", "guest_faculty", x.a.GuestFaculty.Cell)
	f.Action = action
	f.Message = msg
	x.add(f)
}

// stationeryInhouse: AII-STATIONERY-INHOUSE.
func (x *aii) stationeryInhouse() {
	amt, ok := claimed(x.a.Stationery)
	if !ok || !x.p.imgCentre || !amt.IsPositive() {
		return
	}
	f := finding("AII-STATIONERY-INHOUSE", "stationery", x.a.Stationery.Cell)
	f.Claimed, f.Allowed, f.Admissible = null(amt), null(zero), null(zero)
	f.Action = strikeOut("stationery", amt)
	f.Message = fmt.Sprintf("No stationery advance is given for a programme at %s: IMG provides it in-house.", x.a.Venue.Value)
	x.add(f)
}

// photocopySample: AII-PHOTOCOPY-SAMPLE.
func (x *aii) photocopySample() {
	amt, ok := claimed(x.a.Photocopy)
	if !ok || !amt.IsPositive() {
		return
	}
	f := finding("AII-PHOTOCOPY-SAMPLE", "photocopy", x.a.Photocopy.Cell)
	f.Action = "send one copy of the material given to the participants"
	f.Message = fmt.Sprintf("Photocopy charges of %s are verified against a copy of the material distributed.", rupees(amt))
	x.add(f)
}

// venueGovt: AII-VENUE-GOVT (error at an IMG centre or a Govt-owned venue,
// deviation elsewhere).
func (x *aii) venueGovt() {
	amt, ok := claimed(x.a.VenueHire)
	if !ok || !amt.IsPositive() {
		return
	}
	f := finding("AII-VENUE-GOVT", "venue_hire", x.a.VenueHire.Cell)
	f.Claimed = null(amt)
	if cp := x.caps["venue_hire"]; cp.outright {
		f.Allowed, f.Admissible = null(zero), null(zero)
		f.Action = strikeOut("hiring charges", amt)
		f.Message = fmt.Sprintf("Hiring charges are not admissible %s.", cp.why)
	} else {
		f.Severity = sevDeviation
		if cp, ok := x.caps["venue_hire"]; ok {
			f.Allowed, f.Admissible = null(cp.amount), null(decimal.Min(amt, cp.amount))
		}
		f.Action = "have the facilitator confirm that hiring the venue is genuinely needed"
		f.Message = fmt.Sprintf("Hiring charges of %s are allowed only for genuine cases.", rupees(amt))
		if x.p.govtWord != "" {
			f.Action = "have the facilitator confirm whether the venue is Govt-owned and hiring it genuinely needed"
			f.Message += fmt.Sprintf(" The venue %q holds the rate card's word %q for a Govt-owned venue, where hire is not admissible, though the form says it is not Govt-owned.",
				strings.TrimSpace(x.a.Venue.Value), x.p.govtWord)
		}
	}
	x.add(f)
}

// subtotal: AII-SUBTOTAL, the sender's own sum of lines 9–16.
func (x *aii) subtotal() {
	if !x.a.Subtotal.Ok() {
		return
	}
	sum := zero
	for _, m := range x.a.MoneyLines() {
		if m.Line < 9 || m.Line > 16 {
			continue
		}
		amt, ok := claimed(*m.Amount)
		if !ok {
			return
		}
		sum = sum.Add(amt)
	}
	if sum.Equal(x.a.Subtotal.Value) {
		return
	}
	f := finding("AII-SUBTOTAL", "subtotal", x.a.Subtotal.Cell)
	f.Claimed = null(x.a.Subtotal.Value)
	f.Action = fmt.Sprintf("write %s, the sum of lines 9 to 16", rupees(sum))
	f.Message = fmt.Sprintf("The total of lines 9 to 16 is written as %s, but the lines add up to %s.", rupees(x.a.Subtotal.Value), rupees(sum))
	x.add(f)
}

// other: AII-OTHER.
func (x *aii) other() {
	amt, ok := claimed(x.a.OtherExpenses)
	if !ok || !amt.IsPositive() {
		return
	}
	f := finding("AII-OTHER", "other_expenses", x.a.OtherExpenses.Cell)
	f.Claimed = null(amt)
	f.Action = "get prior permission and a separate budget allocation from the Programme & Planning Division, with details"
	f.Message = fmt.Sprintf("Other expenses of %s are not part of the %s advance: they need a budget of their own.", rupees(amt), percent(x.card.AdvanceShareMax))
	x.add(f)
}

// advanceCap: AII-ADVANCE-CAP.
func (x *aii) advanceCap(maxAdv decimal.NullDecimal) {
	adv := x.a.AdvanceClaimed
	if !adv.Ok() || !maxAdv.Valid || !adv.Value.GreaterThan(maxAdv.Decimal) {
		return
	}
	f := finding("AII-ADVANCE-CAP", "advance_claimed", adv.Cell)
	f.Claimed, f.Allowed, f.Admissible = null(adv.Value), maxAdv, maxAdv
	f.Action = x.advanceAction(maxAdv.Decimal)
	f.Message = fmt.Sprintf("At most %s may be sanctioned: %s of the admissible lines 9 to 16, 18 and 19, rounded to the nearest %s; %s is claimed.",
		rupees(maxAdv.Decimal), percent(x.card.AdvanceShareMax), indian(x.card.AdvanceRounding), rupees(adv.Value))
	x.add(f)
}

// advanceAction is the action on an advance claimed above the largest
// advance: write the largest or less, a multiple of the rounding (the
// largest advance is one).
func (x *aii) advanceAction(most decimal.Decimal) string {
	if !most.IsPositive() {
		return "strike out the advance: none may be sanctioned until the lines above admit something"
	}
	return fmt.Sprintf("write %s or less, a multiple of %s", rupees(most), indian(x.card.AdvanceRounding))
}

// advanceRound: AII-ADVANCE-ROUND. Its suggestion is the multiple nearest
// the claim, never above the largest advance.
func (x *aii) advanceRound(maxAdv decimal.NullDecimal) {
	adv := x.a.AdvanceClaimed
	unit := x.card.AdvanceRounding
	if !adv.Ok() || adv.Value.Mod(unit).IsZero() {
		return
	}
	f := finding("AII-ADVANCE-ROUND", "advance_claimed", adv.Cell)
	f.Claimed, f.Allowed = null(adv.Value), maxAdv
	switch {
	case maxAdv.Valid && adv.Value.GreaterThan(maxAdv.Decimal):
		f.Action = x.advanceAction(maxAdv.Decimal)
	default:
		such := roundTo(adv.Value, unit)
		if !such.IsPositive() {
			such = unit
		}
		if maxAdv.Valid {
			such = decimal.Min(such, maxAdv.Decimal)
		}
		f.Action = fmt.Sprintf("write a multiple of %s, such as %s", indian(unit), rupees(such))
	}
	f.Message = fmt.Sprintf("The advance claimed, %s, is not rounded to the nearest %s.", rupees(adv.Value), indian(unit))
	x.add(f)
}

// leadTime: AII-LEAD-TIME.
func (x *aii) leadTime(decimal.NullDecimal) {
	start := x.a.StartDate
	if !start.Ok() || x.received.IsZero() {
		return
	}
	r := time.Date(x.received.Year(), x.received.Month(), x.received.Day(), 0, 0, 0, 0, time.UTC)
	s := time.Date(start.Value.Year(), start.Value.Month(), start.Value.Day(), 0, 0, 0, 0, time.UTC)
	before := int(s.Sub(r).Hours() / 24)
	if before >= x.card.LeadTimeDays {
		return
	}
	f := finding("AII-LEAD-TIME", "start_date", start.Cell)
	when := fmt.Sprintf("only %s before the programme starts on %s", plural(before, "day", "days"), day(s))
	if before < 0 {
		when = fmt.Sprintf("%s after the programme started on %s", plural(-before, "day", "days"), day(s))
	} else if before == 0 {
		when = fmt.Sprintf("on the day the programme starts, %s", day(s))
	}
	f.Action = actionFacilitator + " on a late request"
	f.Message = fmt.Sprintf("The request was received on %s, %s; it must reach the centre at least %d days before.", day(r), when, x.card.LeadTimeDays)
	x.add(f)
}

// account: AII-ACCOUNT.
func (x *aii) account(decimal.NullDecimal) {
	a := x.a
	if a.AccountNo.Ok() && !validAccount(a.AccountNo.Value) {
		f := finding("AII-ACCOUNT", "account_no", a.AccountNo.Cell)
		f.Action = "write the account number, 9 to 18 digits"
		f.Message = fmt.Sprintf("The account number %q is not 9 to 18 digits.", a.AccountNo.Value)
		x.add(f)
	}
	if a.CoordinatorEmail.Ok() && strings.TrimSpace(a.CoordinatorEmail.Value) != "" && !validEmail(a.CoordinatorEmail.Value) {
		f := finding("AII-ACCOUNT", "coordinator_email", a.CoordinatorEmail.Cell)
		f.Action = "write the e-mail address in full, e.g. name@kerala.gov.in"
		f.Message = fmt.Sprintf("The co-ordinator's e-mail %q is not an e-mail address.", a.CoordinatorEmail.Value)
		x.add(f)
	}
	if a.IFSC.Ok() && strings.TrimSpace(a.IFSC.Value) != "" && !validIFSC(a.IFSC.Value) {
		f := finding("AII-ACCOUNT", "ifsc", a.IFSC.Cell)
		f.Action = "write the IFSC of the branch, e.g. SBIN0070123"
		f.Message = fmt.Sprintf("The IFSC %q is not four letters, a zero and six letters or digits (e.g. SBIN0070123).", a.IFSC.Value)
		x.add(f)
	}
}
