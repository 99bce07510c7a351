package authz

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func allowed(t testing.TB, ctx context.Context, m *Manager, v *tenant.Viewer, res, act string) bool {
	t.Helper()
	ok, err := m.Allowed(ctx, v, res, act)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestManager_TenantsNeverShareRules: a rule of tenant A is never loaded into B's
// enforcer, and B's policy cannot be read or edited from A's viewer.
func TestManager_TenantsNeverShareRules(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		a := newTenantWithPack(t, d, m, "a", tenant.ModelClosedPortal)
		b := newTenantWithPack(t, d, m, "b", tenant.ModelClosedPortal)
		if err := m.AddRules(ctx, a, Allow(RoleBuyerAdmin, ResourceKPI, ActionRead), Allow("a_only", ResourceAudit, ActionRead)); err != nil {
			t.Fatal(err)
		}

		if !allowed(t, ctx, m, viewer(a, RoleBuyerAdmin), ResourceKPI, ActionRead) {
			t.Fatal("a's own rule not applied")
		}
		if allowed(t, ctx, m, viewer(b, RoleBuyerAdmin), ResourceKPI, ActionRead) {
			t.Fatal("a's rule applied in b")
		}
		if allowed(t, ctx, m, viewer(b, "a_only"), ResourceAudit, ActionRead) {
			t.Fatal("a's custom role works in b")
		}

		eb, err := m.entry(ctx, b)
		if err != nil {
			t.Fatal(err)
		}
		ps, _ := eb.enf.GetPolicy()
		gs, _ := eb.enf.GetGroupingPolicy()
		wantP, wantG := countTypes(mustPack(t, tenant.ModelClosedPortal))
		if len(ps) != wantP || len(gs) != wantG {
			t.Fatalf("b's enforcer holds %d p and %d g rules, want its pack's %d and %d", len(ps), len(gs), wantP, wantG)
		}
		for _, r := range append(ps, gs...) {
			if slices.Contains(r, a.String()) || !slices.Contains(r, b.String()) {
				t.Fatalf("b's enforcer holds %v", r)
			}
		}

		// From a's viewer, b's policy does not exist.
		ctxA := tenant.NewContext(ctx, viewer(a, RoleMarketplaceAdmin))
		if _, err := m.Rules(ctxA, b); !problem.Is(err, problem.KindNotFound) {
			t.Fatalf("rules of b from a: %v, want not found", err)
		}
		if err := m.AddRules(ctxA, b, Allow(RoleBuyerAdmin, ResourceKPI, ActionRead)); !problem.Is(err, problem.KindNotFound) {
			t.Fatalf("add to b from a: %v, want not found", err)
		}
		if err := m.RemoveRules(ctxA, b, Allow(RoleOpsAgent, ResourceKPI, ActionRead)); !problem.Is(err, problem.KindNotFound) {
			t.Fatalf("remove from b from a: %v, want not found", err)
		}
		if !allowed(t, ctx, m, viewer(b, RoleOpsAgent), ResourceKPI, ActionRead) {
			t.Fatal("b's policy changed")
		}
	})
}

// TestManager_EditsApplyAtOnce: edits persist, Rules shows them, and this replica's
// enforcer is invalidated without waiting for pub/sub.
func TestManager_EditsApplyAtOnce(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		tid := newTenantWithPack(t, d, m, "a", tenant.ModelCurated)
		v := viewer(tid, RoleOpsAgent)
		if allowed(t, ctx, m, v, ResourcePayment, ActionRefund) {
			t.Fatal("ops agent refunds before the edit")
		}
		before := storedRules(t, m, tid)

		added := []Rule{Allow(RoleOpsAgent, ResourcePayment, ActionRefund), Inherit(RoleOpsAgent, RoleComplianceOfficer)}
		if err := m.AddRules(ctx, tid, added...); err != nil {
			t.Fatal(err)
		}
		if err := m.AddRules(ctx, tid, added...); err != nil {
			t.Fatalf("adding existing rules again: %v", err)
		}
		if !allowed(t, ctx, m, v, ResourcePayment, ActionRefund) || !allowed(t, ctx, m, v, ResourceScreening, ActionReview) {
			t.Fatal("added grant or inheritance not applied")
		}
		rules := storedRules(t, m, tid)
		if len(rules) != len(before)+2 || !slices.Contains(rules, added[0]) || !slices.Contains(rules, added[1]) {
			t.Fatalf("Rules after add: %d rules, want %d", len(rules), len(before)+2)
		}

		if err := m.RemoveRules(ctx, tid, added...); err != nil {
			t.Fatal(err)
		}
		if allowed(t, ctx, m, v, ResourcePayment, ActionRefund) || allowed(t, ctx, m, v, ResourceScreening, ActionReview) {
			t.Fatal("removed grant or inheritance still applied")
		}
		if got := storedRules(t, m, tid); !slices.Equal(got, before) {
			t.Fatal("Rules after remove differ from the pack")
		}

		for _, bad := range []Rule{
			Allow(RoleOpsAgent, "spaceship", ActionRead),
			Allow(RoleOpsAgent, ResourceKPI, ActionRefund),
			Inherit(RoleOpsAgent, RoleOpsAgent),
			{Type: "x", Role: RoleOpsAgent},
		} {
			if err := m.AddRules(ctx, tid, bad); !problem.Is(err, problem.KindValidation) {
				t.Errorf("AddRules(%v): %v, want a validation error", bad, err)
			}
		}
	})
}

func TestManager_Allowed_DeniesWithoutTenantOrRoles(t *testing.T) {
	m := newTestManager(t, nil, nil)
	ctx := t.Context()
	tid := uuid.New()
	if _, err := m.preload(ctx, tid, mustPack(t, tenant.ModelCurated)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		v    *tenant.Viewer
		want bool
	}{
		{"nil viewer", nil, false},
		{"platform admin", &tenant.Viewer{PlatformAdmin: true}, false},
		{"system", &tenant.Viewer{System: tenant.SystemJobs}, false},
		{"tenant system without roles", &tenant.Viewer{TenantID: tid, System: tenant.SystemJobs}, false},
		{"role without the grant", viewer(tid, RoleBuyerPurchaser), false},
		{"any role with the grant", viewer(tid, RoleBuyerPurchaser, RoleMarketplaceAdmin), true},
		{"role with the grant", viewer(tid, RoleMarketplaceAdmin), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := allowed(t, ctx, m, tt.v, ResourceTenant, ActionUpdate); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, p := range []Permission{{"spaceship", ActionRead}, {ResourceOrder, "launch"}, {ResourceOrder, ActionAll}} {
		if _, err := m.Allowed(ctx, viewer(tid, RoleMarketplaceAdmin), p.Resource, p.Action); !errors.Is(err, ErrUnknownPermission) {
			t.Errorf("%s: %v, want ErrUnknownPermission", p, err)
		}
	}
}

// TestManager_InstallPack_FollowsTransaction: the pack lands with the caller's commit,
// not before, and an enforcer cached before the commit is dropped by it.
func TestManager_InstallPack_FollowsTransaction(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		sys := tenant.SystemContext(ctx, tenant.SystemTest)
		m := newTestManager(t, d.Client, nil)
		tid := newTenant(t, d, "a", tenant.ModelCurated)
		v := viewer(tid, RoleBuyerAdmin)

		boom := errors.New("boom")
		if err := db.WithTx(sys, d.Client, func(tx *ent.Tx) error {
			if err := m.InstallPack(sys, tx, tid, tenant.ModelCurated); err != nil {
				return err
			}
			return boom
		}); !errors.Is(err, boom) {
			t.Fatal(err)
		}
		if rules := storedRules(t, m, tid); len(rules) != 0 {
			t.Fatalf("%d rules survived the rollback", len(rules))
		}
		// Cached while empty...
		if allowed(t, ctx, m, v, ResourceOrganization, ActionRegister) {
			t.Fatal("allowed before the pack exists")
		}
		if err := db.WithTx(sys, d.Client, func(tx *ent.Tx) error {
			return m.InstallPack(sys, tx, tid, tenant.ModelCurated)
		}); err != nil {
			t.Fatal(err)
		}
		// ...and dropped by the commit.
		if !allowed(t, ctx, m, v, ResourceOrganization, ActionRegister) {
			t.Fatal("pack not applied after commit")
		}
		if got, want := len(storedRules(t, m, tid)), len(mustPack(t, tenant.ModelCurated)); got != want {
			t.Fatalf("%d rules stored, want %d", got, want)
		}
	})
}

// TestManager_NoStaleEnforcerAfterConcurrentEdits: loads racing with edits never leave
// an enforcer in the cache that predates the last edit.
func TestManager_NoStaleEnforcerAfterConcurrentEdits(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		m := newTestManager(t, d.Client, nil)
		tid := newTenantWithPack(t, d, m, "a", tenant.ModelCurated)
		v := viewer(tid, RoleOpsAgent)
		rule := Allow(RoleOpsAgent, ResourceKPI, ActionRead) // in the pack

		stop := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := m.Allowed(ctx, v, ResourceKPI, ActionRead); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		for i := range 10 {
			var err error
			if i%2 == 0 {
				err = m.RemoveRules(ctx, tid, rule)
			} else {
				err = m.AddRules(ctx, tid, rule)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if err := m.RemoveRules(ctx, tid, rule); err != nil {
			t.Fatal(err)
		}
		close(stop)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if allowed(t, ctx, m, v, ResourceKPI, ActionRead) {
			t.Fatal("a stale enforcer outlived the last edit")
		}
	})
}

// TestManager_PropagatesChangesAcrossReplicas: two Managers on one database and one
// Redis, as two replicas; an edit through one changes the other's answer within a
// second.
func TestManager_PropagatesChangesAcrossReplicas(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		rdb, _ := testenv.Redis(t)
		ctx, cancel := context.WithCancel(t.Context())
		channel := testChannel()
		r1 := newTestManager(t, d.Client, rdb, WithChannel(channel))
		r2 := newTestManager(t, d.Client, rdb, WithChannel(channel))
		// Installed before the replicas listen, so the install's own announcement cannot
		// arrive in the middle of the test.
		tid := newTenantWithPack(t, d, r1, "a", tenant.ModelCurated)
		runErr := make(chan error, 2)
		for _, r := range []*Manager{r1, r2} {
			go func() { runErr <- r.Run(ctx) }()
		}
		t.Cleanup(func() {
			cancel()
			for range 2 {
				if err := <-runErr; err != nil {
					t.Errorf("Run: %v", err)
				}
			}
		})
		for _, r := range []*Manager{r1, r2} {
			select {
			case <-r.Ready():
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not subscribe")
			}
		}

		v := viewer(tid, RoleBuyerAdmin)
		// r2 caches the tenant's enforcer.
		if !allowed(t, ctx, r2, v, ResourceOrganization, ActionRegister) {
			t.Fatal("r2: buyer admin cannot register before the edit")
		}
		if _, ok := r2.cache.Peek(tid); !ok {
			t.Fatal("r2 did not cache the enforcer")
		}
		// A control replica that does not listen keeps its cached answer: the change
		// reaches r2 through pub/sub, not through some other path.
		deaf := newTestManager(t, d.Client, nil)
		if !allowed(t, ctx, deaf, v, ResourceOrganization, ActionRegister) {
			t.Fatal("control: buyer admin cannot register before the edit")
		}

		waitFor := func(want bool) time.Duration {
			t.Helper()
			start := time.Now()
			for time.Since(start) < time.Second {
				if allowed(t, ctx, r2, v, ResourceOrganization, ActionRegister) == want {
					return time.Since(start)
				}
				time.Sleep(2 * time.Millisecond)
			}
			t.Fatalf("r2 still answers %v after 1s", !want)
			return 0
		}

		start := time.Now()
		if err := r1.RemoveRules(ctx, tid, Allow(RoleBuyerAdmin, ResourceOrganization, ActionRegister)); err != nil {
			t.Fatal(err)
		}
		if allowed(t, ctx, r1, v, ResourceOrganization, ActionRegister) {
			t.Fatal("r1 still allows after its own edit")
		}
		lat := waitFor(false)
		t.Logf("removal seen by r2 %v after the edit returned (edit took %v)", lat, time.Since(start)-lat)
		if !allowed(t, ctx, deaf, v, ResourceOrganization, ActionRegister) {
			t.Fatal("control: the non-listening replica changed its answer")
		}

		if err := r1.AddRules(ctx, tid, Allow(RoleBuyerAdmin, ResourceOrganization, ActionRegister)); err != nil {
			t.Fatal(err)
		}
		t.Logf("addition seen by r2 %v after the edit returned", waitFor(true))
	})
}

// TestManager_Run_ResubscribeEmptiesCache: a (re)subscription drops every cached
// enforcer, since changes announced while disconnected are lost.
func TestManager_Run_ResubscribeEmptiesCache(t *testing.T) {
	rdb, _ := testenv.Redis(t)
	m := newTestManager(t, nil, rdb, WithChannel(testChannel()))
	tid := uuid.New()
	if _, err := m.preload(t.Context(), tid, mustPack(t, tenant.ModelCurated)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case <-m.Ready():
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not subscribe")
	}
	if m.cache.Len() != 0 {
		t.Fatal("cache kept entries across a subscription")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestNewManager_RejectsBadSize(t *testing.T) {
	if _, err := NewManager(nil, nil, nil, 0); err == nil {
		t.Fatal("size 0 accepted")
	}
}
