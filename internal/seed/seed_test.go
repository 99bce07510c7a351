package seed_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/consignee"
	"github.com/manifoldhq/manifold/ent/distributorhub"
	"github.com/manifoldhq/manifold/ent/distributorlink"
	"github.com/manifoldhq/manifold/ent/endusestatement"
	"github.com/manifoldhq/manifold/ent/licence"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/platformadmin"
	"github.com/manifoldhq/manifold/ent/policyrule"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/serviceregion"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
	"github.com/manifoldhq/manifold/internal/seed"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// designRoles are the membership roles of DESIGN.md §3 (platform_admin is a separate
// principal) and the organization kind each belongs to.
var designRoles = map[string]string{
	"marketplace_admin": "operator", "compliance_officer": "operator", "ops_agent": "operator",
	"seller_admin": "seller", "seller_catalog": "seller", "seller_ops": "seller",
	"buyer_admin": "buyer", "buyer_purchaser": "buyer", "buyer_approver": "buyer",
	"distributor_admin": "distributor", "distributor_ops": "distributor",
}

var wantMarketplaces = map[string]string{
	"demo-curated":     "curated",
	"demo-portal":      "closed_portal",
	"demo-distributor": "distributor_led",
}

type env struct {
	d      *db.DB
	audit  *audit.Log
	tenant *tenants.Service
	seeder *seed.Seeder
}

// newEnv wires the seeder as internal/app does, with cheap password hashing.
func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	al := audit.New(d.Client, d.Dialect)
	az, err := authz.NewManager(d.Client, nil, log, 100)
	if err != nil {
		t.Fatal(err)
	}
	ids, err := identity.NewService(d, nil, al, log, identity.Config{
		Argon2: identity.Argon2Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32},
	})
	if err != nil {
		t.Fatal(err)
	}
	ts := tenants.NewService(d, az, al, ids, log)
	return &env{d: d, audit: al, tenant: ts, seeder: seed.New(d, ts, ids, catalog.NewService(d, al, log), parties.NewService(d, parties.Deps{Audit: al, Authz: az}, parties.Config{}), log)}
}

// snapshot describes what the seed created, one sorted line per row, without ids,
// hashes or timestamps: two seeded databases must give the same snapshot.
func snapshot(t *testing.T, d *db.DB) []string {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	var out []string
	for _, a := range d.Client.PlatformAdmin.Query().AllX(sys) {
		out = append(out, fmt.Sprintf("platform_admin %s %q disabled=%v", a.Email, a.Name, a.Disabled))
	}
	for _, tn := range d.Client.Tenant.Query().AllX(sys) {
		out = append(out, fmt.Sprintf("%s tenant %q %s %s bps=%d %s disabled=%v", tn.Slug, tn.Name, tn.Model,
			tn.DefaultCurrency, tn.CommissionBps, tn.ComplianceLevel, tn.Disabled))
		orgs := map[string]*ent.Organization{}
		for _, o := range d.Client.Organization.Query().Where(organization.TenantID(tn.ID)).AllX(sys) {
			orgs[o.ID.String()] = o
			out = append(out, fmt.Sprintf("%s org %s %q %s invited=%v %s/%s", tn.Slug, o.Kind, o.LegalName, o.Country,
				o.Invited, o.OnboardingStatus, o.ScreeningStatus))
		}
		for _, u := range d.Client.User.Query().Where(user.TenantID(tn.ID)).WithMemberships().AllX(sys) {
			var ms []string
			for _, m := range u.Edges.Memberships {
				ms = append(ms, fmt.Sprintf("%s@%q", m.Role, orgs[m.OrganizationID.String()].LegalName))
			}
			slices.Sort(ms)
			out = append(out, fmt.Sprintf("%s user %s %q disabled=%v %s", tn.Slug, u.Email, u.Name, u.Disabled, strings.Join(ms, ",")))
		}
		n := d.Client.PolicyRule.Query().Where(policyrule.TenantID(tn.ID)).CountX(sys)
		out = append(out, fmt.Sprintf("%s policy_rules %d", tn.Slug, n))
		name := func(id uuid.UUID) string { return orgs[id.String()].LegalName }
		for _, c := range d.Client.Consignee.Query().Where(consignee.TenantID(tn.ID)).AllX(sys) {
			out = append(out, fmt.Sprintf("%s consignee %q of %q %+v end user %q %s %+v %q %s", tn.Slug, c.Name, name(c.OrganizationID),
				c.Address, c.EndUserName, c.EndUserCountry, c.EndUserAddress, c.EndUse, c.Industry))
		}
		for _, h := range d.Client.DistributorHub.Query().Where(distributorhub.TenantID(tn.ID)).AllX(sys) {
			out = append(out, fmt.Sprintf("%s hub %q of %q %+v %v", tn.Slug, h.Name, name(h.DistributorID), h.Address, h.Capabilities))
		}
		for _, r := range d.Client.ServiceRegion.Query().Where(serviceregion.TenantID(tn.ID)).WithHub().AllX(sys) {
			hub := ""
			if r.Edges.Hub != nil {
				hub = r.Edges.Hub.Name
			}
			out = append(out, fmt.Sprintf("%s region %q of %q %v from %q", tn.Slug, r.Name, name(r.DistributorID), r.Countries, hub))
		}
		for _, l := range d.Client.DistributorLink.Query().Where(distributorlink.TenantID(tn.ID)).AllX(sys) {
			out = append(out, fmt.Sprintf("%s link %q serves %s %q %s", tn.Slug, name(l.DistributorID), l.Kind, name(l.OrganizationID), l.Status))
		}
		for _, l := range d.Client.Licence.Query().Where(licence.TenantID(tn.ID)).AllX(sys) {
			out = append(out, fmt.Sprintf("%s licence %s %s of %q %v to %v cap %v %s %s-%s", tn.Slug, l.Regime, l.Number, name(l.HolderID),
				l.Classifications, l.Destinations, *l.ValueCap, l.ValueCurrency, l.ValidFrom.Format("2006-01-02"), l.ValidTo.Format("2006-01-02")))
		}
		for _, e := range d.Client.EndUseStatement.Query().Where(endusestatement.TenantID(tn.ID)).AllX(sys) {
			out = append(out, fmt.Sprintf("%s end_use_statement of %q %q %s %q %v", tn.Slug, name(e.HolderID), e.EndUserName, e.Country,
				e.ConsigneeName, e.Classifications))
		}
	}
	slices.Sort(out)
	return out
}

func TestRun_SeedsTheDemoMarketplaces(t *testing.T) {
	t.Parallel()
	snaps := map[string][]string{}
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ctx := t.Context()
		sys := tenant.SystemContext(ctx, tenant.SystemTest)
		created, err := e.seeder.Run(ctx)
		if err != nil || !created {
			t.Fatalf("Run = %v, %v; want true", created, err)
		}

		tns := d.Client.Tenant.Query().Order(ent.Asc(enttenant.FieldSlug)).AllX(sys)
		got := map[string]string{}
		for _, tn := range tns {
			got[tn.Slug] = string(tn.Model)
		}
		if fmt.Sprint(got) != fmt.Sprint(wantMarketplaces) {
			t.Fatalf("marketplaces %v, want %v", got, wantMarketplaces)
		}

		for _, tn := range tns {
			t.Run(tn.Slug, func(t *testing.T) {
				orgs := d.Client.Organization.Query().Where(organization.TenantID(tn.ID)).AllX(sys)
				kinds := map[string]int{}
				kindOf := map[string]string{}
				for _, o := range orgs {
					kinds[string(o.Kind)]++
					kindOf[o.ID.String()] = string(o.Kind)
				}
				if kinds["operator"] != 1 || kinds["distributor"] != 1 || kinds["seller"] < 3 || kinds["buyer"] < 3 {
					t.Errorf("organizations by kind %v, want one operator and distributor, several sellers and buyers", kinds)
				}
				// Every seller has a published catalog; some items are dual-use.
				products := d.Client.Product.Query().Where(product.TenantID(tn.ID)).AllX(sys)
				sellersWithProducts := map[string]bool{}
				dualUse := 0
				for _, p := range products {
					if p.ApprovedRevision == 0 {
						t.Errorf("%s is not published", p.Sku)
					}
					sellersWithProducts[p.SellerID.String()] = true
					if p.EuClassification != "not_listed" {
						dualUse++
					}
				}
				if n := d.Client.Offer.Query().Where(offer.TenantID(tn.ID)).CountX(sys); n != len(products) {
					t.Errorf("%d offers for %d products", n, len(products))
				}
				if len(products) < 15 || len(sellersWithProducts) != kinds["seller"] || dualUse < 3 {
					t.Errorf("catalog: %d products from %d sellers, %d dual-use", len(products), len(sellersWithProducts), dualUse)
				}
				// Every buyer has consignees; the demo buyer an end-use statement; each seller
				// of dual-use goods a licence; the distributor hubs and service regions, and in
				// the distributor-led marketplace a link to every seller and buyer.
				withConsignees := map[string]bool{}
				for _, c := range d.Client.Consignee.Query().Where(consignee.TenantID(tn.ID)).AllX(sys) {
					withConsignees[c.OrganizationID.String()] = true
					if kindOf[c.OrganizationID.String()] != "buyer" || c.ScreeningStatus != "unscreened" || c.EndUserName == "" {
						t.Errorf("consignee %+v", c)
					}
				}
				if len(withConsignees) != kinds["buyer"] {
					t.Errorf("%d of %d buyers have consignees", len(withConsignees), kinds["buyer"])
				}
				if n := d.Client.EndUseStatement.Query().Where(endusestatement.TenantID(tn.ID)).CountX(sys); n != 1 {
					t.Errorf("%d end-use statements, want 1", n)
				}
				if n := d.Client.Licence.Query().Where(licence.TenantID(tn.ID)).CountX(sys); n != 2 {
					t.Errorf("%d licences, want one for each of the two sellers of dual-use goods", n)
				}
				hubs := d.Client.DistributorHub.Query().Where(distributorhub.TenantID(tn.ID)).AllX(sys)
				for _, h := range hubs {
					if kindOf[h.DistributorID.String()] != "distributor" || h.Unlocode[:2] != h.Country {
						t.Errorf("hub %+v", h)
					}
				}
				if len(hubs) < 2 || d.Client.ServiceRegion.Query().Where(serviceregion.TenantID(tn.ID)).CountX(sys) < 2 {
					t.Errorf("%d hubs and too few service regions", len(hubs))
				}
				links := d.Client.DistributorLink.Query().Where(distributorlink.TenantID(tn.ID)).CountX(sys)
				if want := map[bool]int{true: kinds["seller"] + kinds["buyer"], false: 0}[tn.Model == "distributor_led"]; links != want {
					t.Errorf("%d distributor links, want %d", links, want)
				}
				users := d.Client.User.Query().Where(user.TenantID(tn.ID)).WithMemberships().AllX(sys)
				if len(users) != len(designRoles) {
					t.Errorf("%d users, want one per role (%d)", len(users), len(designRoles))
				}
				for role, kind := range designRoles {
					email := fmt.Sprintf("%s@%s.example", role, tn.Slug)
					if email != seed.Email(role, tn.Slug) {
						t.Errorf("seed.Email(%s, %s) = %s", role, tn.Slug, seed.Email(role, tn.Slug))
					}
					i := slices.IndexFunc(users, func(u *ent.User) bool { return u.Email == email })
					if i < 0 {
						t.Errorf("no user %s", email)
						continue
					}
					u := users[i]
					ms := u.Edges.Memberships
					if len(ms) != 1 || string(ms[0].Role) != role || kindOf[ms[0].OrganizationID.String()] != kind {
						t.Errorf("%s: memberships %v, want one %s in the %s organization", email, ms, role, kind)
					}
					if u.Disabled {
						t.Errorf("%s is disabled", email)
					}
				}
				// Every demo login works with the documented password (one per tenant is
				// enough: they share the hashing path).
				u := users[0]
				if ok, err := identity.VerifyPassword(seed.DemoPassword, u.PasswordHash); !ok || err != nil {
					t.Errorf("%s: demo password does not verify: %v", u.Email, err)
				}
				if n := d.Client.PolicyRule.Query().Where(policyrule.TenantID(tn.ID)).CountX(sys); n == 0 {
					t.Error("no policy pack installed")
				}
				rep, err := e.audit.Verify(tenant.ForTenant(ctx, tn.ID, "", tenant.SystemTest), tn.ID)
				if err != nil || !rep.OK || rep.EventsChecked == 0 {
					t.Errorf("audit chain %+v (%+v), %v; want an intact, non-empty chain", rep, rep.Problem, err)
				}
			})
		}

		admin, err := d.Client.PlatformAdmin.Query().Where(platformadmin.Email(seed.PlatformAdminEmail)).Only(sys)
		if err != nil {
			t.Fatalf("platform admin: %v", err)
		}
		if ok, err := identity.VerifyPassword(seed.DemoPassword, admin.PasswordHash); !ok || err != nil || admin.Disabled {
			t.Errorf("platform admin cannot log in with the demo password: %v", err)
		}
		snaps[d.Dialect] = snapshot(t, d)

		t.Run("second run creates nothing", func(t *testing.T) {
			before := snapshot(t, d)
			events := d.Client.AuditEvent.Query().CountX(sys)
			created, err := e.seeder.Run(ctx)
			if err != nil || created {
				t.Fatalf("second Run = %v, %v; want false", created, err)
			}
			if after := snapshot(t, d); !slices.Equal(after, before) {
				t.Errorf("second run changed the data:\nbefore %q\nafter  %q", before, after)
			}
			if n := d.Client.AuditEvent.Query().CountX(sys); n != events {
				t.Errorf("audit events %d → %d", events, n)
			}
		})
	})
	// Deterministic: both databases hold the same marketplaces, organizations and logins.
	if pg, lite := snaps["postgres"], snaps["sqlite3"]; pg != nil && lite != nil && !slices.Equal(pg, lite) {
		t.Errorf("seeds differ between dialects:\npostgres %q\nsqlite   %q", pg, lite)
	}
}

func TestRun_IsDeterministic(t *testing.T) {
	t.Parallel()
	var first []string
	for i := range 2 {
		d := testenv.SQLite(t)
		if _, err := newEnv(t, d).seeder.Run(t.Context()); err != nil {
			t.Fatal(err)
		}
		s := snapshot(t, d)
		if i == 0 {
			first = s
			continue
		}
		if !slices.Equal(s, first) {
			t.Errorf("two seeds differ:\n%q\n%q", first, s)
		}
	}
	// Spot-check the content against the published demo logins.
	for _, want := range []string{
		`demo-curated tenant "Northwind Curated Exchange" curated EUR bps=800 heightened disabled=false`,
		`demo-portal org seller "Zurich Instruments Lab AG" CH invited=true approved/clear`,
		`demo-distributor user distributor_ops@demo-distributor.example "Distributor ops" disabled=false distributor_ops@"Emirates Last Mile Distribution LLC"`,
		`platform_admin platform_admin@platform.example "Platform admin" disabled=false`,
	} {
		if !slices.Contains(first, want) {
			t.Errorf("snapshot lacks %s", want)
		}
	}
}

func TestRun_LeavesAnExistingMarketplaceAlone(t *testing.T) {
	t.Parallel()
	d := testenv.SQLite(t)
	e := newEnv(t, d)
	ctx := t.Context()
	if _, err := e.tenant.Create(ctx, tenants.CreateInput{Slug: "demo-portal", Name: "Someone's portal", Model: "closed_portal",
		DefaultCurrency: "CHF", AdminEmail: "owner@portal.example", AdminPassword: "long enough password"}); err != nil {
		t.Fatal(err)
	}
	created, err := e.seeder.Run(ctx)
	if err != nil || !created {
		t.Fatalf("Run = %v, %v; want true", created, err)
	}
	sys := tenant.SystemContext(ctx, tenant.SystemTest)
	tn := d.Client.Tenant.Query().Where(enttenant.Slug("demo-portal")).OnlyX(sys)
	if tn.Name != "Someone's portal" || tn.DefaultCurrency != "CHF" {
		t.Errorf("existing marketplace changed: %q %s", tn.Name, tn.DefaultCurrency)
	}
	if n := d.Client.User.Query().Where(user.TenantID(tn.ID)).CountX(sys); n != 1 {
		t.Errorf("%d users in the existing marketplace, want its own admin only", n)
	}
	if n := d.Client.Tenant.Query().CountX(sys); n != 3 {
		t.Errorf("%d tenants, want 3", n)
	}
}

func TestPrintLogins_ListsEveryDemoLogin(t *testing.T) {
	var buf bytes.Buffer
	seed.PrintLogins(&buf, "http://localhost:8080")
	out := buf.String()
	wants := []string{"http://localhost:8080", seed.DemoPassword, seed.PlatformAdminEmail}
	for slug, model := range wantMarketplaces {
		wants = append(wants, slug, model)
		for role := range designRoles {
			wants = append(wants, seed.Email(role, slug))
		}
	}
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Errorf("PrintLogins output lacks %q", w)
		}
	}
}
