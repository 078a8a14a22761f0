package folder

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.xlsx")
	if err := os.WriteFile(small, []byte("PK\x03\x04 small"), 0o644); err != nil {
		t.Fatal(err)
	}
	sparse := filepath.Join(dir, "huge.xlsx")
	f, err := os.Create(sparse)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(5 << 30); err != nil { // 5 GB, no room on disk
		t.Fatal(err)
	}
	f.Close()
	const limit = 1 << 20
	tests := []struct {
		name     string
		path     string
		wantSize int64
		maxData  int
	}{
		{"a small file is read whole", small, 10, 10},
		{"a sparse 5 GB file is answered from its stat", sparse, 5 << 30, 64 << 10},
		{"a device with no size stops at the limit", "/dev/zero", limit + 1, limit + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); err != nil {
				t.Skip(err)
			}
			data, size, err := ReadFile(tc.path, limit)
			if err != nil {
				t.Fatal(err)
			}
			if size != tc.wantSize || len(data) > tc.maxData {
				t.Errorf("ReadFile = %d bytes, size %d; want at most %d bytes, size %d", len(data), size, tc.maxData, tc.wantSize)
			}
			if size <= limit && !bytes.Equal(data[:4], []byte("PK\x03\x04")) {
				t.Errorf("ReadFile of a small file gave %q", data)
			}
		})
	}
}
