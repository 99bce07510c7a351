package authz

import (
	"errors"
	"slices"
	"testing"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func newModel(t *testing.T) model.Model {
	t.Helper()
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func countTypes(rules []Rule) (p, g int) {
	for _, r := range rules {
		if r.Type == RuleAllow {
			p++
		} else {
			g++
		}
	}
	return p, g
}

func storedRules(t *testing.T, m *Manager, tid uuid.UUID) []Rule {
	t.Helper()
	rules, err := m.Rules(t.Context(), tid)
	if err != nil {
		t.Fatal(err)
	}
	return rules
}

func TestAdapter_LoadsOneTenantOnly(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelCurated)
		b := newTenantWithPack(t, d, m, "b", tenant.ModelDistributorLed)

		ad := NewAdapter(ctx, d.Client)
		if err := ad.LoadPolicy(newModel(t)); !errors.Is(err, ErrUnfiltered) {
			t.Fatalf("unfiltered load: %v, want ErrUnfiltered", err)
		}
		mdl := newModel(t)
		if err := ad.LoadFilteredPolicy(mdl, a); err != nil {
			t.Fatal(err)
		}
		wantP, wantG := countTypes(mustPack(t, tenant.ModelCurated))
		ps, gs := mdl["p"]["p"].Policy, mdl["g"]["g"].Policy
		if len(ps) != wantP || len(gs) != wantG {
			t.Fatalf("loaded %d p and %d g rules, want %d and %d", len(ps), len(gs), wantP, wantG)
		}
		for _, p := range ps {
			if p[1] != a.String() {
				t.Fatalf("p rule %v is not tenant a's", p)
			}
		}
		for _, g := range gs {
			if g[2] != a.String() {
				t.Fatalf("g rule %v is not tenant a's", g)
			}
		}
		if !ad.IsFiltered() || ad.Tenant() != a {
			t.Fatalf("adapter not bound to a: %v", ad.Tenant())
		}
		if err := ad.LoadFilteredPolicy(newModel(t), b); !errors.Is(err, ErrOtherTenant) {
			t.Fatalf("rebinding to b: %v, want ErrOtherTenant", err)
		}
		// A reload of the bound tenant is fine; the string form of the id is a filter too.
		if err := ad.LoadPolicy(newModel(t)); err != nil {
			t.Fatal(err)
		}
		bm := newModel(t)
		if err := NewAdapter(ctx, d.Client).LoadFilteredPolicy(bm, b.String()); err != nil {
			t.Fatal(err)
		}
		wantP, _ = countTypes(mustPack(t, tenant.ModelDistributorLed))
		if n := len(bm["p"]["p"].Policy); n != wantP {
			t.Fatalf("tenant b: %d p rules, want %d", n, wantP)
		}
		for _, bad := range []any{nil, 42, "not-a-uuid", uuid.Nil} {
			if err := NewAdapter(ctx, d.Client).LoadFilteredPolicy(newModel(t), bad); err == nil {
				t.Errorf("filter %v accepted", bad)
			}
		}
	})
}

// TestAdapter_AutoSaveThroughEnforcer drives the adapter the way casbin does, through an
// enforcer's auto-save: batch add and remove, updates, filtered removal and updates.
// Tenant b's rules are never touched.
func TestAdapter_AutoSaveThroughEnforcer(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelClosedPortal)
		b := newTenantWithPack(t, d, m, "b", tenant.ModelClosedPortal)
		bBefore := storedRules(t, m, b)
		dom := a.String()

		e, err := casbin.NewEnforcer(newModel(t), NewAdapter(ctx, d.Client))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.LoadFilteredPolicy(a); err != nil {
			t.Fatal(err)
		}
		has := func(r Rule) bool { return slices.Contains(storedRules(t, m, a), r) }

		// Batch add and remove.
		added := [][]string{{"auditor", dom, "audit", "read"}, {"auditor", dom, "kpi", "read"}}
		if ok, err := e.AddPolicies(added); err != nil || !ok {
			t.Fatalf("add policies: %v %v", ok, err)
		}
		if ok, err := e.AddGroupingPolicy("auditor", RoleOpsAgent, dom); err != nil || !ok {
			t.Fatalf("add grouping: %v %v", ok, err)
		}
		if !has(Allow("auditor", "audit", "read")) || !has(Allow("auditor", "kpi", "read")) || !has(Inherit("auditor", RoleOpsAgent)) {
			t.Fatal("added rules not stored")
		}
		if ok, err := e.RemovePolicies(added); err != nil || !ok {
			t.Fatalf("remove policies: %v %v", ok, err)
		}
		if has(Allow("auditor", "audit", "read")) || has(Allow("auditor", "kpi", "read")) {
			t.Fatal("removed rules still stored")
		}

		// Update one, then several.
		if ok, err := e.UpdatePolicy([]string{RoleOpsAgent, dom, "kpi", "read"}, []string{RoleOpsAgent, dom, "audit", "read"}); err != nil || !ok {
			t.Fatalf("update policy: %v %v", ok, err)
		}
		if has(Allow(RoleOpsAgent, "kpi", "read")) || !has(Allow(RoleOpsAgent, "audit", "read")) {
			t.Fatal("update not stored")
		}
		if ok, err := e.UpdatePolicies(
			[][]string{{RoleOpsAgent, dom, "audit", "read"}, {RoleOpsAgent, dom, "payout", "read"}},
			[][]string{{RoleOpsAgent, dom, "kpi", "read"}, {RoleOpsAgent, dom, "payout", "*"}},
		); err != nil || !ok {
			t.Fatalf("update policies: %v %v", ok, err)
		}
		if !has(Allow(RoleOpsAgent, "kpi", "read")) || !has(Allow(RoleOpsAgent, "payout", "*")) || has(Allow(RoleOpsAgent, "payout", "read")) {
			t.Fatal("batch update not stored")
		}

		// Filtered update: every grant of buyer_approver becomes a single read of orders.
		if ok, err := e.UpdateFilteredPolicies([][]string{{RoleBuyerApprover, dom, "order", "read"}}, 0, RoleBuyerApprover); err != nil || !ok {
			t.Fatalf("update filtered: %v %v", ok, err)
		}
		var approver []Rule
		for _, r := range storedRules(t, m, a) {
			if r.Type == RuleAllow && r.Role == RoleBuyerApprover {
				approver = append(approver, r)
			}
		}
		if want := []Rule{Allow(RoleBuyerApprover, "order", "read")}; !slices.Equal(approver, want) {
			t.Fatalf("buyer_approver after filtered update: %v, want %v", approver, want)
		}

		// Filtered removal without a domain stays in the bound tenant.
		if ok, err := e.RemoveFilteredPolicy(0, RoleSellerCatalog); err != nil || !ok {
			t.Fatalf("remove filtered: %v %v", ok, err)
		}
		for _, r := range storedRules(t, m, a) {
			if r.Type == RuleAllow && r.Role == RoleSellerCatalog {
				t.Fatalf("%s survived the filtered removal", r)
			}
		}
		if ok, err := e.RemoveFilteredGroupingPolicy(0, RoleSellerAdmin, RoleSellerCatalog, dom); err != nil || !ok {
			t.Fatalf("remove filtered grouping: %v %v", ok, err)
		}
		if has(Inherit(RoleSellerAdmin, RoleSellerCatalog)) {
			t.Fatal("filtered grouping removal not stored")
		}

		// What the enforcer holds is what is stored.
		reloaded, err := casbin.NewEnforcer(newModel(t), NewAdapter(ctx, d.Client))
		if err != nil {
			t.Fatal(err)
		}
		if err := reloaded.LoadFilteredPolicy(a); err != nil {
			t.Fatal(err)
		}
		mem, _ := e.GetPolicy()
		db, _ := reloaded.GetPolicy()
		slices.SortFunc(mem, slices.Compare)
		slices.SortFunc(db, slices.Compare)
		if !slices.EqualFunc(mem, db, slices.Equal) {
			t.Fatalf("enforcer and database disagree:\n%v\n%v", mem, db)
		}

		if !slices.Equal(storedRules(t, m, b), bBefore) {
			t.Fatal("tenant b's policy changed")
		}
	})
}

func TestAdapter_RefusesOtherTenantsRules(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelClosedPortal)
		b := newTenantWithPack(t, d, m, "b", tenant.ModelClosedPortal)
		bBefore := storedRules(t, m, b)

		ad := NewAdapter(ctx, d.Client)
		if err := ad.LoadFilteredPolicy(newModel(t), a); err != nil {
			t.Fatal(err)
		}
		bRule := []string{"x_role", b.String(), "kpi", "read"}
		checks := map[string]error{
			"add":              ad.AddPolicy("p", "p", bRule),
			"add batch":        ad.AddPolicies("p", "p", [][]string{{"x_role", a.String(), "kpi", "read"}, bRule}),
			"remove":           ad.RemovePolicy("p", "p", []string{RoleOpsAgent, b.String(), "kpi", "read"}),
			"remove filtered":  ad.RemoveFilteredPolicy("p", "p", 1, b.String()),
			"update":           ad.UpdatePolicy("p", "p", []string{RoleOpsAgent, a.String(), "kpi", "read"}, bRule),
			"unbound filtered": NewAdapter(ctx, d.Client).RemoveFilteredPolicy("p", "p", 0, RoleOpsAgent),
		}
		for name, err := range checks {
			if err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		if !slices.Equal(storedRules(t, m, b), bBefore) {
			t.Fatal("tenant b's policy changed")
		}
		if slices.Contains(storedRules(t, m, a), Allow("x_role", "kpi", "read")) {
			t.Fatal("half of a refused batch was stored")
		}
	})
}

func TestAdapter_SavePolicyReplacesTenant(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelCurated)
		b := newTenantWithPack(t, d, m, "b", tenant.ModelCurated)
		bBefore := storedRules(t, m, b)

		mdl := newModel(t)
		dom := a.String()
		for _, r := range [][]string{{"p", RoleBuyerAdmin, dom, "order", "*"}, {"g", RoleBuyerAdmin, RoleBuyerPurchaser, dom}} {
			if err := mdl.AddPolicy(r[0], r[0], r[1:]); err != nil {
				t.Fatal(err)
			}
		}
		if err := NewAdapter(ctx, d.Client).SavePolicy(mdl); err != nil {
			t.Fatal(err)
		}
		want := []Rule{Allow(RoleBuyerAdmin, "order", "*"), Inherit(RoleBuyerAdmin, RoleBuyerPurchaser)}
		if got := storedRules(t, m, a); !slices.Equal(got, want) {
			t.Fatalf("after save: %v, want %v", got, want)
		}
		if !slices.Equal(storedRules(t, m, b), bBefore) {
			t.Fatal("tenant b's policy changed")
		}
		if err := NewAdapter(ctx, d.Client).SavePolicy(newModel(t)); err == nil {
			t.Fatal("saving an empty model on an unbound adapter was accepted")
		}
	})
}

// TestAdapter_JoinsCallersTransaction: on a transactional client, writes commit or roll
// back with the caller.
func TestAdapter_JoinsCallersTransaction(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelCurated)
		rule := []string{"night_shift", a.String(), "exception", "read"}
		boom := errors.New("boom")
		err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
			ad := NewAdapter(ctx, tx.Client())
			if err := ad.AddPolicies("p", "p", [][]string{rule}); err != nil {
				return err
			}
			// Multi-statement operations run inside the caller's transaction too.
			if err := ad.UpdatePolicies("p", "p", [][]string{rule}, [][]string{{"night_shift", a.String(), "exception", "update"}}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		for _, r := range storedRules(t, m, a) {
			if r.Role == "night_shift" {
				t.Fatalf("%s survived the rollback", r)
			}
		}
	})
}
