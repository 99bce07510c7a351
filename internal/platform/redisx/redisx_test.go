package redisx_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/redisx"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func testLogger(t *testing.T) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func connectEmbedded(t *testing.T) (redis.UniversalClient, asynq.RedisConnOpt) {
	t.Helper()
	rc, opt, cleanup, err := redisx.Connect(t.Context(), "", testLogger(t))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	t.Cleanup(cleanup)
	return rc, opt
}

func TestConnect_EmbeddedExpiresKeysInRealTime(t *testing.T) {
	rc, _ := connectEmbedded(t)
	ctx := t.Context()
	if err := rc.Set(ctx, "k", "v", time.Second).Err(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for rc.Exists(ctx, "k").Val() == 1 {
		if time.Now().After(deadline) {
			t.Fatal("key with a 1s TTL still there after 3s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestConnect_URL(t *testing.T) {
	testenv.Redis(t) // skips (or fails under CI) when no Redis is running
	rc, opt, cleanup, err := redisx.Connect(t.Context(), testenv.RedisURL(), testLogger(t))
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	defer cleanup()
	if err := rc.Ping(t.Context()).Err(); err != nil {
		t.Fatal(err)
	}
	if _, ok := opt.(asynq.RedisClientOpt); !ok {
		t.Fatalf("conn opt %T", opt)
	}
}

func TestConnect_BadURL(t *testing.T) {
	if _, _, _, err := redisx.Connect(t.Context(), "http://nope", testLogger(t)); err == nil {
		t.Fatal("want an error for a non-redis url")
	}
}

func TestConnect_CleanupIsIdempotent(t *testing.T) {
	_, _, cleanup, err := redisx.Connect(t.Context(), "", testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	cleanup()
	cleanup()
}

// TestAsynqOnEmbedded runs asynq's server, client, scheduler and inspector against the
// embedded server: the Lua scripts asynq relies on must all work on miniredis.
func TestAsynqOnEmbedded(t *testing.T) {
	rc, opt := connectEmbedded(t)
	ctx := t.Context()

	var (
		mu       sync.Mutex
		runs     = map[string]int{}
		ranAt    = map[string]time.Time{}
		periodic atomic.Int32
	)
	mux := asynq.NewServeMux()
	mux.HandleFunc("t:ok", func(ctx context.Context, task *asynq.Task) error {
		mu.Lock()
		defer mu.Unlock()
		id, _ := asynq.GetTaskID(ctx)
		runs[id]++
		ranAt[id] = time.Now()
		return nil
	})
	mux.HandleFunc("t:flaky", func(ctx context.Context, task *asynq.Task) error {
		mu.Lock()
		defer mu.Unlock()
		id, _ := asynq.GetTaskID(ctx)
		runs[id]++
		if runs[id] < 3 {
			return errors.New("flaky")
		}
		return nil
	})
	mux.HandleFunc("t:periodic", func(ctx context.Context, task *asynq.Task) error {
		periodic.Add(1)
		return nil
	})
	mux.HandleFunc("t:dead", func(ctx context.Context, task *asynq.Task) error {
		return errors.New("always")
	})
	srv := asynq.NewServerFromRedisClient(rc, asynq.Config{
		Concurrency:              4,
		Queues:                   map[string]int{"default": 1, "critical": 2},
		RetryDelayFunc:           func(int, error, *asynq.Task) time.Duration { return 200 * time.Millisecond },
		DelayedTaskCheckInterval: 100 * time.Millisecond,
		TaskCheckInterval:        50 * time.Millisecond,
		ShutdownTimeout:          time.Second,
		LogLevel:                 asynq.WarnLevel,
	})
	if err := srv.Start(mux); err != nil {
		t.Fatal(err)
	}
	defer srv.Shutdown()

	sched := asynq.NewScheduler(opt, &asynq.SchedulerOpts{LogLevel: asynq.WarnLevel})
	if _, err := sched.Register("@every 1s", asynq.NewTask("t:periodic", nil), asynq.Unique(time.Second)); err != nil {
		t.Fatal(err)
	}
	if err := sched.Start(); err != nil {
		t.Fatal(err)
	}
	defer sched.Shutdown()

	client := asynq.NewClient(opt)
	defer client.Close()
	start := time.Now()
	enqueue := func(typ, id string, opts ...asynq.Option) {
		t.Helper()
		opts = append(opts, asynq.TaskID(id))
		if _, err := client.EnqueueContext(ctx, asynq.NewTask(typ, []byte(`{}`)), opts...); err != nil {
			t.Fatalf("enqueue %s: %v", id, err)
		}
	}
	enqueue("t:ok", "ok1")
	enqueue("t:ok", "crit", asynq.Queue("critical"))
	enqueue("t:flaky", "flaky1", asynq.MaxRetry(5))
	enqueue("t:ok", "later", asynq.ProcessIn(2*time.Second))
	enqueue("t:dead", "dead1", asynq.MaxRetry(1))
	// The same task id again is refused while the task exists.
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("t:ok", nil), asynq.TaskID("later")); !errors.Is(err, asynq.ErrTaskIDConflict) {
		t.Fatalf("duplicate task id: err = %v, want ErrTaskIDConflict", err)
	}
	// A unique lock expires with its TTL (the task sits in a queue no server reads).
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("t:ok", []byte("u")), asynq.Unique(time.Second), asynq.Queue("parked")); err != nil {
		t.Fatal(err)
	}
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("t:ok", []byte("u")), asynq.Unique(time.Second), asynq.Queue("parked")); !errors.Is(err, asynq.ErrDuplicateTask) {
		t.Fatalf("unique: err = %v, want ErrDuplicateTask", err)
	}

	insp := asynq.NewInspector(opt)
	defer insp.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		mu.Lock()
		done := runs["ok1"] == 1 && runs["crit"] == 1 && runs["flaky1"] == 3 && runs["later"] == 1
		laterAt := ranAt["later"]
		mu.Unlock()
		archived := false
		if ti, err := insp.GetTaskInfo("default", "dead1"); err == nil && ti.State == asynq.TaskStateArchived {
			archived = true
		}
		if done && archived && periodic.Load() >= 2 {
			// asynq keeps ProcessAt to the second: 2s from now is due in (1s, 2s].
			if d := laterAt.Sub(start); d < time.Second {
				t.Errorf("scheduled task ran after %v, want > 1s", d)
			}
			break
		}
		if time.Now().After(deadline) {
			mu.Lock()
			t.Fatalf("not done: runs=%v archived=%v periodic=%d", runs, archived, periodic.Load())
		}
		time.Sleep(100 * time.Millisecond)
	}
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("t:ok", []byte("u")), asynq.Unique(time.Second), asynq.Queue("parked")); err != nil {
		t.Fatalf("unique lock did not expire: %v", err)
	}
	if qi, err := insp.GetQueueInfo("default"); err != nil || qi.Archived != 1 {
		t.Fatalf("queue info = %+v, %v", qi, err)
	}
	// Heartbeats are TTL keys too: the inspector sees this server.
	servers, err := insp.Servers()
	if err != nil || len(servers) != 1 {
		t.Fatalf("servers = %d, %v", len(servers), err)
	}
}

// TestAsynqOnEmbedded_RecoversCrashedWorker: a worker that dies mid-task (here: its Redis
// connection is cut, so it can neither finish nor extend its lease) leaves the task
// active; once the lease is expired another server's recoverer retries it.
func TestAsynqOnEmbedded_RecoversCrashedWorker(t *testing.T) {
	rc, _ := connectEmbedded(t)
	ctx := t.Context()

	started := make(chan struct{}, 1)
	var completed atomic.Int32
	block := asynq.HandlerFunc(func(ctx context.Context, task *asynq.Task) error {
		started <- struct{}{}
		<-ctx.Done()
		return ctx.Err()
	})
	cfg := asynq.Config{
		Concurrency:              1,
		RetryDelayFunc:           func(int, error, *asynq.Task) time.Duration { return 0 },
		DelayedTaskCheckInterval: 100 * time.Millisecond,
		TaskCheckInterval:        50 * time.Millisecond,
		ShutdownTimeout:          100 * time.Millisecond,
		LogLevel:                 asynq.FatalLevel,
	}
	link := &cuttable{}
	deadConn := redis.NewClient(&redis.Options{Addr: rc.(*redis.Client).Options().Addr, Dialer: link.dial})
	a := asynq.NewServerFromRedisClient(deadConn, cfg)
	if err := a.Start(block); err != nil {
		t.Fatal(err)
	}
	client := asynq.NewClientFromRedisClient(rc)
	if _, err := client.EnqueueContext(ctx, asynq.NewTask("t:x", nil), asynq.TaskID("x1")); err != nil {
		t.Fatal(err)
	}
	select {
	case <-started:
	case <-time.After(5 * time.Second):
		t.Fatal("task never started")
	}
	// Closing the client under a running asynq server would crash it (its cancelation
	// subscriber reads a nil message from the closed channel); cut the network instead.
	link.cut()
	defer a.Shutdown()
	// Pretend the lease ran out a minute ago rather than wait for it.
	if err := rc.ZAdd(ctx, "asynq:{default}:lease", redis.Z{Score: float64(time.Now().Add(-time.Minute).Unix()), Member: "x1"}).Err(); err != nil {
		t.Fatal(err)
	}

	b := asynq.NewServerFromRedisClient(rc, cfg)
	if err := b.Start(asynq.HandlerFunc(func(ctx context.Context, task *asynq.Task) error {
		completed.Add(1)
		return nil
	})); err != nil {
		t.Fatal(err)
	}
	defer b.Shutdown()
	deadline := time.Now().Add(10 * time.Second)
	for completed.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the crashed worker's task was not recovered")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cuttable dials TCP until cut, then closes its connections and refuses new ones.
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
