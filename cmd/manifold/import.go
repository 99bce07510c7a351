package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/manifoldhq/manifold/ent/membership"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/ent/user"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

type importArgs struct {
	tenant, email, file string
	dryRun, validRows   bool
	encoding, delimiter string
}

// runImport plans a product CSV in this process as a seller user and, unless it is a dry
// run, applies it: the same code as the API's jobs, without the queue.
func runImport(ctx context.Context, cfg *config.Config, log *slog.Logger, in importArgs, stdout, stderr io.Writer) error {
	if in.tenant == "" || in.email == "" || in.file == "" {
		return fmt.Errorf("usage: manifold import --tenant SLUG --seller-email EMAIL --file products.csv [--dry-run] [--import-valid-rows]")
	}
	f, err := os.Open(in.file)
	if err != nil {
		return err
	}
	defer f.Close()
	a, cleanup, err := build(ctx, cfg, log, !cfg.Postgres())
	if err != nil {
		return err
	}
	defer cleanup()
	t, err := a.Tenants.BySlug(ctx, in.tenant)
	if err != nil {
		return err
	}
	// Find the user as the CLI's operator, then act as that user with its seller roles.
	lookup := tenant.ForTenant(ctx, t.ID, tenant.Model(t.Model), tenant.SystemAuth)
	u, err := a.DB.Client.User.Query().Where(user.Email(strings.ToLower(strings.TrimSpace(in.email)))).Only(lookup)
	if err != nil {
		return fmt.Errorf("no user %s in %s: %w", in.email, in.tenant, err)
	}
	ms, err := a.DB.Client.Membership.Query().Where(membership.UserID(u.ID),
		membership.HasOrganizationWith(organization.KindEQ(organization.KindSeller))).All(lookup)
	if err != nil {
		return err
	}
	v := &tenant.Viewer{TenantID: t.ID, TenantSlug: t.Slug, Model: tenant.Model(t.Model), UserID: u.ID}
	for _, m := range ms {
		if slices.Contains(catalog.SellerRoles(), string(m.Role)) {
			v.Grants = append(v.Grants, tenant.Grant{OrganizationID: m.OrganizationID, Role: string(m.Role)})
		}
	}
	if len(v.Grants) == 0 {
		return fmt.Errorf("%s does not manage a seller's catalog in %s", in.email, in.tenant)
	}
	ctx = tenant.NewContext(ctx, v)

	imp, err := a.Imports.Upload(ctx, importjob.UploadInput{Filename: filepath.Base(in.file), Body: f,
		Encoding: in.encoding, Delimiter: in.delimiter, ImportValidRows: in.validRows, Inline: true})
	if err != nil {
		return err
	}
	bar := progressBar(stderr)
	imp, rep, err := a.Imports.RunPlan(ctx, imp.ID, bar)
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	if rep == nil {
		return fmt.Errorf("import %s: %s", imp.Status, imp.Error)
	}
	if err := rep.WriteText(stdout); err != nil {
		return err
	}
	if in.dryRun {
		fmt.Fprintf(stdout, "\nDry run: nothing was written (import %s).\n", imp.ID)
		return nil
	}
	if rep.HasErrors() && !in.validRows {
		fmt.Fprintln(stdout, "\nNothing was written: fix the errors, or use --import-valid-rows.")
		return exitCode(1)
	}
	imp, err = a.Imports.ApplyNow(ctx, imp.ID, bar)
	fmt.Fprintln(stderr)
	if err != nil {
		return err
	}
	if imp.Status != "applied" {
		return fmt.Errorf("import %s: %s", imp.Status, imp.Error)
	}
	fmt.Fprintf(stdout, "\nApplied: %d created, %d updated, %d error rows skipped (import %s).\n",
		imp.Counts.Created, imp.Counts.Updated, imp.Counts.Skipped, imp.ID)
	return nil
}

// progressBar draws "\r<phase> [=====     ]  42% (4200/10000)" lines on w.
func progressBar(w io.Writer) importjob.ProgressFunc {
	return func(p schematype.ImportProgress) {
		pct := 100
		if p.Total > 0 {
			pct = p.Done * 100 / p.Total
		}
		const width = 30
		fill := pct * width / 100
		fmt.Fprintf(w, "\r%-9s [%s%s] %3d%% (%d/%d)", p.Phase, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), pct, p.Done, p.Total)
	}
}
