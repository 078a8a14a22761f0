package desk

import (
	"context"
	"errors"
	"net/mail"
	"strconv"
	"strings"

	"stpclaims"
	"stpclaims/ebt"
	"stpclaims/internal/seal"
	"stpclaims/output"
	"stpclaims/output/ebtbook"
	"stpclaims/store"
)

// folderFinance is who marks a list uploaded by dropping its workbook in
// the shared folder: the folder is the finance division's own.
const folderFinance = "finance desk"

// TakeEBTReturn marks a list uploaded from its workbook sent back with
// "Uploaded on" filled: by mail only from one of the finance division's
// addresses, from the shared folder as the finance desk. A workbook whose
// token does not verify (made by hand, or its list id, programme or
// payments changed) is refused whole, by mail or from the folder, and no
// list is marked. It returns the answer to the sender (not queued); repeat
// says the list was marked before (the same workbook taken twice, or
// marked otherwise): nothing changed.
func (d *Desk) TakeEBTReturn(ctx context.Context, sub stpclaims.Submission) (answer stpclaims.Reply, repeat bool, err error) {
	answer = answerTo(sub, output.EBTAnswerSubject(sub.Name))
	refuse := func(reason string) (stpclaims.Reply, bool, error) {
		answer.Body = output.EBTNotMarkedAnswer(sub.Name, reason)
		return answer, false, nil
	}
	key, err := d.Store.WorkbookKey(ctx)
	if err != nil {
		return answer, false, err
	}
	ret, err := ebtbook.Read(sub.Data, key)
	if errors.Is(err, seal.ErrForged) {
		d.refuseForged(sub, "e-BT list workbook", err)
		answer.Body = output.EBTRefused(sub.Name)
		return answer, false, nil
	}
	by := folderFinance
	if sub.Source != stpclaims.SourceFolder {
		if !d.financeAddress(sub.Sender) {
			return refuse(output.EBTNotFinance(sub.Sender))
		}
		by = bareAddress(sub.Sender)
	}
	switch {
	case err != nil:
		return refuse(err.Error())
	case ret.Problem != "":
		return refuse(ret.Problem)
	case ret.UploadedOn.IsZero():
		return refuse(output.EBTNoDay())
	}
	e := d.ebt(d.log())
	l, err := MarkEBTUploaded(ctx, d.Store, e, ret.List, ret.Fingerprint,
		stpclaims.EBTUpload{On: ret.UploadedOn, By: by, Source: sub.SHA256}, d.now())
	var r *ebt.Refusal
	switch {
	case errors.As(err, &r) && r.Already:
		// Repeat only when this very workbook marked it (taken again after
		// a crash): its answer went out then.
		answer.Body = output.EBTAlreadyAnswer(r.Reason)
		return answer, l.Uploaded != nil && l.Uploaded.Source == sub.SHA256, nil
	case errors.As(err, &r):
		return refuse(r.Reason)
	case errors.Is(err, store.ErrNotFound):
		return refuse("it names e-BT list " + strconv.FormatInt(ret.List, 10) + ", which stpclaims does not have")
	case err != nil:
		return answer, false, err
	}
	answer.Body = output.EBTMarkedAnswer(output.EBTMarked{List: l.ID, Code: l.ProgrammeCode, On: ret.UploadedOn.Format("02.01.2006"),
		Payments: l.Payments(), Total: l.Total()})
	d.rebuild()
	return answer, false, nil
}

// financeAddress reports whether sender is one of the finance division's
// addresses (Ledger.Finance).
func (d *Desk) financeAddress(sender string) bool {
	s := bareAddress(sender)
	for _, a := range d.Ledger.Finance {
		if s != "" && bareAddress(a) == s {
			return true
		}
	}
	return false
}

// bareAddress is an address without its display name, in lower case.
func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if a, err := mail.ParseAddress(s); err == nil {
		s = a.Address
	}
	return strings.ToLower(s)
}
