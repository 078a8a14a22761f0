package ebt

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Layout is the bank's upload file: which fields, in which order, how
// separated, with or without a header line and a trailer. Banks differ;
// the Finance Division sets its bank's layout in the [ebt] table of the
// config. DefaultLayout is comma-separated with a header row.
type Layout struct {
	// Extension of the file name: "csv", "txt".
	Extension string `toml:"extension"`
	// Delimiter between fields: one character (",", "|", ";", "\t").
	// Unused when FixedWidth.
	Delimiter string `toml:"delimiter"`
	// Header: a first line naming the columns (Titles, else each field's
	// title).
	Header bool `toml:"header"`
	// Columns are the fields of a row, in order, chosen from Fields.
	Columns []string `toml:"columns"`
	// Titles name the columns on the header line; empty for the fields'
	// own titles.
	Titles []string `toml:"titles"`
	// FixedWidth: each field padded to its width (Widths, one a column):
	// numbers right-aligned with zeros, text left-aligned with spaces; no
	// delimiter. A name, bank or narration too long is cut to its width;
	// an account number, IFSC, PEN, date or number too long is refused.
	FixedWidth bool  `toml:"fixed_width"`
	Widths     []int `toml:"widths"`
	// Trailer is the last line, one item a field: {count} (rows),
	// {total} (the amount), {check} (CheckTotal), {date}, {list}, or
	// literal text ("T", "TOTAL"). Empty for no trailer.
	Trailer       []string `toml:"trailer"`
	TrailerWidths []int    `toml:"trailer_widths"`
	// DateFormat writes the date field: DD, MM, YYYY and YY stand for the
	// day, month and year; anything else is written as it is.
	DateFormat string `toml:"date_format"`
	// Amount is how amounts are written: "0.00" (rupees and paise, the
	// default), "0" (whole rupees; a list with paise is refused) or
	// "paise" (a whole number of paise).
	Amount string `toml:"amount"`
	// LineEnding is "crlf" (the default) or "lf".
	LineEnding string `toml:"line_ending"`
	// CheckDigits is how many of each account number's last digits the
	// check total adds (DefaultCheckDigits when 0).
	CheckDigits int `toml:"check_digits"`
}

// Fields a row of the upload file may have, with their header titles.
var Fields = []struct{ Name, Title string }{
	{"serial", "Sl No"},
	{"name", "Beneficiary Name"},
	{"pen", "PEN"},
	{"account_no", "Account Number"},
	{"ifsc", "IFSC"},
	{"bank", "Bank"},
	{"amount", "Amount"},
	{"narration", "Narration"},
	{"date", "Date"},
	{"list", "List"},
	{"kind", "Type"},
}

// trailerFields are what a trailer item may stand for.
var trailerFields = []string{"{count}", "{total}", "{check}", "{date}", "{list}"}

// numeric fields are right-aligned with zeros in a fixed-width file.
var numeric = map[string]bool{"serial": true, "amount": true, "list": true,
	"{count}": true, "{total}": true, "{check}": true, "{list}": true}

// cuttable fields are cut to their width in a fixed-width file.
var cuttable = map[string]bool{"name": true, "bank": true, "narration": true, "kind": true}

// DefaultLayout is the upload file when the config names none: CSV with
// a header row, CRLF line ends, amounts in rupees and paise.
func DefaultLayout() Layout {
	return Layout{
		Extension:   "csv",
		Delimiter:   ",",
		Header:      true,
		Columns:     []string{"serial", "name", "account_no", "ifsc", "amount", "narration"},
		DateFormat:  "DD/MM/YYYY",
		Amount:      "0.00",
		LineEnding:  "crlf",
		CheckDigits: DefaultCheckDigits,
	}
}

// LayoutError names the [ebt] key at fault.
type LayoutError struct{ Key, Reason string }

func (e *LayoutError) Error() string { return "ebt: " + e.Key + ": " + e.Reason }

func fieldTitle(name string) (string, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f.Title, true
		}
	}
	return "", false
}

// Validate checks the layout, naming the key at fault.
func (l Layout) Validate() error {
	for _, check := range []func() error{l.validateColumns, l.validateShape, l.validateTrailer, l.validateFormats} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (l Layout) validateColumns() error {
	if len(l.Columns) == 0 {
		return &LayoutError{"columns", "name the fields of a row"}
	}
	for _, c := range l.Columns {
		if _, ok := fieldTitle(c); !ok {
			names := make([]string, len(Fields))
			for i, f := range Fields {
				names[i] = f.Name
			}
			return &LayoutError{"columns", fmt.Sprintf("%q is not a field; choose from %s", c, strings.Join(names, ", "))}
		}
	}
	if !slices.Contains(l.Columns, "account_no") || !slices.Contains(l.Columns, "amount") {
		return &LayoutError{"columns", "a bank needs at least account_no and amount"}
	}
	if len(l.Titles) > 0 && len(l.Titles) != len(l.Columns) {
		return &LayoutError{"titles", fmt.Sprintf("%d titles for %d columns", len(l.Titles), len(l.Columns))}
	}
	return nil
}

func (l Layout) validateShape() error {
	if l.Extension == "" || strings.ContainsAny(l.Extension, `/\. `) {
		return &LayoutError{"extension", "want a file extension such as csv or txt, without the dot"}
	}
	if !l.FixedWidth {
		if utf8.RuneCountInString(l.Delimiter) != 1 || strings.ContainsAny(l.Delimiter, "\"\r\n") {
			return &LayoutError{"delimiter", `want one character such as "," or "|" (or fixed_width = true)`}
		}
		return nil
	}
	if len(l.Widths) != len(l.Columns) {
		return &LayoutError{"widths", fmt.Sprintf("fixed width needs one width a column: %d widths for %d columns", len(l.Widths), len(l.Columns))}
	}
	for _, w := range l.Widths {
		if w < 1 || w > 255 {
			return &LayoutError{"widths", "each width must be between 1 and 255"}
		}
	}
	return nil
}

func (l Layout) validateTrailer() error {
	for _, t := range l.Trailer {
		if strings.HasPrefix(t, "{") && !slices.Contains(trailerFields, t) {
			return &LayoutError{"trailer", fmt.Sprintf("%q: a trailer item in braces is one of %s", t, strings.Join(trailerFields, ", "))}
		}
	}
	if l.FixedWidth && len(l.Trailer) > 0 {
		if len(l.TrailerWidths) != len(l.Trailer) {
			return &LayoutError{"trailer_widths", fmt.Sprintf("fixed width needs one width a trailer item: %d widths for %d items", len(l.TrailerWidths), len(l.Trailer))}
		}
		for _, w := range l.TrailerWidths {
			if w < 1 || w > 255 {
				return &LayoutError{"trailer_widths", "each width must be between 1 and 255"}
			}
		}
	}
	return nil
}

func (l Layout) validateFormats() error {
	if !strings.Contains(l.DateFormat, "DD") || !strings.Contains(l.DateFormat, "MM") || !strings.Contains(l.DateFormat, "YY") {
		return &LayoutError{"date_format", "want the day, month and year, such as DD/MM/YYYY or YYYYMMDD"}
	}
	switch l.Amount {
	case "0.00", "0", "paise":
	default:
		return &LayoutError{"amount", `want "0.00", "0" or "paise"`}
	}
	switch l.LineEnding {
	case "crlf", "lf":
	default:
		return &LayoutError{"line_ending", `want "crlf" or "lf"`}
	}
	if l.CheckDigits < 0 || l.CheckDigits > 18 {
		return &LayoutError{"check_digits", "want between 1 and 18 (0 for the default, 11)"}
	}
	return nil
}
