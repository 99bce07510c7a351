package app_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/testenv"
	"github.com/manifoldhq/manifold/internal/seed"
)

// eventually retries check until it passes or 20 s pass.
func eventually(t *testing.T, what string, check func() (bool, string)) {
	t.Helper()
	var last string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ok, got := check()
		if ok {
			return
		}
		last = got
	}
	t.Fatalf("%s: last answer %s", what, last)
}

func TestOutage_PostgresDownIs503AndRecoversWithoutRestart(t *testing.T) {
	dbURL := testenv.NewPostgresDatabase(t)
	u, _ := url.Parse(dbURL)
	p := newProxy(t, u.Host)
	u.Host = p.addr
	h := newHarness(t, options{databaseURL: u.String()})
	tok := h.login("demo-curated", "marketplace_admin")

	p.cut()
	eventually(t, "readyz while PostgreSQL is down", func() (bool, string) {
		r := h.do("GET", "/readyz", "", nil)
		return r.Status == 503 && strings.Contains(string(r.Body), "database"), string(r.Body)
	})
	eventually(t, "API while PostgreSQL is down", func() (bool, string) {
		r := h.do("GET", "/api/v1/organizations", tok, nil)
		return r.Status == 503 && r.Header.Get("Content-Type") == "application/problem+json", string(r.Body)
	})

	p.restore(t)
	eventually(t, "readyz after PostgreSQL is back", func() (bool, string) {
		r := h.do("GET", "/readyz", "", nil)
		return r.Status == 200, string(r.Body)
	})
	eventually(t, "API after PostgreSQL is back", func() (bool, string) {
		r := h.do("GET", "/api/v1/organizations", tok, nil)
		return r.Status == 200, string(r.Body)
	})
}

func TestOutage_RedisDownIs503AndRecoversWithoutRestart(t *testing.T) {
	_, opt := testenv.Redis(t)
	p := newProxy(t, opt.Addr)
	h := newHarness(t, options{redisURL: "redis://" + p.addr + "/" + itoa(opt.DB)})
	login := map[string]string{"tenant": "demo-portal", "email": seed.Email("buyer_admin", "demo-portal"), "password": seed.DemoPassword}

	p.cut()
	eventually(t, "readyz while Redis is down", func() (bool, string) {
		r := h.do("GET", "/readyz", "", nil)
		return r.Status == 503 && strings.Contains(string(r.Body), "redis"), string(r.Body)
	})
	// Login needs the shared rate limiter: it fails closed with 503, not unthrottled.
	eventually(t, "login while Redis is down", func() (bool, string) {
		r := h.do("POST", "/api/v1/auth/login", "", login)
		return r.Status == 503, string(r.Body)
	})

	p.restore(t)
	eventually(t, "readyz after Redis is back", func() (bool, string) {
		r := h.do("GET", "/readyz", "", nil)
		return r.Status == 200, string(r.Body)
	})
	eventually(t, "login after Redis is back", func() (bool, string) {
		r := h.do("POST", "/api/v1/auth/login", "", login)
		return r.Status == 200, string(r.Body)
	})
}
