package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// ReviewState is where a facilitator's decisions have left a claim.
type ReviewState string

const (
	// ReviewOpen: no decision yet, or some deviation still undecided.
	ReviewOpen ReviewState = ""
	// ReviewApproved: every deviation approved.
	ReviewApproved ReviewState = "approved"
	// ReviewRejected: a deviation rejected.
	ReviewRejected ReviewState = "rejected"
	// ReviewQuery: a deviation queried back to the co-ordinator (and none
	// rejected).
	ReviewQuery ReviewState = "query"
)

// Decision is a facilitator's decision on one deviation.
type Decision string

const (
	DecisionApprove Decision = "approve"
	DecisionReject  Decision = "reject"
	DecisionQuery   Decision = "query"
)

// Decided is one decision as a returned review workbook carries it.
type Decided struct {
	SubmissionID int64
	FindingID    int64
	// Fingerprint is the sha256 of the claim the review workbook showed;
	// a decision on a claim that changed since is refused.
	Fingerprint string
	Decision    Decision
	Remarks     string
	By          string    // who sent the review workbook back
	At          time.Time // when it was received
	Source      string    // the review workbook's sha256
}

// Refused is a decision not recorded, and why, in a sentence for the sender.
type Refused struct {
	Decided
	Reason string
}

// ReviewChange is a claim whose review state a Decide call moved.
type ReviewChange struct {
	SubmissionID int64
	From, To     ReviewState
}

// DecideResult says what Decide did with each decision.
type DecideResult struct {
	Recorded []Decided
	Refused  []Refused
	// Already are decisions this same review workbook (by its sha256)
	// made before: taking a workbook twice records nothing twice.
	Already []Decided
	Changed []ReviewChange
}

// DecisionRecord is a decision recorded in the store.
type DecisionRecord struct {
	ID       int64
	Decision Decision
	Remarks  string
	By       string
	At       time.Time
	Recorded time.Time
}

// DeviationRow is one deviation-level finding of a live claim with the
// latest decision on it.
type DeviationRow struct {
	FindingID    int64
	SubmissionID int64
	Seq          int // its place in the report's findings
	Finding      stpclaims.Finding
	Latest       *DecisionRecord // nil while undecided
	// Claim is its claim (as Filter.Brief reads it), and FacilitatorEmail the
	// facilitator e-mail its form names (facts), "" for none.
	Claim            Stored
	FacilitatorEmail string
}

// Decide records a returned review workbook's decisions in one transaction
// and moves each claim's review state on. A decision whose Source (the
// review workbook's sha256) was recorded before on the same finding is
// not recorded again (Already). A decision is refused, with a
// reason, when its claim or finding is unknown, the finding is not a
// deviation, the claim changed since (superseded, or its sha256 is not the
// fingerprint), or the sender is not the programme's facilitator: the
// facilitator e-mail the claim's Annexure II names (for a TA bill or a
// settlement, the live Annexure II of the same programme code). Refusals
// are not errors; the error is for the store itself failing.
func (s *Store) Decide(ctx context.Context, ds []Decided) (DecideResult, error) {
	return s.DecideAndNotify(ctx, ds, nil)
}

// DecideAndNotify is Decide, with the notices the decisions call for
// queued in the same transaction: notices gets what Decide did (before it
// is committed) and returns the replies to queue, due at at. When notices fails, nothing is recorded, so taking the
// same review workbook again still notifies: the decisions and the
// notices about them are on disk together or not at all.
func (s *Store) DecideAndNotify(ctx context.Context, ds []Decided, notices func(DecideResult) ([]stpclaims.Reply, time.Time, error)) (DecideResult, error) {
	var res DecideResult
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("store: decide: begin: %w", err)
	}
	defer tx.Rollback()
	touched := map[int64]ReviewState{}
	var order []int64
	now := time.Now()
	for _, d := range ds {
		if d.Source != "" {
			var seen bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM decisions WHERE finding_id = ? AND source_sha256 = ?)`,
				d.FindingID, strings.ToLower(d.Source)).Scan(&seen); err != nil {
				return DecideResult{}, fmt.Errorf("store: decide: %w", err)
			}
			if seen {
				res.Already = append(res.Already, d)
				continue
			}
		}
		reason, err := checkDecision(ctx, tx, d)
		if err != nil {
			return DecideResult{}, fmt.Errorf("store: decide on finding %d of %d: %w", d.FindingID, d.SubmissionID, err)
		}
		if reason != "" {
			res.Refused = append(res.Refused, Refused{Decided: d, Reason: reason})
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO decisions
			(submission_id, finding_id, decision, remarks, decided_by, decided_at, source_sha256, recorded)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			d.SubmissionID, d.FindingID, string(d.Decision), d.Remarks, senderKey(d.By), timeText(d.At),
			strings.ToLower(d.Source), timeText(now)); err != nil {
			return DecideResult{}, fmt.Errorf("store: decide: insert: %w", err)
		}
		res.Recorded = append(res.Recorded, d)
		if _, ok := touched[d.SubmissionID]; !ok {
			var was string
			if err := tx.QueryRowContext(ctx, `SELECT review FROM submissions WHERE id = ?`, d.SubmissionID).Scan(&was); err != nil {
				return DecideResult{}, fmt.Errorf("store: decide: %w", err)
			}
			touched[d.SubmissionID] = ReviewState(was)
			order = append(order, d.SubmissionID)
		}
	}
	for _, id := range order {
		st, err := reviewStateTx(ctx, tx, id)
		if err != nil {
			return DecideResult{}, fmt.Errorf("store: decide: review state of %d: %w", id, err)
		}
		if st == touched[id] {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE submissions SET review = ? WHERE id = ?`, string(st), id); err != nil {
			return DecideResult{}, fmt.Errorf("store: decide: update %d: %w", id, err)
		}
		res.Changed = append(res.Changed, ReviewChange{SubmissionID: id, From: touched[id], To: st})
	}
	if notices != nil {
		replies, at, err := notices(res)
		if err != nil {
			return DecideResult{}, fmt.Errorf("store: decide: notices: %w", err)
		}
		if len(replies) > 0 && at.IsZero() {
			return DecideResult{}, fmt.Errorf("store: decide: notices: %w: no due time", ErrBadEntry)
		}
		for _, r := range replies {
			if _, err := insertReply(ctx, tx, sql.NullInt64{}, r, at); err != nil {
				return DecideResult{}, fmt.Errorf("store: decide: %w", err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return DecideResult{}, fmt.Errorf("store: decide: commit: %w", err)
	}
	return res, nil
}

// checkDecision returns why d must be refused, or "".
func checkDecision(ctx context.Context, tx *sql.Tx, d Decided) (string, error) {
	switch d.Decision {
	case DecisionApprove, DecisionReject, DecisionQuery:
	default:
		return fmt.Sprintf("%q is not a decision: choose Approve, Reject or Query.", d.Decision), nil
	}
	var (
		sha, form, code, report string
		superseded              sql.NullInt64
	)
	err := tx.QueryRowContext(ctx, `SELECT sha256, form, code_key, report_json, superseded_by FROM submissions WHERE id = ?`,
		d.SubmissionID).Scan(&sha, &form, &code, &report, &superseded)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Sprintf("There is no claim number %d.", d.SubmissionID), nil
	}
	if err != nil {
		return "", err
	}
	var sev string
	err = tx.QueryRowContext(ctx, `SELECT severity FROM findings WHERE id = ? AND submission_id = ?`,
		d.FindingID, d.SubmissionID).Scan(&sev)
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Sprintf("Claim %d has no finding number %d.", d.SubmissionID, d.FindingID), nil
	}
	if err != nil {
		return "", err
	}
	if stpclaims.Severity(sev) != stpclaims.SeverityDeviation {
		return fmt.Sprintf("Finding %d of claim %d is an %s, not a deviation: it cannot be approved.", d.FindingID, d.SubmissionID, sev), nil
	}
	if superseded.Valid {
		return fmt.Sprintf("Claim %d was replaced by a revised claim (number %d) after this review workbook was made; decide on the revised claim.",
			d.SubmissionID, superseded.Int64), nil
	}
	if !strings.EqualFold(strings.TrimSpace(d.Fingerprint), sha) {
		return fmt.Sprintf("Claim %d is not the claim this review workbook showed (its fingerprint differs); ask for a new review workbook.", d.SubmissionID), nil
	}
	facilitators, err := facilitatorsTx(ctx, tx, stpclaims.FormKind(form), code, report)
	if err != nil {
		return "", err
	}
	if len(facilitators) == 0 {
		return fmt.Sprintf("The Annexure II of claim %d names no facilitator e-mail, so no decision on it can be accepted by mail.", d.SubmissionID), nil
	}
	by := senderKey(d.By)
	for _, f := range facilitators {
		if f == by {
			return "", nil
		}
	}
	return fmt.Sprintf("Only the programme's facilitator (%s) may decide on claim %d; %s is not.", strings.Join(facilitators, ", "), d.SubmissionID, by), nil
}

// facilitatorsTx lists the facilitator e-mails (bare, lower case) that the
// programme's Annexure II names: the claim's own for an Annexure II, else
// those of the live Annexure II claims of the same programme code.
func facilitatorsTx(ctx context.Context, tx *sql.Tx, form stpclaims.FormKind, code, report string) ([]string, error) {
	if form == stpclaims.FormAnnexureII {
		return appendFacilitator(nil, report)
	}
	if code == "" {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT report_json FROM submissions`+liveOfProgramme,
		code, string(stpclaims.FormAnnexureII), string(stpclaims.StatusUnreadable))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var rep string
		if err := rows.Scan(&rep); err != nil {
			return nil, err
		}
		if out, err = appendFacilitator(out, rep); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

func appendFacilitator(out []string, report string) ([]string, error) {
	var r stpclaims.Report
	if err := json.Unmarshal([]byte(report), &r); err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	if e := FieldOf(r, "facilitator_email"); e != "" {
		out = append(out, senderKey(e))
	}
	return out, nil
}

// FieldOf is the value of a report's canonical field, "" when absent.
func FieldOf(r stpclaims.Report, name string) string {
	for _, f := range r.Fields {
		if f.Name == name {
			return strings.TrimSpace(f.Value)
		}
	}
	return ""
}

// reviewStateTx works out a claim's review state from the latest decision
// on each of its deviations.
func reviewStateTx(ctx context.Context, tx *sql.Tx, id int64) (ReviewState, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.id,
		(SELECT d.decision FROM decisions d WHERE d.finding_id = f.id ORDER BY d.id DESC LIMIT 1)
		FROM findings f WHERE f.submission_id = ? AND f.severity = ?`, id, string(stpclaims.SeverityDeviation))
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var any, undecided, rejected, queried bool
	for rows.Next() {
		var fid int64
		var dec sql.NullString
		if err := rows.Scan(&fid, &dec); err != nil {
			return "", err
		}
		any = true
		switch Decision(dec.String) {
		case DecisionReject:
			rejected = true
		case DecisionQuery:
			queried = true
		case DecisionApprove:
		default:
			undecided = true
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	switch {
	case rejected:
		return ReviewRejected, nil
	case queried:
		return ReviewQuery, nil
	case any && !undecided:
		return ReviewApproved, nil
	}
	return ReviewOpen, nil
}

// Deviations returns the deviation-level findings of live claims with the
// latest decision on each, by claim and then report order.
func (s *Store) Deviations(ctx context.Context) ([]DeviationRow, error) {
	var out []DeviationRow
	if err := s.EachDeviation(ctx, func(r DeviationRow) error {
		out = append(out, r)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// EachDeviation calls fn with each row Deviations returns, one at a time.
// It stops at fn's first error and returns it.
func (s *Store) EachDeviation(ctx context.Context, fn func(DeviationRow) error) error {
	rows, err := s.read.QueryContext(ctx, `SELECT f.id, f.submission_id, f.seq, f.rule, f.clause, f.severity, f.cell, f.row, f.field,
			f.claimed, f.allowed, f.admissible, f.message,
			d.id, d.decision, d.remarks, d.decided_by, d.decided_at, d.recorded,
			`+storedColumnsOf("s", brief)+`, coalesce(c.facilitator_email, '')
		FROM findings f JOIN submissions s ON s.id = f.submission_id
		LEFT JOIN decisions d ON d.id = (SELECT max(id) FROM decisions WHERE finding_id = f.id)
		LEFT JOIN claim_facts c ON c.submission_id = s.id
		WHERE f.severity = ? AND s.superseded_by IS NULL
		ORDER BY f.submission_id, f.seq`, string(stpclaims.SeverityDeviation))
	if err != nil {
		return fmt.Errorf("store: deviations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r DeviationRow
		var sev string
		var claimed, allowed, admissible sql.NullString
		var did sql.NullInt64
		var dec, remarks, by, at, recorded sql.NullString
		var claim storedScan
		f := &r.Finding
		dest := append([]any{&r.FindingID, &r.SubmissionID, &r.Seq, &f.Rule, &f.Clause, &sev, &f.Cell, &f.Row, &f.Field,
			&claimed, &allowed, &admissible, &f.Message,
			&did, &dec, &remarks, &by, &at, &recorded}, claim.briefDest()...)
		if err := rows.Scan(append(dest, &r.FacilitatorEmail)...); err != nil {
			return fmt.Errorf("store: deviations: %w", err)
		}
		if r.Claim, err = claim.stored(); err != nil {
			return fmt.Errorf("store: deviations: %w", err)
		}
		f.Severity = stpclaims.Severity(sev)
		for _, m := range []struct {
			text sql.NullString
			dst  *decimal.NullDecimal
		}{{claimed, &f.Claimed}, {allowed, &f.Allowed}, {admissible, &f.Admissible}} {
			if m.text.Valid {
				d, err := decimal.NewFromString(m.text.String)
				if err != nil {
					return fmt.Errorf("store: deviations: amount %q: %w", m.text.String, err)
				}
				*m.dst = decimal.NewNullDecimal(d)
			}
		}
		if did.Valid {
			rec := &DecisionRecord{ID: did.Int64, Decision: Decision(dec.String), Remarks: remarks.String, By: by.String}
			if rec.At, err = parseTime(at); err != nil {
				return err
			}
			if rec.Recorded, err = parseTime(recorded); err != nil {
				return err
			}
			r.Latest = rec
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: deviations: %w", err)
	}
	return nil
}

// Decisions returns every decision recorded on claim id, oldest first.
func (s *Store) Decisions(ctx context.Context, id int64) ([]DecisionRecord, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, decision, remarks, decided_by, decided_at, recorded
		FROM decisions WHERE submission_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: decisions of %d: %w", id, err)
	}
	defer rows.Close()
	var out []DecisionRecord
	for rows.Next() {
		var r DecisionRecord
		var dec string
		var at, recorded sql.NullString
		if err := rows.Scan(&r.ID, &dec, &r.Remarks, &r.By, &at, &recorded); err != nil {
			return nil, fmt.Errorf("store: decisions of %d: %w", id, err)
		}
		r.Decision = Decision(dec)
		if r.At, err = parseTime(at); err != nil {
			return nil, err
		}
		if r.Recorded, err = parseTime(recorded); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: decisions of %d: %w", id, err)
	}
	return out, nil
}

// QueueNotice queues reply as a notice of this kind about claim id, due at
// at, unless one of the same kind was queued for it less than every before
// at; it reports whether it queued one. The check and the queueing are one
// transaction, so two runs never both send.
func (s *Store) QueueNotice(ctx context.Context, id int64, kind string, reply stpclaims.Reply, at time.Time, every time.Duration) (bool, error) {
	if at.IsZero() || kind == "" {
		return false, fmt.Errorf("store: queue notice: %w: no time or kind", ErrBadEntry)
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store: queue notice: begin: %w", err)
	}
	defer tx.Rollback()
	var recent bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM notices WHERE submission_id = ? AND kind = ? AND sent > ?)`,
		id, kind, timeText(at.Add(-every))).Scan(&recent); err != nil {
		return false, fmt.Errorf("store: queue notice %s for %d: %w", kind, id, err)
	}
	if recent {
		return false, nil
	}
	oid, err := insertReply(ctx, tx, sql.NullInt64{Int64: id, Valid: true}, reply, at)
	if err != nil {
		return false, fmt.Errorf("store: queue notice %s for %d: %w", kind, id, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO notices (submission_id, kind, sent, outbox_id) VALUES (?, ?, ?, ?)`,
		id, kind, timeText(at), oid); err != nil {
		return false, fmt.Errorf("store: queue notice %s for %d: %w", kind, id, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("store: queue notice: commit: %w", err)
	}
	return true, nil
}
