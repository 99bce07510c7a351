package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// screeningStatuses are the outcomes a compliance screening records on a subject;
// "unscreened" until the compliance engine has looked at it (and again after the
// subject's name or address changed).
var screeningStatuses = []string{"unscreened", "pending", "clear", "potential_match", "blocked"}

// Consignee is a ship-to party of a buyer organization: who receives the goods, where,
// whom to call, and the end user of the goods (the consignee itself or another party)
// with the end use. Consignee and end user are compliance-screening subjects: each has
// its screening status, reset to unscreened whenever its identity changes. Country and
// the end user's country are columns (not only inside the address) so screening and
// export-control queries can filter on them.
type Consignee struct{ ent.Schema }

func (Consignee) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Consignee) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.String("name").NotEmpty().MaxLen(200),
		field.JSON("address", schematype.PostalAddress{}),
		field.String("country").MinLen(2).MaxLen(2),
		field.String("contact_name").MaxLen(200).Default(""),
		field.String("contact_email").MaxLen(254).Default(""),
		field.String("contact_phone").MaxLen(32).Default(""),
		field.Bool("end_user_is_consignee").Default(true),
		field.String("end_user_name").NotEmpty().MaxLen(200),
		field.String("end_user_country").MinLen(2).MaxLen(2),
		field.JSON("end_user_address", schematype.PostalAddress{}),
		field.String("end_use").NotEmpty().MaxLen(2000),
		field.String("industry").NotEmpty().MaxLen(40),
		field.Enum("status").Values("active", "archived").Default("active"),
		field.Enum("screening_status").Values(screeningStatuses...).Default("unscreened"),
		field.Enum("end_user_screening_status").Values(screeningStatuses...).Default("unscreened"),
	}
}

func (Consignee) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("organization", Organization.Type).Field("organization_id").Unique().Required().Immutable(),
	}
}

func (Consignee) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "organization_id", "status"),
		index.Fields("tenant_id", "screening_status"),
	}
}
