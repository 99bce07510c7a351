package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// ComplianceCheck is one screening of one subject (an organization, a consignee, an end
// user, an order line) of one kind, with the list versions it used, what matched, its
// outcome, and the compliance officer's review. Checks are never edited except to
// record the review; a rescreen is a new check.
type ComplianceCheck struct{ ent.Schema }

func (ComplianceCheck) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ComplianceCheck) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("subject_type").Values("organization", "consignee", "end_user", "order", "order_line", "adhoc").Immutable(),
		field.UUID("subject_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		// The order the check was made for (its party, line and red-flag checks); the
		// order's compliance outcome is read from them.
		field.UUID("order_id", uuid.UUID{}).Optional().Nillable().Immutable(),
		// What was screened, as screened (the subject may change later).
		field.String("subject_name").NotEmpty().MaxLen(1000).Immutable(),
		field.String("subject_country").MaxLen(2).Default("").Immutable(),
		// The kind (individual, entity, …) and birth date screened with the name, "" when
		// not given.
		field.String("subject_kind").MaxLen(20).Default("").Immutable(),
		field.String("subject_birth_date").MaxLen(10).Default("").Immutable(),
		field.Enum("kind").Values("sanctions", "export_control", "red_flags").Immutable(),
		// List id → version (and content hash) the screening used.
		field.JSON("list_versions", map[string]string{}).Immutable(),
		field.JSON("matches", []schematype.CheckMatch{}).Immutable(),
		// Matches dropped because an officer cleared them for this subject before.
		field.Int("suppressed").NonNegative().Default(0).Immutable(),
		// Export-control determinations and red flags: what was decided and why.
		field.JSON("details", schematype.CheckDetails{}).Optional().Immutable(),
		field.Enum("outcome").Values("clear", "potential_match", "licence_required", "blocked").Immutable(),
		field.Enum("status").Values("open", "closed").Default("open"),
		field.Enum("decision").Values("none", "false_positive", "confirmed").Default("none"),
		field.UUID("reviewed_by", uuid.UUID{}).Optional().Nillable(),
		field.Time("reviewed_at").Optional().Nillable(),
		field.String("review_reason").MaxLen(2000).Default(""),
	}
}

func (ComplianceCheck) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "status", "created_at"),
		index.Fields("tenant_id", "subject_type", "subject_id"),
		index.Fields("tenant_id", "order_id"),
	}
}

// ScreeningSuppression records that an officer cleared one list entry as a false
// positive for one subject: later screenings of that subject drop the match while the
// entry is unchanged (EntryHash); a changed entry matches again.
type ScreeningSuppression struct{ ent.Schema }

func (ScreeningSuppression) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (ScreeningSuppression) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("subject_type").Values("organization", "consignee", "end_user", "order", "order_line", "adhoc").Immutable(),
		field.UUID("subject_id", uuid.UUID{}).Immutable(),
		field.String("list").NotEmpty().MaxLen(64).Immutable(),
		field.String("entity_id").NotEmpty().MaxLen(128).Immutable(),
		field.String("entry_hash").NotEmpty().MaxLen(64).Immutable(),
		field.UUID("check_id", uuid.UUID{}).Immutable(),
		field.UUID("cleared_by", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.String("reason").NotEmpty().MaxLen(2000).Immutable(),
	}
}

func (ScreeningSuppression) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "subject_type", "subject_id", "list", "entity_id", "entry_hash").Unique(),
	}
}
