// Package atomicfile writes files whole: through a temporary file in the
// same folder renamed over the target, so that a reader never sees half a
// file, and, where the caller needs it, durably (the file and its folder
// synced), so that what was written survives a crash. SyncFS makes several
// files durable at once.
//
// It does not decide what is written where (package desk and the commands
// do), nor lock files against other writers.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write writes data to path durably: a temporary file in the same
// directory, fsynced, renamed over path, and the directory fsynced. The
// daemon writes this way: a claim is marked processed only after its
// outputs are on disk.
func Write(path string, data []byte) error { return writeFile(path, data, true) }

// Replace writes data to path through a temporary file renamed over it, so
// a reader never sees half a file, without waiting for the disk: for what
// can be written again (`stpclaims check --out`), or what SyncFS makes
// durable afterwards.
func Replace(path string, data []byte) error { return writeFile(path, data, false) }

func writeFile(path string, data []byte, durable bool) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // after a successful rename this finds nothing
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if durable {
		if err := f.Sync(); err != nil {
			f.Close()
			return fmt.Errorf("writing %s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if !durable {
		return nil
	}
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("syncing %s: %w", dir, err)
	}
	return nil
}
