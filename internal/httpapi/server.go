// Package httpapi holds the HTTP handlers of api/openapi.yaml: each decodes, calls one
// domain service and encodes. Requests reach them already validated against the spec,
// authenticated and authorized (see internal/app).
package httpapi

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/audit"
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
	Catalog  *catalog.Service
	Imports  *importjob.Service
	Policies *tenants.Policies
	Audit    *audit.Log
	// Determinations answers export-control questions.
	Determinations *compliance.Determinations
	// Checks is the compliance review queue.
	Checks *compliance.Checks
	// Rescreens are the rescreens after list changes and their progress.
	Rescreens *compliance.Rescreens
	// Ready answers /readyz with the real dependency checks.
	Ready echo.HandlerFunc
	// Inbox is the dev mailer's memory; nil outside dev mode (GET /api/v1/dev/inbox is 404).
	Inbox DevInbox
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

// list answers a keyset-paginated list: fetch returns up to n rows after the given id
// (uuid.Nil: from the start), ordered by id; dto maps each row for the wire.
func list[T, D any](c echo.Context, cursor *string, limit *int,
	fetch func(ctx context.Context, after uuid.UUID, n int) ([]T, error),
	id func(T) uuid.UUID, dto func(T) D,
) error {
	req := httpx.PageRequest{}
	if cursor != nil {
		req.Cursor = *cursor
	}
	if limit != nil {
		req.Limit = *limit
	}
	p, err := httpx.Paginate(c.Request().Context(), req, func(ctx context.Context, after *uuid.UUID, n int) ([]T, error) {
		a := uuid.Nil
		if after != nil {
			a = *after
		}
		return fetch(ctx, a, n)
	}, id)
	if err != nil {
		return err
	}
	out := httpx.Page[D]{Items: make([]D, 0, len(p.Items)), NextCursor: p.NextCursor}
	for _, row := range p.Items {
		out.Items = append(out.Items, dto(row))
	}
	return c.JSON(http.StatusOK, out)
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
