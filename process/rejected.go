package process

import (
	"stpclaims"
	"stpclaims/ingest/read"
)

// Rejected is the rejected-unreadable answer for sub with reason, for a
// file the caller has answered itself: one whose check was stopped for the
// memory or time it took, or that failed the same way too often.
func (c *Checker) Rejected(sub stpclaims.Submission, reason string) Result {
	return c.rejected(sub, stpclaims.FormUnknown, reason)
}

// TooLarge is the answer for a file of size bytes, more than the limits
// allow, from its size alone: sub need hold no more than the file's first
// bytes (what a LimitReader let through), and they are not read.
func (c *Checker) TooLarge(sub stpclaims.Submission, size int64) Result {
	return c.rejected(sub, stpclaims.FormUnknown, read.TooLarge(size, c.Limits).Reason)
}
