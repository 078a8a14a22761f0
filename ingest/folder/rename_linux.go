package folder

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// renameNoReplace renames src to dest, failing with an error matching
// fs.ErrExist if dest exists. It uses renameat2(RENAME_NOREPLACE), atomic,
// and falls back to check-then-rename where the file system lacks it.
func renameNoReplace(src, dest string) error {
	err := unix.Renameat2(unix.AT_FDCWD, src, unix.AT_FDCWD, dest, unix.RENAME_NOREPLACE)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, unix.EINVAL), errors.Is(err, unix.ENOSYS), errors.Is(err, unix.ENOTSUP):
		return renameNoReplaceFallback(src, dest)
	case errors.Is(err, unix.EEXIST):
		return &os.LinkError{Op: "rename", Old: src, New: dest, Err: fs.ErrExist}
	}
	return &os.LinkError{Op: "rename", Old: src, New: dest, Err: err}
}
