package identity

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// limiter is a fixed-window counter in Redis, shared by every replica.
type limiter struct {
	rdb    redis.UniversalClient
	window time.Duration
}

// incr counts one hit on key and returns a 429 problem once limit is exceeded.
// Redis being down is a 503: logins fail closed rather than unthrottled.
var incrScript = redis.NewScript(`
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {n, ttl}
`)

func (l *limiter) hit(ctx context.Context, key string, limit int) error {
	res, err := incrScript.Run(ctx, l.rdb, []string{key}, l.window.Milliseconds()).Int64Slice()
	if err != nil {
		return problem.Unavailable(err, "rate limiter unavailable")
	}
	if n, ttl := res[0], res[1]; n > int64(limit) {
		return problem.TooManyRequests(time.Duration(ttl)*time.Millisecond,
			"too many login attempts; retry after %d seconds", (ttl+999)/1000)
	}
	return nil
}

func (l *limiter) reset(ctx context.Context, key string) {
	_ = l.rdb.Del(ctx, key).Err()
}

func accountKey(tenantSlug, email string) string {
	return fmt.Sprintf("manifold:login:acct:%s:%s", tenantSlug, email)
}

func ipKey(ip string) string { return "manifold:login:ip:" + ip }
