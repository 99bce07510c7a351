package audit

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/auditevent"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Page sizes for List.
const (
	DefaultListLimit = 50
	MaxListLimit     = 200
)

// ListParams selects a page of a tenant's events. Pages are keyset pages on seq, so
// they stay stable while events are appended.
type ListParams struct {
	// TenantID names the tenant for system contexts; a tenant viewer lists its own.
	TenantID uuid.UUID
	// Cursor is exclusive: newest first, events with seq < Cursor (0: from the newest);
	// with Ascending, events with seq > Cursor (0: from the first).
	Cursor    int64
	Ascending bool
	// Limit is the page size, 1..MaxListLimit; 0 means DefaultListLimit.
	Limit int
	// Optional exact-match filters.
	Action      string
	Actor       string
	SubjectType string
	SubjectID   string
}

// Validate checks the page parameters.
func (p ListParams) Validate() error {
	var f problem.Fields
	if p.Cursor < 0 {
		f.Add("cursor", "must not be negative")
	}
	if p.Limit < 0 || p.Limit > MaxListLimit {
		f.Add("limit", "must be between 1 and %d", MaxListLimit)
	}
	return f.Err("invalid page parameters")
}

// Page is one page of events. NextCursor is the Cursor for the following page, 0 when
// this is the last one.
type Page struct {
	Events     []*ent.AuditEvent
	NextCursor int64
}

// List returns a page of the tenant's events, newest first unless p.Ascending.
func (l *Log) List(ctx context.Context, p ListParams) (Page, error) {
	if err := p.Validate(); err != nil {
		return Page{}, err
	}
	tid, err := resolveTenant(ctx, p.TenantID)
	if err != nil {
		return Page{}, err
	}
	limit := p.Limit
	if limit == 0 {
		limit = DefaultListLimit
	}
	// The tenant predicate is explicit for system contexts, which the privacy filter
	// does not scope; for tenant viewers it repeats the filter.
	q := l.client.AuditEvent.Query().Where(auditevent.TenantID(tid))
	switch {
	case p.Ascending:
		q.Where(auditevent.SeqGT(p.Cursor)).Order(auditevent.BySeq())
	case p.Cursor > 0:
		q.Where(auditevent.SeqLT(p.Cursor)).Order(auditevent.BySeq(sql.OrderDesc()))
	default:
		q.Order(auditevent.BySeq(sql.OrderDesc()))
	}
	if p.Action != "" {
		q.Where(auditevent.Action(p.Action))
	}
	if p.Actor != "" {
		q.Where(auditevent.Actor(p.Actor))
	}
	if p.SubjectType != "" {
		q.Where(auditevent.SubjectType(p.SubjectType))
	}
	if p.SubjectID != "" {
		q.Where(auditevent.SubjectID(p.SubjectID))
	}
	events, err := q.Limit(limit + 1).All(ctx)
	if err != nil {
		return Page{}, fmt.Errorf("audit: list events: %w", err)
	}
	page := Page{Events: events}
	if len(events) > limit {
		page.Events = events[:limit]
		page.NextCursor = page.Events[limit-1].Seq
	}
	return page, nil
}
