package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/outboxmessage"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// TypeCleanupOutbox is the periodic task that deletes old done outbox rows.
const TypeCleanupOutbox = "jobs:cleanup_outbox"

// CleanupConfig configures a Cleanup. DB is required.
type CleanupConfig struct {
	DB      *ent.Client
	Logger  *slog.Logger
	Metrics *Metrics
	// Retention keeps rows that finished normally this long after done_at; default 7 days.
	Retention time.Duration
	// DeadRetention keeps dead rows (done_at set, last_error not empty) this long, for
	// someone to look at; default 30 days.
	DeadRetention time.Duration
	// BatchSize bounds one DELETE; default 1000.
	BatchSize int
}

// Cleanup deletes outbox rows done long ago, so the table holds recent history only.
type Cleanup struct {
	cfg CleanupConfig
	log *slog.Logger
}

// NewCleanup builds a Cleanup.
func NewCleanup(cfg CleanupConfig) (*Cleanup, error) {
	if cfg.DB == nil {
		return nil, errors.New("jobs: cleanup needs DB")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Retention <= 0 {
		cfg.Retention = 7 * 24 * time.Hour
	}
	if cfg.DeadRetention <= 0 {
		cfg.DeadRetention = 30 * 24 * time.Hour
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 1000
	}
	return &Cleanup{cfg: cfg, log: cfg.Logger.With("component", "jobs.cleanup")}, nil
}

// Register handles TypeCleanupOutbox on m and schedules it on cronspec (e.g. "17 3 * * *").
func (c *Cleanup) Register(m *Mux, s *Scheduler, cronspec string) error {
	m.Handle(TypeCleanupOutbox, func(ctx context.Context, _ json.RawMessage) error {
		_, err := c.Run(ctx)
		return err
	})
	_, err := s.Register(cronspec, Task{Type: TypeCleanupOutbox, Queue: QueueLow, MaxRetry: 3})
	return err
}

// Run deletes the expired rows, a batch at a time, and returns how many it deleted.
func (c *Cleanup) Run(ctx context.Context) (int, error) {
	ctx = tenant.SystemContext(ctx, tenant.SystemJobs)
	now := time.Now().UTC()
	total := 0
	for _, where := range [][]predicate.OutboxMessage{
		{outboxmessage.DoneAtLT(now.Add(-c.cfg.Retention)), outboxmessage.LastErrorEQ("")},
		{outboxmessage.DoneAtLT(now.Add(-c.cfg.DeadRetention)), outboxmessage.LastErrorNEQ("")},
	} {
		for {
			ids, err := c.cfg.DB.OutboxMessage.Query().Where(where...).Limit(c.cfg.BatchSize).IDs(ctx)
			if err != nil {
				return total, fmt.Errorf("outbox cleanup: %w", err)
			}
			if len(ids) == 0 {
				break
			}
			n, err := c.cfg.DB.OutboxMessage.Delete().Where(outboxmessage.IDIn(ids...)).Exec(ctx)
			if err != nil {
				return total, fmt.Errorf("outbox cleanup: %w", err)
			}
			total += n
			c.cfg.Metrics.addDeleted(n)
			if len(ids) < c.cfg.BatchSize {
				break
			}
		}
	}
	if total > 0 {
		c.log.Info("outbox cleanup", "deleted", total)
	}
	return total, nil
}
