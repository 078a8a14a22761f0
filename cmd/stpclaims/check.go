package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/ingest/convert"
	"stpclaims/ingest/read"
	"stpclaims/output"
	"stpclaims/process"
	"stpclaims/validate"
)

// CheckMain is `stpclaims check`: check workbooks once.
type CheckMain struct {
	json     bool
	out      string
	received string
	rates    stringList
	timeout  time.Duration
}

type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func (m *CheckMain) flags(stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.BoolVar(&m.json, "json", false, "print one JSON report per file, one per line")
	fs.StringVar(&m.out, "out", "", "write NAME.checked.xlsx and NAME.report.json for each file into `DIR`")
	fs.StringVar(&m.received, "received", "", "the day the claims count as received, `YYYY-MM-DD` (default today, "+stpclaims.DefaultZoneName+")")
	fs.Var(&m.rates, "rates", "a rate card `FILE` to load beside the built-in 2015 card (repeatable)")
	fs.DurationVar(&m.timeout, "timeout", 60*time.Second, "give up on a file after this long")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: stpclaims check [--json] [--out DIR] [--received YYYY-MM-DD] [--rates FILE] FILE...")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nexit status: 0 every file clean or review, 1 some file returned, 2 some file unreadable or misuse")
	}
	return fs
}

// Run checks the files named in args and returns the exit status.
func (m *CheckMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := m.flags(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitMisuse
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "stpclaims check: name at least one workbook")
		fs.Usage()
		return exitMisuse
	}
	zone := stpclaims.DefaultZone()
	received := time.Now().In(zone)
	if m.received != "" {
		d, err := time.ParseInLocation(time.DateOnly, m.received, zone)
		if err != nil {
			fmt.Fprintf(stderr, "stpclaims check: --received %q: want a date as YYYY-MM-DD\n", m.received)
			return exitMisuse
		}
		received = d
	}
	cards, err := loadCards(m.rates)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	if m.out != "" {
		if err := os.MkdirAll(m.out, 0o755); err != nil {
			fmt.Fprintf(stderr, "stpclaims check: --out: %v\n", err)
			return exitMisuse
		}
	}
	checker := &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Timeout: m.timeout, Zone: zone, Convert: converter()}

	worst := exitOK
	for _, path := range fs.Args() {
		code := m.checkFile(ctx, checker, path, received, stdout, stderr)
		worst = max(worst, code)
	}
	return worst
}

func (m *CheckMain) checkFile(ctx context.Context, checker *process.Checker, path string, received time.Time, stdout, stderr io.Writer) int {
	data, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	sub := stpclaims.NewSubmission(filepath.Base(path), data, stpclaims.SourceCLI, received)
	res, err := checker.Check(ctx, sub)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	if m.json {
		_, err = stdout.Write(res.JSON)
	} else {
		err = output.Summary(stdout, &res.Report)
	}
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	if m.out != "" {
		if err := desk.WriteOutputs(m.out, sub.Name, res); err != nil {
			fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
			return exitMisuse
		}
	}
	return exitCode(res.Report.Status)
}

func exitCode(s stpclaims.Status) int {
	switch s {
	case stpclaims.StatusClean, stpclaims.StatusReview:
		return exitOK
	case stpclaims.StatusReturned:
		return exitReturned
	}
	return exitMisuse
}

// loadCards reads the rate-card files beside the built-in card.
func loadCards(paths []string) (*validate.Cards, error) {
	var loaded []*validate.Card
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("rate card: %w", err)
		}
		c, err := validate.ParseCard(data)
		if err != nil {
			return nil, fmt.Errorf("rate card %s: %w", p, err)
		}
		loaded = append(loaded, c)
	}
	return validate.NewCards(loaded...)
}

// converter is LibreOffice's conversion of .ods and .xls to .xlsx, or nil
// when LibreOffice is not installed (such files are then rejected with a
// request to save them as .xlsx).
func converter() func(ctx context.Context, name string, data []byte) ([]byte, error) {
	if !convert.Available() {
		return nil
	}
	return func(ctx context.Context, name string, data []byte) ([]byte, error) {
		return convert.ToXLSX(ctx, name, data, convert.Options{})
	}
}
