//go:build !unix

package folder

import "log/slog"

// lockDir does nothing where flock does not exist: only one Watcher may use
// a directory, and nothing enforces it.
func lockDir(processing string, log *slog.Logger) (func(), error) {
	log.Warn("folder: no folder lock on this platform; make sure only one watcher uses it")
	return func() {}, nil
}
