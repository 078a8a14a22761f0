// Command stpclaims checks State Training Policy claim workbooks against
// IMG's 2015 guidelines and answers each one with an annotated copy.
//
//	stpclaims serve [--config FILE]     the daemon: mailbox and shared folder
//	stpclaims check [flags] FILE...     check workbooks once, on the command line
//	stpclaims template FORM [flags]     write a blank form
//	stpclaims ledger [flags]            build the ledger workbook from the store
//	stpclaims outbox list|retry|drop|send-to   the replies waiting to be sent
//	stpclaims backup FILE               a consistent copy of the store
//	stpclaims ebt [flags]               the e-BT lists of checked TA bills
//	stpclaims version
//
// Each command's -h prints its flags and examples (usage.go).
//
// This package parses flags and the config file, wires the packages
// together, handles signals and is the only place that exits.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"stpclaims/internal/scratch"
	"stpclaims/isolate"
)

const usage = `usage: stpclaims <command> [flags]

commands:
  serve     run the daemon: take claims from the mailbox and the shared folder, answer each
  check     check workbooks once and print what is wrong with them
  template  write a blank Annexure II, TA bill or settlement workbook
  ledger    build the finance division's consolidated ledger workbook from the store
  sanctions write (or mail to finance) the Sanctions workbook of advances to sanction or pay
  outbox    list the replies waiting to be sent; retry, drop or redirect one
  backup    write a consistent copy of the store, safe while serve runs
  ebt       write the e-BT lists (payments by bank transfer) of checked TA bills, or mark one uploaded
  version   print the version

Run 'stpclaims <command> -h' for a command's flags.
`

// exit codes shared by the commands
const (
	exitOK       = 0
	exitReturned = 1
	exitMisuse   = 2 // also: a file could not be read
)

func main() {
	// Every temporary file of this process and its children (excelize's,
	// LibreOffice's, a killed worker's) goes into a directory of its own,
	// removed at exit and swept by the next start if the process is
	// killed.
	label := "run"
	if len(os.Args) > 1 && os.Args[1] != "" && os.Args[1][0] != '-' {
		label = os.Args[1]
	}
	_, remove, err := scratch.Init(label)
	if err != nil {
		fmt.Fprintf(os.Stderr, "stpclaims: no temporary directory of its own (%v); using the system's\n", err)
		remove = func() error { return nil }
	}
	code := run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	_ = remove()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitMisuse
	}
	switch args[0] {
	case "check":
		return new(CheckMain).Run(ctx, args[1:], stdout, stderr)
	case "ledger":
		return new(LedgerMain).Run(ctx, args[1:], stdout, stderr)
	case "sanctions":
		return new(SanctionsMain).Run(ctx, args[1:], stdout, stderr)
	case "ebt":
		return new(EBTMain).Run(ctx, args[1:], stdout, stderr)
	case "template":
		return new(TemplateMain).Run(ctx, args[1:], stdout, stderr)
	case "serve":
		return new(ServeMain).Run(ctx, args[1:], stdout, stderr)
	case "outbox":
		return new(OutboxMain).Run(ctx, args[1:], stdout, stderr)
	case "backup":
		return new(BackupMain).Run(ctx, args[1:], stdout, stderr)
	case isolate.ChildCommand: // hidden: a worker of `serve` or `check`
		return childMain(ctx, stdin, stdout, stderr)
	case "version", "-version", "--version":
		return runVersion(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "stpclaims: unknown command %q\n\n%s", args[0], usage)
	return exitMisuse
}

// childMain is a worker: it checks the files its parent sends on stdin and
// answers on stdout (package isolate). It logs warnings to stderr, which
// the parent logs.
func childMain(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) int {
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if err := isolate.ServeChild(ctx, stdin, stdout, log); err != nil {
		fmt.Fprintf(stderr, "stpclaims %s: %v\n", isolate.ChildCommand, err)
		return exitMisuse
	}
	return exitOK
}
