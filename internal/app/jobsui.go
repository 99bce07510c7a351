package app

import (
	"net/http"
	"strings"
	"time"

	"github.com/hibiken/asynqmon"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// jobsCookie carries a platform admin's token for the job dashboard, whose pages a
// browser loads without an Authorization header.
const jobsCookie = "manifold_admin"

// mountJobsDashboard serves asynqmon at /admin/jobs for platform admins. Open
// /admin/jobs?access_token=<platform admin token> once: the token moves into an
// HttpOnly, SameSite=Strict cookie scoped to /admin/jobs and the URL is cleaned.
func (a *App) mountJobsDashboard(e *echo.Echo) error {
	mon := asynqmon.New(asynqmon.Options{
		RootPath:     "/admin/jobs",
		RedisConnOpt: a.asynqConn,
		ReadOnly:     false,
	})
	h := echo.WrapHandler(mon)
	guard := func(c echo.Context) error {
		if tok := c.QueryParam("access_token"); tok != "" {
			if err := a.requirePlatformAdmin(c, tok); err != nil {
				return err
			}
			c.SetCookie(&http.Cookie{
				Name: jobsCookie, Value: tok, Path: "/admin/jobs", HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: c.IsTLS(), Expires: time.Now().Add(a.Cfg.SessionTTL),
			})
			return c.Redirect(http.StatusSeeOther, "/admin/jobs/")
		}
		tok := ""
		if ck, err := c.Cookie(jobsCookie); err == nil {
			tok = ck.Value
		}
		if auth := c.Request().Header.Get(echo.HeaderAuthorization); strings.HasPrefix(strings.ToLower(auth), "bearer ") {
			tok = strings.TrimSpace(auth[7:])
		}
		if err := a.requirePlatformAdmin(c, tok); err != nil {
			return err
		}
		// The dashboard's own API mutates (retry, delete): same-site cookies plus this
		// header check keep other sites from driving it.
		if c.Request().Method != http.MethodGet && c.Request().Header.Get("Sec-Fetch-Site") == "cross-site" {
			return problem.Forbidden("cross-site request refused")
		}
		return h(c)
	}
	e.Any("/admin/jobs", guard)
	e.Any("/admin/jobs/*", guard)
	return nil
}

func (a *App) requirePlatformAdmin(c echo.Context, tok string) error {
	if tok == "" {
		return problem.Unauthorized("platform admin credentials required")
	}
	v, err := a.Identity.Authenticate(c.Request().Context(), tok)
	if err != nil {
		return err
	}
	if !v.PlatformAdmin {
		return problem.Forbidden("the job dashboard is for platform admins")
	}
	return nil
}
