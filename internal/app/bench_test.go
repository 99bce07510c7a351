package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// BenchmarkAuthenticatedGET measures, over loopback HTTP with keep-alive, the whole
// stack (request id, access log, metrics, OpenAPI validation, bearer authentication,
// casbin policy check, tenant-scoped ent query, JSON) for GET /api/v1/organizations/{id}
// against a bare echo handler that returns the same bytes. Requests alternate between
// the two servers so both see the same machine load; it reports each median and the
// ratio (target ≤ 3). "cached" is the product as deployed (the organization comes from
// the replica's read cache after the first request); "db" keeps the cache off so every
// request reads the database, to show what the cache saves.
func BenchmarkAuthenticatedGET(b *testing.B) {
	for _, bc := range []struct{ dialect, mode string }{
		{"postgres", "cached"}, {"postgres", "db"}, {"sqlite", "cached"}, {"sqlite", "db"},
	} {
		dialect := bc.dialect
		b.Run(dialect+"/"+bc.mode, func(b *testing.B) {
			h := newHarness(b, options{postgres: dialect == "postgres", embedded: dialect == "sqlite"})
			if bc.mode == "cached" { // without its eviction subscription the cache stores nothing
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { defer close(done); _ = h.App.OrgCache.Run(ctx) }()
				defer func() { cancel(); <-done }()
			}
			tok := h.login("demo-curated", "buyer_purchaser")
			ctx := tenant.SystemContext(b.Context(), tenant.SystemTest)
			tid := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug("demo-curated")).OnlyX(ctx).ID
			org := h.App.DB.Client.Organization.Query().
				Where(organization.TenantID(tid), organization.LegalName("Rhein Spezialchemie GmbH")).OnlyX(ctx)
			path := "/api/v1/organizations/" + org.ID.String()

			full := httptest.NewServer(h.E)
			defer full.Close()
			get := func(base, auth string) []byte {
				req, _ := http.NewRequest("GET", base+path, nil)
				if auth != "" {
					req.Header.Set("Authorization", "Bearer "+auth)
				}
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					b.Fatalf("%d %s", resp.StatusCode, body)
				}
				return body
			}
			payload := get(full.URL, tok)
			bareEcho := echo.New()
			bareEcho.GET("/api/v1/organizations/:id", func(c echo.Context) error {
				return c.JSONBlob(http.StatusOK, payload)
			})
			bare := httptest.NewServer(bareEcho)
			defer bare.Close()
			for range 200 { // warm up connections, caches and the enforcer
				get(full.URL, tok)
				get(bare.URL, "")
			}
			var fullT, bareT []time.Duration
			b.ResetTimer()
			for b.Loop() {
				s := time.Now()
				get(bare.URL, "")
				bareT = append(bareT, time.Since(s))
				s = time.Now()
				get(full.URL, tok)
				fullT = append(fullT, time.Since(s))
			}
			b.StopTimer()
			mf, mb := median(fullT), median(bareT)
			b.ReportMetric(float64(mf.Microseconds()), "manifold-µs/req")
			b.ReportMetric(float64(mb.Microseconds()), "bare-µs/req")
			b.ReportMetric(float64(mf)/float64(mb), "ratio")
			b.Logf("%s/%s: median manifold %v, bare echo %v, ratio %.2f (n=%d)", dialect, bc.mode, mf, mb, float64(mf)/float64(mb), len(fullT))
		})
	}
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
