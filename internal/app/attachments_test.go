package app_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/product"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func TestProductAttachments(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		const slug = "demo-curated"
		seller := h.login(slug, "seller_catalog")
		buyer := h.login(slug, "buyer_purchaser")
		admin := h.login(slug, "marketplace_admin")
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		tn := h.App.DB.Client.Tenant.Query().Where(enttenant.Slug(slug)).OnlyX(sys)
		own := h.App.DB.Client.Organization.Query().
			Where(organization.TenantID(tn.ID), organization.LegalName("Rhein Spezialchemie GmbH")).OnlyX(sys)
		other := h.App.DB.Client.Organization.Query().
			Where(organization.TenantID(tn.ID), organization.LegalName("Malabar Spice Traders Pvt Ltd")).OnlyX(sys)
		published := h.App.DB.Client.Product.Query().
			Where(product.SellerID(own.ID), product.ApprovedRevisionGT(0)).FirstX(sys)
		foreign := h.App.DB.Client.Product.Query().Where(product.SellerID(other.ID)).FirstX(sys)
		base := "/api/v1/products/" + published.ID.String() + "/attachments"
		count := func(tok string) int {
			r := h.do("GET", base, tok, nil)
			if r.Status != 200 {
				t.Fatalf("list: %d %s", r.Status, r.Body)
			}
			return len(r.JSON(t)["items"].([]any))
		}

		// A seller attaches a photo; buyers who see the product list and fetch it.
		r := h.postFile(base, seller, map[string]string{"kind": "image", "caption": "25 kg drum"}, `C:\photos\drum.png`, "image/png", png)
		if r.Status != 201 {
			t.Fatalf("add: %d %s", r.Status, r.Body)
		}
		a := r.JSON(t)
		sum := sha256.Sum256(png)
		if a["filename"] != "drum.png" || a["sha256"] != hex.EncodeToString(sum[:]) || a["content_type"] != "image/png" || a["caption"] != "25 kg drum" {
			t.Fatalf("attachment %v", a)
		}
		if n := count(buyer); n != 1 {
			t.Fatalf("buyer sees %d attachments", n)
		}
		content := base + "/" + a["id"].(string) + "/content"
		got := h.do("GET", content, buyer, nil)
		if got.Status != 200 || !bytes.Equal(got.Body, png) || got.Header.Get("Content-Type") != "image/png" ||
			got.Header.Get("Content-Disposition") != `inline; filename=drum.png` || got.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Fatalf("download: %d %v", got.Status, got.Header)
		}
		if r := h.do("GET", content, buyer, nil, "If-None-Match", got.Header.Get("ETag")); r.Status != 304 {
			t.Fatalf("conditional GET: %d", r.Status)
		}
		// A document downloads as an attachment.
		r = h.postFile(base, seller, map[string]string{"kind": "coa"}, "CoA lot 42.pdf", "application/pdf", pdf("coa"))
		if r.Status != 201 || r.JSON(t)["filename"] != "CoA lot 42.pdf" {
			t.Fatalf("add coa: %d %s", r.Status, r.Body)
		}
		if d := h.do("GET", base+"/"+r.JSON(t)["id"].(string)+"/content", buyer, nil); d.Header.Get("Content-Disposition") != `attachment; filename="CoA lot 42.pdf"` {
			t.Fatalf("coa disposition %q", d.Header.Get("Content-Disposition"))
		}

		// Bad input names the field and stores nothing.
		for name, c := range map[string]struct {
			fields      map[string]string
			ct          string
			content     []byte
			status      int
			field, want string
		}{
			"pdf as image":      {map[string]string{"kind": "image"}, "application/pdf", pdf("x"), 400, "/file", "a image must be"},
			"png declared pdf":  {map[string]string{"kind": "coa"}, "application/pdf", png, 400, "/file", "declared as application/pdf"},
			"png as sds":        {map[string]string{"kind": "sds"}, "image/png", png, 400, "/file", "a sds must be application/pdf"},
			"unknown kind":      {map[string]string{"kind": "poster"}, "image/png", png, 400, "/kind", "not one of the allowed values"},
			"empty":             {map[string]string{"kind": "image"}, "image/png", []byte{}, 400, "/file", "is empty"},
			"no file":           {map[string]string{"kind": "image"}, "", nil, 400, "/file", "is required"},
			"caption too long":  {map[string]string{"caption": string(bytes.Repeat([]byte("x"), 501))}, "application/pdf", pdf("x"), 400, "/caption", "500"},
			"over the size cap": {map[string]string{"kind": "image"}, "image/png", append(append([]byte{}, png...), make([]byte, 10<<20)...), 413, "", ""},
		} {
			r := h.postFile(base, seller, c.fields, "f", c.ct, c.content)
			if r.Status != c.status {
				t.Errorf("%s: %d %s", name, r.Status, r.Body)
				continue
			}
			if c.field != "" {
				errs, _ := r.JSON(t)["errors"].([]any)
				if len(errs) != 1 || errs[0].(map[string]any)["field"] != c.field ||
					!bytes.Contains([]byte(fmt.Sprint(errs[0].(map[string]any)["message"])), []byte(c.want)) {
					t.Errorf("%s: errors %v", name, errs)
				}
			}
		}
		if n := count(seller); n != 2 {
			t.Fatalf("failed uploads stored something: %d attachments", n)
		}

		// Only the product's seller adds; another seller's product and another
		// marketplace are not found; a buyer may not add at all.
		if r := h.postFile("/api/v1/products/"+foreign.ID.String()+"/attachments", seller, nil, "x.png", "image/png", png); r.Status != 404 {
			t.Fatalf("another seller's product: %d", r.Status)
		}
		if r := h.postFile(base, buyer, nil, "x.png", "image/png", png); r.Status != 403 {
			t.Fatalf("buyer adds: %d", r.Status)
		}
		foreignAdmin := h.login("demo-portal", "marketplace_admin")
		for _, path := range []string{base, content} {
			if r := h.do("GET", path, foreignAdmin, nil); r.Status != 404 {
				t.Fatalf("another marketplace reads %s: %d", path, r.Status)
			}
		}
		// A draft's attachments are as invisible to buyers as the draft.
		draft := h.do("POST", "/api/v1/products", seller, acid("DRAFT-ATT-1"))
		if draft.Status != 201 {
			t.Fatalf("draft: %d %s", draft.Status, draft.Body)
		}
		dbase := "/api/v1/products/" + draft.JSON(t)["id"].(string) + "/attachments"
		if r := h.postFile(dbase, seller, map[string]string{"kind": "image"}, "d.png", "image/png", png); r.Status != 201 {
			t.Fatalf("draft attachment: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", dbase, buyer, nil); r.Status != 404 {
			t.Fatalf("buyer lists a draft's attachments: %d", r.Status)
		}

		// At most 20 per product.
		for i := count(seller); i < 20; i++ {
			if r := h.postFile(base, seller, map[string]string{"kind": "image"}, "p.png", "image/png", png); r.Status != 201 {
				t.Fatalf("attachment %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		if r := h.postFile(base, seller, map[string]string{"kind": "image"}, "p.png", "image/png", png); r.Status != 409 {
			t.Fatalf("21st attachment: %d %s", r.Status, r.Body)
		}

		// Marketplace staff take one down; it is gone, and both changes are audited.
		if r := h.do("DELETE", base+"/"+a["id"].(string), admin, nil); r.Status != 204 {
			t.Fatalf("staff delete: %d %s", r.Status, r.Body)
		}
		if r := h.do("GET", content, buyer, nil); r.Status != 404 {
			t.Fatalf("deleted attachment still served: %d", r.Status)
		}
		if r := h.do("DELETE", base+"/"+a["id"].(string), seller, nil); r.Status != 404 {
			t.Fatalf("second delete: %d", r.Status)
		}
		acts := actions(h.auditOf(published.ID.String()))
		if !containsAll(acts, "product.attachment_add", "product.attachment_delete") {
			t.Fatalf("audit %v", acts)
		}
	})
}

func containsAll(have []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, h := range have {
			found = found || h == w
		}
		if !found {
			return false
		}
	}
	return true
}
