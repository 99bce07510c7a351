package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"

	"github.com/manifoldhq/manifold/internal/platform/tenant/rule"
)

// PolicyRule is one casbin rule of one tenant (p: role, tenant, resource, action;
// g: role, parent role, tenant). The tenant's enforcer loads only its own rules.
type PolicyRule struct{ ent.Schema }

func (PolicyRule) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (PolicyRule) Fields() []ent.Field {
	return []ent.Field{
		field.String("ptype").NotEmpty().MaxLen(8),
		field.String("v0").Default("").MaxLen(100),
		field.String("v1").Default("").MaxLen(100),
		field.String("v2").Default("").MaxLen(100),
		field.String("v3").Default("").MaxLen(100),
		field.String("v4").Default("").MaxLen(100),
		field.String("v5").Default("").MaxLen(100),
	}
}

func (PolicyRule) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "ptype", "v0", "v1", "v2", "v3", "v4", "v5").Unique()}
}

// AuditEvent is one entry of a tenant's append-only, hash-chained audit trail.
type AuditEvent struct{ ent.Schema }

func (AuditEvent) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (AuditEvent) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Immutable(),
		field.String("actor").NotEmpty().Immutable(),
		field.String("action").NotEmpty().Immutable(),
		field.String("subject_type").Default("").Immutable(),
		field.String("subject_id").Default("").Immutable(),
		field.Bytes("before").Optional().Immutable(),
		field.Bytes("after").Optional().Immutable(),
		field.String("request_id").Default("").Immutable(),
		field.String("prev_hash").Immutable(),
		field.String("hash").Immutable(),
	}
}

func (AuditEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "seq").Unique()}
}

func (AuditEvent) Hooks() []ent.Hook { return []ent.Hook{rule.AppendOnly()} }

// IdempotencyRecord stores the outcome of a mutation sent with an Idempotency-Key, so a
// retry replays it instead of doing the work twice (Stripe's semantics, 24 h).
type IdempotencyRecord struct{ ent.Schema }

func (IdempotencyRecord) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (IdempotencyRecord) Fields() []ent.Field {
	return []ent.Field{
		field.String("principal").NotEmpty().Immutable(),
		field.String("key").NotEmpty().MaxLen(255).Immutable(),
		field.String("method").Immutable(),
		field.String("path").Immutable(),
		field.Bytes("request_hash").Immutable(),
		field.Bool("completed").Default(false),
		field.Int("response_status").Default(0),
		field.String("response_content_type").Default(""),
		field.Bytes("response_body").Optional(),
		// The response headers that describe the result (idempotency.ReplayedHeaders).
		field.JSON("response_headers", map[string][]string{}).Optional(),
		field.Time("locked_until"),
		field.Time("expires_at").Immutable(),
	}
}

func (IdempotencyRecord) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "principal", "key").Unique(),
		index.Fields("expires_at"),
	}
}
