package identity

import (
	"context"
	"errors"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Throttle counts one hit of a public, unauthenticated action (a company sign-up, an
// invitation acceptance) under key, in the login limiter's window and shared by every
// replica, and answers 429 with Retry-After once limit is exceeded. Other domains call
// it so that their public endpoints are rate limited like login.
func (s *Service) Throttle(ctx context.Context, key string, limit int) error {
	err := s.limiter.hit(ctx, "manifold:throttle:"+key, limit)
	var pe *problem.Error
	if errors.As(err, &pe) && pe.Kind == problem.KindTooManyRequests {
		secs := (pe.RetryAfter.Milliseconds() + 999) / 1000
		return problem.TooManyRequests(pe.RetryAfter, "too many attempts; retry after %d seconds", secs)
	}
	return err
}
