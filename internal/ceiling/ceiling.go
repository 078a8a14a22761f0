// Package ceiling holds a child process, or a process group, under a memory
// ceiling: it reads their resident memory from /proc every few milliseconds
// and kills them once it passes the ceiling.
//
// Why /proc and not the alternatives: a soft GOMEMLIMIT only makes Go's
// collector work harder and is no ceiling at all; RLIMIT_AS counts address
// space, which Go reserves far beyond what it uses (and LibreOffice maps
// gigabytes of libraries), so a limit tight enough to matter kills honest
// work; a cgroup needs a delegated cgroup v2 tree (or root and cgroup v1),
// which a daemon cannot count on. Reading /proc works for any process the
// daemon started, without privilege. The price is the interval: a process
// that allocates faster than the watch looks can pass the ceiling by what it
// allocates in one interval (tens of megabytes for the decompression bombs
// the tests use), never by more.
//
// The package measures and kills; it knows nothing of what the processes
// do. Linux only: elsewhere Process and Group report ErrUnsupported and a
// Watch never fires.
package ceiling

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"time"
)

// DefaultInterval is how often a Watch looks when Interval is zero.
const DefaultInterval = 20 * time.Millisecond

// ErrUnsupported: resident memory cannot be read on this system.
var ErrUnsupported = errors.New("ceiling: no /proc to read resident memory from")

var pageSize = int64(os.Getpagesize())

// Process returns the resident memory of process pid, in bytes.
func Process(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/statm")
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			if _, serr := os.Stat("/proc/self/statm"); serr != nil {
				return 0, ErrUnsupported
			}
		}
		return 0, fmt.Errorf("ceiling: %w", err)
	}
	// size resident shared text lib data dt, in pages
	f := bytes.Fields(b)
	if len(f) < 2 {
		return 0, fmt.Errorf("ceiling: /proc/%d/statm: %q", pid, b)
	}
	pages, err := strconv.ParseInt(string(f[1]), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("ceiling: /proc/%d/statm: %w", pid, err)
	}
	return pages * pageSize, nil
}

// Group returns the summed resident memory of every process in process
// group pgid, in bytes, and how many there are.
func Group(pgid int) (int64, int, error) {
	d, err := os.Open("/proc")
	if err != nil {
		return 0, 0, ErrUnsupported
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return 0, 0, fmt.Errorf("ceiling: %w", err)
	}
	var total int64
	n := 0
	for _, name := range names {
		pid, err := strconv.Atoi(name)
		if err != nil || pid <= 0 {
			continue
		}
		if g, ok := processGroup(pid); !ok || g != pgid {
			continue
		}
		rss, err := Process(pid)
		if err != nil {
			continue // gone meanwhile
		}
		total += rss
		n++
	}
	return total, n, nil
}

// processGroup reads the process group of pid from /proc/pid/stat (the
// fifth field, after the command name in parentheses, which may itself hold
// spaces and parentheses).
func processGroup(pid int) (int, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:]) // state ppid pgrp …
	if len(f) < 3 {
		return 0, false
	}
	g, err := strconv.Atoi(string(f[2]))
	return g, err == nil
}

// Watch polls measure every interval (DefaultInterval when zero) until ctx
// is done. When a measure passes limit it calls kill once and returns true
// with the measure that passed; otherwise it returns false and the largest
// measure seen. A measure that fails (the process is gone) ends the watch.
func Watch(ctx context.Context, limit int64, interval time.Duration, measure func() (int64, error), kill func()) (exceeded bool, peak int64) {
	if interval <= 0 {
		interval = DefaultInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		rss, err := measure()
		if err != nil {
			return false, peak
		}
		peak = max(peak, rss)
		if limit > 0 && rss > limit {
			kill()
			return true, rss
		}
		select {
		case <-ctx.Done():
			return false, peak
		case <-t.C:
		}
	}
}
