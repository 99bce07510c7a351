package audit

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestCanonicalJSON(t *testing.T) {
	type rec struct {
		B int    `json:"b"`
		A string `json:"a"`
	}
	var nilPtr *rec
	tests := []struct {
		name string
		in   any
		want string // "" means absent
	}{
		{"nil", nil, ""},
		{"typed nil pointer", nilPtr, ""},
		{"json null", json.RawMessage(`null`), ""},
		{"map keys sorted", map[string]any{"b": 1, "a": map[string]any{"d": 1, "c": 2}}, `{"a":{"c":2,"d":1},"b":1}`},
		{"struct keys sorted", rec{B: 1, A: "x"}, `{"a":"x","b":1}`},
		{"raw whitespace dropped", json.RawMessage(" { \"b\" : [ 1 , 2 ] , \"a\" : true } "), `{"a":true,"b":[1,2]}`},
		{"number text kept", json.RawMessage(`{"n":1.50,"big":12345678901234567890}`), `{"big":12345678901234567890,"n":1.50}`},
		{"scalar", "x", `"x"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := canonicalJSON(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want || (tt.want == "" && got != nil) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := canonicalJSON(json.RawMessage(`{bad`)); err == nil {
		t.Error("invalid raw JSON accepted")
	}
}

func TestComputeHash_FieldsAreDelimited(t *testing.T) {
	base := ent.AuditEvent{
		ID: uuid.Must(uuid.NewV7()), TenantID: uuid.Must(uuid.NewV7()), Seq: 7,
		Actor: "user:a", Action: "order.place", SubjectType: "order", SubjectID: "o1",
		Before: []byte(`{"a":1}`), After: []byte(`{"a":2}`), RequestID: "r",
		PrevHash: "v1:abc", CreatedAt: time.Date(2025, 1, 2, 3, 4, 5, 123456000, time.UTC),
	}
	h := computeHash(&base)
	if len(h) != len("v1:")+64 || h[:3] != "v1:" {
		t.Fatalf("hash format %q", h)
	}
	local := base
	local.CreatedAt = base.CreatedAt.In(time.FixedZone("x", 3600)).Add(789) // same µs instant
	if computeHash(&local) != h {
		t.Error("hash depends on time zone or sub-microsecond digits")
	}
	variants := map[string]func(e *ent.AuditEvent){
		"shift between fields": func(e *ent.AuditEvent) { e.SubjectType, e.SubjectID = "ordero", "1" },
		"before to after":      func(e *ent.AuditEvent) { e.Before, e.After = nil, []byte(`{"a":1}{"a":2}`) },
		"request id":           func(e *ent.AuditEvent) { e.RequestID = "" },
		"seq":                  func(e *ent.AuditEvent) { e.Seq = 8 },
		"id":                   func(e *ent.AuditEvent) { e.ID = uuid.Must(uuid.NewV7()) },
		"microsecond":          func(e *ent.AuditEvent) { e.CreatedAt = e.CreatedAt.Add(time.Microsecond) },
	}
	for name, mutate := range variants {
		e := base
		mutate(&e)
		if computeHash(&e) == h {
			t.Errorf("%s: same hash", name)
		}
	}
	base.Hash = h
	if !hashValid(&base) {
		t.Error("valid event rejected")
	}
	base.Hash = "v2:" + h[3:]
	if hashValid(&base) {
		t.Error("unknown version accepted")
	}
}

// Someone who rewrites an event and recomputes its hash still breaks the link from the
// next event.
func TestVerify_DetectsRewrittenEventWithRecomputedHash(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		l := New(d.Client, d.Dialect)
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		tn := d.Client.Tenant.Create().SetSlug("rw").SetName("rw").SetModel("curated").SetDefaultCurrency("EUR").SaveX(sys)
		ctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, UserID: uuid.Must(uuid.NewV7())})
		var evs []*ent.AuditEvent
		for range 4 {
			err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
				ev, err := l.Append(ctx, tx, Event{Action: "order.place"})
				evs = append(evs, ev)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		forged := *evs[1]
		forged.Action = "order.cancel"
		forged.Hash = computeHash(&forged)
		if _, err := d.SQL.ExecContext(t.Context(), `UPDATE audit_events SET action = $1, hash = $2 WHERE id = $3`,
			forged.Action, forged.Hash, forged.ID); err != nil {
			t.Fatal(err)
		}
		rep, err := l.Verify(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rep.OK || rep.Problem == nil || rep.Problem.Kind != ProblemEdited || rep.Problem.Seq != 2 {
			t.Fatalf("want edited at 2, got %+v (%+v)", rep, rep.Problem)
		}
	})
}
