package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"

	"github.com/manifoldhq/manifold/internal/app"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/migrations"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/seed"
)

// build opens the app after making sure the schema is current.
func build(ctx context.Context, cfg *config.Config, log *slog.Logger, prepare bool) (*app.App, func(), error) {
	a, cleanup, err := app.New(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	if prepare {
		err = app.PrepareSchema(ctx, a.DB, log)
	} else {
		err = app.CheckSchema(ctx, a.DB)
	}
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	if err := a.UpgradePolicyPacks(ctx); err != nil {
		cleanup()
		return nil, nil, err
	}
	return a, cleanup, nil
}

func runDev(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return err
	}
	a, cleanup, err := build(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer cleanup()
	if cfg.SeedDemo {
		created, err := a.Seeder.Run(ctx)
		if err != nil {
			return fmt.Errorf("seed demo data: %w", err)
		}
		if created {
			log.Info("demo marketplaces seeded")
		}
	}
	return a.RunAll(ctx, func(addr string) { seed.PrintLogins(stdout, baseURL(addr)) })
}

func baseURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "::" || host == "0.0.0.0" || host == "127.0.0.1" || host == "::1" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

func runServe(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	a, cleanup, err := build(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer cleanup()
	return a.ServeHTTP(ctx, nil)
}

func runWorker(ctx context.Context, cfg *config.Config, log *slog.Logger) error {
	a, cleanup, err := build(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer cleanup()
	return a.RunWorker(ctx)
}

func runMigrate(ctx context.Context, cfg *config.Config, stdout io.Writer) error {
	if !cfg.Postgres() {
		return fmt.Errorf("migrate applies versioned migrations to PostgreSQL; set MANIFOLD_DATABASE_URL=postgres://… (SQLite is prepared by `manifold dev`)")
	}
	return migrations.MigrateMain(ctx, cfg.DatabaseURL, stdout)
}

func migrateGen(args []string, stdout io.Writer) error {
	return migrations.GenerateMain(context.Background(), args, stdout)
}

func runSeed(ctx context.Context, cfg *config.Config, log *slog.Logger, stdout io.Writer) error {
	a, cleanup, err := build(ctx, cfg, log, !cfg.Postgres())
	if err != nil {
		return err
	}
	defer cleanup()
	created, err := a.Seeder.Run(ctx)
	if err != nil {
		return err
	}
	if created {
		fmt.Fprintln(stdout, "demo marketplaces seeded")
	} else {
		fmt.Fprintln(stdout, "demo marketplaces already present")
	}
	seed.PrintLogins(stdout, baseURL(cfg.Addr))
	return nil
}

type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit %d", int(e)) }
func (e exitCode) ExitCode() int { return int(e) }

func runAuditVerify(ctx context.Context, cfg *config.Config, log *slog.Logger, slug string, stdout io.Writer) error {
	if strings.TrimSpace(slug) == "" {
		return fmt.Errorf("usage: manifold audit verify --tenant SLUG")
	}
	a, cleanup, err := build(ctx, cfg, log, false)
	if err != nil {
		return err
	}
	defer cleanup()
	t, err := a.Tenants.BySlug(ctx, slug)
	if err != nil {
		return err
	}
	// Scoped to the tenant: under a plain system context the privacy layer steps aside
	// and Verify would walk every tenant's events as one chain.
	rep, err := a.Audit.Verify(tenant.ForTenant(ctx, t.ID, tenant.Model(t.Model), tenant.SystemAudit), t.ID)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(rep); err != nil {
		return err
	}
	if !rep.OK {
		return exitCode(3)
	}
	return nil
}

func runAdminCreate(ctx context.Context, cfg *config.Config, log *slog.Logger, email, name string, stdin io.Reader, stdout io.Writer) error {
	pw := os.Getenv("MANIFOLD_ADMIN_PASSWORD")
	if pw == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("admin create: set MANIFOLD_ADMIN_PASSWORD or pipe the password on stdin")
		}
		pw = strings.TrimRight(line, "\r\n")
	}
	a, cleanup, err := build(ctx, cfg, log, !cfg.Postgres())
	if err != nil {
		return err
	}
	defer cleanup()
	admin, err := a.Identity.CreatePlatformAdmin(ctx, email, name, pw)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "platform admin %s created (id %s); log in with tenant %q\n", admin.Email, admin.ID, "platform")
	return nil
}
