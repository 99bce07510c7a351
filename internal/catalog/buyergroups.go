package catalog

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/buyergroup"
	"github.com/manifoldhq/manifold/ent/offer"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/catalog/pricing"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

var errGroupNotFound = problem.NotFound("buyer group not found")

// groupManagers are the organizations whose buyer groups the viewer manages: the
// sellers whose catalog it edits and, for a marketplace admin, the operator.
func groupManagers(v *tenant.Viewer) []uuid.UUID {
	out := sellerOrgs(v)
	for _, g := range v.Grants {
		if g.Role == "marketplace_admin" && !slices.Contains(out, g.OrganizationID) {
			out = append(out, g.OrganizationID)
		}
	}
	return out
}

// BuyerGroupView is a group with its members when the viewer may see them (the owner
// and marketplace staff; never a member, who would learn its competitors).
type BuyerGroupView struct {
	Group   *ent.BuyerGroup
	Members []uuid.UUID // nil: hidden
}

func (s *Service) groupView(ctx context.Context, c *ent.Client, g *ent.BuyerGroup) (BuyerGroupView, error) {
	v := tenant.FromContext(ctx)
	if !operatorSide(v) && !slices.Contains(groupManagers(v), g.OwnerID) {
		return BuyerGroupView{Group: g}, nil
	}
	ids, err := c.BuyerGroup.QueryMembers(g).Order(ent.Asc(organization.FieldID)).IDs(ctx)
	if ids == nil {
		ids = []uuid.UUID{}
	}
	return BuyerGroupView{Group: g, Members: ids}, err
}

// groupVisibility: staff see every group; managers their own and the operator's
// (usable in their offers); buyers the groups they are members of.
func groupVisibility(v *tenant.Viewer) predicate.BuyerGroup {
	if operatorSide(v) {
		return buyergroup.IDNEQ(uuid.Nil)
	}
	ps := []predicate.BuyerGroup{buyergroup.HasMembersWith(organization.IDIn(memberOrgs(v)...))}
	if m := groupManagers(v); len(m) > 0 {
		ps = append(ps, buyergroup.OwnerIDIn(m...), buyergroup.HasOwnerWith(organization.KindEQ(organization.KindOperator)))
	}
	return buyergroup.Or(ps...)
}

// BuyerGroupInput creates or renames a group.
type BuyerGroupInput struct {
	OwnerID     uuid.UUID   `json:"owner_id"` // optional when the viewer manages one organization's groups
	Name        string      `json:"name"`
	Description string      `json:"description"`
	MemberIDs   []uuid.UUID `json:"member_ids"`
}

// Validate checks the name and the member list's shape.
func (in BuyerGroupInput) Validate() error {
	var f problem.Fields
	if n := strings.TrimSpace(in.Name); n == "" || len(n) > 200 {
		f.Add("/name", "is required: 1 to 200 characters")
	}
	if len(in.Description) > 2000 {
		f.Add("/description", "must be at most 2000 characters")
	}
	for i, m := range in.MemberIDs {
		if slices.Contains(in.MemberIDs[:i], m) {
			f.Add(fmt.Sprintf("/member_ids/%d", i), "repeats %s", m)
		}
	}
	return f.Err("buyer group is invalid")
}

// buyersIn returns the ids among ids that are buyer organizations (or distributors
// buying for their customers).
func buyersIn(ctx context.Context, tx *ent.Tx, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	return tx.Organization.Query().Where(organization.IDIn(ids...), organization.KindIn(buyerOrgKinds...)).IDs(ctx)
}

// CreateBuyerGroup adds a group owned by a seller or operator organization the viewer
// manages.
func (s *Service) CreateBuyerGroup(ctx context.Context, in BuyerGroupInput) (BuyerGroupView, error) {
	if err := in.Validate(); err != nil {
		return BuyerGroupView{}, err
	}
	mine := groupManagers(tenant.FromContext(ctx))
	switch {
	case in.OwnerID == uuid.Nil && len(mine) == 1:
		in.OwnerID = mine[0]
	case in.OwnerID == uuid.Nil:
		return BuyerGroupView{}, problem.Validation("buyer group is invalid",
			problem.Field("/owner_id", "is required: you manage the buyer groups of %d organizations", len(mine)))
	case !slices.Contains(mine, in.OwnerID):
		return BuyerGroupView{}, problem.Forbidden("you do not manage the buyer groups of that organization")
	}
	name := strings.TrimSpace(in.Name)
	var out BuyerGroupView
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		var f problem.Fields
		buyers, err := buyersIn(ctx, tx, in.MemberIDs)
		if err != nil {
			return err
		}
		for i, m := range in.MemberIDs {
			if !slices.Contains(buyers, m) {
				f.Add(fmt.Sprintf("/member_ids/%d", i), "is not a buyer organization of this marketplace")
			}
		}
		if err := f.Err("buyer group is invalid"); err != nil {
			return err
		}
		if exists, err := tx.BuyerGroup.Query().Where(buyergroup.OwnerID(in.OwnerID), buyergroup.Name(name)).Exist(ctx); err != nil {
			return err
		} else if exists {
			return problem.Conflict("there is already a buyer group named %q", name)
		}
		g, err := tx.BuyerGroup.Create().SetOwnerID(in.OwnerID).SetName(name).SetDescription(in.Description).
			AddMemberIDs(in.MemberIDs...).Save(ctx)
		if err != nil {
			return err
		}
		if out, err = s.groupView(ctx, tx.Client(), g); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "buyer_group.create", "buyer_group", g.ID.String(), nil,
			map[string]any{"owner_id": g.OwnerID, "name": g.Name, "member_ids": out.Members})
	})
	return out, err
}

// ListBuyerGroups returns a page of the groups the viewer may see, by id.
func (s *Service) ListBuyerGroups(ctx context.Context, after uuid.UUID, limit int) ([]BuyerGroupView, error) {
	q := s.db.Client.BuyerGroup.Query().Where(groupVisibility(tenant.FromContext(ctx))).
		Order(ent.Asc(buyergroup.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(buyergroup.IDGT(after))
	}
	gs, err := q.All(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]BuyerGroupView, 0, len(gs))
	for _, g := range gs {
		gv, err := s.groupView(ctx, s.db.Client, g)
		if err != nil {
			return nil, err
		}
		out = append(out, gv)
	}
	return out, nil
}

// GetBuyerGroup returns a group the viewer may see.
func (s *Service) GetBuyerGroup(ctx context.Context, id uuid.UUID) (BuyerGroupView, error) {
	g, err := s.db.Client.BuyerGroup.Query().Where(buyergroup.ID(id), groupVisibility(tenant.FromContext(ctx))).Only(ctx)
	if ent.IsNotFound(err) {
		return BuyerGroupView{}, errGroupNotFound
	}
	if err != nil {
		return BuyerGroupView{}, err
	}
	return s.groupView(ctx, s.db.Client, g)
}

// ownGroup loads a group the viewer manages, locked; others are not found.
func (s *Service) ownGroup(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.BuyerGroup, error) {
	g, err := db.ForUpdate(s.db.Dialect, tx.BuyerGroup.Query().Where(buyergroup.ID(id))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !slices.Contains(groupManagers(tenant.FromContext(ctx)), g.OwnerID)) {
		return nil, errGroupNotFound
	}
	return g, err
}

// UpdateBuyerGroup renames or describes a group; members change one by one.
func (s *Service) UpdateBuyerGroup(ctx context.Context, id uuid.UUID, in BuyerGroupInput) (BuyerGroupView, error) {
	in.MemberIDs = nil
	if err := in.Validate(); err != nil {
		return BuyerGroupView{}, err
	}
	name := strings.TrimSpace(in.Name)
	var out BuyerGroupView
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		g, err := s.ownGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if name != g.Name {
			if exists, err := tx.BuyerGroup.Query().Where(buyergroup.OwnerID(g.OwnerID), buyergroup.Name(name)).Exist(ctx); err != nil {
				return err
			} else if exists {
				return problem.Conflict("there is already a buyer group named %q", name)
			}
		}
		before := map[string]any{"name": g.Name, "description": g.Description}
		if g, err = tx.BuyerGroup.UpdateOne(g).SetName(name).SetDescription(in.Description).Save(ctx); err != nil {
			return err
		}
		if out, err = s.groupView(ctx, tx.Client(), g); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "buyer_group.update", "buyer_group", g.ID.String(), before,
			map[string]any{"name": g.Name, "description": g.Description})
	})
	return out, err
}

// SetBuyerGroupMember adds (member true) or removes a buyer organization; doing what
// is already done changes nothing and records nothing.
func (s *Service) SetBuyerGroupMember(ctx context.Context, id, orgID uuid.UUID, member bool) (BuyerGroupView, error) {
	var out BuyerGroupView
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		g, err := s.ownGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		is, err := tx.BuyerGroup.QueryMembers(g).Where(organization.ID(orgID)).Exist(ctx)
		if err != nil {
			return err
		}
		action := ""
		switch {
		case member && !is:
			buyers, err := buyersIn(ctx, tx, []uuid.UUID{orgID})
			if err != nil {
				return err
			}
			if len(buyers) == 0 {
				return problem.Validation("not a buyer", problem.Field("/organization_id", "is not a buyer organization of this marketplace"))
			}
			err = tx.BuyerGroup.UpdateOne(g).AddMemberIDs(orgID).Exec(ctx)
			if err != nil {
				return err
			}
			action = "buyer_group.member_add"
		case !member && is:
			if err := tx.BuyerGroup.UpdateOne(g).RemoveMemberIDs(orgID).Exec(ctx); err != nil {
				return err
			}
			action = "buyer_group.member_remove"
		}
		if out, err = s.groupView(ctx, tx.Client(), g); err != nil {
			return err
		}
		if action == "" {
			return nil
		}
		return s.audit.Record(ctx, tx, action, "buyer_group", g.ID.String(), nil, map[string]any{"organization_id": orgID})
	})
	return out, err
}

// DeleteBuyerGroup removes a group no offer refers to any more (in its visibility or a
// price list); otherwise a conflict naming how many offers do.
func (s *Service) DeleteBuyerGroup(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		g, err := s.ownGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		q := tx.Offer.Query()
		owner, err := tx.Organization.Get(ctx, g.OwnerID)
		if err != nil {
			return err
		}
		if owner.Kind != organization.KindOperator {
			q = q.Where(offer.SellerID(g.OwnerID)) // only the owner can have used it
		}
		offers, err := q.All(ctx)
		if err != nil {
			return err
		}
		used := 0
		for _, o := range offers {
			t := OfferOf(o)
			if slices.Contains(t.BuyerGroupIDs, g.ID) ||
				slices.ContainsFunc(t.PriceLists, func(pl pricing.PriceList) bool { return pl.BuyerGroupID != nil && *pl.BuyerGroupID == g.ID }) {
				used++
			}
		}
		if used > 0 {
			return problem.Conflict("%d offers still use this buyer group; change them first", used)
		}
		members, err := tx.BuyerGroup.QueryMembers(g).IDs(ctx)
		if err != nil {
			return err
		}
		if err := tx.BuyerGroup.DeleteOne(g).Exec(ctx); err != nil {
			return err
		}
		return s.audit.Record(ctx, tx, "buyer_group.delete", "buyer_group", g.ID.String(),
			map[string]any{"owner_id": g.OwnerID, "name": g.Name, "member_ids": members}, nil)
	})
}
