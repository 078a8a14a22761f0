package stpclaims

import (
	"bytes"
	"encoding/json"
	"time"

	"github.com/shopspring/decimal"
)

// FieldValue is one canonical field of a form as the report shows it.
type FieldValue struct {
	Name  string
	Value string // dates as YYYY-MM-DD, money as a decimal string
	Cell  string
}

// Report is the verdict on one form of a file (one programme): what `check
// --json` prints, one line each, and what the store keeps. Its JSON form is
// docs/report.schema.json.
type Report struct {
	File   string
	SHA256 string
	// Sheet is the sheet the form was read from; "" for a file not read.
	Sheet         string
	Form          FormKind
	Status        Status
	RateCard      string // the card used, e.g. "STP-2015"
	ProgrammeCode string
	// Reason says, for a rejected-unreadable file, what is wrong and what
	// to send instead.
	Reason string
	Fields []FieldValue // in form order
	Assessment
	// Unlisted is how many findings were left out of Findings: a report
	// lists the worst MaxFindings (errors first), so that a workbook with
	// a finding on each of 70,000 rows costs no more to answer than one
	// with MaxFindings.
	Unlisted int
}

// MaxFindings is the most findings a report lists.
const MaxFindings = 10000

// FormatMoney writes rupees as the report does: a whole number without
// decimals ("65100"), else exactly two places ("121.50").
func FormatMoney(d decimal.Decimal) string {
	if d.Equal(d.Truncate(0)) {
		return d.Truncate(0).String()
	}
	return d.StringFixed(2)
}

// FormatDate writes a date as the report does: YYYY-MM-DD.
func FormatDate(t time.Time) string { return t.Format(time.DateOnly) }

type wireField struct {
	Value string `json:"value"`
	Cell  string `json:"cell,omitempty"`
}

type wireLine struct {
	Field      string `json:"field"`
	Cell       string `json:"cell,omitempty"`
	Claimed    string `json:"claimed"`
	Cap        string `json:"cap"`
	Admissible string `json:"admissible"`
}

type wireTotals struct {
	Claimed    string `json:"claimed"`
	Admissible string `json:"admissible"`
}

type wireFinding struct {
	Rule       string   `json:"rule"`
	Clause     string   `json:"clause,omitempty"`
	Severity   Severity `json:"severity"`
	Cell       string   `json:"cell,omitempty"`
	Row        int      `json:"row,omitempty"`
	Field      string   `json:"field,omitempty"`
	Claimed    string   `json:"claimed,omitempty"`
	Allowed    string   `json:"allowed,omitempty"`
	Admissible string   `json:"admissible,omitempty"`
	Action     string   `json:"action,omitempty"`
	Message    string   `json:"message"`
	ReasonCell string   `json:"reason_cell,omitempty"`
}

type wirePending struct {
	Figure string `json:"figure"`
	Field  string `json:"field"`
	State  string `json:"state"`
}

type wireReport struct {
	File          string               `json:"file"`
	SHA256        string               `json:"sha256,omitempty"`
	Sheet         string               `json:"sheet,omitempty"`
	Form          FormKind             `json:"form"`
	Status        Status               `json:"status"`
	Reason        string               `json:"reason,omitempty"`
	RateCard      string               `json:"rate_card"`
	ProgrammeCode string               `json:"programme_code,omitempty"`
	Fields        map[string]wireField `json:"fields"`
	Lines         []wireLine           `json:"lines"`
	MaxAdvance    string               `json:"max_advance,omitempty"`
	Pending       []wirePending        `json:"pending,omitempty"`
	Totals        *wireTotals          `json:"totals,omitempty"`
	Balance       string               `json:"balance,omitempty"`
	PenalInterest string               `json:"penal_interest,omitempty"`
	DaysLate      int                  `json:"days_late,omitempty"`
	Findings      []wireFinding        `json:"findings"`
	Unlisted      int                  `json:"findings_not_listed,omitempty"`
}

func nullMoney(d decimal.NullDecimal) string {
	if !d.Valid {
		return ""
	}
	return FormatMoney(d.Decimal)
}

// MarshalJSON writes the report in the schema's form: money as decimal
// strings, fields as an object keyed by canonical name.
func (r Report) MarshalJSON() ([]byte, error) {
	w := wireReport{
		File:          r.File,
		SHA256:        r.SHA256,
		Sheet:         r.Sheet,
		Form:          r.Form,
		Status:        r.Status,
		Reason:        r.Reason,
		RateCard:      r.RateCard,
		ProgrammeCode: r.ProgrammeCode,
		Fields:        make(map[string]wireField, len(r.Fields)),
		Lines:         make([]wireLine, 0, len(r.Lines)),
		MaxAdvance:    nullMoney(r.MaxAdvance),
		Balance:       nullMoney(r.Balance),
		PenalInterest: nullMoney(r.PenalInterest),
		DaysLate:      r.DaysLate,
		Findings:      make([]wireFinding, 0, len(r.Findings)),
		Unlisted:      r.Unlisted,
	}
	for _, f := range r.Fields {
		w.Fields[f.Name] = wireField{Value: f.Value, Cell: f.Cell}
	}
	for _, l := range r.Lines {
		w.Lines = append(w.Lines, wireLine{
			Field: l.Field, Cell: l.Cell,
			Claimed: FormatMoney(l.Claimed), Cap: FormatMoney(l.Cap), Admissible: FormatMoney(l.Admissible),
		})
	}
	if r.Totals != nil {
		w.Totals = &wireTotals{Claimed: FormatMoney(r.Totals.Claimed), Admissible: FormatMoney(r.Totals.Admissible)}
	}
	for _, f := range r.Findings {
		w.Findings = append(w.Findings, wireFinding{
			Rule: f.Rule, Clause: f.Clause, Severity: f.Severity, Cell: f.Cell, Row: f.Row, Field: f.Field,
			Claimed: nullMoney(f.Claimed), Allowed: nullMoney(f.Allowed), Admissible: nullMoney(f.Admissible),
			Action: f.Action, Message: f.Message, ReasonCell: f.ReasonCell,
		})
	}
	for _, p := range r.Pending {
		w.Pending = append(w.Pending, wirePending{Figure: p.Figure, Field: p.Field, State: p.State.String()})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // "II & III" stays readable
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
