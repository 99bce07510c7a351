package jobs

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the Prometheus series of the job system. Build one per process with
// NewMetrics and hand it to the Server, Relay and Cleanup; a nil *Metrics records nothing.
type Metrics struct {
	processed *prometheus.CounterVec
	duration  *prometheus.HistogramVec
	dead      *prometheus.CounterVec
	relayed   *prometheus.CounterVec
	lag       prometheus.Gauge
	deleted   prometheus.Counter
}

// Results counted by manifold_jobs_processed_total.
const (
	resultOK        = "ok"
	resultError     = "error"
	resultDuplicate = "duplicate" // the outbox row was already done: handler not run
	resultPanic     = "panic"
)

// NewMetrics creates the job metrics and registers them on reg (nil: not registered).
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		processed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "manifold_jobs_processed_total",
			Help: "Tasks handled, by task type and result (ok, error, panic, duplicate).",
		}, []string{"type", "result"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "manifold_jobs_duration_seconds",
			Help:    "Time spent in task handlers, by task type.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60, 300},
		}, []string{"type"}),
		dead: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "manifold_jobs_dead_total",
			Help: "Tasks given up on (retries exhausted, SkipRetry, RevokeTask), by task type.",
		}, []string{"type"}),
		relayed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "manifold_outbox_relayed_total",
			Help: "Outbox rows handed to asynq, by result (enqueued, queued_already, error).",
		}, []string{"result"}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "manifold_outbox_lag_seconds",
			Help: "Age of the oldest due outbox row that is not done (0 when none).",
		}),
		deleted: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "manifold_outbox_deleted_total",
			Help: "Done outbox rows deleted by the cleanup.",
		}),
	}
	if reg == nil {
		return m, nil
	}
	var errs []error
	for _, c := range []prometheus.Collector{m.processed, m.duration, m.dead, m.relayed, m.lag, m.deleted} {
		errs = append(errs, reg.Register(c))
	}
	return m, errors.Join(errs...)
}

func (m *Metrics) observeTask(typ, result string, seconds float64) {
	if m == nil {
		return
	}
	m.processed.WithLabelValues(typ, result).Inc()
	if result != resultDuplicate {
		m.duration.WithLabelValues(typ).Observe(seconds)
	}
}

func (m *Metrics) incDead(typ string) {
	if m != nil {
		m.dead.WithLabelValues(typ).Inc()
	}
}

func (m *Metrics) addRelayed(result string, n int) {
	if m != nil && n > 0 {
		m.relayed.WithLabelValues(result).Add(float64(n))
	}
}

func (m *Metrics) setLag(seconds float64) {
	if m != nil {
		m.lag.Set(seconds)
	}
}

func (m *Metrics) addDeleted(n int) {
	if m != nil && n > 0 {
		m.deleted.Add(float64(n))
	}
}
