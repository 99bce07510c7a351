package blob

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// AWS Signature Version 4, header form, as specified in the IAM User Guide ("Create a
// signed AWS API request") and, for S3's differences, the S3 API Reference
// ("Signature Calculations for the Authorization Header: Transferring Payload in a
// Single Chunk"). S3's rules are used throughout: the path is URI-encoded once and
// never normalized, which is also what the test suite's vectors without "." or "//"
// segments expect.

const (
	sigAlgorithm   = "AWS4-HMAC-SHA256"
	amzDateFormat  = "20060102T150405Z"
	scopeTerminal  = "aws4_request"
	emptySHA256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// unsignedHeaders are never signed: they are added or changed on the way (proxies,
// the Go transport) or are the signature itself.
var unsignedHeaders = map[string]bool{
	"authorization":     true,
	"user-agent":        true,
	"x-amzn-trace-id":   true,
	"expect":            true,
	"connection":        true,
	"accept-encoding":   true,
	"transfer-encoding": true,
	// Go writes Content-Length from Request.ContentLength, not from the header map.
	"content-length": true,
}

type sigV4 struct {
	accessKey, secretKey, sessionToken string
	region, service                    string
	// contentSHA256Header adds x-amz-content-sha256, which S3 requires on every request.
	contentSHA256Header bool
}

// sign adds X-Amz-Date, the session token and (for S3) x-amz-content-sha256 to req,
// then its Authorization header, signing every header present except unsignedHeaders.
// payloadHash is the hex SHA-256 of the body.
func (s *sigV4) sign(req *http.Request, payloadHash string, now time.Time) error {
	amzDate := now.UTC().Format(amzDateFormat)
	req.Header.Set("X-Amz-Date", amzDate)
	if s.sessionToken != "" {
		req.Header.Set("X-Amz-Security-Token", s.sessionToken)
	}
	if s.contentSHA256Header {
		req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	creq, signed, err := canonicalRequest(req, payloadHash)
	if err != nil {
		return err
	}
	scope := s.scope(amzDate[:8])
	sig := hex.EncodeToString(hmacSHA256(s.signingKey(amzDate[:8]), stringToSign(amzDate, scope, creq)))
	req.Header.Set("Authorization", fmt.Sprintf("%s Credential=%s/%s, SignedHeaders=%s, Signature=%s",
		sigAlgorithm, s.accessKey, scope, signed, sig))
	return nil
}

func (s *sigV4) scope(day string) string {
	return day + "/" + s.region + "/" + s.service + "/" + scopeTerminal
}

func (s *sigV4) signingKey(day string) []byte {
	k := hmacSHA256([]byte("AWS4"+s.secretKey), day)
	k = hmacSHA256(k, s.region)
	k = hmacSHA256(k, s.service)
	return hmacSHA256(k, scopeTerminal)
}

func stringToSign(amzDate, scope, canonicalRequest string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return sigAlgorithm + "\n" + amzDate + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
}

// canonicalRequest returns the canonical request of req and its signed-header list.
func canonicalRequest(req *http.Request, payloadHash string) (creq, signedHeaders string, err error) {
	p := req.URL.Path
	if p == "" {
		p = "/"
	}
	query, err := canonicalQuery(req.URL.RawQuery)
	if err != nil {
		return "", "", err
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	values := map[string][]string{"host": {host}}
	for name, vs := range req.Header {
		lower := strings.ToLower(name)
		if unsignedHeaders[lower] || lower == "host" {
			continue
		}
		values[lower] = append(values[lower], vs...)
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.Sort(names)

	var b strings.Builder
	b.WriteString(req.Method + "\n")
	b.WriteString(uriEncode(p, false) + "\n")
	b.WriteString(query + "\n")
	for _, name := range names {
		vs := values[name]
		trimmed := make([]string, len(vs))
		for i, v := range vs {
			trimmed[i] = strings.Join(strings.Fields(v), " ")
		}
		b.WriteString(name + ":" + strings.Join(trimmed, ",") + "\n")
	}
	signedHeaders = strings.Join(names, ";")
	b.WriteString("\n" + signedHeaders + "\n" + payloadHash)
	return b.String(), signedHeaders, nil
}

// canonicalQuery decodes each name and value, encodes them the AWS way and sorts by
// name, then value. A name without '=' gets an empty value ("lifecycle" → "lifecycle=").
func canonicalQuery(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	type pair struct{ k, v string }
	var pairs []pair
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		dk, err := url.PathUnescape(k)
		if err != nil {
			return "", fmt.Errorf("blob: query parameter %q: %w", k, err)
		}
		dv, err := url.PathUnescape(v)
		if err != nil {
			return "", fmt.Errorf("blob: query value of %q: %w", k, err)
		}
		pairs = append(pairs, pair{uriEncode(dk, true), uriEncode(dv, true)})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		if c := strings.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.v, b.v)
	})
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.k + "=" + p.v
	}
	return strings.Join(parts, "&"), nil
}

// uriEncode percent-encodes every byte but the unreserved A-Z a-z 0-9 - . _ ~ (and '/'
// unless encodeSlash), with uppercase hex, as SigV4 requires.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || c == '/' && !encodeSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func hmacSHA256(key []byte, msg string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(msg))
	return m.Sum(nil)
}
