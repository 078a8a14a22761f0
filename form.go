package stpclaims

import (
	"time"

	"github.com/shopspring/decimal"
)

// State says whether a form had a value for a field and whether it could be
// read.
type State uint8

const (
	// Missing: the form has no label for the field, or the label has no value.
	Missing State = iota
	// Present: the value was read; Field.Value holds it.
	Present
	// Unreadable: a value was written but could not be read without
	// guessing; Field.Raw holds it as typed.
	Unreadable
)

func (s State) String() string {
	switch s {
	case Present:
		return "present"
	case Unreadable:
		return "unreadable"
	}
	return "missing"
}

// Field is one value read from a form, with the cell it came from.
type Field[T any] struct {
	Value T
	// Cell is where the value was found, as "Sheet!B7"; for a missing value,
	// the cell of its label when there was one, else empty.
	Cell string
	// Raw is the cell's text as the sender typed it (or the cached value of
	// a formula).
	Raw   string
	State State
}

// Ok reports whether the value was read.
func (f Field[T]) Ok() bool { return f.State == Present }

// Value types used by the forms.
type (
	Text   = Field[string]
	Amount = Field[decimal.Decimal] // rupees
	Number = Field[decimal.Decimal] // a quantity that is not money (km)
	Count  = Field[int]
	Date   = Field[time.Time] // midnight UTC of the calendar day
	Flag   = Field[bool]
)

// FormKind names a form; the strings are the report's "form" values.
type FormKind string

const (
	FormAnnexureII FormKind = "annexure2"
	FormTABill     FormKind = "ta-bill"
	FormSettlement FormKind = "settlement"
	FormUnknown    FormKind = "unknown"
)

// Name names the form kind for people, as replies and findings write it
// ("Annexure II", "TA bill", "settlement statement"); "" for any other
// kind, which each caller words in its own context.
func (k FormKind) Name() string {
	switch k {
	case FormAnnexureII:
		return "Annexure II"
	case FormTABill:
		return "TA bill"
	case FormSettlement:
		return "settlement statement"
	}
	return ""
}

// Form is one form a workbook was read as: exactly one of the pointers is
// set, the one Kind names. A workbook holds one form a programme, each on a
// sheet of its own (a TA bill on its Participants sheet and, optionally, a
// Guest Faculty sheet).
type Form struct {
	Kind FormKind
	// Sheet is the sheet the form was read from (a TA bill's Participants
	// sheet).
	Sheet      string
	AnnexureII *AnnexureII
	TABill     *TABill
	Settlement *Settlement
	// Unread is what of the workbook was not read as a claim and is told
	// with this form: the hidden rows and columns of its own sheets, and,
	// with the workbook's first form, the sheets not read (READ-SKIPPED,
	// READ-HIDDEN).
	Unread []Unread
}

// Unread is a part of a workbook that was not read as a claim: a sheet
// holding no form (or one not read for another reason Why gives), a hidden
// sheet, or the hidden rows and columns of a form's sheet that hold values.
type Unread struct {
	Sheet string
	Why   UnreadWhy
	// Cell is where it is shown: the first cell holding a value in the
	// hidden rows or columns, else the sheet's first cell ("Notes!A1").
	Cell string
	// Holds is the form a sheet not read holds, when it holds one.
	Holds FormKind
	// Other is the sheet whose form was read instead (UnreadCopy,
	// UnreadBeside, UnreadSecondBill); Code the programme code they share
	// (UnreadBeside).
	Other, Code string
	// Rows and Cols are the hidden rows and columns holding values
	// (UnreadHiddenCells), 1-based and ascending.
	Rows, Cols []int
}

// UnreadWhy says why a part of a workbook was not read.
type UnreadWhy string

const (
	// UnreadNoForm: the sheet holds no form (READ-SKIPPED).
	UnreadNoForm UnreadWhy = "no-form"
	// UnreadBlank: the sheet holds a form with nothing filled in, and the
	// workbook's forms are on other sheets (READ-SKIPPED).
	UnreadBlank UnreadWhy = "blank"
	// UnreadCopy: the sheet holds the same form, figure for figure, as
	// sheet Other, which is read (READ-SKIPPED).
	UnreadCopy UnreadWhy = "copy"
	// UnreadBeside: the sheet holds the Annexure II of programme Code, sent
	// with its TA bill or settlement statement on sheet Other, which is
	// read (READ-SKIPPED).
	UnreadBeside UnreadWhy = "beside"
	// UnreadSecondBill: the sheet holds a TA bill's table, and the
	// workbook's TA bill is the one on sheet Other (READ-SKIPPED).
	UnreadSecondBill UnreadWhy = "second-bill"
	// UnreadHiddenSheet, UnreadVeryHiddenSheet: the sheet is hidden, or
	// very hidden (visible only to a macro), and holds something
	// (READ-HIDDEN).
	UnreadHiddenSheet     UnreadWhy = "hidden-sheet"
	UnreadVeryHiddenSheet UnreadWhy = "very-hidden-sheet"
	// UnreadHiddenCells: hidden rows or columns of a form's sheet hold
	// values (READ-HIDDEN).
	UnreadHiddenCells UnreadWhy = "hidden-cells"
)

// ProgrammeCode returns the programme code of whichever form this is.
func (f Form) ProgrammeCode() Text {
	switch {
	case f.AnnexureII != nil:
		return f.AnnexureII.ProgrammeCode
	case f.TABill != nil:
		return f.TABill.ProgrammeCode
	case f.Settlement != nil:
		return f.Settlement.ProgrammeCode
	}
	return Text{}
}

// StartDate returns the programme's first day as whichever form this is
// gives it: the day its rate card is chosen by.
func (f Form) StartDate() Date {
	switch {
	case f.AnnexureII != nil:
		return f.AnnexureII.StartDate
	case f.TABill != nil:
		return f.TABill.StartDate
	case f.Settlement != nil:
		return f.Settlement.StartDate
	}
	return Date{}
}

// AnnexureII is the proforma for claiming an advance (one per programme),
// lines 1–23 of the 2015 order plus the optional fields of docs/forms.md. The
// canonical field name of each value is in its comment; reports and findings
// use those names.
type AnnexureII struct {
	Department    Text  // department
	Venue         Text  // venue
	ProgrammeCode Text  // programme_code (line 1)
	ProgrammeName Text  // programme_name (line 2)
	StartDate     Date  // start_date (line 3)
	EndDate       Date  // end_date (line 3)
	TrainingDays  Count // training_days (line 3)

	Participants           Count // participants (line 4)
	Accommodated           Count // accommodated (optional; default participants)
	GuestFaculty           Count // guest_faculty (line 5)
	OutstationGuestFaculty Count // outstation_guest_faculty (optional; default 0)
	GuestSessions          Count // guest_sessions (line 6)
	OfficerClass           Text  // officer_class (line 7), as written: "II & III"
	ProgrammeType          Text  // programme_type (line 8)
	VenueGovtOwned         Flag  // venue_govt_owned (optional)

	GFRemuneration  Amount // gf_remuneration (line 9)
	GFTA            Amount // gf_ta (line 10)
	CoordinationFee Amount // coordination_fee (line 11)
	Stationery      Amount // stationery (line 12)
	Photocopy       Amount // photocopy (line 13)
	Food            Amount // food (line 14)
	VenueHire       Amount // venue_hire (line 15)
	Miscellaneous   Amount // miscellaneous (line 16)
	Subtotal        Amount // subtotal (line 17)
	TAAdvance       Amount // ta_advance (line 18)
	DAAdvance       Amount // da_advance (line 19)
	OtherExpenses   Amount // other_expenses (line 20)
	AdvanceClaimed  Amount // advance_claimed (line 21)

	Coordinator            Text // coordinator (line 22): the name
	CoordinatorDesignation Text // coordinator_designation
	CoordinatorPhone       Text // coordinator_phone
	CoordinatorEmail       Text // coordinator_email
	AccountNo              Text // account_no (line 23)
	IFSC                   Text // ifsc
	Facilitator            Text // facilitator: the name
	FacilitatorEmail       Text // facilitator_email

	// Conflicts are the fields the form gives two different values for
	// (AII-CONFLICT); such a field is Unreadable, unless only its words
	// disagree with its figure.
	Conflicts []Conflict
}

// Conflict is a field an Annexure II gives two different values for: its
// label twice on one sheet with different values beside it, or a figure
// with the same amount (count) in words beside it that says another number.
// Values that differ are never chosen between: the field is read as
// Unreadable at the first cell. Words that differ from their figure leave
// the figure standing.
type Conflict struct {
	Field string    // canonical field name, e.g. "food"
	Cells [2]string // where each value is, "Sheet!D19"; both the figure's cell for words
	Raws  [2]string // each value as typed ("" for a money line left blank in one copy of a form pasted twice); for words, the figure and the words
	Words bool      // the second value is the figure's words
}

// TABill is the bill of participants' travel and DA and guest faculty's
// remuneration and travel, sent after a programme.
type TABill struct {
	ProgrammeCode Text  // programme_code
	ProgrammeName Text  // programme_name
	StartDate     Date  // start_date
	EndDate       Date  // end_date
	TrainingDays  Count // training_days, when the header gives it

	ParticipantsSheet string
	Participants      []Participant
	// Total is the "Total" row's figure in the Total column; TotalRow its
	// sheet row (0 when the bill has none).
	Total    Amount
	TotalRow int

	FacultySheet string
	Faculty      []GuestFacultyClaim
}

// Participant is one row of a TA bill's Participants sheet.
type Participant struct {
	Row          int // the sheet row, 1-based
	Name         Text
	PEN          Text
	Designation  Text
	Class        Text // I–IV
	Office       Text // office / headquarters
	DistanceKm   Number
	Mode         Text   // Train / Bus / Auto / Own / Taxi
	EligibleFare Amount // to and fro
	FareClaimed  Amount
	AutoKm       Number // single journey
	AutoFare     Amount
	DaysAttended Count
	DaysAbsent   Count // without valid reason
	FullDARate   Amount
	DAClaimed    Amount
	Total        Amount
	AccountNo    Text
	IFSC         Text
}

// GuestFacultyClaim is one row of a TA bill's Guest Faculty sheet.
type GuestFacultyClaim struct {
	Row           int
	Name          Text
	GovtEmployee  Flag
	Local         Flag
	SessionsTaken Count
	DaysEngaged   Count
	DistanceKm    Number
	Mode          Text
	Remuneration  Amount
	Conveyance    Amount
	Travel        Amount
	AccountNo     Text
	IFSC          Text
}

// Settlement is the statement that settles a programme's advance.
type Settlement struct {
	ProgrammeCode Text  // programme_code
	ProgrammeName Text  // programme_name
	StartDate     Date  // start_date
	EndDate       Date  // end_date
	TrainingDays  Count // training_days

	// The programme's figures the caps are computed from, when the
	// statement gives them (else they come from the advance's claim).
	Participants           Count
	Accommodated           Count
	GuestFaculty           Count
	OutstationGuestFaculty Count
	GuestSessions          Count
	Venue                  Text
	VenueGovtOwned         Flag

	AdvanceReceived Amount // advance_received
	AdvanceDate     Date   // advance_date
	SettledOn       Date   // settled_on

	// Expenditure holds one row per component, keyed by the Annexure II
	// field name of the line it settles (gf_remuneration … da_advance,
	// other_expenses).
	Expenditure []Expense
	// ReportItems are the co-ordinator's report items IX 1–7 as marked.
	ReportItems []ReportItem
}

// Expense is the actual expenditure on one component of a settlement.
type Expense struct {
	Field  string // Annexure II field name, e.g. "food"
	Actual Amount
}

// ReportItem is one of the co-ordinator's report items (IX 1–7).
type ReportItem struct {
	Number   int // 1–7
	Title    string
	Enclosed Flag
}

// ReportItemTitles are the titles of the co-ordinator's report items of
// clause IX, item n at [n-1], in the order's own words and spelling
// ("alongwith" included): the settlement template prints them, the reader
// names the items it finds by them and ST-REPORT-ITEMS quotes them.
func ReportItemTitles() [7]string {
	return [7]string{
		"Attendance Register",
		"Final list of participants",
		"Final programme schedule",
		"Attendance of Guest Faculty",
		"Summary report and consolidated evaluation",
		"Bio-data form",
		"Utilization Certificate alongwith vouchers and statement of account",
	}
}

// TemplateTitle is the document title of the blank forms `stpclaims
// template` writes. Beside the form they hold two sheets of their own, its
// instructions and the hidden rates its limits are computed from; the
// reader knows those sheets, in a workbook of that title, as the
// template's: not a claim, and named nowhere.
const (
	TemplateTitle             = "STP claim template"
	TemplateInstructionsSheet = "Instructions"
	TemplateRatesSheet        = "Rates"
)
