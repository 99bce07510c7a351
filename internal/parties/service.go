// Package parties owns the organizations of a marketplace (sellers, buyers,
// distributors, the operator): reading them now; onboarding grows in a later issue.
package parties

import (
	"context"
	"slices"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Service reads organizations. Tenancy comes from the data layer; visibility between
// organizations of one tenant is decided here.
type Service struct{ db *db.DB }

// NewService builds the service.
func NewService(d *db.DB) *Service { return &Service{db: d} }

// operatorSide reports whether the viewer works for the marketplace operator, who sees
// every organization of the marketplace.
func operatorSide(v *tenant.Viewer) bool {
	for _, r := range v.Roles() {
		if slices.Contains([]string{"marketplace_admin", "compliance_officer", "ops_agent"}, r) {
			return true
		}
	}
	return false
}

// ListInput selects a page of organizations.
type ListInput struct {
	Kind  string
	After uuid.UUID
	Limit int
}

// List returns organizations ordered by id. Operator staff see all; other principals
// see their own organizations plus approved sellers and distributors (the parties they
// trade with).
func (s *Service) List(ctx context.Context, in ListInput) ([]*ent.Organization, error) {
	v := tenant.FromContext(ctx)
	q := s.db.Client.Organization.Query().Order(ent.Asc(organization.FieldID)).Limit(in.Limit)
	if in.Kind != "" {
		if organization.KindValidator(organization.Kind(in.Kind)) != nil {
			return nil, problem.Validation("bad filter", problem.Field("query.kind", "unknown kind"))
		}
		q = q.Where(organization.KindEQ(organization.Kind(in.Kind)))
	}
	if in.After != uuid.Nil {
		q = q.Where(organization.IDGT(in.After))
	}
	if !operatorSide(v) {
		q = q.Where(visibleTo(v))
	}
	return q.All(ctx)
}

// Get returns one organization the viewer may see; anything else is not found. It is a
// primary-key read (the tenant filter comes from the data layer) followed by the same
// visibility rule List applies in SQL, so the hot path stays one cheap query.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (*ent.Organization, error) {
	v := tenant.FromContext(ctx)
	o, err := s.db.Client.Organization.Get(ctx, id)
	if ent.IsNotFound(err) || (err == nil && !operatorSide(v) && !visible(v, o)) {
		return nil, problem.NotFound("organization not found")
	}
	return o, err
}

// visible is visibleTo for one loaded organization.
func visible(v *tenant.Viewer, o *ent.Organization) bool {
	if slices.Contains(v.OrganizationIDs(), o.ID) {
		return true
	}
	return o.Kind != organization.KindBuyer && o.OnboardingStatus == organization.OnboardingStatusApproved
}

func visibleTo(v *tenant.Viewer) predicate.Organization {
	return organization.Or(
		organization.IDIn(v.OrganizationIDs()...),
		organization.And(
			organization.KindIn(organization.KindSeller, organization.KindDistributor, organization.KindOperator),
			organization.OnboardingStatusEQ(organization.OnboardingStatusApproved),
		),
	)
}
