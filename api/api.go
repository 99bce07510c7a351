// Package api holds the OpenAPI contract (openapi.yaml) and the server interface and
// types generated from it. Edit openapi.yaml, then run `make generate`.
package api

import _ "embed"

//go:generate go tool oapi-codegen -config oapi-codegen.yaml openapi.yaml

// Spec is the OpenAPI document served at /api/v1/openapi.yaml.
//
//go:embed openapi.yaml
var Spec []byte
