package blob

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/manifoldhq/manifold/internal/platform/problem"
)

// Errors of this package unwrap to a problem kind, so one passed up unchanged renders
// as the right HTTP status; services usually wrap them in their own domain errors.

// ErrNotFound is returned (wrapped, with the key) for a missing object.
var ErrNotFound error = &problem.Error{Kind: problem.KindNotFound, Detail: "object not found"}

// ErrCorrupt is returned by a Get reader whose content does not match the recorded
// size or SHA-256 (bit rot, a file changed behind the store, a racing overwrite).
var ErrCorrupt = errors.New("blob: content does not match its metadata")

func notFound(key string) error { return fmt.Errorf("blob: %s: %w", key, ErrNotFound) }

// TooLargeError is returned by Put when the content exceeds the store's maximum.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("blob: content is larger than %d bytes", e.Limit)
}

func (e *TooLargeError) Unwrap() error {
	return problem.PayloadTooLarge("the file is larger than %d bytes", e.Limit)
}

// ChecksumMismatchError is returned by Put when the content's SHA-256 is not the one
// given in Meta.SHA256. Nothing is stored.
type ChecksumMismatchError struct {
	Expected, Actual string
}

func (e *ChecksumMismatchError) Error() string {
	return fmt.Sprintf("blob: content sha256 is %s, expected %s", e.Actual, e.Expected)
}

func (e *ChecksumMismatchError) Unwrap() error {
	return problem.Validation("the content does not match its checksum",
		problem.Field("sha256", "expected %s, got %s", e.Expected, e.Actual))
}

// InvalidKeyError reports a key that breaks the key rules (see ValidateKey).
type InvalidKeyError struct {
	Key, Reason string
}

func (e *InvalidKeyError) Error() string {
	k := e.Key
	if len(k) > 80 {
		k = k[:80] + "…"
	}
	return fmt.Sprintf("blob: invalid key %q: %s", k, e.Reason)
}

func (e *InvalidKeyError) Unwrap() error {
	return problem.Validation("invalid object key", problem.Field("key", "%s", e.Reason))
}

// InvalidMetaError reports unusable Put input (content type, expected checksum).
type InvalidMetaError struct {
	Field, Reason string
}

func (e *InvalidMetaError) Error() string {
	return fmt.Sprintf("blob: invalid %s: %s", e.Field, e.Reason)
}

func (e *InvalidMetaError) Unwrap() error {
	return problem.Validation("invalid object metadata", problem.Field(e.Field, "%s", e.Reason))
}

func invalidMeta(field, reason string) error { return &InvalidMetaError{Field: field, Reason: reason} }

// S3Error is an error answer from an S3-compatible service, parsed from its XML body
// (or, for a HEAD, from the status alone).
type S3Error struct {
	Op         string // PutObject, GetObject, HeadObject, DeleteObject
	Key        string
	StatusCode int
	Code       string // NoSuchKey, AccessDenied, SignatureDoesNotMatch, SlowDown, …
	Message    string
	RequestID  string
	HostID     string
	Resource   string
	Endpoint   string // set on PermanentRedirect: the endpoint the bucket lives behind
	Region     string // set by some services on AuthorizationHeaderMalformed
}

func (e *S3Error) Error() string {
	s := fmt.Sprintf("blob: S3 %s %s: %d", e.Op, e.Key, e.StatusCode)
	if e.Code != "" {
		s += " " + e.Code
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.Endpoint != "" {
		s += " (endpoint " + e.Endpoint + ")"
	}
	if e.RequestID != "" {
		s += " (request id " + e.RequestID + ")"
	}
	return s
}

// Unwrap makes a missing key match ErrNotFound and an overloaded or failing service
// match problem.KindUnavailable.
func (e *S3Error) Unwrap() error {
	switch {
	case e.notFound():
		return ErrNotFound
	case e.retryable():
		return problem.Unavailable(nil, "file storage is unavailable, try again later")
	}
	return nil
}

// notFound is a missing key, not a missing bucket: a missing bucket is a configuration
// error and must not read as "no such document". A HEAD answer has no body, so a bare
// 404 counts as a missing key.
func (e *S3Error) notFound() bool {
	return e.StatusCode == http.StatusNotFound && (e.Code == "" || e.Code == "NoSuchKey" || e.Code == "NotFound")
}

func (e *S3Error) retryable() bool {
	switch e.Code {
	case "SlowDown", "InternalError", "ServiceUnavailable", "RequestTimeout":
		// RequestTimeout is a 400 that S3 sends when the upload stalled; the next try
		// sends the whole body again.
		return true
	}
	return e.StatusCode == http.StatusTooManyRequests ||
		(e.StatusCode >= 500 && e.StatusCode != http.StatusNotImplemented)
}
