package app_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// publishedProduct creates a product as the seller and gets it published (approved by
// the marketplace admin in a curated marketplace).
func publishedProduct(t *testing.T, h *harness, slug, seller, sku string) string {
	t.Helper()
	r := h.do("POST", "/api/v1/products", seller, acid(sku))
	if r.Status != 201 {
		t.Fatalf("create product: %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	if r := h.do("POST", "/api/v1/products/"+id+"/submit", seller, nil); r.Status != 200 {
		t.Fatalf("submit: %d %s", r.Status, r.Body)
	}
	if slug == "demo-curated" {
		admin := h.login(slug, "marketplace_admin")
		if r := h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{"decision": "approve"}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
	}
	return id
}

// orgOf is the id of the (first) organization the token acts for.
func orgOf(t *testing.T, h *harness, tok string) string {
	t.Helper()
	return h.do("GET", "/api/v1/me", tok, nil).JSON(t)["organizations"].([]any)[0].(map[string]any)["id"].(string)
}

// newOrg adds an approved organization of kind to the marketplace behind the API's back.
func newOrg(t *testing.T, h *harness, slug string, kind organization.Kind, name string) uuid.UUID {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
	tctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
	return h.App.DB.Client.Organization.Create().SetKind(kind).SetLegalName(name).SetCountry("FR").
		SetOnboardingStatus("approved").SaveX(tctx).ID
}

// rivalSeller gives the demo distributor_ops user a seller_catalog membership in a second
// seller and returns its token.
func rivalSeller(t *testing.T, h *harness, slug string) string {
	t.Helper()
	other := newOrg(t, h, slug, organization.KindSeller, "Rival Chemicals SA")
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
	tctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
	admin := h.login(slug, "marketplace_admin")
	var userID string
	for _, u := range h.do("GET", "/api/v1/memberships?limit=200", admin, nil).JSON(t)["items"].([]any) {
		if u.(map[string]any)["user_email"] == "distributor_ops@"+slug+".example" {
			userID = u.(map[string]any)["user_id"].(string)
		}
	}
	h.App.DB.Client.Membership.Create().SetUserID(uuidOf(t, userID)).SetOrganizationID(other).SetRole("seller_catalog").ExecX(tctx)
	return h.login(slug, "distributor_ops")
}

// bagOffer is a chemical in 25 kg bags, up to 10 t a line, with three EUR tiers and
// a USD list; extra price lists are appended.
func bagOffer(extra ...map[string]any) map[string]any {
	lists := []map[string]any{
		{"currency": "EUR", "tiers": []map[string]any{
			{"min_qty": "0", "unit_price": "12.50"}, {"min_qty": "100", "unit_price": "11.00"}, {"min_qty": "1000", "unit_price": "9.50"},
		}},
		{"currency": "USD", "tiers": []map[string]any{{"min_qty": "0", "unit_price": "14"}}},
	}
	return map[string]any{
		"moq": "25", "increment": "25", "max_qty": "10000", "lead_time_days": 14,
		"incoterms": []string{"FCA", "DAP"}, "visibility": "all_buyers",
		"price_lists": append(lists, extra...),
	}
}

func quote(t *testing.T, h *harness, tok, offerID, qty, cur, inco string) response {
	t.Helper()
	return h.do("POST", "/api/v1/offers/"+offerID+"/quote", tok, map[string]any{"qty": qty, "currency": cur, "incoterm": inco})
}

func TestOffers_SellerPricesBuyerQuotes(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_catalog")
		buyer := h.login(slug, "buyer_purchaser")
		admin := h.login(slug, "marketplace_admin")
		buyerOrg := orgOf(t, h, buyer)
		pid := publishedProduct(t, h, slug, seller, "ACA-OFFER")

		// A seller's group, empty for now, with its own EUR list on the offer.
		r := h.do("POST", "/api/v1/buyer-groups", seller, map[string]any{"name": "Distribution partners"})
		if r.Status != 201 {
			t.Fatalf("create group: %d %s", r.Status, r.Body)
		}
		group := r.JSON(t)["id"].(string)
		if r := h.do("POST", "/api/v1/buyer-groups", seller, map[string]any{"name": "Distribution partners"}); r.Status != 409 {
			t.Fatalf("duplicate group name: %d", r.Status)
		}
		r = h.do("POST", "/api/v1/products/"+pid+"/offers", seller, bagOffer(map[string]any{
			"currency": "EUR", "buyer_group_id": group, "tiers": []map[string]any{{"min_qty": "0", "unit_price": "10.00"}},
		}))
		if r.Status != 201 {
			t.Fatalf("create offer: %d %s", r.Status, r.Body)
		}
		o := r.JSON(t)
		oid := o["id"].(string)
		if o["moq"] != "25" || o["max_qty"] != "10000" || len(o["price_lists"].([]any)) != 3 {
			t.Fatalf("offer: %v", o)
		}

		// A buyer outside the group sees the general lists only.
		offers := h.do("GET", "/api/v1/products/"+pid+"/offers", buyer, nil).JSON(t)["items"].([]any)
		if len(offers) != 1 || len(offers[0].(map[string]any)["price_lists"].([]any)) != 2 {
			t.Fatalf("buyer's offers: %v", offers)
		}

		tests := []struct {
			name, qty, cur, inco string
			status               int
			unit                 string
			total                float64
			next                 string // next tier's qty, "" for none
			fields               []string
		}{
			{"first tier", "75", "EUR", "FCA", 200, "12.50", 93750, "100", nil},
			{"tier boundary", "100", "EUR", "fca", 200, "11.00", 110000, "1000", nil},
			{"top tier", "1000", "EUR", "DAP", 200, "9.50", 950000, "", nil},
			{"other currency", "50", "USD", "FCA", 200, "14", 70000, "", nil},
			{"currency not offered", "50", "GBP", "FCA", 400, "", 0, "", []string{"/currency"}},
			{"incoterm not offered", "50", "EUR", "CIF", 400, "", 0, "", []string{"/incoterm"}},
			{"below MOQ", "10", "EUR", "FCA", 400, "", 0, "", []string{"/qty"}},
			{"not an increment", "30", "EUR", "FCA", 400, "", 0, "", []string{"/qty"}},
			{"above max", "10025", "EUR", "FCA", 400, "", 0, "", []string{"/qty"}},
			{"not a number", "1e3", "EUR", "FCA", 400, "", 0, "", []string{"/qty"}},
			{"everything wrong", "30", "GBP", "CIF", 400, "", 0, "", []string{"/currency", "/incoterm", "/qty"}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := quote(t, h, buyer, oid, tt.qty, tt.cur, tt.inco)
				if r.Status != tt.status {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				if tt.status != 200 {
					got := slices.Compact(fields(t, r))
					if !slices.Equal(got, tt.fields) {
						t.Fatalf("fields %v, want %v: %s", got, tt.fields, r.Body)
					}
					return
				}
				q := r.JSON(t)
				lt := q["line_total"].(map[string]any)
				if q["unit_price"] != tt.unit || lt["amount"].(float64) != tt.total || lt["currency"] != tt.cur {
					t.Fatalf("quote %v", q)
				}
				next, _ := q["next_tier"].(map[string]any)
				if (tt.next == "") != (next == nil) || (next != nil && next["qty"] != tt.next) {
					t.Fatalf("next tier %v, want %q", next, tt.next)
				}
			})
		}

		// In the group, the group's list wins even where the general tier is cheaper.
		r = h.do("PUT", "/api/v1/buyer-groups/"+group+"/members/"+buyerOrg, seller, nil)
		if r.Status != 200 || !strings.Contains(string(r.Body), buyerOrg) {
			t.Fatalf("add member: %d %s", r.Status, r.Body)
		}
		q := quote(t, h, buyer, oid, "1000", "EUR", "FCA").JSON(t)
		if q["unit_price"] != "10.00" || q["price_list_buyer_group_id"] != group {
			t.Fatalf("group price: %v", q)
		}
		// The buyer sees its group, not who else is in it.
		// (The demo seed already puts the buyer in each seller's "Key accounts".)
		gs := h.do("GET", "/api/v1/buyer-groups", buyer, nil).JSON(t)["items"].([]any)
		var mine []any
		for _, g := range gs {
			if g.(map[string]any)["member_ids"] != nil {
				t.Fatalf("a buyer sees who else is in a group: %v", g)
			}
			if g.(map[string]any)["id"] == group {
				mine = append(mine, g)
			}
		}
		if len(mine) != 1 {
			t.Fatalf("buyer's groups: %v", gs)
		}
		if r := h.do("PUT", "/api/v1/buyer-groups/"+group+"/members/"+orgOf(t, h, seller), seller, nil); r.Status != 400 {
			t.Fatalf("a seller as member: %d", r.Status)
		}
		if r := h.do("DELETE", "/api/v1/buyer-groups/"+group, seller, nil); r.Status != 409 {
			t.Fatalf("delete a group in use: %d", r.Status)
		}

		// Inactive: the buyer no longer lists it and cannot price it.
		off := bagOffer()
		off["active"] = false
		if r := h.do("PUT", "/api/v1/offers/"+oid, seller, off); r.Status != 200 || r.JSON(t)["active"] != false {
			t.Fatalf("deactivate: %d %s", r.Status, r.Body)
		}
		if r := quote(t, h, buyer, oid, "100", "EUR", "FCA"); r.Status != 422 {
			t.Fatalf("quote inactive: %d %s", r.Status, r.Body)
		}
		if n := len(h.do("GET", "/api/v1/products/"+pid+"/offers", buyer, nil).JSON(t)["items"].([]any)); n != 0 {
			t.Fatalf("buyer lists an inactive offer")
		}
		if n := len(h.do("GET", "/api/v1/products/"+pid+"/offers", seller, nil).JSON(t)["items"].([]any)); n != 1 {
			t.Fatalf("seller lost its inactive offer")
		}
		// The group is free now.
		if r := h.do("DELETE", "/api/v1/buyer-groups/"+group, seller, nil); r.Status != 204 {
			t.Fatalf("delete group: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", "/api/v1/offers/"+oid, seller, nil); r.Status != 204 {
			t.Fatalf("delete offer: %d %s", r.Status, r.Body)
		}

		events := string(h.do("GET", "/api/v1/audit/events?limit=200", admin, nil).Body)
		for _, a := range []string{"offer.create", "offer.update", "offer.delete", "buyer_group.create",
			"buyer_group.member_add", "buyer_group.delete"} {
			if !strings.Contains(events, `"`+a+`"`) {
				t.Errorf("audit lacks %s", a)
			}
		}
	})
}

func TestOffers_InvalidOfferListsEveryFieldAndSavesNothing(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	seller := h.login("demo-curated", "seller_catalog")
	pid := publishedProduct(t, h, "demo-curated", seller, "ACA-BAD")
	bad := bagOffer(map[string]any{"currency": "EUR", "buyer_group_id": uuid.NewString(),
		"tiers": []map[string]any{{"min_qty": "0", "unit_price": "1"}}})
	bad["moq"] = "30"
	bad["max_qty"] = "1.0005"
	bad["incoterms"] = []string{"FCA", "XYZ"}
	bad["invited_buyer_ids"] = []string{orgOf(t, h, seller)}
	lists := bad["price_lists"].([]map[string]any)
	lists[0]["tiers"] = []map[string]any{{"min_qty": "0", "unit_price": "12.50"}, {"min_qty": "0", "unit_price": "11.123456789012"}}
	lists[1]["currency"] = "ABC"
	r := h.do("POST", "/api/v1/products/"+pid+"/offers", seller, bad)
	if r.Status != 400 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	want := []string{"/incoterms/1", "/invited_buyer_ids/0", "/max_qty", "/moq", "/price_lists/0/tiers/1/min_qty",
		"/price_lists/0/tiers/1/unit_price", "/price_lists/1/currency", "/price_lists/2/buyer_group_id"}
	if got := fields(t, r); !slices.Equal(got, want) {
		t.Fatalf("fields %v\nwant   %v\n%s", got, want, r.Body)
	}
	if n := len(h.do("GET", "/api/v1/products/"+pid+"/offers", seller, nil).JSON(t)["items"].([]any)); n != 0 {
		t.Fatalf("an invalid offer was saved")
	}
}

func TestOffers_VisibilityHidesOffersFromOtherBuyers(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_catalog")
		buyer := h.login(slug, "buyer_purchaser")
		buyerOrg := orgOf(t, h, buyer)
		other := newOrg(t, h, slug, organization.KindBuyer, "Other Buyer SARL").String()
		pid := publishedProduct(t, h, slug, seller, "ACA-VIS")

		// Offered to a group without our buyer, and by invitation to another buyer.
		group := h.do("POST", "/api/v1/buyer-groups", seller, map[string]any{"name": "France", "member_ids": []string{other}}).JSON(t)["id"].(string)
		byGroup := bagOffer()
		byGroup["visibility"] = "buyer_groups"
		byGroup["buyer_group_ids"] = []string{group}
		invited := bagOffer()
		invited["visibility"] = "invited_buyers"
		invited["invited_buyer_ids"] = []string{other}
		var ids []string
		for _, body := range []map[string]any{byGroup, invited} {
			r := h.do("POST", "/api/v1/products/"+pid+"/offers", seller, body)
			if r.Status != 201 {
				t.Fatalf("create: %d %s", r.Status, r.Body)
			}
			ids = append(ids, r.JSON(t)["id"].(string))
		}
		for _, id := range ids {
			if r := h.do("GET", "/api/v1/offers/"+id, buyer, nil); r.Status != 404 {
				t.Errorf("buyer reads a hidden offer: %d", r.Status)
			}
			if r := quote(t, h, buyer, id, "100", "EUR", "FCA"); r.Status != 404 {
				t.Errorf("buyer prices a hidden offer: %d %s", r.Status, r.Body)
			}
		}
		if n := len(h.do("GET", "/api/v1/products/"+pid+"/offers", buyer, nil).JSON(t)["items"].([]any)); n != 0 {
			t.Fatalf("buyer lists %d hidden offers", n)
		}

		// Invited, the buyer sees the offer, and only its own invitation.
		invited["invited_buyer_ids"] = []string{other, buyerOrg}
		if r := h.do("PUT", "/api/v1/offers/"+ids[1], seller, invited); r.Status != 200 {
			t.Fatalf("invite: %d %s", r.Status, r.Body)
		}
		r := h.do("GET", "/api/v1/offers/"+ids[1], buyer, nil)
		if r.Status != 200 {
			t.Fatalf("invited buyer: %d %s", r.Status, r.Body)
		}
		if inv := r.JSON(t)["invited_buyer_ids"].([]any); len(inv) != 1 || inv[0] != buyerOrg {
			t.Fatalf("buyer sees invitees %v", inv)
		}
		if r := quote(t, h, buyer, ids[1], "100", "EUR", "FCA"); r.Status != 200 {
			t.Fatalf("invited quote: %d %s", r.Status, r.Body)
		}
		// In the group, the buyer sees that offer too.
		h.do("PUT", "/api/v1/buyer-groups/"+group+"/members/"+buyerOrg, seller, nil)
		if n := len(h.do("GET", "/api/v1/products/"+pid+"/offers", buyer, nil).JSON(t)["items"].([]any)); n != 2 {
			t.Fatalf("buyer lists %d offers, want 2", n)
		}
		// A buyer cannot manage groups.
		if r := h.do("POST", "/api/v1/buyer-groups", buyer, map[string]any{"name": "Mine"}); r.Status != 403 {
			t.Fatalf("buyer creates a group: %d", r.Status)
		}
	})
}

func TestOffers_OtherSellerAndOtherTenantGet404(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_catalog")
		pid := publishedProduct(t, h, slug, seller, "ACA-OWN")
		group := h.do("POST", "/api/v1/buyer-groups", seller, map[string]any{"name": "Mine"}).JSON(t)["id"].(string)
		oid := h.do("POST", "/api/v1/products/"+pid+"/offers", seller, bagOffer()).JSON(t)["id"].(string)
		buyerOrg := orgOf(t, h, h.login(slug, "buyer_purchaser"))

		rival := rivalSeller(t, h, slug)
		portal := h.login("demo-portal", "seller_admin")
		portalBuyer := h.login("demo-portal", "buyer_purchaser")
		for who, tok := range map[string]string{"other seller": rival, "other tenant": portal} {
			for _, tt := range []struct {
				method, path string
				body         any
			}{
				{"POST", "/api/v1/products/" + pid + "/offers", bagOffer()},
				{"PUT", "/api/v1/offers/" + oid, bagOffer()},
				{"DELETE", "/api/v1/offers/" + oid, nil},
				{"PUT", "/api/v1/buyer-groups/" + group, map[string]any{"name": "evil"}},
				{"PUT", "/api/v1/buyer-groups/" + group + "/members/" + buyerOrg, nil},
				{"DELETE", "/api/v1/buyer-groups/" + group, nil},
				{"GET", "/api/v1/buyer-groups/" + group, nil},
			} {
				if r := h.do(tt.method, tt.path, tok, tt.body); r.Status != 404 {
					t.Errorf("%s %s %s: %d %s", who, tt.method, tt.path, r.Status, r.Body)
				}
			}
		}
		for _, p := range []string{"/api/v1/offers/" + oid, "/api/v1/products/" + pid + "/offers"} {
			if r := h.do("GET", p, portal, nil); r.Status != 404 {
				t.Errorf("other tenant GET %s: %d", p, r.Status)
			}
		}
		if r := quote(t, h, portalBuyer, oid, "100", "EUR", "FCA"); r.Status != 404 {
			t.Errorf("other tenant's buyer prices the offer: %d", r.Status)
		}
		// The rival's group list does not show ours.
		if gs := h.do("GET", "/api/v1/buyer-groups", rival, nil).JSON(t)["items"].([]any); len(gs) != 0 {
			t.Errorf("other seller lists groups %v", gs)
		}
		// The offer is intact.
		if r := h.do("GET", "/api/v1/offers/"+oid, seller, nil); r.Status != 200 || r.JSON(t)["moq"] != "25" {
			t.Fatalf("offer after attacks: %d %s", r.Status, r.Body)
		}
	})
}

func TestDemoCatalog_BuyerGetsTheKeyAccountPrice(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	buyer := h.login("demo-curated", "buyer_purchaser")
	hits := h.do("GET", "/api/v1/products?q=CHEM-CIT-ANH", buyer, nil).JSON(t)["items"].([]any)
	if len(hits) != 1 {
		t.Fatalf("demo product: %v", hits)
	}
	pid := hits[0].(map[string]any)["id"].(string)
	offers := h.do("GET", "/api/v1/products/"+pid+"/offers", buyer, nil)
	if offers.Status != 200 {
		t.Fatalf("offers: %d %s", offers.Status, offers.Body)
	}
	items := offers.JSON(t)["items"].([]any)
	if len(items) != 1 {
		t.Fatalf("offers: %s", offers.Body)
	}
	oid := items[0].(map[string]any)["id"].(string)
	q := quote(t, h, buyer, oid, "100", "EUR", "FCA")
	if q.Status != 200 {
		t.Fatalf("quote: %d %s", q.Status, q.Body)
	}
	line := q.JSON(t)["line_total"].(map[string]any)
	// 100 kg at the key-account price: 1.40 EUR/kg list, 10 % off.
	if line["amount"].(float64) != 12600 || line["currency"] != "EUR" {
		t.Fatalf("line total %v", line)
	}
	if r := quote(t, h, buyer, oid, "30", "EUR", "FCA"); r.Status != 400 {
		t.Fatalf("30 kg is not a multiple of the 25 kg step: %d %s", r.Status, r.Body)
	}
}
