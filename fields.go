package stpclaims

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// fieldValue renders one field for the report; it reports false for a
// missing field (an unreadable one is shown as typed).
func fieldValue[T any](name string, f Field[T]) (FieldValue, bool) {
	fv := FieldValue{Name: name, Cell: f.Cell}
	switch f.State {
	case Missing:
		return fv, false
	case Unreadable:
		fv.Value = f.Raw
		return fv, true
	}
	switch v := any(f.Value).(type) {
	case string:
		fv.Value = v
	case decimal.Decimal:
		fv.Value = FormatMoney(v)
	case int:
		fv.Value = strconv.Itoa(v)
	case time.Time:
		fv.Value = FormatDate(v)
	case bool:
		fv.Value = "no"
		if v {
			fv.Value = "yes"
		}
	}
	return fv, true
}

type fieldList []FieldValue

func add[T any](l *fieldList, name string, f Field[T]) {
	if fv, ok := fieldValue(name, f); ok {
		*l = append(*l, fv)
	}
}

// FieldValues lists the Annexure II's present or unreadable fields under
// their canonical names, in proforma order.
func (a *AnnexureII) FieldValues() []FieldValue {
	var l fieldList
	add(&l, "department", a.Department)
	add(&l, "venue", a.Venue)
	add(&l, "programme_code", a.ProgrammeCode)
	add(&l, "programme_name", a.ProgrammeName)
	add(&l, "start_date", a.StartDate)
	add(&l, "end_date", a.EndDate)
	add(&l, "training_days", a.TrainingDays)
	add(&l, "participants", a.Participants)
	add(&l, "accommodated", a.Accommodated)
	add(&l, "guest_faculty", a.GuestFaculty)
	add(&l, "outstation_guest_faculty", a.OutstationGuestFaculty)
	add(&l, "guest_sessions", a.GuestSessions)
	add(&l, "officer_class", a.OfficerClass)
	add(&l, "programme_type", a.ProgrammeType)
	add(&l, "venue_govt_owned", a.VenueGovtOwned)
	for _, m := range a.MoneyLines() {
		add(&l, m.Field, *m.Amount)
	}
	add(&l, "coordinator", a.Coordinator)
	add(&l, "coordinator_designation", a.CoordinatorDesignation)
	add(&l, "coordinator_phone", a.CoordinatorPhone)
	add(&l, "coordinator_email", a.CoordinatorEmail)
	add(&l, "account_no", a.AccountNo)
	add(&l, "ifsc", a.IFSC)
	add(&l, "facilitator", a.Facilitator)
	add(&l, "facilitator_email", a.FacilitatorEmail)
	return l
}

// MoneyLine names one Annexure II money line.
type MoneyLine struct {
	Line   int    // proforma line number, 9–21
	Field  string // canonical field name
	Amount *Amount
}

// MoneyLines lists the Annexure II money lines 9–21 in proforma order,
// pointing into a.
func (a *AnnexureII) MoneyLines() []MoneyLine {
	return []MoneyLine{
		{9, "gf_remuneration", &a.GFRemuneration},
		{10, "gf_ta", &a.GFTA},
		{11, "coordination_fee", &a.CoordinationFee},
		{12, "stationery", &a.Stationery},
		{13, "photocopy", &a.Photocopy},
		{14, "food", &a.Food},
		{15, "venue_hire", &a.VenueHire},
		{16, "miscellaneous", &a.Miscellaneous},
		{17, "subtotal", &a.Subtotal},
		{18, "ta_advance", &a.TAAdvance},
		{19, "da_advance", &a.DAAdvance},
		{20, "other_expenses", &a.OtherExpenses},
		{21, "advance_claimed", &a.AdvanceClaimed},
	}
}

// FieldValues lists the TA bill's header fields.
func (b *TABill) FieldValues() []FieldValue {
	var l fieldList
	add(&l, "programme_code", b.ProgrammeCode)
	add(&l, "programme_name", b.ProgrammeName)
	add(&l, "start_date", b.StartDate)
	add(&l, "end_date", b.EndDate)
	add(&l, "training_days", b.TrainingDays)
	add(&l, "total", b.Total)
	return l
}

// FieldValues lists the settlement statement's header fields.
func (s *Settlement) FieldValues() []FieldValue {
	var l fieldList
	add(&l, "programme_code", s.ProgrammeCode)
	add(&l, "programme_name", s.ProgrammeName)
	add(&l, "start_date", s.StartDate)
	add(&l, "end_date", s.EndDate)
	add(&l, "training_days", s.TrainingDays)
	add(&l, "participants", s.Participants)
	add(&l, "accommodated", s.Accommodated)
	add(&l, "guest_faculty", s.GuestFaculty)
	add(&l, "outstation_guest_faculty", s.OutstationGuestFaculty)
	add(&l, "guest_sessions", s.GuestSessions)
	add(&l, "venue", s.Venue)
	add(&l, "venue_govt_owned", s.VenueGovtOwned)
	add(&l, "advance_received", s.AdvanceReceived)
	add(&l, "advance_date", s.AdvanceDate)
	add(&l, "settled_on", s.SettledOn)
	for _, e := range s.Expenditure {
		add(&l, "actual_"+e.Field, e.Actual)
	}
	return l
}

// FieldValues lists the form's fields, whichever form it is.
func (f Form) FieldValues() []FieldValue {
	switch {
	case f.AnnexureII != nil:
		return f.AnnexureII.FieldValues()
	case f.TABill != nil:
		return f.TABill.FieldValues()
	case f.Settlement != nil:
		return f.Settlement.FieldValues()
	}
	return nil
}
