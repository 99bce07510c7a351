package search_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// A search matching more than its cap counts and ranks the first Cap hits, says so,
// and without text still pages through everything; another tenant's products (same
// words, so the same lexemes but another tag) never count.
func TestSearch_CapsTheHitsItReads(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		sys := tenant.SystemContext(ctx, tenant.SystemTest)
		mk := func(slug string, n int) *tenant.Viewer {
			tn := d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
			v := &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest}
			vc := tenant.NewContext(ctx, v)
			seller := d.Client.Organization.Create().SetKind(organization.KindSeller).SetLegalName(slug + " GmbH").
				SetCountry("DE").SetOnboardingStatus("approved").SaveX(vc)
			tx, err := d.Client.Tx(vc)
			if err != nil {
				t.Fatal(err)
			}
			for i := range n {
				p := tx.Product.Create().SetSellerID(seller.ID).SetSku(fmt.Sprintf("AC-%03d", i)).
					SetName(fmt.Sprintf("acetic acid %d", i)).SetDescription("acid").SetHsCode("291521").
					SetCountryOfOrigin("DE").SetUnit("KGM").SetApprovedRevision(1).SaveX(vc)
				if err := search.NewIndexer(d.Dialect).Products(vc, tx, p.ID); err != nil {
					t.Fatal(err)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			return &tenant.Viewer{TenantID: tn.ID}
		}
		a := mk("cap-a", 5)
		mk("cap-b", 4)
		vc := tenant.NewContext(ctx, a)
		s := search.New(d.Dialect)
		sc := search.Scope{All: true, Now: time.Now()}
		text, err := search.ParseText("aceti")
		if err != nil {
			t.Fatal(err)
		}
		run := func(q search.Query) search.Result {
			q.Currency, q.Limit = "EUR", 10
			r, err := s.Search(vc, d.Client, q, sc)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		if r := run(search.Query{Text: text}); r.Facets.Capped || r.Facets.Total != 5 || len(r.Hits) != 5 {
			t.Fatalf("uncapped: capped %v total %d hits %d", r.Facets.Capped, r.Facets.Total, len(r.Hits))
		}
		r := run(search.Query{Text: text, Cap: 3})
		if !r.Facets.Capped || r.Facets.Total != 3 || len(r.Hits) != 3 || r.Facets.Origins[0].Count != 3 {
			t.Fatalf("capped: capped %v total %d hits %d facets %+v", r.Facets.Capped, r.Facets.Total, len(r.Hits), r.Facets)
		}
		// Reading exactly the cap, the search cannot tell whether there are more: capped.
		if r := run(search.Query{Text: text, Cap: 5}); !r.Facets.Capped || r.Facets.Total != 5 || len(r.Hits) != 5 {
			t.Fatalf("at the cap: capped %v total %d hits %d", r.Facets.Capped, r.Facets.Total, len(r.Hits))
		}
		if r := run(search.Query{Text: text, Cap: 6}); r.Facets.Capped || r.Facets.Total != 5 {
			t.Fatalf("under the cap: capped %v total %d", r.Facets.Capped, r.Facets.Total)
		}
		r = run(search.Query{Cap: 3})
		if !r.Facets.Capped || r.Facets.Total != 3 || len(r.Hits) != 5 || r.Next != nil {
			t.Fatalf("browse capped: capped %v total %d hits %d", r.Facets.Capped, r.Facets.Total, len(r.Hits))
		}
		for i := 1; i < len(r.Hits); i++ {
			if r.Hits[i-1].ID.String() >= r.Hits[i].ID.String() {
				t.Fatalf("browse not in id order: %v", r.Hits)
			}
		}
		// Keyset pages over the ranked hits: two, two, one, no repeats.
		seen := map[string]bool{}
		var after *search.Cursor
		for page := 0; ; page++ {
			q := search.Query{Text: text, After: after, Currency: "EUR", Limit: 2}
			r, err := s.Search(vc, d.Client, q, sc)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range r.Hits {
				if seen[h.SKU] {
					t.Fatalf("page %d repeats %s", page, h.SKU)
				}
				seen[h.SKU] = true
			}
			if r.Next == nil {
				break
			}
			after = r.Next
		}
		if len(seen) != 5 {
			t.Fatalf("pages gave %d products, want 5", len(seen))
		}
	})
}
