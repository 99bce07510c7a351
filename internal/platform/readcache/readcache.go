// Package readcache keeps hot, rarely changing rows (organizations) in each replica's
// memory for a few seconds, so that a read on the request path does not pay a database
// round trip.
//
// Correctness rests on three things:
//   - every write evicts: the owner installs an ent hook that calls Evict for the rows a
//     mutation touches, after the mutation and again after its transaction commits;
//   - evictions reach every replica through Redis pub/sub, and a replica whose
//     subscription broke drops everything it holds;
//   - a loader that read the database before an eviction may not store what it read
//     afterwards: Put only stores when no eviction happened since the caller's Gen.
//
// The TTL bounds staleness if a message is lost anyway. Entries are keyed by row id
// (UUIDv7, unique across tenants); callers check an entry's tenant against the viewer
// before using it, so the cache never widens what the privacy rules allow.
package readcache

import (
	"context"
	"encoding/json"
	"log/slog"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"
)

// Cache maps ids to values of type V.
type Cache[V any] struct {
	channel string
	ttl     time.Duration
	max     int
	rdb     redis.UniversalClient
	log     *slog.Logger

	mu   sync.Mutex
	m    map[uuid.UUID]entry[V]
	gen  uint64 // bumped by every eviction
	live bool   // evictions from other replicas are arriving (always, without Redis)
}

type entry[V any] struct {
	v       V
	expires time.Time
}

// Options configure a cache. A zero TTL disables it (every Get misses).
type Options struct {
	TTL        time.Duration
	MaxEntries int                   // default 100,000
	Redis      redis.UniversalClient // nil: evictions stay local (one replica)
	Log        *slog.Logger
}

// New returns a cache whose evictions travel on the Redis channel "manifold:cache:"+name.
func New[V any](name string, o Options) *Cache[V] {
	if o.MaxEntries <= 0 {
		o.MaxEntries = 100_000
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Cache[V]{
		channel: "manifold:cache:" + name, ttl: o.TTL, max: o.MaxEntries, rdb: o.Redis, log: o.Log,
		m: map[uuid.UUID]entry[V]{}, live: o.Redis == nil,
	}
}

// Get returns the live entry for id.
func (c *Cache[V]) Get(id uuid.UUID) (V, bool) {
	var zero V
	if c.ttl <= 0 {
		return zero, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[id]
	if !ok || time.Now().After(e.expires) {
		return zero, false
	}
	return e.v, true
}

// Gen is the eviction generation; take it before reading the database and hand it to Put.
func (c *Cache[V]) Gen() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// Put stores v for id unless an eviction happened since gen (the value may be older
// than that eviction's write).
func (c *Cache[V]) Put(id uuid.UUID, v V, gen uint64) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || !c.live {
		return
	}
	if len(c.m) >= c.max {
		now := time.Now()
		for k, e := range c.m {
			if now.After(e.expires) {
				delete(c.m, k)
			}
		}
		if len(c.m) >= c.max {
			clear(c.m)
		}
	}
	c.m[id] = entry[V]{v: v, expires: time.Now().Add(c.ttl)}
}

// Evict drops ids here and on every other replica.
func (c *Cache[V]) Evict(ctx context.Context, ids ...uuid.UUID) {
	if len(ids) == 0 {
		return
	}
	c.evictLocal(ids)
	if c.rdb == nil || c.ttl <= 0 {
		return
	}
	b, _ := json.Marshal(ids)
	if err := c.rdb.Publish(context.WithoutCancel(ctx), c.channel, b).Err(); err != nil {
		c.log.WarnContext(ctx, "publish cache eviction; other replicas rely on the TTL", "channel", c.channel, "err", err)
	}
}

func (c *Cache[V]) evictLocal(ids []uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, id := range ids {
		delete(c.m, id)
	}
}

// Flush drops everything.
func (c *Cache[V]) Flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
}

// Run applies other replicas' evictions until ctx ends. Nothing is stored before the
// subscription is confirmed, and every (re)subscription or receive error flushes the
// cache: messages may have been missed while the connection was down.
func (c *Cache[V]) Run(ctx context.Context) error {
	if c.rdb == nil || c.ttl <= 0 {
		<-ctx.Done()
		return nil
	}
	sub := c.rdb.Subscribe(ctx, c.channel)
	stop := context.AfterFunc(ctx, func() { sub.Close() }) // Receive does not watch ctx
	defer stop()
	defer sub.Close()
	for {
		msg, err := sub.Receive(ctx)
		if err != nil {
			c.setLive(false)
			if ctx.Err() != nil {
				return nil
			}
			c.log.WarnContext(ctx, "cache eviction subscription broken; caching paused", "channel", c.channel, "err", err)
			select {
			case <-ctx.Done():
				return nil
			case <-time.After(time.Second): // the next Receive reconnects and resubscribes
			}
			continue
		}
		switch m := msg.(type) {
		case *redis.Subscription:
			c.setLive(true)
		case *redis.Message:
			var ids []uuid.UUID
			if err := json.Unmarshal([]byte(m.Payload), &ids); err == nil {
				c.evictLocal(ids)
			} else {
				c.Flush()
			}
		}
	}
}

// setLive flushes and switches storing on or off.
func (c *Cache[V]) setLive(live bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	clear(c.m)
	c.live = live
}
