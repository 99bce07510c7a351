package testenv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/manifoldhq/manifold/internal/platform/migrations"
)

// Test databases are named manifold_t_<token>_<rand>, and the process's migrated
// template manifold_tpl_<token>, where token = <unix seconds, base 36>_<rand> is unique to
// the test process. While the process runs it holds one idle "owner" session whose
// application_name is manifold_testenv_<token>. A database whose owner session is gone
// belonged to a process that exited (normally or not) and is dropped by the next process
// that connects: that is how templates, which outlive their last test, and the databases
// of crashed runs get cleaned up. Nothing ever connects to a template (it is created
// with ALLOW_CONNECTIONS false once migrated), so concurrent CREATE DATABASE … TEMPLATE
// calls, from this process or while other processes (go test -p N) build their own, do
// not trip over "source database is being accessed by other users".
var pg pgEnv

type pgEnv struct {
	mu       sync.Mutex
	admin    *sql.DB // pool on PostgresURL() for CREATE and DROP DATABASE
	owner    *sql.DB // one session marking this process alive
	token    string
	template string // migrated template, once built
	tplErr   error  // why building the template failed, reported to every test
}

const (
	ownerAppPrefix = "manifold_testenv_"
	// Databases in the pre-token naming (manifold_t_<12 hex>) carry no owner and are
	// dropped once older than this.
	legacyMaxAge = 3 * time.Hour
)

var (
	tokenDB  = regexp.MustCompile(`^manifold_(?:t|tpl)_([0-9a-z]+_[0-9a-f]{8})(?:_[0-9a-f]+)?$`)
	legacyDB = regexp.MustCompile(`^manifold_t_[0-9a-f]{12}$`)
)

// connect opens the process-wide admin pool and owner session on first use (and starts
// dropping the databases of exited test processes) and checks both still answer.
func (p *pgEnv) connect(ctx context.Context) (*sql.DB, string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.admin == nil {
		admin, err := sql.Open("pgx", PostgresURL())
		if err != nil {
			return nil, "", err
		}
		admin.SetMaxIdleConns(4)
		if err := admin.PingContext(ctx); err != nil {
			admin.Close()
			return nil, "", err
		}
		token := strconv.FormatInt(time.Now().Unix(), 36) + "_" + randHex(4)
		owner, err := sql.Open("pgx", withQuery(PostgresURL(), "application_name", ownerAppPrefix+token))
		if err != nil {
			admin.Close()
			return nil, "", err
		}
		owner.SetMaxOpenConns(1)
		owner.SetMaxIdleConns(1)
		if err := owner.PingContext(ctx); err != nil {
			owner.Close()
			admin.Close()
			return nil, "", err
		}
		p.admin, p.owner, p.token = admin, owner, token
		// In the background: it concerns other processes' databases, not this test.
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			dropAbandoned(ctx, admin)
		}()
		return p.admin, p.token, nil
	}
	// Reconnects the owner session if it was lost, so this process's databases keep
	// counting as alive.
	if err := p.owner.PingContext(ctx); err != nil {
		return nil, "", err
	}
	return p.admin, p.token, nil
}

// migratedTemplate returns the name of this process's template database, building it by
// applying the embedded goose migrations on first use. connect must have succeeded.
func (p *pgEnv) migratedTemplate(ctx context.Context) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.template != "" || p.tplErr != nil {
		return p.template, p.tplErr
	}
	name := "manifold_tpl_" + p.token
	if err := p.buildTemplate(ctx, name); err != nil {
		p.tplErr = err
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		_ = dropDatabase(dctx, p.admin, name)
		return "", err
	}
	p.template = name
	return name, nil
}

func (p *pgEnv) buildTemplate(ctx context.Context, name string) error {
	if err := createDatabase(ctx, p.admin, name, ""); err != nil {
		return err
	}
	tdb, err := sql.Open("pgx", WithDatabase(PostgresURL(), name))
	if err != nil {
		return err
	}
	_, err = migrations.Apply(ctx, tdb, migrations.FS)
	if cerr := tdb.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	_, err = p.admin.ExecContext(ctx, "ALTER DATABASE "+quote(name)+" ALLOW_CONNECTIONS false")
	return err
}

// createDatabase creates name, as a copy of template when that is not empty. PostgreSQL
// refuses to copy a template while a session is connected to it; it waits 5 s for such
// sessions to go, and this retries a few times more in case one came and went.
func createDatabase(ctx context.Context, admin *sql.DB, name, template string) error {
	stmt := "CREATE DATABASE " + quote(name)
	if template != "" {
		stmt += " TEMPLATE " + quote(template)
	}
	for attempt := 0; ; attempt++ {
		_, err := admin.ExecContext(ctx, stmt)
		var pgErr *pgconn.PgError
		if err == nil || attempt == 4 || !errors.As(err, &pgErr) || pgErr.Code != "55006" {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(time.Duration(attempt+1) * 200 * time.Millisecond):
		}
	}
}

func dropDatabase(ctx context.Context, admin *sql.DB, name string) error {
	_, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quote(name)+" WITH (FORCE)")
	return err
}

// dropAbandoned drops, best effort, the test and template databases of test processes
// that have exited, and legacy-named ones older than legacyMaxAge.
func dropAbandoned(ctx context.Context, admin *sql.DB) {
	// List databases before sessions: a process opens its owner session before creating
	// any database, so each database listed has an owner that is either alive below or gone.
	var names []string
	rows, err := admin.QueryContext(ctx, `SELECT datname FROM pg_database WHERE datname LIKE 'manifold\_t%'`)
	if err != nil {
		return
	}
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	if len(names) == 0 {
		return
	}
	alive := map[string]bool{}
	rows, err = admin.QueryContext(ctx, `SELECT application_name FROM pg_stat_activity WHERE application_name LIKE $1`, ownerAppPrefix+"%")
	if err != nil {
		return
	}
	for rows.Next() {
		var a string
		if rows.Scan(&a) == nil {
			alive[a] = true
		}
	}
	if rows.Close() != nil || rows.Err() != nil {
		return
	}
	for _, n := range names {
		switch m := tokenDB.FindStringSubmatch(n); {
		case m != nil:
			if alive[ownerAppPrefix+m[1]] {
				continue
			}
		case legacyDB.MatchString(n):
			// Age of the database directory; needs superuser or pg_read_server_files,
			// without which legacy databases are left alone.
			var created time.Time
			err := admin.QueryRowContext(ctx, `SELECT (pg_stat_file('base/' || oid || '/PG_VERSION')).modification
				FROM pg_database WHERE datname = $1`, n).Scan(&created)
			if err != nil || time.Since(created) < legacyMaxAge {
				continue
			}
		default:
			continue
		}
		_ = dropDatabase(ctx, admin, n)
	}
}

func quote(name string) string { return pgx.Identifier{name}.Sanitize() }

func withQuery(base, key, value string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(fmt.Sprintf("TEST_DATABASE_URL: %v", err))
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}
