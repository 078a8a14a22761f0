package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"stpclaims/desk"
	"stpclaims/output/ledgerbook"
	"stpclaims/store"
)

// SanctionsMain is `stpclaims sanctions`: write the Sanctions workbook (the
// advances recommended and not sanctioned, sanctioned and not paid) to a
// file, or with --mail queue it to the finance addresses for the daemon to
// send.
type SanctionsMain struct{}

// Run makes the workbook and returns the exit status.
func (m *SanctionsMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sanctions", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store, rates, zone and finance addresses are used")
	out := fs.String("out", "sanctions.xlsx", "write the Sanctions workbook to `FILE` (atomically)")
	mail := fs.Bool("mail", false, "queue it to the finance addresses ([ledger] finance) instead; the daemon's outbox sends it")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitMisuse
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "stpclaims sanctions: unexpected argument %q\n", fs.Arg(0))
		return exitMisuse
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "stpclaims sanctions: %v\n", err)
		return exitMisuse
	}
	cfg, err := loadConfig(*configPath, usesStore)
	if err != nil {
		return fail(err)
	}
	if *mail && len(cfg.Ledger.Finance) == 0 {
		return fail(errors.New("--mail: the config names no finance addresses ([ledger] finance)"))
	}
	cards, err := loadCards(cfg.Rates)
	if err != nil {
		return fail(err)
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		return fail(err)
	}
	defer st.Close()
	d := &desk.Desk{Store: st, Cards: cards, Zone: cfg.location,
		Ledger: desk.Ledger{Path: cfg.Ledger.Path, Reviews: cfg.Ledger.Reviews, Finance: cfg.Ledger.Finance}}
	if *mail {
		n, err := d.SendSanctions(ctx)
		if err != nil {
			return fail(err)
		}
		fmt.Fprintf(stdout, "%d advances to sanction or pay; the workbook is queued to %v\n", n, cfg.Ledger.Finance)
		return exitOK
	}
	sb, err := d.Sanctions(ctx)
	if err != nil {
		return fail(err)
	}
	if dir := filepath.Dir(*out); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fail(err)
		}
	}
	if err := ledgerbook.WriteSanctionsFile(ctx, *out, sb); err != nil {
		return fail(err)
	}
	fmt.Fprintf(stdout, "%s: %d advances to sanction or pay\n", *out, len(sb.Rows))
	return exitOK
}
