package ledgerbook_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
	"stpclaims/validate"
)

// fillStore enters n programmes as the daemon would: an Annexure II each
// (with the report's fields and lines; one in five with a deviation awaiting
// a decision), a settlement statement for three in ten, each with the reply
// queued to it, and the steps genEvents records of each (recommend,
// sanction, pay, withdraw), in batches of one message and one transaction.
func fillStore(tb testing.TB, st *store.Store, n int) {
	tb.Helper()
	ctx := context.Background()
	const batch = 500
	for first := 0; first < n; first += batch {
		var entries []store.Entry
		var codes []string
		msg := "<batch" + strconv.Itoa(first) + "@bench>"
		for i := first; i < min(first+batch, n); i++ {
			entries = append(entries, benchRequest(i, msg))
			codes = append(codes, genCode(i))
			if i%10 < 3 {
				entries = append(entries, benchStatement(i, msg))
			}
		}
		if err := st.EnterMessage(ctx, entries, nil); err != nil {
			tb.Fatal(err)
		}
		ids := map[string]int64{}
		hist, err := st.AdvanceHistory(ctx, codes...)
		if err != nil {
			tb.Fatal(err)
		}
		for _, e := range hist {
			if e.Action == stpclaims.ActionRequest {
				ids[stpclaims.ProgrammeKey(e.Code)] = e.Claim
			}
		}
		var steps []stpclaims.AdvanceEvent
		for i := first; i < min(first+batch, n); i++ {
			genEvents(i, func(e stpclaims.AdvanceEvent) {
				if e.Action == stpclaims.ActionRequest || e.Action == stpclaims.ActionSettle {
					return
				}
				e.Claim = ids[e.Code]
				e.At = genReceived(i).AddDate(0, 0, stepDays(e.Action))
				steps = append(steps, e)
			})
		}
		if _, err := st.RecordAdvance(ctx, codes, func([]stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
			return store.AdvanceDecision{Events: steps}, nil
		}); err != nil {
			tb.Fatal(err)
		}
	}
}

func stepDays(a stpclaims.AdvanceAction) int {
	return map[stpclaims.AdvanceAction]int{stpclaims.ActionRecommend: 1, stpclaims.ActionSanction: 2, stpclaims.ActionPay: 3, stpclaims.ActionWithdraw: 3}[a]
}

func money2(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

// benchRequest is programme i's Annexure II as the daemon enters it.
func benchRequest(i int, msg string) store.Entry {
	code, start := genCode(i), genStart(i)
	sub := stpclaims.Submission{Name: code + ".xlsx", SHA256: genSHA(i), Source: stpclaims.SourceMail, Sender: genCoord,
		MessageID: msg, Received: genReceived(i)}
	rep := stpclaims.Report{File: sub.Name, SHA256: sub.SHA256, Form: stpclaims.FormAnnexureII, Status: stpclaims.StatusReview,
		RateCard: "STP-2015", ProgrammeCode: code,
		Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: code, Cell: "Annexure II!D6"},
			{Name: "programme_name", Value: "Revenue Recovery Procedures " + code, Cell: "Annexure II!D7"},
			{Name: "department", Value: "Revenue", Cell: "Annexure II!D3"}, {Name: "venue", Value: "Town Hall, Kottayam", Cell: "Annexure II!D4"},
			{Name: "start_date", Value: start.Format(time.DateOnly), Cell: "Annexure II!D8"},
			{Name: "end_date", Value: start.AddDate(0, 0, 4).Format(time.DateOnly), Cell: "Annexure II!D8"},
			{Name: "participants", Value: "28", Cell: "Annexure II!D9"}, {Name: "advance_claimed", Value: "48000", Cell: "Annexure II!D26"},
			{Name: "coordinator", Value: "Sri. Rajesh Kumar", Cell: "Annexure II!D27"}, {Name: "coordinator_email", Value: genCoord, Cell: "Annexure II!D27"},
			{Name: "facilitator", Value: "Smt. Latha R", Cell: "Annexure II!D32"}, {Name: "facilitator_email", Value: genFac, Cell: "Annexure II!D32"}},
		Assessment: stpclaims.Assessment{MaxAdvance: money(48900),
			Totals:   &stpclaims.Totals{Claimed: decimal.RequireFromString("65000.50"), Admissible: decimal.NewFromInt(64000)},
			Findings: []stpclaims.Finding{{Rule: "AII-LEAD-TIME", Clause: "V", Severity: stpclaims.SeverityDeviation, Cell: "Annexure II!D8", Message: "late"}}}}
	for j, f := range ledgerbook.LineFields {
		rep.Lines = append(rep.Lines, stpclaims.Line{Field: f, Claimed: decimal.NewFromInt(int64(1000 + j)), Cap: decimal.NewFromInt(5000),
			Admissible: decimal.RequireFromString("999.50")})
	}
	if i%5 != 0 { // a deviation awaiting a decision for every fifth claim, as in generated
		rep.Status, rep.Findings = stpclaims.StatusClean, nil
	}
	return store.Entry{Submission: sub, Report: rep, Processed: sub.Received.Add(time.Second), Reply: benchReply(sub)}
}

// benchStatement is programme i's settlement statement.
func benchStatement(i int, msg string) store.Entry {
	code := genCode(i)
	at := genStart(i).AddDate(0, 0, 24+20*(1-min(i%10, 1))).Add(10 * time.Hour)
	sub := stpclaims.Submission{Name: code + "-settlement.xlsx", SHA256: genSHA(1e7 + i), Source: stpclaims.SourceMail, Sender: genCoord,
		MessageID: msg, Received: at}
	rep := stpclaims.Report{File: sub.Name, SHA256: sub.SHA256, Form: stpclaims.FormSettlement, Status: stpclaims.StatusClean,
		RateCard: "STP-2015", ProgrammeCode: code, Fields: []stpclaims.FieldValue{{Name: "programme_code", Value: code}},
		Assessment: stpclaims.Assessment{Totals: &stpclaims.Totals{Claimed: decimal.NewFromInt(41000), Admissible: decimal.NewFromInt(40000)},
			Balance: money2("5000")}}
	return store.Entry{Submission: sub, Report: rep, Processed: at.Add(time.Second), Reply: benchReply(sub)}
}

// benchReply is the answer the daemon queues with a claim (without the
// annotated copy it attaches): the ledger's Sources shows its state.
func benchReply(sub stpclaims.Submission) *stpclaims.Reply {
	return &stpclaims.Reply{To: []string{sub.Sender}, Subject: "Re: " + sub.Name + ": checked", InReplyTo: sub.MessageID,
		References: []string{sub.MessageID}, Body: "Your claim " + sub.Name + " was checked; the annotated copy is attached."}
}

// BenchmarkLedger100kFromStore builds the register of 100,000 programmes
// from a store filled as the daemon fills it (about 130,000 claims and
// 290,000 recorded steps) and writes the ledger workbook from it, as the
// daemon's rebuild does (without the read-back check). Filling the store
// is not timed. Set STPCLAIMS_BENCH_STORE to a file to keep the filled
// store between runs.
func BenchmarkLedger100kFromStore(b *testing.B) {
	path := os.Getenv("STPCLAIMS_BENCH_STORE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "bench.db")
	}
	_, statErr := os.Stat(path)
	st, err := store.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if statErr != nil {
		began := time.Now()
		fillStore(b, st, 100_000)
		b.Logf("store filled in %s", time.Since(began))
	}
	cards, err := validate.NewCards()
	if err != nil {
		b.Fatal(err)
	}
	benchLedger(b, func() ledgerbook.Ledger {
		l, err := ledgerbook.OpenLedger(context.Background(), st, cards, ledgerbook.Options{AsOf: day("2026-04-14"), Zone: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		return l
	})
}
