package ledgerbook_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

var ist = time.FixedZone("IST", 5*3600+1800)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// pipeline fills a store through the real checker, with the ledger rules
// applied before entering as the proposed process hook would apply them.
type pipeline struct {
	t       testing.TB
	st      *store.Store
	checker *process.Checker
	cards   *validate.Cards
}

func newPipeline(t testing.TB) *pipeline {
	t.Helper()
	cards, err := validate.NewCards()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "stpclaims.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &pipeline{t: t, st: st, checker: &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Zone: ist}, cards: cards}
}

// submit checks and enters one workbook; it returns its id and report.
func (p *pipeline) submit(name string, data []byte, sender string, received time.Time) (int64, stpclaims.Report) {
	p.t.Helper()
	ctx := context.Background()
	sub := stpclaims.NewSubmission(name, data, stpclaims.SourceMail, received)
	sub.Sender, sub.MessageID = sender, "<"+sub.SHA256[:16]+"@test>"
	res, err := p.checker.Check(ctx, sub)
	if err != nil {
		p.t.Fatal(err)
	}
	rep := res.Report
	if rep.Status == stpclaims.StatusUnreadable {
		p.t.Fatalf("%s unreadable: %s", name, rep.Reason)
	}
	live, err := p.st.LiveClaims(ctx, rep.ProgrammeCode)
	if err != nil {
		p.t.Fatal(err)
	}
	var claims []validate.LedgerClaim
	for _, c := range live {
		var r stpclaims.Report
		if err := json.Unmarshal(c.ReportJSON, &r); err != nil {
			p.t.Fatal(err)
		}
		claims = append(claims, validate.LedgerClaimOf(c.ID, c.Sender, c.Received.In(ist), r))
	}
	if rep.Form == stpclaims.FormAnnexureII {
		var a stpclaims.AnnexureII
		for _, f := range rep.Fields {
			if f.Name == "programme_code" {
				a.ProgrammeCode = stpclaims.Text{Value: f.Value, Cell: f.Cell, State: stpclaims.Present}
			}
		}
		rep.Findings = append(rep.Findings, validate.Duplicate(&a, sender, claims)...)
		rep.Status = stpclaims.StatusOf(rep.Findings)
	}
	entry := store.Entry{Submission: sub, Report: rep, Processed: received.Add(time.Minute)}
	if rep.Form == stpclaims.FormTABill {
		// the proposed hook has the bill as read; here it is read again
		wb, err := read.Open(ctx, name, data, read.DefaultLimits())
		if err != nil {
			p.t.Fatal(err)
		}
		bill := wb.Form.TABill
		wb.Close()
		card := p.cards.InForce(day("2026-02-09"))
		entry.Report.Findings = append(entry.Report.Findings, validate.OverAdvance(bill, sender, card, claims)...)
		entry.Report.Status = stpclaims.StatusOf(entry.Report.Findings)
		for _, r := range validate.BillRows(bill, card) {
			entry.BillRows = append(entry.BillRows, store.BillRow{Kind: r.Kind, Row: r.Row, Name: r.Name, PEN: r.PEN, Office: r.Office,
				Claimed: r.Claimed, Admissible: r.Admissible})
		}
		rep = entry.Report
	}
	id, already, err := p.st.Enter(ctx, entry)
	if err != nil || already {
		p.t.Fatalf("Enter %s: %v, already %v", name, err, already)
	}
	return id, rep
}
