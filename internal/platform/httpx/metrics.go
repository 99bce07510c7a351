package httpx

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics records HTTP requests by method, route template and status.
type Metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewMetrics registers manifold_http_requests_total and
// manifold_http_request_duration_seconds (labels method, route, status) on reg.
func NewMetrics(reg prometheus.Registerer) (*Metrics, error) {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: "manifold", Subsystem: "http", Name: "requests_total",
			Help: "HTTP requests by method, route template and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: "manifold", Subsystem: "http", Name: "request_duration_seconds",
			Help:    "HTTP request latency by method, route template and status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route", "status"}),
	}
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, err
		}
	}
	return m, nil
}

// UnmatchedRoute labels requests that matched no route, so that scanners probing
// random URLs cannot blow up the label cardinality.
const UnmatchedRoute = "unmatched"

// Middleware records every request. The route label is the echo route template
// (c.Path()), never the raw URL. Errors are rendered first so the status is final.
func (m *Metrics) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			handled(c, err)
			route := c.Path()
			if route == "" {
				route = UnmatchedRoute
			}
			method := c.Request().Method
			if !knownMethod(method) {
				method = "OTHER"
			}
			status := strconv.Itoa(c.Response().Status)
			m.requests.WithLabelValues(method, route, status).Inc()
			m.duration.WithLabelValues(method, route, status).Observe(time.Since(start).Seconds())
			return nil
		}
	}
}

func knownMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
		return true
	}
	return false
}

// MetricsHandler serves reg in the Prometheus text format (no global registry).
func MetricsHandler(reg *prometheus.Registry) echo.HandlerFunc {
	return echo.WrapHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
}
