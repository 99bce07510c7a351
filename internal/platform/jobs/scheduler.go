package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"
	"github.com/robfig/cron/v3"
)

// SchedulerConfig configures a Scheduler. Redis or Conn is required.
type SchedulerConfig struct {
	Redis redis.UniversalClient
	// Conn, when set, gives the scheduler a connection of its own (preferred: asynq
	// cannot close a shared client and says so at error level on every shutdown).
	Conn   asynq.RedisConnOpt
	Logger *slog.Logger
	// Location interprets cron specs; default UTC.
	Location *time.Location
}

// Scheduler enqueues periodic tasks on cron specs. Every worker replica may run one: each
// tick's task is enqueued with an asynq uniqueness lock, so replicas firing the same tick
// produce one task. Periodic tasks have no outbox row; a tick lost to a Redis outage is
// simply skipped, so their handlers must be sweeps that catch up on the next run.
type Scheduler struct {
	s   *asynq.Scheduler
	log *slog.Logger
	loc *time.Location
}

// NewScheduler builds a Scheduler; register tasks, then Start or Run it.
func NewScheduler(cfg SchedulerConfig) (*Scheduler, error) {
	if cfg.Redis == nil && cfg.Conn == nil {
		return nil, errors.New("jobs: scheduler needs Redis or Conn")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Location == nil {
		cfg.Location = time.UTC
	}
	log := cfg.Logger.With("component", "jobs.scheduler")
	s := &Scheduler{log: log, loc: cfg.Location}
	opts := &asynq.SchedulerOpts{
		Location: cfg.Location,
		Logger:   NewAsynqLogger(cfg.Logger.With("component", "asynq.scheduler")),
		LogLevel: asynq.DebugLevel,
		// Deprecated in favour of PostEnqueueFunc, which is not told the task on error.
		//lint:ignore SA1019 the replacement loses the task type we log
		EnqueueErrorHandler: func(t *asynq.Task, _ []asynq.Option, err error) {
			if errors.Is(err, asynq.ErrDuplicateTask) {
				log.Debug("periodic task already enqueued by another replica", "task_type", t.Type())
				return
			}
			log.Error("periodic task not enqueued", "task_type", t.Type(), "err", err)
		},
	}
	if cfg.Conn != nil {
		s.s = asynq.NewScheduler(cfg.Conn, opts)
	} else {
		s.s = asynq.NewSchedulerFromRedisClient(cfg.Redis, opts)
	}
	return s, nil
}

// Register runs t on cronspec (five fields, or @every 1h, @daily…, in the configured
// location). t.TenantID names the tenant of a per-tenant periodic task; t.RunAt is
// ignored. It returns asynq's entry id.
func (s *Scheduler) Register(cronspec string, t Task) (string, error) {
	if err := t.Validate(); err != nil {
		return "", err
	}
	period, err := cronPeriod(cronspec, s.loc)
	if err != nil {
		return "", err
	}
	payload, err := encodeEnvelope(t.TenantID, uuid.Nil, t.Payload)
	if err != nil {
		return "", err
	}
	// Half a period: long enough to cover replicas firing the same tick (a second or so
	// apart), short enough never to swallow the next tick. A finished task releases it.
	ttl := max(period/2, time.Second)
	id, err := s.s.Register(cronspec, asynq.NewTask(t.Type, payload),
		asynq.Queue(t.queue()),
		asynq.MaxRetry(t.maxRetry()),
		asynq.Unique(ttl),
	)
	if err != nil {
		return "", fmt.Errorf("register %s on %q: %w", t.Type, cronspec, err)
	}
	s.log.Debug("periodic task registered", "task_type", t.Type, "cron", cronspec)
	return id, nil
}

// cronPeriod parses spec as asynq does and returns the time between two ticks.
func cronPeriod(spec string, loc *time.Location) (time.Duration, error) {
	sched, err := cron.ParseStandard(spec)
	if err != nil {
		return 0, fmt.Errorf("%w: cron spec %q: %w", ErrInvalidTask, spec, err)
	}
	first := sched.Next(time.Now().In(loc))
	return sched.Next(first).Sub(first), nil
}

// Start starts the scheduler in the background.
func (s *Scheduler) Start() error {
	if err := s.s.Start(); err != nil {
		return fmt.Errorf("start scheduler: %w", err)
	}
	return nil
}

// Shutdown stops the scheduler.
func (s *Scheduler) Shutdown() { s.s.Shutdown() }

// Run starts the scheduler, blocks until ctx is done, then stops it.
func (s *Scheduler) Run(ctx context.Context) error {
	if err := s.Start(); err != nil {
		return err
	}
	<-ctx.Done()
	s.Shutdown()
	return nil
}
