package stpclaims

import (
	"strconv"
	"strings"
)

// Label is how a form names one of its fields for people: the numbered
// line of the proforma it is on, and the line's words as the form prints
// them, shortened where the proforma runs on into guidance ("Food &
// Refreshments", not the rates that follow it). A settlement statement's
// components carry the Annexure II line they settle, as its Sl.No column
// does.
//
// Notes, Findings rows and reply lines start with the label of the field a
// finding concerns ("Line 14, Food & Refreshments: reduce to …"), and the
// rules' messages name fields by it: this table is the one place that
// wording lives.
type Label struct {
	Line int    // the proforma's line number; 0 when the field has none
	Name string // "Food & Refreshments"
}

// String is the label as a line of a note or a reply starts: "Line 14,
// Food & Refreshments", or the name alone when it has no line.
func (l Label) String() string {
	if l.Line == 0 {
		return l.Name
	}
	return "Line " + strconv.Itoa(l.Line) + ", " + l.Name
}

// InSentence is the label within a sentence: "line 4, No. of
// participants".
func (l Label) InSentence() string {
	if l.Line == 0 {
		return l.Name
	}
	return "line " + strconv.Itoa(l.Line) + ", " + l.Name
}

// annexureIILabels are the Annexure II's fields by the 2015 proforma's
// lines, and the optional fields of docs/forms.md by the words of the
// program's template.
var annexureIILabels = map[string]Label{
	"department":               {0, "Department"},
	"venue":                    {0, "Place & Venue"},
	"venue_govt_owned":         {0, "Venue Govt-owned"},
	"programme_code":           {1, "Training Programme Code"},
	"programme_name":           {2, "Name of training Programme"},
	"start_date":               {3, "Duration, from"},
	"end_date":                 {3, "Duration, to"},
	"training_days":            {3, "Duration, training days"},
	"participants":             {4, "No. of participants"},
	"accommodated":             {0, "Participants availing accommodation"},
	"guest_faculty":            {5, "Number of Guest Faculty"},
	"outstation_guest_faculty": {0, "Outstation non-government guest faculty"},
	"guest_sessions":           {6, "Number of sessions allotted to Guest Faculty"},
	"officer_class":            {7, "Class of Officers attending the training"},
	"programme_type":           {8, "Type of training programme"},
	"gf_remuneration":          {9, "Remuneration to Guest Faculty"},
	"gf_ta":                    {10, "TA/DA to Guest Faculty"},
	"coordination_fee":         {11, "Co-ordination fee"},
	"stationery":               {12, "Stationery"},
	"photocopy":                {13, "Photocopy charges"},
	"food":                     {14, "Food & Refreshments"},
	"venue_hire":               {15, "Hiring charges for venue and training equipments"},
	"miscellaneous":            {16, "Miscellaneous"},
	"subtotal":                 {17, "Total (Sl.No. 9 to 16)"},
	"ta_advance":               {18, "TA advance for participants"},
	"da_advance":               {19, "DA advance"},
	"other_expenses":           {20, "Other expenses"},
	"advance_claimed":          {21, "Advance claimed"},
	"coordinator":              {22, "Name of the Co-ordinator"},
	"coordinator_designation":  {22, "Designation of the Co-ordinator"},
	"coordinator_phone":        {22, "Phone No. of the Co-ordinator"},
	"coordinator_email":        {22, "E-mail id of the Co-ordinator"},
	"account_no":               {23, "Account No. of Co-ordinator"},
	"ifsc":                     {23, "IFSC"},
	"facilitator":              {0, "Name of the Facilitator"},
	"facilitator_email":        {0, "Facilitator e-mail"},
}

// taBillLabels are a TA bill's header fields and its Total row.
var taBillLabels = map[string]Label{
	"programme_code": {0, "Training Programme Code"},
	"programme_name": {0, "Name of training Programme"},
	"start_date":     {0, "From"},
	"end_date":       {0, "To"},
	"training_days":  {0, "Training days"},
	"total":          {0, "Total of the bill"},
}

// participantLabels are the columns of a TA bill's Participants table.
var participantLabels = map[string]Label{
	"name":          {0, "Name"},
	"pen":           {0, "PEN"},
	"designation":   {0, "Designation"},
	"class":         {0, "Class"},
	"office":        {0, "Office / Headquarters"},
	"distance_km":   {0, "Distance from headquarters (km)"},
	"mode":          {0, "Mode of travel"},
	"eligible_fare": {0, "Eligible fare"},
	"fare_claimed":  {0, "Fare claimed"},
	"auto_km":       {0, "Auto km"},
	"auto_fare":     {0, "Auto fare"},
	"days_attended": {0, "Days attended"},
	"days_absent":   {0, "Days absent"},
	"full_da_rate":  {0, "Full DA rate"},
	"da_claimed":    {0, "DA claimed"},
	"total":         {0, "Total"},
	"account_no":    {0, "Account No."},
	"ifsc":          {0, "IFSC"},
}

// facultyLabels are the columns of a TA bill's Guest Faculty table.
var facultyLabels = map[string]Label{
	"name":           {0, "Name"},
	"govt_employee":  {0, "Government employee"},
	"local":          {0, "Local"},
	"sessions_taken": {0, "Sessions taken"},
	"days_engaged":   {0, "Days engaged"},
	"distance_km":    {0, "Distance (km)"},
	"mode":           {0, "Mode of travel"},
	"remuneration":   {0, "Remuneration claimed"},
	"conveyance":     {0, "Conveyance claimed"},
	"travel":         {0, "Travel claimed"},
	"account_no":     {0, "Account No."},
	"ifsc":           {0, "IFSC"},
}

// settlementLabels are a settlement statement's header fields; its
// components are settlementComponents.
var settlementLabels = map[string]Label{
	"programme_code":           {0, "Training Programme Code"},
	"programme_name":           {0, "Name of training Programme"},
	"start_date":               {0, "From"},
	"end_date":                 {0, "To"},
	"training_days":            {0, "Training days"},
	"venue":                    {0, "Place & Venue"},
	"venue_govt_owned":         {0, "Venue Govt-owned"},
	"participants":             {0, "Participants attended"},
	"accommodated":             {0, "Participants availing accommodation"},
	"guest_faculty":            {0, "Guest faculty"},
	"outstation_guest_faculty": {0, "Outstation non-government guest faculty"},
	"guest_sessions":           {0, "Sessions allotted to guest faculty"},
	"advance_received":         {0, "Advance received"},
	"advance_date":             {0, "Date of advance"},
	"settled_on":               {0, "Date of settlement"},
	"report_items":             {0, "Co-ordinator's report (IX)"},
}

// settlementComponents are the components of expenditure of a settlement
// statement by the Annexure II field they settle, with the line and words
// the statement gives them.
var settlementComponents = map[string]Label{
	"gf_remuneration":  {9, "Remuneration to Guest Faculty"},
	"gf_ta":            {10, "TA/DA to Guest Faculty"},
	"coordination_fee": {11, "Co-ordination fee"},
	"stationery":       {12, "Stationery"},
	"photocopy":        {13, "Photocopy charges"},
	"food":             {14, "Food & Refreshments"},
	"venue_hire":       {15, "Hiring charges for venue and training equipments"},
	"miscellaneous":    {16, "Miscellaneous"},
	"ta_advance":       {18, "TA to participants"},
	"da_advance":       {19, "DA to participants"},
	"other_expenses":   {20, "Other expenses"},
}

// LabelOf is how a form of kind names field, a canonical field name of
// docs/forms.md: an Annexure II's lines, a TA bill's header and Total, a
// settlement statement's header and its components ("actual_food", the
// actual expenditure on line 14). False for a field the form does not
// have; a TA bill's table columns are ParticipantLabel and FacultyLabel.
func LabelOf(kind FormKind, field string) (Label, bool) {
	var l Label
	var ok bool
	switch kind {
	case FormAnnexureII:
		l, ok = annexureIILabels[field]
	case FormTABill:
		l, ok = taBillLabels[field]
	case FormSettlement:
		if comp, isActual := strings.CutPrefix(field, "actual_"); isActual {
			if l, ok = settlementComponents[comp]; ok {
				l.Name += ", actual expenditure"
			}
			break
		}
		l, ok = settlementLabels[field]
	}
	return l, ok
}

// ComponentLabel is how a settlement statement names the component of
// expenditure that settles Annexure II field ("food" → Line 14, Food &
// Refreshments).
func ComponentLabel(field string) (Label, bool) {
	l, ok := settlementComponents[field]
	return l, ok
}

// ParticipantLabel is how a TA bill's Participants table heads the column
// of field ("fare_claimed" → "Fare claimed").
func ParticipantLabel(field string) (Label, bool) {
	l, ok := participantLabels[field]
	return l, ok
}

// FacultyLabel is how a TA bill's Guest Faculty table heads the column of
// field ("travel" → "Travel claimed").
func FacultyLabel(field string) (Label, bool) {
	l, ok := facultyLabels[field]
	return l, ok
}
