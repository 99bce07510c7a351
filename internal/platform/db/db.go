// Package db opens the ent client on PostgreSQL (pgx) or SQLite (modernc, pure Go) and
// holds the few helpers that must know the dialect: transactions and row locks.
package db

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/migrate"
	_ "github.com/manifoldhq/manifold/ent/runtime" // privacy policies and hooks
)

func init() {
	// ent's SQLite dialect expects the driver name "sqlite3"; modernc registers "sqlite".
	sql.Register("sqlite3", &sqlite.Driver{})
}

// DB is an open database: the ent client, the raw pool and the dialect.
type DB struct {
	Client  *ent.Client
	SQL     *sql.DB
	Dialect string
}

// Close closes the client and the pool.
func (d *DB) Close() error { return d.Client.Close() }

// Ping checks the database answers within the context's deadline.
func (d *DB) Ping(ctx context.Context) error { return d.SQL.PingContext(ctx) }

// Open connects to rawURL: postgres://… or postgresql://… for PostgreSQL, sqlite:PATH or
// file:PATH for SQLite (the directory is created; foreign keys, WAL and a busy timeout
// are switched on).
func Open(ctx context.Context, rawURL string) (*DB, error) {
	drv, dsn, err := ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	var sdb *sql.DB
	switch drv {
	case dialect.Postgres:
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		// JIT compilation pays off for long analytical queries; for ours (search with
		// facets above all, whose correlated subqueries inflate the estimates) it costs
		// far more than the query. A DSN that sets jit itself wins.
		if _, set := cfg.RuntimeParams["jit"]; !set {
			cfg.RuntimeParams["jit"] = "off"
		}
		sdb = stdlib.OpenDB(*cfg)
		sdb.SetMaxOpenConns(20)
		sdb.SetMaxIdleConns(10)
		sdb.SetConnMaxIdleTime(5 * time.Minute)
	case dialect.SQLite:
		sdb, err = sql.Open("sqlite3", dsn)
		if err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
		// One writer at a time is SQLite's model; a small pool keeps readers concurrent.
		sdb.SetMaxOpenConns(4)
	}
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sdb.PingContext(pctx); err != nil {
		sdb.Close()
		return nil, fmt.Errorf("connect %s: %w", drv, err)
	}
	client := ent.NewClient(ent.Driver(entsql.OpenDB(drv, sdb)))
	return &DB{Client: client, SQL: sdb, Dialect: drv}, nil
}

// ParseURL maps a MANIFOLD_DATABASE_URL to an ent dialect and a driver DSN.
func ParseURL(rawURL string) (drv, dsn string, err error) {
	switch {
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		return dialect.Postgres, rawURL, nil
	case strings.HasPrefix(rawURL, "sqlite:"), strings.HasPrefix(rawURL, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "file:")
		path = strings.TrimPrefix(path, "//")
		var q string
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, q = path[:i], path[i+1:]
		}
		if path == "" {
			return "", "", fmt.Errorf("database url %q: empty sqlite path", rawURL)
		}
		if path != ":memory:" && !strings.HasPrefix(path, "mem") {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return "", "", fmt.Errorf("create sqlite directory: %w", err)
			}
		}
		vals, err := url.ParseQuery(q)
		if err != nil {
			return "", "", fmt.Errorf("database url %q: %w", rawURL, err)
		}
		vals.Add("_pragma", "foreign_keys(1)")
		vals.Add("_pragma", "busy_timeout(10000)")
		if path != ":memory:" {
			vals.Add("_pragma", "journal_mode(WAL)")
		}
		vals.Set("_txlock", "immediate")
		vals.Set("_time_format", "sqlite")
		return dialect.SQLite, "file:" + path + "?" + vals.Encode(), nil
	}
	return "", "", fmt.Errorf("database url %q: want postgres://… or sqlite:PATH", rawURL)
}

// WithTx runs fn in a transaction, committing on nil and rolling back on error or panic.
func WithTx(ctx context.Context, c *ent.Client, fn func(tx *ent.Tx) error) (err error) {
	tx, err := c.Tx(ctx)
	if err != nil {
		return fmt.Errorf("begin tx: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(tx); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// Lockable is any generated ent query (they all have ForUpdate).
type Lockable[Q any] interface {
	ForUpdate(opts ...entsql.LockOption) Q
}

// ForUpdate adds FOR UPDATE on PostgreSQL. SQLite has no row locks; there a write
// transaction (BEGIN IMMEDIATE, see ParseURL) already holds the database's one write
// lock, so the plain query is just as safe.
func ForUpdate[Q Lockable[Q]](dialectName string, q Q) Q {
	if dialectName == dialect.Postgres {
		return q.ForUpdate()
	}
	return q
}

// createMu serialises Schema.Create: ent's generated migrate tables are package-level
// values that Create mutates, so two creates in one process (parallel tests) race.
var createMu sync.Mutex

// WithEntSchema runs f, which uses ent's generated migrate tables (a drift check, a
// migration diff), holding the lock CreateSchema holds.
func WithEntSchema(f func() error) error {
	createMu.Lock()
	defer createMu.Unlock()
	return f()
}

// SearchFTSTable is SQLite's full-text index of search_entries (internal/catalog/search
// keeps it in step): the entry and tenant ids unindexed; name, SKU and description
// searchable, tokenized as search.Tokens does (letters and digits, no diacritic folding).
const SearchFTSTable = "search_fts"

const searchFTSDDL = `CREATE VIRTUAL TABLE IF NOT EXISTS ` + SearchFTSTable + ` USING fts5(` +
	`entry_id UNINDEXED, tenant_id UNINDEXED, name, sku, description, tokenize = 'unicode61 remove_diacritics 0')`

// CreateSchema creates or updates the schema with ent's Schema.Create (SQLite: the
// embedded mode and tests; PostgreSQL uses versioned migrations), and on SQLite the FTS5
// table that ent cannot model.
func CreateSchema(ctx context.Context, d *DB) error {
	return WithEntSchema(func() error {
		if err := d.Client.Schema.Create(ctx, migrate.WithForeignKeys(true)); err != nil {
			return err
		}
		if d.Dialect != dialect.SQLite {
			return nil
		}
		if _, err := d.SQL.ExecContext(ctx, searchFTSDDL); err != nil {
			return fmt.Errorf("create %s: %w", SearchFTSTable, err)
		}
		return nil
	})
}
