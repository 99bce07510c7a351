// Package schema declares Manifold's ent schemas: one file per aggregate, plus the
// mixins every entity shares (ids, times, tenancy).
package schema

import (
	"time"

	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"entgo.io/ent/schema/mixin"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/privacy"
	"github.com/manifoldhq/manifold/internal/platform/tenant/rule"
)

// NewID returns a UUIDv7: time-ordered, so primary-key indexes stay append-mostly.
func NewID() uuid.UUID { return uuid.Must(uuid.NewV7()) }

// Now returns the current time in UTC; every stored time is UTC.
func Now() time.Time { return time.Now().UTC() }

// BaseMixin gives an entity a UUIDv7 id and UTC created/updated times.
type BaseMixin struct{ mixin.Schema }

func (BaseMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("id", uuid.UUID{}).Default(NewID).Immutable(),
		field.Time("created_at").Default(Now).Immutable(),
		field.Time("updated_at").Default(Now).UpdateDefault(Now),
	}
}

// TenantMixin marks an entity as tenant-owned: an immutable tenant_id stamped from the
// viewer on create, and a privacy filter that scopes every query and mutation to the
// viewer's tenant. Indexes of tenant-owned entities lead with tenant_id.
type TenantMixin struct{ mixin.Schema }

func (TenantMixin) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("tenant_id", uuid.UUID{}).Immutable(),
	}
}

func (TenantMixin) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tenant", Tenant.Type).Field("tenant_id").Unique().Required().Immutable(),
	}
}

func (TenantMixin) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "created_at")}
}

func (TenantMixin) Hooks() []ent.Hook { return []ent.Hook{rule.StampTenant()} }

func (TenantMixin) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.FilterTenant()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.FilterTenant()},
	}
}

// IsTenantOwned is how the schema-coverage test recognises the mixin.
func (TenantMixin) IsTenantOwned() bool { return true }
