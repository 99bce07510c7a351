package blob

import (
	"context"
	"crypto/tls"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// S3Config addresses a bucket on an S3-compatible service (AWS S3, MinIO, Ceph RGW,
// Cloudflare R2, …).
type S3Config struct {
	// Endpoint is the service's base URL, e.g. "https://s3.eu-west-1.amazonaws.com" or
	// "http://minio:9000". Empty means AWS: https://s3.<region>.amazonaws.com.
	Endpoint string
	// Region signs requests; "us-east-1" for most MinIO setups, "auto" for R2.
	Region string
	Bucket string
	// PathStyle addresses objects as <endpoint>/<bucket>/<key> rather than
	// <bucket>.<endpoint host>/<key>. MinIO and Ceph usually need it.
	PathStyle bool

	AccessKey    string
	SecretKey    string
	SessionToken string // optional, for temporary credentials
}

var (
	bucketRE = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	regionRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,31}$`)
)

// Validate checks the configuration without contacting the service.
func (c S3Config) Validate() error {
	var errs []error
	if !bucketRE.MatchString(c.Bucket) || strings.Contains(c.Bucket, "..") {
		errs = append(errs, fmt.Errorf("bucket %q is not a valid bucket name (3-63 of a-z, 0-9, '.', '-')", c.Bucket))
	}
	if !regionRE.MatchString(c.Region) {
		errs = append(errs, fmt.Errorf("region %q is not a valid region (e.g. eu-west-1, us-east-1, auto)", c.Region))
	}
	if c.Endpoint != "" {
		if _, err := parseEndpoint(c.Endpoint); err != nil {
			errs = append(errs, err)
		}
	}
	if c.AccessKey == "" {
		errs = append(errs, errors.New("access key is required"))
	}
	if c.SecretKey == "" {
		errs = append(errs, errors.New("secret key is required"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("blob: S3 configuration: %w", err)
	}
	return nil
}

// String describes the configuration without its credentials.
func (c S3Config) String() string {
	style := "virtual-hosted"
	if c.PathStyle {
		style = "path-style"
	}
	return fmt.Sprintf("s3://%s (endpoint %s, region %s, %s)", c.Bucket, c.endpoint(), c.Region, style)
}

// GoString keeps %#v from printing the secret.
func (c S3Config) GoString() string { return "blob.S3Config{" + c.String() + "}" }

// LogValue keeps slog from printing the secret.
func (c S3Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

func (c S3Config) endpoint() string {
	if c.Endpoint == "" {
		return "https://s3." + c.Region + ".amazonaws.com"
	}
	return c.Endpoint
}

func parseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // url.Error repeats the whole URL
		}
		return nil, fmt.Errorf("endpoint is not a URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("endpoint scheme must be http or https, not %q", u.Scheme)
	case u.Host == "":
		return nil, errors.New("endpoint has no host")
	case u.User != nil:
		return nil, errors.New("endpoint must not carry credentials")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return nil, errors.New("endpoint must be a bare scheme://host[:port], without a path or query")
	}
	u.Path, u.RawPath = "", ""
	return u, nil
}

// S3 stores objects in a bucket of an S3-compatible service, over net/http with a
// SigV4 signer. Put buffers the content to a temporary file to hash it before sending,
// so the payload is signed (never UNSIGNED-PAYLOAD) and the service checks it on arrival.
// The SHA-256 and creation time travel as x-amz-meta-sha256 and x-amz-meta-created.
type S3 struct {
	cfg      S3Config
	endpoint *url.URL
	signer   sigV4
	client   *http.Client
	opts     options
}

var _ Store = (*S3)(nil)

// NewS3 returns a store for cfg. It does not contact the service.
func NewS3(cfg S3Config, opts ...Option) (*S3, error) {
	o, err := buildOptions(opts)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ep, err := parseEndpoint(cfg.endpoint())
	if err != nil {
		return nil, fmt.Errorf("blob: S3 configuration: %w", err)
	}
	var client http.Client
	if o.httpClient != nil {
		client = *o.httpClient
	} else {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = time.Minute
		client.Transport = t
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &S3{
		cfg:      cfg,
		endpoint: ep,
		signer: sigV4{accessKey: cfg.AccessKey, secretKey: cfg.SecretKey, sessionToken: cfg.SessionToken,
			region: cfg.Region, service: "s3", contentSHA256Header: true},
		client: &client,
		opts:   o,
	}, nil
}

func (s *S3) String() string { return s.cfg.String() }

func (s *S3) objectURL(key string) *url.URL {
	u := *s.endpoint
	if s.cfg.PathStyle {
		u.Path = "/" + s.cfg.Bucket + "/" + key
	} else {
		u.Host = s.cfg.Bucket + "." + u.Host
		u.Path = "/" + key
	}
	// The path on the wire must be the one signed: set it explicitly rather than leave
	// the escaping to net/url, whose rules differ from SigV4's.
	u.RawPath = uriEncode(u.Path, false)
	return &u
}

// s3Call is one S3 operation; the body, if any, is re-read from the spool on each try.
type s3Call struct {
	op, method, key string
	header          http.Header
	body            *os.File
	size            int64
	payloadHash     string
}

// do sends the call, retrying transport errors and retryable answers with backoff; all
// four operations are idempotent. A non-2xx answer is returned as *S3Error.
func (s *S3) do(ctx context.Context, c s3Call) (*http.Response, error) {
	if c.payloadHash == "" {
		c.payloadHash = emptySHA256Hex
	}
	for attempt := 1; ; attempt++ {
		u := s.objectURL(c.key)
		req, err := http.NewRequestWithContext(ctx, c.method, u.String(), nil)
		if err != nil {
			return nil, fmt.Errorf("blob: S3 %s %s: %w", c.op, c.key, err)
		}
		req.URL = u // exactly the path that is signed
		for name, vs := range c.header {
			req.Header[name] = vs
		}
		if c.body != nil && c.size > 0 {
			f, size := c.body, c.size
			req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(io.NewSectionReader(f, 0, size)), nil }
			req.Body, _ = req.GetBody()
			req.ContentLength = size
		} else if c.method == http.MethodPut {
			req.Body, req.ContentLength = http.NoBody, 0
		}
		if err := s.signer.sign(req, c.payloadHash, s.opts.now()); err != nil {
			return nil, err
		}

		resp, err := s.client.Do(req)
		var failure error
		var retryAfter time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			failure = fmt.Errorf("blob: S3 %s %s: %w", c.op, c.key, err)
		case resp.StatusCode >= 200 && resp.StatusCode < 300:
			return resp, nil
		default:
			s3err := readS3Error(resp, c.op, c.key)
			if !s3err.retryable() {
				return nil, s3err
			}
			failure = s3err
			retryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
		}
		if attempt >= s.opts.maxAttempts || !retryableTransport(err) {
			return nil, failure
		}
		delay := max(s.backoff(attempt), min(retryAfter, s.opts.backoffMax))
		s.opts.log.WarnContext(ctx, "blob: S3 request failed, retrying",
			"op", c.op, "key", c.key, "attempt", attempt, "delay", delay, "err", failure)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-t.C:
		}
	}
}

// retryableTransport: a connection reset or timeout may pass, a refused certificate
// will not.
func retryableTransport(err error) bool {
	var cert *tls.CertificateVerificationError
	return err == nil || !errors.As(err, &cert)
}

// backoff is exponential with jitter in [d/2, d), so concurrent retries spread out.
func (s *S3) backoff(attempt int) time.Duration {
	d := s.opts.backoffBase << (attempt - 1)
	if d > s.opts.backoffMax || d <= 0 {
		d = s.opts.backoffMax
	}
	if d <= 1 {
		return d
	}
	return d/2 + rand.N(d/2)
}

func parseRetryAfter(v string) time.Duration {
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs > 0 {
		return time.Duration(secs) * time.Second
	}
	return 0
}

// s3ErrorBody is S3's REST error document.
type s3ErrorBody struct {
	XMLName   xml.Name `xml:"Error"`
	Code      string   `xml:"Code"`
	Message   string   `xml:"Message"`
	Resource  string   `xml:"Resource"`
	RequestID string   `xml:"RequestId"`
	HostID    string   `xml:"HostId"`
	Endpoint  string   `xml:"Endpoint"`
	Region    string   `xml:"Region"`
}

// maxErrorBody bounds how much of an error answer is read.
const maxErrorBody = 64 << 10

func readS3Error(resp *http.Response, op, key string) *S3Error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	// Drain a little more so the connection can be reused, then let it go.
	_, _ = io.CopyN(io.Discard, resp.Body, maxErrorBody)
	_ = resp.Body.Close()
	return parseS3Error(resp.StatusCode, resp.Header, body, op, key)
}

// parseS3Error builds an S3Error from an answer's status, headers and body. A body that
// is not an S3 error document (a proxy's HTML page, nothing for a HEAD) leaves Code
// empty and the status text as the message.
func parseS3Error(status int, header http.Header, body []byte, op, key string) *S3Error {
	e := &S3Error{Op: op, Key: key, StatusCode: status}
	var doc s3ErrorBody
	if len(body) > 0 && xml.Unmarshal(body, &doc) == nil {
		e.Code = clean(doc.Code, 64)
		e.Message = clean(doc.Message, 512)
		e.Resource = clean(doc.Resource, 1024)
		e.RequestID = clean(doc.RequestID, 128)
		e.HostID = clean(doc.HostID, 256)
		e.Endpoint = clean(doc.Endpoint, 256)
		e.Region = clean(doc.Region, 64)
	}
	if e.Message == "" && e.Code == "" {
		e.Message = http.StatusText(status)
	}
	if e.RequestID == "" {
		e.RequestID = clean(header.Get("X-Amz-Request-Id"), 128)
	}
	return e
}

// clean keeps what a remote service says from spilling control characters or pages of
// text into logs.
func clean(s string, limit int) string {
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s))
	if len(s) > limit {
		s = s[:limit]
	}
	return s
}

// Metadata header names (S3 lowercases user metadata names).
const (
	headerMetaSHA256  = "X-Amz-Meta-Sha256"
	headerMetaCreated = "X-Amz-Meta-Created"
)

// Put implements Store.
func (s *S3) Put(ctx context.Context, key string, r io.Reader, meta Meta) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	meta, err := normalizeMeta(meta)
	if err != nil {
		return Object{}, err
	}
	created := s.opts.now().UTC()
	spool, err := os.CreateTemp(s.opts.spoolDir, "manifold-blob-*")
	if err != nil {
		return Object{}, fmt.Errorf("blob: creating the upload spool: %w", err)
	}
	defer func() {
		_ = spool.Close()
		_ = os.Remove(spool.Name())
	}()
	size, sum, err := copyHashed(ctx, spool, r, s.opts.maxSize)
	if err != nil {
		return Object{}, err
	}
	if meta.SHA256 != "" && meta.SHA256 != sum {
		return Object{}, &ChecksumMismatchError{Expected: meta.SHA256, Actual: sum}
	}
	h := http.Header{}
	h.Set("Content-Type", meta.ContentType)
	h.Set(headerMetaSHA256, sum)
	h.Set(headerMetaCreated, created.Format(time.RFC3339Nano))
	resp, err := s.do(ctx, s3Call{op: "PutObject", method: http.MethodPut, key: key, header: h,
		body: spool, size: size, payloadHash: sum})
	if err != nil {
		return Object{}, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	return Object{Key: key, Size: size, SHA256: sum, ContentType: meta.ContentType, Created: created}, nil
}

// Get implements Store.
func (s *S3) Get(ctx context.Context, key string) (io.ReadCloser, Object, error) {
	if err := ValidateKey(key); err != nil {
		return nil, Object{}, err
	}
	resp, err := s.do(ctx, s3Call{op: "GetObject", method: http.MethodGet, key: key})
	if err != nil {
		return nil, Object{}, s.mapNotFound(err, key)
	}
	obj, err := objectFromHeader(key, resp.Header)
	if err != nil {
		_ = resp.Body.Close()
		return nil, Object{}, err
	}
	return newVerifyingReader(resp.Body, obj), obj, nil
}

// Stat implements Store.
func (s *S3) Stat(ctx context.Context, key string) (Object, error) {
	if err := ValidateKey(key); err != nil {
		return Object{}, err
	}
	resp, err := s.do(ctx, s3Call{op: "HeadObject", method: http.MethodHead, key: key})
	if err != nil {
		return Object{}, s.mapNotFound(err, key)
	}
	_ = resp.Body.Close()
	return objectFromHeader(key, resp.Header)
}

// Delete implements Store.
func (s *S3) Delete(ctx context.Context, key string) error {
	if err := ValidateKey(key); err != nil {
		return err
	}
	resp, err := s.do(ctx, s3Call{op: "DeleteObject", method: http.MethodDelete, key: key})
	if err != nil {
		var s3err *S3Error
		if errors.As(err, &s3err) && s3err.notFound() {
			return nil
		}
		return err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	_ = resp.Body.Close()
	return nil
}

func (s *S3) mapNotFound(err error, key string) error {
	var s3err *S3Error
	if errors.As(err, &s3err) && s3err.notFound() {
		return notFound(key)
	}
	return err
}

// objectFromHeader reads an object's metadata from a GET or HEAD answer. An object
// written by another tool has no x-amz-meta-sha256: it is read unverified, with its
// Last-Modified as creation time.
func objectFromHeader(key string, h http.Header) (Object, error) {
	obj := Object{Key: key, Size: -1, ContentType: h.Get("Content-Type")}
	if v := h.Get("Content-Length"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return Object{}, fmt.Errorf("blob: S3 %s: bad Content-Length %q", key, v)
		}
		obj.Size = n
	}
	if v := strings.ToLower(h.Get(headerMetaSHA256)); isHexSHA256(v) {
		obj.SHA256 = v
	}
	if t, err := time.Parse(time.RFC3339Nano, h.Get(headerMetaCreated)); err == nil {
		obj.Created = t.UTC()
	} else if t, err := http.ParseTime(h.Get("Last-Modified")); err == nil {
		obj.Created = t.UTC()
	}
	return obj, nil
}
