// Package audit keeps each tenant's append-only audit trail as a hash chain: every event
// hashes its predecessor, the tenant row holds the head, and Verify detects edited,
// deleted and reordered events as well as a truncated tail.
package audit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ErrNoTenant is returned when neither the viewer nor the call names a tenant.
var ErrNoTenant = errors.New("audit: no tenant: the viewer has none and none was given")

// ErrHeadMoved is returned when the chain head changed under a held lock; it means the
// lock did not serialise appends (a bug or a caller's unusual isolation level).
var ErrHeadMoved = errors.New("audit: chain head moved during append")

// Log appends to and verifies tenants' audit chains.
type Log struct {
	client    *ent.Client
	dialect   string
	batch     int
	now       func() time.Time
	requestID func(context.Context) string
}

// Option configures a Log.
type Option func(*Log)

// WithBatchSize sets how many events Verify loads per query (default 500).
func WithBatchSize(n int) Option {
	return func(l *Log) {
		if n > 0 {
			l.batch = n
		}
	}
}

// WithRequestID sets how Record finds the request id in a context (httpx's request-id
// middleware owns that key; audit does not import it).
func WithRequestID(fn func(context.Context) string) Option {
	return func(l *Log) { l.requestID = fn }
}

// WithClock replaces time.Now (tests).
func WithClock(now func() time.Time) Option {
	return func(l *Log) { l.now = now }
}

// New returns a Log on client. dialect is db.DB.Dialect: it decides how the chain head
// is locked (FOR UPDATE on PostgreSQL; SQLite's write transaction already serialises).
func New(client *ent.Client, dialect string, opts ...Option) *Log {
	l := &Log{client: client, dialect: dialect, batch: 500, now: time.Now}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Event is what a caller records. Before and After are marshalled to canonical JSON
// (sorted keys, no insignificant whitespace); nil or JSON null means absent.
type Event struct {
	Action      string
	SubjectType string
	SubjectID   string
	Before      any
	After       any
	RequestID   string
	// TenantID names the chain for system contexts, which have no tenant of their own.
	// With a tenant viewer it must be empty or the viewer's tenant.
	TenantID uuid.UUID
}

// Validate checks the fields a caller must fill.
func (e Event) Validate() error {
	var f problem.Fields
	if e.Action == "" {
		f.Add("action", "required")
	}
	return f.Err("invalid audit event")
}

// Append records e in tx, the caller's transaction, so the event commits or rolls back
// with the change it describes. It locks the tenant's chain head (the tenant row) until
// tx ends, so appends in one tenant serialise: call it last in the transaction to hold
// the lock briefly.
func (l *Log) Append(ctx context.Context, tx *ent.Tx, e Event) (*ent.AuditEvent, error) {
	if tx == nil {
		return nil, errors.New("audit: Append needs a transaction")
	}
	if err := e.Validate(); err != nil {
		return nil, err
	}
	tid, err := resolveTenant(ctx, e.TenantID)
	if err != nil {
		return nil, err
	}
	before, err := canonicalJSON(e.Before)
	if err != nil {
		return nil, fmt.Errorf("audit: before: %w", err)
	}
	after, err := canonicalJSON(e.After)
	if err != nil {
		return nil, fmt.Errorf("audit: after: %w", err)
	}

	// The tenant row is global and only system contexts may write it; the tenant was
	// authorised above, and every statement below names it by id.
	sys := tenant.SystemContext(ctx, tenant.SystemAudit)
	// FOR NO KEY UPDATE, not FOR UPDATE: the chain head is non-key columns, and rows of
	// the tenant written earlier in the same transaction hold FOR KEY SHARE on it through
	// their foreign key. FOR UPDATE would conflict with another transaction's KEY SHARE
	// and deadlock two writers of one tenant; NO KEY UPDATE only queues them.
	q := tx.Tenant.Query().Where(enttenant.ID(tid))
	var head *ent.Tenant
	if l.dialect == dialect.Postgres {
		head, err = q.Modify(func(s *entsql.Selector) { s.For(entsql.LockNoKeyUpdate) }).Only(sys)
	} else {
		head, err = q.Only(sys)
	}
	if ent.IsNotFound(err) {
		return nil, problem.NotFound("tenant not found")
	}
	if err != nil {
		return nil, fmt.Errorf("audit: lock chain head: %w", err)
	}

	// Taken after the lock, so created_at follows seq within a tenant.
	now := l.now().UTC().Truncate(time.Microsecond)
	ev := &ent.AuditEvent{
		ID:          uuid.Must(uuid.NewV7()),
		CreatedAt:   now,
		TenantID:    tid,
		Seq:         head.AuditSeq + 1,
		Actor:       tenant.FromContext(ctx).Actor(),
		Action:      e.Action,
		SubjectType: e.SubjectType,
		SubjectID:   e.SubjectID,
		Before:      before,
		After:       after,
		RequestID:   e.RequestID,
		PrevHash:    head.AuditHead,
	}
	ev.Hash = computeHash(ev)

	create := tx.AuditEvent.Create().
		SetID(ev.ID).SetCreatedAt(now).SetUpdatedAt(now).
		SetTenantID(tid).SetSeq(ev.Seq).SetActor(ev.Actor).SetAction(ev.Action).
		SetSubjectType(ev.SubjectType).SetSubjectID(ev.SubjectID).
		SetRequestID(ev.RequestID).SetPrevHash(ev.PrevHash).SetHash(ev.Hash)
	if ev.Before != nil {
		create.SetBefore(ev.Before)
	}
	if ev.After != nil {
		create.SetAfter(ev.After)
	}
	created, err := create.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("audit: insert event: %w", err)
	}

	// Guarded by the old head as well as the lock. updated_at is kept: an audit append
	// is not an edit of the tenant, and must not change its ETag.
	n, err := tx.Tenant.Update().
		Where(enttenant.ID(tid), enttenant.AuditSeq(head.AuditSeq), enttenant.AuditHead(head.AuditHead)).
		SetAuditSeq(ev.Seq).SetAuditHead(ev.Hash).SetUpdatedAt(head.UpdatedAt).
		Save(sys)
	if err != nil {
		return nil, fmt.Errorf("audit: advance chain head: %w", err)
	}
	if n != 1 {
		return nil, ErrHeadMoved
	}
	return created, nil
}

// Record is Append with positional arguments and the request id taken from ctx (see
// WithRequestID); it satisfies the small Auditor interfaces domain services declare.
func (l *Log) Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error {
	e := Event{Action: action, SubjectType: subjectType, SubjectID: subjectID, Before: before, After: after}
	if l.requestID != nil {
		e.RequestID = l.requestID(ctx)
	}
	_, err := l.Append(ctx, tx, e)
	return err
}

// resolveTenant picks the chain a call works on: the viewer's tenant, or for a system
// context the explicit one. Another tenant's id answers not found.
func resolveTenant(ctx context.Context, explicit uuid.UUID) (uuid.UUID, error) {
	v := tenant.FromContext(ctx)
	switch {
	case v.HasTenant():
		if explicit != uuid.Nil && explicit != v.TenantID {
			return uuid.Nil, problem.NotFound("tenant not found")
		}
		return v.TenantID, nil
	case v != nil && v.System != "":
		if explicit == uuid.Nil {
			return uuid.Nil, ErrNoTenant
		}
		return explicit, nil
	}
	return uuid.Nil, ErrNoTenant
}
