// Package tenants owns marketplaces: creating one with its model's policy pack, its
// operator organization and first admin, and reading tenant settings.
package tenants

import (
	"context"
	"log/slog"
	"regexp"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// PolicyInstaller writes a marketplace model's policy pack for a new tenant.
type PolicyInstaller interface {
	InstallPack(ctx context.Context, tx *ent.Tx, tenantID uuid.UUID, model tenant.Model) error
}

// Auditor records an audit event in the caller's transaction.
type Auditor interface {
	Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error
}

// PasswordHasher hashes a first admin's password.
type PasswordHasher interface {
	SetPassword(pw string) (string, error)
}

// Service creates and lists tenants.
type Service struct {
	db       *db.DB
	policies PolicyInstaller
	audit    Auditor
	hasher   PasswordHasher
	log      *slog.Logger
}

// NewService builds the service.
func NewService(d *db.DB, p PolicyInstaller, a Auditor, h PasswordHasher, log *slog.Logger) *Service {
	return &Service{db: d, policies: p, audit: a, hasher: h, log: log}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]([a-z0-9-]*[a-z0-9])?$`)

// CreateInput opens a marketplace.
type CreateInput struct {
	Slug            string
	Name            string
	Model           string
	DefaultCurrency string
	CommissionBps   int
	OperatorName    string // legal name of the operator organization; defaults to Name
	OperatorCountry string // ISO 3166-1 alpha-2; defaults to "DE"
	AdminEmail      string
	AdminPassword   string
}

// Validate checks every field and reports all problems at once.
func (in *CreateInput) Validate() error {
	var f problem.Fields
	in.Slug = strings.TrimSpace(in.Slug)
	in.AdminEmail = strings.ToLower(strings.TrimSpace(in.AdminEmail))
	if !slugRE.MatchString(in.Slug) || len(in.Slug) > 63 {
		f.Add("/slug", "must be lowercase letters, digits and inner hyphens, at most 63 characters")
	}
	if in.Slug == "platform" {
		f.Add("/slug", "is reserved")
	}
	if strings.TrimSpace(in.Name) == "" {
		f.Add("/name", "is required")
	}
	if _, ok := tenant.ParseModel(in.Model); !ok {
		f.Add("/model", "must be closed_portal, curated or distributor_led")
	}
	if _, err := money.ParseCurrency(in.DefaultCurrency); err != nil {
		f.Add("/default_currency", "must be an ISO 4217 code")
	}
	if in.CommissionBps < 0 || in.CommissionBps > 10000 {
		f.Add("/commission_bps", "must be between 0 and 10000")
	}
	if !strings.Contains(in.AdminEmail, "@") {
		f.Add("/admin_email", "must be an email address")
	}
	if len(in.AdminPassword) < 12 {
		f.Add("/admin_password", "must be at least 12 characters")
	}
	return f.Err("tenant is invalid")
}

// Created is a new marketplace with its operator organization and first admin.
type Created struct {
	Tenant   *ent.Tenant
	Operator *ent.Organization
	Admin    *ent.User
}

// Create opens a marketplace: tenant row, policy pack, operator organization and a
// marketplace_admin user, in one transaction. Callers run in a platform system context.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Created, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	hash, err := s.hasher.SetPassword(in.AdminPassword)
	if err != nil {
		return nil, err
	}
	sys := tenant.SystemContext(ctx, tenant.SystemPlatform)
	if in.OperatorName == "" {
		in.OperatorName = in.Name
	}
	if in.OperatorCountry == "" {
		in.OperatorCountry = "DE"
	}
	level := enttenant.ComplianceLevelStandard
	if in.Model == string(tenant.ModelCurated) {
		level = enttenant.ComplianceLevelHeightened
	}
	baseline, err := PackBaseline(tenant.Model(in.Model))
	if err != nil {
		return nil, err
	}
	out := &Created{}
	err = db.WithTx(sys, s.db.Client, func(tx *ent.Tx) error {
		exists, err := tx.Tenant.Query().Where(enttenant.Slug(in.Slug)).Exist(sys)
		if err != nil {
			return err
		}
		if exists {
			return problem.Conflict("a marketplace with slug %q already exists", in.Slug)
		}
		out.Tenant, err = tx.Tenant.Create().SetSlug(in.Slug).SetName(in.Name).
			SetModel(enttenant.Model(in.Model)).SetDefaultCurrency(strings.ToUpper(in.DefaultCurrency)).
			SetCommissionBps(in.CommissionBps).SetComplianceLevel(level).
			SetSettings(map[string]any{settingPolicyPack: baseline}).Save(sys)
		if err != nil {
			return err
		}
		// From here on act inside the new tenant, so the data layer stamps and scopes it.
		tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: out.Tenant.ID, TenantSlug: in.Slug,
			Model: tenant.Model(in.Model), System: tenant.SystemPlatform})
		if err := s.policies.InstallPack(tctx, tx, out.Tenant.ID, tenant.Model(in.Model)); err != nil {
			return err
		}
		out.Operator, err = tx.Organization.Create().SetKind("operator").SetLegalName(in.OperatorName).
			SetCountry(in.OperatorCountry).SetOnboardingStatus("approved").SetScreeningStatus("clear").Save(tctx)
		if err != nil {
			return err
		}
		out.Admin, err = tx.User.Create().SetEmail(in.AdminEmail).SetName("Marketplace admin").
			SetPasswordHash(hash).Save(tctx)
		if err != nil {
			return err
		}
		if err := tx.Membership.Create().SetUserID(out.Admin.ID).SetOrganizationID(out.Operator.ID).
			SetRole("marketplace_admin").Exec(tctx); err != nil {
			return err
		}
		if _, err := jobs.Enqueue(tctx, tx, jobs.Task{Type: TypeWelcome, Payload: WelcomePayload{
			AdminUserID: out.Admin.ID, AdminEmail: in.AdminEmail,
		}}); err != nil {
			return err
		}
		return s.audit.Record(tctx, tx, "tenant.create", "tenant", out.Tenant.ID.String(), nil,
			map[string]any{"slug": in.Slug, "model": in.Model, "admin": in.AdminEmail})
	})
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "marketplace created", "tenant_id", out.Tenant.ID, "slug", in.Slug, "model", in.Model)
	return out, nil
}

// List returns a page of tenants ordered by id (platform admins only).
func (s *Service) List(ctx context.Context, after uuid.UUID, limit int) ([]*ent.Tenant, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemPlatform)
	q := s.db.Client.Tenant.Query().Order(ent.Asc(enttenant.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(enttenant.IDGT(after))
	}
	return q.All(sys)
}

// BySlug returns the tenant with slug, or a not-found problem.
func (s *Service) BySlug(ctx context.Context, slug string) (*ent.Tenant, error) {
	t, err := s.db.Client.Tenant.Query().Where(enttenant.Slug(slug)).Only(tenant.SystemContext(ctx, tenant.SystemPlatform))
	if ent.IsNotFound(err) {
		return nil, problem.NotFound("no marketplace %q", slug)
	}
	return t, err
}
