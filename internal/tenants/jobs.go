package tenants

import (
	"context"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// TypeWelcome greets a new marketplace's first admin. It is enqueued through the
// outbox in the transaction that creates the marketplace.
const TypeWelcome = "tenants:welcome"

// WelcomePayload names the admin to greet.
type WelcomePayload struct {
	AdminUserID uuid.UUID `json:"admin_user_id"`
	AdminEmail  string    `json:"admin_email"`
}

// Mailer sends a message (the dev mailer writes it to the log).
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// HandleWelcome sends the welcome message once: the audit record of the send and the
// outbox completion commit together, so a redelivered task finds the row done and
// does nothing. The mail goes out before that commit; a crash in between resends it,
// which is the right side to err on for a welcome note.
func (s *Service) HandleWelcome(m Mailer) func(ctx context.Context, p WelcomePayload) error {
	return func(ctx context.Context, p WelcomePayload) error {
		v := tenant.FromContext(ctx)
		return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
			first, err := jobs.Complete(ctx, tx)
			if err != nil || !first {
				return err
			}
			t, err := tx.Tenant.Get(ctx, v.TenantID)
			if err != nil {
				return err
			}
			body := "Your marketplace " + t.Name + " (" + t.Slug + ", " + string(t.Model) + ") is open. " +
				"Sign in with tenant \"" + t.Slug + "\" and this address."
			if err := m.Send(ctx, p.AdminEmail, "Welcome to Manifold", body); err != nil {
				return err
			}
			return s.audit.Record(ctx, tx, "tenant.welcome_sent", "user", p.AdminUserID.String(), nil,
				map[string]any{"to": p.AdminEmail})
		})
	}
}
