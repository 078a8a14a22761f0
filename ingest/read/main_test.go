package read

import (
	"fmt"
	"os"
	"testing"

	"stpclaims/internal/scratch"
)

// TestMain gives the tests (and each fuzzing worker, which runs this too)
// a temporary directory of their own: whatever excelize leaves behind on a
// hostile input is removed when the process ends, and a worker killed by
// the fuzzing engine leaves its directory inside the engine's, removed when
// the engine ends.
func TestMain(m *testing.M) {
	_, remove, err := scratch.Init("read-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	code := m.Run()
	if err := remove(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(code)
}
