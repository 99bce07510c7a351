// Package identity owns users, memberships, sessions, API keys and login: it turns
// credentials into a tenant.Viewer and keeps credentials hashed at rest.
package identity

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/apikey"
	"github.com/manifoldhq/manifold/ent/platformadmin"
	"github.com/manifoldhq/manifold/ent/platformsession"
	"github.com/manifoldhq/manifold/ent/session"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Auditor records an audit event in the caller's transaction.
type Auditor interface {
	Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error
}

// Config holds the identity settings.
type Config struct {
	SessionTTL      time.Duration
	LoginPerAccount int
	LoginPerIP      int
	LoginWindow     time.Duration
	Argon2          Argon2Params
	ViewerCacheTTL  time.Duration // 0 disables the cache
}

// Service logs principals in and authenticates their requests.
type Service struct {
	db      *db.DB
	rdb     redis.UniversalClient
	audit   Auditor
	log     *slog.Logger
	cfg     Config
	limiter *limiter
	cache   *viewerCache
	dummy   string // hash compared against for unknown users, so timing does not tell
}

// NewService builds the service. rdb backs the login rate limit and revocation fan-out.
func NewService(d *db.DB, rdb redis.UniversalClient, a Auditor, log *slog.Logger, cfg Config) (*Service, error) {
	if cfg.Argon2 == (Argon2Params{}) {
		cfg.Argon2 = DefaultArgon2
	}
	dummy, err := HashPassword(randomString(16), cfg.Argon2)
	if err != nil {
		return nil, err
	}
	return &Service{
		db: d, rdb: rdb, audit: a, log: log, cfg: cfg,
		limiter: &limiter{rdb: rdb, window: cfg.LoginWindow},
		cache:   newViewerCache(cfg.ViewerCacheTTL),
		dummy:   dummy,
	}, nil
}

// PlatformTenantSlug is the login "tenant" that addresses platform admins.
const PlatformTenantSlug = "platform"

// LoginInput is a password login.
type LoginInput struct {
	Tenant    string
	Email     string
	Password  string
	IP        string
	UserAgent string
}

// Validate checks the input's shape (not the credentials).
func (in *LoginInput) Validate() error {
	var f problem.Fields
	in.Tenant = strings.ToLower(strings.TrimSpace(in.Tenant))
	in.Email = strings.ToLower(strings.TrimSpace(in.Email))
	if in.Tenant == "" {
		f.Add("/tenant", "is required")
	}
	if in.Email == "" {
		f.Add("/email", "is required")
	}
	if in.Password == "" {
		f.Add("/password", "is required")
	}
	return f.Err("login request is invalid")
}

// Token is an issued bearer token.
type Token struct {
	AccessToken string
	ExpiresIn   time.Duration
}

// errBadCredentials is the one answer for wrong password, unknown user or tenant and
// disabled user: nothing tells them apart.
var errBadCredentials = problem.Unauthorized("invalid credentials")

// Login checks credentials, rate limited per account and per IP, and issues a token.
func (s *Service) Login(ctx context.Context, in LoginInput) (*Token, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if err := s.limiter.hit(ctx, ipKey(in.IP), s.cfg.LoginPerIP); err != nil {
		return nil, err
	}
	if err := s.limiter.hit(ctx, accountKey(in.Tenant, in.Email), s.cfg.LoginPerAccount); err != nil {
		return nil, err
	}
	var (
		tok *Token
		err error
	)
	if in.Tenant == PlatformTenantSlug {
		tok, err = s.loginPlatform(ctx, in)
	} else {
		tok, err = s.loginTenant(ctx, in)
	}
	if err == nil {
		s.limiter.reset(ctx, accountKey(in.Tenant, in.Email))
	}
	return tok, err
}

func (s *Service) loginTenant(ctx context.Context, in LoginInput) (*Token, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	t, err := s.db.Client.Tenant.Query().Where(enttenant.Slug(in.Tenant)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	var u *ent.User
	if t != nil {
		u, err = s.db.Client.User.Query().Where(user.TenantID(t.ID), user.Email(in.Email)).Only(sys)
		if err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
	}
	hash := s.dummy
	if u != nil {
		hash = u.PasswordHash
	}
	ok, verr := VerifyPassword(in.Password, hash)
	if verr != nil {
		s.log.ErrorContext(ctx, "stored password hash is malformed", "user_id", u.ID)
	}
	if u == nil || !ok || u.Disabled || t.Disabled {
		if u != nil {
			s.recordFailure(ctx, t, u)
		}
		return nil, errBadCredentials
	}
	raw := newSessionToken(false)
	now := time.Now().UTC()
	tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model), UserID: u.ID})
	err = db.WithTx(tctx, s.db.Client, func(tx *ent.Tx) error {
		sess, err := tx.Session.Create().SetUserID(u.ID).SetTokenHash(hashToken(raw)).
			SetExpiresAt(now.Add(s.cfg.SessionTTL)).SetIP(trunc(in.IP, 64)).SetUserAgent(trunc(in.UserAgent, 300)).Save(tctx)
		if err != nil {
			return err
		}
		if err := tx.User.UpdateOne(u).SetLastLoginAt(now).Exec(tctx); err != nil {
			return err
		}
		return s.audit.Record(tctx, tx, "auth.login", "session", sess.ID.String(), nil, map[string]any{"ip": in.IP, "user_id": u.ID})
	})
	if err != nil {
		return nil, err
	}
	return &Token{AccessToken: raw, ExpiresIn: s.cfg.SessionTTL}, nil
}

func (s *Service) recordFailure(ctx context.Context, t *ent.Tenant, u *ent.User) {
	tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model), UserID: u.ID})
	err := db.WithTx(tctx, s.db.Client, func(tx *ent.Tx) error {
		return s.audit.Record(tctx, tx, "auth.login_failed", "user", u.ID.String(), nil, map[string]any{"disabled": u.Disabled})
	})
	if err != nil {
		s.log.WarnContext(ctx, "audit of failed login", "err", err)
	}
}

func (s *Service) loginPlatform(ctx context.Context, in LoginInput) (*Token, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	a, err := s.db.Client.PlatformAdmin.Query().Where(platformadmin.Email(in.Email)).Only(sys)
	if err != nil && !ent.IsNotFound(err) {
		return nil, err
	}
	hash := s.dummy
	if a != nil {
		hash = a.PasswordHash
	}
	ok, _ := VerifyPassword(in.Password, hash)
	if a == nil || !ok || a.Disabled {
		return nil, errBadCredentials
	}
	raw := newSessionToken(true)
	err = s.db.Client.PlatformSession.Create().SetAdminID(a.ID).SetTokenHash(hashToken(raw)).
		SetExpiresAt(time.Now().UTC().Add(s.cfg.SessionTTL)).Exec(sys)
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "platform admin login", "admin_id", a.ID)
	return &Token{AccessToken: raw, ExpiresIn: s.cfg.SessionTTL}, nil
}

var errBadToken = problem.Unauthorized("missing, invalid, expired or revoked credentials")

// Authenticate resolves a bearer token (session, platform session or API key) to a
// viewer. Every failure is the same 401.
func (s *Service) Authenticate(ctx context.Context, raw string) (*tenant.Viewer, error) {
	h := hashToken(raw)
	if v, ok := s.cache.get(h); ok {
		return v, nil
	}
	var (
		v   *tenant.Viewer
		exp time.Time
		err error
	)
	switch {
	case strings.HasPrefix(raw, prefixSession):
		v, exp, err = s.authSession(ctx, h)
	case strings.HasPrefix(raw, prefixPlatformSession):
		v, exp, err = s.authPlatform(ctx, h)
	case strings.HasPrefix(raw, prefixAPIKey):
		v, exp, err = s.authAPIKey(ctx, h)
	default:
		return nil, errBadToken
	}
	if err != nil {
		return nil, err
	}
	s.cache.put(h, v, exp)
	return v, nil
}

func (s *Service) authSession(ctx context.Context, h []byte) (*tenant.Viewer, time.Time, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	now := time.Now().UTC()
	sess, err := s.db.Client.Session.Query().
		Where(session.TokenHash(h), session.RevokedAtIsNil(), session.ExpiresAtGT(now)).
		WithUser(func(q *ent.UserQuery) { q.WithMemberships() }).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, time.Time{}, errBadToken
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	u := sess.Edges.User
	if u == nil || u.Disabled {
		return nil, time.Time{}, errBadToken
	}
	t, err := s.db.Client.Tenant.Get(sys, sess.TenantID)
	if err != nil {
		return nil, time.Time{}, err
	}
	if t.Disabled {
		return nil, time.Time{}, errBadToken
	}
	v := &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model), UserID: u.ID}
	for _, m := range u.Edges.Memberships {
		v.Grants = append(v.Grants, tenant.Grant{OrganizationID: m.OrganizationID, Role: string(m.Role)})
	}
	return v, sess.ExpiresAt, nil
}

func (s *Service) authPlatform(ctx context.Context, h []byte) (*tenant.Viewer, time.Time, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	sess, err := s.db.Client.PlatformSession.Query().
		Where(platformsession.TokenHash(h), platformsession.RevokedAtIsNil(), platformsession.ExpiresAtGT(time.Now().UTC())).
		WithAdmin().Only(sys)
	if ent.IsNotFound(err) {
		return nil, time.Time{}, errBadToken
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	if sess.Edges.Admin == nil || sess.Edges.Admin.Disabled {
		return nil, time.Time{}, errBadToken
	}
	return &tenant.Viewer{PlatformAdmin: true, UserID: sess.AdminID}, sess.ExpiresAt, nil
}

func (s *Service) authAPIKey(ctx context.Context, h []byte) (*tenant.Viewer, time.Time, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	now := time.Now().UTC()
	k, err := s.db.Client.APIKey.Query().
		Where(apikey.KeyHash(h), apikey.RevokedAtIsNil(), apikey.Or(apikey.ExpiresAtIsNil(), apikey.ExpiresAtGT(now))).
		Only(sys)
	if ent.IsNotFound(err) {
		return nil, time.Time{}, errBadToken
	}
	if err != nil {
		return nil, time.Time{}, err
	}
	t, err := s.db.Client.Tenant.Get(sys, k.TenantID)
	if err != nil {
		return nil, time.Time{}, err
	}
	if t.Disabled {
		return nil, time.Time{}, errBadToken
	}
	// last_used_at at most once a minute per key, off the request's critical path.
	if k.LastUsedAt == nil || now.Sub(*k.LastUsedAt) > time.Minute {
		if err := s.db.Client.APIKey.UpdateOneID(k.ID).SetLastUsedAt(now).Exec(sys); err != nil {
			s.log.WarnContext(ctx, "api key last_used_at", "err", err)
		}
	}
	exp := now.Add(24 * time.Hour)
	if k.ExpiresAt != nil && k.ExpiresAt.Before(exp) {
		exp = *k.ExpiresAt
	}
	v := &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model), APIKeyID: k.ID,
		Grants: []tenant.Grant{{OrganizationID: k.OrganizationID, Role: string(k.Role)}}}
	return v, exp, nil
}

// Logout revokes the token used for this request.
func (s *Service) Logout(ctx context.Context, raw string) error {
	h := hashToken(raw)
	defer s.revoked(ctx, revocation{TokenHash: h})
	if strings.HasPrefix(raw, prefixPlatformSession) {
		sys := tenant.SystemContext(ctx, tenant.SystemAuth)
		return s.db.Client.PlatformSession.Update().Where(platformsession.TokenHash(h), platformsession.RevokedAtIsNil()).
			SetRevokedAt(time.Now().UTC()).Exec(sys)
	}
	if !strings.HasPrefix(raw, prefixSession) {
		return problem.Validation("only login sessions can be logged out; revoke API keys instead")
	}
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		n, err := tx.Session.Update().Where(session.TokenHash(h), session.RevokedAtIsNil()).
			SetRevokedAt(time.Now().UTC()).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		return s.audit.Record(ctx, tx, "auth.logout", "user", tenant.FromContext(ctx).UserID.String(), nil, nil)
	})
}

// RevokeAllSessions revokes every session of the viewer's user.
func (s *Service) RevokeAllSessions(ctx context.Context) (int, error) {
	v := tenant.FromContext(ctx)
	if v == nil || v.UserID == uuid.Nil || !v.HasTenant() {
		return 0, problem.Forbidden("only users have sessions")
	}
	var n int
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		var err error
		n, err = tx.Session.Update().Where(session.UserID(v.UserID), session.RevokedAtIsNil()).
			SetRevokedAt(time.Now().UTC()).Save(ctx)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "auth.revoke_all", "user", v.UserID.String(), nil, map[string]any{"sessions": n})
	})
	if err == nil {
		s.revoked(ctx, revocation{UserID: v.UserID})
	}
	return n, err
}

// Me is the viewer's own profile.
type Me struct {
	User          *ent.User
	Tenant        *ent.Tenant
	Organizations []*ent.Organization
	Grants        []tenant.Grant
	APIKey        *ent.APIKey
}

// Me loads the viewer's user, tenant and organizations.
func (s *Service) Me(ctx context.Context) (*Me, error) {
	v := tenant.FromContext(ctx)
	if !v.HasTenant() {
		return nil, problem.NotFound("platform admins have no tenant profile")
	}
	t, err := s.db.Client.Tenant.Get(ctx, v.TenantID)
	if err != nil {
		return nil, fmt.Errorf("load tenant: %w", err)
	}
	me := &Me{Tenant: t, Grants: v.Grants}
	if v.UserID != uuid.Nil {
		if me.User, err = s.db.Client.User.Get(ctx, v.UserID); err != nil {
			return nil, fmt.Errorf("load user: %w", err)
		}
	} else if me.APIKey, err = s.db.Client.APIKey.Get(ctx, v.APIKeyID); err != nil {
		return nil, fmt.Errorf("load api key: %w", err)
	}
	if ids := v.OrganizationIDs(); len(ids) > 0 {
		me.Organizations, err = s.db.Client.Organization.Query().Where(orgIDIn(ids)).All(ctx)
		if err != nil {
			return nil, err
		}
	}
	return me, nil
}

// SetPassword hashes pw for storage (used by the seeder and user management).
func (s *Service) SetPassword(pw string) (string, error) {
	if len(pw) < 12 {
		return "", problem.Validation("password too short", problem.Field("/password", "must be at least 12 characters"))
	}
	return HashPassword(pw, s.cfg.Argon2)
}

func trunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// SweepSessions deletes sessions that expired or were revoked before cutoff, in every
// tenant (a periodic platform job).
func (s *Service) SweepSessions(ctx context.Context, cutoff time.Time) (int, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemJobs)
	// SQLite compares times as text, so a cutoff in another zone would move.
	cutoff = cutoff.UTC()
	n, err := s.db.Client.Session.Delete().Where(session.Or(session.ExpiresAtLT(cutoff), session.RevokedAtLT(cutoff))).Exec(sys)
	if err != nil {
		return 0, err
	}
	m, err := s.db.Client.PlatformSession.Delete().
		Where(platformsession.Or(platformsession.ExpiresAtLT(cutoff), platformsession.RevokedAtLT(cutoff))).Exec(sys)
	return n + m, err
}

// CreatePlatformAdmin adds a platform admin (the operator of Manifold itself).
func (s *Service) CreatePlatformAdmin(ctx context.Context, email, name, password string) (*ent.PlatformAdmin, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	var f problem.Fields
	if !strings.Contains(email, "@") {
		f.Add("email", "must be an email address")
	}
	if len(password) < 12 {
		f.Add("password", "must be at least 12 characters")
	}
	if err := f.Err("platform admin is invalid"); err != nil {
		return nil, err
	}
	hash, err := HashPassword(password, s.cfg.Argon2)
	if err != nil {
		return nil, err
	}
	sys := tenant.SystemContext(ctx, tenant.SystemPlatform)
	a, err := s.db.Client.PlatformAdmin.Create().SetEmail(email).SetName(name).SetPasswordHash(hash).Save(sys)
	if ent.IsConstraintError(err) {
		return nil, problem.Conflict("a platform admin %s already exists", email)
	}
	if err == nil {
		s.log.InfoContext(ctx, "platform admin created", "admin_id", a.ID, "email", email)
	}
	return a, err
}
