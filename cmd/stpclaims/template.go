package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"stpclaims"
	"stpclaims/internal/atomicfile"
	"stpclaims/templates"
)

// TemplateMain is `stpclaims template`: write a blank form.
type TemplateMain struct {
	out   string
	rates stringList
	on    string
}

func (m *TemplateMain) flags(stderr io.Writer) (*flag.FlagSet, *bool) {
	fs, help := templateCommand.flagSet(stderr)
	fs.StringVar(&m.out, "o", "", "write the workbook to `FILE` (- for standard output; default FORM-template.xlsx in the current directory)")
	fs.Var(&m.rates, "rates", "a rate card `FILE` to load beside the built-in 2015 card (repeatable)")
	fs.StringVar(&m.on, "date", "", "use the rate card in force on `YYYY-MM-DD` (default today, "+stpclaims.DefaultZoneName+")")
	return fs, help
}

// Run writes the blank workbook of the form named in args and returns the
// exit status.
func (m *TemplateMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := m.flags(stderr)
	rest, code, done := templateCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "stpclaims template: name one form: annexure2, ta-bill or settlement")
		fs.Usage()
		return exitMisuse
	}
	kind := rest[0]
	form := stpclaims.FormKind(kind)
	if !formKnown(form) {
		fmt.Fprintf(stderr, "stpclaims template: no template %q: choose annexure2, ta-bill or settlement\n", kind)
		return exitMisuse
	}
	zone := stpclaims.DefaultZone()
	day := time.Now().In(zone)
	if m.on != "" {
		d, err := time.ParseInLocation(time.DateOnly, m.on, zone)
		if err != nil {
			fmt.Fprintf(stderr, "stpclaims template: --date %q: want a date as YYYY-MM-DD\n", m.on)
			return exitMisuse
		}
		day = d
	}
	cards, err := loadCards(m.rates)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims template: %v\n", err)
		return exitMisuse
	}
	card := cards.InForce(time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC))
	if card == nil {
		fmt.Fprintf(stderr, "stpclaims template: no rate card is in force on %s\n", day.Format(time.DateOnly))
		return exitMisuse
	}
	if err := ctx.Err(); err != nil {
		return exitMisuse
	}
	data, err := templates.Build(form, card)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims template: %v\n", err)
		return exitMisuse
	}
	if m.out == "-" {
		if _, err := stdout.Write(data); err != nil {
			fmt.Fprintf(stderr, "stpclaims template: %v\n", err)
			return exitMisuse
		}
		return exitOK
	}
	path := m.out
	if path == "" {
		path = templates.FileName(form)
	}
	if err := atomicfile.Write(path, data); err != nil {
		fmt.Fprintf(stderr, "stpclaims template: %v\n", err)
		return exitMisuse
	}
	fmt.Fprintf(stdout, "%s: blank %s with the rates of card %s\n", path, form, card.Name)
	return exitOK
}

func formKnown(k stpclaims.FormKind) bool {
	for _, known := range templates.Kinds {
		if k == known {
			return true
		}
	}
	return false
}
