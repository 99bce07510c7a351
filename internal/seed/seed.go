// Package seed loads the demo marketplaces of DESIGN.md §7: one per marketplace model,
// with a user for every role (password "manifold-demo"). It is deterministic and
// idempotent: marketplaces that already exist are left alone.
package seed

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/platformadmin"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// DemoPassword is every demo user's password.
const DemoPassword = "manifold-demo"

// PlatformAdminEmail logs in with tenant "platform".
const PlatformAdminEmail = "platform_admin@platform.example"

type org struct {
	kind, name, country string
	roles               []string
	invited             bool
}

// Marketplace describes one demo marketplace.
type Marketplace struct {
	Slug, Name, Model, Currency string
	CommissionBps               int
	orgs                        []org
}

var operatorRoles = []string{"marketplace_admin", "compliance_officer", "ops_agent"}
var sellerRoles = []string{"seller_admin", "seller_catalog", "seller_ops"}
var buyerRoles = []string{"buyer_admin", "buyer_purchaser", "buyer_approver"}
var distributorRoles = []string{"distributor_admin", "distributor_ops"}

// Demo is the list of demo marketplaces.
var Demo = []Marketplace{
	{
		Slug: "demo-curated", Name: "Northwind Curated Exchange", Model: "curated", Currency: "EUR", CommissionBps: 800,
		orgs: []org{
			{"operator", "Northwind Exchange GmbH", "DE", operatorRoles, false},
			{"seller", "Rhein Spezialchemie GmbH", "DE", sellerRoles, false},
			{"buyer", "Osaka Fine Materials K.K.", "JP", buyerRoles, false},
			{"distributor", "Hanse Distribution GmbH", "DE", distributorRoles, false},
			{"seller", "Malabar Spice Traders Pvt Ltd", "IN", nil, false},
			{"seller", "Hsinchu Semiconductor Components Co., Ltd.", "TW", nil, false},
			{"buyer", "Lyon Cosmetiques SAS", "FR", nil, false},
			{"buyer", "Great Lakes Coatings Inc.", "US", nil, false},
			{"buyer", "Riyadh Food Industries Co.", "SA", nil, false},
		},
	},
	{
		Slug: "demo-portal", Name: "Alpine Lab Supply Portal", Model: "closed_portal", Currency: "EUR", CommissionBps: 500,
		orgs: []org{
			{"operator", "Alpine Portal AG", "CH", operatorRoles, false},
			{"seller", "Zurich Instruments Lab AG", "CH", sellerRoles, true},
			{"buyer", "Boston BioAnalytics Inc.", "US", buyerRoles, true},
			{"distributor", "Alpine Freight Partners AG", "CH", distributorRoles, true},
			{"seller", "Vorarlberg Naturstoffe GmbH", "AT", nil, true},
			{"seller", "Eindhoven Micro Devices B.V.", "NL", nil, true},
			{"buyer", "Singapore Precision Labs Pte. Ltd.", "SG", nil, true},
			{"buyer", "Milano Farmaceutici S.p.A.", "IT", nil, true},
		},
	},
	{
		Slug: "demo-distributor", Name: "Gulf Ingredients Distribution", Model: "distributor_led", Currency: "USD", CommissionBps: 650,
		orgs: []org{
			{"operator", "Gulf Trade Hub FZE", "AE", operatorRoles, false},
			{"seller", "Kerala Spice Exporters Pvt Ltd", "IN", sellerRoles, false},
			{"buyer", "Dubai Fresh Foods LLC", "AE", buyerRoles, false},
			{"distributor", "Emirates Last Mile Distribution LLC", "AE", distributorRoles, false},
			{"seller", "Ruhr Feinchemie AG", "DE", nil, false},
			{"seller", "Penang Electronics Sdn. Bhd.", "MY", nil, false},
			{"buyer", "Doha Catering Supplies W.L.L.", "QA", nil, false},
			{"buyer", "Nairobi Agro Processors Ltd", "KE", nil, false},
		},
	},
}

// Email is the demo login of role in marketplace slug.
func Email(role, slug string) string { return fmt.Sprintf("%s@%s.example", role, slug) }

// Hasher hashes demo passwords.
type Hasher interface {
	SetPassword(pw string) (string, error)
}

// Seeder loads the demo data.
type Seeder struct {
	db      *db.DB
	tenants *tenants.Service
	hasher  Hasher
	catalog *catalog.Service
	parties *parties.Service
	log     *slog.Logger
}

// New builds a seeder.
func New(d *db.DB, t *tenants.Service, h Hasher, c *catalog.Service, p *parties.Service, log *slog.Logger) *Seeder {
	return &Seeder{db: d, tenants: t, hasher: h, catalog: c, parties: p, log: log}
}

// Run seeds what is missing and reports whether anything was created.
func (s *Seeder) Run(ctx context.Context) (bool, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemSeeder)
	created := false
	exists, err := s.db.Client.PlatformAdmin.Query().Where(platformadmin.Email(PlatformAdminEmail)).Exist(sys)
	if err != nil {
		return false, err
	}
	if !exists {
		hash, err := s.hasher.SetPassword(DemoPassword)
		if err != nil {
			return false, err
		}
		if err := s.db.Client.PlatformAdmin.Create().SetEmail(PlatformAdminEmail).SetName("Platform admin").
			SetPasswordHash(hash).Exec(sys); err != nil {
			return false, err
		}
		created = true
	}
	for _, m := range Demo {
		ok, err := s.marketplace(ctx, m)
		if err != nil {
			return created, fmt.Errorf("seed %s: %w", m.Slug, err)
		}
		created = created || ok
	}
	return created, nil
}

func (s *Seeder) marketplace(ctx context.Context, m Marketplace) (bool, error) {
	sys := tenant.SystemContext(ctx, tenant.SystemSeeder)
	exists, err := s.db.Client.Tenant.Query().Where(enttenant.Slug(m.Slug)).Exist(sys)
	if err != nil || exists {
		return false, err
	}
	op := m.orgs[0]
	res, err := s.tenants.Create(ctx, tenants.CreateInput{
		Slug: m.Slug, Name: m.Name, Model: m.Model, DefaultCurrency: m.Currency, CommissionBps: m.CommissionBps,
		OperatorName: op.name, OperatorCountry: op.country,
		AdminEmail: Email("marketplace_admin", m.Slug), AdminPassword: DemoPassword,
	})
	if err != nil {
		return false, err
	}
	hash, err := s.hasher.SetPassword(DemoPassword)
	if err != nil {
		return false, err
	}
	tctx := tenant.NewContext(ctx, &tenant.Viewer{TenantID: res.Tenant.ID, TenantSlug: m.Slug,
		Model: tenant.Model(m.Model), System: tenant.SystemSeeder})
	var sellers, buyers, distributors []orgRef
	err = db.WithTx(tctx, s.db.Client, func(tx *ent.Tx) error {
		for i, o := range m.orgs {
			orgID := res.Operator.ID
			if i > 0 {
				created, err := tx.Organization.Create().SetKind(organizationKind(o.kind)).SetLegalName(o.name).
					SetCountry(o.country).SetInvited(o.invited).SetOnboardingStatus("approved").
					SetScreeningStatus("clear").Save(tctx)
				if err != nil {
					return err
				}
				orgID = created.ID
				ref := orgRef{id: orgID, name: o.name, country: o.country}
				switch o.kind {
				case "seller":
					sellers = append(sellers, ref)
				case "buyer":
					buyers = append(buyers, ref)
				case "distributor":
					distributors = append(distributors, ref)
				}
			}
			for _, role := range o.roles {
				if role == "marketplace_admin" {
					continue // created with the tenant
				}
				u, err := tx.User.Create().SetEmail(Email(role, m.Slug)).SetName(displayName(role)).
					SetPasswordHash(hash).Save(tctx)
				if err != nil {
					return err
				}
				if err := tx.Membership.Create().SetUserID(u.ID).SetOrganizationID(orgID).
					SetRole(membershipRole(role)).Exec(tctx); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	t := tenantRef{id: res.Tenant.ID, operator: res.Operator.ID, slug: m.Slug, model: tenant.Model(m.Model), currency: m.Currency}
	if err := s.seedCatalog(ctx, t, sellers, buyers); err != nil {
		return false, err
	}
	if err := s.seedParties(ctx, t, sellers, buyers, distributors); err != nil {
		return false, err
	}
	s.log.InfoContext(ctx, "demo marketplace seeded", "slug", m.Slug, "model", m.Model)
	return true, nil
}

// PrintLogins writes the demo logins table.
func PrintLogins(w io.Writer, baseURL string) {
	fmt.Fprintf(w, "\nManifold is running on %s\n\nDemo logins (password %q):\n", baseURL, DemoPassword)
	fmt.Fprintf(w, "  %-18s %s\n", "platform", PlatformAdminEmail)
	for _, m := range Demo {
		fmt.Fprintf(w, "  %-18s (%s)\n", m.Slug, m.Model)
		for _, o := range m.orgs {
			for _, r := range o.roles {
				fmt.Fprintf(w, "  %-18s %s\n", "", Email(r, m.Slug))
			}
		}
	}
	fmt.Fprintln(w)
}

func displayName(role string) string {
	out := []byte(role)
	for i := range out {
		if out[i] == '_' {
			out[i] = ' '
		}
	}
	if len(out) > 0 && out[0] >= 'a' && out[0] <= 'z' {
		out[0] -= 'a' - 'A'
	}
	return string(out)
}
