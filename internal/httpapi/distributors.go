package httpapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/parties"
)

func hubInput(b api.HubInput) parties.HubInput {
	in := parties.HubInput{Name: b.Name, Address: postalIn(b.Address), Active: b.Active}
	if b.Capabilities != nil {
		in.Capabilities = *b.Capabilities
	}
	return in
}

func hubDTO(h *ent.DistributorHub) api.Hub {
	caps := make([]api.HubCapability, 0, len(h.Capabilities))
	for _, c := range h.Capabilities {
		caps = append(caps, api.HubCapability(c))
	}
	return api.Hub{Id: h.ID, DistributorId: h.DistributorID, Name: h.Name, Address: postalDTO(h.Address),
		Unlocode: h.Unlocode, Capabilities: caps, Active: h.Active, CreatedAt: h.CreatedAt, UpdatedAt: h.UpdatedAt}
}

func (s *Server) ListHubs(c echo.Context, id api.ID, p api.ListHubsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.DistributorHub, error) {
		return s.Parties.Hubs(ctx, id, after, n)
	}, func(h *ent.DistributorHub) uuid.UUID { return h.ID }, hubDTO)
}

func (s *Server) CreateHub(c echo.Context, id api.ID) error {
	var req api.HubInput
	if err := bind(c, &req); err != nil {
		return err
	}
	h, err := s.Parties.CreateHub(c.Request().Context(), id, hubInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, hubDTO(h))
}

func (s *Server) GetHub(c echo.Context, id api.ID) error {
	h, err := s.Parties.Hub(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hubDTO(h))
}

func (s *Server) ReplaceHub(c echo.Context, id api.ID) error {
	var req api.HubInput
	if err := bind(c, &req); err != nil {
		return err
	}
	h, err := s.Parties.ReplaceHub(c.Request().Context(), id, hubInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, hubDTO(h))
}

func (s *Server) DeleteHub(c echo.Context, id api.ID) error {
	if err := s.Parties.DeleteHub(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

func regionInput(b api.ServiceRegionInput) parties.RegionInput {
	return parties.RegionInput{Name: b.Name, Countries: b.Countries, HubID: b.HubId}
}

func regionDTO(r *ent.ServiceRegion) api.ServiceRegion {
	out := api.ServiceRegion{Id: r.ID, DistributorId: r.DistributorID, Name: r.Name, Countries: r.Countries,
		HubId: r.HubID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if out.Countries == nil {
		out.Countries = []string{}
	}
	return out
}

func (s *Server) ListServiceRegions(c echo.Context, id api.ID, p api.ListServiceRegionsParams) error {
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.ServiceRegion, error) {
		return s.Parties.ServiceRegions(ctx, id, after, n)
	}, func(r *ent.ServiceRegion) uuid.UUID { return r.ID }, regionDTO)
}

func (s *Server) CreateServiceRegion(c echo.Context, id api.ID) error {
	var req api.ServiceRegionInput
	if err := bind(c, &req); err != nil {
		return err
	}
	r, err := s.Parties.CreateServiceRegion(c.Request().Context(), id, regionInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, regionDTO(r))
}

func (s *Server) GetServiceRegion(c echo.Context, id api.ID) error {
	r, err := s.Parties.ServiceRegion(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regionDTO(r))
}

func (s *Server) ReplaceServiceRegion(c echo.Context, id api.ID) error {
	var req api.ServiceRegionInput
	if err := bind(c, &req); err != nil {
		return err
	}
	r, err := s.Parties.ReplaceServiceRegion(c.Request().Context(), id, regionInput(req))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, regionDTO(r))
}

func (s *Server) DeleteServiceRegion(c echo.Context, id api.ID) error {
	if err := s.Parties.DeleteServiceRegion(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

func linkDTO(l *ent.DistributorLink) api.DistributorLink {
	out := api.DistributorLink{Id: l.ID, DistributorId: l.DistributorID, OrganizationId: l.OrganizationID,
		Kind: api.DistributorLinkKind(l.Kind), Status: api.DistributorLinkStatus(l.Status), CreatedBy: l.CreatedBy,
		EndedAt: l.EndedAt, EndedBy: l.EndedBy, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
	if d := l.Edges.Distributor; d != nil {
		out.DistributorName = d.LegalName
	}
	if o := l.Edges.Organization; o != nil {
		out.OrganizationName = o.LegalName
	}
	return out
}

func (s *Server) ListDistributorLinks(c echo.Context, p api.ListDistributorLinksParams) error {
	f := parties.LinkFilter{}
	if p.DistributorId != nil {
		f.DistributorID = *p.DistributorId
	}
	if p.OrganizationId != nil {
		f.OrganizationID = *p.OrganizationId
	}
	if p.Status != nil {
		f.Status = string(*p.Status)
	}
	return list(c, p.Cursor, p.Limit, func(ctx context.Context, after uuid.UUID, n int) ([]*ent.DistributorLink, error) {
		f.After, f.Limit = after, n
		return s.Parties.DistributorLinks(ctx, f)
	}, func(l *ent.DistributorLink) uuid.UUID { return l.ID }, linkDTO)
}

func (s *Server) CreateDistributorLink(c echo.Context) error {
	var req api.DistributorLinkInput
	if err := bind(c, &req); err != nil {
		return err
	}
	l, created, err := s.Parties.LinkDistributor(c.Request().Context(), req.DistributorId, req.OrganizationId)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return c.JSON(status, linkDTO(l))
}

func (s *Server) GetDistributorLink(c echo.Context, id api.ID) error {
	l, err := s.Parties.DistributorLink(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, linkDTO(l))
}

func (s *Server) EndDistributorLink(c echo.Context, id api.ID) error {
	l, err := s.Parties.EndDistributorLink(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, linkDTO(l))
}
