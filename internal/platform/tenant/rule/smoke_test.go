package rule_test

import (
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestSmoke(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		ta := d.Client.Tenant.Create().SetSlug("a").SetName("A").SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
		tb := d.Client.Tenant.Create().SetSlug("b").SetName("B").SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
		ca := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: ta.ID})
		cb := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tb.ID})
		u := d.Client.User.Create().SetEmail("x@a.example").SetPasswordHash("h").SaveX(ca)
		if u.TenantID != ta.ID {
			t.Fatal("not stamped")
		}
		if n := d.Client.User.Query().CountX(cb); n != 0 {
			t.Fatalf("b sees %d", n)
		}
		if _, err := d.Client.User.Get(cb, u.ID); err == nil {
			t.Fatal("b got a's user")
		}
		if _, err := d.Client.User.Query().Count(t.Context()); err == nil {
			t.Fatal("no viewer allowed")
		}
		if n, err := d.Client.User.Update().SetName("z").Save(cb); err != nil || n != 0 {
			t.Fatalf("update from b: %d %v", n, err)
		}
		if _, err := d.Client.User.Create().SetEmail("y@a.example").SetPasswordHash("h").SetTenantID(tb.ID).Save(ca); err == nil {
			t.Fatal("mismatch allowed")
		}
		if n := d.Client.Tenant.Query().CountX(ca); n != 1 {
			t.Fatalf("tenants visible %d", n)
		}
	})
}
