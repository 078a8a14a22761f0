package ebt

import (
	"cmp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/validate"
)

// MaxPayees is the most rows a bill may have for a list to be made of it.
// A programme's batch is 30 (I(b)), its guest faculty a handful: a bill of
// more is not a programme's, and its list is left to a person (the bill's
// check says what is wrong with it). It also bounds what planning and
// writing a list hold in memory.
const MaxPayees = 1000

// Bill is a programme's TA bill, as a list is planned from it.
type Bill struct {
	SubmissionID int64
	File         string
	// Final: the bill is clean, or its deviations were approved; else
	// its list is a DRAFT.
	Final bool
	// Recorded: the store kept the bill's account numbers (false for a
	// bill entered before the e-BT lists; it is not listed).
	Recorded bool
	Payees   []Payee
}

// Payee is one person on a bill, with what the bill admits for them.
type Payee struct {
	Kind       string // stpclaims.PayeeParticipant, PayeeGuestFaculty or PayeeCoordinator
	Row        int    // the bill's sheet row
	Name       string
	PEN        string
	Office     string
	AccountNo  string // as written
	IFSC       string // as written
	Claimed    decimal.Decimal
	Admissible decimal.Decimal
}

// Narration is what the bank shows the payee: "TA STP/REV/2027/014" for a
// TA bill, "ADV STP/REV/2027/014" for an advance.
func Narration(source stpclaims.EBTSource, code string) string {
	if source == stpclaims.EBTFromAdvance {
		return "ADV " + strings.TrimSpace(code)
	}
	return "TA " + strings.TrimSpace(code)
}

// slot is a payment row already on a list, not withdrawn.
type slot struct {
	n    int // its place among the slots: lists in order, rows in order
	list *stpclaims.EBTList
	row  *stpclaims.EBTRow
	who  person
	used bool
	out  bool // withdrawn by this change
}

// other is a row of an earlier list's second sheet.
type other struct {
	n    int
	list *stpclaims.EBTList
	row  *stpclaims.EBTRow
	who  person
}

func (s *slot) committed() bool { return !s.list.Draft }

// planner builds one change.
type planner struct {
	code   string
	source stpclaims.EBTSource
	lists  []stpclaims.EBTList
	slots  []*slot
	bySlot *people[*slot]
	// byAccount are the slots by account number, newRows the new list's
	// rows by account number.
	byAccount map[string][]*slot
	newRows   map[string]int
	others    *people[*other]
	seen      map[string]bool // signatures of the rows of earlier second sheets
	change    stpclaims.EBTChange
	list      stpclaims.EBTList
}

// Plan works out what a programme's bill changes in its lists of source:
// a new list of what is not listed yet (nil when nothing is), the rows of
// drafts the bill no longer confirms, and the drafts made final when the
// bill is final. The bill is the programme's latest (a corrected bill
// replaces the earlier for payment, whoever sent it); lists are in the
// order they were made. No bill, or a bill whose account numbers were not
// kept, or of more than MaxPayees rows, changes nothing.
func Plan(code string, source stpclaims.EBTSource, bill *Bill, lists []stpclaims.EBTList) stpclaims.EBTChange {
	if bill == nil || !bill.Recorded || len(bill.Payees) > MaxPayees {
		return stpclaims.EBTChange{}
	}
	p := newPlanner(code, source, lists)
	p.list = stpclaims.EBTList{ProgrammeCode: code, Source: source, SubmissionID: bill.SubmissionID, Draft: !bill.Final}
	// Every withdrawal is decided before any row is added, so that whether
	// an account is another person's does not depend on the order of the
	// rows (and planning again says the same).
	mine := make([][]*slot, len(bill.Payees))
	for i, py := range bill.Payees {
		mine[i] = p.match(py)
	}
	var emit []func()
	for i, py := range bill.Payees {
		emit = append(emit, p.payee(py, mine[i]))
	}
	emit = append(emit, p.gone())
	for _, e := range emit {
		e()
	}
	if len(p.list.Rows) > 0 || len(p.list.Others) > 0 {
		p.change.New = &p.list
	}
	p.change.Bill = bill.SubmissionID
	p.change.Links = p.links(bill.Payees, mine)
	if bill.Final {
		for i := range lists {
			if lists[i].Draft && lists[i].Uploaded == nil {
				p.change.Finalise = append(p.change.Finalise, lists[i].ID)
			}
		}
	}
	return p.change
}

func newPlanner(code string, source stpclaims.EBTSource, lists []stpclaims.EBTList) *planner {
	p := &planner{code: code, source: source, lists: lists, seen: map[string]bool{},
		bySlot: newPeople[*slot](), byAccount: map[string][]*slot{}, newRows: map[string]int{}, others: newPeople[*other]()}
	for i := range lists {
		l := &lists[i]
		for j := range l.Rows {
			if r := &l.Rows[j]; !r.Withdrawn {
				s := &slot{n: len(p.slots), list: l, row: r, who: rowPerson(r)}
				p.slots = append(p.slots, s)
				p.bySlot.add(s.who, s)
				p.byAccount[r.AccountNo] = append(p.byAccount[r.AccountNo], s)
			}
		}
		for j := range l.Others {
			r := &l.Others[j]
			p.seen[signature(r)] = true
			o := &other{n: i<<32 | j, list: l, row: r, who: rowPerson(r)}
			p.others.add(o.who, o)
		}
	}
	return p
}

// links says which lists pay each payee once the change is made: the
// lists of their rows not withdrawn, and the new list when it has a row
// for them.
func (p *planner) links(payees []Payee, mine [][]*slot) []stpclaims.EBTLink {
	listed := make(map[stpclaims.EBTLink]bool, len(p.list.Rows))
	for _, r := range p.list.Rows {
		listed[stpclaims.EBTLink{Kind: r.Kind, BillRow: r.BillRow}] = true
	}
	var out []stpclaims.EBTLink
	for i, py := range payees {
		seen := map[int64]bool{}
		for _, s := range mine[i] {
			if !s.out && !seen[s.list.ID] {
				seen[s.list.ID] = true
				out = append(out, stpclaims.EBTLink{Kind: py.Kind, BillRow: py.Row, List: s.list.ID})
			}
		}
		if listed[stpclaims.EBTLink{Kind: py.Kind, BillRow: py.Row}] {
			out = append(out, stpclaims.EBTLink{Kind: py.Kind, BillRow: py.Row})
		}
	}
	return out
}

// match takes the rows already listed for a person, in the order they
// were listed.
func (p *planner) match(py Payee) []*slot {
	who := py.person()
	candidates := p.bySlot.candidates(who)
	slices.SortFunc(candidates, func(a, b *slot) int { return cmp.Compare(a.n, b.n) })
	var mine []*slot
	for _, s := range candidates {
		if !s.used && samePerson(who, s.who) {
			s.used = true
			mine = append(mine, s)
		}
	}
	return mine
}

// payee plans one person of the bills, mine being the rows already listed
// for them: it withdraws at once the draft rows the bill no longer
// confirms, and returns what to add to the new list.
func (p *planner) payee(py Payee, mine []*slot) func() {
	problem := unpayable(py)
	if len(mine) == 0 {
		if problem != "" {
			return func() { p.other(py, problem) }
		}
		return func() { p.pay(py, py.Admissible, p.reasonNew(py)) }
	}
	if problem == "" && unchanged(py, mine) {
		return func() {}
	}
	// Changed: drafts give way to the bill; what finance has in final
	// lists stands.
	var drafts, held []*slot
	for _, s := range mine {
		if s.committed() {
			held = append(held, s)
		} else {
			drafts = append(drafts, s)
		}
	}
	if len(held) == 0 {
		p.withdraw(drafts, problem == "", reasonReplacedRow(problem))
		if problem != "" {
			return func() { p.other(py, problem) }
		}
		return func() { p.pay(py, py.Admissible, reasonChanged(drafts, py)) }
	}
	p.withdraw(drafts, false, reasonHeldElsewhere(held))
	if problem == "" && unchanged(py, held) {
		return func() {}
	}
	return func() { p.changedHeld(py, held, problem) }
}

// changedHeld plans a person final lists already pay, whom the bill now
// treats differently: the difference of a rise on the same account is
// listed while none of those lists is uploaded; anything else goes on the
// second sheet for finance to settle by other means.
func (p *planner) changedHeld(py Payee, held []*slot, problem string) {
	listed := sum(held)
	uploaded := false
	for _, s := range held {
		uploaded = uploaded || s.list.Uploaded != nil
	}
	if !uploaded && problem == "" && sameAccount(py, held) && py.Admissible.GreaterThan(listed) {
		p.pay(py, py.Admissible.Sub(listed), reasonDifference(held, py))
		return
	}
	p.other(py, reasonHeldChanged(held, py, problem))
}

// gone plans the people listed before whom no bill names now: their
// draft rows are withdrawn at once; what final lists pay them goes on the
// second sheet, added when the returned function is called.
func (p *planner) gone() func() {
	var notes []stpclaims.EBTRow
	for _, s := range p.slots {
		if s.used {
			continue
		}
		if !s.committed() {
			p.withdraw([]*slot{s}, false, reasonNotOnBill())
			continue
		}
		r := *s.row
		r.Serial, r.Withdrawn, r.WithdrawnBy, r.WithdrawnReason = 0, false, 0, ""
		r.Narration, r.Reason = "", reasonGone(s)
		notes = append(notes, r)
	}
	return func() {
		for _, r := range notes {
			p.addOther(r)
		}
	}
}

func (p *planner) withdraw(slots []*slot, replaced bool, reason string) {
	for _, s := range slots {
		s.out = true
		p.change.Withdraw = append(p.change.Withdraw, stpclaims.EBTWithdrawal{
			List: s.list.ID, Serial: s.row.Serial, Replaced: replaced, Reason: reason})
	}
}

// pay adds a payment row, unless its account is another person's on a list
// or on this one: one account is never paid for two people.
func (p *planner) pay(py Payee, amount decimal.Decimal, reason string) {
	account, who := accountDigits(py.AccountNo), py.person()
	for _, s := range p.byAccount[account] {
		if !s.out && !samePerson(who, s.who) {
			p.other(py, reasonAccountOf(s.row))
			return
		}
	}
	if i, ok := p.newRows[account]; ok && !samePerson(who, rowPerson(&p.list.Rows[i])) {
		p.other(py, reasonAccountOf(&p.list.Rows[i]))
		return
	}
	if _, ok := p.newRows[account]; !ok {
		p.newRows[account] = len(p.list.Rows)
	}
	ifsc := validate.IFSC(py.IFSC)
	p.list.Rows = append(p.list.Rows, stpclaims.EBTRow{
		Serial: len(p.list.Rows) + 1, Kind: py.Kind, BillRow: py.Row,
		Name: strings.TrimSpace(py.Name), PEN: strings.TrimSpace(py.PEN), Office: strings.TrimSpace(py.Office),
		AccountNo: account, IFSC: ifsc, Bank: BankOf(ifsc), Amount: amount,
		Narration: Narration(p.source, p.code), Reason: reason,
	})
}

// other puts a person on the second sheet with the reason, unless an
// earlier list's second sheet already says the same.
func (p *planner) other(py Payee, reason string) {
	p.addOther(stpclaims.EBTRow{Kind: py.Kind, BillRow: py.Row,
		Name: strings.TrimSpace(py.Name), PEN: strings.TrimSpace(py.PEN), Office: strings.TrimSpace(py.Office),
		AccountNo: strings.TrimSpace(py.AccountNo), IFSC: strings.TrimSpace(py.IFSC), Bank: BankOf(py.IFSC),
		Amount: py.Admissible, Reason: reason})
}

func (p *planner) addOther(r stpclaims.EBTRow) {
	sig := signature(&r)
	if p.seen[sig] {
		return
	}
	p.seen[sig] = true
	r.Serial = len(p.list.Others) + 1
	p.list.Others = append(p.list.Others, r)
}

// reasonNew is why a person not on any list is on this one: nothing on a
// programme's first list; else whether an earlier list could not pay them.
func (p *planner) reasonNew(py Payee) string {
	if len(p.lists) == 0 {
		return ""
	}
	who := py.person()
	var last *other
	for _, o := range p.others.candidates(who) {
		if (last == nil || o.n > last.n) && samePerson(who, o.who) {
			last = o
		}
	}
	if last != nil {
		return reasonPayableNow(last.list, last.row)
	}
	return reasonNotListed(p.lists)
}

// unpayable is why a payee cannot be paid by transfer; "" when they can.
func unpayable(py Payee) string {
	if !py.Admissible.IsPositive() {
		return reasonNothingAdmissible(py)
	}
	var bank []string
	switch a := strings.TrimSpace(py.AccountNo); {
	case a == "":
		bank = append(bank, reasonNoAccount(py.Kind))
	case !validate.ValidAccount(a):
		bank = append(bank, reasonBadAccount(py.Kind, a))
	}
	switch i := strings.TrimSpace(py.IFSC); {
	case i == "":
		bank = append(bank, reasonNoIFSC(py.Kind))
	case !validate.ValidIFSC(i):
		bank = append(bank, reasonBadIFSC(py.Kind, i))
	}
	return strings.Join(bank, "; ")
}

// unchanged reports whether the rows already pay the person what the bill
// admits, to the account it gives.
func unchanged(py Payee, slots []*slot) bool {
	return sum(slots).Equal(py.Admissible) && sameAccount(py, slots)
}

func sameAccount(py Payee, slots []*slot) bool {
	account, ifsc := accountDigits(py.AccountNo), validate.IFSC(py.IFSC)
	for _, s := range slots {
		if s.row.AccountNo != account || s.row.IFSC != ifsc {
			return false
		}
	}
	return true
}

func sum(slots []*slot) decimal.Decimal {
	t := decimal.Zero
	for _, s := range slots {
		t = t.Add(s.row.Amount)
	}
	return t
}

// accountDigits is validate.AccountDigits without building its replacer for
// the usual account number, digits alone.
func accountDigits(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return validate.AccountDigits(s)
		}
	}
	return s
}

// AdvanceBill is what an advance's list is planned from: the
// co-ordinator, to the account of Annexure II line 23, for the amount
// sanctioned. An advance is final once sanctioned.
func AdvanceBill(claimID int64, coordinator, accountNo, ifsc string, sanctioned decimal.Decimal) *Bill {
	return &Bill{SubmissionID: claimID, Final: true, Recorded: true, Payees: []Payee{{
		Kind: stpclaims.PayeeCoordinator, Name: coordinator, AccountNo: accountNo, IFSC: ifsc,
		Claimed: sanctioned, Admissible: sanctioned,
	}}}
}
