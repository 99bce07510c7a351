package audit_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/internal/platform/audit"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
	"github.com/manifoldhq/manifold/internal/platform/testenv"
)

func TestVerify_CleanChain(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		// A batch size that does not divide the chain exercises every batch boundary.
		f := newFixture(d, audit.WithBatchSize(3))
		tn, ctx := f.newTenant(t)

		if rep := f.verify(t, ctx, tn.ID); !rep.OK || rep.EventsChecked != 0 || rep.Problem != nil {
			t.Fatalf("empty chain: %+v", rep)
		}
		evs := f.appendN(t, ctx, 10)
		rep := f.verify(t, ctx, tn.ID)
		if !rep.OK || rep.EventsChecked != 10 || rep.HeadSeq != 10 || rep.HeadHash != evs[9].Hash || rep.Problem != nil {
			t.Fatalf("clean chain: %+v", rep)
		}
		// A system context verifies any tenant; a tenant viewer its own without naming it.
		sys := tenant.SystemContext(t.Context(), tenant.SystemAudit)
		if rep := f.verify(t, sys, tn.ID); !rep.OK {
			t.Fatalf("system verify: %+v", rep)
		}
		if rep := f.verify(t, ctx, uuid.Nil); !rep.OK || rep.TenantID != tn.ID {
			t.Fatalf("own-tenant verify: %+v", rep)
		}
	})
}

// Editing any one column of a middle event is reported as edited at its seq.
func TestVerify_DetectsEditedField(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d, audit.WithBatchSize(2))
		other, otherCtx := f.newTenant(t)
		f.appendN(t, otherCtx, 1)

		tests := []struct {
			column string
			value  any
		}{
			{"actor", "user:someone-else"},
			{"action", "order.approve"},
			{"subject_type", "invoice"},
			{"subject_id", "o-999"},
			{"before", []byte(`{"n":42}`)},
			{"after", nil},
			{"request_id", "req-forged"},
			{"created_at", time.Now().UTC().Add(-time.Hour)},
			{"prev_hash", "v1:" + "00"},
			{"hash", "v1:" + "ff"},
			{"seq", 1000},
			{"id", uuid.Must(uuid.NewV7())},
			{"tenant_id", other.ID},
		}
		for _, tt := range tests {
			t.Run(tt.column, func(t *testing.T) {
				tn, ctx := f.newTenant(t)
				evs := f.appendN(t, ctx, 5)
				rawExec(t, d, `UPDATE audit_events SET `+tt.column+` = $1 WHERE id = $2`, tt.value, evs[2].ID)
				rep := f.verify(t, ctx, tn.ID)
				if rep.OK || rep.Problem == nil || rep.Problem.Kind != audit.ProblemEdited || rep.Problem.Seq != 3 {
					t.Fatalf("want edited at 3, got %+v (%+v)", rep, rep.Problem)
				}
				if rep.EventsChecked != 2 {
					t.Errorf("events checked %d, want 2", rep.EventsChecked)
				}
			})
		}
	})
}

func TestVerify_DetectsDeletedEvent(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tests := []struct {
			name   string
			delete []int64 // seqs
			seq    int64
			kind   audit.ProblemKind
		}{
			{"middle", []int64{3}, 3, audit.ProblemDeleted},
			{"first", []int64{1}, 1, audit.ProblemDeleted},
			{"several", []int64{2, 3, 4}, 2, audit.ProblemDeleted},
			{"newest", []int64{5}, 5, audit.ProblemHeadMismatch},
			{"two newest", []int64{4, 5}, 5, audit.ProblemHeadMismatch},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				tn, ctx := f.newTenant(t)
				f.appendN(t, ctx, 5)
				for _, s := range tt.delete {
					rawExec(t, d, `DELETE FROM audit_events WHERE tenant_id = $1 AND seq = $2`, tn.ID, s)
				}
				rep := f.verify(t, ctx, tn.ID)
				if rep.OK || rep.Problem == nil || rep.Problem.Kind != tt.kind || rep.Problem.Seq != tt.seq {
					t.Fatalf("want %s at %d, got %+v (%+v)", tt.kind, tt.seq, rep, rep.Problem)
				}
			})
		}
	})
}

func TestVerify_DetectsReorderedEvents(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)
		tn, ctx := f.newTenant(t)
		f.appendN(t, ctx, 5)
		// Swap seqs 3 and 4 through a free value (the (tenant_id, seq) index is unique).
		rawExec(t, d, `UPDATE audit_events SET seq = -1 WHERE tenant_id = $1 AND seq = 3`, tn.ID)
		rawExec(t, d, `UPDATE audit_events SET seq = 3 WHERE tenant_id = $1 AND seq = 4`, tn.ID)
		rawExec(t, d, `UPDATE audit_events SET seq = 4 WHERE tenant_id = $1 AND seq = -1`, tn.ID)
		rep := f.verify(t, ctx, tn.ID)
		if rep.OK || rep.Problem == nil || rep.Problem.Kind != audit.ProblemReordered || rep.Problem.Seq != 3 {
			t.Fatalf("want reordered at 3, got %+v (%+v)", rep, rep.Problem)
		}
	})
}

func TestVerify_DetectsHeadMismatch(t *testing.T) {
	t.Parallel()
	testenv.Dialects(t, func(t *testing.T, d *db.DB) {
		f := newFixture(d)

		t.Run("events past the head", func(t *testing.T) {
			tn, ctx := f.newTenant(t)
			evs := f.appendN(t, ctx, 5)
			// The head rolled back to 4: event 5 was not appended through the chain.
			rawExec(t, d, `UPDATE tenants SET audit_seq = 4, audit_head = $1 WHERE id = $2`, evs[3].Hash, tn.ID)
			rep := f.verify(t, ctx, tn.ID)
			if rep.OK || rep.Problem == nil || rep.Problem.Kind != audit.ProblemHeadMismatch || rep.Problem.Seq != 5 {
				t.Fatalf("want head_mismatch at 5, got %+v (%+v)", rep, rep.Problem)
			}
		})
		t.Run("head hash", func(t *testing.T) {
			tn, ctx := f.newTenant(t)
			f.appendN(t, ctx, 3)
			rawExec(t, d, `UPDATE tenants SET audit_head = 'v1:00' WHERE id = $1`, tn.ID)
			rep := f.verify(t, ctx, tn.ID)
			if rep.OK || rep.Problem == nil || rep.Problem.Kind != audit.ProblemHeadMismatch || rep.Problem.Seq != 3 {
				t.Fatalf("want head_mismatch at 3, got %+v (%+v)", rep, rep.Problem)
			}
		})
	})
}
