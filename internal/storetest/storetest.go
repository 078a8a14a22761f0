// Package storetest gives tests a store on disk and the claims they need in
// it: a fresh SQLite store in the test's temporary folder, closed when the
// test ends, and an Annexure II entered as the pipeline would enter it.
//
// It is a test fixture only: it checks nothing and is imported by no
// package outside tests.
package storetest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/store"
)

// Open opens a fresh store in the test's temporary folder, closed at the
// end of the test, and returns it with its path.
func Open(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stpclaims.db")
	st, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

// EnterAdvance enters an Annexure II's report as the pipeline would: a
// programme (STP/REV/2026/041) that ended on 13.02.2026 with an advance of
// Rs 48,000 and one deviation, mailed by sender and naming the facilitator.
// It returns the claim's id and sha256.
func EnterAdvance(t testing.TB, st *store.Store, name, sender, facilitator string, received time.Time) (int64, string) {
	t.Helper()
	sub := stpclaims.NewSubmission(name, []byte(name+sender), stpclaims.SourceMail, received)
	sub.Sender, sub.MessageID = sender, "<"+name+"@test>"
	rep := stpclaims.Report{File: name, SHA256: sub.SHA256, Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusReview,
		RateCard: "STP-2015", ProgrammeCode: "STP/REV/2026/041",
		Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: "STP/REV/2026/041"}, {Name: "programme_name", Value: "Revenue Recovery"},
			{Name: "start_date", Value: "2026-02-09"}, {Name: "end_date", Value: "2026-02-13"}, {Name: "advance_claimed", Value: "48000"},
			{Name: "coordinator_email", Value: sender}, {Name: "facilitator_email", Value: facilitator}},
		Assessment: stpclaims.Assessment{Findings: []stpclaims.Finding{{Rule: "AII-LEAD-TIME", Severity: stpclaims.SeverityDeviation, Message: "late"}}}}
	id, _, err := st.Enter(context.Background(), store.Entry{Submission: sub, Report: rep, Processed: received})
	if err != nil {
		t.Fatal(err)
	}
	return id, sub.SHA256
}
