package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Operation extensions read by Authorize.
const (
	ExtAuthz         = "x-authz"         // {resource: string, action: string}
	ExtPublic        = "x-public"        // true: no viewer needed
	ExtAuthenticated = "x-authenticated" // true: any authenticated viewer
	ExtPlatform      = "x-platform"      // true: platform admins only
)

const operationKey = "httpx.operation"

// Operation returns the OpenAPI operation the Validator matched for this request, or
// nil when the route is not in the spec (or no Validator ran).
func Operation(c echo.Context) *openapi3.Operation {
	op, _ := c.Get(operationKey).(*openapi3.Operation)
	return op
}

// Validator checks requests against an OpenAPI document.
type Validator struct {
	doc    *openapi3.T
	router routers.Router
	// routes maps "METHOD /echo/:path" to its operation, so a request echo has already
	// routed is matched by one map lookup instead of the gorilla router's regexp scan.
	routes map[string]*routers.Route
	opts   *openapi3filter.Options
}

// LoadSpec parses and validates an OpenAPI 3 document (YAML or JSON). External $refs
// are not followed.
func LoadSpec(spec []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("load openapi spec: %w", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("invalid openapi spec: %w", err)
	}
	return doc, nil
}

// NewValidator loads spec and prepares request validation:
//
//   - path, query, header and cookie parameters and request bodies are checked against
//     the matched operation, and every failing field is reported (MultiError);
//   - object schemas reachable from request bodies that do not say
//     additionalProperties are closed (additionalProperties: false), because
//     kin-openapi, like JSON Schema, allows unknown properties by default; schemas that
//     take part in allOf, or carry oneOf/anyOf next to their own properties, are left
//     open since closing them would reject the properties of their siblings;
//   - "uuid" and "email" string formats are checked (kin-openapi checks "date",
//     "date-time" and "byte" on its own);
//   - security schemes are not checked (authentication is separate);
//   - server URLs are reduced to their path, so that matching does not depend on the
//     host or scheme the request arrived with.
func NewValidator(spec []byte) (*Validator, error) {
	doc, err := LoadSpec(spec)
	if err != nil {
		return nil, err
	}
	if err := closeRequestSchemas(doc); err != nil {
		return nil, err
	}
	// Route on paths only: a server "https://api.example.com/api/v1" must match a
	// request to any host, as deployed behind a proxy.
	routed := *doc
	routed.Servers = pathOnlyServers(doc.Servers)
	router, err := gorillamux.NewRouter(&routed)
	if err != nil {
		return nil, fmt.Errorf("openapi router: %w", err)
	}
	return &Validator{
		doc:    doc,
		router: router,
		routes: echoRoutes(&routed),
		opts: &openapi3filter.Options{
			MultiError:         true,
			AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			SchemaValidationOptions: []openapi3.SchemaValidationOption{
				openapi3.WithStringFormatValidators(map[string]openapi3.StringFormatValidator{
					"uuid":  openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562),
					"email": openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForEmail),
				}),
			},
		},
	}, nil
}

// Doc returns the loaded document (with request schemas closed as described).
func (v *Validator) Doc() *openapi3.T { return v.doc }

func pathOnlyServers(in openapi3.Servers) openapi3.Servers {
	var out openapi3.Servers
	var seen []string
	for _, s := range in {
		p := s.URL
		if u, err := url.Parse(s.URL); err == nil && (u.Scheme != "" || u.Host != "") {
			p = u.Path
		}
		if strings.Contains(p, "{") { // templated: keep as is, kin-openapi resolves defaults
			p = s.URL
		}
		p = strings.TrimSuffix(p, "/")
		if slices.Contains(seen, p) {
			continue
		}
		seen = append(seen, p)
		out = append(out, &openapi3.Server{URL: p, Variables: s.Variables})
	}
	return out
}

// closeRequestSchemas sets additionalProperties: false on every object schema reachable
// from a request body that has properties and leaves additionalProperties unset,
// unless closing it would break a composition (see NewValidator).
func closeRequestSchemas(doc *openapi3.T) error {
	keepOpen := map[*openapi3.Schema]bool{}
	err := doc.WalkSchemas(func(_ string, ref *openapi3.SchemaRef) error {
		s := ref.Value
		for _, m := range s.AllOf {
			if m != nil && m.Value != nil {
				keepOpen[m.Value] = true
			}
		}
		if len(s.Properties) > 0 {
			for _, m := range slices.Concat(s.OneOf, s.AnyOf) {
				if m != nil && m.Value != nil {
					keepOpen[m.Value] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	closeFn := func(_ string, ref *openapi3.SchemaRef) error {
		s := ref.Value
		if len(s.Properties) == 0 || keepOpen[s] ||
			s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil ||
			s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil ||
			len(s.PatternProperties) > 0 || len(s.AllOf) > 0 ||
			((len(s.OneOf) > 0 || len(s.AnyOf) > 0) && len(s.Properties) > 0) ||
			s.If != nil || len(s.DependentSchemas) > 0 {
			return nil
		}
		s.AdditionalProperties = openapi3.AdditionalProperties{Has: openapi3.Ptr(false)}
		return nil
	}
	for _, pi := range doc.Paths.Map() {
		for _, op := range pi.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			for _, mt := range op.RequestBody.Value.Content {
				if mt == nil || mt.Schema == nil {
					continue
				}
				if err := mt.Schema.WalkSubtree(closeFn); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Middleware validates requests whose route is in the spec and stores the matched
// operation for Operation(c); other requests (health, metrics, the SPA) pass through.
// Invalid requests answer 400 problem+json listing every failing field.
func (v *Validator) Middleware() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			route, params, err := v.find(c)
			if err != nil {
				// ErrPathNotFound / ErrMethodNotAllowed: not ours to judge; echo's router
				// answers 404/405 for routes that do not exist at all.
				return next(c)
			}
			c.Set(operationKey, route.Operation)
			in := &openapi3filter.RequestValidationInput{
				Request:    req,
				PathParams: params,
				Route:      route,
				Options:    v.opts,
			}
			if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
				return requestProblem(err)
			}
			return next(c)
		}
	}
}

// echoRoutes indexes the document's operations by method and echo path template
// ("/api/v1/organizations/{id}" → "GET /api/v1/organizations/:id"), with the servers'
// path prefix (all servers must share it, else no index is built and matching falls
// back to the gorilla router).
func echoRoutes(doc *openapi3.T) map[string]*routers.Route {
	prefix := ""
	for i, s := range doc.Servers {
		p := strings.TrimSuffix(s.URL, "/")
		if i > 0 && p != prefix {
			return nil
		}
		prefix = p
	}
	out := map[string]*routers.Route{}
	for path, item := range doc.Paths.Map() {
		var b strings.Builder
		b.WriteString(prefix)
		for seg := range strings.SplitSeq(path, "/") {
			if seg == "" {
				continue
			}
			b.WriteByte('/')
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				b.WriteString(":" + seg[1:len(seg)-1])
			} else {
				b.WriteString(seg)
			}
		}
		for method, op := range item.Operations() {
			out[method+" "+b.String()] = &routers.Route{
				Spec: doc, Path: path, PathItem: item, Method: method, Operation: op,
			}
		}
	}
	return out
}

// find matches the request to its operation: by echo's matched route when echo routed
// it (c.Path() is the template), else through the gorilla router.
func (v *Validator) find(c echo.Context) (*routers.Route, map[string]string, error) {
	if r, ok := v.routes[c.Request().Method+" "+c.Path()]; ok {
		names, values := c.ParamNames(), c.ParamValues()
		params := make(map[string]string, len(names))
		for i, n := range names {
			if i < len(values) {
				params[n] = values[i]
			}
		}
		return r, params, nil
	}
	return v.router.FindRoute(c.Request())
}

// requestProblem turns a kin-openapi validation error into a problem.
func requestProblem(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return problem.PayloadTooLarge("request body exceeds %d bytes", mbe.Limit)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var fields problem.Fields
	detail := ""
	for _, e := range flatten(err) {
		var re *openapi3filter.RequestError
		if !errors.As(e, &re) {
			// Security errors cannot occur (NoopAuthenticationFunc); anything else is
			// reported without internals.
			fields.Add("request", "is invalid")
			continue
		}
		d, fs := requestErrorFields(re)
		if detail == "" {
			detail = d
		}
		fields = append(fields, fs...)
	}
	if detail == "" {
		detail = "the request does not match the API contract"
	}
	if len(fields) == 0 {
		fields.Add("request", "is invalid")
	}
	return &problem.Error{Kind: problem.KindValidation, Detail: detail, Fields: fields, Cause: err}
}

// flatten expands nested openapi3.MultiErrors into their members.
func flatten(err error) []error {
	me, ok := err.(openapi3.MultiError)
	if !ok {
		return []error{err}
	}
	var out []error
	for _, e := range me {
		out = append(out, flatten(e)...)
	}
	return out
}

// paramField names a parameter as "query.limit", "path.id", "header.X-Foo".
func paramField(p *openapi3.Parameter) string { return p.In + "." + p.Name }

var reUnsupported = regexp.MustCompile(`^property "(.*)" is unsupported$`)

func requestErrorFields(re *openapi3filter.RequestError) (string, []problem.FieldError) {
	if p := re.Parameter; p != nil {
		field := paramField(p)
		switch {
		case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			return "", []problem.FieldError{problem.Field(field, "is required")}
		case errors.Is(re.Err, openapi3filter.ErrInvalidEmptyValue):
			return "", []problem.FieldError{problem.Field(field, "must not be empty")}
		}
		var pe *openapi3filter.ParseError
		if errors.As(re.Err, &pe) {
			return "", []problem.FieldError{problem.Field(field, "%s", mustBe(p.Schema))}
		}
		return "", schemaFields(field, ".", re.Err)
	}
	if re.RequestBody != nil {
		switch {
		case errors.Is(re.Err, openapi3filter.ErrInvalidRequired):
			return "a request body is required", []problem.FieldError{problem.Field("body", "is required")}
		case re.Err == nil && strings.HasPrefix(re.Reason, "header Content-Type has unexpected value"):
			return "unsupported Content-Type", []problem.FieldError{problem.Field("header.Content-Type", "must be one of %s", strings.Join(contentTypes(re.RequestBody), ", "))}
		}
		var pe *openapi3filter.ParseError
		if errors.As(re.Err, &pe) {
			var se *json.SyntaxError
			var ute *json.UnmarshalTypeError
			switch cause := pe.RootCause(); {
			case errors.As(cause, &se):
				return "malformed JSON body", []problem.FieldError{problem.Field("body", "malformed JSON at offset %d: %s", se.Offset, se.Error())}
			case errors.As(cause, &ute):
				return "malformed JSON body", []problem.FieldError{problem.Field("body", "malformed JSON at offset %d", ute.Offset)}
			case errors.Is(cause, io.ErrUnexpectedEOF) || errors.Is(cause, io.EOF):
				return "malformed JSON body", []problem.FieldError{problem.Field("body", "malformed JSON: unexpected end of input")}
			case pe.Kind == openapi3filter.KindUnsupportedFormat:
				return "unsupported Content-Type", []problem.FieldError{problem.Field("header.Content-Type", "is not supported")}
			}
			return "the request body could not be decoded", []problem.FieldError{problem.Field("body", "could not be decoded")}
		}
		return "", schemaFields("", "/", re.Err)
	}
	if re.Err != nil && strings.Contains(re.Err.Error(), "request body not allowed") {
		return "", []problem.FieldError{problem.Field("body", "is not allowed")}
	}
	return "", []problem.FieldError{problem.Field("request", "is invalid")}
}

func contentTypes(rb *openapi3.RequestBody) []string {
	var out []string
	for ct := range rb.Content {
		out = append(out, ct)
	}
	slices.Sort(out)
	return out
}

// schemaFields lists one FieldError per schema error in err. Body fields are JSON
// pointers ("/email", "/lines/0/qty"); parameter fields are "query.filter" with the
// pointer appended ("query.filter.name") for object parameters.
func schemaFields(base, sep string, err error) []problem.FieldError {
	var out []problem.FieldError
	for _, e := range flatten(err) {
		var se *openapi3.SchemaError
		if !errors.As(e, &se) {
			out = append(out, problem.Field(orRoot(base, sep), "is invalid"))
			continue
		}
		if se.Schema == nil { // converted from the JSON Schema 2020-12 validator (OpenAPI 3.1)
			out = append(out, schema2020Fields(base, sep, se)...)
			continue
		}
		path := se.JSONPointer()
		msg := se.Reason
		switch {
		case se.SchemaField == "required":
			msg = "is required"
		case se.SchemaField == "format":
			msg = "must be a valid " + se.Schema.Format
		case se.SchemaField == "properties" && reUnsupported.MatchString(se.Reason):
			path = append(path, reUnsupported.FindStringSubmatch(se.Reason)[1])
			msg = "is not a known field"
		case msg == "":
			msg = "does not match the schema (" + se.SchemaField + ")"
		}
		out = append(out, problem.Field(joinPointer(base, sep, path), "%s", msg))
	}
	return out
}

var printer = message.NewPrinter(language.English)

// schema2020Fields handles the errors kin-openapi converts from the JSON Schema
// 2020-12 validator it uses for OpenAPI 3.1 documents: a tree of SchemaErrors whose
// inner nodes wrap a MultiError of their causes and whose leaves wrap a
// *jsonschema.ValidationError. Each leaf becomes one field; oneOf/anyOf failures are
// reported once, at their own location, not per branch.
func schema2020Fields(base, sep string, se *openapi3.SchemaError) []problem.FieldError {
	if se.Origin != nil && se.SchemaField != "oneOf" && se.SchemaField != "anyOf" {
		if me, ok := errors.Unwrap(se.Origin).(openapi3.MultiError); ok {
			return schemaFields(base, sep, me)
		}
	}
	path := se.JSONPointer()
	var verr *jsonschema.ValidationError
	if !errors.As(se, &verr) {
		return []problem.FieldError{problem.Field(joinPointer(base, sep, path), "is invalid")}
	}
	var out []problem.FieldError
	switch k := verr.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			out = append(out, problem.Field(joinPointer(base, sep, append(slices.Clone(path), name)), "is required"))
		}
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			out = append(out, problem.Field(joinPointer(base, sep, append(slices.Clone(path), name)), "is not a known field"))
		}
	case *kind.Format:
		out = append(out, problem.Field(joinPointer(base, sep, path), "must be a valid %s", k.Want))
	case *kind.Type:
		out = append(out, problem.Field(joinPointer(base, sep, path), "value must be %s", strings.Join(k.Want, " or ")))
	default:
		out = append(out, problem.Field(joinPointer(base, sep, path), "%s", verr.ErrorKind.LocalizedString(printer)))
	}
	return out
}

func orRoot(base, sep string) string {
	if base == "" {
		return sep
	}
	return base
}

func joinPointer(base, sep string, path []string) string {
	if len(path) == 0 {
		return orRoot(base, sep)
	}
	esc := make([]string, len(path))
	for i, p := range path {
		esc[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
	}
	if base == "" {
		return sep + strings.Join(esc, sep)
	}
	return base + sep + strings.Join(esc, sep)
}

// mustBe describes the type a parameter value failed to parse as.
func mustBe(ref *openapi3.SchemaRef) string {
	if ref == nil || ref.Value == nil || ref.Value.Type == nil {
		return "is invalid"
	}
	t := ref.Value.Type
	switch {
	case t.Is("integer"):
		return "must be an integer"
	case t.Is("number"):
		return "must be a number"
	case t.Is("boolean"):
		return "must be true or false"
	case t.Is("array"):
		return "must be a list"
	case t.Is("object"):
		return "must be an object"
	}
	return "is invalid"
}

// ValidateResponse checks a response against the operation the request matched: its
// status must be documented and its body must fit the documented schema. Contract tests
// run it on every response; requests to routes outside the spec pass.
func (v *Validator) ValidateResponse(req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		return nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
		},
		Status: status,
		Header: header,
		Options: &openapi3filter.Options{
			IncludeResponseStatus: true,
			MultiError:            true,
		},
	}
	in.SetBodyBytes(body)
	return openapi3filter.ValidateResponse(req.Context(), in)
}
