// Package rule holds the ent privacy rules and hooks that enforce tenancy in the data
// layer. Schemas use them through the mixins in ent/schema.
package rule

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent"
	"entgo.io/ent/entql"
	"github.com/google/uuid"
	"github.com/manifoldhq/manifold/ent/privacy"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ErrTenantMismatch is returned when a create names a tenant other than the viewer's.
var ErrTenantMismatch = errors.New("tenant_id does not match the viewer's tenant")

// ErrNoTenant is returned when a system create does not name its tenant.
var ErrNoTenant = errors.New("tenant_id is required in a system context")

type tenantFilter interface {
	WhereTenantID(entql.ValueP)
}

// AllowSystem allows a system viewer acting across tenants (tenant.SystemContext). It is
// the first rule of every policy. A system viewer inside one tenant (tenant.ForTenant)
// is not allowed here and gets the tenant filter like any principal.
func AllowSystem() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		if tenant.FromContext(ctx).IsSystem() {
			return privacy.Allow
		}
		return privacy.Skip
	})
}

// FilterTenant scopes queries and mutations to the viewer's tenant. A viewer without a
// tenant is denied; a system viewer was allowed by AllowSystem before this runs.
func FilterTenant() privacy.QueryMutationRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := tenant.FromContext(ctx)
		if !v.HasTenant() {
			return privacy.Denyf("no tenant viewer")
		}
		tf, ok := f.(tenantFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereTenantID(entql.ValueEQ(v.TenantID))
		return privacy.Skip
	})
}

type tenantMutation interface {
	SetTenantID(uuid.UUID)
	TenantID() (uuid.UUID, bool)
}

// StampTenant is a create hook: it sets tenant_id from the viewer and refuses a create
// that names another tenant. In a system context the create must name its tenant.
func StampTenant() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			tm, ok := m.(tenantMutation)
			if !ok {
				return nil, fmt.Errorf("tenant hook: unexpected mutation %T", m)
			}
			v := tenant.FromContext(ctx)
			set, has := tm.TenantID()
			switch {
			case v.HasTenant():
				if has && set != v.TenantID {
					return nil, ErrTenantMismatch
				}
				tm.SetTenantID(v.TenantID)
			case v.IsSystem():
				if !has || set == uuid.Nil {
					return nil, ErrNoTenant
				}
			default:
				return nil, privacy.Denyf("no tenant viewer")
			}
			return next.Mutate(ctx, m)
		})
	}
}

// ErrAppendOnly is returned for updates and deletes of append-only entities.
var ErrAppendOnly = errors.New("append-only: updates and deletes are refused")

// AppendOnly refuses every update and delete, whoever the viewer is.
func AppendOnly() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			return nil, ErrAppendOnly
		})
	}
}

// SystemOnly denies everything that AllowSystem, placed before it, did not allow. Used
// for platform tables no tenant principal may touch.
func SystemOnly() privacy.QueryMutationRule {
	return privacy.ContextQueryMutationRule(func(ctx context.Context) error {
		return privacy.Denyf("system context required")
	})
}

type idFilter interface {
	WhereID(entql.ValueP)
}

// FilterOwnTenant lets a tenant viewer see its own tenant row and nothing else.
func FilterOwnTenant() privacy.QueryRule {
	return privacy.FilterFunc(func(ctx context.Context, f privacy.Filter) error {
		v := tenant.FromContext(ctx)
		if !v.HasTenant() {
			return privacy.Denyf("no tenant viewer")
		}
		tf, ok := f.(idFilter)
		if !ok {
			return privacy.Denyf("unexpected filter type %T", f)
		}
		tf.WhereID(entql.ValueEQ(v.TenantID))
		return privacy.Skip
	})
}

// AllowTenantCreateOnly lets a tenant viewer create rows (for its own tenant; the
// caller stamps tenant_id) and denies every other mutation outside a system context.
func AllowTenantCreateOnly() privacy.MutationRule {
	return privacy.MutationRuleFunc(func(ctx context.Context, m ent.Mutation) error {
		v := tenant.FromContext(ctx)
		if v.HasTenant() && m.Op().Is(ent.OpCreate) {
			if tm, ok := m.(interface{ TenantID() (uuid.UUID, bool) }); ok {
				if id, set := tm.TenantID(); set && id != v.TenantID {
					return privacy.Denyf("outbox row for another tenant")
				}
			}
			return privacy.Allow
		}
		return privacy.Denyf("system context required")
	})
}
