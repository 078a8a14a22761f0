package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"time"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/ebt"
	"stpclaims/output"
	"stpclaims/store"
)

// EBTMain is `stpclaims ebt`: bring the e-BT lists up to date from the
// store and write their files, or mark a list uploaded.
type EBTMain struct{}

// ebtCommand is the help of `stpclaims ebt`.
var ebtCommand = command{
	name: "ebt",
	args: "[flags]",
	about: `Bring the e-BT lists (payments by bank transfer) of checked TA bills up to date from the
store and write their files: the workbook for people and the bank's upload file of every list
new, changed or not yet in the folder. Or mark a list uploaded to the bank: nobody on it is
listed again for that programme.`,
	examples: []string{
		"stpclaims ebt --config /etc/stpclaims/stpclaims.toml",
		"stpclaims ebt --config stpclaims.toml --programme STP/REV/2027/014 --out /tmp/ebt",
		"stpclaims ebt --config stpclaims.toml --mark-uploaded 12 --on 2027-02-10",
	},
	notes: "exit status: 0 written or marked (or marked before), 1 not marked (a DRAFT, nothing to pay, a bad day), 2 misuse",
}

// Run runs the command and returns the exit status.
func (m *EBTMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := ebtCommand.flagSet(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store, outbox, zone and [ebt] layout are used")
	programme := fs.String("programme", "", "only the programme `CODE` (default: every programme with a TA bill or a list not yet uploaded)")
	out := fs.String("out", "", "write the lists' files to `DIR` (default: [ebt] dir, else OUTBOX/ebt)")
	mark := fs.Int64("mark-uploaded", 0, "mark e-BT list `LIST` uploaded to the bank (never a DRAFT)")
	on := fs.String("on", "", "with --mark-uploaded: the day it was uploaded, `YYYY-MM-DD` (default today)")
	by := fs.String("by", "", "with --mark-uploaded: who uploaded it (default: your user name)")
	rest, code, done := ebtCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if !noArgs(ebtCommand.name, rest, stderr) {
		return exitMisuse
	}
	if *mark == 0 && (*on != "" || *by != "") {
		fmt.Fprintln(stderr, "stpclaims ebt: --on and --by go with --mark-uploaded")
		return exitMisuse
	}
	cfg, err := loadConfig(*configPath, usesStore)
	if err == nil {
		err = cfg.validateEBT() // the store's part and the [ebt] table
	}
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ebt: %v\n", err)
		return exitMisuse
	}
	e := desk.EBT{Dir: cfg.ebtDir(), Layout: cfg.EBT.Layout, Zone: cfg.location}
	if *out != "" {
		e.Dir = *out
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ebt: %v\n", err)
		return exitMisuse
	}
	defer st.Close()
	if *mark != 0 {
		return markUploaded(ctx, st, e, *mark, *on, *by, stdout, stderr)
	}
	e.TooLarge = func(code, file string, rows int) {
		fmt.Fprintf(stderr, "stpclaims ebt: %s: no e-BT list of %s: %d rows, more than a programme's bill has (at most %d)\n", code, file, rows, ebt.MaxPayees)
	}
	written, err := syncAll(ctx, st, cfg, e, *programme)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ebt: %v\n", err)
		return exitMisuse
	}
	if len(written) == 0 {
		fmt.Fprintln(stdout, "no e-BT list: no TA bill with payments, no advance sanctioned")
	}
	for _, w := range written {
		fmt.Fprintln(stdout, listLine(w, e))
	}
	return exitOK
}

// syncAll plans the advances the register holds as sanctioned, then the
// TA bills' lists, and returns every list of the programmes (the advances'
// made now marked new).
func syncAll(ctx context.Context, st *store.Store, cfg Config, e desk.EBT, programme string) ([]desk.EBTWritten, error) {
	cards, err := loadCards(cfg.Rates)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	advances, err := desk.SyncAdvancesEBT(ctx, st, cards, e, programme, now)
	if err != nil {
		return nil, err
	}
	made := map[int64]desk.EBTWritten{}
	for _, w := range advances {
		made[w.List.ID] = w
	}
	written, err := desk.SyncEBT(ctx, st, e, programme, now)
	for i, w := range written {
		if a, ok := made[w.List.ID]; ok {
			written[i].New, written[i].Changed, written[i].Files = a.New, a.Changed, append(a.Files, w.Files...)
		}
	}
	return written, err
}

// listLine is one list as the command reports it.
func listLine(w desk.EBTWritten, e desk.EBT) string {
	l := w.List
	state := "final, to upload"
	switch {
	case l.Draft:
		state = "DRAFT, not for upload"
	case l.Uploaded != nil:
		state = "uploaded on " + l.Uploaded.On.Format("02.01.2006")
	case l.Payments() == 0:
		state = "nothing to pay by transfer"
	}
	what := ""
	switch {
	case w.New:
		what = " (new)"
	case w.Changed:
		what = " (changed)"
	}
	files := ""
	for _, f := range w.Files {
		files += " " + filepath.Base(f)
	}
	if files == "" {
		files = " (files already in " + e.Dir + ")"
	}
	return fmt.Sprintf("e-BT list %d%s, %s: %d payment(s), Rs %s, check total %s, %d not by transfer; %s;%s",
		l.ID, what, l.ProgrammeCode, l.Payments(), output.Rupees(l.Total()), ebt.CheckTotal(l.Rows, e.Layout.CheckDigits),
		len(l.Others), state, files)
}

// markUploaded is `stpclaims ebt --mark-uploaded LIST`.
func markUploaded(ctx context.Context, st *store.Store, e desk.EBT, id int64, on, by string, stdout, stderr io.Writer) int {
	now := time.Now()
	day := now.In(e.Zone)
	if on != "" {
		var err error
		if day, err = time.Parse(time.DateOnly, on); err != nil {
			fmt.Fprintf(stderr, "stpclaims ebt: --on %q: want a day as YYYY-MM-DD\n", on)
			return exitMisuse
		}
	}
	day = time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	if by == "" {
		by = whoAmI()
	}
	l, err := desk.MarkEBTUploaded(ctx, st, e, id, "", stpclaims.EBTUpload{On: day, By: by, Source: "cli"}, now)
	var r *ebt.Refusal
	switch {
	case errors.As(err, &r) && r.Already:
		fmt.Fprintln(stdout, r.Reason)
		return exitOK
	case errors.As(err, &r):
		fmt.Fprintf(stderr, "stpclaims ebt: %s\n", r.Reason)
		return exitReturned
	case errors.Is(err, store.ErrNotFound):
		fmt.Fprintf(stderr, "stpclaims ebt: there is no e-BT list %d\n", id)
		return exitMisuse
	case err != nil:
		fmt.Fprintf(stderr, "stpclaims ebt: %v\n", err)
		return exitMisuse
	}
	fmt.Fprintf(stdout, "e-BT list %d (%s) marked uploaded on %s by %s: %d payment(s), Rs %s; nobody on it is listed again\n",
		l.ID, l.ProgrammeCode, day.Format("02.01.2006"), by, l.Payments(), output.Rupees(l.Total()))
	return exitOK
}

// whoAmI is the name of the user running the command, for the upload mark.
func whoAmI() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if s := os.Getenv("USER"); s != "" {
		return s
	}
	return "uid " + strconv.Itoa(os.Getuid())
}
