package audit

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/auditevent"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// ProblemKind classifies the first break Verify finds in a chain.
type ProblemKind string

const (
	// ProblemEdited: an event's fields (or its seq or tenant) no longer match its hash.
	ProblemEdited ProblemKind = "edited"
	// ProblemDeleted: a seq is missing from the chain.
	ProblemDeleted ProblemKind = "deleted"
	// ProblemReordered: an intact event sits at a seq other than the one it was written at.
	ProblemReordered ProblemKind = "reordered"
	// ProblemHeadMismatch: the chain does not end where the tenant's head says it does
	// (typically the newest events were deleted).
	ProblemHeadMismatch ProblemKind = "head_mismatch"
)

// ProblemKinds lists every kind.
var ProblemKinds = []ProblemKind{ProblemEdited, ProblemDeleted, ProblemReordered, ProblemHeadMismatch}

func (k ProblemKind) String() string { return string(k) }

// ParseProblemKind maps a string to a kind.
func ParseProblemKind(s string) (ProblemKind, bool) {
	for _, k := range ProblemKinds {
		if string(k) == s {
			return k, true
		}
	}
	return "", false
}

// Problem is the first break in a chain.
type Problem struct {
	Seq    int64       `json:"seq"`
	Kind   ProblemKind `json:"kind"`
	Detail string      `json:"detail"`
}

// Report is the outcome of Verify.
type Report struct {
	TenantID      uuid.UUID `json:"tenant_id"`
	OK            bool      `json:"ok"`
	EventsChecked int64     `json:"events_checked"`
	HeadSeq       int64     `json:"head_seq"`
	HeadHash      string    `json:"head_hash"`
	Problem       *Problem  `json:"problem,omitempty"`
}

// maxMoveDepth bounds how far back Verify follows prev_hash links to tell a reordered
// event from an edited one.
const maxMoveDepth = 16

// Verify walks tenantID's chain in seq order, a batch at a time, recomputing every hash
// and checking that seqs run from 1 without gaps, that each event links to its
// predecessor and that the last one is the tenant's head. It stops at the first
// problem. A tenant viewer may verify only its own tenant (another answers not found);
// a system context names any tenant. Appends that commit during the walk are past the
// head read at the start and are not reported.
//
// The chain proves the order and content of events to anyone holding a copy of a head
// (an exported head, a log line); it is not keyed, so someone able to rewrite every row
// and the tenant row can forge a consistent chain.
func (l *Log) Verify(ctx context.Context, tenantID uuid.UUID) (Report, error) {
	tid, err := resolveTenant(ctx, tenantID)
	if err != nil {
		return Report{}, err
	}
	// A tenant-scoped system viewer: reads stay filtered to this tenant whoever calls.
	tctx := tenant.ForTenant(ctx, tid, "", tenant.SystemAudit)
	t, err := l.client.Tenant.Get(tctx, tid)
	if ent.IsNotFound(err) {
		return Report{}, problem.NotFound("tenant not found")
	}
	if err != nil {
		return Report{}, fmt.Errorf("audit: read chain head: %w", err)
	}
	rep := Report{TenantID: tid, HeadSeq: t.AuditSeq, HeadHash: t.AuditHead}

	expect, lastHash := int64(1), ""
	for {
		batch, err := l.client.AuditEvent.Query().
			Where(auditevent.SeqGTE(expect), auditevent.SeqLTE(rep.HeadSeq)).
			Order(auditevent.BySeq()).
			Limit(l.batch).
			All(tctx)
		if err != nil {
			return Report{}, fmt.Errorf("audit: read events: %w", err)
		}
		for _, ev := range batch {
			p, err := l.check(ctx, tctx, tid, ev, expect, lastHash)
			if err != nil {
				return Report{}, err
			}
			if p != nil {
				rep.Problem = p
				return rep, nil
			}
			rep.EventsChecked++
			expect, lastHash = ev.Seq+1, ev.Hash
		}
		if len(batch) < l.batch {
			break
		}
	}

	if last := expect - 1; last != rep.HeadSeq {
		rep.Problem = &Problem{Seq: rep.HeadSeq, Kind: ProblemHeadMismatch,
			Detail: fmt.Sprintf("the tenant's head is at seq %d but the chain ends at seq %d", rep.HeadSeq, last)}
		return rep, nil
	}
	if lastHash != rep.HeadHash {
		rep.Problem = &Problem{Seq: rep.HeadSeq, Kind: ProblemHeadMismatch,
			Detail: fmt.Sprintf("event %d's hash is not the tenant's head", rep.HeadSeq)}
		return rep, nil
	}

	// Events past the head were not appended through Append, unless they committed
	// during the walk: read the newest event first, then the head, so a concurrent append
	// (event and head commit together) can only make the head newer.
	newest, err := l.client.AuditEvent.Query().
		Where(auditevent.SeqGT(rep.HeadSeq)).
		Order(auditevent.BySeq(sql.OrderDesc())).
		First(tctx)
	if err != nil && !ent.IsNotFound(err) {
		return Report{}, fmt.Errorf("audit: read events past the head: %w", err)
	}
	if newest != nil {
		t2, err := l.client.Tenant.Get(tctx, tid)
		if err != nil {
			return Report{}, fmt.Errorf("audit: re-read chain head: %w", err)
		}
		if newest.Seq > t2.AuditSeq {
			rep.Problem = &Problem{Seq: newest.Seq, Kind: ProblemHeadMismatch,
				Detail: fmt.Sprintf("event %d is past the tenant's head (seq %d)", newest.Seq, t2.AuditSeq)}
			return rep, nil
		}
	}
	rep.OK = true
	return rep, nil
}

// check examines ev, the next event read, when expect is the seq it should have and
// lastHash the hash of the verified event before it.
func (l *Log) check(ctx, tctx context.Context, tid uuid.UUID, ev *ent.AuditEvent, expect int64, lastHash string) (*Problem, error) {
	if ev.Seq != expect {
		// Either event expect is gone, or its row is still there under another seq or
		// tenant: the event that linked to lastHash.
		where, err := l.findMoved(ctx, tctx, tid, expect, lastHash)
		if err != nil {
			return nil, err
		}
		if where != "" {
			return &Problem{Seq: expect, Kind: ProblemEdited,
				Detail: fmt.Sprintf("event %d was moved %s", expect, where)}, nil
		}
		detail := fmt.Sprintf("event %d is missing", expect)
		if ev.Seq > expect+1 {
			detail = fmt.Sprintf("events %d to %d are missing", expect, ev.Seq-1)
		}
		return &Problem{Seq: expect, Kind: ProblemDeleted, Detail: detail}, nil
	}
	if !hashValid(ev) {
		orig, ok, err := l.originalSeq(tctx, ev.PrevHash, maxMoveDepth)
		if err != nil {
			return nil, err
		}
		if ok && orig+1 != ev.Seq && hashValidAt(ev, orig+1) {
			return &Problem{Seq: ev.Seq, Kind: ProblemReordered,
				Detail: fmt.Sprintf("the event at seq %d was written as seq %d", ev.Seq, orig+1)}, nil
		}
		return &Problem{Seq: ev.Seq, Kind: ProblemEdited,
			Detail: fmt.Sprintf("event %d does not match its hash", ev.Seq)}, nil
	}
	if ev.PrevHash != lastHash {
		// ev is intact where it was written, so what precedes it is not what it was
		// written after: the predecessor was rewritten along with its hash.
		seq := max(ev.Seq-1, 1)
		return &Problem{Seq: seq, Kind: ProblemEdited,
			Detail: fmt.Sprintf("event %d does not link to the event before it", ev.Seq)}, nil
	}
	return nil, nil
}

// findMoved looks for the row written as event expect (the one whose prev_hash is
// lastHash) at another seq or in another tenant, and says where it is.
func (l *Log) findMoved(ctx, tctx context.Context, tid uuid.UUID, expect int64, lastHash string) (string, error) {
	ev, err := l.client.AuditEvent.Query().
		Where(auditevent.PrevHash(lastHash), auditevent.SeqNEQ(expect)).
		First(tctx)
	switch {
	case err == nil:
		return fmt.Sprintf("to seq %d", ev.Seq), nil
	case !ent.IsNotFound(err):
		return "", fmt.Errorf("audit: look for a moved event: %w", err)
	case lastHash == "":
		// Every tenant's first event has an empty prev_hash: no cross-tenant evidence.
		return "", nil
	}
	// A row whose tenant_id was changed is only visible across tenants; the detail does
	// not name the other tenant.
	sys := tenant.SystemContext(ctx, tenant.SystemAudit)
	_, err = l.client.AuditEvent.Query().
		Where(auditevent.PrevHash(lastHash), auditevent.TenantIDNEQ(tid)).
		First(sys)
	switch {
	case err == nil:
		return "to another tenant", nil
	case ent.IsNotFound(err):
		return "", nil
	}
	return "", fmt.Errorf("audit: look for a moved event: %w", err)
}

// originalSeq returns the seq the event written after prevHash's event was written at:
// one past that event's own original seq, found by following prev_hash links back to an
// event that verifies where it is.
func (l *Log) originalSeq(tctx context.Context, prevHash string, depth int) (int64, bool, error) {
	if prevHash == "" {
		return 0, true, nil
	}
	prev, err := l.client.AuditEvent.Query().Where(auditevent.Hash(prevHash)).First(tctx)
	if ent.IsNotFound(err) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("audit: follow prev_hash: %w", err)
	}
	if hashValid(prev) {
		return prev.Seq, true, nil
	}
	if depth == 0 {
		return 0, false, nil
	}
	s, ok, err := l.originalSeq(tctx, prev.PrevHash, depth-1)
	if err != nil || !ok || !hashValidAt(prev, s+1) {
		return 0, false, err
	}
	return s + 1, true, nil
}
