package ledgerbook_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/ledger"
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

// submit checks and enters one workbook, from a sender by mail, or from
// the folder when sender is ""; it returns its id and report.
func (p *pipeline) submit(name string, data []byte, sender string, received time.Time) (int64, stpclaims.Report) {
	p.t.Helper()
	src := stpclaims.SourceMail
	if sender == "" {
		src = stpclaims.SourceFolder
	}
	return p.submitFrom(name, data, src, sender, received)
}

// submitFrom checks a workbook with the register's rules applied before
// entering, as the daemon's checker applies them, and enters it.
func (p *pipeline) submitFrom(name string, data []byte, src stpclaims.Source, sender string, received time.Time) (int64, stpclaims.Report) {
	p.t.Helper()
	ctx := context.Background()
	sub := stpclaims.NewSubmission(name, data, src, received)
	if src == stpclaims.SourceMail {
		sub.Sender, sub.MessageID = sender, "<"+sub.SHA256[:16]+"@test>"
	}
	res, err := p.checker.Check(ctx, sub)
	if err != nil {
		p.t.Fatal(err)
	}
	rep := res.Programmes[0].Report
	if rep.Status == stpclaims.StatusUnreadable {
		p.t.Fatalf("%s unreadable: %s", name, rep.Reason)
	}
	reg, adv := p.register(rep.ProgrammeCode)
	wb, err := read.Open(ctx, name, data, read.DefaultLimits())
	if err != nil {
		p.t.Fatal(err)
	}
	form := wb.Forms[0]
	wb.Close()
	card := p.cards.InForce(day("2026-02-09"))
	entry := store.Entry{Submission: sub, Processed: received.Add(time.Minute)}
	switch {
	case form.AnnexureII != nil:
		rep.Findings = append(rep.Findings, reg.Duplicate(form.AnnexureII, stpclaims.AuthorOf(src, sender), adv)...)
	case form.TABill != nil:
		rows := validate.BillRows(form.TABill, card)
		rep.Findings = append(rep.Findings, ledger.OverAdvance(form.TABill, ledger.ParticipantsAdmissible(rows), adv)...)
		for _, r := range rows {
			entry.BillRows = append(entry.BillRows, store.BillRow{Kind: r.Kind, Row: r.Row, Name: r.Name, PEN: r.PEN, Office: r.Office,
				Claimed: r.Claimed, Admissible: r.Admissible})
		}
	case form.Settlement != nil:
		s, linked := reg.LinkSettlement(form.Settlement, adv, received)
		rep.Assessment = validate.Settlement(s, card)
		rep.Findings = append(linked, rep.Findings...)
	}
	rep.Status = stpclaims.StatusOf(rep.Findings)
	entry.Report = rep
	id, already, err := p.st.Enter(ctx, entry)
	if err != nil || already {
		p.t.Fatalf("Enter %s: %v, already %v", name, err, already)
	}
	return id, rep
}

// register folds the register of a programme from the store.
func (p *pipeline) register(code string) (*ledger.Register, *ledger.Advance) {
	p.t.Helper()
	hist, err := p.st.AdvanceHistory(context.Background(), code)
	if err != nil {
		p.t.Fatal(err)
	}
	reg := ledger.Fold(p.cards, ist, hist)
	return reg, reg.Get(code)
}

// finance are the finance division's addresses in the tests.
var finance = ledger.Authority{Finance: []string{"accounts@img.kerala.gov.in"}}

// step records one step of the register as the desk does: checked against
// the history inside the store's transaction, recorded only if it applies.
func (p *pipeline) step(e stpclaims.AdvanceEvent) ledger.Verdict {
	p.t.Helper()
	var v ledger.Verdict
	_, err := p.st.RecordAdvance(context.Background(), []string{e.Code}, func(h []stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
		reg := ledger.Fold(p.cards, ist, h)
		var got stpclaims.AdvanceEvent
		got, v = reg.Check(e, finance)
		if !v.OK() {
			return store.AdvanceDecision{}, nil
		}
		return store.AdvanceDecision{Events: []stpclaims.AdvanceEvent{got}}, nil
	})
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}
