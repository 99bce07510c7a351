package search_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/catalog/search"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// factsWant is what a viewer should see of one product: computed here from the offers
// themselves (orderable, visible, priced by bestPrice over search.OfferRows),
// not from the index.
type factsWant struct {
	mask  int
	price *int64
}

func visibleTo(o *ent.Offer, sc search.Scope) bool {
	if sc.All || slices.Contains(sc.OwnSellers, o.SellerID) {
		return true
	}
	var aud []string
	switch o.Visibility {
	case offer.VisibilityAllBuyers:
		aud = []string{search.AudienceAll}
	case offer.VisibilityInvitedBuyers:
		for _, id := range o.InvitedBuyerIds {
			aud = append(aud, search.AudienceOrg(id))
		}
	case offer.VisibilityBuyerGroups:
		for _, id := range o.BuyerGroupIds {
			aud = append(aud, search.AudienceGroup(id))
		}
	}
	return slices.ContainsFunc(aud, func(a string) bool { return slices.Contains(sc.Audiences, a) })
}

// bestPrice is the pricing rule on index rows: per offer the buyer's group lists if it
// has any in cur, else the general list; the lowest over the offers.
func bestPrice(rows []*ent.SearchOffer, groups []uuid.UUID, cur string) *int64 {
	type acc struct{ group, general *int64 }
	per := map[uuid.UUID]*acc{}
	lower := func(p **int64, v int64) {
		if *p == nil || v < **p {
			*p = &v
		}
	}
	for _, r := range rows {
		if r.Currency != cur {
			continue
		}
		a := per[r.OfferID]
		if a == nil {
			a = &acc{}
			per[r.OfferID] = a
		}
		switch {
		case r.ListGroupID == nil:
			lower(&a.general, r.PriceMinor)
		case slices.Contains(groups, *r.ListGroupID):
			lower(&a.group, r.PriceMinor)
		}
	}
	var best *int64
	for _, a := range per {
		p := a.general
		if a.group != nil {
			p = a.group
		}
		if p != nil {
			lower(&best, *p)
		}
	}
	return best
}

func wantFacts(offers []*ent.Offer, sc search.Scope, cur string) factsWant {
	var w factsWant
	var rows []*ent.SearchOffer
	for _, o := range offers {
		if !o.Active || (o.ValidFrom != nil && o.ValidFrom.After(sc.Now)) || (o.ValidTo != nil && !o.ValidTo.After(sc.Now)) || !visibleTo(o, sc) {
			continue
		}
		for _, t := range o.Incoterms {
			w.mask |= search.IncotermBit(t)
		}
		rows = append(rows, search.OfferRows(o)...)
	}
	w.price = bestPrice(rows, sc.Groups, cur)
	return w
}

// The offer facts search counts and filters by (Incoterms, availability, lowest price)
// agree, for every kind of viewer and both currencies, with the facts computed from the
// offers: whether an entry is answered from its precomputed facts for viewers without
// keys, from the facts of the one key a viewer holds, or by the per-offer subquery
// (two keys, a validity window, another currency, own products, staff). Products have
// up to three offers for everyone, invited buyers or groups, with group price lists,
// windows and inactive offers mixed at random. Another tenant's products never count.
func TestSearch_OfferFactsMatchTheOffers(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := t.Context()
		sys := tenant.SystemContext(ctx, tenant.SystemTest)
		r := rand.New(rand.NewPCG(3, 14))
		now := time.Now().UTC()
		buyerA, buyerB := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		g1, g2, g3 := uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7()), uuid.Must(uuid.NewV7())
		incos := masterdata.Incoterms()

		type product struct {
			p      *ent.Product
			offers []*ent.Offer
		}
		build := func(slug string, n int) (*tenant.Viewer, []*ent.Organization, []product) {
			tn := d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
			vc := tenant.NewContext(ctx, &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
			var sellers []*ent.Organization
			for i, st := range []string{"approved", "approved", "submitted"} {
				sellers = append(sellers, d.Client.Organization.Create().SetKind(organization.KindSeller).
					SetLegalName(fmt.Sprintf("%s seller %d", slug, i)).SetCountry("DE").SetOnboardingStatus(organization.OnboardingStatus(st)).SaveX(vc))
			}
			tx, err := d.Client.Tx(vc)
			if err != nil {
				t.Fatal(err)
			}
			var ps []product
			var ids []uuid.UUID
			for i := range n {
				seller := sellers[r.IntN(len(sellers))]
				rev := 1
				if r.IntN(10) == 0 {
					rev = 0
				}
				p := tx.Product.Create().SetSellerID(seller.ID).SetSku(fmt.Sprintf("W-%03d", i)).SetName(fmt.Sprintf("widget %d", i)).
					SetDescription("widget").SetHsCode([]string{"291521", "390730", "090411"}[r.IntN(3)]).
					SetCountryOfOrigin([]string{"DE", "FR", "IN"}[r.IntN(3)]).SetUnit("KGM").SetApprovedRevision(rev).SaveX(vc)
				pr := product{p: p}
				for range r.IntN(4) {
					c := tx.Offer.Create().SetSellerID(seller.ID).SetProductID(p.ID).SetActive(r.IntN(8) != 0).
						SetMoq(1000).SetIncrement(1000).SetLeadTimeDays(r.IntN(30)).
						SetIncoterms([]string{string(incos[r.IntN(len(incos))]), string(incos[r.IntN(len(incos))])})
					switch r.IntN(8) {
					case 0:
						c.SetVisibility(offer.VisibilityInvitedBuyers).SetInvitedBuyerIds([]uuid.UUID{buyerA})
					case 1:
						c.SetVisibility(offer.VisibilityInvitedBuyers).SetInvitedBuyerIds([]uuid.UUID{buyerB, buyerA})
					case 2:
						c.SetVisibility(offer.VisibilityBuyerGroups).SetBuyerGroupIds([]uuid.UUID{g1})
					case 3:
						c.SetVisibility(offer.VisibilityBuyerGroups).SetBuyerGroupIds([]uuid.UUID{g2, g3})
					default:
						c.SetVisibility(offer.VisibilityAllBuyers)
					}
					switch r.IntN(10) {
					case 0:
						c.SetValidFrom(now.Add(-time.Hour)).SetValidTo(now.Add(time.Hour))
					case 1:
						c.SetValidTo(now.Add(-time.Hour))
					case 2:
						c.SetValidFrom(now.Add(time.Hour))
					}
					price := func(cur string, g *uuid.UUID) schematype.PriceList {
						a := int64(100 + r.IntN(2_000_000))
						return schematype.PriceList{Currency: cur, BuyerGroupID: g, Tiers: []schematype.PriceTier{
							{MinQty: 0, UnitPriceAmount: a, UnitPriceScale: 2}, {MinQty: 1000000, UnitPriceAmount: a * 9 / 10, UnitPriceScale: 2}}}
					}
					var lists []schematype.PriceList
					if r.IntN(5) != 0 {
						lists = append(lists, price("EUR", nil))
					}
					if r.IntN(2) == 0 {
						lists = append(lists, price("USD", nil))
					}
					for _, g := range []uuid.UUID{g1, g2} {
						if r.IntN(4) == 0 {
							lists = append(lists, price("EUR", &g))
						}
					}
					if r.IntN(6) == 0 {
						lists = append(lists, price("USD", &g1))
					}
					if len(lists) == 0 {
						lists = append(lists, price("EUR", nil))
					}
					pr.offers = append(pr.offers, c.SetPriceLists(lists).SaveX(vc))
				}
				ps = append(ps, pr)
				ids = append(ids, p.ID)
			}
			if err := search.NewIndexer(d.Dialect).Products(vc, tx, ids...); err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			return &tenant.Viewer{TenantID: tn.ID}, sellers, ps
		}
		v, sellers, products := build("facts", 90)
		build("facts-other", 20)
		vc := tenant.NewContext(ctx, v)
		s := search.New(d.Dialect)
		text, err := search.ParseText("widg")
		if err != nil {
			t.Fatal(err)
		}

		aud := func(org uuid.UUID, groups ...uuid.UUID) []string {
			out := []string{search.AudienceAll, search.AudienceOrg(org)}
			for _, g := range groups {
				out = append(out, search.AudienceGroup(g))
			}
			return out
		}
		scopes := []struct {
			name string
			sc   search.Scope
		}{
			{"buyer without groups", search.Scope{OwnSellers: []uuid.UUID{buyerA}, Audiences: aud(buyerA)}},
			{"buyer in one group", search.Scope{OwnSellers: []uuid.UUID{buyerA}, Audiences: aud(buyerA, g1), Groups: []uuid.UUID{g1}}},
			{"buyer in two groups", search.Scope{OwnSellers: []uuid.UUID{buyerA}, Audiences: aud(buyerA, g1, g2), Groups: []uuid.UUID{g1, g2}}},
			{"other buyer", search.Scope{OwnSellers: []uuid.UUID{buyerB}, Audiences: aud(buyerB, g2), Groups: []uuid.UUID{g2}}},
			{"seller that buys", search.Scope{OwnSellers: []uuid.UUID{sellers[0].ID}, Audiences: aud(sellers[0].ID, g1), Groups: []uuid.UUID{g1}}},
			{"seller", search.Scope{OwnSellers: []uuid.UUID{sellers[1].ID}}},
			{"staff", search.Scope{All: true}},
		}
		for _, tc := range scopes {
			for _, cur := range []string{"EUR", "USD"} {
				sc := tc.sc
				sc.Now = now
				want := map[uuid.UUID]factsWant{}
				for _, pr := range products {
					if sc.All || (pr.p.ApprovedRevision > 0 && pr.p.SellerID != sellers[2].ID) || slices.Contains(sc.OwnSellers, pr.p.SellerID) {
						want[pr.p.ID] = wantFacts(pr.offers, sc, cur)
					}
				}
				bounds := search.PriceBounds(cur)
				count := func(keep func(factsWant) bool) int {
					n := 0
					for _, w := range want {
						if keep(w) {
							n++
						}
					}
					return n
				}
				for _, withText := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s/text=%v", tc.name, cur, withText)
					base := search.Query{Currency: cur, Limit: 100}
					if withText {
						base.Text = text
					}
					run := func(q search.Query) search.Result {
						res, err := s.Search(vc, d.Client, q, sc)
						if err != nil {
							t.Fatalf("%s: %v", name, err)
						}
						return res
					}
					res := run(base)
					f := res.Facets
					if f.Total != len(want) || len(res.Hits) != len(want) || f.Capped {
						t.Fatalf("%s: total %d, hits %d, want %d", name, f.Total, len(res.Hits), len(want))
					}
					for _, h := range res.Hits {
						w, ok := want[h.ID]
						if !ok {
							t.Fatalf("%s: unexpected hit %s", name, h.SKU)
						}
						got := h.BestPrice
						if h.Available != (w.mask != 0) || (got == nil) != (w.price == nil) || (got != nil && *got != *w.price) {
							t.Errorf("%s: hit %s available %v price %v, want mask %b price %v", name, h.SKU, h.Available, got, w.mask, w.price)
						}
					}
					if a := count(func(w factsWant) bool { return w.mask != 0 }); f.Available != a || f.NotAvailable != len(want)-a {
						t.Errorf("%s: available %d/%d, want %d/%d", name, f.Available, f.NotAvailable, a, len(want)-a)
					}
					gotInco := map[string]int{}
					for _, c := range f.Incoterms {
						gotInco[c.Value] = c.Count
					}
					for _, in := range incos {
						bit := search.IncotermBit(string(in))
						if n := count(func(w factsWant) bool { return w.mask&bit != 0 }); gotInco[string(in)] != n {
							t.Errorf("%s: incoterm %s counts %d, want %d", name, in, gotInco[string(in)], n)
						}
					}
					bucket := func(p int64) int {
						for i, b := range bounds {
							if p < b {
								return i
							}
						}
						return len(bounds)
					}
					wantBuckets := map[int64]int{}
					for _, w := range want {
						if w.price != nil {
							i := bucket(*w.price)
							lo := int64(0)
							if i > 0 {
								lo = bounds[i-1]
							}
							wantBuckets[lo]++
						}
					}
					gotBuckets := map[int64]int{}
					for _, b := range f.Prices {
						gotBuckets[b.Min] = b.Count
					}
					if fmt.Sprint(gotBuckets) != fmt.Sprint(wantBuckets) {
						t.Errorf("%s: price buckets %v, want %v", name, gotBuckets, wantBuckets)
					}
					// The filters agree too.
					yes, no := true, false
					lo, hi := bounds[1], bounds[2]
					for _, ft := range []struct {
						what string
						q    func(*search.Query)
						keep func(factsWant) bool
					}{
						{"available", func(q *search.Query) { q.Available = &yes }, func(w factsWant) bool { return w.mask != 0 }},
						{"not available", func(q *search.Query) { q.Available = &no }, func(w factsWant) bool { return w.mask == 0 }},
						{"incoterm", func(q *search.Query) { q.Incoterms = []string{"EXW", "FOB"} }, func(w factsWant) bool {
							return w.mask&(search.IncotermBit("EXW")|search.IncotermBit("FOB")) != 0
						}},
						{"price range", func(q *search.Query) { q.PriceMin, q.PriceMax = &lo, &hi }, func(w factsWant) bool {
							return w.price != nil && *w.price >= lo && *w.price <= hi
						}},
					} {
						q := base
						ft.q(&q)
						if got, n := run(q).Facets.Total, count(ft.keep); got != n {
							t.Errorf("%s: filter %s: %d, want %d", name, ft.what, got, n)
						}
					}
				}
			}
		}

		// Pages walk every hit once: ranked pages in rank order, browse pages in id order.
		sc := scopes[1].sc
		sc.Now = now
		for _, withText := range []bool{false, true} {
			q := search.Query{Currency: "EUR", Limit: 7}
			if withText {
				q.Text = text
			}
			seen := map[uuid.UUID]bool{}
			var last *search.Hit
			for range 100 {
				res, err := s.Search(vc, d.Client, q, sc)
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					if seen[h.ID] {
						t.Fatalf("text=%v: %s twice", withText, h.SKU)
					}
					seen[h.ID] = true
					if last != nil && (h.Rank > last.Rank || (h.Rank == last.Rank && h.ID.String() <= last.ID.String())) {
						t.Fatalf("text=%v: %s (%v) after %s (%v)", withText, h.SKU, h.Rank, last.SKU, last.Rank)
					}
					last = &h
				}
				if res.Next == nil {
					break
				}
				q.After = res.Next
			}
			visible := 0
			for _, pr := range products {
				if pr.p.ApprovedRevision > 0 && pr.p.SellerID != sellers[2].ID {
					visible++
				}
			}
			if len(seen) != visible {
				t.Fatalf("text=%v: pages gave %d products, want %d", withText, len(seen), visible)
			}
		}
	})
}
