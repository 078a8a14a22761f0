//go:build unix

package folder

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// lockName is the advisory lock file a running Watcher holds under
// processing/ (a dotfile, so never taken as work).
const lockName = ".lock"

// lockDir takes an exclusive flock on processing/.lock so that two watchers
// never share a directory. The kernel drops it when the process dies, however
// it dies. On file systems without flock the Watcher runs unlocked, with a
// warning.
func lockDir(processing string, log *slog.Logger) (func(), error) {
	path := filepath.Join(processing, lockName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("folder: opening lock %s: %w", path, err)
	}
	err = unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB)
	switch {
	case err == nil:
	case errors.Is(err, unix.EWOULDBLOCK):
		_ = f.Close()
		return nil, fmt.Errorf("%w: %s is locked", ErrBusy, path)
	case errors.Is(err, unix.ENOTSUP), errors.Is(err, unix.ENOLCK), errors.Is(err, unix.EINVAL):
		log.Warn("folder: cannot lock the folder; make sure only one watcher uses it", "lock", path, "err", err)
	default:
		_ = f.Close()
		return nil, fmt.Errorf("folder: locking %s: %w", path, err)
	}
	return func() { _ = f.Close() }, nil
}
