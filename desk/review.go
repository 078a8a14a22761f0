package desk

import (
	"context"
	"time"

	"stpclaims"
	"stpclaims/ingest/review"
	"stpclaims/output"
	"stpclaims/store"
)

// TakeReview records the decisions of a returned review workbook and
// queues the co-ordinators' notices: to each co-ordinator whose claim was
// approved, rejected or queried, the decision and remarks. It returns the
// answer to the sender (not queued): what was recorded and what was
// refused and why. A folder drop carries no sender; its decisions are
// taken as from the facilitator the workbook was made for. repeat says the
// same workbook was taken before (every decision in it was already
// recorded, none is new or refused): its answer went out then.
func (d *Desk) TakeReview(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error) {
	answer = stpclaims.Reply{Subject: output.ReviewAnswerSubject(sub.Name), InReplyTo: sub.MessageID}
	if sub.Sender != "" {
		answer.To = []string{sub.Sender}
	}
	if sub.MessageID != "" {
		answer.References = []string{sub.MessageID}
	}
	ret, err := review.Read(sub.Data)
	if err != nil {
		answer.Body = output.ReviewUnreadable(sub.Name, err)
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
	res, err := d.Store.DecideAndNotify(ctx, ds, func(res store.DecideResult) ([]stpclaims.Reply, time.Time, error) {
		notices, err := d.decisionNotices(ctx, res, by)
		return notices, d.now(), err
	})
	if err != nil {
		return answer, false, err
	}
	taken := output.ReviewTaken{Recorded: len(res.Recorded), Already: len(res.Already), Undecided: ret.Undecided}
	for _, r := range res.Refused {
		taken.Refused = append(taken.Refused, output.Refusal{Claim: r.SubmissionID, Finding: r.FindingID, Reason: r.Reason})
	}
	for _, p := range ret.Problems {
		taken.NotRead = append(taken.NotRead, p.Reason)
	}
	answer.Body = output.ReviewAnswer(taken)
	repeat = len(res.Already) > 0 && len(res.Recorded) == 0 && len(res.Refused) == 0
	return answer, repeat, nil
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
