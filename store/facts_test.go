package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// ledgerClaim is an Annexure II with every fact the ledger shows, the
// fields written with the spaces a form leaves.
func ledgerClaim(data, code string, received time.Time) Entry {
	e := advanceClaim(data, "rajesh@revenue.kerala.gov.in", code, stpclaims.StatusReview, received)
	e.Report.Fields = append(e.Report.Fields,
		stpclaims.FieldValue{Name: "programme_name", Value: " Revenue Recovery "}, stpclaims.FieldValue{Name: "department", Value: "Revenue"},
		stpclaims.FieldValue{Name: "venue", Value: "Town Hall, Kottayam"}, stpclaims.FieldValue{Name: "participants", Value: "28 "},
		stpclaims.FieldValue{Name: "coordinator", Value: "Sri. Rajesh Kumar"}, stpclaims.FieldValue{Name: "facilitator", Value: "Smt. Latha R"})
	e.Report.Lines = append(e.Report.Lines, stpclaims.Line{Field: "food", Claimed: decimal.RequireFromString("28000.50"),
		Cap: decimal.NewFromInt(25200), Admissible: decimal.NewFromInt(25200)})
	e.Report.Totals = &stpclaims.Totals{Claimed: decimal.RequireFromString("65000.50"), Admissible: decimal.NewFromInt(64000)}
	return e
}

// ledgerStatement is a settlement statement with its fields and
// assessment.
func ledgerStatement(data, code string, received time.Time) Entry {
	e := settlementClaim(data, "rajesh@revenue.kerala.gov.in", code, received)
	e.Report.Status = stpclaims.StatusClean
	e.Report.Fields = []stpclaims.FieldValue{{Name: "programme_code", Value: code}, {Name: "programme_name", Value: "Revenue Recovery"},
		{Name: "end_date", Value: "2027-02-05"}, {Name: "advance_received", Value: "45000"}, {Name: "advance_date", Value: "2027-01-20"},
		{Name: "settled_on", Value: "not a date"}}
	e.Report.Balance = decimal.NewNullDecimal(decimal.RequireFromString("4999.50"))
	e.Report.PenalInterest = decimal.NewNullDecimal(decimal.NewFromInt(74))
	e.Report.DaysLate = 5
	return e
}

// wantFacts are the facts of ledgerClaim and ledgerStatement.
func wantFacts() (request, statement Facts) {
	d := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.RequireFromString(s)) }
	date := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	request = Facts{Name: "Revenue Recovery", Department: "Revenue", Venue: "Town Hall, Kottayam", Participants: 28,
		Coordinator: "Sri. Rajesh Kumar", CoordinatorEmail: "rajesh@revenue.kerala.gov.in",
		Facilitator: "Smt. Latha R", FacilitatorEmail: "Latha <LATHA@img.kerala.gov.in>",
		FirstDay: date("2027-02-01"), LastDay: date("2027-02-05"), AdvanceClaimed: d("48000"), Largest: d("48900"),
		Claimed: d("65000.50"), Admissible: d("64000"),
		Lines: []FactLine{{"ta_advance", d("15000").Decimal, d("14934").Decimal}, {"da_advance", d("4666").Decimal, d("4666").Decimal},
			{"food", d("28000.5").Decimal, d("25200").Decimal}}}
	statement = Facts{Name: "Revenue Recovery", LastDay: date("2027-02-05"), Claimed: d("41000"), Admissible: d("40000.50"),
		AdvanceReceived: d("45000"), AdvanceDate: date("2027-01-20"), Balance: d("4999.5"), PenalInterest: d("74"), DaysLate: 5}
	return request, statement
}

// sameFacts compares facts by value (decimals by amount).
func sameFacts(got, want Facts) bool {
	norm := func(f Facts) string {
		for i := range f.Lines {
			f.Lines[i].Claimed, f.Lines[i].Admissible = f.Lines[i].Claimed.Round(2), f.Lines[i].Admissible.Round(2)
		}
		for _, d := range []*decimal.NullDecimal{&f.AdvanceClaimed, &f.Largest, &f.Claimed, &f.Admissible, &f.AdvanceReceived, &f.Balance, &f.PenalInterest} {
			if d.Valid {
				d.Decimal = d.Decimal.Round(2)
			}
		}
		return fmt.Sprintf("%+v", f)
	}
	return norm(got) == norm(want)
}

func TestStore_EachFacts(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	req := mustEnter(t, s, ledgerClaim("req", "STP/F/1", t0))
	st := mustEnter(t, s, ledgerStatement("st", "STP/F/1", t0.Add(time.Hour)))
	mustEnter(t, s, claim{data: "bill", sender: "c@x.in", code: "STP/F/1", form: stpclaims.FormTABill, received: t0.Add(2 * time.Hour)}.entry())
	wantReq, wantSt := wantFacts()
	got := map[int64]Facts{}
	if err := s.EachFacts(ctx, Filter{}, func(c Stored, f *Facts) error {
		if len(c.ReportJSON) != 0 || c.ProgrammeCode != "STP/F/1" {
			t.Errorf("claim %+v", c)
		}
		got[c.ID] = *f
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !sameFacts(got[req], wantReq) || !sameFacts(got[st], wantSt) {
		t.Errorf("facts:\n%+v\n%+v\nwant\n%+v\n%+v", got[req], got[st], wantReq, wantSt)
	}
	n := 0
	if err := s.EachFacts(ctx, Filter{Form: stpclaims.FormSettlement}, func(c Stored, _ *Facts) error {
		n++
		if c.ID != st {
			t.Errorf("settlements gave claim %d", c.ID)
		}
		return nil
	}); err != nil || n != 1 {
		t.Errorf("settlements: %d, %v", n, err)
	}
	t.Run("EachProgramme gives a request's facts", func(t *testing.T) {
		var facts *Facts
		if err := s.EachProgramme(ctx, Programmes{Facts: true}, func(p *Programme) error {
			f := *p.Facts[req]
			facts = &f
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if facts == nil || !sameFacts(*facts, wantReq) {
			t.Errorf("facts %+v, want %+v", facts, wantReq)
		}
	})
}

func TestLinesText(t *testing.T) {
	lines := []stpclaims.Line{{Field: "food", Claimed: decimal.RequireFromString("28000.50"), Admissible: decimal.NewFromInt(25200)},
		{Field: "venue_hire", Claimed: decimal.Zero, Admissible: decimal.RequireFromString("-1.25")}}
	got, err := parseLines(nil, linesText(lines))
	if err != nil || len(got) != 2 || got[0].Field != "food" || !got[0].Claimed.Equal(lines[0].Claimed) ||
		!got[1].Admissible.Equal(lines[1].Admissible) {
		t.Errorf("round trip %+v, %v", got, err)
	}
	if got, err := parseLines(nil, ""); err != nil || len(got) != 0 {
		t.Errorf("no lines: %+v, %v", got, err)
	}
	for _, bad := range []string{"food 1", "food one 2", "food 1 2\nfood"} {
		if _, err := parseLines(nil, bad); err == nil {
			t.Errorf("%q read", bad)
		}
	}
}

// TestMigrate_ledgerFacts: the facts migration 0006 fills from the
// reports of a store written before it are those Enter keeps now.
func TestMigrate_ledgerFacts(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	old := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_review.sql", "0003_bill_rows.sql", "0004_outbox_recipients.sql", "0005_register.sql",
		"0006_workbook_key.sql", "0007_ebt.sql", "0008_sheets.sql"} {
		b, err := fs.ReadFile(migrationFiles, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		old["migrations/"+name] = &fstest.MapFile{Data: b}
	}
	if err := migrate(ctx, db, old); err != nil {
		t.Fatal(err)
	}
	for id, e := range []Entry{ledgerClaim("req", "STP/F/1", t0), ledgerStatement("st", "STP/F/1", t0.Add(time.Hour))} {
		rep := e.Report
		js, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO submissions (id, source, file, sender, sender_key, sha256, received, form, programme_code, code_key, status, report_json, processed)
			VALUES (?, 'mail', 'f.xlsx', 'c@x.in', 'c@x.in', ?, ?, ?, 'STP/F/1', 'STP/F/1', ?, ?, ?)`,
			id+1, fmt.Sprintf("%064d", id+1), timeText(e.Submission.Received), string(rep.Form), string(rep.Status), js, timeText(e.Submission.Received)); err != nil {
			t.Fatal(err)
		}
		// 0005's columns, as Enter kept them before 0006.
		if _, err := db.Exec(`INSERT INTO claim_facts (submission_id, first_day, last_day) VALUES (?, ?, ?)`,
			id+1, FieldOf(rep, "start_date"), FieldOf(rep, "end_date")); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	wantReq, wantSt := wantFacts()
	wantReq.AdvanceClaimed, wantReq.Largest = decimal.NullDecimal{}, decimal.NullDecimal{} // 0005's columns, left empty above
	got := map[int64]Facts{}
	if err := s.EachFacts(ctx, Filter{}, func(c Stored, f *Facts) error {
		got[c.ID] = *f
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !sameFacts(got[1], wantReq) || !sameFacts(got[2], wantSt) {
		t.Errorf("facts filled from the reports:\n%+v\n%+v\nwant\n%+v\n%+v", got[1], got[2], wantReq, wantSt)
	}
}

func TestStore_LiveBills(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	bill := func(data, code string, received time.Time, status stpclaims.Status) int64 {
		e := claim{data: data, sender: "co@x.in", code: code, form: stpclaims.FormTABill, status: status, received: received}.entry()
		e.BillRows = []BillRow{{Kind: "participant", Row: 5, Name: "Asha", Claimed: decimal.NewFromInt(10), Admissible: decimal.NewFromInt(10)}}
		return mustEnter(t, s, e)
	}
	bill("old", "STP/B/1", t0, stpclaims.StatusClean) // superseded by the next
	live := bill("new", "stp/b/1 ", t0.Add(time.Hour), stpclaims.StatusClean)
	later := bill("other", "STP/B/2", t0.Add(48*time.Hour), stpclaims.StatusReview)
	mustEnter(t, s, claim{data: "norows", sender: "co@x.in", code: "STP/B/3", form: stpclaims.FormTABill, received: t0}.entry())
	for _, c := range []struct {
		from, to time.Time
		want     map[int64]string
	}{
		{want: map[int64]string{live: "stp/b/1 ", later: "STP/B/2"}},
		{to: t0.Add(24 * time.Hour), want: map[int64]string{live: "stp/b/1 "}},
		{from: t0.Add(24 * time.Hour), want: map[int64]string{later: "STP/B/2"}},
	} {
		got, err := s.LiveBills(ctx, c.from, c.to)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("[%s, %s): %v, %v; want %v", c.from, c.to, got, err, c.want)
		}
	}
}

func TestStore_Deviations_claim(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	req := mustEnter(t, s, ledgerClaim("req", "STP/D/1", t0))
	devs, err := s.Deviations(ctx)
	if err != nil || len(devs) != 1 {
		t.Fatalf("%d deviations, %v", len(devs), err)
	}
	d := devs[0]
	if c := d.Claim; d.SubmissionID != req || c.ID != req || c.ProgrammeCode != "STP/D/1" || c.Form != stpclaims.FormAnnexureII ||
		c.SHA256 != shaOf([]byte("req")) || c.Sender != "rajesh@revenue.kerala.gov.in" || !c.Received.Equal(t0) ||
		c.Status != stpclaims.StatusReview || len(c.ReportJSON) != 0 || d.FacilitatorEmail != "Latha <LATHA@img.kerala.gov.in>" {
		t.Errorf("deviation %+v of claim %+v", d, d.Claim)
	}
}

func TestStore_EachSubmission_brief(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	mustEnter(t, s, advanceClaim("req", "c@x.in", "STP/A/1", stpclaims.StatusClean, t0))
	var full, brief []Stored
	for _, f := range []struct {
		filter Filter
		dst    *[]Stored
	}{{Filter{}, &full}, {Filter{Brief: true}, &brief}} {
		if err := s.EachSubmission(ctx, f.filter, func(st Stored) error { *f.dst = append(*f.dst, st); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if len(full) != 1 || len(brief) != 1 {
		t.Fatalf("%d and %d rows", len(full), len(brief))
	}
	want := full[0]
	want.ReportJSON, want.MailKey, want.Processed = nil, nil, time.Time{}
	if !reflect.DeepEqual(brief[0], want) || len(full[0].ReportJSON) == 0 || full[0].Processed.IsZero() {
		t.Errorf("brief %+v\nwant %+v", brief[0], want)
	}
}

// TestStore_EachProgramme_order: the programmes come in the order of their
// codes, each with the events AdvanceHistory gives it, in the same order;
// the whole stream merges them in the order of arrival.
func TestStore_EachProgramme_order(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	codes := []string{"STP/O/2", "STP/O/1", "STP/O/3"}
	claims := map[string]int64{}
	for i, code := range codes {
		claims[code] = mustEnter(t, s, advanceClaim("req"+code, "c@x.in", code, stpclaims.StatusClean, t0.Add(time.Duration(i)*time.Minute)))
	}
	// Steps of every programme, some in the second a claim arrived.
	for i, code := range codes {
		at := t0.Add(time.Duration(2-i) * time.Minute) // in the second the next programme's request arrived
		step := stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: code, Claim: claims[code], Source: strings.Repeat(fmt.Sprint(i), 64),
			By: "latha@img.kerala.gov.in", At: at}
		if _, err := s.RecordAdvance(ctx, []string{code}, func([]stpclaims.AdvanceEvent) (AdvanceDecision, error) {
			return AdvanceDecision{Events: []stpclaims.AdvanceEvent{step}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		mustEnter(t, s, settlementClaim("st"+code, "c@x.in", code, t0.Add(time.Duration(3+i)*time.Minute)))
	}
	describe := func(es []stpclaims.AdvanceEvent) string {
		var b strings.Builder
		for _, e := range es {
			fmt.Fprintf(&b, "%s %s %s; ", e.Code, e.Action, e.At.Format("15:04"))
		}
		return b.String()
	}
	var keys []string
	if err := s.EachProgramme(ctx, Programmes{}, func(p *Programme) error {
		keys = append(keys, p.Key)
		h, err := s.AdvanceHistory(ctx, p.Key)
		if err != nil {
			return err
		}
		if describe(p.Events) != describe(h) || len(p.Events) != 3 {
			t.Errorf("%s: %s\nhistory %s", p.Key, describe(p.Events), describe(h))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(keys, " ") != "STP/O/1 STP/O/2 STP/O/3" {
		t.Errorf("programmes %v", keys)
	}
	var all []stpclaims.AdvanceEvent
	if err := s.EachAdvanceEvent(ctx, func(e stpclaims.AdvanceEvent) error { all = append(all, e); return nil }); err != nil {
		t.Fatal(err)
	}
	want := "STP/O/2 request 09:30; STP/O/3 recommend 09:30; STP/O/1 request 09:31; STP/O/1 recommend 09:31; " +
		"STP/O/3 request 09:32; STP/O/2 recommend 09:32; STP/O/2 settle 09:33; STP/O/1 settle 09:34; STP/O/3 settle 09:35; "
	if got := describe(all); got != want {
		t.Errorf("arrival order:\n%s\nwant\n%s", got, want)
	}
	t.Run("chosen codes", func(t *testing.T) {
		var keys []string
		if err := s.EachProgramme(ctx, Programmes{Codes: []string{"stp/o/3", "STP/O/1", "STP/O/9"}}, func(p *Programme) error {
			keys = append(keys, fmt.Sprintf("%s %d", p.Key, len(p.Events)))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if strings.Join(keys, ", ") != "STP/O/1 3, STP/O/3 3" {
			t.Errorf("programmes %v", keys)
		}
	})
}

// TestStore_readsIndexed: the ledger's reads find their rows through
// indexes, not by scanning a table for each row or sorting the whole of
// it: the reply state of each submission, the claims and steps in the
// orders the ledger reads them, the statements.
func TestStore_readsIndexed(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	plan := func(query string) string {
		rows, err := s.read.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, "x", "x")
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	claims, events := stream{byProgramme: true, facts: true}.queries()
	programmeFilter, _ := Filter{Form: stpclaims.FormTABill, ProgrammeCode: "STP/X/1", LiveOnly: true}.where()
	_, recorded := stream{noClaims: true}.queries()
	for _, c := range []struct {
		name, query string
		want        []string
		never       string
	}{
		{"Sources", `SELECT ` + storedColumnsOf("submissions", brief) + ` FROM submissions ORDER BY received, id`,
			[]string{"USING INDEX outbox_submission"}, "SCAN o"},
		{"claims by programme", claims, []string{"USING INDEX submissions_code_order"}, "TEMP B-TREE"},
		{"steps by programme", events, []string{"USING INDEX advance_events_code"}, "TEMP B-TREE"},
		{"steps by arrival", recorded, []string{"USING INDEX advance_events_at"}, "TEMP B-TREE"},
		{"statements", `SELECT s.id FROM submissions s JOIN claim_facts c ON c.submission_id = s.id WHERE form = ? AND superseded_by IS NULL AND status <> ? ORDER BY s.received, s.id`,
			[]string{"USING INDEX submissions_form_received"}, "TEMP B-TREE"},
		// What each claim entered reads of its programme: through the
		// programme's index, never every claim of its form.
		{"supersede", supersedeQuery + ` AND source = 'folder' ORDER BY received DESC, id DESC`,
			[]string{"(code_key=?"}, "form_received"},
		{"live of a programme", `SELECT id FROM submissions` + liveOfProgramme + ` ORDER BY received, id`,
			[]string{"(code_key=?"}, "form_received"},
		{"a programme's claims of a form", `SELECT id FROM submissions` + programmeFilter + ` ORDER BY received, id`,
			[]string{"(code_key=?"}, "form_received"},
	} {
		got := plan(strings.ReplaceAll(c.query, "?", "'x'"))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: plan\n%s\nwithout %q", c.name, got, w)
			}
		}
		if strings.Contains(got, c.never) {
			t.Errorf("%s: plan\n%s\nwith %q", c.name, got, c.never)
		}
	}
}
