package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

const importHeader = "sku,name,hs_code,country_of_origin,unit,net_weight_g,gross_weight_g,coa_1_parameter,coa_1_min\n"

// importCSV has n valid rows, SKUs prefixed with tag; bad lists row indexes to break.
func importCSV(tag string, n int, bad ...int) string {
	var b strings.Builder
	b.WriteString(importHeader)
	for i := range n {
		hs, country := "2915.21", "de"
		for _, j := range bad {
			if i == j {
				hs, country = "29A5", "XX"
			}
		}
		fmt.Fprintf(&b, "%s-%03d,Acetic acid %d,%s,%s,KGM,25000,26200,Assay,99.5\n", tag, i, i, hs, country)
	}
	return b.String()
}

// uploadImport posts a multipart product CSV.
func (h *harness) uploadImport(tok, csv string, fields ...string) response {
	h.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		_ = w.WriteField(fields[i], fields[i+1])
	}
	part, _ := w.CreateFormFile("file", "products.csv")
	_, _ = part.Write([]byte(csv))
	_ = w.Close()
	return h.do("POST", "/api/v1/product-imports", tok, buf.String(), "Content-Type", w.FormDataContentType())
}

// awaitImport polls an import until it reaches status.
func (h *harness) awaitImport(t *testing.T, tok, id, status string) map[string]any {
	t.Helper()
	var got map[string]any
	eventually(t, "import "+status, func() (bool, string) {
		r := h.do("GET", "/api/v1/product-imports/"+id, tok, nil)
		got = r.JSON(t)
		return got["status"] == status, string(r.Body)
	})
	return got
}

func counts(m map[string]any) map[string]int {
	out := map[string]int{}
	for k, v := range m["counts"].(map[string]any) {
		out[k] = int(v.(float64))
	}
	return out
}

func TestProductImport_DryRunErrorsFixApplyAndReimportIsUnchanged(t *testing.T) {
	eachWithWorker(t, func(t *testing.T, h *harness) {
		seller := h.login("demo-curated", "seller_catalog")

		// A file with two bad rows: planned with errors, the errors CSV names them, apply refused.
		r := h.uploadImport(seller, importCSV("IMP", 4, 1, 3))
		if r.Status != http.StatusAccepted {
			t.Fatalf("upload: %d %s", r.Status, r.Body)
		}
		id := r.JSON(t)["id"].(string)
		got := h.awaitImport(t, seller, id, "planned")
		if c := counts(got); c["rows"] != 4 || c["create"] != 2 || c["error"] != 2 {
			t.Fatalf("counts %v", c)
		}
		if len(got["errors"].([]any)) < 2 {
			t.Fatalf("errors %v", got["errors"])
		}
		r = h.do("GET", "/api/v1/product-imports/"+id+"/errors.csv", seller, nil)
		if r.Status != http.StatusOK || !strings.HasPrefix(string(r.Body), "row,column,sku,message\n") ||
			!strings.Contains(string(r.Body), "IMP-001") || !strings.Contains(string(r.Body), "hs_code") {
			t.Fatalf("errors.csv: %d %s", r.Status, r.Body)
		}
		if r = h.do("POST", "/api/v1/product-imports/"+id+"/apply", seller, nil); r.Status != http.StatusBadRequest {
			t.Fatalf("apply without Idempotency-Key: %d %s", r.Status, r.Body)
		}
		if r = h.do("POST", "/api/v1/product-imports/"+id+"/apply", seller, nil, "Idempotency-Key", "a1"); r.Status != http.StatusConflict {
			t.Fatalf("apply with errors: %d %s", r.Status, r.Body)
		}

		// The fixed file: planned clean, applied, the products exist.
		fixed := importCSV("IMP", 4)
		id = h.uploadImport(seller, fixed).JSON(t)["id"].(string)
		h.awaitImport(t, seller, id, "planned")
		if r = h.do("POST", "/api/v1/product-imports/"+id+"/apply", seller, nil, "Idempotency-Key", "a2"); r.Status != http.StatusAccepted {
			t.Fatalf("apply: %d %s", r.Status, r.Body)
		}
		got = h.awaitImport(t, seller, id, "applied")
		if c := counts(got); c["created"] != 4 || c["updated"] != 0 {
			t.Fatalf("applied counts %v", c)
		}
		r = h.do("GET", "/api/v1/products?q=IMP-00", seller, nil)
		if items := r.JSON(t)["items"].([]any); len(items) != 4 {
			t.Fatalf("products after import: %d", len(items))
		}
		// The import wrote the search index in its transaction: the seller finds its
		// new drafts, buyers do not.
		if res := searchAs(t, h, seller, q("q", "IMP-00")); total(res) != 4 || hitOf(res, "IMP-000")["published"].(bool) {
			t.Fatalf("search after import: %v", res)
		}
		if res := searchAs(t, h, h.login("demo-curated", "buyer_admin"), q("q", "IMP-00")); total(res) != 0 {
			t.Fatalf("a buyer finds imported drafts: %v", res)
		}
		// The same key replays the first answer instead of applying twice.
		if r = h.do("POST", "/api/v1/product-imports/"+id+"/apply", seller, nil, "Idempotency-Key", "a2"); r.Status != http.StatusAccepted {
			t.Fatalf("replayed apply: %d %s", r.Status, r.Body)
		}

		// Re-importing the same file changes nothing.
		again := h.uploadImport(seller, fixed).JSON(t)["id"].(string)
		if c := counts(h.awaitImport(t, seller, again, "planned")); c["unchanged"] != 4 || c["create"]+c["update"] != 0 {
			t.Fatalf("re-import counts %v", c)
		}

		// Other sellers' users and other marketplaces do not see the import.
		for _, other := range []string{h.login("demo-curated", "buyer_admin"), h.login("demo-portal", "seller_catalog")} {
			for _, p := range []string{"", "/errors.csv"} {
				if r := h.do("GET", "/api/v1/product-imports/"+id+p, other, nil); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
					t.Fatalf("other viewer GET %s: %d %s", p, r.Status, r.Body)
				}
			}
			if r := h.do("POST", "/api/v1/product-imports/"+again+"/cancel", other, nil); r.Status != http.StatusNotFound && r.Status != http.StatusForbidden {
				t.Fatalf("other viewer cancel: %d %s", r.Status, r.Body)
			}
		}
		r = h.do("GET", "/api/v1/product-imports", h.login("demo-portal", "seller_catalog"), nil)
		if items := r.JSON(t)["items"].([]any); len(items) != 0 {
			t.Fatalf("other tenant lists %d imports", len(items))
		}
		r = h.do("GET", "/api/v1/product-imports", seller, nil)
		if items := r.JSON(t)["items"].([]any); len(items) != 3 {
			t.Fatalf("seller lists %d imports", len(items))
		}
	})
}
