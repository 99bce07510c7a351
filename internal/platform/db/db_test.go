package db_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/manifoldhq/manifold/ent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestParseURL_Postgres(t *testing.T) {
	for _, u := range []string{
		"postgres://manifold:pw@db:5432/manifold?sslmode=disable",
		"postgresql://db/manifold",
		"postgres:///manifold?host=/var/run/postgresql",
	} {
		t.Run(u, func(t *testing.T) {
			drv, dsn, err := db.ParseURL(u)
			if err != nil || drv != dialect.Postgres || dsn != u {
				t.Errorf("ParseURL = %q, %q, %v; want postgres and the URL unchanged", drv, dsn, err)
			}
		})
	}
}

func TestParseURL_SQLite(t *testing.T) {
	dir := t.TempDir()
	defaults := []string{"foreign_keys(1)", "busy_timeout(10000)"}
	tests := []struct {
		name    string
		url     string
		path    string   // file the DSN names
		pragmas []string // _pragma values, in order
		extra   url.Values
	}{
		{"sqlite:path", "sqlite:" + dir + "/a.db", dir + "/a.db", append(defaults, "journal_mode(WAL)"), nil},
		{"file:path", "file:" + dir + "/b.db", dir + "/b.db", append(defaults, "journal_mode(WAL)"), nil},
		{"sqlite://abs path", "sqlite://" + dir + "/c.db", dir + "/c.db", append(defaults, "journal_mode(WAL)"), nil},
		{"creates the directory", "sqlite:" + dir + "/new/sub/d.db", dir + "/new/sub/d.db", append(defaults, "journal_mode(WAL)"), nil},
		{"memory has no WAL", "sqlite::memory:", ":memory:", defaults, nil},
		{"user params kept", "sqlite:" + dir + "/e.db?cache=shared&_pragma=synchronous(NORMAL)", dir + "/e.db",
			[]string{"synchronous(NORMAL)", "foreign_keys(1)", "busy_timeout(10000)", "journal_mode(WAL)"},
			url.Values{"cache": {"shared"}}},
		{"txlock forced to immediate", "file:" + dir + "/f.db?_txlock=deferred&mode=rwc", dir + "/f.db",
			append(defaults, "journal_mode(WAL)"), url.Values{"mode": {"rwc"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			drv, dsn, err := db.ParseURL(tt.url)
			if err != nil || drv != dialect.SQLite {
				t.Fatalf("ParseURL(%q) = %q, %q, %v; want sqlite", tt.url, drv, dsn, err)
			}
			path, rawQuery, _ := strings.Cut(strings.TrimPrefix(dsn, "file:"), "?")
			if !strings.HasPrefix(dsn, "file:") || path != tt.path {
				t.Errorf("DSN %q, want file:%s?…", dsn, tt.path)
			}
			q, err := url.ParseQuery(rawQuery)
			if err != nil {
				t.Fatal(err)
			}
			if got := q["_pragma"]; !slices.Equal(got, tt.pragmas) {
				t.Errorf("_pragma %q, want %q", got, tt.pragmas)
			}
			if got := q["_txlock"]; !slices.Equal(got, []string{"immediate"}) {
				t.Errorf("_txlock %q, want immediate", got)
			}
			if got := q.Get("_time_format"); got != "sqlite" {
				t.Errorf("_time_format %q", got)
			}
			for k, v := range tt.extra {
				if !slices.Equal(q[k], v) {
					t.Errorf("%s = %q, want the user's %q kept", k, q[k], v)
				}
			}
			if path != ":memory:" {
				if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
					t.Errorf("directory of %s not created: %v", path, err)
				}
			}
		})
	}
}

func TestParseURL_Errors(t *testing.T) {
	tests := []struct {
		name, url string
	}{
		{"empty", ""},
		{"mysql", "mysql://db/x"},
		{"bare path", "./var/m.db"},
		{"http", "http://db"},
		{"sqlite empty path", "sqlite:"},
		{"file empty path", "file:"},
		{"sqlite only slashes", "sqlite://"},
		{"sqlite only query", "sqlite:?cache=shared"},
		{"bad query", "sqlite:" + t.TempDir() + "/x.db?a=%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			drv, dsn, err := db.ParseURL(tt.url)
			if err == nil {
				t.Fatalf("ParseURL(%q) = %q, %q; want an error", tt.url, drv, dsn)
			}
			if !strings.Contains(err.Error(), "database url") {
				t.Errorf("error %q does not say which setting", err)
			}
		})
	}
}

func TestOpen_SQLiteAppliesPragmas(t *testing.T) {
	tests := []struct {
		name, url, journal string
	}{
		{"file", "sqlite:" + filepath.Join(t.TempDir(), "p.db"), "wal"},
		{"memory", "sqlite::memory:", "memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := db.Open(t.Context(), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.Dialect != dialect.SQLite {
				t.Errorf("dialect %q", d.Dialect)
			}
			for pragma, want := range map[string]string{"foreign_keys": "1", "busy_timeout": "10000", "journal_mode": tt.journal} {
				var got string
				if err := d.SQL.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
					t.Fatal(err)
				}
				if got != want {
					t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
				}
			}
		})
	}
}

func TestOpen_FailsWhenTheDatabaseDoesNotAnswer(t *testing.T) {
	d, err := db.Open(t.Context(), "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
	if err == nil {
		d.Close()
		t.Fatal("Open succeeded on a closed port")
	}
	if !strings.Contains(err.Error(), "connect postgres") {
		t.Errorf("error %q does not say what failed", err)
	}
}

// recorder is a debug driver over d's pool that keeps every statement it sees.
type recorder struct {
	mu    sync.Mutex
	stmts []string
}

func (r *recorder) client(d *db.DB) *ent.Client {
	drv := dialect.DebugWithContext(entsql.OpenDB(d.Dialect, d.SQL), func(_ context.Context, v ...any) {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.stmts = append(r.stmts, fmt.Sprint(v...))
	})
	return ent.NewClient(ent.Driver(drv))
}

func (r *recorder) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.stmts
	r.stmts = nil
	return out
}

func newTenant(t *testing.T, c *ent.Client, ctx context.Context, slug string) *ent.Tenant {
	t.Helper()
	tn, err := c.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return tn
}

func TestForUpdate_LocksOnlyOnPostgres(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		rec := &recorder{}
		c := rec.client(d) // shares d's pool; testenv closes it
		tn := newTenant(t, c, sys, "locked")
		rec.take()
		err := db.WithTx(sys, c, func(tx *ent.Tx) error {
			got, err := db.ForUpdate(d.Dialect, tx.Tenant.Query().Where(enttenant.ID(tn.ID))).Only(sys)
			if err == nil && got.ID != tn.ID {
				err = fmt.Errorf("got tenant %s", got.ID)
			}
			return err
		})
		if err != nil {
			t.Fatalf("locked read: %v", err)
		}
		var selects []string
		for _, s := range rec.take() {
			if strings.Contains(s, "SELECT") {
				selects = append(selects, s)
			}
		}
		if len(selects) != 1 {
			t.Fatalf("statements %q, want one SELECT", selects)
		}
		want := d.Dialect == dialect.Postgres
		if got := strings.Contains(selects[0], "FOR UPDATE"); got != want {
			t.Errorf("%s: FOR UPDATE in %q = %v, want %v", d.Dialect, selects[0], got, want)
		}
	})
}

func TestWithTx(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		exists := func(slug string) bool {
			ok, err := d.Client.Tenant.Query().Where(enttenant.Slug(slug)).Exist(sys)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		errBoom := errors.New("boom")
		tests := []struct {
			name      string
			fn        func(tx *ent.Tx, slug string) error
			wantErr   error
			wantPanic any
			committed bool
		}{
			{"nil commits", func(tx *ent.Tx, slug string) error {
				return tx.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").Exec(sys)
			}, nil, nil, true},
			{"error rolls back", func(tx *ent.Tx, slug string) error {
				tx.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").ExecX(sys)
				return fmt.Errorf("wrapped: %w", errBoom)
			}, errBoom, nil, false},
			{"panic rolls back and re-panics", func(tx *ent.Tx, slug string) error {
				tx.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").ExecX(sys)
				panic("kaboom")
			}, nil, "kaboom", false},
			{"failed statement rolls back the earlier ones", func(tx *ent.Tx, slug string) error {
				tx.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").ExecX(sys)
				// Same slug again: the unique index refuses it.
				return tx.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").Exec(sys)
			}, nil, nil, false},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				slug := fmt.Sprintf("tx-%d", i)
				var (
					err       error
					recovered any
				)
				func() {
					defer func() { recovered = recover() }()
					err = db.WithTx(sys, d.Client, func(tx *ent.Tx) error { return tt.fn(tx, slug) })
				}()
				if recovered != tt.wantPanic {
					t.Errorf("panic %v, want %v", recovered, tt.wantPanic)
				}
				switch {
				case tt.committed && err != nil:
					t.Errorf("WithTx = %v, want nil", err)
				case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
					t.Errorf("WithTx = %v, want %v", err, tt.wantErr)
				case !tt.committed && tt.wantPanic == nil && err == nil:
					t.Error("WithTx = nil, want the error")
				}
				if got := exists(slug); got != tt.committed {
					t.Errorf("row exists = %v, want %v", got, tt.committed)
				}
			})
		}
		// A rolled-back transaction leaves no connection or lock behind: a new write works.
		if err := db.WithTx(sys, d.Client, func(tx *ent.Tx) error {
			return tx.Tenant.Create().SetSlug("after").SetName("after").SetModel("curated").SetDefaultCurrency("EUR").Exec(sys)
		}); err != nil || !exists("after") {
			t.Errorf("write after the rollbacks: %v", err)
		}
		t.Run("begin fails", func(t *testing.T) {
			ctx, cancel := context.WithCancel(sys)
			cancel()
			called := false
			err := db.WithTx(ctx, d.Client, func(*ent.Tx) error { called = true; return nil })
			if err == nil || called || !strings.Contains(err.Error(), "begin tx") {
				t.Errorf("WithTx on a cancelled context = %v (fn called: %v), want a begin error", err, called)
			}
		})
	})
}
