package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// Offer is a seller's terms for one of its products: validity, quantities, lead time,
// Incoterms, who may see it and its price lists. Quantities are int64 thousandths of
// the product unit (pricing.Quantity). Price lists are a JSON column: they are always
// read, validated (pricing.Offer.Validate checks them against each other and the offer)
// and replaced with the offer, never addressed on their own; search indexes what it
// needs from them.
type Offer struct{ ent.Schema }

func (Offer) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Offer) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("seller_id", uuid.UUID{}).Immutable(),
		field.UUID("product_id", uuid.UUID{}).Immutable(),
		field.Bool("active").Default(true),
		field.Time("valid_from").Optional().Nillable(),
		field.Time("valid_to").Optional().Nillable(),
		field.Int64("moq").Positive(),
		field.Int64("increment").Positive(),
		field.Int64("max_qty").Optional().Nillable().Positive(),
		field.Int("lead_time_days").NonNegative().Default(0),
		field.JSON("incoterms", []string{}),
		field.Enum("visibility").Values("all_buyers", "invited_buyers", "buyer_groups").Default("all_buyers"),
		// Ids of BuyerGroups (the seller's own or the operator's) and of buyer
		// organizations; checked by the catalog service when saved. A group deleted
		// later simply matches nobody: visibility fails closed.
		field.JSON("buyer_group_ids", []uuid.UUID{}).Optional(),
		field.JSON("invited_buyer_ids", []uuid.UUID{}).Optional(),
		field.JSON("price_lists", []schematype.PriceList{}),
	}
}

func (Offer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("seller", Organization.Type).Field("seller_id").Unique().Required().Immutable(),
		edge.To("product", Product.Type).Field("product_id").Unique().Required().Immutable(),
	}
}

func (Offer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "product_id"),
		index.Fields("tenant_id", "seller_id"),
	}
}

// BuyerGroup is a named set of buyer organizations that offers can be shown to and
// priced for. A seller keeps its own groups (key accounts, distributors of a region);
// the operator keeps marketplace-wide ones every seller may use (verified pharma
// buyers). Members see which groups they are in, never the other members.
type BuyerGroup struct{ ent.Schema }

func (BuyerGroup) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (BuyerGroup) Fields() []ent.Field {
	return []ent.Field{
		// The seller or operator organization that manages the group.
		field.UUID("owner_id", uuid.UUID{}).Immutable(),
		field.String("name").NotEmpty().MaxLen(200),
		field.String("description").MaxLen(2000).Default(""),
	}
}

func (BuyerGroup) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("owner", Organization.Type).Field("owner_id").Unique().Required().Immutable(),
		edge.To("members", Organization.Type),
	}
}

func (BuyerGroup) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "owner_id", "name").Unique(),
	}
}
