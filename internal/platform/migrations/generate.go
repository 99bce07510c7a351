package migrations

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"ariga.io/atlas/sql/sqltool"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"

	entmigrate "github.com/manifoldhq/manifold/ent/migrate"
	entdb "github.com/manifoldhq/manifold/internal/platform/db"
)

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_]*$`)

// Generate writes the next goose migration (NNNNN_name.sql) into dir: the statements that
// take the schema built by replaying dir's migrations to ent/schema, computed by ent's
// versioned-migration engine in a throwaway database created on devURL's server and
// dropped afterwards. With no schema change it writes nothing. dir's atlas.sum, which
// goose ignores, is validated first and rewritten with the new file.
func Generate(ctx context.Context, devURL, dir, name string) error {
	_, err := generate(ctx, devURL, dir, name)
	return err
}

// Rehash rewrites dir's atlas.sum from its migration files. Run it after editing a
// migration that no database has applied yet; Generate refuses a directory whose
// atlas.sum does not match.
func Rehash(dir string) error {
	d, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	sum, err := d.Checksum()
	if err != nil {
		return fmt.Errorf("migrations: checksum %s: %w", dir, err)
	}
	if err := migrate.WriteSumFile(d, sum); err != nil {
		return fmt.Errorf("migrations: write %s: %w", filepath.Join(dir, migrate.HashFileName), err)
	}
	return nil
}

// generate is Generate returning the path of the written file ("" when none).
// extensions are the PostgreSQL extensions the schema needs.
var extensions = []string{"btree_gin"}

func generate(ctx context.Context, devURL, dir, name string) (string, error) {
	if !validName.MatchString(name) {
		return "", fmt.Errorf("migrations: name %q: want lower-case letters, digits and underscores", name)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("migrations: %w", err)
	}
	gdir, err := sqltool.NewGooseDir(dir)
	if err != nil {
		return "", fmt.Errorf("migrations: %w", err)
	}
	if err := migrate.Validate(gdir); err != nil {
		return "", fmt.Errorf("migrations: %s does not match its %s (%w): a migration was edited, added or removed by hand; "+
			"if no database has applied it yet, run migrate-gen --rehash", dir, migrate.HashFileName, err)
	}
	next, err := nextVersion(gdir)
	if err != nil {
		return "", err
	}
	devDB, drop, err := tempDatabase(ctx, devURL, "manifold_gen_")
	if err != nil {
		return "", err
	}
	defer drop()
	db, err := sql.Open("pgx", devDB)
	if err != nil {
		return "", fmt.Errorf("migrations: open dev database: %w", err)
	}
	defer db.Close()
	// Extensions the schema's indexes need (btree_gin: the search index leads with
	// tenant_id) are not modelled in ent: a hand-written migration creates them
	// (00011_btree_gin), and so does the dev database here, so that a diff from scratch
	// can create the index too.
	for _, ext := range extensions {
		if _, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS "+ext); err != nil {
			return "", fmt.Errorf("migrations: dev database: %w", err)
		}
	}
	f := &seqFormatter{version: next}
	err = entdb.WithEntSchema(func() error {
		return entmigrate.NewSchema(entsql.OpenDB(dialect.Postgres, db)).NamedDiff(ctx, name,
			schema.WithDir(gdir),
			schema.WithFormatter(f),
			schema.WithDialect(dialect.Postgres),
			schema.WithMigrationMode(schema.ModeReplay),
			schema.WithDropIndex(true),
			schema.WithDropColumn(true),
			schema.WithForeignKeys(true),
			schema.WithErrNoPlan(true),
			schema.WithDiffHook(partitioned),
		)
	})
	switch {
	case errors.Is(err, migrate.ErrNoPlan):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("migrations: diff ent/schema against %s: %w", dir, err)
	case f.written == "":
		return "", errors.New("migrations: ent reported changes but wrote no file")
	}
	return filepath.Join(dir, f.written), nil
}

// nextVersion is one more than the highest goose version in d (1 for an empty d).
func nextVersion(d migrate.Dir) (int64, error) {
	files, err := d.Files()
	if err != nil {
		return 0, fmt.Errorf("migrations: list: %w", err)
	}
	var top int64
	for _, f := range files {
		v, err := goose.NumericComponent(f.Name())
		if err != nil {
			return 0, fmt.Errorf("migrations: %s is not a goose migration (want NNNNN_name.sql): %w", f.Name(), err)
		}
		top = max(top, v)
	}
	return top + 1, nil
}

// seqFormatter is sqltool.GooseFormatter with goose's sequential file names
// (00001_init.sql) instead of timestamps.
type seqFormatter struct {
	version int64
	written string
}

func (f *seqFormatter) Format(plan *migrate.Plan) ([]migrate.File, error) {
	files, err := sqltool.GooseFormatter.Format(plan)
	if err != nil {
		return nil, err
	}
	if len(files) != 1 {
		return nil, fmt.Errorf("migrations: goose formatter produced %d files, want 1", len(files))
	}
	f.written = fmt.Sprintf("%05d_%s.sql", f.version, plan.Name)
	body := files[0].Bytes()
	if f.version == 1 {
		// From scratch: the first migration creates the extensions too.
		var ext strings.Builder
		for _, e := range extensions {
			ext.WriteString("CREATE EXTENSION IF NOT EXISTS " + e + ";\n")
		}
		body = []byte(strings.Replace(string(body), "-- +goose Up\n", "-- +goose Up\n"+ext.String(), 1))
	}
	return []migrate.File{migrate.NewLocalFile(f.written, body)}, nil
}

// tempDatabase creates an empty database named prefix+random on the server of serverURL
// and returns its URL and a function that drops it.
func tempDatabase(ctx context.Context, serverURL, prefix string) (string, func(), error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", nil, errors.New("migrations: dev URL must be a postgres:// URL")
	}
	admin, err := sql.Open("pgx", serverURL)
	if err != nil {
		return "", nil, fmt.Errorf("migrations: open dev server: %w", err)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := prefix + hex.EncodeToString(b)
	quoted := pgx.Identifier{name}.Sanitize()
	cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if _, err := admin.ExecContext(cctx, "CREATE DATABASE "+quoted); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("migrations: create dev database on %s: %w", u.Host, err)
	}
	drop := func() {
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(dctx, "DROP DATABASE IF EXISTS "+quoted+" WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "migrations: drop dev database %s: %v\n", name, err)
		}
		admin.Close()
	}
	u.Path = "/" + name
	return u.String(), drop, nil
}
