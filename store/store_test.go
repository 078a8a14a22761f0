package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

var t0 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stpclaims.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func shaOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// claim makes an entry of a readable form.
type claim struct {
	data     string
	sender   string
	folder   bool // dropped in the shared folder
	code     string
	form     stpclaims.FormKind
	status   stpclaims.Status
	received time.Time
}

func (c claim) entry() Entry {
	if c.form == "" {
		c.form = stpclaims.FormAnnexureII
	}
	if c.status == "" {
		c.status = stpclaims.StatusClean
	}
	if c.received.IsZero() {
		c.received = t0
	}
	sub := stpclaims.NewSubmission(c.data+".xlsx", []byte(c.data), stpclaims.SourceMail, c.received)
	sub.Sender = c.sender
	sub.MessageID = "<" + c.data + "@example.org>"
	e := Entry{
		Submission: sub,
		Report: stpclaims.Report{File: sub.Name, SHA256: sub.SHA256, Form: c.form, Status: c.status,
			RateCard: "STP-2015", ProgrammeCode: c.code},
		MailKey:   &MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 7, UID: 1},
		Processed: c.received.Add(time.Minute),
	}
	if c.folder {
		e.Submission.Source, e.Submission.MessageID, e.MailKey = stpclaims.SourceFolder, "", nil
	}
	return e
}

func mustEnter(t testing.TB, s *Store, e Entry) int64 {
	t.Helper()
	id, already, err := s.Enter(context.Background(), e)
	if err != nil {
		t.Fatalf("Enter(%s): %v", e.Submission.Name, err)
	}
	if already {
		t.Fatalf("Enter(%s): already entered, want new", e.Submission.Name)
	}
	return id
}

func amount(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

func TestStore_Enter(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)

	e := claim{data: "annexure-a", sender: "Co-ordinator <Coord@Dept.Kerala.gov.in>", code: "IMG/2026/17",
		status: stpclaims.StatusReturned}.entry()
	e.Report.Findings = []stpclaims.Finding{
		{Rule: "AII-FOOD", Clause: "III I(i)", Severity: stpclaims.SeverityError, Cell: "Annexure II!C20",
			Field: "food", Claimed: amount("12100.50"), Allowed: amount("9000"), Admissible: amount("9000.00"),
			Message: "Food is over the cap."},
		{Rule: "TA-DA", Severity: stpclaims.SeverityDeviation, Row: 12, Message: "DA for an absent day."},
	}
	e.ReportJSON = []byte(`{"file":"annexure-a.xlsx","status":"returned"}`)

	if _, ok, err := s.Entered(ctx, e.Submission.SHA256); err != nil || ok {
		t.Fatalf("Entered before Enter = %v, %v; want false, nil", ok, err)
	}
	id := mustEnter(t, s, e)

	prior, ok, err := s.Entered(ctx, e.Submission.SHA256)
	if err != nil || !ok {
		t.Fatalf("Entered after Enter = %v, %v; want true, nil", ok, err)
	}
	want := Prior{ID: id, Status: stpclaims.StatusReturned, Received: t0, File: "annexure-a.xlsx"}
	if prior != want {
		t.Errorf("Entered = %+v, want %+v", prior, want)
	}

	got, err := s.Submission(ctx, id)
	if err != nil {
		t.Fatalf("Submission: %v", err)
	}
	if got.Source != stpclaims.SourceMail || got.Sender != e.Submission.Sender ||
		got.MessageID != "<annexure-a@example.org>" || got.SHA256 != e.Submission.SHA256 ||
		!got.Received.Equal(t0) || !got.Processed.Equal(t0.Add(time.Minute)) ||
		got.Form != stpclaims.FormAnnexureII || got.ProgrammeCode != "IMG/2026/17" ||
		got.Status != stpclaims.StatusReturned || !got.Live() {
		t.Errorf("Submission = %+v", got)
	}
	if !bytes.Equal(got.ReportJSON, e.ReportJSON) {
		t.Errorf("ReportJSON = %s, want as given %s", got.ReportJSON, e.ReportJSON)
	}
	if got.MailKey == nil || *got.MailKey != *e.MailKey {
		t.Errorf("MailKey = %+v, want %+v", got.MailKey, e.MailKey)
	}

	fs, err := s.Findings(ctx, id)
	if err != nil {
		t.Fatalf("Findings: %v", err)
	}
	if len(fs) != 2 {
		t.Fatalf("Findings = %d, want 2", len(fs))
	}
	f := fs[0]
	if f.Rule != "AII-FOOD" || f.Clause != "III I(i)" || f.Severity != stpclaims.SeverityError ||
		f.Cell != "Annexure II!C20" || f.Field != "food" || f.Message != "Food is over the cap." {
		t.Errorf("finding 0 = %+v", f)
	}
	// Money comes back as the same decimal text, never through a float.
	for _, c := range []struct {
		name string
		got  decimal.NullDecimal
		want string
	}{{"claimed", f.Claimed, "12100.5"}, {"allowed", f.Allowed, "9000"}, {"admissible", f.Admissible, "9000"}} {
		if !c.got.Valid || c.got.Decimal.String() != c.want {
			t.Errorf("finding 0 %s = %v, want %s", c.name, c.got, c.want)
		}
	}
	if fs[1].Row != 12 || fs[1].Claimed.Valid || fs[1].Severity != stpclaims.SeverityDeviation {
		t.Errorf("finding 1 = %+v", fs[1])
	}

	if _, err := s.Submission(ctx, id+100); !errors.Is(err, ErrNotFound) {
		t.Errorf("Submission(unknown) error = %v, want ErrNotFound", err)
	}
}

func TestStore_Enter_marshalsReportWhenNoJSON(t *testing.T) {
	s, _ := openTemp(t)
	e := claim{data: "no-json", code: "X1"}.entry()
	id := mustEnter(t, s, e)
	got, err := s.Submission(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := e.Report.MarshalJSON()
	if !bytes.Equal(got.ReportJSON, want) {
		t.Errorf("ReportJSON = %s, want %s", got.ReportJSON, want)
	}
}

func TestStore_Enter_already(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	e := claim{data: "same-bytes", sender: "a@x.in", code: "C1"}.entry()
	e.Reply = &stpclaims.Reply{To: []string{"a@x.in"}, Subject: "Re: claim"}
	first := mustEnter(t, s, e)

	tests := []struct {
		name   string
		change func(*Entry)
	}{
		{"same bytes again", func(*Entry) {}},
		{"same bytes from another message and folder", func(e *Entry) {
			e.Submission.Source = stpclaims.SourceFolder
			e.Submission.MessageID = ""
			e.MailKey = nil
			e.Submission.Name = "copy.xlsx"
		}},
		{"same message after UIDVALIDITY change", func(e *Entry) {
			e.MailKey = &MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 99, UID: 4}
		}},
		{"sha256 in upper case", func(e *Entry) {
			e.Submission.SHA256 = strings.ToUpper(e.Submission.SHA256)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			again := e
			tc.change(&again)
			id, already, err := s.Enter(ctx, again)
			if err != nil {
				t.Fatalf("Enter: %v", err)
			}
			if !already || id != first {
				t.Errorf("Enter = %d, %v; want %d, true", id, already, first)
			}
		})
	}
	all, err := s.Submissions(ctx, Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 1 {
		t.Errorf("rows = %d, want 1", len(all))
	}
	if n, err := s.OutboxDepth(ctx); err != nil || n != 1 {
		t.Errorf("OutboxDepth = %d, %v; want 1 (the reply queued once)", n, err)
	}
	ok, err := s.MessageEntered(ctx, "<same-bytes@example.org>", MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 99, UID: 4})
	if err != nil || !ok {
		t.Errorf("MessageEntered after UIDVALIDITY change = %v, %v; want true", ok, err)
	}
}

func TestStore_MessageEntered(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	key := MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 3, UID: 40}

	part := func(data, msgID string, parts int) Entry {
		e := claim{data: data, sender: "a@x.in", code: data}.entry()
		e.Submission.MessageID = msgID
		k := key
		e.MailKey = &k
		e.Parts = parts
		return e
	}
	check := func(t *testing.T, msgID string, k MailKey, want bool) {
		t.Helper()
		got, err := s.MessageEntered(ctx, msgID, k)
		if err != nil {
			t.Fatalf("MessageEntered: %v", err)
		}
		if got != want {
			t.Errorf("MessageEntered(%q, %+v) = %v, want %v", msgID, k, got, want)
		}
	}

	t.Run("two parts by Message-ID", func(t *testing.T) {
		check(t, "<two@x.in>", key, false)
		mustEnter(t, s, part("two-1", "<two@x.in>", 2))
		check(t, "<two@x.in>", key, false)
		mustEnter(t, s, part("two-2", "<two@x.in>", 2))
		check(t, "<two@x.in>", key, true)
		check(t, "two@x.in", MailKey{}, true) // brackets and key do not matter with a Message-ID
	})
	t.Run("no Message-ID: by mail key", func(t *testing.T) {
		k := MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 3, UID: 41}
		e := part("nomsgid", "", 1)
		e.MailKey = &k
		check(t, "", k, false)
		mustEnter(t, s, e)
		check(t, "", k, true)
		check(t, "", MailKey{Account: "claims", Mailbox: "INBOX", UIDValidity: 4, UID: 41}, false)
	})
	t.Run("a part already entered from another message counts", func(t *testing.T) {
		e := part("two-1", "<resent@x.in>", 1) // bytes entered above
		if _, already, err := s.Enter(ctx, e); err != nil || !already {
			t.Fatalf("Enter = %v, %v; want already", already, err)
		}
		check(t, "<resent@x.in>", key, true)
	})
}

func TestStore_Enter_supersession(t *testing.T) {
	const code = "IMG/2026/SUP"
	tests := []struct {
		name     string
		first    claim
		second   claim
		wantLive []string // data of the live claims after both
		wantBy   string   // "second": the first is superseded by the second; "first": the reverse; "" none
	}{
		{
			name:     "same sender, later revision",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "v2", sender: "coord@x.in", code: code, received: t0.Add(time.Hour)},
			wantLive: []string{"v2"}, wantBy: "second",
		},
		{
			name:     "same sender spelt differently, code in other case",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "v2", sender: "The Co-ordinator <COORD@X.IN>", code: " img/2026/sup ", received: t0.Add(time.Hour)},
			wantLive: []string{"v2"}, wantBy: "second",
		},
		{
			name:     "returned revision still supersedes",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "v2", sender: "coord@x.in", code: code, status: stpclaims.StatusReturned, received: t0.Add(time.Hour)},
			wantLive: []string{"v2"}, wantBy: "second",
		},
		{
			name:     "earlier revision entered last is superseded at once",
			first:    claim{data: "v2", sender: "coord@x.in", code: code, received: t0.Add(time.Hour)},
			second:   claim{data: "v1", sender: "coord@x.in", code: code},
			wantLive: []string{"v2"}, wantBy: "first",
		},
		{
			name:     "another sender does not supersede",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "other", sender: "someone@y.in", code: code, received: t0.Add(time.Hour)},
			wantLive: []string{"v1", "other"},
		},
		{
			name:     "another form does not supersede",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "bill", sender: "coord@x.in", code: code, form: stpclaims.FormTABill, received: t0.Add(time.Hour)},
			wantLive: []string{"v1", "bill"},
		},
		{
			name:     "TA bill revision supersedes",
			first:    claim{data: "bill1", sender: "coord@x.in", code: code, form: stpclaims.FormTABill},
			second:   claim{data: "bill2", sender: "coord@x.in", code: code, form: stpclaims.FormTABill, received: t0.Add(time.Hour)},
			wantLive: []string{"bill2"}, wantBy: "second",
		},
		{
			name:     "unreadable file does not supersede",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "junk", sender: "coord@x.in", code: code, status: stpclaims.StatusUnreadable, received: t0.Add(time.Hour)},
			wantLive: []string{"v1"},
		},
		{
			name:     "no sender: nothing superseded",
			first:    claim{data: "v1", code: code},
			second:   claim{data: "v2", code: code, received: t0.Add(time.Hour)},
			wantLive: []string{"v1", "v2"},
		},
		{
			name:     "folder drops are one sender: a later drop supersedes",
			first:    claim{data: "v1", code: code, folder: true},
			second:   claim{data: "v2", code: code, folder: true, received: t0.Add(time.Hour)},
			wantLive: []string{"v2"}, wantBy: "second",
		},
		{
			name:     "a folder drop does not supersede a mail",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "v2", code: code, folder: true, received: t0.Add(time.Hour)},
			wantLive: []string{"v1", "v2"},
		},
		{
			name:     "a mail with no sender does not supersede a folder drop",
			first:    claim{data: "v1", code: code, folder: true},
			second:   claim{data: "v2", code: code, received: t0.Add(time.Hour)},
			wantLive: []string{"v1", "v2"},
		},
		{
			name:     "another programme",
			first:    claim{data: "v1", sender: "coord@x.in", code: code},
			second:   claim{data: "v2", sender: "coord@x.in", code: "IMG/2026/OTHER", received: t0.Add(time.Hour)},
			wantLive: []string{"v1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			s, _ := openTemp(t)
			id1 := mustEnter(t, s, tc.first.entry())
			id2 := mustEnter(t, s, tc.second.entry())

			live, err := s.LiveClaims(ctx, code)
			if err != nil {
				t.Fatalf("LiveClaims: %v", err)
			}
			var got []string
			for _, st := range live {
				got = append(got, st.File[:len(st.File)-len(".xlsx")])
			}
			if !slices.Equal(got, tc.wantLive) {
				t.Errorf("LiveClaims = %v, want %v", got, tc.wantLive)
			}
			s1, err := s.Submission(ctx, id1)
			if err != nil {
				t.Fatal(err)
			}
			s2, err := s.Submission(ctx, id2)
			if err != nil {
				t.Fatal(err)
			}
			var want1, want2 int64
			switch tc.wantBy {
			case "second":
				want1 = id2
			case "first":
				want2 = id1
			}
			if s1.SupersededBy != want1 || s2.SupersededBy != want2 {
				t.Errorf("superseded_by = %d, %d; want %d, %d", s1.SupersededBy, s2.SupersededBy, want1, want2)
			}
		})
	}

	t.Run("a third revision leaves a chain and one live", func(t *testing.T) {
		ctx := t.Context()
		s, _ := openTemp(t)
		var ids []int64
		for i := range 3 {
			ids = append(ids, mustEnter(t, s, claim{data: fmt.Sprint("rev", i), sender: "c@x.in", code: code,
				received: t0.Add(time.Duration(i) * time.Hour)}.entry()))
		}
		live, err := s.LiveClaims(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		if len(live) != 1 || live[0].ID != ids[2] {
			t.Errorf("LiveClaims = %+v, want only %d", live, ids[2])
		}
		all, err := s.Submissions(ctx, Filter{ProgrammeCode: code})
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 3 || all[0].SupersededBy != ids[1] || all[1].SupersededBy != ids[2] {
			t.Errorf("history = %+v, want 3 rows chained %v", all, ids)
		}
	})
}

func TestStore_Submissions(t *testing.T) {
	ctx := t.Context()
	s, _ := openTemp(t)
	a1 := mustEnter(t, s, claim{data: "a1", sender: "c@x.in", code: "P1"}.entry())
	a2 := mustEnter(t, s, claim{data: "a2", sender: "c@x.in", code: "P1", received: t0.Add(2 * time.Hour)}.entry())
	b := mustEnter(t, s, claim{data: "b", sender: "c@x.in", code: "P1", form: stpclaims.FormTABill,
		status: stpclaims.StatusReview, received: t0.Add(time.Hour)}.entry())
	o := mustEnter(t, s, claim{data: "o", sender: "d@x.in", code: "P2", received: t0.Add(3 * time.Hour)}.entry())
	u := mustEnter(t, s, claim{data: "u", form: stpclaims.FormUnknown, status: stpclaims.StatusUnreadable,
		received: t0.Add(4 * time.Hour)}.entry())

	tests := []struct {
		name string
		f    Filter
		want []int64
	}{
		{"all, in order of receipt", Filter{}, []int64{a1, b, a2, o, u}},
		{"form", Filter{Form: stpclaims.FormAnnexureII}, []int64{a1, a2, o}},
		{"live only", Filter{LiveOnly: true}, []int64{b, a2, o, u}},
		{"programme code", Filter{ProgrammeCode: "p1"}, []int64{a1, b, a2}},
		{"status", Filter{Status: stpclaims.StatusReview}, []int64{b}},
		{"received from, to exclusive", Filter{From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour)}, []int64{b, a2}},
		{"live annexures of P1", Filter{Form: stpclaims.FormAnnexureII, LiveOnly: true, ProgrammeCode: "P1"}, []int64{a2}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.Submissions(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, st := range got {
				ids = append(ids, st.ID)
			}
			if !slices.Equal(ids, tc.want) {
				t.Errorf("Submissions(%+v) = %v, want %v", tc.f, ids, tc.want)
			}
		})
	}

	counts, err := s.CountByStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[stpclaims.Status]int{stpclaims.StatusClean: 3, stpclaims.StatusReview: 1, stpclaims.StatusUnreadable: 1}
	if fmt.Sprint(counts) != fmt.Sprint(want) {
		t.Errorf("CountByStatus = %v, want %v", counts, want)
	}
}

func TestStore_Enter_badEntry(t *testing.T) {
	s, _ := openTemp(t)
	good := claim{data: "good", code: "P"}.entry()
	tests := []struct {
		name   string
		change func(*Entry)
	}{
		{"no sha256 and no data", func(e *Entry) { e.Submission.SHA256 = ""; e.Submission.Data = nil }},
		{"sha256 not hex", func(e *Entry) { e.Submission.SHA256 = "xyz" }},
		{"no source", func(e *Entry) { e.Submission.Source = "" }},
		{"no received time", func(e *Entry) { e.Submission.Received = time.Time{} }},
		{"no processed time", func(e *Entry) { e.Processed = time.Time{} }},
		{"no status", func(e *Entry) { e.Report.Status = "" }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := good
			tc.change(&e)
			if _, _, err := s.Enter(t.Context(), e); !errors.Is(err, ErrBadEntry) {
				t.Errorf("Enter error = %v, want ErrBadEntry", err)
			}
		})
	}
	t.Run("sha256 computed from data when empty", func(t *testing.T) {
		e := good
		e.Submission.SHA256 = ""
		mustEnter(t, s, e)
		if _, ok, err := s.Entered(t.Context(), shaOf([]byte("good"))); err != nil || !ok {
			t.Errorf("Entered = %v, %v; want true", ok, err)
		}
	})
}
