package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// DistributorHub is a distributor's warehouse or cross-dock: its address, the UN/LOCODE
// of its location (in the address's country) and what it can handle.
type DistributorHub struct{ ent.Schema }

func (DistributorHub) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (DistributorHub) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("distributor_id", uuid.UUID{}).Immutable(),
		field.String("name").NotEmpty().MaxLen(200),
		field.JSON("address", schematype.PostalAddress{}),
		field.String("country").MinLen(2).MaxLen(2),
		field.String("unlocode").MinLen(5).MaxLen(5),
		// A subset of the capability enum in internal/parties (cold_chain, hazmat, …).
		field.JSON("capabilities", []string{}),
		field.Bool("active").Default(true),
	}
}

func (DistributorHub) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("distributor", Organization.Type).Field("distributor_id").Unique().Required().Immutable(),
	}
}

func (DistributorHub) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "distributor_id", "name").Unique(),
		index.Fields("tenant_id", "unlocode"),
	}
}

// ServiceRegion is a named set of countries a distributor serves, optionally from one
// of its hubs.
type ServiceRegion struct{ ent.Schema }

func (ServiceRegion) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ServiceRegion) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("distributor_id", uuid.UUID{}).Immutable(),
		field.String("name").NotEmpty().MaxLen(100),
		field.JSON("countries", []string{}),
		field.UUID("hub_id", uuid.UUID{}).Optional().Nillable(),
	}
}

func (ServiceRegion) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("distributor", Organization.Type).Field("distributor_id").Unique().Required().Immutable(),
		edge.To("hub", DistributorHub.Type).Field("hub_id").Unique(),
	}
}

func (ServiceRegion) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "distributor_id", "name").Unique(),
	}
}

// DistributorLink says a distributor serves a seller or a buyer of the marketplace.
// Kind is the other organization's kind. A link is ended, not deleted; linking the
// same pair again reactivates it, so there is one row per pair.
type DistributorLink struct{ ent.Schema }

func (DistributorLink) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (DistributorLink) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("distributor_id", uuid.UUID{}).Immutable(),
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.Enum("kind").Values("seller", "buyer").Immutable(),
		field.Enum("status").Values("active", "ended").Default("active"),
		field.UUID("created_by", uuid.UUID{}).Optional().Nillable(),
		field.Time("ended_at").Optional().Nillable(),
		field.UUID("ended_by", uuid.UUID{}).Optional().Nillable(),
	}
}

func (DistributorLink) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("distributor", Organization.Type).Field("distributor_id").Unique().Required().Immutable(),
		edge.To("organization", Organization.Type).Field("organization_id").Unique().Required().Immutable(),
	}
}

func (DistributorLink) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "distributor_id", "organization_id").Unique(),
		index.Fields("tenant_id", "organization_id", "status"),
	}
}
