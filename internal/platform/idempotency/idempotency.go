// Package idempotency makes mutations safe to retry: a request sent with an
// Idempotency-Key runs once per (tenant, principal, key) and later copies get the stored
// response back, with Stripe's semantics (24 h keys, 422 on reuse with another request,
// 409 while the first is still running).
package idempotency

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/idempotencyrecord"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Header names.
const (
	HeaderKey      = "Idempotency-Key"
	HeaderReplayed = "Idempotent-Replayed"
)

// ReplayedHeaders are the response headers stored with a result and replayed with it
// (besides Content-Type): those that describe the result. Headers of the exchange
// itself (X-Request-Id, Date, Set-Cookie, CORS) belong to each request and are not.
var ReplayedHeaders = []string{
	"Location", "Content-Location", "ETag", "Last-Modified", "Link", "Content-Disposition",
	"Content-Language", "Retry-After", "Preference-Applied", "Cache-Control",
}

// Defaults.
const (
	MaxKeyLength        = 255
	DefaultTTL          = 24 * time.Hour
	DefaultLockTimeout  = time.Minute
	DefaultMaxBodyBytes = 10 << 20
)

// claimAttempts bounds the insert/look-up loop when records vanish under it (a 5xx
// release or an expiry deleting the row between our insert and our read).
const claimAttempts = 4

// Store keeps idempotency records and provides the middleware.
type Store struct {
	client      *ent.Client
	ttl         time.Duration
	lockTimeout time.Duration
	maxBody     int64
	now         func() time.Time
	log         *slog.Logger
}

// Option configures a Store.
type Option func(*Store)

// WithTTL sets how long a key is remembered (default 24 h).
func WithTTL(d time.Duration) Option { return func(s *Store) { s.ttl = d } }

// WithLockTimeout sets how long a request may hold its key before another copy may take
// it over (default 1 min). It must exceed the server's write timeout: a handler still
// running when its lock goes stale can run a second time.
func WithLockTimeout(d time.Duration) Option { return func(s *Store) { s.lockTimeout = d } }

// WithMaxBodyBytes caps the request body read for the fingerprint (default 10 MiB);
// larger bodies answer 413.
func WithMaxBodyBytes(n int64) Option { return func(s *Store) { s.maxBody = n } }

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.now = now } }

// WithLogger sets the logger for outcomes the client can no longer be told about.
func WithLogger(l *slog.Logger) Option { return func(s *Store) { s.log = l } }

// New returns a Store on client.
func New(client *ent.Client, opts ...Option) *Store {
	s := &Store{
		client: client, ttl: DefaultTTL, lockTimeout: DefaultLockTimeout, maxBody: DefaultMaxBodyBytes,
		now: time.Now, log: slog.New(slog.DiscardHandler),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Middleware honours Idempotency-Key on mutations (every method but GET, HEAD, OPTIONS
// and TRACE) and ignores requests without one. It must run after authentication: the
// key belongs to the viewer's user or API key, and requests without either pass through
// untouched.
//
// The handler's error, if any, is rendered inside the middleware (c.Error) so that the
// response stored is the one the client got; the middleware then returns nil. Outcomes:
//   - first use: the handler runs and its status, Content-Type, body and the headers
//     that describe the result (ReplayedHeaders) are stored;
//   - same key, same request, completed: the stored response is replayed with
//     Idempotent-Replayed: true;
//   - same key, different method, path, query or body: 422;
//   - same key while the first is still running: 409 (a lock older than the lock timeout
//     is taken over, for a server that died mid-request).
//
// A 5xx or a panic deletes the record instead of storing it, so a retry runs again:
// here a 5xx means our failure (database down, a bug) whose transaction rolled back, and
// replaying it for 24 h would turn a transient fault into a permanent one. 4xx results
// are stored, as Stripe does: the endpoint ran and decided. The exposure is a handler
// that commits and then fails with a 5xx; such a handler must make its own effect
// idempotent (a unique business key).
func (s *Store) Middleware() echo.MiddlewareFunc { return s.middleware(false) }

// Required is Middleware that also rejects a mutation without Idempotency-Key with 400,
// for endpoints that create orders or move money or goods.
func (s *Store) Required() echo.MiddlewareFunc { return s.middleware(true) }

func (s *Store) middleware(required bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if safeMethod(req.Method) {
				return next(c)
			}
			principal, ok := principalOf(tenant.FromContext(req.Context()))
			if !ok {
				return next(c)
			}
			values := req.Header.Values(HeaderKey)
			switch {
			case len(values) == 0 && required:
				return problem.Validation("this request needs an Idempotency-Key header",
					problem.Field(HeaderKey, "required"))
			case len(values) == 0:
				return next(c)
			case len(values) > 1:
				return problem.Validation("send one Idempotency-Key header",
					problem.Field(HeaderKey, "given %d times", len(values)))
			}
			key := values[0]
			if !validKey(key) {
				return problem.Validation("invalid Idempotency-Key header",
					problem.Field(HeaderKey, "must be 1 to %d printable ASCII characters", MaxKeyLength))
			}
			body, err := s.readBody(req)
			if err != nil {
				return err
			}
			return s.serve(c, next, principal, key, fingerprint(req, body))
		}
	}
}

// serve claims the key and runs the handler, or answers from the existing record.
func (s *Store) serve(c echo.Context, next echo.HandlerFunc, principal, key string, fp []byte) error {
	req := c.Request()
	ctx := req.Context()
	for range claimAttempts {
		now := s.now().UTC().Truncate(time.Microsecond)
		lock := now.Add(s.lockTimeout)
		rec, err := s.client.IdempotencyRecord.Create().
			SetPrincipal(principal).SetKey(key).
			SetMethod(req.Method).SetPath(req.URL.Path).SetRequestHash(fp).
			SetLockedUntil(lock).SetExpiresAt(now.Add(s.ttl)).
			Save(ctx)
		if err == nil {
			return s.run(c, next, rec.ID, lock)
		}
		if !ent.IsConstraintError(err) {
			return fmt.Errorf("idempotency: claim key: %w", err)
		}

		// The unique index said someone holds (tenant, principal, key): look at it.
		rec, err = s.client.IdempotencyRecord.Query().
			Where(idempotencyrecord.Principal(principal), idempotencyrecord.Key(key)).
			Only(ctx)
		if ent.IsNotFound(err) {
			continue // released or expired since our insert
		}
		if err != nil {
			return fmt.Errorf("idempotency: read key: %w", err)
		}
		switch {
		case !rec.ExpiresAt.After(now):
			// Expired keys are absent; the guard keeps a fresh claim by another copy.
			_, err := s.client.IdempotencyRecord.Delete().
				Where(idempotencyrecord.ID(rec.ID), idempotencyrecord.ExpiresAtLTE(now)).
				Exec(ctx)
			if err != nil {
				return fmt.Errorf("idempotency: drop expired key: %w", err)
			}
			continue
		case !bytes.Equal(rec.RequestHash, fp):
			return problem.Unprocessable("this Idempotency-Key was already used with a different request (method, path or body)")
		case rec.Completed:
			return replay(c, rec)
		case rec.LockedUntil.After(now):
			return inFlight()
		}
		// A stale lock: its server died mid-request. Take it over, unless another copy
		// did first (then its lock is in the future and the guard fails).
		n, err := s.client.IdempotencyRecord.Update().
			Where(idempotencyrecord.ID(rec.ID), idempotencyrecord.Completed(false),
				idempotencyrecord.LockedUntilLTE(now)).
			SetLockedUntil(lock).
			Save(ctx)
		if err != nil {
			return fmt.Errorf("idempotency: take over stale key: %w", err)
		}
		if n == 1 {
			s.log.WarnContext(ctx, "idempotency: took over a stale key", "record_id", rec.ID)
			return s.run(c, next, rec.ID, lock)
		}
	}
	return inFlight()
}

// run executes the handler while holding the record (owned while its locked_until is
// lock), capturing the response, then stores or releases the record.
func (s *Store) run(c echo.Context, next echo.HandlerFunc, id uuid.UUID, lock time.Time) error {
	// The outcome must be recorded even if the client has gone away.
	ctx := context.WithoutCancel(c.Request().Context())
	res := c.Response()
	orig := res.Writer
	rec := &recorder{ResponseWriter: orig}
	res.Writer = rec

	finished := false
	defer func() {
		res.Writer = orig
		if !finished { // the handler panicked: release, and let Recover see the panic
			s.release(ctx, id, lock)
		}
	}()
	if err := next(c); err != nil {
		c.Error(err)
	}
	finished = true

	if res.Status >= http.StatusInternalServerError {
		s.release(ctx, id, lock)
		return nil
	}
	n, err := s.client.IdempotencyRecord.Update().
		Where(idempotencyrecord.ID(id), idempotencyrecord.Completed(false), idempotencyrecord.LockedUntil(lock)).
		SetCompleted(true).
		SetResponseStatus(res.Status).
		SetResponseContentType(res.Header().Get(echo.HeaderContentType)).
		SetResponseHeaders(resultHeaders(res.Header())).
		SetResponseBody(rec.body.Bytes()).
		Save(ctx)
	switch {
	case err != nil:
		// The lock stays until it goes stale; then a retry runs again, as after a crash.
		s.log.ErrorContext(ctx, "idempotency: store response", "record_id", id, "err", err)
	case n == 0:
		s.log.WarnContext(ctx, "idempotency: key taken over while the handler ran; its response was not stored",
			"record_id", id)
	}
	return nil
}

// release deletes a record this request still owns, so the key can be used again.
func (s *Store) release(ctx context.Context, id uuid.UUID, lock time.Time) {
	_, err := s.client.IdempotencyRecord.Delete().
		Where(idempotencyrecord.ID(id), idempotencyrecord.Completed(false), idempotencyrecord.LockedUntil(lock)).
		Exec(ctx)
	if err != nil {
		s.log.ErrorContext(ctx, "idempotency: release key", "record_id", id, "err", err)
	}
}

// Sweep deletes records that expired before before, across all tenants, and returns how
// many. It runs in the jobs system context (a periodic platform job); expired records
// are already ignored by the middleware, so sweeping only reclaims space.
func (s *Store) Sweep(ctx context.Context, before time.Time) (int, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemJobs)
	n, err := s.client.IdempotencyRecord.Delete().
		Where(idempotencyrecord.ExpiresAtLT(before.UTC())).
		Exec(sys)
	if err != nil {
		return 0, fmt.Errorf("idempotency: sweep: %w", err)
	}
	return n, nil
}

func replay(c echo.Context, rec *ent.IdempotencyRecord) error {
	res := c.Response()
	if rec.ResponseContentType != "" {
		res.Header().Set(echo.HeaderContentType, rec.ResponseContentType)
	}
	for name, vs := range rec.ResponseHeaders {
		res.Header().Del(name) // the stored values, not added to what middleware set
		for _, v := range vs {
			res.Header().Add(name, v)
		}
	}
	res.Header().Set(HeaderReplayed, "true")
	res.WriteHeader(rec.ResponseStatus)
	if len(rec.ResponseBody) > 0 && bodyAllowed(rec.ResponseStatus) {
		if _, err := res.Write(rec.ResponseBody); err != nil {
			return fmt.Errorf("idempotency: replay: %w", err)
		}
	}
	return nil
}

// resultHeaders picks the ReplayedHeaders a response set (nil when none).
func resultHeaders(h http.Header) map[string][]string {
	var out map[string][]string
	for _, name := range ReplayedHeaders {
		if vs := h.Values(name); len(vs) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[name] = slices.Clone(vs)
		}
	}
	return out
}

func inFlight() error {
	return &problem.Error{
		Kind:       problem.KindConflict,
		Detail:     "a request with this Idempotency-Key is still being processed; retry later",
		RetryAfter: time.Second,
	}
}

// principalOf names whose keys these are: a user or an API key of a tenant. Anything
// else (anonymous, platform, system) has no idempotency.
func principalOf(v *tenant.Viewer) (string, bool) {
	switch {
	case !v.HasTenant():
		return "", false
	case v.UserID != uuid.Nil:
		return "user:" + v.UserID.String(), true
	case v.APIKeyID != uuid.Nil:
		return "api_key:" + v.APIKeyID.String(), true
	}
	return "", false
}

func safeMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

func validKey(k string) bool {
	if len(k) == 0 || len(k) > MaxKeyLength {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] < 0x20 || k[i] > 0x7e {
			return false
		}
	}
	return true
}

func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// readBody reads the request body for the fingerprint and puts it back for the handler.
func (s *Store) readBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, s.maxBody+1))
	req.Body.Close()
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, problem.PayloadTooLarge("request body is larger than %d bytes", mbe.Limit)
		}
		var he *echo.HTTPError // echo's BodyLimit middleware
		if errors.As(err, &he) {
			return nil, he
		}
		return nil, fmt.Errorf("idempotency: read body: %w", err)
	}
	if int64(len(body)) > s.maxBody {
		return nil, problem.PayloadTooLarge("request body is larger than %d bytes", s.maxBody)
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return body, nil
}

// fingerprint is sha256 over the method, escaped path, raw query and body, each length-
// prefixed. The query is included because it can change what a mutation does.
func fingerprint(req *http.Request, body []byte) []byte {
	h := sha256.New()
	for _, part := range [][]byte{[]byte(req.Method), []byte(req.URL.EscapedPath()), []byte(req.URL.RawQuery), body} {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(part)))
		h.Write(n[:])
		h.Write(part)
	}
	return h.Sum(nil)
}

// recorder tees the response body so it can be stored.
type recorder struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.body.Write(b)
	return r.ResponseWriter.Write(b)
}

// Flush keeps streaming handlers working through the recorder.
func (r *recorder) Flush() { http.NewResponseController(r.ResponseWriter).Flush() }

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
