package desk

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"stpclaims/templates"
	"stpclaims/validate"
)

func TestIsTemplateRequest(t *testing.T) {
	tests := []struct {
		subject string
		want    bool
	}{
		{"template", true}, {"Template", true}, {"  TEMPLATES ", true}, {"Re: template", true}, {"Fwd: RE: Template.", true},
		{"blank forms", true}, {"[template]", true},
		{"", false}, {"Annexure II for STP/2026/017", false}, {"template for the TA bill attached", false}, {"templates.xlsx", false},
	}
	for _, tt := range tests {
		t.Run(tt.subject, func(t *testing.T) {
			if got := IsTemplateRequest(tt.subject); got != tt.want {
				t.Errorf("IsTemplateRequest(%q) = %v, want %v", tt.subject, got, tt.want)
			}
		})
	}
}

func TestTemplateReply(t *testing.T) {
	card := validate.Builtin()
	r, err := TemplateReply([]string{"lekha.r@kerala.gov.in"}, "<abc@example.org>", card)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Attachments) != 3 || r.InReplyTo != "<abc@example.org>" || !slices.Equal(r.References, []string{"<abc@example.org>"}) ||
		!slices.Equal(r.To, []string{"lekha.r@kerala.gov.in"}) {
		t.Errorf("reply = %+v", r)
	}
	for _, a := range r.Attachments {
		if !strings.Contains(r.Body, a.Name) {
			t.Errorf("body does not name %s", a.Name)
		}
	}
	if !strings.Contains(r.Body, card.Name) {
		t.Error("body does not name the rate card")
	}
	if _, err := TemplateReply(nil, "", nil); !errors.Is(err, templates.ErrNoCard) {
		t.Errorf("no card: %v", err)
	}
}
