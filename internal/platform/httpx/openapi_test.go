package httpx_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/httpx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

func readSpec(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeAuthz allows "list" and "read" on widgets, nothing else; "boom" fails.
type fakeAuthz struct{}

func (fakeAuthz) Allowed(_ context.Context, v *tenant.Viewer, resource, action string) (bool, error) {
	if roles := v.Roles(); len(roles) > 0 && roles[0] == "boom" {
		return false, errors.New("enforcer down")
	}
	return resource == "widgets" && (action == "list" || action == "read"), nil
}

// testAPI wires New + Validator + a fake authentication (X-Test-Viewer: user|admin)
// + Authorize, with handlers that echo what they received.
func testAPI(t *testing.T) *echo.Echo {
	t.Helper()
	v, err := httpx.NewValidator(readSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	e := httpx.New(httpx.Options{})
	api := e.Group("/api/v1", v.Middleware(), fakeAuthn, httpx.Authorize(fakeAuthz{}))
	reply := func(c echo.Context) error {
		op := httpx.Operation(c)
		id := ""
		if op != nil {
			id = op.OperationID
		}
		body, _ := io.ReadAll(c.Request().Body)
		return c.JSON(http.StatusOK, map[string]string{"op": id, "body": string(body), "query": c.QueryString()})
	}
	api.POST("/login", reply)
	api.GET("/widgets", reply)
	api.POST("/widgets", reply)
	api.GET("/widgets/:id", reply)
	api.GET("/admin/tenants", reply)
	api.GET("/me", reply)
	api.GET("/broken", reply)
	api.POST("/shapes", reply)
	api.GET("/unspecified", reply)
	e.GET("/healthz", httpx.Healthz)
	return e
}

func fakeAuthn(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		var v *tenant.Viewer
		switch c.Request().Header.Get("X-Test-Viewer") {
		case "user":
			v = &tenant.Viewer{TenantID: uuid.New(), UserID: uuid.New()}
		case "admin":
			v = &tenant.Viewer{UserID: uuid.New(), PlatformAdmin: true}
		case "boom":
			v = &tenant.Viewer{TenantID: uuid.New(), Grants: []tenant.Grant{{Role: "boom"}}}
		}
		if v != nil {
			req := c.Request()
			c.SetRequest(req.WithContext(tenant.NewContext(req.Context(), v)))
		}
		return next(c)
	}
}

func TestValidatorRejects(t *testing.T) {
	e := testAPI(t)
	tests := []struct {
		name   string
		method string
		target string
		body   string
		hdr    []string
		detail string            // "" = don't check
		fields map[string]string // exact set of field → message
	}{
		{name: "unknown field", method: "POST", target: "/api/v1/widgets",
			body:   `{"name":"a","qty":1,"colour":"red"}`,
			fields: map[string]string{"/colour": "is not a known field"}},
		{name: "unknown nested field", method: "POST", target: "/api/v1/widgets",
			body:   `{"name":"a","qty":1,"address":{"city":"x","zip":"1"}}`,
			fields: map[string]string{"/address/zip": "is not a known field"}},
		{name: "wrong type", method: "POST", target: "/api/v1/widgets",
			body:   `{"name":"a","qty":"many"}`,
			fields: map[string]string{"/qty": "value must be an integer"}},
		{name: "out of range", method: "POST", target: "/api/v1/widgets",
			body:   `{"name":"a","qty":1000}`,
			fields: map[string]string{"/qty": "number must be at most 100"}},
		{name: "missing required", method: "POST", target: "/api/v1/widgets",
			body:   `{"qty":1}`,
			fields: map[string]string{"/name": "is required"}},
		{name: "bad format", method: "POST", target: "/api/v1/widgets",
			body:   `{"name":"a","qty":1,"email":"nope"}`,
			fields: map[string]string{"/email": "must be a valid email"}},
		{name: "multiple errors at once", method: "POST", target: "/api/v1/widgets",
			body: `{"qty":0,"colour":"red","tags":[1],"address":{}}`,
			fields: map[string]string{
				"/name":         "is required",
				"/qty":          "number must be at least 1",
				"/colour":       "is not a known field",
				"/tags/0":       "value must be a string",
				"/address/city": "is required",
			}},
		{name: "malformed JSON", method: "POST", target: "/api/v1/widgets",
			body: `{"name": "a",`, detail: "malformed JSON body",
			fields: map[string]string{"body": "malformed JSON: unexpected end of input"}},
		{name: "malformed JSON syntax", method: "POST", target: "/api/v1/widgets",
			body: `{"name" "a"}`, detail: "malformed JSON body",
			fields: map[string]string{"body": "malformed JSON at offset 9: invalid character '\"' after object key"}},
		{name: "missing body", method: "POST", target: "/api/v1/widgets",
			detail: "a request body is required", fields: map[string]string{"body": "is required"}},
		{name: "query wrong type and out of range", method: "GET", target: "/api/v1/widgets?limit=abc&q=abcdefghijklmnop",
			fields: map[string]string{"query.limit": "must be an integer", "query.q": "maximum string length is 10"}},
		{name: "query out of range", method: "GET", target: "/api/v1/widgets?limit=500",
			fields: map[string]string{"query.limit": "number must be at most 200"}},
		{name: "path param format and missing header", method: "GET", target: "/api/v1/widgets/not-a-uuid",
			fields: map[string]string{"path.id": "must be a valid uuid", "header.X-Trace": "is required"}},
		{name: "wrong content type", method: "POST", target: "/api/v1/widgets", body: `name=a`,
			hdr: []string{"Content-Type", "application/x-www-form-urlencoded"}, detail: "unsupported Content-Type",
			fields: map[string]string{"header.Content-Type": "must be one of application/json"}},
		{name: "public operation validates too", method: "POST", target: "/api/v1/login",
			body: `{"email":"a@b.c","password":"x","tenant":"t"}`, fields: map[string]string{"/tenant": "is not a known field"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			hdr := append([]string{"X-Test-Viewer", "user"}, tt.hdr...)
			if tt.body == "" && tt.method == "POST" {
				body = http.NoBody
			}
			rec := do(t, e, tt.method, tt.target, body, hdr...)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status = %d, want 400: %s", rec.Code, rec.Body)
			}
			p := decodeProblem(t, rec)
			if p.Type != problem.TypeBase+"validation" {
				t.Errorf("type = %q", p.Type)
			}
			if tt.detail != "" && p.Detail != tt.detail {
				t.Errorf("detail = %q, want %q", p.Detail, tt.detail)
			}
			got := p.fields()
			if len(got) != len(p.Errors) {
				t.Errorf("duplicate fields: %+v", p.Errors)
			}
			for f, m := range tt.fields {
				if got[f] != m {
					t.Errorf("field %s = %q, want %q (all: %v)", f, got[f], m, got)
				}
			}
			if len(got) != len(tt.fields) {
				t.Errorf("fields = %v, want exactly %v", got, tt.fields)
			}
			if strings.Contains(rec.Body.String(), "Schema:") || strings.Contains(rec.Body.String(), "many") {
				t.Errorf("body leaks schema or value: %s", rec.Body)
			}
		})
	}
}

func TestValidatorPasses(t *testing.T) {
	e := testAPI(t)
	body := `{"name":"a","qty":1,"tags":["x"],"address":{"city":"Lyon"},"meta":{"free":"form"}}`
	rec := do(t, e, http.MethodPost, "/api/v1/widgets", strings.NewReader(body), "X-Test-Viewer", "user")
	// create is not allowed by fakeAuthz: validation passed, authorization refused.
	if rec.Code != http.StatusForbidden {
		t.Fatalf("status = %d: %s", rec.Code, rec.Body)
	}

	rec = do(t, e, http.MethodGet, "/api/v1/widgets?limit=10", nil, "X-Test-Viewer", "user")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"op":"listWidgets"`) {
		t.Fatalf("list: %d %s", rec.Code, rec.Body)
	}

	rec = do(t, e, http.MethodGet, "/api/v1/widgets/"+uuid.NewString(), nil, "X-Test-Viewer", "user", "X-Trace", "t")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"op":"getWidget"`) {
		t.Fatalf("get: %d %s", rec.Code, rec.Body)
	}

	// The handler still reads the body after validation.
	rec = do(t, e, http.MethodPost, "/api/v1/login", strings.NewReader(`{"email":"a@b.c","password":"pw"}`))
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `password`) {
		t.Fatalf("login: %d %s", rec.Code, rec.Body)
	}

	// allOf schemas stay open (closing a member would reject its siblings' fields).
	rec = do(t, e, http.MethodPost, "/api/v1/shapes", strings.NewReader(`{"name":"tri","sides":3}`), "X-Test-Viewer", "user")
	if rec.Code != http.StatusForbidden { // valid; fakeAuthz refuses shapes
		t.Fatalf("shapes: %d %s", rec.Code, rec.Body)
	}
}

func TestValidatorUnknownRoutePassesThrough(t *testing.T) {
	e := testAPI(t)
	rec := do(t, e, http.MethodGet, "/healthz", nil)
	if rec.Code != http.StatusOK || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", rec.Code, rec.Body)
	}
	rec = do(t, e, http.MethodGet, "/api/v1/unspecified?anything=1", nil)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"op":""`) {
		t.Fatalf("unspecified: %d %s", rec.Code, rec.Body)
	}
}

func TestAuthorize(t *testing.T) {
	e := testAPI(t)
	id := uuid.NewString()
	tests := []struct {
		name, method, target, viewer string
		status                       int
		typ                          string
	}{
		{"public without viewer", "POST", "/api/v1/login", "", 200, ""},
		{"no viewer", "GET", "/api/v1/widgets", "", 401, "unauthorized"},
		{"allowed", "GET", "/api/v1/widgets", "user", 200, ""},
		{"allowed read", "GET", "/api/v1/widgets/" + id, "user", 200, ""},
		{"not allowed", "POST", "/api/v1/widgets", "user", 403, "forbidden"},
		{"authenticated, no viewer", "GET", "/api/v1/me", "", 401, "unauthorized"},
		{"authenticated, any viewer", "GET", "/api/v1/me", "user", 200, ""},
		{"platform op, tenant user", "GET", "/api/v1/admin/tenants", "user", 403, "forbidden"},
		{"platform op, no viewer", "GET", "/api/v1/admin/tenants", "", 401, "unauthorized"},
		{"platform op, admin", "GET", "/api/v1/admin/tenants", "admin", 200, ""},
		{"missing x-authz is a spec bug", "GET", "/api/v1/broken", "user", 500, "internal"},
		{"authorizer error", "GET", "/api/v1/widgets", "boom", 500, "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			switch tt.target {
			case "/api/v1/login":
				body = strings.NewReader(`{"email":"a@b.c","password":"pw"}`)
			case "/api/v1/widgets":
				if tt.method == "POST" {
					body = strings.NewReader(`{"name":"a","qty":1}`)
				}
			}
			rec := do(t, e, tt.method, tt.target, body, "X-Test-Viewer", tt.viewer, "X-Trace", "t")
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.typ != "" {
				if p := decodeProblem(t, rec); p.Type != problem.TypeBase+tt.typ {
					t.Errorf("type = %q", p.Type)
				}
			}
		})
	}
}

func TestCheckSpec(t *testing.T) {
	v, err := httpx.NewValidator(readSpec(t))
	if err != nil {
		t.Fatal(err)
	}
	err = httpx.CheckSpec(v.Doc())
	if err == nil || err.Error() != "GET /broken: "+httpx.ErrNoPolicy.Error() {
		t.Fatalf("CheckSpec = %v", err)
	}
	p, err := httpx.PolicyOf(v.Doc().Paths.Find("/widgets").Post)
	if err != nil || p != (httpx.Policy{Resource: "widgets", Action: "create"}) {
		t.Fatalf("PolicyOf = %+v, %v", p, err)
	}
}

func TestPolicyOfMalformed(t *testing.T) {
	for name, ext := range map[string]map[string]any{
		"none":                {},
		"public and authz":    {"x-public": true, "x-authz": map[string]any{"resource": "a", "action": "b"}},
		"public and platform": {"x-public": true, "x-platform": true},
		"authz not an object": {"x-authz": "products:read"},
		"authz no action":     {"x-authz": map[string]any{"resource": "a"}},
		"authz extra key":     {"x-authz": map[string]any{"resource": "a", "action": "b", "scope": "c"}},
		"public not bool":     {"x-public": "yes"},
		"explicitly false":    {"x-public": false},
	} {
		if p, err := httpx.PolicyOf(&openapi3.Operation{Extensions: ext}); err == nil {
			t.Errorf("%s: PolicyOf = %+v, want an error", name, p)
		}
	}
	p, err := httpx.PolicyOf(&openapi3.Operation{Extensions: map[string]any{
		"x-platform": true, "x-authz": map[string]any{"resource": "tenant", "action": "create"}}})
	if err != nil || !p.Platform || p.Resource != "tenant" {
		t.Errorf("platform+authz: %+v %v", p, err)
	}
}

func TestNewValidatorRejectsBadSpec(t *testing.T) {
	if _, err := httpx.NewValidator([]byte("openapi: 3.0.3\ninfo: {}\npaths: {}\n")); err == nil {
		t.Fatal("want an error for an invalid spec")
	}
}

// TestValidatorOpenAPI31 checks that a 3.1 document (validated by kin-openapi's JSON
// Schema 2020-12 engine, whose errors have another shape) yields the same fields.
func TestValidatorOpenAPI31(t *testing.T) {
	spec := strings.Replace(string(readSpec(t)), "openapi: 3.0.3", "openapi: 3.1.0", 1)
	v, err := httpx.NewValidator([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	e := httpx.New(httpx.Options{})
	g := e.Group("/api/v1", v.Middleware())
	ok := func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }
	g.POST("/widgets", ok)
	g.GET("/widgets/:id", ok)

	rec := do(t, e, http.MethodPost, "/api/v1/widgets", strings.NewReader(`{"qty":0,"colour":"red","tags":[1],"address":{},"email":"x"}`))
	if rec.Code != http.StatusBadRequest {
		t.Fatalf("status = %d: %s", rec.Code, rec.Body)
	}
	got := decodeProblem(t, rec).fields()
	for _, f := range []string{"/name", "/qty", "/colour", "/tags/0", "/address/city", "/email"} {
		if got[f] == "" {
			t.Errorf("no error for %s: %v", f, got)
		}
	}
	if got["/colour"] != "is not a known field" || got["/name"] != "is required" || got["/email"] != "must be a valid email" {
		t.Errorf("messages: %v", got)
	}

	rec = do(t, e, http.MethodGet, "/api/v1/widgets/x", nil)
	got = decodeProblem(t, rec).fields()
	if got["path.id"] != "must be a valid uuid" || got["header.X-Trace"] != "is required" {
		t.Errorf("params: %v", got)
	}

	rec = do(t, e, http.MethodPost, "/api/v1/widgets", strings.NewReader(`{"name":"a","qty":1}`))
	if rec.Code != http.StatusNoContent {
		t.Errorf("valid body: %d %s", rec.Code, rec.Body)
	}
}

// TestValidatorConcurrent runs validations in parallel (go test -race) for both the 3.0
// and the 3.1 (JSON Schema 2020-12) engines.
func TestValidatorConcurrent(t *testing.T) {
	for _, version := range []string{"3.0.3", "3.1.0"} {
		spec := strings.Replace(string(readSpec(t)), "openapi: 3.0.3", "openapi: "+version, 1)
		v, err := httpx.NewValidator([]byte(spec))
		if err != nil {
			t.Fatal(err)
		}
		e := httpx.New(httpx.Options{})
		e.POST("/api/v1/widgets", func(c echo.Context) error { return c.NoContent(http.StatusNoContent) }, v.Middleware())
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Go(func() {
				body, want := `{"name":"a","qty":1}`, http.StatusNoContent
				if i%2 == 1 {
					body, want = `{"name":"a","qty":0,"x":1}`, http.StatusBadRequest
				}
				if rec := do(t, e, http.MethodPost, "/api/v1/widgets", strings.NewReader(body)); rec.Code != want {
					t.Errorf("%s: status %d, want %d: %s", version, rec.Code, want, rec.Body)
				}
			})
		}
		wg.Wait()
	}
}
