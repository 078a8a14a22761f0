package main

import (
	"context"
	"os"
	"testing"

	"stpclaims/isolate"
)

// TestMain lets the test binary serve as the workers of the commands the
// tests run in process: the pool starts this executable with
// isolate.ChildCommand, as it starts stpclaims itself.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == isolate.ChildCommand {
		os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
