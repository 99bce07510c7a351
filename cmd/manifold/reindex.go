package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	enttenant "github.com/manifoldhq/manifold/ent/tenant"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// runReindex rebuilds the catalog search index of one marketplace (or of all), in
// batches with a progress line on stderr. The index is also kept in step by every
// catalog change; this is for existing data after the search migration, and repairs.
func runReindex(ctx context.Context, cfg *config.Config, log *slog.Logger, slug string, stdout, stderr io.Writer) error {
	a, cleanup, err := build(ctx, cfg, log, !cfg.Postgres())
	if err != nil {
		return err
	}
	defer cleanup()
	q := a.DB.Client.Tenant.Query().Order(enttenant.BySlug())
	if slug != "" {
		q = q.Where(enttenant.Slug(slug))
	}
	ts, err := q.All(tenant.SystemContext(ctx, tenant.SystemMigration))
	if err != nil {
		return err
	}
	if slug != "" && len(ts) == 0 {
		return fmt.Errorf("no marketplace %q", slug)
	}
	for _, t := range ts {
		tctx := tenant.ForTenant(ctx, t.ID, tenant.Model(t.Model), tenant.SystemMigration)
		err := a.Catalog.Index().Reindex(tctx, a.DB.Client, func(done, total int) {
			fmt.Fprintf(stderr, "\r%-24s %d/%d products", t.Slug, done, total)
		})
		fmt.Fprintln(stderr)
		if err != nil {
			return fmt.Errorf("reindex %s: %w", t.Slug, err)
		}
		fmt.Fprintf(stdout, "reindexed %s\n", t.Slug)
	}
	return nil
}
