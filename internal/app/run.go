package app

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/manifoldhq/manifold/internal/platform/jobs"
)

// group runs functions until the first returns or ctx ends, then cancels the rest and
// waits for them.
type group struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
	once   sync.Once
	err    error
}

func newGroup(ctx context.Context) (*group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &group{cancel: cancel}, ctx
}

func (g *group) Go(fn func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := fn(); err != nil && !errors.Is(err, context.Canceled) {
			g.once.Do(func() { g.err = err })
		}
		g.cancel()
	}()
}

func (g *group) Wait() error {
	g.wg.Wait()
	return g.err
}

// Background starts what every API process needs besides HTTP: policy, revocation and
// cache-eviction fan-out from the other replicas.
func (a *App) background(g *group, ctx context.Context) {
	g.Go(func() error { return a.Authz.Run(ctx) })
	g.Go(func() error { return a.Identity.Run(ctx) })
	g.Go(func() error { return a.OrgCache.Run(ctx) })
}

// ServeHTTP serves the API on addr until ctx ends, then drains in-flight requests for up
// to the shutdown timeout. ready, if not nil, receives the bound address.
func (a *App) ServeHTTP(ctx context.Context, ready func(addr string)) error {
	e, err := a.HTTP()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", a.Cfg.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	g, gctx := newGroup(ctx)
	a.background(g, gctx)
	// The API answers while the lists load; ad hoc screenings are 503 until then. Not a
	// group member: the group stops everything when one of its functions returns.
	go func() {
		if err := a.LoadSanctionsLists(gctx); err != nil && gctx.Err() == nil {
			a.Log.Error("sanctions lists not loaded: screening stays manual", "err", err)
			return
		}
		a.pollLists(gctx)
	}()
	g.Go(func() error {
		if ready != nil {
			ready(ln.Addr().String())
		}
		a.Log.Info("http listening", "addr", ln.Addr().String())
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			return err
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), a.Cfg.ShutdownTimeout)
		defer cancel()
		a.Log.Info("http draining")
		return srv.Shutdown(sctx)
	})
	return g.Wait()
}

// LoadSanctionsLists loads the current stored version of every sanctions list (recording
// the data shipped in the binary on first start), builds the name index and installs it
// as the screener of parties and ad hoc screenings (MANIFOLD_SCREENING=lists; with
// manual nothing is loaded). Loading happens once per process; afterwards the process
// follows the stored versions (pollLists).
func (a *App) LoadSanctionsLists(ctx context.Context) error {
	if a.Cfg.Screening != "lists" {
		return nil
	}
	a.listsOnce.Do(func() {
		if err := a.Lists.Start(ctx); err != nil {
			a.listsErr = fmt.Errorf("load sanctions lists: %w", err)
			return
		}
		a.Names = a.Lists.Screener()
	})
	return a.listsErr
}

// pollLists follows the stored list versions until ctx ends: a version another process
// made current is loaded, indexed and swapped in here too (once per process).
func (a *App) pollLists(ctx context.Context) {
	if a.Cfg.Screening != "lists" || a.Names == nil {
		return
	}
	a.pollOnce.Do(func() {
		go func() { _ = a.Lists.Run(ctx, a.Cfg.ListsPoll) }()
	})
}

// RunWorker runs the job server, the outbox relay and the periodic scheduler until ctx
// ends; running jobs get the shutdown timeout to finish.
func (a *App) RunWorker(ctx context.Context) error {
	return a.runWorker(ctx, false)
}

// ServeWorkerMetrics serves /metrics and /healthz of a worker process on
// MANIFOLD_WORKER_METRICS_ADDR, so job and outbox metrics can be scraped.
func (a *App) serveWorkerMetrics(ctx context.Context) error {
	if a.Cfg.MetricsAddr == "" {
		<-ctx.Done()
		return nil
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	srv := &http.Server{Addr: a.Cfg.MetricsAddr, Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()
	a.Log.Info("worker metrics listening", "addr", a.Cfg.MetricsAddr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (a *App) runWorker(ctx context.Context, embedded bool) error {
	// Screening jobs must not run before the lists are in: load them first.
	if err := a.LoadSanctionsLists(ctx); err != nil {
		return err
	}
	a.pollLists(ctx)
	srv, err := jobs.NewServer(jobs.ServerConfig{
		Redis: a.Redis, DB: a.DB.Client, Mux: a.Mux, Logger: a.Log, Metrics: a.JobMetrics,
		Concurrency: a.Cfg.JobConcurrency, ShutdownTimeout: a.Cfg.ShutdownTimeout,
		TenantModel: a.tenantModel,
	})
	if err != nil {
		return err
	}
	relay, err := jobs.NewRelay(jobs.RelayConfig{
		DB: a.DB, Redis: a.Redis, Logger: a.Log, Metrics: a.JobMetrics,
		Interval: a.Cfg.OutboxPoll, RedeliveryTimeout: a.Cfg.OutboxRetry,
	})
	if err != nil {
		return err
	}
	g, gctx := newGroup(ctx)
	g.Go(func() error { return srv.Run(gctx) })
	g.Go(func() error { return relay.Run(gctx) })
	g.Go(func() error { return a.Scheduler.Run(gctx) })
	if !embedded {
		// In dev the API's /metrics already shows this process's registry.
		g.Go(func() error { return a.serveWorkerMetrics(gctx) })
	}
	return g.Wait()
}

// RunAll serves HTTP and runs the worker in one process (dev mode).
func (a *App) RunAll(ctx context.Context, ready func(addr string)) error {
	g, gctx := newGroup(ctx)
	g.Go(func() error { return a.ServeHTTP(gctx, ready) })
	g.Go(func() error { return a.runWorker(gctx, true) })
	return g.Wait()
}
