package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/product"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// sellerCtx is the context of the demo seller_catalog user of slug.
func (h *harness) sellerCtx(ctx context.Context, slug string) context.Context {
	h.t.Helper()
	v, err := h.App.Identity.Authenticate(ctx, h.login(slug, "seller_catalog"))
	if err != nil {
		h.t.Fatal(err)
	}
	return tenant.NewContext(ctx, v)
}

func countSKUs(t testing.TB, h *harness, ctx context.Context, prefix string) int {
	t.Helper()
	n, err := h.App.DB.Client.Product.Query().Where(product.SkuHasPrefix(prefix)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportJobs_ProgressAndCancel(t *testing.T) {
	eachDialect(t, func(t *testing.T, h *harness) {
		svc := h.App.Imports
		svc.BatchSize = 10
		ctx := h.sellerCtx(t.Context(), "demo-curated")
		upload := func(tag string) uuid.UUID {
			imp, err := svc.Upload(ctx, importjob.UploadInput{Filename: "p.csv", Body: strings.NewReader(importCSV(tag, 50)), Inline: true})
			if err != nil {
				t.Fatal(err)
			}
			return imp.ID
		}

		t.Run("progress only grows and ends at the total", func(t *testing.T) {
			id := upload("PRG")
			var seen []schematype.ImportProgress
			imp, rep, err := svc.RunPlan(ctx, id, func(p schematype.ImportProgress) { seen = append(seen, p) })
			if err != nil || rep == nil || imp.Status != "planned" {
				t.Fatalf("plan: %v %v %+v", err, rep, imp)
			}
			for i := 1; i < len(seen); i++ {
				if seen[i].Done < seen[i-1].Done {
					t.Fatalf("progress went back: %+v", seen)
				}
			}
			if len(seen) < 5 || seen[len(seen)-1].Done != 50 || imp.Progress.Done != 50 || imp.Progress.Total != 50 {
				t.Fatalf("progress %+v, stored %+v", seen, imp.Progress)
			}
			// A second run of the same (planned) import does nothing.
			if again, rep, err := svc.RunPlan(ctx, id, nil); err != nil || rep != nil || again.Status != "planned" {
				t.Fatalf("re-run: %v %v %s", err, rep, again.Status)
			}
		})

		t.Run("cancel during the dry run stops it", func(t *testing.T) {
			id := upload("CNP")
			imp, _, err := svc.RunPlan(ctx, id, func(p schematype.ImportProgress) {
				if p.Done == 10 {
					if _, err := svc.Cancel(ctx, id); err != nil {
						t.Error(err)
					}
				}
			})
			if err != nil || imp.Status != "cancelled" || imp.PlannedAt != nil {
				t.Fatalf("%v %+v", err, imp)
			}
		})

		t.Run("cancel during the apply writes nothing", func(t *testing.T) {
			id := upload("CNA")
			if _, _, err := svc.RunPlan(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
			imp, err := svc.ApplyNow(ctx, id, func(p schematype.ImportProgress) {
				if p.Phase == "applying" && p.Done == 20 {
					// From another connection, as the API would.
					go func() { _, _ = svc.Cancel(ctx, id) }()
					time.Sleep(200 * time.Millisecond)
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			eventually(t, "cancelled", func() (bool, string) {
				imp, _ = svc.Get(ctx, id)
				return imp.Status == "cancelled", string(imp.Status)
			})
			if n := countSKUs(t, h, ctx, "CNA-"); n != 0 {
				t.Fatalf("%d products written", n)
			}
		})

		t.Run("apply writes all rows once and a rerun does nothing", func(t *testing.T) {
			id := upload("APL")
			if _, _, err := svc.RunPlan(ctx, id, nil); err != nil {
				t.Fatal(err)
			}
			imp, err := svc.ApplyNow(ctx, id, nil)
			if err != nil || imp.Status != "applied" || imp.Counts.Created != 50 || countSKUs(t, h, ctx, "APL-") != 50 {
				t.Fatalf("%v %+v", err, imp)
			}
			if err := svc.HandleApply(ctx, importjob.Payload{ImportID: id}); err != nil {
				t.Fatal(err)
			}
			if countSKUs(t, h, ctx, "APL-") != 50 {
				t.Fatal("rerun wrote again")
			}
		})
	})
}

// BenchmarkImport10k plans and applies 10,000 valid new rows on PostgreSQL through the
// import service (parse, validate, look up, one transaction of bulk upserts with
// revisions), beside a baseline in the same run: a plain ent CreateBulk of the same
// 10,000 products in batches of 500 (target: import < 30 s).
func BenchmarkImport10k(b *testing.B) {
	const n = 10_000
	h := newHarness(b, options{postgres: true, tweak: func(c *config.Config) { c.DataDir = b.TempDir() }})
	ctx := h.sellerCtx(b.Context(), "demo-portal")
	var importSecs, baseSecs float64
	for i := 0; b.Loop(); i++ {
		tag := fmt.Sprintf("B%d", i)
		start := time.Now()
		imp, err := h.App.Imports.Upload(ctx, importjob.UploadInput{Filename: "p.csv", Body: strings.NewReader(importCSV(tag, n)), Inline: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := h.App.Imports.RunPlan(ctx, imp.ID, nil); err != nil {
			b.Fatal(err)
		}
		if imp, err = h.App.Imports.ApplyNow(ctx, imp.ID, nil); err != nil || imp.Counts.Created != n {
			b.Fatalf("%v %+v", err, imp)
		}
		importSecs += time.Since(start).Seconds()

		seller := tenant.FromContext(ctx).Grants[0].OrganizationID
		start = time.Now()
		for from := 0; from < n; from += 500 {
			tx, err := h.App.DB.Client.Tx(ctx)
			if err != nil {
				b.Fatal(err)
			}
			bulk := make([]*ent.ProductCreate, 0, 500)
			for j := from; j < from+500; j++ {
				bulk = append(bulk, tx.Product.Create().SetSellerID(seller).SetSku(fmt.Sprintf("BASE%d-%05d", i, j)).
					SetName("Acetic acid").SetHsCode("291521").SetCountryOfOrigin("DE").SetUnit("KGM"))
			}
			if err := tx.Product.CreateBulk(bulk...).Exec(ctx); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		baseSecs += time.Since(start).Seconds()
	}
	b.ReportMetric(importSecs/float64(b.N), "import-s")
	b.ReportMetric(baseSecs/float64(b.N), "baseline-s")
	b.Logf("import of %d rows: %.2f s (target < 30 s); plain CreateBulk baseline: %.2f s", n, importSecs/float64(b.N), baseSecs/float64(b.N))
}
