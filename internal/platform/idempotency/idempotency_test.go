package idempotency_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/manifoldhq/manifold/ent/idempotencyrecord"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/idempotency"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// clock is a settable offset from the real time.
type clock struct{ off atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) advance(d time.Duration) { c.off.Add(int64(d)) }

// who is the viewer a test request carries.
type who struct {
	tenant, user, key uuid.UUID
}

type harness struct {
	d     *db.DB
	store *idempotency.Store
	clock *clock
	e     *echo.Echo
	calls atomic.Int64
	// handler is what the routes run; tests replace it before sending requests.
	handler func(c echo.Context) error
}

// problemErrors renders errors the way the app's handler does, through problem.From.
func problemErrors(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		_ = c.JSON(he.Code, map[string]any{"message": he.Message})
		return
	}
	body, hdr := problem.From(err)
	for k, vs := range hdr {
		for _, v := range vs {
			c.Response().Header().Add(k, v)
		}
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	c.Response().WriteHeader(body.Status)
	_ = json.NewEncoder(c.Response()).Encode(body)
}

func newHarness(t *testing.T, d *db.DB, opts ...idempotency.Option) *harness {
	t.Helper()
	h := &harness{d: d, clock: &clock{}}
	h.store = idempotency.New(d.Client, append([]idempotency.Option{idempotency.WithClock(h.clock.now)}, opts...)...)
	h.handler = func(c echo.Context) error {
		n := h.calls.Load()
		return c.JSON(http.StatusCreated, map[string]any{"order": n})
	}

	e := echo.New()
	e.HTTPErrorHandler = problemErrors
	e.Use(middleware.Recover())
	// Stand-in for authentication: the viewer comes from test headers.
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tid, err := uuid.Parse(c.Request().Header.Get("X-Test-Tenant"))
			if err != nil {
				return next(c)
			}
			v := &tenant.Viewer{TenantID: tid}
			v.UserID, _ = uuid.Parse(c.Request().Header.Get("X-Test-User"))
			v.APIKeyID, _ = uuid.Parse(c.Request().Header.Get("X-Test-Key"))
			c.SetRequest(c.Request().WithContext(tenant.NewContext(c.Request().Context(), v)))
			return next(c)
		}
	})
	run := func(c echo.Context) error {
		h.calls.Add(1)
		return h.handler(c)
	}
	optional := h.store.Middleware()
	e.POST("/orders", run, optional)
	e.POST("/orders/:id/cancel", run, optional)
	e.PUT("/orders/:id", run, optional)
	e.GET("/orders", run, optional)
	e.POST("/payments", run, h.store.Required())
	e.GET("/payments", run, h.store.Required())
	h.e = e
	return h
}

func (h *harness) newTenant(t *testing.T) uuid.UUID {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	slug := "t" + uuid.NewString()[:8]
	tn, err := h.d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").Save(sys)
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	return tn.ID
}

func (h *harness) newUser(t *testing.T) who {
	return who{tenant: h.newTenant(t), user: uuid.Must(uuid.NewV7())}
}

func (h *harness) do(method, path, body, key string, as who) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	if key != "" {
		req.Header.Set(idempotency.HeaderKey, key)
	}
	if as.tenant != uuid.Nil {
		req.Header.Set("X-Test-Tenant", as.tenant.String())
	}
	if as.user != uuid.Nil {
		req.Header.Set("X-Test-User", as.user.String())
	}
	if as.key != uuid.Nil {
		req.Header.Set("X-Test-Key", as.key.String())
	}
	rec := httptest.NewRecorder()
	h.e.ServeHTTP(rec, req)
	return rec
}

func (h *harness) records(t *testing.T) int {
	t.Helper()
	n, err := h.d.Client.IdempotencyRecord.Query().Count(tenant.SystemContext(t.Context(), tenant.SystemTest))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func wantStatus(t *testing.T, rec *httptest.ResponseRecorder, status int) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d; body %s", rec.Code, status, rec.Body)
	}
}

func wantProblem(t *testing.T, rec *httptest.ResponseRecorder, status int) problem.Body {
	t.Helper()
	wantStatus(t, rec, status)
	if ct := rec.Header().Get(echo.HeaderContentType); ct != "application/problem+json" {
		t.Fatalf("content type %q", ct)
	}
	var b problem.Body
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("problem body: %v", err)
	}
	return b
}

func TestMiddleware_ReplaysCompletedRequest(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		h.handler = func(c echo.Context) error {
			n := h.calls.Load()
			hdr := c.Response().Header()
			hdr.Set(echo.HeaderContentType, "application/vnd.manifold+json")
			hdr.Set("Location", fmt.Sprintf("/orders/%d", n))
			hdr.Add("Link", "</orders/1/lines>; rel=lines")
			hdr.Add("Link", "</orders/1/events>; rel=events")
			hdr.Set("X-Trace", fmt.Sprint("trace-", n)) // of the exchange, not the result
			return c.String(http.StatusCreated, fmt.Sprintf(`{"order":%d}`, n))
		}

		first := h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k1", u)
		wantStatus(t, first, http.StatusCreated)
		if first.Header().Get(idempotency.HeaderReplayed) != "" {
			t.Error("first response marked replayed")
		}
		second := h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k1", u)
		wantStatus(t, second, http.StatusCreated)
		if got := second.Header().Get(idempotency.HeaderReplayed); got != "true" {
			t.Errorf("replayed header %q", got)
		}
		if second.Body.String() != first.Body.String() || second.Body.String() != `{"order":1}` {
			t.Errorf("replayed body %q, first %q", second.Body, first.Body)
		}
		if ct := second.Header().Get(echo.HeaderContentType); ct != "application/vnd.manifold+json" {
			t.Errorf("replayed content type %q", ct)
		}
		if loc, links := second.Header().Get("Location"), second.Header().Values("Link"); loc != "/orders/1" ||
			len(links) != 2 || links[1] != "</orders/1/events>; rel=events" {
			t.Errorf("replayed Location %q, Link %q", loc, links)
		}
		if tr := second.Header().Get("X-Trace"); tr != "" {
			t.Errorf("replayed a header of the first exchange: X-Trace %q", tr)
		}
		if n := h.calls.Load(); n != 1 {
			t.Errorf("handler ran %d times", n)
		}
		// A new key is a new request.
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k2", u), http.StatusCreated)
		if n := h.calls.Load(); n != 2 {
			t.Errorf("handler ran %d times", n)
		}
	})
}

// 4xx outcomes are the endpoint's decision and replay like successes; 204 replays too.
func TestMiddleware_ReplaysClientErrorsAndEmptyBodies(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		h.handler = func(c echo.Context) error {
			return problem.Validation("bad sku", problem.Field("/sku", "unknown"))
		}
		first := h.do(http.MethodPost, "/orders", `{"sku":"?"}`, "k", u)
		wantProblem(t, first, http.StatusBadRequest)
		again := h.do(http.MethodPost, "/orders", `{"sku":"?"}`, "k", u)
		wantProblem(t, again, http.StatusBadRequest)
		if again.Header().Get(idempotency.HeaderReplayed) != "true" || again.Body.String() != first.Body.String() {
			t.Errorf("4xx not replayed: %q", again.Body)
		}

		h.handler = func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
		wantStatus(t, h.do(http.MethodPut, "/orders/1", `{}`, "k204", u), http.StatusNoContent)
		r := h.do(http.MethodPut, "/orders/1", `{}`, "k204", u)
		wantStatus(t, r, http.StatusNoContent)
		if r.Header().Get(idempotency.HeaderReplayed) != "true" || r.Body.Len() != 0 {
			t.Errorf("204 replay: %q %q", r.Header(), r.Body)
		}
		if n := h.calls.Load(); n != 2 {
			t.Errorf("handler ran %d times", n)
		}
	})
}

func TestMiddleware_DifferentRequestSameKeyIs422(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k", u), http.StatusCreated)
		tests := []struct{ name, method, path, body string }{
			{"body", http.MethodPost, "/orders", `{"sku":"B"}`},
			{"path", http.MethodPost, "/orders/1/cancel", `{"sku":"A"}`},
			{"query", http.MethodPost, "/orders?dry_run=1", `{"sku":"A"}`},
			{"method", http.MethodPut, "/orders", `{"sku":"A"}`},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if tt.method == http.MethodPut {
					tt.path = "/orders/x" // PUT has no /orders route; the path differs anyway
				}
				b := wantProblem(t, h.do(tt.method, tt.path, tt.body, "k", u), http.StatusUnprocessableEntity)
				if !strings.Contains(b.Detail, "Idempotency-Key") {
					t.Errorf("detail %q", b.Detail)
				}
			})
		}
		if n := h.calls.Load(); n != 1 {
			t.Errorf("handler ran %d times", n)
		}
	})
}

func TestMiddleware_InFlightDuplicateIs409(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		entered, release := make(chan struct{}), make(chan struct{})
		h.handler = func(c echo.Context) error {
			entered <- struct{}{}
			<-release
			return c.JSON(http.StatusCreated, map[string]string{"id": "o1"})
		}
		firstDone := make(chan *httptest.ResponseRecorder)
		go func() { firstDone <- h.do(http.MethodPost, "/orders", `{}`, "k", u) }()
		<-entered

		dup := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		b := wantProblem(t, dup, http.StatusConflict)
		if dup.Header().Get("Retry-After") == "" || !strings.Contains(b.Detail, "still being processed") {
			t.Errorf("409: %q %+v", dup.Header(), b)
		}
		// A different body is refused as a mismatch even while the first runs.
		wantProblem(t, h.do(http.MethodPost, "/orders", `{"x":1}`, "k", u), http.StatusUnprocessableEntity)

		close(release)
		wantStatus(t, <-firstDone, http.StatusCreated)
		r := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		wantStatus(t, r, http.StatusCreated)
		if r.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Error("not replayed after completion")
		}
		if n := h.calls.Load(); n != 1 {
			t.Errorf("handler ran %d times", n)
		}
	})
}

// A server that died mid-request leaves a lock; once stale, a retry takes the key over,
// and the dead request's late completion (if it ever comes) does not overwrite it.
func TestMiddleware_StaleLockIsTakenOver(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d, idempotency.WithLockTimeout(time.Minute))
		u := h.newUser(t)
		entered, release := make(chan struct{}), make(chan struct{})
		h.handler = func(c echo.Context) error {
			n := h.calls.Load()
			if n == 1 {
				entered <- struct{}{}
				<-release
			}
			return c.JSON(http.StatusCreated, map[string]int64{"run": n})
		}
		firstDone := make(chan *httptest.ResponseRecorder)
		go func() { firstDone <- h.do(http.MethodPost, "/orders", `{}`, "k", u) }()
		<-entered
		wantProblem(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusConflict)

		h.clock.advance(2 * time.Minute)
		second := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		wantStatus(t, second, http.StatusCreated)
		if second.Body.String() != "{\"run\":2}\n" || second.Header().Get(idempotency.HeaderReplayed) != "" {
			t.Fatalf("takeover response %q %q", second.Body, second.Header())
		}

		close(release)
		wantStatus(t, <-firstDone, http.StatusCreated)
		r := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		if r.Body.String() != "{\"run\":2}\n" || r.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Errorf("replay after takeover %q %q", r.Body, r.Header())
		}
	})
}

func TestMiddleware_ServerErrorsAreNotStored(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		outcomes := []func(c echo.Context) error{
			func(c echo.Context) error { return errors.New("database is down") },
			func(c echo.Context) error { panic("bug") },
			func(c echo.Context) error { return c.String(http.StatusBadGateway, "upstream") },
			func(c echo.Context) error { return c.JSON(http.StatusCreated, map[string]string{"id": "o1"}) },
		}
		h.handler = func(c echo.Context) error { return outcomes[h.calls.Load()-1](c) }

		wantProblem(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusInternalServerError)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusInternalServerError) // panic, via Recover
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusBadGateway)
		if n := h.records(t); n != 0 {
			t.Fatalf("%d records kept after 5xx", n)
		}
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusCreated)
		r := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		if r.Code != http.StatusCreated || r.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Errorf("after recovery: %d %q", r.Code, r.Header())
		}
		if n := h.calls.Load(); n != 4 {
			t.Errorf("handler ran %d times, want 4", n)
		}
	})
}

func TestMiddleware_ExpiredKeyIsReusable(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k", u), http.StatusCreated)

		h.clock.advance(idempotency.DefaultTTL - time.Minute)
		if r := h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "k", u); r.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Fatalf("not replayed before expiry: %d", r.Code)
		}
		h.clock.advance(2 * time.Minute)
		// Absent after expiry: a different request with the same key runs, no 422.
		r := h.do(http.MethodPost, "/orders", `{"sku":"B"}`, "k", u)
		wantStatus(t, r, http.StatusCreated)
		if r.Header().Get(idempotency.HeaderReplayed) != "" || h.calls.Load() != 2 {
			t.Fatalf("expired key replayed; calls %d", h.calls.Load())
		}
	})
}

func TestSweep_DeletesExpiredRecordsOfEveryTenant(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		a, b := h.newUser(t), h.newUser(t)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "old-a", a), http.StatusCreated)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "old-b", b), http.StatusCreated)
		h.clock.advance(12 * time.Hour)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "new-a", a), http.StatusCreated)
		h.clock.advance(12*time.Hour + time.Minute)

		n, err := h.store.Sweep(t.Context(), h.clock.now())
		if err != nil || n != 2 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		left, err := d.Client.IdempotencyRecord.Query().All(tenant.SystemContext(t.Context(), tenant.SystemTest))
		if err != nil || len(left) != 1 || left[0].Key != "new-a" {
			t.Fatalf("left %v %v", left, err)
		}
	})
}

func TestMiddleware_PrincipalsAreIndependent(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		alice := h.newUser(t)
		bob := who{tenant: alice.tenant, user: uuid.Must(uuid.NewV7())}
		apiKey := who{tenant: alice.tenant, key: uuid.Must(uuid.NewV7())}
		for _, as := range []who{alice, bob, apiKey} {
			r := h.do(http.MethodPost, "/orders", `{}`, "same-key", as)
			wantStatus(t, r, http.StatusCreated)
			if r.Header().Get(idempotency.HeaderReplayed) != "" {
				t.Errorf("%+v got another principal's response", as)
			}
		}
		// Different bodies do not clash across principals either.
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"other":1}`, "k2", alice), http.StatusCreated)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"other":2}`, "k2", bob), http.StatusCreated)
		if n := h.calls.Load(); n != 5 {
			t.Errorf("handler ran %d times, want 5", n)
		}
	})
}

// The same principal id and key in two tenants are two keys; one tenant never sees or
// replays the other's record.
func TestMiddleware_DifferentTenant(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		a := h.newUser(t)
		b := who{tenant: h.newTenant(t), user: a.user}
		h.handler = func(c echo.Context) error {
			return c.JSON(http.StatusCreated, map[string]string{"tenant": tenant.FromContext(c.Request().Context()).TenantID.String()})
		}
		ra := h.do(http.MethodPost, "/orders", `{}`, "k", a)
		rb := h.do(http.MethodPost, "/orders", `{"different":true}`, "k", b)
		wantStatus(t, ra, http.StatusCreated)
		wantStatus(t, rb, http.StatusCreated)
		if rb.Header().Get(idempotency.HeaderReplayed) != "" || !strings.Contains(rb.Body.String(), b.tenant.String()) {
			t.Fatalf("tenant B got %q", rb.Body)
		}
		if n := h.calls.Load(); n != 2 {
			t.Errorf("handler ran %d times", n)
		}
		ctxB := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: b.tenant, UserID: b.user})
		recs, err := d.Client.IdempotencyRecord.Query().All(ctxB)
		if err != nil || len(recs) != 1 || recs[0].TenantID != b.tenant {
			t.Fatalf("B sees %v %v", recs, err)
		}
		if n, err := d.Client.IdempotencyRecord.Delete().Where(idempotencyrecord.TenantID(a.tenant)).Exec(ctxB); err != nil || n != 0 {
			t.Fatalf("B deleted %d of A's records (%v)", n, err)
		}
		if r := h.do(http.MethodPost, "/orders", `{}`, "k", a); r.Header().Get(idempotency.HeaderReplayed) != "true" {
			t.Errorf("A's record lost")
		}
	})
}

func TestMiddleware_RestoresBodyForHandler(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		h.handler = func(c echo.Context) error {
			var in map[string]any
			if err := c.Bind(&in); err != nil {
				return err
			}
			return c.JSON(http.StatusCreated, in)
		}
		r := h.do(http.MethodPost, "/orders", `{"sku":"A","qty":3}`, "k", u)
		wantStatus(t, r, http.StatusCreated)
		if r.Body.String() != "{\"qty\":3,\"sku\":\"A\"}\n" {
			t.Errorf("handler saw %q", r.Body)
		}
	})
}

func TestMiddleware_HandlerRunsOnceUnderConcurrency(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		h.handler = func(c echo.Context) error {
			time.Sleep(50 * time.Millisecond)
			return c.JSON(http.StatusCreated, map[string]string{"id": "o1"})
		}
		const n = 24
		start := make(chan struct{})
		results := make(chan *httptest.ResponseRecorder, n)
		var wg sync.WaitGroup
		for range n {
			wg.Go(func() {
				<-start
				results <- h.do(http.MethodPost, "/orders", `{"sku":"A"}`, "race", u)
			})
		}
		close(start)
		wg.Wait()
		close(results)
		fresh, replayed, conflicts := 0, 0, 0
		for r := range results {
			switch {
			case r.Code == http.StatusCreated && r.Header().Get(idempotency.HeaderReplayed) == "":
				fresh++
			case r.Code == http.StatusCreated:
				replayed++
			case r.Code == http.StatusConflict:
				conflicts++
			default:
				t.Errorf("unexpected %d %s", r.Code, r.Body)
			}
		}
		if calls := h.calls.Load(); calls != 1 || fresh != 1 {
			t.Fatalf("handler ran %d times, %d fresh responses", calls, fresh)
		}
		if conflicts == 0 {
			t.Errorf("no request saw the first in flight (%d replayed)", replayed)
		}
		t.Logf("%d fresh, %d replayed, %d conflicts", fresh, replayed, conflicts)
	})
}

func TestMiddleware_KeyValidation(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		tests := []struct {
			name string
			keys []string
			ok   bool
		}{
			{"one char", []string{"a"}, true},
			{"255 chars", []string{strings.Repeat("k", 255)}, true},
			{"printable punctuation", []string{"order:2025/01 #7~"}, true},
			{"empty", []string{""}, false},
			{"256 chars", []string{strings.Repeat("k", 256)}, false},
			{"non-ASCII", []string{"clé"}, false},
			{"control character", []string{"a\x01b"}, false},
			{"two headers", []string{"a", "b"}, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(`{}`))
				req.Header["Idempotency-Key"] = tt.keys
				req.Header.Set("X-Test-Tenant", u.tenant.String())
				req.Header.Set("X-Test-User", u.user.String())
				r := httptest.NewRecorder()
				h.e.ServeHTTP(r, req)
				if tt.ok {
					wantStatus(t, r, http.StatusCreated)
					return
				}
				b := wantProblem(t, r, http.StatusBadRequest)
				if len(b.Errors) != 1 || b.Errors[0].Field != idempotency.HeaderKey {
					t.Errorf("problem does not name the header: %+v", b)
				}
			})
		}
	})
}

func TestRequired_RejectsMutationWithoutKey(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		b := wantProblem(t, h.do(http.MethodPost, "/payments", `{}`, "", u), http.StatusBadRequest)
		if len(b.Errors) != 1 || b.Errors[0].Field != idempotency.HeaderKey || !strings.Contains(b.Detail, idempotency.HeaderKey) {
			t.Errorf("problem %+v", b)
		}
		if h.calls.Load() != 0 {
			t.Fatal("handler ran without a key")
		}
		wantStatus(t, h.do(http.MethodPost, "/payments", `{}`, "pay-1", u), http.StatusCreated)
		wantStatus(t, h.do(http.MethodGet, "/payments", ``, "", u), http.StatusCreated) // reads need none
		// Authentication, not this middleware, turns away anonymous requests.
		wantStatus(t, h.do(http.MethodPost, "/payments", `{}`, "", who{}), http.StatusCreated)
	})
}

func TestMiddleware_PassesThroughWithoutIdempotency(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		tests := []struct {
			name   string
			method string
			key    string
			as     who
		}{
			{"no key", http.MethodPost, "", u},
			{"safe method", http.MethodGet, "k", u},
			{"anonymous", http.MethodPost, "k", who{}},
			{"tenant without user or API key", http.MethodPost, "k", who{tenant: u.tenant}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for range 2 {
					r := h.do(tt.method, "/orders", `{}`, tt.key, tt.as)
					wantStatus(t, r, http.StatusCreated)
					if r.Header().Get(idempotency.HeaderReplayed) != "" {
						t.Fatal("replayed")
					}
				}
			})
		}
		if n := h.records(t); n != 0 {
			t.Errorf("%d records stored", n)
		}
	})
}

func TestMiddleware_RejectsOversizedBody(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d, idempotency.WithMaxBodyBytes(16))
		u := h.newUser(t)
		wantStatus(t, h.do(http.MethodPost, "/orders", `{"a":"0123456"}`, "k1", u), http.StatusCreated)
		wantProblem(t, h.do(http.MethodPost, "/orders", `{"a":"01234567890"}`, "k2", u), http.StatusRequestEntityTooLarge)
		if n := h.calls.Load(); n != 1 {
			t.Errorf("handler ran %d times", n)
		}
	})
}

// Guard against the recorder losing bytes written in several calls.
func TestMiddleware_StoresStreamedBody(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		u := h.newUser(t)
		h.handler = func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentType, "text/plain")
			c.Response().WriteHeader(http.StatusAccepted)
			for i := range 3 {
				_, _ = io.WriteString(c.Response(), fmt.Sprintf("part%d;", i))
				c.Response().Flush()
			}
			return nil
		}
		wantStatus(t, h.do(http.MethodPost, "/orders", `{}`, "k", u), http.StatusAccepted)
		r := h.do(http.MethodPost, "/orders", `{}`, "k", u)
		wantStatus(t, r, http.StatusAccepted)
		if r.Body.String() != "part0;part1;part2;" || r.Header().Get(echo.HeaderContentType) != "text/plain" {
			t.Errorf("replay %q %q", r.Body, r.Header())
		}
	})
}
