package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/app"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
	"github.com/manifoldhq/manifold/internal/seed"
)

var (
	contractOnce sync.Once
	contractV    *httpx.Validator
	contractErr  error
)

// contract is the OpenAPI validator responses are checked with.
func contract(t testing.TB) *httpx.Validator {
	contractOnce.Do(func() { contractV, contractErr = httpx.NewValidator(api.Spec) })
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contractV
}

// harness is the whole product behind its real router, with the demo data seeded.
type harness struct {
	t   testing.TB
	App *app.App
	E   *echo.Echo
}

type options struct {
	postgres      bool
	databaseURL   string // overrides the fresh database
	redisURL      string // overrides the test Redis; "" with embedded=true starts miniredis
	embedded      bool
	tweak         func(*config.Config)
	skipSeed      bool
	runBackground bool
	noHTTP        bool // the test runs the app's own servers (a.HTTP registers metrics once)
}

func testConfig(t testing.TB) *config.Config {
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.LoginPerAccount = 5
	cfg.MetricsAddr = ""
	cfg.LoginPerIP = 1000
	cfg.DataDir = t.TempDir() // blobs and the SQLite file stay out of the source tree
	cfg.Screening = "manual"  // tests that screen install a name screener themselves
	return cfg
}

func newHarness(t testing.TB, o options) *harness {
	t.Helper()
	cfg := testConfig(t)
	switch {
	case o.databaseURL != "":
		cfg.DatabaseURL = o.databaseURL
	case o.postgres:
		cfg.DatabaseURL = testenv.NewPostgresDatabase(t)
	default:
		cfg.DatabaseURL = "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	}
	switch {
	case o.redisURL != "":
		cfg.RedisURL = o.redisURL
	case !o.embedded:
		_, opt := testenv.Redis(t)
		cfg.RedisURL = "redis://" + opt.Addr + "/" + itoa(opt.DB)
	}
	if o.tweak != nil {
		o.tweak(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(&tlog{t: t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	}
	ctx := context.Background()
	a, cleanup, err := app.New(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cleanup)
	if err := app.PrepareSchema(ctx, a.DB, log); err != nil {
		t.Fatal(err)
	}
	if !o.skipSeed {
		if _, err := a.Seeder.Run(ctx); err != nil {
			t.Fatal(err)
		}
	}
	var e *echo.Echo
	if !o.noHTTP {
		e, err = a.HTTP()
	}
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, App: a, E: e}
	if o.runBackground {
		bctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); _ = a.RunWorker(bctx) }()
		go func() { _ = a.Authz.Run(bctx) }()
		go func() { _ = a.Identity.Run(bctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}
	return h
}

type tlog struct{ t testing.TB }

func (l *tlog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func itoa(n int) string { return strconv.Itoa(n) }

// response is a recorded answer.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body is not a JSON object: %v: %s", err, r.Body)
	}
	return m
}

// do sends a request through the router.
func (h *harness) do(method, path, token string, body any, headers ...string) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(buf)
	}
	req := httptest.NewRequest(method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.E.ServeHTTP(rec, req)
	// Every answer must be one the contract documents, in the documented shape.
	check := httptest.NewRequest(method, path, nil)
	for k, v := range req.Header {
		check.Header[k] = v
	}
	if err := contract(h.t).ValidateResponse(check, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
		h.t.Errorf("%s %s: response %d does not match api/openapi.yaml: %v\n%s", method, path, rec.Code, err, rec.Body.Bytes())
	}
	return response{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
}

// login returns a token for role in the demo marketplace slug.
func (h *harness) login(slug, role string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/auth/login", "", map[string]string{
		"tenant": slug, "email": seed.Email(role, slug), "password": seed.DemoPassword,
	})
	if r.Status != http.StatusOK {
		h.t.Fatalf("login %s@%s: %d %s", role, slug, r.Status, r.Body)
	}
	return r.JSON(h.t)["access_token"].(string)
}

// proxy is a TCP forwarder a test can cut and restore, to play a dependency going
// down and coming back on the same address.
type proxy struct {
	target string
	addr   string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
}

func newProxy(t testing.TB, target string) *proxy {
	p := &proxy{target: target, conns: map[net.Conn]struct{}{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go p.pipe(c)
		}
	}()
}

func (p *proxy) pipe(c net.Conn) {
	u, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[c], p.conns[u] = struct{}{}, struct{}{}
	p.mu.Unlock()
	go func() { _, _ = io.Copy(u, c); u.Close() }()
	_, _ = io.Copy(c, u)
	c.Close()
}

// cut closes the listener and every open connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
}

// restore listens on the same address again.
func (p *proxy) restore(t testing.TB) {
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", p.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("restore proxy: %v", err)
	}
	p.serve(ln)
}

func uuidOf(t testing.TB, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
