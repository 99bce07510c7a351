package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/privacy"
	"github.com/manifoldhq/manifold/internal/platform/tenant/rule"
)

// PlatformAdmin operates the platform itself (all tenants). Global by nature.
type PlatformAdmin struct{ ent.Schema }

func (PlatformAdmin) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (PlatformAdmin) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").Unique().NotEmpty().MaxLen(254).Match(emailRE),
		field.String("name").MaxLen(200).Default(""),
		field.String("password_hash").Sensitive(),
		field.Bool("disabled").Default(false),
	}
}

func (PlatformAdmin) Edges() []ent.Edge {
	return []ent.Edge{edge.To("sessions", PlatformSession.Type)}
}

func (PlatformAdmin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}

// PlatformSession is a bearer session of a platform admin. Global: it is resolved from
// the token before any tenant is known.
type PlatformSession struct{ ent.Schema }

func (PlatformSession) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (PlatformSession) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("admin_id", uuid.UUID{}).Immutable(),
		field.Bytes("token_hash").Unique().Immutable().Sensitive(),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

func (PlatformSession) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("admin", PlatformAdmin.Type).Ref("sessions").Field("admin_id").Unique().Required().Immutable(),
	}
}

func (PlatformSession) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}

// OutboxMessage is a job to enqueue, written in the same transaction as the state
// change that implies it. Global: the relay drains every tenant's rows; the payload
// carries the tenant. Tenant principals may only create rows (stamped with their tenant).
type OutboxMessage struct{ ent.Schema }

func (OutboxMessage) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (OutboxMessage) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("tenant_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("task_type").NotEmpty().Immutable(),
		field.String("queue").NotEmpty().Immutable(),
		field.Bytes("payload").Immutable(),
		field.Int("max_retry").Default(25).Immutable(),
		field.Time("run_at").Default(Now),
		field.Int("enqueues").Default(0),
		field.Time("enqueued_at").Optional().Nillable(),
		field.Time("done_at").Optional().Nillable(),
		field.String("last_error").Default("").MaxLen(2000),
	}
}

func (OutboxMessage) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("done_at", "enqueued_at", "run_at"),
	}
}

func (OutboxMessage) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.SystemOnly()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.AllowTenantCreateOnly()},
	}
}
