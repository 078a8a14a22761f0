package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"stpclaims"
	"stpclaims/ingest/mailbox"
	"stpclaims/output/mailer"
)

// metrics are what /metrics shows: submissions by status and source,
// processing time, the mailbox connection, the last successful poll, the
// outbox depth and parked replies, and the mailbox's and the drainer's
// running totals (quarantined mail, auto-replies, bounces, reconnects,
// certificate failures, replies sent, failed, parked, recipients refused).
type metrics struct {
	reg         *prometheus.Registry
	submissions *prometheus.CounterVec
	duration    *prometheus.HistogramVec
}

func newMetrics(d *daemon) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		submissions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stpclaims_submissions_total",
			Help: "Workbooks checked, by status and source.",
		}, []string{"status", "source"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "stpclaims_processing_seconds",
			Help:    "Time to check and answer one workbook, by source.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60},
		}, []string{"source"}),
	}
	m.reg.MustRegister(m.submissions, m.duration,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "stpclaims_imap_connected",
		Help: "1 while the mailbox connection is up.",
	}, func() float64 {
		if d.mailbox != nil && d.mailbox.Connected() {
			return 1
		}
		return 0
	}))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "stpclaims_imap_last_poll_timestamp_seconds",
		Help: "Unix time of the last successful mailbox poll (0: none yet).",
	}, func() float64 {
		if d.mailbox == nil || d.mailbox.LastPoll().IsZero() {
			return 0
		}
		return float64(d.mailbox.LastPoll().UnixNano()) / 1e9
	}))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "stpclaims_outbox_depth",
		Help: "Replies queued and not yet sent.",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := d.store.OutboxDepth(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "stpclaims_outbox_parked",
		Help: "Replies parked: their main recipient never got them within smtp.give_up_after (stpclaims outbox list).",
	}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		st, err := d.store.OutboxStats(ctx)
		if err != nil {
			return -1
		}
		return float64(st.Parked)
	}))
	registerTotals(m.reg, d)
	// Every status and source shows from the start, at zero.
	for _, st := range []stpclaims.Status{stpclaims.StatusClean, stpclaims.StatusReview, stpclaims.StatusReturned, stpclaims.StatusUnreadable} {
		for _, src := range []stpclaims.Source{stpclaims.SourceMail, stpclaims.SourceFolder} {
			m.submissions.WithLabelValues(string(st), string(src))
		}
	}
	return m
}

// registerTotals shows the mailbox's and the drainer's running totals as
// counters (zero while the part is off).
func registerTotals(reg *prometheus.Registry, d *daemon) {
	mb := func(f func(mailbox.Counts) uint64) func() float64 {
		return func() float64 {
			if d.mailbox == nil {
				return 0
			}
			return float64(f(d.mailbox.Counts()))
		}
	}
	out := func(f func(mailer.Counts) uint64) func() float64 {
		return func() float64 {
			if d.drainer == nil {
				return 0
			}
			return float64(f(d.drainer.Counts()))
		}
	}
	counter := func(name, help string, labels prometheus.Labels, f func() float64) {
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help, ConstLabels: labels}, f))
	}
	counter("stpclaims_mail_quarantined_total", "Mail moved to Quarantine, by reason: a sender not on the allow-list, or not authenticated (require_auth).",
		prometheus.Labels{"reason": "stranger"}, mb(func(c mailbox.Counts) uint64 { return c.Quarantined }))
	counter("stpclaims_mail_quarantined_total", "Mail moved to Quarantine, by reason: a sender not on the allow-list, or not authenticated (require_auth).",
		prometheus.Labels{"reason": "unauthenticated"}, mb(func(c mailbox.Counts) uint64 { return c.Unauthenticated }))
	counter("stpclaims_mail_auto_replies_total", "Auto-replies taken and not answered.", nil,
		mb(func(c mailbox.Counts) uint64 { return c.AutoReplies }))
	counter("stpclaims_mail_bounces_total", "Bounces (delivery reports) taken and not answered.", nil,
		mb(func(c mailbox.Counts) uint64 { return c.Bounces }))
	counter("stpclaims_imap_reconnects_total", "Mailbox connections lost or failed, and tried again.", nil,
		mb(func(c mailbox.Counts) uint64 { return c.Reconnects }))
	counter("stpclaims_tls_certificate_failures_total", "Connections refused because the server's certificate was not trusted (set ca_file).",
		prometheus.Labels{"part": "mailbox"}, mb(func(c mailbox.Counts) uint64 { return c.CertFailures }))
	counter("stpclaims_tls_certificate_failures_total", "Connections refused because the server's certificate was not trusted (set ca_file).",
		prometheus.Labels{"part": "smtp"}, out(func(c mailer.Counts) uint64 { return c.CertFailures }))
	counter("stpclaims_replies_sent_total", "Replies (and notices) the SMTP server took for at least one recipient.", nil,
		out(func(c mailer.Counts) uint64 { return c.Sent }))
	counter("stpclaims_replies_failed_total", "Attempts that left a recipient of a reply waiting, or failed whole.", nil,
		out(func(c mailer.Counts) uint64 { return c.Failed }))
	counter("stpclaims_replies_parked_total", "Replies parked: their main recipient never got them within smtp.give_up_after.", nil,
		out(func(c mailer.Counts) uint64 { return c.Parked }))
	counter("stpclaims_reply_recipients_refused_total", "Recipients given up on (refused for good, or for too long); the others still got the reply.", nil,
		out(func(c mailer.Counts) uint64 { return c.Refused }))
}

func (m *metrics) observe(src stpclaims.Source, st stpclaims.Status, took time.Duration) {
	m.submissions.WithLabelValues(string(st), string(src)).Inc()
	m.duration.WithLabelValues(string(src)).Observe(took.Seconds())
}

// handler serves /metrics, /healthz (liveness: the process answers) and
// /readyz (ready: 200 or 503 with each part's state as JSON).
func (m *metrics) handler(ready http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.Handle("GET /readyz", ready)
	return mux
}
