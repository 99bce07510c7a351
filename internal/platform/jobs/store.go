package jobs

import (
	"context"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/outboxmessage"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// maxErrorLen is the schema's limit on outbox_messages.last_error.
const maxErrorLen = 2000

func outboxNotDone(id uuid.UUID) []predicate.OutboxMessage {
	return []predicate.OutboxMessage{outboxmessage.ID(id), outboxmessage.DoneAtIsNil()}
}

// recordFailure stores err on a row not yet done; dead also sets done_at so that the
// relay never delivers it again.
func recordFailure(ctx context.Context, c *ent.OutboxMessageClient, id uuid.UUID, msg string, dead bool) error {
	if msg == "" {
		msg = "unknown error"
	}
	u := c.Update().Where(outboxNotDone(id)...).SetLastError(truncate(msg, maxErrorLen))
	if dead {
		u.SetDoneAt(time.Now().UTC())
	}
	return u.Exec(tenant.SystemContext(ctx, tenant.SystemJobs))
}

// isDone reports whether the row is done. A missing row counts as done: rows are only
// deleted long after they are done (Cleanup).
func isDone(ctx context.Context, c *ent.OutboxMessageClient, id uuid.UUID) (bool, error) {
	n, err := c.Query().Where(outboxNotDone(id)...).Count(tenant.SystemContext(ctx, tenant.SystemJobs))
	if err != nil {
		return false, err
	}
	return n == 0, nil
}

// truncate cuts s to at most n bytes without splitting a UTF-8 sequence.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
