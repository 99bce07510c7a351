// Package tenant carries who is acting (the viewer) through a context, so that the data
// layer, not the caller, scopes every query to one marketplace.
package tenant

import (
	"context"
	"slices"

	"github.com/google/uuid"
)

// Model is a marketplace model; it selects the policy pack a tenant starts with.
type Model string

const (
	ModelClosedPortal   Model = "closed_portal"
	ModelCurated        Model = "curated"
	ModelDistributorLed Model = "distributor_led"
)

// Models lists every marketplace model in a stable order.
var Models = []Model{ModelClosedPortal, ModelCurated, ModelDistributorLed}

// ParseModel returns the model named s or false.
func ParseModel(s string) (Model, bool) {
	m := Model(s)
	return m, slices.Contains(Models, m)
}

func (m Model) String() string { return string(m) }

// Grant is one role a viewer holds in one organization of its tenant.
type Grant struct {
	OrganizationID uuid.UUID `json:"organization_id"`
	Role           string    `json:"role"`
}

// Viewer is the actor of a request or job. Exactly one of three shapes:
// a tenant principal (TenantID set), a platform admin, or the system.
type Viewer struct {
	TenantID      uuid.UUID
	TenantSlug    string
	Model         Model
	UserID        uuid.UUID // zero for API keys
	APIKeyID      uuid.UUID // zero for users
	Grants        []Grant
	PlatformAdmin bool
	System        string // non-empty: named system context (why it bypasses tenancy)
}

// HasTenant reports whether the viewer acts inside one tenant.
func (v *Viewer) HasTenant() bool { return v != nil && v.TenantID != uuid.Nil }

// Roles returns the distinct role names the viewer holds.
func (v *Viewer) Roles() []string {
	if v == nil {
		return nil
	}
	out := make([]string, 0, len(v.Grants))
	for _, g := range v.Grants {
		if !slices.Contains(out, g.Role) {
			out = append(out, g.Role)
		}
	}
	return out
}

// OperatorRoles are the roles of the marketplace operator's staff (DESIGN.md §3).
var OperatorRoles = []string{"marketplace_admin", "compliance_officer", "ops_agent"}

// IsOperatorStaff reports whether the viewer works for the marketplace operator; staff
// see every organization and product of their marketplace.
func (v *Viewer) IsOperatorStaff() bool {
	return slices.ContainsFunc(v.Roles(), func(r string) bool { return slices.Contains(OperatorRoles, r) })
}

// OrganizationIDs returns the distinct organizations the viewer acts for.
func (v *Viewer) OrganizationIDs() []uuid.UUID {
	return v.OrganizationsWhere(func(string) bool { return true })
}

// OrganizationsWhere returns the distinct organizations in which the viewer holds a role
// that role accepts (empty, or nil for a nil viewer, when none).
func (v *Viewer) OrganizationsWhere(role func(string) bool) []uuid.UUID {
	if v == nil {
		return nil
	}
	out := make([]uuid.UUID, 0, len(v.Grants))
	for _, g := range v.Grants {
		if role(g.Role) && !slices.Contains(out, g.OrganizationID) {
			out = append(out, g.OrganizationID)
		}
	}
	return out
}

// Actor is a short stable description of the viewer for audit and logs.
func (v *Viewer) Actor() string {
	switch {
	case v == nil:
		return "anonymous"
	case v.System != "":
		return "system:" + v.System
	case v.UserID != uuid.Nil:
		return "user:" + v.UserID.String()
	case v.APIKeyID != uuid.Nil:
		return "api_key:" + v.APIKeyID.String()
	case v.PlatformAdmin:
		return "platform_admin"
	}
	return "anonymous"
}

type ctxKey struct{}

// NewContext returns ctx carrying v.
func NewContext(ctx context.Context, v *Viewer) context.Context {
	return context.WithValue(ctx, ctxKey{}, v)
}

// FromContext returns the viewer in ctx or nil.
func FromContext(ctx context.Context) *Viewer {
	v, _ := ctx.Value(ctxKey{}).(*Viewer)
	return v
}

// Named system contexts. Each bypasses tenant scoping and is used only by code that was
// reviewed for it; grep for the name to find every use.
const (
	SystemSeeder    = "seeder"
	SystemMigration = "migration"
	SystemAuth      = "auth"     // credential lookup before a tenant is known
	SystemJobs      = "jobs"     // outbox relay and job bookkeeping
	SystemAudit     = "audit"    // audit chain verification across a tenant
	SystemPlatform  = "platform" // platform admin operations on tenants
	SystemAuthz     = "authz"    // policy loading for an enforcer
	SystemLists     = "lists"    // sanctions list versions and rescreen runs (global, like the lists)
	SystemTest      = "test"     // tests only
)

// SystemContext returns ctx acting as the named system component: the first rule of
// every privacy policy allows it (rule.AllowSystem), and creates must name their tenant
// explicitly. A context derived from it with ForTenant or NewContext is scoped again,
// because the bypass follows the viewer, not the context.
func SystemContext(ctx context.Context, name string) context.Context {
	return NewContext(ctx, &Viewer{System: name})
}

// IsSystem reports whether the viewer is a system component acting across tenants.
func (v *Viewer) IsSystem() bool { return v != nil && v.System != "" && !v.HasTenant() }

// ForTenant returns ctx acting as the system inside one tenant: scoped like a tenant
// principal (privacy filters apply) but with no user. Jobs use it.
func ForTenant(ctx context.Context, tenantID uuid.UUID, model Model, name string) context.Context {
	return NewContext(ctx, &Viewer{TenantID: tenantID, Model: model, System: name})
}
