package app

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/manifoldhq/manifold/internal/httpapi"
)

// Mailer sends one plain-text message; tenants and parties declare the same interface.
type Mailer interface {
	Send(ctx context.Context, to, subject, body string) error
}

// devInboxSize is how many messages the dev mailer keeps.
const devInboxSize = 100

// DevMailer is the mail transport when no SMTP relay is configured: it logs each message
// without its body (a body may carry a secret such as an invitation token) and keeps
// the last devInboxSize messages in memory, which `manifold dev` shows at
// GET /api/v1/dev/inbox. It satisfies the Mailer interfaces of tenants and parties.
type DevMailer struct {
	log  *slog.Logger
	mu   sync.Mutex
	msgs []httpapi.DevMessage
}

// NewDevMailer returns an empty dev mailer.
func NewDevMailer(log *slog.Logger) *DevMailer { return &DevMailer{log: log} }

// Send logs the message and keeps it.
func (m *DevMailer) Send(ctx context.Context, to, subject, body string) error {
	m.log.InfoContext(ctx, "mail (dev mailer: not sent; the body is in the dev inbox)", "to", to, "subject", subject)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.msgs = append(m.msgs, httpapi.DevMessage{To: to, Subject: subject, Body: body, SentAt: time.Now().UTC()})
	if len(m.msgs) > devInboxSize {
		m.msgs = append([]httpapi.DevMessage(nil), m.msgs[len(m.msgs)-devInboxSize:]...)
	}
	return nil
}

// Messages returns the kept messages, newest first, to one address ("" for all).
func (m *DevMailer) Messages(to string) []httpapi.DevMessage {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]httpapi.DevMessage, 0, len(m.msgs))
	for i := len(m.msgs) - 1; i >= 0; i-- {
		if to == "" || strings.EqualFold(m.msgs[i].To, to) {
			out = append(out, m.msgs[i])
		}
	}
	return out
}
