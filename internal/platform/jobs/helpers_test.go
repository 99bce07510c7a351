package jobs

import (
	"context"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

// testLogger discards unless JOBS_TEST_LOG=1: asynq goroutines outlive some tests and
// t.Log after a test ends panics.
func testLogger() *slog.Logger {
	if os.Getenv("JOBS_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

// harness is one database, one Redis database, a Mux and a side-effect table.
type harness struct {
	d       *db.DB
	rc      *redis.Client
	mux     *Mux
	metrics *Metrics
	log     *slog.Logger
}

func newHarness(t *testing.T, d *db.DB) *harness {
	t.Helper()
	rc, _ := testenv.Redis(t)
	m, err := NewMetrics(nil)
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{d: d, rc: rc, mux: NewMux(), metrics: m, log: testLogger()}
	if _, err := d.SQL.ExecContext(t.Context(),
		`CREATE TABLE job_effects (outbox_id VARCHAR(36) NOT NULL, note VARCHAR(100) NOT NULL DEFAULT '')`); err != nil {
		t.Fatalf("create job_effects: %v", err)
	}
	return h
}

// serverConfig is tuned for tests: fast polling, fast retries, short shutdown.
func (h *harness) serverConfig() ServerConfig {
	return ServerConfig{
		Redis:           h.rc,
		DB:              h.d.Client,
		Mux:             h.mux,
		Logger:          h.log,
		Metrics:         h.metrics,
		Concurrency:     4,
		ShutdownTimeout: 200 * time.Millisecond,
		PollInterval:    50 * time.Millisecond,
		RetryDelay:      func(int, error) time.Duration { return 10 * time.Millisecond },
	}
}

func (h *harness) startServer(t *testing.T, cfg ServerConfig) *Server {
	t.Helper()
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Shutdown) // a second Shutdown is a no-op
	return s
}

func (h *harness) newRelay(t *testing.T, redelivery time.Duration) *Relay {
	t.Helper()
	r, err := NewRelay(RelayConfig{
		DB: h.d, Redis: h.rc, Logger: h.log, Metrics: h.metrics,
		Interval: 50 * time.Millisecond, RedeliveryTimeout: redelivery,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// runRelay runs r until the test ends.
func (h *harness) runRelay(t *testing.T, r *Relay) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var wg sync.WaitGroup
	wg.Go(func() { _ = r.Run(ctx) })
	t.Cleanup(func() { cancel(); wg.Wait() })
}

// enqueue commits a state change (a note in job_effects) and the task together, as a
// service would.
func (h *harness) enqueue(t *testing.T, ctx context.Context, task Task) uuid.UUID {
	t.Helper()
	var id uuid.UUID
	err := db.WithTx(ctx, h.d.Client, func(tx *ent.Tx) error {
		if _, err := tx.ExecContext(ctx, h.q(`INSERT INTO job_effects (outbox_id, note) VALUES (?, 'state')`), "state"); err != nil {
			return err
		}
		var err error
		id, err = Enqueue(ctx, tx, task)
		return err
	})
	if err != nil {
		t.Fatalf("enqueue: %v", err)
	}
	return id
}

// effect is the job's database side effect: one row in job_effects, written with Once.
func (h *harness) effect(ctx context.Context) error {
	id, _ := OutboxID(ctx)
	return Once(ctx, h.d.Client, func(tx *ent.Tx) error {
		_, err := tx.ExecContext(ctx, h.q(`INSERT INTO job_effects (outbox_id) VALUES (?)`), id.String())
		return err
	})
}

// effects counts the side effects of outbox row id.
func (h *harness) effects(t *testing.T, id uuid.UUID) int {
	t.Helper()
	var n int
	if err := h.d.SQL.QueryRowContext(t.Context(), h.q(`SELECT count(*) FROM job_effects WHERE outbox_id = ?`), id.String()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// q rewrites ? placeholders for PostgreSQL.
func (h *harness) q(s string) string {
	if h.d.Dialect != dialect.Postgres {
		return s
	}
	out, n := make([]byte, 0, len(s)+8), 0
	for i := 0; i < len(s); i++ {
		if s[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, strconv.Itoa(n)...)
			continue
		}
		out = append(out, s[i])
	}
	return string(out)
}

func (h *harness) row(t *testing.T, id uuid.UUID) *ent.OutboxMessage {
	t.Helper()
	m, err := h.d.Client.OutboxMessage.Get(sysCtx(t), id)
	if err != nil {
		t.Fatalf("outbox row %s: %v", id, err)
	}
	return m
}

func (h *harness) waitDone(t *testing.T, id uuid.UUID, within time.Duration) *ent.OutboxMessage {
	t.Helper()
	var m *ent.OutboxMessage
	eventually(t, within, "outbox row done", func() bool {
		m = h.row(t, id)
		return m.DoneAt != nil
	})
	return m
}

// asynqEnqueue puts a task into Redis directly, as a relay (or a rogue duplicate) would.
func (h *harness) asynqEnqueue(t *testing.T, typ string, payload []byte, taskID string) {
	t.Helper()
	c := asynq.NewClientFromRedisClient(h.rc)
	if _, err := c.EnqueueContext(t.Context(), asynq.NewTask(typ, payload), asynq.TaskID(taskID), asynq.Queue(QueueDefault)); err != nil {
		t.Fatalf("asynq enqueue: %v", err)
	}
}

func sysCtx(t *testing.T) context.Context {
	return tenant.SystemContext(t.Context(), tenant.SystemTest)
}

func tenantCtx(t *testing.T, tenantID uuid.UUID) context.Context {
	return tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tenantID, UserID: uuid.New()})
}

func eventually(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// settle gives stray duplicates a chance to show up before counting.
func settle() { time.Sleep(300 * time.Millisecond) }

// newCutClient is a client on h's Redis database whose network is link.
func newCutClient(h *harness, link *cuttable) *redis.Client {
	o := h.rc.Options()
	return redis.NewClient(&redis.Options{Addr: o.Addr, DB: o.DB, Dialer: link.dial, MaxRetries: -1})
}
