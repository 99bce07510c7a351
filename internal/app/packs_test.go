package app_test

import (
	"context"
	"slices"
	"testing"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/auditevent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// Marketplaces created by an older release get the permissions their model's pack has
// gained since, without undoing what their admin tailored.
func TestPolicyPackUpgrade(t *testing.T) {
	h := newHarness(t, options{})
	ctx := context.Background()
	sys := tenant.SystemContext(ctx, tenant.SystemTest)
	tenantOf := func(slug string) *ent.Tenant {
		return h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
	}
	scoped := func(tn *ent.Tenant) context.Context {
		return tenant.NewContext(ctx, &tenant.Viewer{TenantID: tn.ID, TenantSlug: tn.Slug,
			Model: tenant.Model(tn.Model), System: tenant.SystemTest})
	}
	// edit changes a tenant's rules (and, with setBaseline, its recorded baseline) behind
	// the API's back, as an older release would have left them.
	edit := func(slug string, add bool, rules []authz.Rule, baseline func([]string) []string) {
		t.Helper()
		tn := tenantOf(slug)
		err := db.WithTx(scoped(tn), h.App.DB.Client, func(tx *ent.Tx) error {
			if err := h.App.Authz.EditTx(scoped(tn), tx, tn.ID, add, rules...); err != nil {
				return err
			}
			if baseline == nil {
				return nil
			}
			b, _ := tenants.PackBaseline(tenant.Model(tn.Model))
			settings := map[string]any{}
			if nb := baseline(b); nb != nil {
				settings["policy_pack"] = nb
			}
			return tx.Tenant.UpdateOneID(tn.ID).SetSettings(settings).Exec(sys)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	has := func(slug string, r authz.Rule) bool {
		tn := tenantOf(slug)
		rules, err := h.App.Authz.Rules(scoped(tn), tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		return slices.Contains(rules, r)
	}
	upgrade := func() map[string]tenants.PackUpgrade {
		t.Helper()
		ups, err := h.App.Policies.UpgradePacks(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]tenants.PackUpgrade{}
		for _, u := range ups {
			out[u.Slug] = u
		}
		return out
	}

	// Freshly created marketplaces record their baseline: nothing to do.
	if ups := upgrade(); len(ups) != 0 {
		t.Fatalf("fresh marketplaces upgraded: %+v", ups)
	}

	consigneeCreate := authz.Allow("buyer_admin", "consignee", "create")
	hubRead := authz.Allow("buyer_purchaser", "distributor_hub", "read")

	// 1. An untailored marketplace from before baselines: missing pack rules are granted.
	edit("demo-curated", false, []authz.Rule{consigneeCreate}, func([]string) []string { return nil })
	// 2. A tailored one (its admin revoked a grant through the API): nothing is granted,
	// the missing rules are reported, the admin's revocation stands.
	admin := h.login("demo-portal", "marketplace_admin")
	if r := h.do("POST", "/api/v1/policies/remove", admin, map[string]any{
		"role": "buyer_purchaser", "resource": "distributor_hub", "action": "read"}); r.Status != 204 {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	edit("demo-portal", false, []authz.Rule{consigneeCreate}, func([]string) []string { return nil })
	// 3. A marketplace with a baseline: the pack "gained" consignee create (absent from
	// the baseline and the rules), the admin removed hub read (in the baseline, not in
	// the rules), and the pack "dropped" product curate for buyer_admin (in the
	// baseline and the rules, not in the pack).
	dropped := authz.Allow("buyer_admin", "product", "curate")
	edit("demo-distributor", false, []authz.Rule{consigneeCreate, hubRead}, func(b []string) []string {
		return append(slices.DeleteFunc(b, func(s string) bool { return s == consigneeCreate.String() }), dropped.String())
	})
	edit("demo-distributor", true, []authz.Rule{dropped}, nil)

	ups := upgrade()
	if u := ups["demo-curated"]; !slices.Equal(u.Added, []string{consigneeCreate.String()}) || len(u.Withheld)+len(u.Removed) != 0 {
		t.Errorf("untailored: %+v", u)
	}
	if !has("demo-curated", consigneeCreate) {
		t.Error("untailored marketplace did not get the new grant")
	}
	if u := ups["demo-portal"]; len(u.Added) != 0 || !slices.Contains(u.Withheld, consigneeCreate.String()) ||
		!slices.Contains(u.Withheld, hubRead.String()) {
		t.Errorf("tailored: %+v", u)
	}
	if has("demo-portal", consigneeCreate) || has("demo-portal", hubRead) {
		t.Error("a tailored marketplace got grants its admin did not give")
	}
	u := ups["demo-distributor"]
	if !slices.Equal(u.Added, []string{consigneeCreate.String()}) || !slices.Equal(u.Removed, []string{dropped.String()}) {
		t.Errorf("with baseline: %+v", u)
	}
	if !has("demo-distributor", consigneeCreate) || has("demo-distributor", hubRead) || has("demo-distributor", dropped) {
		t.Error("with baseline: wrong rules after the upgrade")
	}
	// The buyer admin can now use the new permission (the enforcer was reloaded).
	buyerAdmin := h.login("demo-curated", "buyer_admin")
	perms, _ := h.do("GET", "/api/v1/me", buyerAdmin, nil).JSON(t)["permissions"].([]any)
	if len(perms) == 0 || !slices.Contains(perms, any("consignee:create")) {
		t.Fatalf("consignee:create not among the buyer admin's permissions after the upgrade: %v", perms)
	}
	// Audited, once per changed marketplace; a second run changes nothing.
	for _, slug := range []string{"demo-curated", "demo-portal", "demo-distributor"} {
		n := h.App.DB.Client.AuditEvent.Query().
			Where(auditevent.Action("policy.pack_upgrade")).CountX(scoped(tenantOf(slug)))
		if n != 1 {
			t.Errorf("%s: %d pack upgrade events", slug, n)
		}
	}
	if ups := upgrade(); len(ups) != 0 {
		t.Fatalf("second run changed %+v", ups)
	}
}
