package mail_test

import (
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"testing"

	"github.com/hibiken/asynq"

	"github.com/manifoldhq/manifold/internal/platform/mail"
	"github.com/manifoldhq/manifold/internal/platform/mail/mailtest"
)

func TestParse(t *testing.T) {
	good := map[string]string{
		"smtp://relay.example?from=noreply@manifold.example":                         "smtp relay.example:587 (starttls) from noreply@manifold.example",
		"smtps://u:p@relay.example?from=Manifold%20%3Cnoreply@manifold.example%3E":   "smtp relay.example:465 (tls) from noreply@manifold.example",
		"smtp://localhost:25?from=noreply@manifold.example&tls=none":                 "smtp localhost:25 (none) from noreply@manifold.example",
		"smtp://u:p@127.0.0.1:2525?from=noreply@manifold.example&tls=none&helo=app1": "smtp 127.0.0.1:2525 (none) from noreply@manifold.example",
	}
	for raw, want := range good {
		s, err := mail.Parse(raw)
		if err != nil {
			t.Errorf("%s: %v", raw, err)
			continue
		}
		if s.String() != want {
			t.Errorf("%s: %s, want %s", raw, s, want)
		}
	}
	for _, raw := range []string{
		"http://relay.example?from=a@b.example",              // scheme
		"smtp://?from=a@b.example",                           // no host
		"smtp://relay.example",                               // no from
		"smtp://relay.example?from=not-an-address",           // bad from
		"smtp://relay.example?from=a@b.example&tls=maybe",    // bad mode
		"smtps://relay.example?from=a@b.example&tls=none",    // contradiction
		"smtp://u:p@relay.example?from=a@b.example&tls=none", // password in clear to a remote relay
	} {
		if _, err := mail.Parse(raw); err == nil {
			t.Errorf("%s: accepted", raw)
		}
	}
}

func TestSendSTARTTLSWithAuth(t *testing.T) {
	r := mailtest.Start(t, mailtest.Options{STARTTLS: true})
	s, err := mail.Parse("smtp://mailer:s3cret@127.0.0.1:" + r.Port() + "?from=Manifold%20%3Cnoreply@manifold.example%3E")
	if err != nil {
		t.Fatal(err)
	}
	s = s.WithTLSConfig(r.ClientTLS())
	subject := "Einladung – Rhein Spezialchemie lädt Sie ein"
	body := "Hallo,\nbitte öffnen Sie https://manifold.example/invitations/accept?token=" + strings.Repeat("x", 90) + "\n.\nDanke"
	if err := s.Send(t.Context(), "Anna Müller <anna@buyer.example>", subject, body); err != nil {
		t.Fatal(err)
	}
	got := r.Messages()
	if len(got) != 1 {
		t.Fatalf("%d messages", len(got))
	}
	m := got[0]
	if !m.TLS || m.Auth != "mailer" || !strings.HasPrefix(m.From, "FROM:<noreply@manifold.example>") || m.To != "TO:<anna@buyer.example>" {
		t.Fatalf("envelope %+v", m)
	}
	msg, err := netmail.ReadMessage(strings.NewReader(m.Data))
	if err != nil {
		t.Fatal(err)
	}
	dec, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || dec != subject {
		t.Fatalf("subject %q (%v)", dec, err)
	}
	if to, _ := msg.Header.AddressList("To"); len(to) != 1 || to[0].Name != "Anna Müller" {
		t.Fatalf("To %v", to)
	}
	if msg.Header.Get("Message-ID") == "" || msg.Header.Get("Date") == "" {
		t.Fatal("Message-ID and Date are required")
	}
	raw, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	if want := body + "\n"; string(raw) != want { // the relay's DotReader turns CRLF back into LF
		t.Fatalf("body %q\nwant %q", raw, want)
	}
	for _, l := range strings.Split(m.Data, "\n") {
		if len(l) > 78 {
			t.Fatalf("line longer than 78 characters: %q", l)
		}
	}
}

func TestSendImplicitTLS(t *testing.T) {
	r := mailtest.Start(t, mailtest.Options{Implicit: true})
	s, err := mail.Parse("smtps://mailer:s3cret@127.0.0.1:" + r.Port() + "?from=noreply@manifold.example")
	if err != nil {
		t.Fatal(err)
	}
	s = s.WithTLSConfig(r.ClientTLS())
	if err := s.Send(t.Context(), "ops@op.example", "Welcome", "hi"); err != nil {
		t.Fatal(err)
	}
	if got := r.Messages(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("%+v", got)
	}
}

func TestSendFailures(t *testing.T) {
	// A relay without STARTTLS is refused in starttls mode: nothing is sent in clear.
	plain := mailtest.Start(t, mailtest.Options{})
	s, _ := mail.Parse("smtp://127.0.0.1:" + plain.Port() + "?from=noreply@manifold.example")
	if err := s.WithTLSConfig(plain.ClientTLS()).Send(t.Context(), "a@b.example", "x", "y"); err == nil || len(plain.Messages()) != 0 {
		t.Fatalf("sent without TLS: %v", err)
	}
	// ... unless the operator said the relay is local and plaintext.
	s, _ = mail.Parse("smtp://127.0.0.1:" + plain.Port() + "?from=noreply@manifold.example&tls=none")
	if err := s.Send(t.Context(), "a@b.example", "x", "y"); err != nil || len(plain.Messages()) != 1 || plain.Messages()[0].TLS {
		t.Fatalf("tls=none: %v", err)
	}
	// A certificate the client does not trust fails the handshake.
	r := mailtest.Start(t, mailtest.Options{STARTTLS: true})
	tlsCfg := r.ClientTLS()
	s, _ = mail.Parse("smtp://127.0.0.1:" + r.Port() + "?from=noreply@manifold.example")
	if err := s.Send(t.Context(), "a@b.example", "x", "y"); err == nil {
		t.Fatal("untrusted certificate accepted")
	}
	// 5xx is permanent (the job gives up), 4xx is retried.
	for code, permanent := range map[string]bool{"550 no such user": true, "451 try later": false} {
		r := mailtest.Start(t, mailtest.Options{STARTTLS: true, RcptCode: code})
		s, _ := mail.Parse("smtp://127.0.0.1:" + r.Port() + "?from=noreply@manifold.example")
		err := s.WithTLSConfig(r.ClientTLS()).Send(t.Context(), "a@b.example", "x", "y")
		if err == nil || errors.Is(err, asynq.SkipRetry) != permanent {
			t.Errorf("%s: err %v, permanent %v", code, err, errors.Is(err, asynq.SkipRetry))
		}
	}
	// Bad input never reaches the relay and is not retried.
	for _, c := range []struct{ to, subject string }{{"not an address", "x"}, {"a@b.example", "x\r\nBcc: evil@x.example"}} {
		err := s.WithTLSConfig(tlsCfg).Send(t.Context(), c.to, c.subject, "y")
		if !errors.Is(err, asynq.SkipRetry) {
			t.Errorf("%q/%q: %v", c.to, c.subject, err)
		}
	}
	// A dead relay is a retryable error, bounded by the context.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	s, _ = mail.Parse("smtp://" + addr + "?from=noreply@manifold.example")
	if err := s.Send(t.Context(), "a@b.example", "x", "y"); err == nil || errors.Is(err, asynq.SkipRetry) {
		t.Fatalf("dead relay: %v", err)
	}
}
