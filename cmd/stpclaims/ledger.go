package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stpclaims"
	"stpclaims/ingest/review"
	"stpclaims/internal/atomicfile"
	"stpclaims/output"
	"stpclaims/output/ledgerbook"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

// LedgerMain is `stpclaims ledger`: build the consolidated ledger workbook
// from the store once, on demand, and check it against the store.
type LedgerMain struct{}

// Run builds the ledger and returns the exit status.
func (m *LedgerMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ledger", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store, rates and zone are used")
	out := fs.String("out", "ledger.xlsx", "write the ledger workbook to `FILE` (atomically)")
	from := fs.String("from", "", "only claims received on or after `DATE` (YYYY-MM-DD)")
	to := fs.String("to", "", "only claims received on or before `DATE` (YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "count penal interest to `DATE` (YYYY-MM-DD); default today")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitMisuse
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "stpclaims ledger: unexpected argument %q\n", fs.Arg(0))
		return exitMisuse
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	zone := cfg.location
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	opts := ledgerbook.Options{Zone: zone}
	for _, d := range []struct {
		flag, text string
		dst        *time.Time
		next       bool // the day after: --to is inclusive
	}{{"from", *from, &opts.From, false}, {"to", *to, &opts.To, true}, {"as-of", *asOf, &opts.AsOf, false}} {
		if d.text == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.text, zone)
		if err != nil {
			fmt.Fprintf(stderr, "stpclaims ledger: --%s %q: want a date as YYYY-MM-DD\n", d.flag, d.text)
			return exitMisuse
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && !opts.From.Before(opts.To) {
		fmt.Fprintln(stderr, "stpclaims ledger: --from is after --to")
		return exitMisuse
	}
	cards, err := loadCards(cfg.Rates)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	defer st.Close()
	w, err := buildLedger(ctx, st, cards, *out, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	n := w.Counts
	fmt.Fprintf(stdout, "%s: %d claims for advance (Rs %s claimed as advance, Rs %s penal interest to date), %d TA bill rows, %d settlements, %d deviations awaiting a decision, %d submissions\n",
		*out, n.Advances, output.Rupees(w.Summary.All.AdvanceClaimed), output.Rupees(w.Summary.All.PenalInterest), n.Bills, n.Settlements, n.Deviations, n.Sources)
	return exitOK
}

// buildLedger writes the ledger to path atomically, streaming the rows from
// the store, and reads it back to check it shows what the store held.
func buildLedger(ctx context.Context, st *store.Store, cards *validate.Cards, path string, opts ledgerbook.Options) (ledgerbook.Written, error) {
	l, err := ledgerbook.OpenLedger(ctx, st, cards, opts)
	if err != nil {
		return ledgerbook.Written{}, err
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return ledgerbook.Written{}, fmt.Errorf("ledger: %w", err)
		}
	}
	w, err := ledgerbook.WriteFile(ctx, path, l)
	if err != nil {
		return w, err
	}
	return w, ledgerbook.Verify(path, w)
}

// ledgerJobs is the ledger's work in the daemon: rebuilding the ledger,
// overdue notices, facilitators' digests and taking returned review
// workbooks.
type ledgerJobs struct {
	store   *store.Store
	cards   *validate.Cards
	zone    *time.Location
	path    string   // the ledger workbook
	reviews string   // folder review workbooks are also written to; "" for none
	finance []string // the finance division's addresses, copied on overdue notices
	log     *slog.Logger
	now     func() time.Time
}

func (j *ledgerJobs) clock() time.Time {
	if j.now != nil {
		return j.now()
	}
	return time.Now()
}

func (j *ledgerJobs) ledger(ctx context.Context) (*ledgerbook.StoreLedger, error) {
	return ledgerbook.OpenLedger(ctx, j.store, j.cards, ledgerbook.Options{AsOf: j.clock(), Zone: j.zone})
}

// rebuild writes the ledger afresh and checks it against the store.
func (j *ledgerJobs) rebuild(ctx context.Context) error {
	w, err := buildLedger(ctx, j.store, j.cards, j.path, ledgerbook.Options{AsOf: j.clock(), Zone: j.zone})
	if err != nil {
		return err
	}
	j.log.Info("ledger written and checked", "path", j.path, "advances", w.Counts.Advances, "deviations", w.Counts.Deviations, "sources", w.Counts.Sources)
	return nil
}

// noticeEvery is how often one advance may be reminded of.
const noticeEvery = 7 * 24 * time.Hour

// overdue queues a notice to the co-ordinator and the finance division for
// each advance past its settle-by date, at most one a week per advance.
func (j *ledgerJobs) overdue(ctx context.Context) (int, error) {
	l, err := j.ledger(ctx)
	if err != nil {
		return 0, err
	}
	now := j.clock()
	sent := 0
	err = l.EachAdvance(ctx, func(a *ledgerbook.Advance) error {
		if !a.SettledOn.IsZero() || a.DaysOverdue <= 0 {
			return nil
		}
		to := a.CoordinatorEmail
		if to == "" {
			// A store that cannot be read fails the run (the next one
			// tries again): a notice queued without the co-ordinator would
			// keep them from being told for a week.
			st, err := j.store.Submission(ctx, a.ClaimID)
			if err != nil {
				return err
			}
			to = st.Sender
		}
		if to == "" && len(j.finance) == 0 {
			return nil
		}
		r := stpclaims.Reply{Subject: fmt.Sprintf("Advance for %s not settled: penal interest Rs %s to date", a.Code, output.Rupees(a.PenalInterest.Decimal)),
			Body: overdueBody(*a, l.AsOf())}
		if to != "" {
			r.To, r.Cc = []string{to}, j.finance
		} else {
			r.To = j.finance
		}
		queued, err := j.store.QueueNotice(ctx, a.ClaimID, "overdue", r, now, noticeEvery)
		if queued {
			sent++
		}
		return err
	})
	return sent, err
}

func overdueBody(a ledgerbook.Advance, asOf time.Time) string {
	var w strings.Builder
	fmt.Fprintf(&w, "The advance for programme %s (%s), which ended on %s, was to be settled by %s.\n\n",
		a.Code, a.Name, a.End.Format("02.01.2006"), a.SettleBy.Format("02.01.2006"))
	fmt.Fprintf(&w, "On %s it is %d days overdue. Penal interest at 12 %% a year on the advance of Rs %s comes to Rs %s to date, and grows each day until the settlement statement reaches the finance division (clause VII of the 2015 order).\n\n",
		asOf.Format("02.01.2006"), a.DaysOverdue, output.Rupees(a.AdvanceClaimed.Decimal), output.Rupees(a.PenalInterest.Decimal))
	w.WriteString("Please send the settlement statement with the co-ordinator's report as soon as possible.\n")
	return w.String()
}

// digests sends each facilitator their review workbook of open
// deviations, and writes it to the reviews folder when one is set.
func (j *ledgerJobs) digests(ctx context.Context) (int, error) {
	l, err := j.ledger(ctx)
	if err != nil {
		return 0, err
	}
	facilitators, err := ledgerbook.Facilitators(ctx, l)
	if err != nil {
		return 0, err
	}
	now := j.clock()
	n := 0
	for _, fac := range facilitators {
		rb, err := ledgerbook.ReviewFor(ctx, l, fac, now)
		if err != nil {
			return n, err
		}
		var buf bytes.Buffer
		if err := ledgerbook.WriteReview(ctx, &buf, rb); err != nil {
			return n, err
		}
		name := fmt.Sprintf("review-%s-%s.xlsx", safeName(fac), now.In(j.zone).Format("2006-01-02"))
		if j.reviews != "" {
			if err := os.MkdirAll(j.reviews, 0o755); err != nil {
				return n, fmt.Errorf("reviews folder: %w", err)
			}
			if err := atomicfile.Write(filepath.Join(j.reviews, name), buf.Bytes()); err != nil {
				return n, err
			}
		}
		r := stpclaims.Reply{To: []string{fac},
			Subject: fmt.Sprintf("STP claims: %d deviations awaiting your decision", len(rb.Deviations)),
			Body: "The attached workbook lists the deviations in your programmes' claims that await your decision.\n\n" +
				"For each row you decide on, choose Approve, Reject or Query in the Decision column and add Remarks if you wish; " +
				"leave the rest blank. Then send the workbook back to this address as it is (do not copy the rows into another workbook: " +
				"hidden columns identify each claim). A query goes back to the co-ordinator.\n",
			Attachments: []stpclaims.Attachment{{Name: name, ContentType: stpclaims.ContentTypeXLSX, Data: buf.Bytes()}}}
		if _, err := j.store.QueueReply(ctx, r, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// takeReview records the decisions of a returned review workbook and
// queues the answers: to the sender, what was recorded and what was refused
// and why; to each co-ordinator whose claim was approved, rejected or
// queried, the decision and remarks. A folder drop carries no sender; its
// decisions are taken as from the facilitator the workbook was made for.
// repeat says the same workbook was taken before (every decision in it was
// already recorded, none is new or refused): its answer went out then.
func (j *ledgerJobs) takeReview(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error) {
	answer = stpclaims.Reply{Subject: "Re: your review workbook " + sub.Name, InReplyTo: sub.MessageID}
	if sub.Sender != "" {
		answer.To = []string{sub.Sender}
	}
	if sub.MessageID != "" {
		answer.References = []string{sub.MessageID}
	}
	ret, err := review.Read(sub.Data)
	if err != nil {
		answer.Body = fmt.Sprintf("%s could not be read as a stpclaims review workbook (%v). Please send back the workbook as it was sent to you.\n", sub.Name, err)
		return answer, false, nil
	}
	by := sub.Sender
	if sub.Source == stpclaims.SourceFolder && by == "" {
		by = ret.Facilitator
	}
	var ds []store.Decided
	for _, r := range ret.Decisions {
		ds = append(ds, store.Decided{SubmissionID: r.ClaimID, FindingID: r.FindingID, Fingerprint: r.Fingerprint,
			Decision: store.Decision(r.Decision), Remarks: r.Remarks, By: by, At: sub.Received, Source: sub.SHA256})
	}
	// The co-ordinators' notices are queued with the decisions, in one
	// transaction: were they queued after it, a failure in between would
	// leave decisions no co-ordinator is ever told of (taking the
	// workbook again finds them already recorded and changes nothing).
	res, err := j.store.DecideAndNotify(ctx, ds, func(res store.DecideResult) ([]stpclaims.Reply, time.Time, error) {
		var notices []stpclaims.Reply
		for _, c := range res.Changed {
			if c.To == store.ReviewOpen {
				continue
			}
			st, err := j.store.Submission(ctx, c.SubmissionID)
			if err != nil {
				return nil, time.Time{}, err
			}
			if st.Sender == "" {
				continue
			}
			notices = append(notices, coordinatorNotice(st, c.To, res.Recorded, by))
		}
		return notices, j.clock(), nil
	})
	if err != nil {
		return answer, false, err
	}
	var w strings.Builder
	fmt.Fprintf(&w, "%d decisions recorded, %d refused, %d rows left undecided.\n", len(res.Recorded), len(res.Refused)+len(ret.Problems), ret.Undecided)
	if len(res.Already) > 0 {
		fmt.Fprintf(&w, "%d decisions were already recorded from this same workbook.\n", len(res.Already))
	}
	for _, r := range res.Refused {
		fmt.Fprintf(&w, "\nRefused (claim %d, finding %d): %s", r.SubmissionID, r.FindingID, r.Reason)
	}
	for _, p := range ret.Problems {
		fmt.Fprintf(&w, "\nNot read: %s", p.Reason)
	}
	w.WriteString("\n")
	answer.Body = w.String()
	repeat = len(res.Already) > 0 && len(res.Recorded) == 0 && len(res.Refused) == 0
	return answer, repeat, nil
}

func coordinatorNotice(st store.Stored, state store.ReviewState, recorded []store.Decided, by string) stpclaims.Reply {
	var w strings.Builder
	what := map[store.ReviewState]string{
		store.ReviewApproved: "approved every deviation in",
		store.ReviewRejected: "rejected",
		store.ReviewQuery:    "has a query on",
	}[state]
	fmt.Fprintf(&w, "The facilitator (%s) %s your claim %s (programme %s).\n", by, what, st.File, st.ProgrammeCode)
	for _, d := range recorded {
		if d.SubmissionID == st.ID && d.Remarks != "" {
			fmt.Fprintf(&w, "\n%s: %s", strings.ToUpper(string(d.Decision[:1]))+string(d.Decision[1:]), d.Remarks)
		}
	}
	if state == store.ReviewQuery {
		w.WriteString("\n\nPlease answer the query and send the claim again, revised if need be.")
	}
	w.WriteString("\n")
	return stpclaims.Reply{To: []string{st.Sender}, Subject: fmt.Sprintf("Your claim %s: %s", st.ProgrammeCode, state), Body: w.String()}
}

// liveClaims shows the store's live claims of a programme to the ledger
// rules, as process.Checker.Ledger.
type liveClaims struct {
	store *store.Store
	zone  *time.Location
}

var _ process.Ledger = liveClaims{}

// LiveClaims returns the live claims of the programme code, reduced to what
// the ledger rules need, received times in the daemon's zone.
func (l liveClaims) LiveClaims(ctx context.Context, code string) ([]validate.LedgerClaim, error) {
	live, err := l.store.LiveClaims(ctx, code)
	if err != nil {
		return nil, err
	}
	out := make([]validate.LedgerClaim, 0, len(live))
	for _, c := range live {
		var rep stpclaims.Report
		if err := json.Unmarshal(c.ReportJSON, &rep); err != nil {
			return nil, fmt.Errorf("live claims: report of claim %d: %w", c.ID, err)
		}
		out = append(out, validate.LedgerClaimOf(c.ID, c.Sender, c.Received.In(l.zone), rep))
	}
	return out, nil
}

// storeBillRows converts a TA bill's rows for store.Entry.BillRows.
func storeBillRows(rows []validate.BillRow) []store.BillRow {
	out := make([]store.BillRow, len(rows))
	for i, r := range rows {
		out[i] = store.BillRow{Kind: r.Kind, Row: r.Row, Name: r.Name, PEN: r.PEN, Office: r.Office, Claimed: r.Claimed, Admissible: r.Admissible}
	}
	return out
}
