package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/redisx"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// TestEmbedded_DevMode runs the whole pipeline as `manifold dev` does: SQLite and the
// in-process Redis. Plain, retried, delayed and periodic jobs run; after the embedded
// Redis is restarted empty, the relay redelivers what was queued in it.
func TestEmbedded_DevMode(t *testing.T) {
	d := testenv.SQLite(t)
	rc, _, stopRedis, err := redisx.Connect(t.Context(), "", testLogger())
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{d: d, rc: rc.(*redis.Client), mux: NewMux(), log: testLogger()}
	h.metrics, _ = NewMetrics(nil)
	if _, err := d.SQL.ExecContext(t.Context(), `CREATE TABLE job_effects (outbox_id VARCHAR(36) NOT NULL, note VARCHAR(100) NOT NULL DEFAULT '')`); err != nil {
		t.Fatal(err)
	}
	var flaky, ticks atomic.Int32
	h.mux.Handle("test:plain", func(ctx context.Context, _ json.RawMessage) error { return h.effect(ctx) })
	h.mux.Handle("test:flaky", func(ctx context.Context, _ json.RawMessage) error {
		if flaky.Add(1) < 3 {
			return errors.New("not yet")
		}
		return h.effect(ctx)
	})
	h.mux.Handle("test:tick", func(context.Context, json.RawMessage) error { ticks.Add(1); return nil })

	srv := h.startServer(t, h.serverConfig())
	relay := h.newRelay(t, time.Second)
	relayCtx, stopRelay := context.WithCancel(t.Context())
	relayDone := make(chan struct{})
	go func() { _ = relay.Run(relayCtx); close(relayDone) }()
	sched, err := NewScheduler(SchedulerConfig{Redis: rc, Logger: h.log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sched.Register("@every 1s", Task{Type: "test:tick"}); err != nil {
		t.Fatal(err)
	}
	if err := sched.Start(); err != nil {
		t.Fatal(err)
	}

	ctx := tenantCtx(t, uuid.New())
	start := time.Now()
	plain := h.enqueue(t, ctx, Task{Type: "test:plain"})
	retried := h.enqueue(t, ctx, Task{Type: "test:flaky"})
	delayed := h.enqueue(t, ctx, Task{Type: "test:plain", RunAt: start.Add(1500 * time.Millisecond)})
	for _, id := range []uuid.UUID{plain, retried, delayed} {
		h.waitDone(t, id, 10*time.Second)
		if n := h.effects(t, id); n != 1 {
			t.Fatalf("effects of %s = %d", id, n)
		}
	}
	if m := h.row(t, delayed); m.DoneAt.Sub(start) < time.Second {
		t.Fatalf("delayed job ran %v after enqueue", m.DoneAt.Sub(start))
	}
	eventually(t, 5*time.Second, "periodic task", func() bool { return ticks.Load() >= 1 })

	// Restart the embedded Redis with a job queued in it: its data is gone.
	sched.Shutdown()
	srv.Shutdown()
	stopRelay()
	<-relayDone
	lost := h.enqueue(t, ctx, Task{Type: "test:plain"})
	if n, err := relay.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("poll = %d, %v", n, err)
	}
	stopRedis()
	rc2, _, stopRedis2, err := redisx.Connect(t.Context(), "", testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stopRedis2)
	h.rc = rc2.(*redis.Client)
	h.startServer(t, h.serverConfig())
	h.runRelay(t, h.newRelay(t, time.Second))
	h.waitDone(t, lost, 10*time.Second)
	if n := h.effects(t, lost); n != 1 {
		t.Fatalf("effects of the lost job = %d", n)
	}
	if m := h.row(t, lost); m.Enqueues != 2 {
		t.Fatalf("lost job enqueues = %d, want 2", m.Enqueues)
	}
}
