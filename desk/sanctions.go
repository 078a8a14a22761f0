package desk

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"stpclaims"
	"stpclaims/ingest/sanctions"
	"stpclaims/internal/atomicfile"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

// Sanctions makes the Sanctions workbook as the register stands: every
// advance recommended and not sanctioned, and every advance sanctioned and
// not paid.
func (d *Desk) Sanctions(ctx context.Context) (*ledgerbook.SanctionsBook, error) {
	key, err := d.Store.WorkbookKey(ctx)
	if err != nil {
		return nil, err
	}
	l, err := d.openLedger(ctx)
	if err != nil {
		return nil, err
	}
	sb, err := ledgerbook.SanctionsFor(ctx, l, d.now())
	if sb != nil {
		sb.Seal = key
	}
	return sb, err
}

// SendSanctions mails the Sanctions workbook to the finance addresses (and
// writes it to the reviews folder when one is set), when it lists any
// advance; it returns how many it lists.
func (d *Desk) SendSanctions(ctx context.Context) (int, error) {
	sb, err := d.Sanctions(ctx)
	if err != nil || len(sb.Rows) == 0 {
		return 0, err
	}
	var buf bytes.Buffer
	if err := ledgerbook.WriteSanctions(ctx, &buf, sb); err != nil {
		return 0, err
	}
	name := fmt.Sprintf("sanctions-%s.xlsx", sb.Made.In(d.zone()).Format("2006-01-02"))
	if d.Ledger.Reviews != "" {
		if err := os.MkdirAll(d.Ledger.Reviews, 0o755); err != nil {
			return 0, fmt.Errorf("reviews folder: %w", err)
		}
		if err := atomicfile.Write(filepath.Join(d.Ledger.Reviews, name), buf.Bytes()); err != nil {
			return 0, err
		}
	}
	if len(d.Ledger.Finance) == 0 {
		d.log().Warn("no finance addresses: the Sanctions workbook is not mailed", "advances", len(sb.Rows))
		return len(sb.Rows), nil
	}
	r := stpclaims.Reply{To: d.Ledger.Finance,
		Attachments: []stpclaims.Attachment{{Name: name, ContentType: stpclaims.ContentTypeXLSX, Data: buf.Bytes()}}}
	r.Subject, r.Body = output.SanctionsMail(len(sb.Rows))
	if _, err := d.Store.QueueReply(ctx, r, d.now()); err != nil {
		return 0, err
	}
	d.drain()
	return len(sb.Rows), nil
}

// sanctionsWorkbook is the Finance Division's Sanctions workbook, returned.
var sanctionsWorkbook = sealedKind{what: "Sanctions workbook", refused: output.SanctionsRefused, unreadable: output.SanctionsUnreadable}

// TakeSanctions records the rows of a returned Sanctions workbook and
// returns the answer to its sender (not queued): what was recorded and what
// was refused and why. Each step of each row (a sanction, a payment, a
// withdrawal) is checked (ADV-SANCTION) against the register as it stands,
// inside the store's transaction, and recorded once with who and when; a
// refused step stops the rest of its row (a payment of a sanction refused)
// and nothing else of the workbook. A workbook whose token does not verify
// is refused whole, by mail or from the folder, and nothing in it is
// recorded. Only the finance addresses may send one by mail; a folder drop
// of a genuine one is the finance desk's. repeat says every step
// in it was recorded before: its answer went out then.
func (d *Desk) TakeSanctions(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error) {
	answer = answerTo(sub, output.SanctionsAnswerSubject(sub.Name))
	ret, ok, err := readSealed(ctx, d, sub, sanctionsWorkbook, &answer, sanctions.Read)
	if !ok {
		return answer, false, err
	}
	by := stpclaims.AuthorOf(sub.Source, sub.Sender)
	var codes []string
	for _, r := range ret.Rows {
		codes = append(codes, r.Code)
	}
	var taken output.SanctionsTaken
	if len(ret.Rows) > 0 {
		recorded, err := d.Store.RecordAdvance(ctx, codes, func(history []stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
			var dec store.AdvanceDecision
			taken.Steps, dec.Events = d.sanctionSteps(ledger.Fold(d.Cards, d.zone(), history), ret.Rows, sub, by)
			return dec, nil
		})
		if err != nil {
			return answer, false, err
		}
		d.advanceEBT(ctx, recorded, d.log().With("file", sub.Name)) // each advance sanctioned gets its e-BT list
	}
	taken.Blank = ret.Blank
	for _, p := range ret.Problems {
		taken.NotRead = append(taken.NotRead, p.Reason)
	}
	answer.Body = output.SanctionsAnswer(taken)
	recorded, already, refused := taken.Counts()
	return answer, already > 0 && recorded == 0 && refused == 0, nil
}

// sanctionSteps checks each row's steps against reg, applying those
// allowed, and returns what came of each and the events to record.
func (d *Desk) sanctionSteps(reg *ledger.Register, rows []sanctions.Row, sub stpclaims.Submission, by string) ([]output.SanctionStep, []stpclaims.AdvanceEvent) {
	var steps []output.SanctionStep
	var record []stpclaims.AdvanceEvent
	for _, r := range rows {
		for _, e := range rowEvents(r, sub, by) {
			got, v := reg.Check(e, d.authority())
			steps = append(steps, output.SanctionStep{Code: r.Code, Action: e.Action, Amount: got.Amount, Recorded: v.OK(),
				Already: v.Outcome == ledger.Already, Rule: v.Rule, Reason: v.Reason})
			if v.Outcome == ledger.Refused {
				break
			}
			if v.OK() {
				reg.Apply(got)
				record = append(record, got)
			}
		}
	}
	return steps, record
}

// rowEvents are the steps one row asks for: a withdrawal alone; else a
// sanction when any of its cells is filled, then a payment when any of its
// cells is.
func rowEvents(r sanctions.Row, sub stpclaims.Submission, by string) []stpclaims.AdvanceEvent {
	base := stpclaims.AdvanceEvent{Code: r.Code, Claim: r.ClaimID, Fingerprint: r.Fingerprint, Source: sub.SHA256,
		MessageID: sub.MessageID, By: by, At: sub.Received, Remarks: r.Remarks}
	if r.Withdraw {
		e := base
		e.Action = stpclaims.ActionWithdraw
		return []stpclaims.AdvanceEvent{e}
	}
	var out []stpclaims.AdvanceEvent
	if r.Sanctioned.Valid || r.Order != "" || !r.OrderDate.IsZero() {
		e := base
		e.Action, e.Amount, e.Ref, e.On = stpclaims.ActionSanction, r.Sanctioned, r.Order, r.OrderDate
		out = append(out, e)
	}
	if r.Paid.Valid || !r.PaidOn.IsZero() || r.Mode != "" || r.Reference != "" {
		e := base
		e.Action, e.Amount, e.Ref, e.On, e.Mode = stpclaims.ActionPay, r.Paid, r.Reference, r.PaidOn, r.Mode
		out = append(out, e)
	}
	return out
}
