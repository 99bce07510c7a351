package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/outboxmessage"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/seed"
)

// each runs fn on PostgreSQL + Redis and on SQLite + embedded Redis.
func each(t *testing.T, fn func(t *testing.T, h *harness)) {
	t.Run("postgres", func(t *testing.T) { t.Parallel(); fn(t, newHarness(t, options{postgres: true})) })
	t.Run("sqlite", func(t *testing.T) { t.Parallel(); fn(t, newHarness(t, options{embedded: true})) })
}

func TestSpec_EveryOperationDeclaresItsPolicy(t *testing.T) {
	doc, err := httpx.LoadSpec(api.Spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := httpx.CheckSpec(doc); err != nil {
		t.Fatal(err)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			p, err := httpx.PolicyOf(op)
			if err != nil {
				t.Fatal(err)
			}
			if p.Resource != "" && !authz.Valid(p.Resource, p.Action) {
				t.Errorf("%s %s: x-authz %s:%s is not in the permission catalog", method, path, p.Resource, p.Action)
			}
		}
	}
}

func TestHealthAndSpec(t *testing.T) {
	h := newHarness(t, options{embedded: true, skipSeed: true})
	for _, tt := range []struct {
		path, want string
	}{
		{"/healthz", `"status":"ok"`},
		{"/readyz", `"database":"ok"`},
		{"/api/v1/openapi.yaml", "openapi: 3.0.3"},
		{"/metrics", "manifold_http_requests_total"},
	} {
		r := h.do("GET", tt.path, "", nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), tt.want) {
			t.Errorf("GET %s = %d %.200s", tt.path, r.Status, r.Body)
		}
	}
}

func TestLogin_MeShowsTenantOrganizationsAndRoles(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		tok := h.login("demo-portal", "seller_catalog")
		me := h.do("GET", "/api/v1/me", tok, nil).JSON(t)
		if me["tenant"].(map[string]any)["slug"] != "demo-portal" || me["tenant"].(map[string]any)["model"] != "closed_portal" {
			t.Fatalf("tenant: %v", me["tenant"])
		}
		orgs := me["organizations"].([]any)
		if len(orgs) != 1 || orgs[0].(map[string]any)["kind"] != "seller" || orgs[0].(map[string]any)["role"] != "seller_catalog" {
			t.Fatalf("organizations: %v", orgs)
		}
		if r := me["roles"].([]any); len(r) != 1 || r[0] != "seller_catalog" {
			t.Fatalf("roles: %v", r)
		}
		var perms []string
		for _, p := range me["permissions"].([]any) {
			perms = append(perms, p.(string))
		}
		if !slices.Contains(perms, "product:create") || !slices.Contains(perms, "product:submit") || slices.Contains(perms, "product:curate") ||
			slices.Contains(perms, "audit:read") {
			t.Fatalf("permissions of a seller_catalog in a closed portal: %v", perms)
		}
	})
}

func TestLogin_FailuresAreIndistinguishable(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		h.App.DB.Client.User.Update().Where(user.Email(seed.Email("ops_agent", "demo-curated"))).SetDisabled(true).ExecX(ctx)
		cases := map[string]map[string]string{
			"wrong password":   {"tenant": "demo-curated", "email": seed.Email("buyer_admin", "demo-curated"), "password": "not-the-password"},
			"unknown user":     {"tenant": "demo-curated", "email": "nobody@demo-curated.example", "password": seed.DemoPassword},
			"unknown tenant":   {"tenant": "no-such-market", "email": seed.Email("buyer_admin", "demo-curated"), "password": seed.DemoPassword},
			"disabled user":    {"tenant": "demo-curated", "email": seed.Email("ops_agent", "demo-curated"), "password": seed.DemoPassword},
			"other tenant's":   {"tenant": "demo-portal", "email": seed.Email("buyer_admin", "demo-curated"), "password": seed.DemoPassword},
			"platform wrong":   {"tenant": "platform", "email": seed.PlatformAdminEmail, "password": "nope-nope-nope"},
			"platform unknown": {"tenant": "platform", "email": "ghost@platform.example", "password": seed.DemoPassword},
		}
		var bodies []string
		for name, body := range cases {
			r := h.do("POST", "/api/v1/auth/login", "", body)
			if r.Status != http.StatusUnauthorized || r.Header.Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s: %d %s %s", name, r.Status, r.Header.Get("Content-Type"), r.Body)
			}
			m := r.JSON(t)
			delete(m, "request_id")
			b, _ := json.Marshal(m)
			bodies = append(bodies, string(b))
		}
		for _, b := range bodies[1:] {
			if b != bodies[0] {
				t.Fatalf("login failures differ:\n%s\n%s", bodies[0], b)
			}
		}
	})
}

func TestLogin_TimingDoesNotRevealWhetherTheUserExists(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	measure := func(email string) time.Duration {
		start := time.Now()
		r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"tenant": "demo-distributor", "email": email, "password": "wrong-password-1"})
		if r.Status != 401 {
			t.Fatalf("%s: %d", email, r.Status)
		}
		return time.Since(start)
	}
	var known, unknown []time.Duration
	roles := []string{"buyer_admin", "buyer_purchaser", "buyer_approver", "seller_admin", "seller_ops", "seller_catalog",
		"ops_agent", "compliance_officer", "distributor_admin", "distributor_ops", "marketplace_admin"}
	for i, role := range roles {
		known = append(known, measure(seed.Email(role, "demo-distributor")))
		unknown = append(unknown, measure(fmt.Sprintf("ghost%d@demo-distributor.example", i)))
	}
	// The fastest of the interleaved samples is the work itself; slower ones carry the
	// noise of a busy machine.
	fastest := func(d []time.Duration) time.Duration {
		sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
		return d[0]
	}
	k, u := fastest(known), fastest(unknown)
	ratio := float64(k) / float64(u)
	t.Logf("fastest login failure: existing user %v, unknown user %v (ratio %.2f)", k, u, ratio)
	// Both paths run one argon2id verification; an unknown user skipping it would be
	// ~20x faster. Allow generous noise for a loaded 2-core machine.
	if ratio > 3 || ratio < 1.0/3 {
		t.Fatalf("timing differs: existing %v vs unknown %v", k, u)
	}
}

func TestLogin_BadBodyListsEveryField(t *testing.T) {
	h := newHarness(t, options{embedded: true, skipSeed: true})
	r := h.do("POST", "/api/v1/auth/login", "", `{"tenant": 5, "password": "", "role": "admin"}`)
	if r.Status != 400 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	var fields []string
	for _, e := range r.JSON(t)["errors"].([]any) {
		fields = append(fields, e.(map[string]any)["field"].(string))
	}
	sort.Strings(fields)
	want := []string{"/email", "/password", "/role", "/tenant"}
	if !slices.Equal(fields, want) {
		t.Fatalf("fields %v, want %v", fields, want)
	}
	if r := h.do("POST", "/api/v1/auth/login", "", `{"tenant":`); r.Status != 400 {
		t.Fatalf("malformed JSON: %d %s", r.Status, r.Body)
	}
}

func TestLogin_RateLimitedPerAccount(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		body := map[string]string{"tenant": "demo-curated", "email": seed.Email("buyer_approver", "demo-curated"), "password": "wrong-password-1"}
		for i := 0; i < h.App.Cfg.LoginPerAccount; i++ {
			if r := h.do("POST", "/api/v1/auth/login", "", body); r.Status != 401 {
				t.Fatalf("attempt %d: %d", i, r.Status)
			}
		}
		r := h.do("POST", "/api/v1/auth/login", "", body)
		if r.Status != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
			t.Fatalf("want 429 with Retry-After, got %d %v %s", r.Status, r.Header, r.Body)
		}
		// The right password is refused too while the account is throttled.
		body["password"] = seed.DemoPassword
		if r := h.do("POST", "/api/v1/auth/login", "", body); r.Status != http.StatusTooManyRequests {
			t.Fatalf("correct password while throttled: %d", r.Status)
		}
		// Other accounts are unaffected.
		h.login("demo-curated", "buyer_admin")
	})
}

func TestLogin_RateLimitedPerIP(t *testing.T) {
	h := newHarness(t, options{embedded: true, tweak: func(c *config.Config) { c.LoginPerIP = 4 }})
	for i := 0; i < 4; i++ {
		body := map[string]string{"tenant": "demo-curated", "email": fmt.Sprintf("u%d@x.example", i), "password": "x"}
		if r := h.do("POST", "/api/v1/auth/login", "", body); r.Status != 401 {
			t.Fatalf("attempt %d: %d", i, r.Status)
		}
	}
	body := map[string]string{"tenant": "demo-curated", "email": seed.Email("buyer_admin", "demo-curated"), "password": seed.DemoPassword}
	if r := h.do("POST", "/api/v1/auth/login", "", body); r.Status != 429 {
		t.Fatalf("fifth attempt from one IP: %d %s", r.Status, r.Body)
	}
}

func TestAuth_MissingExpiredOrRevokedTokenIs401(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		if r := h.do("GET", "/api/v1/me", "", nil); r.Status != 401 {
			t.Fatalf("no token: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/me", "mfs_garbage", nil); r.Status != 401 {
			t.Fatalf("garbage token: %d", r.Status)
		}
		tok := h.login("demo-curated", "buyer_admin")
		if r := h.do("GET", "/api/v1/me", tok, nil); r.Status != 200 {
			t.Fatalf("fresh token: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/auth/logout", tok, nil); r.Status != 204 {
			t.Fatalf("logout: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Fatalf("after logout: %d", r.Status)
		}
		// Revoke all: two sessions, both die.
		a, b := h.login("demo-curated", "buyer_admin"), h.login("demo-curated", "buyer_admin")
		r := h.do("POST", "/api/v1/auth/revoke-all", a, nil)
		if r.Status != 200 || r.JSON(t)["revoked"].(float64) != 2 {
			t.Fatalf("revoke-all: %d %s", r.Status, r.Body)
		}
		for _, tk := range []string{a, b} {
			if r := h.do("GET", "/api/v1/me", tk, nil); r.Status != 401 {
				t.Fatalf("after revoke-all: %d", r.Status)
			}
		}
		// Expired.
		c := h.login("demo-curated", "buyer_admin")
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		h.App.DB.Client.Session.Update().SetExpiresAt(time.Now().Add(-time.Minute)).ExecX(ctx)
		h.App.Identity.RevokeCached(t.Context(), h.userID(seed.Email("buyer_admin", "demo-curated")), [16]byte{}, [16]byte{})
		if r := h.do("GET", "/api/v1/me", c, nil); r.Status != 401 {
			t.Fatalf("expired: %d", r.Status)
		}
	})
}

func (h *harness) userID(email string) [16]byte {
	ctx := tenant.SystemContext(h.t.Context(), tenant.SystemTest)
	return h.App.DB.Client.User.Query().Where(user.Email(email)).OnlyX(ctx).ID
}

func TestAuthz_RoleWithoutPermissionIs403(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		tests := []struct {
			slug, role, method, path string
			want                     int
		}{
			{"demo-curated", "buyer_purchaser", "GET", "/api/v1/audit/verify", 403},
			{"demo-curated", "marketplace_admin", "GET", "/api/v1/audit/verify", 200},
			{"demo-curated", "compliance_officer", "GET", "/api/v1/audit/events", 200},
			{"demo-curated", "seller_ops", "GET", "/api/v1/policies", 403},
			{"demo-curated", "marketplace_admin", "GET", "/api/v1/policies", 200},
			{"demo-curated", "buyer_admin", "GET", "/api/v1/platform/tenants", 403},
			{"demo-portal", "distributor_ops", "GET", "/api/v1/organizations", 200},
		}
		for _, tt := range tests {
			tok := h.login(tt.slug, tt.role)
			if r := h.do(tt.method, tt.path, tok, nil); r.Status != tt.want {
				t.Errorf("%s@%s %s %s = %d, want %d: %s", tt.role, tt.slug, tt.method, tt.path, r.Status, tt.want, r.Body)
			}
		}
	})
}

func TestCrossTenant_AnotherTenantsIDIs404(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		curated := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug("demo-curated")).OnlyX(ctx)
		theirs := h.App.DB.Client.Organization.Query().
			Where(organization.TenantID(curated.ID), organization.LegalName("Rhein Spezialchemie GmbH")).OnlyX(ctx)
		admin := h.login("demo-portal", "marketplace_admin")
		r := h.do("GET", "/api/v1/organizations/"+theirs.ID.String(), admin, nil)
		if r.Status != 404 {
			t.Fatalf("other tenant's organization: %d %s", r.Status, r.Body)
		}
		page := h.do("GET", "/api/v1/organizations?limit=200", admin, nil).JSON(t)
		for _, it := range page["items"].([]any) {
			if it.(map[string]any)["id"] == theirs.ID.String() {
				t.Fatal("listed another tenant's organization")
			}
		}
		// Their own admin sees it.
		if r := h.do("GET", "/api/v1/organizations/"+theirs.ID.String(), h.login("demo-curated", "marketplace_admin"), nil); r.Status != 200 {
			t.Fatalf("own admin: %d", r.Status)
		}
		// API keys and memberships of another tenant: 404 as well.
		ownKey := h.do("POST", "/api/v1/api-keys", h.login("demo-curated", "marketplace_admin"),
			map[string]any{"name": "erp", "organization_id": theirs.ID, "role": "seller_ops"}).JSON(t)
		if r := h.do("DELETE", "/api/v1/api-keys/"+ownKey["id"].(string), admin, nil); r.Status != 404 {
			t.Fatalf("revoke other tenant's key: %d %s", r.Status, r.Body)
		}
		ms := h.do("GET", "/api/v1/memberships?limit=1", h.login("demo-curated", "marketplace_admin"), nil).JSON(t)
		mid := ms["items"].([]any)[0].(map[string]any)["id"].(string)
		if r := h.do("PATCH", "/api/v1/memberships/"+mid, admin, map[string]string{"role": "ops_agent"}); r.Status != 404 {
			t.Fatalf("patch other tenant's membership: %d %s", r.Status, r.Body)
		}
	})
}

func TestAPIKeys_ShownOnceUsableRevocable(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		tok := h.login("demo-distributor", "seller_admin")
		me := h.do("GET", "/api/v1/me", tok, nil).JSON(t)
		org := me["organizations"].([]any)[0].(map[string]any)["id"].(string)
		// A role the caller does not hold there is refused.
		if r := h.do("POST", "/api/v1/api-keys", tok, map[string]any{"name": "x", "organization_id": org, "role": "marketplace_admin"}); r.Status != 403 {
			t.Fatalf("escalation: %d %s", r.Status, r.Body)
		}
		r := h.do("POST", "/api/v1/api-keys", tok, map[string]any{"name": "ERP sync", "organization_id": org, "role": "seller_admin"})
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		created := r.JSON(t)
		secret := created["secret"].(string)
		if !strings.HasPrefix(secret, "mfk_"+created["prefix"].(string)+"_") {
			t.Fatalf("secret %q does not carry prefix %q", secret, created["prefix"])
		}
		list := h.do("GET", "/api/v1/api-keys", tok, nil)
		if strings.Contains(string(list.Body), secret) || !strings.Contains(string(list.Body), created["prefix"].(string)) {
			t.Fatalf("list leaks the secret or hides the prefix: %s", list.Body)
		}
		km := h.do("GET", "/api/v1/me", secret, nil)
		if km.Status != 200 || km.JSON(t)["api_key"] == nil {
			t.Fatalf("me with key: %d %s", km.Status, km.Body)
		}
		if r := h.do("DELETE", "/api/v1/api-keys/"+created["id"].(string), tok, nil); r.Status != 204 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/me", secret, nil); r.Status != 401 {
			t.Fatalf("revoked key: %d", r.Status)
		}
	})
}

func TestRoleAndPolicyChanges_AreAuditedAndTakeEffect(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		admin := h.login("demo-curated", "marketplace_admin")
		ops := h.login("demo-curated", "ops_agent")
		if r := h.do("GET", "/api/v1/audit/events", ops, nil); r.Status != 403 {
			t.Fatalf("ops_agent audit before grant: %d", r.Status)
		}
		r := h.do("POST", "/api/v1/policies", admin, map[string]string{"role": "ops_agent", "resource": "audit", "action": "read"})
		if r.Status != 201 {
			t.Fatalf("grant: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/policies", admin, map[string]string{"role": "ops_agent", "resource": "audit", "action": "read"}); r.Status != 409 {
			t.Fatalf("duplicate grant: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/policies", admin, map[string]string{"role": "ops_agent", "resource": "audit", "action": "fly"}); r.Status != 400 {
			t.Fatalf("unknown action: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/audit/events", ops, nil); r.Status != 200 {
			t.Fatalf("ops_agent audit after grant: %d %s", r.Status, r.Body)
		}
		if !strings.Contains(string(h.do("GET", "/api/v1/me", ops, nil).Body), `"audit:read"`) {
			t.Fatal("/me does not list the granted permission")
		}
		if r := h.do("POST", "/api/v1/policies/remove", admin, map[string]string{"role": "ops_agent", "resource": "audit", "action": "read"}); r.Status != 204 {
			t.Fatalf("revoke: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", "/api/v1/audit/events", ops, nil); r.Status != 403 {
			t.Fatalf("ops_agent audit after revoke: %d", r.Status)
		}

		// Role change: the buyer's approver becomes a purchaser.
		var mid string
		for _, it := range h.do("GET", "/api/v1/memberships?limit=200", admin, nil).JSON(t)["items"].([]any) {
			m := it.(map[string]any)
			if m["user_email"] == seed.Email("buyer_approver", "demo-curated") {
				mid = m["id"].(string)
			}
		}
		approver := h.login("demo-curated", "buyer_approver")
		if r := h.do("PATCH", "/api/v1/memberships/"+mid, admin, map[string]string{"role": "seller_ops"}); r.Status != 400 {
			t.Fatalf("role not fitting the organization: %d %s", r.Status, r.Body)
		}
		if r := h.do("PATCH", "/api/v1/memberships/"+mid, admin, map[string]string{"role": "buyer_purchaser"}); r.Status != 200 {
			t.Fatalf("role change: %d %s", r.Status, r.Body)
		}
		roles := h.do("GET", "/api/v1/me", approver, nil).JSON(t)["roles"].([]any)
		if len(roles) != 1 || roles[0] != "buyer_purchaser" {
			t.Fatalf("the changed role is not effective at once: %v", roles)
		}

		events := h.do("GET", "/api/v1/audit/events?limit=200", admin, nil).JSON(t)["items"].([]any)
		var actions []string
		for _, e := range events {
			actions = append(actions, e.(map[string]any)["action"].(string))
		}
		for _, want := range []string{"policy.grant", "policy.revoke", "membership.role_change", "auth.login", "tenant.create"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit trail lacks %s: %v", want, actions)
			}
		}
		rep := h.do("GET", "/api/v1/audit/verify", admin, nil).JSON(t)
		if rep["ok"] != true {
			t.Fatalf("chain does not verify: %v", rep)
		}
	})
}

func TestAuditVerify_DetectsEditedEventOverHTTP(t *testing.T) {
	h := newHarness(t, options{postgres: true})
	admin := h.login("demo-portal", "marketplace_admin")
	ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
	tid := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug("demo-portal")).OnlyX(ctx).ID
	if _, err := h.App.DB.SQL.ExecContext(t.Context(),
		`UPDATE audit_events SET action = 'tenant.nothing_to_see' WHERE tenant_id = $1 AND seq = 1`, tid); err != nil {
		t.Fatal(err)
	}
	rep := h.do("GET", "/api/v1/audit/verify", admin, nil).JSON(t)
	if rep["ok"] != false || rep["problem"].(map[string]any)["kind"] != "edited" {
		t.Fatalf("tampering not detected: %v", rep)
	}
}

func TestPlatformAdmin_CreatesTenantWithPolicyPackAndAdmin(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		tok := h.login("platform", "platform_admin")
		body := map[string]any{"slug": "acme-chem", "name": "Acme Chemicals Exchange", "model": "curated",
			"default_currency": "USD", "admin_email": "admin@acme.example", "admin_password": "correct-horse-battery"}
		if r := h.do("POST", "/api/v1/platform/tenants", tok, body); r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/platform/tenants", tok, body); r.Status != 409 {
			t.Fatalf("same slug again: %d %s", r.Status, r.Body)
		}
		body["slug"], body["default_currency"] = "Bad Slug", "EURO"
		if r := h.do("POST", "/api/v1/platform/tenants", tok, body); r.Status != 400 || len(r.JSON(t)["errors"].([]any)) != 2 {
			t.Fatalf("bad input: %d %s", r.Status, r.Body)
		}
		r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"tenant": "acme-chem", "email": "admin@acme.example", "password": "correct-horse-battery"})
		if r.Status != 200 {
			t.Fatalf("new tenant's admin login: %d %s", r.Status, r.Body)
		}
		adm := r.JSON(t)["access_token"].(string)
		if r := h.do("GET", "/api/v1/policies", adm, nil); r.Status != 200 {
			t.Fatalf("new tenant has no policy pack: %d", r.Status)
		}
		list := h.do("GET", "/api/v1/platform/tenants", tok, nil).JSON(t)["items"].([]any)
		if len(list) != 4 {
			t.Fatalf("tenants: %d", len(list))
		}
	})
}

func TestLogin_PerIPLimitBelievesForwardedForOnlyFromTrustedProxies(t *testing.T) {
	attempt := func(h *harness, clientIP string) int {
		body := map[string]string{"tenant": "demo-curated", "email": "ghost@x.example", "password": "x"}
		return h.do("POST", "/api/v1/auth/login", "", body, "X-Forwarded-For", clientIP).Status
	}
	limitIP := func(c *config.Config) { c.LoginPerIP, c.LoginPerAccount = 2, 100 }
	// httptest requests come from 192.0.2.1.
	trusted := newHarness(t, options{embedded: true, skipSeed: true, tweak: func(c *config.Config) {
		limitIP(c)
		c.TrustedProxies = "192.0.2.0/24"
	}})
	for i, ip := range []string{"203.0.113.7", "203.0.113.7", "203.0.113.8", "203.0.113.8"} {
		if got := attempt(trusted, ip); got != 401 {
			t.Fatalf("trusted proxy, attempt %d from %s: %d", i, ip, got)
		}
	}
	if got := attempt(trusted, "203.0.113.7"); got != 429 {
		t.Fatalf("third attempt from one forwarded client: %d", got)
	}
	untrusted := newHarness(t, options{embedded: true, skipSeed: true, tweak: limitIP})
	attempt(untrusted, "203.0.113.7")
	attempt(untrusted, "203.0.113.8")
	if got := attempt(untrusted, "203.0.113.9"); got != 429 {
		t.Fatalf("a spoofed X-Forwarded-For escaped the per-IP limit: %d", got)
	}
}

func TestOutbox_NewMarketplaceWelcomeJobRunsOnceThroughTheWorker(t *testing.T) {
	for _, o := range []options{{postgres: true, runBackground: true}, {embedded: true, runBackground: true}} {
		name := map[bool]string{true: "postgres", false: "sqlite"}[o.postgres]
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, o)
			tok := h.login("platform", "platform_admin")
			body := map[string]any{"slug": "outbox-test", "name": "Outbox Test", "model": "distributor_led",
				"default_currency": "EUR", "admin_email": "admin@outbox.example", "admin_password": "correct-horse-battery"}
			if r := h.do("POST", "/api/v1/platform/tenants", tok, body); r.Status != 201 {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			r := h.do("POST", "/api/v1/auth/login", "", map[string]string{"tenant": "outbox-test", "email": "admin@outbox.example", "password": "correct-horse-battery"})
			admin := r.JSON(t)["access_token"].(string)
			eventually(t, "welcome job audited", func() (bool, string) {
				r := h.do("GET", "/api/v1/audit/events?limit=200", admin, nil)
				return strings.Count(string(r.Body), `"tenant.welcome_sent"`) == 1, string(r.Body)
			})
			// Every job the seed and the new marketplace queued (welcome notes, consignee
			// screenings) ends done.
			ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
			eventually(t, "every outbox row done", func() (bool, string) {
				undone := h.App.DB.Client.OutboxMessage.Query().Where(outboxmessage.DoneAtIsNil()).CountX(ctx)
				return undone == 0, fmt.Sprint(undone, " outbox rows not done")
			})
		})
	}
}
