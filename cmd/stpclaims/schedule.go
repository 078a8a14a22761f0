package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/robfig/cron/v3"

	"stpclaims"
	"stpclaims/desk"
)

// scheduleConfig is the proposed [schedule] table: standard five-field cron
// specs, read in the config's zone (Indian Standard Time, stpclaims.DefaultZoneName, by default).
type scheduleConfig struct {
	Overdue string // daily overdue notices; default "0 9 * * *"
	Digest  string // weekly facilitator digests; default "0 8 * * MON"
	Rebuild string // nightly ledger rebuild and check; default "30 1 * * *"
	// Sanctions mails the Sanctions workbook to finance; default
	// "30 8 * * MON-FRI".
	Sanctions string
	// JobTimeout bounds one run of a job; zero means 30 minutes.
	JobTimeout time.Duration
}

func (c scheduleConfig) withDefaults() scheduleConfig {
	if c.Overdue == "" {
		c.Overdue = "0 9 * * *"
	}
	if c.Digest == "" {
		c.Digest = "0 8 * * MON"
	}
	if c.Rebuild == "" {
		c.Rebuild = "30 1 * * *"
	}
	if c.Sanctions == "" {
		c.Sanctions = "30 8 * * MON-FRI"
	}
	if c.JobTimeout <= 0 {
		c.JobTimeout = 30 * time.Minute
	}
	return c
}

// jobMetrics count scheduled job runs and failures, by job, for /metrics.
type jobMetrics struct {
	runs, failures *prometheus.CounterVec
	last           *prometheus.GaugeVec
}

// jobNames are the scheduled jobs, as their metrics label them.
var jobNames = []string{"overdue", "digest", "rebuild", "sanctions"}

func newJobMetrics(reg prometheus.Registerer) (*jobMetrics, error) {
	m := &jobMetrics{
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stpclaims_job_runs_total", Help: "Scheduled job runs, by job.",
		}, []string{"job"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stpclaims_job_failures_total", Help: "Scheduled job runs that failed (or panicked), by job.",
		}, []string{"job"}),
		last: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Name: "stpclaims_job_last_success_timestamp_seconds", Help: "Unix time of each job's last successful run (0: none yet).",
		}, []string{"job"}),
	}
	for _, c := range []prometheus.Collector{m.runs, m.failures, m.last} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("job metrics: %w", err)
		}
	}
	for _, j := range jobNames {
		m.runs.WithLabelValues(j)
		m.failures.WithLabelValues(j)
		m.last.WithLabelValues(j)
	}
	return m, nil
}

// cronLogger hands cron's own messages (panics recovered, runs skipped)
// to slog.
type cronLogger struct{ log *slog.Logger }

var _ cron.Logger = cronLogger{}

func (l cronLogger) Info(msg string, kv ...any) { l.log.Debug("cron: "+msg, kv...) }
func (l cronLogger) Error(err error, msg string, kv ...any) {
	l.log.Error("cron: "+msg, append(kv, "err", err)...)
}

// countPanics wraps a job so that a panic is counted as a failure before
// cron.Recover logs it and the schedule goes on.
func countPanics(m *jobMetrics, name string) cron.JobWrapper {
	return func(j cron.Job) cron.Job {
		return cron.FuncJob(func() {
			defer func() {
				if p := recover(); p != nil {
					m.failures.WithLabelValues(name).Inc()
					panic(p)
				}
			}()
			j.Run()
		})
	}
}

// newSchedule sets up the ledger's jobs on a cron in the config's zone:
// daily overdue notices (at most one a week per advance), weekly
// facilitator digests, the nightly ledger rebuild and check, the Sanctions
// workbook to finance on working days. Every job
// runs under ctx with a timeout, is skipped while its previous run is still
// going, and has its panics recovered; a failure is logged and counted and
// the next run goes on. The caller owns the cron: Start it, and on
// shutdown wait for <-c.Stop().Done() before closing the store.
func newSchedule(ctx context.Context, cfg scheduleConfig, zone *time.Location, jobs *desk.Desk, m *jobMetrics, log *slog.Logger) (*cron.Cron, error) {
	cfg = cfg.withDefaults()
	if zone == nil {
		zone = stpclaims.DefaultZone()
	}
	clog := cronLogger{log: log}
	c := cron.New(cron.WithLocation(zone), cron.WithLogger(clog),
		cron.WithChain(cron.Recover(clog)))
	run := func(name string, job func(context.Context) (int, error)) func() {
		return func() {
			ctx, cancel := context.WithTimeout(ctx, cfg.JobTimeout)
			defer cancel()
			m.runs.WithLabelValues(name).Inc()
			began := time.Now()
			n, err := job(ctx)
			if err != nil {
				m.failures.WithLabelValues(name).Inc()
				log.Error("scheduled job failed; the next run goes on", "job", name, "err", err, "took", time.Since(began))
				return
			}
			m.last.WithLabelValues(name).Set(float64(time.Now().UnixNano()) / 1e9)
			log.Info("scheduled job done", "job", name, "count", n, "took", time.Since(began))
		}
	}
	for _, e := range []struct {
		name, spec string
		job        func(context.Context) (int, error)
	}{
		{"overdue", cfg.Overdue, jobs.OverdueNotices},
		{"digest", cfg.Digest, jobs.Digests},
		{"rebuild", cfg.Rebuild, func(ctx context.Context) (int, error) { return 0, jobs.RebuildLedger(ctx) }},
		{"sanctions", cfg.Sanctions, jobs.SendSanctions},
	} {
		job := cron.NewChain(cron.SkipIfStillRunning(clog), countPanics(m, e.name)).Then(cron.FuncJob(run(e.name, e.job)))
		if _, err := c.AddJob(e.spec, job); err != nil {
			return nil, fmt.Errorf("schedule: %s %q: %w", e.name, e.spec, err)
		}
	}
	return c, nil
}

// ledgerRebuilder rebuilds the ledger shortly after submissions are
// entered: Kick after each one; bursts within the delay make one rebuild,
// but kicks that keep coming never hold a rebuild back longer than maxWait.
type ledgerRebuilder struct {
	rebuild func(context.Context) error
	delay   time.Duration
	maxWait time.Duration
	m       *jobMetrics
	log     *slog.Logger
	kick    chan struct{}
}

func newLedgerRebuilder(rebuild func(context.Context) error, delay time.Duration, m *jobMetrics, log *slog.Logger) *ledgerRebuilder {
	if delay <= 0 {
		delay = 30 * time.Second
	}
	return &ledgerRebuilder{rebuild: rebuild, delay: delay, maxWait: 10 * delay, m: m, log: log, kick: make(chan struct{}, 1)}
}

// Kick asks for a rebuild; it never blocks.
func (r *ledgerRebuilder) Kick() {
	select {
	case r.kick <- struct{}{}:
	default:
	}
}

// Run rebuilds after each quiet spell of delay following a Kick, or
// maxWait after the first kick not yet rebuilt for, until ctx ends. Its
// caller owns it (runs it in a goroutine it waits for).
func (r *ledgerRebuilder) Run(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	var due time.Time // the latest a rebuild may wait for; zero when none is pending
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.kick:
			now := time.Now()
			if due.IsZero() {
				due = now.Add(r.maxWait)
			}
			timer.Reset(max(min(r.delay, due.Sub(now)), 0))
		case <-timer.C:
			due = time.Time{}
			r.m.runs.WithLabelValues("rebuild").Inc()
			if err := r.rebuild(ctx); err != nil {
				r.m.failures.WithLabelValues("rebuild").Inc()
				r.log.Error("ledger rebuild failed", "err", err)
				continue
			}
			r.m.last.WithLabelValues("rebuild").Set(float64(time.Now().UnixNano()) / 1e9)
		}
	}
}
