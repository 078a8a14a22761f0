// Package health says whether the daemon is ready to take and answer
// claims. Each part (the store, the shared folder, the mailbox connection,
// the SMTP server, the outbox) is a Probe; Readiness runs them all and is
// ready only when none is down. A part that is merely reconnecting is not
// down until its grace has passed; one that will not come back by itself
// (an untrusted certificate) is down at once.
//
// Readiness serves the report as JSON, 200 when ready and 503 when not:
// that is /readyz. Liveness (/healthz: the process answers) is not this
// package's business. Probes know nothing of the parts they look at: the
// caller hands them functions that read the parts' state.
package health

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"sync"
	"time"
)

// DefaultTimeout bounds one probe when Readiness.Timeout is zero.
const DefaultTimeout = 3 * time.Second

// Check is what one probe found.
type Check struct {
	Name   string    `json:"name"`
	OK     bool      `json:"ok"`
	Detail string    `json:"detail,omitempty"`
	Since  time.Time `json:"since,omitzero"` // when the part went down, if it is
}

// Probe looks at one part at now. Name is filled in by Readiness.
type Probe func(ctx context.Context, now time.Time) Check

// Report is one run of every probe.
type Report struct {
	Ready  bool      `json:"ready"`
	At     time.Time `json:"at"`
	Checks []Check   `json:"checks"`
}

// Readiness runs the probes added to it. Add them before serving; Check and
// ServeHTTP may then be called from any goroutine.
type Readiness struct {
	Timeout time.Duration    // per probe; DefaultTimeout when zero
	Now     func() time.Time // time.Now when nil

	mu     sync.Mutex
	names  []string
	probes []Probe
}

// Add adds a probe under name.
func (r *Readiness) Add(name string, p Probe) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names = append(r.names, name)
	r.probes = append(r.probes, p)
}

// Check runs every probe, each bounded by Timeout: a probe that has not
// answered by then is down ("no answer"); its goroutine ends when the
// probe returns (a probe should honour ctx; a stat on a dead network share
// may not).
func (r *Readiness) Check(ctx context.Context) Report {
	r.mu.Lock()
	names, probes := append([]string(nil), r.names...), append([]Probe(nil), r.probes...)
	r.mu.Unlock()
	now := time.Now()
	if r.Now != nil {
		now = r.Now()
	}
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rep := Report{Ready: true, At: now, Checks: make([]Check, len(probes))}
	var wg sync.WaitGroup
	for i, p := range probes {
		wg.Go(func() {
			pctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			res := make(chan Check, 1)
			go func() { res <- p(pctx, now) }()
			var c Check
			select {
			case c = <-res:
			case <-pctx.Done():
				c = Check{Detail: fmt.Sprintf("no answer within %v", timeout)}
			}
			c.Name = names[i]
			rep.Checks[i] = c
		})
	}
	wg.Wait()
	for _, c := range rep.Checks {
		rep.Ready = rep.Ready && c.OK
	}
	return rep
}

// ServeHTTP writes the report as JSON: 200 when ready, 503 when not.
func (r *Readiness) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	rep := r.Check(req.Context())
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !rep.Ready {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(rep)
}

// Func is a probe that is down when f returns an error.
func Func(f func(ctx context.Context, now time.Time) error) Probe {
	return func(ctx context.Context, now time.Time) Check {
		if err := f(ctx, now); err != nil {
			return Check{Detail: err.Error()}
		}
		return Check{OK: true}
	}
}

// Dir is a probe that is down when dir cannot be listed.
func Dir(dir string) Probe {
	return Func(func(context.Context, time.Time) error {
		f, err := os.Open(dir)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := f.Readdirnames(1); err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("%s: %w", dir, err)
		}
		return nil
	})
}

// Link is the state of a connection as a Connection probe needs it.
type Link struct {
	Up bool
	// DownSince is when it went down (or was first tried), while it is.
	DownSince time.Time
	// LastError says why it is down.
	LastError string
	// Hopeless says it will not come back by itself (an untrusted
	// certificate): no grace then.
	Hopeless bool
	// LastUp is when it last worked, for the detail; zero if unknown.
	LastUp time.Time
}

// Connection is a probe of a connection that reconnects by itself: down
// when it has been down for grace or longer, or is hopeless.
func Connection(state func() Link, grace time.Duration) Probe {
	return func(_ context.Context, now time.Time) Check {
		l := state()
		if l.Up {
			return Check{OK: true}
		}
		c := Check{Since: l.DownSince}
		down := now.Sub(l.DownSince)
		switch {
		case l.Hopeless:
			c.Detail = "will not recover by itself: " + l.LastError
		case down < grace:
			c.OK = true
			c.Detail = fmt.Sprintf("reconnecting for %v (grace %v)", down.Round(time.Second), grace)
			if l.LastError != "" {
				c.Detail += ": " + l.LastError
			}
		default:
			c.Detail = fmt.Sprintf("down for %v (grace %v)", down.Round(time.Second), grace)
			if l.LastError != "" {
				c.Detail += ": " + l.LastError
			}
		}
		if !l.LastUp.IsZero() {
			c.Detail += "; last worked " + l.LastUp.UTC().Format(time.RFC3339)
		}
		return c
	}
}

// Age is a probe that is down when the oldest of something (oldest returns
// the zero time when there is none) is max or older.
func Age(what string, oldest func(ctx context.Context) (time.Time, error), maxAge time.Duration) Probe {
	return func(ctx context.Context, now time.Time) Check {
		t, err := oldest(ctx)
		if err != nil {
			return Check{Detail: err.Error()}
		}
		if t.IsZero() {
			return Check{OK: true}
		}
		age := now.Sub(t)
		c := Check{OK: age < maxAge, Detail: fmt.Sprintf("%s waiting for %v (at most %v)", what, age.Round(time.Second), maxAge)}
		if !c.OK {
			c.Since = t.Add(maxAge)
		}
		return c
	}
}
