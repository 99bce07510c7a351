package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/catalog/importjob"
	"github.com/manifoldhq/manifold/internal/compliance"
	"github.com/manifoldhq/manifold/internal/parties"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/tenants"
)

// Periodic task types owned by the platform wiring.
const (
	TypeSweepIdempotency = "platform:sweep_idempotency"
	TypeSweepSessions    = "identity:sweep_sessions"
	TypeSweepImports     = "catalog:sweep_imports"
)

// registerJobs puts every task handler on the mux and every periodic task on the
// scheduler. Each area owns its types and handlers; this is only the switchboard.
func registerJobs(a *App) error {
	jobs.HandleJSON(a.Mux, tenants.TypeWelcome, a.Tenants.HandleWelcome(a.Mailer))
	jobs.HandleJSON(a.Mux, parties.TypeScreen, a.Parties.HandleScreen)
	jobs.HandleJSON(a.Mux, parties.TypeScreenConsignee, a.Checks.HandleScreenConsignee)
	jobs.HandleJSON(a.Mux, compliance.TypeRescreen, a.Rescreens.HandleRescreen)
	jobs.HandleJSON(a.Mux, compliance.TypeRescreenTenant, a.Rescreens.HandleRescreenTenant)
	jobs.HandleJSON(a.Mux, compliance.TypeOrderChecks, a.OrderChecks.HandleOrderChecks)
	a.Mux.Handle(compliance.TypePeriodicRescreen, func(ctx context.Context, _ json.RawMessage) error {
		_, err := a.Rescreens.StartPeriodic(ctx, a.Cfg.RescreenPeriod)
		return err
	})
	if _, err := a.Scheduler.Register("43 1 * * *", jobs.Task{Type: compliance.TypePeriodicRescreen, Queue: jobs.QueueLow, MaxRetry: 3}); err != nil {
		return err
	}
	jobs.HandleJSON(a.Mux, parties.TypeSendInvitation, a.Parties.HandleSendInvitation(a.Mailer))
	jobs.HandleJSON(a.Mux, importjob.TypePlan, a.Imports.HandlePlan)
	jobs.HandleJSON(a.Mux, importjob.TypeApply, a.Imports.HandleApply)

	cleanup, err := jobs.NewCleanup(jobs.CleanupConfig{DB: a.DB.Client, Logger: a.Log, Metrics: a.JobMetrics})
	if err != nil {
		return err
	}
	if err := cleanup.Register(a.Mux, a.Scheduler, "17 3 * * *"); err != nil {
		return err
	}
	if err := a.sweep(TypeSweepIdempotency, "@every 1h", "expired idempotency keys deleted", func(ctx context.Context) (int, error) {
		return a.Idempotency.Sweep(ctx, time.Now().UTC())
	}); err != nil {
		return err
	}
	if err := a.sweep(TypeSweepImports, "29 2 * * *", "finished product imports deleted", func(ctx context.Context) (int, error) {
		return a.Imports.Sweep(ctx, time.Now().UTC().Add(-a.Cfg.ImportRetention))
	}); err != nil {
		return err
	}
	return a.sweep(TypeSweepSessions, "41 4 * * *", "expired sessions deleted", func(ctx context.Context) (int, error) {
		return a.Identity.SweepSessions(ctx, time.Now().UTC().Add(-7*24*time.Hour))
	})
}

// sweep registers a periodic clean-up task that logs how many rows it removed.
func (a *App) sweep(typ, cronspec, msg string, fn func(ctx context.Context) (int, error)) error {
	a.Mux.Handle(typ, func(ctx context.Context, _ json.RawMessage) error {
		n, err := fn(ctx)
		if n > 0 {
			a.Log.InfoContext(ctx, msg, "count", n)
		}
		return err
	})
	_, err := a.Scheduler.Register(cronspec, jobs.Task{Type: typ, Queue: jobs.QueueLow, MaxRetry: 3})
	return err
}

// tenantModel lets the job middleware put the marketplace model in restored viewers.
// A tenant's model is set when it is created and never changes, so it is read once.
func (a *App) tenantModel(ctx context.Context, id uuid.UUID) (tenant.Model, error) {
	if m, ok := a.models.Load(id); ok {
		return m.(tenant.Model), nil
	}
	t, err := a.DB.Client.Tenant.Get(tenant.SystemContext(ctx, tenant.SystemJobs), id)
	if err != nil {
		return "", err
	}
	a.models.Store(id, tenant.Model(t.Model))
	return tenant.Model(t.Model), nil
}
