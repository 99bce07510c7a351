// Package mail sends plain-text mail through an SMTP relay (RFC 5321) with STARTTLS or
// implicit TLS and AUTH PLAIN, building RFC 5322 messages with UTF-8 subjects (RFC 2047)
// and quoted-printable bodies.
package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/smtp"
	"net/textproto"
	"net/url"
	"strings"
	"time"

	"github.com/hibiken/asynq"
)

// TLS modes.
const (
	StartTLS = "starttls" // smtp://, the default: the relay must offer STARTTLS
	Implicit = "tls"      // smtps://: TLS from the first byte (port 465)
	NoTLS    = "none"     // plaintext, for a relay on the same host or network only
)

// SMTP is a mail transport. It is safe for concurrent use; each Send opens one
// connection.
type SMTP struct {
	addr     string // host:port
	host     string
	from     *mail.Address
	user     string
	password string
	mode     string
	timeout  time.Duration
	tls      *tls.Config
	helo     string
}

// Parse reads smtp://[user[:password]@]host[:port]?from=Name%20<addr>[&tls=starttls|none]
// or smtps://… (implicit TLS). Ports default to 587 (smtp) and 465 (smtps).
func Parse(raw string) (*SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("smtp url: not a URL") // url.Parse's error would echo the password
	}
	s := &SMTP{timeout: 30 * time.Second, helo: "localhost"}
	port := "587"
	switch u.Scheme {
	case "smtp":
		s.mode = StartTLS
	case "smtps":
		s.mode, port = Implicit, "465"
	default:
		return nil, fmt.Errorf("smtp url: scheme %q, want smtp or smtps", u.Scheme)
	}
	s.host = u.Hostname()
	if s.host == "" {
		return nil, errors.New("smtp url: no host")
	}
	if u.Port() != "" {
		port = u.Port()
	}
	s.addr = net.JoinHostPort(s.host, port)
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	q := u.Query()
	switch m := q.Get("tls"); m {
	case "":
	case StartTLS, NoTLS:
		if s.mode == Implicit {
			return nil, fmt.Errorf("smtp url: tls=%s with smtps", m)
		}
		s.mode = m
	default:
		return nil, fmt.Errorf("smtp url: tls=%q, want starttls or none", m)
	}
	if s.mode == NoTLS && s.user != "" && !isLocal(s.host) {
		return nil, errors.New("smtp url: refusing to send a password without TLS to a remote relay")
	}
	from := q.Get("from")
	if from == "" {
		return nil, errors.New("smtp url: from= is required (the sender address)")
	}
	if s.from, err = mail.ParseAddress(from); err != nil {
		return nil, fmt.Errorf("smtp url: from: %w", err)
	}
	if h := q.Get("helo"); h != "" {
		s.helo = h
	}
	s.tls = &tls.Config{ServerName: s.host, MinVersion: tls.VersionTLS12}
	return s, nil
}

// WithTLSConfig replaces the TLS configuration (a private CA; tests).
func (s *SMTP) WithTLSConfig(c *tls.Config) *SMTP { cp := *s; cp.tls = c; return &cp }

// String describes the transport without the password.
func (s *SMTP) String() string {
	return fmt.Sprintf("smtp %s (%s) from %s", s.addr, s.mode, s.from.Address)
}

func isLocal(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send delivers one message. A 5xx answer from the relay is permanent and wraps
// asynq.SkipRetry, so the job that sent it gives up instead of retrying a message the
// relay will never take; anything else (network, 4xx) is worth retrying.
func (s *SMTP) Send(ctx context.Context, to, subject, body string) error {
	rcpt, err := mail.ParseAddress(to)
	if err != nil {
		return fmt.Errorf("mail to %q: %w: %w", to, err, asynq.SkipRetry)
	}
	msg, err := s.build(rcpt, subject, body)
	if err != nil {
		return fmt.Errorf("%w: %w", err, asynq.SkipRetry)
	}
	if err := s.deliver(ctx, rcpt.Address, msg); err != nil {
		var pe *textproto.Error
		if errors.As(err, &pe) && pe.Code >= 500 {
			return fmt.Errorf("smtp %s: %w: %w", s.addr, err, asynq.SkipRetry)
		}
		return fmt.Errorf("smtp %s: %w", s.addr, err)
	}
	return nil
}

func (s *SMTP) deliver(ctx context.Context, rcpt string, msg []byte) error {
	deadline := time.Now().Add(s.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	dialer := &net.Dialer{Deadline: deadline}
	var conn net.Conn
	var err error
	if s.mode == Implicit {
		conn, err = (&tls.Dialer{NetDialer: dialer, Config: s.tls}).DialContext(ctx, "tcp", s.addr)
	} else {
		conn, err = dialer.DialContext(ctx, "tcp", s.addr)
	}
	if err != nil {
		return err
	}
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if err := c.Hello(s.helo); err != nil {
		return err
	}
	if s.mode == StartTLS {
		if ok, _ := c.Extension("STARTTLS"); !ok {
			return errors.New("relay does not offer STARTTLS (use tls=none only for a local relay)")
		}
		if err := c.StartTLS(s.tls); err != nil {
			return fmt.Errorf("starttls: %w", err)
		}
	}
	if s.user != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("relay does not offer AUTH")
		}
		if err := c.Auth(smtp.PlainAuth("", s.user, s.password, s.host)); err != nil {
			return fmt.Errorf("auth: %w", err)
		}
	}
	if err := c.Mail(s.from.Address); err != nil {
		return err
	}
	if err := c.Rcpt(rcpt); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// build writes the RFC 5322 message: CRLF line ends, a UTF-8 subject as an encoded word
// where needed, a quoted-printable text body.
func (s *SMTP) build(to *mail.Address, subject, body string) ([]byte, error) {
	if strings.ContainsAny(subject, "\r\n") {
		return nil, errors.New("mail subject contains a line break")
	}
	var id [12]byte
	_, _ = rand.Read(id[:])
	domain := s.from.Address[strings.LastIndexByte(s.from.Address, '@')+1:]
	var b bytes.Buffer
	header := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	header("From", s.from.String())
	header("To", to.String())
	header("Subject", mime.QEncoding.Encode("utf-8", subject))
	header("Date", time.Now().UTC().Format(time.RFC1123Z))
	header("Message-ID", "<"+hex.EncodeToString(id[:])+"@"+domain+">")
	header("MIME-Version", "1.0")
	header("Content-Type", `text/plain; charset="utf-8"`)
	header("Content-Transfer-Encoding", "quoted-printable")
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	if _, err := qp.Write([]byte(body)); err != nil {
		return nil, err
	}
	if err := qp.Close(); err != nil {
		return nil, err
	}
	b.WriteString("\r\n")
	return b.Bytes(), nil
}
