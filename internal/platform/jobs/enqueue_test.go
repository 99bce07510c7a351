package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestValidType(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"payments:settle", true},
		{"compliance:rescreen_party", true},
		{"kpi2:rollup", true},
		{"payments", false},
		{"Payments:settle", false},
		{"payments:settle:now", false},
		{":settle", false},
		{"payments:", false},
		{"pay-ments:settle", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidType(tt.in); got != tt.want {
			t.Errorf("ValidType(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestTask_Defaults(t *testing.T) {
	tests := []struct {
		name      string
		task      Task
		wantQueue string
		wantRetry int
		wantErr   bool
	}{
		{"defaults", Task{Type: "a:b"}, QueueDefault, DefaultMaxRetry, false},
		{"explicit", Task{Type: "a:b", Queue: QueueLow, MaxRetry: 3}, QueueLow, 3, false},
		{"no retry", Task{Type: "a:b", Queue: QueueCritical, MaxRetry: NoRetry}, QueueCritical, 0, false},
		{"bad type", Task{Type: "ab"}, "", 0, true},
		{"bad queue", Task{Type: "a:b", Queue: "urgent"}, "", 0, true},
		{"bad retry", Task{Type: "a:b", MaxRetry: -2}, "", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.task.Validate()
			if (err != nil) != tt.wantErr {
				t.Fatalf("Validate() = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if !errors.Is(err, ErrInvalidTask) {
					t.Fatalf("error %v is not ErrInvalidTask", err)
				}
				return
			}
			if q, r := tt.task.queue(), tt.task.maxRetry(); q != tt.wantQueue || r != tt.wantRetry {
				t.Fatalf("queue, max retry = %s, %d; want %s, %d", q, r, tt.wantQueue, tt.wantRetry)
			}
		})
	}
}

// TestEnqueue_TenantFromViewer covers who may enqueue for which tenant, and what lands
// in the row and its envelope.
func TestEnqueue_TenantFromViewer(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		own, other := uuid.New(), uuid.New()
		tests := []struct {
			name       string
			ctx        context.Context
			task       Task
			wantTenant uuid.UUID
			wantErr    error // nil: success; errAny: some error
		}{
			{"tenant viewer", tenantCtx(t, own), Task{Type: "a:b"}, own, nil},
			{"tenant viewer names itself", tenantCtx(t, own), Task{Type: "a:b", TenantID: own}, own, nil},
			{"tenant viewer names another", tenantCtx(t, own), Task{Type: "a:b", TenantID: other}, uuid.Nil, ErrTenantMismatch},
			{"job viewer", tenant.ForTenant(t.Context(), own, tenant.ModelCurated, tenant.SystemJobs), Task{Type: "a:b"}, own, nil},
			{"system with tenant", sysCtx(t), Task{Type: "a:b", TenantID: other}, other, nil},
			{"system platform-wide", sysCtx(t), Task{Type: "a:b"}, uuid.Nil, nil},
			{"no viewer", t.Context(), Task{Type: "a:b"}, uuid.Nil, ErrNoViewer},
			{"platform admin without system context", tenant.NewContext(t.Context(), &tenant.Viewer{PlatformAdmin: true}), Task{Type: "a:b"}, uuid.Nil, errAny},
			{"bad type", tenantCtx(t, own), Task{Type: "nope"}, uuid.Nil, ErrInvalidTask},
			{"bad payload", tenantCtx(t, own), Task{Type: "a:b", Payload: make(chan int)}, uuid.Nil, ErrInvalidTask},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tx, err := d.Client.Tx(t.Context())
				if err != nil {
					t.Fatal(err)
				}
				id, err := Enqueue(tt.ctx, tx, tt.task)
				if cerr := tx.Commit(); cerr != nil && err == nil {
					t.Fatal(cerr)
				}
				switch {
				case tt.wantErr == errAny && err != nil:
					return
				case tt.wantErr != nil:
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("err = %v, want %v", err, tt.wantErr)
					}
					return
				case err != nil:
					t.Fatalf("err = %v", err)
				}
				m, err := d.Client.OutboxMessage.Get(sysCtx(t), id)
				if err != nil {
					t.Fatal(err)
				}
				if got := derefID(m.TenantID); got != tt.wantTenant {
					t.Fatalf("row tenant = %s, want %s", got, tt.wantTenant)
				}
				env, err := decodeEnvelope(m.Payload)
				if err != nil {
					t.Fatal(err)
				}
				if derefID(env.TenantID) != tt.wantTenant || derefID(env.OutboxID) != id {
					t.Fatalf("envelope tenant %v outbox %v, want %s %s", env.TenantID, env.OutboxID, tt.wantTenant, id)
				}
			})
		}
	})
}

var errAny = errors.New("any error")

func derefID(p *uuid.UUID) uuid.UUID {
	if p == nil {
		return uuid.Nil
	}
	return *p
}

func TestEnqueue_RowAndEnvelope(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := tenantCtx(t, uuid.New())
		runAt := time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)
		var id uuid.UUID
		err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
			var err error
			id, err = Enqueue(ctx, tx, Task{
				Type: "orders:approve", Queue: QueueCritical, RunAt: runAt, MaxRetry: 5,
				Payload: map[string]any{"order_id": "o-1", "n": 3},
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		m, err := d.Client.OutboxMessage.Get(sysCtx(t), id)
		if err != nil {
			t.Fatal(err)
		}
		if m.TaskType != "orders:approve" || m.Queue != QueueCritical || m.MaxRetry != 5 || !m.RunAt.Equal(runAt) {
			t.Fatalf("row = %+v", m)
		}
		if m.EnqueuedAt != nil || m.DoneAt != nil || m.Enqueues != 0 {
			t.Fatalf("fresh row has delivery state: %+v", m)
		}
		var raw map[string]json.RawMessage
		if err := json.Unmarshal(m.Payload, &raw); err != nil {
			t.Fatal(err)
		}
		if got := string(raw["data"]); got != `{"n":3,"order_id":"o-1"}` {
			t.Fatalf("data = %s", got)
		}
		for _, k := range []string{"tenant_id", "outbox_id", "data"} {
			if _, ok := raw[k]; !ok {
				t.Fatalf("envelope lacks %q: %s", k, m.Payload)
			}
		}
	})
}

// TestEnqueue_RollbackLeavesNoJob: the job shares the fate of the state change.
func TestEnqueue_RollbackLeavesNoJob(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		ctx := tenantCtx(t, uuid.New())
		boom := errors.New("business rule failed")
		err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
			if _, err := Enqueue(ctx, tx, Task{Type: "a:b"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err = %v", err)
		}
		if n := d.Client.OutboxMessage.Query().CountX(sysCtx(t)); n != 0 {
			t.Fatalf("%d outbox rows after rollback", n)
		}
	})
}

func TestComplete_WithoutOutboxRow(t *testing.T) {
	d := testenv.SQLite(t)
	tx, err := d.Client.Tx(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := Complete(t.Context(), tx); !errors.Is(err, ErrNoOutboxRow) {
		t.Fatalf("err = %v, want ErrNoOutboxRow", err)
	}
}

// TestComplete_FirstOnlyOnce: sequential Completes on one row, the store half of the
// exactly-once guarantee (the concurrent half is TestDelivery_DuplicateDelivery).
func TestComplete_FirstOnlyOnce(t *testing.T) {
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		var id uuid.UUID
		err := db.WithTx(sysCtx(t), d.Client, func(tx *ent.Tx) error {
			var err error
			id, err = Enqueue(sysCtx(t), tx, Task{Type: "a:b"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// A tenant viewer, as in a handler: Complete needs no system context of its own.
		ctx := withOutboxID(tenantCtx(t, uuid.New()), id)
		for i, want := range []bool{true, false} {
			tx, err := d.Client.Tx(ctx)
			if err != nil {
				t.Fatal(err)
			}
			first, err := Complete(ctx, tx)
			if err != nil {
				t.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			if first != want {
				t.Fatalf("Complete #%d first = %v, want %v", i+1, first, want)
			}
		}
		// A rolled-back Complete leaves the row as it was.
		var id2 uuid.UUID
		_ = db.WithTx(sysCtx(t), d.Client, func(tx *ent.Tx) error {
			id2, err = Enqueue(sysCtx(t), tx, Task{Type: "a:b"})
			return err
		})
		ctx2 := withOutboxID(t.Context(), id2)
		tx, _ := d.Client.Tx(ctx2)
		if first, err := Complete(ctx2, tx); err != nil || !first {
			t.Fatalf("Complete = %v, %v", first, err)
		}
		_ = tx.Rollback()
		if m := d.Client.OutboxMessage.GetX(sysCtx(t), id2); m.DoneAt != nil {
			t.Fatal("rolled-back Complete left the row done")
		}
	})
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"}, // é is two bytes: not split
		{strings.Repeat("x", 3000), maxErrorLen, strings.Repeat("x", maxErrorLen)},
	}
	for _, tt := range tests {
		if got := truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestIdempotencyKey(t *testing.T) {
	if k := IdempotencyKey(t.Context(), "transfer"); k != "" {
		t.Fatalf("key outside a job = %q", k)
	}
	id := uuid.New()
	ctx := withOutboxID(t.Context(), id)
	if k := IdempotencyKey(ctx, "transfer"); k != id.String()+":transfer" {
		t.Fatalf("key = %q", k)
	}
	if IdempotencyKey(ctx, "a") == IdempotencyKey(ctx, "b") {
		t.Fatal("purposes must give different keys")
	}
}
