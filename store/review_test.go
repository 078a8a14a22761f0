package store

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"stpclaims"
)

// reviewClaim enters an Annexure II naming facilitator, with one deviation
// and one error finding, and returns its id and sha256.
func reviewClaim(t *testing.T, s *Store, data, sender, code, facilitator string, received time.Time) (int64, string) {
	t.Helper()
	e := claim{data: data, sender: sender, code: code, status: stpclaims.StatusReview, received: received}.entry()
	e.Report.Fields = []stpclaims.FieldValue{{Name: "programme_code", Value: code}, {Name: "facilitator_email", Value: facilitator}}
	e.Report.Findings = []stpclaims.Finding{
		{Rule: "AII-LEAD-TIME", Severity: stpclaims.SeverityDeviation, Message: "late request"},
		{Rule: "AII-FOOD", Severity: stpclaims.SeverityError, Claimed: amount("30000"), Message: "food over cap"},
		{Rule: "AII-GF-SHARE", Severity: stpclaims.SeverityDeviation, Message: "too many guest sessions"},
	}
	b, err := json.Marshal(e.Report)
	if err != nil {
		t.Fatal(err)
	}
	e.ReportJSON = b
	return mustEnter(t, s, e), e.Submission.SHA256
}

func deviationsOf(t *testing.T, s *Store, id int64) []DeviationRow {
	t.Helper()
	all, err := s.Deviations(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []DeviationRow
	for _, r := range all {
		if r.SubmissionID == id {
			out = append(out, r)
		}
	}
	return out
}

func TestStore_Decide(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(48 * time.Hour)
	t.Run("approve all", func(t *testing.T) {
		s, _ := openTemp(t)
		id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "Fac <fac@img.in>", t0)
		devs := deviationsOf(t, s, id)
		if len(devs) != 2 || devs[0].Finding.Rule != "AII-LEAD-TIME" || devs[0].Latest != nil {
			t.Fatalf("deviations = %+v", devs)
		}
		res, err := s.Decide(ctx, []Decided{
			{SubmissionID: id, FindingID: devs[0].FindingID, Fingerprint: sha, Decision: DecisionApprove, By: "FAC@img.in", At: at, Remarks: "ok"},
		})
		if err != nil || len(res.Recorded) != 1 || len(res.Refused) != 0 || len(res.Changed) != 0 {
			t.Fatalf("first decision: %+v, %v", res, err)
		}
		res, err = s.Decide(ctx, []Decided{
			{SubmissionID: id, FindingID: devs[1].FindingID, Fingerprint: sha, Decision: DecisionApprove, By: "fac@img.in", At: at},
		})
		if err != nil || len(res.Changed) != 1 || res.Changed[0].To != ReviewApproved {
			t.Fatalf("second decision: %+v, %v", res, err)
		}
		st, err := s.Submission(ctx, id)
		if err != nil || st.Review != ReviewApproved {
			t.Errorf("review = %q, %v", st.Review, err)
		}
		devs = deviationsOf(t, s, id)
		if devs[0].Latest == nil || devs[0].Latest.By != "fac@img.in" || !devs[0].Latest.At.Equal(at) || devs[0].Latest.Remarks != "ok" {
			t.Errorf("latest = %+v", devs[0].Latest)
		}
	})
	t.Run("the same workbook twice", func(t *testing.T) {
		s, _ := openTemp(t)
		id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
		devs := deviationsOf(t, s, id)
		d := Decided{SubmissionID: id, FindingID: devs[0].FindingID, Fingerprint: sha, Decision: DecisionQuery, By: "fac@img.in", At: at,
			Source: strings.Repeat("ab", 32)}
		for i, want := range []int{1, 0} {
			res, err := s.Decide(ctx, []Decided{d})
			if err != nil || len(res.Recorded) != want || len(res.Already) != 1-want {
				t.Errorf("take %d: %+v, %v", i+1, res, err)
			}
		}
		if ds, _ := s.Decisions(ctx, id); len(ds) != 1 {
			t.Errorf("%d decisions recorded, want 1", len(ds))
		}
	})
	t.Run("reject and query", func(t *testing.T) {
		for _, c := range []struct {
			decisions []Decision
			want      ReviewState
		}{
			{[]Decision{DecisionApprove, DecisionQuery}, ReviewQuery},
			{[]Decision{DecisionQuery, DecisionReject}, ReviewRejected},
			{[]Decision{DecisionReject}, ReviewRejected},
			{[]Decision{DecisionApprove}, ReviewOpen},
		} {
			s, _ := openTemp(t)
			id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
			devs := deviationsOf(t, s, id)
			var ds []Decided
			for i, d := range c.decisions {
				ds = append(ds, Decided{SubmissionID: id, FindingID: devs[i].FindingID, Fingerprint: sha, Decision: d, By: "fac@img.in", At: at})
			}
			if _, err := s.Decide(ctx, ds); err != nil {
				t.Fatal(err)
			}
			if st, _ := s.Submission(ctx, id); st.Review != c.want {
				t.Errorf("%v: review = %q, want %q", c.decisions, st.Review, c.want)
			}
		}
	})
	t.Run("refusals", func(t *testing.T) {
		s, _ := openTemp(t)
		id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
		noFac, noFacSHA := reviewClaim(t, s, "b", "co2@x.in", "STP/2", "", t0)
		devs := deviationsOf(t, s, id)
		var errorFinding int64
		if err := s.read.QueryRow(`SELECT id FROM findings WHERE submission_id = ? AND severity = 'error'`, id).Scan(&errorFinding); err != nil {
			t.Fatal(err)
		}
		ok := Decided{SubmissionID: id, FindingID: devs[0].FindingID, Fingerprint: sha, Decision: DecisionApprove, By: "fac@img.in", At: at}
		cases := []struct {
			name   string
			change func(d *Decided)
			reason string
		}{
			{"forged sender", func(d *Decided) { d.By = "co@x.in" }, "Only the programme's facilitator (fac@img.in)"},
			{"changed claim", func(d *Decided) { d.Fingerprint = strings.Repeat("0", 64) }, "fingerprint differs"},
			{"unknown claim", func(d *Decided) { d.SubmissionID = 999 }, "no claim number 999"},
			{"other claim's finding", func(d *Decided) { d.FindingID = deviationsOf(t, s, noFac)[0].FindingID }, "has no finding"},
			{"an error", func(d *Decided) { d.FindingID = errorFinding }, "not a deviation"},
			{"no decision", func(d *Decided) { d.Decision = "maybe" }, "not a decision"},
			{"no facilitator", func(d *Decided) {
				d.SubmissionID, d.FindingID, d.Fingerprint = noFac, deviationsOf(t, s, noFac)[0].FindingID, noFacSHA
			}, "names no facilitator"},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				d := ok
				c.change(&d)
				res, err := s.Decide(ctx, []Decided{d})
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Recorded) != 0 || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, c.reason) {
					t.Errorf("got %+v, want refusal containing %q", res, c.reason)
				}
			})
		}
		if ds, _ := s.Decisions(ctx, id); len(ds) != 0 {
			t.Errorf("refused decisions were recorded: %+v", ds)
		}
	})
	t.Run("superseded claim", func(t *testing.T) {
		s, _ := openTemp(t)
		id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
		devs := deviationsOf(t, s, id)
		newer, _ := reviewClaim(t, s, "a2", "co@x.in", "STP/1", "fac@img.in", t0.Add(time.Hour))
		res, err := s.Decide(ctx, []Decided{{SubmissionID: id, FindingID: devs[0].FindingID, Fingerprint: sha, Decision: DecisionApprove, By: "fac@img.in", At: at}})
		if err != nil || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "replaced by a revised claim") {
			t.Fatalf("got %+v, %v", res, err)
		}
		if got := deviationsOf(t, s, id); len(got) != 0 {
			t.Errorf("superseded claim's deviations listed: %+v", got)
		}
		if got := deviationsOf(t, s, newer); len(got) != 2 {
			t.Errorf("revised claim's deviations = %d, want 2", len(got))
		}
	})
	t.Run("TA bill takes the Annexure II's facilitator", func(t *testing.T) {
		s, _ := openTemp(t)
		reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
		e := claim{data: "bill", sender: "co@x.in", code: "stp/1", form: stpclaims.FormTABill, status: stpclaims.StatusReview}.entry()
		e.Report.Findings = []stpclaims.Finding{{Rule: "TA-OVER-ADVANCE", Severity: stpclaims.SeverityDeviation, Message: "over"}}
		bill := mustEnter(t, s, e)
		d := deviationsOf(t, s, bill)[0]
		for _, c := range []struct {
			by       string
			recorded int
		}{{"other@img.in", 0}, {"fac@img.in", 1}} {
			res, err := s.Decide(ctx, []Decided{{SubmissionID: bill, FindingID: d.FindingID, Fingerprint: e.Submission.SHA256, Decision: DecisionReject, By: c.by, At: at}})
			if err != nil || len(res.Recorded) != c.recorded {
				t.Errorf("by %s: %+v, %v", c.by, res, err)
			}
		}
	})
}

func TestStore_DecideAndNotify(t *testing.T) {
	ctx := context.Background()
	at := t0.Add(48 * time.Hour)
	notice := stpclaims.Reply{To: []string{"co@x.in"}, Subject: "your claim", Body: "queried"}
	tests := []struct {
		name         string
		failFirst    bool // the first take's notices fail
		wantRecorded int  // by the second take
		wantQueued   int  // notices queued in all
	}{
		{name: "notices are queued with the decisions", wantRecorded: 0, wantQueued: 1},
		{name: "a failed notice records nothing, so the second take notifies", failFirst: true, wantRecorded: 1, wantQueued: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTemp(t)
			id, sha := reviewClaim(t, s, "a", "co@x.in", "STP/1", "fac@img.in", t0)
			devs := deviationsOf(t, s, id)
			ds := []Decided{{SubmissionID: id, FindingID: devs[0].FindingID, Fingerprint: sha, Decision: DecisionQuery,
				By: "fac@img.in", At: at, Source: strings.Repeat("ab", 32)}}
			take := func(fail bool) (DecideResult, error) {
				return s.DecideAndNotify(ctx, ds, func(res DecideResult) ([]stpclaims.Reply, time.Time, error) {
					if fail {
						return nil, time.Time{}, errors.New("disk full")
					}
					var rs []stpclaims.Reply
					for range res.Changed {
						rs = append(rs, notice)
					}
					return rs, at, nil
				})
			}
			res, err := take(tc.failFirst)
			if tc.failFirst != (err != nil) {
				t.Fatalf("first take: %+v, %v", res, err)
			}
			res, err = take(false)
			if err != nil || len(res.Recorded) != tc.wantRecorded {
				t.Fatalf("second take recorded %d (%+v, %v), want %d", len(res.Recorded), res, err, tc.wantRecorded)
			}
			due, err := s.DueReplies(ctx, at, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(due) != tc.wantQueued {
				t.Errorf("%d notices queued, want %d", len(due), tc.wantQueued)
			}
			if got, _ := s.Submission(ctx, id); got.Review != ReviewQuery {
				t.Errorf("review state %q, want query", got.Review)
			}
		})
	}
}

func TestStore_QueueNotice(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	id := mustEnter(t, s, claim{data: "a", sender: "co@x.in", code: "STP/1"}.entry())
	reply := stpclaims.Reply{To: []string{"co@x.in"}, Subject: "overdue", Body: "settle"}
	week := 7 * 24 * time.Hour
	for _, c := range []struct {
		at   time.Time
		kind string
		want bool
	}{
		{t0, "overdue", true},
		{t0.Add(24 * time.Hour), "overdue", false},
		{t0.Add(6 * 24 * time.Hour), "overdue", false},
		{t0.Add(6 * 24 * time.Hour), "other", true},
		{t0.Add(week), "overdue", true},
		{t0.Add(week + time.Hour), "overdue", false},
	} {
		got, err := s.QueueNotice(ctx, id, c.kind, reply, c.at, week)
		if err != nil || got != c.want {
			t.Errorf("QueueNotice(%s, %s) = %v, %v; want %v", c.at, c.kind, got, err, c.want)
		}
	}
	if n, err := s.OutboxDepth(ctx); err != nil || n != 3 {
		t.Errorf("outbox depth = %d, %v; want 3", n, err)
	}
}

func TestStore_LiveBillRows(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	bill := func(data string, received time.Time, name string) int64 {
		e := claim{data: data, sender: "co@x.in", code: "STP/1", form: stpclaims.FormTABill, received: received}.entry()
		e.BillRows = []BillRow{
			{Kind: "participant", Row: 5, Name: name, PEN: "123456", Office: "Kollam", Claimed: amount("1110.50").Decimal, Admissible: amount("1000").Decimal},
			{Kind: "guest faculty", Row: 3, Name: "Dr. P", Claimed: amount("3000").Decimal, Admissible: amount("3000").Decimal},
		}
		return mustEnter(t, s, e)
	}
	old := bill("b1", t0, "Asha")
	newer := bill("b2", t0.Add(time.Hour), "Asha K")
	got, err := s.LiveBillRows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got[old]; ok {
		t.Error("the superseded bill's rows are listed")
	}
	rows := got[newer]
	if len(rows) != 2 || rows[0].Name != "Asha K" || !rows[0].Claimed.Equal(amount("1110.5").Decimal) || rows[1].Kind != "guest faculty" {
		t.Errorf("rows %+v", rows)
	}
}

func TestStore_EachSubmission(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	for i, code := range []string{"STP/1", "STP/2", "STP/1"} {
		mustEnter(t, s, claim{data: "c" + code + string(rune('a'+i)), sender: "co@x.in", code: code, received: t0.Add(time.Duration(i) * time.Hour)}.entry())
	}
	for _, f := range []Filter{{}, {LiveOnly: true}, {ProgrammeCode: "stp/1"}, {From: t0.Add(time.Hour)}} {
		want, err := s.Submissions(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		if err := s.EachSubmission(ctx, f, func(st Stored) error { got = append(got, st.ID); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("filter %+v: %v, want %d rows", f, got, len(want))
		}
		for i := range want {
			if got[i] != want[i].ID {
				t.Errorf("filter %+v: row %d is %d, want %d", f, i, got[i], want[i].ID)
			}
		}
	}
	stop := errors.New("enough")
	n := 0
	if err := s.EachSubmission(ctx, Filter{}, func(Stored) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("stopping: %v after %d rows", err, n)
	}
}
