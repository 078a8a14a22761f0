// Package storetest gives tests a store on disk and the claims they need in
// it: a fresh SQLite store in the test's temporary folder, closed when the
// test ends, and an Annexure II entered as the pipeline would enter it.
//
// It is a test fixture only: it checks nothing and is imported by no
// package outside tests.
package storetest

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/shopspring/decimal"

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
// Rs 48,000 claimed (the largest advance Rs 48,900) and one deviation,
// mailed by sender and naming the facilitator.
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
		Assessment: stpclaims.Assessment{MaxAdvance: decimal.NewNullDecimal(decimal.NewFromInt(48900)),
			Findings: []stpclaims.Finding{{Rule: "AII-LEAD-TIME", Severity: stpclaims.SeverityDeviation, Message: "late"}}}}
	id, _, err := st.Enter(context.Background(), store.Entry{Submission: sub, Report: rep, Processed: received})
	if err != nil {
		t.Fatal(err)
	}
	return id, sub.SHA256
}

// PayAdvance records the steps that take the advance of EnterAdvance's
// claim (id, sha) to payment, as the register's workbooks would: the
// facilitator recommends Rs 45,000, which the finance division (accounts@…)
// sanctions on 05.02.2026 and pays on paidOn by bank transfer. The steps are
// recorded as given (the desk's checks are not this fixture's).
func PayAdvance(t testing.TB, st *store.Store, id int64, sha, facilitator string, paidOn time.Time) {
	t.Helper()
	const code, finance = "STP/REV/2026/041", "accounts@img.kerala.gov.in"
	amount := decimal.NewNullDecimal(decimal.NewFromInt(45000))
	sanctioned := time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC)
	steps := []stpclaims.AdvanceEvent{
		{Action: stpclaims.ActionRecommend, By: facilitator, At: sanctioned.Add(-24 * time.Hour), Amount: amount},
		{Action: stpclaims.ActionSanction, By: finance, At: sanctioned.Add(6 * time.Hour), Amount: amount, On: sanctioned, Ref: "FIN/2026/77"},
		{Action: stpclaims.ActionPay, By: finance, At: paidOn.Add(6 * time.Hour), Amount: amount, On: paidOn, Ref: "UTR000123", Mode: stpclaims.PayBankTransfer},
	}
	for i := range steps {
		steps[i].Code, steps[i].Claim, steps[i].Fingerprint = code, id, sha
		steps[i].Source = fmt.Sprintf("%064d", i+1)
	}
	if _, err := st.RecordAdvance(context.Background(), []string{code}, func([]stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
		return store.AdvanceDecision{Events: steps}, nil
	}); err != nil {
		t.Fatal(err)
	}
}
