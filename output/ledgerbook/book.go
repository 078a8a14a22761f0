package ledgerbook

import (
	"context"
	"encoding/json"
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/store"
	"stpclaims/validate"
)

// LineFields are the Annexure II money lines the Advances sheet shows, each
// claimed and admissible: lines 9–16 and 18–20.
var LineFields = []string{
	"gf_remuneration", "gf_ta", "coordination_fee", "stationery", "photocopy", "food",
	"venue_hire", "miscellaneous", "ta_advance", "da_advance", "other_expenses",
}

// lineTitles name LineFields for headers and the Summary.
var lineTitles = map[string]string{
	"gf_remuneration": "GF remuneration", "gf_ta": "GF TA/DA", "coordination_fee": "Co-ordination fee",
	"stationery": "Stationery", "photocopy": "Photocopy", "food": "Food", "venue_hire": "Venue hire",
	"miscellaneous": "Miscellaneous", "ta_advance": "TA advance", "da_advance": "DA advance",
	"other_expenses": "Other expenses",
}

// Book is everything the ledger workbook shows, read from the store.
type Book struct {
	AsOf        time.Time // penal interest and days overdue are to this day
	Advances    []Advance
	Bills       []BillLine
	Settlements []SettlementRow
	Deviations  []Deviation
	Sources     []Source
}

// LineAmount is one money line of a claim for advance.
type LineAmount struct {
	Claimed, Admissible decimal.NullDecimal
}

// Advance is one live claim for advance (Annexure II).
type Advance struct {
	ClaimID                       int64
	Code, Name, Department, Venue string
	Centre                        string
	Start, End                    time.Time // zero when unknown
	Participants                  int       // 0 when unknown
	Coordinator, CoordinatorEmail string
	Facilitator, FacilitatorEmail string
	Lines                         [11]LineAmount // in LineFields order
	MaxAdvance, AdvanceClaimed    decimal.NullDecimal
	Status                        stpclaims.Status
	Review                        store.ReviewState
	Received                      time.Time
	SettleBy, SettledOn           time.Time // zero when unknown / not settled
	DaysOverdue                   int
	PenalInterest                 decimal.NullDecimal
	ClaimedTotal, AdmissibleTotal decimal.NullDecimal
	SettlementID                  int64 // the live settlement of the code; 0 for none
}

// BillLine is one participant or guest faculty member on a live TA bill.
type BillLine struct {
	ClaimID             int64
	Code                string
	Kind                string // "participant" or "guest faculty"
	Row                 int
	Name, PEN, Office   string
	Claimed, Admissible decimal.Decimal
}

// SettlementRow is one live settlement statement.
type SettlementRow struct {
	ClaimID                       int64
	Code, Name                    string
	End, AdvanceDate, SettledOn   time.Time
	AdvanceReceived               decimal.NullDecimal
	ClaimedTotal, AdmissibleTotal decimal.NullDecimal
	Balance, PenalInterest        decimal.NullDecimal
	DaysLate                      int
	Status                        stpclaims.Status
	Review                        store.ReviewState
}

// Deviation is one deviation-level finding of a live claim awaiting a
// decision.
type Deviation struct {
	ClaimID, FindingID int64
	Fingerprint        string // the claim's sha256
	Code, File         string
	Form               stpclaims.FormKind
	Rule, Clause       string
	Cell, Message      string
	Claimed, Allowed   decimal.NullDecimal
	Facilitator        string // the programme's facilitator e-mail, bare, lower case; "" if none
	Coordinator        string // the claim's sender
}

// Source is one submission as received, live or not.
type Source struct {
	ClaimID      int64
	Received     time.Time
	Source       stpclaims.Source
	File         string
	Sender       string
	MessageID    string
	SHA256       string
	Form         stpclaims.FormKind
	Code         string
	Status       stpclaims.Status
	Review       store.ReviewState
	SupersededBy int64
}

// Options choose what FromStore reads.
type Options struct {
	// AsOf is the day penal interest runs to; zero means now.
	AsOf time.Time
	// From and To bound the claims by when they were received, [From, To);
	// zero for unbounded.
	From, To time.Time
	// Zone turns moments into calendar days; nil means Asia/Kolkata.
	Zone *time.Location
}

// kolkata is IST, the default zone.
var kolkata = time.FixedZone("IST", 5*3600+1800)

// codeKey matches programme codes as the store does.
func codeKey(code string) string { return strings.ToUpper(strings.Join(strings.Fields(code), " ")) }

func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	return strings.ToLower(s)
}

// civilDay is midnight UTC of t's calendar day in zone.
func civilDay(t time.Time, zone *time.Location) time.Time {
	y, m, d := t.In(zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// stored is a live claim with its report read back.
type stored struct {
	store.Stored
	rep stpclaims.Report
}

func (s stored) field(name string) string { return store.FieldOf(s.rep, name) }

func (s stored) date(name string) time.Time {
	t, err := time.Parse(time.DateOnly, s.field(name))
	if err != nil {
		return time.Time{}
	}
	return t
}

func (s stored) money(name string) decimal.NullDecimal {
	d, err := decimal.NewFromString(s.field(name))
	if err != nil {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(d)
}

func totals(t *stpclaims.Totals) (decimal.NullDecimal, decimal.NullDecimal) {
	if t == nil {
		return decimal.NullDecimal{}, decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(t.Claimed), decimal.NewNullDecimal(t.Admissible)
}

// FromStore reads the ledger's content from the store: the live claims
// received in [opts.From, opts.To), their findings awaiting a decision, and
// every submission of the period for Sources. cards gives the settle-by
// period and penal interest rate in force for each programme.
func FromStore(ctx context.Context, st *store.Store, cards *validate.Cards, opts Options) (*Book, error) {
	zone := opts.Zone
	if zone == nil {
		zone = kolkata
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = time.Now()
	}
	subs, err := st.Submissions(ctx, store.Filter{From: opts.From, To: opts.To})
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	b := &Book{AsOf: civilDay(asOf, zone)}
	var live []stored
	inRange := map[int64]stored{}
	for _, s := range subs {
		b.Sources = append(b.Sources, Source{ClaimID: s.ID, Received: s.Received, Source: s.Source, File: s.File,
			Sender: s.Sender, MessageID: s.MessageID, SHA256: s.SHA256, Form: s.Form, Code: s.ProgrammeCode,
			Status: s.Status, Review: s.Review, SupersededBy: s.SupersededBy})
		if !s.Live() || s.Status == stpclaims.StatusUnreadable || s.Form == stpclaims.FormUnknown {
			continue
		}
		var rep stpclaims.Report
		if err := json.Unmarshal(s.ReportJSON, &rep); err != nil {
			return nil, fmt.Errorf("ledgerbook: report of claim %d: %w", s.ID, err)
		}
		c := stored{Stored: s, rep: rep}
		live = append(live, c)
		inRange[s.ID] = c
	}

	// the latest live settlement and the facilitators of each code
	settlement := map[string]stored{}
	facilitators := map[string][]string{}
	for _, c := range live {
		key := codeKey(c.ProgrammeCode)
		switch c.Form {
		case stpclaims.FormSettlement:
			if prev, ok := settlement[key]; !ok || c.Received.After(prev.Received) {
				settlement[key] = c
			}
		case stpclaims.FormAnnexureII:
			if e := bareAddress(c.field("facilitator_email")); e != "" && !slices.Contains(facilitators[key], e) {
				facilitators[key] = append(facilitators[key], e)
			}
		}
	}

	for _, c := range live {
		switch c.Form {
		case stpclaims.FormAnnexureII:
			b.Advances = append(b.Advances, advanceOf(c, settlement[codeKey(c.ProgrammeCode)], cards, b.AsOf, zone))
		case stpclaims.FormSettlement:
			r := SettlementRow{ClaimID: c.ID, Code: c.ProgrammeCode, Name: c.field("programme_name"),
				End: c.date("end_date"), AdvanceDate: c.date("advance_date"), SettledOn: c.date("settled_on"),
				AdvanceReceived: c.money("advance_received"), Balance: c.rep.Balance, PenalInterest: c.rep.PenalInterest,
				DaysLate: c.rep.DaysLate, Status: c.Status, Review: c.Review}
			r.ClaimedTotal, r.AdmissibleTotal = totals(c.rep.Totals)
			b.Settlements = append(b.Settlements, r)
		}
	}

	bills, err := st.LiveBillRows(ctx)
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	for _, c := range live {
		for _, r := range bills[c.ID] {
			b.Bills = append(b.Bills, BillLine{ClaimID: c.ID, Code: c.ProgrammeCode, Kind: r.Kind, Row: r.Row,
				Name: r.Name, PEN: r.PEN, Office: r.Office, Claimed: r.Claimed, Admissible: r.Admissible})
		}
	}

	devs, err := st.Deviations(ctx)
	if err != nil {
		return nil, fmt.Errorf("ledgerbook: %w", err)
	}
	for _, d := range devs {
		c, ok := inRange[d.SubmissionID]
		if !ok || d.Latest != nil {
			continue
		}
		var fac string
		if c.Form == stpclaims.FormAnnexureII {
			fac = bareAddress(c.field("facilitator_email"))
		} else if l := facilitators[codeKey(c.ProgrammeCode)]; len(l) > 0 {
			fac = l[0]
		}
		b.Deviations = append(b.Deviations, Deviation{ClaimID: c.ID, FindingID: d.FindingID, Fingerprint: c.SHA256,
			Code: c.ProgrammeCode, File: c.File, Form: c.Form, Rule: d.Finding.Rule, Clause: d.Finding.Clause,
			Cell: d.Finding.Cell, Message: d.Finding.Message, Claimed: d.Finding.Claimed, Allowed: d.Finding.Allowed,
			Facilitator: fac, Coordinator: bareAddress(c.Sender)})
	}
	return b, nil
}

// advanceOf makes the Advances row of a live Annexure II; set is the live
// settlement of its code, if any.
func advanceOf(c stored, set stored, cards *validate.Cards, asOf time.Time, zone *time.Location) Advance {
	a := Advance{ClaimID: c.ID, Code: c.ProgrammeCode, Name: c.field("programme_name"), Department: c.field("department"),
		Venue: c.field("venue"), Start: c.date("start_date"), End: c.date("end_date"),
		Coordinator: c.field("coordinator"), CoordinatorEmail: c.field("coordinator_email"),
		Facilitator: c.field("facilitator"), FacilitatorEmail: c.field("facilitator_email"),
		MaxAdvance: c.rep.MaxAdvance, AdvanceClaimed: c.money("advance_claimed"),
		Status: c.Status, Review: c.Review, Received: c.Received}
	if n, err := strconv.Atoi(c.field("participants")); err == nil {
		a.Participants = n
	}
	for _, l := range c.rep.Lines {
		if i := slices.Index(LineFields, l.Field); i >= 0 {
			a.Lines[i] = LineAmount{Claimed: decimal.NewNullDecimal(l.Claimed), Admissible: decimal.NewNullDecimal(l.Admissible)}
		}
	}
	a.ClaimedTotal, a.AdmissibleTotal = totals(c.rep.Totals)
	day := a.Start
	if day.IsZero() {
		day = civilDay(c.Received, zone)
	}
	card := cards.InForce(day)
	a.Centre = centreOf(a.Venue, card)
	if set.ID != 0 {
		a.SettlementID = set.ID
		a.SettledOn = set.date("settled_on")
	}
	if a.End.IsZero() {
		return a
	}
	lc := validate.LedgerClaimOf(c.ID, c.Sender, c.Received, c.rep)
	advance := lc.Advance.Decimal
	switch {
	case !a.SettledOn.IsZero():
		o := validate.OverdueOn(advance, card, a.End, a.SettledOn)
		a.SettleBy, a.DaysOverdue = o.SettleBy, o.DaysOverdue
		switch {
		case set.rep.PenalInterest.Valid: // the statement's own advance
			a.PenalInterest = set.rep.PenalInterest
		case lc.Advance.Valid:
			a.PenalInterest = decimal.NewNullDecimal(o.PenalInterest)
		}
	default:
		o := validate.OverdueOn(advance, card, a.End, asOf)
		a.SettleBy, a.DaysOverdue = o.SettleBy, o.DaysOverdue
		if lc.Advance.Valid {
			a.PenalInterest = decimal.NewNullDecimal(o.PenalInterest)
		}
	}
	return a
}

// centreOf names the IMG centre a venue is at or near: the first of the
// card's centre places the venue names, else "Elsewhere".
func centreOf(venue string, card *validate.Card) string {
	words := " " + strings.Join(strings.FieldsFunc(strings.ToLower(venue), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	}), " ") + " "
	for _, c := range card.IMGCentres {
		if strings.Contains(words, " "+strings.ToLower(c)+" ") {
			return c
		}
	}
	return "Elsewhere"
}

// Overdue lists the live advances past their settle-by date and not settled.
func (b *Book) Overdue() []Advance {
	var out []Advance
	for _, a := range b.Advances {
		if a.SettledOn.IsZero() && a.DaysOverdue > 0 {
			out = append(out, a)
		}
	}
	return out
}
