// Package logx builds the process logger and carries request and task ids through a
// context, so that every log record names the tenant, user, request or job it belongs to.
package logx

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Keys of the attributes the handler adds from the context.
const (
	KeyRequestID = "request_id"
	KeyTaskID    = "task_id"
	KeyTenantID  = "tenant_id"
	KeyUserID    = "user_id"
	KeyAPIKeyID  = "api_key_id"
)

type requestIDKey struct{}
type taskIDKey struct{}

// WithRequestID returns ctx carrying the HTTP request id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id in ctx or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// WithTaskID returns ctx carrying the id of the background task being run.
func WithTaskID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, taskIDKey{}, id)
}

// TaskID returns the task id in ctx or "".
func TaskID(ctx context.Context) string {
	id, _ := ctx.Value(taskIDKey{}).(string)
	return id
}

// ContextAttrs returns the correlation attributes found in ctx: request_id, task_id,
// tenant_id, user_id and api_key_id, each only when present.
func ContextAttrs(ctx context.Context) []slog.Attr {
	if ctx == nil {
		return nil
	}
	var out []slog.Attr
	if id := RequestID(ctx); id != "" {
		out = append(out, slog.String(KeyRequestID, id))
	}
	if id := TaskID(ctx); id != "" {
		out = append(out, slog.String(KeyTaskID, id))
	}
	if v := tenant.FromContext(ctx); v != nil {
		if v.TenantID != uuid.Nil {
			out = append(out, slog.String(KeyTenantID, v.TenantID.String()))
		}
		if v.UserID != uuid.Nil {
			out = append(out, slog.String(KeyUserID, v.UserID.String()))
		}
		if v.APIKeyID != uuid.Nil {
			out = append(out, slog.String(KeyAPIKeyID, v.APIKeyID.String()))
		}
	}
	return out
}

// Handler wraps a slog.Handler and adds the context's correlation attributes (see
// ContextAttrs) to every record, unless the record already carries that key.
//
// Attributes from the context are added to the record, so after WithGroup they land in
// the group, like any other record attribute.
type Handler struct {
	inner slog.Handler
}

// NewHandler wraps h.
func NewHandler(h slog.Handler) *Handler {
	if w, ok := h.(*Handler); ok {
		return w
	}
	return &Handler{inner: h}
}

func (h *Handler) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	attrs := ContextAttrs(ctx)
	if len(attrs) > 0 {
		present := map[string]bool{}
		r.Attrs(func(a slog.Attr) bool {
			present[a.Key] = true
			return true
		})
		for _, a := range attrs {
			if !present[a.Key] {
				r.AddAttrs(a)
			}
		}
	}
	return h.inner.Handle(ctx, r)
}

func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &Handler{inner: h.inner.WithAttrs(attrs)}
}

func (h *Handler) WithGroup(name string) slog.Handler {
	return &Handler{inner: h.inner.WithGroup(name)}
}

// ParseLevel maps "debug", "info", "warn" or "error" (any case) to a level; anything
// else is info.
func ParseLevel(level string) slog.Level {
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "debug":
		return slog.LevelDebug
	case "warn", "warning":
		return slog.LevelWarn
	case "error":
		return slog.LevelError
	}
	return slog.LevelInfo
}

// New returns a logger writing to w at level ("debug", "info", "warn", "error") in
// format ("json"; anything else is text), with the context attributes added.
func New(level, format string, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: ParseLevel(level)}
	var h slog.Handler
	if strings.EqualFold(format, "json") {
		h = slog.NewJSONHandler(w, opts)
	} else {
		h = slog.NewTextHandler(w, opts)
	}
	return slog.New(NewHandler(h))
}
