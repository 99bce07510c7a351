package app_test

import (
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/ent/organization"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func acid(sku string) map[string]any {
	return map[string]any{
		"sku": sku, "name": "Glacial acetic acid 99.8%", "description": "Food and technical grade.",
		"hs_code": "2915.21", "country_of_origin": "de", "unit": "kgm",
		"eu_classification": "not listed", "us_classification": "ear99",
		"net_weight_g": 25000, "gross_weight_g": 26200, "hazmat_un_number": "2789", "shelf_life_days": 730,
		"packaging": map[string]any{"type": "1H1", "description": "25 kg HDPE canister", "net_qty": "25", "per_pallet": 24},
		"coa_spec": []map[string]any{
			{"parameter": "Assay", "method": "Titration", "unit": "%", "min": "99.8"},
			{"parameter": "Appearance", "text": "clear, colourless liquid"},
		},
	}
}

func productData(p map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range p {
		if k != "sku" && k != "seller_id" {
			out[k] = v
		}
	}
	return out
}

func fields(t testing.TB, r response) []string {
	var out []string
	for _, e := range r.JSON(t)["errors"].([]any) {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	sort.Strings(out)
	return out
}

func TestProducts_ValidationListsEveryFieldAndSavesNothing(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	seller := h.login("demo-curated", "seller_catalog")
	bad := acid("BAD-1")
	bad["hs_code"] = "29A5"
	bad["country_of_origin"] = "XX"
	bad["unit"] = "KILO"
	bad["us_classification"] = "3Z999"
	bad["eu_classification"] = "cat 1"
	bad["hazmat_un_number"] = "UN12"
	bad["gross_weight_g"] = 100
	bad["coa_spec"] = []map[string]any{{"parameter": "Assay", "min": "99.9", "max": "99.0"}, {"parameter": "Colour"}}
	r := h.do("POST", "/api/v1/products", seller, bad)
	if r.Status != 400 {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	want := []string{"/coa_spec/0/max", "/coa_spec/1", "/country_of_origin", "/eu_classification", "/hazmat_un_number",
		"/hs_code", "/net_weight_g", "/unit", "/us_classification"}
	if got := fields(t, r); !slices.Equal(got, want) {
		t.Fatalf("fields %v\nwant   %v\n%s", got, want, r.Body)
	}
	if n := len(h.do("GET", "/api/v1/products?q=BAD-1", seller, nil).JSON(t)["items"].([]any)); n != 0 {
		t.Fatalf("a rejected product was saved: %d", n)
	}
}

func TestProducts_CuratedLifecycle(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		seller := h.login("demo-curated", "seller_catalog")
		admin := h.login("demo-curated", "marketplace_admin")
		buyer := h.login("demo-curated", "buyer_purchaser")

		r := h.do("POST", "/api/v1/products", seller, acid("ACA-998"))
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		p := r.JSON(t)
		id := p["id"].(string)
		if p["hs_code"] != "291521" || p["country_of_origin"] != "DE" || p["unit"] != "KGM" ||
			p["us_classification"] != "EAR99" || p["eu_classification"] != "not_listed" || p["hazmat_un_number"] != "UN2789" {
			t.Fatalf("not normalised: %v", p)
		}
		if p["curation_status"] != "draft" || p["approved_revision"].(float64) != 0 {
			t.Fatalf("state: %v", p)
		}
		if r := h.do("POST", "/api/v1/products", seller, acid("ACA-998")); r.Status != http.StatusConflict {
			t.Fatalf("duplicate SKU: %d", r.Status)
		}
		if r := h.do("GET", "/api/v1/products/"+id, buyer, nil); r.Status != 404 {
			t.Fatalf("buyer sees a draft: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/products/"+id+"/submit", seller, nil); r.Status != 200 || r.JSON(t)["curation_status"] != "submitted" {
			t.Fatalf("submit: %d %s", r.Status, r.Body)
		}
		queue := h.do("GET", "/api/v1/curation/queue", admin, nil).JSON(t)["items"].([]any)
		if len(queue) != 1 || queue[0].(map[string]any)["id"] != id {
			t.Fatalf("queue: %v", queue)
		}
		if r := h.do("GET", "/api/v1/curation/queue", seller, nil); r.Status != 403 {
			t.Fatalf("seller reads the queue: %d", r.Status)
		}
		// Request changes with a comment per field.
		r = h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{
			"decision": "request_changes", "comments": []map[string]string{{"field": "/description", "comment": "state the grade"}},
		})
		if r.Status != 200 || r.JSON(t)["curation_status"] != "changes_requested" {
			t.Fatalf("request changes: %d %s", r.Status, r.Body)
		}
		if r := h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{"decision": "reject"}); r.Status != 400 {
			t.Fatalf("reject without reason: %d", r.Status)
		}
		d := productData(acid(""))
		d["description"] = "Food grade (E260) and technical grade."
		if r := h.do("PUT", "/api/v1/products/"+id, seller, d); r.Status != 200 {
			t.Fatalf("update: %d %s", r.Status, r.Body)
		}
		h.do("POST", "/api/v1/products/"+id+"/submit", seller, nil)
		if r := h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{"decision": "approve"}); r.Status != 200 {
			t.Fatalf("approve: %d %s", r.Status, r.Body)
		}
		got := h.do("GET", "/api/v1/products/"+id, buyer, nil)
		if got.Status != 200 || got.JSON(t)["approved_revision"].(float64) != 1 {
			t.Fatalf("buyer after approval: %d %s", got.Status, got.Body)
		}

		// A change to the approved product waits for review; buyers keep the live data.
		d["name"] = "Glacial acetic acid 99.9%"
		r = h.do("PUT", "/api/v1/products/"+id, seller, d)
		if r.Status != 200 || r.JSON(t)["revision"].(float64) != 2 {
			t.Fatalf("update approved: %d %s", r.Status, r.Body)
		}
		if name := h.do("GET", "/api/v1/products/"+id, buyer, nil).JSON(t)["name"]; name != "Glacial acetic acid 99.8%" {
			t.Fatalf("buyer sees unreviewed data: %v", name)
		}
		h.do("POST", "/api/v1/products/"+id+"/submit", seller, nil)
		revs := h.do("GET", "/api/v1/products/"+id+"/revisions", admin, nil).JSON(t)["items"].([]any)
		top := revs[0].(map[string]any)
		changes := top["changes"].([]any)
		if top["number"].(float64) != 2 || len(changes) != 1 || changes[0].(map[string]any)["field"] != "/name" {
			t.Fatalf("revision diff: %v", top)
		}
		if r := h.do("GET", "/api/v1/products/"+id+"/revisions", buyer, nil); r.Status != 404 {
			t.Fatalf("buyer reads the revision history: %d", r.Status)
		}
		h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{"decision": "approve"})
		if name := h.do("GET", "/api/v1/products/"+id, buyer, nil).JSON(t)["name"]; name != "Glacial acetic acid 99.9%" {
			t.Fatalf("approved change not live: %v", name)
		}

		// Search and audit.
		hits := h.do("GET", "/api/v1/products?q=ACETIC+ACID+99.9", buyer, nil).JSON(t)["items"].([]any)
		if len(hits) != 1 {
			t.Fatalf("search: %v", hits)
		}
		events := string(h.do("GET", "/api/v1/audit/events?limit=200", admin, nil).Body)
		for _, a := range []string{"product.create", "product.submit", "product.curate", "product.update"} {
			if !strings.Contains(events, `"`+a+`"`) {
				t.Errorf("audit lacks %s", a)
			}
		}
	})
}

func TestProducts_ClosedPortalPublishesWithoutCuration(t *testing.T) {
	h := newHarness(t, options{embedded: true})
	seller := h.login("demo-portal", "seller_admin")
	buyer := h.login("demo-portal", "buyer_purchaser")
	id := h.do("POST", "/api/v1/products", seller, acid("PIP-100")).JSON(t)["id"].(string)
	r := h.do("POST", "/api/v1/products/"+id+"/submit", seller, nil)
	if r.Status != 200 || r.JSON(t)["curation_status"] != "approved" {
		t.Fatalf("submit in a closed portal: %d %s", r.Status, r.Body)
	}
	d := productData(acid(""))
	d["name"] = "Acetic acid, renamed"
	h.do("PUT", "/api/v1/products/"+id, seller, d)
	if name := h.do("GET", "/api/v1/products/"+id, buyer, nil).JSON(t)["name"]; name != "Acetic acid, renamed" {
		t.Fatalf("change not published at once: %v", name)
	}
	admin := h.login("demo-portal", "marketplace_admin")
	if r := h.do("POST", "/api/v1/products/"+id+"/curation", admin, map[string]any{"decision": "approve"}); r.Status != 403 && r.Status != 409 {
		t.Fatalf("curation in a closed portal: %d", r.Status)
	}
}

func TestProducts_OtherSellerAndOtherTenantGet404(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		seller := h.login("demo-curated", "seller_catalog")
		id := h.do("POST", "/api/v1/products", seller, acid("OWN-1")).JSON(t)["id"].(string)

		// A second seller in the same marketplace.
		ctx := tenant.SystemContext(t.Context(), tenant.SystemTest)
		tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug("demo-curated")).OnlyX(ctx)
		tctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
		other := h.App.DB.Client.Organization.Create().SetKind(organization.KindSeller).SetLegalName("Rival Chemicals SA").
			SetCountry("FR").SetOnboardingStatus("approved").SaveX(tctx)
		admin := h.login("demo-curated", "marketplace_admin")
		users := h.do("GET", "/api/v1/memberships?limit=200", admin, nil).JSON(t)["items"].([]any)
		var userID string
		for _, u := range users {
			if u.(map[string]any)["user_email"] == "distributor_ops@demo-curated.example" {
				userID = u.(map[string]any)["user_id"].(string)
			}
		}
		h.App.DB.Client.Membership.Create().SetUserID(uuidOf(t, userID)).SetOrganizationID(other.ID).SetRole("seller_catalog").ExecX(tctx)
		rival := h.login("demo-curated", "distributor_ops")

		d := productData(acid(""))
		for _, tt := range []struct{ method, path string }{
			{"PUT", "/api/v1/products/" + id}, {"POST", "/api/v1/products/" + id + "/submit"},
		} {
			var body any
			if tt.method == "PUT" {
				body = d
			}
			if r := h.do(tt.method, tt.path, rival, body); r.Status != 404 {
				t.Errorf("other seller %s %s: %d %s", tt.method, tt.path, r.Status, r.Body)
			}
		}
		if r := h.do("GET", "/api/v1/products/"+id, rival, nil); r.Status != 404 {
			t.Errorf("other seller reads a draft: %d", r.Status)
		}
		// Another marketplace's seller admin.
		portal := h.login("demo-portal", "seller_admin")
		for _, p := range []string{"/api/v1/products/" + id, "/api/v1/products/" + id + "/revisions"} {
			if r := h.do("GET", p, portal, nil); r.Status != 404 {
				t.Errorf("other tenant GET %s: %d", p, r.Status)
			}
		}
		if r := h.do("PUT", "/api/v1/products/"+id, portal, d); r.Status != 404 {
			t.Errorf("other tenant PUT: %d", r.Status)
		}
		if r := h.do("POST", "/api/v1/products/"+id+"/curation", h.login("demo-portal", "marketplace_admin"),
			map[string]any{"decision": "approve"}); r.Status != 404 && r.Status != 409 && r.Status != 403 {
			t.Errorf("other tenant curate: %d", r.Status)
		}
	})
}
