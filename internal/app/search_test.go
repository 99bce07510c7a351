package app_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"
)

// searchAs runs GET /api/v1/catalog/search with the query parameters.
func searchAs(t *testing.T, h *harness, tok string, params url.Values) map[string]any {
	t.Helper()
	r := h.do("GET", "/api/v1/catalog/search?"+params.Encode(), tok, nil)
	if r.Status != 200 {
		t.Fatalf("search %v: %d %s", params, r.Status, r.Body)
	}
	return r.JSON(t)
}

func q(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func skusOf(res map[string]any) []string {
	out := []string{}
	for _, it := range res["items"].([]any) {
		out = append(out, it.(map[string]any)["sku"].(string))
	}
	return out
}

func hitOf(res map[string]any, sku string) map[string]any {
	for _, it := range res["items"].([]any) {
		if it.(map[string]any)["sku"] == sku {
			return it.(map[string]any)
		}
	}
	return nil
}

func total(res map[string]any) int { return int(res["facets"].(map[string]any)["total"].(float64)) }

func facet(res map[string]any, name string) map[string]int {
	out := map[string]int{}
	for _, v := range res["facets"].(map[string]any)[name].([]any) {
		m := v.(map[string]any)
		out[m["value"].(string)] = int(m["count"].(float64))
	}
	return out
}

func availability(res map[string]any) [2]int {
	a := res["facets"].(map[string]any)["available"].(map[string]any)
	return [2]int{int(a["true"].(float64)), int(a["false"].(float64))}
}

func sameSet(a []string, b ...string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// searchProduct creates a product as the seller with its own name, description, origin
// and HS code, published (through curation in a curated marketplace) if asked.
func searchProduct(t *testing.T, h *harness, slug, seller, sku, name, desc, country, hs string, publish bool) string {
	t.Helper()
	d := acid(sku)
	d["name"], d["description"], d["country_of_origin"], d["hs_code"] = name, desc, country, hs
	r := h.do("POST", "/api/v1/products", seller, d)
	if r.Status != 201 {
		t.Fatalf("create product: %d %s", r.Status, r.Body)
	}
	id := r.JSON(t)["id"].(string)
	if !publish {
		return id
	}
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

func offerFor(t *testing.T, h *harness, seller, pid string, body map[string]any) string {
	t.Helper()
	r := h.do("POST", "/api/v1/products/"+pid+"/offers", seller, body)
	if r.Status != 201 {
		t.Fatalf("create offer: %d %s", r.Status, r.Body)
	}
	return r.JSON(t)["id"].(string)
}

func simpleOffer(incoterms []string, lists ...map[string]any) map[string]any {
	return map[string]any{"moq": "25", "increment": "25", "lead_time_days": 10, "incoterms": incoterms,
		"visibility": "all_buyers", "price_lists": lists}
}

func list(cur, price string) map[string]any {
	return map[string]any{"currency": cur, "tiers": []map[string]any{{"min_qty": "0", "unit_price": price}}}
}

// TestSearch_RanksFiltersFacetsAndVisibility builds a small catalog around the word
// "quokka" in a curated marketplace (two sellers, offers for everyone, for an invited
// buyer and for a buyer group, a draft) plus one product in another marketplace, and
// checks ranking, prefixes, every facet and filter, who sees what, cursor pages and
// that the index follows product, offer and seller changes.
func TestSearch_RanksFiltersFacetsAndVisibility(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_catalog")
		buyer := h.login(slug, "buyer_purchaser")
		distributor := h.login(slug, "distributor_ops") // another buyer organization
		admin := h.login(slug, "marketplace_admin")
		buyerOrg := orgOf(t, h, buyer)

		p1 := searchProduct(t, h, slug, seller, "QK-RESIN", "Quokka resin alpha", "Clear resin.", "de", "3907.30", true)
		offer1 := offerFor(t, h, seller, p1, simpleOffer([]string{"FCA", "DAP"}, list("EUR", "12.50"), list("USD", "14")))
		p2 := searchProduct(t, h, slug, seller, "QK-FILL", "Alpha filler", "Contains quokka extract.", "fr", "2915.21", true)
		inv := simpleOffer([]string{"EXW"}, list("EUR", "100"))
		inv["visibility"], inv["invited_buyer_ids"] = "invited_buyers", []string{buyerOrg}
		offerFor(t, h, seller, p2, inv)
		p3 := searchProduct(t, h, slug, seller, "QK-PELLET", "Quokka pellets", "Pellets.", "fr", "3907.10", true)
		r := h.do("POST", "/api/v1/buyer-groups", seller, map[string]any{"name": "Quokka club"})
		if r.Status != 201 {
			t.Fatalf("group: %d %s", r.Status, r.Body)
		}
		group := r.JSON(t)["id"].(string)
		grp := simpleOffer([]string{"CPT"}, list("EUR", "50"))
		grp["visibility"], grp["buyer_group_ids"] = "buyer_groups", []string{group}
		offerFor(t, h, seller, p3, grp)
		p4 := searchProduct(t, h, slug, seller, "QK-DRAFT", "Quokka draft", "Not yet.", "de", "2915.21", false)
		rival := rivalSeller(t, h, slug)
		rivalOrg := ""
		searchProduct(t, h, slug, rival, "QK-RIVAL", "Quokka rival", "Rival goods.", "de", "2915.21", true)
		searchProduct(t, h, slug, rival, "QK-RIVAL-DRAFT", "Quokka rival draft", "Rival draft.", "de", "2915.21", false)
		searchProduct(t, h, "demo-portal", h.login("demo-portal", "seller_catalog"), "QK-PORTAL", "Quokka portal", "Elsewhere.", "de", "2915.21", true)

		// Ranking: name (weight A) before description (C); prefixes; phrases; exclusions; OR.
		res := searchAs(t, h, buyer, q("q", "quokka"))
		skus := skusOf(res)
		if !sameSet(skus, "QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL") || skus[len(skus)-1] != "QK-FILL" || total(res) != 4 {
			t.Fatalf("quokka: %v (total %d)", skus, total(res))
		}
		for _, it := range res["items"].([]any) {
			m := it.(map[string]any)
			if m["seller_id"] != orgOf(t, h, seller) && m["sku"] != "QK-RIVAL" {
				t.Fatalf("seller of %v", m)
			}
			if m["sku"] == "QK-RIVAL" {
				rivalOrg = m["seller_id"].(string)
				if m["seller_name"] != "Rival Chemicals SA" {
					t.Fatalf("seller name %v", m)
				}
			}
		}
		for _, tt := range []struct {
			q    string
			want []string
		}{
			{"quok", []string{"QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL"}},
			{`"quokka resin"`, []string{"QK-RESIN"}},
			{`"quok resin"`, []string{}},
			{"quokka -resin", []string{"QK-FILL", "QK-PELLET", "QK-RIVAL"}},
			{"pellets OR resin quokka", []string{"QK-RESIN", "QK-PELLET"}},
			{"qk-pell", []string{"QK-PELLET"}},
			{"QUOKKA ALPHA", []string{"QK-RESIN", "QK-FILL"}},
			{"quokka & | ! :* ' ( )", []string{"QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL"}},
		} {
			if got := skusOf(searchAs(t, h, buyer, q("q", tt.q))); !sameSet(got, tt.want...) {
				t.Errorf("q=%q: %v, want %v", tt.q, got, tt.want)
			}
		}

		// Facets over the result, with the buyer's offers only.
		if got := facet(res, "origin"); got["DE"] != 2 || got["FR"] != 2 {
			t.Errorf("origin facet %v", got)
		}
		if got := facet(res, "hs_chapter"); got["39"] != 2 || got["29"] != 2 {
			t.Errorf("chapter facet %v", got)
		}
		if got := facet(res, "seller"); len(got) != 2 || got[rivalOrg] != 1 {
			t.Errorf("seller facet %v", got)
		}
		if got := facet(res, "incoterm"); len(got) != 3 || got["FCA"] != 1 || got["DAP"] != 1 || got["EXW"] != 1 {
			t.Errorf("incoterm facet %v (the group-only CPT offer must not count)", got)
		}
		if got := availability(res); got != [2]int{2, 2} {
			t.Errorf("availability %v", got)
		}
		prices := res["facets"].(map[string]any)["price"].([]any)
		if len(prices) != 2 || prices[0].(map[string]any)["min"].(float64) != 1000 || prices[1].(map[string]any)["min"].(float64) != 10000 {
			t.Errorf("price facet %v", prices)
		}
		if h1 := hitOf(res, "QK-RESIN"); h1["best_price"].(map[string]any)["amount"].(float64) != 1250 || !h1["available"].(bool) ||
			!slices.Equal(toStrings(h1["incoterms"]), []string{"FCA", "DAP"}) || h1["lead_time_days"].(float64) != 10 {
			t.Errorf("resin hit %v", h1)
		}
		if hp := hitOf(res, "QK-PELLET"); hp["available"].(bool) || hp["best_price"] != nil || len(hp["incoterms"].([]any)) != 0 {
			t.Errorf("group-only offer leaks to a buyer outside the group: %v", hp)
		}
		usd := searchAs(t, h, buyer, q("q", "quokka", "currency", "usd"))
		if usd["currency"] != "USD" || hitOf(usd, "QK-RESIN")["best_price"].(map[string]any)["amount"].(float64) != 1400 || hitOf(usd, "QK-FILL")["best_price"] != nil {
			t.Errorf("USD prices: %v", usd["items"])
		}

		// Filters, each also narrowing the facets.
		for _, tt := range []struct {
			name   string
			params url.Values
			want   []string
		}{
			{"origin", q("q", "quokka", "origin", "fr"), []string{"QK-FILL", "QK-PELLET"}},
			{"two origins", q("q", "quokka", "origin", "FR", "origin", "DE"), []string{"QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL"}},
			{"chapter", q("q", "quokka", "hs_chapter", "39"), []string{"QK-RESIN", "QK-PELLET"}},
			{"seller", q("q", "quokka", "seller_id", rivalOrg), []string{"QK-RIVAL"}},
			{"incoterm", q("q", "quokka", "incoterm", "exw"), []string{"QK-FILL"}},
			{"incoterm any of", q("q", "quokka", "incoterm", "EXW", "incoterm", "DAP"), []string{"QK-RESIN", "QK-FILL"}},
			{"hidden incoterm", q("q", "quokka", "incoterm", "CPT"), []string{}},
			{"available", q("q", "quokka", "available", "true"), []string{"QK-RESIN", "QK-FILL"}},
			{"not available", q("q", "quokka", "available", "false"), []string{"QK-PELLET", "QK-RIVAL"}},
			{"price min", q("q", "quokka", "price_min", "5000"), []string{"QK-FILL"}},
			{"price range", q("q", "quokka", "price_min", "1000", "price_max", "1250"), []string{"QK-RESIN"}},
			{"no text", q("origin", "FR", "hs_chapter", "29"), []string{"QK-FILL"}},
		} {
			res := searchAs(t, h, buyer, tt.params)
			if got := skusOf(res); !sameSet(got, tt.want...) || total(res) != len(tt.want) {
				t.Errorf("%s: %v (total %d), want %v", tt.name, got, total(res), tt.want)
			}
		}

		// Another buyer organization (the distributor, whose user now also edits the
		// rival's catalog and so sees its draft) is not invited: the invitation-only
		// offer does not count.
		res = searchAs(t, h, distributor, q("q", "quokka"))
		if got := availability(res); got != [2]int{1, 4} || hitOf(res, "QK-FILL")["best_price"] != nil {
			t.Errorf("distributor's availability %v: %v", got, res["items"])
		}

		// Who sees which products: the seller its own draft; staff everything; nobody
		// another marketplace's products.
		if got := skusOf(searchAs(t, h, seller, q("q", "quokka"))); !sameSet(got, "QK-RESIN", "QK-FILL", "QK-PELLET", "QK-DRAFT", "QK-RIVAL") {
			t.Errorf("seller sees %v", got)
		}
		if d := hitOf(searchAs(t, h, seller, q("q", "draft")), "QK-DRAFT"); d == nil || d["published"].(bool) {
			t.Errorf("seller's draft %v", d)
		}
		if got := skusOf(searchAs(t, h, rival, q("q", "quokka"))); !sameSet(got, "QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL", "QK-RIVAL-DRAFT") {
			t.Errorf("rival sees %v", got)
		}
		if got := skusOf(searchAs(t, h, admin, q("q", "quokka", "limit", "100"))); len(got) != 6 || slices.Contains(got, "QK-PORTAL") {
			t.Errorf("staff sees %v", got)
		}
		if got := skusOf(searchAs(t, h, h.login("demo-portal", "buyer_purchaser"), q("q", "quokka"))); !slices.Equal(got, []string{"QK-PORTAL"}) {
			t.Errorf("other marketplace sees %v", got)
		}
		if r := h.do("GET", "/api/v1/products/"+p4, buyer, nil); r.Status != 404 {
			t.Errorf("buyer GET of a draft: %d", r.Status)
		}
		// The products list matches the same way.
		r = h.do("GET", "/api/v1/products?q=quok", buyer, nil)
		var listed []string
		for _, it := range r.JSON(t)["items"].([]any) {
			listed = append(listed, it.(map[string]any)["sku"].(string))
		}
		if !sameSet(listed, "QK-RESIN", "QK-FILL", "QK-PELLET", "QK-RIVAL") {
			t.Errorf("products?q=quok: %v", listed)
		}

		// Cursor pages walk the same ranked list without gaps or repeats.
		var walked []string
		params := q("q", "quokka", "limit", "1")
		for range 10 {
			page := searchAs(t, h, buyer, params)
			walked = append(walked, skusOf(page)...)
			next := page["next_cursor"].(string)
			if next == "" {
				break
			}
			params.Set("cursor", next)
		}
		if !slices.Equal(walked, skus) {
			t.Errorf("pages %v, want %v", walked, skus)
		}
		params = q("origin", "DE", "origin", "FR", "limit", "2")
		walked = nil
		for range 10 {
			page := searchAs(t, h, admin, params)
			walked = append(walked, skusOf(page)...)
			if page["next_cursor"] == "" {
				break
			}
			params.Set("cursor", page["next_cursor"].(string))
		}
		if n := len(walked); n < 6 || len(slices.Compact(slices.Clone(walked))) != n {
			t.Errorf("browse pages %v", walked)
		}

		// The index follows changes: group membership (scope), an edit once approved,
		// an offer deleted, a seller blocked.
		if r := h.do("PUT", "/api/v1/buyer-groups/"+group+"/members/"+buyerOrg, seller, nil); r.Status != 200 {
			t.Fatalf("add member: %d %s", r.Status, r.Body)
		}
		if got := skusOf(searchAs(t, h, buyer, q("q", "quokka", "incoterm", "CPT"))); !slices.Equal(got, []string{"QK-PELLET"}) {
			t.Errorf("group member's CPT: %v", got)
		}
		upd := productData(acid("QK-RESIN"))
		upd["name"] = "Wombat resin alpha"
		if r := h.do("PUT", "/api/v1/products/"+p1, seller, upd); r.Status != 200 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		if got := skusOf(searchAs(t, h, buyer, q("q", "wombat"))); len(got) != 0 {
			t.Errorf("an unapproved edit is searchable: %v", got)
		}
		if got := skusOf(searchAs(t, h, seller, q("q", "wombat"))); len(got) != 0 {
			t.Errorf("the seller's pending edit is searchable: %v", got)
		}
		h.do("POST", "/api/v1/products/"+p1+"/submit", seller, nil)
		if r := h.do("POST", "/api/v1/products/"+p1+"/curation", admin, map[string]any{"decision": "approve"}); r.Status != 200 {
			t.Fatalf("approve edit: %d %s", r.Status, r.Body)
		}
		if got := skusOf(searchAs(t, h, buyer, q("q", "wombat"))); !slices.Equal(got, []string{"QK-RESIN"}) {
			t.Errorf("approved edit: %v", got)
		}
		if got := skusOf(searchAs(t, h, buyer, q("q", "quokka", "origin", "DE"))); !slices.Equal(got, []string{"QK-RIVAL"}) {
			t.Errorf("old name still matches: %v", got)
		}
		if r := h.do("DELETE", "/api/v1/offers/"+offer1, seller, nil); r.Status != 204 {
			t.Fatalf("delete offer: %d %s", r.Status, r.Body)
		}
		if hw := hitOf(searchAs(t, h, buyer, q("q", "wombat")), "QK-RESIN"); hw["available"].(bool) || hw["best_price"] != nil {
			t.Errorf("deleted offer still counts: %v", hw)
		}
		officer := h.login(slug, "compliance_officer")
		if r := h.do("POST", "/api/v1/organizations/"+rivalOrg+"/screening", officer, map[string]any{"outcome": "blocked", "reason": "SDN match"}); r.Status != 200 {
			t.Fatalf("block seller: %d %s", r.Status, r.Body)
		}
		if got := skusOf(searchAs(t, h, buyer, q("q", "rival"))); len(got) != 0 {
			t.Errorf("a blocked seller's products are found: %v", got)
		}
		if got := skusOf(searchAs(t, h, admin, q("q", "rival"))); len(got) != 2 {
			t.Errorf("staff no longer see a blocked seller's products: %v", got)
		}
	})
}

func toStrings(v any) []string {
	var out []string
	for _, s := range v.([]any) {
		out = append(out, s.(string))
	}
	return out
}

func TestSearch_BadInputIs400(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		buyer := h.login("demo-curated", "buyer_purchaser")
		for _, tt := range []struct {
			name   string
			params url.Values
			field  string
		}{
			{"q too long", q("q", strings.Repeat("a", 201)), "query.q"},
			{"only exclusions", q("q", "-acid"), "query.q"},
			{"too many terms", q("q", strings.Repeat("a ", 17)), "query.q"},
			{"currency not a code", q("currency", "EURO"), "query.currency"},
			{"unknown currency", q("currency", "XQZ"), "query.currency"},
			{"bad cursor", q("cursor", "not-a-cursor"), "query.cursor"},
			{"cursor of another shape", q("cursor", "eyJ4IjoxfQ"), "query.cursor"},
			{"unknown incoterm", q("incoterm", "DAT"), "query.incoterm"},
			{"bad chapter", q("hs_chapter", "2"), "query.hs_chapter"},
			{"limit above cap", q("limit", "101"), "query.limit"},
			{"negative price", q("price_min", "-1"), "query.price_min"},
			{"price range reversed", q("price_min", "10", "price_max", "5"), "query.price_max"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				r := h.do("GET", "/api/v1/catalog/search?"+tt.params.Encode(), buyer, nil)
				if r.Status != 400 || !strings.Contains(r.Header.Get("Content-Type"), "problem+json") {
					t.Fatalf("%d %s", r.Status, r.Body)
				}
				if got := fields(t, r); !slices.ContainsFunc(got, func(f string) bool { return strings.HasPrefix(f, tt.field) }) {
					t.Fatalf("fields %v, want %s: %s", got, tt.field, r.Body)
				}
			})
		}
		if r := h.do("GET", "/api/v1/catalog/search?q=acid", "", nil); r.Status != 401 {
			t.Fatalf("anonymous: %d", r.Status)
		}
	})
}
