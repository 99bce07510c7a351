package migrations

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"time"
)

// DefaultDevURL is the PostgreSQL server migrate-gen creates its throwaway database on
// when neither --dev-url nor TEST_DATABASE_URL is set.
const DefaultDevURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// GenerateMain is the migrate-gen command: it writes the next migration for the changes
// in ent/schema, or nothing when there are none.
//
//	migrate-gen [--name changes] [--dev-url URL] [--dir migrations]
//	migrate-gen --rehash [--dir migrations]
func GenerateMain(ctx context.Context, args []string, stdout io.Writer) error {
	devDefault := DefaultDevURL
	if v := os.Getenv("TEST_DATABASE_URL"); v != "" {
		devDefault = v
	}
	fl := flag.NewFlagSet("migrate-gen", flag.ContinueOnError)
	fl.SetOutput(stdout)
	name := fl.String("name", "changes", "migration name: lower-case letters, digits, underscores")
	devURL := fl.String("dev-url", devDefault, "PostgreSQL server on which a throwaway dev database is created and dropped")
	dir := fl.String("dir", "migrations", "goose migration directory")
	rehash := fl.Bool("rehash", false, "only rewrite atlas.sum, after editing a not yet applied migration by hand")
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("migrate-gen: %w", err)
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("migrate-gen: unexpected arguments %q", fl.Args())
	}
	if *rehash {
		if err := Rehash(*dir); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "rewrote %s/atlas.sum\n", *dir)
		return nil
	}
	file, err := generate(ctx, *devURL, *dir, *name)
	if err != nil {
		return err
	}
	if file == "" {
		fmt.Fprintf(stdout, "%s is up to date with ent/schema: nothing written\n", *dir)
		return nil
	}
	fmt.Fprintf(stdout, "wrote %s\n", file)
	return nil
}

// MigrateMain applies the pending embedded migrations to the PostgreSQL database at
// databaseURL and prints each one it applied, then the resulting version. On an up-to-date
// database it changes nothing. Concurrent runs against one database serialise on an
// advisory lock.
func MigrateMain(ctx context.Context, databaseURL string, stdout io.Writer) error {
	if databaseURL == "" {
		return errors.New("migrate: no database URL given (MANIFOLD_DATABASE_URL)")
	}
	u, err := url.Parse(databaseURL)
	if err != nil {
		return errors.New("migrate: database URL does not parse")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return fmt.Errorf("migrate: %s: database is not PostgreSQL; versioned migrations are PostgreSQL only "+
			"(SQLite databases get their schema from ent/schema directly)", u.Scheme)
	}
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return fmt.Errorf("migrate: open: %w", err)
	}
	defer db.Close()
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	err = db.PingContext(pctx)
	cancel()
	if err != nil {
		return fmt.Errorf("migrate: connect to %s: %w", u.Host, err)
	}
	p, err := NewProvider(db, FS)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	for _, r := range res {
		if r.Error == nil {
			fmt.Fprintln(stdout, r)
		}
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("migrate: read version: %w", err)
	}
	if len(res) == 0 {
		fmt.Fprintf(stdout, "database is up to date at version %d\n", v)
	} else {
		fmt.Fprintf(stdout, "applied %d migration(s); database at version %d\n", len(res), v)
	}
	return nil
}
