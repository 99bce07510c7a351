package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// A seller has at most three imports in flight; finished imports and their files are
// swept after the retention period, unfinished ones never.
func TestProductImport_ActiveLimitAndRetentionSweep(t *testing.T) {
	h := newHarness(t, options{embedded: true}) // no worker: uploads stay queued
	seller := h.login("demo-curated", "seller_catalog")
	var ids []string
	for i := range 3 {
		r := h.uploadImport(seller, importCSV("LIM", 2))
		if r.Status != 202 {
			t.Fatalf("upload %d: %d %s", i, r.Status, r.Body)
		}
		ids = append(ids, r.JSON(t)["id"].(string))
	}
	if r := h.uploadImport(seller, importCSV("LIM", 2)); r.Status != 409 {
		t.Fatalf("fourth import in flight: %d %s", r.Status, r.Body)
	}
	if r := h.do("POST", "/api/v1/product-imports/"+ids[0]+"/cancel", seller, nil); r.Status != 200 {
		t.Fatalf("cancel: %d %s", r.Status, r.Body)
	}
	r := h.uploadImport(seller, importCSV("LIM", 2))
	if r.Status != 202 {
		t.Fatalf("upload after a cancel: %d %s", r.Status, r.Body)
	}

	// The cancelled import is old enough to go; the queued ones stay however old.
	sys := tenant.SystemContext(context.Background(), tenant.SystemTest)
	old := time.Now().UTC().Add(-31 * 24 * time.Hour)
	cancelled := h.App.DB.Client.ProductImport.GetX(sys, uuidOf(t, ids[0]))
	h.App.DB.Client.ProductImport.Update().SetUpdatedAt(old).ExecX(sys)
	n, err := h.App.Imports.Sweep(context.Background(), time.Now().Add(-30*24*time.Hour))
	if err != nil || n != 1 {
		t.Fatalf("sweep: %d, %v", n, err)
	}
	if r := h.do("GET", "/api/v1/product-imports/"+ids[0], seller, nil); r.Status != 404 {
		t.Fatalf("swept import still there: %d", r.Status)
	}
	if _, _, err := h.App.Blob.Get(context.Background(), cancelled.BlobKey); !problem.Is(err, problem.KindNotFound) {
		t.Fatalf("swept import's file: %v", err)
	}
	for _, id := range ids[1:] {
		if r := h.do("GET", "/api/v1/product-imports/"+id, seller, nil); r.Status != 200 {
			t.Fatalf("unfinished import %s swept: %d", id, r.Status)
		}
	}
	if n, err := h.App.Imports.Sweep(context.Background(), time.Now().Add(-30*24*time.Hour)); err != nil || n != 0 {
		t.Fatalf("second sweep: %d, %v", n, err)
	}
}
