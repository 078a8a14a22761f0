package read

import (
	"strings"
	"testing"
)

func TestTooLarge(t *testing.T) {
	lim := DefaultLimits()
	for _, tc := range []struct {
		size int64
		want string
	}{
		{5 << 30, "the file is 5.0 GB, more than the 25 MB"},
		{lim.MaxFileBytes + 1, "the file is larger than the 25 MB"}, // a LimitReader that overflowed
	} {
		rej := TooLarge(tc.size, lim)
		if !strings.HasPrefix(rej.Reason, tc.want) || !strings.Contains(rej.Reason, ".xlsx") {
			t.Errorf("TooLarge(%d) = %q, want it to begin %q and ask for .xlsx", tc.size, rej.Reason, tc.want)
		}
	}
}
