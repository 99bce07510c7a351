package readcache

import (
	"context"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

func TestLocal(t *testing.T) {
	c := New[string]("t", Options{TTL: 50 * time.Millisecond, MaxEntries: 2})
	a, b, d := uuid.New(), uuid.New(), uuid.New()
	c.Put(a, "a", c.Gen())
	if v, ok := c.Get(a); !ok || v != "a" {
		t.Fatalf("get a = %q %v", v, ok)
	}
	// A loader that read before an eviction may not store what it read.
	g := c.Gen()
	c.Evict(t.Context(), b)
	c.Put(b, "stale", g)
	if _, ok := c.Get(b); ok {
		t.Fatal("a value read before an eviction was stored")
	}
	c.Evict(t.Context(), a)
	if _, ok := c.Get(a); ok {
		t.Fatal("evicted entry still there")
	}
	// Bounded: a full cache drops expired entries, then everything.
	c.Put(a, "a", c.Gen())
	c.Put(b, "b", c.Gen())
	c.Put(d, "d", c.Gen())
	if _, ok := c.Get(d); !ok || len(c.m) > 2 {
		t.Fatalf("bound not kept: %d entries", len(c.m))
	}
	time.Sleep(60 * time.Millisecond)
	if _, ok := c.Get(d); ok {
		t.Fatal("entry outlived its TTL")
	}
	off := New[string]("off", Options{})
	off.Put(a, "a", off.Gen())
	if _, ok := off.Get(a); ok {
		t.Fatal("a zero TTL must disable the cache")
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestEvictionsReachOtherReplicas(t *testing.T) {
	mr := miniredis.RunT(t)
	newReplica := func() (*Cache[string], context.CancelFunc) {
		rdb := redis.NewClient(&redis.Options{Addr: mr.Addr(), MaxRetries: -1})
		t.Cleanup(func() { rdb.Close() })
		c := New[string]("orgs", Options{TTL: time.Minute, Redis: rdb})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { _ = c.Run(ctx); close(done) }()
		t.Cleanup(func() { cancel(); <-done })
		return c, cancel
	}
	a, _ := newReplica()
	b, _ := newReplica()
	id := uuid.New()

	// Nothing is stored before the subscription is confirmed.
	waitFor(t, "subscriptions", func() bool {
		a.Put(id, "x", a.Gen())
		b.Put(id, "x", b.Gen())
		_, okA := a.Get(id)
		_, okB := b.Get(id)
		return okA && okB
	})
	a.Evict(t.Context(), id)
	waitFor(t, "the eviction on the other replica", func() bool { _, ok := b.Get(id); return !ok })

	// A broken subscription flushes and pauses caching until it is back.
	b.Put(id, "x", b.Gen())
	mr.Close()
	waitFor(t, "flush on a broken subscription", func() bool { _, ok := b.Get(id); return !ok })
	b.Put(id, "x", b.Gen())
	if _, ok := b.Get(id); ok {
		t.Fatal("stored while the subscription was down")
	}
	if err := mr.Restart(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "caching to resume after reconnect", func() bool {
		b.Put(id, "y", b.Gen())
		v, ok := b.Get(id)
		return ok && v == "y"
	})
	a.Evict(t.Context(), id)
	waitFor(t, "evictions after reconnect", func() bool { _, ok := b.Get(id); return !ok })
}
