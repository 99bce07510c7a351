package httpx_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := httpx.NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := httpx.NewMetrics(reg); err == nil {
		t.Error("registering twice should fail")
	}
	e := httpx.New(httpx.Options{Metrics: m})
	e.GET("/products/:id", func(c echo.Context) error {
		if c.Param("id") == "missing" {
			return problem.NotFound("no")
		}
		return c.NoContent(http.StatusOK)
	})
	e.GET("/metrics", httpx.MetricsHandler(reg))

	for _, id := range []string{"a", "b", "missing"} {
		do(t, e, http.MethodGet, "/products/"+id, nil)
	}
	do(t, e, http.MethodGet, "/random/scanner/path", nil)

	rec := do(t, e, http.MethodGet, "/metrics", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("metrics: %d", rec.Code)
	}
	out := rec.Body.String()
	for _, want := range []string{
		`manifold_http_requests_total{method="GET",route="/products/:id",status="200"} 2`,
		`manifold_http_requests_total{method="GET",route="/products/:id",status="404"} 1`,
		`manifold_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`manifold_http_request_duration_seconds_count{method="GET",route="/products/:id",status="200"} 2`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s\n%s", want, out)
		}
	}
	if strings.Contains(out, "/products/a") || strings.Contains(out, "scanner") {
		t.Errorf("raw URL used as a label:\n%s", out)
	}
}
