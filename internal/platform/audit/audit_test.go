package audit_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/auditevent"
	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

type fixture struct {
	d   *db.DB
	log *audit.Log
}

func newFixture(d *db.DB, opts ...audit.Option) *fixture {
	return &fixture{d: d, log: audit.New(d.Client, d.Dialect, opts...)}
}

// newTenant creates a tenant and returns it with a user viewer's context in it.
func (f *fixture) newTenant(t *testing.T) (*ent.Tenant, context.Context) {
	t.Helper()
	sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
	slug := "t" + uuid.NewString()[:8]
	tn, err := f.d.Client.Tenant.Create().SetSlug(slug).SetName(slug).SetModel("curated").SetDefaultCurrency("EUR").Save(sys)
	if err != nil {
		t.Fatalf("create tenant: %v", err)
	}
	ctx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, UserID: uuid.Must(uuid.NewV7())})
	return tn, ctx
}

func (f *fixture) append(ctx context.Context, e audit.Event) (*ent.AuditEvent, error) {
	var out *ent.AuditEvent
	err := db.WithTx(ctx, f.d.Client, func(tx *ent.Tx) error {
		var err error
		out, err = f.log.Append(ctx, tx, e)
		return err
	})
	return out, err
}

// appendN appends n events with distinct contents.
func (f *fixture) appendN(t *testing.T, ctx context.Context, n int) []*ent.AuditEvent {
	t.Helper()
	out := make([]*ent.AuditEvent, 0, n)
	for i := range n {
		ev, err := f.append(ctx, audit.Event{
			Action: "order.update", SubjectType: "order", SubjectID: fmt.Sprintf("o-%d", i),
			Before: map[string]any{"n": i}, After: map[string]any{"n": i + 1},
			RequestID: fmt.Sprintf("req-%d", i),
		})
		if err != nil {
			t.Fatalf("append %d: %v", i, err)
		}
		out = append(out, ev)
	}
	return out
}

func (f *fixture) verify(t *testing.T, ctx context.Context, tid uuid.UUID) audit.Report {
	t.Helper()
	rep, err := f.log.Verify(ctx, tid)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	return rep
}

func (f *fixture) head(t *testing.T, tid uuid.UUID) *ent.Tenant {
	t.Helper()
	tn, err := f.d.Client.Tenant.Get(tenant.SystemContext(t.Context(), tenant.SystemTest), tid)
	if err != nil {
		t.Fatalf("get tenant: %v", err)
	}
	return tn
}

func TestAppend_ChainsEventsAndAdvancesHead(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tn, ctx := f.newTenant(t)
		v := tenant.FromContext(ctx)
		before := f.head(t, tn.ID)

		first, err := f.append(ctx, audit.Event{
			Action: "product.update", SubjectType: "product", SubjectID: "p1",
			Before: map[string]any{"b": 2, "a": 1}, After: json.RawMessage(`{ "z" : [1, 2.50], "a": null }`),
			RequestID: "req-1",
		})
		if err != nil {
			t.Fatalf("append: %v", err)
		}
		second, err := f.append(ctx, audit.Event{Action: "product.delete"})
		if err != nil {
			t.Fatalf("append: %v", err)
		}

		if first.Seq != 1 || second.Seq != 2 {
			t.Fatalf("seqs %d, %d", first.Seq, second.Seq)
		}
		if first.PrevHash != "" || second.PrevHash != first.Hash {
			t.Fatalf("links: first prev %q, second prev %q, first hash %q", first.PrevHash, second.PrevHash, first.Hash)
		}
		if first.TenantID != tn.ID || first.Actor != v.Actor() {
			t.Fatalf("tenant %s actor %q", first.TenantID, first.Actor)
		}
		if got := string(first.Before); got != `{"a":1,"b":2}` {
			t.Errorf("before not canonical: %s", got)
		}
		if got := string(first.After); got != `{"a":null,"z":[1,2.50]}` {
			t.Errorf("after not canonical: %s", got)
		}
		if second.Before != nil || second.After != nil {
			t.Errorf("absent before/after stored: %q %q", second.Before, second.After)
		}
		if first.CreatedAt.Nanosecond()%1000 != 0 {
			t.Errorf("created_at not truncated to µs: %v", first.CreatedAt)
		}

		h := f.head(t, tn.ID)
		if h.AuditSeq != 2 || h.AuditHead != second.Hash {
			t.Fatalf("head %d %q, want 2 %q", h.AuditSeq, h.AuditHead, second.Hash)
		}
		if !h.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("tenant updated_at moved from %v to %v", before.UpdatedAt, h.UpdatedAt)
		}

		// What was stored is what was hashed.
		if rep := f.verify(t, ctx, tn.ID); !rep.OK || rep.EventsChecked != 2 {
			t.Fatalf("verify: %+v", rep)
		}
	})
}

func TestAppend_RollsBackWithTheCallersTransaction(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tn, ctx := f.newTenant(t)
		f.appendN(t, ctx, 1)
		boom := errors.New("boom")
		err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
			if _, err := f.log.Append(ctx, tx, audit.Event{Action: "x"}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("err %v", err)
		}
		if h := f.head(t, tn.ID); h.AuditSeq != 1 {
			t.Fatalf("head seq %d after rollback", h.AuditSeq)
		}
		ev, err := f.append(ctx, audit.Event{Action: "y"})
		if err != nil || ev.Seq != 2 {
			t.Fatalf("append after rollback: seq %v err %v", ev, err)
		}
		if rep := f.verify(t, ctx, tn.ID); !rep.OK {
			t.Fatalf("verify: %+v", rep)
		}
	})
}

func TestAppend_Contexts(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tn, _ := f.newTenant(t)
		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)

		if _, err := f.append(sys, audit.Event{Action: "x"}); !errors.Is(err, audit.ErrNoTenant) {
			t.Errorf("system without tenant: %v", err)
		}
		if _, err := f.append(t.Context(), audit.Event{Action: "x"}); !errors.Is(err, audit.ErrNoTenant) {
			t.Errorf("no viewer: %v", err)
		}
		if _, err := f.append(sys, audit.Event{Action: "", TenantID: tn.ID}); !problem.Is(err, problem.KindValidation) {
			t.Errorf("empty action: %v", err)
		}
		ev, err := f.append(sys, audit.Event{Action: "tenant.seed", TenantID: tn.ID})
		if err != nil {
			t.Fatalf("system append: %v", err)
		}
		if ev.Actor != "system:"+tenant.SystemTest || ev.TenantID != tn.ID {
			t.Errorf("actor %q tenant %s", ev.Actor, ev.TenantID)
		}
		if _, err := f.append(sys, audit.Event{Action: "x", TenantID: uuid.Must(uuid.NewV7())}); !problem.Is(err, problem.KindNotFound) {
			t.Errorf("unknown tenant: %v", err)
		}
		keyCtx := tenant.NewContext(t.Context(), &tenant.Viewer{TenantID: tn.ID, APIKeyID: uuid.Must(uuid.NewV7())})
		ev, err = f.append(keyCtx, audit.Event{Action: "x"})
		if err != nil || ev.Actor != tenant.FromContext(keyCtx).Actor() {
			t.Fatalf("api key append: %+v %v", ev, err)
		}
	})
}

func TestRecord_TakesRequestIDFromContext(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		type key struct{}
		f := newFixture(d, audit.WithRequestID(func(ctx context.Context) string {
			s, _ := ctx.Value(key{}).(string)
			return s
		}))
		tn, ctx := f.newTenant(t)
		ctx = context.WithValue(ctx, key{}, "req-42")
		err := db.WithTx(ctx, d.Client, func(tx *ent.Tx) error {
			return f.log.Record(ctx, tx, "api_key.create", "api_key", "k1", nil, map[string]any{"name": "ci"})
		})
		if err != nil {
			t.Fatalf("record: %v", err)
		}
		ev := d.Client.AuditEvent.Query().Where(auditevent.TenantID(tn.ID)).OnlyX(ctx)
		if ev.RequestID != "req-42" || ev.Action != "api_key.create" || string(ev.After) != `{"name":"ci"}` {
			t.Fatalf("event %+v", ev)
		}
	})
}

// Tenant B cannot append into, list or verify A's chain, and B's chain is unaffected by
// A's, tampered or not.
func TestAudit_DifferentTenant(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		ta, ctxA := f.newTenant(t)
		tb, ctxB := f.newTenant(t)
		evA := f.appendN(t, ctxA, 3)
		f.appendN(t, ctxB, 2)

		if _, err := f.append(ctxB, audit.Event{Action: "x", TenantID: ta.ID}); !problem.Is(err, problem.KindNotFound) {
			t.Errorf("B appends into A: %v", err)
		}
		if h := f.head(t, ta.ID); h.AuditSeq != 3 {
			t.Errorf("A's head moved to %d", h.AuditSeq)
		}
		if _, err := f.log.Verify(ctxB, ta.ID); !problem.Is(err, problem.KindNotFound) {
			t.Errorf("B verifies A: %v", err)
		}
		if _, err := f.log.List(ctxB, audit.ListParams{TenantID: ta.ID}); !problem.Is(err, problem.KindNotFound) {
			t.Errorf("B lists A: %v", err)
		}
		page, err := f.log.List(ctxB, audit.ListParams{})
		if err != nil {
			t.Fatalf("list B: %v", err)
		}
		for _, ev := range page.Events {
			if ev.TenantID != tb.ID {
				t.Fatalf("B sees event of %s", ev.TenantID)
			}
		}
		if len(page.Events) != 2 {
			t.Errorf("B lists %d events", len(page.Events))
		}
		if _, err := d.Client.AuditEvent.Get(ctxB, evA[0].ID); !ent.IsNotFound(err) {
			t.Errorf("B gets A's event: %v", err)
		}

		// Tamper with A: B still verifies, A does not.
		rawExec(t, d, `UPDATE audit_events SET action = 'forged' WHERE id = $1`, evA[1].ID)
		if rep := f.verify(t, ctxB, tb.ID); !rep.OK || rep.EventsChecked != 2 {
			t.Errorf("B: %+v", rep)
		}
		if rep := f.verify(t, ctxA, ta.ID); rep.OK {
			t.Errorf("A verifies after tampering: %+v", rep)
		}
	})
}

func TestAppend_ConcurrentAppendsSerialize(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		ta, ctxA := f.newTenant(t)
		tb, ctxB := f.newTenant(t)
		const workers, each = 16, 8
		var wg sync.WaitGroup
		errs := make(chan error, 2*workers*each)
		for w := range 2 * workers {
			ctx := ctxA
			if w%2 == 1 {
				ctx = ctxB
			}
			wg.Go(func() {
				for i := range each {
					if _, err := f.append(ctx, audit.Event{Action: "concurrent", SubjectID: fmt.Sprintf("%d-%d", w, i)}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("append: %v", err)
		}
		for _, c := range []struct {
			id  uuid.UUID
			ctx context.Context
		}{{ta.ID, ctxA}, {tb.ID, ctxB}} {
			rep := f.verify(t, c.ctx, c.id)
			if !rep.OK || rep.EventsChecked != workers*each || rep.HeadSeq != workers*each {
				t.Fatalf("verify %s: %+v", c.id, rep)
			}
		}
	})
}

// Verify during appends reports the chain up to the head it read, not a mismatch.
func TestVerify_WhileAppending(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d, audit.WithBatchSize(4))
		tn, ctx := f.newTenant(t)
		f.appendN(t, ctx, 10)
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			for {
				select {
				case <-done:
					return
				default:
				}
				if _, err := f.append(ctx, audit.Event{Action: "bg"}); err != nil {
					t.Errorf("append: %v", err)
					return
				}
			}
		})
		for range 10 {
			if rep := f.verify(t, ctx, tn.ID); !rep.OK {
				t.Errorf("verify while appending: %+v", rep)
			}
		}
		close(done)
		wg.Wait()
	})
}

func TestList_KeysetPages(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tn, ctx := f.newTenant(t)
		f.appendN(t, ctx, 7)
		f.append(ctx, audit.Event{Action: "order.cancel", SubjectType: "order", SubjectID: "o-3"})

		seqs := func(p audit.Page) []int64 {
			out := []int64{}
			for _, ev := range p.Events {
				out = append(out, ev.Seq)
			}
			return out
		}
		walk := func(p audit.ListParams) [][]int64 {
			var pages [][]int64
			for {
				page, err := f.log.List(ctx, p)
				if err != nil {
					t.Fatalf("list %+v: %v", p, err)
				}
				pages = append(pages, seqs(page))
				if page.NextCursor == 0 {
					return pages
				}
				p.Cursor = page.NextCursor
			}
		}
		tests := []struct {
			name string
			p    audit.ListParams
			want string
		}{
			{"newest first", audit.ListParams{Limit: 3}, "[[8 7 6] [5 4 3] [2 1]]"},
			{"oldest first", audit.ListParams{Limit: 3, Ascending: true}, "[[1 2 3] [4 5 6] [7 8]]"},
			{"exact pages", audit.ListParams{Limit: 4, Ascending: true}, "[[1 2 3 4] [5 6 7 8]]"},
			{"default limit", audit.ListParams{}, "[[8 7 6 5 4 3 2 1]]"},
			{"subject filter", audit.ListParams{SubjectID: "o-3", Limit: 1}, "[[8] [4]]"},
			{"action filter", audit.ListParams{Action: "order.cancel"}, "[[8]]"},
			{"from a cursor", audit.ListParams{Cursor: 3}, "[[2 1]]"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := fmt.Sprint(walk(tt.p)); got != tt.want {
					t.Errorf("pages %s, want %s", got, tt.want)
				}
			})
		}

		sys := tenant.SystemContext(t.Context(), tenant.SystemTest)
		page, err := f.log.List(sys, audit.ListParams{TenantID: tn.ID, Limit: 2})
		if err != nil || fmt.Sprint(seqs(page)) != "[8 7]" {
			t.Errorf("system list: %v %v", seqs(page), err)
		}
		if _, err := f.log.List(sys, audit.ListParams{}); !errors.Is(err, audit.ErrNoTenant) {
			t.Errorf("system list without tenant: %v", err)
		}
		for _, bad := range []audit.ListParams{{Limit: -1}, {Limit: audit.MaxListLimit + 1}, {Cursor: -1}} {
			if _, err := f.log.List(ctx, bad); !problem.Is(err, problem.KindValidation) {
				t.Errorf("list %+v: %v", bad, err)
			}
		}
	})
}

func TestProblemKind_Parse(t *testing.T) {
	for _, k := range audit.ProblemKinds {
		got, ok := audit.ParseProblemKind(k.String())
		if !ok || got != k {
			t.Errorf("parse %q: %q %v", k, got, ok)
		}
	}
	if _, ok := audit.ParseProblemKind("nope"); ok {
		t.Error("parsed an unknown kind")
	}
}

// rawExec runs SQL behind ent's back, as a tamperer would.
func rawExec(t *testing.T, d *db.DB, query string, args ...any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	res, err := d.SQL.ExecContext(ctx, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatalf("%s: no rows affected", query)
	}
}
