package validate

import "stpclaims"

// Rule is one entry of the rule catalogue (docs/rules.md).
type Rule struct {
	ID       string
	Clause   string // the 2015 order's clause, e.g. "cost sheet, Annexure II 15"
	Severity stpclaims.Severity
	Check    string // what it checks, one line for the README
}

const (
	sevError     = stpclaims.SeverityError
	sevDeviation = stpclaims.SeverityDeviation
	sevInfo      = stpclaims.SeverityInfo
)

// catalogue is docs/rules.md's catalogue, in its order.
var catalogue = []Rule{
	{"AII-REQUIRED", "Annexure II 1–8, 21–23", sevError, "programme code, name, dates, training days, participants, class, type, advance claimed, co-ordinator, account no. present and readable; any value written but unreadable"},
	{"AII-DATES", "Annexure II 3", sevError, "from ≤ to; 1 ≤ training days ≤ calendar days from..to inclusive"},
	{"AII-BATCH", "I(b)", sevDeviation, "participants above the batch size of 30 (error if fewer than 1)"},
	{"AII-CLASS", "Annexure II 7", sevError, "class of officers is one or more of I, II, III, IV"},
	{"AII-TYPE", "Annexure II 8", sevError, "type is Zonal, District or State"},
	{"AII-GF-REMUNERATION", "cost sheet, I(e), Annexure II 9", sevError, "line 9 ≤ 750 × sessions allotted to guest faculty"},
	{"AII-GF-SESSIONS", "I(c), I(d)", sevDeviation, "guest sessions ≤ 4 × days − 2 (inauguration and valediction are unpaid)"},
	{"AII-GF-SHARE", "I(j)", sevDeviation, "guest sessions ≤ 50 % of 4 × days without prior special sanction"},
	{"AII-GF-COUNT", "Annexure II 5–6", sevError, "sessions allotted with no guest faculty, or more guest faculty than sessions"},
	{"AII-GF-TA", "cost sheet, II", sevError, "line 10 ≤ 100 × local guest faculty × days + 1000 × outstation guest faculty"},
	{"AII-COORD-FEE", "cost sheet", sevError, "line 11 ≤ 300 × days"},
	{"AII-STATIONERY", "cost sheet, I(b), I(h)", sevError, "line 12 ≤ 100 × (participants + 1)"},
	{"AII-STATIONERY-INHOUSE", "VI", sevError, "no stationery advance at an IMG centre (provided in-house)"},
	{"AII-PHOTOCOPY", "cost sheet, Annexure II 13", sevError, "line 13 ≤ 750 × days"},
	{"AII-PHOTOCOPY-SAMPLE", "Annexure II 13", sevInfo, "photocopy claimed: one copy of the material must be submitted"},
	{"AII-FOOD", "cost sheet, III, I(i), Annexure II 14", sevError, "line 14 ≤ days × (216 × accommodated + 121 × others + 121 × 3 extra persons)"},
	{"AII-VENUE", "cost sheet, Annexure II 15", sevError, "line 15 ≤ 2500 × days"},
	{"AII-VENUE-GOVT", "cost sheet remark", sevError, "venue hire at an IMG centre or Govt-owned venue (error), elsewhere only for genuine cases (deviation)"},
	{"AII-MISC", "cost sheet, I(g)", sevError, "line 16 ≤ 550 × days"},
	{"AII-SUBTOTAL", "Annexure II 17", sevError, "line 17 = sum of lines 9–16 as written"},
	{"AII-TA-ADVANCE", "IV, Annexure II 18", sevError, "line 18 ≤ 16000 × participants / 30"},
	{"AII-DA-ADVANCE", "IV, Annexure II 19", sevError, "line 19 ≤ 1000 × days × participants / 30"},
	{"AII-OTHER", "VIII, Annexure II 20", sevDeviation, "other expenses need prior permission and a separate budget allocation"},
	{"AII-ADVANCE-CAP", "Annexure II 21", sevError, "line 21 ≤ 75 % of admissible lines 9–16, 18, 19, rounded half-up to 100"},
	{"AII-ADVANCE-ROUND", "Annexure II 21", sevError, "line 21 is a multiple of 100"},
	{"AII-LEAD-TIME", "V", sevDeviation, "request received at least 14 days before the first day"},
	{"AII-ACCOUNT", "Annexure II 22–23", sevError, "account number 9–18 digits; e-mail and IFSC well formed where given"},
	{"AII-DUPLICATE", "V (register of advances)", sevDeviation, "the register already holds the advance of this programme code, requested by another sender (checked by the register)"},
	{"AII-CONFLICT", "Annexure II", sevError, "a field's label twice on a sheet with different values, or an amount or count whose words disagree with its figure: neither is guessed"},

	{"TA-REQUIRED", "Annexure I.6", sevError, "name, class, office, distance, days attended; header programme code and dates"},
	{"TA-LOCAL", "IV.2, Annexure I.4", sevError, "no TA (fare, autorickshaw fare) for a participant within 8 km of headquarters"},
	{"TA-FARE", "IV.1, Annexure I.1", sevError, "fare claimed ≤ eligible fare (sleeper Mail/Express or Fast Passenger + incidentals)"},
	{"TA-AUTO", "Annexure I.5", sevError, "autorickshaw fare admitted for at most 8 km a single journey (pro rata)"},
	{"TA-ABSENT", "Annexure I.7", sevError, "no TA (fare, autorickshaw fare) for a participant absent without valid reason"},
	{"TA-DA-QUARTER", "Annexure I.3", sevError, "DA ≤ ¼ × full daily DA × days attended"},
	{"TA-DAYS", "—", sevError, "days attended + days absent ≤ training days"},
	{"TA-ROW-TOTAL", "—", sevError, "a row's total = fare + auto fare + DA as written"},
	{"TA-BILL-TOTAL", "—", sevError, "the bill's total = sum of the rows"},
	{"TA-DUPLICATE", "—", sevError, "the same participant (PEN, else name + office) twice"},
	{"TA-BANK", "IV.4", sevError, "account number (9–18 digits) and IFSC present and well formed"},
	{"TA-OVER-ADVANCE", "IV, VIII", sevDeviation, "bill's admissible total ≤ TA + DA advance sanctioned (checked by the register)"},
	{"TA-NGO-CERT", "Annexure I.8", sevInfo, "certificates of designation and pay (NGOs) or AG pay slips (gazetted) to be furnished"},

	{"GF-REMUNERATION", "I(e)", sevError, "remuneration ≤ 750 × sessions taken"},
	{"GF-LOCAL-TA", "I(e), II", sevError, "local guest faculty: conveyance ≤ 100 × days engaged"},
	{"GF-GOVT-TA", "II", sevError, "government employee: no TA beyond local conveyance"},
	{"GF-OUTSTATION-CAP", "II", sevError, "others: actual travel ≤ 1000 a head to and fro"},
	{"GF-TRAIN-100KM", "II", sevError, "no train fare for a journey of 100 km or less"},
	{"GF-TAXI", "II", sevError, "no taxi fare"},

	{"ST-NO-REAPPROPRIATION", "cost sheet", sevError, "each component's actual expenditure ≤ its own cap; no re-appropriation"},
	{"ST-ADVANCE-BALANCE", "VII", sevInfo, "advance − admissible expenditure: refund (+) or to pay (−)"},
	{"ST-LATE", "VII", sevError, "settled within 30 days of the last day, else 12 % a year penal interest on the advance"},
	{"ST-REPORT-ITEMS", "IX", sevInfo, "co-ordinator's report items 1–7 not marked enclosed"},

	{"ADV-RECOMMEND", "V", sevError, "a recommendation above the largest advance, from anyone but the programme's facilitator, or while deviations are undecided (checked by the register)"},
	{"ADV-SANCTION", "V", sevError, "a sanction or payment above the step before, dated before the request, or from outside the finance addresses (checked by the register)"},
	{"ADV-OVERDUE", "VII", sevError, "an advance paid and not settled within 30 days of the last training day: penal interest at 12 % a year, simple, on the amount paid, to date (checked by the register)"},

	{"READ-SKIPPED", "—", sevInfo, "a sheet not read, and why: it holds no form, a blank form, a copy of another sheet's form, the Annexure II sent with its programme's TA bill or settlement, or a second TA bill"},
	{"READ-HIDDEN", "—", sevInfo, "hidden or very hidden sheets, hidden rows and hidden columns holding values: not read as the claim"},
}

// ledgerRules are catalogued here but checked by package ledger (the
// register of advances), whose tests hold their table cases.
var ledgerRules = map[string]bool{"AII-DUPLICATE": true, "TA-OVER-ADVANCE": true,
	"ADV-RECOMMEND": true, "ADV-SANCTION": true, "ADV-OVERDUE": true}

var ruleIndex = func() map[string]int {
	m := make(map[string]int, len(catalogue))
	for i, r := range catalogue {
		m[r.ID] = i
	}
	return m
}()

// Rules returns the whole catalogue in docs/rules.md's order, the rules
// package ledger checks (AII-DUPLICATE, TA-OVER-ADVANCE, ADV-RECOMMEND,
// ADV-SANCTION, ADV-OVERDUE) included.
func Rules() []Rule {
	out := make([]Rule, len(catalogue))
	copy(out, catalogue)
	return out
}

// RuleByID returns the catalogue entry of a rule ID.
func RuleByID(id string) (Rule, bool) {
	i, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return catalogue[i], true
}

// finding starts a finding of rule id with its clause and severity from the
// catalogue. It panics on an unknown ID: that is a programming error.
func finding(id, field, cell string) stpclaims.Finding {
	r, ok := RuleByID(id)
	if !ok {
		panic("validate: unknown rule " + id)
	}
	return stpclaims.Finding{Rule: r.ID, Clause: r.Clause, Severity: r.Severity, Field: field, Cell: cell}
}
