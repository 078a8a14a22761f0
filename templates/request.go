package templates

import (
	"fmt"
	"strings"

	"stpclaims"
	"stpclaims/validate"
)

// IsRequest reports whether a mail's subject asks for the blank forms: the
// word "template" (or "templates", "blank forms"), in any case, after any
// "Re:"/"Fwd:" prefixes and around spaces and punctuation.
func IsRequest(subject string) bool {
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

// Reply is the answer to a request for the blank forms: the three
// templates for card attached, to the requester, threaded under the
// request's Message-ID (with angle brackets; may be empty).
func Reply(to []string, messageID string, card *validate.Card) (stpclaims.Reply, error) {
	atts, err := All(card)
	if err != nil {
		return stpclaims.Reply{}, err
	}
	r := stpclaims.Reply{
		To:          to,
		Subject:     "Re: template",
		InReplyTo:   messageID,
		Attachments: atts,
		Body: fmt.Sprintf(`The blank forms for STP programmes are attached:

  %s  Annexure II, the proforma for claiming an advance
  %s  the TA bill of participants and guest faculty
  %s  the settlement statement of the advance

They follow IMG Proceedings No. 420/2015/IMG and the rates of card %s (in force from %s). Type in the tinted cells only; the grey Limit column shows the most each line may claim and turns a line red when it is over. The Instructions sheet of each form gives the clause each line follows.

Send the filled form back as .xlsx to this address; it is checked and answered automatically.
`, FileName(stpclaims.FormAnnexureII), FileName(stpclaims.FormTABill), FileName(stpclaims.FormSettlement),
			card.Name, card.EffectiveFrom.Format("02.01.2006")),
	}
	if messageID != "" {
		r.References = []string{messageID}
	}
	return r, nil
}
