package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"stpclaims"
)

// metrics are what /metrics shows: submissions by status and source,
// processing time, the mailbox connection, the last successful poll and the
// outbox depth.
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
	// Every status and source shows from the start, at zero.
	for _, st := range []stpclaims.Status{stpclaims.StatusClean, stpclaims.StatusReview, stpclaims.StatusReturned, stpclaims.StatusUnreadable} {
		for _, src := range []stpclaims.Source{stpclaims.SourceMail, stpclaims.SourceFolder} {
			m.submissions.WithLabelValues(string(st), string(src))
		}
	}
	return m
}

func (m *metrics) observe(src stpclaims.Source, st stpclaims.Status, took time.Duration) {
	m.submissions.WithLabelValues(string(st), string(src)).Inc()
	m.duration.WithLabelValues(string(src)).Observe(took.Seconds())
}

func (m *metrics) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	return mux
}
