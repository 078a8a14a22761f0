package read

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

// update rewrites the golden files and the generated fixtures in testdata/
// (go test ./ingest/read -update), the one flag of the package's tests.
var update = flag.Bool("update", false, "rewrite the golden files and generated fixtures in testdata/")

// checkGolden compares v as JSON with the golden file, rewriting it under
// -update.
func checkGolden(t *testing.T, path string, v any) {
	t.Helper()
	got, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what was read (run with -update to accept):\n%s", path, got)
	}
}
