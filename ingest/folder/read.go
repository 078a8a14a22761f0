package folder

import (
	"fmt"
	"io"
	"os"
)

// ReadFile reads the file at path when it is no larger than limit bytes. A
// larger file is never read whole: ReadFile reads at most limit+1 bytes (a
// LimitReader, whatever the file claims to be) and returns them with the
// file's size, from stat, or limit+1 when stat cannot tell (a device, a
// file still growing). The caller answers such a file from its size:
// size > limit means "too large", and data is only its beginning.
func ReadFile(path string, limit int64) (data []byte, size int64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("folder: %w", err)
	}
	defer f.Close()
	var statSize int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		statSize = fi.Size()
	}
	if statSize > limit {
		// Answered from the size: the first bytes are enough to tell
		// this file from another of the same name.
		data, err := io.ReadAll(io.LimitReader(f, 64<<10))
		if err != nil {
			return nil, 0, fmt.Errorf("folder: reading %s: %w", path, err)
		}
		return data, statSize, nil
	}
	data, err = io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, 0, fmt.Errorf("folder: reading %s: %w", path, err)
	}
	size = int64(len(data))
	if size > limit {
		size = max(statSize, size)
	}
	return data, size, nil
}
