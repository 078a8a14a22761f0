package desk

import (
	"context"
	"time"

	"stpclaims"
	"stpclaims/ingest/review"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/store"
)

// reviewWorkbook is a facilitator's review workbook, returned.
var reviewWorkbook = sealedKind{what: "review workbook", refused: output.ReviewRefused, unreadable: output.ReviewUnreadable}

// TakeReview records the decisions of a returned review workbook and
// queues the co-ordinators' notices: to each co-ordinator whose claim was
// approved, rejected or queried, the decision and remarks. It returns the
// answer to the sender (not queued): what was recorded and what was
// refused and why. A workbook whose token does not verify (made by hand,
// or changed where only stpclaims writes) is refused whole, by mail or
// from the folder, and nothing in it is recorded. A folder drop carries no
// sender; its decisions are taken as from the facilitator the workbook
// was made for, which only a genuine workbook can name. repeat says the
// same workbook was taken before (every decision in it was already
// recorded, none is new or refused): its answer went out then.
func (d *Desk) TakeReview(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error) {
	answer = answerTo(sub, output.ReviewAnswerSubject(sub.Name))
	ret, ok, err := readSealed(ctx, d, sub, reviewWorkbook, &answer, review.Read)
	if !ok {
		return answer, false, err
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
	res, err := d.Store.DecideAndNotify(ctx, ds, func(res store.DecideResult) ([]stpclaims.Reply, time.Time, error) {
		notices, err := d.decisionNotices(ctx, res, by)
		return notices, d.now(), err
	})
	if err != nil {
		return answer, false, err
	}
	// The recommendations come after the decisions: a facilitator decides
	// a claim's deviations and recommends its advance in one workbook.
	recommended, err := d.recommend(ctx, sub, ret, by)
	if err != nil {
		return answer, false, err
	}
	taken := output.ReviewTaken{Recorded: decided(res.Recorded, ret), Already: decided(res.Already, ret), Undecided: ret.Undecided,
		Recommendations: recommended}
	for _, r := range res.Refused {
		taken.Refused = append(taken.Refused, output.Refusal{Decided: decided([]store.Decided{r.Decided}, ret)[0], Reason: r.Reason})
	}
	for _, p := range ret.Problems {
		taken.NotRead = append(taken.NotRead, p.Reason)
	}
	answer.Body = output.ReviewAnswer(taken)
	newRecommendations, already := 0, 0
	for _, r := range recommended {
		if r.Already {
			already++
		} else {
			newRecommendations++
		}
	}
	repeat = len(res.Already)+already > 0 && len(res.Recorded) == 0 && len(res.Refused) == 0 && newRecommendations == 0
	return answer, repeat, nil
}

// decided names each decision as the returned workbook showed its row:
// the claim's file, its programme, the finding's rule.
func decided(ds []store.Decided, ret *review.Returned) []output.Decided {
	rows := make(map[[2]int64]review.Row, len(ret.Decisions))
	for _, r := range ret.Decisions {
		rows[[2]int64{r.ClaimID, r.FindingID}] = r
	}
	out := make([]output.Decided, len(ds))
	for i, d := range ds {
		r := rows[[2]int64{d.SubmissionID, d.FindingID}]
		out[i] = output.Decided{Claim: d.SubmissionID, Finding: d.FindingID, File: r.File, Code: r.Code, Rule: r.Rule,
			Decision: string(d.Decision), Remarks: d.Remarks}
	}
	return out
}

// recommend records the advances a returned review workbook recommends on
// its Register sheet, each checked (ADV-RECOMMEND) against the register as
// it stands, after the workbook's own decisions, inside the store's
// transaction: by the programme's facilitator, on the request the workbook
// showed, at most the largest advance (the largest when the row says Yes),
// with no deviation left undecided.
func (d *Desk) recommend(ctx context.Context, sub stpclaims.Submission, ret *review.Returned, by string) ([]output.Recommended, error) {
	if len(ret.Recommendations) == 0 {
		return nil, nil
	}
	var codes []string
	for _, r := range ret.Recommendations {
		codes = append(codes, r.Code)
	}
	var taken []output.Recommended
	_, err := d.Store.RecordAdvance(ctx, codes, func(history []stpclaims.AdvanceEvent) (store.AdvanceDecision, error) {
		taken = taken[:0]
		reg := ledger.Fold(d.Cards, d.zone(), history)
		var dec store.AdvanceDecision
		for _, r := range ret.Recommendations {
			e := stpclaims.AdvanceEvent{Action: stpclaims.ActionRecommend, Code: r.Code, Claim: r.ClaimID, Fingerprint: r.Fingerprint,
				Source: sub.SHA256, MessageID: sub.MessageID, By: by, At: sub.Received, Amount: r.Amount}
			got, v := reg.Check(e, d.authority())
			taken = append(taken, output.Recommended{Code: r.Code, Amount: got.Amount.Decimal, Recorded: v.OK(),
				Already: v.Outcome == ledger.Already, Rule: v.Rule, Reason: v.Reason})
			if v.OK() {
				reg.Apply(got)
				dec.Events = append(dec.Events, got)
			}
		}
		return dec, nil
	})
	return taken, err
}

// authority is what the register checks a sender's step against.
func (d *Desk) authority() ledger.Authority {
	return ledger.Authority{Finance: d.Ledger.Finance}
}

// decisionNotices are the notices to the co-ordinators of the claims whose
// review state the decisions changed (a claim from the folder has no one
// to tell).
func (d *Desk) decisionNotices(ctx context.Context, res store.DecideResult, by string) ([]stpclaims.Reply, error) {
	var notices []stpclaims.Reply
	for _, c := range res.Changed {
		if c.To == store.ReviewOpen {
			continue
		}
		st, err := d.Store.Submission(ctx, c.SubmissionID)
		if err != nil {
			return nil, err
		}
		if st.Sender == "" {
			continue
		}
		notices = append(notices, coordinatorNotice(st, c.To, res.Recorded, by))
	}
	return notices, nil
}

// coordinatorNotice tells a claim's sender what the facilitator decided,
// with the remarks recorded on that claim.
func coordinatorNotice(st store.Stored, state store.ReviewState, recorded []store.Decided, by string) stpclaims.Reply {
	dec := output.ClaimDecision{By: by, File: st.File, Code: st.ProgrammeCode, State: string(state)}
	for _, r := range recorded {
		if r.SubmissionID == st.ID && r.Remarks != "" {
			dec.Remarks = append(dec.Remarks, output.Remark{Decision: string(r.Decision), Text: r.Remarks})
		}
	}
	r := stpclaims.Reply{To: []string{st.Sender}}
	r.Subject, r.Body = output.DecisionNotice(dec)
	return r
}
