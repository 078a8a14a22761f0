package process

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"stpclaims"
	"stpclaims/ledger"
)

// stuckLedger never answers before the test ends.
type stuckLedger struct{ release chan struct{} }

func (l stuckLedger) Programme(context.Context, string) (*ledger.Register, error) {
	<-l.release
	return nil, errors.New("released")
}

func TestChecker_Check_timeouts(t *testing.T) {
	data, err := os.ReadFile("../examples/annexure2-example.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		fileTimeout  time.Duration
		callerWithin time.Duration // the caller's own deadline; 0 for none
		wantErr      bool          // else a rejected-unreadable answer
	}{
		{name: "the file's own time limit answers it as too slow", fileTimeout: 20 * time.Millisecond},
		{name: "the caller's deadline is the caller's error, not a verdict on the file",
			fileTimeout: time.Hour, callerWithin: 20 * time.Millisecond, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := stuckLedger{release: make(chan struct{})}
			t.Cleanup(func() { close(l.release) })
			c := newChecker(t)
			c.Timeout, c.Ledger = tc.fileTimeout, l
			ctx := context.Background()
			if tc.callerWithin > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tc.callerWithin)
				defer cancel()
			}
			res, err := c.Check(ctx, stpclaims.NewSubmission("claim.xlsx", data, stpclaims.SourceMail, received))
			if tc.wantErr {
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("Check = %v (status %q), want the caller's deadline as the error", err, res.Programmes[0].Report.Status)
				}
				return
			}
			if err != nil || res.Programmes[0].Report.Status != stpclaims.StatusUnreadable {
				t.Errorf("Check = %v, status %q; want a rejected-unreadable answer", err, res.Programmes[0].Report.Status)
			}
		})
	}
}
