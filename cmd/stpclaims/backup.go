package main

import (
	"context"
	"fmt"
	"io"

	"stpclaims/store"
)

var backupCommand = command{
	name: "backup",
	args: "[--config FILE] FILE",
	about: `Write a consistent copy of the store to FILE (replacing it): SQLite's VACUUM INTO on
a connection of its own, synced, integrity-checked, then renamed into place. Safe
while serve runs and writes: the copy holds every claim entered before it began.`,
	examples: []string{
		"stpclaims backup --config /etc/stpclaims/stpclaims.toml /var/backups/stpclaims-$(date +%F).db",
	},
	notes: "exit status: 0 written and checked, 2 misuse or not written",
}

// BackupMain is `stpclaims backup FILE`: a consistent copy of the store,
// safe while serve runs.
type BackupMain struct{}

// Run writes the backup and returns the exit status.
func (m *BackupMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := backupCommand.flagSet(stderr)
	configPath := fs.String("config", "", "the config `FILE` (TOML); its store is copied")
	pos, code, done := backupCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if len(pos) != 1 {
		fmt.Fprintf(stderr, "stpclaims backup: name one FILE to write\nRun 'stpclaims backup -h' for help.\n")
		return exitMisuse
	}
	cfg, err := loadConfig(*configPath, usesStore)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims backup: %v\n", err)
		return exitMisuse
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims backup: %v\n", err)
		return exitMisuse
	}
	defer st.Close()
	info, err := st.Backup(ctx, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims backup: %v\n", err)
		return exitMisuse
	}
	fmt.Fprintf(stdout, "%s: %d submissions, schema version %d, %d bytes, integrity ok\n", info.Path, info.Submissions, info.Schema, info.Bytes)
	return exitOK
}
