package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent/schematype"
)

// Roles of DESIGN.md §3 that memberships and API keys may carry (platform_admin is a
// separate principal, not a membership role).
var membershipRoles = []string{
	"marketplace_admin", "compliance_officer", "ops_agent",
	"seller_admin", "seller_catalog", "seller_ops",
	"buyer_admin", "buyer_purchaser", "buyer_approver",
	"distributor_admin", "distributor_ops",
}

// User is a person who logs in to one tenant.
type User struct{ ent.Schema }

func (User) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (User) Fields() []ent.Field {
	return []ent.Field{
		field.String("email").NotEmpty().MaxLen(254).Match(emailRE),
		field.String("name").MaxLen(200).Default(""),
		field.String("password_hash").Sensitive(),
		field.Bool("disabled").Default(false),
		field.Time("last_login_at").Optional().Nillable(),
	}
}

func (User) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("memberships", Membership.Type),
		edge.To("sessions", Session.Type),
	}
}

func (User) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "email").Unique()}
}

// Organization is a company inside a marketplace: seller, buyer, distributor or the
// operator itself, with its company data and where it stands in onboarding (see
// internal/parties for the state machine).
type Organization struct{ ent.Schema }

func (Organization) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Organization) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("kind").Values("seller", "buyer", "distributor", "operator").Immutable(),
		field.String("legal_name").NotEmpty().MaxLen(300),
		field.String("country").MinLen(2).MaxLen(2),
		field.String("vat_number").Optional().MaxLen(20),
		field.String("eori").Optional().MaxLen(17),
		field.String("lei").Optional().MaxLen(20),
		field.String("registration_number").Optional().MaxLen(50),
		field.Enum("onboarding_status").
			Values("draft", "submitted", "screening", "approved", "needs_info", "rejected", "blocked").
			Default("draft"),
		field.Enum("screening_status").Values("not_screened", "pending", "clear", "potential_match", "blocked").
			Default("not_screened"),
		field.String("stripe_account_id").Optional().MaxLen(64),
		field.Bool("invited").Default(false),
		field.JSON("addresses", []schematype.Address{}).Optional(),
		// Beneficial owners as declared; screened with the organization.
		field.JSON("beneficial_owners", []schematype.BeneficialOwner{}).Optional(),
		// Bank reference for payouts and refunds (sellers; distributors that invoice).
		field.String("bank_iban").Optional().MaxLen(34),
		// The reason given with the latest needs_info, rejected or blocked decision.
		field.String("status_reason").Optional().MaxLen(2000),
		// The latest screening note (the Screener's detail or the compliance officer's
		// reason); for operator staff only.
		field.String("screening_note").Optional().MaxLen(2000),
		field.Time("submitted_at").Optional().Nillable(),
		field.Time("decided_at").Optional().Nillable(),
		field.Time("screened_at").Optional().Nillable(),
		// The organization whose invitation brought this one in (operator or distributor).
		field.UUID("invited_by", uuid.UUID{}).Optional().Nillable().Immutable(),
	}
}

func (Organization) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("memberships", Membership.Type),
		edge.To("documents", OnboardingDocument.Type),
		// Buyer groups the (buyer) organization is a member of.
		edge.From("buyer_groups", BuyerGroup.Type).Ref("members"),
	}
}

func (Organization) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("tenant_id", "kind", "legal_name"),
		index.Fields("tenant_id", "onboarding_status", "screening_status"),
	}
}

// Membership gives a user one role in one organization.
type Membership struct{ ent.Schema }

func (Membership) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Membership) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("user_id", uuid.UUID{}).Immutable(),
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.Enum("role").Values(membershipRoles...),
	}
}

func (Membership) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("memberships").Field("user_id").Unique().Required().Immutable(),
		edge.From("organization", Organization.Type).Ref("memberships").Field("organization_id").Unique().Required().Immutable(),
	}
}

func (Membership) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "user_id", "organization_id").Unique()}
}

// Session is a user's bearer token, stored as its sha256.
type Session struct{ ent.Schema }

func (Session) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.UUID("user_id", uuid.UUID{}).Immutable(),
		field.Bytes("token_hash").Unique().Immutable().Sensitive(),
		field.Time("expires_at"),
		field.Time("revoked_at").Optional().Nillable(),
		field.String("ip").Default("").MaxLen(64),
		field.String("user_agent").Default("").MaxLen(300),
	}
}

func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("user", User.Type).Ref("sessions").Field("user_id").Unique().Required().Immutable(),
	}
}

func (Session) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "user_id", "expires_at")}
}

// APIKey is a machine client's credential: shown once, stored hashed, scoped to one
// organization and role.
type APIKey struct{ ent.Schema }

func (APIKey) Mixin() []ent.Mixin { return []ent.Mixin{BaseMixin{}, TenantMixin{}} }

func (APIKey) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").NotEmpty().MaxLen(100),
		field.String("prefix").Unique().Immutable(),
		field.Bytes("key_hash").Unique().Immutable().Sensitive(),
		field.UUID("organization_id", uuid.UUID{}).Immutable(),
		field.Enum("role").Values(membershipRoles...).Immutable(),
		field.UUID("created_by", uuid.UUID{}).Immutable(),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
	}
}

func (APIKey) Indexes() []ent.Index {
	return []ent.Index{index.Fields("tenant_id", "organization_id")}
}
