package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ServerConfig configures a Server. Redis, DB and Mux are required.
type ServerConfig struct {
	Redis   redis.UniversalClient
	DB      *ent.Client
	Mux     *Mux
	Logger  *slog.Logger
	Metrics *Metrics
	// Concurrency is the number of tasks run at once; default 10.
	Concurrency int
	// Queues maps queue names to weights; default DefaultQueues().
	Queues map[string]int
	// ShutdownTimeout bounds a graceful shutdown: running tasks get this long to finish,
	// then asynq puts them back on their queue (they run again elsewhere). Default 25s,
	// under Kubernetes' default 30s grace period.
	ShutdownTimeout time.Duration
	// PollInterval is how often idle workers look for tasks, and how often scheduled
	// and retrying tasks are moved to their queue; default 1s.
	PollInterval time.Duration
	// RetryDelay returns the wait before retry n (0-based); default asynq's
	// exponential backoff (n^4 + 15s + jitter).
	RetryDelay func(n int, err error) time.Duration
	// TenantModel looks up a tenant's marketplace model for the restored viewer;
	// optional (the viewer's Model is then empty).
	TenantModel func(ctx context.Context, tenantID uuid.UUID) (tenant.Model, error)
}

// Server runs tasks from Redis through the Mux.
type Server struct {
	cfg     ServerConfig
	log     *slog.Logger
	srv     *asynq.Server
	baseCtx context.Context
	mu      sync.Mutex
}

// NewServer builds a Server; Start or Run starts it.
func NewServer(cfg ServerConfig) (*Server, error) {
	if cfg.Redis == nil || cfg.DB == nil || cfg.Mux == nil {
		return nil, errors.New("jobs: server needs Redis, DB and Mux")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 10
	}
	if len(cfg.Queues) == 0 {
		cfg.Queues = DefaultQueues()
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 25 * time.Second
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	s := &Server{cfg: cfg, log: cfg.Logger.With("component", "jobs.server")}
	ac := asynq.Config{
		Concurrency:              cfg.Concurrency,
		Queues:                   cfg.Queues,
		ShutdownTimeout:          cfg.ShutdownTimeout,
		TaskCheckInterval:        cfg.PollInterval,
		DelayedTaskCheckInterval: cfg.PollInterval,
		BaseContext:              s.base,
		ErrorHandler:             asynq.ErrorHandlerFunc(s.handleError),
		Logger:                   NewAsynqLogger(cfg.Logger.With("component", "asynq")),
		LogLevel:                 asynq.DebugLevel, // slog's handler decides what is shown
	}
	if cfg.RetryDelay != nil {
		ac.RetryDelayFunc = func(n int, err error, _ *asynq.Task) time.Duration { return cfg.RetryDelay(n, err) }
	}
	// The server shares the caller's client; asynq does not close a shared client.
	// Close it only after Shutdown: asynq's subscriber crashes on a client closed under it.
	s.srv = asynq.NewServerFromRedisClient(cfg.Redis, ac)
	return s, nil
}

func (s *Server) base() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseCtx
}

// Start starts processing in the background. Handlers get ctx's values but not its
// cancellation: stopping is Shutdown's job, which lets running tasks finish.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	s.baseCtx = context.WithoutCancel(ctx)
	s.mu.Unlock()
	if err := s.srv.Start(asynq.HandlerFunc(s.process)); err != nil {
		return fmt.Errorf("start job server: %w", err)
	}
	return nil
}

// Shutdown stops fetching tasks and waits up to ShutdownTimeout for running ones;
// those still running then are pushed back to their queue and their context is
// cancelled.
func (s *Server) Shutdown() { s.srv.Shutdown() }

// Run starts the server, blocks until ctx is done, then shuts down gracefully.
func (s *Server) Run(ctx context.Context) error {
	if err := s.Start(ctx); err != nil {
		return err
	}
	<-ctx.Done()
	s.Shutdown()
	return nil
}

// Ping checks the server's Redis connection.
func (s *Server) Ping() error { return s.srv.Ping() }

// process is the middleware every task goes through: decode the envelope, skip rows
// already done, restore the viewer, run the handler, record the outcome.
func (s *Server) process(ctx context.Context, t *asynq.Task) error {
	typ := t.Type()
	taskID, _ := asynq.GetTaskID(ctx)
	retry, _ := asynq.GetRetryCount(ctx)
	log := s.log.With("task_id", taskID, "task_type", typ)
	ctx = logx.WithTaskID(ctx, taskID)

	env, err := decodeEnvelope(t.Payload())
	if err != nil {
		log.Error("job: undecodable envelope", "err", err)
		return fmt.Errorf("%w: envelope: %w", ErrBadPayload, err)
	}
	if env.TenantID != nil {
		log = log.With("tenant_id", env.TenantID.String())
	}
	h, ok := s.cfg.Mux.handler(typ)
	if !ok {
		log.Error("job: no handler registered", "retry", retry)
		return fmt.Errorf("%w %q", ErrNoHandler, typ)
	}
	if env.OutboxID != nil {
		id := *env.OutboxID
		done, err := isDone(ctx, s.cfg.DB.OutboxMessage, id)
		if err != nil {
			return fmt.Errorf("check outbox row: %w", err)
		}
		if done {
			// A duplicate delivery (redelivery after a lost ack, a second enqueue).
			log.Info("job: already done, skipped")
			s.cfg.Metrics.observeTask(typ, resultDuplicate, 0)
			return nil
		}
		ctx = withOutboxID(ctx, id)
	}
	if env.TenantID != nil {
		var model tenant.Model
		if s.cfg.TenantModel != nil {
			if model, err = s.cfg.TenantModel(ctx, *env.TenantID); err != nil {
				return fmt.Errorf("tenant model: %w", err)
			}
		}
		ctx = tenant.ForTenant(ctx, *env.TenantID, model, tenant.SystemJobs)
	}

	log.Debug("job: start", "retry", retry)
	start := time.Now()
	err, panicked := call(ctx, h, env.Data)
	elapsed := time.Since(start)
	log = log.With("duration", elapsed, "retry", retry)
	switch {
	case panicked:
		s.cfg.Metrics.observeTask(typ, resultPanic, elapsed.Seconds())
		log.Error("job: panic", "err", err)
		return err
	case err != nil:
		s.cfg.Metrics.observeTask(typ, resultError, elapsed.Seconds())
		// Logged by handleError, which also knows whether it is final.
		return err
	}
	s.cfg.Metrics.observeTask(typ, resultOK, elapsed.Seconds())
	if env.OutboxID != nil {
		// Most handlers do not call Complete; this is where their row becomes done. If it
		// fails the relay redelivers the task later and the handler must cope: handlers
		// are idempotent (design §6).
		mctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if _, err := markDone(mctx, s.cfg.DB.OutboxMessage, *env.OutboxID); err != nil {
			log.Error("job: done but not marked done; it will be redelivered", "err", err)
		}
	}
	log.Info("job: done")
	return nil
}

// call runs h, turning a panic into an error with its stack.
func call(ctx context.Context, h HandlerFunc, data []byte) (err error, panicked bool) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
			panicked = true
		}
	}()
	return h(ctx, data), false
}

// handleError runs for every failed attempt, including those the handler never saw
// (deadline, lease lost). It records the error on the outbox row and, when asynq will
// not try again, marks the row dead (done_at set, last_error kept).
func (s *Server) handleError(ctx context.Context, t *asynq.Task, err error) {
	typ := t.Type()
	taskID, _ := asynq.GetTaskID(ctx)
	retried, _ := asynq.GetRetryCount(ctx)
	maxRetry, _ := asynq.GetMaxRetry(ctx)
	dead := retried >= maxRetry || errors.Is(err, asynq.SkipRetry) || errors.Is(err, asynq.RevokeTask)
	log := s.log.With("task_id", taskID, "task_type", typ, "retry", retried, "max_retry", maxRetry, "err", err)

	id, ok := outboxIDOf(t.Payload(), taskID)
	if ok {
		msg := err.Error()
		if dead {
			msg = fmt.Sprintf("dead after %d attempts: %s", retried+1, msg)
		}
		// ctx may already be cancelled (deadline, lease lost); the bookkeeping must still
		// happen.
		wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		if rerr := recordFailure(wctx, s.cfg.DB.OutboxMessage, id, msg, dead); rerr != nil {
			log.Error("job: could not record failure", "record_err", rerr)
		}
	}
	if dead {
		s.cfg.Metrics.incDead(typ)
		log.Error("job: dead, not retried")
		return
	}
	log.Warn("job: failed, will retry")
}

// outboxIDOf finds the outbox row of a task: from its envelope, or, for an envelope too
// broken to read, from the task id (the relay uses the row id as task id).
func outboxIDOf(payload []byte, taskID string) (uuid.UUID, bool) {
	if env, err := decodeEnvelope(payload); err == nil {
		if env.OutboxID == nil {
			return uuid.Nil, false
		}
		return *env.OutboxID, true
	}
	id, err := uuid.Parse(taskID)
	return id, err == nil
}

// asynqLogger adapts slog to asynq's Logger interface.
type asynqLogger struct{ log *slog.Logger }

// NewAsynqLogger returns an asynq.Logger writing to log. Fatal logs at error level and
// does not exit: only main decides when the process ends.
func NewAsynqLogger(log *slog.Logger) asynq.Logger { return asynqLogger{log} }

func (l asynqLogger) Debug(args ...any) { l.log.Debug(fmt.Sprint(args...)) }
func (l asynqLogger) Info(args ...any)  { l.log.Info(fmt.Sprint(args...)) }
func (l asynqLogger) Warn(args ...any)  { l.log.Warn(fmt.Sprint(args...)) }
func (l asynqLogger) Error(args ...any) { l.log.Error(fmt.Sprint(args...)) }
func (l asynqLogger) Fatal(args ...any) { l.log.Error(fmt.Sprint(args...), "fatal", true) }
