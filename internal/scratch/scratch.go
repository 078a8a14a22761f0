// Package scratch gives a process a temporary directory of its own, so that
// nothing it leaves behind outlives it: excelize's spilled parts (even those
// it forgets on an error path), LibreOffice's work directories, a killed
// child's half-written files.
//
// Init makes the directory (under the system temporary directory, or under
// the parent's own when the process was started by one that called Init),
// holds an advisory lock on it for the life of the process, points TMPDIR at
// it so that os.TempDir, os.CreateTemp("", …) and every child process use it,
// and first sweeps away the directories of processes that are gone (their
// lock is free). The function Init returns removes the directory; a process
// killed before it can run it leaves its directory to the next sweep, which
// the parent (or the next start) makes.
//
// Clean empties the directory between two pieces of work of a long-lived
// process. The package knows nothing of what the files are.
package scratch

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Prefix begins the name of every directory this package makes.
const Prefix = "stpclaims-"

// lockName is the lock file inside each directory; Clean keeps it.
const lockName = ".lock"

// young is how long a directory without a lock file is taken to be still
// being made by its process, and left alone by a sweep.
const young = time.Minute

var (
	mu      sync.Mutex
	current string   // the directory made by Init, "" before
	lock    *os.File // held open (and flocked) while current exists
)

// ErrActive: Init was called twice without removing the first directory.
var ErrActive = errors.New("scratch: a directory is already in use")

// Init sweeps the base directory (os.TempDir() as it is before the call) of
// directories whose process is gone, makes this process's own directory
// there, named after label, locks it, and sets TMPDIR to it. It returns the
// directory and a function that removes it and restores TMPDIR.
func Init(label string) (dir string, remove func() error, err error) {
	mu.Lock()
	defer mu.Unlock()
	if current != "" {
		return "", nil, ErrActive
	}
	base := os.TempDir()
	sweep(base, "")
	dir, err = os.MkdirTemp(base, Prefix+label+"-")
	if err != nil {
		return "", nil, fmt.Errorf("scratch: %w", err)
	}
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, fmt.Errorf("scratch: %w", err)
	}
	if err := lockFile(f, true); err != nil {
		_ = f.Close()
		_ = os.RemoveAll(dir)
		return "", nil, fmt.Errorf("scratch: locking %s: %w", dir, err)
	}
	prevTMPDIR, hadTMPDIR := os.LookupEnv("TMPDIR")
	if err := os.Setenv("TMPDIR", dir); err != nil {
		_ = f.Close()
		_ = os.RemoveAll(dir)
		return "", nil, fmt.Errorf("scratch: %w", err)
	}
	current, lock = dir, f
	var once sync.Once
	remove = func() error {
		var err error
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			if hadTMPDIR {
				_ = os.Setenv("TMPDIR", prevTMPDIR)
			} else {
				_ = os.Unsetenv("TMPDIR")
			}
			err = os.RemoveAll(current)
			_ = lock.Close()
			current, lock = "", nil
			if err != nil {
				err = fmt.Errorf("scratch: %w", err)
			}
		})
		return err
	}
	return dir, remove, nil
}

// Dir is the directory made by Init, or "" when there is none.
func Dir() string {
	mu.Lock()
	defer mu.Unlock()
	return current
}

// Clean removes everything in the directory made by Init but its lock (and
// so also the directories of this process's children that are gone: a child
// in the middle of work must not share the directory with a Clean). It does
// nothing without Init.
func Clean() error {
	mu.Lock()
	defer mu.Unlock()
	if current == "" {
		return nil
	}
	entries, err := os.ReadDir(current)
	if err != nil {
		return fmt.Errorf("scratch: %w", err)
	}
	var first error
	for _, e := range entries {
		if e.Name() == lockName {
			continue
		}
		if strings.HasPrefix(e.Name(), Prefix) && e.IsDir() && held(filepath.Join(current, e.Name())) {
			continue // a live child's own directory
		}
		if err := os.RemoveAll(filepath.Join(current, e.Name())); err != nil && first == nil {
			first = fmt.Errorf("scratch: %w", err)
		}
	}
	return first
}

// Sweep removes the directories this package made under base whose process
// is gone: their lock is free (or, made more than a minute ago, they have
// none). It returns how many it removed. Errors are ignored: a directory
// that cannot be removed now is tried again by the next sweep.
func Sweep(base string) int {
	return sweep(base, Dir())
}

// sweep is Sweep, leaving own alone.
func sweep(base, own string) int {
	entries, err := os.ReadDir(base)
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), Prefix) {
			continue
		}
		path := filepath.Join(base, e.Name())
		if path == own {
			continue
		}
		if sweepOne(path) {
			n++
		}
	}
	return n
}

// sweepOne removes path if no process holds its lock.
func sweepOne(path string) bool {
	f, err := os.OpenFile(filepath.Join(path, lockName), os.O_RDWR, 0)
	if errors.Is(err, os.ErrNotExist) {
		// No lock yet: being made right now, unless it is old.
		fi, err := os.Stat(path)
		if err != nil || time.Since(fi.ModTime()) < young {
			return false
		}
		return os.RemoveAll(path) == nil
	}
	if err != nil {
		return false
	}
	defer f.Close()
	if lockFile(f, false) != nil {
		return false // held: its process is alive
	}
	return os.RemoveAll(path) == nil
}

// held reports whether some process holds dir's lock.
func held(dir string) bool {
	f, err := os.OpenFile(filepath.Join(dir, lockName), os.O_RDWR, 0)
	if err != nil {
		return false
	}
	defer f.Close()
	if err := lockFile(f, false); err != nil {
		return true
	}
	_ = unlockFile(f)
	return false
}
