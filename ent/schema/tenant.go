package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"

	"github.com/manifoldhq/manifold/ent/privacy"
	"github.com/manifoldhq/manifold/internal/platform/tenant/rule"
)

// Tenant is one marketplace operator. It is the root of tenancy, so it is global.
type Tenant struct{ ent.Schema }

func (Tenant) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}} }

func (Tenant) Fields() []ent.Field {
	return []ent.Field{
		field.String("slug").Unique().NotEmpty().MaxLen(63).
			Match(slugRE),
		field.String("name").NotEmpty().MaxLen(200),
		field.Enum("model").Values("closed_portal", "curated", "distributor_led"),
		field.String("default_currency").MinLen(3).MaxLen(3),
		field.Int("commission_bps").Default(0).Min(0).Max(10000),
		field.Enum("compliance_level").Values("standard", "heightened").Default("standard"),
		field.JSON("settings", map[string]any{}).Optional(),
		field.Bool("disabled").Default(false),
		// Head of the audit hash chain: deleting the newest event is detectable too.
		field.Int64("audit_seq").Default(0),
		field.String("audit_head").Default(""),
	}
}

func (Tenant) Policy() ent.Policy {
	return privacy.Policy{
		Query:    privacy.QueryPolicy{rule.AllowSystem(), rule.FilterOwnTenant()},
		Mutation: privacy.MutationPolicy{rule.AllowSystem(), rule.SystemOnly()},
	}
}
