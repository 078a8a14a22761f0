package ledgerbook_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"stpclaims"
	"stpclaims/ingest/review"
	"stpclaims/internal/seal"
	"stpclaims/ledger"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

const (
	rajesh = "rajesh@revenue.kerala.gov.in"
	anil   = "anil@revenue.kerala.gov.in"
	mini   = "mini@health.kerala.gov.in"
	latha  = "latha@img.kerala.gov.in"
	suresh = "suresh@img.kerala.gov.in"
)

// asOf is the day the tests count penal interest to.
var asOf = time.Date(2026, 4, 14, 18, 0, 0, 0, ist)

// scenario is a store filled through the pipeline: a claim and its
// revision (P1, rajesh), another sender's claim of the same code (P1,
// anil: AII-DUPLICATE), and a claim settled on time (P2, mini). Every
// claim reached the centre less than 14 days ahead (AII-LEAD-TIME).
type scenario struct {
	p                         *pipeline
	first, revised, dup, p2   int64
	settled                   int64
	reports                   map[int64]stpclaims.Report
	revisedSHA, p2SHA, dupSHA string
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	p := newPipeline(t)
	s := &scenario{p: p, reports: map[int64]stpclaims.Report{}}
	p1 := programme{code: "STP/REV/2026/041", name: "Revenue Recovery", start: day("2026-02-09"), end: day("2026-02-13"),
		coordinatorEmail: rajesh, facilitatorEmail: latha, advanceClaimed: 48000, food: 28000}
	enter := func(name string, data []byte, sender string, received time.Time) int64 {
		id, rep := p.submit(name, data, sender, received)
		s.reports[id] = rep
		return id
	}
	s.first = enter("p1.xlsx", annexureII(t, p1), rajesh, time.Date(2026, 2, 2, 10, 0, 0, 0, ist))
	p1.name = "=HYPERLINK(\"http://evil\")" // text that looks like a formula stays text
	s.revised = enter("p1-revised.xlsx", annexureII(t, p1), rajesh, time.Date(2026, 2, 3, 10, 0, 0, 0, ist))
	p1.name, p1.coordinatorEmail = "Revenue Recovery", anil
	s.dup = enter("p1-anil.xlsx", annexureII(t, p1), anil, time.Date(2026, 2, 4, 10, 0, 0, 0, ist))
	p2 := programme{code: "STP/HLT/2026/007", name: "Health Schemes", venue: "IMG Regional Centre, Kochi", start: day("2026-03-02"), end: day("2026-03-06"),
		coordinatorEmail: mini, facilitatorEmail: suresh, advanceClaimed: 30000, food: 28000, stationery: 0}
	s.p2 = enter("p2.xlsx", annexureII(t, p2), mini, time.Date(2026, 2, 25, 10, 0, 0, 0, ist))
	s.settled = enter("p2-settlement.xlsx", settlement(t, p2.code, 30000, p2.end, day("2026-03-20")), mini, time.Date(2026, 3, 20, 10, 0, 0, 0, ist))
	s.revisedSHA, s.p2SHA, s.dupSHA = s.reports[s.revised].SHA256, s.reports[s.p2].SHA256, s.reports[s.dup].SHA256
	return s
}

// advance takes P1's advance to payment: latha approves its deviation and
// recommends Rs 45,000, which the Finance Division sanctions (order
// FIN/2026/77 of 06.02.2026) and pays on 07.02.2026. P2 is never paid.
func (s *scenario) advance(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	devs, err := s.p.st.Deviations(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ds []store.Decided
	for _, d := range devs {
		if d.SubmissionID == s.revised {
			ds = append(ds, store.Decided{SubmissionID: s.revised, FindingID: d.FindingID, Fingerprint: s.revisedSHA,
				Decision: store.DecisionApprove, By: latha, At: time.Date(2026, 2, 5, 9, 0, 0, 0, ist)})
		}
	}
	if res, err := s.p.st.Decide(ctx, ds); err != nil || len(res.Recorded) != 1 {
		t.Fatalf("decide %+v %v", res, err)
	}
	step := func(action stpclaims.AdvanceAction, by, at string, amount int64, on, ref string) stpclaims.AdvanceEvent {
		e := stpclaims.AdvanceEvent{Action: action, Code: "STP/REV/2026/041", Claim: s.revised, Fingerprint: s.revisedSHA,
			Source: strings.Repeat(string(action[0]), 64), By: by, At: day(at).Add(5 * time.Hour), Ref: ref,
			Amount: decimal.NewNullDecimal(decimal.NewFromInt(amount))}
		if on != "" {
			e.On = day(on)
		}
		if action == stpclaims.ActionPay {
			e.Mode = stpclaims.PayBankTransfer
		}
		return e
	}
	for _, e := range []stpclaims.AdvanceEvent{
		step(stpclaims.ActionRecommend, latha, "2026-02-05", 45000, "", ""),
		step(stpclaims.ActionSanction, "accounts@img.kerala.gov.in", "2026-02-06", 45000, "2026-02-06", "FIN/2026/77"),
		step(stpclaims.ActionPay, "accounts@img.kerala.gov.in", "2026-02-07", 45000, "2026-02-07", "UTR000123"),
	} {
		if v := s.p.step(e); !v.OK() {
			t.Fatalf("%s: %+v", e.Action, v)
		}
	}
}

func (s *scenario) book(t *testing.T) *ledgerbook.Book {
	t.Helper()
	b, err := ledgerbook.FromStore(context.Background(), s.p.st, s.p.cards, ledgerbook.Options{AsOf: asOf, Zone: ist})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func rules(devs []ledgerbook.Deviation, claim int64) []string {
	var out []string
	for _, d := range devs {
		if d.ClaimID == claim {
			out = append(out, d.Rule)
		}
	}
	slices.Sort(out)
	return out
}

func TestFromStore(t *testing.T) {
	s := newScenario(t)
	s.advance(t)
	b := s.book(t)

	t.Run("one row per programme: the revision replaces its predecessor, the duplicate is no row", func(t *testing.T) {
		var ids []int64
		for _, a := range b.Advances {
			ids = append(ids, a.ClaimID)
		}
		if want := []int64{s.p2, s.revised}; !slices.Equal(ids, want) { // by programme code
			t.Errorf("Advances claims %v, want %v", ids, want)
		}
	})
	t.Run("every submission and step stays in Sources", func(t *testing.T) {
		if len(b.Sources) != 8 {
			t.Fatalf("%d sources, want 5 submissions and 3 steps", len(b.Sources))
		}
		first := b.Sources[0]
		if first.ClaimID != s.first || first.SupersededBy != s.revised || first.SHA256 != s.reports[s.first].SHA256 ||
			first.Sender != rajesh || !strings.HasSuffix(first.MessageID, "@test>") || !strings.Contains(first.Register, "superseded by claim") {
			t.Errorf("first source %+v", first)
		}
		for _, src := range b.Sources {
			switch src.ClaimID {
			case s.dup:
				if !strings.Contains(src.Register, "already in the register") {
					t.Errorf("duplicate's source %+v", src)
				}
			case s.revised:
				if src.Action == "" && src.Register != "the request of the advance (paid)" {
					t.Errorf("request's source %+v", src)
				}
			}
		}
		steps := b.Sources[5:]
		if steps[0].Action != stpclaims.ActionRecommend || steps[2].Action != stpclaims.ActionPay || steps[2].Sender != "accounts@img.kerala.gov.in" ||
			!steps[2].Amount.Decimal.Equal(decimal.NewFromInt(45000)) || !strings.Contains(steps[1].Register, "order FIN/2026/77 of 06.02.2026") {
			t.Errorf("steps %+v", steps)
		}
	})
	t.Run("rows match the reports", func(t *testing.T) {
		for _, a := range b.Advances {
			rep := s.reports[a.ClaimID]
			if a.Code != rep.ProgrammeCode || !a.ClaimedTotal.Decimal.Equal(rep.Totals.Claimed) ||
				!a.AdmissibleTotal.Decimal.Equal(rep.Totals.Admissible) || !a.MaxAdvance.Decimal.Equal(rep.MaxAdvance.Decimal) ||
				a.Status != rep.Status || a.FacilitatorEmail != store.FieldOf(rep, "facilitator_email") {
				t.Errorf("claim %d: row %+v does not match report", a.ClaimID, a)
			}
			for i, f := range ledgerbook.LineFields {
				for _, l := range rep.Lines {
					if l.Field == f && (!a.Lines[i].Claimed.Decimal.Equal(l.Claimed) || !a.Lines[i].Admissible.Decimal.Equal(l.Admissible)) {
						t.Errorf("claim %d %s: %+v, report %+v", a.ClaimID, f, a.Lines[i], l)
					}
				}
			}
		}
		if len(b.Settlements) != 1 || b.Settlements[0].ClaimID != s.settled ||
			!b.Settlements[0].Balance.Decimal.Equal(s.reports[s.settled].Balance.Decimal) {
			t.Errorf("settlements %+v", b.Settlements)
		}
	})
	t.Run("the steps and penal interest worked by hand", func(t *testing.T) {
		// P1 ended 13.02.2026; 30 days on, 15.03.2026, it was to be
		// settled. On 14.04.2026 it is 30 days overdue: Rs 45,000 paid ×
		// 12 % × 30 / 365 = 162000 / 365 = 443.84, Rs 444.
		a := b.Advances[1]
		w := a.Steps
		if a.State != stpclaims.AdvancePaid || !a.SettleBy.Equal(day("2026-03-15")) || a.DaysOverdue != 30 ||
			!a.PenalInterest.Decimal.Equal(decimal.NewFromInt(444)) || !a.AdvanceClaimed.Decimal.Equal(decimal.NewFromInt(48000)) ||
			!w.Recommended.Amount.Decimal.Equal(decimal.NewFromInt(45000)) || w.Recommended.By != latha ||
			w.Sanctioned.Ref != "FIN/2026/77" || !w.Sanctioned.On.Equal(day("2026-02-06")) ||
			!w.Paid.On.Equal(day("2026-02-07")) || w.Mode != stpclaims.PayBankTransfer || w.Requested.By != rajesh {
			t.Errorf("P1: %s, settle by %s, %d days, Rs %s; steps %+v", a.State, a.SettleBy, a.DaysOverdue, a.PenalInterest.Decimal, w)
		}
		// P2 was settled (the statement arrived 20.03.2026) but never
		// paid: no penal interest, and all its admissible spending is to
		// be paid to the co-ordinator.
		settled := b.Advances[0]
		admissible := s.reports[s.settled].Totals.Admissible
		if settled.State != stpclaims.AdvanceSettled || !settled.SettledOn.Equal(day("2026-03-20")) || settled.DaysOverdue != 0 ||
			settled.PenalInterest.Valid || settled.SettlementID != s.settled || !settled.Steps.Balance.Decimal.Equal(admissible.Neg()) {
			t.Errorf("P2: %+v", settled)
		}
		if got := b.Overdue(); len(got) != 1 || got[0].ClaimID != s.revised {
			t.Errorf("%d overdue, want P1", len(got))
		}
	})
	t.Run("the statement is worked on the amount paid", func(t *testing.T) {
		rep := s.reports[s.settled]
		var dev bool
		for _, f := range rep.Findings {
			dev = dev || (f.Rule == "ST-ADVANCE-BALANCE" && f.Severity == stpclaims.SeverityDeviation && strings.Contains(f.Message, "no advance paid"))
		}
		if !dev || !rep.Balance.Decimal.Equal(rep.Totals.Admissible.Neg()) {
			t.Errorf("statement of an unpaid advance: balance %v, findings %v", rep.Balance, ruleList(rep))
		}
	})
	t.Run("deviations awaiting a decision", func(t *testing.T) {
		if got := rules(b.Deviations, s.revised); len(got) != 0 {
			t.Errorf("revised (approved): %v", got)
		}
		if got := rules(b.Deviations, s.dup); !slices.Equal(got, []string{"AII-DUPLICATE", "AII-LEAD-TIME"}) {
			t.Errorf("duplicate: %v", got)
		}
		if got := rules(b.Deviations, s.first); len(got) != 0 {
			t.Errorf("superseded claim listed: %v", got)
		}
		for _, d := range b.Deviations {
			if d.ClaimID == s.p2 && d.Facilitator != suresh {
				t.Errorf("P2 deviation's facilitator %q", d.Facilitator)
			}
		}
		if got := b.Facilitators(); !slices.Equal(got, []string{latha, suresh}) {
			t.Errorf("facilitators %v", got)
		}
	})
	t.Run("summary", func(t *testing.T) {
		sum := ledgerbook.Summarize(b)
		if sum.All.Claims != 2 || !sum.All.AdvanceClaimed.Equal(decimal.NewFromInt(48000+30000)) || !sum.All.PenalInterest.Equal(decimal.NewFromInt(444)) {
			t.Errorf("all %+v", sum.All)
		}
		st := map[stpclaims.AdvanceState]ledger.StateTotal{}
		for _, x := range sum.States.ByState {
			st[x.State] = x
		}
		if p := st[stpclaims.AdvancePaid]; p.Programmes != 1 || !p.Amount.Equal(decimal.NewFromInt(45000)) || !p.PenalInterest.Equal(decimal.NewFromInt(444)) {
			t.Errorf("paid %+v", p)
		}
		if p := st[stpclaims.AdvanceSettled]; p.Programmes != 1 || !p.Amount.IsZero() {
			t.Errorf("settled %+v", p)
		}
		if sum.States.Overdue != 1 || !sum.States.ToPay.Equal(s.reports[s.settled].Totals.Admissible) || !sum.States.RefundsDue.IsZero() {
			t.Errorf("states %+v", sum.States)
		}
		if len(sum.ByMonth) != 2 || sum.ByMonth[0].Key != "2026-02" || sum.ByMonth[0].Claims != 1 {
			t.Errorf("by month %+v", sum.ByMonth)
		}
		if len(sum.ByCentre) != 2 || sum.ByCentre[0].Key != "Elsewhere" || sum.ByCentre[1].Key != "Kochi" {
			t.Errorf("by centre %+v", sum.ByCentre)
		}
	})
}

func TestWriteFile(t *testing.T) {
	s := newScenario(t)
	s.advance(t)
	b := s.book(t)
	path := filepath.Join(t.TempDir(), "ledger.xlsx")
	written, err := ledgerbook.WriteFile(context.Background(), path, b)
	if err != nil {
		t.Fatal(err)
	}
	if written.Counts != b.Counts() || !written.Summary.All.Admissible.Equal(ledgerbook.Summarize(b).All.Admissible) {
		t.Errorf("written %+v", written)
	}
	if err := ledgerbook.Verify(path, written); err != nil {
		t.Errorf("Verify: %v", err)
	}
	t.Run("Verify notices a difference", func(t *testing.T) {
		for _, change := range []func(w *ledgerbook.Written){
			func(w *ledgerbook.Written) { w.Counts.Advances-- },
			func(w *ledgerbook.Written) { w.Counts.Sources++ },
			func(w *ledgerbook.Written) {
				w.Summary.All.PenalInterest = w.Summary.All.PenalInterest.Add(decimal.New(1, -2))
			},
		} {
			w := written
			change(&w)
			if err := ledgerbook.Verify(path, w); !errors.Is(err, ledgerbook.ErrMismatch) {
				t.Errorf("Verify = %v, want a mismatch", err)
			}
		}
	})
	t.Run("the store streamed gives the same workbook totals", func(t *testing.T) {
		l, err := ledgerbook.OpenLedger(context.Background(), s.p.st, s.p.cards, ledgerbook.Options{AsOf: asOf, Zone: ist})
		if err != nil {
			t.Fatal(err)
		}
		streamed, err := ledgerbook.WriteFile(context.Background(), filepath.Join(t.TempDir(), "streamed.xlsx"), l)
		if err != nil {
			t.Fatal(err)
		}
		if streamed.Counts != written.Counts || !streamed.Summary.All.PenalInterest.Equal(written.Summary.All.PenalInterest) ||
			!streamed.Summary.All.AdvanceClaimed.Equal(written.Summary.All.AdvanceClaimed) {
			t.Errorf("streamed %+v, in memory %+v", streamed, written)
		}
	})
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !slices.Equal(got, []string{"Advances", "Overdue", "TA Bills", "Settlements", "Deviations", "Summary", "Sources"}) {
		t.Errorf("sheets %v", got)
	}
	cols := ledgerbook.AdvancesColumns()
	cell := func(row int, title string) string {
		c, _ := excelize.CoordinatesToCellName(slices.Index(cols, title)+1, row)
		return c
	}
	t.Run("text stays text", func(t *testing.T) {
		c := cell(3, "Programme name") // P1, after P2 by programme code
		if fo, _ := f.GetCellFormula("Advances", c); fo != "" {
			t.Errorf("formula %q in %s", fo, c)
		}
		if v, _ := f.GetCellValue("Advances", c); !strings.HasPrefix(v, "=HYPERLINK") {
			t.Errorf("value %q", v)
		}
	})
	t.Run("money is a number in a rupee format", func(t *testing.T) {
		c := cell(3, "Advance claimed")
		if typ, _ := f.GetCellType("Advances", c); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
			t.Errorf("type %v", typ)
		}
		raw, _ := f.GetCellValue("Advances", c, excelize.Options{RawCellValue: true})
		id, _ := f.GetCellStyle("Advances", c)
		st, err := f.GetStyle(id)
		// Indian digit grouping, whole rupees, no currency sign (as the
		// CLI and the replies write them); LibreOffice shows 48,000
		if err != nil || raw != "48000" || st.CustomNumFmt == nil || !strings.Contains(*st.CustomNumFmt, `##\,##\,##0`) ||
			strings.Contains(*st.CustomNumFmt, "₹") || strings.Contains(*st.CustomNumFmt, ".00") {
			t.Errorf("raw %q, style %+v, %v", raw, st, err)
		}
	})
	t.Run("dates are date cells", func(t *testing.T) {
		c := cell(3, "Settle by")
		raw, _ := f.GetCellValue("Advances", c, excelize.Options{RawCellValue: true})
		shown, _ := f.GetCellValue("Advances", c)
		if raw != "46096" || shown != "15.03.2026" { // 15.03.2026 is serial 46096
			t.Errorf("raw %q shown %q", raw, shown)
		}
	})
	t.Run("Sources shows each reply's state", func(t *testing.T) {
		rows, err := f.GetRows("Sources")
		if err != nil || len(rows) < 2 {
			t.Fatalf("Sources rows %d, %v", len(rows), err)
		}
		if !slices.Contains(rows[0], "Reply") {
			t.Errorf("Sources header %q, want a Reply column", rows[0])
		}
	})
	t.Run("header frozen and filtered", func(t *testing.T) {
		for _, sheet := range []string{"Advances", "Overdue", "Deviations", "Sources"} {
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 1 {
				t.Errorf("%s panes %+v %v", sheet, panes, err)
			}
		}
		names := f.GetDefinedName()
		n := 0
		for _, d := range names {
			if d.Name == "_xlnm._FilterDatabase" {
				n++
			}
		}
		if n < 6 {
			t.Errorf("%d filtered sheets, want 6", n)
		}
	})
	t.Run("Decision dropdown", func(t *testing.T) {
		dvs, err := f.GetDataValidations("Deviations")
		rows, _ := f.GetRows("Deviations")
		col, _ := excelize.ColumnNumberToName(slices.Index(rows[0], "Decision") + 1)
		if err != nil || len(dvs) != 1 || !strings.Contains(dvs[0].Formula1, "Approve,Reject,Query") || !strings.HasPrefix(dvs[0].Sqref, col+"2:"+col) {
			t.Errorf("validations %+v %v, want on column %s", dvs, err, col)
		}
	})
	t.Run("written atomically", func(t *testing.T) {
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".*.tmp"))
		if len(left) != 0 {
			t.Errorf("temporary files left: %v", left)
		}
	})
}

// decide fills Decision (and Remarks) on the review workbook's rows whose
// claim and rule match, as a facilitator does in Excel.
func decide(t *testing.T, data []byte, marks map[[2]string]string) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows(ledgerbook.SheetReview)
	if err != nil {
		t.Fatal(err)
	}
	hdr := rows[0]
	col := func(name string) int { return slices.Index(hdr, name) }
	for i, r := range rows[1:] {
		key := [2]string{r[col("Claim id")], r[col("Rule")]}
		if d, ok := marks[key]; ok {
			c, _ := excelize.CoordinatesToCellName(col("Decision")+1, i+2)
			rc, _ := excelize.CoordinatesToCellName(col("Remarks")+1, i+2)
			f.SetCellStr(ledgerbook.SheetReview, c, d)
			f.SetCellStr(ledgerbook.SheetReview, rc, "remark on "+key[1])
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// testKey stands for the store's key the workbooks are sealed with.
var testKey = func() seal.Key {
	k, err := seal.NewKey(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		panic(err)
	}
	return k
}()

// withKey seals rb with testKey.
func withKey(rb *ledgerbook.ReviewBook) *ledgerbook.ReviewBook {
	rb.Seal = testKey
	return rb
}

func itoa(n int64) string { return decimal.NewFromInt(n).String() }

// decisions turns a returned review workbook into the store's decisions.
func decisions(ret *review.Returned, by string, at time.Time) []store.Decided {
	var out []store.Decided
	for _, r := range ret.Decisions {
		out = append(out, store.Decided{SubmissionID: r.ClaimID, FindingID: r.FindingID, Fingerprint: r.Fingerprint,
			Decision: store.Decision(r.Decision), Remarks: r.Remarks, By: by, At: at})
	}
	return out
}

func TestReview_loop(t *testing.T) {
	ctx := context.Background()
	s := newScenario(t)
	b := s.book(t)
	rb := withKey(b.ReviewFor("Latha R <LATHA@img.kerala.gov.in>", asOf))
	if got := len(rb.Deviations); got != 3 {
		t.Fatalf("%d deviations for latha, want 3", got)
	}
	var buf bytes.Buffer
	if err := ledgerbook.WriteReview(ctx, &buf, rb); err != nil {
		t.Fatal(err)
	}
	sent := buf.Bytes()

	t.Run("recognised on intake", func(t *testing.T) {
		if !review.Is(sent) {
			t.Error("review workbook not recognised")
		}
		claim := annexureII(t, programme{code: "X", start: day("2026-02-09"), end: day("2026-02-13")})
		if review.Is(claim) || review.Is([]byte("not a zip")) {
			t.Error("a claim taken for a review workbook")
		}
		if _, err := review.Read(claim, testKey); err == nil {
			t.Error("Read accepted a claim")
		}
	})
	t.Run("layout", func(t *testing.T) {
		f, err := excelize.OpenReader(bytes.NewReader(sent))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if vis, _ := f.GetSheetVisible(ledgerbook.MarkerSheet); vis {
			t.Error("marker sheet visible")
		}
		for _, col := range []string{"L", "M", "N"} {
			if vis, _ := f.GetColVisible(ledgerbook.SheetReview, col); vis {
				t.Errorf("identifier column %s visible", col)
			}
		}
		ok, target, err := f.GetCellHyperLink(ledgerbook.SheetReview, "A2")
		if !ok || !strings.HasPrefix(target, "'Claims'!A") || err != nil {
			t.Errorf("link %v %q %v", ok, target, err)
		}
		if dvs, _ := f.GetDataValidations(ledgerbook.SheetReview); len(dvs) != 1 {
			t.Errorf("%d validations", len(dvs))
		}
		// The facilitator's register: latha's one programme, requested.
		rows, err := f.GetRows(ledgerbook.SheetRegister)
		if err != nil || len(rows) != 2 || !slices.Equal(rows[0], ledgerbook.RegisterColumns) ||
			rows[1][0] != "STP/REV/2026/041" || rows[1][2] != "requested" {
			t.Errorf("register %q, %v", rows, err)
		}
	})

	// latha approves P1's lead time and queries the duplicate; she leaves
	// the duplicate's lead time undecided.
	returned := decide(t, sent, map[[2]string]string{
		{itoa(s.revised), "AII-LEAD-TIME"}: "Approve",
		{itoa(s.dup), "AII-DUPLICATE"}:     "Query",
	})
	ret, err := review.Read(returned, testKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(ret.Decisions) != 2 || ret.Undecided != 1 || len(ret.Problems) != 0 || ret.Facilitator != latha {
		t.Fatalf("read back %+v", ret)
	}
	at := asOf.Add(time.Hour)

	t.Run("a forged decision is refused", func(t *testing.T) {
		res, err := s.p.st.Decide(ctx, decisions(ret, rajesh, at))
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Recorded) != 0 || len(res.Refused) != 2 || !strings.Contains(res.Refused[0].Reason, "Only the programme's facilitator") {
			t.Errorf("forged: %+v", res)
		}
	})
	t.Run("the facilitator's decisions change exactly the decided rows", func(t *testing.T) {
		before, _ := s.p.st.Deviations(ctx)
		res, err := s.p.st.Decide(ctx, decisions(ret, "Latha R <latha@img.kerala.gov.in>", at))
		if err != nil || len(res.Recorded) != 2 || len(res.Refused) != 0 {
			t.Fatalf("%+v %v", res, err)
		}
		after, _ := s.p.st.Deviations(ctx)
		if len(after) != len(before) {
			t.Fatalf("%d deviations, were %d", len(after), len(before))
		}
		changed := 0
		for i := range after {
			if (after[i].Latest == nil) != (before[i].Latest == nil) {
				changed++
				l := after[i].Latest
				if l.By != latha || !l.At.Equal(at) || l.Remarks != "remark on "+after[i].Finding.Rule {
					t.Errorf("decision %+v", l)
				}
			}
		}
		if changed != 2 {
			t.Errorf("%d rows changed, want 2", changed)
		}
		for id, want := range map[int64]store.ReviewState{s.revised: store.ReviewApproved, s.dup: store.ReviewQuery, s.p2: store.ReviewOpen} {
			if st, _ := s.p.st.Submission(ctx, id); st.Review != want {
				t.Errorf("claim %d review %q, want %q", id, st.Review, want)
			}
		}
		nb := s.book(t)
		// the duplicate was queried: it goes back to its co-ordinator, and
		// its lead time, left undecided, no longer awaits the facilitator
		if got := rules(nb.Deviations, s.dup); len(got) != 0 {
			t.Errorf("the queried duplicate's deviations still listed: %v", got)
		}
		if got := rules(nb.Deviations, s.revised); len(got) != 0 {
			t.Errorf("approved claim still open: %v", got)
		}
		if nb.Advances[1].Review != store.ReviewApproved {
			t.Errorf("ledger shows review %q", nb.Advances[1].Review)
		}
	})
	t.Run("a decision on a claim changed since is refused", func(t *testing.T) {
		var buf bytes.Buffer
		if err := ledgerbook.WriteReview(ctx, &buf, withKey(b.ReviewFor(suresh, asOf))); err != nil {
			t.Fatal(err)
		}
		// mini revises P2 after the review workbook went out
		s.p.submit("p2-v2.xlsx", annexureII(t, programme{code: "STP/HLT/2026/007", name: "Health Schemes v2", start: day("2026-03-02"), end: day("2026-03-06"),
			coordinatorEmail: mini, facilitatorEmail: suresh, advanceClaimed: 30000, food: 28000}), mini, time.Date(2026, 2, 26, 10, 0, 0, 0, ist))
		ret, err := review.Read(decide(t, buf.Bytes(), map[[2]string]string{{itoa(s.p2), "AII-LEAD-TIME"}: "Reject"}), testKey)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.p.st.Decide(ctx, decisions(ret, suresh, at))
		if err != nil || len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Reason, "revised claim") {
			t.Errorf("%+v %v", res, err)
		}
	})
}

func TestReview_problems(t *testing.T) {
	s := newScenario(t)
	b := s.book(t)
	var buf bytes.Buffer
	if err := ledgerbook.WriteReview(context.Background(), &buf, withKey(b.ReviewFor(latha, asOf))); err != nil {
		t.Fatal(err)
	}
	ret, err := review.Read(decide(t, buf.Bytes(), map[[2]string]string{
		{itoa(s.revised), "AII-LEAD-TIME"}: "Perhaps",
		{itoa(s.dup), "AII-DUPLICATE"}:     " rejected ",
	}), testKey)
	if err != nil {
		t.Fatal(err)
	}
	if len(ret.Problems) != 1 || !strings.Contains(ret.Problems[0].Reason, "Perhaps") || len(ret.Decisions) != 1 || ret.Decisions[0].Decision != review.Reject {
		t.Errorf("%+v", ret)
	}
}

func TestFromStore_taBills(t *testing.T) {
	s := newScenario(t)
	over, overRep := s.p.submit("bill-big.xlsx", taBill(t, "STP/REV/2026/041", 28), rajesh, time.Date(2026, 2, 20, 10, 0, 0, 0, ist))
	within, withinRep := s.p.submit("bill-small.xlsx", taBill(t, "STP/HLT/2026/007", 3), mini, time.Date(2026, 3, 10, 10, 0, 0, 0, ist))
	has := func(rep stpclaims.Report, rule string) bool {
		return slices.ContainsFunc(rep.Findings, func(f stpclaims.Finding) bool { return f.Rule == rule && f.Severity == stpclaims.SeverityDeviation })
	}
	if !has(overRep, "TA-OVER-ADVANCE") || has(withinRep, "TA-OVER-ADVANCE") {
		t.Errorf("TA-OVER-ADVANCE: big bill %v, small bill %v", ruleList(overRep), ruleList(withinRep))
	}
	b := s.book(t)
	for _, c := range []struct {
		id   int64
		rep  stpclaims.Report
		rows int
	}{{over, overRep, 29}, {within, withinRep, 4}} {
		var n int
		var claimed, admissible decimal.Decimal
		for _, r := range b.Bills {
			if r.ClaimID == c.id {
				n++
				claimed, admissible = claimed.Add(r.Claimed), admissible.Add(r.Admissible)
			}
		}
		if n != c.rows || !claimed.Equal(c.rep.Totals.Claimed) || !admissible.Equal(c.rep.Totals.Admissible) {
			t.Errorf("bill %d: %d rows, %s claimed, %s admissible; report %d rows, %+v", c.id, n, claimed, admissible, c.rows, c.rep.Totals)
		}
	}
	if got := rules(b.Deviations, over); !slices.Contains(got, "TA-OVER-ADVANCE") {
		t.Errorf("bill deviations %v", got)
	}
	for _, d := range b.Deviations {
		if d.ClaimID == over && d.Facilitator != latha {
			t.Errorf("the bill's deviation goes to %q, want the Annexure II's facilitator", d.Facilitator)
		}
	}
}

func ruleList(rep stpclaims.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Rule+"/"+string(f.Severity))
	}
	return out
}

func TestReviewFor_streamed(t *testing.T) {
	ctx := context.Background()
	s := newScenario(t)
	b := s.book(t)
	l, err := ledgerbook.OpenLedger(ctx, s.p.st, s.p.cards, ledgerbook.Options{AsOf: asOf, Zone: ist})
	if err != nil {
		t.Fatal(err)
	}
	facs, err := ledgerbook.Facilitators(ctx, l)
	if err != nil || !slices.Equal(facs, b.Facilitators()) {
		t.Fatalf("facilitators %v, %v; in memory %v", facs, err, b.Facilitators())
	}
	for _, fac := range facs {
		got, err := ledgerbook.ReviewFor(ctx, l, fac, asOf)
		if err != nil {
			t.Fatal(err)
		}
		want := b.ReviewFor(fac, asOf)
		if len(got.Deviations) != len(want.Deviations) || len(got.Claims) != len(want.Claims) || len(got.Claims) == 0 {
			t.Errorf("%s: %d deviations of %d claims, in memory %d of %d", fac, len(got.Deviations), len(got.Claims), len(want.Deviations), len(want.Claims))
		}
	}
}

func TestWrite_moneyDigits(t *testing.T) {
	amounts := []string{"1480.50", "0.10", "0.07", "99999999999.99", "-2500.25", "65100", "123456789012345"}
	b := &ledgerbook.Book{}
	for i, a := range amounts {
		b.Advances = append(b.Advances, ledgerbook.Advance{ClaimID: int64(i + 1), AdvanceClaimed: decimal.NewNullDecimal(decimal.RequireFromString(a))})
	}
	var buf bytes.Buffer
	if _, err := ledgerbook.Write(context.Background(), &buf, b); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	col := slices.Index(ledgerbook.AdvancesColumns(), "Advance claimed") + 1
	for i, a := range amounts {
		cell, _ := excelize.CoordinatesToCellName(col, i+2)
		raw, err := f.GetCellValue(ledgerbook.SheetAdvances, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := decimal.NewFromString(raw)
		if err != nil || !got.Equal(decimal.RequireFromString(a)) || strings.ContainsAny(raw, "eE") {
			t.Errorf("%s written as %q", a, raw)
		}
	}
}

// TestFromStore_awaitingDecision: only the deviations of claims still
// awaiting the facilitator are listed (on the ledger's Deviations sheet and
// in the review workbooks): not those of a claim returned for its errors.
func TestFromStore_awaitingDecision(t *testing.T) {
	s := newScenario(t)
	// P3 reaches the centre a week ahead (AII-LEAD-TIME, a deviation) and
	// claims stationery at an IMG centre (AII-STATIONERY-INHOUSE, an
	// error): it is returned.
	returned, rep := s.p.submit("p3.xlsx", annexureII(t, programme{code: "STP/AGR/2026/003", name: "Crop Insurance", venue: "IMG Thiruvananthapuram",
		start: day("2026-03-09"), end: day("2026-03-13"), coordinatorEmail: mini, facilitatorEmail: latha}), mini, time.Date(2026, 3, 2, 10, 0, 0, 0, ist))
	if rep.Status != stpclaims.StatusReturned || !slices.Contains(ruleList(rep), "AII-LEAD-TIME/deviation") {
		t.Fatalf("P3: %s %v, want returned with a deviation", rep.Status, ruleList(rep))
	}
	b := s.book(t)
	if got := rules(b.Deviations, returned); len(got) != 0 {
		t.Errorf("the returned claim's deviations are listed: %v", got)
	}
	if got := rules(b.Deviations, s.dup); len(got) == 0 {
		t.Error("the open duplicate's deviations are not listed")
	}
	rb := b.ReviewFor(latha, asOf)
	for _, c := range rb.Claims {
		if c.ClaimID == returned {
			t.Error("the returned claim is on latha's review workbook")
		}
	}
}
