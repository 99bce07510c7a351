// Package mailtest runs an SMTP relay in process for tests: enough of RFC 5321 (EHLO,
// STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, QUIT) to check what a client sends.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"io"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"
)

// Relay is a small SMTP server speaking enough of RFC 5321 (EHLO, STARTTLS, AUTH PLAIN,
// MAIL, RCPT, DATA, QUIT) to check what the client sends.
type Relay struct {
	ln       net.Listener
	cert     tls.Certificate
	pool     *x509.CertPool
	starttls bool
	implicit bool
	rcptCode string

	mu   sync.Mutex
	msgs []Message
}

// Message is what the relay received: the envelope, the DATA and how it arrived.
type Message struct {
	From, To, Data string
	TLS            bool
	Auth           string // the user that authenticated, if any
}

// SelfSigned makes a certificate for 127.0.0.1 and a pool that trusts it.
func SelfSigned(t testing.TB) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "relay"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, IsCA: true, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, _ := x509.ParseCertificate(der)
	pool := x509.NewCertPool()
	pool.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, pool
}

// Options shape the relay.
type Options struct {
	STARTTLS bool   // offer STARTTLS
	Implicit bool   // TLS from the first byte (smtps)
	RcptCode string // answer to RCPT TO (default "250 ok")
}

// Start runs a relay on 127.0.0.1 until the test ends. AUTH PLAIN accepts user
// "mailer", password "s3cret", and is offered only over TLS.
func Start(t testing.TB, o Options) *Relay {
	t.Helper()
	cert, pool := SelfSigned(t)
	r := &Relay{cert: cert, pool: pool, starttls: o.STARTTLS, implicit: o.Implicit, rcptCode: o.RcptCode}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if r.implicit {
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{r.cert}})
	}
	r.ln = ln
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go r.serve(c)
		}
	}()
	return r
}

func (r *Relay) serve(c net.Conn) {
	defer c.Close()
	tc := textproto.NewConn(c)
	_, isTLS := c.(*tls.Conn)
	var cur Message
	reply := func(s string) { _ = tc.PrintfLine("%s", s) }
	reply("220 relay ready")
	for {
		line, err := tc.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO":
			lines := []string{"250-relay"}
			if r.starttls && !isTLS {
				lines = append(lines, "250-STARTTLS")
			}
			if isTLS {
				lines = append(lines, "250-AUTH PLAIN")
			}
			lines = append(lines, "250 8BITMIME")
			for _, l := range lines {
				reply(l)
			}
		case "STARTTLS":
			reply("220 go ahead")
			tlsConn := tls.Server(c, &tls.Config{Certificates: []tls.Certificate{r.cert}})
			if err := tlsConn.Handshake(); err != nil {
				return
			}
			c, isTLS = tlsConn, true
			tc = textproto.NewConn(c)
		case "AUTH":
			mech, payload, _ := strings.Cut(arg, " ")
			dec, _ := base64.StdEncoding.DecodeString(payload)
			if mech != "PLAIN" || string(dec) != "\x00mailer\x00s3cret" {
				reply("535 bad credentials")
				continue
			}
			cur.Auth = "mailer"
			reply("235 ok")
		case "MAIL":
			cur.From = arg
			reply("250 ok")
		case "RCPT":
			cur.To = arg
			if r.rcptCode != "" {
				reply(r.rcptCode)
				continue
			}
			reply("250 ok")
		case "DATA":
			reply("354 go ahead")
			data, err := io.ReadAll(tc.DotReader())
			if err != nil {
				return
			}
			cur.Data, cur.TLS = string(data), isTLS
			r.mu.Lock()
			r.msgs = append(r.msgs, cur)
			r.mu.Unlock()
			reply("250 queued")
		case "QUIT":
			reply("221 bye")
			return
		default:
			reply("502 unknown")
		}
	}
}

// Messages returns what the relay received so far.
func (r *Relay) Messages() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}

// Port is the relay's TCP port.
func (r *Relay) Port() string { _, p, _ := net.SplitHostPort(r.ln.Addr().String()); return p }

// ClientTLS trusts the relay's certificate.
func (r *Relay) ClientTLS() *tls.Config { return &tls.Config{RootCAs: r.pool, ServerName: "127.0.0.1"} }
