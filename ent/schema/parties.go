package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"
)

// OnboardingDocument is a file an organization uploads for its onboarding review
// (certificate of incorporation, export licence, bank letter, …). The bytes live in the
// blob store under BlobKey; the row records what was uploaded, by whom, and its SHA-256.
type OnboardingDocument struct{ ent.Schema }

func (OnboardingDocument) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (OnboardingDocument) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.String("doc_type").NotEmpty().MaxLen(64).Immutable(),
		field.String("filename").NotEmpty().MaxLen(255).Immutable(),
		field.String("content_type").NotEmpty().MaxLen(100).Immutable(),
		field.Int64("size").NonNegative().Immutable(),
		field.String("sha256").MinLen(64).MaxLen(64).Immutable(),
		field.String("blob_key").NotEmpty().MaxLen(512).Immutable(),
		field.UUID("uploaded_by", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

func (OnboardingDocument) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("organization", Organization.Type).Ref("documents").Field("organization_id").
			Unique().Required().Immutable(),
	}
}

func (OnboardingDocument) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "organization_id", "doc_type")}
}

// Invitation brings a new organization into a marketplace by email (closed portals:
// the operator; distributor-led: the operator or a distributor for its buyers). The
// token exists only in the email; the row keeps its SHA-256, set when the email is sent.
// Accepting creates the organization, the user and the admin membership.
type Invitation struct{ ent.Schema }

func (Invitation) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Invitation) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Match(emailRE).Immutable(),
		field.Enum("kind").Values("seller", "buyer", "distributor").Immutable(),
		field.String("legal_name").NotEmpty().MaxLen(300).Immutable(),
		field.String("country").MinLen(2).MaxLen(2).Immutable(),
		// The organization that invites (the operator, or a distributor) and the user.
		field.UUID("inviter_org_id", uuid.UUID{}).Immutable(),
		field.UUID("invited_by_user", uuid.UUID{}).Optional().Nillable().Immutable(),
		field.Bytes("token_hash").Optional().Nillable().Unique().Sensitive(),
		field.Time("expires_at"),
		field.Time("sent_at").Optional().Nillable(),
		field.Time("accepted_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		// The organization created on acceptance.
		field.UUID("organization_id", uuid.UUID{}).Optional().Nillable(),
	}
}

func (Invitation) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("inviter", Organization.Type).Field("inviter_org_id").Unique().Required().Immutable(),
		edge.To("organization", Organization.Type).Field("organization_id").Unique(),
	}
}

func (Invitation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "email"),
		index.Fields("tenant_id", "inviter_org_id", "created_at"),
	}
}
