package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/migrations"
)

func TestPostgresIsMigrated(t *testing.T) {
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			d := Postgres(t)
			var version int64
			err := d.SQL.QueryRowContext(t.Context(), "SELECT max(version_id) FROM "+migrations.VersionTable).Scan(&version)
			if err != nil || version < 1 {
				t.Fatalf("goose version %d, %v: database not built from migrations", version, err)
			}
			// Each test owns its database.
			if _, err := d.SQL.ExecContext(t.Context(), "CREATE TABLE mine (id int)"); err != nil {
				t.Fatal(err)
			}
			stmts, err := migrations.Drift(t.Context(), d.SQL)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(stmts, []string{`DROP TABLE "mine" -- not in ent/schema`}) {
				t.Fatalf("drift %q", stmts)
			}
		})
	}
}

func TestNewPostgresDatabaseIsEmpty(t *testing.T) {
	db, err := sql.Open("pgx", NewPostgresDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("%d tables in a new empty database", n)
	}
}

func TestDropAbandoned(t *testing.T) {
	ctx := t.Context()
	admin, token, err := pg.connect(ctx)
	if err != nil {
		unavailable(t, "PostgreSQL", err)
	}
	dead := "manifold_t_" + "zzzzzz_" + randHex(4) + "_" + randHex(4) // owner never existed
	deadTpl := "manifold_tpl_" + "zzzzzz_" + randHex(4)
	mine := "manifold_t_" + token + "_" + randHex(4)
	young := "manifold_t_" + randHex(6)  // legacy name, just created
	other := "manifold_tx_" + randHex(4) // not ours at all
	for _, n := range []string{dead, deadTpl, mine, young, other} {
		if err := createDatabase(ctx, admin, n, ""); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = dropDatabase(context.Background(), admin, n) })
	}
	dropAbandoned(ctx, admin)
	for n, want := range map[string]bool{dead: false, deadTpl: false, mine: true, young: true, other: true} {
		var exists bool
		if err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", n).Scan(&exists); err != nil {
			t.Fatal(err)
		}
		if exists != want {
			t.Errorf("%s exists=%v, want %v", n, exists, want)
		}
	}
}
