package httpx_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func TestRequestID(t *testing.T) {
	log, logs := testLogger()
	e := httpx.New(httpx.Options{Logger: log})
	e.GET("/id", func(c echo.Context) error {
		ctx := c.Request().Context()
		log.InfoContext(ctx, "inside handler")
		return c.String(http.StatusOK, logx.RequestID(ctx))
	})

	// A sane incoming id is kept, echoed, visible in the handler and in every log line.
	rec := do(t, e, http.MethodGet, "/id", nil, httpx.HeaderRequestID, "abc-123_x.y:z")
	if rec.Body.String() != "abc-123_x.y:z" || rec.Header().Get(httpx.HeaderRequestID) != "abc-123_x.y:z" {
		t.Errorf("kept id: body %q header %q", rec.Body, rec.Header().Get(httpx.HeaderRequestID))
	}
	for _, r := range logs.records(t) {
		if r["request_id"] != "abc-123_x.y:z" {
			t.Errorf("log line without request id: %v", r)
		}
	}

	// Missing or insane ids are replaced by a fresh UUID.
	for _, in := range []string{"", "has space", strings.Repeat("a", 129), "new\nline", "<script>"} {
		rec := do(t, e, http.MethodGet, "/id", nil, httpx.HeaderRequestID, in)
		got := rec.Header().Get(httpx.HeaderRequestID)
		if _, err := uuid.Parse(got); err != nil || got == in || rec.Body.String() != got {
			t.Errorf("incoming %q: got id %q body %q", in, got, rec.Body)
		}
	}
}

func TestAccessLog(t *testing.T) {
	log, logs := testLogger()
	e := httpx.New(httpx.Options{Logger: log})
	tid, uid := uuid.New(), uuid.New()
	e.GET("/orgs/:id", func(c echo.Context) error {
		req := c.Request()
		c.SetRequest(req.WithContext(tenant.NewContext(req.Context(), &tenant.Viewer{TenantID: tid, UserID: uid})))
		return problem.NotFound("no such org")
	})
	e.GET("/healthz", httpx.Healthz)

	do(t, e, http.MethodGet, "/orgs/42", nil, httpx.HeaderRequestID, "r1")
	do(t, e, http.MethodGet, "/healthz", nil)

	recs := logs.records(t)
	if len(recs) != 2 {
		t.Fatalf("want 2 access lines, got %d: %s", len(recs), logs)
	}
	r := recs[0]
	want := map[string]any{
		"msg": "http request", "level": "INFO", "method": "GET", "route": "/orgs/:id", "path": "/orgs/42",
		"status": float64(404), "request_id": "r1", "tenant_id": tid.String(), "user_id": uid.String(),
	}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("%s = %v, want %v", k, r[k], v)
		}
	}
	for _, k := range []string{"latency", "bytes", "remote_ip"} {
		if _, ok := r[k]; !ok {
			t.Errorf("access log lacks %s: %v", k, r)
		}
	}
	if strings.Count(logs.String(), `"tenant_id"`) != 1 {
		t.Errorf("tenant_id duplicated: %s", logs)
	}
	if recs[1]["level"] != "DEBUG" || recs[1]["route"] != "/healthz" {
		t.Errorf("probe line = %v, want debug level", recs[1])
	}
}

func TestBodyLimit(t *testing.T) {
	e := httpx.New(httpx.Options{BodyLimit: 16})
	e.POST("/bind", func(c echo.Context) error {
		var v map[string]any
		if err := c.Bind(&v); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	e.POST("/read", func(c echo.Context) error {
		if _, err := io.ReadAll(c.Request().Body); err != nil {
			return err
		}
		return c.NoContent(http.StatusNoContent)
	})
	big := `{"a":"` + strings.Repeat("x", 64) + `"}`

	// Declared too large: rejected before the handler runs.
	rec := do(t, e, http.MethodPost, "/bind", strings.NewReader(big))
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("content-length: %d %s", rec.Code, rec.Body)
	}
	if p := decodeProblem(t, rec); p.Type != problem.TypeBase+"payload-too-large" || p.Detail != "request body exceeds 16 bytes" {
		t.Errorf("problem = %+v", p)
	}

	// Streamed (no Content-Length): rejected when the reader crosses the limit,
	// whether the handler binds or reads.
	for _, path := range []string{"/bind", "/read"} {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, path, io.NopCloser(strings.NewReader(big)))
		req.ContentLength = -1
		req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
		rec := newRecorder()
		e.ServeHTTP(rec, req)
		if rec.Code != http.StatusRequestEntityTooLarge {
			t.Errorf("%s streamed: %d %s", path, rec.Code, rec.Body)
		}
	}

	rec = do(t, e, http.MethodPost, "/bind", strings.NewReader(`{"a":1}`))
	if rec.Code != http.StatusNoContent {
		t.Errorf("small body: %d", rec.Code)
	}
}

func TestBodyLimitThroughValidator(t *testing.T) {
	v, err := httpx.NewValidator(readSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	e := httpx.New(httpx.Options{BodyLimit: 16})
	e.POST("/api/v1/login", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, v.Middleware())
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "/api/v1/login",
		io.NopCloser(strings.NewReader(`{"email":"a@b.c","password":"`+strings.Repeat("x", 64)+`"}`)))
	req.ContentLength = -1
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	rec := newRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status = %d %s", rec.Code, rec.Body)
	}
}

func TestTimeout(t *testing.T) {
	log, logs := testLogger()
	e := httpx.New(httpx.Options{Logger: log, RequestTimeout: 20 * time.Millisecond,
		TimeoutSkipper: func(c echo.Context) bool { return c.Path() == "/stream" }})
	slow := func(c echo.Context) error {
		select {
		case <-c.Request().Context().Done():
			return c.Request().Context().Err()
		case <-time.After(2 * time.Second):
			return c.NoContent(http.StatusOK)
		}
	}
	e.GET("/slow", slow)
	e.GET("/stream", func(c echo.Context) error {
		if _, ok := c.Request().Context().Deadline(); ok {
			return c.String(http.StatusOK, "deadline")
		}
		return c.String(http.StatusOK, "none")
	})
	e.GET("/fast", func(c echo.Context) error { return c.NoContent(http.StatusOK) })

	start := time.Now()
	rec := do(t, e, http.MethodGet, "/slow", nil)
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status = %d %s", rec.Code, rec.Body)
	}
	if time.Since(start) > time.Second {
		t.Errorf("timeout did not cut the request short")
	}
	if p := decodeProblem(t, rec); p.Detail != "request timed out" || p.Type != problem.TypeBase+"unavailable" {
		t.Errorf("problem = %+v", p)
	}
	if !strings.Contains(logs.String(), "context deadline exceeded") {
		t.Errorf("timeout cause not logged: %s", logs)
	}
	if rec := do(t, e, http.MethodGet, "/stream", nil); rec.Body.String() != "none" {
		t.Errorf("skipper ignored: %s", rec.Body)
	}
	if rec := do(t, e, http.MethodGet, "/fast", nil); rec.Code != http.StatusOK {
		t.Errorf("fast: %d", rec.Code)
	}
}

func TestRecover(t *testing.T) {
	log, logs := testLogger()
	e := httpx.New(httpx.Options{Logger: log})
	e.GET("/panic", func(echo.Context) error { panic("kaboom: secret") })

	rec := do(t, e, http.MethodGet, "/panic", nil, httpx.HeaderRequestID, "rp")
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d", rec.Code)
	}
	p := decodeProblem(t, rec)
	if p.Detail != "internal error" || strings.Contains(rec.Body.String(), "kaboom") || p.RequestID != "rp" {
		t.Errorf("problem = %+v", p)
	}
	var found bool
	for _, r := range logs.records(t) {
		if r["msg"] == "request failed" {
			found = true
			stack, _ := r["stack"].(string)
			if r["request_id"] != "rp" || !strings.Contains(r["error"].(string), "kaboom") || !strings.Contains(stack, "httpx_test.TestRecover") {
				t.Errorf("panic log = %v", r)
			}
		}
	}
	if !found {
		t.Errorf("panic not logged: %s", logs)
	}
}

func TestSecureHeaders(t *testing.T) {
	e := httpx.New(httpx.Options{})
	e.GET("/", func(c echo.Context) error { return c.HTML(http.StatusOK, "<html></html>") })
	rec := do(t, e, http.MethodGet, "/", nil)
	for h, want := range map[string]string{
		"X-Content-Type-Options":     "nosniff",
		"X-Frame-Options":            "DENY",
		"Referrer-Policy":            "strict-origin-when-cross-origin",
		"Content-Security-Policy":    httpx.DefaultCSP,
		"Cross-Origin-Opener-Policy": "same-origin",
		"Strict-Transport-Security":  "",
	} {
		if got := rec.Header().Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	// Errors carry the headers too.
	rec = do(t, e, http.MethodGet, "/missing", nil)
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("404 lacks security headers")
	}

	e = httpx.New(httpx.Options{HSTSMaxAge: 3600, CSP: "-"})
	e.GET("/", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	rec = do(t, e, http.MethodGet, "https://example.com/", nil)
	if got := rec.Header().Get("Strict-Transport-Security"); got != "max-age=3600; includeSubdomains" {
		t.Errorf("HSTS = %q", got)
	}
	if rec.Header().Get("Content-Security-Policy") != "" {
		t.Errorf("CSP not disabled")
	}
}

func TestHealth(t *testing.T) {
	log, logs := testLogger()
	e := httpx.New(httpx.Options{Logger: log})
	e.GET("/healthz", httpx.Healthz)
	ok := func(context.Context) error { return nil }
	hang := func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }
	down := func(context.Context) error { return io.ErrUnexpectedEOF }
	stuck := func(context.Context) error { time.Sleep(time.Second); return nil } // ignores ctx
	e.GET("/readyz", httpx.Readyz(log, 0, httpx.Check{Name: "database", Fn: ok}, httpx.Check{Name: "redis", Fn: ok}))
	e.GET("/notready", httpx.Readyz(log, 30*time.Millisecond,
		httpx.Check{Name: "database", Fn: hang}, httpx.Check{Name: "redis", Fn: down},
		httpx.Check{Name: "search", Fn: ok}, httpx.Check{Name: "stuck", Fn: stuck}))

	rec := do(t, e, http.MethodGet, "/healthz", nil)
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Errorf("healthz: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, e, http.MethodGet, "/readyz", nil)
	var ready struct {
		Status string            `json:"status"`
		Checks map[string]string `json:"checks"`
	}
	_ = json.Unmarshal(rec.Body.Bytes(), &ready)
	if rec.Code != 200 || ready.Status != "ok" || ready.Checks["database"] != "ok" || ready.Checks["redis"] != "ok" {
		t.Errorf("readyz: %d %s", rec.Code, rec.Body)
	}

	start := time.Now()
	rec = do(t, e, http.MethodGet, "/notready", nil)
	if time.Since(start) > 500*time.Millisecond {
		t.Errorf("readiness waited for a check that ignores its context")
	}
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("notready: %d %s", rec.Code, rec.Body)
	}
	p := decodeProblem(t, rec)
	if p.Detail != "not ready: database, redis, stuck" {
		t.Errorf("detail = %q", p.Detail)
	}
	f := p.fields()
	if f["database"] != "timed out" || f["redis"] != "unreachable" || f["stuck"] != "timed out" || len(f) != 3 {
		t.Errorf("fields = %v", f)
	}
	if strings.Contains(rec.Body.String(), "unexpected EOF") {
		t.Errorf("cause leaked: %s", rec.Body)
	}
	if !strings.Contains(logs.String(), "unexpected EOF") {
		t.Errorf("cause not logged: %s", logs)
	}
}
