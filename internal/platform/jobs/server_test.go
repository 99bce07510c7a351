package jobs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

type amountPayload struct {
	Amount int `json:"amount"`
}

func (p amountPayload) Validate() error {
	if p.Amount <= 0 {
		return errors.New("amount must be positive")
	}
	return nil
}

// TestServer_DeadJobs: a task asynq will not run again leaves its row dead (done_at
// set, last_error kept) so the relay does not redeliver it; a task that fails and then
// succeeds ends done with no error.
func TestServer_DeadJobs(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	var typedCalls, failing, flaky atomic.Int32
	HandleJSON(h.mux, "test:typed", func(ctx context.Context, p amountPayload) error {
		typedCalls.Add(1)
		return nil
	})
	h.mux.Handle("test:failing", func(ctx context.Context, _ json.RawMessage) error {
		failing.Add(1)
		return errors.New("carrier said no")
	})
	h.mux.Handle("test:flaky", func(ctx context.Context, _ json.RawMessage) error {
		if flaky.Add(1) == 1 {
			return errors.New("timeout talking to bank")
		}
		return nil
	})
	h.mux.Handle("test:panics", func(ctx context.Context, _ json.RawMessage) error { panic("nil map") })
	h.mux.Handle("test:skip", func(ctx context.Context, _ json.RawMessage) error {
		return fmt.Errorf("unsupported currency: %w", asynq.SkipRetry)
	})
	h.startServer(t, h.serverConfig())
	h.runRelay(t, h.newRelay(t, 300*time.Millisecond))

	ctx := tenantCtx(t, uuid.New())
	tests := []struct {
		name      string
		task      Task
		wantError string // "" : done normally
	}{
		{"undecodable payload", Task{Type: "test:typed", Payload: json.RawMessage(`{"amount":"ten"}`)}, "bad task payload"},
		{"invalid payload", Task{Type: "test:typed", Payload: amountPayload{Amount: -1}}, "amount must be positive"},
		{"valid payload", Task{Type: "test:typed", Payload: amountPayload{Amount: 10}}, ""},
		{"retries exhausted", Task{Type: "test:failing", MaxRetry: 2}, "dead after 3 attempts: carrier said no"},
		{"no retry", Task{Type: "test:panics", MaxRetry: NoRetry}, "panic: nil map"},
		{"skip retry", Task{Type: "test:skip"}, "unsupported currency"},
		{"fails then succeeds", Task{Type: "test:flaky"}, ""},
	}
	ids := make([]uuid.UUID, len(tests))
	for i, tt := range tests {
		ids[i] = h.enqueue(t, ctx, tt.task)
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := h.waitDone(t, ids[i], 10*time.Second)
			if tt.wantError == "" && m.LastError != "" {
				t.Fatalf("last_error = %q, want none", m.LastError)
			}
			if !strings.Contains(m.LastError, tt.wantError) {
				t.Fatalf("last_error = %q, want it to contain %q", m.LastError, tt.wantError)
			}
		})
	}
	// Dead rows stay dead: past several redelivery timeouts nothing runs again.
	time.Sleep(time.Second)
	if typedCalls.Load() != 1 || failing.Load() != 3 || flaky.Load() != 2 {
		t.Fatalf("calls: typed=%d failing=%d flaky=%d, want 1, 3, 2", typedCalls.Load(), failing.Load(), flaky.Load())
	}
	for i := range tests {
		if m := h.row(t, ids[i]); m.Enqueues != 1 {
			t.Errorf("%s: enqueues = %d, want 1", tests[i].name, m.Enqueues)
		}
	}
	if got := testutil.ToFloat64(h.metrics.dead.WithLabelValues("test:typed")); got != 2 {
		t.Errorf("dead test:typed = %v, want 2", got)
	}
	if got := testutil.ToFloat64(h.metrics.processed.WithLabelValues("test:panics", resultPanic)); got != 1 {
		t.Errorf("panics counted = %v, want 1", got)
	}
}

// TestServer_BrokenEnvelope: a payload that is not an envelope at all is not retried;
// the row is found through the task id and marked dead.
func TestServer_BrokenEnvelope(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	var calls atomic.Int32
	h.mux.Handle("test:x", func(ctx context.Context, _ json.RawMessage) error { calls.Add(1); return nil })
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: "test:x"})
	h.asynqEnqueue(t, "test:x", []byte("not json"), id.String())
	h.startServer(t, h.serverConfig())
	m := h.waitDone(t, id, 10*time.Second)
	if !strings.Contains(m.LastError, "envelope") || calls.Load() != 0 {
		t.Fatalf("last_error=%q calls=%d", m.LastError, calls.Load())
	}
}

// TestServer_UnknownTypeIsRetried: during a rolling deploy a worker may not know a new
// type yet; the task stays alive (retried) instead of dying.
func TestServer_UnknownTypeIsRetried(t *testing.T) {
	h := newHarness(t, testenv.Postgres(t))
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: "test:newer", MaxRetry: 5})
	cfg := h.serverConfig()
	cfg.RetryDelay = func(int, error) time.Duration { return time.Hour }
	h.startServer(t, cfg)
	if _, err := h.newRelay(t, time.Minute).Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	eventually(t, 10*time.Second, "failure recorded", func() bool {
		return strings.Contains(h.row(t, id).LastError, "no handler")
	})
	if m := h.row(t, id); m.DoneAt != nil {
		t.Fatal("unknown task type made the row dead")
	}
	info, err := asynq.NewInspectorFromRedisClient(h.rc).GetTaskInfo(QueueDefault, id.String())
	if err != nil || info.State != asynq.TaskStateRetry {
		t.Fatalf("asynq task = %+v, %v; want retry state", info, err)
	}
}

// TestServer_GracefulShutdownWaitsForRunningJob: Run's shutdown lets a running job
// finish within ShutdownTimeout.
func TestServer_GracefulShutdownWaitsForRunningJob(t *testing.T) {
	h := newHarness(t, testenv.SQLite(t))
	started := make(chan struct{})
	h.mux.Handle("test:slow", func(ctx context.Context, _ json.RawMessage) error {
		close(started)
		select {
		case <-time.After(500 * time.Millisecond):
			return h.effect(ctx)
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	id := h.enqueue(t, tenantCtx(t, uuid.New()), Task{Type: "test:slow"})
	cfg := h.serverConfig()
	cfg.ShutdownTimeout = 5 * time.Second
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	ran := make(chan error, 1)
	go func() { ran <- s.Run(ctx) }()
	if _, err := h.newRelay(t, time.Minute).Poll(t.Context()); err != nil {
		t.Fatal(err)
	}
	<-started
	cancel()
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if m := h.row(t, id); m.DoneAt == nil || h.effects(t, id) != 1 {
		t.Fatalf("job did not finish during shutdown: done_at=%v", m.DoneAt)
	}
}

// TestScheduler_RunsPeriodicTaskAsTenant: a periodic task runs with its tenant's viewer
// and no outbox row (Complete refuses it).
func TestScheduler_RunsPeriodicTaskAsTenant(t *testing.T) {
	h := newHarness(t, testenv.SQLite(t))
	tid := uuid.New()
	type seen struct {
		viewer      *tenant.Viewer
		hasOutbox   bool
		completeErr error
		data        string
	}
	got := make(chan seen, 10)
	h.mux.Handle("test:tick", func(ctx context.Context, data json.RawMessage) error {
		_, has := OutboxID(ctx)
		tx, err := h.d.Client.Tx(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		_, cerr := Complete(ctx, tx)
		got <- seen{tenant.FromContext(ctx), has, cerr, string(data)}
		return nil
	})
	h.startServer(t, h.serverConfig())
	s, err := NewScheduler(SchedulerConfig{Redis: h.rc, Logger: h.log})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Register("@every 1s", Task{Type: "test:tick", TenantID: tid, Payload: map[string]int{"n": 1}, Queue: QueueLow}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []struct {
		spec string
		task Task
	}{{"every second", Task{Type: "test:tick"}}, {"@every 1s", Task{Type: "tick"}}} {
		if _, err := s.Register(bad.spec, bad.task); !errors.Is(err, ErrInvalidTask) {
			t.Errorf("Register(%q, %q) = %v, want ErrInvalidTask", bad.spec, bad.task.Type, err)
		}
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() { _ = s.Run(ctx) }()
	select {
	case v := <-got:
		if v.viewer == nil || v.viewer.TenantID != tid || v.viewer.System != tenant.SystemJobs {
			t.Fatalf("viewer = %+v", v.viewer)
		}
		if v.hasOutbox || !errors.Is(v.completeErr, ErrNoOutboxRow) || v.data != `{"n":1}` {
			t.Fatalf("periodic task: outbox=%v complete=%v data=%s", v.hasOutbox, v.completeErr, v.data)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("periodic task never ran")
	}
}

func TestCronPeriod(t *testing.T) {
	tests := []struct {
		spec string
		want time.Duration
	}{
		{"@every 30s", 30 * time.Second},
		{"*/5 * * * *", 5 * time.Minute},
		{"@hourly", time.Hour},
		{"17 3 * * *", 24 * time.Hour},
	}
	for _, tt := range tests {
		got, err := cronPeriod(tt.spec, time.UTC)
		if err != nil || got != tt.want {
			t.Errorf("cronPeriod(%q) = %v, %v; want %v", tt.spec, got, err, tt.want)
		}
	}
}

// TestCleanup_DeletesOldDoneRows: done rows past retention go, dead rows are kept
// longer, rows not done are never touched.
func TestCleanup_DeletesOldDoneRows(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := sysCtx(t)
		now := time.Now()
		day := 24 * time.Hour
		rows := []struct {
			name     string
			doneAgo  time.Duration // 0: not done
			lastErr  string
			wantKept bool
		}{
			{"pending", 0, "", true},
			{"failing, old", 0, "boom", true},
			{"done yesterday", day, "", true},
			{"done 8 days ago", 8 * day, "", false},
			{"dead 8 days ago", 8 * day, "dead: boom", true},
			{"dead 31 days ago", 31 * day, "dead: boom", false},
		}
		ids := make([]uuid.UUID, len(rows))
		for i, r := range rows {
			c := d.Client.OutboxMessage.Create().SetTaskType("a:b").SetQueue(QueueDefault).SetPayload([]byte(`{}`)).
				SetTenantID(uuid.New()).SetLastError(r.lastErr).SetRunAt(now.Add(-40 * day))
			if r.doneAgo > 0 {
				c.SetDoneAt(now.Add(-r.doneAgo))
			}
			ids[i] = c.SaveX(ctx).ID
		}
		m, _ := NewMetrics(nil)
		c, err := NewCleanup(CleanupConfig{DB: d.Client, Metrics: m, BatchSize: 1})
		if err != nil {
			t.Fatal(err)
		}
		n, err := c.Run(t.Context())
		if err != nil || n != 2 {
			t.Fatalf("cleanup = %d, %v; want 2", n, err)
		}
		for i, r := range rows {
			_, err := d.Client.OutboxMessage.Get(ctx, ids[i])
			if exists := err == nil; exists != r.wantKept {
				t.Errorf("%s: kept = %v, want %v", r.name, exists, r.wantKept)
			}
		}
		if got := testutil.ToFloat64(m.deleted); got != 2 {
			t.Errorf("deleted metric = %v", got)
		}
	})
}

func TestMux_HandlePanicsOnProgrammingErrors(t *testing.T) {
	ok := func(context.Context, json.RawMessage) error { return nil }
	tests := []struct {
		name string
		typ  string
		h    HandlerFunc
	}{
		{"bad name", "settle", ok},
		{"nil handler", "a:nil", nil},
		{"twice", "a:twice", ok},
	}
	m := NewMux()
	m.Handle("a:twice", ok)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Fatal("no panic")
				}
			}()
			m.Handle(tt.typ, tt.h)
		})
	}
	if got := m.Types(); len(got) != 1 || got[0] != "a:twice" {
		t.Fatalf("types = %v", got)
	}
}

func TestHandleJSON_Decoding(t *testing.T) {
	m := NewMux()
	var got amountPayload
	HandleJSON(m, "a:pay", func(_ context.Context, p amountPayload) error { got = p; return nil })
	h, _ := m.handler("a:pay")
	tests := []struct {
		data    string
		wantErr bool
	}{
		{`{"amount":5,"extra":"ignored"}`, false},
		{`{"amount":"5"}`, true},
		{`{"amount":0}`, true},
		{`[`, true},
	}
	for _, tt := range tests {
		err := h(t.Context(), json.RawMessage(tt.data))
		if (err != nil) != tt.wantErr {
			t.Errorf("%s: err = %v, want error %v", tt.data, err, tt.wantErr)
		}
		if err != nil && (!errors.Is(err, ErrBadPayload) || !errors.Is(err, asynq.SkipRetry)) {
			t.Errorf("%s: err %v should be ErrBadPayload and SkipRetry", tt.data, err)
		}
	}
	if got.Amount != 5 {
		t.Fatalf("decoded %+v", got)
	}
}

func TestNewMetrics_RegistersOnGivenRegistry(t *testing.T) {
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	m.observeTask("a:b", resultOK, 0.1)
	m.setLag(3)
	if n, err := testutil.GatherAndCount(reg, "manifold_jobs_processed_total", "manifold_jobs_duration_seconds", "manifold_outbox_lag_seconds"); err != nil || n != 3 {
		t.Fatalf("gathered %d series, %v", n, err)
	}
	if _, err := NewMetrics(reg); err == nil {
		t.Fatal("registering twice on one registry should fail")
	}
	var nilMetrics *Metrics
	nilMetrics.observeTask("a:b", resultOK, 1) // must not panic
}

func TestAsynqLogger(t *testing.T) {
	var buf bytes.Buffer
	l := NewAsynqLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})))
	l.Debug("hidden")
	l.Info("started ", 3, " workers")
	l.Fatal("cannot connect")
	out := buf.String()
	if strings.Contains(out, "hidden") || !strings.Contains(out, `msg="started 3 workers"`) || !strings.Contains(out, "fatal=true") {
		t.Fatalf("log output:\n%s", out)
	}
}
