package identity

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/platformsession"
	"github.com/manifoldhq/manifold/ent/session"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

const testPassword = "correct horse battery staple"

// auditCall is one Record call seen by fakeAuditor.
type auditCall struct {
	Action, SubjectType, SubjectID string
	Before, After                  any
	Viewer                         *tenant.Viewer
	InTx                           bool
}

// fakeAuditor records Record calls; err, when set, is returned from every call.
type fakeAuditor struct {
	mu    sync.Mutex
	calls []auditCall
	err   error
}

func (a *fakeAuditor) Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls = append(a.calls, auditCall{action, subjectType, subjectID, before, after, tenant.FromContext(ctx), tx != nil})
	return a.err
}

// take returns and forgets the calls recorded so far.
func (a *fakeAuditor) take() []auditCall {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := a.calls
	a.calls = nil
	return out
}

func actions(calls []auditCall) []string {
	out := make([]string, len(calls))
	for i, c := range calls {
		out[i] = c.Action
	}
	return out
}

// fixture is tenant "acme" (curated) with an operator, a seller and a buyer organization
// and a user per case, a disabled tenant "closed" with one user, and a platform admin.
type fixture struct {
	d       *db.DB
	rdb     *redis.Client
	ropt    *redis.Options
	cfg     Config
	svc     *Service
	audit   *fakeAuditor
	acme    *ent.Tenant
	closed  *ent.Tenant
	orgs    map[string]*ent.Organization // operator, seller, buyer, closed-seller
	users   map[string]*ent.User         // by email local part; "closed" is closed's user
	members map[string]*ent.Membership   // local part + "/" + role
	ips     atomic.Int32
}

func testConfig() Config {
	return Config{
		SessionTTL: time.Hour, LoginPerAccount: 1000, LoginPerIP: 1000, LoginWindow: time.Minute,
		Argon2: cheapArgon2, ViewerCacheTTL: time.Minute,
	}
}

func discardLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func acmeEmail(local string) string { return local + "@acme.example" }

func newFixture(t *testing.T, d *db.DB, tweak func(*Config)) *fixture {
	t.Helper()
	ctx := t.Context()
	rdb, ropt := testenv.Redis(t)
	f := &fixture{d: d, rdb: rdb, ropt: ropt, cfg: testConfig(), audit: &fakeAuditor{},
		orgs: map[string]*ent.Organization{}, users: map[string]*ent.User{}, members: map[string]*ent.Membership{}}
	if tweak != nil {
		tweak(&f.cfg)
	}
	var err error
	if f.svc, err = NewService(d, rdb, f.audit, discardLog(), f.cfg); err != nil {
		t.Fatal(err)
	}
	hash, err := HashPassword(testPassword, cheapArgon2)
	if err != nil {
		t.Fatal(err)
	}
	sys := tenant.SystemContext(ctx, tenant.SystemTest)
	c := d.Client
	f.acme = c.Tenant.Create().SetSlug("acme").SetName("Acme").SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
	f.closed = c.Tenant.Create().SetSlug("closed").SetName("Closed").SetModel("closed_portal").SetDefaultCurrency("EUR").
		SetDisabled(true).SaveX(sys)
	in := func(tn *ent.Tenant) context.Context {
		return tenant.NewContext(ctx, &tenant.Viewer{TenantID: tn.ID, TenantSlug: tn.Slug, System: tenant.SystemTest})
	}
	acme, closed := in(f.acme), in(f.closed)
	for _, o := range []struct {
		key, kind string
		tctx      context.Context
	}{{"operator", "operator", acme}, {"seller", "seller", acme}, {"buyer", "buyer", acme}, {"closed-seller", "seller", closed}} {
		f.orgs[o.key] = c.Organization.Create().SetKind(organization.Kind(o.kind)).SetLegalName(o.key + " GmbH").
			SetCountry("DE").SaveX(o.tctx)
	}
	for _, u := range []struct {
		local    string
		tctx     context.Context
		email    string
		disabled bool
		grants   [][2]string // org key, role
	}{
		{"admin", acme, "", false, [][2]string{{"operator", "marketplace_admin"}}},
		{"seller-admin", acme, "", false, [][2]string{{"seller", "seller_admin"}}},
		{"catalog", acme, "", false, [][2]string{{"seller", "seller_catalog"}}},
		{"buyer-admin", acme, "", false, [][2]string{{"buyer", "buyer_admin"}}},
		{"multi", acme, "", false, [][2]string{{"seller", "seller_ops"}, {"buyer", "buyer_purchaser"}}},
		{"disabled", acme, "", true, [][2]string{{"buyer", "buyer_approver"}}},
		{"closed", closed, "user@closed.example", false, [][2]string{{"closed-seller", "seller_admin"}}},
	} {
		email := u.email
		if email == "" {
			email = acmeEmail(u.local)
		}
		f.users[u.local] = c.User.Create().SetEmail(email).SetPasswordHash(hash).SetDisabled(u.disabled).SaveX(u.tctx)
		for _, g := range u.grants {
			f.members[u.local+"/"+g[1]] = c.Membership.Create().SetUserID(f.users[u.local].ID).
				SetOrganizationID(f.orgs[g[0]].ID).SetRole(membership.Role(g[1])).SaveX(u.tctx)
		}
	}
	c.PlatformAdmin.Create().SetEmail("root@platform.example").SetPasswordHash(hash).ExecX(sys)
	return f
}

// nextIP gives every login its own client address, so per-IP limits only bite where a
// test means them to.
func (f *fixture) nextIP() string {
	n := f.ips.Add(1)
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

func (f *fixture) login(t *testing.T, svc *Service, local string) string {
	t.Helper()
	tok, err := svc.Login(t.Context(), LoginInput{Tenant: "acme", Email: acmeEmail(local), Password: testPassword, IP: f.nextIP()})
	if err != nil {
		t.Fatalf("login %s: %v", local, err)
	}
	return tok.AccessToken
}

// as logs local in and returns a context carrying the viewer its token resolves to.
func (f *fixture) as(t *testing.T, local string) context.Context {
	t.Helper()
	v, err := f.svc.Authenticate(t.Context(), f.login(t, f.svc, local))
	if err != nil {
		t.Fatal(err)
	}
	return tenant.NewContext(t.Context(), v)
}

func wantKind(t *testing.T, err error, k problem.Kind) {
	t.Helper()
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != k {
		t.Fatalf("error %v (%T), want problem kind %d", err, err, k)
	}
}

func sortedGrants(g []tenant.Grant) []tenant.Grant {
	g = slices.Clone(g)
	slices.SortFunc(g, func(a, b tenant.Grant) int { return strings.Compare(a.Role, b.Role) })
	return g
}

func TestLogin_TokenAuthenticatesToTheUsersViewer(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		tests := []struct {
			name, tenant, email, local string
			grants                     []tenant.Grant
		}{
			{"one membership", "acme", "seller-admin@acme.example", "seller-admin",
				[]tenant.Grant{{OrganizationID: f.orgs["seller"].ID, Role: "seller_admin"}}},
			{"two memberships", "acme", "multi@acme.example", "multi",
				[]tenant.Grant{{OrganizationID: f.orgs["buyer"].ID, Role: "buyer_purchaser"}, {OrganizationID: f.orgs["seller"].ID, Role: "seller_ops"}}},
			{"tenant and email normalised", "  ACME ", " Catalog@ACME.Example\t", "catalog",
				[]tenant.Grant{{OrganizationID: f.orgs["seller"].ID, Role: "seller_catalog"}}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.audit.take()
				before := time.Now().Add(-time.Second)
				tok, err := f.svc.Login(t.Context(), LoginInput{Tenant: tt.tenant, Email: tt.email, Password: testPassword,
					IP: "192.0.2.10", UserAgent: "test"})
				if err != nil {
					t.Fatal(err)
				}
				if !sessionRE.MatchString(tok.AccessToken) || tok.ExpiresIn != time.Hour {
					t.Errorf("token %q expires in %v", tok.AccessToken, tok.ExpiresIn)
				}
				v, err := f.svc.Authenticate(t.Context(), tok.AccessToken)
				if err != nil {
					t.Fatal(err)
				}
				u := f.users[tt.local]
				if v.TenantID != f.acme.ID || v.TenantSlug != "acme" || v.Model != tenant.ModelCurated ||
					v.UserID != u.ID || v.APIKeyID != uuid.Nil || v.PlatformAdmin || v.System != "" {
					t.Errorf("viewer %+v, want user %s of acme", v, u.ID)
				}
				if got := sortedGrants(v.Grants); !slices.Equal(got, tt.grants) {
					t.Errorf("grants %v, want %v", got, tt.grants)
				}
				calls := f.audit.take()
				if len(calls) != 1 || calls[0].Action != "auth.login" || calls[0].SubjectType != "session" || !calls[0].InTx ||
					calls[0].Viewer.UserID != u.ID || calls[0].Viewer.TenantID != f.acme.ID {
					t.Fatalf("audit %+v, want one auth.login by the user in acme", calls)
				}
				sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
				sess, err := d.Client.Session.Query().Where(session.TokenHash(hashToken(tok.AccessToken))).Only(sys)
				if err != nil {
					t.Fatalf("session row: %v", err)
				}
				if sess.ID.String() != calls[0].SubjectID || sess.UserID != u.ID || sess.TenantID != f.acme.ID ||
					sess.IP != "192.0.2.10" || sess.UserAgent != "test" {
					t.Errorf("session %+v", sess)
				}
				if got := d.Client.User.GetX(sys, u.ID).LastLoginAt; got == nil || got.Before(before) {
					t.Errorf("last_login_at = %v, want set by this login", got)
				}
			})
		}
		t.Run("platform admin", func(t *testing.T) {
			tok, err := f.svc.Login(t.Context(), LoginInput{Tenant: "Platform", Email: "ROOT@platform.example", Password: testPassword})
			if err != nil {
				t.Fatal(err)
			}
			if !platformRE.MatchString(tok.AccessToken) {
				t.Errorf("platform token %q", tok.AccessToken)
			}
			v, err := f.svc.Authenticate(t.Context(), tok.AccessToken)
			if err != nil {
				t.Fatal(err)
			}
			if !v.PlatformAdmin || v.HasTenant() || len(v.Grants) != 0 {
				t.Errorf("viewer %+v, want a platform admin without tenant", v)
			}
		})
	})
}

func TestLoginInput_Validate(t *testing.T) {
	tests := []struct {
		name         string
		in           LoginInput
		tenant       string
		email        string
		wantInvalid  []string
		passwordKept string
	}{
		{"normalises case and space", LoginInput{Tenant: " Demo-Curated ", Email: "\tBuyer_Admin@Demo.Example  ", Password: " pw "},
			"demo-curated", "buyer_admin@demo.example", nil, " pw "},
		{"all missing", LoginInput{Tenant: "  ", Email: " "}, "", "", []string{"/tenant", "/email", "/password"}, ""},
		{"password missing", LoginInput{Tenant: "a", Email: "b@c.example"}, "a", "b@c.example", []string{"/password"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in
			err := in.Validate()
			if in.Tenant != tt.tenant || in.Email != tt.email || in.Password != tt.passwordKept {
				t.Errorf("normalised to %q %q %q, want %q %q %q", in.Tenant, in.Email, in.Password, tt.tenant, tt.email, tt.passwordKept)
			}
			if tt.wantInvalid == nil {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				return
			}
			var pe *problem.Error
			if !errors.As(err, &pe) || pe.Kind != problem.KindValidation {
				t.Fatalf("Validate = %v, want a validation problem", err)
			}
			var fields []string
			for _, fe := range pe.Fields {
				fields = append(fields, fe.Field)
			}
			if !slices.Equal(fields, tt.wantInvalid) {
				t.Errorf("invalid fields %v, want %v", fields, tt.wantInvalid)
			}
		})
	}
}

func TestLogin_BadCredentialsAllGetTheSameAnswer(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		tests := []struct {
			name                    string
			tenant, email, password string
			auditFailure            bool // an existing user: auth.login_failed is recorded
		}{
			{"wrong password", "acme", "seller-admin@acme.example", "not the password", true},
			{"unknown user", "acme", "nobody@acme.example", testPassword, false},
			{"user of another tenant", "acme", "user@closed.example", testPassword, false},
			{"unknown tenant", "nowhere", "seller-admin@acme.example", testPassword, false},
			{"disabled user", "acme", "disabled@acme.example", testPassword, true},
			{"disabled tenant", "closed", "user@closed.example", testPassword, true},
			{"platform wrong password", "platform", "root@platform.example", "not the password", false},
			{"platform unknown admin", "platform", "seller-admin@acme.example", testPassword, false},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.audit.take()
				tok, err := f.svc.Login(t.Context(), LoginInput{Tenant: tt.tenant, Email: tt.email, Password: tt.password, IP: f.nextIP()})
				if tok != nil {
					t.Fatalf("token issued: %+v", tok)
				}
				if err == nil || err.Error() != errBadCredentials.Error() {
					t.Fatalf("error %v, want exactly %q", err, errBadCredentials.Error())
				}
				wantKind(t, err, problem.KindUnauthorized)
				calls := f.audit.take()
				if tt.auditFailure {
					if len(calls) != 1 || calls[0].Action != "auth.login_failed" || calls[0].SubjectType != "user" {
						t.Errorf("audit %+v, want one auth.login_failed", calls)
					}
				} else if len(calls) != 0 {
					t.Errorf("audit %+v, want none", calls)
				}
			})
		}
		n, err := d.Client.Session.Query().Count(tenant.SystemContext(t.Context(), tenant.SystemTest))
		if err != nil || n != 0 {
			t.Errorf("%d sessions (%v) after failed logins", n, err)
		}
	})
}

func TestLogin_AuditFailureIssuesNoSession(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		f.audit.err = errors.New("audit down")
		if _, err := f.svc.Login(t.Context(), LoginInput{Tenant: "acme", Email: acmeEmail("catalog"), Password: testPassword}); err == nil {
			t.Fatal("login succeeded without its audit event")
		}
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		if n := d.Client.Session.Query().CountX(sys); n != 0 {
			t.Errorf("%d sessions committed", n)
		}
		if u := d.Client.User.GetX(sys, f.users["catalog"].ID); u.LastLoginAt != nil {
			t.Errorf("last_login_at committed: %v", u.LastLoginAt)
		}
	})
}

func TestLogin_RateLimits(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, func(c *Config) { c.LoginPerAccount, c.LoginPerIP = 3, 5 })
		try := func(t *testing.T, local, pw, ip string) error {
			t.Helper()
			_, err := f.svc.Login(t.Context(), LoginInput{Tenant: "acme", Email: acmeEmail(local), Password: pw, IP: ip})
			return err
		}
		wantLimited := func(t *testing.T, err error) {
			t.Helper()
			wantKind(t, err, problem.KindTooManyRequests)
			var pe *problem.Error
			errors.As(err, &pe)
			if pe.RetryAfter <= 0 || pe.RetryAfter > f.cfg.LoginWindow {
				t.Errorf("RetryAfter %v, want in (0, %v]", pe.RetryAfter, f.cfg.LoginWindow)
			}
		}
		t.Run("per account, even with the right password", func(t *testing.T) {
			for range 3 {
				wantKind(t, try(t, "catalog", "wrong", f.nextIP()), problem.KindUnauthorized)
			}
			wantLimited(t, try(t, "catalog", testPassword, f.nextIP()))
			// The email is normalised before it is counted.
			_, err := f.svc.Login(t.Context(), LoginInput{Tenant: "ACME", Email: " CATALOG@acme.example", Password: testPassword, IP: f.nextIP()})
			wantLimited(t, err)
			if err := try(t, "buyer-admin", testPassword, f.nextIP()); err != nil {
				t.Errorf("another account is limited too: %v", err)
			}
		})
		t.Run("per account resets on success", func(t *testing.T) {
			for range 2 {
				wantKind(t, try(t, "multi", "wrong", f.nextIP()), problem.KindUnauthorized)
			}
			if err := try(t, "multi", testPassword, f.nextIP()); err != nil {
				t.Fatal(err)
			}
			for range 3 {
				wantKind(t, try(t, "multi", "wrong", f.nextIP()), problem.KindUnauthorized)
			}
			wantLimited(t, try(t, "multi", testPassword, f.nextIP()))
		})
		t.Run("per IP across accounts", func(t *testing.T) {
			ip := "203.0.113.7"
			for i := range 5 {
				wantKind(t, try(t, fmt.Sprintf("nobody%d", i), "wrong", ip), problem.KindUnauthorized)
			}
			wantLimited(t, try(t, "seller-admin", testPassword, ip))
			if err := try(t, "seller-admin", testPassword, "203.0.113.8"); err != nil {
				t.Errorf("another IP is limited too: %v", err)
			}
		})
		t.Run("per IP is not reset by a success", func(t *testing.T) {
			// Otherwise one valid account would let an address guess without limit.
			ip := "203.0.113.9"
			for i := range 4 {
				wantKind(t, try(t, fmt.Sprintf("nobody%d", i), "wrong", ip), problem.KindUnauthorized)
			}
			if err := try(t, "buyer-admin", testPassword, ip); err != nil {
				t.Fatal(err)
			}
			wantLimited(t, try(t, "buyer-admin", testPassword, ip))
		})
		t.Run("window expiry lifts the limit", func(t *testing.T) {
			wantLimited(t, try(t, "catalog", testPassword, f.nextIP())) // still, from the first subtest
			if err := f.rdb.PExpire(t.Context(), accountKey("acme", acmeEmail("catalog")), time.Millisecond).Err(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(20 * time.Millisecond)
			if err := try(t, "catalog", testPassword, f.nextIP()); err != nil {
				t.Errorf("still limited after the window: %v", err)
			}
		})
	})
}

func TestLogout_RevokesTheSession(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		tok, other := f.login(t, f.svc, "seller-admin"), f.login(t, f.svc, "seller-admin")
		v, err := f.svc.Authenticate(t.Context(), tok) // now cached
		if err != nil {
			t.Fatal(err)
		}
		ctx := tenant.NewContext(t.Context(), v)
		f.audit.take()
		if err := f.svc.Logout(ctx, tok); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.Authenticate(t.Context(), tok)
		wantKind(t, err, problem.KindUnauthorized)
		if _, err := f.svc.Authenticate(t.Context(), other); err != nil {
			t.Errorf("the user's other session was revoked too: %v", err)
		}
		calls := f.audit.take()
		if len(calls) != 1 || calls[0].Action != "auth.logout" || calls[0].SubjectID != f.users["seller-admin"].ID.String() {
			t.Errorf("audit %+v, want one auth.logout of the user", calls)
		}
		if err := f.svc.Logout(ctx, tok); err != nil {
			t.Errorf("second logout: %v", err)
		}
		if calls := f.audit.take(); len(calls) != 0 {
			t.Errorf("second logout audited again: %v", actions(calls))
		}
		wantKind(t, f.svc.Logout(ctx, "mfk_abcdefgh_secret"), problem.KindValidation)
	})
}

func TestRevokeAllSessions_RevokesOnlyTheUsersSessions(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		a, b := f.login(t, f.svc, "buyer-admin"), f.login(t, f.svc, "buyer-admin")
		other := f.login(t, f.svc, "multi")
		v, err := f.svc.Authenticate(t.Context(), a)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Authenticate(t.Context(), b); err != nil {
			t.Fatal(err)
		}
		f.audit.take()
		n, err := f.svc.RevokeAllSessions(tenant.NewContext(t.Context(), v))
		if err != nil || n != 2 {
			t.Fatalf("RevokeAllSessions = %d, %v; want 2", n, err)
		}
		for _, tok := range []string{a, b} {
			_, err := f.svc.Authenticate(t.Context(), tok)
			wantKind(t, err, problem.KindUnauthorized)
		}
		if _, err := f.svc.Authenticate(t.Context(), other); err != nil {
			t.Errorf("another user's session was revoked: %v", err)
		}
		calls := f.audit.take()
		if len(calls) != 1 || calls[0].Action != "auth.revoke_all" || calls[0].SubjectID != v.UserID.String() ||
			fmt.Sprint(calls[0].After) != "map[sessions:2]" {
			t.Errorf("audit %+v, want auth.revoke_all of 2 sessions", calls)
		}
		for name, ctx := range map[string]context.Context{
			"api key":   tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: f.acme.ID, APIKeyID: uuid.New()}),
			"platform":  tenant.NewContext(t.Context(), &tenant.Viewer{PlatformAdmin: true, UserID: uuid.New()}),
			"no viewer": t.Context(),
		} {
			if _, err := f.svc.RevokeAllSessions(ctx); !problem.Is(err, problem.KindForbidden) {
				t.Errorf("%s: RevokeAllSessions = %v, want forbidden", name, err)
			}
		}
	})
}

func TestAPIKeys_CreateAuthenticateRevoke(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		seller, buyer, operator := f.orgs["seller"].ID, f.orgs["buyer"].ID, f.orgs["operator"].ID
		ctxs := map[string]context.Context{}
		for _, u := range []string{"admin", "seller-admin", "catalog"} {
			ctxs[u] = f.as(t, u)
		}
		future := time.Now().Add(time.Hour)
		past := time.Now().Add(-time.Hour)
		tests := []struct {
			name  string
			actor string
			in    CreateAPIKeyInput
			want  problem.Kind // KindInternal: success
		}{
			{"own role in own org", "seller-admin", CreateAPIKeyInput{Name: " erp ", OrganizationID: seller, Role: "seller_admin"}, problem.KindInternal},
			{"with expiry", "catalog", CreateAPIKeyInput{Name: "feed", OrganizationID: seller, Role: "seller_catalog", ExpiresAt: &future}, problem.KindInternal},
			{"admin issues any", "admin", CreateAPIKeyInput{Name: "ops", OrganizationID: buyer, Role: "buyer_purchaser"}, problem.KindInternal},
			{"role not held", "catalog", CreateAPIKeyInput{Name: "x", OrganizationID: seller, Role: "seller_admin"}, problem.KindForbidden},
			{"higher role in own org", "seller-admin", CreateAPIKeyInput{Name: "x", OrganizationID: seller, Role: "seller_ops"}, problem.KindForbidden},
			{"role held elsewhere", "seller-admin", CreateAPIKeyInput{Name: "x", OrganizationID: buyer, Role: "seller_admin"}, problem.KindForbidden},
			{"operator role", "seller-admin", CreateAPIKeyInput{Name: "x", OrganizationID: operator, Role: "marketplace_admin"}, problem.KindForbidden},
			{"not a role", "admin", CreateAPIKeyInput{Name: "x", OrganizationID: seller, Role: "root"}, problem.KindValidation},
			{"no name", "seller-admin", CreateAPIKeyInput{Name: "  ", OrganizationID: seller, Role: "seller_admin"}, problem.KindValidation},
			{"expired", "seller-admin", CreateAPIKeyInput{Name: "x", OrganizationID: seller, Role: "seller_admin", ExpiresAt: &past}, problem.KindValidation},
			{"no organization", "admin", CreateAPIKeyInput{Name: "x", Role: "seller_admin"}, problem.KindValidation},
			{"another tenant's organization", "admin", CreateAPIKeyInput{Name: "x", OrganizationID: f.orgs["closed-seller"].ID, Role: "seller_admin"}, problem.KindValidation},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.audit.take()
				ctx := ctxs[tt.actor]
				got, err := f.svc.CreateAPIKey(ctx, tt.in)
				if tt.want != problem.KindInternal {
					wantKind(t, err, tt.want)
					if calls := f.audit.take(); len(calls) != 0 {
						t.Errorf("refused key audited: %v", actions(calls))
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				m := apiKeyRE.FindStringSubmatch(got.Secret)
				if m == nil || m[1] != got.Key.Prefix || got.Key.Name != strings.TrimSpace(tt.in.Name) ||
					got.Key.CreatedBy != tenant.FromContext(ctx).UserID || string(got.Key.Role) != tt.in.Role {
					t.Errorf("created %+v with secret %q", got.Key, got.Secret)
				}
				if string(got.Key.KeyHash) != string(hashToken(got.Secret)) {
					t.Error("stored hash is not sha256 of the secret")
				}
				calls := f.audit.take()
				if len(calls) != 1 || calls[0].Action != "api_key.create" || calls[0].SubjectID != got.Key.ID.String() ||
					strings.Contains(fmt.Sprint(calls[0].After), got.Secret) {
					t.Errorf("audit %+v, want api_key.create without the secret", calls)
				}

				v, err := f.svc.Authenticate(t.Context(), got.Secret)
				if err != nil {
					t.Fatal(err)
				}
				wantGrants := []tenant.Grant{{OrganizationID: tt.in.OrganizationID, Role: tt.in.Role}}
				if v.APIKeyID != got.Key.ID || v.UserID != uuid.Nil || v.TenantID != f.acme.ID || v.TenantSlug != "acme" ||
					!slices.Equal(v.Grants, wantGrants) {
					t.Errorf("viewer %+v, want key %s with grants %v", v, got.Key.ID, wantGrants)
				}
				sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
				if k := d.Client.APIKey.GetX(sys, got.Key.ID); k.LastUsedAt == nil {
					t.Error("last_used_at not set")
				}

				// A member of another organization cannot see the key to revoke it.
				if tt.in.OrganizationID != seller {
					wantKind(t, f.svc.RevokeAPIKey(ctxs["seller-admin"], got.Key.ID), problem.KindNotFound)
				}
				if err := f.svc.RevokeAPIKey(ctx, got.Key.ID); err != nil {
					t.Fatal(err)
				}
				_, err = f.svc.Authenticate(t.Context(), got.Secret)
				wantKind(t, err, problem.KindUnauthorized)
				if err := f.svc.RevokeAPIKey(ctx, got.Key.ID); err != nil {
					t.Errorf("revoking twice: %v", err)
				}
				if a := actions(f.audit.take()); !slices.Equal(a, []string{"api_key.revoke"}) {
					t.Errorf("audit %v, want one api_key.revoke", a)
				}
			})
		}
		t.Run("key viewer cannot issue keys", func(t *testing.T) {
			k, err := f.svc.CreateAPIKey(ctxs["seller-admin"], CreateAPIKeyInput{Name: "k", OrganizationID: seller, Role: "seller_admin"})
			if err != nil {
				t.Fatal(err)
			}
			v, err := f.svc.Authenticate(t.Context(), k.Secret)
			if err != nil {
				t.Fatal(err)
			}
			_, err = f.svc.CreateAPIKey(tenant.NewContext(t.Context(), v), CreateAPIKeyInput{Name: "k2", OrganizationID: seller, Role: "seller_admin"})
			wantKind(t, err, problem.KindForbidden)
		})
		t.Run("unknown and malformed secrets", func(t *testing.T) {
			for _, s := range []string{"", "mfk_", "mfk_abcdefgh_" + strings.Repeat("A", 43), "Bearer x", "mfs_nope", "mfp_nope"} {
				_, err := f.svc.Authenticate(t.Context(), s)
				if err == nil || err.Error() != errBadToken.Error() {
					t.Errorf("Authenticate(%q) = %v, want %q", s, err, errBadToken.Error())
				}
			}
		})
		t.Run("expired key", func(t *testing.T) {
			soon := time.Now().Add(time.Hour)
			k, err := f.svc.CreateAPIKey(ctxs["seller-admin"], CreateAPIKeyInput{Name: "k", OrganizationID: seller, Role: "seller_admin", ExpiresAt: &soon})
			if err != nil {
				t.Fatal(err)
			}
			sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
			d.Client.APIKey.UpdateOneID(k.Key.ID).SetExpiresAt(time.Now().UTC().Add(-time.Minute)).ExecX(sys)
			_, err = f.svc.Authenticate(t.Context(), k.Secret)
			wantKind(t, err, problem.KindUnauthorized)
		})
	})
}

func TestViewerCache_RevocationReachesAnotherReplica(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil) // ViewerCacheTTL is a minute: only the message can evict in time
		rdbB := redis.NewClient(f.ropt)
		t.Cleanup(func() { rdbB.Close() })
		a := f.svc
		b, err := NewService(d, rdbB, f.audit, discardLog(), f.cfg)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		var wg sync.WaitGroup
		for _, s := range []*Service{a, b} {
			wg.Go(func() { _ = s.Run(ctx) })
		}
		t.Cleanup(func() { cancel(); wg.Wait() })
		subscribed(t, a, b)
		subscribed(t, b, a)

		var keyID uuid.UUID

		tests := []struct {
			name   string
			local  string
			cred   func(t *testing.T, vctx context.Context, tok string) string // credential B caches
			revoke func(t *testing.T, vctx context.Context, cred string) error // runs on A
			check  func(v *tenant.Viewer, err error) bool                      // B's answer once revoked
		}{
			{"logout", "seller-admin",
				func(t *testing.T, _ context.Context, tok string) string { return tok },
				func(t *testing.T, vctx context.Context, cred string) error { return a.Logout(vctx, cred) },
				func(_ *tenant.Viewer, err error) bool { return problem.Is(err, problem.KindUnauthorized) }},
			{"revoke all sessions", "buyer-admin",
				func(t *testing.T, _ context.Context, tok string) string { return tok },
				func(t *testing.T, vctx context.Context, _ string) error {
					_, err := a.RevokeAllSessions(vctx)
					return err
				},
				func(_ *tenant.Viewer, err error) bool { return problem.Is(err, problem.KindUnauthorized) }},
			{"revoke api key", "seller-admin",
				func(t *testing.T, vctx context.Context, _ string) string {
					k, err := a.CreateAPIKey(vctx, CreateAPIKeyInput{Name: "k", OrganizationID: f.orgs["seller"].ID, Role: "seller_admin"})
					if err != nil {
						t.Fatal(err)
					}
					keyID = k.Key.ID
					return k.Secret
				},
				func(t *testing.T, vctx context.Context, _ string) error { return a.RevokeAPIKey(vctx, keyID) },
				func(_ *tenant.Viewer, err error) bool { return problem.Is(err, problem.KindUnauthorized) }},
			{"membership role change", "catalog",
				func(t *testing.T, _ context.Context, tok string) string { return tok },
				func(t *testing.T, _ context.Context, _ string) error {
					_, err := a.UpdateMembershipRole(f.as(t, "admin"), f.members["catalog/seller_catalog"].ID, "seller_ops")
					return err
				},
				func(v *tenant.Viewer, err error) bool {
					return err == nil && len(v.Grants) == 1 && v.Grants[0].Role == "seller_ops"
				}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tok := f.login(t, a, tt.local)
				v, err := a.Authenticate(t.Context(), tok)
				if err != nil {
					t.Fatal(err)
				}
				vctx := tenant.NewContext(t.Context(), v)
				cred := tt.cred(t, vctx, tok)
				if _, err := b.Authenticate(t.Context(), cred); err != nil {
					t.Fatal(err)
				}
				if _, cached := b.cache.get(hashToken(cred)); !cached {
					t.Fatal("B did not cache the viewer; the test would prove nothing")
				}
				if err := tt.revoke(t, vctx, cred); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				for {
					v, err := b.Authenticate(t.Context(), cred)
					if tt.check(v, err) {
						break
					}
					if time.Since(start) > time.Second {
						t.Fatalf("B still answers %+v, %v a second after the revocation on A", v, err)
					}
					time.Sleep(10 * time.Millisecond)
				}
			})
		}
	})
}

// subscribed waits until sub's Run receives revocations published by pub.
func subscribed(t *testing.T, pub, sub *Service) {
	t.Helper()
	probe := uuid.New()
	key := []byte("probe:" + probe.String())
	sub.cache.put(key, &tenant.Viewer{UserID: probe}, time.Now().Add(time.Minute))
	for deadline := time.Now().Add(5 * time.Second); ; {
		pub.RevokeCached(t.Context(), probe, uuid.Nil, uuid.Nil)
		time.Sleep(20 * time.Millisecond)
		if _, ok := sub.cache.get(key); !ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("replica never received a revocation")
		}
	}
}

func TestSweepSessions_DeletesOnlyOldRows(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		ctx := t.Context()
		sys := tenant.SystemContext(ctx, tenant.SystemTest)
		now := time.Now().UTC()
		cutoff := now.Add(-24 * time.Hour)
		ago := func(age time.Duration) *time.Time { at := now.Add(-age); return &at }
		type row struct {
			name    string
			tn      *ent.Tenant
			user    string
			expires time.Time
			revoked *time.Time
			swept   bool
		}
		rows := []row{
			{"active", f.acme, "catalog", now.Add(time.Hour), nil, false},
			{"expired recently", f.acme, "catalog", now.Add(-time.Hour), nil, false},
			{"expired long ago", f.acme, "catalog", now.Add(-48 * time.Hour), nil, true},
			{"revoked recently", f.acme, "multi", now.Add(time.Hour), ago(time.Hour), false},
			{"revoked long ago", f.acme, "multi", now.Add(time.Hour), ago(48 * time.Hour), true},
			{"other tenant, expired long ago", f.closed, "closed", now.Add(-30 * time.Hour), nil, true},
			{"other tenant, active", f.closed, "closed", now.Add(time.Hour), nil, false},
		}
		for _, r := range rows {
			tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: r.tn.ID, System: tenant.SystemTest})
			d.Client.Session.Create().SetUserID(f.users[r.user].ID).SetTokenHash(hashToken(r.name)).SetUserAgent(r.name).
				SetExpiresAt(r.expires).SetNillableRevokedAt(r.revoked).ExecX(tctx)
		}
		admin := d.Client.PlatformAdmin.Query().OnlyX(sys)
		oldPS := d.Client.PlatformSession.Create().SetAdminID(admin.ID).SetTokenHash(hashToken("p1")).
			SetExpiresAt(now.Add(-25 * time.Hour)).SaveX(sys)
		livePS := d.Client.PlatformSession.Create().SetAdminID(admin.ID).SetTokenHash(hashToken("p2")).
			SetExpiresAt(now.Add(time.Hour)).SetRevokedAt(now.Add(-time.Minute)).SaveX(sys)

		n, err := f.svc.SweepSessions(ctx, cutoff)
		if err != nil || n != 4 {
			t.Fatalf("SweepSessions = %d, %v; want 4", n, err)
		}
		var left []string
		for _, s := range d.Client.Session.Query().Order(ent.Asc(session.FieldUserAgent)).AllX(sys) {
			left = append(left, s.UserAgent)
		}
		var want []string
		for _, r := range rows {
			if !r.swept {
				want = append(want, r.name)
			}
		}
		slices.Sort(want)
		if !slices.Equal(left, want) {
			t.Errorf("sessions left %q, want %q", left, want)
		}
		if d.Client.PlatformSession.Query().Where(platformsession.ID(oldPS.ID)).ExistX(sys) ||
			!d.Client.PlatformSession.Query().Where(platformsession.ID(livePS.ID)).ExistX(sys) {
			t.Error("platform sessions: want the old one swept and the recent one kept")
		}
		if n, err := f.svc.SweepSessions(ctx, cutoff); err != nil || n != 0 {
			t.Errorf("second sweep = %d, %v; want 0", n, err)
		}

		// The cutoff is an instant: its time zone must not move it.
		for _, off := range []int{-5, 5} {
			zone := time.FixedZone(fmt.Sprintf("UTC%+d", off), off*3600)
			tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: f.acme.ID, System: tenant.SystemTest})
			for _, r := range []struct {
				name string
				age  time.Duration
			}{{"26h", 26 * time.Hour}, {"20h", 20 * time.Hour}} {
				d.Client.Session.Create().SetUserID(f.users["catalog"].ID).SetTokenHash(hashToken(zone.String() + r.name)).
					SetUserAgent(zone.String() + " " + r.name).SetExpiresAt(now.Add(-r.age)).ExecX(tctx)
			}
			n, err := f.svc.SweepSessions(ctx, cutoff.In(zone))
			if err != nil || n != 1 {
				t.Errorf("cutoff in %s: swept %d, %v; want only the 26h old session", zone, n, err)
			}
			d.Client.Session.Delete().Where(session.UserAgentHasPrefix(zone.String())).ExecX(sys)
		}
	})
}

func TestUpdateMembershipRole(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d, nil)
		ctxs := map[string]context.Context{}
		for _, u := range []string{"admin", "seller-admin", "catalog", "buyer-admin"} {
			ctxs[u] = f.as(t, u)
		}
		catalog := f.members["catalog/seller_catalog"].ID
		tests := []struct {
			name   string
			actor  string
			id     uuid.UUID
			role   string
			want   problem.Kind // KindInternal: success
			before string       // audited old role; "" when nothing changes
		}{
			{"marketplace admin changes any", "admin", catalog, "seller_ops", problem.KindInternal, "seller_catalog"},
			{"org admin changes own org's member", "seller-admin", catalog, "seller_catalog", problem.KindInternal, "seller_ops"},
			{"same role is a no-op", "seller-admin", catalog, "seller_catalog", problem.KindInternal, ""},
			{"role of another kind", "admin", catalog, "buyer_admin", problem.KindValidation, ""},
			{"operator role in a seller", "seller-admin", catalog, "marketplace_admin", problem.KindValidation, ""},
			{"not a role", "admin", catalog, "pilot", problem.KindValidation, ""},
			{"org admin, another org", "seller-admin", f.members["buyer-admin/buyer_admin"].ID, "buyer_purchaser", problem.KindNotFound, ""},
			{"member but not admin", "catalog", f.members["seller-admin/seller_admin"].ID, "seller_ops", problem.KindForbidden, ""},
			{"org admin, member's other org", "buyer-admin", f.members["multi/seller_ops"].ID, "seller_catalog", problem.KindNotFound, ""},
			{"org admin demotes self", "seller-admin", f.members["seller-admin/seller_admin"].ID, "seller_ops", problem.KindConflict, ""},
			{"another tenant's membership", "admin", f.members["closed/seller_admin"].ID, "seller_ops", problem.KindNotFound, ""},
			{"unknown id", "admin", uuid.New(), "seller_ops", problem.KindNotFound, ""},
		}
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				f.audit.take()
				var roleBefore string
				if m, err := d.Client.Membership.Get(sys, tt.id); err == nil {
					roleBefore = string(m.Role)
				}
				m, err := f.svc.UpdateMembershipRole(ctxs[tt.actor], tt.id, tt.role)
				calls := f.audit.take()
				if tt.want != problem.KindInternal {
					wantKind(t, err, tt.want)
					if len(calls) != 0 {
						t.Errorf("refused change audited: %v", actions(calls))
					}
					if m, err := d.Client.Membership.Get(sys, tt.id); err == nil && string(m.Role) != roleBefore {
						t.Errorf("role changed to %s", m.Role)
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if m.ID != tt.id || string(m.Role) != tt.role || m.Edges.User == nil || m.Edges.Organization == nil {
					t.Errorf("returned %+v", m)
				}
				if got := d.Client.Membership.GetX(sys, tt.id).Role; string(got) != tt.role {
					t.Errorf("stored role %s, want %s", got, tt.role)
				}
				if tt.before == "" {
					if len(calls) != 0 {
						t.Errorf("unchanged role audited: %v", actions(calls))
					}
					return
				}
				if len(calls) != 1 || calls[0].Action != "membership.role_change" || calls[0].SubjectID != tt.id.String() ||
					fmt.Sprint(calls[0].Before.(map[string]any)["role"]) != tt.before ||
					fmt.Sprint(calls[0].After.(map[string]any)["role"]) != tt.role {
					t.Errorf("audit %+v, want membership.role_change %s → %s", calls, tt.before, tt.role)
				}
			})
		}
	})
}
