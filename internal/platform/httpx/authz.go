package httpx

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Authorizer decides whether viewer v may perform action on resource (a resource type,
// e.g. "products", and an action, e.g. "create"); implemented by the casbin enforcer.
type Authorizer interface {
	Allowed(ctx context.Context, v *tenant.Viewer, resource, action string) (bool, error)
}

// Policy is what an operation's extensions say about who may call it.
type Policy struct {
	Public        bool   // x-public: true
	Authenticated bool   // x-authenticated: true
	Platform      bool   // x-platform: true
	Resource      string // x-authz.resource
	Action        string // x-authz.action
}

// ErrNoPolicy is returned by PolicyOf for an operation with none of x-authz,
// x-public, x-authenticated or x-platform.
var ErrNoPolicy = errors.New("operation has no x-authz, x-public, x-authenticated or x-platform")

// PolicyOf reads an operation's authorization extensions. It fails when none is
// present or one is malformed (x-authz without a non-empty resource and action, a
// non-boolean x-public/x-authenticated/x-platform, or x-public together with another).
func PolicyOf(op *openapi3.Operation) (Policy, error) {
	var p Policy
	if op == nil {
		return p, ErrNoPolicy
	}
	var err error
	if p.Public, err = boolExt(op, ExtPublic); err != nil {
		return p, err
	}
	if p.Authenticated, err = boolExt(op, ExtAuthenticated); err != nil {
		return p, err
	}
	if p.Platform, err = boolExt(op, ExtPlatform); err != nil {
		return p, err
	}
	if raw, ok := op.Extensions[ExtAuthz]; ok {
		m, ok := raw.(map[string]any)
		if !ok {
			return p, fmt.Errorf("%s: want an object {resource, action}, got %T", ExtAuthz, raw)
		}
		p.Resource, _ = m["resource"].(string)
		p.Action, _ = m["action"].(string)
		if p.Resource == "" || p.Action == "" {
			return p, fmt.Errorf("%s: resource and action must be non-empty strings", ExtAuthz)
		}
		for k := range m {
			if k != "resource" && k != "action" {
				return p, fmt.Errorf("%s: unknown key %q", ExtAuthz, k)
			}
		}
	}
	switch {
	case p.Public && (p.Authenticated || p.Platform || p.Resource != ""):
		return p, fmt.Errorf("%s cannot be combined with %s, %s or %s", ExtPublic, ExtAuthenticated, ExtPlatform, ExtAuthz)
	case !p.Public && !p.Authenticated && !p.Platform && p.Resource == "":
		return p, ErrNoPolicy
	}
	return p, nil
}

func boolExt(op *openapi3.Operation, name string) (bool, error) {
	raw, ok := op.Extensions[name]
	if !ok {
		return false, nil
	}
	b, ok := raw.(bool)
	if !ok {
		return false, fmt.Errorf("%s: want a boolean, got %T", name, raw)
	}
	return b, nil
}

// CheckSpec reports every operation of doc whose authorization extensions are missing
// or malformed, one line per operation ("GET /products: ..."); nil when all are fine.
// Use it in a test over api/openapi.yaml.
func CheckSpec(doc *openapi3.T) error {
	var errs []string
	paths := doc.Paths.Map()
	keys := make([]string, 0, len(paths))
	for k := range paths {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, path := range keys {
		ops := paths[path].Operations()
		methods := make([]string, 0, len(ops))
		for m := range ops {
			methods = append(methods, m)
		}
		slices.Sort(methods)
		for _, m := range methods {
			if _, err := PolicyOf(ops[m]); err != nil {
				errs = append(errs, fmt.Sprintf("%s %s: %v", m, path, err))
			}
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

// Authorize enforces the matched operation's policy (run it after the Validator and
// after authentication has put the viewer in the request context):
//
//   - x-public: true passes, with or without a viewer;
//   - otherwise no viewer → 401;
//   - x-authenticated: true passes any viewer;
//   - x-platform: true requires v.PlatformAdmin (else 403);
//   - x-authz {resource, action} asks authz (false → 403; an error is returned as is
//     and answers 500);
//   - x-platform and x-authz together must both pass;
//   - an operation without any of these → 500 (a spec bug, see CheckSpec).
//
// Requests that matched no operation (routes outside the spec: health, metrics, the
// SPA) pass through; mount Authorize only where every route is in the spec if that is
// not wanted.
func Authorize(authz Authorizer) echo.MiddlewareFunc {
	// The spec does not change at run time: read each operation's policy once.
	var policies sync.Map // *openapi3.Operation → policyResult
	policyOf := func(op *openapi3.Operation) (Policy, error) {
		if r, ok := policies.Load(op); ok {
			return r.(policyResult).p, r.(policyResult).err
		}
		p, err := PolicyOf(op)
		policies.Store(op, policyResult{p, err})
		return p, err
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			op := Operation(c)
			if op == nil {
				return next(c)
			}
			p, err := policyOf(op)
			if err != nil {
				return &problem.Error{Kind: problem.KindInternal, Detail: "operation policy",
					Cause: fmt.Errorf("%s %s (%s): %w", c.Request().Method, c.Path(), op.OperationID, err)}
			}
			if p.Public {
				return next(c)
			}
			ctx := c.Request().Context()
			v := tenant.FromContext(ctx)
			if v == nil {
				return problem.Unauthorized("authentication required")
			}
			if p.Platform && !v.PlatformAdmin {
				return problem.Forbidden("platform administrators only")
			}
			if p.Resource != "" {
				ok, err := authz.Allowed(ctx, v, p.Resource, p.Action)
				if err != nil {
					return fmt.Errorf("authorize %s %s: %w", p.Action, p.Resource, err)
				}
				if !ok {
					return problem.Forbidden("not allowed to %s %s", p.Action, p.Resource)
				}
			}
			return next(c)
		}
	}
}

// policyResult is a cached PolicyOf answer.
type policyResult struct {
	p   Policy
	err error
}
