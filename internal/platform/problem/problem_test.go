package problem_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// TestFrom pins the kind → status/type/title/detail mapping of every problem kind.
func TestFrom(t *testing.T) {
	const base = problem.TypeBase
	tests := []struct {
		name       string
		err        error
		status     int
		typ        string
		title      string
		detail     string
		retryAfter string
		fields     int
	}{
		{"validation", problem.Validation("bad", problem.Field("/a", "is required"), problem.Field("query.limit", "too big")),
			400, base + "validation", "Invalid request", "bad", "", 2},
		{"unauthorized", problem.Unauthorized("who"), 401, base + "unauthorized", "Unauthorized", "who", "", 0},
		{"forbidden", problem.Forbidden("no %s", "way"), 403, base + "forbidden", "Forbidden", "no way", "", 0},
		{"not found", problem.NotFound("product %d", 7), 404, base + "not-found", "Not found", "product 7", "", 0},
		{"conflict", problem.Conflict("dup"), 409, base + "conflict", "Conflict", "dup", "", 0},
		{"precondition", problem.PreconditionFailed("etag"), 412, base + "precondition-failed", "Precondition failed", "etag", "", 0},
		{"too large", problem.PayloadTooLarge("big"), 413, base + "payload-too-large", "Payload too large", "big", "", 0},
		{"unprocessable", problem.Unprocessable("state"), 422, base + "unprocessable", "Unprocessable request", "state", "", 0},
		{"rate limited", problem.TooManyRequests(2*time.Second, "slow"), 429, base + "rate-limited", "Too many requests", "slow", "2", 0},
		{"rate limited rounds up", problem.TooManyRequests(1100*time.Millisecond, "slow"), 429, base + "rate-limited", "Too many requests", "slow", "2", 0},
		{"unavailable hides cause", problem.Unavailable(errors.New("dial tcp secret"), "db down"), 503, base + "unavailable", "Service unavailable", "db down", "", 0},
		{"wrapped", fmt.Errorf("ctx: %w", problem.Conflict("dup")), 409, base + "conflict", "Conflict", "dup", "", 0},
		{"internal kind hides detail", &problem.Error{Kind: problem.KindInternal, Detail: "secret"}, 500, base + "internal", "Internal error", "internal error", "", 0},
		{"unknown error", errors.New("secret"), 500, base + "internal", "Internal error", "internal error", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, h := problem.From(tt.err)
			if b.Status != tt.status || b.Type != tt.typ || b.Title != tt.title || b.Detail != tt.detail {
				t.Errorf("From = %+v, want %d %s %q %q", b, tt.status, tt.typ, tt.title, tt.detail)
			}
			if got := h.Get("Retry-After"); got != tt.retryAfter {
				t.Errorf("Retry-After = %q, want %q", got, tt.retryAfter)
			}
			if len(b.Errors) != tt.fields {
				t.Errorf("errors = %v", b.Errors)
			}
		})
	}
}

func TestErrorStatusAndIs(t *testing.T) {
	e := problem.NotFound("x")
	if e.Status() != http.StatusNotFound || !problem.Is(fmt.Errorf("w: %w", e), problem.KindNotFound) || problem.Is(e, problem.KindConflict) {
		t.Error("Status/Is")
	}
	cause := errors.New("cause")
	u := problem.Unavailable(cause, "down")
	if !errors.Is(u, cause) || u.Error() != "unavailable: down: cause" {
		t.Errorf("Unwrap/Error: %v", u)
	}
}

func TestFieldsErr(t *testing.T) {
	var f problem.Fields
	if f.Err("none") != nil {
		t.Error("empty Fields.Err should be nil")
	}
	f.Add("/name", "must be at most %d characters", 20)
	err := f.Err("invalid")
	b, _ := problem.From(err)
	if b.Status != 400 || len(b.Errors) != 1 || b.Errors[0] != (problem.FieldError{Field: "/name", Message: "must be at most 20 characters"}) {
		t.Errorf("body = %+v", b)
	}
}
