package jobs

import (
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// TestRelay_SelectsDueRows: what one poll relays, and how it leaves the rows.
func TestRelay_SelectsDueRows(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		h := newHarness(t, d)
		ctx := tenantCtx(t, uuid.New())
		now := time.Now()
		due := h.enqueue(t, ctx, Task{Type: "a:due", RunAt: now.Add(-time.Hour), Queue: QueueCritical, MaxRetry: 7})
		future := h.enqueue(t, ctx, Task{Type: "a:future", RunAt: now.Add(time.Hour)})
		recent := h.enqueue(t, ctx, Task{Type: "a:recent"})
		stale := h.enqueue(t, ctx, Task{Type: "a:stale"})
		done := h.enqueue(t, ctx, Task{Type: "a:done"})
		sys := sysCtx(t)
		d.Client.OutboxMessage.UpdateOneID(recent).SetEnqueuedAt(now.Add(-time.Minute)).SetEnqueues(1).ExecX(sys)
		d.Client.OutboxMessage.UpdateOneID(stale).SetEnqueuedAt(now.Add(-time.Hour)).SetEnqueues(1).ExecX(sys)
		d.Client.OutboxMessage.UpdateOneID(done).SetDoneAt(now).ExecX(sys)

		r := h.newRelay(t, 10*time.Minute)
		n, err := r.Poll(t.Context())
		if err != nil || n != 2 {
			t.Fatalf("poll = %d, %v; want 2", n, err)
		}
		if lag := testutil.ToFloat64(h.metrics.lag); lag < 3500 || lag > 3700 {
			t.Fatalf("lag = %vs, want about an hour", lag)
		}
		insp := asynq.NewInspectorFromRedisClient(h.rc)
		for _, tt := range []struct {
			id           uuid.UUID
			queue        string
			relayed      bool
			wantEnqueues int
		}{
			{due, QueueCritical, true, 1},
			{future, QueueDefault, false, 0},
			{recent, QueueDefault, false, 1},
			{stale, QueueDefault, true, 2},
			{done, QueueDefault, false, 0},
		} {
			m := h.row(t, tt.id)
			info, err := insp.GetTaskInfo(tt.queue, tt.id.String())
			if tt.relayed != (err == nil) {
				t.Errorf("%s: in asynq = %v, want %v", m.TaskType, err == nil, tt.relayed)
			}
			if m.Enqueues != tt.wantEnqueues {
				t.Errorf("%s: enqueues = %d, want %d", m.TaskType, m.Enqueues, tt.wantEnqueues)
			}
			if tt.relayed {
				if m.EnqueuedAt == nil || time.Since(*m.EnqueuedAt) > time.Minute {
					t.Errorf("%s: enqueued_at = %v", m.TaskType, m.EnqueuedAt)
				}
				if info.Type != m.TaskType || string(info.Payload) != string(m.Payload) || info.MaxRetry != m.MaxRetry || info.Queue != tt.queue {
					t.Errorf("%s: asynq task = %+v", m.TaskType, info)
				}
			}
		}
		if n, err := r.Poll(t.Context()); err != nil || n != 0 {
			t.Fatalf("second poll = %d, %v; want 0", n, err)
		}
	})
}

// TestRelay_ConcurrentRelaysEnqueueEachRowOnce: relays in several replicas share the
// work without enqueuing a row twice (FOR UPDATE SKIP LOCKED).
func TestRelay_ConcurrentRelaysEnqueueEachRowOnce(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	const rows = 300
	ctx := sysCtx(t)
	err := db.WithTx(ctx, h.d.Client, func(tx *ent.Tx) error {
		for range rows {
			if _, err := Enqueue(ctx, tx, Task{Type: "a:b", TenantID: uuid.New()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
		errs  []error
	)
	for range 4 {
		r, err := NewRelay(RelayConfig{DB: h.d, Redis: h.rc, BatchSize: 25, Logger: h.log})
		if err != nil {
			t.Fatal(err)
		}
		wg.Go(func() {
			for {
				n, err := r.Poll(t.Context())
				mu.Lock()
				total += n
				if err != nil {
					errs = append(errs, err)
				}
				mu.Unlock()
				if n == 0 || err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if total != rows {
		t.Fatalf("relayed %d, want %d", total, rows)
	}
	n := h.d.Client.OutboxMessage.Query().CountX(ctx)
	twice := 0
	for _, m := range h.d.Client.OutboxMessage.Query().AllX(ctx) {
		if m.Enqueues != 1 {
			twice++
		}
	}
	if n != rows || twice != 0 {
		t.Fatalf("%d rows, %d not enqueued exactly once", n, twice)
	}
	qi, err := asynq.NewInspectorFromRedisClient(h.rc).GetQueueInfo(QueueDefault)
	if err != nil || qi.Pending != rows {
		t.Fatalf("asynq pending = %+v, %v", qi, err)
	}
}

// TestRelay_ArchivedTaskMarksRowDead: asynq gave up on a task without the server's
// error handler recording it (a worker died on the last try). The relay, finding the
// task archived on redelivery, marks the row dead instead of conflicting forever.
func TestRelay_ArchivedTaskMarksRowDead(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: "a:b"})
	r := h.newRelay(t, 500*time.Millisecond)
	if _, err := r.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	insp := asynq.NewInspectorFromRedisClient(h.rc)
	if err := insp.ArchiveTask(QueueDefault, id.String()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(600 * time.Millisecond)
	if _, err := r.Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	m := h.row(t, id)
	if m.DoneAt == nil || m.LastError == "" {
		t.Fatalf("row not dead: done_at=%v last_error=%q", m.DoneAt, m.LastError)
	}
	if got := testutil.ToFloat64(h.metrics.lag); got != 0 {
		t.Fatalf("lag = %v after the only row is dead", got)
	}
}

func TestRelay_RedisDown(t *testing.T) {
	h := newHarness(t, testenv.SQLite(t))
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: "a:b"})
	link := &cuttable{}
	link.cut()
	dead := newCutClient(h, link)
	r, err := NewRelay(RelayConfig{DB: h.d, Redis: dead, Metrics: h.metrics, Logger: h.log})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := r.Poll(t.Context()); err == nil || n != 0 {
		t.Fatalf("poll with Redis down = %d, %v; want 0 and an error", n, err)
	}
	if m := h.row(t, id); m.EnqueuedAt != nil {
		t.Fatal("row marked enqueued although Redis was down")
	}
	if got := testutil.ToFloat64(h.metrics.relayed.WithLabelValues("error")); got != 1 {
		t.Fatalf("relay errors = %v", got)
	}
}
