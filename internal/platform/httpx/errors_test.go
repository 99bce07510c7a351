package httpx_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

type pgErr struct{ code string }

func (e pgErr) Error() string    { return "pg: " + e.code }
func (e pgErr) SQLState() string { return e.code }

// TestErrorMapping pins how every kind of error reaches the client.
func TestErrorMapping(t *testing.T) {
	const base = problem.TypeBase
	connRefused := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connect: connection refused")}
	tests := []struct {
		name       string
		err        error
		status     int
		typ        string
		title      string
		detail     string
		retryAfter string
		fields     map[string]string
		logged     bool // a 5xx error log line with the cause
	}{
		{name: "not found", err: problem.NotFound("product %s not found", "p1"),
			status: 404, typ: base + "not-found", title: "Not found", detail: "product p1 not found"},
		{name: "conflict", err: problem.Conflict("sku taken"),
			status: 409, typ: base + "conflict", title: "Conflict", detail: "sku taken"},
		{name: "validation", err: problem.Validation("invalid product", problem.Field("/sku", "is required")),
			status: 400, typ: base + "validation", title: "Invalid request", detail: "invalid product",
			fields: map[string]string{"/sku": "is required"}},
		{name: "unauthorized", err: problem.Unauthorized("bad token"),
			status: 401, typ: base + "unauthorized", title: "Unauthorized", detail: "bad token"},
		{name: "forbidden", err: problem.Forbidden("nope"),
			status: 403, typ: base + "forbidden", title: "Forbidden", detail: "nope"},
		{name: "unprocessable", err: problem.Unprocessable("cannot ship"),
			status: 422, typ: base + "unprocessable", title: "Unprocessable request", detail: "cannot ship"},
		{name: "precondition", err: problem.PreconditionFailed("stale"),
			status: 412, typ: base + "precondition-failed", title: "Precondition failed", detail: "stale"},
		{name: "too many requests", err: problem.TooManyRequests(1500*time.Millisecond, "slow down"),
			status: 429, typ: base + "rate-limited", title: "Too many requests", detail: "slow down", retryAfter: "2"},
		{name: "payload too large", err: problem.PayloadTooLarge("too big"),
			status: 413, typ: base + "payload-too-large", title: "Payload too large", detail: "too big"},
		{name: "wrapped domain error", err: fmt.Errorf("catalog: %w", problem.NotFound("gone")),
			status: 404, typ: base + "not-found", title: "Not found", detail: "gone"},
		{name: "unavailable", err: problem.Unavailable(errors.New("secret dsn"), "database down"),
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "database down", logged: true},
		{name: "deadline", err: fmt.Errorf("query: %w", context.DeadlineExceeded),
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "a dependency is unavailable; retry later", logged: true},
		{name: "connection refused", err: fmt.Errorf("ent: %w", connRefused),
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "a dependency is unavailable; retry later", logged: true},
		{name: "bad conn", err: driver.ErrBadConn,
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "a dependency is unavailable; retry later", logged: true},
		{name: "pg admin shutdown", err: pgErr{"57P01"},
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "a dependency is unavailable; retry later", logged: true},
		{name: "redis pool timeout", err: redis.ErrPoolTimeout,
			status: 503, typ: base + "unavailable", title: "Service unavailable", detail: "a dependency is unavailable; retry later", logged: true},
		{name: "pg unique violation is a bug, not unavailability", err: pgErr{"23505"},
			status: 500, typ: base + "internal", title: "Internal error", detail: "internal error", logged: true},
		{name: "unknown error", err: errors.New("secret: password=hunter2"),
			status: 500, typ: base + "internal", title: "Internal error", detail: "internal error", logged: true},
		{name: "internal kind", err: &problem.Error{Kind: problem.KindInternal, Detail: "secret detail"},
			status: 500, typ: base + "internal", title: "Internal error", detail: "internal error", logged: true},
		{name: "echo 400", err: echo.NewHTTPError(http.StatusBadRequest, "bad syntax"),
			status: 400, typ: base + "validation", title: "Invalid request", detail: "bad syntax"},
		{name: "echo 415", err: echo.ErrUnsupportedMediaType,
			status: 415, typ: base + "unsupported-media-type", title: "Unsupported Media Type", detail: "Unsupported Media Type"},
		{name: "echo 500 hides message", err: echo.NewHTTPError(http.StatusInternalServerError, "secret"),
			status: 500, typ: base + "internal", title: "Internal error", detail: "internal error", logged: true},
		{name: "max bytes", err: fmt.Errorf("bind: %w", &http.MaxBytesError{Limit: 10}),
			status: 413, typ: base + "payload-too-large", title: "Payload too large", detail: "request body exceeds 10 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			log, logs := testLogger()
			e := httpx.New(httpx.Options{Logger: log})
			e.GET("/x/:id", func(echo.Context) error { return tt.err })

			rec := do(t, e, http.MethodGet, "/x/1", nil, httpx.HeaderRequestID, "rid-123")
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d (%s)", rec.Code, tt.status, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Type != tt.typ || p.Title != tt.title || p.Detail != tt.detail {
				t.Errorf("got type=%q title=%q detail=%q, want %q %q %q", p.Type, p.Title, p.Detail, tt.typ, tt.title, tt.detail)
			}
			if p.Instance != "/x/1" || p.RequestID != "rid-123" {
				t.Errorf("instance=%q request_id=%q", p.Instance, p.RequestID)
			}
			if got := rec.Header().Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
			if tt.fields != nil {
				if got := p.fields(); fmt.Sprint(got) != fmt.Sprint(tt.fields) {
					t.Errorf("errors = %v, want %v", got, tt.fields)
				}
			}
			if strings.Contains(rec.Body.String(), "secret") || strings.Contains(rec.Body.String(), "hunter2") {
				t.Errorf("body leaks internals: %s", rec.Body)
			}
			var errLine map[string]any
			for _, r := range logs.records(t) {
				if r["msg"] == "request failed" {
					errLine = r
				}
			}
			if tt.logged != (errLine != nil) {
				t.Fatalf("logged = %v, want %v: %s", errLine != nil, tt.logged, logs)
			}
			if errLine != nil {
				if errLine["request_id"] != "rid-123" || errLine["level"] != "ERROR" {
					t.Errorf("error log lacks request id or level: %v", errLine)
				}
				if msg, _ := errLine["error"].(string); msg != tt.err.Error() {
					t.Errorf("logged error = %q, want the cause %q", msg, tt.err.Error())
				}
			}
		})
	}
}

func TestRouterNotFoundAndMethodNotAllowed(t *testing.T) {
	e := httpx.New(httpx.Options{})
	e.GET("/things", func(c echo.Context) error { return c.NoContent(http.StatusOK) })

	rec := do(t, e, http.MethodGet, "/nowhere", nil)
	if rec.Code != http.StatusNotFound {
		t.Fatalf("404: got %d", rec.Code)
	}
	p := decodeProblem(t, rec)
	if p.Type != problem.TypeBase+"not-found" || p.Instance != "/nowhere" || p.RequestID == "" {
		t.Errorf("404 problem = %+v", p)
	}

	rec = do(t, e, http.MethodDelete, "/things", nil)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("405: got %d", rec.Code)
	}
	p = decodeProblem(t, rec)
	if p.Type != problem.TypeBase+"method-not-allowed" || p.Title != "Method Not Allowed" {
		t.Errorf("405 problem = %+v", p)
	}
	if allow := rec.Header().Get("Allow"); !strings.Contains(allow, "GET") {
		t.Errorf("Allow = %q", allow)
	}
}

func TestIsUnavailable(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("boom"), false},
		{problem.NotFound("x"), false},
		{context.Canceled, false},
		{context.DeadlineExceeded, true},
		{problem.Unavailable(nil, "down"), true},
		{&net.DNSError{Err: "no such host", Name: "db"}, true},
		{fmt.Errorf("x: %w", redis.ErrClosed), true},
		{pgErr{"08006"}, true},
		{pgErr{"53300"}, true},
		{pgErr{"23505"}, false},
	} {
		if got := httpx.IsUnavailable(tt.err); got != tt.want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
	if err := httpx.Unavailable(driver.ErrBadConn); !problem.Is(err, problem.KindUnavailable) {
		t.Errorf("Unavailable(ErrBadConn) = %v", err)
	}
	plain := errors.New("boom")
	if err := httpx.Unavailable(plain); err != plain {
		t.Errorf("Unavailable(plain) = %v, want unchanged", err)
	}
}
