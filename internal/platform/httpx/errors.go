package httpx

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// ContentTypeProblem is the media type of every error response.
const ContentTypeProblem = "application/problem+json"

// ErrorHandler returns the echo HTTPErrorHandler: every error a handler or middleware
// returns becomes an RFC 7807 problem (see Problem), with instance (the request path) and
// request_id set. 5xx errors are logged with their cause (and a panic's stack) and the
// request id; clients see only the public detail.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(err error, c echo.Context) {
		if err == nil {
			return
		}
		req := c.Request()
		ctx := req.Context()
		body, h := Problem(err)
		body.Instance = req.URL.Path
		body.RequestID = logx.RequestID(ctx)

		switch {
		case errors.Is(err, context.Canceled):
			// The client went away (or the server is shutting down): not a failure.
			log.LogAttrs(ctx, slog.LevelInfo, "request cancelled",
				slog.String("method", req.Method), slog.String("path", req.URL.Path))
		case body.Status >= 500:
			attrs := []slog.Attr{
				slog.String("method", req.Method),
				slog.String("path", req.URL.Path),
				slog.String("route", c.Path()),
				slog.Int("status", body.Status),
				slog.String(logx.KeyRequestID, body.RequestID),
				slog.String("error", err.Error()),
			}
			var pe *panicError
			if errors.As(err, &pe) {
				attrs = append(attrs, slog.String("stack", string(pe.stack)))
			}
			log.LogAttrs(ctx, slog.LevelError, "request failed", attrs...)
		}
		if c.Response().Committed {
			return // too late to change the response; the failure is logged above
		}
		writeProblem(c, body, h)
	}
}

func writeProblem(c echo.Context, body problem.Body, h http.Header) {
	hdr := c.Response().Header()
	for k, vs := range h {
		for _, v := range vs {
			hdr.Add(k, v)
		}
	}
	hdr.Set(echo.HeaderContentType, ContentTypeProblem)
	b, err := json.Marshal(body)
	if err != nil { // cannot happen: Body holds strings and ints
		b = []byte(`{"type":"` + problem.TypeBase + `internal","title":"Internal error","status":500,"detail":"internal error"}`)
		body.Status = http.StatusInternalServerError
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(body.Status)
		return
	}
	_ = c.Blob(body.Status, ContentTypeProblem, b)
}

// Problem maps any error to the problem body and headers the client sees:
//
//   - a body larger than the limit (*http.MaxBytesError) → 413;
//   - a *problem.Error of a public kind → its kind (problem.From);
//   - an error meaning a dependency is down (IsUnavailable) → 503;
//   - an *echo.HTTPError (router 404/405, binder 400/415, …) → its status, with the
//     message as detail for 4xx;
//   - anything else → 500 "internal error", cause never shown.
func Problem(err error) (problem.Body, http.Header) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return problem.From(problem.PayloadTooLarge("request body exceeds %d bytes", mbe.Limit))
	}
	var pe *problem.Error
	if errors.As(err, &pe) && pe.Kind != problem.KindInternal {
		return problem.From(pe)
	}
	if errors.Is(err, context.Canceled) {
		return problem.From(problem.Unavailable(err, "request cancelled"))
	}
	if IsUnavailable(err) {
		return problem.From(problem.Unavailable(err, "a dependency is unavailable; retry later"))
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return fromHTTPError(he)
	}
	return problem.From(err)
}

func fromHTTPError(he *echo.HTTPError) (problem.Body, http.Header) {
	msg := ""
	if s, ok := he.Message.(string); ok {
		msg = s
	} else if he.Message != nil {
		msg = fmt.Sprint(he.Message)
	}
	if msg == "" {
		msg = strings.ToLower(http.StatusText(he.Code))
	}
	var pe *problem.Error
	switch he.Code {
	case http.StatusBadRequest:
		pe = problem.Validation(msg)
	case http.StatusUnauthorized:
		pe = problem.Unauthorized("%s", msg)
	case http.StatusForbidden:
		pe = problem.Forbidden("%s", msg)
	case http.StatusNotFound:
		pe = problem.NotFound("%s", msg)
	case http.StatusConflict:
		pe = problem.Conflict("%s", msg)
	case http.StatusPreconditionFailed:
		pe = problem.PreconditionFailed("%s", msg)
	case http.StatusRequestEntityTooLarge:
		pe = problem.PayloadTooLarge("%s", msg)
	case http.StatusUnprocessableEntity:
		pe = problem.Unprocessable("%s", msg)
	case http.StatusTooManyRequests:
		pe = problem.TooManyRequests(0, "%s", msg)
	case http.StatusServiceUnavailable:
		pe = problem.Unavailable(he, "service unavailable")
	}
	if pe != nil {
		return problem.From(pe)
	}
	if he.Code >= 400 && he.Code < 500 {
		// A client error without a problem kind (405, 406, 415, …).
		title := http.StatusText(he.Code)
		if title == "" {
			title = "Client error"
		}
		slug := strings.ReplaceAll(strings.ToLower(title), " ", "-")
		return problem.Body{Type: problem.TypeBase + slug, Title: title, Status: he.Code, Detail: msg}, http.Header{}
	}
	return problem.From(he) // 5xx and anything odd: 500 "internal error"
}

// IsUnavailable reports whether err means a dependency (database, Redis, a remote API)
// is down or too slow, rather than a bug: a problem of kind Unavailable, a deadline
// exceeded, a network error (connection refused, reset, DNS), a bad or closed database
// connection, a PostgreSQL connection-class error (SQLSTATE 08xxx, 53300, 57P01-57P03),
// or a Redis pool timeout or closed client. The error handler answers 503 for these.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if problem.Is(err, problem.KindUnavailable) {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) ||
		errors.Is(err, redis.ErrClosed) || errors.Is(err, redis.ErrPoolTimeout) ||
		errors.Is(err, redis.ErrPoolExhausted) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) && netErr.Timeout() {
		return true
	}
	var state interface{ SQLState() string }
	if errors.As(err, &state) {
		code := state.SQLState()
		switch {
		case strings.HasPrefix(code, "08"), // connection exception
			code == "53300",                                   // too_many_connections
			code == "57P01", code == "57P02", code == "57P03": // shutdown, cannot connect now
			return true
		}
	}
	return false
}

// Unavailable wraps err as a 503 problem when IsUnavailable(err); otherwise it returns
// err unchanged. Handlers rarely need it: the error handler does the same.
func Unavailable(err error) error {
	if err == nil || problem.Is(err, problem.KindUnavailable) || !IsUnavailable(err) {
		return err
	}
	return problem.Unavailable(err, "a dependency is unavailable; retry later")
}

// panicError is what Recover turns a panic into; the error handler logs its stack.
type panicError struct {
	value any
	stack []byte
}

// Error describes the panic. It deliberately has no Unwrap: a panic is a bug and answers
// 500 whatever value it carried.
func (e *panicError) Error() string { return fmt.Sprintf("panic: %v", e.value) }
