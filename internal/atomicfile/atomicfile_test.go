package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWrite(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(path string, data []byte) error
	}{
		{"Write", Write},
		{"Replace", Replace},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "reply.txt")
			for _, text := range []string{"first answer\n", "second\n"} {
				if err := tc.write(path, []byte(text)); err != nil {
					t.Fatal(err)
				}
				got, err := os.ReadFile(path)
				if err != nil || string(got) != text {
					t.Fatalf("read back %q, %v; want %q", got, err, text)
				}
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, %v; want 0644", fi.Mode(), err)
			}
			if err := SyncFS(dir); err != nil {
				t.Errorf("SyncFS: %v", err)
			}
			entries, _ := os.ReadDir(dir)
			if len(entries) != 1 {
				t.Errorf("the folder holds %d entries, want the file alone (no temporary left behind)", len(entries))
			}
		})
	}
}

func TestWrite_missingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "absent", "reply.txt")
	if err := Write(path, []byte("x")); err == nil {
		t.Error("writing into a folder that does not exist succeeded")
	}
}
