package parties

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/onboardingdocument"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// apply writes transition t to o with its reason and records the audit event
// "organization.<event>" (before/after status and the reason) in tx.
func (s *Service) apply(ctx context.Context, tx *ent.Tx, o *ent.Organization, t Transition, reason string) (*ent.Organization, error) {
	now := s.now()
	reason = strings.TrimSpace(reason)
	before := stateOf(o)
	after := t.apply(before)
	u := tx.Organization.UpdateOne(o).
		SetOnboardingStatus(organization.OnboardingStatus(after.Status)).
		SetScreeningStatus(organization.ScreeningStatus(after.Screening))
	switch t.Event {
	case EventSubmit:
		u.SetSubmittedAt(now).ClearStatusReason().ClearScreeningNote()
	case EventRequestInfo, EventReject:
		u.SetStatusReason(reason)
	case EventBlock:
		u.SetStatusReason(reason).SetScreeningNote(reason)
	case EventScreeningClear, EventScreeningMatch:
		u.SetScreeningNote(reason)
	}
	switch t.Event {
	case EventApprove, EventAutoApprove, EventReject, EventBlock:
		u.SetDecidedAt(now)
	}
	switch t.Event {
	case EventScreeningClear, EventScreeningMatch, EventBlock:
		u.SetScreenedAt(now)
	}
	out, err := u.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.reindexSeller(ctx, tx, out); err != nil {
		return nil, err
	}
	afterRec := map[string]any{"onboarding_status": after.Status, "screening_status": after.Screening}
	if reason != "" {
		afterRec["reason"] = reason
	}
	if err := s.deps.Audit.Record(ctx, tx, "organization."+string(t.Event), "organization", o.ID.String(),
		map[string]any{"onboarding_status": before.Status, "screening_status": before.Screening}, afterRec); err != nil {
		return nil, err
	}
	return out, nil
}

// fire checks event ev against the table for the viewer and applies it. After a clear
// screening it also applies the closed portal's approval on invitation, when the table
// allows it.
func (s *Service) fire(ctx context.Context, tx *ent.Tx, o *ent.Organization, ev Event, reason string) (*ent.Organization, error) {
	model := tenant.FromContext(ctx).Model
	t, err := Next(model, stateOf(o), ev, s.actorsFor(ctx, o), reason)
	if err != nil {
		return nil, err
	}
	out, err := s.apply(ctx, tx, o, t, reason)
	if err != nil || ev != EventScreeningClear {
		return out, err
	}
	if auto, err := Next(model, stateOf(out), EventAutoApprove, []Actor{ActorSystem}, ""); err == nil {
		return s.apply(ctx, tx, out, auto, "approved by the operator's invitation on a clear screening")
	}
	return out, nil
}

// Submit sends an organization's onboarding for review: its admin does it from draft
// or needs_info, once the company data and every required document are there. The
// organization becomes submitted with screening pending, and the screening job is
// enqueued in the same transaction.
func (s *Service) Submit(ctx context.Context, id uuid.UUID) (*ent.Organization, error) {
	var out *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		o, err := s.lockInsider(ctx, tx, id)
		if err != nil {
			return err
		}
		model := tenant.FromContext(ctx).Model
		t, err := Next(model, stateOf(o), EventSubmit, s.actorsFor(ctx, o), "")
		if err != nil {
			return err
		}
		req, have, err := s.documentStatus(ctx, tx.Client(), o)
		if err != nil {
			return err
		}
		if err := missingFrom(o, req, have).Err("the organization is not ready for review"); err != nil {
			return err
		}
		if out, err = s.apply(ctx, tx, o, t, ""); err != nil {
			return err
		}
		_, err = jobs.Enqueue(ctx, tx, jobs.Task{Type: TypeScreen, Queue: jobs.QueueCompliance,
			Payload: ScreenPayload{OrganizationID: o.ID}})
		return err
	})
	return out, err
}

// missingFrom lists what submission still needs: company data, then each required
// document (req) not among the uploaded ones (have), as "documents.<type>".
func missingFrom(o *ent.Organization, req, have []string) problem.Fields {
	f := missingForSubmission(string(o.Kind), CompanyOf(o))
	for _, t := range req {
		if !slices.Contains(have, t) {
			f.Add("documents."+t, "upload the %s", DocumentLabel(t))
		}
	}
	return f
}

// documentStatus returns the document types o must upload and the types it has.
func (s *Service) documentStatus(ctx context.Context, c *ent.Client, o *ent.Organization) (required, have []string, err error) {
	settings, err := s.settings(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	required = RequiredDocuments(tenant.FromContext(ctx).Model, settings, string(o.Kind))
	have, err = c.OnboardingDocument.Query().Where(onboardingdocument.OrganizationID(o.ID)).
		Unique(true).Select(onboardingdocument.FieldDocType).Strings(ctx)
	return required, have, err
}

// Review decisions of an approver.
const (
	DecisionApprove     = "approve"
	DecisionRequestInfo = "request_info"
	DecisionReject      = "reject"
)

// ReviewInput is an approver's decision on a submitted organization.
type ReviewInput struct {
	Decision string
	Reason   string
}

// Validate checks the decision's name; the table decides the rest.
func (in ReviewInput) Validate() error {
	if !slices.Contains([]string{DecisionApprove, DecisionRequestInfo, DecisionReject}, in.Decision) {
		return problem.Validation("unknown decision", problem.Field("/decision", "must be approve, request_info or reject"))
	}
	return nil
}

// Review applies an approver's decision: approve (screening must be clear), ask for
// more information, or reject. A reason is required except for approval.
func (s *Service) Review(ctx context.Context, id uuid.UUID, in ReviewInput) (*ent.Organization, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	return s.transition(ctx, id, Event(in.Decision), in.Reason)
}

// Screening outcomes a compliance officer records.
const (
	OutcomeClear          = "clear"
	OutcomePotentialMatch = "potential_match"
	OutcomeBlocked        = "blocked"
)

// ScreeningInput is a compliance officer's screening outcome.
type ScreeningInput struct {
	Outcome string
	Reason  string
}

// Validate checks the outcome's name.
func (in ScreeningInput) Validate() error {
	if _, ok := outcomeEvents[in.Outcome]; !ok {
		return problem.Validation("unknown outcome", problem.Field("/outcome", "must be clear, potential_match or blocked"))
	}
	return nil
}

var outcomeEvents = map[string]Event{
	OutcomeClear: EventScreeningClear, OutcomePotentialMatch: EventScreeningMatch, OutcomeBlocked: EventBlock,
}

// RecordScreening records a compliance officer's screening outcome. Until the
// compliance engine screens automatically this is how screening ends: clear (then, in a
// closed portal, an invited organization is approved), potential match (stays in
// screening for a decision), or blocked (ends onboarding; also blocks an approved
// organization). A reason is required except for clear.
func (s *Service) RecordScreening(ctx context.Context, id uuid.UUID, in ScreeningInput) (*ent.Organization, error) {
	var out *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) (err error) {
		out, err = s.RecordScreeningTx(ctx, tx, id, in)
		return err
	})
	return out, err
}

// RecordScreeningTx is RecordScreening in the caller's transaction (a compliance
// officer's review decision commits with the organization's transition).
func (s *Service) RecordScreeningTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, in ScreeningInput) (*ent.Organization, error) {
	if err := in.Validate(); err != nil {
		return nil, err
	}
	o, err := s.lockInsider(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	return s.fire(ctx, tx, o, outcomeEvents[in.Outcome], in.Reason)
}

func (s *Service) transition(ctx context.Context, id uuid.UUID, ev Event, reason string) (*ent.Organization, error) {
	var out *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		o, err := s.lockInsider(ctx, tx, id)
		if err != nil {
			return err
		}
		out, err = s.fire(ctx, tx, o, ev, reason)
		return err
	})
	return out, err
}

// RequiredDocument is one line of an organization's document checklist.
type RequiredDocument struct {
	Type     string
	Label    string
	Uploaded bool
}

// Overview is where an organization stands in onboarding: its checklist, what
// submission still lacks (while it is draft or needs_info), and the events the viewer
// may fire now.
type Overview struct {
	Organization *ent.Organization
	Required     []RequiredDocument
	Missing      problem.Fields
	Actions      []Event
}

// Onboarding returns the overview of an organization to its members and operator staff.
func (s *Service) Onboarding(ctx context.Context, id uuid.UUID) (*Overview, error) {
	o, err := s.db.Client.Organization.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && !insider(tenant.FromContext(ctx), o)) {
		return nil, errOrgNotFound
	}
	if err != nil {
		return nil, err
	}
	if o.Kind == organization.KindOperator {
		return &Overview{Organization: o, Required: []RequiredDocument{}, Actions: []Event{}}, nil
	}
	req, have, err := s.documentStatus(ctx, s.db.Client, o)
	if err != nil {
		return nil, err
	}
	out := &Overview{Organization: o, Required: []RequiredDocument{}, Actions: []Event{}}
	if st := Status(o.OnboardingStatus); st == StatusDraft || st == StatusNeedsInfo {
		out.Missing = missingFrom(o, req, have)
	}
	for _, t := range req {
		out.Required = append(out.Required, RequiredDocument{Type: t, Label: DocumentLabel(t), Uploaded: slices.Contains(have, t)})
	}
	actors := s.actorsFor(ctx, o)
	model := tenant.FromContext(ctx).Model
	for _, ev := range Events {
		if ev == EventStartScreening || ev == EventAutoApprove {
			continue // the system's own steps
		}
		if _, err := Next(model, stateOf(o), ev, actors, "reason"); err == nil {
			out.Actions = append(out.Actions, ev)
		}
	}
	return out, nil
}

// Queue stages.
const (
	StageScreening = "screening" // screening pending or a potential match: compliance works it
	StageApproval  = "approval"  // screening clear: an approver decides
)

// QueueInput selects a page of the onboarding queue.
type QueueInput struct {
	Stage string // "", StageScreening or StageApproval
	After uuid.UUID
	Limit int
}

// Queue lists organizations waiting for the operator (submitted or in screening), for
// operator staff, ordered by id.
func (s *Service) Queue(ctx context.Context, in QueueInput) ([]*ent.Organization, error) {
	if !operatorSide(tenant.FromContext(ctx)) {
		return nil, problem.Forbidden("the onboarding queue is for the marketplace operator")
	}
	q := s.db.Client.Organization.Query().Order(ent.Asc(organization.FieldID)).Limit(in.Limit)
	switch in.Stage {
	case "":
		q = q.Where(organization.OnboardingStatusIn(organization.OnboardingStatusSubmitted, organization.OnboardingStatusScreening))
	case StageScreening:
		q = q.Where(organization.OnboardingStatusEQ(organization.OnboardingStatusScreening),
			organization.ScreeningStatusIn(organization.ScreeningStatusPending, organization.ScreeningStatusPotentialMatch))
	case StageApproval:
		q = q.Where(organization.OnboardingStatusEQ(organization.OnboardingStatusScreening),
			organization.ScreeningStatusEQ(organization.ScreeningStatusClear))
	default:
		return nil, problem.Validation("bad filter", problem.Field("query.stage", "must be screening or approval"))
	}
	if in.After != uuid.Nil {
		q = q.Where(organization.IDGT(in.After))
	}
	return q.All(ctx)
}

// editable loads o for a change of its company data or documents, locked: its admin or
// operator staff allowed to update organizations, while it is draft or needs_info.
// mayEdit: the organization's own admin, or operator staff allowed organization:update.
func (s *Service) mayEdit(ctx context.Context, v *tenant.Viewer, o *ent.Organization) bool {
	return orgAdmin(v, o) || (operatorSide(v) && s.allowed(ctx, v, "organization", "update"))
}

func (s *Service) editable(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Organization, error) {
	v := tenant.FromContext(ctx)
	o, err := s.lockInsider(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !s.mayEdit(ctx, v, o) {
		return nil, problem.Forbidden("only the organization's admin changes its company data and documents")
	}
	if o.Kind == organization.KindOperator {
		return nil, problem.Conflict("the operator organization is not onboarded")
	}
	if st := Status(o.OnboardingStatus); st != StatusDraft && st != StatusNeedsInfo {
		return nil, problem.Conflict("company data and documents change while the organization is draft or needs_info, not %s", st)
	}
	return o, nil
}

// UpdateCompany changes an organization's company data while it is draft or
// needs_info. Every field is validated at once; nothing is saved from an invalid patch.
func (s *Service) UpdateCompany(ctx context.Context, id uuid.UUID, p CompanyPatch) (*ent.Organization, error) {
	var out *ent.Organization
	err := db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		o, err := s.editable(ctx, tx, id)
		if err != nil {
			return err
		}
		before := CompanyOf(o)
		c := p.Apply(before)
		if err := c.Validate(""); err != nil {
			return err
		}
		changes := companyChanges(before, c)
		if len(changes) == 0 {
			out = o
			return nil
		}
		if out, err = c.set(tx.Organization.UpdateOne(o)).Save(ctx); err != nil {
			return err
		}
		if err := s.reindexSeller(ctx, tx, out); err != nil {
			return err
		}
		return s.deps.Audit.Record(ctx, tx, "organization.update", "organization", o.ID.String(), nil,
			map[string]any{"changes": changes})
	})
	return out, err
}

// set writes c to an update.
func (c Company) set(u *ent.OrganizationUpdateOne) *ent.OrganizationUpdateOne {
	return u.SetLegalName(c.LegalName).SetCountry(c.Country).SetVatNumber(c.VATNumber).SetEori(c.EORI).
		SetLei(c.LEI).SetRegistrationNumber(c.RegistrationNumber).SetAddresses(c.Addresses).
		SetBankIban(c.BankIBAN).SetStripeAccountID(c.StripeAccountID).SetBeneficialOwners(c.BeneficialOwners)
}

// companyChanges lists the changed fields for the audit trail; payout references are
// masked to their last four characters.
func companyChanges(a, b Company) map[string]any {
	out := map[string]any{}
	mask := func(s string) string {
		if len(s) <= 4 {
			return s
		}
		return strings.Repeat("•", 4) + s[len(s)-4:]
	}
	for _, f := range []struct {
		name   string
		x, y   string
		masked bool
	}{
		{"legal_name", a.LegalName, b.LegalName, false}, {"country", a.Country, b.Country, false},
		{"vat_number", a.VATNumber, b.VATNumber, false}, {"eori", a.EORI, b.EORI, false}, {"lei", a.LEI, b.LEI, false},
		{"registration_number", a.RegistrationNumber, b.RegistrationNumber, false},
		{"bank_iban", a.BankIBAN, b.BankIBAN, true}, {"stripe_account_id", a.StripeAccountID, b.StripeAccountID, true},
	} {
		if f.x == f.y {
			continue
		}
		if f.masked {
			f.x, f.y = mask(f.x), mask(f.y)
		}
		out[f.name] = map[string]any{"before": f.x, "after": f.y}
	}
	if fmt.Sprint(a.BeneficialOwners) != fmt.Sprint(b.BeneficialOwners) {
		names := func(bs []schematype.BeneficialOwner) []string {
			out := make([]string, len(bs))
			for i, b := range bs {
				out[i] = b.Name
			}
			return out
		}
		out["beneficial_owners"] = map[string]any{"before": names(a.BeneficialOwners), "after": names(b.BeneficialOwners)}
	}
	if fmt.Sprint(a.Addresses) != fmt.Sprint(b.Addresses) {
		out["addresses"] = map[string]any{"before": len(a.Addresses), "after": len(b.Addresses)}
	}
	return out
}

// reindexSeller refreshes the search index of a seller's products in tx: its name and
// onboarding status are part of every entry.
func (s *Service) reindexSeller(ctx context.Context, tx *ent.Tx, o *ent.Organization) error {
	if s.deps.Index == nil || o.Kind != organization.KindSeller {
		return nil
	}
	return s.deps.Index.Seller(ctx, tx, o.ID)
}
