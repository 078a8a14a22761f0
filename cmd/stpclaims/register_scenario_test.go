//go:build integration

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/internal/dovecottest"
	"stpclaims/internal/reviewbook"
	"stpclaims/internal/sanctionsbook"
	"stpclaims/internal/smtptest"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
	"stpclaims/validate"
)

// The people of the scenario, all on the allow-list's domain.
const (
	scCoord   = "rajesh@kerala.gov.in"
	scCoord2  = "anil@kerala.gov.in"
	scSelf    = "mini@kerala.gov.in" // co-ordinator and facilitator of her programmes
	scFac     = "latha@kerala.gov.in"
	scFinance = "accounts@kerala.gov.in"
)

// scClaim is an Annexure II of the scenario, laid out label by value as a
// co-ordinator's own workbook would be. Its lines admit a largest advance
// of Rs 48,700 (28 participants, 5 days: 75 % of 45400 + 14933 + 4666, to
// the hundred); food over its cap makes it returned.
type scClaim struct {
	code, name         string
	start              time.Time
	coordinator, facil string
	advance            int
	foodOverCap        bool
}

func scAnnexure(t *testing.T, c scClaim) []byte {
	t.Helper()
	food := 28000
	if c.foodOverCap {
		food = 40000
	}
	f := excelize.NewFile()
	rows := [][]any{
		{"Institute of Management in Government"}, {"Request for advance"}, {},
		{nil, "Department", "Revenue"}, {nil, "Place & Venue", "Town Hall, Kottayam"},
		{nil, "1. Training Programme Code", c.code}, {nil, "2. Name of the training programme", c.name},
		{nil, "From", nil}, {nil, "To", nil}, {nil, "Training days", 5},
		{nil, "4. Number of participants", 28}, {nil, "Participants availing accommodation", 20},
		{nil, "5. No. of Guest Faculty", 3}, {nil, "Outstation non-government guest faculty", 1},
		{nil, "6. No. of sessions allotted to guest faculty", 6}, {nil, "7. Class of officers", "Class II, III"},
		{nil, "8. Type of programme", "Zonal"}, {nil, "Venue Govt-owned", "Yes"},
		{nil, "9. Remuneration to Guest Faculty", 4500}, {nil, "10. TA/DA to Guest Faculty", 2000},
		{nil, "11. Coordination fee", 1500}, {nil, "12. Stationery", 2900}, {nil, "13. Photocopy charges", 3750},
		{nil, "14. Food and Refreshments", food}, {nil, "15. Hiring charges for venue", 0}, {nil, "16. Misc.", 2750},
		{nil, "17. Total", 17400 + food}, {nil, "18. TA advance", 14933}, {nil, "19. DA advance", 4666},
		{nil, "20. Other expenses", "-"}, {nil, "21. Advance claimed", c.advance},
		{nil, "22. Name of Co-ordinator", "Sri. Rajesh Kumar"}, {nil, "Designation", "Deputy Tahsildar"},
		{nil, "E-mail", c.coordinator}, {nil, "Account No.", "0123456789012", "IFSC: CNRB0001234"},
		{nil, "Name of Facilitator", "Smt. Latha R"}, {nil, "Facilitator e-mail", c.facil},
	}
	scPut(t, f, "Sheet1", rows)
	scDate(t, f, "Sheet1", "C8", c.start)
	scDate(t, f, "Sheet1", "C9", c.start.AddDate(0, 0, 4))
	return scSave(t, f)
}

// scStatement is the settlement statement of a scenario programme that
// received an advance of Rs 45,000, dated the day it is sent.
func scStatement(t *testing.T, code string, start, sent time.Time) []byte {
	t.Helper()
	f := excelize.NewFile()
	rows := [][]any{
		{"SETTLEMENT STATEMENT"}, {"Department", "Revenue"},
		{"1", "Training Programme Code", code}, {"2", "Name of training Programme", "Revenue Recovery"},
		{"3", "Duration", start.Format("02.01.2006") + " to " + start.AddDate(0, 0, 4).Format("02.01.2006") + " (5 days)"},
		{"4", "No. of participants", 28}, {"", "Participants availing accommodation", 20},
		{"5", "Number of Guest Faculty", 3}, {"", "Outstation non-government guest faculty", 1},
		{"6", "Number of sessions allotted to Guest Faculty", 6}, {"", "Place & Venue", "Town Hall, Kottayam"},
		{"", "Venue Govt-owned", "Yes"}, {"", "Advance received (Rs.)", 45000}, {"", "Date of settlement", sent.Format("02.01.2006")},
		{}, {"Sl.No", "Item", "Advance sanctioned", "Actual expenditure"},
		{"9", "Remuneration to Guest Faculty", 4500, 4500}, {"10", "TA/DA to Guest Faculty", 2000, 1200},
		{"11", "Co-ordination fee", 1500, 1500}, {"12", "Stationery", 2900, 2800}, {"13", "Photocopy charges", 3750, "Nil"},
		{"14", "Food & Refreshments", 28000, 28000}, {"15", "Hiring charges for venue and training equipments", 0, "-"},
		{"16", "Miscellaneous", 2750, 2000}, {"18", "TA to participants", 14933, 9000}, {"19", "DA", 4666, 1000},
		{"20", "Other expenses", 0, ""}, {}, {"IX", "Report items", "Enclosed (Yes/No)"},
	}
	for i, title := range stpclaims.ReportItemTitles() {
		rows = append(rows, []any{i + 1, title, "Yes"})
	}
	scPut(t, f, "Sheet1", rows)
	return scSave(t, f)
}

func scPut(t *testing.T, f *excelize.File, sheet string, rows [][]any) {
	t.Helper()
	for i, row := range rows {
		for j, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			var err error
			if s, ok := v.(string); ok {
				err = f.SetCellStr(sheet, cell, s)
			} else {
				err = f.SetCellValue(sheet, cell, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
}

func scDate(t *testing.T, f *excelize.File, sheet, cell string, d time.Time) {
	t.Helper()
	style, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue(sheet, cell, d); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellStyle(sheet, cell, cell, style); err != nil {
		t.Fatal(err)
	}
}

func scSave(t *testing.T, f *excelize.File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// scKind is a path through the register, and what the ledger must show at
// its end (worked by hand: the largest advance is Rs 48,700; every payment
// is Rs 45,000; penal interest is 45000 × 12 % × days / 365, half-up).
type scKind struct {
	name      string
	ended     int  // the programme ended this many days before today; < 0: it starts in the future
	returned  bool // first sent returned, then corrected
	revisions int  // further revisions from the same sender
	duplicate bool // a claim of the code from another sender too
	self      bool // the co-ordinator is the facilitator
	folder    bool // the co-ordinator's claims dropped in the shared folder
	recommend string
	sanction  map[string]any // the Sanctions workbook's cells filled; nil for none
	settle    bool           // the statement is sent today
	// what the ledger shows
	state                         stpclaims.AdvanceState
	recommended, sanctioned, paid string
	overdueDays                   int
	penal                         string
	notice                        bool // an overdue notice is queued
}

// The Sanctions workbook's cells for a sanction only, and for a sanction and
// a payment on the day.
func scSanction(amount int, today time.Time) map[string]any {
	return map[string]any{sanctionsbook.ColSanctioned: amount, sanctionsbook.ColOrder: "FIN/77", sanctionsbook.ColOrderDate: today.Format("02.01.2006")}
}

func scPaid(today time.Time) map[string]any {
	m := scSanction(45000, today)
	m[sanctionsbook.ColPaid], m[sanctionsbook.ColPaidOn] = 45000, today.Format("02.01.2006")
	m[sanctionsbook.ColMode], m[sanctionsbook.ColReference] = "bank transfer", "UTR123"
	return m
}

func scKinds(today time.Time) []scKind {
	return []scKind{
		{name: "requested only", ended: 10, state: stpclaims.AdvanceRequested},
		{name: "returned then corrected", ended: 10, returned: true, state: stpclaims.AdvanceRequested},
		{name: "superseded twice", ended: 10, revisions: 2, state: stpclaims.AdvanceRequested},
		{name: "folder drops superseded", ended: 10, folder: true, revisions: 1, state: stpclaims.AdvanceRequested},
		{name: "duplicate from a second sender", ended: 10, duplicate: true, state: stpclaims.AdvanceRequested},
		{name: "recommended below the cap", ended: 10, recommend: "40000", state: stpclaims.AdvanceRecommended, recommended: "40000"},
		{name: "co-ordinator is the facilitator", ended: -30, self: true, state: stpclaims.AdvanceRecommended, recommended: "48700"},
		{name: "sanction refused for being over", ended: 10, recommend: "45000", sanction: scSanction(48000, today),
			state: stpclaims.AdvanceRecommended, recommended: "45000"},
		{name: "sanctioned, never paid", ended: 95, recommend: "Yes", sanction: scSanction(45000, today),
			state: stpclaims.AdvanceSanctioned, recommended: "48700", sanctioned: "45000"},
		{name: "withdrawn", ended: 10, recommend: "45000", sanction: map[string]any{sanctionsbook.ColWithdraw: "Withdraw"},
			state: stpclaims.AdvanceWithdrawn, recommended: "45000"},
		{name: "paid, settled on day 30", ended: 30, recommend: "45000", sanction: scPaid(today), settle: true,
			state: stpclaims.AdvanceSettled, recommended: "45000", sanctioned: "45000", paid: "45000", penal: "0"},
		{name: "paid, settled on day 31", ended: 31, recommend: "45000", sanction: scPaid(today), settle: true,
			state: stpclaims.AdvanceSettled, recommended: "45000", sanctioned: "45000", paid: "45000", overdueDays: 1, penal: "15"},
		{name: "paid, settled on day 95", ended: 95, recommend: "45000", sanction: scPaid(today), settle: true,
			state: stpclaims.AdvanceSettled, recommended: "45000", sanctioned: "45000", paid: "45000", overdueDays: 65, penal: "962"},
		{name: "paid, not settled, day 60", ended: 60, recommend: "45000", sanction: scPaid(today),
			state: stpclaims.AdvancePaid, recommended: "45000", sanctioned: "45000", paid: "45000", overdueDays: 30, penal: "444", notice: true},
	}
}

// scProgramme is one of the forty programmes: a kind and its code.
type scProgramme struct {
	scKind
	code  string
	start time.Time
}

// TestServe_registerScenario takes forty programmes through the real daemon
// (folder and mail, Dovecot and an SMTP sink) along every path of the
// register, and checks the ledger's Advances, Overdue and Summary and the
// overdue notices against a table worked by hand.
func TestServe_registerScenario(t *testing.T) {
	ctx := context.Background()
	dc := dovecottest.Start(t)
	sink := smtptest.Start(t, smtptest.WithSTARTTLS())
	dir := t.TempDir()
	db := filepath.Join(dir, "stpclaims.db")
	ledgerPath := filepath.Join(dir, "ledger.xlsx")
	startDaemon(t, dir, mailConfig(t, dir, dc, sink, "1s")+fmt.Sprintf(
		"\n[ledger]\npath = %q\ndebounce = \"100ms\"\nfinance = [%q]\n", ledgerPath, scFinance))
	zone := stpclaims.DefaultZone()
	now := time.Now().In(zone)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)

	var progs []scProgramme
	kinds := scKinds(today)
	for i := 0; len(progs) < 40; i++ {
		k := kinds[i%len(kinds)]
		progs = append(progs, scProgramme{scKind: k, code: fmt.Sprintf("STP/SCN/%02d", len(progs)+1),
			start: today.AddDate(0, 0, -k.ended-4)})
	}
	claim := func(p scProgramme, sender string, advance int, overCap bool) scClaim {
		coord, fac := scCoord, scFac
		if p.self {
			coord, fac = scSelf, scSelf
		}
		if sender == scCoord2 {
			coord = scCoord2
		}
		return scClaim{code: p.code, name: "Revenue Recovery " + p.code, start: p.start, coordinator: coord, facil: fac, advance: advance, foodOverCap: overCap}
	}
	sent := 0
	send := func(p scProgramme, sender, name string, data []byte) {
		sent++
		if p.folder && sender != scCoord2 {
			dropFile(t, filepath.Join(dir, "inbox"), name, data)
			return
		}
		if p.self && sender == scCoord {
			sender = scSelf
		}
		dc.Deliver(t, "INBOX", claimMail(sender, fmt.Sprintf("<%d@scenario.kerala.gov.in>", sent), name, data))
	}
	entered := func(n int) {
		waitFor(t, fmt.Sprintf("%d submissions entered", n), 120*time.Second, func() bool { return countSubmissions(t, db) >= n })
		time.Sleep(1100 * time.Millisecond) // the next wave arrives a second later
	}

	// Wave 1: every programme's first claim (a returned one for those that
	// are corrected later).
	for i, p := range progs {
		send(p, scCoord, fmt.Sprintf("claim-%02d-a.xlsx", i), scAnnexure(t, claim(p, scCoord, 48000, p.returned)))
	}
	entered(sent)
	// Wave 2: corrections, first revisions, duplicates from a second sender.
	for i, p := range progs {
		if p.returned || p.revisions > 0 {
			send(p, scCoord, fmt.Sprintf("claim-%02d-b.xlsx", i), scAnnexure(t, claim(p, scCoord, 47000, false)))
		}
		if p.duplicate {
			send(p, scCoord2, fmt.Sprintf("claim-%02d-dup.xlsx", i), scAnnexure(t, claim(p, scCoord2, 48000, false)))
		}
	}
	entered(sent)
	// Wave 3: second revisions.
	for i, p := range progs {
		if p.revisions > 1 {
			send(p, scCoord, fmt.Sprintf("claim-%02d-c.xlsx", i), scAnnexure(t, claim(p, scCoord, 46000, false)))
		}
	}
	entered(sent)

	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	reviews := filepath.Join(dir, "reviews")
	jobs := &desk.Desk{Store: st, Cards: cards, Zone: zone, Now: time.Now,
		Ledger: desk.Ledger{Path: filepath.Join(dir, "jobs-ledger.xlsx"), Reviews: reviews, Finance: []string{scFinance}}}

	// The weekly workbook: latha approves every deviation and recommends as
	// each kind says, and mails it back; the daemon takes it.
	if _, err := jobs.Digests(ctx); err != nil {
		t.Fatal(err)
	}
	review := scOnly(t, reviews, "review-"+strings.ReplaceAll(scFac, "@", "_")+"-*.xlsx")
	recommend := map[string]string{}
	for _, p := range progs {
		if p.recommend != "" {
			recommend[p.code] = p.recommend
		}
	}
	events := scRecorded(t, st)
	sent++
	dc.Deliver(t, "INBOX", claimMail(scFac, "<review@scenario.kerala.gov.in>", "review.xlsx", scFillReview(t, review, recommend)))
	want := events + len(recommend)
	waitFor(t, "the recommendations recorded", 60*time.Second, func() bool { return scRecorded(t, st) >= want })

	// The Sanctions workbook: finance fills it and mails it back; one
	// stranger's copy is refused.
	if _, err := jobs.SendSanctions(ctx); err != nil {
		t.Fatal(err)
	}
	sanctionsBook := scOnly(t, reviews, "sanctions-*.xlsx")
	fills := map[string]map[string]any{}
	steps := 0
	for _, p := range progs {
		if p.sanction == nil {
			continue
		}
		fills[p.code] = p.sanction
		switch {
		case p.state == stpclaims.AdvanceWithdrawn, p.sanctioned != "" && p.paid == "":
			steps++
		case p.paid != "":
			steps += 2
		}
	}
	dc.Deliver(t, "INBOX", claimMail(scCoord2, "<forged@scenario.kerala.gov.in>", "sanctions.xlsx", scFillSanctions(t, sanctionsBook, fills)))
	dc.Deliver(t, "INBOX", claimMail(scFinance, "<sanctions@scenario.kerala.gov.in>", "sanctions.xlsx", scFillSanctions(t, sanctionsBook, fills)))
	want = scRecorded(t, st) + steps
	waitFor(t, "the sanctions recorded", 60*time.Second, func() bool { return scRecorded(t, st) >= want })
	if got := scRecorded(t, st); got != want {
		t.Errorf("%d steps recorded, want %d (the stranger's none)", got, want)
	}

	// The statements of the programmes settled today.
	n := countSubmissions(t, db)
	for i, p := range progs {
		if p.settle {
			send(p, scCoord, fmt.Sprintf("settlement-%02d.xlsx", i), scStatement(t, p.code, p.start, today))
			n++
		}
	}
	entered(n)

	// The ledger, as the daemon's rebuild writes it, against the table.
	w, err := desk.WriteLedger(ctx, st, cards, filepath.Join(dir, "check.xlsx"), ledgerbook.Options{AsOf: time.Now(), Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	b, err := ledgerbook.FromStore(ctx, st, cards, ledgerbook.Options{AsOf: time.Now(), Zone: zone})
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Advances) != 40 || w.Counts.Advances != 40 {
		t.Fatalf("%d Advances rows (%d written), want exactly one per programme, 40", len(b.Advances), w.Counts.Advances)
	}
	rows := map[string]ledgerbook.Advance{}
	for _, a := range b.Advances {
		if _, twice := rows[a.Code]; twice {
			t.Errorf("%s has two Advances rows", a.Code)
		}
		rows[a.Code] = a
	}
	money := func(d decimal.NullDecimal) string {
		if !d.Valid {
			return ""
		}
		return d.Decimal.String()
	}
	var wantOverdue []string
	states := map[stpclaims.AdvanceState]int{}
	for _, p := range progs {
		a, ok := rows[p.code]
		if !ok {
			t.Errorf("%s (%s): no Advances row", p.code, p.name)
			continue
		}
		states[p.state]++
		s := a.Steps
		penal := ""
		if a.PenalInterest.Valid {
			penal = a.PenalInterest.Decimal.String()
		}
		if a.State != p.state || money(s.Recommended.Amount) != p.recommended || money(s.Sanctioned.Amount) != p.sanctioned ||
			money(s.Paid.Amount) != p.paid || a.DaysOverdue != p.overdueDays || penal != p.penal {
			t.Errorf("%s (%s): %s, recommended %q, sanctioned %q, paid %q, %d days, penal %q; want %s, %q, %q, %q, %d, %q",
				p.code, p.name, a.State, money(s.Recommended.Amount), money(s.Sanctioned.Amount), money(s.Paid.Amount), a.DaysOverdue, penal,
				p.state, p.recommended, p.sanctioned, p.paid, p.overdueDays, p.penal)
		}
		if (a.PenalInterest.Valid && a.PenalInterest.Decimal.IsPositive()) != (p.paid != "" && p.overdueDays > 0) {
			t.Errorf("%s (%s): penal interest %q, but paid %q and %d days late", p.code, p.name, penal, p.paid, p.overdueDays)
		}
		if p.notice {
			wantOverdue = append(wantOverdue, p.code)
		}
		if p.duplicate && a.Steps.Requested.By != scCoord {
			t.Errorf("%s: the advance is %s's, want the first sender's", p.code, a.Steps.Requested.By)
		}
	}
	var gotOverdue []string
	for _, a := range b.Overdue() {
		gotOverdue = append(gotOverdue, a.Code)
	}
	if !slices.Equal(gotOverdue, wantOverdue) || w.Counts.Overdue != len(wantOverdue) {
		t.Errorf("Overdue %v (%d written), want %v", gotOverdue, w.Counts.Overdue, wantOverdue)
	}
	sum := ledgerbook.Summarize(b)
	for _, s := range sum.States.ByState {
		if s.Programmes != states[s.State] {
			t.Errorf("Summary: %d %s, want %d", s.Programmes, s.State, states[s.State])
		}
	}

	// The overdue notices: exactly the paid and overdue programmes.
	if _, err := jobs.OverdueNotices(ctx); err != nil {
		t.Fatal(err)
	}
	due, err := st.DueReplies(ctx, time.Now().Add(time.Hour), 1000)
	if err != nil {
		t.Fatal(err)
	}
	var noticed []string
	for _, d := range due {
		if code, ok := strings.CutPrefix(d.Reply.Subject, "Advance for "); ok {
			code, _, _ = strings.Cut(code, " not settled")
			noticed = append(noticed, code)
			if !slices.Contains(d.Reply.Cc, scFac) || !slices.Contains(d.Reply.Cc, scFinance) {
				t.Errorf("notice of %s copied to %v", code, d.Reply.Cc)
			}
		}
	}
	slices.Sort(noticed)
	if !slices.Equal(noticed, wantOverdue) {
		t.Errorf("overdue notices for %v, want %v", noticed, wantOverdue)
	}
	if _, err := os.Stat(ledgerPath); err != nil {
		t.Errorf("the daemon wrote no ledger: %v", err)
	}
}

// scOnly is the one file in dir matching pattern.
func scOnly(t *testing.T, dir, pattern string) []byte {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(files) != 1 {
		t.Fatalf("%s in %s: %v", pattern, dir, files)
	}
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// scRecorded counts the steps recorded in the register.
func scRecorded(t *testing.T, st *store.Store) int {
	t.Helper()
	n := 0
	if err := st.EachRecordedEvent(context.Background(), func(stpclaims.AdvanceEvent) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

// scFillReview approves every deviation of a review workbook and fills the
// Recommend column of the programmes named.
func scFillReview(t *testing.T, data []byte, recommend map[string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(reviewbook.ReviewSheet)
	for i := 1; i < len(rows); i++ {
		c, _ := excelize.CoordinatesToCellName(reviewbook.Column(reviewbook.ColDecision), i+1)
		f.SetCellStr(reviewbook.ReviewSheet, c, "Approve")
	}
	reg, _ := f.GetRows(reviewbook.RegisterSheet)
	for i := 1; i < len(reg); i++ {
		if v, ok := recommend[reg[i][0]]; ok {
			c, _ := excelize.CoordinatesToCellName(reviewbook.RegisterColumn(reviewbook.ColRecommend), i+1)
			f.SetCellStr(reviewbook.RegisterSheet, c, v)
		}
	}
	return scSave(t, f)
}

// scFillSanctions fills the Sanctions workbook's rows of the programmes
// named, by header.
func scFillSanctions(t *testing.T, data []byte, fills map[string]map[string]any) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(sanctionsbook.SanctionsSheet)
	for i := sanctionsbook.HeaderRow; i < len(rows); i++ {
		cells, ok := fills[rows[i][0]]
		if !ok {
			continue
		}
		for h, v := range cells {
			c, _ := excelize.CoordinatesToCellName(sanctionsbook.Column(h), i+1)
			if err := f.SetCellValue(sanctionsbook.SanctionsSheet, c, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return scSave(t, f)
}
