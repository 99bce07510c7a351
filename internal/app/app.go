// Package app wires Manifold together by hand: it builds every dependency from the
// config with plain constructors and hands back the App and one cleanup func.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/hibiken/asynq"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/catalog"
	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/compliance/exportcontrol"
	"github.com/manifoldhq/manifold/internal/identity"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/authz"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/idempotency"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/mail"
	"github.com/manifoldhq/manifold/internal/platform/migrations"
	"github.com/manifoldhq/manifold/internal/platform/readcache"
	"github.com/manifoldhq/manifold/internal/platform/redisx"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/seed"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// App is the composed product.
type App struct {
	Cfg   *config.Config
	Log   *slog.Logger
	DB    *db.DB
	Redis redis.UniversalClient
	// models caches each tenant's marketplace model for restored job viewers.
	models sync.Map
	// asynqConn reaches the same Redis for the job dashboard.
	asynqConn asynq.RedisConnOpt
	Registry  *prometheus.Registry
	Blob      blob.Store
	// Mailer sends mail (invitations, welcome notes): the SMTP relay of
	// MANIFOLD_SMTP_URL, else the dev mailer (also kept in DevInbox).
	Mailer   Mailer
	DevInbox *DevMailer

	Audit    *audit.Log
	Authz    *authz.Manager
	Identity *identity.Service
	Tenants  *tenants.Service
	Parties  *parties.Service
	OrgCache *readcache.Cache[*ent.Organization]
	// Determinations answers export-control questions (internal/compliance).
	Determinations *compliance.Determinations
	// Checks records screenings and runs the compliance review queue.
	Checks *compliance.Checks
	// OrderChecks runs every check an order needs and answers one outcome.
	OrderChecks *compliance.OrderChecks
	// Names screens names against the loaded sanctions lists (nil until
	// LoadSanctionsLists ran, or with MANIFOLD_SCREENING=manual).
	Names *compliance.ListScreener
	// Lists stores sanctions list versions and keeps this process on the current ones.
	Lists *compliance.Lists
	// Rescreens screens every marketplace's parties again when a list changes.
	Rescreens *compliance.Rescreens
	listsOnce sync.Once
	listsErr  error
	pollOnce  sync.Once
	Catalog   *catalog.Service
	Imports   *importjob.Service
	Policies  *tenants.Policies
	Seeder    *seed.Seeder

	Idempotency *idempotency.Store
	JobMetrics  *jobs.Metrics
	Mux         *jobs.Mux
	Scheduler   *jobs.Scheduler
}

// New builds the App. The database must already have its schema (see PrepareSchema).
func New(ctx context.Context, cfg *config.Config, log *slog.Logger) (*App, func(), error) {
	var cleanups []func()
	cleanup := func() {
		for i := len(cleanups) - 1; i >= 0; i-- {
			cleanups[i]()
		}
	}
	fail := func(err error) (*App, func(), error) {
		cleanup()
		return nil, nil, err
	}
	a := &App{Cfg: cfg, Log: log, Registry: prometheus.NewRegistry()}
	a.Registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return fail(err)
	}
	a.DB = d
	cleanups = append(cleanups, func() { _ = d.Close() })

	rdb, conn, closeRedis, err := redisx.Connect(ctx, cfg.RedisURL, log)
	if err != nil {
		return fail(err)
	}
	a.Redis, a.asynqConn = rdb, conn
	cleanups = append(cleanups, closeRedis)

	if cfg.BlobURL == "" {
		a.Blob, err = blob.NewFS(filepath.Join(cfg.DataDir, "blobs"), blob.WithLogger(log))
	} else {
		a.Blob, err = blob.Open(cfg.BlobURL, cfg.BlobAccessKey, cfg.BlobSecretKey, "", blob.WithLogger(log))
	}
	if err != nil {
		return fail(fmt.Errorf("blob store: %w", err))
	}

	a.Audit = audit.New(d.Client, d.Dialect, audit.WithRequestID(logx.RequestID))
	if a.Authz, err = authz.NewManager(d.Client, rdb, log, cfg.AuthzCacheSize); err != nil {
		return fail(err)
	}
	a.Idempotency = idempotency.New(d.Client, idempotency.WithLogger(log))
	a.Identity, err = identity.NewService(d, rdb, a.Audit, log, identity.Config{
		SessionTTL: cfg.SessionTTL, LoginPerAccount: cfg.LoginPerAccount, LoginPerIP: cfg.LoginPerIP,
		LoginWindow: cfg.LoginWindow, ViewerCacheTTL: 10 * time.Second,
	})
	if err != nil {
		return fail(err)
	}
	a.Tenants = tenants.NewService(d, a.Authz, a.Audit, a.Identity, log)
	if cfg.SMTPURL != "" {
		relay, err := mail.Parse(cfg.SMTPURL)
		if err != nil {
			return fail(err)
		}
		a.Mailer = relay
		log.Info("mail goes through the SMTP relay", "relay", relay.String())
	} else {
		a.DevInbox = NewDevMailer(log)
		a.Mailer = a.DevInbox
		if !cfg.Embedded() {
			log.Warn("MANIFOLD_SMTP_URL is not set: mail is only logged (dev mailer)")
		}
	}
	// Organizations are read on most requests and change rarely: each replica keeps them
	// for a few seconds, evicted on every write on every replica (readcache).
	a.OrgCache = readcache.New[*ent.Organization]("organizations", readcache.Options{
		TTL: 10 * time.Second, Redis: rdb, Log: log,
	})
	a.Catalog = catalog.NewService(d, a.Audit, log).WithBlob(a.Blob)
	// Organizations are screened through the compliance checks (manual review until a
	// name screener is installed); reviews act on the organization through parties.
	a.Checks = compliance.NewChecks(d, nil, a.Audit, nil, log)
	a.Parties = parties.NewService(d, parties.Deps{
		Audit: a.Audit, Authz: a.Authz, Passwords: passwords{a.Identity}, Throttle: a.Identity,
		Revoker: a.Identity, Blob: a.Blob, Orgs: a.OrgCache, Index: a.Catalog.Index(), Screener: a.Checks, Log: log,
	}, parties.Config{})
	a.Checks.SetParties(a.Parties)
	a.Lists = compliance.NewLists(d, a.Checks, log)
	a.Rescreens = compliance.NewRescreens(d, a.Checks, a.Lists, log, cfg.RescreenBatch)
	d.Client.Organization.Use(a.Parties.CacheHook())
	engine, err := exportcontrol.New()
	if err != nil {
		return fail(err)
	}
	a.Determinations = compliance.NewDeterminations(engine, a.Parties, sellerOrgs)
	a.OrderChecks = compliance.NewOrderChecks(a.Checks, engine)
	a.Imports = importjob.NewService(d, a.Blob, a.Catalog, log)
	a.Policies = tenants.NewPolicies(d, a.Authz, a.Audit)
	a.Seeder = seed.New(d, a.Tenants, a.Identity, a.Catalog, a.Parties, log)

	if a.JobMetrics, err = jobs.NewMetrics(a.Registry); err != nil {
		return fail(err)
	}
	a.Mux = jobs.NewMux()
	if a.Scheduler, err = jobs.NewScheduler(jobs.SchedulerConfig{Conn: conn, Logger: log}); err != nil {
		return fail(err)
	}
	if err := registerJobs(a); err != nil {
		return fail(err)
	}
	return a, cleanup, nil
}

// sellerOrgs are the seller organizations a viewer acts for (any seller role).
func sellerOrgs(v *tenant.Viewer) []uuid.UUID {
	return v.OrganizationsWhere(func(r string) bool { return strings.HasPrefix(r, "seller_") })
}

// UpgradePolicyPacks brings every marketplace's policy up to its model's current pack
// (tenants.Policies.UpgradePacks) and logs what changed.
func (a *App) UpgradePolicyPacks(ctx context.Context) error {
	ups, err := a.Policies.UpgradePacks(ctx)
	for _, u := range ups {
		a.Log.Info("policy pack upgraded", "tenant", u.Slug, "added", len(u.Added), "removed", len(u.Removed))
		if len(u.Withheld) > 0 {
			a.Log.Warn("marketplace policy was tailored: new pack permissions withheld for its admin to grant",
				"tenant", u.Slug, "withheld", u.Withheld)
		}
	}
	return err
}

// PrepareSchema brings the database schema up to date: versioned goose migrations on
// PostgreSQL (never an auto-diff), ent's Schema.Create on SQLite (embedded mode).
func PrepareSchema(ctx context.Context, d *db.DB, log *slog.Logger) error {
	if d.Dialect == "postgres" {
		return migrations.Up(ctx, d.SQL)
	}
	if err := db.CreateSchema(ctx, d); err != nil {
		return fmt.Errorf("create sqlite schema: %w", err)
	}
	log.Debug("sqlite schema ready")
	return nil
}

// CheckSchema fails when PostgreSQL has pending migrations (serve and worker refuse to
// run on an old schema; `manifold migrate` fixes it).
func CheckSchema(ctx context.Context, d *db.DB) error {
	if d.Dialect != "postgres" {
		return PrepareSchema(ctx, d, slog.New(slog.DiscardHandler))
	}
	st, err := migrations.Status(ctx, d.SQL)
	if err != nil {
		return err
	}
	var pending int
	for _, s := range st {
		if s.State == "pending" {
			pending++
		}
	}
	if pending > 0 {
		return errors.New("database has pending migrations: run `manifold migrate` first")
	}
	return nil
}

// passwords gives the parties service identity's password hashing and checking.
type passwords struct{ *identity.Service }

func (p passwords) CheckPassword(pw, hash string) (bool, error) {
	return identity.VerifyPassword(pw, hash)
}
