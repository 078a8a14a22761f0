package main

import "testing"

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want byteSize
		ok   bool
	}{
		{"512MB", 512 << 20, true},
		{"512 MiB", 512 << 20, true},
		{"1GB", 1 << 30, true},
		{"1g", 1 << 30, true},
		{"64k", 64 << 10, true},
		{"1048576", 1 << 20, true},
		{"lots", 0, false},
		{"-1MB", 0, false},
		{"1.5GB", 0, false},
		{"99999999999GB", 0, false},
	} {
		got, err := parseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseSize(%q) = %d, %v; want %d (ok %v)", tc.in, got, err, tc.want, tc.ok)
		}
	}
}
