package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// Licence is a seller's export licence: the regime that issued it, the classifications
// and destinations it covers, optional value and quantity caps and how much of them
// orders have used, and its validity. Its status (active, expired, exhausted) is
// derived, never stored. Quantities are int64 thousandths of qty_unit
// (pricing.Quantity); money is minor units of value_currency.
type Licence struct{ ent.Schema }

func (Licence) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Licence) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("holder_id", uuid.UUID{}).Immutable(),
		field.Enum("regime").Values("us_ear", "eu_dual_use", "national"),
		field.String("number").NotEmpty().MaxLen(100),
		field.String("issuing_authority").NotEmpty().MaxLen(200),
		field.JSON("classifications", []string{}),
		field.JSON("destinations", []string{}),
		// Value cap in minor units of value_currency; nil means no cap.
		field.Int64("value_cap").Optional().Nillable().Positive(),
		field.String("value_currency").MaxLen(3).Default(""),
		field.Int64("value_used").NonNegative().Default(0),
		// Quantity cap in thousandths of qty_unit (UN/ECE Rec 20); nil means no cap.
		field.Int64("qty_cap").Optional().Nillable().Positive(),
		field.String("qty_unit").MaxLen(3).Default(""),
		field.Int64("qty_used").NonNegative().Default(0),
		field.Time("valid_from"),
		field.Time("valid_to"),
		// An onboarding document of the holder (the licence's scan).
		field.UUID("document_id", uuid.UUID{}).Optional().Nillable(),
	}
}

func (Licence) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("holder", Organization.Type).Field("holder_id").Unique().Required().Immutable(),
	}
}

func (Licence) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "holder_id", "regime", "number").Unique(),
	}
}

// EndUseStatement is a buyer's signed declaration of who uses the goods, for what and
// where, with the declarations export control asks for. The compliance checks read it.
type EndUseStatement struct{ ent.Schema }

func (EndUseStatement) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (EndUseStatement) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("holder_id", uuid.UUID{}).Immutable(),
		field.String("end_user_name").NotEmpty().MaxLen(200),
		field.String("end_use").NotEmpty().MaxLen(4000),
		field.String("country").MaxLen(2).NotEmpty(),
		field.String("consignee_name").MaxLen(200).Default(""),
		field.JSON("classifications", []string{}).Optional(),
		field.JSON("product_ids", []uuid.UUID{}).Optional(),
		field.String("signed_by").NotEmpty().MaxLen(200),
		field.Time("signed_at"),
		field.Time("valid_to"),
		field.JSON("declarations", schematype.EndUseDeclarations{}),
	}
}

func (EndUseStatement) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("holder", Organization.Type).Field("holder_id").Unique().Required().Immutable(),
	}
}

func (EndUseStatement) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "holder_id"),
	}
}
