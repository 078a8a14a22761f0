//go:build unix

package scratch

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFile takes an exclusive flock on f without waiting. own marks the
// process's own lock, held until the file is closed. The kernel drops it
// when the process dies, however it dies.
func lockFile(f *os.File, own bool) error {
	return unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
}

func unlockFile(f *os.File) error {
	return unix.Flock(int(f.Fd()), unix.LOCK_UN)
}
