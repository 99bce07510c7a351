// Package migrations embeds the versioned PostgreSQL migrations (goose format) generated
// from ent/schema. Generate a new one with `go run ./cmd/manifold migrate-gen --name NAME`;
// never edit an applied migration.
package migrations

import "embed"

// FS holds the migration files, named NNNNN_name.sql.
//
//go:embed *.sql
var FS embed.FS
