package identity

import (
	"context"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// rolesByKind says which roles an organization of each kind can hold.
var rolesByKind = map[string][]string{
	"operator":    tenant.OperatorRoles,
	"seller":      {"seller_admin", "seller_catalog", "seller_ops"},
	"buyer":       {"buyer_admin", "buyer_purchaser", "buyer_approver"},
	"distributor": {"distributor_admin", "distributor_ops"},
}

// RoleFitsKind reports whether role belongs to organizations of kind.
func RoleFitsKind(role, kind string) bool { return slices.Contains(rolesByKind[kind], role) }

// Memberships returns a page of memberships the viewer may see (its organizations';
// all for marketplace admins), with their users, ordered by id.
func (s *Service) Memberships(ctx context.Context, after uuid.UUID, limit int) ([]*ent.Membership, error) {
	v := tenant.FromContext(ctx)
	q := s.db.Client.Membership.Query().WithUser().Order(ent.Asc(membership.FieldID)).Limit(limit)
	if !isAdmin(v) {
		q = q.Where(membership.OrganizationIDIn(v.OrganizationIDs()...))
	}
	if after != uuid.Nil {
		q = q.Where(membership.IDGT(after))
	}
	return q.All(ctx)
}

// UpdateMembershipRole changes a member's role. Marketplace admins may change any; an
// organization's own admin (seller_admin, buyer_admin, distributor_admin) may change
// its organization's members. The role must fit the organization's kind. Audited.
func (s *Service) UpdateMembershipRole(ctx context.Context, id uuid.UUID, role string) (*ent.Membership, error) {
	v := tenant.FromContext(ctx)
	var out *ent.Membership
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		m, err := tx.Membership.Query().Where(membership.ID(id)).WithOrganization().WithUser().Only(ctx)
		if ent.IsNotFound(err) {
			return problem.NotFound("membership not found")
		}
		if err != nil {
			return err
		}
		kind := string(m.Edges.Organization.Kind)
		orgAdmin := slices.Contains(v.Grants, tenant.Grant{OrganizationID: m.OrganizationID, Role: kind + "_admin"})
		if !isAdmin(v) && !orgAdmin {
			if !slices.Contains(v.OrganizationIDs(), m.OrganizationID) {
				return problem.NotFound("membership not found")
			}
			return problem.Forbidden("only the organization's admin or a marketplace admin changes roles")
		}
		if !RoleFitsKind(role, kind) {
			return problem.Validation("role does not fit the organization",
				problem.Field("/role", "a %s organization holds one of %s", kind, strings.Join(rolesByKind[kind], ", ")))
		}
		if m.UserID == v.UserID && string(m.Role) == kind+"_admin" && role != string(m.Role) && !isAdmin(v) {
			return problem.Conflict("you cannot remove your own admin role")
		}
		before := string(m.Role)
		if before == role {
			out = m
			return nil
		}
		upd, err := tx.Membership.UpdateOne(m).SetRole(membership.Role(role)).Save(ctx)
		if err != nil {
			return err
		}
		upd.Edges = m.Edges
		out = upd
		return s.audit.Record(ctx, tx, "membership.role_change", "membership", m.ID.String(),
			map[string]any{"role": before, "user_id": m.UserID}, map[string]any{"role": role, "user_id": m.UserID})
	})
	if err != nil {
		return nil, err
	}
	s.revoked(ctx, revocation{UserID: out.UserID})
	return out, nil
}
