// Package migrations generates, applies and checks the versioned PostgreSQL migrations in
// the repository's migrations/ directory.
//
// Migrations are goose SQL files generated from ent/schema by ent's versioned-migration
// engine (Atlas, in replay mode against a throwaway database), so they are the single
// source of truth for the production schema. Up applies them with goose under a
// PostgreSQL session-level advisory lock, so several instances starting at once apply
// each migration exactly once. Drift reports what ent would still change on a migrated
// database; a non-empty answer means ent/schema changed without a new migration.
//
// SQLite (development and tests) keeps using ent's Schema.Create; migrations are
// PostgreSQL only.
package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"slices"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	atlasmigrate "ariga.io/atlas/sql/migrate"

	entmigrate "github.com/manifoldhq/manifold/ent/migrate"
	entdb "github.com/manifoldhq/manifold/internal/platform/db"
	embedded "github.com/manifoldhq/manifold/migrations"
)

// VersionTable is the table goose records applied migrations in.
const VersionTable = goose.DefaultTablename

// FS is the embedded migration set (migrations/*.sql).
var FS fs.FS = embedded.FS

// NewProvider returns a goose provider for PostgreSQL over the migrations in fsys, with a
// session-level advisory lock around Up and Down so concurrent callers serialise. Callers
// waiting for the lock poll it every second for up to five minutes.
func NewProvider(db *sql.DB, fsys fs.FS) (*goose.Provider, error) {
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("migrations: session locker: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys,
		goose.WithSessionLocker(locker),
		goose.WithDisableGlobalRegistry(true),
	)
	if err != nil {
		return nil, fmt.Errorf("migrations: goose provider: %w", err)
	}
	return p, nil
}

// Up applies every pending embedded migration to db (a PostgreSQL pool). It is a no-op on
// an up-to-date database and safe to call from several processes at once.
func Up(ctx context.Context, db *sql.DB) error {
	_, err := Apply(ctx, db, FS)
	return err
}

// Apply applies the pending migrations of fsys to db and returns what it applied (empty
// when the database was up to date).
func Apply(ctx context.Context, db *sql.DB, fsys fs.FS) ([]*goose.MigrationResult, error) {
	p, err := NewProvider(db, fsys)
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return res, fmt.Errorf("migrations: up: %w", err)
	}
	return res, nil
}

// Status reports every embedded migration, applied or pending, in version order.
func Status(ctx context.Context, db *sql.DB) ([]*goose.MigrationStatus, error) {
	p, err := NewProvider(db, FS)
	if err != nil {
		return nil, err
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: status: %w", err)
	}
	return st, nil
}

// Drift returns the DDL statements ent would run to bring the PostgreSQL database db to
// ent/schema, including dropped columns and indexes, followed by a DROP TABLE for each
// table in the current schema that neither ent nor goose owns. An empty result means the
// database matches ent/schema. Nothing is changed.
func Drift(ctx context.Context, db *sql.DB) ([]string, error) {
	var stmts []string
	capture := func(schema.Applier) schema.Applier {
		return schema.ApplyFunc(func(_ context.Context, _ dialect.ExecQuerier, plan *atlasmigrate.Plan) error {
			for _, c := range plan.Changes {
				stmts = append(stmts, c.Cmd)
			}
			return nil
		})
	}
	// Not closed: closing the ent driver would close db.
	drv := entsql.OpenDB(dialect.Postgres, db)
	err := entdb.WithEntSchema(func() error {
		return entmigrate.NewSchema(drv).Create(ctx,
			schema.WithApplyHook(capture),
			schema.WithDiffHook(partitioned),
			schema.WithDropColumn(true),
			schema.WithDropIndex(true),
			schema.WithForeignKeys(true),
		)
	})
	if err != nil {
		return nil, fmt.Errorf("migrations: diff against ent schema: %w", err)
	}
	known := []string{VersionTable}
	for _, t := range entmigrate.Tables {
		known = append(known, t.Name)
	}
	// Partitions (search_entries' per tenant) belong to their partitioned table.
	rows, err := db.QueryContext(ctx, `SELECT relname FROM pg_catalog.pg_class
		WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname`)
	if err != nil {
		return nil, fmt.Errorf("migrations: list tables: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, fmt.Errorf("migrations: list tables: %w", err)
		}
		if !slices.Contains(known, name) {
			stmts = append(stmts, fmt.Sprintf("DROP TABLE %q -- not in ent/schema", name))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrations: list tables: %w", err)
	}
	return stmts, nil
}
