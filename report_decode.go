package stpclaims

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// UnmarshalJSON reads a report written by MarshalJSON (the schema's form)
// back: money from its decimal strings, fields in the order the object
// lists them. It is how stored reports are read again (the ledger).
func (r *Report) UnmarshalJSON(data []byte) error {
	var w struct {
		wireReport
		Fields json.RawMessage `json:"fields"`
	}
	if err := json.Unmarshal(data, &w); err != nil {
		return fmt.Errorf("stpclaims: report: %w", err)
	}
	out := Report{
		File: w.File, SHA256: w.SHA256, Sheet: w.Sheet, Form: w.Form, Status: w.Status, Reason: w.Reason,
		RateCard: w.RateCard, ProgrammeCode: w.ProgrammeCode, Unlisted: w.Unlisted,
	}
	var err error
	if out.Fields, err = decodeFields(w.Fields); err != nil {
		return err
	}
	a := &out.Assessment
	a.DaysLate = w.DaysLate
	for _, m := range []struct {
		text string
		dst  *decimal.NullDecimal
		name string
	}{{w.MaxAdvance, &a.MaxAdvance, "max_advance"}, {w.Balance, &a.Balance, "balance"}, {w.PenalInterest, &a.PenalInterest, "penal_interest"}} {
		if *m.dst, err = parseNullMoney(m.text, m.name); err != nil {
			return err
		}
	}
	if w.Totals != nil {
		t := &Totals{}
		if t.Claimed, err = parseMoney(w.Totals.Claimed, "totals.claimed"); err != nil {
			return err
		}
		if t.Admissible, err = parseMoney(w.Totals.Admissible, "totals.admissible"); err != nil {
			return err
		}
		a.Totals = t
	}
	for i, l := range w.Lines {
		line := Line{Field: l.Field, Cell: l.Cell}
		name := fmt.Sprintf("lines[%d]", i)
		if line.Claimed, err = parseMoney(l.Claimed, name+".claimed"); err != nil {
			return err
		}
		if line.Cap, err = parseMoney(l.Cap, name+".cap"); err != nil {
			return err
		}
		if line.Admissible, err = parseMoney(l.Admissible, name+".admissible"); err != nil {
			return err
		}
		a.Lines = append(a.Lines, line)
	}
	for i, f := range w.Findings {
		fd := Finding{Rule: f.Rule, Clause: f.Clause, Severity: f.Severity, Cell: f.Cell, Row: f.Row, Field: f.Field,
			Action: f.Action, Message: f.Message, ReasonCell: f.ReasonCell}
		name := fmt.Sprintf("findings[%d]", i)
		if fd.Claimed, err = parseNullMoney(f.Claimed, name+".claimed"); err != nil {
			return err
		}
		if fd.Allowed, err = parseNullMoney(f.Allowed, name+".allowed"); err != nil {
			return err
		}
		if fd.Admissible, err = parseNullMoney(f.Admissible, name+".admissible"); err != nil {
			return err
		}
		a.Findings = append(a.Findings, fd)
	}
	for _, p := range w.Pending {
		a.Pending = append(a.Pending, Pending{Figure: p.Figure, Field: p.Field, State: stateNamed(p.State)})
	}
	*r = out
	return nil
}

// stateNamed is the State whose String is s (Missing for one not known).
func stateNamed(s string) State {
	for _, st := range []State{Present, Unreadable} {
		if st.String() == s {
			return st
		}
	}
	return Missing
}

// decodeFields reads the "fields" object keeping its keys' order.
func decodeFields(raw json.RawMessage) ([]FieldValue, error) {
	if len(bytes.TrimSpace(raw)) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("stpclaims: report: fields: %w", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("stpclaims: report: fields: want an object")
	}
	var out []FieldValue
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("stpclaims: report: fields: %w", err)
		}
		name, _ := tok.(string)
		var wf wireField
		if err := dec.Decode(&wf); err != nil {
			return nil, fmt.Errorf("stpclaims: report: field %s: %w", name, err)
		}
		out = append(out, FieldValue{Name: name, Value: wf.Value, Cell: wf.Cell})
	}
	return out, nil
}

func parseMoney(s, name string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("stpclaims: report: %s: %q is not an amount: %w", name, s, err)
	}
	return d, nil
}

func parseNullMoney(s, name string) (decimal.NullDecimal, error) {
	if s == "" {
		return decimal.NullDecimal{}, nil
	}
	d, err := parseMoney(s, name)
	if err != nil {
		return decimal.NullDecimal{}, err
	}
	return decimal.NewNullDecimal(d), nil
}
