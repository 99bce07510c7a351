package tenants

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// PolicyStore edits a tenant's authorization rules inside a caller's transaction and
// tells every replica once it has committed.
type PolicyStore interface {
	Rules(ctx context.Context, tenantID uuid.UUID) ([]authz.Rule, error)
	EditTx(ctx context.Context, tx *ent.Tx, tenantID uuid.UUID, add bool, rules ...authz.Rule) error
	Allowed(ctx context.Context, v *tenant.Viewer, resource, action string) (bool, error)
}

// Policies lets a marketplace admin tailor the model's policy pack. Every change is an
// audit event committed with the change.
type Policies struct {
	db    *db.DB
	store PolicyStore
	audit Auditor
}

// NewPolicies builds the service.
func NewPolicies(d *db.DB, s PolicyStore, a Auditor) *Policies {
	return &Policies{db: d, store: s, audit: a}
}

// PolicyInput names one grant: role may do action on resource.
type PolicyInput struct{ Role, Resource, Action string }

// Validate checks the grant against the role list and the resource/action catalog.
func (in PolicyInput) Validate() error {
	var f problem.Fields
	if !slices.Contains(authz.Roles(), in.Role) {
		f.Add("/role", "is not a role")
	}
	if !authz.Valid(in.Resource, in.Action) {
		f.Add("/action", "%s:%s is not in the permission catalog", in.Resource, in.Action)
	}
	return f.Err("policy rule is invalid")
}

// List returns the viewer's tenant's grants (inheritance rules are implied by roles).
func (p *Policies) List(ctx context.Context) ([]authz.Rule, error) {
	return p.store.Rules(ctx, tenant.FromContext(ctx).TenantID)
}

// Add grants a permission; an existing grant is a conflict.
func (p *Policies) Add(ctx context.Context, in PolicyInput) (authz.Rule, error) {
	return p.edit(ctx, in, true)
}

// Remove withdraws a permission; a missing grant is not found.
func (p *Policies) Remove(ctx context.Context, in PolicyInput) error {
	_, err := p.edit(ctx, in, false)
	return err
}

func (p *Policies) edit(ctx context.Context, in PolicyInput, add bool) (authz.Rule, error) {
	if err := in.Validate(); err != nil {
		return authz.Rule{}, err
	}
	tid := tenant.FromContext(ctx).TenantID
	r := authz.Allow(in.Role, in.Resource, in.Action)
	current, err := p.store.Rules(ctx, tid)
	if err != nil {
		return authz.Rule{}, err
	}
	has := slices.Contains(current, r)
	switch {
	case add && has:
		return authz.Rule{}, problem.Conflict("%s may already %s %s", in.Role, in.Action, in.Resource)
	case !add && !has:
		return authz.Rule{}, problem.NotFound("%s has no grant %s:%s of its own (it may be inherited)", in.Role, in.Resource, in.Action)
	}
	action := "policy.grant"
	granted := map[string]any{"role": r.Role, "resource": r.Resource, "action": r.Action}
	before, after := any(nil), any(granted)
	if !add {
		action, before, after = "policy.revoke", granted, nil
	}
	err = db.WithTx(ctx, p.db.Client, func(tx *ent.Tx) error {
		if err := p.store.EditTx(ctx, tx, tid, add, r); err != nil {
			return err
		}
		return p.audit.Record(ctx, tx, action, "policy", r.String(), before, after)
	})
	if err != nil {
		return authz.Rule{}, err
	}
	return r, nil
}

// Permissions lists what the viewer's roles may do in its marketplace under the
// tenant's current policy, as "resource:action", in catalog order. Clients use it to
// decide what to offer; the server still checks every call.
func (p *Policies) Permissions(ctx context.Context) ([]string, error) {
	v := tenant.FromContext(ctx)
	out := []string{}
	for _, perm := range authz.Permissions() {
		ok, err := p.store.Allowed(ctx, v, perm.Resource, perm.Action)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, perm.String())
		}
	}
	return out, nil
}
