package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/outboxmessage"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// RelayConfig configures a Relay. DB and Redis are required.
type RelayConfig struct {
	DB      *db.DB
	Redis   redis.UniversalClient
	Logger  *slog.Logger
	Metrics *Metrics
	// Interval between polls when the last one found less than a full batch; default 1s.
	Interval time.Duration
	// BatchSize is the most rows one poll moves (in one transaction); default 100.
	BatchSize int
	// RedeliveryTimeout: a row enqueued this long ago and still not done is enqueued
	// again (a no-op while asynq still holds the task). Default 10 minutes. It bounds how
	// long a job lost with Redis stays lost; keep it above the time a task normally
	// waits in its queue, or the relay does needless Redis round trips.
	RedeliveryTimeout time.Duration
}

// Relay moves committed, due outbox rows into asynq. Several relays may run at once on
// PostgreSQL (each poll locks its batch with FOR UPDATE SKIP LOCKED); on SQLite a write
// transaction locks the whole database, which is just as safe, and SQLite deployments
// run one process anyway.
type Relay struct {
	cfg    RelayConfig
	log    *slog.Logger
	client *asynq.Client
	insp   *asynq.Inspector
}

// NewRelay builds a Relay; Run or Poll drive it.
func NewRelay(cfg RelayConfig) (*Relay, error) {
	if cfg.DB == nil || cfg.Redis == nil {
		return nil, errors.New("jobs: relay needs DB and Redis")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 100
	}
	if cfg.RedeliveryTimeout <= 0 {
		cfg.RedeliveryTimeout = 10 * time.Minute
	}
	return &Relay{
		cfg:    cfg,
		log:    cfg.Logger.With("component", "jobs.relay"),
		client: asynq.NewClientFromRedisClient(cfg.Redis),
		insp:   asynq.NewInspectorFromRedisClient(cfg.Redis),
	}, nil
}

// Run polls until ctx is done. A full batch is followed at once by the next poll; errors
// are logged and retried with backoff up to a minute.
func (r *Relay) Run(ctx context.Context) error {
	wait := time.Duration(0)
	failures := 0
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		n, err := r.Poll(ctx)
		switch {
		case ctx.Err() != nil:
			return nil
		case err != nil:
			failures++
			wait = min(r.cfg.Interval<<min(failures, 6), time.Minute)
			r.log.Error("outbox relay poll failed", "err", err, "failures", failures, "next_in", wait)
		case n >= r.cfg.BatchSize:
			failures, wait = 0, 0
		default:
			failures, wait = 0, r.cfg.Interval
		}
	}
}

// Poll relays one batch of due rows and updates the lag gauge. It returns how many rows
// it handed to asynq.
func (r *Relay) Poll(ctx context.Context) (int, error) {
	sctx := tenant.SystemContext(ctx, tenant.SystemJobs)
	n, err := r.relayBatch(sctx)
	if lerr := r.updateLag(sctx); lerr != nil {
		err = errors.Join(err, lerr)
	}
	return n, err
}

// due selects rows to relay: not done, due, and never enqueued or enqueued longer than
// RedeliveryTimeout ago.
func (r *Relay) due(c *ent.OutboxMessageClient, now time.Time) *ent.OutboxMessageQuery {
	return c.Query().Where(
		outboxmessage.DoneAtIsNil(),
		outboxmessage.RunAtLTE(now),
		outboxmessage.Or(
			outboxmessage.EnqueuedAtIsNil(),
			outboxmessage.EnqueuedAtLT(now.Add(-r.cfg.RedeliveryTimeout)),
		),
	)
}

func (r *Relay) relayBatch(ctx context.Context) (int, error) {
	now := time.Now().UTC()
	// A plain read first: on SQLite an idle relay then never takes the write lock.
	if ok, err := r.due(r.cfg.DB.Client.OutboxMessage, now).Exist(ctx); err != nil || !ok {
		return 0, err
	}
	var (
		relayed int
		failed  error
	)
	err := db.WithTx(ctx, r.cfg.DB.Client, func(tx *ent.Tx) error {
		q := r.due(tx.OutboxMessage, now).
			Order(outboxmessage.ByRunAt(), outboxmessage.ByID()).
			Limit(r.cfg.BatchSize)
		if r.cfg.DB.Dialect == dialect.Postgres {
			q = q.ForUpdate(entsql.WithLockAction(entsql.SkipLocked))
		}
		rows, err := q.All(ctx)
		if err != nil {
			return fmt.Errorf("select due outbox rows: %w", err)
		}
		var (
			enqueued []uuid.UUID
			enqErr   error
		)
		for _, m := range rows {
			if err := r.enqueue(ctx, tx, m); err != nil {
				// Redis trouble: keep what got through, the rest waits for the next poll.
				enqErr = err
				r.cfg.Metrics.addRelayed("error", 1)
				break
			}
			enqueued = append(enqueued, m.ID)
		}
		if len(enqueued) > 0 {
			err := tx.OutboxMessage.Update().
				Where(outboxmessage.IDIn(enqueued...)).
				SetEnqueuedAt(time.Now().UTC()).
				AddEnqueues(1).
				Exec(ctx)
			if err != nil {
				return fmt.Errorf("mark outbox rows enqueued: %w", err)
			}
		}
		relayed, failed = len(enqueued), enqErr
		return nil
	})
	if err != nil {
		return 0, err
	}
	return relayed, failed
}

// enqueue hands one row to asynq. A task id conflict means asynq still holds the task
// (queued, running, retrying, or archived): not an error. An archived task is one asynq
// gave up on without our error handler seeing it (a worker that died on its last try),
// so the row is marked dead here.
func (r *Relay) enqueue(ctx context.Context, tx *ent.Tx, m *ent.OutboxMessage) error {
	ectx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	task := asynq.NewTask(m.TaskType, m.Payload)
	_, err := r.client.EnqueueContext(ectx, task,
		asynq.TaskID(m.ID.String()),
		asynq.Queue(m.Queue),
		asynq.MaxRetry(m.MaxRetry),
		asynq.ProcessAt(m.RunAt),
	)
	switch {
	case err == nil:
		r.cfg.Metrics.addRelayed("enqueued", 1)
		if m.Enqueues > 0 {
			r.log.Info("outbox relay: redelivered", "outbox_id", m.ID, "task_type", m.TaskType, "enqueues", m.Enqueues+1)
		}
		return nil
	case errors.Is(err, asynq.ErrTaskIDConflict):
		r.cfg.Metrics.addRelayed("queued_already", 1)
		return r.checkArchived(ctx, tx, m)
	}
	return fmt.Errorf("enqueue outbox row %s: %w", m.ID, err)
}

func (r *Relay) checkArchived(ctx context.Context, tx *ent.Tx, m *ent.OutboxMessage) error {
	info, err := r.insp.GetTaskInfo(m.Queue, m.ID.String())
	if err != nil {
		// Gone since the conflict (just finished): the next poll sees.
		return nil
	}
	switch info.State {
	case asynq.TaskStateArchived:
		msg := "dead: archived by asynq: " + info.LastErr
		r.log.Error("outbox relay: task archived without bookkeeping; marked dead", "outbox_id", m.ID, "task_type", m.TaskType, "last_err", info.LastErr)
		r.cfg.Metrics.incDead(m.TaskType)
		return recordFailure(ctx, tx.OutboxMessage, m.ID, msg, true)
	case asynq.TaskStateCompleted:
		_, err := markDone(ctx, tx.OutboxMessage, m.ID)
		return err
	}
	return nil
}

func (r *Relay) updateLag(ctx context.Context) error {
	lag, err := r.Lag(ctx)
	if err != nil {
		return err
	}
	r.cfg.Metrics.setLag(lag.Seconds())
	return nil
}

// Lag returns the age of the oldest due outbox row that is not done (0 when none).
func (r *Relay) Lag(ctx context.Context) (time.Duration, error) {
	now := time.Now().UTC()
	oldest, err := r.cfg.DB.Client.OutboxMessage.Query().
		Where(outboxmessage.DoneAtIsNil(), outboxmessage.RunAtLTE(now)).
		Order(outboxmessage.ByRunAt()).
		First(tenant.SystemContext(ctx, tenant.SystemJobs))
	switch {
	case ent.IsNotFound(err):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("outbox lag: %w", err)
	}
	return now.Sub(oldest.RunAt), nil
}
