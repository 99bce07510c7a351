// Package ent holds the generated data layer. Edit ent/schema, then run `make generate`.
package ent

//go:generate go run -mod=mod entc.go
