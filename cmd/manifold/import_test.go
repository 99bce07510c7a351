package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun_ImportDryRunThenApplyOnSQLite(t *testing.T) {
	cleanEnv(t)
	dir := t.TempDir()
	t.Setenv("MANIFOLD_DATABASE_URL", "sqlite:"+filepath.Join(dir, "manifold.db"))
	t.Setenv("MANIFOLD_DATA_DIR", dir)
	t.Setenv("MANIFOLD_REDIS_URL", "")
	if code, out, errOut := runCmd(t, "seed"); code != 0 {
		t.Fatalf("seed = %d\n%s\n%s", code, out, errOut)
	}
	var b strings.Builder
	b.WriteString("sku,name,hs_code,country_of_origin,unit\n")
	for i := range 30 {
		fmt.Fprintf(&b, "CLI-%02d,Citric acid %d,2918.14,NL,KGM\n", i, i)
	}
	file := filepath.Join(dir, "products.csv")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"import", "--tenant", "demo-portal", "--seller-email", "seller_catalog@demo-portal.example", "--file", file}

	code, out, errOut := runCmd(t, append(args, "--dry-run")...)
	if code != 0 || !strings.Contains(out, "30 rows: 30 to create") || !strings.Contains(out, "Dry run") ||
		!strings.Contains(errOut, "100%") {
		t.Fatalf("dry run = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "Applied: 30 created, 0 updated") {
		t.Fatalf("apply = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, errOut = runCmd(t, args...)
	if code != 0 || !strings.Contains(out, "30 unchanged") || !strings.Contains(out, "Applied: 0 created, 0 updated") {
		t.Fatalf("re-import = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	bad := filepath.Join(dir, "bad.csv")
	_ = os.WriteFile(bad, []byte("sku,name,hs_code,country_of_origin,unit\nCLI-X,Bad,29A5,XX,KGM\n"), 0o600)
	code, out, _ = runCmd(t, "import", "--tenant", "demo-portal", "--seller-email", "seller_catalog@demo-portal.example", "--file", bad)
	if code != 1 || !strings.Contains(out, "Nothing was written") || !strings.Contains(out, "hs_code") {
		t.Fatalf("bad file = %d\n%s", code, out)
	}
}
