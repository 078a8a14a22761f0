package store

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// advanceClaim is an Annexure II entry with the facts the register needs.
func advanceClaim(data, sender, code string, status stpclaims.Status, received time.Time) Entry {
	e := claim{data: data, sender: sender, code: code, status: status, received: received}.entry()
	e.Report.Fields = []stpclaims.FieldValue{
		{Name: "programme_code", Value: code}, {Name: "start_date", Value: "2027-02-01"}, {Name: "end_date", Value: "2027-02-05"},
		{Name: "advance_claimed", Value: "48000"}, {Name: "facilitator_email", Value: "Latha <LATHA@img.kerala.gov.in>"},
		{Name: "coordinator_email", Value: "rajesh@revenue.kerala.gov.in"},
	}
	e.Report.MaxAdvance = decimal.NewNullDecimal(decimal.NewFromInt(48900))
	e.Report.Lines = []stpclaims.Line{
		{Field: "ta_advance", Claimed: decimal.NewFromInt(15000), Cap: decimal.NewFromInt(14934), Admissible: decimal.NewFromInt(14934)},
		{Field: "da_advance", Claimed: decimal.NewFromInt(4666), Cap: decimal.NewFromInt(4667), Admissible: decimal.NewFromInt(4666)},
	}
	if status == stpclaims.StatusReview {
		e.Report.Findings = []stpclaims.Finding{{Rule: "AII-LEAD-TIME", Clause: "V", Severity: stpclaims.SeverityDeviation, Message: "late"}}
	}
	return e
}

func settlementClaim(data, sender, code string, received time.Time) Entry {
	e := claim{data: data, sender: sender, code: code, form: stpclaims.FormSettlement, status: stpclaims.StatusReturned, received: received}.entry()
	e.Report.Totals = &stpclaims.Totals{Claimed: decimal.NewFromInt(41000), Admissible: decimal.RequireFromString("40000.50")}
	return e
}

func TestStore_AdvanceHistory(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	const code = "STP/REV/2027/014"
	req := mustEnter(t, s, advanceClaim("req", "Rajesh <rajesh@revenue.kerala.gov.in>", code, stpclaims.StatusReview, t0))
	mustEnter(t, s, advanceClaim("returned", "other@x.in", code, stpclaims.StatusReturned, t0.Add(time.Hour)))
	mustEnter(t, s, advanceClaim("elsewhere", "rajesh@revenue.kerala.gov.in", "STP/OTHER/1", stpclaims.StatusClean, t0.Add(time.Hour)))
	drop := advanceClaim("drop", "", code, stpclaims.StatusClean, t0.Add(2*time.Hour))
	drop.Submission.Source, drop.Submission.MessageID, drop.MailKey = stpclaims.SourceFolder, "", nil
	dropID := mustEnter(t, s, drop)
	st := mustEnter(t, s, settlementClaim("st", "rajesh@revenue.kerala.gov.in", code, t0.Add(30*24*time.Hour)))

	// A recorded step, between the drop and the statement.
	rec := stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: " stp/rev/2027/014", Claim: req, Fingerprint: shaOf([]byte("req")),
		Source: strings.Repeat("A", 64), MessageID: "<r@x>", By: "latha@img.kerala.gov.in", At: t0.Add(3 * time.Hour),
		Amount: decimal.NewNullDecimal(decimal.NewFromInt(45000)), Remarks: "as claimed"}
	recorded, err := s.RecordAdvance(ctx, []string{code}, func(h []stpclaims.AdvanceEvent) (AdvanceDecision, error) {
		return AdvanceDecision{Events: []stpclaims.AdvanceEvent{rec}}, nil
	})
	if err != nil || len(recorded) != 1 || recorded[0].Recorded == 0 {
		t.Fatalf("RecordAdvance: %+v, %v", recorded, err)
	}

	h, err := s.AdvanceHistory(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		got = append(got, fmt.Sprintf("%s %d %s", e.Action, e.Claim, e.By))
	}
	want := []string{
		fmt.Sprintf("request %d rajesh@revenue.kerala.gov.in", req),
		fmt.Sprintf("request %d finance desk", dropID),
		fmt.Sprintf("recommend %d latha@img.kerala.gov.in", req),
		fmt.Sprintf("settle %d rajesh@revenue.kerala.gov.in", st),
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	r := h[0]
	terms := r.Request
	if terms == nil || !r.Amount.Decimal.Equal(decimal.NewFromInt(48000)) || !terms.Largest.Decimal.Equal(decimal.NewFromInt(48900)) ||
		!terms.TADA.Decimal.Equal(decimal.NewFromInt(19600)) || terms.FirstDay.Format(time.DateOnly) != "2027-02-01" ||
		terms.LastDay.Format(time.DateOnly) != "2027-02-05" || terms.Facilitator != "latha@img.kerala.gov.in" ||
		terms.Coordinator != "rajesh@revenue.kerala.gov.in" || terms.Deviations != 1 || terms.Undecided != 1 ||
		terms.Status != stpclaims.StatusReview || r.Source != shaOf([]byte("req")) || r.Fingerprint != r.Source || !r.At.Equal(t0) {
		t.Errorf("request %+v terms %+v", r, terms)
	}
	if got := h[2]; got.Request != nil || got.Recorded != recorded[0].Recorded || got.Code != rec.Code || !got.Amount.Decimal.Equal(decimal.NewFromInt(45000)) ||
		got.Remarks != "as claimed" || got.MessageID != "<r@x>" || got.Source != strings.ToLower(rec.Source) {
		t.Errorf("recorded %+v", got)
	}
	if got := h[3]; !got.Amount.Decimal.Equal(decimal.RequireFromString("40000.5")) || got.Request.Status != stpclaims.StatusReturned {
		t.Errorf("settlement %+v", got)
	}

	// The whole stream holds the other programme too, without undecided counts.
	var n int
	if err := s.EachAdvanceEvent(ctx, func(e stpclaims.AdvanceEvent) error {
		n++
		if e.Request != nil && e.Request.Undecided != 0 {
			t.Errorf("undecided counted in the whole stream: %+v", e)
		}
		return nil
	}); err != nil || n != 5 {
		t.Errorf("EachAdvanceEvent: %d events, %v", n, err)
	}
	var progs []string
	if err := s.EachProgramme(ctx, Programmes{Facts: true}, func(p *Programme) error {
		facts := 0
		for _, e := range p.Events {
			if stpclaims.ProgrammeKey(e.Code) != p.Key {
				t.Errorf("event of %q among %s", e.Code, p.Key)
			}
			if e.Action == stpclaims.ActionRequest {
				f := p.Facts[e.Claim]
				if f == nil || f.FirstDay.Format(time.DateOnly) != "2027-02-01" || !f.Largest.Decimal.Equal(decimal.NewFromInt(48900)) ||
					!f.AdvanceClaimed.Decimal.Equal(decimal.NewFromInt(48000)) || f.FacilitatorEmail != "Latha <LATHA@img.kerala.gov.in>" {
					t.Errorf("facts of request %d: %+v", e.Claim, f)
				}
				facts++
			}
		}
		progs = append(progs, fmt.Sprintf("%s %d %d", p.Key, len(p.Events), facts))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(progs, ", "); got != "STP/OTHER/1 1 1, STP/REV/2027/014 4 2" {
		t.Errorf("EachProgramme: %s", got)
	}
	var recs int
	if err := s.EachRecordedEvent(ctx, func(e stpclaims.AdvanceEvent) error { recs++; return nil }); err != nil || recs != 1 {
		t.Errorf("EachRecordedEvent: %d, %v", recs, err)
	}
	if c, err := s.CountRecordedEvents(ctx); err != nil || c != 1 {
		t.Errorf("CountRecordedEvents: %d, %v", c, err)
	}
}

func TestStore_RecordAdvance(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	const code = "STP/REV/2027/014"
	req := mustEnter(t, s, advanceClaim("req", "rajesh@revenue.kerala.gov.in", code, stpclaims.StatusClean, t0))
	step := func(action stpclaims.AdvanceAction, source string) stpclaims.AdvanceEvent {
		return stpclaims.AdvanceEvent{Action: action, Code: code, Claim: req, Source: source, By: "accounts@img.kerala.gov.in",
			At: t0.Add(time.Hour), Amount: decimal.NewNullDecimal(decimal.NewFromInt(45000)), On: t0.Truncate(24 * time.Hour),
			Ref: "FIN/1", Mode: stpclaims.PayBankTransfer}
	}
	book := strings.Repeat("b", 64)
	record := func(events ...stpclaims.AdvanceEvent) ([]stpclaims.AdvanceEvent, error) {
		return s.RecordAdvance(ctx, []string{code}, func(h []stpclaims.AdvanceEvent) (AdvanceDecision, error) {
			return AdvanceDecision{Events: events, Replies: []stpclaims.Reply{{To: []string{"accounts@img.kerala.gov.in"}, Subject: "taken", Body: "ok"}},
				Due: t0}, nil
		})
	}
	t.Run("a workbook taken twice records its rows once", func(t *testing.T) {
		got, err := record(step(stpclaims.ActionSanction, book), step(stpclaims.ActionPay, book))
		if err != nil || len(got) != 2 {
			t.Fatalf("first: %d recorded, %v", len(got), err)
		}
		got, err = record(step(stpclaims.ActionSanction, book), step(stpclaims.ActionPay, book))
		if err != nil || len(got) != 0 {
			t.Fatalf("again: %d recorded, %v", len(got), err)
		}
		if n, _ := s.CountRecordedEvents(ctx); n != 2 {
			t.Errorf("%d events", n)
		}
	})
	t.Run("decide failing records nothing", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := s.RecordAdvance(ctx, []string{code}, func([]stpclaims.AdvanceEvent) (AdvanceDecision, error) {
			return AdvanceDecision{}, boom
		})
		if !errors.Is(err, boom) {
			t.Errorf("err %v", err)
		}
	})
	t.Run("a bad step records nothing of the workbook", func(t *testing.T) {
		bad := step(stpclaims.ActionRequest, strings.Repeat("c", 64))
		if _, err := record(step(stpclaims.ActionWithdraw, strings.Repeat("c", 64)), bad); !errors.Is(err, ErrBadEntry) {
			t.Fatalf("err %v", err)
		}
		if n, _ := s.CountRecordedEvents(ctx); n != 2 {
			t.Errorf("%d events after a failed record", n)
		}
	})
	t.Run("the replies are queued with the steps", func(t *testing.T) {
		due, err := s.DueReplies(ctx, t0.Add(time.Hour), 10)
		if err != nil || len(due) != 2 { // the two records that committed
			t.Errorf("%d replies queued, %v", len(due), err)
		}
	})
}

// TestMigrate_register: a store written before the register (schema 4) is
// brought to it: the claims already entered get their facts, and folder
// drops of the same programme are superseded by the latest.
func TestMigrate_register(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	old := fstest.MapFS{}
	for _, name := range []string{"0001_init.sql", "0002_review.sql", "0003_bill_rows.sql", "0004_outbox_recipients.sql"} {
		b, err := fs.ReadFile(migrationFiles, "migrations/"+name)
		if err != nil {
			t.Fatal(err)
		}
		old["migrations/"+name] = &fstest.MapFile{Data: b}
	}
	if err := migrate(ctx, db, old); err != nil {
		t.Fatal(err)
	}
	insert := func(id int, source, sender, form string, status stpclaims.Status, received time.Time, rep stpclaims.Report) {
		t.Helper()
		rep.Form, rep.Status, rep.ProgrammeCode = stpclaims.FormKind(form), status, "STP/OLD/1"
		js, err := json.Marshal(rep)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(`INSERT INTO submissions (id, source, file, sender, sender_key, sha256, received, form, programme_code, code_key, status, report_json, processed)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'STP/OLD/1', 'STP/OLD/1', ?, ?, ?)`,
			id, source, fmt.Sprint(id, ".xlsx"), sender, sender, fmt.Sprintf("%064d", id), timeText(received), form, string(status), js, timeText(received)); err != nil {
			t.Fatal(err)
		}
	}
	aii := advanceClaim("x", "", "STP/OLD/1", stpclaims.StatusClean, t0).Report
	insert(1, "folder", "", "annexure2", stpclaims.StatusClean, t0, aii)
	insert(2, "folder", "", "annexure2", stpclaims.StatusClean, t0.Add(time.Hour), aii)
	insert(3, "folder", "", "annexure2", stpclaims.StatusClean, t0.Add(2*time.Hour), aii)
	insert(4, "mail", "c@x.in", "annexure2", stpclaims.StatusClean, t0.Add(3*time.Hour), aii)
	insert(5, "folder", "", "settlement", stpclaims.StatusReturned, t0.Add(4*time.Hour), settlementClaim("y", "", "STP/OLD/1", t0).Report)
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for id, want := range map[int64]int64{1: 3, 2: 3, 3: 0, 4: 0, 5: 0} {
		st, err := s.Submission(ctx, id)
		if err != nil || st.SupersededBy != want {
			t.Errorf("claim %d superseded by %d (%v), want %d", id, st.SupersededBy, err, want)
		}
	}
	h, err := s.AdvanceHistory(ctx, "STP/OLD/1")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 5 {
		t.Fatalf("%d events after the migration, want 5", len(h))
	}
	if r := h[0].Request; !h[0].Amount.Decimal.Equal(decimal.NewFromInt(48000)) || !r.Largest.Decimal.Equal(decimal.NewFromInt(48900)) ||
		!r.TADA.Decimal.Equal(decimal.NewFromInt(19600)) || r.LastDay.Format(time.DateOnly) != "2027-02-05" ||
		r.Facilitator != "latha@img.kerala.gov.in" || h[0].By != stpclaims.FinanceDesk || h[3].By != "c@x.in" {
		t.Errorf("backfilled request %+v %+v", h[0], r)
	}
	if h[4].Action != stpclaims.ActionSettle || !h[4].Amount.Decimal.Equal(decimal.RequireFromString("40000.50")) {
		t.Errorf("backfilled settlement %+v", h[4])
	}
}

func TestStore_EachSubmission_withoutReport(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	mustEnter(t, s, advanceClaim("req", "c@x.in", "STP/A/1", stpclaims.StatusClean, t0))
	for _, without := range []bool{false, true} {
		var got []byte
		if err := s.EachSubmission(ctx, Filter{WithoutReport: without}, func(st Stored) error {
			got = st.ReportJSON
			if st.ProgrammeCode != "STP/A/1" || st.SHA256 == "" {
				t.Errorf("columns %+v", st)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if (len(got) == 0) != without {
			t.Errorf("WithoutReport %v: %d bytes of report", without, len(got))
		}
	}
}

// TestStore_AdvanceHistory_sameMoment: a step and a claim arriving in the
// same second (a mail's arrival is known to the second) come in the order
// they were entered.
func TestStore_AdvanceHistory_sameMoment(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	const code = "STP/SAME/1"
	req := mustEnter(t, s, advanceClaim("req", "c@x.in", code, stpclaims.StatusClean, t0))
	at := t0.Add(time.Hour)
	step := stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: code, Claim: req, Source: strings.Repeat("d", 64),
		By: "latha@img.kerala.gov.in", At: at}
	if _, err := s.RecordAdvance(ctx, []string{code}, func([]stpclaims.AdvanceEvent) (AdvanceDecision, error) {
		return AdvanceDecision{Events: []stpclaims.AdvanceEvent{step}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	st := settlementClaim("st", "c@x.in", code, at)
	st.Processed = time.Now().Add(time.Hour) // entered after the step was recorded
	mustEnter(t, s, st)
	h, err := s.AdvanceHistory(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range h {
		got = append(got, string(e.Action))
	}
	if strings.Join(got, " ") != "request recommend settle" {
		t.Errorf("history %v, want the step before the statement entered after it", got)
	}
}
