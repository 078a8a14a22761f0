package desk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall"

	"stpclaims"
	"stpclaims/isolate"
	"stpclaims/output"
	"stpclaims/process"
)

// poisonAfter is how many times the check of the same bytes may fail for
// the file's own sake before the file is answered as unreadable.
const poisonAfter = 2

// failures counts, by sha256, the checks that failed for the file's own
// sake since the daemon started. Its zero value is ready to use.
type failures struct {
	mu    sync.Mutex
	count map[string]int
}

// add counts one more failure of sha and returns how many there are.
func (f *failures) add(sha string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.count == nil {
		f.count = map[string]int{}
	}
	f.count[sha]++
	return f.count[sha]
}

// forget drops sha's count, once the file was answered.
func (f *failures) forget(sha string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.count, sha)
}

// passing reports whether a check failed for a reason that says nothing of
// the file: the daemon is stopping, the store was busy (the ledger), no
// worker could be started, the machine ran short of disk, memory or
// processes. Such a file is offered again as it is, for as long as it
// takes.
func passing(err error) bool {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, process.ErrLedger), errors.Is(err, isolate.ErrStart), errors.Is(err, isolate.ErrClosed):
		return true
	}
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case syscall.ENOSPC, syscall.EDQUOT, syscall.EROFS, syscall.EIO, syscall.EAGAIN,
			syscall.ENOMEM, syscall.EMFILE, syscall.ENFILE, syscall.EBUSY:
			return true
		}
	}
	return false
}

// check checks sub. A failure that is the file's own (its worker died on
// it, the check itself failed) is returned as an error the first time, so
// that the file is offered again; the second time the file is answered as
// unreadable, with the reason, and the caller enters it like any other
// answer: it is never tried again. A passing failure is always returned.
func (d *Desk) check(ctx context.Context, sub stpclaims.Submission) (process.Result, error) {
	res, err := d.Checker.Check(ctx, sub)
	if err == nil {
		d.fails.forget(sub.SHA256)
		return res, nil
	}
	if passing(err) {
		return process.Result{}, err
	}
	n := d.fails.add(sub.SHA256)
	if n < poisonAfter {
		d.log().Warn("the check failed; the file is tried once more", "file", sub.Name, "sha256", sub.SHA256, "err", err)
		return process.Result{}, fmt.Errorf("desk: the check of %s failed (%d of %d): %w", sub.Name, n, poisonAfter, err)
	}
	d.fails.forget(sub.SHA256)
	d.log().Error("the check failed again the same way; the file is answered as unreadable", "file", sub.Name, "sha256", sub.SHA256, "err", err)
	return d.Checker.Rejected(sub, output.FailedReason(errors.Is(err, isolate.ErrWorkerDied))), nil
}
