package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/robfig/cron/v3"

	"stpclaims/desk"
	"stpclaims/health"
	"stpclaims/ingest/folder"
	"stpclaims/ingest/mailbox"
	"stpclaims/ingest/read"
	"stpclaims/isolate"
	"stpclaims/output/mailer"
	"stpclaims/store"
	"stpclaims/templates"
	"stpclaims/validate"
)

// daemonMemoryTarget is the daemon's soft memory limit when the
// environment sets no GOMEMLIMIT.
const daemonMemoryTarget = 96 << 20

// ServeMain is `stpclaims serve`: the daemon.
type ServeMain struct {
	configPath string
	// ready, when set (tests), receives the metrics address once the
	// daemon is taking work.
	ready chan<- string
}

// Run runs the daemon until SIGINT or SIGTERM (or ctx), and returns the
// exit status. The first signal stops intake and lets work in flight finish
// within shutdown_grace; a second signal exits at once.
func (m *ServeMain) Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, help := serveCommand.flagSet(stderr)
	fs.StringVar(&m.configPath, "config", "", "the config `FILE` (TOML; see stpclaims.example.toml); without it: watch ./inbox, write ./outbox, store in ./stpclaims.db")
	rest, code, done := serveCommand.parse(fs, help, args, stdout)
	if done {
		return code
	}
	if !noArgs(serveCommand.name, rest, stderr) {
		return exitMisuse
	}
	cfg, err := loadConfig(m.configPath, usesAll)
	if err == nil {
		err = cfg.checkFolder() // before anything is created
	}
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims serve: %v\n", err)
		return exitMisuse
	}
	created, err := cfg.ensureFolder()
	if err != nil {
		fmt.Fprintf(stderr, "stpclaims serve: %v\n", err)
		return exitMisuse
	}
	log := newLogger(cfg, stderr)
	logStart(log, cfg, created)
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		// The workers hold the files; the daemon holds one answer at a
		// time per folder worker. A soft limit makes its collector work
		// harder before its heap grows past it (it is no ceiling: the
		// nightly ledger of a large store still gets what it needs).
		debug.SetMemoryLimit(daemonMemoryTarget)
	}

	// intake stops at the first signal; work stops at the grace deadline.
	intake, stopIntake := context.WithCancel(ctx)
	defer stopIntake()
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()

	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		select {
		case s := <-sigs:
			log.Info("stopping: no new work is taken; work in flight may finish", "signal", s.String(), "grace", cfg.ShutdownGrace.Duration)
			stopIntake()
		case <-intake.Done():
		}
		select {
		case s := <-sigs:
			log.Warn("second signal: exiting at once", "signal", s.String())
			os.Exit(exitMisuse)
		case <-work.Done():
		}
	}()

	d, err := newDaemon(work, cfg, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitMisuse
	}
	defer d.close()
	if err := d.run(intake, work, stopIntake, stopWork, m.ready); err != nil {
		log.Error("stopped with an error", "err", err)
		return exitMisuse
	}
	log.Info("stopped")
	return exitOK
}

// newLogger logs at the configured level and format, with times in the
// configured zone.
func newLogger(cfg Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.LogLevel)) // validated in loadConfig
	loc := cfg.location
	opts := &slog.HandlerOptions{Level: level, ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey && a.Value.Kind() == slog.KindTime && loc != nil {
			a.Value = slog.TimeValue(a.Value.Time().In(loc))
		}
		return a
	}}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// logStart says, first, where the daemon watches and writes, and warns of
// certificate checking turned off.
func logStart(log *slog.Logger, cfg Config, created bool) {
	abs := func(p string) string {
		if a, err := filepath.Abs(p); err == nil {
			return a
		}
		return p
	}
	var in []string
	if cfg.folderEnabled() {
		f := "folder " + abs(cfg.Folder.Dir)
		if created {
			f += " (created now)"
		}
		in = append(in, f)
	}
	if cfg.Mailbox.Enabled {
		in = append(in, "mailbox "+cfg.Mailbox.Username+" at "+cfg.Mailbox.Addr)
	}
	if len(in) == 0 {
		in = append(in, "nothing (folder and mailbox both off)")
	}
	replies := "replies to mail are not sent (smtp off)"
	if cfg.SMTP.Enabled {
		replies = "replies to mail go out through " + net.JoinHostPort(cfg.SMTP.Host, fmt.Sprint(cfg.SMTP.Port))
	}
	log.Info(fmt.Sprintf("stpclaims %s: watching %s; answers to folder drops go to %s; %s; store %s",
		version(), strings.Join(in, " and "), abs(cfg.Outbox), replies, abs(cfg.Store)))
	for _, p := range []struct {
		on   bool
		part string
	}{{cfg.Mailbox.Enabled && cfg.Mailbox.InsecureTLS, "mailbox"}, {cfg.SMTP.Enabled && cfg.SMTP.InsecureTLS, "smtp"}} {
		if p.on {
			log.Warn(p.part+".insecure_skip_verify is on: the server's certificate is not checked, so anyone between here and it can read the password and the mail; set "+p.part+".ca_file instead",
				"part", p.part)
		}
	}
}

// daemon holds the parts `serve` wires together.
type daemon struct {
	cfg     Config
	log     *slog.Logger
	store   *store.Store
	metrics *metrics

	folder  *folder.Watcher
	mailbox *mailbox.Watcher
	drainer *mailer.Drainer

	pool      *isolate.Pool
	desk      *desk.Desk
	rebuilder *ledgerRebuilder
	cron      *cron.Cron
}

// newDaemon builds the parts from the config and wires them: the store,
// the checker, the desk that answers what comes in, the ledger's rebuild
// and schedule, and the folder, mailbox and SMTP parts the config enables.
func newDaemon(ctx context.Context, cfg Config, log *slog.Logger) (d *daemon, err error) {
	rates, err := readRates(cfg.Rates)
	if err != nil {
		return nil, err
	}
	cards, err := parseCards(rates, cfg.Rates)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cfg.Outbox, 0o755); err != nil {
		return nil, fmt.Errorf("outbox: %w", err)
	}
	st, err := store.Open(ctx, cfg.Store)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			st.Close()
		}
	}()
	d = &daemon{cfg: cfg, log: log, store: st}
	d.pool, err = newPool(cfg, rates, st, log)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			d.pool.Close()
		}
	}()
	d.desk = newDesk(cfg, st, d.pool, cards, log)
	if err := d.newJobs(ctx); err != nil {
		return nil, err
	}
	// Blank forms for anyone who looks in the outbox, from the card in force today.
	if _, err := templates.WriteAll(filepath.Join(cfg.Outbox, "templates"), cards.InForce(time.Now().In(cfg.location))); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if err := d.newIntake(); err != nil {
		return nil, err
	}
	return d, nil
}

// newPool starts the checker. Workbooks are checked in worker processes,
// each under the memory ceiling and the file's time limit; the daemon
// answers their questions about a programme's register (its history, from
// the store st) and converts .ods and .xls for them.
func newPool(cfg Config, rates [][]byte, st *store.Store, log *slog.Logger) (*isolate.Pool, error) {
	return isolate.New(isolate.Config{
		Workers:   cfg.Check.Workers,
		MaxMemory: int64(cfg.Check.MaxMemory),
		Timeout:   cfg.FileTimeout.Duration,
		Rates:     rates,
		Limits:    read.DefaultLimits(),
		Zone:      cfg.location,
		History:   st,
		Convert:   converter(log.With("part", "convert"), int64(cfg.Check.MaxMemory)),
		Log:       log.With("part", "check"),
	})
}

// newDesk is the desk that answers what comes in, from the config: its
// store, checker, rate cards, outbox, ledger workbooks and, when enabled,
// the EBT returns' folder.
func newDesk(cfg Config, st *store.Store, checker desk.Checker, cards *validate.Cards, log *slog.Logger) *desk.Desk {
	dk := &desk.Desk{
		Store:        st,
		Checker:      checker,
		Cards:        cards,
		Zone:         cfg.location,
		Outbox:       cfg.Outbox,
		Ledger:       desk.Ledger{Path: cfg.Ledger.Path, Reviews: cfg.Ledger.Reviews, Finance: cfg.Ledger.Finance},
		Log:          log,
		MaxFileBytes: read.DefaultLimits().MaxFileBytes,
		MaxWorkbooks: cfg.Mailbox.MaxWorkbooks,
	}
	if cfg.ebtEnabled() {
		dk.EBT = desk.EBT{Dir: cfg.ebtDir(), Layout: cfg.EBT.Layout, Zone: cfg.location}
	}
	return dk
}

// newJobs wires the daemon's metrics to its desk, and the ledger's
// debounced rebuild and the scheduled jobs (overdue, digest, rebuild,
// sanctions) to the desk's work.
func (d *daemon) newJobs(ctx context.Context) error {
	cfg, log := d.cfg, d.log
	d.metrics = newMetrics(d)
	d.desk.Observed = d.metrics.observe
	jm, err := newJobMetrics(d.metrics.reg)
	if err != nil {
		return err
	}
	d.rebuilder = newLedgerRebuilder(d.desk.RebuildLedger, cfg.Ledger.Debounce.Duration, jm, log.With("part", "ledger"))
	d.desk.Rebuild = d.rebuilder
	d.cron, err = newSchedule(ctx, scheduleConfig{
		Overdue: cfg.Schedule.Overdue, Digest: cfg.Schedule.Digest, Rebuild: cfg.Schedule.Rebuild, Sanctions: cfg.Schedule.Sanctions,
		JobTimeout: cfg.Schedule.JobTimeout.Duration,
	}, cfg.location, d.desk, jm, log.With("part", "schedule"))
	return err
}

// newIntake builds the folder watcher, the SMTP drainer and the mailbox
// watcher the config enables.
func (d *daemon) newIntake() error {
	cfg, log := d.cfg, d.log
	var err error
	if cfg.folderEnabled() {
		d.folder, err = folder.New(folder.Config{
			Dir:     cfg.Folder.Dir,
			Rescan:  cfg.Folder.Rescan.Duration,
			Settle:  cfg.Folder.Settle.Duration,
			Abandon: cfg.Folder.Abandon.Duration,
			Workers: cfg.Folder.Workers,
		}, log.With("part", "folder"))
		if err != nil {
			return err
		}
	}
	if cfg.SMTP.Enabled {
		s := cfg.SMTP
		ml, err := mailer.New(mailer.Config{
			Host: s.Host, Port: s.Port, Security: s.Security,
			CAFile: s.CAFile, InsecureSkipVerify: s.InsecureTLS,
			Username: s.Username, Password: s.password,
			From: s.From, Timeout: s.Timeout.Duration,
		}, log.With("part", "smtp"))
		if err != nil {
			return err
		}
		d.drainer = &mailer.Drainer{
			Queue:    storeQueue{d.store},
			Sender:   ml,
			Log:      log.With("part", "outbox"),
			Interval: s.RetryEvery.Duration,
			// smtp.retry_every is how often the outbox is tried again
			// while SMTP is down: the drainer's backoff (30s, 1m, … 1h)
			// never waits longer than that between tries.
			Backoff: func(attempts int) time.Duration {
				return min(mailer.DefaultBackoff(attempts), s.RetryEvery.Duration)
			},
			GiveUpAfter: s.GiveUpAfter.Duration,
			Finance:     cfg.Ledger.Finance,
		}
		d.desk.Drain = d.drainer
	}
	if cfg.Mailbox.Enabled {
		mb := cfg.Mailbox
		d.mailbox, err = mailbox.New(mailbox.Config{
			Addr: mb.Addr, Security: mb.Security, CAFile: mb.CAFile, InsecureSkipVerify: mb.InsecureTLS,
			Username: mb.Username, Password: mb.password,
			Mailbox: mb.Mailbox, Processed: mb.Processed, Quarantine: mb.Quarantine,
			Allow:        mb.Allow,
			PollInterval: mb.PollInterval.Duration, IdleRefresh: mb.IdleRefresh.Duration,
			CommandTimeout: mb.CommandTimeout.Duration, ReconnectMax: mb.ReconnectMax.Duration,
			RequireAuth: mb.RequireAuth, AuthServID: mb.AuthServID,
			MaxPartBytes: read.DefaultLimits().MaxFileBytes, MaxWorkbooks: mb.MaxWorkbooks,
		}, d.store, log.With("part", "mailbox"))
		if err != nil {
			return err
		}
	}
	return nil
}

// The store keeps how far the mailbox was read.
var _ mailbox.State = (*store.Store)(nil)

// storeQueue shows the store's outbox to the drainer.
type storeQueue struct{ st *store.Store }

var _ mailer.Queue = storeQueue{}

func (q storeQueue) DueReplies(ctx context.Context, now time.Time, limit int) ([]mailer.Outgoing, error) {
	rows, err := q.st.DueReplies(ctx, now, limit)
	if err != nil {
		return nil, err
	}
	out := make([]mailer.Outgoing, len(rows))
	for i, r := range rows {
		out[i] = mailer.Outgoing{ID: r.ID, Reply: r.Reply, Attempts: r.Attempts, Queued: r.Queued,
			Pending: r.Pending, Notice: r.Notice}
		for _, f := range r.Refused {
			out[i].Refused = append(out[i].Refused, mailer.Refusal{Addr: f.Addr, Code: f.Code, Text: f.Detail})
		}
	}
	return out, nil
}

func (q storeQueue) Record(ctx context.Context, id int64, o mailer.Outcome) error {
	a := store.Attempt{At: o.At, Delivered: o.Delivered, Err: o.Err, Next: o.Next, Park: o.Park, Notices: o.Notices}
	for _, f := range o.Refused {
		a.Refused = append(a.Refused, store.Refusal{Addr: f.Addr, Code: f.Code, Detail: f.Text})
	}
	return q.st.RecordAttempt(ctx, id, a)
}

func (d *daemon) close() {
	if err := d.pool.Close(); err != nil {
		d.log.Error("stopping the workers", "err", err)
	}
	if err := d.store.Close(); err != nil {
		d.log.Error("closing the store", "err", err)
	}
}

// intakeStopWait bounds the wait, once work is cancelled at the end of the
// grace period, for the folder and mailbox watchers to return: their
// handlers stop at once on cancellation and IMAP commands have their own
// timeout, so this is a last guard against a hang at shutdown.
const intakeStopWait = 30 * time.Second

// run starts every part and returns when intake has stopped and the work in
// flight has finished, or the grace period has run out.
func (d *daemon) run(intake, work context.Context, stopIntake, stopWork context.CancelFunc, ready chan<- string) error {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	start := func(name string, f func() error) {
		wg.Go(func() {
			if err := f(); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("%s: %w", name, err)
			}
		})
	}
	srv, metricsAddr, err := d.serveMetrics(start)
	if err != nil {
		return err
	}
	// The ledger is rebuilt after submissions and on its schedule until
	// work stops.
	start("ledger", func() error { d.rebuilder.Run(work); return nil })
	d.cron.Start()
	// The outbox drains until work stops, so replies queued by work in
	// flight still go out during the grace period.
	if d.drainer != nil {
		start("outbox", func() error { return d.drainer.Run(work) })
	}
	intakeDone := d.startIntake(intake, work, errs)
	d.log.Info("taking claims", "metrics", metricsAddr)
	if ready != nil {
		ready <- metricsAddr
	}

	var firstErr error
	select {
	case <-intake.Done():
	case firstErr = <-errs:
		stopIntake()
	}
	d.stop(work, stopWork, intakeDone, srv)
	wg.Wait()
	if firstErr == nil {
		select {
		case firstErr = <-errs:
		default:
		}
	}
	return firstErr
}

// serveMetrics starts /metrics and /healthz on the configured address, if
// any, and returns the server and the address it listens on.
func (d *daemon) serveMetrics(start func(name string, f func() error)) (*http.Server, string, error) {
	if d.cfg.MetricsAddr == "" {
		return nil, "", nil
	}
	ln, err := net.Listen("tcp", d.cfg.MetricsAddr)
	if err != nil {
		return nil, "", fmt.Errorf("metrics: %w", err)
	}
	srv := &http.Server{Handler: d.metrics.handler(d.readiness()), ReadHeaderTimeout: 10 * time.Second}
	start("metrics", func() error {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	return srv, ln.Addr().String(), nil
}

// readiness is /readyz: the store writable, the folder reachable, the
// mailbox connected (or reconnecting within health.imap_grace), the SMTP
// server answering (or not for less than health.smtp_grace), no reply
// waiting for its main recipient longer than health.outbox_max_age. A
// certificate the daemon does not trust is down at once: it will not
// mend itself.
func (d *daemon) readiness() *health.Readiness {
	r := &health.Readiness{}
	r.Add("store", health.Func(d.store.CheckWritable))
	if d.folder != nil {
		r.Add("folder", health.Dir(d.cfg.Folder.Dir))
	}
	if d.mailbox != nil {
		r.Add("mailbox", health.Connection(func() health.Link {
			s := d.mailbox.Status()
			return health.Link{Up: s.Connected, DownSince: s.DownSince, LastError: s.LastError, Hopeless: s.CertificateError, LastUp: d.mailbox.LastPoll()}
		}, d.cfg.Health.IMAPGrace.Duration))
	}
	if d.drainer != nil {
		r.Add("smtp", health.Connection(func() health.Link {
			s := d.drainer.Status()
			return health.Link{Up: s.FailingSince.IsZero(), DownSince: s.FailingSince, LastError: s.LastError,
				Hopeless: s.CertificateError && !s.FailingSince.IsZero(), LastUp: s.LastSuccess}
		}, d.cfg.Health.SMTPGrace.Duration))
		r.Add("outbox", health.Age("the oldest reply not yet delivered to its main recipient", func(ctx context.Context) (time.Time, error) {
			st, err := d.store.OutboxStats(ctx)
			return st.OldestUndelivered, err
		}, d.cfg.Health.OutboxMaxAge.Duration))
	}
	return r
}

// startIntake runs the folder and mailbox watchers until intake stops,
// handing what they take to the desk under work, so that a stop lets the
// file or mail in hand finish. The channel is closed when both have
// returned.
func (d *daemon) startIntake(intake, work context.Context, errs chan<- error) <-chan struct{} {
	intakeDone := make(chan struct{})
	var intakeWG sync.WaitGroup
	if d.folder != nil {
		intakeWG.Go(func() {
			handle := func(_ context.Context, f folder.File) (folder.Outcome, error) { return d.desk.HandleFile(work, f) }
			if err := d.folder.Run(intake, handle); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("folder: %w", err)
			}
		})
	}
	if d.mailbox != nil {
		intakeWG.Go(func() {
			handle := func(_ context.Context, m mailbox.Message) error { return d.desk.HandleMessage(work, m) }
			if err := d.mailbox.Run(intake, handle); err != nil && !errors.Is(err, context.Canceled) {
				errs <- fmt.Errorf("mailbox: %w", err)
			}
		})
	}
	go func() { intakeWG.Wait(); close(intakeDone) }()
	return intakeDone
}

// stop winds the daemon down once intake is stopping: work in flight gets
// the grace period, the outbox one last pass, then the schedule and the
// work stop, and the intake goroutines and the metrics server end before
// the caller closes the store.
func (d *daemon) stop(work context.Context, stopWork context.CancelFunc, intakeDone <-chan struct{}, srv *http.Server) {
	select {
	case <-intakeDone:
	case <-time.After(d.cfg.ShutdownGrace.Duration):
		d.log.Warn("grace period over; abandoning work in flight (it is redone at the next start)")
	}
	if d.drainer != nil {
		// one last pass for replies queued at the end
		drainCtx, cancel := context.WithTimeout(work, 5*time.Second)
		if _, err := d.drainer.DrainOnce(drainCtx); err != nil {
			d.log.Warn("outbox not fully drained; the rest is sent at the next start", "err", err)
		}
		cancel()
	}
	cronStopped := d.cron.Stop() // no new scheduled run from here
	stopWork()                   // cancels a scheduled job, and work in flight past the grace
	<-cronStopped.Done()         // which ends before the store closes
	// The intake goroutines end once their handlers see work cancelled
	// (their files stay under processing/, their mail in place); they
	// must end before the caller closes the store under them.
	select {
	case <-intakeDone:
	case <-time.After(intakeStopWait):
		d.log.Error("intake did not stop after its work was cancelled; closing the store anyway", "waited", intakeStopWait)
	}
	if srv != nil {
		shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_ = srv.Shutdown(shut)
		cancel()
	}
}
