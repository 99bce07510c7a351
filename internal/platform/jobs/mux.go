package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/hibiken/asynq"
)

// HandlerFunc handles one task. data is the task's payload as Enqueue encoded it. The
// context carries the tenant viewer (for tenant tasks), the outbox id (OutboxID) and
// asynq's task metadata (asynq.GetTaskID, GetRetryCount). Return nil when done, an error
// to retry later, or an error wrapping asynq.SkipRetry to give up now.
type HandlerFunc func(ctx context.Context, data json.RawMessage) error

// ErrBadPayload wraps payloads a handler cannot decode; it also wraps asynq.SkipRetry,
// since retrying cannot fix them.
var ErrBadPayload = fmt.Errorf("bad task payload: %w", asynq.SkipRetry)

// ErrNoHandler is returned for a task type nobody registered. It is retried: during a
// rolling deploy a newer process may enqueue types an older worker does not know yet.
var ErrNoHandler = errors.New("no handler for task type")

// Mux routes task types to handlers. Each area registers its own types at wiring time.
type Mux struct {
	mu       sync.RWMutex
	handlers map[string]HandlerFunc
}

// NewMux returns an empty Mux.
func NewMux() *Mux { return &Mux{handlers: map[string]HandlerFunc{}} }

// Handle registers h for typ. Like http.ServeMux it panics on a programming error: an
// invalid type name, a nil handler or a type registered twice.
func (m *Mux) Handle(typ string, h HandlerFunc) {
	if !ValidType(typ) {
		panic(fmt.Sprintf("jobs: task type %q is not area:verb", typ))
	}
	if h == nil {
		panic("jobs: nil handler for " + typ)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.handlers[typ]; dup {
		panic("jobs: task type registered twice: " + typ)
	}
	m.handlers[typ] = h
}

// Types lists the registered task types, sorted.
func (m *Mux) Types() []string {
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]string, 0, len(m.handlers))
	for t := range m.handlers {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func (m *Mux) handler(typ string) (HandlerFunc, bool) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	h, ok := m.handlers[typ]
	return h, ok
}

// HandleJSON registers a handler whose payload decodes into T. A payload that does not
// decode, or whose Validate() error (if T has one) fails, is ErrBadPayload: not retried,
// and the row is marked dead.
func HandleJSON[T any](m *Mux, typ string, h func(ctx context.Context, payload T) error) {
	m.Handle(typ, func(ctx context.Context, data json.RawMessage) error {
		var p T
		if err := json.Unmarshal(data, &p); err != nil {
			return fmt.Errorf("%w: %s: %w", ErrBadPayload, typ, err)
		}
		if v, ok := any(&p).(interface{ Validate() error }); ok {
			if err := v.Validate(); err != nil {
				return fmt.Errorf("%w: %s: %w", ErrBadPayload, typ, err)
			}
		}
		return h(ctx, p)
	})
}
