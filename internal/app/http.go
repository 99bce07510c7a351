package app

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/frontend"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/httpapi"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
)

// HTTP builds the router: platform middleware, the OpenAPI validator, authentication,
// authorization from each operation's x-authz, idempotency keys, the generated routes,
// metrics, the job dashboard and the SPA.
func (a *App) HTTP() (*echo.Echo, error) {
	limit, err := config.ParseSize(a.Cfg.BodyLimit)
	if err != nil {
		return nil, err
	}
	metrics, err := httpx.NewMetrics(a.Registry)
	if err != nil {
		return nil, err
	}
	// A product CSV may be 50 MiB (plus the multipart envelope), far above the JSON
	// body limit; only that route takes it, and its upload is not cut by the timeout.
	uploadRoute := http.MethodPost + " /api/v1/product-imports"
	var proxies []*net.IPNet
	for _, c := range a.Cfg.ProxyCIDRs() { // validated by config.Validate
		_, n, err := net.ParseCIDR(c)
		if err != nil {
			return nil, err
		}
		proxies = append(proxies, n)
	}
	e := httpx.New(httpx.Options{
		TrustedProxies: proxies,
		Logger:         a.Log, BodyLimit: limit, RequestTimeout: a.Cfg.RequestTimeout, Metrics: metrics,
		RouteBodyLimits: map[string]int64{
			uploadRoute: a.Imports.MaxBytes + 1<<20,
			http.MethodPost + " /api/v1/products/:id/attachments": catalog.MaxAttachmentSize + 1<<20,
		},
		TimeoutSkipper: func(c echo.Context) bool { return c.Request().Method+" "+c.Path() == uploadRoute },
	})
	validator, err := httpx.NewValidator(api.Spec)
	if err != nil {
		return nil, err
	}
	ready := httpx.Readyz(a.Log, 2*time.Second,
		httpx.Check{Name: "database", Fn: a.DB.Ping},
		httpx.Check{Name: "redis", Fn: func(ctx context.Context) error { return a.Redis.Ping(ctx).Err() }},
	)
	srv := &httpapi.Server{
		Identity: a.Identity, Tenants: a.Tenants, Parties: a.Parties, Catalog: a.Catalog, Imports: a.Imports, Policies: a.Policies, Audit: a.Audit, Ready: ready,
		Determinations: a.Determinations, Checks: a.Checks, Rescreens: a.Rescreens,
	}
	if a.Cfg.Embedded() && a.DevInbox != nil {
		// Embedded Redis is the dev mode (`manifold dev`): show the dev mailer's inbox.
		srv.Inbox = a.DevInbox
	}
	// The contract's routes, each behind validation → authentication → authorization →
	// idempotency. (Not an echo Group: a group with middleware claims "/*" for its 404s,
	// which would shadow the SPA.)
	// Routes that move goods data need an Idempotency-Key; the others may send one.
	required := map[string]bool{http.MethodPost + " /api/v1/product-imports/:id/apply": true}
	api.RegisterHandlers(routesWith{e, []echo.MiddlewareFunc{
		validator.Middleware(),
		httpapi.Authenticate(a.Identity),
		httpx.Authorize(a.Authz),
	}, func(method, path string) echo.MiddlewareFunc {
		if required[method+" "+path] {
			return a.Idempotency.Required()
		}
		return a.Idempotency.Middleware()
	}}, srv)
	e.GET("/metrics", httpx.MetricsHandler(a.Registry))
	if err := a.mountJobsDashboard(e); err != nil {
		return nil, err
	}
	switch dist, embedded := frontend.FS(); {
	case a.Cfg.UIDir != "":
		dir := os.DirFS(a.Cfg.UIDir)
		if _, err := fs.Stat(dir, "index.html"); err != nil {
			return nil, fmt.Errorf("MANIFOLD_UI_DIR %s: no index.html (build the frontend first): %w", a.Cfg.UIDir, err)
		}
		mountSPA(e, dir)
	case embedded:
		mountSPA(e, dist)
	}
	return e, nil
}

// mountSPA serves the built frontend; unknown non-API paths get index.html so client
// routes survive a reload.
func mountSPA(e *echo.Echo, dist fs.FS) {
	files := http.FileServer(http.FS(dist))
	index, _ := fs.ReadFile(dist, "index.html")
	e.GET("/*", func(c echo.Context) error {
		p := c.Request().URL.Path
		if strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/admin/") {
			return echo.ErrNotFound
		}
		if f, err := fs.Stat(dist, strings.TrimPrefix(p, "/")); err == nil && !f.IsDir() {
			if strings.HasPrefix(p, "/assets/") {
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			files.ServeHTTP(c.Response(), c.Request())
			return nil
		}
		return c.HTMLBlob(http.StatusOK, index)
	})
}

// routesWith registers routes on e with a fixed middleware chain in front of each.
type routesWith struct {
	e   *echo.Echo
	mws []echo.MiddlewareFunc
	// last is the route's final middleware (its idempotency rule).
	last func(method, path string) echo.MiddlewareFunc
}

func (r routesWith) add(method, path string, h echo.HandlerFunc, m []echo.MiddlewareFunc) *echo.Route {
	mws := append(append([]echo.MiddlewareFunc{}, r.mws...), r.last(method, path))
	return r.e.Add(method, path, h, append(mws, m...)...)
}

func (r routesWith) CONNECT(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodConnect, p, h, m)
}
func (r routesWith) DELETE(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodDelete, p, h, m)
}
func (r routesWith) GET(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodGet, p, h, m)
}
func (r routesWith) HEAD(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodHead, p, h, m)
}
func (r routesWith) OPTIONS(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodOptions, p, h, m)
}
func (r routesWith) PATCH(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPatch, p, h, m)
}
func (r routesWith) POST(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPost, p, h, m)
}
func (r routesWith) PUT(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodPut, p, h, m)
}
func (r routesWith) TRACE(p string, h echo.HandlerFunc, m ...echo.MiddlewareFunc) *echo.Route {
	return r.add(http.MethodTrace, p, h, m)
}
