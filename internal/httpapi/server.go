// Package httpapi holds the HTTP handlers of api/openapi.yaml: each decodes, calls one
// domain service and encodes. Requests reach them already validated against the spec,
// authenticated and authorized (see internal/app).
package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// Server implements api.ServerInterface.
type Server struct {
	Identity *identity.Service
	Tenants  *tenants.Service
	Parties  *parties.Service
	Policies *authz.Manager
	Audit    *audit.Log
}

var _ api.ServerInterface = (*Server)(nil)

// bearer returns the raw token of the Authorization header.
func bearer(c echo.Context) string {
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// Authenticate resolves a bearer token to a viewer in the request context. A request
// without credentials goes on anonymous (httpx.Authorize decides whether that is
// enough); bad credentials are a 401 here.
func Authenticate(ids *identity.Service) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			tok := bearer(c)
			if tok == "" {
				return next(c)
			}
			v, err := ids.Authenticate(c.Request().Context(), tok)
			if err != nil {
				return err
			}
			c.SetRequest(c.Request().WithContext(tenant.NewContext(c.Request().Context(), v)))
			return next(c)
		}
	}
}

// page turns the generic cursor/limit parameters into a keyset position.
func page(cursor *string, limit *int) (after uuid.UUID, n int, err error) {
	n = 50
	if limit != nil {
		n = *limit
	}
	if cursor != nil && *cursor != "" {
		var cur struct {
			After uuid.UUID `json:"a"`
		}
		if err := httpx.DecodeCursor(*cursor, &cur); err != nil {
			return uuid.Nil, 0, err
		}
		after = cur.After
	}
	return after, n, nil
}

// next returns the cursor after last when the page is full, "" otherwise.
func next(count, limit int, last uuid.UUID) string {
	if count < limit {
		return ""
	}
	return httpx.EncodeCursor(struct {
		After uuid.UUID `json:"a"`
	}{last})
}

// bind decodes the JSON body (already validated against the spec) into v.
func bind(c echo.Context, v any) error {
	if err := c.Bind(v); err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return problem.Validation("request body is not valid JSON")
		}
		return err
	}
	return nil
}

func noContent(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
