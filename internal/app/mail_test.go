package app_test

import (
	"fmt"
	"io"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"

	"github.com/manifoldhq/manifold/internal/platform/config"
	"github.com/manifoldhq/manifold/internal/platform/mail/mailtest"
)

// With MANIFOLD_SMTP_URL set, an invitation leaves through the relay (the outbox job
// sends it) and there is no dev inbox.
func TestInvitationMailGoesThroughTheSMTPRelay(t *testing.T) {
	relay := mailtest.Start(t, mailtest.Options{})
	h := newHarness(t, options{postgres: true, runBackground: true, tweak: func(c *config.Config) {
		c.SMTPURL = "smtp://127.0.0.1:" + relay.Port() + "?from=Manifold%20%3Cnoreply@manifold.example%3E&tls=none"
	}})
	if h.App.DevInbox != nil {
		t.Fatal("the dev inbox exists next to a real relay")
	}
	admin := h.login("demo-portal", "marketplace_admin")
	if r := h.do("POST", "/api/v1/invitations", admin, map[string]any{
		"email": "buyer@lyon-labs.example", "kind": "buyer", "legal_name": "Lyon Labs SAS", "country": "FR"}); r.Status != 201 {
		t.Fatalf("invite: %d %s", r.Status, r.Body)
	}
	// The seeded marketplaces' welcome notes go through the relay too.
	var m mailtest.Message
	eventually(t, "the invitation at the relay", func() (bool, string) {
		var to []string
		for _, x := range relay.Messages() {
			to = append(to, x.To)
			if x.To == "TO:<buyer@lyon-labs.example>" {
				m = x
				return true, ""
			}
		}
		return false, fmt.Sprint(to)
	})
	if !strings.HasPrefix(m.From, "FROM:<noreply@manifold.example>") {
		t.Fatalf("envelope %+v", m)
	}
	msg, err := netmail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if !regexp.MustCompile(`token=mfi_[A-Za-z0-9_-]+`).Match(body) {
		t.Fatalf("no invitation link in %q", body)
	}
}
