package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
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

func (m *TemplateMain) flags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("template", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&m.out, "o", "", "write the workbook to `FILE` (- for standard output; default FORM-template.xlsx in the current directory)")
	fs.Var(&m.rates, "rates", "a rate card `FILE` to load beside the built-in 2015 card (repeatable)")
	fs.StringVar(&m.on, "date", "", "use the rate card in force on `YYYY-MM-DD` (default today, "+stpclaims.DefaultZoneName+")")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: stpclaims template annexure2|ta-bill|settlement [-o FILE] [--rates FILE] [--date YYYY-MM-DD]")
		fs.PrintDefaults()
	}
	return fs
}

// Run writes the blank workbook of the form named in args and returns the
// exit status.
func (m *TemplateMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := m.flags(stderr)
	// the form may come before or after the flags
	var kind string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		kind, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitMisuse
	}
	if kind == "" && fs.NArg() > 0 {
		kind = fs.Arg(0)
		if err := fs.Parse(fs.Args()[1:]); err != nil {
			return exitMisuse
		}
	}
	if kind == "" || fs.NArg() > 0 {
		fs.Usage()
		return exitMisuse
	}
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
