// Package testenv gives tests their own PostgreSQL database, SQLite file and Redis
// key space. Under CI=true a missing PostgreSQL or Redis fails the test instead of
// skipping it.
package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/db"
)

// PostgresURL is TEST_DATABASE_URL or the local default.
func PostgresURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
}

// RedisURL is TEST_REDIS_URL or the local default.
func RedisURL() string {
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		return u
	}
	return "redis://127.0.0.1:6379/0"
}

func unavailable(t testing.TB, what string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s unavailable under CI=true: %v", what, err)
	}
	t.Skipf("%s unavailable: %v", what, err)
}

func randName(prefix string) string { return prefix + randHex(6) }

func randHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// WithDatabase returns a URL like base but naming database name.
func WithDatabase(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// NewPostgresDatabase creates an empty database and drops it when the test ends.
func NewPostgresDatabase(t testing.TB) string {
	t.Helper()
	return newPostgresDatabase(t, false)
}

// Postgres returns a fresh PostgreSQL database with the current schema: a copy of a
// per-process template database built by applying the goose migrations in migrations/,
// so tests run against exactly the schema production gets.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	return open(t, newPostgresDatabase(t, true), false)
}

// SQLite returns a fresh SQLite database file with the current schema (ent's
// Schema.Create: migrations are PostgreSQL only).
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	return open(t, "sqlite:"+filepath.Join(t.TempDir(), "test.db"), true)
}

func newPostgresDatabase(t testing.TB, migrated bool) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, token, err := pg.connect(ctx)
	if err != nil {
		unavailable(t, "PostgreSQL", err)
	}
	template := ""
	if migrated {
		if template, err = pg.migratedTemplate(ctx); err != nil {
			t.Fatalf("testenv: build migrated template database: %v", err)
		}
	}
	name := "manifold_t_" + token + "_" + randHex(4)
	if err := createDatabase(ctx, admin, name, template); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := dropDatabase(ctx, admin, name); err != nil {
			t.Logf("drop database %s: %v", name, err)
		}
	})
	return WithDatabase(PostgresURL(), name)
}

func open(t testing.TB, u string, createSchema bool) *db.DB {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, u)
	if err != nil {
		t.Fatalf("open %s: %v", u, err)
	}
	t.Cleanup(func() { d.Close() })
	if createSchema {
		if err := db.CreateSchema(ctx, d); err != nil {
			t.Fatalf("create schema: %v", err)
		}
	}
	return d
}

// Dialects runs fn once on PostgreSQL and once on SQLite, as subtests.
func Dialects(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
}

// Redis returns a client on a Redis database index no other running test holds,
// flushed before and after use.
func Redis(t testing.TB) (*redis.Client, *redis.Options) {
	t.Helper()
	opt, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatalf("TEST_REDIS_URL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctl := redis.NewClient(opt)
	if err := ctl.Ping(ctx).Err(); err != nil {
		ctl.Close()
		unavailable(t, "Redis", err)
	}
	// Claim one of databases 1..15 with a lease in database 0.
	owner := randName("t")
	idx := 0
	for deadline := time.Now().Add(2 * time.Minute); idx == 0; {
		for i := 1; i < 16; i++ {
			ok, err := ctl.SetNX(ctx, fmt.Sprintf("manifold:testenv:db:%d", i), owner, 10*time.Minute).Result()
			if err != nil {
				t.Fatalf("claim redis db: %v", err)
			}
			if ok {
				idx = i
				break
			}
		}
		if idx == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no free redis database index")
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	o := *opt
	o.DB = idx
	c := redis.NewClient(&o)
	if err := c.FlushDB(ctx).Err(); err != nil {
		t.Fatalf("flush: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = c.FlushDB(ctx).Err()
		c.Close()
		key := fmt.Sprintf("manifold:testenv:db:%d", idx)
		if v, _ := ctl.Get(ctx, key).Result(); v == owner {
			ctl.Del(ctx, key)
		}
		ctl.Close()
	})
	return c, &o
}

// CI reports whether tests run under CI=true.
func CI() bool { return strings.EqualFold(os.Getenv("CI"), "true") }
