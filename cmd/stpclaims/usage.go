package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// command is what a subcommand's help says: its synopsis, what it does,
// examples and a closing note (exit status, where output goes).
type command struct {
	name     string // "check"
	args     string // what follows the command: "[flags] FILE..."
	about    string
	examples []string
	notes    string
}

// flagSet returns the command's flag set: errors are written to stderr and
// -h / --help is a flag of its own, so that asked-for help goes to stdout.
func (c command) flagSet(stderr io.Writer) (*flag.FlagSet, *bool) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	help := new(bool)
	fs.BoolVar(help, "h", false, "print this help")
	fs.BoolVar(help, "help", false, "print this help")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Run 'stpclaims %s -h' for help.\n", c.name)
	}
	return fs, help
}

// parse parses args, flags and arguments in any order ("--" ends the
// flags), and returns the arguments. done reports that the command ends
// here with code: its help printed (0) or the flags misused (2).
func (c command) parse(fs *flag.FlagSet, help *bool, args []string, stdout io.Writer) (rest []string, code int, done bool) {
	rest, err := parseInterleaved(fs, args)
	switch {
	case err != nil:
		return nil, exitMisuse, true
	case *help:
		c.usage(stdout, fs)
		return nil, exitOK, true
	}
	return rest, exitOK, false
}

// parseInterleaved parses flags that may come before, between or after the
// arguments, and returns the arguments in order. Everything after "--" is
// an argument.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			return rest, nil
		}
		if stop := len(args) - len(left) - 1; stop >= 0 && args[stop] == "--" {
			return append(rest, left...), nil
		}
		rest = append(rest, left[0])
		args = left[1:]
	}
}

// usage writes the command's help: synopsis, what it does, its flags,
// examples and notes.
func (c command) usage(w io.Writer, fs *flag.FlagSet) {
	var b strings.Builder
	fmt.Fprintf(&b, "usage: %s\n\n%s\n\nflags:\n", strings.TrimSpace("stpclaims "+c.name+" "+c.args), c.about)
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name == "h" || f.Name == "help" {
			return
		}
		b.WriteString(flagLine(f))
	})
	fmt.Fprintf(&b, "  %-*s%s\n", helpIndent-2, "-h, --help", "print this help")
	if len(c.examples) > 0 {
		b.WriteString("\nexamples:\n")
		for _, e := range c.examples {
			fmt.Fprintf(&b, "  %s\n", e)
		}
	}
	if c.notes != "" {
		fmt.Fprintf(&b, "\n%s\n", c.notes)
	}
	_, _ = io.WriteString(w, b.String())
}

// flagLine is one flag's entry in the help: "--out DIR" (one dash for a
// one-letter flag), then what it does and its default, wrapped to the
// help's width.
func flagLine(f *flag.Flag) string {
	arg, text := flag.UnquoteUsage(f)
	dash := "--"
	if len(f.Name) == 1 {
		dash = "-"
	}
	name := dash + f.Name
	if arg != "" {
		name += " " + strings.ToUpper(arg)
	}
	if d := f.DefValue; d != "" && d != "false" && d != "0" && d != "[]" {
		text += " (default " + d + ")"
	}
	var b strings.Builder
	lines := wrapWords(text, helpWidth-helpIndent)
	if len(name) > helpIndent-4 {
		fmt.Fprintf(&b, "  %s\n", name)
	} else {
		fmt.Fprintf(&b, "  %-*s%s\n", helpIndent-2, name, lines[0])
		lines = lines[1:]
	}
	for _, l := range lines {
		fmt.Fprintf(&b, "%*s%s\n", helpIndent, "", l)
	}
	return b.String()
}

// The help's width and the column its flags' texts start at.
const helpWidth, helpIndent = 88, 24

// wrapWords breaks text into lines of at most width characters.
func wrapWords(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// noArgs refuses arguments to a command that takes none.
func noArgs(name string, rest []string, stderr io.Writer) bool {
	if len(rest) == 0 {
		return true
	}
	fmt.Fprintf(stderr, "stpclaims %s: unexpected argument %q\nRun 'stpclaims %s -h' for help.\n", name, rest[0], name)
	return false
}

// The help of the other commands (check's is beside its flags).
var (
	serveCommand = command{
		name: "serve",
		args: "[--config FILE]",
		about: `Run the daemon: take claim workbooks from the mailbox and the shared folder, check
each, store it and answer it (an annotated copy, a Findings sheet and a JSON report).
The first SIGINT or SIGTERM stops taking work and lets the work in hand finish;
a second one exits at once.`,
		examples: []string{
			"stpclaims serve --config /etc/stpclaims/stpclaims.toml",
			"stpclaims serve    (no config: watch ./inbox, answer into ./outbox, store in ./stpclaims.db)",
		},
		notes: "exit status: 0 stopped cleanly, 2 misuse, a bad config, or stopped on an error",
	}
	templateCommand = command{
		name: "template",
		args: "annexure2|ta-bill|settlement [flags]",
		about: `Write a blank form as a workbook for co-ordinators: the input cells tinted, dropdowns,
a live Limit column from the rate card in force, an Instructions sheet; it prints on A4.`,
		examples: []string{
			"stpclaims template annexure2",
			"stpclaims template ta-bill -o forms/ta-bill.xlsx --date 2026-04-01",
			"stpclaims template settlement -o - > settlement.xlsx",
		},
		notes: "exit status: 0 written, 2 misuse or not written",
	}
	ledgerCommand = command{
		name: "ledger",
		args: "[flags]",
		about: `Build the finance division's consolidated ledger workbook from the store, once, and
check it against the store.`,
		examples: []string{
			"stpclaims ledger --config /etc/stpclaims/stpclaims.toml",
			"stpclaims ledger --config stpclaims.toml --from 2026-04-01 --to 2027-03-31 --out ledger-2026-27.xlsx",
		},
		notes: "exit status: 0 written, 2 misuse or not written",
	}
	versionCommand = command{
		name:     "version",
		args:     "",
		about:    "Print the version (the commit it was built from).",
		examples: []string{"stpclaims version"},
	}
)

// runVersion is `stpclaims version`.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fs, help := versionCommand.flagSet(stderr)
	rest, code, done := versionCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if !noArgs(versionCommand.name, rest, stderr) {
		return exitMisuse
	}
	fmt.Fprintln(stdout, "stpclaims", version())
	return exitOK
}
