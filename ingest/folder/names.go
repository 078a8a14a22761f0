package folder

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// stampLayout is the received time at the front of a name under processing/.
const stampLayout = "20060102T150405Z"

// ignored reports whether a name in Dir is never taken: dotfiles (LibreOffice
// ".~lock.x#" among them), Office "~$x" owner files, temporary and partial
// downloads, and the package's own subdirectories.
func ignored(name string) bool {
	if name == "" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
		return true
	}
	switch name {
	case ProcessingDir, DoneDir, FailedDir:
		return true
	}
	lower := strings.ToLower(name)
	for _, suffix := range []string{".tmp", ".part", ".crdownload"} {
		if strings.HasSuffix(lower, suffix) {
			return true
		}
	}
	return false
}

// processingName is the name under processing/ of the i-th choice (from 1)
// for a file first seen at first: "20260122T101502Z--name.xlsx", then
// "20260122T101502Z-2--name.xlsx", and so on.
//
// A name too long to fit behind the stamp is shortened by fitName: the
// file is then known by its shortened name if it is resumed after a
// restart.
func processingName(first time.Time, i int, name string) string {
	stamp := first.UTC().Format(stampLayout)
	if i > 1 {
		stamp += "-" + strconv.Itoa(i)
	}
	stamp += "--"
	return stamp + fitName(name, maxName-len(stamp))
}

// maxName is the longest file name, in bytes, the file systems the folder
// lives on accept.
const maxName = 255

// fitName is name if it has at most room bytes; otherwise its stem is cut
// (at a character) and tagged with 8 hex digits of the whole name's
// sha256, and its extension kept, so that it fits in room and two long
// names that begin alike stay apart.
func fitName(name string, room int) string {
	if len(name) <= room {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 || ext == name {
		ext = ""
	}
	cut := max(room-len(ext)-9, 0)
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	sum := sha256.Sum256([]byte(name))
	return name[:cut] + "-" + hex.EncodeToString(sum[:4]) + ext
}

// parseProcessingName undoes processingName.
func parseProcessingName(p string) (name string, first time.Time, ok bool) {
	prefix, name, found := strings.Cut(p, "--")
	if !found || name == "" {
		return "", time.Time{}, false
	}
	stamp, n, numbered := strings.Cut(prefix, "-")
	if numbered {
		if i, err := strconv.Atoi(n); err != nil || i < 2 {
			return "", time.Time{}, false
		}
	}
	first, err := time.Parse(stampLayout, stamp)
	if err != nil {
		return "", time.Time{}, false
	}
	return name, first, true
}

// numberedName is the i-th choice (from 1) of a name under done/ or failed/:
// "name.xlsx", then "name (2).xlsx", and so on.
// A name that would be too long for the file system is shortened by
// fitName.
func numberedName(name string, i int) string {
	if i <= 1 {
		return fitName(name, maxName)
	}
	ext := filepath.Ext(name)
	if ext == name {
		ext = ""
	}
	suffix := fmt.Sprintf(" (%d)%s", i, ext)
	return fitName(strings.TrimSuffix(name, ext), maxName-len(suffix)) + suffix
}

// maxChoices bounds the suffixes moveUnique tries.
const maxChoices = 100000

// moveUnique renames src into dir under the first of nameFor(1),
// nameFor(2), … that is free, never replacing a file. It returns the new
// path.
func moveUnique(src, dir string, nameFor func(int) string) (string, error) {
	for i := 1; i <= maxChoices; i++ {
		dest := filepath.Join(dir, nameFor(i))
		err := renameNoReplace(src, dest)
		if err == nil {
			return dest, nil
		}
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return "", fmt.Errorf("folder: moving %s to %s: %w", src, dir, err)
	}
	return "", fmt.Errorf("folder: moving %s to %s: no free name", src, dir)
}

// renameNoReplaceFallback renames src to dest unless dest exists. It is not
// atomic against other writers; the lock on processing/ makes this Watcher
// the only writer of its subdirectories.
func renameNoReplaceFallback(src, dest string) error {
	if _, err := os.Lstat(dest); err == nil {
		return &os.LinkError{Op: "rename", Old: src, New: dest, Err: fs.ErrExist}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return os.Rename(src, dest)
}

// syncDir fsyncs a directory so that renames in it are durable. File
// systems that cannot fsync a directory (EINVAL) are let be.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("opening %s to fsync: %w", dir, err)
	}
	err = d.Sync()
	cerr := d.Close()
	if err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	if cerr != nil {
		return fmt.Errorf("closing %s: %w", dir, cerr)
	}
	return nil
}
