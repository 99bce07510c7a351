package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func TestRun_ReindexRebuildsAWipedIndex(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	url := "sqlite:" + filepath.Join(dir, "manifold.db")
	t.Setenv("MANIFOLD_DATABASE_URL", url)
	t.Setenv("MANIFOLD_DATA_DIR", dir)
	t.Setenv("MANIFOLD_REDIS_URL", "")
	if code, out, errOut := runCmd(t, "seed"); code != 0 {
		t.Fatalf("seed = %d\n%s\n%s", code, out, errOut)
	}
	d, err := db.Open(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	products := d.Client.Product.Query().CountX(sys)
	if n := d.Client.SearchEntry.Query().CountX(sys); n != products || products == 0 {
		t.Fatalf("the seed indexed %d of %d products", n, products)
	}
	d.Client.SearchEntry.Delete().ExecX(sys)
	d.Client.SearchOffer.Delete().ExecX(sys)

	code, out, errOut := runCmd(t, "reindex", "--tenant", "demo-portal")
	if code != 0 || out != "reindexed demo-portal\n" || !strings.Contains(errOut, "demo-portal") {
		t.Fatalf("reindex one = %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, "reindex")
	if code != 0 || strings.Count(out, "reindexed ") != 3 {
		t.Fatalf("reindex all = %d\n%s\n%s", code, out, errOut)
	}
	if n := d.Client.SearchEntry.Query().CountX(sys); n != products {
		t.Fatalf("reindexed %d of %d products", n, products)
	}
	if n := d.Client.SearchOffer.Query().CountX(sys); n == 0 {
		t.Fatal("no offer rows after reindex")
	}
	var fts int
	if err := d.SQL.QueryRowContext(t.Context(), "SELECT count(*) FROM "+db.SearchFTSTable).Scan(&fts); err != nil || fts != products {
		t.Fatalf("fts rows %d of %d (%v)", fts, products, err)
	}
	if code, _, _ := runCmd(t, "reindex", "--tenant", "nope"); code != 1 {
		t.Fatalf("unknown tenant = %d", code)
	}
}
