package main

import (
	"context"
	"fmt"
	"io"
	"net/mail"
	"os"
	"os/user"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"stpclaims/store"
)

var outboxCommand = command{
	name: "outbox",
	args: "list|retry ID|drop ID|send-to ID ADDRESS [flags]",
	about: `The replies waiting to be sent, for an operator. list shows the replies not yet
delivered (parked ones too), each recipient with how far it got and what became
of the reply. retry makes a reply due now (a parked or dropped one too; refused
recipients are tried again); drop gives it up for good; send-to sends it to
ADDRESS instead of the recipients it has not reached. Each change is recorded
with who made it and when; the running daemon sends within smtp.retry_every.`,
	examples: []string{
		"stpclaims outbox list --config /etc/stpclaims/stpclaims.toml",
		"stpclaims outbox send-to 42 rajesh.r@revenue.kerala.gov.in --config stpclaims.toml",
		"stpclaims outbox drop 42 --reason \"answered by telephone\" --config stpclaims.toml",
	},
	notes: "exit status: 0 done, 2 misuse, no such reply, or not possible for it now (a reply already sent)",
}

// OutboxMain is `stpclaims outbox`: an operator's view of the replies
// waiting to be sent, and the means to retry, drop or redirect one.
type OutboxMain struct{}

// Run runs one outbox subcommand and returns the exit status.
func (m *OutboxMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := outboxCommand.flagSet(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store and zone are used")
	all := fs.Bool("all", false, "list: also the replies sent and dropped")
	reason := fs.String("reason", "", "drop: why (`TEXT`), for the record")
	by := fs.String("by", operator(), "the `NAME` of who makes the change, for the record; the login name by default")
	pos, code, done := outboxCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	misuse := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "stpclaims outbox: "+format+"\nRun 'stpclaims outbox -h' for help.\n", a...)
		return exitMisuse
	}
	if len(pos) == 0 {
		return misuse("say list, retry, drop or send-to")
	}
	sub := pos[0]
	pos = pos[1:]
	want := map[string]int{"list": 0, "retry": 1, "drop": 1, "send-to": 2}
	n, known := want[sub]
	if !known {
		return misuse("unknown subcommand %q", sub)
	}
	if len(pos) != n {
		return misuse("%s wants %d argument(s), got %d", sub, n, len(pos))
	}
	var id int64
	if n > 0 {
		var err error
		if id, err = strconv.ParseInt(pos[0], 10, 64); err != nil || id <= 0 {
			return misuse("%q is not a reply number (see stpclaims outbox list)", pos[0])
		}
	}
	if sub == "send-to" {
		addr, err := mail.ParseAddress(pos[1])
		if err != nil {
			return misuse("%q is not an e-mail address", pos[1])
		}
		if addr.Name == "" {
			pos[1] = addr.Address
		} else {
			pos[1] = addr.String()
		}
	}
	return m.apply(ctx, *configPath, sub, id, pos, *all, *reason, *by, stdout, stderr)
}

// apply opens the store and carries out one subcommand.
func (m *OutboxMain) apply(ctx context.Context, configPath, sub string, id int64, pos []string, all bool, reason, by string, stdout, stderr io.Writer) int {
	cfg, err := loadConfig(configPath, usesStore)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims outbox: %v\n", err)
		return exitMisuse
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims outbox: %v\n", err)
		return exitMisuse
	}
	defer st.Close()
	now := time.Now()
	what := "due now"
	switch sub {
	case "list":
		var entries []store.OutboxEntry
		if entries, err = st.ListOutbox(ctx, all); err == nil {
			printOutbox(stdout, entries, cfg.location)
			return exitOK
		}
	case "retry":
		err = st.RetryReply(ctx, id, by, now)
	case "drop":
		err, what = st.DropReply(ctx, id, by, reason, now), "dropped"
	case "send-to":
		err, what = st.RedirectReply(ctx, id, pos[1], by, now), "due now, to "+pos[1]
	}
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims outbox %s: %v\n", sub, err)
		return exitMisuse
	}
	fmt.Fprintf(stdout, "reply %d: %s (recorded, by %s)\n", id, what, by)
	return exitOK
}

// operator is who runs the command: the user behind sudo, else the login.
func operator() string {
	if u := os.Getenv("SUDO_USER"); u != "" {
		return u
	}
	if u, err := user.Current(); err == nil {
		return u.Username
	}
	return "unknown"
}

// printOutbox writes one block per reply: its number, state, subject and
// attempts, each recipient with how far it got, and what became of it.
func printOutbox(w io.Writer, entries []store.OutboxEntry, zone *time.Location) {
	if len(entries) == 0 {
		fmt.Fprintln(w, "nothing waiting: every reply has been delivered (or dropped)")
		return
	}
	when := func(t time.Time) string {
		if t.IsZero() {
			return "-"
		}
		return t.In(zone).Format("2006-01-02 15:04")
	}
	for i, e := range entries {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "reply %d  %s  queued %s  %d attempt(s)  %q\n", e.ID, strings.ToUpper(e.State), when(e.Queued), e.Attempts, e.Subject)
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, r := range e.Recipients {
			detail := ""
			switch r.State {
			case store.RecipientRefused:
				detail = fmt.Sprintf("%d %s", r.Code, r.Detail)
			case store.RecipientSent, store.RecipientReplaced:
				detail = when(r.Updated)
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", r.Role, r.Addr, r.State, detail)
		}
		tw.Flush()
		if e.State == store.ReplyQueued {
			fmt.Fprintf(w, "    next try %s\n", when(e.NextAttempt))
		}
		if e.LastError != "" {
			fmt.Fprintf(w, "    last error: %s\n", e.LastError)
		}
		for _, l := range e.Log {
			fmt.Fprintf(w, "    %s  %s by %s", when(l.At), l.Action, l.Actor)
			if l.Detail != "" {
				fmt.Fprintf(w, ": %s", l.Detail)
			}
			fmt.Fprintln(w)
		}
	}
}
