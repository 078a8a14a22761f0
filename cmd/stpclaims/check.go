package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/ingest/convert"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/read"
	"stpclaims/isolate"
	"stpclaims/output"
	"stpclaims/process"
	"stpclaims/validate"
)

// checkCommand is `stpclaims check`'s help.
var checkCommand = command{
	name: "check",
	args: "[flags] FILE...",
	about: `Check claim workbooks (Annexure II, TA bill, settlement statement; .xlsx, .ods or .xls)
once, as the daemon would, and print what is wrong with each, then a closing line
across the files. Nothing is stored and nothing is sent.`,
	examples: []string{
		"stpclaims check claim.xlsx",
		"stpclaims check *.xlsx --received 2026-01-12",
		"stpclaims check --out checked claim.xlsx bill.ods --json",
	},
	notes: `Flags may come before or after the files. With --json standard output holds only the
reports; the closing line and the files written go to standard error.
A progress line is shown on standard error when it is a terminal and there are more
than 20 files.

exit status: 0 every file clean or review, 1 some file returned, 2 some file
unreadable, or misuse`,
}

// CheckMain is `stpclaims check`: check workbooks once.
type CheckMain struct {
	json     bool
	verbose  bool
	out      string
	received string
	rates    stringList
	timeout  time.Duration
	// inProcess checks in this process instead of a worker (no ceiling);
	// maxMemory is the worker's (and LibreOffice's) ceiling.
	inProcess bool
	maxMemory byteSize
	// terminal reports whether stderr is a terminal (for the progress
	// line); nil: whether it is a character device.
	terminal func(w io.Writer) bool
}

// fileChecker is what `check` needs of a checker: the worker pool
// (isolate.Pool) or, with --in-process, process.Checker.
type fileChecker interface {
	Check(ctx context.Context, sub stpclaims.Submission) (process.Result, error)
	TooLarge(sub stpclaims.Submission, size int64) process.Result
}

var (
	_ fileChecker = (*process.Checker)(nil)
	_ fileChecker = (*isolate.Pool)(nil)
)

type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(s string) error { *l = append(*l, s); return nil }

func (m *CheckMain) flags(stderr io.Writer) (*flag.FlagSet, *bool) {
	fs, help := checkCommand.flagSet(stderr)
	fs.BoolVar(&m.json, "json", false, "print one JSON report per file, one per line")
	fs.StringVar(&m.out, "out", "", "write NAME.checked.xlsx and NAME.report.json for each file into `DIR` (created if need be)")
	fs.StringVar(&m.received, "received", "", "the day the claims count as received, `YYYY-MM-DD` (default today, "+stpclaims.DefaultZoneName+")")
	fs.Var(&m.rates, "rates", "a rate card `FILE` to load beside the built-in 2015 card (repeatable)")
	fs.DurationVar(&m.timeout, "timeout", 60*time.Second, "give up on a file after this `DURATION`")
	fs.BoolVar(&m.verbose, "v", false, "log what is done (conversions, timings) on standard error")
	m.maxMemory = isolate.DefaultMaxMemory
	fs.Var(&m.maxMemory, "max-memory", "stop a file whose check needs more memory than `SIZE` (the worker's and LibreOffice's ceiling)")
	fs.BoolVar(&m.inProcess, "in-process", false, "check in this process, not in a worker process (no memory ceiling; for debugging)")
	return fs, help
}

// Run checks the files named in args and returns the exit status.
func (m *CheckMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := m.flags(stderr)
	files, code, done := checkCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if len(files) == 0 {
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
	rates, err := readRates(m.rates)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	cards, err := parseCards(rates, m.rates) // named by file here, not in a worker
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	// the lines for people beside the reports: on stdout, unless it holds JSON
	notes := stdout
	if m.json {
		notes = stderr
	}
	if m.out != "" {
		if _, err := os.Stat(m.out); errors.Is(err, iofs.ErrNotExist) {
			if err := os.MkdirAll(m.out, 0o755); err != nil {
				fmt.Fprintf(stderr, "stpclaims check: --out: %v\n", err)
				return exitMisuse
			}
			fmt.Fprintf(notes, "created %s\n", m.out)
		}
	}
	log := slog.New(slog.DiscardHandler)
	if m.verbose {
		log = slog.New(slog.NewTextHandler(stderr, nil))
	}
	checker, closeChecker, err := m.checker(cards, rates, zone, log)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return exitMisuse
	}
	defer closeChecker()

	prog := &progress{w: stderr, total: len(files), on: len(files) > progressAbove && m.isTerminal(stderr)}
	var t tally
	worst := exitOK
	for i, path := range files {
		prog.show(i+1, path)
		statuses, code := m.checkFile(ctx, checker, path, received, stdout, stderr, notes, prog)
		t.add(statuses)
		worst = max(worst, code)
	}
	prog.clear()
	if len(files) > 1 {
		fmt.Fprintln(notes, t)
	}
	return worst
}

// checker is the worker pool (one worker: files are checked one after
// another), or with --in-process the checker itself; the function closes
// it.
func (m *CheckMain) checker(cards *validate.Cards, rates [][]byte, zone *time.Location, log *slog.Logger) (fileChecker, func(), error) {
	convert := converter(log, int64(m.maxMemory))
	if m.inProcess {
		c := &process.Checker{Cards: cards, Limits: read.DefaultLimits(), Timeout: m.timeout, Zone: zone, Log: log, Convert: convert}
		return c, func() {}, nil
	}
	pool, err := isolate.New(isolate.Config{Workers: 1, MaxMemory: int64(m.maxMemory), Timeout: m.timeout,
		Rates: rates, Limits: read.DefaultLimits(), Zone: zone, Convert: convert, Log: log})
	if err != nil {
		return nil, nil, err
	}
	return pool, func() { _ = pool.Close() }, nil
}

// progressAbove is the number of files above which a terminal shows a
// progress line.
const progressAbove = 20

func (m *CheckMain) isTerminal(w io.Writer) bool {
	if m.terminal != nil {
		return m.terminal(w)
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// checkFile checks one file, writes its reports, one a programme (and with
// --out its outputs), and returns their statuses (StatusUnreadable for a
// file that could not be read at all) and the file's exit code.
func (m *CheckMain) checkFile(ctx context.Context, checker fileChecker, path string, received time.Time, stdout, stderr, notes io.Writer, prog *progress) ([]stpclaims.Status, int) {
	fail := func(err error) ([]stpclaims.Status, int) {
		prog.clear()
		fmt.Fprintf(stderr, "stpclaims check: %v\n", err)
		return []stpclaims.Status{stpclaims.StatusUnreadable}, exitMisuse
	}
	limit := read.DefaultLimits().MaxFileBytes
	data, size, err := folder.ReadFile(path, limit)
	if err != nil {
		return fail(err)
	}
	sub := stpclaims.NewSubmission(filepath.Base(path), data, stpclaims.SourceCLI, received)
	var res process.Result
	if size > limit {
		res = checker.TooLarge(sub, size) // never read whole: `check /dev/zero` stops
	} else if res, err = checker.Check(ctx, sub); err != nil {
		return fail(err)
	}
	prog.clear()
	reps := make([]*stpclaims.Report, len(res.Programmes))
	statuses := make([]stpclaims.Status, len(res.Programmes))
	for i := range res.Programmes {
		reps[i] = &res.Programmes[i].Report
		statuses[i] = reps[i].Status
	}
	if m.json {
		_, err = stdout.Write(res.JSON())
	} else {
		err = output.Summary(stdout, reps...)
	}
	if err != nil {
		return fail(err)
	}
	if m.out != "" {
		written, err := desk.WriteOutputs(m.out, sub.Name, res)
		for _, p := range written {
			fmt.Fprintf(notes, "  wrote %s\n", p)
		}
		if err != nil {
			return fail(err)
		}
	}
	return statuses, exitCode(res.Status())
}

// progress is the line on a terminal saying which file is being checked,
// cleared before anything else is written.
type progress struct {
	w         io.Writer
	total     int
	on, shown bool
}

func (p *progress) show(n int, path string) {
	if !p.on {
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[Kchecking %d of %d: %s", n, p.total, filepath.Base(path))
	p.shown = true
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// tally counts the files checked, and their forms by status, for the
// closing line.
type tally struct {
	files, forms, clean, review, returned, unreadable int
}

func (t *tally) add(statuses []stpclaims.Status) {
	t.files++
	for _, s := range statuses {
		t.forms++
		switch s {
		case stpclaims.StatusClean:
			t.clean++
		case stpclaims.StatusReview:
			t.review++
		case stpclaims.StatusReturned:
			t.returned++
		default:
			t.unreadable++
		}
	}
}

// String is the closing line: "12 files: 7 clean, 1 review, 3 returned,
// 1 unreadable", or "12 files (14 forms): …" when some hold several forms.
func (t tally) String() string {
	files := fmt.Sprintf("%d files", t.files)
	if t.forms != t.files {
		files += fmt.Sprintf(" (%d forms)", t.forms)
	}
	return fmt.Sprintf("%s: %d clean, %d review, %d returned, %d unreadable", files, t.clean, t.review, t.returned, t.unreadable)
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
	rates, err := readRates(paths)
	if err != nil {
		return nil, err
	}
	return parseCards(rates, paths)
}

// readRates reads the rate-card files.
func readRates(paths []string) ([][]byte, error) {
	var rates [][]byte
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("rate card: %w", err)
		}
		rates = append(rates, data)
	}
	return rates, nil
}

// parseCards parses the rate-card files read from paths, beside the
// built-in card.
func parseCards(rates [][]byte, paths []string) (*validate.Cards, error) {
	var loaded []*validate.Card
	for i, data := range rates {
		c, err := validate.ParseCard(data)
		if err != nil {
			return nil, fmt.Errorf("rate card %s: %w", paths[i], err)
		}
		loaded = append(loaded, c)
	}
	return validate.NewCards(loaded...)
}

// converter is LibreOffice's conversion of .ods and .xls to .xlsx under a
// memory ceiling (0: convert's default), logging to log, or nil when
// LibreOffice is not installed (such files are then rejected with a
// request to save them as .xlsx).
func converter(log *slog.Logger, maxMemory int64) func(ctx context.Context, name string, data []byte) ([]byte, error) {
	if !convert.Available() {
		return nil
	}
	return func(ctx context.Context, name string, data []byte) ([]byte, error) {
		return convert.ToXLSX(ctx, name, data, convert.Options{Logger: log, MaxMemory: maxMemory})
	}
}
