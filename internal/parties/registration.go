package parties

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Onboarded kinds: the operator organization comes with the marketplace.
var onboardedKinds = []string{"seller", "buyer", "distributor"}

func validKind(k string) bool { return slices.Contains(onboardedKinds, k) }

// mayRegister asks the tenant's policy whether an organization of kind registers
// itself in this marketplace: whether its admin role holds organization:register (the
// curated pack lets sellers, buyers and distributors register; closed portals and
// distributor-led marketplaces let sellers register and invite the others).
func (s *Service) mayRegister(ctx context.Context, tenantID uuid.UUID, model tenant.Model, kind string) bool {
	v := &tenant.Viewer{TenantID: tenantID, Model: model, Grants: []tenant.Grant{{Role: kind + "_admin"}}}
	return s.allowed(ctx, v, "organization", "register")
}

// RegisterInput registers a company for the calling user, who becomes its admin.
type RegisterInput struct {
	Kind    string
	Company Company
}

// Validate checks the kind and the company data, all at once.
func (in *RegisterInput) Validate() error {
	var f problem.Fields
	if !validKind(in.Kind) {
		f.Add("/kind", "must be seller, buyer or distributor")
	}
	if err := in.Company.Validate(""); err != nil {
		var pe *problem.Error
		if errors.As(err, &pe) {
			f = append(f, pe.Fields...)
		}
	}
	return f.Err("registration is invalid")
}

// Register creates a draft organization for the calling user, who becomes its
// <kind>_admin, in marketplaces whose policy lets that kind register. The user's cached
// credentials are dropped so the new membership applies at once.
func (s *Service) Register(ctx context.Context, in RegisterInput) (*ent.Organization, error) {
	v := tenant.FromContext(ctx)
	if v.UserID == uuid.Nil {
		return nil, problem.Forbidden("registering a company needs a user, not an API key")
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	if !s.mayRegister(ctx, v.TenantID, v.Model, in.Kind) {
		return nil, problem.Forbidden("a %s does not register itself in this marketplace; ask the operator for an invitation", in.Kind)
	}
	var out *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		var err error
		out, err = s.createOrg(ctx, tx, in.Kind, in.Company, v.UserID, false, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.deps.Revoker.RevokeCached(ctx, v.UserID, uuid.Nil, uuid.Nil)
	return out, nil
}

// createOrg inserts a draft organization with its admin membership and audits it.
func (s *Service) createOrg(ctx context.Context, tx *ent.Tx, kind string, c Company, adminID uuid.UUID,
	invited bool, invitedBy *uuid.UUID,
) (*ent.Organization, error) {
	o, err := tx.Organization.Create().SetKind(organization.Kind(kind)).SetLegalName(c.LegalName).
		SetCountry(c.Country).SetVatNumber(c.VATNumber).SetEori(c.EORI).SetLei(c.LEI).
		SetRegistrationNumber(c.RegistrationNumber).SetAddresses(c.Addresses).SetBankIban(c.BankIBAN).
		SetStripeAccountID(c.StripeAccountID).SetBeneficialOwners(c.BeneficialOwners).SetInvited(invited).SetNillableInvitedBy(invitedBy).Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := tx.Membership.Create().SetUserID(adminID).SetOrganizationID(o.ID).
		SetRole(membership.Role(kind + "_admin")).Exec(ctx); err != nil {
		return nil, err
	}
	after := map[string]any{"kind": kind, "legal_name": o.LegalName, "country": o.Country,
		"onboarding_status": o.OnboardingStatus, "admin_user_id": adminID, "invited": invited}
	if invitedBy != nil {
		after["invited_by"] = *invitedBy
	}
	if err := s.deps.Audit.Record(ctx, tx, "organization.register", "organization", o.ID.String(), nil, after); err != nil {
		return nil, err
	}
	return o, nil
}

// SignUpInput is a public self-registration: a company and its first user.
type SignUpInput struct {
	Tenant        string
	Kind          string
	Company       Company
	AdminEmail    string
	AdminPassword string
	AdminName     string
	IP            string
}

// Validate checks every field at once.
func (in *SignUpInput) Validate() error {
	var f problem.Fields
	in.Tenant = strings.ToLower(strings.TrimSpace(in.Tenant))
	in.AdminEmail = strings.ToLower(strings.TrimSpace(in.AdminEmail))
	in.AdminName = strings.Join(strings.Fields(in.AdminName), " ")
	if in.Tenant == "" {
		f.Add("/tenant", "is required")
	}
	reg := RegisterInput{Kind: in.Kind, Company: in.Company}
	if err := reg.Validate(); err != nil {
		var pe *problem.Error
		if errors.As(err, &pe) {
			f = append(f, pe.Fields...)
		}
	}
	in.Company = reg.Company
	if !emailLike(in.AdminEmail) {
		f.Add("/admin_email", "must be an email address")
	}
	if len(in.AdminPassword) < 12 {
		f.Add("/admin_password", "must be at least 12 characters")
	}
	if len([]rune(in.AdminName)) > 200 || !printable(in.AdminName) {
		f.Add("/admin_name", "must be at most 200 printable characters")
	}
	return f.Err("registration is invalid")
}

func emailLike(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-3 && strings.Contains(s[at:], ".") && len(s) <= 254 &&
		!strings.ContainsAny(s, " \t\r\n")
}

// SignedUp is a new organization with its first user.
type SignedUp struct {
	Organization *ent.Organization
	User         *ent.User
}

// errNoMarketplace answers an unknown or disabled marketplace slug.
var errNoMarketplace = problem.NotFound("marketplace not found")

// SignUp registers a company and its admin user in one transaction, for the kinds the
// marketplace lets register themselves. It is public: rate limited per client IP like
// login. An email that already has an account in the marketplace is a conflict (that
// user logs in and registers the company with Register).
func (s *Service) SignUp(ctx context.Context, in SignUpInput) (*SignedUp, error) {
	if err := s.deps.Throttle.Throttle(ctx, "signup:"+in.IP, s.cfg.PublicPerIP); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	t, tctx, err := s.publicTenant(ctx, in.Tenant)
	if err != nil {
		return nil, err
	}
	if !s.mayRegister(ctx, t.ID, tenant.Model(t.Model), in.Kind) {
		return nil, problem.Forbidden("a %s does not register itself in this marketplace; ask the operator for an invitation", in.Kind)
	}
	hash, err := s.deps.Passwords.SetPassword(in.AdminPassword)
	if err != nil {
		return nil, err
	}
	out := &SignedUp{}
	err = db.WithTx(tctx, s.db.Client, func(tx *ent.Tx) error {
		exists, err := tx.User.Query().Where(user.Email(in.AdminEmail)).Exist(tctx)
		if err != nil {
			return err
		}
		if exists {
			return problem.Conflict("an account with this email already exists in the marketplace: " +
				"log in and register the company with POST /api/v1/organizations")
		}
		if out.User, err = tx.User.Create().SetEmail(in.AdminEmail).SetName(in.AdminName).SetPasswordHash(hash).Save(tctx); err != nil {
			return err
		}
		uctx := asUser(tctx, out.User.ID)
		out.Organization, err = s.createOrg(uctx, tx, in.Kind, in.Company, out.User.ID, false, nil)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "organization signed up", "tenant_id", t.ID, "organization_id", out.Organization.ID, "kind", in.Kind)
	return out, nil
}

// publicTenant finds an enabled marketplace by slug for a public endpoint and returns
// a context acting inside it (no user yet).
func (s *Service) publicTenant(ctx context.Context, slug string) (*ent.Tenant, context.Context, error) {
	// Credential-less lookup of the marketplace, as login does.
	sys := tenant.SystemContext(ctx, tenant.SystemAuth)
	t, err := s.db.Client.Tenant.Query().Where(enttenant.Slug(slug)).Only(sys)
	if ent.IsNotFound(err) || (err == nil && t.Disabled) {
		return nil, nil, errNoMarketplace
	}
	if err != nil {
		return nil, nil, err
	}
	return t, tenant.NewContext(ctx, &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model)}), nil
}

// asUser returns tctx acting as user id of the same tenant (for the audit's actor).
func asUser(tctx context.Context, id uuid.UUID) context.Context {
	v := *tenant.FromContext(tctx)
	v.UserID = id
	return tenant.NewContext(tctx, &v)
}
