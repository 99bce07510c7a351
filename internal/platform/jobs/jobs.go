// Package jobs runs Manifold's background work on asynq behind a transactional outbox:
// services write jobs into the database in the transaction that implies them (Enqueue),
// a relay moves committed rows into Redis, and a server runs them with the tenant viewer
// restored. Delivery is at least once; Complete makes a handler's database effect
// exactly once.
//
// Life of a job:
//
//  1. Enqueue inserts an OutboxMessage in the caller's transaction. Nothing reaches Redis
//     unless that transaction commits.
//  2. Relay enqueues due rows into asynq with the row id as the asynq task id (so a second
//     enqueue of a queued task is a no-op) and stamps enqueued_at. A row still not done a
//     RedeliveryTimeout after its last enqueue is enqueued again: that is what survives a
//     lost or flushed Redis, or a relay that died between Redis and its commit.
//  3. The Server's middleware decodes the envelope, skips rows already done, restores the
//     viewer, runs the handler and, when it returns nil, sets done_at.
//  4. A failure records last_error. When asynq gives up (retries exhausted, SkipRetry or
//     RevokeTask) the row is marked dead: done_at set and last_error kept non-empty, so it
//     is never redelivered; asynq keeps its own copy in the archived set for inspection.
//     A row that finished normally has done_at set and last_error empty.
//
// Periodic tasks (Scheduler) go straight to asynq with no outbox row: they are sweeps that
// must be idempotent on their own; Complete refuses them.
package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Queues. critical: payments, inbound webhooks; compliance: screening and checks;
// low: rescreens, KPI rollups, housekeeping.
const (
	QueueCritical   = "critical"
	QueueDefault    = "default"
	QueueCompliance = "compliance"
	QueueLow        = "low"
)

// QueueNames lists the queues a task may name, most urgent first.
var QueueNames = []string{QueueCritical, QueueDefault, QueueCompliance, QueueLow}

// DefaultQueues returns the weights a server polls the queues with: out of 13 fetches,
// about 6 go to critical, 3 to default, 3 to compliance and 1 to low (weighted, not
// strict, so low is never starved).
func DefaultQueues() map[string]int {
	return map[string]int{QueueCritical: 6, QueueDefault: 3, QueueCompliance: 3, QueueLow: 1}
}

// DefaultMaxRetry is how often a failed task is retried when Task.MaxRetry is zero.
const DefaultMaxRetry = 25

// NoRetry as Task.MaxRetry runs a task once: its first failure makes it dead.
const NoRetry = -1

var typeName = regexp.MustCompile(`^[a-z][a-z0-9_]*:[a-z][a-z0-9_]*$`)

// ValidType reports whether s is a task type name, "area:verb" in lower snake case.
func ValidType(s string) bool { return typeName.MatchString(s) }

// Task is a job to run.
type Task struct {
	// Type is "area:verb", e.g. "payments:settle".
	Type string
	// Queue is one of QueueNames; empty means QueueDefault.
	Queue string
	// Payload is encoded with encoding/json. Pass json.RawMessage for JSON you already
	// have ([]byte would become a base64 string).
	Payload any
	// TenantID names the tenant for a system viewer. A tenant viewer's own tenant is used
	// and a different TenantID is refused. Zero for platform-wide work.
	TenantID uuid.UUID
	// RunAt delays the task; zero means now.
	RunAt time.Time
	// MaxRetry: 0 means DefaultMaxRetry, NoRetry means no retry.
	MaxRetry int
}

// Errors returned by Enqueue and Task.Validate.
var (
	ErrInvalidTask    = errors.New("invalid task")
	ErrTenantMismatch = errors.New("task tenant does not match the viewer's tenant")
	ErrNoViewer       = errors.New("no viewer in context")
)

// Validate checks the type and queue names.
func (t Task) Validate() error {
	if !ValidType(t.Type) {
		return fmt.Errorf("%w: type %q is not area:verb", ErrInvalidTask, t.Type)
	}
	if t.Queue != "" && !slices.Contains(QueueNames, t.Queue) {
		return fmt.Errorf("%w: unknown queue %q", ErrInvalidTask, t.Queue)
	}
	if t.MaxRetry < NoRetry {
		return fmt.Errorf("%w: max retry %d", ErrInvalidTask, t.MaxRetry)
	}
	return nil
}

func (t Task) queue() string {
	if t.Queue == "" {
		return QueueDefault
	}
	return t.Queue
}

func (t Task) maxRetry() int {
	switch t.MaxRetry {
	case 0:
		return DefaultMaxRetry
	case NoRetry:
		return 0
	}
	return t.MaxRetry
}

// envelope is the asynq payload: the data plus what the middleware needs to restore the
// viewer and find the outbox row.
type envelope struct {
	TenantID *uuid.UUID      `json:"tenant_id"`
	OutboxID *uuid.UUID      `json:"outbox_id"`
	Data     json.RawMessage `json:"data"`
}

func encodeEnvelope(tenantID, outboxID uuid.UUID, payload any) ([]byte, error) {
	data, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("%w: payload: %w", ErrInvalidTask, err)
	}
	env := envelope{Data: data}
	if tenantID != uuid.Nil {
		env.TenantID = &tenantID
	}
	if outboxID != uuid.Nil {
		env.OutboxID = &outboxID
	}
	return json.Marshal(env)
}

func decodeEnvelope(b []byte) (envelope, error) {
	var env envelope
	if err := json.Unmarshal(b, &env); err != nil {
		return envelope{}, err
	}
	if env.Data == nil {
		return envelope{}, errors.New("envelope without data")
	}
	return env, nil
}

// Enqueue writes t as an OutboxMessage in tx and returns the row id, which is also the
// asynq task id and the idempotency key for the job's external effects. The job becomes
// visible to the relay when tx commits; if tx rolls back, the job never existed.
//
// The tenant comes from the viewer in ctx: a tenant viewer (including a job handler's
// restored viewer) enqueues for its own tenant; a system viewer names t.TenantID or none.
func Enqueue(ctx context.Context, tx *ent.Tx, t Task) (uuid.UUID, error) {
	if tx == nil {
		return uuid.Nil, errors.New("jobs: Enqueue needs a transaction")
	}
	if err := t.Validate(); err != nil {
		return uuid.Nil, err
	}
	v := tenant.FromContext(ctx)
	tenantID := t.TenantID
	switch {
	case v.HasTenant():
		if tenantID != uuid.Nil && tenantID != v.TenantID {
			return uuid.Nil, ErrTenantMismatch
		}
		tenantID = v.TenantID
	case v == nil:
		return uuid.Nil, ErrNoViewer
	}
	id, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, err
	}
	payload, err := encodeEnvelope(tenantID, id, t.Payload)
	if err != nil {
		return uuid.Nil, err
	}
	runAt := t.RunAt
	if runAt.IsZero() {
		runAt = time.Now()
	}
	c := tx.OutboxMessage.Create().
		SetID(id).
		SetTaskType(t.Type).
		SetQueue(t.queue()).
		SetPayload(payload).
		SetMaxRetry(t.maxRetry()).
		SetRunAt(runAt.UTC())
	if tenantID != uuid.Nil {
		c.SetTenantID(tenantID)
	}
	if err := c.Exec(ctx); err != nil {
		return uuid.Nil, fmt.Errorf("enqueue %s: %w", t.Type, err)
	}
	return id, nil
}

type outboxKey struct{}

// OutboxID returns the outbox row id of the task being handled: the idempotency key to
// give external systems (Stripe, carriers, webhooks). False for periodic tasks.
func OutboxID(ctx context.Context) (uuid.UUID, bool) {
	id, ok := ctx.Value(outboxKey{}).(uuid.UUID)
	return id, ok
}

func withOutboxID(ctx context.Context, id uuid.UUID) context.Context {
	return context.WithValue(ctx, outboxKey{}, id)
}

// IdempotencyKey returns the key for one external call of the running job, the same on
// every retry and redelivery: "<outbox id>:<purpose>" (purpose tells apart several calls
// of one job, e.g. "transfer" and "email"). Empty for a task without an outbox row.
func IdempotencyKey(ctx context.Context, purpose string) string {
	id, ok := OutboxID(ctx)
	if !ok {
		return ""
	}
	return id.String() + ":" + purpose
}

// ErrNoOutboxRow is returned by Complete for a task that has no outbox row (a periodic
// task, or a context that is not a job's).
var ErrNoOutboxRow = errors.New("jobs: task has no outbox row")

// Complete marks the running task's outbox row done inside the handler's transaction
// (UPDATE … WHERE id = ? AND done_at IS NULL). first is false when an earlier run (a
// duplicate delivery, or a worker presumed dead that finished after all) already
// completed it: the handler must then roll back and return nil. Call it in the
// transaction that carries the job's database effect, best before the effect, so that
// concurrent runs queue on the row lock instead of both doing the work. Once wraps this.
func Complete(ctx context.Context, tx *ent.Tx) (first bool, err error) {
	id, ok := OutboxID(ctx)
	if !ok {
		return false, ErrNoOutboxRow
	}
	n, err := markDone(ctx, tx.OutboxMessage, id)
	if err != nil {
		return false, fmt.Errorf("complete outbox row %s: %w", id, err)
	}
	return n == 1, nil
}

// errDuplicate rolls back Once's transaction.
var errDuplicate = errors.New("outbox row already done")

// Once runs fn in a transaction that also completes the task's outbox row, so fn's
// database effects happen exactly once per job however often the job is delivered. On a
// duplicate run fn is not called and Once returns nil.
func Once(ctx context.Context, client *ent.Client, fn func(tx *ent.Tx) error) error {
	err := db.WithTx(ctx, client, func(tx *ent.Tx) error {
		first, err := Complete(ctx, tx)
		if err != nil {
			return err
		}
		if !first {
			return errDuplicate
		}
		return fn(tx)
	})
	if errors.Is(err, errDuplicate) {
		return nil
	}
	return err
}

// markDone sets done_at on a row not yet done and clears last_error (done and empty
// last_error means success). It returns the number of rows changed, 0 or 1.
func markDone(ctx context.Context, c *ent.OutboxMessageClient, id uuid.UUID) (int, error) {
	return c.Update().
		Where(outboxNotDone(id)...).
		SetDoneAt(time.Now().UTC()).
		SetLastError("").
		Save(tenant.SystemContext(ctx, tenant.SystemJobs))
}
