package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"stpclaims"
	"stpclaims/desk"
	"stpclaims/ledger"
	"stpclaims/output"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

// LedgerMain is `stpclaims ledger`: build the consolidated ledger workbook
// from the store once, on demand, and check it against the store.
type LedgerMain struct{}

// Run builds the ledger and returns the exit status.
func (m *LedgerMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := ledgerCommand.flagSet(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store, rates and zone are used")
	out := fs.String("out", "ledger.xlsx", "write the ledger workbook to `FILE` (atomically)")
	from := fs.String("from", "", "only claims received on or after `DATE` (YYYY-MM-DD)")
	to := fs.String("to", "", "only claims received on or before `DATE` (YYYY-MM-DD)")
	asOf := fs.String("as-of", "", "count penal interest to `DATE` (YYYY-MM-DD); default today")
	rest, code, done := ledgerCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if !noArgs(ledgerCommand.name, rest, stderr) {
		return exitMisuse
	}
	cfg, err := loadConfig(*configPath, usesStore)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	zone := cfg.location
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	opts := ledgerbook.Options{Zone: zone}
	for _, d := range []struct {
		flag, text string
		dst        *time.Time
		next       bool // the day after: --to is inclusive
	}{{"from", *from, &opts.From, false}, {"to", *to, &opts.To, true}, {"as-of", *asOf, &opts.AsOf, false}} {
		if d.text == "" {
			continue
		}
		t, err := time.ParseInLocation(time.DateOnly, d.text, zone)
		if err != nil {
			fmt.Fprintf(stderr, "stpclaims ledger: --%s %q: want a date as YYYY-MM-DD\n", d.flag, d.text)
			return exitMisuse
		}
		if d.next {
			t = t.AddDate(0, 0, 1)
		}
		*d.dst = t
	}
	if !opts.From.IsZero() && !opts.To.IsZero() && !opts.From.Before(opts.To) {
		fmt.Fprintln(stderr, "stpclaims ledger: --from is after --to")
		return exitMisuse
	}
	cards, err := loadCards(cfg.Rates)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	defer st.Close()
	w, err := desk.WriteLedger(ctx, st, cards, *out, opts)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims ledger: %v\n", err)
		return exitMisuse
	}
	n := w.Counts
	fmt.Fprintf(stdout, "%s: %d advances (%s), %d overdue, Rs %s penal interest to date; %d TA bill rows, %d settlements, %d deviations awaiting a decision, %d sources\n",
		*out, n.Advances, byState(w.Summary.States), n.Overdue, output.Rupees(w.Summary.States.PenalInterest),
		n.Bills, n.Settlements, n.Deviations, n.Sources)
	return exitOK
}

// byState says how many advances are in each state: "2 requested, 1 paid".
func byState(t ledger.Totals) string {
	var parts []string
	for _, s := range t.ByState {
		if s.Programmes > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", s.Programmes, s.State))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
