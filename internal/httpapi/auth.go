package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func (s *Server) Healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, api.Status{Status: "ok"})
}

func (s *Server) Readyz(c echo.Context) error { return s.Ready(c) }

func (s *Server) GetOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", api.Spec)
}

func (s *Server) Login(c echo.Context) error {
	var req api.LoginRequest
	if err := bind(c, &req); err != nil {
		return err
	}
	tok, err := s.Identity.Login(c.Request().Context(), identity.LoginInput{
		Tenant: req.Tenant, Email: req.Email, Password: req.Password,
		IP: c.RealIP(), UserAgent: c.Request().UserAgent(),
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.Token{AccessToken: tok.AccessToken, TokenType: api.Bearer, ExpiresIn: int(tok.ExpiresIn.Seconds())})
}

func (s *Server) Logout(c echo.Context) error {
	if err := s.Identity.Logout(c.Request().Context(), bearer(c)); err != nil {
		return err
	}
	return noContent(c)
}

func (s *Server) RevokeAllSessions(c echo.Context) error {
	n, err := s.Identity.RevokeAllSessions(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.RevokeAllResult{Revoked: n})
}

func (s *Server) GetMe(c echo.Context) error {
	me, err := s.Identity.Me(c.Request().Context())
	if err != nil {
		return err
	}
	perms, err := s.Policies.Permissions(c.Request().Context())
	if err != nil {
		return err
	}
	out := api.Me{Tenant: tenantDTO(me.Tenant), Organizations: []api.MeOrganization{}, Roles: []api.Role{}, Permissions: perms}
	if me.User != nil {
		out.User = &api.User{Id: me.User.ID, Email: me.User.Email, Name: me.User.Name}
	}
	if me.APIKey != nil {
		k := apiKeyDTO(me.APIKey)
		out.ApiKey = &k
	}
	v := tenant.FromContext(c.Request().Context())
	for _, r := range v.Roles() {
		out.Roles = append(out.Roles, api.Role(r))
	}
	byID := map[openapi_types.UUID]string{}
	for _, o := range me.Organizations {
		byID[o.ID] = o.LegalName
	}
	for _, o := range me.Organizations {
		for _, g := range me.Grants {
			if g.OrganizationID == o.ID {
				out.Organizations = append(out.Organizations, api.MeOrganization{
					Id: o.ID, Kind: api.OrganizationKind(o.Kind), LegalName: o.LegalName, Role: api.Role(g.Role)})
			}
		}
	}
	return c.JSON(http.StatusOK, out)
}
