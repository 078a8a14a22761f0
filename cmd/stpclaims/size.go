package main

import (
	"fmt"
	"strconv"
	"strings"
)

// byteSize reads a size such as "512MB", "1GB" or "300MiB" (MB and MiB
// alike are 2^20 bytes; a bare number is bytes), from TOML and flags.
type byteSize int64

var sizeUnits = []struct {
	suffix string
	shift  uint
}{
	{"gib", 30}, {"gb", 30}, {"g", 30},
	{"mib", 20}, {"mb", 20}, {"m", 20},
	{"kib", 10}, {"kb", 10}, {"k", 10},
	{"b", 0},
}

func parseSize(s string) (byteSize, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	shift := uint(0)
	for _, u := range sizeUnits {
		if strings.HasSuffix(t, u.suffix) {
			t, shift = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > 1<<40>>shift {
		return 0, fmt.Errorf("want a size such as 512MB or 1GB, not %q", s)
	}
	return byteSize(n << shift), nil
}

func (b *byteSize) UnmarshalText(text []byte) error {
	v, err := parseSize(string(text))
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Set and String make a byteSize a flag.
func (b *byteSize) Set(s string) error { return b.UnmarshalText([]byte(s)) }

func (b *byteSize) String() string {
	if *b%(1<<20) == 0 {
		return fmt.Sprintf("%dMB", *b>>20)
	}
	return strconv.FormatInt(int64(*b), 10)
}
