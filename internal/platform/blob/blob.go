// Package blob stores the bytes of onboarding documents, product images and attachments
// under tenant-scoped keys, on a local directory (FS) or any S3-compatible service (S3).
// Every object carries its size, SHA-256 and content type; reads are verified against them.
package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"strings"
	"time"
)

// Store keeps immutable-by-convention objects under validated keys. Implementations are
// safe for concurrent use.
type Store interface {
	// Put streams r into key, replacing any object there. It computes the size and
	// SHA-256 on the way; if meta.SHA256 is set and differs, or the content is larger
	// than the store's maximum, nothing is stored and any previous object stays.
	Put(ctx context.Context, key string, r io.Reader, meta Meta) (Object, error)
	// Get opens the object. The reader returns an error wrapping ErrCorrupt at the end
	// if the bytes do not match the recorded size and SHA-256; the caller closes it.
	Get(ctx context.Context, key string) (io.ReadCloser, Object, error)
	// Stat returns the object's metadata without its content.
	Stat(ctx context.Context, key string) (Object, error)
	// Delete removes the object; deleting a missing object is not an error.
	Delete(ctx context.Context, key string) error
}

// Meta describes content being Put.
type Meta struct {
	// ContentType is a media type such as "application/pdf"; empty means
	// DefaultContentType.
	ContentType string
	// SHA256 is the hex digest the caller expects the content to have (optional).
	SHA256 string
}

// Object is what a store knows about a stored object.
type Object struct {
	Key         string
	Size        int64
	SHA256      string // lowercase hex
	ContentType string
	Created     time.Time // when the Put that wrote it started, UTC
}

// DefaultContentType is stored when Meta.ContentType is empty.
const DefaultContentType = "application/octet-stream"

// DefaultMaxSize bounds an object when WithMaxSize is not given.
const DefaultMaxSize int64 = 64 << 20

// Option configures a store. Options that do not apply to a store are ignored by it.
type Option func(*options)

type options struct {
	maxSize     int64
	log         *slog.Logger
	now         func() time.Time
	httpClient  *http.Client
	maxAttempts int
	backoffBase time.Duration
	backoffMax  time.Duration
	spoolDir    string
}

// WithMaxSize sets the largest object Put accepts, in bytes (default DefaultMaxSize).
func WithMaxSize(n int64) Option { return func(o *options) { o.maxSize = n } }

// WithLogger sets the logger (default: discard). Stores log retries, never credentials.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// WithHTTPClient sets the client the S3 store uses. The store never follows redirects:
// S3 answers a request to the wrong region with one, and it is reported as an error.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.httpClient = c } }

// WithRetry sets how many times the S3 store tries a request in all (default 4) and
// the first backoff delay (default 200ms, doubling, with jitter, capped at 5s).
func WithRetry(attempts int, base time.Duration) Option {
	return func(o *options) { o.maxAttempts, o.backoffBase = attempts, base }
}

// WithSpoolDir sets where the S3 store buffers an upload to hash it before sending
// (default os.TempDir()).
func WithSpoolDir(dir string) Option { return func(o *options) { o.spoolDir = dir } }

// withClock replaces time.Now (tests).
func withClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

func buildOptions(opts []Option) (options, error) {
	o := options{
		maxSize:     DefaultMaxSize,
		now:         time.Now,
		maxAttempts: 4,
		backoffBase: 200 * time.Millisecond,
		backoffMax:  5 * time.Second,
	}
	for _, opt := range opts {
		opt(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.maxSize <= 0:
		return o, fmt.Errorf("blob: max size must be positive, got %d", o.maxSize)
	case o.maxAttempts < 1:
		return o, fmt.Errorf("blob: retry attempts must be at least 1, got %d", o.maxAttempts)
	case o.backoffBase < 0:
		return o, fmt.Errorf("blob: retry backoff must not be negative, got %s", o.backoffBase)
	}
	if o.backoffMax < o.backoffBase {
		o.backoffMax = o.backoffBase
	}
	return o, nil
}

// normalizeMeta validates meta and fills the default content type.
func normalizeMeta(m Meta) (Meta, error) {
	if m.ContentType == "" {
		m.ContentType = DefaultContentType
	}
	// ParseMediaType also refuses control characters, so the value is safe to send as
	// a header and to store.
	if _, _, err := mime.ParseMediaType(m.ContentType); err != nil || len(m.ContentType) > 255 {
		return m, invalidMeta("content_type", "not a valid media type")
	}
	if m.SHA256 != "" {
		m.SHA256 = strings.ToLower(m.SHA256)
		if !isHexSHA256(m.SHA256) {
			return m, invalidMeta("sha256", "must be 64 hexadecimal characters")
		}
	}
	return m, nil
}

func isHexSHA256(s string) bool {
	if len(s) != sha256.Size*2 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil
}

// ctxReader stops a copy when the context ends, so a slow or endless client body does
// not hold a Put past its deadline.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// copyHashed copies at most max bytes of r to w and returns the size and hex SHA-256.
// One byte more than max is read to tell "exactly max" from "too large".
func copyHashed(ctx context.Context, w io.Writer, r io.Reader, max int64) (int64, string, error) {
	if r == nil {
		return 0, "", invalidMeta("body", "no content reader")
	}
	h := sha256.New()
	limit := max
	if limit < math.MaxInt64 {
		limit++
	}
	n, err := io.Copy(io.MultiWriter(w, h), &io.LimitedReader{R: ctxReader{ctx, r}, N: limit})
	if err != nil {
		return n, "", fmt.Errorf("blob: reading content: %w", err)
	}
	if n > max {
		return n, "", &TooLargeError{Limit: max}
	}
	return n, hex.EncodeToString(h.Sum(nil)), nil
}

// verifyingReader checks, when the content ends, that it is what the metadata says.
type verifyingReader struct {
	rc   io.ReadCloser
	obj  Object
	h    hash.Hash
	n    int64
	done error
}

func newVerifyingReader(rc io.ReadCloser, obj Object) *verifyingReader {
	return &verifyingReader{rc: rc, obj: obj, h: sha256.New()}
}

func (v *verifyingReader) Read(p []byte) (int, error) {
	if v.done != nil {
		return 0, v.done
	}
	n, err := v.rc.Read(p)
	v.h.Write(p[:n])
	v.n += int64(n)
	if v.obj.Size >= 0 && v.n > v.obj.Size {
		v.done = fmt.Errorf("%w: %s is longer than its recorded %d bytes", ErrCorrupt, v.obj.Key, v.obj.Size)
		return n, v.done
	}
	if errors.Is(err, io.EOF) {
		switch got := hex.EncodeToString(v.h.Sum(nil)); {
		case v.obj.Size >= 0 && v.n != v.obj.Size:
			v.done = fmt.Errorf("%w: %s has %d bytes, recorded %d", ErrCorrupt, v.obj.Key, v.n, v.obj.Size)
		case v.obj.SHA256 != "" && got != v.obj.SHA256:
			v.done = fmt.Errorf("%w: %s has sha256 %s, recorded %s", ErrCorrupt, v.obj.Key, got, v.obj.SHA256)
		default:
			v.done = io.EOF
		}
		return n, v.done
	}
	return n, err
}

func (v *verifyingReader) Close() error { return v.rc.Close() }
