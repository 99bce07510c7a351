package app_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/money"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func licenceBody(number string) map[string]any {
	return map[string]any{
		"regime": "us_ear", "number": number, "issuing_authority": "BIS",
		"classifications": []string{"3a001.a.1", "3A001.a.1", "2B350"},
		"destinations":    []string{"de", "JP"},
		"value_cap":       map[string]any{"amount": 100000, "currency": "usd"},
		"qty_cap":         map[string]any{"qty": "500", "unit": "KGM"},
		"valid_from":      time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
		"valid_to":        time.Now().Add(365 * 24 * time.Hour).UTC().Format(time.RFC3339),
	}
}

func statementBody() map[string]any {
	return map[string]any{
		"end_user_name": "Nordic Analytics AB", "end_use": "Reference standard for HPLC quality control",
		"country": "se", "classifications": []string{"1C350"},
		"signed_by": "Anna Berg, CEO", "signed_at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
		"valid_to": time.Now().Add(365 * 24 * time.Hour).UTC().Format(time.RFC3339),
		"declarations": map[string]any{"no_wmd": true, "no_military_end_use": true,
			"no_reexport_without_authorisation": true, "not_sanctioned": true},
	}
}

func fieldsOf(t *testing.T, r response) []string {
	t.Helper()
	var out []string
	errs, _ := r.JSON(t)["errors"].([]any)
	for _, e := range errs {
		out = append(out, e.(map[string]any)["field"].(string))
	}
	return out
}

func TestLicences_CRUDValidationAndOwnership(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_admin")
		sellerOrg := orgOf(t, h, seller)
		base := "/api/v1/organizations/" + sellerOrg + "/licences"

		r := h.do("POST", base, seller, licenceBody("D1234567"))
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		l := r.JSON(t)
		id := l["id"].(string)
		if got := l["classifications"].([]any); len(got) != 2 || got[0] != "3A001.A.1" && got[0] != "3A001.a.1" {
			t.Fatalf("classifications not normalised and de-duplicated: %v", got)
		}
		if l["status"] != "active" || l["qty_used"] != "0" || l["value_used"].(float64) != 0 ||
			l["destinations"].([]any)[0] != "DE" || l["value_cap"].(map[string]any)["currency"] != "USD" {
			t.Fatalf("licence: %s", r.Body)
		}
		if r := h.do("POST", base, seller, licenceBody("D1234567")); r.Status != 409 {
			t.Fatalf("duplicate number: %d %s", r.Status, r.Body)
		}

		// Every bad field at once, nothing saved.
		bad := licenceBody("D-BAD")
		bad["classifications"] = []string{"1C350X", "EAR99"}
		bad["destinations"] = []string{"XX"}
		bad["value_cap"] = map[string]any{"amount": 0, "currency": "ABC"}
		bad["qty_cap"] = map[string]any{"qty": "-1", "unit": "KGM"}
		bad["valid_to"] = time.Now().Add(-48 * time.Hour).UTC().Format(time.RFC3339)
		r = h.do("POST", base, seller, bad)
		if r.Status != 400 {
			t.Fatalf("bad licence: %d %s", r.Status, r.Body)
		}
		got := strings.Join(fieldsOf(t, r), " ")
		for _, f := range []string{"/classifications/0", "/classifications/1", "/destinations/0", "/value_cap/amount",
			"/value_cap/currency", "/qty_cap/qty", "/valid_to"} {
			if !strings.Contains(got, f) {
				t.Errorf("bad licence: no error for %s in %s", f, r.Body)
			}
		}
		// An EU licence takes Annex I codes.
		eu := licenceBody("DE-AG-1")
		eu["regime"] = "eu_dual_use"
		eu["classifications"] = []string{"1c350", "not listed"}
		if r := h.do("POST", base, seller, eu); r.Status != 400 || !strings.Contains(strings.Join(fieldsOf(t, r), " "), "/classifications/1") {
			t.Fatalf("eu not listed: %d %s", r.Status, r.Body)
		}
		eu["classifications"] = []string{"1c350"}
		if r := h.do("POST", base, seller, eu); r.Status != 201 {
			t.Fatalf("eu licence: %d %s", r.Status, r.Body)
		}

		page := h.do("GET", base+"?limit=1", seller, nil).JSON(t)
		if len(page["items"].([]any)) != 1 || page["next_cursor"] == "" {
			t.Fatalf("page: %v", page)
		}
		next := h.do("GET", base+"?limit=1&cursor="+page["next_cursor"].(string), seller, nil).JSON(t)
		if len(next["items"].([]any)) != 1 {
			t.Fatalf("second page: %v", next)
		}

		upd := licenceBody("D1234567")
		upd["destinations"] = []string{"FR"}
		if r := h.do("PUT", base+"/"+id, seller, upd); r.Status != 200 || r.JSON(t)["destinations"].([]any)[0] != "FR" {
			t.Fatalf("replace: %d %s", r.Status, r.Body)
		}

		// Members and operator staff read; the operator may change it.
		for _, role := range []string{"seller_catalog", "compliance_officer", "marketplace_admin"} {
			if r := h.do("GET", base+"/"+id, h.login(slug, role), nil); r.Status != 200 {
				t.Fatalf("%s reads: %d %s", role, r.Status, r.Body)
			}
		}
		// A member who is not its admin may not change it.
		if r := h.do("PUT", base+"/"+id, h.login(slug, "seller_catalog"), upd); r.Status != 403 {
			t.Fatalf("seller_catalog changes: %d %s", r.Status, r.Body)
		}
		// Buyers, other sellers and other tenants get 404.
		buyer := h.login(slug, "buyer_admin")
		for _, p := range []string{base, base + "/" + id} {
			if r := h.do("GET", p, buyer, nil); r.Status != 404 {
				t.Fatalf("buyer GET %s: %d %s", p, r.Status, r.Body)
			}
		}
		rival := rivalSeller(t, h, slug)
		if r := h.do("GET", base+"/"+id, rival, nil); r.Status != 404 {
			t.Fatalf("rival seller: %d %s", r.Status, r.Body)
		}
		other := h.login("demo-portal", "marketplace_admin")
		if r := h.do("GET", base+"/"+id, other, nil); r.Status != 404 {
			t.Fatalf("other tenant: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", base+"/"+id, other, nil); r.Status != 404 {
			t.Fatalf("other tenant deletes: %d %s", r.Status, r.Body)
		}
		// A licence id under another organization is not found.
		buyerOrg := orgOf(t, h, buyer)
		if r := h.do("GET", "/api/v1/organizations/"+buyerOrg+"/licences/"+id, h.login(slug, "marketplace_admin"), nil); r.Status != 404 {
			t.Fatalf("licence under a buyer: %d %s", r.Status, r.Body)
		}

		if r := h.do("DELETE", base+"/"+id, seller, nil); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"/"+id, seller, nil); r.Status != 404 {
			t.Fatalf("deleted: %d %s", r.Status, r.Body)
		}
	})
}

func TestEndUseStatements_CRUDValidationAndOwnership(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		buyer := h.login(slug, "buyer_admin")
		buyerOrg := orgOf(t, h, buyer)
		base := "/api/v1/organizations/" + buyerOrg + "/end-use-statements"

		r := h.do("POST", base, buyer, statementBody())
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		st := r.JSON(t)
		id := st["id"].(string)
		if st["country"] != "SE" || st["holder_id"] != buyerOrg {
			t.Fatalf("statement: %s", r.Body)
		}

		bad := statementBody()
		bad["country"] = "ZZ"
		bad["classifications"] = []string{"nope"}
		bad["product_ids"] = []string{uuid.NewString()}
		bad["declarations"] = map[string]any{"no_wmd": true, "no_military_end_use": false,
			"no_reexport_without_authorisation": true, "not_sanctioned": false}
		r = h.do("POST", base, buyer, bad)
		got := strings.Join(fieldsOf(t, r), " ")
		if r.Status != 400 {
			t.Fatalf("bad statement: %d %s", r.Status, r.Body)
		}
		for _, f := range []string{"/country", "/classifications/0", "/declarations/no_military_end_use", "/declarations/not_sanctioned"} {
			if !strings.Contains(got, f) {
				t.Errorf("bad statement: no error for %s in %s", f, r.Body)
			}
		}
		delete(bad, "classifications")
		bad["country"] = "SE"
		bad["declarations"] = statementBody()["declarations"]
		if r := h.do("POST", base, buyer, bad); r.Status != 400 || !strings.Contains(string(r.Body), "/product_ids") {
			t.Fatalf("unknown product: %d %s", r.Status, r.Body)
		}

		upd := statementBody()
		upd["consignee_name"] = "Nordic Logistics AB"
		if r := h.do("PUT", base+"/"+id, buyer, upd); r.Status != 200 || r.JSON(t)["consignee_name"] != "Nordic Logistics AB" {
			t.Fatalf("replace: %d %s", r.Status, r.Body)
		}
		// The member sees the demo buyer's seeded statement and this one.
		if r := h.do("GET", base, h.login(slug, "buyer_purchaser"), nil); r.Status != 200 || len(r.JSON(t)["items"].([]any)) != 2 {
			t.Fatalf("member lists: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", base+"/"+id, h.login(slug, "compliance_officer"), nil); r.Status != 200 {
			t.Fatalf("operator reads: %d %s", r.Status, r.Body)
		}
		if r := h.do("PUT", base+"/"+id, h.login(slug, "buyer_purchaser"), upd); r.Status != 403 {
			t.Fatalf("purchaser changes: %d %s", r.Status, r.Body)
		}
		seller := h.login(slug, "seller_admin")
		for _, p := range []string{base, base + "/" + id} {
			if r := h.do("GET", p, seller, nil); r.Status != 404 {
				t.Fatalf("seller GET %s: %d %s", p, r.Status, r.Body)
			}
		}
		// A seller's own organization has no end-use statements.
		if r := h.do("POST", "/api/v1/organizations/"+orgOf(t, h, seller)+"/end-use-statements", seller, statementBody()); r.Status != 404 {
			t.Fatalf("statement for a seller: %d %s", r.Status, r.Body)
		}
		other := h.login("demo-portal", "marketplace_admin")
		if r := h.do("GET", base+"/"+id, other, nil); r.Status != 404 {
			t.Fatalf("other tenant: %d %s", r.Status, r.Body)
		}
		if r := h.do("DELETE", base+"/"+id, buyer, nil); r.Status != 204 {
			t.Fatalf("delete: %d %s", r.Status, r.Body)
		}
	})
}

func TestConsumeLicence_RefusesToExceedCaps(t *testing.T) {
	each(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_admin")
		r := h.do("POST", "/api/v1/organizations/"+orgOf(t, h, seller)+"/licences", seller, licenceBody("CAP-1"))
		if r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		id := uuidOf(t, r.JSON(t)["id"].(string))
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
		ctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, System: tenant.SystemTest})
		consume := func(amount int64, cur, qty string) (*ent.Licence, error) {
			q, err := pricing.ParseQuantity(qty)
			if err != nil {
				t.Fatal(err)
			}
			var out *ent.Licence
			err = db.WithTx(ctx, h.App.DB.Client, func(tx *ent.Tx) error {
				l, err := h.App.Parties.ConsumeLicence(ctx, tx, id, money.Money{Amount: amount, Currency: cur}, q)
				out = l
				return err
			})
			return out, err
		}
		conflict := func(err error) bool {
			var p *problem.Error
			return errors.As(err, &p) && p.Kind == problem.KindConflict
		}
		l, err := consume(60000, "USD", "300")
		if err != nil || l.ValueUsed != 60000 || l.QtyUsed != 300000 {
			t.Fatalf("first: %v %+v", err, l)
		}
		if _, err := consume(40001, "USD", "1"); !conflict(err) {
			t.Fatalf("over the value cap: %v", err)
		}
		if _, err := consume(1, "USD", "200.001"); !conflict(err) {
			t.Fatalf("over the quantity cap: %v", err)
		}
		if _, err := consume(1, "EUR", "1"); !conflict(err) {
			t.Fatalf("other currency: %v", err)
		}
		// Refusals used nothing; exactly the rest is fine and exhausts the licence.
		l, err = consume(40000, "USD", "200")
		if err != nil || l.ValueUsed != 100000 || l.QtyUsed != 500000 || h.App.Parties.LicenceStatus(l) != "exhausted" {
			t.Fatalf("rest: %v %+v", err, l)
		}
		if _, err := consume(0, "USD", "0.001"); !conflict(err) {
			t.Fatalf("exhausted licence: %v", err)
		}
		got := h.do("GET", "/api/v1/organizations/"+orgOf(t, h, seller)+"/licences/"+id.String(), seller, nil).JSON(t)
		if got["status"] != "exhausted" || got["qty_used"] != "500" {
			t.Fatalf("over HTTP: %v", got)
		}
		// A cap below what is used is refused.
		lower := licenceBody("CAP-1")
		lower["value_cap"] = map[string]any{"amount": 500, "currency": "USD"}
		if r := h.do("PUT", "/api/v1/organizations/"+orgOf(t, h, seller)+"/licences/"+id.String(), seller, lower); r.Status != 409 {
			t.Fatalf("cap below used: %d %s", r.Status, r.Body)
		}
	})
}
