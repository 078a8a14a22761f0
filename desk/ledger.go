package desk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"stpclaims"
	"stpclaims/internal/atomicfile"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/output/ledgerbook"
	"stpclaims/process"
	"stpclaims/store"
	"stpclaims/validate"
)

// WriteLedger writes the ledger workbook to path atomically (its folder
// made if need be), streaming the rows from the store, and reads it back to
// check it shows what the store held.
func WriteLedger(ctx context.Context, st ledgerbook.Store, cards *validate.Cards, path string, opts ledgerbook.Options) (ledgerbook.Written, error) {
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

func (d *Desk) openLedger(ctx context.Context) (*ledgerbook.StoreLedger, error) {
	return ledgerbook.OpenLedger(ctx, d.Store, d.Cards, ledgerbook.Options{AsOf: d.now(), Zone: d.zone()})
}

// RebuildLedger brings the e-BT lists up to date, then writes the ledger
// workbook afresh and checks it against the store.
func (d *Desk) RebuildLedger(ctx context.Context) error {
	// The e-BT lists first (a decision may have made a draft final, or a
	// sync after a bill may have failed), so the ledger shows them.
	if err := d.SyncAllEBT(ctx); err != nil {
		d.log().Error("e-BT lists not brought up to date", "part", "ebt", "err", err)
	}
	w, err := WriteLedger(ctx, d.Store, d.Cards, d.Ledger.Path, ledgerbook.Options{AsOf: d.now(), Zone: d.zone()})
	if err != nil {
		return err
	}
	d.log().Info("ledger written and checked", "part", "ledger", "path", d.Ledger.Path,
		"advances", w.Counts.Advances, "deviations", w.Counts.Deviations, "sources", w.Counts.Sources)
	return nil
}

// noticeEvery is how often one advance may be reminded of.
const noticeEvery = 7 * 24 * time.Hour

// OverdueNotices queues a notice of each advance that is ADV-OVERDUE (paid,
// not settled, past its settle-by date) to its co-ordinator, its
// facilitator and the finance division, at most one a week per advance,
// and returns how many it queued. Nothing is sent about an advance not
// paid: nothing accrues on it.
func (d *Desk) OverdueNotices(ctx context.Context) (int, error) {
	l, err := d.openLedger(ctx)
	if err != nil {
		return 0, err
	}
	now := d.now()
	sent := 0
	err = l.EachAdvance(ctx, func(a *ledgerbook.Advance) error {
		if !a.Overdue() {
			return nil
		}
		r, ok, err := d.overdueNotice(ctx, a, l.AsOf())
		if err != nil || !ok {
			return err
		}
		queued, err := d.Store.QueueNotice(ctx, a.ClaimID, "overdue", r, now, noticeEvery)
		if queued {
			sent++
		}
		return err
	})
	return sent, err
}

// overdueNotice is the notice of an overdue advance, to its co-ordinator
// (the Annexure II's e-mail, else its sender) with the facilitator and the
// finance division copied; ok is false when there is no one to send it to.
func (d *Desk) overdueNotice(ctx context.Context, a *ledgerbook.Advance, asOf time.Time) (r stpclaims.Reply, ok bool, err error) {
	to := a.CoordinatorEmail
	if to == "" {
		// A store that cannot be read fails the run (the next one tries
		// again): a notice queued without the co-ordinator would keep them
		// from being told for a week.
		st, err := d.Store.Submission(ctx, a.ClaimID)
		if err != nil {
			return r, false, err
		}
		to = st.Sender
	}
	var cc []string
	for _, c := range append([]string{a.FacilitatorEmail}, d.Ledger.Finance...) {
		if c != "" && !strings.EqualFold(c, to) {
			cc = appendUnique(cc, c)
		}
	}
	if to == "" && len(cc) == 0 {
		return r, false, nil
	}
	card := d.Cards.InForce(a.Start)
	if a.Start.IsZero() {
		card = d.Cards.InForce(a.Received.In(d.zone()))
	}
	r.Subject, r.Body = output.OverdueNotice(output.Overdue{Code: a.Code, Name: a.Name, End: a.End, SettleBy: a.SettleBy,
		AsOf: asOf, DaysOverdue: a.DaysOverdue, Advance: a.Steps.Paid.Amount.Decimal, PaidOn: a.Steps.Paid.On,
		Rate: card.PenalInterestAnnual, Penal: a.PenalInterest.Decimal})
	if to != "" {
		r.To, r.Cc = []string{to}, cc
	} else {
		r.To = cc
	}
	return r, true, nil
}

// Digests sends each facilitator their review workbook: the deviations
// awaiting their decision and the register of their programmes' advances;
// it writes it to the reviews folder when one is set, and returns how many
// it sent.
func (d *Desk) Digests(ctx context.Context) (int, error) {
	l, err := d.openLedger(ctx)
	if err != nil {
		return 0, err
	}
	facilitators, err := ledgerbook.Facilitators(ctx, l)
	if err != nil {
		return 0, err
	}
	now := d.now()
	n := 0
	for _, fac := range facilitators {
		if err := d.digest(ctx, l, fac, now); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// digest makes one facilitator's review workbook and queues it to them,
// with the annotated copy of each claim it lists.
func (d *Desk) digest(ctx context.Context, l ledgerbook.Ledger, fac string, now time.Time) error {
	rb, err := ledgerbook.ReviewFor(ctx, l, fac, now)
	if err != nil {
		return err
	}
	if rb.Seal, err = d.Store.WorkbookKey(ctx); err != nil {
		return err
	}
	copies, notAttached, err := d.annotatedCopies(ctx, rb)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := ledgerbook.WriteReview(ctx, &buf, rb); err != nil {
		return err
	}
	name := fmt.Sprintf("review-%s-%s.xlsx", safeName(fac), now.In(d.zone()).Format("2006-01-02"))
	if d.Ledger.Reviews != "" {
		if err := os.MkdirAll(d.Ledger.Reviews, 0o755); err != nil {
			return fmt.Errorf("reviews folder: %w", err)
		}
		if err := atomicfile.Write(filepath.Join(d.Ledger.Reviews, name), buf.Bytes()); err != nil {
			return err
		}
	}
	r := stpclaims.Reply{To: []string{fac},
		Attachments: append([]stpclaims.Attachment{{Name: name, ContentType: stpclaims.ContentTypeXLSX, Data: buf.Bytes()}}, copies...)}
	digest := output.Digest{Deviations: len(rb.Deviations), Claims: len(rb.Claims), Programmes: len(rb.Register), NotAttached: notAttached}
	for _, c := range copies {
		digest.Attached = append(digest.Attached, c.Name)
	}
	r.Subject, r.Body = output.DigestMail(digest)
	_, err = d.Store.QueueReply(ctx, r, now)
	return err
}

// maxDigestCopies is the most the annotated copies attached to one
// facilitator's weekly mail may weigh together; the copies of the claims
// after it are named in the mail as not attached.
const maxDigestCopies = 8 << 20

// annotatedCopies finds the annotated copy of each claim rb lists, as its
// co-ordinator received it: for a claim by mail in the reply queued with
// it, for one from the folder in its outbox folder. It names each copy
// found on its claim's row (the Claims sheet shows it) and returns the
// copies to attach and the claims (their files) whose copy is not
// attached.
func (d *Desk) annotatedCopies(ctx context.Context, rb *ledgerbook.ReviewBook) ([]stpclaims.Attachment, []string, error) {
	var copies []stpclaims.Attachment
	var missing []string
	size := 0
	names := map[string]bool{}
	for i := range rb.Claims {
		c := &rb.Claims[i]
		name := process.CheckedName(c.File)
		data, found, err := d.annotatedCopy(ctx, c, name)
		if err != nil {
			return nil, nil, err
		}
		if !found || size+len(data) > maxDigestCopies {
			missing = append(missing, c.File)
			continue
		}
		if names[name] { // two claims of one file name: the second named by its claim
			name = fmt.Sprintf("%s-claim%d.checked.xlsx", process.Stem(c.File), c.ClaimID)
		}
		size += len(data)
		names[name] = true
		c.Annotated = name
		copies = append(copies, stpclaims.Attachment{Name: name, ContentType: stpclaims.ContentTypeXLSX, Data: data})
	}
	return copies, missing, nil
}

// annotatedCopy is a claim's annotated copy called name, from the store
// (a claim by mail) or the outbox folder (one from the folder).
func (d *Desk) annotatedCopy(ctx context.Context, c *ledgerbook.ReviewClaim, name string) ([]byte, bool, error) {
	if c.Source.Source != stpclaims.SourceFolder {
		return d.Store.AnnotatedCopy(ctx, c.ClaimID, name)
	}
	if d.Outbox == "" {
		return nil, false, nil
	}
	dir := OutboxDirName(stpclaims.Submission{Name: c.File, SHA256: c.SHA256})
	data, err := os.ReadFile(filepath.Join(d.Outbox, dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("annotated copy of claim %d: %w", c.ClaimID, err)
	}
	return data, true, nil
}

// safeName makes an address safe in a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' {
			return r
		}
		return '_'
	}, s)
}

// Advances shows the register of advances of one programme to the rules a
// new claim is checked by, as process.Checker.Ledger: the register folded
// from the programme's events in the store.
type Advances struct {
	Store interface {
		AdvanceHistory(ctx context.Context, codes ...string) ([]stpclaims.AdvanceEvent, error)
	}
	Cards *validate.Cards
	Zone  *time.Location // calendar days are taken in it; nil means stpclaims.DefaultZone
}

var _ process.Ledger = Advances{}

// Programme folds the register of the programme with this code.
func (a Advances) Programme(ctx context.Context, code string) (*ledger.Register, error) {
	h, err := a.Store.AdvanceHistory(ctx, code)
	if err != nil {
		return nil, err
	}
	return ledger.Fold(a.Cards, a.Zone, h), nil
}

// billRows converts a TA bill's rows for store.Entry.BillRows.
func billRows(rows []validate.BillRow) []store.BillRow {
	out := make([]store.BillRow, len(rows))
	for i, r := range rows {
		out[i] = store.BillRow{Kind: r.Kind, Row: r.Row, Name: r.Name, PEN: r.PEN, Office: r.Office, Claimed: r.Claimed, Admissible: r.Admissible,
			AccountNo: r.AccountNo, IFSC: r.IFSC}
	}
	return out
}
