package desk

import (
	"context"
	"log/slog"
	"strings"

	"stpclaims"
	"stpclaims/ingest/mailbox"
	"stpclaims/output"
	"stpclaims/templates"
	"stpclaims/validate"
)

// IsTemplateRequest reports whether a mail's subject asks for the blank
// forms: the word "template" (or "templates", "blank forms"), in any case,
// after any "Re:"/"Fwd:" prefixes and around spaces and punctuation.
func IsTemplateRequest(subject string) bool {
	s := strings.ToLower(strings.TrimSpace(subject))
	for {
		trimmed := s
		for _, p := range []string{"re:", "fw:", "fwd:", "aw:"} {
			trimmed = strings.TrimSpace(strings.TrimPrefix(trimmed, p))
		}
		if trimmed == s {
			break
		}
		s = trimmed
	}
	s = strings.Trim(s, " .!?:;-\"'[]()")
	switch s {
	case "template", "templates", "blank form", "blank forms", "blank templates":
		return true
	}
	return false
}

// TemplateReply is the answer to a request for the blank forms: the three
// templates for card attached, to the requester, threaded under the
// request's Message-ID (with angle brackets; may be empty).
func TemplateReply(to []string, messageID string, card *validate.Card) (stpclaims.Reply, error) {
	atts, err := templates.All(card)
	if err != nil {
		return stpclaims.Reply{}, err
	}
	r := stpclaims.Reply{To: to, InReplyTo: messageID, Attachments: atts}
	r.Subject, r.Body = output.TemplateReply(output.TemplateForms{
		AnnexureII: templates.FileName(stpclaims.FormAnnexureII),
		TABill:     templates.FileName(stpclaims.FormTABill),
		Settlement: templates.FileName(stpclaims.FormSettlement),
		Card:       card.Name, CardFrom: card.EffectiveFrom,
	})
	if messageID != "" {
		r.References = []string{messageID}
	}
	return r, nil
}

// answerTemplateRequest answers a mail whose subject asks for the blank
// forms with all three attached, from the card in force today. Nothing is
// entered in the store: there is no claim. (A crash between queueing the
// reply and moving the mail would send the forms twice; that is harmless.)
func (d *Desk) answerTemplateRequest(ctx context.Context, m mailbox.Message, log *slog.Logger) error {
	card := d.Cards.InForce(d.now().In(d.zone()))
	r, err := TemplateReply([]string{m.From}, m.MessageID, card)
	if err != nil {
		return err
	}
	if _, err := d.Store.QueueReply(ctx, r, d.now()); err != nil {
		return err
	}
	log.Info("blank forms sent on request", "card", card.Name)
	d.drain()
	return nil
}
