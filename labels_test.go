package stpclaims

import (
	"strings"
	"testing"
)

func TestLabel_String(t *testing.T) {
	for _, c := range []struct {
		l               Label
		start, sentence string
	}{
		{Label{14, "Food & Refreshments"}, "Line 14, Food & Refreshments", "line 14, Food & Refreshments"},
		{Label{0, "Place & Venue"}, "Place & Venue", "Place & Venue"},
	} {
		if got := c.l.String(); got != c.start {
			t.Errorf("String() = %q, want %q", got, c.start)
		}
		if got := c.l.InSentence(); got != c.sentence {
			t.Errorf("InSentence() = %q, want %q", got, c.sentence)
		}
	}
}

// TestLabelOf_everyField: every field a form reports and every column of
// a TA bill has a label, and the Annexure II's money lines carry their
// line numbers.
func TestLabelOf_everyField(t *testing.T) {
	a := &AnnexureII{}
	for _, m := range a.MoneyLines() {
		l, ok := LabelOf(FormAnnexureII, m.Field)
		if !ok || l.Line != m.Line {
			t.Errorf("%s: %+v, want line %d", m.Field, l, m.Line)
		}
	}
	for _, field := range strings.Fields(`department venue programme_code programme_name start_date end_date
		training_days participants accommodated guest_faculty outstation_guest_faculty guest_sessions officer_class
		programme_type venue_govt_owned coordinator coordinator_designation coordinator_phone coordinator_email
		account_no ifsc facilitator facilitator_email`) {
		if _, ok := LabelOf(FormAnnexureII, field); !ok {
			t.Errorf("Annexure II %s has no label", field)
		}
	}
	if l, _ := LabelOf(FormAnnexureII, "participants"); l.InSentence() != "line 4, No. of participants" {
		t.Errorf("participants: %q", l.InSentence())
	}
	for _, field := range strings.Fields("programme_code programme_name start_date end_date training_days total") {
		if _, ok := LabelOf(FormTABill, field); !ok {
			t.Errorf("TA bill %s has no label", field)
		}
	}
	for _, field := range strings.Fields(`name pen designation class office distance_km mode eligible_fare fare_claimed
		auto_km auto_fare days_attended days_absent full_da_rate da_claimed total account_no ifsc`) {
		if _, ok := ParticipantLabel(field); !ok {
			t.Errorf("participant %s has no label", field)
		}
	}
	for _, field := range strings.Fields(`name govt_employee local sessions_taken days_engaged distance_km mode
		remuneration conveyance travel account_no ifsc`) {
		if _, ok := FacultyLabel(field); !ok {
			t.Errorf("guest faculty %s has no label", field)
		}
	}
	for _, fv := range []string{"actual_food", "actual_ta_advance", "advance_received", "settled_on", "report_items"} {
		if _, ok := LabelOf(FormSettlement, fv); !ok {
			t.Errorf("settlement %s has no label", fv)
		}
	}
	if l, _ := LabelOf(FormSettlement, "actual_food"); l.String() != "Line 14, Food & Refreshments, actual expenditure" {
		t.Errorf("actual_food: %q", l)
	}
	if _, ok := LabelOf(FormAnnexureII, "no_such_field"); ok {
		t.Error("a label for a field the form does not have")
	}
}
