package authz

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

var update = flag.Bool("update", false, "rewrite testdata/matrix_<model>.golden")

var roleAbbrev = map[string]string{
	RoleMarketplaceAdmin: "MA", RoleComplianceOfficer: "CO", RoleOpsAgent: "OA",
	RoleSellerAdmin: "SA", RoleSellerCatalog: "SC", RoleSellerOps: "SO",
	RoleBuyerAdmin: "BA", RoleBuyerPurchaser: "BP", RoleBuyerApprover: "BV",
	RoleDistributorAdmin: "DA", RoleDistributorOps: "DO",
}

// renderMatrix writes every role × (resource, action) decision of one model.
func renderMatrix(mdl tenant.Model, allowed func(role string, p Permission) bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Policy matrix of the %s pack: X allowed, . denied. Every catalog\n", mdl)
	b.WriteString("# permission and every tenant role is listed.\n")
	b.WriteString("# Regenerate with `go test ./internal/platform/authz -update` and review the diff.\n#\n")
	rs := Roles()
	for i := 0; i < len(rs); i += 3 {
		var legend []string
		for _, r := range rs[i:min(i+3, len(rs))] {
			legend = append(legend, fmt.Sprintf("%s %-20s", roleAbbrev[r], r))
		}
		b.WriteString(strings.TrimRight("# "+strings.Join(legend, " "), " ") + "\n")
	}
	fmt.Fprintf(&b, "\n%-30s", "permission")
	for _, r := range rs {
		fmt.Fprintf(&b, " %s", roleAbbrev[r])
	}
	b.WriteString("\n")
	for _, p := range Permissions() {
		fmt.Fprintf(&b, "%-30s", p)
		for _, r := range rs {
			mark := "."
			if allowed(r, p) {
				mark = "X"
			}
			fmt.Fprintf(&b, "  %s", mark)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func goldenPath(mdl tenant.Model) string {
	return filepath.Join("testdata", "matrix_"+string(mdl)+".golden")
}

// installAll creates one tenant per marketplace model with its pack installed.
func installAll(t *testing.T, d *db.DB, m *Manager) map[tenant.Model]uuid.UUID {
	t.Helper()
	out := make(map[tenant.Model]uuid.UUID)
	for _, mdl := range tenant.Models {
		out[mdl] = newTenantWithPack(t, d, m, "t-"+strings.ReplaceAll(string(mdl), "_", "-"), mdl)
	}
	return out
}

// TestPolicyMatrix_MatchesGolden pins the whole role × permission matrix of each pack,
// as answered by Manager.Allowed after InstallPack on a real database.
func TestPolicyMatrix_MatchesGolden(t *testing.T) {
	updated := map[tenant.Model]bool{}
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		m := newTestManager(t, d.Client, nil)
		tenants := installAll(t, d, m)
		for _, mdl := range tenant.Models {
			t.Run(string(mdl), func(t *testing.T) {
				ctx := t.Context()
				var failed error
				got := renderMatrix(mdl, func(role string, p Permission) bool {
					ok, err := m.Allowed(ctx, viewer(tenants[mdl], role), p.Resource, p.Action)
					if err != nil && failed == nil {
						failed = err
					}
					return ok
				})
				if failed != nil {
					t.Fatal(failed)
				}
				path := goldenPath(mdl)
				if *update && !updated[mdl] {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					updated[mdl] = true
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run with -update to create it)", err)
				}
				if got != string(want) {
					t.Errorf("matrix of %s differs from %s (run with -update and review the diff):\n%s",
						mdl, path, lineDiff(string(want), got))
				}
			})
		}
	})
}

// lineDiff lists the lines that differ, enough to see which permission moved.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "- %s\n+ %s\n", wl, gl)
		}
	}
	return b.String()
}

// TestPolicyPacks_BusinessDifferences states, one line each, how the marketplace models
// differ and which separations of duty every model keeps.
func TestPolicyPacks_BusinessDifferences(t *testing.T) {
	const (
		cp = tenant.ModelClosedPortal
		cu = tenant.ModelCurated
		dl = tenant.ModelDistributorLed
	)
	all := tenant.Models
	tests := []struct {
		name   string
		models []tenant.Model
		role   string
		res    string
		act    string
		want   bool
	}{
		// Onboarding.
		{"closed portal: buyers cannot self-register", []tenant.Model{cp}, RoleBuyerAdmin, ResourceOrganization, ActionRegister, false},
		{"curated: buyers self-register", []tenant.Model{cu}, RoleBuyerAdmin, ResourceOrganization, ActionRegister, true},
		{"distributor-led: buyers cannot self-register", []tenant.Model{dl}, RoleBuyerAdmin, ResourceOrganization, ActionRegister, false},
		{"only a buyer admin registers its company", all, RoleBuyerPurchaser, ResourceOrganization, ActionRegister, false},
		{"sellers register their company", all, RoleSellerAdmin, ResourceOrganization, ActionRegister, true},
		{"closed portal: the operator invites", []tenant.Model{cp}, RoleMarketplaceAdmin, ResourceOrganization, ActionInvite, true},
		{"curated: nobody is invited", []tenant.Model{cu}, RoleMarketplaceAdmin, ResourceOrganization, ActionInvite, false},
		{"distributor-led: the operator invites distributors", []tenant.Model{dl}, RoleMarketplaceAdmin, ResourceOrganization, ActionInvite, true},
		{"distributor-led: distributors invite their buyers", []tenant.Model{dl}, RoleDistributorAdmin, ResourceOrganization, ActionInvite, true},
		{"buyers never invite", all, RoleBuyerAdmin, ResourceOrganization, ActionInvite, false},
		{"operator approves organizations", all, RoleMarketplaceAdmin, ResourceOrganization, ActionApprove, true},
		{"curated: compliance approves organizations too", []tenant.Model{cu}, RoleComplianceOfficer, ResourceOrganization, ActionApprove, true},
		{"elsewhere compliance does not approve organizations", []tenant.Model{cp, dl}, RoleComplianceOfficer, ResourceOrganization, ActionApprove, false},

		// Catalog.
		{"curated: the operator curates products", []tenant.Model{cu}, RoleMarketplaceAdmin, ResourceProduct, ActionCurate, true},
		{"no curation queue outside curated", []tenant.Model{cp, dl}, RoleMarketplaceAdmin, ResourceProduct, ActionCurate, false},
		{"sellers never curate", all, RoleSellerAdmin, ResourceProduct, ActionCurate, false},
		{"seller catalog submits products", all, RoleSellerCatalog, ResourceProduct, ActionSubmit, true},
		{"seller admin inherits catalog work", all, RoleSellerAdmin, ResourceProduct, ActionUpdate, true},
		{"seller ops does not edit products", all, RoleSellerOps, ResourceProduct, ActionUpdate, false},
		{"seller catalog does not see orders", all, RoleSellerCatalog, ResourceOrder, ActionRead, false},
		{"wildcard: seller catalog deletes offers", all, RoleSellerCatalog, ResourceOffer, ActionDelete, true},

		// Compliance.
		{"compliance officer reviews checks", all, RoleComplianceOfficer, ResourceComplianceCheck, ActionReview, true},
		{"curated: the operator admin does not review checks", []tenant.Model{cu}, RoleMarketplaceAdmin, ResourceComplianceCheck, ActionReview, false},
		{"curated: the operator admin does not review screenings", []tenant.Model{cu}, RoleMarketplaceAdmin, ResourceScreening, ActionReview, false},
		{"standard compliance: the operator admin may review", []tenant.Model{cp, dl}, RoleMarketplaceAdmin, ResourceComplianceCheck, ActionReview, true},
		{"ops agents never review checks", all, RoleOpsAgent, ResourceComplianceCheck, ActionReview, false},

		// Orders.
		{"curated: buyer approver approves orders", []tenant.Model{cu}, RoleBuyerApprover, ResourceOrder, ActionApprove, true},
		{"closed portal: buyer approver approves orders", []tenant.Model{cp}, RoleBuyerApprover, ResourceOrder, ActionApprove, true},
		{"distributor-led: no buyer-side approval", []tenant.Model{dl}, RoleBuyerApprover, ResourceOrder, ActionApprove, false},
		{"purchasers never approve their own orders", all, RoleBuyerPurchaser, ResourceOrder, ActionApprove, false},
		{"buyer admin inherits approval where it exists", []tenant.Model{cp, cu}, RoleBuyerAdmin, ResourceOrder, ActionApprove, true},
		{"purchasers place orders", all, RoleBuyerPurchaser, ResourceOrder, ActionCreate, true},
		{"approvers do not place orders", all, RoleBuyerApprover, ResourceOrder, ActionCreate, false},
		{"distributor-led: distributors see orders they serve", []tenant.Model{dl}, RoleDistributorOps, ResourceOrder, ActionRead, true},
		{"no distributors outside distributor-led", []tenant.Model{cp, cu}, RoleDistributorOps, ResourceOrder, ActionRead, false},
		{"purchasers accept quotes", all, RoleBuyerPurchaser, ResourceQuote, ActionAccept, true},
		{"sellers do not accept their own quotes", all, RoleSellerOps, ResourceQuote, ActionAccept, false},

		// Shipping.
		{"distributor-led: distributor ops takes the hand-off", []tenant.Model{dl}, RoleDistributorOps, ResourceShipment, ActionHandoff, true},
		{"distributor-led: distributor admin inherits hand-off", []tenant.Model{dl}, RoleDistributorAdmin, ResourceShipment, ActionHandoff, true},
		{"no hand-off outside distributor-led", []tenant.Model{cp, cu}, RoleDistributorOps, ResourceShipment, ActionHandoff, false},
		{"no hand-off outside distributor-led, even for ops", []tenant.Model{cp, cu}, RoleOpsAgent, ResourceShipment, ActionHandoff, false},
		{"sellers ship but never take the hand-off", []tenant.Model{dl}, RoleSellerOps, ResourceShipment, ActionHandoff, false},

		// Money and administration.
		{"operator refunds", all, RoleMarketplaceAdmin, ResourcePayment, ActionRefund, true},
		{"ops agents do not refund", all, RoleOpsAgent, ResourcePayment, ActionRefund, false},
		{"only the operator admin edits policy", all, RoleOpsAgent, ResourcePolicy, ActionUpdate, false},
		{"operator admin edits policy", all, RoleMarketplaceAdmin, ResourcePolicy, ActionUpdate, true},
		{"wildcard: operator admin deletes users", all, RoleMarketplaceAdmin, ResourceUser, ActionDelete, true},
		{"tenant admins do not run platform jobs", all, RoleMarketplaceAdmin, ResourceJob, ActionRead, false},
		{"an unknown role gets nothing", all, "platform_admin", ResourceTenant, ActionRead, false},
	}
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		m := newTestManager(t, d.Client, nil)
		tenants := installAll(t, d, m)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				for _, mdl := range tt.models {
					got, err := m.Allowed(t.Context(), viewer(tenants[mdl], tt.role), tt.res, tt.act)
					if err != nil {
						t.Fatal(err)
					}
					if got != tt.want {
						t.Errorf("%s: %s %s:%s = %v, want %v", mdl, tt.role, tt.res, tt.act, got, tt.want)
					}
				}
			})
		}
	})
}

// TestPolicyPacks_NoRoleRunsPlatformJobs: jobs are a platform resource; no tenant role
// in any pack holds any action on them.
func TestPolicyPacks_NoRoleRunsPlatformJobs(t *testing.T) {
	for _, mdl := range tenant.Models {
		for _, r := range mustPack(t, mdl) {
			if r.Type == RuleAllow && r.Resource == ResourceJob {
				t.Errorf("%s grants %s", mdl, r)
			}
		}
	}
}

// TestPacks_ParseAndUseKnownRoles: every pack parses, validates, and names only the
// tenant roles, and outside the distributor-led pack distributor roles only touch the
// parties, shipments, documents and exceptions they carry, their own hubs and service
// regions, and the links that say whom they carry for (freight partners).
func TestPacks_ParseAndUseKnownRoles(t *testing.T) {
	for _, mdl := range tenant.Models {
		t.Run(string(mdl), func(t *testing.T) {
			rules := mustPack(t, mdl)
			if len(rules) < 50 {
				t.Fatalf("only %d rules", len(rules))
			}
			for _, r := range rules {
				for _, role := range []string{r.Role, r.Parent} {
					if role == "" {
						continue
					}
					if !slices.Contains(Roles(), role) {
						t.Errorf("%s: unknown role %q", r, role)
					}
					dist := role == RoleDistributorAdmin || role == RoleDistributorOps
					carrier := []string{ResourceOrganization, ResourceMembership, ResourceAPIKey, ResourceShipment, ResourceDocument, ResourceException,
						ResourceDistributorHub, ResourceDistributorLink}
					if dist && mdl != tenant.ModelDistributorLed && r.Type == RuleAllow && !slices.Contains(carrier, r.Resource) {
						t.Errorf("%s: distributor beyond freight partner in %s", r, mdl)
					}
				}
			}
		})
	}
	if _, err := Pack("marketplace_of_things"); err == nil {
		t.Error("unknown model accepted")
	}
}

func TestParsePack_RejectsBadLines(t *testing.T) {
	tests := []struct {
		name, text string
	}{
		{"unknown resource", "p, buyer_admin, spaceship, read"},
		{"unknown action", "p, buyer_admin, order, launch"},
		{"wrong arity", "p, buyer_admin, order"},
		{"domain given", "p, buyer_admin, 3f1c..., order, read"},
		{"self inheritance", "g, buyer_admin, buyer_admin"},
		{"bad role", "p, Buyer Admin, order, read"},
		{"unknown type", "x, buyer_admin, order, read"},
		{"duplicate", "p, buyer_admin, order, read\np, buyer_admin, order, read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parsePack(tt.text); err == nil {
				t.Errorf("accepted %q", tt.text)
			}
		})
	}
	rules, err := parsePack("# comment\n\np, buyer_admin, order, *\ng, buyer_admin, buyer_purchaser\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Rule{Allow(RoleBuyerAdmin, ResourceOrder, ActionAll), Inherit(RoleBuyerAdmin, RoleBuyerPurchaser)}
	if !slices.Equal(rules, want) {
		t.Errorf("got %v, want %v", rules, want)
	}
}

func TestCatalog_IsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Resources() {
		if seen[r] {
			t.Errorf("resource %s listed twice", r)
		}
		seen[r] = true
		acts := Actions(r)
		if len(acts) == 0 {
			t.Errorf("resource %s has no actions", r)
		}
		if !slices.Contains(acts, ActionRead) {
			t.Errorf("resource %s cannot be read", r)
		}
		if len(slices.Compact(slices.Sorted(slices.Values(acts)))) != len(acts) {
			t.Errorf("resource %s lists an action twice", r)
		}
		if slices.Contains(acts, ActionAll) {
			t.Errorf("resource %s lists the wildcard as an action", r)
		}
	}
	if Valid(ResourceOrder, ActionAll) || Valid("spaceship", ActionRead) || !Valid(ResourceShipment, ActionHandoff) {
		t.Error("Valid disagrees with the catalog")
	}
}
