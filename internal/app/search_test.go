package app_test

import (
	"net/url"
	"slices"
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

func skusOf(res map[string]any) []string {
	var out []string
	for _, it := range res["items"].([]any) {
		out = append(out, it.(map[string]any)["sku"].(string))
	}
	return out
}

func facet(res map[string]any, name string) map[string]int {
	out := map[string]int{}
	for _, v := range res["facets"].(map[string]any)[name].([]any) {
		m := v.(map[string]any)
		out[m["value"].(string)] = int(m["count"].(float64))
	}
	return out
}

func TestSearch_DemoCatalogRanksAndFacets(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		buyer := h.login(slug, "buyer_purchaser")
		res := searchAs(t, h, buyer, url.Values{"q": {"acid"}})
		skus := skusOf(res)
		if len(skus) < 2 || !slices.Contains(skus, "CHEM-ACA-998") || !slices.Contains(skus, "CHEM-CIT-ANH") {
			t.Fatalf("acid: %v", res)
		}
		t.Logf("%v", res)
		// Prefix: "turm" finds turmeric.
		if got := skusOf(searchAs(t, h, buyer, url.Values{"q": {"turm"}})); !slices.Equal(got, []string{"FOOD-TUR-PWD"}) {
			t.Fatalf("turm: %v", got)
		}
	})
}
