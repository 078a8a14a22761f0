// Package process runs one submitted workbook through the whole check: read
// it (converting .ods and .xls first), and for each form it holds (one a
// programme, a sheet each) pick the rate card in force, apply the rules and
// produce the report and its JSON; then the one annotated copy of the
// workbook.
//
// It is the one place where reading, validating and output meet, so that
// `stpclaims check` and the daemon give the same answer for the same bytes.
// It does no I/O of its own beyond what the converter needs: it neither
// writes files nor touches the store or the network; callers do that with
// the Result.
package process

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"stpclaims"
	"stpclaims/ingest/read"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/validate"
)

// Checker checks submissions. Its zero value is not usable: set Cards.
type Checker struct {
	Cards  *validate.Cards
	Limits read.Limits
	// Timeout bounds the work on one file; zero means 60 s.
	Timeout time.Duration
	// Zone is where a claim's received moment is turned into a calendar
	// day (AII-LEAD-TIME); nil means stpclaims.DefaultZone.
	Zone *time.Location
	Log  *slog.Logger
	// Convert turns an .ods or .xls workbook into .xlsx bytes (package
	// convert, with LibreOffice); nil means no converter is installed, and
	// such files are rejected with a request to save them as .xlsx.
	Convert func(ctx context.Context, name string, data []byte) ([]byte, error)
	// Ledger gives the register of advances of a programme to the rules
	// that need it (AII-DUPLICATE, TA-OVER-ADVANCE, the settlement's link
	// to the advance it settles); nil skips them, as `stpclaims check`
	// does.
	Ledger Ledger
}

// Ledger is the register of advances as the rules see it: the register
// folded from one programme's events. The daemon's desk provides it from
// the store.
type Ledger interface {
	Programme(ctx context.Context, programmeCode string) (*ledger.Register, error)
}

// Result is everything the check of one file produced.
type Result struct {
	// Programmes are the verdicts on the workbook's forms, one a
	// programme, in sheet order; a file that could not be read has one,
	// rejected-unreadable. Never empty.
	Programmes []Programme
	// Annotated is the annotated copy (.xlsx), one for the whole workbook,
	// nil when the file could not be read; AnnotatedName its file name,
	// NAME.checked.xlsx.
	Annotated     []byte
	AnnotatedName string
	// Note is a line for the reply, e.g. that a .ods came back as .xlsx.
	Note string
}

// Programme is the verdict on one form of a workbook.
type Programme struct {
	Report stpclaims.Report
	// JSON is the report as one line of JSON, newline-terminated.
	JSON []byte
	// BillRows are a TA bill's rows, claimed and admissible, for the
	// ledger (only when the Checker has a Ledger).
	BillRows []validate.BillRow
}

// JSON is the reports of every programme, one line each: what `check
// --json` prints and NAME.report.json holds.
func (r Result) JSON() []byte {
	if len(r.Programmes) == 1 {
		return r.Programmes[0].JSON
	}
	var b []byte
	for _, p := range r.Programmes {
		b = append(b, p.JSON...)
	}
	return b
}

// Status is the worst status of the workbook's programmes.
func (r Result) Status() stpclaims.Status {
	st := stpclaims.StatusClean
	for _, p := range r.Programmes {
		if p.Report.Status.Rank() > st.Rank() {
			st = p.Report.Status
		}
	}
	return st
}

// ErrTimeout is the cause recorded when one file takes longer than the
// checker's Timeout.
var ErrTimeout = errors.New("process: the file took too long to check")

// ErrLedger wraps the Ledger's error: the check could not run for a reason
// that is not the file's (the store was busy), and the file is to be
// offered again as it is.
var ErrLedger = errors.New("process: the ledger could not be read")

// Check checks one submission. Findings and unreadable files are results;
// the error is non-nil only when the check itself could not run (and then
// the file should be offered again later).
func (c *Checker) Check(ctx context.Context, sub stpclaims.Submission) (Result, error) {
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, ErrTimeout)
	defer cancel()

	type outcome struct {
		res Result
		err error
	}
	// The work runs in its own goroutine so that a file that takes too
	// long is answered on time. The goroutine is bounded by the reader's
	// size limits and ends by itself; its channel is buffered so it never
	// blocks.
	done := make(chan outcome, 1)
	go func() {
		var o outcome
		defer func() {
			if p := recover(); p != nil {
				c.logger().Error("panic while checking a file", "file", sub.Name, "sha256", sub.SHA256, "panic", p, "stack", string(debug.Stack()))
				o = outcome{res: c.rejected(sub, stpclaims.FormUnknown, output.UnexpectedReason())}
			}
			done <- o
		}()
		o.res, o.err = c.check(ctx, sub)
	}()
	timedOut := func() Result {
		c.logger().Warn("file took too long", "file", sub.Name, "sha256", sub.SHA256, "timeout", timeout)
		return c.rejected(sub, stpclaims.FormUnknown, output.TimeoutReason(timeout))
	}
	select {
	case o := <-done:
		// the check may have seen its time run out before this select did
		if o.err != nil && errors.Is(context.Cause(ctx), ErrTimeout) {
			return timedOut(), nil
		}
		return o.res, o.err
	case <-ctx.Done():
		// Only this file's own time limit is a verdict on the file; the
		// caller's deadline or cancellation is the caller's error.
		if errors.Is(context.Cause(ctx), ErrTimeout) {
			return timedOut(), nil
		}
		return Result{}, fmt.Errorf("process: checking %s: %w", sub.Name, ctx.Err())
	}
}

func (c *Checker) logger() *slog.Logger {
	if c.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return c.Log
}

func (c *Checker) zone() *time.Location {
	if c.Zone == nil {
		return stpclaims.DefaultZone()
	}
	return c.Zone
}

func (c *Checker) check(ctx context.Context, sub stpclaims.Submission) (Result, error) {
	wb, err := read.Open(ctx, sub.Name, sub.Data, c.Limits)
	if rej, ok := errors.AsType[*stpclaims.Rejection](err); ok {
		// Only a rejected file is sniffed for .ods/.xls, so a workbook that
		// reads pays nothing for the conversion path.
		format := read.Format(sub.Data)
		if c.Convert == nil || (format != "ods" && format != "xls") {
			return c.rejected(sub, rej.Form, rej.Reason), nil
		}
		if wb, err = c.converted(ctx, sub, format); wb == nil && err == nil {
			return c.rejected(sub, stpclaims.FormUnknown, output.NotConvertedReason(format)), nil
		}
		if rej, ok := errors.AsType[*stpclaims.Rejection](err); ok {
			return c.rejected(sub, rej.Form, rej.Reason), nil
		}
	}
	if err != nil {
		return Result{}, fmt.Errorf("process: reading %s: %w", sub.Name, err)
	}
	defer wb.Close()
	for i := range wb.Forms {
		wb.Forms[i].Clip() // no answer quotes more than MaxQuote characters of a value
	}

	big := bigForms(wb.Forms)
	if big {
		runtime.GC() // the reading's garbage, before the rules add theirs
	}
	var res Result
	for _, form := range wb.Forms {
		rep, billRows, err := c.assess(ctx, sub, form)
		if err != nil {
			return Result{}, err
		}
		res.Programmes = append(res.Programmes, Programme{Report: rep, BillRows: billRows})
	}
	wb.Forms = nil // nothing reads the rows again
	if big {
		runtime.GC() // the rows, before the copy's buffers take memory
	}
	var notes []string
	if wb.Format == "ods" || wb.Format == "xls" {
		notes = append(notes, output.ConvertedNote(wb.Format))
	}
	reps := make([]*stpclaims.Report, len(res.Programmes))
	for i := range res.Programmes {
		reps[i] = &res.Programmes[i].Report
	}
	var note string
	res.Annotated, res.AnnotatedName, note, err = c.annotated(sub, wb, reps)
	if err != nil {
		return Result{}, err
	}
	if note != "" {
		notes = append(notes, note)
	}
	res.Note = strings.Join(notes, " ")
	for i := range res.Programmes {
		p := &res.Programmes[i]
		if p.JSON, err = reportJSON(&p.Report); err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// annotated returns the annotated copy of the workbook and its name, marked
// with the reports of all its forms. When the workbook cannot be marked
// (more findings than excelize can link, a sheet it cannot write back, a
// panic inside it) it returns a workbook of the Findings sheet alone
// instead, and a note for the reply saying so: the sender always gets the
// findings.
func (c *Checker) annotated(sub stpclaims.Submission, wb *read.Workbook, reps []*stpclaims.Report) (data []byte, name, note string, err error) {
	findings := 0
	for _, rep := range reps {
		findings += len(rep.Findings)
	}
	if findings <= output.MaxLinkedFindings {
		data, err := marked(wb, reps)
		if err == nil {
			return data, CheckedName(sub.Name), "", nil
		}
		c.logger().Warn("the workbook could not be marked; its findings go back on a sheet of their own",
			"file", sub.Name, "sha256", sub.SHA256, "err", err)
	}
	if data, err = output.FindingsBook(reps...); err != nil {
		return nil, "", "", fmt.Errorf("process: the findings of %s: %w", sub.Name, err)
	}
	name = FindingsName(sub.Name)
	return data, name, output.UnmarkedNote(findings, name), nil
}

// marked annotates the workbook and writes it; a panic inside excelize is
// an error like any other.
func marked(wb *read.Workbook, reps []*stpclaims.Report) (data []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			data, err = nil, fmt.Errorf("process: panic while marking the workbook: %v", p)
		}
	}()
	if err := output.Annotate(wb.File, reps...); err != nil {
		return nil, fmt.Errorf("process: annotating: %w", err)
	}
	annotated, err := output.WriteCopy(wb.File)
	if err != nil {
		return nil, fmt.Errorf("process: writing the annotated copy: %w", err)
	}
	return annotated, nil
}

// bigFormRows is the size of table from which a form's check collects
// garbage at two points: after reading it, before the rules add their own
// garbage to it, and after the rules, when its rows are let go, before the
// annotated copy's buffers take memory (and reuse theirs). Each collection
// costs a few milliseconds, nothing next to reading such a form; together
// they take the 50,000-row bill's peak from 107 MiB resident to under 98.
const bigFormRows = 5000

// bigForms reports whether a form has a table of bigFormRows rows or more.
func bigForms(forms []stpclaims.Form) bool {
	for _, f := range forms {
		if b := f.TABill; b != nil && len(b.Participants)+len(b.Faculty) >= bigFormRows {
			return true
		}
	}
	return false
}

// converted converts an .ods or .xls workbook and reads the result; it
// returns nil, nil when the conversion failed for the file's own sake.
func (c *Checker) converted(ctx context.Context, sub stpclaims.Submission, format string) (*read.Workbook, error) {
	xlsx, err := c.Convert(ctx, sub.Name, sub.Data)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("process: converting %s: %w", sub.Name, err)
		}
		c.logger().Warn("conversion failed", "file", sub.Name, "format", format, "err", err)
		return nil, nil
	}
	wb, err := read.Open(ctx, sub.Name, xlsx, c.Limits)
	if err != nil {
		return nil, err
	}
	wb.Format = format
	return wb, nil
}

// assess applies the rules of the card in force to a form that was read,
// and with a Ledger the rules that need it. The error is the ledger's.
func (c *Checker) assess(ctx context.Context, sub stpclaims.Submission, form stpclaims.Form) (stpclaims.Report, []validate.BillRow, error) {
	received := civilDay(sub.Received.In(c.zone()))
	day := received
	if start := form.StartDate(); start.Ok() {
		day = start.Value
	}
	card := c.Cards.InForce(day)
	code := form.ProgrammeCode()
	var (
		reg *ledger.Register
		adv *ledger.Advance
	)
	switch {
	case c.Ledger != nil && code.Ok():
		var err error
		if reg, err = c.Ledger.Programme(ctx, code.Value); err != nil {
			return stpclaims.Report{}, nil, fmt.Errorf("%w: the register of %s: %w", ErrLedger, code.Value, err)
		}
		adv = reg.Get(code.Value)
	case c.Ledger != nil:
		reg = ledger.New(c.Cards, c.zone()) // no code: no advance
	}
	var (
		a        stpclaims.Assessment
		billRows []validate.BillRow
	)
	switch {
	case form.AnnexureII != nil:
		a = validate.AnnexureII(form.AnnexureII, card, received)
		if reg != nil {
			a.Findings = append(a.Findings, reg.Duplicate(form.AnnexureII, stpclaims.AuthorOf(sub.Source, sub.Sender), adv)...)
		}
	case form.TABill != nil:
		a = validate.TABill(form.TABill, card)
		if reg != nil {
			billRows = validate.BillRows(form.TABill, card)
			a.Findings = append(a.Findings, ledger.OverAdvance(form.TABill, ledger.ParticipantsAdmissible(billRows), adv)...)
		}
	case form.Settlement != nil:
		s, linked := form.Settlement, []stpclaims.Finding(nil)
		if reg != nil {
			s, linked = reg.LinkSettlement(s, adv, sub.Received)
		}
		a = validate.Settlement(s, card)
		a.Findings = append(linked, a.Findings...)
	}
	a.Findings = append(a.Findings, validate.Unread(form.Unread)...)
	rep := stpclaims.Report{
		File:       sub.Name,
		SHA256:     sub.SHA256,
		Sheet:      form.Sheet,
		Form:       form.Kind,
		Status:     stpclaims.StatusOf(a.Findings),
		RateCard:   card.Name,
		Fields:     form.FieldValues(),
		Assessment: a,
	}
	rep.Findings, rep.Unlisted = listed(rep.Findings)
	if code.Ok() {
		rep.ProgrammeCode = code.Value
	}
	return rep, billRows, nil
}

// listed keeps the worst stpclaims.MaxFindings findings (errors first,
// each severity in the rules' order) and says how many it left out.
func listed(fs []stpclaims.Finding) ([]stpclaims.Finding, int) {
	if len(fs) <= stpclaims.MaxFindings {
		return fs, 0
	}
	rank := map[stpclaims.Severity]int{stpclaims.SeverityError: 0, stpclaims.SeverityDeviation: 1, stpclaims.SeverityInfo: 2}
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b stpclaims.Finding) int { return rank[a.Severity] - rank[b.Severity] })
	return slices.Clip(fs[:stpclaims.MaxFindings]), len(fs) - stpclaims.MaxFindings
}

func (c *Checker) rejected(sub stpclaims.Submission, form stpclaims.FormKind, reason string) Result {
	if form == "" {
		form = stpclaims.FormUnknown
	}
	rep := stpclaims.Report{
		File:     sub.Name,
		SHA256:   sub.SHA256,
		Form:     form,
		Status:   stpclaims.StatusUnreadable,
		RateCard: c.Cards.InForce(civilDay(sub.Received.In(c.zone()))).Name,
		Reason:   stpclaims.Quote(reason, maxReason),
	}
	js, err := reportJSON(&rep)
	if err != nil {
		// A report of plain strings always marshals; keep the reason anyway.
		js = []byte(fmt.Sprintf("{\"file\":%q,\"status\":\"rejected-unreadable\"}\n", sub.Name))
	}
	return Result{Programmes: []Programme{{Report: rep, JSON: js}}}
}

func reportJSON(rep *stpclaims.Report) ([]byte, error) {
	var buf bytes.Buffer
	if err := output.WriteReport(&buf, rep); err != nil {
		return nil, fmt.Errorf("process: writing the report of %s: %w", rep.File, err)
	}
	return buf.Bytes(), nil
}

// civilDay is midnight UTC of t's calendar day in t's zone, the form the
// readers use for dates.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// maxReason bounds a rejection's reason: a sentence of ours and what it
// quotes (a sheet's name, excelize's complaint about the XML).
const maxReason = 2 * stpclaims.MaxQuote

// CheckedName is the annotated copy's file name: NAME.checked.xlsx.
func CheckedName(name string) string { return Stem(name) + ".checked.xlsx" }

// FindingsName is the name of the workbook of the Findings sheet alone, sent
// when the sender's workbook cannot be marked: NAME.findings.xlsx.
func FindingsName(name string) string { return Stem(name) + ".findings.xlsx" }

// ReportName is the JSON report's file name: NAME.report.json.
func ReportName(name string) string { return Stem(name) + ".report.json" }

// maxStem is the most bytes of a sender's file name an output's name keeps:
// with the longest suffix (".findings.xlsx"), a writer's temporary prefix
// and suffix, and the outbox folder's "-" and 12 hex digits, a name stays
// well inside the 255 bytes a file system allows.
const maxStem = 180

// Stem is a file name's base without its extension, as the outputs' names
// use it. A stem longer than maxStem bytes is cut (at a character) and
// tagged with 8 hex digits of the whole name's sha256, so that two long
// names that begin alike still give different outputs.
func Stem(name string) string {
	base := filepath.Base(name)
	stem := strings.TrimSuffix(base, filepath.Ext(base))
	if len(stem) <= maxStem {
		return stem
	}
	cut := maxStem - 9
	for cut > 0 && !utf8.RuneStart(stem[cut]) {
		cut--
	}
	sum := sha256.Sum256([]byte(name))
	return stem[:cut] + "-" + hex.EncodeToString(sum[:4])
}
