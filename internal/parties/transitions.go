package parties

import (
	"slices"
	"strings"

	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Status is an organization's onboarding status (DESIGN.md §4).
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusScreening Status = "screening"
	StatusApproved  Status = "approved"
	StatusNeedsInfo Status = "needs_info"
	StatusRejected  Status = "rejected"
	StatusBlocked   Status = "blocked"
)

// Statuses lists every onboarding status in lifecycle order.
var Statuses = []Status{StatusDraft, StatusSubmitted, StatusScreening, StatusApproved, StatusNeedsInfo, StatusRejected, StatusBlocked}

func (s Status) String() string { return string(s) }

// ParseStatus returns the status named s or false.
func ParseStatus(s string) (Status, bool) {
	st := Status(s)
	return st, slices.Contains(Statuses, st)
}

// ScreeningStatus is the outcome of an organization's sanctions screening.
type ScreeningStatus string

const (
	ScreeningNotScreened    ScreeningStatus = "not_screened"
	ScreeningPending        ScreeningStatus = "pending"
	ScreeningClear          ScreeningStatus = "clear"
	ScreeningPotentialMatch ScreeningStatus = "potential_match"
	ScreeningBlocked        ScreeningStatus = "blocked"
)

// ScreeningStatuses lists every screening status.
var ScreeningStatuses = []ScreeningStatus{ScreeningNotScreened, ScreeningPending, ScreeningClear, ScreeningPotentialMatch, ScreeningBlocked}

func (s ScreeningStatus) String() string { return string(s) }

// ParseScreeningStatus returns the screening status named s or false.
func ParseScreeningStatus(s string) (ScreeningStatus, bool) {
	st := ScreeningStatus(s)
	return st, slices.Contains(ScreeningStatuses, st)
}

// Event moves an organization through onboarding.
type Event string

const (
	// EventSubmit: the organization's admin sends its company data and documents for
	// review; the screening job is enqueued in the same transaction.
	EventSubmit Event = "submit"
	// EventStartScreening: the screening job picks the submission up.
	EventStartScreening Event = "start_screening"
	// EventScreeningClear / EventScreeningMatch: a screening outcome (from the Screener
	// or recorded by a compliance officer) that does not end onboarding by itself.
	EventScreeningClear Event = "screening_clear"
	EventScreeningMatch Event = "screening_potential_match"
	// EventAutoApprove: in a closed portal the operator's invitation is the approval, so
	// an invited organization is approved as soon as its screening is clear.
	EventAutoApprove Event = "auto_approve"
	// EventApprove, EventRequestInfo, EventReject: an approver's decision.
	EventApprove     Event = "approve"
	EventRequestInfo Event = "request_info"
	EventReject      Event = "reject"
	// EventBlock: screening found a sanctioned party (the Screener or a compliance
	// officer). It ends onboarding, and it also blocks an organization already approved.
	EventBlock Event = "block"
)

// Events lists every event in table order.
var Events = []Event{EventSubmit, EventStartScreening, EventScreeningClear, EventScreeningMatch,
	EventAutoApprove, EventApprove, EventRequestInfo, EventReject, EventBlock}

func (e Event) String() string { return string(e) }

// phrase is the event as a verb for messages ("cannot approve an organization …").
func (e Event) phrase() string {
	switch e {
	case EventStartScreening:
		return "start screening"
	case EventScreeningClear:
		return "record a clear screening for"
	case EventScreeningMatch:
		return "record a potential match for"
	case EventAutoApprove:
		return "approve on invitation"
	case EventRequestInfo:
		return "ask for more information from"
	}
	return string(e)
}

// Actor is the capacity in which a viewer fires an event. Which roles hold it in which
// marketplace model is the policy pack's business (internal/platform/authz/packs): an
// approver holds organization:approve, a compliance actor screening:review.
type Actor string

const (
	ActorOrgAdmin   Actor = "org_admin"  // the organization's own admin (<kind>_admin of it)
	ActorApprover   Actor = "approver"   // operator staff with organization:approve
	ActorCompliance Actor = "compliance" // operator staff with screening:review
	ActorSystem     Actor = "system"     // a job of the marketplace (the screening job)
)

// State is what the transition table looks at.
type State struct {
	Status    Status
	Screening ScreeningStatus
	Invited   bool
}

// Transition is one row of the onboarding state machine.
type Transition struct {
	Event Event
	From  []Status
	To    Status
	// Screening is the screening status the event sets; empty leaves it.
	Screening ScreeningStatus
	By        []Actor
	// Models the event exists in; nil means every marketplace model.
	Models []tenant.Model
	// Reason: the event needs a reason (shown to the organization, kept in the audit).
	Reason bool
	// Guard is an extra precondition on the state; nil means none.
	Guard func(State) error
}

var (
	errScreeningNotClear = problem.Conflict("the organization's screening is not clear: a compliance officer must clear it first")
	errNotInvited        = problem.Conflict("only an organization invited by the operator is approved on a clear screening")
)

func screeningClear(s State) error {
	if s.Screening != ScreeningClear {
		return errScreeningNotClear
	}
	return nil
}

func clearAndInvited(s State) error {
	if err := screeningClear(s); err != nil {
		return err
	}
	if !s.Invited {
		return errNotInvited
	}
	return nil
}

// transitions is the whole onboarding state machine. After a clear screening an
// organization stays in `screening` with screening status `clear` until an approver
// decides (the approval queue); in a closed portal an invited organization is approved
// at that point instead (EventAutoApprove).
var transitions = []Transition{
	{Event: EventSubmit, From: []Status{StatusDraft, StatusNeedsInfo}, To: StatusSubmitted,
		Screening: ScreeningPending, By: []Actor{ActorOrgAdmin}},
	{Event: EventStartScreening, From: []Status{StatusSubmitted}, To: StatusScreening,
		Screening: ScreeningPending, By: []Actor{ActorSystem}},
	{Event: EventScreeningClear, From: []Status{StatusScreening}, To: StatusScreening,
		Screening: ScreeningClear, By: []Actor{ActorSystem, ActorCompliance}},
	{Event: EventScreeningMatch, From: []Status{StatusScreening}, To: StatusScreening,
		Screening: ScreeningPotentialMatch, By: []Actor{ActorSystem, ActorCompliance}, Reason: true},
	{Event: EventAutoApprove, From: []Status{StatusScreening}, To: StatusApproved,
		By: []Actor{ActorSystem}, Models: []tenant.Model{tenant.ModelClosedPortal}, Guard: clearAndInvited},
	{Event: EventApprove, From: []Status{StatusScreening}, To: StatusApproved,
		By: []Actor{ActorApprover}, Guard: screeningClear},
	{Event: EventRequestInfo, From: []Status{StatusSubmitted, StatusScreening}, To: StatusNeedsInfo,
		By: []Actor{ActorApprover}, Reason: true},
	{Event: EventReject, From: []Status{StatusSubmitted, StatusScreening, StatusNeedsInfo}, To: StatusRejected,
		By: []Actor{ActorApprover}, Reason: true},
	{Event: EventBlock, From: []Status{StatusDraft, StatusSubmitted, StatusScreening, StatusNeedsInfo, StatusApproved, StatusRejected},
		To: StatusBlocked, Screening: ScreeningBlocked, By: []Actor{ActorSystem, ActorCompliance}, Reason: true},
}

// Transitions returns a copy of the state machine's table.
func Transitions() []Transition { return slices.Clone(transitions) }

// MaxReasonLength bounds a decision's reason.
const MaxReasonLength = 2000

// Next decides whether actors (the capacities the viewer holds for this organization)
// may fire ev from st in a marketplace of model, and returns the transition to apply.
// Refusals are typed: an unknown event or a missing reason is a validation problem, an
// actor without the capacity is forbidden, and an event that does not apply to the
// state or the model is a conflict.
func Next(model tenant.Model, st State, ev Event, actors []Actor, reason string) (Transition, error) {
	i := slices.IndexFunc(transitions, func(t Transition) bool { return t.Event == ev })
	if i < 0 {
		return Transition{}, problem.Validation("unknown onboarding event", problem.Field("/event", "unknown event %q", ev))
	}
	t := transitions[i]
	if t.Models != nil && !slices.Contains(t.Models, model) {
		return Transition{}, problem.Conflict("%s does not exist in a %s marketplace", ev, model)
	}
	if !slices.ContainsFunc(t.By, func(a Actor) bool { return slices.Contains(actors, a) }) {
		return Transition{}, problem.Forbidden("you may not %s this organization", ev.phrase())
	}
	if !slices.Contains(t.From, st.Status) {
		return Transition{}, problem.Conflict("cannot %s an organization whose onboarding status is %s", ev.phrase(), st.Status)
	}
	if t.Guard != nil {
		if err := t.Guard(st); err != nil {
			return Transition{}, err
		}
	}
	reason = strings.TrimSpace(reason)
	if t.Reason && reason == "" {
		return Transition{}, problem.Validation("a reason is required", problem.Field("/reason", "is required to %s an organization", ev.phrase()))
	}
	if len(reason) > MaxReasonLength {
		return Transition{}, problem.Validation("reason too long", problem.Field("/reason", "must be at most %d characters", MaxReasonLength))
	}
	return t, nil
}

// apply returns the state after t.
func (t Transition) apply(st State) State {
	st.Status = t.To
	if t.Screening != "" {
		st.Screening = t.Screening
	}
	return st
}
