package httpapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/api"
	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/tenants"
)

func (s *Server) ListPolicyRules(c echo.Context, p api.ListPolicyRulesParams) error {
	rules, err := s.Policies.List(c.Request().Context())
	if err != nil {
		return err
	}
	// A tenant's policy is a few hundred rules: page over the sorted list in memory.
	var grants []api.PolicyRule
	for _, r := range rules {
		if r.Type == authz.RuleAllow {
			grants = append(grants, api.PolicyRule{Role: r.Role, Resource: r.Resource, Action: r.Action})
		}
	}
	req := httpx.PageRequest{}
	if p.Cursor != nil {
		req.Cursor = *p.Cursor
	}
	if p.Limit != nil {
		req.Limit = *p.Limit
	}
	page, err := httpx.Paginate(c.Request().Context(), req, func(_ context.Context, after *int, n int) ([]indexed, error) {
		start := 0
		if after != nil {
			start = *after + 1
		}
		var out []indexed
		for i := start; i < len(grants) && len(out) < n; i++ {
			out = append(out, indexed{i, grants[i]})
		}
		return out, nil
	}, func(x indexed) int { return x.i })
	if err != nil {
		return err
	}
	out := httpx.Page[api.PolicyRule]{Items: make([]api.PolicyRule, 0, len(page.Items)), NextCursor: page.NextCursor}
	for _, x := range page.Items {
		out.Items = append(out.Items, x.r)
	}
	return c.JSON(http.StatusOK, out)
}

type indexed struct {
	i int
	r api.PolicyRule
}

func (s *Server) AddPolicyRule(c echo.Context) error {
	var req api.PolicyRuleInput
	if err := bind(c, &req); err != nil {
		return err
	}
	r, err := s.Policies.Add(c.Request().Context(), tenants.PolicyInput{Role: string(req.Role), Resource: req.Resource, Action: req.Action})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, api.PolicyRule{Role: r.Role, Resource: r.Resource, Action: r.Action})
}

func (s *Server) RemovePolicyRule(c echo.Context) error {
	var req api.PolicyRuleInput
	if err := bind(c, &req); err != nil {
		return err
	}
	if err := s.Policies.Remove(c.Request().Context(), tenants.PolicyInput{Role: string(req.Role), Resource: req.Resource, Action: req.Action}); err != nil {
		return err
	}
	return noContent(c)
}

func (s *Server) ListTenants(c echo.Context, p api.ListTenantsParams) error {
	return list(c, p.Cursor, p.Limit, s.Tenants.List, func(t *ent.Tenant) uuid.UUID { return t.ID }, tenantDTO)
}

func (s *Server) CreateTenant(c echo.Context) error {
	var req api.TenantCreate
	if err := bind(c, &req); err != nil {
		return err
	}
	in := tenants.CreateInput{
		Slug: req.Slug, Name: req.Name, Model: string(req.Model), DefaultCurrency: req.DefaultCurrency,
		AdminEmail: req.AdminEmail, AdminPassword: req.AdminPassword,
	}
	if req.CommissionBps != nil {
		in.CommissionBps = *req.CommissionBps
	}
	created, err := s.Tenants.Create(c.Request().Context(), in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, tenantDTO(created.Tenant))
}
