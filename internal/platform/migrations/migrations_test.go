package migrations_test

import (
	"bytes"
	"context"
	"database/sql"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"github.com/pressly/goose/v3"

	"github.com/manifoldhq/manifold/internal/platform/migrations"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// repoDir is the repository's migration directory, relative to this package.
const repoDir = "../../../migrations"

// emptyDB returns a pool on a fresh, empty PostgreSQL database.
func emptyDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", testenv.NewPostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// driftAfter applies the migrations in fsys to a fresh database with goose and returns
// what ent would still change to reach ent/schema.
func driftAfter(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	db := emptyDB(t)
	if _, err := migrations.Apply(t.Context(), db, fsys); err != nil {
		t.Fatalf("apply migrations: %v", err)
	}
	stmts, err := migrations.Drift(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	return stmts
}

// TestNoDrift fails when ent/schema changed without a new migration.
func TestNoDrift(t *testing.T) {
	if stmts := driftAfter(t, migrations.FS); len(stmts) > 0 {
		t.Fatalf("migrations/ does not produce ent/schema; ent would still run:\n\t%s\n"+
			"generate the missing migration: go run ./cmd/manifold migrate-gen --name NAME",
			strings.Join(stmts, ";\n\t"))
	}
}

// TestDirConsistent checks atlas.sum matches the files (no hand edits without
// --rehash), that every file is a goose migration, and that the embedded set is the
// directory's.
func TestDirConsistent(t *testing.T) {
	dir, err := sqltool.NewGooseDir(repoDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.Validate(dir); err != nil {
		t.Fatalf("%s/atlas.sum: %v (run migrate-gen --rehash only if no database applied the edited file)", repoDir, err)
	}
	files, err := dir.Files()
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no migrations")
	}
	name := regexp.MustCompile(`^\d{5}_[a-z0-9_]+\.sql$`)
	for i, f := range files {
		if !name.MatchString(f.Name()) {
			t.Errorf("%s: want NNNNN_name.sql", f.Name())
		}
		if v, err := goose.NumericComponent(f.Name()); err != nil || v != int64(i+1) {
			t.Errorf("%s: version %d, want %d (versions are sequential)", f.Name(), v, i+1)
		}
		emb, err := fs.ReadFile(migrations.FS, f.Name())
		if err != nil || !bytes.Equal(emb, f.Bytes()) {
			t.Errorf("%s: embedded copy differs: %v", f.Name(), err)
		}
	}
}

func TestUpIdempotent(t *testing.T) {
	db := emptyDB(t)
	ctx := t.Context()
	if err := migrations.Up(ctx, db); err != nil {
		t.Fatal(err)
	}
	st, err := migrations.Status(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		if s.State != goose.StateApplied {
			t.Errorf("%s: %s after Up", s.Source.Path, s.State)
		}
	}
	if err := migrations.Up(ctx, db); err != nil {
		t.Fatalf("second Up: %v", err)
	}
	res, err := migrations.Apply(ctx, db, migrations.FS)
	if err != nil || len(res) != 0 {
		t.Fatalf("third apply: %v applied, err %v", res, err)
	}
	var rows int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM "+migrations.VersionTable+" WHERE version_id > 0").Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(st) {
		t.Fatalf("%d version rows, want %d", rows, len(st))
	}
}

// TestUpConcurrent runs Up from several pools at once: the advisory lock lets each
// migration apply exactly once and every caller succeed.
func TestUpConcurrent(t *testing.T) {
	url := testenv.NewPostgresDatabase(t)
	const n = 4
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		applied []string
		errs    []error
	)
	for range n {
		wg.Go(func() {
			db, err := sql.Open("pgx", url)
			if err == nil {
				defer db.Close()
				var res []*goose.MigrationResult
				res, err = migrations.Apply(t.Context(), db, migrations.FS)
				mu.Lock()
				for _, r := range res {
					applied = append(applied, r.Source.Path)
				}
				mu.Unlock()
			}
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want, _ := fs.Glob(migrations.FS, "*.sql")
	slices.Sort(applied)
	if !slices.Equal(applied, want) {
		t.Fatalf("applied %v across %d callers, want each of %v once", applied, n, want)
	}
}

// copyMigrations copies the repository's migrations (and atlas.sum) into a temp dir,
// passing each .sql file's contents through edit.
func copyMigrations(t *testing.T, edit func(name, body string) string) string {
	t.Helper()
	dir := t.TempDir()
	ents, err := os.ReadDir(repoDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".sql") && e.Name() != migrate.HashFileName {
			continue
		}
		b, err := os.ReadFile(filepath.Join(repoDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil && strings.HasSuffix(e.Name(), ".sql") {
			b = []byte(edit(e.Name(), string(b)))
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// inFirstUp applies f to the up section of the first migration only.
func inFirstUp(f func(up string) string) func(name, body string) string {
	return func(name, body string) string {
		if !strings.HasPrefix(name, "00001_") {
			return body
		}
		up, down, ok := strings.Cut(body, "-- +goose Down")
		if !ok {
			panic("no down section in " + name)
		}
		return f(up) + "-- +goose Down" + down
	}
}

// dropLine removes the first line of up that starts with prefix.
func dropLine(t *testing.T, prefix string) func(string) string {
	return func(up string) string {
		lines := strings.Split(up, "\n")
		for i, l := range lines {
			if strings.HasPrefix(l, prefix) {
				return strings.Join(slices.Delete(lines, i, i+1), "\n")
			}
		}
		t.Fatalf("no line starting with %q", prefix)
		return up
	}
}

func replace(t *testing.T, old, new string) func(string) string {
	return func(up string) string {
		if !strings.Contains(up, old) {
			t.Fatalf("%q not in migration", old)
		}
		return strings.Replace(up, old, new, 1)
	}
}

// TestDriftDetectsTampering proves the drift check fails on a migration set that does
// not match ent/schema, the situation of a schema change without a migration.
func TestDriftDetectsTampering(t *testing.T) {
	cases := []struct {
		name string
		edit func(string) string
		want string // expected in one of the drift statements
	}{
		{"missing index", dropLine(t, `CREATE UNIQUE INDEX "tenants_slug_key"`), `CREATE UNIQUE INDEX "tenants_slug_key"`},
		{"missing column", replace(t, `"model" character varying NOT NULL, `, ""), `ADD COLUMN "model"`},
		{"nullable column", replace(t, `"slug" character varying NOT NULL`, `"slug" character varying NULL`), `SET NOT NULL`},
		{"extra column", func(up string) string {
			return up + "ALTER TABLE \"tenants\" ADD COLUMN \"legacy\" bigint NULL;\n"
		}, `DROP COLUMN "legacy"`},
		{"extra index", func(up string) string {
			return up + "CREATE INDEX \"tenants_name_idx\" ON \"tenants\" (\"name\");\n"
		}, `DROP INDEX "tenants_name_idx"`},
		{"extra table", func(up string) string {
			return up + "CREATE TABLE \"leftovers\" (\"id\" bigint);\n"
		}, `DROP TABLE "leftovers"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := copyMigrations(t, inFirstUp(c.edit))
			stmts := driftAfter(t, os.DirFS(dir))
			if len(stmts) == 0 {
				t.Fatal("tampered migrations reported no drift")
			}
			if !slices.ContainsFunc(stmts, func(s string) bool { return strings.Contains(s, c.want) }) {
				t.Fatalf("drift %q lacks %q", stmts, c.want)
			}
		})
	}
}

func TestGenerate(t *testing.T) {
	testenv.NewPostgresDatabase(t) // skips (or fails under CI) without PostgreSQL
	ctx := t.Context()
	dev := testenv.PostgresURL()

	t.Run("up to date writes nothing", func(t *testing.T) {
		dir := copyMigrations(t, nil)
		before, _ := os.ReadDir(dir)
		sum, _ := os.ReadFile(filepath.Join(dir, migrate.HashFileName))
		if err := migrations.Generate(ctx, dev, dir, "changes"); err != nil {
			t.Fatal(err)
		}
		after, _ := os.ReadDir(dir)
		sum2, _ := os.ReadFile(filepath.Join(dir, migrate.HashFileName))
		if len(after) != len(before) || !bytes.Equal(sum, sum2) {
			t.Fatalf("generate changed an up-to-date directory: %d -> %d files", len(before), len(after))
		}
	})

	t.Run("from scratch", func(t *testing.T) {
		dir := t.TempDir()
		var out bytes.Buffer
		if err := migrations.GenerateMain(ctx, []string{"--name", "init", "--dir", dir, "--dev-url", dev}, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "00001_init.sql") {
			t.Fatalf("output %q", out.String())
		}
		gdir, _ := sqltool.NewGooseDir(dir)
		if err := migrate.Validate(gdir); err != nil {
			t.Fatal(err)
		}
		if stmts := driftAfter(t, os.DirFS(dir)); len(stmts) > 0 {
			t.Fatalf("generated init leaves drift: %q", stmts)
		}
	})

	t.Run("next migration repairs drift", func(t *testing.T) {
		dir := copyMigrations(t, inFirstUp(dropLine(t, `CREATE INDEX "user_tenant_id_created_at"`)))
		err := migrations.Generate(ctx, dev, dir, "fix")
		if err == nil || !strings.Contains(err.Error(), "--rehash") {
			t.Fatalf("generate on an edited directory: %v, want a checksum error pointing at --rehash", err)
		}
		var out bytes.Buffer
		if err := migrations.GenerateMain(ctx, []string{"--rehash", "--dir", dir}, &out); err != nil {
			t.Fatal(err)
		}
		if err := migrations.Generate(ctx, dev, dir, "fix"); err != nil {
			t.Fatal(err)
		}
		names, _ := fs.Glob(os.DirFS(dir), "*.sql")
		next := goose.NumericComponent
		last := names[len(names)-1]
		if v, _ := next(last); v != int64(len(names)) || !strings.HasSuffix(last, "_fix.sql") {
			t.Fatalf("new file %s, want %05d_fix.sql", last, len(names))
		}
		b, _ := os.ReadFile(filepath.Join(dir, last))
		if !strings.Contains(string(b), `CREATE INDEX "user_tenant_id_created_at"`) || !strings.HasPrefix(string(b), "-- +goose Up") {
			t.Fatalf("%s:\n%s", last, b)
		}
		if stmts := driftAfter(t, os.DirFS(dir)); len(stmts) > 0 {
			t.Fatalf("drift after fix: %q", stmts)
		}
	})

	t.Run("bad input", func(t *testing.T) {
		if err := migrations.Generate(ctx, dev, t.TempDir(), "Bad Name"); err == nil {
			t.Error("bad name accepted")
		}
		if err := migrations.Generate(ctx, "sqlite:x.db", t.TempDir(), "x"); err == nil {
			t.Error("non-postgres dev URL accepted")
		}
		if err := migrations.GenerateMain(ctx, []string{"--nope"}, &bytes.Buffer{}); err == nil {
			t.Error("unknown flag accepted")
		}
		if err := migrations.GenerateMain(ctx, []string{"extra"}, &bytes.Buffer{}); err == nil {
			t.Error("stray argument accepted")
		}
	})
}

func TestMigrateMain(t *testing.T) {
	url := testenv.NewPostgresDatabase(t)
	ctx := t.Context()
	var out bytes.Buffer
	if err := migrations.MigrateMain(ctx, url, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "OK    up 00001_init.sql") || !strings.Contains(out.String(), "applied ") {
		t.Fatalf("first run printed %q", out.String())
	}
	out.Reset()
	if err := migrations.MigrateMain(ctx, url, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "database is up to date at version ") {
		t.Fatalf("second run printed %q", out.String())
	}
	for _, bad := range []string{"", "sqlite:var/x.db", "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"} {
		if err := migrations.MigrateMain(ctx, bad, &out); err == nil {
			t.Errorf("MigrateMain(%q) succeeded", bad)
		}
	}
}

// TestSearchPartitions: migration 00020 moves the search entries of a database that has
// some into their tenant's partition, a tenant created later gets a partition of its
// own in its own transaction, and Down puts the single table back with the entries.
func TestSearchPartitions(t *testing.T) {
	db := emptyDB(t)
	ctx := t.Context()
	applyBefore(t, db, "00020")
	// insertTenant inserts a tenant through q (the pool or a transaction).
	insertTenant := func(q interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}, slug string) string {
		t.Helper()
		var id string
		if err := q.QueryRowContext(ctx, `INSERT INTO tenants (id, created_at, updated_at, slug, name, model, default_currency)
			VALUES (gen_random_uuid(), now(), now(), $1, $1, 'curated', 'EUR') RETURNING id`, slug).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	tenant := func(slug string) string { return insertTenant(db, slug) }
	entry := func(tenantID, name string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, `INSERT INTO search_entries (id, created_at, updated_at, seller_id, sku, name,
			origin_country, hs_chapter, document, tenant_id) VALUES (gen_random_uuid(), now(), now(), gen_random_uuid(), $1::text, $1::text,
			'DE', '28', to_tsvector('simple', $1::text), $2::uuid)`, name, tenantID); err != nil {
			t.Fatal(err)
		}
	}
	// where counts a tenant's entries per table they are stored in.
	where := func(tenantID string) map[string]int {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT tableoid::regclass::text, count(*) FROM search_entries WHERE tenant_id = $1 GROUP BY 1`, tenantID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]int{}
		for rows.Next() {
			var table string
			var n int
			if err := rows.Scan(&table, &n); err != nil {
				t.Fatal(err)
			}
			out[table] = n
		}
		return out
	}
	partition := func(tenantID string) string { return "search_entries_" + strings.ReplaceAll(tenantID, "-", "") }
	a, b := tenant("a"), tenant("b")
	entry(a, "glacial acetic acid")
	entry(a, "cocoa butter")
	entry(b, "turmeric")
	if _, err := migrations.Apply(ctx, db, migrations.FS); err != nil {
		t.Fatal(err)
	}
	if got := where(a); !maps.Equal(got, map[string]int{partition(a): 2}) {
		t.Errorf("tenant a's entries after the migration: %v", got)
	}
	if got := where(b); !maps.Equal(got, map[string]int{partition(b): 1}) {
		t.Errorf("tenant b's entries after the migration: %v", got)
	}
	// A new tenant: its partition comes with it, and a rolled-back tenant leaves none.
	c := tenant("c")
	entry(c, "vanilla")
	if got := where(c); !maps.Equal(got, map[string]int{partition(c): 1}) {
		t.Errorf("a new tenant's entry: %v", got)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	gone := insertTenant(tx, "gone")
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class WHERE relname = $1`, partition(gone)).Scan(&n); err != nil || n != 0 {
		t.Errorf("a rolled-back tenant's partition: %d, %v", n, err)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM search_entries_default`).Scan(&n); err != nil || n != 0 {
		t.Errorf("default partition: %d rows, %v", n, err)
	}
	// Down: one table again, every entry kept.
	p, err := migrations.NewProvider(db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 19); err != nil {
		t.Fatal(err)
	}
	if got := where(a); !maps.Equal(got, map[string]int{"search_entries": 2}) {
		t.Errorf("tenant a's entries after Down: %v", got)
	}
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM search_entries`).Scan(&n); err != nil || n != 4 {
		t.Errorf("entries after Down: %d, %v", n, err)
	}
}

// applyBefore applies the migrations whose files sort before version (e.g. "00020").
func applyBefore(t *testing.T, db *sql.DB, version string) {
	t.Helper()
	before := fstest.MapFS{}
	err := fs.WalkDir(migrations.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || p >= version {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, p)
		before[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(t.Context(), db, before); err != nil {
		t.Fatal(err)
	}
}

// 00021 drops the tenant tag of every lexeme and the description column; Down puts
// both back.
func TestSearchUntagged(t *testing.T) {
	db := emptyDB(t)
	ctx := t.Context()
	applyBefore(t, db, "00021")
	// columns lists search_entries' live columns in order and counts dropped ones.
	columns := func() (string, int) {
		t.Helper()
		var cols string
		var dropped int
		if err := db.QueryRowContext(ctx, `SELECT COALESCE(string_agg(attname, ',' ORDER BY attnum) FILTER (WHERE NOT attisdropped), ''),
			count(*) FILTER (WHERE attisdropped) FROM pg_attribute WHERE attrelid = 'search_entries'::regclass AND attnum > 0`).Scan(&cols, &dropped); err != nil {
			t.Fatal(err)
		}
		return cols, dropped
	}
	// leftovers counts relations the rebuild renamed away.
	leftovers := func() int {
		t.Helper()
		var n int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_class WHERE relname LIKE 'old\_search\_entries%'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	cols20, _ := columns()
	var tenantID, tag string
	if err := db.QueryRowContext(ctx, `INSERT INTO tenants (id, created_at, updated_at, slug, name, model, default_currency)
		VALUES (gen_random_uuid(), now(), now(), 'a', 'a', 'curated', 'EUR') RETURNING id, substr(encode(sha256(uuid_send(id)), 'hex'), 1, 10) || '_'`).
		Scan(&tenantID, &tag); err != nil {
		t.Fatal(err)
	}
	// As search.Document built them until 00021, for a product with a description.
	tagged := "'" + tag + "acetic':1A '" + tag + "acid':2A,4C '" + tag + "glacial':3C"
	if _, err := db.ExecContext(ctx, `INSERT INTO search_entries (id, created_at, updated_at, seller_id, sku, name,
		description, origin_country, hs_chapter, document, tenant_id) VALUES (gen_random_uuid(), now(), now(),
		gen_random_uuid(), 'ACA-1', 'acetic acid', 'glacial acid', 'DE', '28', $1::tsvector, $2::uuid)`, tagged, tenantID); err != nil {
		t.Fatal(err)
	}
	if _, err := migrations.Apply(ctx, db, migrations.FS); err != nil {
		t.Fatal(err)
	}
	var doc string
	var match bool
	if err := db.QueryRowContext(ctx, `SELECT document::text, document @@ $1::tsquery FROM search_entries`, "'glac':*").Scan(&doc, &match); err != nil {
		t.Fatal(err)
	}
	if want := "'acetic':1A 'acid':2A,4C 'glacial':3C"; doc != want || !match {
		t.Errorf("document after 00021: %s (prefix match %v), want %s", doc, match, want)
	}
	if cols, dropped := columns(); strings.Contains(cols, "description") || dropped != 0 || leftovers() != 0 {
		t.Errorf("after 00021: columns %s, %d dropped, %d old relations", cols, dropped, leftovers())
	}
	var table string
	if err := db.QueryRowContext(ctx, `SELECT tableoid::regclass::text FROM search_entries`).Scan(&table); err != nil ||
		table != "search_entries_"+strings.ReplaceAll(tenantID, "-", "") {
		t.Errorf("entry in %s after 00021, %v", table, err)
	}
	// The trigger of 00020 still gives a new tenant its partition.
	var partition string
	if err := db.QueryRowContext(ctx, `WITH t AS (INSERT INTO tenants (id, created_at, updated_at, slug, name, model, default_currency)
		VALUES (gen_random_uuid(), now(), now(), 'b', 'b', 'curated', 'EUR') RETURNING id)
		SELECT 'search_entries_' || replace(id::text, '-', '') FROM t`).Scan(&partition); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_inherits WHERE inhparent = 'search_entries'::regclass AND inhrelid = $1::regclass`, partition).Scan(&n); err != nil || n != 1 {
		t.Errorf("a new tenant's partition after 00021: %d, %v", n, err)
	}
	// Every partition's GIN index, the new tenant's too, without a pending list.
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM pg_inherits i JOIN pg_index x ON x.indrelid = i.inhrelid
		JOIN pg_class c ON c.oid = x.indexrelid JOIN pg_am a ON a.oid = c.relam
		WHERE i.inhparent = 'search_entries'::regclass AND a.amname = 'gin' AND c.reloptions @> '{fastupdate=off}'`).Scan(&n); err != nil || n != 3 {
		t.Errorf("GIN indexes with fastupdate off: %d of 3 partitions, %v", n, err)
	}
	p, err := migrations.NewProvider(db, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.DownTo(ctx, 20); err != nil {
		t.Fatal(err)
	}
	var same bool
	if err := db.QueryRowContext(ctx, `SELECT document = $1::tsvector, document::text FROM search_entries`, tagged).Scan(&same, &doc); err != nil || !same {
		t.Errorf("document after Down: %s (%v), want %s", doc, err, tagged)
	}
	if cols, dropped := columns(); cols != cols20 || dropped != 0 || leftovers() != 0 {
		t.Errorf("after Down: columns %s (%d dropped, %d old relations), want %s", cols, dropped, leftovers(), cols20)
	}
}
