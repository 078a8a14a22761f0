package desk

import (
	"context"
	"errors"

	"stpclaims"
	"stpclaims/internal/seal"
)

// answerTo is the head of the answer to a returned workbook: subject, to
// its sender (none for a folder drop), in reply to its message.
func answerTo(sub stpclaims.Submission, subject string) stpclaims.Reply {
	answer := stpclaims.Reply{Subject: subject, InReplyTo: sub.MessageID}
	if sub.Sender != "" {
		answer.To = []string{sub.Sender}
	}
	if sub.MessageID != "" {
		answer.References = []string{sub.MessageID}
	}
	return answer
}

// sealedKind is a kind of sealed workbook the desk takes back, and the
// answers to one it cannot take.
type sealedKind struct {
	what       string                              // its name in the log, "review workbook"
	refused    func(name string) string            // its token does not verify
	unreadable func(name string, err error) string // it could not be read otherwise
}

// readSealed reads the returned workbook sub with read and the store's
// workbook key. When it cannot be taken, ok is false and answer's body
// says why: refused whole when its token does not verify (made by hand,
// or changed where only stpclaims writes; logged), else unreadable. err
// is the store's.
func readSealed[R any](ctx context.Context, d *Desk, sub stpclaims.Submission, k sealedKind, answer *stpclaims.Reply,
	read func([]byte, seal.Key) (R, error)) (ret R, ok bool, err error) {
	key, err := d.Store.WorkbookKey(ctx)
	if err != nil {
		return ret, false, err
	}
	ret, err = read(sub.Data, key)
	switch {
	case errors.Is(err, seal.ErrForged):
		d.refuseForged(sub, k.what, err)
		answer.Body = k.refused(sub.Name)
	case err != nil:
		answer.Body = k.unreadable(sub.Name, err)
	default:
		return ret, true, nil
	}
	return ret, false, nil
}

// refuseForged logs a returned workbook refused because its token does not
// verify: someone made or changed it by hand. The log says who sent it and
// its sha256, never the key.
func (d *Desk) refuseForged(sub stpclaims.Submission, what string, err error) {
	d.log().Warn(what+" refused: its token does not verify", "file", sub.Name, "source", sub.Source,
		"sender", sub.Sender, "message_id", sub.MessageID, "sha256", sub.SHA256, "reason", err)
}
