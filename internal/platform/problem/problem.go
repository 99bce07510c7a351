// Package problem defines the typed errors every layer returns and their RFC 7807
// (application/problem+json) rendering. Domain errors wrap one of these kinds.
package problem

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Kind classifies an error for the HTTP boundary.
type Kind int

const (
	KindInternal Kind = iota
	KindValidation
	KindUnauthorized
	KindForbidden
	KindNotFound
	KindConflict
	KindUnprocessable
	KindPreconditionFailed
	KindTooManyRequests
	KindUnavailable
	KindPayloadTooLarge
)

var kinds = map[Kind]struct {
	status int
	slug   string
	title  string
}{
	KindInternal:           {http.StatusInternalServerError, "internal", "Internal error"},
	KindValidation:         {http.StatusBadRequest, "validation", "Invalid request"},
	KindUnauthorized:       {http.StatusUnauthorized, "unauthorized", "Unauthorized"},
	KindForbidden:          {http.StatusForbidden, "forbidden", "Forbidden"},
	KindNotFound:           {http.StatusNotFound, "not-found", "Not found"},
	KindConflict:           {http.StatusConflict, "conflict", "Conflict"},
	KindUnprocessable:      {http.StatusUnprocessableEntity, "unprocessable", "Unprocessable request"},
	KindPreconditionFailed: {http.StatusPreconditionFailed, "precondition-failed", "Precondition failed"},
	KindTooManyRequests:    {http.StatusTooManyRequests, "rate-limited", "Too many requests"},
	KindUnavailable:        {http.StatusServiceUnavailable, "unavailable", "Service unavailable"},
	KindPayloadTooLarge:    {http.StatusRequestEntityTooLarge, "payload-too-large", "Payload too large"},
}

// TypeBase prefixes every problem type URI.
const TypeBase = "https://manifold.dev/problems/"

// FieldError names one invalid field (a JSON pointer, a query parameter, or a CSV
// row/column) and the rule it broke.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a typed, client-safe error. Detail is shown to clients; Cause is logged only.
type Error struct {
	Kind       Kind
	Detail     string
	Fields     []FieldError
	RetryAfter time.Duration
	Cause      error
}

func (e *Error) Error() string {
	s := kinds[e.Kind].slug + ": " + e.Detail
	if e.Cause != nil {
		s += ": " + e.Cause.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Cause }

// Status is the HTTP status of the error's kind.
func (e *Error) Status() int { return kinds[e.Kind].status }

func newf(k Kind, format string, args ...any) *Error {
	return &Error{Kind: k, Detail: fmt.Sprintf(format, args...)}
}

func NotFound(format string, args ...any) *Error { return newf(KindNotFound, format, args...) }
func Conflict(format string, args ...any) *Error { return newf(KindConflict, format, args...) }
func Forbidden(format string, args ...any) *Error {
	return newf(KindForbidden, format, args...)
}
func Unauthorized(format string, args ...any) *Error {
	return newf(KindUnauthorized, format, args...)
}
func Unprocessable(format string, args ...any) *Error {
	return newf(KindUnprocessable, format, args...)
}
func PreconditionFailed(format string, args ...any) *Error {
	return newf(KindPreconditionFailed, format, args...)
}
func PayloadTooLarge(format string, args ...any) *Error {
	return newf(KindPayloadTooLarge, format, args...)
}

// Unavailable reports a dependency that is down; cause is logged, never shown.
func Unavailable(cause error, format string, args ...any) *Error {
	e := newf(KindUnavailable, format, args...)
	e.Cause = cause
	return e
}

// TooManyRequests asks the client to retry after d.
func TooManyRequests(d time.Duration, format string, args ...any) *Error {
	e := newf(KindTooManyRequests, format, args...)
	e.RetryAfter = d
	return e
}

// Validation reports invalid fields; detail summarises.
func Validation(detail string, fields ...FieldError) *Error {
	return &Error{Kind: KindValidation, Detail: detail, Fields: fields}
}

// Field is shorthand for a FieldError.
func Field(field, format string, args ...any) FieldError {
	return FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// Fields collects field errors; Err returns nil when none were added.
type Fields []FieldError

func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, Field(field, format, args...))
}

func (f Fields) Err(detail string) error {
	if len(f) == 0 {
		return nil
	}
	return Validation(detail, f...)
}

// Body is the RFC 7807 document.
type Body struct {
	Type      string       `json:"type"`
	Title     string       `json:"title"`
	Status    int          `json:"status"`
	Detail    string       `json:"detail,omitempty"`
	Instance  string       `json:"instance,omitempty"`
	RequestID string       `json:"request_id,omitempty"`
	Errors    []FieldError `json:"errors,omitempty"`
}

// From maps any error to a problem body and extra headers. Unknown errors become a
// 500 whose body says only "internal error".
func From(err error) (Body, http.Header) {
	h := http.Header{}
	var pe *Error
	if !errors.As(err, &pe) {
		k := kinds[KindInternal]
		return Body{Type: TypeBase + k.slug, Title: k.title, Status: k.status, Detail: "internal error"}, h
	}
	k := kinds[pe.Kind]
	if pe.RetryAfter > 0 {
		secs := int((pe.RetryAfter + time.Second - 1) / time.Second)
		h.Set("Retry-After", strconv.Itoa(secs))
	}
	detail := pe.Detail
	if pe.Kind == KindInternal {
		detail = "internal error"
	}
	return Body{Type: TypeBase + k.slug, Title: k.title, Status: k.status, Detail: detail, Errors: pe.Fields}, h
}

// Is reports whether err is a problem of kind k.
func Is(err error, k Kind) bool {
	var pe *Error
	return errors.As(err, &pe) && pe.Kind == k
}
