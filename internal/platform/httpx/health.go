package httpx

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/manifoldhq/manifold/internal/platform/logx"
	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Healthz answers 200 {"status":"ok"} while the process serves requests.
func Healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// Check is one readiness probe: Fn must return nil when the dependency named Name
// (e.g. "database", "redis") is reachable.
type Check struct {
	Name string
	Fn   func(ctx context.Context) error
}

// DefaultCheckTimeout bounds each readiness check when Readyz gets timeout 0.
const DefaultCheckTimeout = 2 * time.Second

// Readyz runs every check concurrently, each bounded by timeout, and answers 200
// {"status":"ok","checks":{name:"ok"}} or a 503 problem whose detail and errors name
// each failing dependency ("unreachable" or "timed out"; causes are logged only).
func Readyz(log *slog.Logger, timeout time.Duration, checks ...Check) echo.HandlerFunc {
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		errs := make([]error, len(checks))
		var wg sync.WaitGroup
		for i, ch := range checks {
			wg.Go(func() {
				cctx, cancel := context.WithTimeout(ctx, timeout)
				defer cancel()
				errs[i] = runCheck(cctx, ch.Fn)
			})
		}
		wg.Wait()

		var failed problem.Fields
		var names []string
		status := map[string]string{}
		for i, ch := range checks {
			if err := errs[i]; err != nil {
				msg := "unreachable"
				if errors.Is(err, context.DeadlineExceeded) {
					msg = "timed out"
				}
				failed.Add(ch.Name, "%s", msg)
				names = append(names, ch.Name)
				log.LogAttrs(ctx, slog.LevelWarn, "readiness check failed",
					slog.String("check", ch.Name), slog.String("error", err.Error()))
				continue
			}
			status[ch.Name] = "ok"
		}
		if len(failed) > 0 {
			pe := problem.Unavailable(errors.Join(errs...), "not ready: %s", strings.Join(names, ", "))
			pe.Fields = failed
			body, h := problem.From(pe)
			body.Instance = c.Request().URL.Path
			body.RequestID = logx.RequestID(c.Request().Context())
			writeProblem(c, body, h)
			return nil
		}
		return c.JSON(http.StatusOK, map[string]any{"status": "ok", "checks": status})
	}
}

// runCheck returns the check's error, or the context's when the check ignores it.
func runCheck(ctx context.Context, fn func(context.Context) error) (err error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("check panicked: %v", r)
			}
		}()
		done <- fn(ctx)
	}()
	select {
	case err = <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
