package parties

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/schematype"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/jobs"
)

// Subject is what an organization is screened on.
type Subject struct {
	OrganizationID     uuid.UUID
	Kind               string
	LegalName          string
	Country            string
	VATNumber          string
	EORI               string
	LEI                string
	RegistrationNumber string
	BeneficialOwners   []schematype.BeneficialOwner
}

// ScreeningOutcome is a Screener's answer.
type ScreeningOutcome string

const (
	// ScreeningOutcomePending: the screener did not decide; a compliance officer records
	// the outcome (POST /organizations/{id}/screening).
	ScreeningOutcomePending        ScreeningOutcome = "pending"
	ScreeningOutcomeClear          ScreeningOutcome = "clear"
	ScreeningOutcomePotentialMatch ScreeningOutcome = "potential_match"
	ScreeningOutcomeBlocked        ScreeningOutcome = "blocked"
)

// ScreeningResult is a Screener's answer with its explanation (the matched list
// entries, or why there is no decision). Detail is the reason recorded with a potential
// match or a block, so it must say what matched.
type ScreeningResult struct {
	Outcome ScreeningOutcome
	Detail  string
}

// Screener screens an organization against sanctions lists, in the screening job's
// transaction (so the check it records commits with the organization's transition).
// The compliance engine (internal/compliance) provides the real one; without it,
// ManualReview is used.
type Screener interface {
	ScreenOrganization(ctx context.Context, tx *ent.Tx, s Subject) (ScreeningResult, error)
}

// ManualReview is the screener used until automatic screening exists. It checks
// nothing and says so: every organization stays in `screening` with screening status
// `pending` until a compliance officer records the outcome. It never reports clear.
type ManualReview struct{}

// ManualReviewDetail explains a ManualReview result.
const ManualReviewDetail = "automatic sanctions screening is not available yet: a compliance officer must screen this organization and record the outcome"

func (ManualReview) ScreenOrganization(context.Context, *ent.Tx, Subject) (ScreeningResult, error) {
	return ScreeningResult{Outcome: ScreeningOutcomePending, Detail: ManualReviewDetail}, nil
}

// TypeScreen screens a submitted organization; enqueued with the submission.
const TypeScreen = "parties:screen"

// ScreenPayload names the organization to screen (the tenant travels in the envelope).
type ScreenPayload struct {
	OrganizationID uuid.UUID `json:"organization_id"`
}

// Validate refuses a payload without an organization (a bad payload is not retried).
func (p ScreenPayload) Validate() error {
	if p.OrganizationID == uuid.Nil {
		return errors.New("organization_id is required")
	}
	return nil
}

// HandleScreen is the screening job: it moves a submitted organization to `screening`,
// asks the Screener, and applies its outcome, all in one transaction together with the
// outbox row's completion, so a redelivered job changes nothing. An organization no
// longer submitted (decided meanwhile, or screened by an earlier delivery) is left alone.
func (s *Service) HandleScreen(ctx context.Context, p ScreenPayload) error {
	return db.WithTx(ctx, s.db.Client, func(tx *ent.Tx) error {
		first, err := jobs.Complete(ctx, tx)
		if err != nil || !first {
			return err
		}
		o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(p.OrganizationID))).Only(ctx)
		if ent.IsNotFound(err) {
			s.log.WarnContext(ctx, "screening job for a missing organization", "organization_id", p.OrganizationID)
			return nil
		}
		if err != nil {
			return err
		}
		if Status(o.OnboardingStatus) != StatusSubmitted {
			return nil
		}
		if o, err = s.fire(ctx, tx, o, EventStartScreening, ""); err != nil {
			return err
		}
		res, err := s.deps.Screener.ScreenOrganization(ctx, tx, Subject{
			OrganizationID: o.ID, Kind: string(o.Kind), LegalName: o.LegalName, Country: o.Country,
			VATNumber: o.VatNumber, EORI: o.Eori, LEI: o.Lei, RegistrationNumber: o.RegistrationNumber,
			BeneficialOwners: o.BeneficialOwners,
		})
		if err != nil {
			return fmt.Errorf("screen organization %s: %w", o.ID, err)
		}
		detail := res.Detail
		switch res.Outcome {
		case ScreeningOutcomePending:
			if err := tx.Organization.UpdateOne(o).SetScreeningNote(detail).Exec(ctx); err != nil {
				return err
			}
			return s.deps.Audit.Record(ctx, tx, "organization.screening_pending", "organization", o.ID.String(), nil,
				map[string]any{"screening_status": ScreeningPending, "detail": detail})
		case ScreeningOutcomeClear:
			_, err = s.fire(ctx, tx, o, EventScreeningClear, detail)
		case ScreeningOutcomePotentialMatch, ScreeningOutcomeBlocked:
			if detail == "" {
				detail = "the screener reported " + string(res.Outcome) + " without detail"
			}
			ev := EventScreeningMatch
			if res.Outcome == ScreeningOutcomeBlocked {
				ev = EventBlock
			}
			_, err = s.fire(ctx, tx, o, ev, detail)
		default:
			return fmt.Errorf("%w: screener returned unknown outcome %q", jobs.ErrBadPayload, res.Outcome)
		}
		return err
	})
}

// ApplyRescreenTx applies the outcome of a rescreen (a list changed) to an organization,
// in the rescreen batch's transaction, where the check was recorded. A rescreen raises
// a screening, it never lowers one: an open potential match stays for the compliance
// officer's review, a blocked organization stays blocked.
//
//   - in screening with screening pending (no automatic screening before): clear or
//     potential_match, as the onboarding screening would have recorded it;
//   - in screening with a clear screening: a potential match sends it back to review
//     (an approver cannot approve it until a compliance officer cleared it);
//   - approved with a clear screening: a potential match sets its screening status to
//     potential_match and the note to detail; it stays approved until an officer
//     confirms the match (blocked) or clears it (ClearRescreenMatchTx).
//
// It reports whether the organization changed.
func (s *Service) ApplyRescreenTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, outcome ScreeningOutcome, detail string) (bool, error) {
	o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(id))).Only(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	st := stateOf(o)
	switch {
	case st.Status == StatusScreening && st.Screening == ScreeningPending && outcome == ScreeningOutcomeClear:
		_, err = s.fire(ctx, tx, o, EventScreeningClear, detail)
	case st.Status == StatusScreening && outcome == ScreeningOutcomePotentialMatch &&
		(st.Screening == ScreeningPending || st.Screening == ScreeningClear):
		_, err = s.fire(ctx, tx, o, EventScreeningMatch, detail)
	case st.Status == StatusApproved && st.Screening == ScreeningClear && outcome == ScreeningOutcomePotentialMatch:
		err = s.setApprovedScreening(ctx, tx, o, ScreeningPotentialMatch, detail, "organization.rescreen_potential_match")
	default:
		return false, nil
	}
	return err == nil, err
}

// ClearRescreenMatchTx clears the potential match a rescreen raised on an approved
// organization (a compliance officer's false positive), in the review's transaction.
// Anything else is left alone.
func (s *Service) ClearRescreenMatchTx(ctx context.Context, tx *ent.Tx, id uuid.UUID, reason string) error {
	o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(id))).Only(ctx)
	if ent.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if Status(o.OnboardingStatus) != StatusApproved || ScreeningStatus(o.ScreeningStatus) != ScreeningPotentialMatch {
		return nil
	}
	return s.setApprovedScreening(ctx, tx, o, ScreeningClear, reason, "organization.rescreen_cleared")
}

// setApprovedScreening changes an approved organization's screening status (not its
// onboarding, which the state machine owns) with its note and audit event.
func (s *Service) setApprovedScreening(ctx context.Context, tx *ent.Tx, o *ent.Organization, to ScreeningStatus, note, action string) error {
	if r := []rune(note); len(r) > MaxReasonLength {
		note = string(r[:MaxReasonLength])
	}
	out, err := tx.Organization.UpdateOne(o).SetScreeningStatus(organization.ScreeningStatus(to)).
		SetScreeningNote(note).SetScreenedAt(s.now()).Save(ctx)
	if err != nil {
		return err
	}
	if err := s.reindexSeller(ctx, tx, out); err != nil {
		return err
	}
	return s.deps.Audit.Record(ctx, tx, action, "organization", o.ID.String(),
		map[string]any{"onboarding_status": o.OnboardingStatus, "screening_status": o.ScreeningStatus},
		map[string]any{"onboarding_status": out.OnboardingStatus, "screening_status": out.ScreeningStatus, "reason": note})
}
