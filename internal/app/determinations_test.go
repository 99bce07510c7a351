package app_test

import (
	"testing"
)

func TestExportControlDeterminations(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	const slug = "demo-curated"
	seller := h.login(slug, "seller_catalog") // Rhein Spezialchemie GmbH (DE)
	officer := h.login(slug, "compliance_officer")
	buyer := h.login(slug, "buyer_purchaser")
	rhein := h.orgID(slug, "Rhein Spezialchemie GmbH")
	malabar := h.orgID(slug, "Malabar Spice Traders Pvt Ltd")
	det := func(tok string, body map[string]any) response {
		t.Helper()
		return h.do("POST", "/api/v1/export-controls/determinations", tok, body)
	}
	codes := func(m map[string]any) []string {
		var out []string
		for _, r := range m["reasons"].([]any) {
			out = append(out, r.(map[string]any)["code"].(string))
		}
		return out
	}

	for _, c := range []struct {
		name           string
		body           map[string]any
		outcome        string
		required       bool
		covered        bool
		reason, author string
	}{
		// An authorisation is required; EU001 is the general one that grants it.
		{"annex I to an EU001 country", map[string]any{"regime": "eu_dual_use", "classification": "1C350", "destination": "JP"},
			"licence_required", true, false, "EU-ART3", "EU001"},
		{"annex I to a destination the licence covers", map[string]any{"regime": "eu_dual_use", "classification": "1C350", "destination": "SA",
			"value": map[string]any{"amount": 1_000_000, "currency": "EUR"}}, "licence_required", true, true, "", ""},
		{"annex I to a destination no licence covers", map[string]any{"regime": "eu_dual_use", "classification": "1C350", "destination": "CN"},
			"licence_required", true, false, "", ""},
		{"EAR99 to an embargoed destination", map[string]any{"regime": "us_ear", "classification": "EAR99", "destination": "IR"},
			"", true, false, "", ""},
		{"EAR99 to Germany", map[string]any{"regime": "us_ear", "classification": "EAR99", "destination": "DE"},
			"no_licence_required", false, false, "", ""},
		{"3A001 to China", map[string]any{"regime": "us_ear", "classification": "3A001.a.1", "destination": "CN"},
			"", true, false, "NS2", ""},
		{"unknown ECCN", map[string]any{"regime": "us_ear", "classification": "4A994", "destination": "CN"},
			"manual_review", true, false, "", ""},
	} {
		r := det(seller, c.body)
		if r.Status != 200 {
			t.Errorf("%s: %d %s", c.name, r.Status, r.Body)
			continue
		}
		m := r.JSON(t)
		if c.outcome != "" && m["outcome"] != c.outcome {
			t.Errorf("%s: outcome %v, want %s: %s", c.name, m["outcome"], c.outcome, r.Body)
		}
		if m["licence_required"] != c.required {
			t.Errorf("%s: licence_required %v: %s", c.name, m["licence_required"], r.Body)
		}
		if c.reason != "" && !containsAll(codes(m), c.reason) {
			t.Errorf("%s: reasons %v, want %s", c.name, codes(m), c.reason)
		}
		if c.author != "" {
			var got []string
			for _, a := range m["general_authorisations"].([]any) {
				got = append(got, a.(map[string]any)["code"].(string))
			}
			if !containsAll(got, c.author) {
				t.Errorf("%s: general authorisations %v, want %s", c.name, got, c.author)
			}
		}
		// The seller's own licences are matched without naming the seller.
		if m["seller_id"] != rhein {
			t.Errorf("%s: seller %v", c.name, m["seller_id"])
		}
		_, covered := m["covering_licence"]
		if covered != c.covered {
			t.Errorf("%s: covering licence %v: %s", c.name, m["covering_licence"], r.Body)
		}
	}

	// A compliance officer names the seller; without one there is no licence matching.
	r := det(officer, map[string]any{"regime": "eu_dual_use", "classification": "1C350", "destination": "SA", "seller_id": rhein,
		"value": map[string]any{"amount": 1_000_000, "currency": "EUR"}})
	if r.Status != 200 || r.JSON(t)["covering_licence"] == nil {
		t.Fatalf("officer with seller: %d %s", r.Status, r.Body)
	}
	if r := det(officer, map[string]any{"regime": "eu_dual_use", "classification": "1C350", "destination": "SA"}); r.Status != 200 || r.JSON(t)["licence_coverage"] != nil {
		t.Fatalf("officer without seller: %d %s", r.Status, r.Body)
	}
	// Another seller's licences are not found; buyers may not ask; bad input names fields.
	if r := det(seller, map[string]any{"regime": "us_ear", "classification": "EAR99", "destination": "DE", "seller_id": malabar}); r.Status != 404 {
		t.Fatalf("another seller's licences: %d %s", r.Status, r.Body)
	}
	if r := det(buyer, map[string]any{"regime": "us_ear", "classification": "EAR99", "destination": "DE"}); r.Status != 403 {
		t.Fatalf("buyer: %d", r.Status)
	}
	r = det(seller, map[string]any{"regime": "us_ear", "classification": "ZZ99", "destination": "XX"})
	if r.Status != 400 || !containsAll(fields(t, r), "/classification", "/destination") {
		t.Fatalf("bad input: %d %s", r.Status, r.Body)
	}
	if r := det(seller, map[string]any{"regime": "itar", "classification": "EAR99", "destination": "DE"}); r.Status != 400 {
		t.Fatalf("unknown regime: %d", r.Status)
	}
}
