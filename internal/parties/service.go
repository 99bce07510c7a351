// Package parties owns the organizations of a marketplace (sellers, buyers,
// distributors, the operator): reading them, registration and invitations, company data,
// onboarding documents, and the onboarding state machine with its screening job.
package parties

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/manifoldhq/manifold/ent"
	"github.com/manifoldhq/manifold/ent/hook"
	"github.com/manifoldhq/manifold/ent/organization"
	"github.com/manifoldhq/manifold/ent/predicate"
	"github.com/manifoldhq/manifold/internal/platform/blob"
	"github.com/manifoldhq/manifold/internal/platform/db"
	"github.com/manifoldhq/manifold/internal/platform/problem"
	"github.com/manifoldhq/manifold/internal/platform/readcache"
	"github.com/manifoldhq/manifold/internal/platform/tenant"
)

// Auditor records an audit event in the caller's transaction.
type Auditor interface {
	Record(ctx context.Context, tx *ent.Tx, action, subjectType, subjectID string, before, after any) error
}

// Authorizer answers the policy pack's question "may this viewer do action on
// resource in its marketplace" (the casbin manager).
type Authorizer interface {
	Allowed(ctx context.Context, v *tenant.Viewer, resource, action string) (bool, error)
}

// Passwords hashes new users' passwords and checks an existing user's.
type Passwords interface {
	SetPassword(pw string) (string, error)
	CheckPassword(pw, hash string) (bool, error)
}

// Throttler rate-limits public endpoints per client (the login limiter).
type Throttler interface {
	Throttle(ctx context.Context, key string, limit int) error
}

// CacheRevoker drops cached credentials of a user whose memberships changed.
type CacheRevoker interface {
	RevokeCached(ctx context.Context, userID, apiKeyID, tenantID uuid.UUID)
}

// SellerIndex refreshes what the catalog's search index holds about a seller (its name,
// and whether its products are published) in the caller's transaction.
type SellerIndex interface {
	Seller(ctx context.Context, tx *ent.Tx, sellerID uuid.UUID) error
}

// Deps are the service's collaborators.
type Deps struct {
	// Index is told about every change of a seller's name or onboarding status; nil
	// means no search index (tests of this package alone).
	Index     SellerIndex
	Audit     Auditor
	Authz     Authorizer
	Passwords Passwords
	Throttle  Throttler
	Revoker   CacheRevoker
	Blob      blob.Store
	// Screener screens submitted organizations; nil means ManualReview.
	Screener Screener
	// Orgs, if set, keeps organizations read by Get in memory; install CacheHook on the
	// ent client so that every write evicts them.
	Orgs *readcache.Cache[*ent.Organization]
	Log  *slog.Logger
}

// Config holds the service's limits.
type Config struct {
	// MaxDocumentSize bounds an onboarding document (default 10 MiB). The HTTP body
	// limit (MANIFOLD_BODY_LIMIT) applies first.
	MaxDocumentSize int64
	// InvitationTTL is how long an invitation's token is valid (default 7 days).
	InvitationTTL time.Duration
	// PublicPerIP bounds sign-ups and invitation acceptances per client IP within the
	// login window (default 20).
	PublicPerIP int
}

// Service manages organizations. Tenancy comes from the data layer; visibility between
// organizations of one tenant and the onboarding rules are decided here.
type Service struct {
	db   *db.DB
	deps Deps
	cfg  Config
	log  *slog.Logger
	now  func() time.Time
}

// NewService builds the service.
func NewService(d *db.DB, deps Deps, cfg Config) *Service {
	if cfg.MaxDocumentSize <= 0 {
		cfg.MaxDocumentSize = 10 << 20
	}
	if cfg.InvitationTTL <= 0 {
		cfg.InvitationTTL = 7 * 24 * time.Hour
	}
	if cfg.PublicPerIP <= 0 {
		cfg.PublicPerIP = 20
	}
	if deps.Screener == nil {
		deps.Screener = ManualReview{}
	}
	log := deps.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: d, deps: deps, cfg: cfg, log: log, now: func() time.Time { return time.Now().UTC() }}
}

// SetClock replaces time.Now (tests).
func (s *Service) SetClock(now func() time.Time) { s.now = now }

// operatorSide reports whether the viewer works for the marketplace operator, who sees
// every organization of the marketplace.
func operatorSide(v *tenant.Viewer) bool { return v.IsOperatorStaff() }

// member reports whether the viewer acts for organization id.
func member(v *tenant.Viewer, id uuid.UUID) bool {
	return slices.Contains(v.OrganizationIDs(), id)
}

// orgAdmin reports whether the viewer is the admin of o (<kind>_admin in o).
func orgAdmin(v *tenant.Viewer, o *ent.Organization) bool {
	return slices.Contains(v.Grants, tenant.Grant{OrganizationID: o.ID, Role: string(o.Kind) + "_admin"})
}

// insider reports whether the viewer sees o's private data (company data, documents,
// onboarding): its members and operator staff.
func insider(v *tenant.Viewer, o *ent.Organization) bool {
	return operatorSide(v) || member(v, o.ID)
}

// Insider is insider for the viewer in ctx (the HTTP layer redacts with it).
func Insider(ctx context.Context, o *ent.Organization) bool {
	return insider(tenant.FromContext(ctx), o)
}

// OperatorStaff reports whether the viewer in ctx works for the marketplace operator.
func OperatorStaff(ctx context.Context) bool { return operatorSide(tenant.FromContext(ctx)) }

func (s *Service) allowed(ctx context.Context, v *tenant.Viewer, resource, action string) bool {
	if s.deps.Authz == nil {
		return false
	}
	ok, err := s.deps.Authz.Allowed(ctx, v, resource, action)
	if err != nil {
		s.log.WarnContext(ctx, "authz check failed", "resource", resource, "action", action, "err", err)
		return false
	}
	return ok
}

// actorsFor returns the capacities in which the viewer may act on o's onboarding.
func (s *Service) actorsFor(ctx context.Context, o *ent.Organization) []Actor {
	v := tenant.FromContext(ctx)
	var out []Actor
	if v.System != "" && v.HasTenant() {
		out = append(out, ActorSystem)
	}
	if orgAdmin(v, o) {
		out = append(out, ActorOrgAdmin)
	}
	if operatorSide(v) {
		if s.allowed(ctx, v, "organization", "approve") {
			out = append(out, ActorApprover)
		}
		if s.allowed(ctx, v, "screening", "review") {
			out = append(out, ActorCompliance)
		}
	}
	return out
}

func stateOf(o *ent.Organization) State {
	return State{Status: Status(o.OnboardingStatus), Screening: ScreeningStatus(o.ScreeningStatus), Invited: o.Invited}
}

var errOrgNotFound = problem.NotFound("organization not found")

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
	o, err := s.load(ctx, v, id)
	if ent.IsNotFound(err) || (err == nil && !operatorSide(v) && !visible(v, o)) {
		return nil, errOrgNotFound
	}
	return o, err
}

// load reads organization id through the cache. A cached row is used only for a viewer
// of its own marketplace; anyone else goes to the database and its privacy rules.
func (s *Service) load(ctx context.Context, v *tenant.Viewer, id uuid.UUID) (*ent.Organization, error) {
	c := s.deps.Orgs
	if c == nil || v == nil || v.TenantID == uuid.Nil {
		return s.db.Client.Organization.Get(ctx, id)
	}
	if o, ok := c.Get(id); ok && o.TenantID == v.TenantID {
		cp := *o
		return &cp, nil
	}
	gen := c.Gen()
	o, err := s.db.Client.Organization.Get(ctx, id)
	if err == nil {
		cp := *o
		c.Put(id, &cp, gen)
	}
	return o, err
}

// CacheHook evicts the organizations a mutation touches from the cache, right after
// the write and again once its transaction commits (a read between the two may have
// stored the old row).
func (s *Service) CacheHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return hook.OrganizationFunc(func(ctx context.Context, m *ent.OrganizationMutation) (ent.Value, error) {
			c := s.deps.Orgs
			if c == nil || m.Op().Is(ent.OpCreate) {
				return next.Mutate(ctx, m)
			}
			ids, err := m.IDs(ctx)
			if err != nil {
				return nil, err
			}
			v, err := next.Mutate(ctx, m)
			c.Evict(ctx, ids...)
			if tx, terr := m.Tx(); terr == nil {
				tx.OnCommit(func(next ent.Committer) ent.Committer {
					return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
						err := next.Commit(ctx, tx)
						c.Evict(ctx, ids...)
						return err
					})
				})
			}
			return v, err
		})
	}
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

// lockInsider loads organization id for a change, locked until tx ends. An organization
// whose private side the viewer may not see is not found.
func (s *Service) lockInsider(ctx context.Context, tx *ent.Tx, id uuid.UUID) (*ent.Organization, error) {
	o, err := db.ForUpdate(s.db.Dialect, tx.Organization.Query().Where(organization.ID(id))).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !insider(tenant.FromContext(ctx), o)) {
		return nil, errOrgNotFound
	}
	return o, err
}

// settings returns the viewer's tenant settings.
func (s *Service) settings(ctx context.Context, c *ent.Client) (map[string]any, error) {
	t, err := c.Tenant.Get(ctx, tenant.FromContext(ctx).TenantID)
	if err != nil {
		return nil, err
	}
	return t.Settings, nil
}
