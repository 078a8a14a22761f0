package health

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

func TestConnection(t *testing.T) {
	const grace = time.Minute
	tests := []struct {
		name   string
		link   Link
		wantOK bool
		detail string
	}{
		{"up", Link{Up: true}, true, ""},
		{"reconnecting within grace", Link{DownSince: t0.Add(-30 * time.Second), LastError: "connection refused"}, true, "reconnecting for 30s (grace 1m0s): connection refused"},
		{"down past grace", Link{DownSince: t0.Add(-2 * time.Minute), LastError: "connection refused"}, false, "down for 2m0s (grace 1m0s): connection refused"},
		{"down exactly at grace", Link{DownSince: t0.Add(-grace)}, false, "down for 1m0s"},
		{"certificate: no grace", Link{DownSince: t0.Add(-time.Second), LastError: "x509: unknown authority", Hopeless: true}, false, "will not recover by itself: x509: unknown authority"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := Connection(func() Link { return tc.link }, grace)(context.Background(), t0)
			if c.OK != tc.wantOK || !strings.HasPrefix(c.Detail, tc.detail) {
				t.Errorf("Check = %+v, want OK %v and %q", c, tc.wantOK, tc.detail)
			}
			if !c.OK && !c.Since.Equal(tc.link.DownSince) {
				t.Errorf("Since = %v, want %v", c.Since, tc.link.DownSince)
			}
		})
	}
}

func TestAge(t *testing.T) {
	oldest := func(ts time.Time, err error) func(context.Context) (time.Time, error) {
		return func(context.Context) (time.Time, error) { return ts, err }
	}
	tests := []struct {
		name   string
		f      func(context.Context) (time.Time, error)
		wantOK bool
	}{
		{"none waiting", oldest(time.Time{}, nil), true},
		{"young", oldest(t0.Add(-10*time.Minute), nil), true},
		{"too old", oldest(t0.Add(-2*time.Hour), nil), false},
		{"cannot tell", oldest(time.Time{}, errors.New("store: locked")), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if c := Age("oldest reply", tc.f, time.Hour)(context.Background(), t0); c.OK != tc.wantOK {
				t.Errorf("Check = %+v, want OK %v", c, tc.wantOK)
			}
		})
	}
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	if c := Dir(dir)(context.Background(), t0); !c.OK {
		t.Errorf("empty dir: %+v", c)
	}
	if err := os.WriteFile(filepath.Join(dir, "a"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if c := Dir(dir)(context.Background(), t0); !c.OK {
		t.Errorf("dir with a file: %+v", c)
	}
	if c := Dir(filepath.Join(dir, "gone"))(context.Background(), t0); c.OK || c.Detail == "" {
		t.Errorf("missing dir: %+v", c)
	}
	if c := Dir(filepath.Join(dir, "a"))(context.Background(), t0); c.OK {
		t.Errorf("a file for a dir: %+v", c)
	}
}

func TestReadiness_ServeHTTP(t *testing.T) {
	up := Func(func(context.Context, time.Time) error { return nil })
	down := Func(func(context.Context, time.Time) error { return errors.New("store: read-only") })
	hang := func(ctx context.Context, _ time.Time) Check {
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond)
		return Check{OK: true}
	}
	tests := []struct {
		name     string
		probes   map[string]Probe
		wantCode int
		wantDown string
	}{
		{"all up", map[string]Probe{"store": up, "folder": up}, 200, ""},
		{"one down", map[string]Probe{"store": down, "folder": up}, 503, "store"},
		{"one hangs", map[string]Probe{"folder": hang, "store": up}, 503, "folder"},
		{"nothing to probe", nil, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &Readiness{Timeout: 50 * time.Millisecond, Now: func() time.Time { return t0 }}
			for _, name := range []string{"store", "folder"} {
				if p, ok := tc.probes[name]; ok {
					r.Add(name, p)
				}
			}
			rec := httptest.NewRecorder()
			r.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/readyz", nil))
			if rec.Code != tc.wantCode {
				t.Errorf("status %d, want %d:\n%s", rec.Code, tc.wantCode, rec.Body)
			}
			var rep Report
			if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, rec.Body)
			}
			if rep.Ready != (tc.wantCode == 200) || !rep.At.Equal(t0) || len(rep.Checks) != len(tc.probes) {
				t.Errorf("report %+v", rep)
			}
			for _, c := range rep.Checks {
				if c.OK == (c.Name == tc.wantDown) {
					t.Errorf("check %+v", c)
				}
				if !c.OK && c.Detail == "" {
					t.Errorf("check %s down without a reason", c.Name)
				}
			}
		})
	}
}
