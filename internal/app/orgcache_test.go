package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// Two replicas share PostgreSQL and Redis, each with its own organization cache. A
// write on one is seen by the next read on the other (eviction through pub/sub), a
// cached organization never answers another marketplace's viewer, and a read that
// raced a write does not keep the old row.
func TestOrganizationCacheAcrossReplicas(t *testing.T) {
	dbURL := testenv.NewPostgresDatabase(t)
	_, opt := testenv.Redis(t)
	redisURL := "redis://" + opt.Addr + "/" + itoa(opt.DB)
	a := newHarness(t, options{databaseURL: dbURL, redisURL: redisURL})
	b := newHarness(t, options{databaseURL: dbURL, redisURL: redisURL, skipSeed: true})
	for _, h := range []*harness{a, b} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { defer close(done); _ = h.App.OrgCache.Run(ctx) }()
		t.Cleanup(func() { cancel(); <-done })
	}

	sys := tenant.SystemContext(context.Background(), tenant.SystemTest)
	curated := a.App.DB.Client.Tenant.Query().Where(enttenant.Slug("demo-curated")).OnlyX(sys)
	org := a.App.DB.Client.Organization.Query().
		Where(organization.TenantID(curated.ID), organization.LegalName("Rhein Spezialchemie GmbH")).OnlyX(sys)
	path := "/api/v1/organizations/" + org.ID.String()
	buyer := a.login("demo-curated", "buyer_purchaser")
	name := func() any { return a.do("GET", path, buyer, nil).JSON(t)["legal_name"] }

	// Fill replica A's cache (the subscription must be up before anything is stored).
	deadline := time.Now().Add(5 * time.Second)
	for {
		name()
		if _, ok := a.App.OrgCache.Get(org.ID); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("replica A never cached the organization")
		}
		time.Sleep(10 * time.Millisecond)
	}

	// Replica B renames it in a transaction: A's next reads see the new name within
	// the pub/sub delay, not after the TTL.
	err := db.WithTx(sys, b.App.DB.Client, func(tx *ent.Tx) error {
		return tx.Organization.UpdateOneID(org.ID).SetLegalName("Rhein Spezialchemie SE").Exec(sys)
	})
	if err != nil {
		t.Fatal(err)
	}
	waitUntil(t, time.Second, "replica A to see replica B's write", func() bool {
		return name() == "Rhein Spezialchemie SE"
	})

	// Blocking the seller on B hides it from buyers on A at once.
	name()
	b.App.DB.Client.Organization.UpdateOneID(org.ID).
		SetOnboardingStatus(organization.OnboardingStatusBlocked).ExecX(sys)
	waitUntil(t, time.Second, "the blocked seller to disappear on replica A", func() bool {
		return a.do("GET", path, buyer, nil).Status == 404
	})

	// Bulk updates evict every row they touch.
	b.App.DB.Client.Organization.UpdateOneID(org.ID).
		SetOnboardingStatus(organization.OnboardingStatusApproved).ExecX(sys)
	waitUntil(t, time.Second, "the seller to come back", func() bool { return name() == "Rhein Spezialchemie SE" })
	b.App.DB.Client.Organization.Update().Where(organization.TenantID(curated.ID), organization.ID(org.ID)).
		SetLegalName("Rhein Spezialchemie AG").ExecX(sys)
	waitUntil(t, time.Second, "a bulk update to evict", func() bool { return name() == "Rhein Spezialchemie AG" })

	// The cached row of one marketplace never answers another marketplace's viewer.
	name()
	if _, ok := a.App.OrgCache.Get(org.ID); !ok {
		t.Fatal("expected the organization cached")
	}
	foreign := a.login("demo-portal", "marketplace_admin")
	if r := a.do("GET", path, foreign, nil); r.Status != 404 {
		t.Fatalf("another marketplace's admin read a cached organization: %d %s", r.Status, r.Body)
	}

	// A loader that read the old row before a write does not store it after.
	gen := a.App.OrgCache.Gen()
	old := a.App.DB.Client.Organization.GetX(sys, org.ID)
	b.App.DB.Client.Organization.UpdateOneID(org.ID).SetLegalName("Rhein Spezialchemie KG").ExecX(sys)
	waitUntil(t, time.Second, "the eviction", func() bool { return a.App.OrgCache.Gen() != gen })
	a.App.OrgCache.Put(org.ID, old, gen)
	if name() != "Rhein Spezialchemie KG" {
		t.Fatal("a read that raced a write kept the old row")
	}
}

func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
