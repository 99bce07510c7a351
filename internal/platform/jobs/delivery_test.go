package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

const typeEffect = "test:effect"

// TestDelivery_CrashAfterCommitBeforeEnqueue: the state change and its job committed,
// then the process died before any relay ran. A fresh relay and server run the job once.
func TestDelivery_CrashAfterCommitBeforeEnqueue(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		var runs atomic.Int32
		h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
			runs.Add(1)
			return h.effect(ctx)
		})
		id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})
		if m := h.row(t, id); m.EnqueuedAt != nil || m.DoneAt != nil {
			t.Fatalf("fresh row: enqueued_at=%v done_at=%v", m.EnqueuedAt, m.DoneAt)
		}

		// "Restart": a new relay and server.
		h.startServer(t, h.serverConfig())
		h.runRelay(t, h.newRelay(t, time.Minute))
		m := h.waitDone(t, id, 10*time.Second)
		settle()
		if got := h.effects(t, id); got != 1 || runs.Load() != 1 {
			t.Fatalf("effects=%d runs=%d, want 1 and 1", got, runs.Load())
		}
		if m.Enqueues != 1 || m.LastError != "" {
			t.Fatalf("row: enqueues=%d last_error=%q", m.Enqueues, m.LastError)
		}
	})
}

// TestDelivery_CrashAfterEnqueueBeforeMark: a relay put the task in Redis and died before
// its commit, so the row still looks unsent. The next relay's enqueue hits the task id
// already queued, and the job still runs once.
func TestDelivery_CrashAfterEnqueueBeforeMark(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	var runs atomic.Int32
	h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
		runs.Add(1)
		return h.effect(ctx)
	})
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})
	h.asynqEnqueue(t, typeEffect, h.row(t, id).Payload, id.String())

	r := h.newRelay(t, time.Minute)
	if n, err := r.Poll(t.Context()); err != nil || n != 1 {
		t.Fatalf("poll = %d, %v", n, err)
	}
	h.startServer(t, h.serverConfig())
	h.waitDone(t, id, 10*time.Second)
	settle()
	if got := h.effects(t, id); got != 1 || runs.Load() != 1 {
		t.Fatalf("effects=%d runs=%d, want 1 and 1", got, runs.Load())
	}
	if got := testutil.ToFloat64(h.metrics.relayed.WithLabelValues("queued_already")); got != 1 {
		t.Fatalf("queued_already = %v, want 1", got)
	}
}

// TestDelivery_WorkerStoppedMidJob: a worker is shut down while its handler runs and does
// not finish within ShutdownTimeout; asynq pushes the task back and another worker runs
// it. The first handler, which ignores cancellation, finishes late: its effect is
// rolled back by Complete.
func TestDelivery_WorkerStoppedMidJob(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		var (
			attempts   atomic.Int32
			started    = make(chan struct{})
			release    = make(chan struct{})
			zombieDone = make(chan error, 1)
		)
		h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
			if attempts.Add(1) == 1 {
				close(started)
				<-release
				// Code that does not watch ctx: it carries on after its worker gave up.
				err := h.effect(context.WithoutCancel(ctx))
				zombieDone <- err
				return err
			}
			return h.effect(ctx)
		})
		id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})
		a := h.startServer(t, h.serverConfig())
		if _, err := h.newRelay(t, time.Minute).Poll(t.Context()); err != nil {
			t.Fatal(err)
		}
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("handler never started")
		}
		a.Shutdown() // gives up on the handler after 200ms

		h.startServer(t, h.serverConfig())
		h.waitDone(t, id, 10*time.Second)
		close(release)
		select {
		case err := <-zombieDone:
			if err != nil {
				t.Fatalf("late handler: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("late handler never finished")
		}
		settle()
		if got := h.effects(t, id); got != 1 {
			t.Fatalf("effects = %d, want 1", got)
		}
		if attempts.Load() != 2 {
			t.Fatalf("attempts = %d, want 2", attempts.Load())
		}
	})
}

// TestDelivery_WorkerKilledMidJob: a worker dies without a word (its network is cut, so
// it can neither finish nor extend its lease). Once the lease is expired the next
// server's recoverer hands the task to a live worker; the job's effect happens once.
func TestDelivery_WorkerKilledMidJob(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	var (
		attempts atomic.Int32
		started  = make(chan struct{})
		release  = make(chan struct{})
		late     = make(chan error, 1)
	)
	h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
		if attempts.Add(1) == 1 {
			close(started)
			<-release
			err := h.effect(context.WithoutCancel(ctx))
			late <- err
			return err
		}
		return h.effect(ctx)
	})
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})

	link := &cuttable{}
	doomed := newCutClient(h, link)
	cfgA := h.serverConfig()
	cfgA.Redis = doomed
	a, err := NewServer(cfgA)
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	if _, err := h.newRelay(t, time.Minute).Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("handler never started")
	}
	link.cut()
	// asynq recovers a task 30s after its lease ran out; pretend that time has passed
	// rather than wait (the lease set is asynq's internal layout, stable since v0.22).
	if err := h.rc.ZAdd(t.Context(), "asynq:{"+QueueDefault+"}:lease", redis.Z{
		Score: float64(time.Now().Add(-time.Minute).Unix()), Member: id.String(),
	}).Err(); err != nil {
		t.Fatal(err)
	}

	h.startServer(t, h.serverConfig()) // its recoverer runs at start
	h.waitDone(t, id, 10*time.Second)
	close(release)
	if err := <-late; err != nil {
		t.Fatalf("dead worker's handler: %v", err)
	}
	settle()
	if got := h.effects(t, id); got != 1 || attempts.Load() != 2 {
		t.Fatalf("effects=%d attempts=%d, want 1 and 2", got, attempts.Load())
	}
	done := make(chan struct{})
	go func() { a.Shutdown(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("shutdown of the cut-off server hangs")
	}
	doomed.Close()
}

// TestDelivery_RedisFlushed: Redis loses its data with work queued. After the
// redelivery timeout the relay enqueues the row again and the job runs once.
func TestDelivery_RedisFlushed(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		var runs atomic.Int32
		h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
			runs.Add(1)
			return h.effect(ctx)
		})
		id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})
		r := h.newRelay(t, time.Second)
		if n, err := r.Poll(t.Context()); err != nil || n != 1 {
			t.Fatalf("poll = %d, %v", n, err)
		}
		if err := h.rc.FlushDB(t.Context()).Err(); err != nil {
			t.Fatal(err)
		}
		h.startServer(t, h.serverConfig())
		// Within the redelivery timeout the relay leaves the row alone.
		if n, err := r.Poll(t.Context()); err != nil || n != 0 {
			t.Fatalf("early poll = %d, %v", n, err)
		}
		h.runRelay(t, r)
		m := h.waitDone(t, id, 10*time.Second)
		settle()
		if got := h.effects(t, id); got != 1 || runs.Load() != 1 {
			t.Fatalf("effects=%d runs=%d, want 1 and 1", got, runs.Load())
		}
		if m.Enqueues != 2 {
			t.Fatalf("enqueues = %d, want 2", m.Enqueues)
		}
	})
}

// TestDelivery_DuplicateDelivery: the same job delivered twice at once (two task ids,
// one outbox row) has one effect; a third delivery after it is done is skipped without
// running the handler.
func TestDelivery_DuplicateDelivery(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		var (
			runs    atomic.Int32
			arrived sync.WaitGroup
		)
		arrived.Add(2)
		h.mux.Handle(typeEffect, func(ctx context.Context, _ json.RawMessage) error {
			if runs.Add(1) <= 2 {
				// Hold both deliveries until both are in their handler.
				arrived.Done()
				waitTimeout(&arrived, 5*time.Second)
			}
			return h.effect(ctx)
		})
		id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: typeEffect})
		payload := h.row(t, id).Payload
		if _, err := h.newRelay(t, time.Minute).Poll(t.Context()); err != nil {
			t.Fatal(err)
		}
		h.asynqEnqueue(t, typeEffect, payload, "dup-1")
		h.startServer(t, h.serverConfig())
		eventually(t, 10*time.Second, "both deliveries handled", func() bool {
			return testutil.ToFloat64(h.metrics.processed.WithLabelValues(typeEffect, resultOK)) == 2
		})
		if got := h.effects(t, id); got != 1 {
			t.Fatalf("effects after two concurrent deliveries = %d, want 1", got)
		}

		h.asynqEnqueue(t, typeEffect, payload, "dup-2")
		eventually(t, 10*time.Second, "third delivery skipped", func() bool {
			return testutil.ToFloat64(h.metrics.processed.WithLabelValues(typeEffect, resultDuplicate)) == 1
		})
		if got := h.effects(t, id); got != 1 || runs.Load() != 2 {
			t.Fatalf("effects=%d runs=%d, want 1 and 2", got, runs.Load())
		}
	})
}

func waitTimeout(wg *sync.WaitGroup, d time.Duration) {
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
	}
}

// TestServer_RestoresViewer: a handler runs as the system inside the task's tenant, with
// the model looked up, the outbox id and task id in its context; jobs it enqueues stay in
// that tenant. A platform task gets no viewer.
func TestServer_RestoresViewer(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	tid := uuid.New()
	type seen struct {
		viewer   *tenant.Viewer
		outboxID uuid.UUID
		taskID   string
	}
	got := make(chan seen, 4)
	record := func(ctx context.Context) {
		oid, _ := OutboxID(ctx)
		got <- seen{tenant.FromContext(ctx), oid, logx.TaskID(ctx)}
	}
	followCh := make(chan uuid.UUID, 1)
	h.mux.Handle("test:first", func(ctx context.Context, _ json.RawMessage) error {
		record(ctx)
		var follow uuid.UUID
		err := db.WithTx(ctx, h.d.Client, func(tx *ent.Tx) error {
			var err error
			follow, err = Enqueue(ctx, tx, Task{Type: "test:follow"})
			return err
		})
		followCh <- follow
		return err
	})
	h.mux.Handle("test:follow", func(ctx context.Context, _ json.RawMessage) error { record(ctx); return nil })
	h.mux.Handle("test:platform", func(ctx context.Context, _ json.RawMessage) error { record(ctx); return nil })

	cfg := h.serverConfig()
	cfg.TenantModel = func(_ context.Context, id uuid.UUID) (tenant.Model, error) {
		if id != tid {
			return "", errors.New("unknown tenant")
		}
		return tenant.ModelCurated, nil
	}
	h.startServer(t, cfg)
	h.runRelay(t, h.newRelay(t, time.Minute))

	check := func(name string, wantID uuid.UUID) {
		t.Helper()
		var s seen
		select {
		case s = <-got:
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: handler never ran", name)
		}
		v := s.viewer
		if v == nil || v.TenantID != tid || v.System != tenant.SystemJobs || v.Model != tenant.ModelCurated || v.UserID != uuid.Nil {
			t.Fatalf("%s: viewer = %+v", name, v)
		}
		if s.outboxID != wantID || s.taskID != wantID.String() {
			t.Fatalf("%s: outbox id %s, task id %s, want %s", name, s.outboxID, s.taskID, wantID)
		}
	}
	first := h.enqueue(t, tenantCtx(t, tid), Task{Type: "test:first"})
	check("first", first)
	followID := <-followCh
	if followID == uuid.Nil {
		t.Fatal("handler could not enqueue a follow-up job")
	}
	check("follow-up", followID)
	if m := h.row(t, followID); m.TenantID == nil || *m.TenantID != tid {
		t.Fatalf("follow-up job tenant = %v, want %s", m.TenantID, tid)
	}

	h.enqueue(t, tenant.SystemContext(t.Context(), tenant.SystemTest), Task{Type: "test:platform"})
	select {
	case s := <-got:
		if s.viewer != nil {
			t.Fatalf("platform task viewer = %+v, want none", s.viewer)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("platform task never ran")
	}
}

// cuttable dials TCP until cut, then closes its connections and refuses new ones: a
// worker dropping off the network without closing anything.
type cuttable struct {
	mu    sync.Mutex
	conns []net.Conn
	dead  bool
}

func (c *cuttable) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dead {
		return nil, errors.New("network cut")
	}
	conn, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if err == nil {
		c.conns = append(c.conns, conn)
	}
	return conn, err
}

func (c *cuttable) cut() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dead = true
	for _, conn := range c.conns {
		conn.Close()
	}
}
