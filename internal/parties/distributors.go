package parties

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/distributorhub"
	"github.com/manifoldhq/manifold/ent/distributorlink"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/ent/serviceregion"
	"github.com/manifoldhq/manifold/internal/catalog/masterdata"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// HubCapabilities is what a distributor hub may handle: temperature ranges (ambient
// 15–25 °C, cold chain 2–8 °C, frozen −25 to −15 °C, deep frozen below −60 °C), dangerous
// goods, a customs-bonded warehouse, GDP-certified pharmaceutical storage.
var HubCapabilities = []string{"ambient", "cold_chain", "frozen", "deep_frozen", "hazmat", "bonded", "pharma_gdp"}

// MaxRegionCountries bounds a service region's country list.
const MaxRegionCountries = 250

// HubInput is a distributor hub's data, for create and replace. Its address's
// UN/LOCODE is required and must be in the address's country. Active nil means true.
type HubInput struct {
	Name         string
	Address      schematype.PostalAddress
	Capabilities []string
	Active       *bool
}

// Validate normalises the input and reports every invalid field at once.
func (in *HubInput) Validate() error {
	var chk masterdata.Check
	in.Name = text(&chk, "/name", in.Name, 200)
	postal(&chk, "/address", postalOf(&in.Address), true)
	in.Capabilities = codes(&chk, "/capabilities", in.Capabilities, false, func(s string) (string, error) {
		s = strings.ToLower(strings.TrimSpace(s))
		if !slices.Contains(HubCapabilities, s) {
			return "", fmt.Errorf("must be one of %s", strings.Join(HubCapabilities, ", "))
		}
		return s, nil
	})
	if in.Active == nil {
		t := true
		in.Active = &t
	}
	return chk.Err("the hub is invalid")
}

// RegionInput is a service region: a name, the countries served, optionally from one
// hub of the same distributor.
type RegionInput struct {
	Name      string
	Countries []string
	HubID     *uuid.UUID
}

// Validate normalises the input and reports every invalid field at once.
func (in *RegionInput) Validate() error {
	var chk masterdata.Check
	in.Name = text(&chk, "/name", in.Name, 100)
	if len(in.Countries) > MaxRegionCountries {
		chk.Add("/countries", "at most %d countries", MaxRegionCountries)
	} else {
		in.Countries = codes(&chk, "/countries", in.Countries, true, masterdata.Country)
	}
	return chk.Err("the service region is invalid")
}

var (
	errHubNotFound    = problem.NotFound("hub not found")
	errRegionNotFound = problem.NotFound("service region not found")
	errLinkNotFound   = problem.NotFound("distributor link not found")
)

// distributorReader checks that the viewer may read distributor id's hubs and service
// regions: its members, operator staff, and members of a seller or buyer it is actively
// linked to. Anything else, and an organization that is not a distributor, is not found.
func (s *Service) distributorReader(ctx context.Context, c *ent.Client, id uuid.UUID) error {
	v := tenant.FromContext(ctx)
	o, err := c.Organization.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && o.Kind != organization.KindDistributor) {
		return errOrgNotFound
	}
	if err != nil || insider(v, o) {
		return err
	}
	ok, err := activeLink(ctx, c, []uuid.UUID{id}, v.OrganizationIDs())
	if err == nil && !ok {
		return errOrgNotFound
	}
	return err
}

// distributorEditor locks distributor id for a change of its hubs or regions: only its
// admin. Others who may read them get 403, anyone else 404.
func (s *Service) distributorEditor(ctx context.Context, tx *ent.Tx, id uuid.UUID) error {
	if err := s.distributorReader(ctx, tx.Client(), id); err != nil {
		return err
	}
	o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(id))).Only(ctx)
	if err != nil {
		return err
	}
	if !orgAdmin(tenant.FromContext(ctx), o) {
		return problem.Forbidden("only the distributor's admin changes its hubs and service regions")
	}
	return nil
}

// notFoundAs turns an organization's not-found into the child's.
func notFoundAs(err, nf error) error {
	if problem.Is(err, problem.KindNotFound) {
		return nf
	}
	return err
}

func hubAudit(h *ent.DistributorHub) map[string]any {
	return map[string]any{"distributor_id": h.DistributorID, "name": h.Name, "address": h.Address,
		"unlocode": h.Unlocode, "capabilities": h.Capabilities, "active": h.Active}
}

func regionAudit(r *ent.ServiceRegion) map[string]any {
	return map[string]any{"distributor_id": r.DistributorID, "name": r.Name, "countries": r.Countries, "hub_id": r.HubID}
}

func dupName(err error, what string) error {
	if ent.IsConstraintError(err) {
		return problem.Validation("the "+what+" is invalid", problem.Field("/name", "the distributor already has a %s with this name", what))
	}
	return err
}

// Hubs returns a page of distributor orgID's hubs ordered by id.
func (s *Service) Hubs(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.DistributorHub, error) {
	if err := s.distributorReader(ctx, s.db.Client, orgID); err != nil {
		return nil, err
	}
	q := s.db.Client.DistributorHub.Query().Where(distributorhub.DistributorID(orgID)).Order(ent.Asc(distributorhub.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(distributorhub.IDGT(after))
	}
	return q.All(ctx)
}

// Hub returns one hub the viewer may read; anything else is not found.
func (s *Service) Hub(ctx context.Context, id uuid.UUID) (*ent.DistributorHub, error) {
	return s.hub(ctx, s.db.Client, id)
}

func (s *Service) hub(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.DistributorHub, error) {
	h, err := c.DistributorHub.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errHubNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.distributorReader(ctx, c, h.DistributorID); err != nil {
		return nil, notFoundAs(err, errHubNotFound)
	}
	return h, nil
}

func applyHub(m *ent.DistributorHubMutation, in HubInput) {
	m.SetName(in.Name)
	m.SetAddress(in.Address)
	m.SetCountry(in.Address.Country)
	m.SetUnlocode(in.Address.UNLOCODE)
	m.SetCapabilities(in.Capabilities)
	m.SetActive(*in.Active)
}

// CreateHub adds a hub to distributor orgID (its admin).
func (s *Service) CreateHub(ctx context.Context, orgID uuid.UUID, in HubInput) (*ent.DistributorHub, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.DistributorHub
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if err := s.distributorEditor(ctx, tx, orgID); err != nil {
			return err
		}
		b := tx.DistributorHub.Create().SetDistributorID(orgID)
		applyHub(b.Mutation(), in)
		h, err := b.Save(ctx)
		if err != nil {
			return dupName(err, "hub")
		}
		out = h
		return s.deps.Audit.Record(ctx, tx, "distributor_hub.create", "distributor_hub", h.ID.String(), nil, hubAudit(h))
	})
	return out, err
}

// ReplaceHub replaces a hub's data (its distributor's admin).
func (s *Service) ReplaceHub(ctx context.Context, id uuid.UUID, in HubInput) (*ent.DistributorHub, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.DistributorHub
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.hub(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.distributorEditor(ctx, tx, old.DistributorID); err != nil {
			return err
		}
		u := tx.DistributorHub.UpdateOne(old)
		applyHub(u.Mutation(), in)
		h, err := u.Save(ctx)
		if err != nil {
			return dupName(err, "hub")
		}
		out = h
		return s.deps.Audit.Record(ctx, tx, "distributor_hub.update", "distributor_hub", h.ID.String(), hubAudit(old), hubAudit(h))
	})
	return out, err
}

// DeleteHub deletes a hub (its distributor's admin). A hub that service regions are
// served from is a conflict: move or delete those regions first, so no region quietly
// becomes distributor-wide.
func (s *Service) DeleteHub(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.hub(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.distributorEditor(ctx, tx, old.DistributorID); err != nil {
			return err
		}
		n, err := tx.ServiceRegion.Query().Where(serviceregion.HubID(id)).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return problem.Conflict("%d service region(s) are served from this hub: move or delete them first", n)
		}
		if err := tx.DistributorHub.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "distributor_hub.delete", "distributor_hub", id.String(), hubAudit(old), nil)
	})
}

// ServiceRegions returns a page of distributor orgID's service regions ordered by id.
func (s *Service) ServiceRegions(ctx context.Context, orgID, after uuid.UUID, limit int) ([]*ent.ServiceRegion, error) {
	if err := s.distributorReader(ctx, s.db.Client, orgID); err != nil {
		return nil, err
	}
	q := s.db.Client.ServiceRegion.Query().Where(serviceregion.DistributorID(orgID)).Order(ent.Asc(serviceregion.FieldID)).Limit(limit)
	if after != uuid.Nil {
		q = q.Where(serviceregion.IDGT(after))
	}
	return q.All(ctx)
}

// ServiceRegion returns one service region the viewer may read.
func (s *Service) ServiceRegion(ctx context.Context, id uuid.UUID) (*ent.ServiceRegion, error) {
	return s.region(ctx, s.db.Client, id)
}

func (s *Service) region(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.ServiceRegion, error) {
	r, err := c.ServiceRegion.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errRegionNotFound
	}
	if err != nil {
		return nil, err
	}
	if err := s.distributorReader(ctx, c, r.DistributorID); err != nil {
		return nil, notFoundAs(err, errRegionNotFound)
	}
	return r, nil
}

// checkRegionHub refuses a hub that is not one of distributor's.
func checkRegionHub(ctx context.Context, tx *ent.Tx, distributor uuid.UUID, hub *uuid.UUID) error {
	if hub == nil {
		return nil
	}
	ok, err := tx.DistributorHub.Query().Where(distributorhub.ID(*hub), distributorhub.DistributorID(distributor)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return problem.Validation("the service region is invalid", problem.Field("/hub_id", "is not a hub of this distributor"))
	}
	return nil
}

// CreateServiceRegion adds a service region to distributor orgID (its admin).
func (s *Service) CreateServiceRegion(ctx context.Context, orgID uuid.UUID, in RegionInput) (*ent.ServiceRegion, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.ServiceRegion
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		if err := s.distributorEditor(ctx, tx, orgID); err != nil {
			return err
		}
		if err := checkRegionHub(ctx, tx, orgID, in.HubID); err != nil {
			return err
		}
		r, err := tx.ServiceRegion.Create().SetDistributorID(orgID).SetName(in.Name).SetCountries(in.Countries).
			SetNillableHubID(in.HubID).Save(ctx)
		if err != nil {
			return dupName(err, "service region")
		}
		out = r
		return s.deps.Audit.Record(ctx, tx, "service_region.create", "service_region", r.ID.String(), nil, regionAudit(r))
	})
	return out, err
}

// ReplaceServiceRegion replaces a service region (its distributor's admin).
func (s *Service) ReplaceServiceRegion(ctx context.Context, id uuid.UUID, in RegionInput) (*ent.ServiceRegion, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *ent.ServiceRegion
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.region(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.distributorEditor(ctx, tx, old.DistributorID); err != nil {
			return err
		}
		if err := checkRegionHub(ctx, tx, old.DistributorID, in.HubID); err != nil {
			return err
		}
		u := tx.ServiceRegion.UpdateOne(old).SetName(in.Name).SetCountries(in.Countries)
		if in.HubID != nil {
			u.SetHubID(*in.HubID)
		} else {
			u.ClearHubID()
		}
		r, err := u.Save(ctx)
		if err != nil {
			return dupName(err, "service region")
		}
		out = r
		return s.deps.Audit.Record(ctx, tx, "service_region.update", "service_region", r.ID.String(), regionAudit(old), regionAudit(r))
	})
	return out, err
}

// DeleteServiceRegion deletes a service region (its distributor's admin).
func (s *Service) DeleteServiceRegion(ctx context.Context, id uuid.UUID) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := s.region(ctx, tx.Client(), id)
		if err != nil {
			return err
		}
		if err := s.distributorEditor(ctx, tx, old.DistributorID); err != nil {
			return err
		}
		if err := tx.ServiceRegion.DeleteOneID(id).Exec(ctx); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "service_region.delete", "service_region", id.String(), regionAudit(old), nil)
	})
}

// Distributor link statuses.
const (
	LinkActive = "active"
	LinkEnded  = "ended"
)

// LinkFilter selects a page of distributor links; zero fields do not filter.
type LinkFilter struct {
	DistributorID  uuid.UUID
	OrganizationID uuid.UUID
	Status         string
	After          uuid.UUID
	Limit          int
}

func linkAudit(l *ent.DistributorLink) map[string]any {
	return map[string]any{"distributor_id": l.DistributorID, "organization_id": l.OrganizationID,
		"kind": l.Kind, "status": l.Status, "ended_at": l.EndedAt}
}

// linkVisible reports whether the viewer may see l: operator staff, and the members of
// either side.
func linkVisible(v *tenant.Viewer, l *ent.DistributorLink) bool {
	return operatorSide(v) || member(v, l.DistributorID) || member(v, l.OrganizationID)
}

// DistributorLinks returns a page of links ordered by id: every link for operator
// staff, the links of one's own organizations for anyone else.
func (s *Service) DistributorLinks(ctx context.Context, f LinkFilter) ([]*ent.DistributorLink, error) {
	v := tenant.FromContext(ctx)
	q := s.db.Client.DistributorLink.Query().WithDistributor().WithOrganization().Order(ent.Asc(distributorlink.FieldID)).Limit(f.Limit)
	if f.Status != "" {
		if distributorlink.StatusValidator(distributorlink.Status(f.Status)) != nil {
			return nil, problem.Validation("bad filter", problem.Field("query.status", "must be active or ended"))
		}
		q = q.Where(distributorlink.StatusEQ(distributorlink.Status(f.Status)))
	}
	if f.DistributorID != uuid.Nil {
		q = q.Where(distributorlink.DistributorID(f.DistributorID))
	}
	if f.OrganizationID != uuid.Nil {
		q = q.Where(distributorlink.OrganizationID(f.OrganizationID))
	}
	if f.After != uuid.Nil {
		q = q.Where(distributorlink.IDGT(f.After))
	}
	if !operatorSide(v) {
		mine := v.OrganizationIDs()
		q = q.Where(distributorlink.Or(distributorlink.DistributorIDIn(mine...), distributorlink.OrganizationIDIn(mine...)))
	}
	return q.All(ctx)
}

// DistributorLink returns one link the viewer may see; anything else is not found.
func (s *Service) DistributorLink(ctx context.Context, id uuid.UUID) (*ent.DistributorLink, error) {
	l, err := s.db.Client.DistributorLink.Query().Where(distributorlink.ID(id)).WithDistributor().WithOrganization().Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !linkVisible(tenant.FromContext(ctx), l)) {
		return nil, errLinkNotFound
	}
	return l, err
}

// linker checks that the viewer may create and end links: operator staff holding
// distributor_link:create (the marketplace admin with the shipped packs).
func (s *Service) linker(ctx context.Context, action string) error {
	v := tenant.FromContext(ctx)
	if v.System != "" && v.HasTenant() {
		return nil
	}
	if !operatorSide(v) || !s.allowed(ctx, v, "distributor_link", action) {
		return problem.Forbidden("only marketplace admins link distributors")
	}
	return nil
}

// LinkDistributor links distributor distributorID to the seller or buyer orgID it
// serves (marketplace admins). Organizations of another marketplace are not found; a
// non-distributor, or a party that is neither seller nor buyer, is a field error; an
// active link of the pair is a conflict. An ended link of the pair is reactivated
// (created false).
func (s *Service) LinkDistributor(ctx context.Context, distributorID, orgID uuid.UUID) (l *ent.DistributorLink, created bool, err error) {
	if err := s.linker(ctx, "create"); err != nil {
		return nil, false, err
	}
	v := tenant.FromContext(ctx)
	err = db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		orgs, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.IDIn(distributorID, orgID))).All(ctx)
		if err != nil {
			return err
		}
		var dist, party *ent.Organization
		for _, o := range orgs {
			if o.ID == distributorID {
				dist = o
			}
			if o.ID == orgID {
				party = o
			}
		}
		if dist == nil || party == nil {
			return errOrgNotFound
		}
		var chk problem.Fields
		if dist.Kind != organization.KindDistributor {
			chk.Add("/distributor_id", "is a %s, not a distributor", dist.Kind)
		}
		if party.Kind != organization.KindSeller && party.Kind != organization.KindBuyer {
			chk.Add("/organization_id", "is a %s: a distributor serves sellers and buyers", party.Kind)
		}
		if err := chk.Err("the link is invalid"); err != nil {
			return err
		}
		old, err := tx.DistributorLink.Query().Where(distributorlink.DistributorID(distributorID),
			distributorlink.OrganizationID(orgID)).Only(ctx)
		switch {
		case ent.IsNotFound(err):
			c := tx.DistributorLink.Create().SetDistributorID(distributorID).SetOrganizationID(orgID).
				SetKind(distributorlink.Kind(party.Kind))
			if v.UserID != uuid.Nil {
				c.SetCreatedBy(v.UserID)
			}
			if l, err = c.Save(ctx); err != nil {
				if ent.IsConstraintError(err) {
					return problem.Conflict("the distributor is already linked to this organization")
				}
				return err
			}
			created = true
			l.Edges.Distributor, l.Edges.Organization = dist, party
			return s.deps.Audit.Record(ctx, tx, "distributor_link.create", "distributor_link", l.ID.String(), nil, linkAudit(l))
		case err != nil:
			return err
		case old.Status == distributorlink.StatusActive:
			return problem.Conflict("the distributor is already linked to this organization")
		}
		u := tx.DistributorLink.UpdateOne(old).SetStatus(distributorlink.StatusActive).ClearEndedAt().ClearEndedBy()
		if v.UserID != uuid.Nil {
			u.SetCreatedBy(v.UserID)
		}
		if l, err = u.Save(ctx); err != nil {
			return err
		}
		l.Edges.Distributor, l.Edges.Organization = dist, party
		return s.deps.Audit.Record(ctx, tx, "distributor_link.reactivate", "distributor_link", l.ID.String(), linkAudit(old), linkAudit(l))
	})
	return l, created, err
}

// EndDistributorLink ends an active link (marketplace admins); ending an ended link is
// a conflict.
func (s *Service) EndDistributorLink(ctx context.Context, id uuid.UUID) (*ent.DistributorLink, error) {
	if err := s.linker(ctx, "update"); err != nil {
		return nil, err
	}
	v := tenant.FromContext(ctx)
	var out *ent.DistributorLink
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		old, err := db.ForUpdate(s.db.Dialect, tx.DistributorLink.Query().Where(distributorlink.ID(id))).Only(ctx)
		if ent.IsNotFound(err) {
			return errLinkNotFound
		}
		if err != nil {
			return err
		}
		if old.Status == distributorlink.StatusEnded {
			return problem.Conflict("the link has already ended")
		}
		u := tx.DistributorLink.UpdateOne(old).SetStatus(distributorlink.StatusEnded).SetEndedAt(s.now())
		if v.UserID != uuid.Nil {
			u.SetEndedBy(v.UserID)
		}
		l, err := u.Save(ctx)
		if err != nil {
			return err
		}
		if l.Edges.Distributor, err = tx.Organization.Get(ctx, l.DistributorID); err != nil {
			return err
		}
		if l.Edges.Organization, err = tx.Organization.Get(ctx, l.OrganizationID); err != nil {
			return err
		}
		out = l
		return s.deps.Audit.Record(ctx, tx, "distributor_link.end", "distributor_link", l.ID.String(), linkAudit(old), linkAudit(l))
	})
	return out, err
}
