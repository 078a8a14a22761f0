package ebt

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"stpclaims"
)

// ErrUpload is wrapped by Write when a list cannot be written in the layout
// without changing what it says (an account number wider than its column,
// paise in a layout of whole rupees).
var ErrUpload = errors.New("ebt: the list does not fit the upload layout")

// Write writes the upload file of a list's payments (withdrawn rows left
// out) in the layout; day is the date the date field and {date} show.
func (l Layout) Write(w io.Writer, list *stpclaims.EBTList, day time.Time) error {
	rows := list.Payable()
	var lines [][]string
	var kinds [][]string // the field each value is, for fixed width
	if l.Header {
		titles := l.Titles
		if len(titles) == 0 {
			for _, c := range l.Columns {
				t, _ := fieldTitle(c)
				titles = append(titles, t)
			}
		}
		lines, kinds = append(lines, titles), append(kinds, nil)
	}
	for _, r := range rows {
		line := make([]string, len(l.Columns))
		for i, c := range l.Columns {
			v, err := l.value(c, &r, list, day)
			if err != nil {
				return err
			}
			line[i] = v
		}
		lines, kinds = append(lines, line), append(kinds, l.Columns)
	}
	if len(l.Trailer) > 0 {
		line, err := l.trailer(rows, list, day)
		if err != nil {
			return err
		}
		lines, kinds = append(lines, line), append(kinds, l.Trailer)
	}
	if l.FixedWidth {
		return l.writeFixed(w, lines, kinds)
	}
	return l.writeDelimited(w, lines)
}

func (l Layout) value(field string, r *stpclaims.EBTRow, list *stpclaims.EBTList, day time.Time) (string, error) {
	switch field {
	case "serial":
		return strconv.Itoa(r.Serial), nil
	case "name":
		return r.Name, nil
	case "pen":
		return r.PEN, nil
	case "account_no":
		return r.AccountNo, nil
	case "ifsc":
		return r.IFSC, nil
	case "bank":
		return r.Bank, nil
	case "amount":
		return l.amount(r.Amount)
	case "narration":
		return r.Narration, nil
	case "date":
		return FormatDate(l.DateFormat, day), nil
	case "list":
		return strconv.FormatInt(list.ID, 10), nil
	case "kind":
		return r.Kind, nil
	}
	return "", fmt.Errorf("ebt: unknown field %q", field)
}

func (l Layout) trailer(rows []stpclaims.EBTRow, list *stpclaims.EBTList, day time.Time) ([]string, error) {
	out := make([]string, len(l.Trailer))
	for i, t := range l.Trailer {
		switch t {
		case "{count}":
			out[i] = strconv.Itoa(len(rows))
		case "{total}":
			v, err := l.amount(list.Total())
			if err != nil {
				return nil, err
			}
			out[i] = v
		case "{check}":
			out[i] = CheckTotal(rows, l.CheckDigits).String()
		case "{date}":
			out[i] = FormatDate(l.DateFormat, day)
		case "{list}":
			out[i] = strconv.FormatInt(list.ID, 10)
		default:
			out[i] = t
		}
	}
	return out, nil
}

func (l Layout) amount(d decimal.Decimal) (string, error) {
	switch l.Amount {
	case "0":
		if !d.Equal(d.Truncate(0)) {
			return "", fmt.Errorf("%w: %s has paise and the layout writes whole rupees", ErrUpload, d.StringFixed(2))
		}
		return d.Truncate(0).String(), nil
	case "paise":
		return d.Mul(decimal.NewFromInt(100)).Round(0).String(), nil
	}
	return d.StringFixed(2), nil
}

func (l Layout) eol() string {
	if l.LineEnding == "lf" {
		return "\n"
	}
	return "\r\n"
}

func (l Layout) writeDelimited(w io.Writer, lines [][]string) error {
	var buf bytes.Buffer
	cw := csv.NewWriter(&buf)
	cw.Comma, _ = utf8.DecodeRuneInString(l.Delimiter)
	cw.UseCRLF = l.LineEnding != "lf"
	if err := cw.WriteAll(lines); err != nil {
		return fmt.Errorf("ebt: upload file: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (l Layout) writeFixed(w io.Writer, lines, kinds [][]string) error {
	var buf bytes.Buffer
	for i, line := range lines {
		widths := l.Widths
		if len(l.Trailer) > 0 && i == len(lines)-1 {
			widths = l.TrailerWidths
		}
		for j, v := range line {
			field := ""
			if kinds[i] != nil {
				field = kinds[i][j]
			}
			cell, err := pad(v, widths[j], field, kinds[i] == nil)
			if err != nil {
				return fmt.Errorf("%w: line %d: %w", ErrUpload, i+1, err)
			}
			buf.WriteString(cell)
		}
		buf.WriteString(l.eol())
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// pad fits v to width characters: a number right-aligned with zeros, text
// left-aligned with spaces; a title, name, bank or narration cut to fit,
// anything else refused when too long.
func pad(v string, width int, field string, title bool) (string, error) {
	n := utf8.RuneCountInString(v)
	if n > width {
		if !title && !cuttable[field] {
			return "", fmt.Errorf("%s %q is longer than its width of %d", strings.Trim(field, "{}"), v, width)
		}
		return string([]rune(v)[:width]), nil
	}
	if !title && numeric[field] {
		return strings.Repeat("0", width-n) + v, nil
	}
	return v + strings.Repeat(" ", width-n), nil
}

// FormatDate writes day in a layout's date format: DD, MM, YYYY and YY
// stand for the day, month and year.
func FormatDate(format string, day time.Time) string {
	r := strings.NewReplacer("YYYY", fmt.Sprintf("%04d", day.Year()), "YY", fmt.Sprintf("%02d", day.Year()%100),
		"MM", fmt.Sprintf("%02d", int(day.Month())), "DD", fmt.Sprintf("%02d", day.Day()))
	return r.Replace(format)
}
