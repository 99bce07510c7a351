// Package httpx sets up the echo server every Manifold HTTP surface uses: request ids,
// panic recovery, access logs, body limits, per-request timeouts, security headers, one
// RFC 7807 error handler, OpenAPI request validation, operation-level authorization,
// pagination, Prometheus metrics and health endpoints.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// HeaderRequestID carries the request id in both directions.
const HeaderRequestID = echo.HeaderXRequestID

// DefaultBodyLimit applies when Options.BodyLimit is zero.
const DefaultBodyLimit int64 = 2 << 20

// DefaultCSP suits the SPA served from the same origin as the API: everything from
// 'self', inline styles allowed (CSS-in-JS and Vite-injected styles), data:/blob: images
// and fonts, no plugins, no framing, forms and base URI pinned to the origin.
const DefaultCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// Options configures New. The zero value is usable.
type Options struct {
	// Logger receives access logs and 5xx errors; nil discards them.
	Logger *slog.Logger
	// BodyLimit is the largest request body in bytes: 0 means DefaultBodyLimit, a
	// negative value disables the limit. It is the ceiling for every route.
	BodyLimit int64
	// RouteBodyLimits replace BodyLimit for single routes, keyed by method and echo
	// route path ("POST /api/v1/product-imports"): uploads that may be larger than
	// any JSON body.
	RouteBodyLimits map[string]int64
	// RequestTimeout bounds each request's context; 0 disables it.
	RequestTimeout time.Duration
	// TimeoutSkipper exempts requests (streams, long exports) from RequestTimeout.
	TimeoutSkipper func(c echo.Context) bool
	// HSTSMaxAge, in seconds, enables Strict-Transport-Security on HTTPS requests;
	// 0 (default) leaves it off.
	HSTSMaxAge int
	// CSP overrides DefaultCSP; "-" disables the header.
	CSP string
	// TrustedProxies are the networks whose X-Forwarded-For is believed for the client
	// IP (login rate limits depend on it); empty: the peer address is used.
	TrustedProxies []*net.IPNet
	// Metrics, when set, records every request (see NewMetrics). Mount
	// MetricsHandler yourself where it should be reachable.
	Metrics *Metrics
}

// New returns an echo instance with Manifold's middleware stack and error handler.
// Order: request id → access log → metrics → recover → security headers → body limit
// → timeout → (routes and the middleware the caller adds: Validator, authentication,
// Authorize).
func New(opts Options) *echo.Echo {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = ErrorHandler(log)
	if len(opts.TrustedProxies) > 0 {
		trust := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
		for _, n := range opts.TrustedProxies {
			trust = append(trust, echo.TrustIPRange(n))
		}
		e.IPExtractor = echo.ExtractIPFromXFFHeader(trust...)
	} else {
		e.IPExtractor = echo.ExtractIPDirect()
	}

	e.Use(RequestID())
	e.Use(AccessLog(log))
	if opts.Metrics != nil {
		e.Use(opts.Metrics.Middleware())
	}
	e.Use(Recover())
	e.Use(SecureHeaders(opts.CSP, opts.HSTSMaxAge))
	limit := opts.BodyLimit
	if limit == 0 {
		limit = DefaultBodyLimit
	}
	if limit > 0 || len(opts.RouteBodyLimits) > 0 {
		e.Use(routeBodyLimit(limit, opts.RouteBodyLimits))
	}
	if opts.RequestTimeout > 0 {
		e.Use(Timeout(opts.RequestTimeout, opts.TimeoutSkipper))
	}
	return e
}

// handled turns err into the response now (through the echo error handler) so that the
// middleware calling it sees the final status; the caller then returns nil. The error
// handler still logs a 5xx error when the response was already committed.
func handled(c echo.Context, err error) {
	if err != nil {
		c.Error(err)
	}
}

// RequestID accepts a sane incoming X-Request-ID (1–128 characters from
// [A-Za-z0-9._:-]) or generates a UUIDv7, echoes it in the response and puts it in the
// request context (logx.RequestID).
func RequestID() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			id := req.Header.Get(HeaderRequestID)
			if !saneRequestID(id) {
				id = newRequestID()
			}
			c.Response().Header().Set(HeaderRequestID, id)
			c.SetRequest(req.WithContext(logx.WithRequestID(req.Context(), id)))
			return next(c)
		}
	}
}

func newRequestID() string {
	if u, err := uuid.NewV7(); err == nil {
		return u.String()
	}
	return uuid.NewString()
}

func saneRequestID(s string) bool {
	if len(s) == 0 || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9',
			b == '-', b == '_', b == '.', b == ':':
		default:
			return false
		}
	}
	return true
}

// quietPaths are probe and scrape routes, logged at debug level only.
var quietPaths = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true}

// AccessLog writes one record per request: method, route (the template), path, status,
// latency, bytes written, remote_ip, request_id, and tenant_id/user_id when a viewer
// was attached. Errors are rendered (c.Error) before logging so the status is final.
func AccessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			handled(c, err)

			req := c.Request()
			res := c.Response()
			ctx := req.Context()
			level := slog.LevelInfo
			switch {
			case quietPaths[c.Path()]:
				level = slog.LevelDebug
			case res.Status >= 500:
				level = slog.LevelWarn
			}
			if !log.Enabled(ctx, level) {
				return nil
			}
			attrs := []slog.Attr{
				slog.String("method", req.Method),
				slog.String("route", c.Path()),
				slog.String("path", req.URL.Path),
				slog.Int("status", res.Status),
				slog.Duration("latency", time.Since(start)),
				slog.Int64("bytes", res.Size),
				slog.String("remote_ip", c.RealIP()),
			}
			attrs = append(attrs, logx.ContextAttrs(ctx)...)
			log.LogAttrs(ctx, level, "http request", attrs...)
			return nil
		}
	}
}

// Recover turns a panic in a later handler into a 500 problem; the error handler logs
// the panic value and stack with the request id. http.ErrAbortHandler is re-raised.
func Recover() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				r := recover()
				if r == nil {
					return
				}
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = &panicError{value: r, stack: debug.Stack()}
			}()
			return next(c)
		}
	}
}

// SecureHeaders sets X-Content-Type-Options: nosniff, X-Frame-Options: DENY,
// Referrer-Policy: strict-origin-when-cross-origin, Cross-Origin-Opener-Policy:
// same-origin, X-XSS-Protection: 0 (the legacy auditor does harm), a
// Content-Security-Policy (csp, DefaultCSP when empty, none when "-") and, when
// hstsMaxAge > 0, HSTS on HTTPS requests.
func SecureHeaders(csp string, hstsMaxAge int) echo.MiddlewareFunc {
	switch csp {
	case "":
		csp = DefaultCSP
	case "-":
		csp = ""
	}
	sec := middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		HSTSMaxAge:            hstsMaxAge,
		ContentSecurityPolicy: csp,
		ReferrerPolicy:        "strict-origin-when-cross-origin",
	})
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		h := sec(next)
		return func(c echo.Context) error {
			c.Response().Header().Set("Cross-Origin-Opener-Policy", "same-origin")
			return h(c)
		}
	}
}

// BodyLimit rejects a request whose body is larger than limit bytes with a 413
// problem: at once when Content-Length says so, otherwise when a reader crosses the
// limit (the *http.MaxBytesError surfaces through binders and the validator and the
// error handler maps it to 413).
func BodyLimit(limit int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > limit {
				return problem.PayloadTooLarge("request body exceeds %d bytes", limit)
			}
			if req.Body != nil && req.Body != http.NoBody {
				req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
			}
			return next(c)
		}
	}
}

// routeBodyLimit applies BodyLimit with the route's own limit if it has one (echo runs
// Use middleware after routing, so the route path is known), else def (<= 0: none).
func routeBodyLimit(def int64, routes map[string]int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		var dflt echo.HandlerFunc = next
		if def > 0 {
			dflt = BodyLimit(def)(next)
		}
		perRoute := make(map[string]echo.HandlerFunc, len(routes))
		for k, n := range routes {
			perRoute[k] = BodyLimit(n)(next)
		}
		return func(c echo.Context) error {
			if h, ok := perRoute[c.Request().Method+" "+c.Path()]; ok {
				return h(c)
			}
			return dflt(c)
		}
	}
}

// Timeout gives each request a context with a deadline d (unless skip says otherwise).
// The handler runs on the request goroutine (no racing writer, unlike echo's Timeout
// middleware); it must honour its context. When the deadline has passed and the handler
// returns an error, the response is a 503 problem "request timed out".
func Timeout(d time.Duration, skip func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if skip != nil && skip(c) {
				return next(c)
			}
			req := c.Request()
			ctx, cancel := context.WithTimeout(req.Context(), d)
			defer cancel()
			c.SetRequest(req.WithContext(ctx))
			err := next(c)
			if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && !problem.Is(err, problem.KindUnavailable) {
				var pe *problem.Error
				if !errors.As(err, &pe) || pe.Kind == problem.KindInternal {
					return problem.Unavailable(err, "request timed out")
				}
			}
			return err
		}
	}
}
