package httpapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func (s *Server) ListMemberships(c echo.Context, p api.ListMembershipsParams) error {
	return list(c, p.Cursor, p.Limit, s.Identity.Memberships,
		func(m *ent.Membership) uuid.UUID { return m.ID }, membershipDTO)
}

func (s *Server) UpdateMembership(c echo.Context, id api.ID) error {
	var req api.MembershipUpdate
	if err := bind(c, &req); err != nil {
		return err
	}
	m, err := s.Identity.UpdateMembershipRole(c.Request().Context(), id, string(req.Role))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, membershipDTO(m))
}

func (s *Server) ListAPIKeys(c echo.Context, p api.ListAPIKeysParams) error {
	return list(c, p.Cursor, p.Limit, s.Identity.APIKeys,
		func(k *ent.APIKey) uuid.UUID { return k.ID }, apiKeyDTO)
}

func (s *Server) CreateAPIKey(c echo.Context) error {
	var req api.APIKeyCreate
	if err := bind(c, &req); err != nil {
		return err
	}
	k, err := s.Identity.CreateAPIKey(c.Request().Context(), identity.CreateAPIKeyInput{
		Name: req.Name, OrganizationID: req.OrganizationId, Role: string(req.Role), ExpiresAt: req.ExpiresAt,
	})
	if err != nil {
		return err
	}
	d := apiKeyDTO(k.Key)
	return c.JSON(http.StatusCreated, api.APIKeyCreated{
		Id: d.Id, Name: d.Name, Prefix: d.Prefix, OrganizationId: d.OrganizationId, Role: d.Role,
		CreatedAt: d.CreatedAt, ExpiresAt: d.ExpiresAt, Secret: k.Secret,
	})
}

func (s *Server) RevokeAPIKey(c echo.Context, id api.ID) error {
	if err := s.Identity.RevokeAPIKey(c.Request().Context(), id); err != nil {
		return err
	}
	return noContent(c)
}

func (s *Server) ListAuditEvents(c echo.Context, p api.ListAuditEventsParams) error {
	in := audit.ListParams{Limit: 50}
	if p.Limit != nil {
		in.Limit = *p.Limit
	}
	if p.Cursor != nil && *p.Cursor != "" {
		var cur struct {
			Seq int64 `json:"s"`
		}
		if err := httpx.DecodeCursor(*p.Cursor, &cur); err != nil {
			return err
		}
		in.Cursor = cur.Seq
	}
	pg, err := s.Audit.List(c.Request().Context(), in)
	if err != nil {
		return err
	}
	out := api.AuditEventPage{Items: make([]api.AuditEvent, 0, len(pg.Events))}
	for _, e := range pg.Events {
		out.Items = append(out.Items, auditDTO(e))
	}
	if pg.NextCursor > 0 {
		out.NextCursor = httpx.EncodeCursor(struct {
			Seq int64 `json:"s"`
		}{pg.NextCursor})
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) VerifyAudit(c echo.Context) error {
	ctx := c.Request().Context()
	rep, err := s.Audit.Verify(ctx, tenant.FromContext(ctx).TenantID)
	if err != nil {
		return err
	}
	out := api.AuditReport{Ok: rep.OK, Checked: rep.EventsChecked}
	if p := rep.Problem; p != nil {
		kind := api.AuditReportProblemKind(p.Kind)
		out.Problem = &struct {
			Detail *string                     `json:"detail,omitempty"`
			Kind   *api.AuditReportProblemKind `json:"kind,omitempty"`
			Seq    *int64                      `json:"seq,omitempty"`
		}{Detail: &p.Detail, Kind: &kind, Seq: &p.Seq}
	}
	return c.JSON(http.StatusOK, out)
}
